"""Markdown articles as the plain text a reader sees, and their YAML front matter as metadata.

``# Title`` becomes a line of its own, ``**bold**``/``*italics*`` lose their markers, a link
keeps its text (not its address), list items keep a ``- `` or ``1. `` prefix, table rows read
``a | b``. The plain text is what gets stored, so evidence offsets and ``verify show`` agree
without any mapping back to the Markdown source. Parsing is markdown-it-py's (CommonMark).
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from .errors import IngestError
from .sourcemeta import SourceMeta, checked

_FRONT = re.compile(r"\A---[ \t]*\n(.*?\n)?(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)
_KEYS = ("id", "title", "date", "url", "author")


class _Loader(yaml.SafeLoader):
    """YAML's safe loader, with dates left as the text written (checked by check_date): a
    date that does not exist is then a clear message, not a ValueError from inside YAML."""


def _as_written(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> str:
    return str(loader.construct_scalar(node))


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _as_written)


def split_front_matter(text: str, name: str) -> tuple[SourceMeta, str]:
    """The front matter's ``id``, ``title``, ``date``, ``url`` and ``author`` (other keys are
    ignored), and the Markdown after it. A file without front matter gives empty metadata."""
    m = _FRONT.match(text)
    if m is None:
        return SourceMeta(), text
    try:
        data = yaml.load(m.group(1) or "", Loader=_Loader)  # _Loader is a SafeLoader
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 2})" if mark else ""
        raise IngestError(name, f"the front matter is not valid YAML{where}") from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise IngestError(name, "the front matter must be 'key: value' lines")
    given = {str(k).lower(): v for k, v in data.items()}
    if isinstance(given.get("author"), list):
        given["author"] = ", ".join(str(a) for a in given["author"])
    try:
        meta = checked(SourceMeta(**{k: given[k] for k in _KEYS if given.get(k) is not None}))
    except ValueError as exc:
        raise IngestError(name, f"front matter {exc}") from None
    return meta, text[m.end() :]


def markdown_to_text(source: str) -> str:
    """Plain text of a Markdown document: one block per line, a blank line between blocks."""
    from markdown_it import MarkdownIt

    tokens = MarkdownIt("commonmark").enable(["table", "strikethrough"]).parse(source)
    blocks: list[str] = []
    lists: list[list[Any]] = []  # per open list: [ordered?, next number]
    prefix = ""
    row: list[str] = []
    in_cell = False
    for tok in tokens:
        kind = tok.type
        if kind in ("bullet_list_open", "ordered_list_open"):
            start = int(tok.attrs.get("start", 1) or 1)
            lists.append([kind == "ordered_list_open", start])
        elif kind in ("bullet_list_close", "ordered_list_close"):
            lists.pop()
            if not lists:
                blocks.append("")
        elif kind == "list_item_open":
            ordered, number = lists[-1]
            prefix = f"{number}. " if ordered else "- "
            lists[-1][1] += 1
        elif kind == "tr_open":
            row = []
        elif kind in ("th_open", "td_open", "th_close", "td_close"):
            in_cell = kind.endswith("_open")
        elif kind == "tr_close":
            blocks.append(" | ".join(row))
        elif kind == "table_close":
            blocks.append("")
        elif kind == "inline":
            text = _inline(tok.children or [])
            if in_cell:
                row.append(text.strip())
                continue
            if text.strip():  # an image alone leaves nothing
                blocks.append(prefix + text.strip())
            prefix = ""
            if not lists:
                blocks.append("")
        elif kind in ("fence", "code_block"):
            blocks.extend([*tok.content.rstrip("\n").split("\n"), ""])
        elif kind == "html_block":
            text = _html_text(tok.content)
            if text:
                blocks.extend([text, ""])
    return "\n".join(blocks).strip()


def _inline(children: list[Any]) -> str:
    out: list[str] = []
    for child in children:
        if child.type in ("text", "code_inline"):
            out.append(child.content)
        elif child.type == "softbreak":
            out.append(" ")
        elif child.type == "hardbreak":
            out.append("\n")
    return "".join(out)


def _html_text(html: str) -> str:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "html.parser")
    for tag in soup(["script", "style", "template"]):
        tag.decompose()
    return " ".join(soup.get_text(" ").split())
