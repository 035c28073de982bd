"""A web page's article: main text, title, author and publication date (trafilatura).

Saved ``.html`` files and pages fetched by URL go through the same extractor, so an article
reads the same whichever way it came in. Menus, cookie banners, sidebars, comments, share
buttons and footers are left out; paragraphs, lists and tables of the article are kept one block
per line. The date comes from the page's markup (meta tags, ``<time>``, JSON-LD, the URL) via
htmldate; a date that only occurs in the article's sentences is an event it reports, not its
own date, so that search is off.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from .errors import IngestError

_TABLE_RULE = re.compile(r"^\|(?:\s*:?-+:?\s*\|)+\s*$")


@dataclass(frozen=True)
class Page:
    """What the extractor found; ``text`` is not yet cleaned (see :func:`.load.clean_text`)."""

    text: str
    title: str | None
    author: str | None
    date: str | None


@cache
def _config() -> Any:
    """trafilatura's settings with MIN_EXTRACTED_SIZE lowered from 250 characters to 1.

    Below that size trafilatura swaps in its "baseline" text dump, which on a short page keeps
    the menu and splits a paragraph at every ``<b>`` or link ("The\nmain\nlibrary closes…"):
    measured on tests/fixtures/pages/ by bench/html_extract.py. Its recall retry (for a main
    text that covers little of the page) still runs.
    """
    from trafilatura.settings import use_config

    config = use_config()
    config.set("DEFAULT", "MIN_EXTRACTED_SIZE", "1")
    return config


def extract(html: str, name: str, url: str | None = None) -> Page:
    """The article in ``html`` (``name`` is the file or address, for the error message)."""
    import trafilatura

    try:
        doc = trafilatura.bare_extraction(
            html,
            url=url,
            with_metadata=True,
            include_comments=False,
            include_tables=True,
            include_links=False,
            include_images=False,
            deduplicate=False,
            date_extraction_params={"extensive_search": False, "original_date": True},
            config=_config(),
        )
    except (ValueError, TypeError) as exc:  # lxml refuses some malformed documents
        raise IngestError(name, f"cannot read the page as HTML: {exc}") from None
    found: dict[str, Any] = {} if doc is None else doc if isinstance(doc, dict) else doc.as_dict()
    text = str(found.get("text") or "")
    if not text.strip():
        raise IngestError(name, "no article text found on the page")
    return Page(
        text=_plain_tables(text),
        title=_clean(found.get("title")),
        author=_clean(found.get("author")),
        date=_clean(found.get("date")),
    )


def _plain_tables(text: str) -> str:
    """Table rows as ``a | b | c`` (as Word tables are read), without Markdown's ``|---|``."""
    lines = []
    for line in text.split("\n"):
        if _TABLE_RULE.match(line):
            continue
        if line.startswith("|") and line.rstrip().endswith("|"):
            line = " | ".join(c.strip() for c in line.strip().strip("|").split("|"))
        lines.append(line)
    return "\n".join(lines)


def _clean(value: str | None) -> str | None:
    value = " ".join((value or "").split())
    return value or None
