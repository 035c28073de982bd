"""What a user can say about a source — its id, title, date, URL and author — and the checks
those values pass before anything is stored.

The same fields come from three places: ``verify ingest FILE --id … --date … --url …``, a
Markdown file's YAML front matter, and :class:`Document` records given to
``Verifier.ingest_texts``. Whatever is given wins over what the loader finds in the text.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, fields, replace
from urllib.parse import urlsplit

from .metadata import DATE as PRINTED_DATE

_ISO = re.compile(
    r"^(\d{4}(?:-\d{2}(?:-\d{2})?)?)"  # the date, then an optional time and zone
    r"(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z| ?[+-]\d{2}:?\d{2})?)?$"
)
MAX_ID_CHARS = 200


@dataclass(frozen=True)
class SourceMeta:
    """A source's details as given; ``None`` means "find it in the text" (or leave it unset)."""

    id: str | None = None
    title: str | None = None
    date: str | None = None
    url: str | None = None
    author: str | None = None

    def __bool__(self) -> bool:
        return any(getattr(self, f.name) is not None for f in fields(self))

    def over(self, other: SourceMeta) -> SourceMeta:
        """These details where set, ``other``'s elsewhere."""
        given = {f.name: getattr(self, f.name) for f in fields(self)}
        return replace(other, **{k: v for k, v in given.items() if v is not None})


@dataclass(frozen=True)
class Document:
    """An article given in memory to ``Verifier.ingest_texts``: its text is stored as given
    (only trimmed), so evidence offsets index exactly what the caller passed."""

    id: str
    text: str
    title: str | None = None
    date: str | None = None
    url: str | None = None
    author: str | None = None

    @property
    def meta(self) -> SourceMeta:
        return SourceMeta(self.id, self.title, self.date, self.url, self.author)


def checked(meta: SourceMeta) -> SourceMeta:
    """``meta`` with its values tidied; raises ValueError naming the field that is wrong."""
    return SourceMeta(
        id=_field("id", meta.id, check_id),
        title=_field("title", meta.title, _text),
        date=_field("date", meta.date, check_date),
        url=_field("url", meta.url, check_url),
        author=_field("author", meta.author, _text),
    )


def _field(name: str, value: object, check: object) -> str | None:
    if value is None:
        return None
    try:
        return check(value)  # type: ignore[operator, no-any-return]
    except ValueError as exc:
        raise ValueError(f"{name}: {exc}") from None


def _text(value: object) -> str:
    text = " ".join(str(value).split())
    if not text:
        raise ValueError("is empty")
    return text


def check_id(value: object) -> str:
    """A source id: one line of at most 200 characters (``/`` allowed, as in ``a/index``)."""
    if not isinstance(value, str | int):
        raise ValueError(f"must be text, not {type(value).__name__}")
    text = str(value).strip()
    if not text:
        raise ValueError("is empty")
    if any(ord(ch) < 32 or ord(ch) == 127 for ch in text):
        raise ValueError("must be one line without control characters")
    if len(text) > MAX_ID_CHARS:
        raise ValueError(f"is {len(text)} characters long; the limit is {MAX_ID_CHARS}")
    return text


def check_date(value: object) -> str:
    """A calendar date: ``YYYY-MM-DD`` (or ``YYYY-MM``, ``YYYY`` when only that is known; a
    time after it is dropped), or a full date as papers print it ("14 March 2024"), kept as
    written like the dates articles state for themselves.

    YAML front matter gives ``date: 2024-03-14`` as a date object; it is written back in the
    same form. A date that does not exist (``2024-02-30``) is refused, not guessed at.
    """
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    text = " ".join(str(value).split())
    m = _ISO.match(text)
    if m is None:
        if PRINTED_DATE.fullmatch(text):
            return text
        raise ValueError(f"{text!r} is not a date like 2024-03-14")
    text = m.group(1)
    parts = [int(p) for p in text.split("-")]
    try:
        dt.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
    except ValueError:
        raise ValueError(f"{text!r} is not a date that exists") from None
    return text


def check_url(value: object) -> str:
    """An http(s) address with a host: what a report links to, so nothing else is accepted."""
    text = str(value).strip()
    parts = urlsplit(text)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise ValueError(f"{text!r} is not an http(s) address like https://example.com/page")
    if any(ch.isspace() for ch in text):
        raise ValueError(f"{text!r} contains spaces")
    return text
