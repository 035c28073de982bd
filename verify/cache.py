"""A small bounded cache of model outputs, one row per input, shared by the local models."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from typing import Generic, TypeVar

import numpy as np

K = TypeVar("K", bound=Hashable)


class RowCache(Generic[K]):
    """Rows of model output by exact input; the oldest entries go first when full."""

    def __init__(self, width: int, maxsize: int) -> None:
        self.width = width
        self.maxsize = maxsize
        self._rows: dict[K, np.ndarray] = {}

    def __len__(self) -> int:
        return len(self._rows)

    def get_many(self, keys: Sequence[K], compute: Callable[[list[K]], np.ndarray]) -> np.ndarray:
        """Rows for ``keys``: cached ones as they are, the rest from one ``compute`` call."""
        out = np.zeros((len(keys), self.width), dtype=np.float32)
        todo = []
        for i, key in enumerate(keys):
            hit = self._rows.get(key)
            if hit is None:
                todo.append(i)
            else:
                out[i] = hit
        if todo:
            fresh = compute([keys[i] for i in todo])
            for i, row in zip(todo, fresh, strict=True):
                out[i] = row
                if len(self._rows) >= self.maxsize:
                    self._rows.pop(next(iter(self._rows)))
                self._rows[keys[i]] = row
        return out
