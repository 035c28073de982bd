"""chromadb, imported with less: a third of every one-claim ``verify check`` was
``import chromadb`` (``bench/startup.py``), and imports hold the GIL, so no thread can hide it.
Three things it does at import are put off until used:

- **Signature checks.** 160 of the methods it imports carry ``overrides``' ``@override``,
  which disassembles each class body and compares every overriding signature with the one it
  overrides: a check for chromadb's own developers that never fails in a released chromadb
  (0.35 s). While chromadb is first imported here, the decorator only marks the method
  (``__override__``, what ``overrides.EnforceOverrides`` reads); afterwards ``overrides`` is as
  it was. The switch is process-wide: a class another thread defines in that half second is not
  checked either. The marked methods keep their own docstrings (``@override`` would have
  copied the base's into one without; ``inspect.getdoc`` still finds it).
- **The gRPC span exporter** of OpenTelemetry (gRPC's native library, 0.12 s), used only where a
  user points chromadb at a collector: chromadb's telemetry module keeps a stand-in class whose
  instances are the real exporter, imported when one is made.
- **Its 30 embedding functions** (jsonschema with them, 0.1 s): verify gives its own vectors.
  While chromadb is imported, a stand-in takes the package's place; the names chromadb takes
  from it (``known_embedding_functions``, a read-only view of the real registry,
  ``register_embedding_function``) load the real package when first used, and so does any
  later import of it.

Nothing is stood in when chromadb's modules are imported already.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
import threading
from collections.abc import Callable, Iterator, Mapping
from contextlib import AbstractContextManager, contextmanager, suppress
from pathlib import Path
from types import ModuleType
from typing import Any

_LOCK = threading.Lock()
_DECORATORS = ("override", "overrides")
_LOADED_LATER = ("chromadb.api.rust",)
"""What chromadb imports only when a client is made: the embedded store's API, with about 60
decorated methods of its own."""


def import_chromadb() -> ModuleType:
    """``import chromadb``, the first time without ``overrides``' signature checks."""
    done = sys.modules.get("chromadb")
    if done is not None and getattr(done, "PersistentClient", None) is not None:
        return done
    with _LOCK, marking_only(), exporter_on_use(), embedding_functions_on_use():
        import chromadb

        for module in _LOADED_LATER:
            with suppress(ImportError):  # a chromadb that moved it: imported when used
                importlib.import_module(module)
    return chromadb


def _mark(method: Any = None, **_options: Any) -> Any:
    """``@override`` without the check: sets what ``EnforceOverrides`` looks for."""
    if method is None:  # used with options: @override(check_signature=False)
        return _mark
    method.__override__ = True
    return method


@contextmanager
def marking_only() -> Iterator[None]:
    """Inside, ``overrides.override`` and ``overrides.overrides`` only mark the method; the
    originals are put back on the way out, whatever happens inside. Without ``overrides``
    installed, or with one whose names differ, nothing is changed."""
    try:
        import overrides
    except ImportError:
        yield
        return
    saved: dict[str, Callable[..., Any]] = {
        name: getattr(overrides, name) for name in _DECORATORS if hasattr(overrides, name)
    }
    if len(saved) != len(_DECORATORS):
        yield
        return
    try:
        for name in _DECORATORS:
            setattr(overrides, name, _mark)
        yield
    finally:
        for name, original in saved.items():
            setattr(overrides, name, original)


EXPORTER_MODULE = "opentelemetry.exporter.otlp.proto.grpc.trace_exporter"


class _Exporter:
    """Stands in for ``OTLPSpanExporter`` in chromadb's telemetry: making one makes the real
    one (gRPC imported then)."""

    def __new__(cls, *args: Any, **kwargs: Any) -> Any:
        module = importlib.import_module(EXPORTER_MODULE)
        return module.OTLPSpanExporter(*args, **kwargs)


@contextmanager
def stood_in(name: str, **attributes: Any) -> Iterator[None]:
    """Inside, importing module ``name`` gives a stand-in module with ``attributes``; on the
    way out it leaves ``sys.modules``, so the real module is imported as usual from then on.
    Nothing is stood in where the module is imported already."""
    if name in sys.modules:
        yield
        return
    stand_in = ModuleType(name, "stands in while chromadb is imported (verify)")
    stand_in.__dict__.update(attributes, _verify_stand_in=True)
    sys.modules[name] = stand_in
    try:
        yield
    finally:
        if sys.modules.get(name) is stand_in:
            del sys.modules[name]


def exporter_on_use() -> AbstractContextManager[None]:
    """The gRPC span exporter's module stood in by one whose exporter is :class:`_Exporter`."""
    return stood_in(EXPORTER_MODULE, OTLPSpanExporter=_Exporter)


EMBEDDING_FUNCTIONS = "chromadb.utils.embedding_functions"


def _real_embedding_functions() -> ModuleType:
    """chromadb's embedding-function package itself (imported now if need be, in place of the
    stand-in)."""
    module = sys.modules.get(EMBEDDING_FUNCTIONS)
    if module is not None and getattr(module, "_verify_stand_in", False):
        del sys.modules[EMBEDDING_FUNCTIONS]
    return importlib.import_module(EMBEDDING_FUNCTIONS)


class _KnownOnUse(Mapping[str, Any]):
    """``known_embedding_functions`` (or the sparse one), read from the real package when
    first used."""

    def __init__(self, name: str) -> None:
        self._name = name

    def _real(self) -> Mapping[str, Any]:
        return getattr(_real_embedding_functions(), self._name)  # type: ignore[no-any-return]

    def __getitem__(self, key: str) -> Any:
        return self._real()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._real())

    def __len__(self) -> int:
        return len(self._real())


def _register_on_use(ef_class: Any = None) -> Any:
    return _real_embedding_functions().register_embedding_function(ef_class)


def _stand_in_attribute(name: str) -> Any:
    return getattr(_real_embedding_functions(), name)


@contextmanager
def embedding_functions_on_use() -> Iterator[None]:
    """chromadb's embedding-function package stood in by one whose every name comes from the
    real package on first use. Its submodules import as they would (the stand-in has the
    package's path)."""
    # the package's folder, found without importing chromadb (a dotted find_spec would)
    spec = importlib.util.find_spec("chromadb")
    roots = list(spec.submodule_search_locations or []) if spec else []
    path = [str(Path(r, "utils", "embedding_functions")) for r in roots]
    if not any(Path(p, "__init__.py").is_file() for p in path):
        yield
        return
    with stood_in(
        EMBEDDING_FUNCTIONS,
        __path__=path,
        known_embedding_functions=_KnownOnUse("known_embedding_functions"),
        sparse_known_embedding_functions=_KnownOnUse("sparse_known_embedding_functions"),
        register_embedding_function=_register_on_use,
        __getattr__=_stand_in_attribute,
    ):
        yield
