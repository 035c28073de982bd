"""The exceptions verify raises. The CLI turns each into a one-line message and an exit code.

Every class here is raised somewhere. A judge that fails for one source raises nothing: that
source is ``unverified``, with the kind of failure in ``SourceVerdict.failure``."""

from __future__ import annotations

from collections.abc import Sequence


class VerifyError(Exception):
    """Base of every error verify raises on purpose; ``str(err)`` is a complete one-line message."""

    exit_code = 1


class ConfigError(VerifyError):
    """A config file, environment variable or argument is missing, unreadable or invalid."""

    exit_code = 2


class InputError(VerifyError):
    """Bad user input: an empty or over-long claim, a missing path, an unknown source id."""

    exit_code = 2


class IngestError(VerifyError):
    """A file could not be ingested (unreadable, binary, too large, unsupported)."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


class StoreError(VerifyError):
    """The vector store is unreachable, locked for too long, or empty when it must not be."""


class EmptyStoreError(StoreError):
    """A check was asked of a store that holds no sources."""


class ModelError(VerifyError):
    """A local model's files are missing or cannot be loaded."""


class ReplayError(VerifyError):
    """A request had no recorded answer in the replayed cassette, or a cassette is unreadable."""


class IndexDamagedError(StoreError):
    """The embedded store's vector index files are damaged: opening them would crash Chroma's
    native code, so they are checked first and the store is refused with this."""

    def __init__(self, store: object, damage: Sequence[object]) -> None:
        first = damage[0]
        more = f" (and {len(damage) - 1} more)" if len(damage) > 1 else ""
        super().__init__(
            f"the vector index of store {store} is damaged ({first}){more}; rebuild it from "
            "the stored texts with `verify doctor --rebuild`"
        )
        self.store = store
        self.damage = list(damage)


class SecretInCassetteError(ReplayError):
    """A recording would still hold the API key or a URL password after scrubbing; it was
    not written (the cassette already there, if any, is unchanged)."""

    def __init__(self, path: object, where: str) -> None:
        super().__init__(
            f"refused to write cassette {path}: the API key or a URL password would be in its "
            f"{where} even after scrubbing; nothing was recorded and the old file is unchanged"
        )
        self.path = path
        self.where = where


class LLMAuthError(ConfigError):
    """The LLM server refused the key (401/403): every call would fail the same way, so the
    check stops with this instead of marking every source ``unverified``."""

    def __init__(self, server: str, status: int) -> None:
        super().__init__(
            f"the LLM server {server} refused the API key (HTTP {status}); check OPENAI_API_KEY "
            "(or llm.api_key) and llm.base_url"
        )
        self.server = server
        self.status = status
