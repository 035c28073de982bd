"""The exceptions verify raises. The CLI turns each into a one-line message and an exit code."""

from __future__ import annotations


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


class JudgeError(VerifyError):
    """A judge failed for one source; checks catch it and mark that source ``unverified``."""


class ReplayError(VerifyError):
    """A request had no recorded answer in the replayed cassette, or a cassette is unreadable."""
