"""An article's metadata — date line, byline, dateline prefix — told apart from its statements.

A dateline ("HOUSTON, March 15 (Reuters) —") says where and when a piece was filed, not what
happened on that day; a byline names the writer. Read as evidence they produce false conflicts
("the summit opened on 14 March" against a piece filed on the 15th) and empty "supports". The
loader keeps them as the source's date; the judges never quote them.
"""

from __future__ import annotations

import re

MONTHS = (
    "January|February|March|April|May|June|July|August|September|October|November|December|"
    "Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec"
)
WEEKDAY = r"(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day"
"""A day of the week (in a pattern; match it case-insensitively for "monday")."""
DATE = re.compile(
    rf"(?:{WEEKDAY},?\s+)?"
    rf"(\d{{4}}-\d{{2}}-\d{{2}}"
    rf"|\d{{1,2}}\s+(?:{MONTHS})\.?,?\s+\d{{4}}"
    rf"|(?:{MONTHS})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}"
    rf"|\d{{1,2}}/\d{{1,2}}/\d{{4}})"
)
"""A full calendar date as papers print it (the year included)."""

_SHORT_DATE = re.compile(rf"((?:{MONTHS})\.?\s+\d{{1,2}}|\d{{1,2}}\s+(?:{MONTHS}))\b")
_PAPER = r"(?:The\s+)?[A-Z][\w&'’.-]*(?:\s+(?:[A-Z][\w&'’.-]*|of|and|&)){0,5}"
"""A paper's name after a date line's bar or dash: capitalised words, no sentence ("PharmaWatch
Daily", "The Tromvik Posten")."""
_LABEL = r"(?:Published|Posted|Updated|Last updated|Date|Filed|First published|Dated)"
_DATE_LINE = re.compile(
    rf"^\s*(?:{_LABEL}\s*(?:on|at)?\s*:?\s*)?(?:{WEEKDAY},?\s+)?{DATE.pattern}"
    r"(?:\s*(?:at\s+)?\d{1,2}[:.]\d{2}\s*(?:[ap]\.?m\.?)?\s*(?:[A-Z]{2,4})?)?"
    rf"(?:(?:\s*[|·•]|\s+[-–—])\s*{_PAPER}|\s*[,;|·•-]?\s*(?:by\s+.{{1,60}})?)?\s*$",
    re.IGNORECASE,
)
"""A line that is a date, with a time, a byline or, after a bar or a dash, the paper's name
("5 March 2025 | PharmaWatch Daily")."""
_LABELLED = re.compile(rf"^\s*{_LABEL}\b", re.IGNORECASE)
_BYLINE = re.compile(
    r"^\s*(?:By|From)\s+(?:our\s+\w+(?:\s+\w+)?|(?:[A-Z][\w.'’-]*\s*(?:,|and|&)?\s*){1,6}"
    r"(?:\s+(?:staff|reporters?|correspondents?|writers?|editors?|team|desk))?)"  # "By Wire staff"
    r"(?:\s*[|,·•-]\s*.{0,60})?\s*$"
)
_BY = re.compile(r"^\s*By\s+")
_AFTER_NAME = re.compile(r"\s*(?:[|,;·•]|\s[-–—]\s)")
"""Where a byline's name ends: ", Mountain correspondent", " | Lantern Wire", " - Reuters"."""
_CREDIT = re.compile(r"^\s*(?:Photo|Image|Picture|Credit|Source|Caption|Video)s?\s*:", re.I)
DATELINE = re.compile(
    r"^\s*(?P<place>[A-Z][A-Z'’.-]+(?:\s+[A-Z][A-Z'’.-]*){0,3})"  # a place in capitals
    r"(?:\s*,\s*(?P<where>[A-Z0-9][\w.'’ -]{0,40}?"  # ", March 15", ", 2 June", ", Texas"
    r"(?:\s*,\s*[A-Z0-9][\w.'’ -]{0,30}?)?))?"  # ", Norway, March 4"
    r"(?:\s*\((?P<agency>[^()\n]{1,40})\))?"  # "(Reuters)"
    r"\s*(?:—|–|--|-)\s+"
)
"""A wire-style dateline at the start of a paragraph: "HOUSTON —", "LAGOS, March 15 (AP) -",
"HESTOY, Norway, March 4 (Nordwire) -", "MO I RANA, Norway, Feb 10 (Nordland Times) -"."""


def dateline_end(sentence: str) -> int:
    """How many leading characters of ``sentence`` are a dateline (0 when there is none)."""
    m = DATELINE.match(sentence)
    if not m or len(m.group("place")) < 3:
        return 0
    return m.end()


def is_metadata(line: str) -> bool:
    """Whether a whole line (or sentence) is metadata: a date line, a byline, a photo credit."""
    text = line.strip()
    if not text or len(text) > 160:
        return False
    if _DATE_LINE.match(text) or _BYLINE.match(text) or _CREDIT.match(text):
        return True
    # "Published 14 March 2026 by Jane Doe": a labelled line that holds a date
    return bool(_LABELLED.match(text) and DATE.search(text) and len(text.split()) <= 12)


def stated_author(text: str, head_lines: int = 5) -> str | None:
    """The writer a byline among an article's first lines names: "By Tomas Reyne" → "Tomas
    Reyne", "By Marta Kovacs, Mountain correspondent" → "Marta Kovacs", "By Lantern Wire staff"
    as written. The first line is the title ("By The Numbers"), never a byline; "By our
    correspondent" names no one (None)."""
    lines = [ln for ln in text.split("\n") if ln.strip()][1 : head_lines + 1]
    for line in lines:
        by = _BY.match(line)
        if by is None or not _BYLINE.match(line.strip()) or len(line.strip()) > 160:
            continue
        name = _AFTER_NAME.split(line[by.end() :], maxsplit=1)[0].strip()
        return None if not name or name.lower().startswith("our ") else name
    return None


def stated_date(text: str, head_lines: int = 5) -> str | None:
    """The date an article states for itself, as written: a date line or labelled line among
    its first lines, or the date in its first paragraph's dateline. A date that only occurs in
    the body is an event the article reports, not its own date, so it is never taken."""
    lines = [ln for ln in text.split("\n") if ln.strip()][: head_lines + 1]
    for i, line in enumerate(lines):
        if is_metadata(line) or (i == 0 and len(line.split()) <= 6):
            m = DATE.search(line)
            if m:
                return m.group(1)
        n = dateline_end(line)
        if n:
            # "LAGOS, March 15 (AP) -", or a date line after the dash ("MARROWBY - Wednesday
            # 15 October 2025", a line of its own)
            head = line if is_metadata(line[n:]) else line[:n]
            m = DATE.search(head) or _SHORT_DATE.search(head)
            return m.group(1) if m else None
    return None
