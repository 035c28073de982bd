"""A small bounded cache of model outputs, one row per input, shared by the local models.

A model's cache is shared by every instance in the process that runs the same model files with
the same settings (:func:`shared`), the way :mod:`verify.encoder` shares the opened sessions:
a notebook's Verifiers, an evaluation's and the test suite's never encode a text twice.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Sequence
from typing import Any, Generic, TypeVar

import numpy as np

K = TypeVar("K", bound=Hashable)


class RowCache(Generic[K]):
    """Rows of model output by exact input; the least recently used go first when full.

    Safe to use from several threads (the async API runs the models in worker threads): the
    model runs outside the lock, so two threads asking for the same new row at once may both
    compute it, and the row is the same either way."""

    def __init__(self, width: int, maxsize: int) -> None:
        self.width = width
        self.maxsize = maxsize
        self._rows: OrderedDict[K, np.ndarray] = OrderedDict()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._rows)

    def clear(self) -> None:
        with self._lock:
            self._rows.clear()

    def get_many(self, keys: Sequence[K], compute: Callable[[list[K]], np.ndarray]) -> np.ndarray:
        """Rows for ``keys``: cached ones as they are, the rest from one ``compute`` call."""
        out = np.zeros((len(keys), self.width), dtype=np.float32)
        todo = []
        with self._lock:
            for i, key in enumerate(keys):
                hit = self._rows.get(key)
                if hit is None:
                    todo.append(i)
                else:
                    self._rows.move_to_end(key)
                    out[i] = hit
        if todo:
            fresh = compute([keys[i] for i in todo])
            with self._lock:
                for i, row in zip(todo, fresh, strict=True):
                    out[i] = row
                    self._rows[keys[i]] = out[i].copy()  # not a view of the caller's batch
                    self._rows.move_to_end(keys[i])
                    while len(self._rows) > self.maxsize:
                        self._rows.popitem(last=False)
        return out


_SHARED: dict[Hashable, RowCache[Any]] = {}
_SHARED_LOCK = threading.Lock()


def shared(key: Hashable, width: int, maxsize: int) -> RowCache[Any]:
    """The process's cache for the model ``key`` names (its files as they are now, and every
    setting that changes its outputs): created on first use, the same object afterwards."""
    with _SHARED_LOCK:
        cache = _SHARED.get(key)
        if cache is None:
            cache = _SHARED[key] = RowCache(width, maxsize)
        return cache


def clear_shared() -> None:
    """Empty every shared cache (for a test that counts model runs)."""
    with _SHARED_LOCK:
        for cache in _SHARED.values():
            cache.clear()
