"""Which country a name stands for: its name, another spelling, an office named after it, its
capital or its people.

News names a state many ways: "Washington refused to restore ties with Cuba" is the United
States refusing; "Tokyo's central bank" is Japan's; "the US State Department" speaks for its
country. Two rules ask this (:mod:`verify.cues`, :class:`verify.judges.decision.ClaimFacts`):
a doer standing for the claim's own country is no other doer ("Washington reopened its
embassy" is the United States' deed), and a claim's country named otherwise in a sentence is
named there ("the United States' tariff" for "the US tariff"; for that, only by a name, a code
or an office: "Washington's minimum wage" is the state's, "London's population" the city's).

A run of capitalised words names a country when it opens with one of its names (after "The")
and that name ends the run, owns what follows ("Brazil's Lula") or is followed by an office's
words ("US State Department"): not "Jordan Henderson", "American Express", "Washington Post",
nor a name after "Bank of" or "Gulf of".

The table is countryinfo's (MIT: names, other spellings, capitals, demonyms), narrowed so that a
common word or a person's name is not read as a country: another spelling only where it shares
a word with the name ("Republic of Turkey", not Iceland's "Island"), a capital or a demonym only
of a country of a million people or more (not Bermuda's "Hamilton" nor the Seychelles'
"Victoria"), a name or spelling only of one of two hundred thousand or more (not "Jersey").
"""

from __future__ import annotations

import re
from functools import lru_cache

_MORE = {
    "America": "US",
    "U.S.": "US",
    "U.S.A.": "US",
    "White House": "US",
    "Pentagon": "US",
    "Britain": "GB",
    "Great Britain": "GB",
    "U.K.": "GB",
    "Downing Street": "GB",
    "Whitehall": "GB",
    "Kremlin": "RU",
    "Elysee": "FR",
    "Élysée": "FR",
    "Holland": "NL",
    "Turkiye": "TR",
    "Türkiye": "TR",
    "Czechia": "CZ",
    "Saudi": "SA",
    "Emirates": "AE",
}
"""Names and offices news gives a state that the table lacks or narrows away ("Holland" shares
no word with "Netherlands")."""
_MORE_CAPITALS = {
    "Washington": "US",
    "The Hague": "NL",
    "Kyiv": "UA",
    "Kiev": "UA",
    "Tel Aviv": "IL",
}
"""Seats of government the table lacks ("Washington D.C." is its capital there)."""
_DEFUNCT = frozenset({"CS", "AN"})
"""Serbia and Montenegro, the Netherlands Antilles: no longer states (Belgrade is Serbia's)."""
_AMBIGUOUS = frozenset({("congo",)})
"""Said of either Congo: no one country."""
_CODES = frozenset({"US", "USA", "UK", "UAE", "DRC", "PRC", "DPRK"})
"""Letter codes read as names in running text; the rest ("IT", "IN", "NO", "AT") are words."""
_OFFICE = frozenset(
    "state department foreign ministry minister office government army navy air force forces "
    "defence defense embassy president presidency prime treasury central bank parliament senate "
    "congress military administration coast guard police interior cabinet national security "
    "council justice trade finance home".split()
)
"""Words of an office named after its country ("US State Department", "Russian Foreign
Ministry"): the country's. A name after a country's is not ("Jordan Bardella")."""
_CODE = re.compile(r"[A-Z]{2,4}")
_WORD = re.compile(r"\S+")
_NAMES_FROM, _OTHERS_FROM = 200_000, 1_000_000
_LONGEST = 6


def _key(text: str) -> tuple[str, ...]:
    """A name's words as looked up: lower case, without dots ("U.S." is "us"), a possessive
    ("Tokyo's") or an opening "the" ("The United States"; "The Hague" is kept whole)."""
    words = [
        re.sub(r"['’]s$", "", w).replace(".", "").strip(",;:'’\"()").lower()
        for w in _WORD.findall(text)
    ]
    words = [w for w in words if w]
    if words[:1] == ["the"] and tuple(words) not in _THE:
        words = words[1:]
    return tuple(words)


_THE = frozenset({("the", "hague")})


NAME, SEAT, PEOPLE = "name", "seat", "people"
"""How a country is named: by its name, another spelling, a code or an office ("the United
States", "UAE", "the Kremlin"); by its capital ("Washington"); by its people ("Emirati")."""


