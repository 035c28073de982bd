"""Plugins from installed packages' entry points: one loader for every registry (judges,
report formats). Each plugin's entry point names a function that takes the registry's
``register_…`` function."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from .errors import ConfigError


def entry_points(group: str) -> Any:
    """The installed packages' entry points in ``group`` (importlib.metadata, loaded when
    first asked: it is slow to import)."""
    from importlib.metadata import entry_points as installed

    return installed(group=group)


def load(found: Iterable[Any], register: Callable[..., None], kind: str) -> None:
    """Call every plugin in ``found`` with ``register``; one that fails is a one-line error."""
    for ep in found:
        try:
            ep.load()(register)
        except Exception as exc:  # a broken plugin must not take the tool down with it
            raise ConfigError(f"the {kind} plugin {ep.name!r} failed to load: {exc}") from None
