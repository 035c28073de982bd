"""verify: check a claim against your own articles, source by source.

from verify import Verifier
v = Verifier.from_config()
v.ingest(["seeds/"])
report = v.check("Syria was suspended from the Arab League in November 2011")
"""

from .config import Settings
from .errors import (
    ConfigError,
    EmptyStoreError,
    IngestError,
    InputError,
    JudgeError,
    ModelError,
    ReplayError,
    StoreError,
    VerifyError,
)
from .ingest import IngestResult
from .models import Evidence, Report, SourceVerdict, Usage
from .sourcemeta import Document, SourceMeta
from .verifier import Verifier

__version__ = "0.1.0"

__all__ = [
    "ConfigError",
    "Document",
    "EmptyStoreError",
    "Evidence",
    "IngestError",
    "IngestResult",
    "InputError",
    "JudgeError",
    "ModelError",
    "ReplayError",
    "Report",
    "Settings",
    "SourceMeta",
    "SourceVerdict",
    "StoreError",
    "Usage",
    "Verifier",
    "VerifyError",
    "__version__",
]