@lru_cache(maxsize=1)
def _table() -> dict[tuple[str, ...], tuple[str, str]]:
    """Every way of naming a country, as :func:`_key` reads it, to its two-letter code and how
    it names it; where two share one ("Indian", "Chinese"), the more populous keeps it."""
    import countryinfo  # a 2 MB table, read on first use only

    table: dict[tuple[str, ...], tuple[str, str]] = {}

    def add(name: object, code: str, kind: str) -> None:
        if not isinstance(name, str) or not name.strip():
            return
        if _CODE.fullmatch(name) and name not in _CODES:
            return
        key = _key(name)
        if key and len(key) <= _LONGEST and key not in _AMBIGUOUS:
            table.setdefault(key, (code, kind))

    rows = []
    for country in countryinfo.all_countries():
        info = country.info()
        code = (info.get("ISO") or {}).get("alpha2")
        population = int(info.get("population") or 0)
        if code and code not in _DEFUNCT and population >= _NAMES_FROM:
            rows.append((population, code, info))
    rows.sort(key=lambda r: -r[0])
    for population, code, info in rows:
        name = str(info.get("name") or "")
        own = {w for w in _key(name) if len(w) >= 4}
        others = [a for a in info.get("altSpellings") or [] if a in _CODES or own & set(_key(a))]
        add(name, code, NAME)
        for alt in others:
            add(alt, code, NAME)
        if population >= _OTHERS_FROM:
            capital = info.get("capital")
            for city in capital if isinstance(capital, list) else [capital]:
                add(city, code, SEAT)
            for people in str(info.get("demonym") or "").split(","):
                add(people, code, PEOPLE)
    for alias, code in _MORE.items():
        add(alias, code, NAME)
    for alias, code in _MORE_CAPITALS.items():
        add(alias, code, SEAT)
    return table


_TITLES = frozenset(
    "president minister government parliament embassy ambassador king queen emir sultan kingdom "
    "republic people".split()
)
"""Words before "of" that keep a country its own ("President of France", "Kingdom of Saudi
Arabia"); before any other "X of" it is part of another name ("Bank of America", "Gulf of
Mexico")."""
_OF = re.compile(r"([A-Z][\w'’.-]*)\s+of\s+$")


def _read(run: str) -> tuple[str, str] | None:
    """The country a run of capitalised words stands for and how it names it: the run opens
    with a name of it (after "The"), and that name ends the run, is a possessive ("Brazil's
    Lula") or is followed by an office's words only ("US State Department"); None otherwise
    ("Jordan Bardella", "American Express", "Washington Post", "New Mexico")."""
    words = _WORD.findall(run)
    key = _key(run)
    skipped = len(words) - len(key)  # an opening "The"
    table = _table()
    for n in range(min(len(key), _LONGEST), 0, -1):
        if (found := table.get(key[:n])) is None:
            continue
        last = words[skipped + n - 1]
        if all(w in _OFFICE for w in key[n:]) or re.search(r"['’]s?$", last):
            return found
        return None
    return None


def country_of(name: str) -> str | None:
    """The two-letter code of the country a run of capitalised words stands for, however it
    names it ("Washington", "Tokyo's", "the Kremlin", "US State Department", "Russian Foreign
    Ministry"); None for any other name (:func:`_read`)."""
    found = _read(name)
    return None if found is None else found[0]


_RUN = re.compile(r"(?:[A-Z][\w'’.-]*[ \t]+)*[A-Z][\w'’.-]*")
_PART_OF = frozenset(
    "north south east west northern southern eastern western central latin upper lower".split()
)
"""Words before a country's name that make another place of it ("Northern Ireland", "South
America")."""


_THE_INSIDE = re.compile(r"(\S) (The )")
"""A "The" after a capitalised word opens another name ("Headline The United States' tariff":
a title without a full stop before its sentence)."""


def _matches(text: str) -> list[tuple[str, str, str]]:
    """Each run of capitalised words that names a country, with its code and how it names it
    (:func:`_read`); not one inside a longer name ("Bank of America", "Northern Ireland")."""
    found = []
    for m in _RUN.finditer(_THE_INSIDE.sub(r"\1\n\2", text)):
        before = text[: m.start()]
        if (o := _OF.search(before)) and o.group(1).lower() not in _TITLES:
            continue
        if before[-1:].isalpha() or before[-1:] == "-":
            continue  # inside a word ("anti-American")
        run = m.group()
        first = run.split()[0].lower()
        if first in _PART_OF:
            continue
        if (read := _read(run)) is not None:
            found.append((run, *read))
    return found


ANY_WAY = frozenset({NAME, SEAT, PEOPLE})
BY_NAME = frozenset({NAME})


@lru_cache(maxsize=4096)
def countries_in(text: str, by: frozenset[str] = ANY_WAY) -> frozenset[str]:
    """The countries a text names, in the ways ``by`` ("Washington" names the United States
    as its seat of government, but may be the city or the state: :data:`BY_NAME` leaves it
    out)."""
    return frozenset(code for _, code, kind in _matches(text) if kind in by)


def country_spans(text: str) -> list[tuple[str, str]]:
    """The names of countries in a text, as written, each with its country's code."""
    return [(run, code) for run, code, _ in _matches(text)]
