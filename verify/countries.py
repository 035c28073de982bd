"""Which country a name stands for: its name, another spelling, its capital, its people, or an
office named after it.

News names a state many ways: "Washington refused to restore ties with Cuba" is the United
States refusing; "Tokyo's central bank" is Japan's; "the US State Department" speaks for its
country. The rules that tell another doer from the claim's own (:mod:`verify.cues`) ask this
before they read a sentence as about someone else: without it a capital standing for the
claim's own country read as another party, and its denial no longer refuted anything.

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
    "Washington": "US",
    "Britain": "GB",
    "Great Britain": "GB",
    "U.K.": "GB",
    "Downing Street": "GB",
    "Whitehall": "GB",
    "Kremlin": "RU",
    "Elysee": "FR",
    "Élysée": "FR",
    "Holland": "NL",
    "The Hague": "NL",
    "Turkiye": "TR",
    "Türkiye": "TR",
    "Czechia": "CZ",
    "Saudi": "SA",
    "Emirates": "AE",
    "Kyiv": "UA",
    "Kiev": "UA",
    "Tel Aviv": "IL",
}
"""Names news gives a state that the table lacks or narrows away ("Washington D.C." is its
capital there; "Holland" shares no word with "Netherlands")."""
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


@lru_cache(maxsize=1)
def _table() -> dict[tuple[str, ...], str]:
    """Every way of naming a country, as :func:`_key` reads it, to its two-letter code; where
    two share one ("Indian", "Chinese"), the more populous keeps it."""
    import countryinfo  # a 2 MB table, read on first use only

    table: dict[tuple[str, ...], str] = {}

    def add(name: object, code: str) -> None:
        if not isinstance(name, str) or not name.strip():
            return
        if _CODE.fullmatch(name) and name not in _CODES:
            return
        key = _key(name)
        if key and len(key) <= _LONGEST and key not in _AMBIGUOUS:
            table.setdefault(key, code)

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
        add(name, code)
        for alt in others:
            add(alt, code)
        if population >= _OTHERS_FROM:
            capital = info.get("capital")
            for city in capital if isinstance(capital, list) else [capital]:
                add(city, code)
            for people in str(info.get("demonym") or "").split(","):
                add(people, code)
    for alias, code in _MORE.items():
        add(alias, code)
    return table


def country_of(name: str) -> str | None:
    """The two-letter code of the country a run of capitalised words stands for: a name of it
    ("Washington", "Tokyo's", "the Kremlin"), or one followed by an office's words only ("US
    State Department", "Russian Foreign Ministry"); None for any other name ("Jordan
    Bardella", "New York")."""
    key = _key(name)
    table = _table()
    for n in range(min(len(key), _LONGEST), 0, -1):
        if (code := table.get(key[:n])) is not None:
            return code if all(w in _OFFICE for w in key[n:]) else None
    return None


_RUN = re.compile(r"(?:[A-Z][\w'’.-]*\s+)*[A-Z][\w'’.-]*")
_PART_OF = frozenset(
    "north south east west northern southern eastern western central latin upper lower".split()
)
"""Words before a country's name that make another place of it ("Northern Ireland", "South
America")."""


def _matches(text: str) -> list[tuple[str, str]]:
    """Each span of a run of capitalised words that names a country, with its code: "US
    President Joe Biden" names the United States, "talks between Abu Dhabi and Damascus" the
    United Arab Emirates and Syria."""
    found = []
    table = _table()
    for run in _RUN.finditer(text):
        words = run.group().split()
        i = 0
        while i < len(words):
            for n in range(min(len(words) - i, _LONGEST), 0, -1):
                span = " ".join(words[i : i + n])
                code = table.get(_key(span))
                if code is not None and not (i and words[i - 1].lower() in _PART_OF):
                    found.append((span, code))
                    i += n
                    break
            else:
                i += 1
    return found


@lru_cache(maxsize=4096)
def countries_in(text: str) -> frozenset[str]:
    """The countries a text names, by any of their names."""
    return frozenset(code for _, code in _matches(text))


def country_spans(text: str) -> list[tuple[str, str]]:
    """The names of countries in a text, as written, each with its country's code."""
    return _matches(text)
