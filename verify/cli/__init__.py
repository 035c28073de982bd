"""The ``verify`` command: thin typer commands over :class:`verify.Verifier`."""

from .app import app, main
from .doctor import register as _register_doctor

_register_doctor(app)

__all__ = ["app", "main"]
