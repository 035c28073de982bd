"""Dates an article gives relative to its own ("last year", "on Sunday"), read as the dates
they are.

News copy dates events against the day it is filed: "Trade … was worth about $150 million last
year" under a dateline of 15 March 2026 is worth that in 2025, and "Egypt reopened its embassy
in Tehran on Sunday" is 15 March 2026 (a Sunday). Read word for word, such a sentence states
no year and no day, so it neither bears out a claim's "in 2025" nor contradicts its "on 2
April"; and "fell to about 6.9 billion euros last year, less than a quarter of their level in
2021" seemed to put the claim's 2025 figure in 2021.

:func:`resolved` writes those dates out for the date and number check
(:func:`verify.quantities.extract`) and for the verifier's second reading of the sentence
(:func:`verify.judges.decision.second_reading`); the word gate and every quote keep the
article's own words. The article's date is the one it states for itself (dateline, date line,
``<time>``, front matter; :func:`verify.metadata.stated_date`) or the one its user gave; with no
date, or one without its year, nothing is resolved.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from .metadata import WEEKDAY
from .quantities import _DATED_WEEKDAY
from .quantities import _MONTHS as _MONTH_OF

_MONTH_NAMES = (
    "January February March April May June July August September October November December"
).split()
_WEEKDAYS = "monday tuesday wednesday thursday friday saturday sunday".split()

_ISO = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
_DAY_MONTH_YEAR = re.compile(r"(\d{1,2})\s+([A-Za-z]+)\.?,?\s+(\d{4})")
_MONTH_DAY_YEAR = re.compile(r"([A-Za-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})")


@dataclass(frozen=True)
class Published:
    """An article's own date, as far as it is known: the year always, the month and day where
    it states them."""

    year: int
    month: int | None = None
    day: int | None = None

    @classmethod
    def parse(cls, text: str | None) -> Published | None:
        """A source's date as :func:`verify.sourcemeta.check_date` keeps it ("2026-03-15",
        "2026", "15 March 2026", "Sunday, March 15, 2026"); None without a year ("March 15")
        or where the date is ambiguous ("03/04/2026") or does not exist."""
        if not text:
            return None
        text = " ".join(text.split())
        found: tuple[int, int | None, int | None] | None = None
        if m := _ISO.fullmatch(text):
            found = (
                int(m.group(1)),
                int(m.group(2)) if m.group(2) else None,
                int(m.group(3)) if m.group(3) else None,
            )
        elif (m := _DAY_MONTH_YEAR.search(text)) and m.group(2).lower() in _MONTH_OF:
            found = (int(m.group(3)), _MONTH_OF[m.group(2).lower()], int(m.group(1)))
        elif (m := _MONTH_DAY_YEAR.search(text)) and m.group(1).lower() in _MONTH_OF:
            found = (int(m.group(3)), _MONTH_OF[m.group(1).lower()], int(m.group(2)))
        if found is None:
            return None
        year, month, day = found
        try:
            dt.date(year, 1 if month is None else month, 1 if day is None else day)
        except ValueError:
            return None
        return cls(year, month, day)

    def date(self) -> dt.date | None:
        if self.month is None or self.day is None:
            return None
        return dt.date(self.year, self.month, self.day)


_NOT_A_YEAR_AGO = "".join(
    rf"(?<!\b{w} )" for w in "the that a his her its their my our your".split()
)
"""Not "over the last year", "the next year" (a span of twelve months), "that year", "in her
last year as chancellor"."""
_RELATIVE_YEAR = re.compile(
    rf"{_NOT_A_YEAR_AGO}\b(?P<which>last|this|next|previous)\s+year(?P<own>['’]s)?\b"
    r"|\b(?P<ago>a)\s+year\s+(?:ago|earlier)\b",
    re.IGNORECASE,
)
_RELATIVE_MONTH = re.compile(
    rf"{_NOT_A_YEAR_AGO}\b(?P<which>last|this|next)\s+month(?P<own>['’]s)?\b", re.IGNORECASE
)
_YESTERDAY = re.compile(r"\byesterday\b", re.IGNORECASE)
_WEEKDAY_WORD = re.compile(
    rf"\b(?P<which>(?i:last|next)\s+)?(?P<day>{WEEKDAY})\b"
    r"(?P<own>['’]s)?"
)
_NAMED_DAY = re.compile(
    r"(?:^|\s)(?!(?:On|Last|Next|Late|Early|By|Since|Until|From)\s)[A-Z]\w*\s+$"
)
"""A capitalised word before a weekday: part of a name ("Good Friday", "Bloody Sunday", "Black
Friday"), not a day of the week."""
_NAME_AFTER = re.compile(r"\s+[A-Z]")
"""A capitalised word after one: "the Sunday Times"."""
_CLAUSE = re.compile(r"[,;:()—–]|\b(?:and|but|while|whereas|that|who|which|when)\b", re.I)
"""Where the clause a weekday belongs to ends: "The suspect, who was arrested on Monday, will
appear in court" was arrested in the past."""
_SAID = re.compile(
    r"\b(?:said|says|told(?:\s+\w+){0,3}?|added|wrote|statement)\s+(?:late\s+|early\s+)?"
    r"(?:on\s+)?$",
    re.IGNORECASE,
)
"""A weekday after a word of saying ("the ministry said on Tuesday"): when it was said, not
when what it reports happened, so it is left as it is."""
_AHEAD = re.compile(
    r"\b(?:will|won['’]t|would|shall|(?:is|are|was|were)\s+(?:due|set|expected|scheduled|"
    r"to)|plans?\s+to|intends?\s+to|aims?\s+to|from\s+next)\b",
    re.IGNORECASE,
)
"""Words that put what a sentence tells ahead of its article's date: its weekday is the next
one, not the last."""


