"""The ``verify`` command: thin typer commands over :class:`verify.Verifier`."""

from .app import app, main

__all__ = ["app", "main"]
