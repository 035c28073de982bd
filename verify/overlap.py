"""Word overlap between a claim and a sentence: a free, explainable relevance gate.

A cross-encoder reading 20 sentences per source will, by chance, score one unrelated sentence
as supports or refutes. A sentence that shares too few of the claim's content words (after
crude stemming; numbers count) cannot be evidence for or against it, whatever the model says.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from .quantities import MEASURE_OF, without_days

_STOP = frozenset(
    """
    a an the and or but if of to in on at by for with from as is are was were be been being
    has have had do does did not no nor so than that this these those it its their they them
    he she his her we our you your i me my will would shall should can could may might must
    about into over after before under again further then once there here when where why how
    all any both each few more most other some such only own same too very just also said says
    say according while during between through up down out off what which who whom whose
    nobody nothing nowhere
    """.split()
)
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*|\d[\d,.]*")


def terms(text: str) -> set[str]:
    """Content words, lower-cased and cut to a 5-letter stem (Syria/Syrian → syria)."""
    return {s for w in _WORD.findall(text) for s in _word_stems(w)}


_POSSESSIVE = re.compile(r"['’]s$")
"""A possessive's "'s": "HBC's contract" names the HBC of "a dispute with HBC" (cut to five
letters, a short name kept it: "hbc's", "iran'")."""


def _word_stems(word: str) -> list[str]:
    """One word's stems: a number as written (commas dropped), a hyphenated word by its parts
    of three letters or more ("five-year" shares "five" and "year" with "five years";
    "al-Assad" is "assad"), any other by its first five letters; none for a stop word."""
    w = _POSSESSIVE.sub("", word.lower()).strip("'’-.,")
    if not w or w in _STOP:
        return []
    if w[0].isdigit():
        return [w.replace(",", "")]
    if "-" in w:
        return [_stem(p) for p in w.split("-") if len(p) >= 3 and p not in _STOP]
    return [_stem(w)]


def _stem(word: str) -> str:
    """The first five letters; a unit of measure by its one name, however it is written
    ("540 kilometres" and "540 km" share "km")."""
    return MEASURE_OF.get(word[:5], word[:5])


def coverage(claim_terms: set[str] | frozenset[str], text: str) -> float:
    """Share of the claim's content words that occur in ``text``."""
    return covered(claim_terms, terms(text))


def covered(claim_terms: set[str] | frozenset[str], have: set[str] | frozenset[str]) -> float:
    """Share of the claim's content words among ``have`` (a text's :func:`terms`, when they
    are needed again)."""
    if not claim_terms:
        return 1.0
    return len(claim_terms & have) / len(claim_terms)


_NAME = re.compile(r"\b[A-Z][A-Za-z'’-]+")


def names(text: str) -> set[str]:
    """Capitalised words after the first (which is capitalised anyway), stemmed like terms.
    Days of the week and months are dates, not names: "on a Thursday" is what a sentence about
    the same ruling contradicts ("ruled on Friday"), not part of what it must be about."""
    first = len(text) - len(text.lstrip())
    found = [m.group() for m in _NAME.finditer(without_days(text)) if m.start() != first]
    return _stems(found, text)


def all_names(text: str) -> set[str]:
    """Every capitalised word, the first included (stemmed like terms, stop words left out):
    in a claim the first word is often its subject ("Smith won the prize"). Days and months
    are no names (see :func:`names`)."""
    return _stems(_NAME.findall(without_days(text)), text)


def _stems(words: list[str], text: str) -> set[str]:
    """Names stemmed as :func:`terms` stems words, and only those ``terms`` reads in the same
    text, so that they can be looked up among a text's terms ("Tern-2" → "tern", not "tern-";
    the "EU" of "pro-EU" is a part too short for ``terms``, so no name either)."""
    return {s for w in words for s in _word_stems(w)} & terms(text)


def subject_names(claim: str) -> list[set[str]]:
    """What the claim names, each a set of stems met when half of it is in a text: its names
    after the first word (:func:`names`), one by one, and a name of several words it opens
    with as one ("Leeds City Council approved …" names Leeds City Council: "Councillors in
    Leeds" meets it, "Councillors in York" does not; "Royal Navy ships" is met by "a navy
    ship"). A first word alone ("Police arrested …", "Twelve people …") is no name."""
    first = _RUN.match(without_days(claim).lstrip())
    opening = _stems(first.group().split(), claim) if first else set()
    if len(opening) < 2:
        opening = set()
    return ([opening] if opening else []) + [{n} for n in names(claim) - opening]


def same_subject(claim: str, text: str) -> bool:
    """Whether ``text`` is about what the claim names: most of the claim's names
    (:func:`subject_names`; when it has none, half its content words) occur in it. A date that
    differs only refutes a claim when the sentence speaks of the same thing."""
    wanted = subject_names(claim)
    if not wanted:
        return coverage(terms(claim), text) >= 0.5
    have = terms(text)
    met = sum(2 * len(name & have) >= len(name) for name in wanted)
    return met / len(wanted) >= 0.6


_RUN = re.compile(r"\b[A-Z][A-Za-z'’-]*(?:\s+[A-Z][A-Za-z'’-]*)*")


def name_runs(text: str) -> list[tuple[str, ...]]:
    """Each run of capitalised words ("United Arab Emirates", "Syria"), as its stems in order
    (an initial such as the "J" of "Donald J. Trump" left out)."""
    runs = []
    for m in _RUN.finditer(without_days(text)):
        stems = [s for w in m.group().split() for s in _word_stems(w) if len(s) > 1]
        if stems:
            runs.append(tuple(dict.fromkeys(stems)))
    return runs


def _same_name(run: tuple[str, ...], other: tuple[str, ...]) -> bool:
    """Whether two runs may name the same thing: one holds the other's words ("Assad" in
    "Bashar al-Assad", "the League" for "Arab League"), or they end in the same word, the head
    of a name ("President Biden" and "Joe Biden"; "South Korea" and "North Korea" too, which
    this cannot tell apart)."""
    a, b = set(run), set(other)
    return a <= b or b <= a or run[-1] == other[-1]


def foreign(claim_runs: Sequence[tuple[str, ...]], text: str) -> set[str]:
    """The claim's words that ``text`` has only inside another name: "Arab" of "United Arab
    Emirates" is not the "Arab" of the claim's "Arab League" (the two end in other words, so
    they name other things)."""
    own = [r for r in claim_runs if len(r) > 1]
    if not own:
        return set()
    claimed = {w for r in own for w in r}
    blocked: set[str] = set()
    kept: set[str] = set()
    for run in name_runs(text):
        hit = set(run) & claimed
        if not hit:
            continue
        if any(_same_name(run, n) for n in claim_runs if set(n) & set(run)):
            kept |= hit
        else:
            blocked |= hit
    if not blocked:
        return set()
    # a word the text also has outside any name run ("Arab states", lower-case uses) stays
    loose = terms(_RUN.sub(" ", without_days(text)))
    return blocked - kept - loose
