"""The report formats, by name: one registry the CLI (``--report FILE``, ``--html``...), the
prompt (``:html FILE``, ``:report FILE``...) and its help read.

Adding a format is one module (its renderer) and one :func:`register_format` call — in this
package for the built-ins (bottom of this file), or in another installed package through an
entry point in the ``verify.reports`` group naming a function that takes
:func:`register_format` (as the ``verify.judges`` group does for judges)::

    # pyproject.toml of a plugin
    [project.entry-points."verify.reports"]
    tsv = "my_plugin:register"

    # my_plugin.py
    def register(register_format):
        register_format("tsv", render_tsv, suffix=".tsv", help="one row per claim and source")

A renderer takes a :class:`ReportInput` — plain values: the checked claims, their ids and, for
a format that asks for them (``needs_texts``), the source texts their offsets index — and
returns the file's text. It fetches nothing itself.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .. import plugins
from ..errors import ConfigError, InputError
from ..plugins import entry_points

if TYPE_CHECKING:  # `verify --help` reads this registry: it must not load pydantic
    from ..models import Checked, Source

ENTRY_POINTS = "verify.reports"


@dataclass(frozen=True)
class ReportInput:
    """What a renderer gets."""

    items: Sequence[Checked]
    """The checked claims: Reports, or Decomposed groups of a split claim's reports."""
    claim_ids: Sequence[str]
    """One id per item: a JSONL line's ``id``, else the claim's number (1, 2, 3...)."""
    texts: Mapping[str, Source] = field(default_factory=dict)
    """The sources that evidence offsets index, by id; only for a format with ``needs_texts``
    (sources dismissed unread, or removed since, are left out)."""


Render = Callable[[ReportInput], str]


@dataclass(frozen=True)
class ReportFormat:
    name: str
    render: Render
    suffixes: tuple[str, ...]
    """File name endings that pick this format (``--report FILE``), lower case, dot first."""
    help: str
    aliases: tuple[str, ...] = ()
    """Other names (``md`` for markdown): also the prompt's ``:md FILE``."""
    needs_texts: bool = False
    """Whether the renderer needs the sources' texts (read once, before rendering)."""


_FORMATS: dict[str, ReportFormat] = {}
_plugins_loaded = False


def _plain(name: str) -> bool:
    return bool(name) and name.replace("-", "").replace("_", "").isalnum()


def register_format(
    name: str,
    render: Render,
    *,
    suffix: str | Sequence[str],
    help: str,
    aliases: Sequence[str] = (),
    needs_texts: bool = False,
    replace: bool = False,
) -> None:
    """Make ``name`` usable as ``--report FILE`` (by ``suffix``), ``--report-format NAME`` and
    the prompt's ``:NAME FILE``."""
    suffixes = (suffix,) if isinstance(suffix, str) else tuple(suffix)
    for s in suffixes:
        if not (s.startswith(".") and _plain(s[1:])):
            raise ConfigError(f"a report suffix is a dot and a plain word, not {s!r}")
    for n in (name, *aliases):
        if not _plain(n):
            raise ConfigError(f"a report format name must be a plain word, not {n!r}")
    taken = {n: f.name for f in _FORMATS.values() for n in (f.name, *f.aliases)}
    claimed = {s: f.name for f in _FORMATS.values() for s in f.suffixes}
    if not replace:
        for n in (name, *aliases):
            if n in taken:
                raise ConfigError(f"a report format named {n!r} is already registered")
        for s in suffixes:
            if s.lower() in claimed:
                raise ConfigError(f"{s} files are already the {claimed[s.lower()]} format")
    _FORMATS.pop(name, None)
    _FORMATS[name] = ReportFormat(
        name, render, tuple(s.lower() for s in suffixes), help, tuple(aliases), needs_texts
    )


def unregister_format(name: str) -> None:
    """Remove a format (tests and plugins undoing themselves)."""
    _FORMATS.pop(name, None)


def _load_plugins() -> None:
    global _plugins_loaded
    if _plugins_loaded:
        return
    _plugins_loaded = True
    plugins.load(entry_points(group=ENTRY_POINTS), register_format, "report")


def format_names() -> list[str]:
    """Every registered format, built-ins first."""
    _load_plugins()
    return list(_FORMATS)


def formats() -> list[ReportFormat]:
    _load_plugins()
    return list(_FORMATS.values())


def find_format(name: str) -> ReportFormat | None:
    """The format called ``name`` (or by an alias of it), else None."""
    _load_plugins()
    return _FORMATS.get(name) or next((f for f in _FORMATS.values() if name in f.aliases), None)


def format_named(name: str) -> ReportFormat:
    found = find_format(name)
    if found is None:
        raise InputError(f"unknown report format {name!r}: use {', '.join(format_names())}")
    return found


def format_for_path(path: Path | str) -> ReportFormat:
    """The format a file's name asks for, by its ending (``.html``, ``.md``...)."""
    _load_plugins()
    suffix = Path(path).suffix.lower()
    for f in _FORMATS.values():
        if suffix in f.suffixes:
            return f
    known = ", ".join(s for f in _FORMATS.values() for s in f.suffixes)
    raise InputError(
        f"cannot tell the report format of {path} from its name: end it in {known}, "
        "or give --report-format NAME"
    )


# -- the built-ins: each renderer is imported when used (``verify --help`` stays light) -------
def _text(data: ReportInput) -> str:
    from .text import plain_text

    return plain_text(data.items)


def _json(data: ReportInput) -> str:
    if len(data.items) == 1:
        return data.items[0].model_dump_json(indent=2)
    import json

    dumped = [it.model_dump(mode="json") for it in data.items]
    return json.dumps(dumped, indent=2, ensure_ascii=False)


def _html(data: ReportInput) -> str:
    from .html import render_html

    return render_html(list(data.items), data.texts)


def _markdown(data: ReportInput) -> str:
    from .markdown import render_markdown

    return render_markdown(list(data.items))


def _csv(data: ReportInput) -> str:
    from .csv import render_csv

    return render_csv(list(data.items), data.claim_ids)


register_format("text", _text, suffix=".txt", help="the terminal report as plain text")
register_format("json", _json, suffix=".json", help="as --json prints it; a list for a batch")
register_format(
    "html",
    _html,
    suffix=(".html", ".htm"),
    help="one page, the evidence highlighted in each article",
    needs_texts=True,
)
register_format(
    "markdown",
    _markdown,
    suffix=".md",
    aliases=("md",),
    help="the HTML report's content as Markdown",
)
register_format("csv", _csv, suffix=".csv", help="one row per claim and source")


__all__ = [
    "ReportFormat",
    "ReportInput",
    "find_format",
    "format_for_path",
    "format_named",
    "format_names",
    "formats",
    "register_format",
    "unregister_format",
]
