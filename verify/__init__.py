"""verify: check a claim against your own articles, source by source.

from verify import Verifier
v = Verifier.from_config()
v.ingest(["seeds/"])
report = v.check("Syria was suspended from the Arab League in November 2011")
"""

from typing import TYPE_CHECKING, Any

from .errors import (
    ConfigError,
    EmptyStoreError,
    IndexDamagedError,
    IngestError,
    InputError,
    LLMAuthError,
    ModelError,
    ReplayError,
    SecretInCassetteError,
    StoreError,
    VerifyError,
)

if TYPE_CHECKING:
    from .config import Settings
    from .ingest import IngestResult
    from .models import Decomposed, Evidence, Report, SourceRecord, SourceVerdict, Usage
    from .sourcemeta import Document, SourceMeta
    from .verifier import Verifier

# Imported on first use: `verify --help` must not pay for Chroma, pydantic-settings or models.
_LAZY = {
    "Settings": "config",
    "IngestResult": "ingest",
    "Decomposed": "models",
    "Evidence": "models",
    "Report": "models",
    "SourceRecord": "models",
    "SourceVerdict": "models",
    "Usage": "models",
    "Verifier": "verifier",
    "Document": "sourcemeta",
    "SourceMeta": "sourcemeta",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        value = getattr(importlib.import_module(f".{_LAZY[name]}", __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__version__ = "0.1.0"

__all__ = [
    "ConfigError",
    "Decomposed",
    "Document",
    "EmptyStoreError",
    "Evidence",
    "IndexDamagedError",
    "IngestError",
    "IngestResult",
    "InputError",
    "LLMAuthError",
    "ModelError",
    "ReplayError",
    "Report",
    "SecretInCassetteError",
    "Settings",
    "SourceMeta",
    "SourceRecord",
    "SourceVerdict",
    "StoreError",
    "Usage",
    "Verifier",
    "VerifyError",
    "__version__",
]