def _month_year(year: int, month: int, step: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + step
    return index // 12, index % 12 + 1


def _written(day: dt.date, year: bool) -> str:
    """A day as written for :func:`resolved`, with its year or without it."""
    return f"{day.day} {_MONTH_NAMES[day.month - 1]}" + (f" {day.year}" if year else "")


def _year_word(text: str, m: re.Match[str], year: int) -> str:
    """A year written where "last year" was: "in 2025", or "2025's", or the bare year after
    a preposition of its own ("since last year")."""
    if m.group("own"):
        return f"{year}'s"
    before = text[max(0, m.start() - 8) : m.start()].lower()
    if re.search(r"\b(?:in|since|until|till|by|during|of|from|to|for)\s+$", before):
        return str(year)
    return f"in {year}"


def _clause(sentence: str, m: re.Match[str]) -> str:
    """The clause of ``sentence`` a match stands in (:data:`_CLAUSE`)."""
    start = max((c.end() for c in _CLAUSE.finditer(sentence, 0, m.start())), default=0)
    end = next((c.start() for c in _CLAUSE.finditer(sentence, m.end())), len(sentence))
    return sentence[start:end]


def _weekday(sentence: str, m: re.Match[str], published: dt.date) -> dt.date | None:
    """The date a weekday in a sentence stands for: the last such day on or before the
    article's date (news copy tells what happened "on Sunday" in the piece filed that day or
    the week after it), or, where the sentence looks ahead ("will vote on Thursday") or says
    "next", the next one after it. None where it is unclear: said when, "this Friday", a
    weekday looked ahead to on the article's own weekday."""
    before = sentence[max(0, m.start() - 40) : m.start()]
    if _SAID.search(before) or _NAMED_DAY.search(before) or _NAME_AFTER.match(sentence, m.end()):
        return None
    target = _WEEKDAYS.index(m.group("day").lower())
    which = (m.group("which") or "").strip().lower()
    gap = (published.weekday() - target) % 7
    if which == "next" or (not which and _AHEAD.search(_clause(sentence, m))):
        if gap == 0 and which != "next":
            return None  # "will vote on Thursday" in Thursday's paper: today or a week on
        return published + dt.timedelta(days=(7 - gap) or 7)
    if which == "last" and gap == 0:
        gap = 7
    return published - dt.timedelta(days=gap)


def resolved(text: str, published: Published | None, *, day_years: bool = True) -> str:
    """``text`` with the dates it gives relative to its article's date written out for the
    date and number check: "last year" → "in 2025", "last month" → "in February 2026",
    "yesterday" → "on 14 March 2026", "on Sunday" → "on Sunday 15 March 2026". Unchanged
    without an article date. For :func:`verify.quantities.extract` and the verifier's second
    reading only: never shown.

    ``day_years`` False writes a weekday's or yesterday's day and month without its year:
    for a claim that dates nothing more closely than a year. The year is the article's, and
    read so it dated every event of the story: "Germany recalled its ambassador … on
    Tuesday" contradicted "the first time since 1990 that Germany has recalled its
    ambassador" (fresh-dev13, stop 41). A claim with a month or a day is compared in full:
    "on Sunday" in a 2026 article bears out "in March 2026" and contradicts "on 15 March
    2025"."""
    if published is None:
        return text

    def year(m: re.Match[str]) -> str:
        which = (m.group("which") or "").lower()
        step = {"last": -1, "previous": -1, "this": 0, "next": 1}.get(which, -1)
        return _year_word(text, m, published.year + step)

    text = _RELATIVE_YEAR.sub(year, text)
    if published.month is not None:
        month = published.month

        def month_word(m: re.Match[str]) -> str:
            step = {"last": -1, "this": 0, "next": 1}[m.group("which").lower()]
            y, mo = _month_year(published.year, month, step)
            own = "'s" if m.group("own") else ""
            return f"in {_MONTH_NAMES[mo - 1]} {y}{own}"

        text = _RELATIVE_MONTH.sub(month_word, text)
    day = published.date()
    if day is None:
        return text
    text = _YESTERDAY.sub(lambda m: f"on {_written(day - dt.timedelta(days=1), day_years)}", text)
    sentence = text

    def weekday(m: re.Match[str]) -> str:
        # a weekday already dated ("Tuesday 2 June", "Friday, September 18") is left as it is
        if m.group("own") or _DATED_WEEKDAY.match(sentence, m.start("day")):
            return m.group(0)
        when = _weekday(sentence, m, day)
        return m.group(0) if when is None else f"{m.group(0)} {_written(when, day_years)}"

    text = _WEEKDAY_WORD.sub(weekday, text)
    return _YEARLESS.sub(lambda m: _with_year(m, day), text) if day_years else text


_MONTH_WORD = "|".join(_MONTH_NAMES)
_YEARLESS = re.compile(
    rf"\b(?:(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<m1>{_MONTH_WORD})"
    rf"|(?P<m2>{_MONTH_WORD})\s+(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\b(?!:))"
    r"(?![,.]?\s*(?:\d{4}\b|'\d\d\b))"
)
"""A day and month without a year ("on Monday, 19 October", "on December 14"): news copy leaves
out the year it is filed in."""


def _with_year(m: re.Match[str], published: dt.date) -> str:
    """A day and month with the year a reader gives it: the last such day on or before the
    article's date ("28 December" in a piece of 3 January 2027 is 2026's, "3 March" in one of
    October 2026 is 2026's), or the next one where the sentence looks ahead ("will meet on 14
    December") or the day is at most :data:`_SOON` days ahead ("The strike begins on 16
    November" on 4 November). Read word for word, the verifier takes a claim's "on 19 October
    2026" for contradicted by "on Monday, 19 October" (0.99; fresh-dev16, stop 49)."""
    day = int(m.group("d1") or m.group("d2"))
    month = _MONTH_NAMES.index(m.group("m1") or m.group("m2")) + 1
    dates = []
    for year in (published.year - 1, published.year, published.year + 1):
        try:
            dates.append(dt.date(year, month, day))
        except ValueError:
            continue
    named = _WEEKDAY_BEFORE.search(m.string, 0, m.start())
    if named:  # "Tuesday 2 June": the year whose 2 June is a Tuesday, where one of these is
        target = _WEEKDAYS.index(named.group(1).lower())
        dates = [d for d in dates if d.weekday() == target] or dates
        if len(dates) == 1:
            return f"{m.group(0)} {dates[0].year}"
    after = [d for d in dates if d >= published]
    before = [d for d in dates if d <= published]
    if after and (_AHEAD.search(_clause(m.string, m)) or (after[0] - published).days <= _SOON):
        when = after[0]
    elif before:
        when = before[-1]
    else:
        return m.group(0)
    return f"{m.group(0)} {when.year}"


_WEEKDAY_BEFORE = re.compile(rf"\b({WEEKDAY}),?\s+(?:the\s+)?$")
"""A weekday right before a day and month ("on Tuesday, 2 June")."""
_SOON = 60
"""Days ahead of its article a yearless date may lie and still be read as this year's without a
word that looks ahead: a schedule told in the present ("The strike begins on 16 November")."""
