"""Dates and numbers stated in a claim and in a passage, for an explicit consistency check.

Small encoders are weak at "2011 vs 2013": they see two years and call it a match. The local
judge uses this module to refuse a ``supports`` whose passage states a different date or number
than the claim, and to downgrade one whose passage states none.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_MONTHS = {
    "january": 1,
    "jan": 1,
    "february": 2,
    "feb": 2,
    "march": 3,
    "mar": 3,
    "april": 4,
    "apr": 4,
    "may": 5,
    "june": 6,
    "jun": 6,
    "july": 7,
    "jul": 7,
    "august": 8,
    "aug": 8,
    "september": 9,
    "sep": 9,
    "sept": 9,
    "october": 10,
    "oct": 10,
    "november": 11,
    "nov": 11,
    "december": 12,
    "dec": 12,
}
_SHORT_MONTHS = {"mar", "jun", "jul", "aug", "oct", "dec", "sep", "jan", "feb", "apr", "nov"}
_WORD_NUMBERS = {
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "hundred": 100,
    "thousand": 1000,
    "million": 1_000_000,
}
_YEAR = re.compile(r"\b(1[5-9]\d\d|20\d\d)s?\b")
_MONTH = re.compile(
    r"\b(" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\b\.?(?!\w)", re.IGNORECASE
)
_NUMBER = re.compile(
    r"(?<![\w.])(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(\s*(?:million|billion|thousand|%|percent))?",
    re.IGNORECASE,
)
_WORDNUM = re.compile(r"\b(" + "|".join(_WORD_NUMBERS) + r")\b", re.IGNORECASE)
_SCALE = {"thousand": 1e3, "million": 1e6, "billion": 1e9}


@dataclass
class Quantities:
    years: set[int] = field(default_factory=set)
    months: set[int] = field(default_factory=set)
    numbers: set[float] = field(default_factory=set)

    def empty(self) -> bool:
        return not (self.years or self.months or self.numbers)


def extract(text: str) -> Quantities:
    q = Quantities()
    for m in _YEAR.finditer(text):
        q.years.add(int(m.group(1)))
    for m in _MONTH.finditer(text):
        word = m.group(1).lower()
        if word == "may" and not re.search(r"\d", text[m.end() : m.end() + 6]):
            continue  # "may" the verb
        if word in _SHORT_MONTHS and m.group(1)[0].islower():
            continue  # "mar", "jan" … in lower case are words, not months
        q.months.add(_MONTHS[word])
    for m in _NUMBER.finditer(text):
        raw = m.group(1).replace(",", "")
        value = float(raw)
        if raw.isdigit() and len(raw) == 4 and int(raw) in q.years:
            continue
        scale = (m.group(2) or "").strip().lower()
        q.numbers.add(value * _SCALE.get(scale, 1.0))
    for m in _WORDNUM.finditer(text):
        q.numbers.add(float(_WORD_NUMBERS[m.group(1).lower()]))
    return q


def conflict(claim: Quantities, passage: Quantities) -> str | None:
    """How the passage's dates/numbers relate to the claim's.

    ``"contradicts"``: the passage states a value of the same kind that differs (2011 vs 2013).
    ``"missing"``: the claim names a value the passage does not state at all.
    ``None``: every value the claim names is in the passage (or the claim names none).
    """
    verdict: str | None = None
    for mine, theirs in (
        (claim.years, passage.years),
        (claim.months, passage.months),
        (claim.numbers, passage.numbers),
    ):
        if not mine or mine <= theirs:
            continue
        if theirs and not (mine & theirs):
            return "contradicts"
        verdict = "missing"
    return verdict
