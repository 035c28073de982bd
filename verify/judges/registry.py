"""The judges a check can use, by name: one registry the library, the CLI and its help read.

Adding a judge is one module and one :func:`register_judge` call — in this package for the
built-ins (bottom of this file), or in another installed package through an entry point in
the ``verify.judges`` group that names a function taking :func:`register_judge` (as simonw/llm's
``register_models`` hook does)::

    # pyproject.toml of a plugin
    [project.entry-points."verify.judges"]
    mine = "my_plugin:register"

    # my_plugin.py
    def register(register_judge):
        register_judge("mine", lambda ctx: MyJudge(ctx.settings), help="my judge")
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .. import plugins
from ..errors import ConfigError
from ..plugins import entry_points

if TYPE_CHECKING:
    from ..config import Settings
    from .base import Judge

ENTRY_POINTS = "verify.judges"


@dataclass(frozen=True)
class JudgeContext:
    """What a judge factory may use: the settings in force and the models already loaded."""

    settings: Settings
    stance_model: Any
    """The local verifier (:class:`verify.judges.local.StanceModel`), shared and cached."""
    embeddings: Any
    """The local embedder (:class:`verify.embed.LocalEmbeddings`)."""
    judge: Callable[[str], Judge]
    """Another registered judge by name, built once per Verifier (a cascade composes two)."""


@dataclass(frozen=True)
class JudgeSpec:
    name: str
    build: Callable[[JudgeContext], Judge]
    help: str
    needs_llm: bool = False
    """Whether it calls an LLM (refused up front when none is configured)."""


_JUDGES: dict[str, JudgeSpec] = {}
_plugins_loaded = False


def register_judge(
    name: str,
    build: Callable[[JudgeContext], Judge],
    *,
    help: str,
    needs_llm: bool = False,
    replace: bool = False,
) -> None:
    """Make ``name`` usable as ``--judge NAME`` / ``judge.mode`` / ``check(judge=NAME)``."""
    if not name or not name.replace("-", "").replace("_", "").isalnum():
        raise ConfigError(f"a judge name must be a plain word, not {name!r}")
    if name in _JUDGES and not replace:
        raise ConfigError(f"a judge named {name!r} is already registered")
    _JUDGES[name] = JudgeSpec(name, build, help, needs_llm)


def unregister_judge(name: str) -> None:
    """Remove a judge (tests and plugins undoing themselves)."""
    _JUDGES.pop(name, None)


def _load_plugins() -> None:
    global _plugins_loaded
    if _plugins_loaded:
        return
    _plugins_loaded = True
    plugins.load(entry_points(group=ENTRY_POINTS), register_judge, "judge")


def judge_names() -> list[str]:
    """Every registered judge, built-ins first."""
    _load_plugins()
    return list(_JUDGES)


def judge_spec(name: str) -> JudgeSpec:
    _load_plugins()
    spec = _JUDGES.get(name)
    if spec is None:
        raise ConfigError(f"unknown judge mode {name!r}: use {', '.join(_JUDGES)}")
    return spec


def _local(ctx: JudgeContext) -> Judge:
    from .local import LocalJudge

    return LocalJudge(ctx.settings.judge, ctx.stance_model, ctx.embeddings)


def _llm(ctx: JudgeContext) -> Judge:
    from .llm import LLMJudge

    return LLMJudge(ctx.settings.llm)


def _cascade(ctx: JudgeContext) -> Judge:
    from .cascade import CascadeJudge

    return CascadeJudge(ctx.judge("local"), ctx.judge("llm"))


register_judge("local", _local, help="our verifier on this machine: no key, no network")
register_judge(
    "llm", _llm, help="an OpenAI-compatible chat model reads each source", needs_llm=True
)
register_judge(
    "cascade",
    _cascade,
    help="local first; the LLM only where the verifier is unsure",
    needs_llm=True,
)
