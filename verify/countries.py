"""Which country a name stands for: its name, another spelling, an office named after it, its
capital or its people.

News names a state many ways: "Washington refused to restore ties with Cuba" is the United
States refusing; "Tokyo's central bank" is Japan's; "the US State Department" speaks for its
country. The rules that tell another doer from the claim's own (:mod:`verify.cues`) ask this
before they read a sentence as about someone else: without it a capital standing for the
claim's own country read as another party, and its denial no longer refuted anything.

A run of capitalised words names a country when it opens with one of its names (after "The")
and that name ends the run, owns what follows ("Brazil's Lula") or is followed by an office's
words ("US State Department"): not "Jordan Henderson", "American Express", "Washington Post".

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
    "Washington": "US",
    "The Hague": "NL",
    "Kyiv": "UA",
    "Kiev": "UA",
    "Tel Aviv": "IL",
}
"""Names, offices and seats of government news gives a state that the table lacks or narrows
away ("Holland" shares no word with "Netherlands"; the capital there is "Washington D.C.")."""
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


def country_of(run: str) -> str | None:
    """The two-letter code of the country a run of capitalised words stands for, however it
    names it ("Washington", "Tokyo's", "the Kremlin", "US State Department"): the run opens
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
