"""Which country a name stands for: its name, another spelling, its capital, its people, or an
office named after it.

News names a state many ways: "Washington refused to restore ties with Cuba" is the United
States refusing; "Tokyo's central bank" is Japan's; "the US State Department" and "Russian
officials" speak for their countries. The rules that tell another doer from the claim's own
(:mod:`verify.cues`) ask this before they read a sentence as about someone else: without it a
capital standing for the claim's own country read as another party, and its denial no longer
refuted anything. The table is countryinfo's (MIT: names, other spellings, capitals,
demonyms) with a few offices news uses for a state (the Kremlin, the White House).
"""

from __future__ import annotations

import re
from functools import lru_cache

_OFFICES = {
    "America": "US",
    "U.S.": "US",
    "U.S.A.": "US",
    "White House": "US",
    "Pentagon": "US",
    "Washington": "US",
    "Britain": "GB",
    "U.K.": "GB",
    "Downing Street": "GB",
    "Whitehall": "GB",
    "Kremlin": "RU",
    "Elysee": "FR",
    "Élysée": "FR",
}
"""Names news gives a state that countryinfo does not list (its capital is "Washington D.C.")."""
_CODES = frozenset({"US", "USA", "UK", "UAE", "DRC", "PRC", "ROK", "DPRK"})
"""Letter codes read as names in running text; the rest ("IT", "IN", "NO", "AT") are words."""
_CODE = re.compile(r"[A-Z]{2,3}")
_WORD = re.compile(r"[^\s]+")
_RUN = re.compile(r"(?:[A-Z][\w'’.-]*\s+)*[A-Z][\w'’.-]*")
_LONGEST = 6


def _key(text: str) -> tuple[str, ...]:
    """A name's words as looked up: lower case, without dots ("U.S." is "us"), a possessive
    ("Tokyo's") or an opening "the"."""
    words = [
        re.sub(r"['’]s$", "", w).replace(".", "").strip(",;:'’\"()").lower()
        for w in _WORD.findall(text)
    ]
    words = [w for w in words if w]
    return tuple(words[1:] if words[:1] == ["the"] else words)


@lru_cache(maxsize=1)
def _tables() -> tuple[dict[tuple[str, ...], str], frozenset[tuple[str, ...]]]:
    """Every way of naming a country, as :func:`_key` reads it, to its two-letter code, and
    which of those ways are demonyms only ("Egyptian"). Where two countries share one
    ("Indian", "Chinese"), the more populous keeps it."""
    import countryinfo  # a 2 MB table, read on first use only

    table: dict[tuple[str, ...], str] = {}
    demonyms: set[tuple[str, ...]] = set()

    def add(name: object, code: str, demonym: bool = False) -> None:
        if not isinstance(name, str) or not name.strip():
            return
        if _CODE.fullmatch(name) and name not in _CODES:
            return
        key = _key(name)
        if key and len(key) <= _LONGEST and key not in table:
            table[key] = code
            if demonym:
                demonyms.add(key)

    rows = []
    for country in countryinfo.all_countries():
        info = country.info()
        code = (info.get("ISO") or {}).get("alpha2")
        if code:
            rows.append((int(info.get("population") or 0), code, info))
    rows.sort(key=lambda r: -r[0])
    for _, code, info in rows:
        capital = info.get("capital")
        for name in [
            info.get("name"),
            *(info.get("altSpellings") or []),
            *(capital if isinstance(capital, list) else [capital]),
        ]:
            add(name, code)
    for name, code in _OFFICES.items():
        add(name, code)
    for _, code, info in rows:
        for name in str(info.get("demonym") or "").split(","):
            add(name, code, demonym=True)
    return table, frozenset(demonyms)


def _table() -> dict[tuple[str, ...], str]:
    return _tables()[0]


def country_of(name: str) -> str | None:
    """The two-letter code of the country a name stands for, by its opening words ("US State
    Department" is the US's, "Russian Foreign Ministry" Russia's, "Tokyo's central bank"
    Japan's); None for any other name."""
    key = _key(name)
    table = _table()
    for n in range(min(len(key), _LONGEST), 0, -1):
        if (code := table.get(key[:n])) is not None:
            return code
    return None


def countries_in(text: str) -> set[str]:
    """Every country a text names, however it names it ("talks between Abu Dhabi and Damascus":
    the United Arab Emirates and Syria)."""
    found = set()
    table = _table()
    for run in _RUN.finditer(text):
        key = _key(run.group())
        for start in range(len(key)):
            for n in range(min(len(key) - start, _LONGEST), 0, -1):
                if (code := table.get(key[start : start + n])) is not None:
                    found.add(code)
                    break
    return found


def is_demonym(name: str) -> bool:
    """Whether a name is a people's ("Egyptian", "South Korean"), not a country's or its
    capital's: before a plural it is no doer ("Egyptian mediators said")."""
    return _key(name) in _tables()[1]
