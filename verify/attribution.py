"""Who says it: a sentence's statement without its attribution.

News states most facts through someone: "…, police said", "According to the union, …",
"Investigators believe …". The verifier, trained mostly on bare statements, reads such a
sentence as saying less than it does ("Investigators believe the thieves entered through a
skylight" scores "none" 0.99 against "The thieves got in through a skylight"; without its first
two words, "supports" 0.99). :func:`unattributed` gives the judge the statement to read as well;
the sentence itself, not this reading, is what a report quotes.

Only plain reporting verbs are taken off ("said", "told reporters", "according to", "believe"):
"alleged", "claimed", "denied" or "did not say" change what is stated, and stay.
"""

from __future__ import annotations

import re

from .cues import about_saying, denies_anything

_VERB = (
    r"(?:said|says|added|noted|explained|wrote|stated|announced|confirmed|reported|"
    r"told(?:\s+[\w'’.-]+){1,5}?)"
)
"""A plain reporting verb (with whom it was told: "told reporters", "told a news conference")."""
_WHEN = (
    r"(?:\s+(?:(?:late\s+|early\s+)?on|last|this)\s+[\w'’.-]+"
    r"|\s+(?:in|at)\s+(?:a|an|the)\s+(?:[\w'’.-]+\s+(?!on\b|in\b|at\b|that\b))?[\w'’.-]+){0,2}"
)
"""When or where it was said ("said on Monday", "said in a statement", "at a news
conference")."""
_SPEAKER = r"(?!(?:and|but|or|which|who|that|while)\b)[^,;:\"“”()\[\]]{1,60}?"
"""Who said it: a short phrase with no punctuation of its own ("police spokesman Idris Kalu")."""
_NAMED = r"(?:,\s*[^,;:\"“”()\[\]]{1,40}?,)?"
"""The speaker's name or role after it ("its chief executive, Erik Halvorsen, told …", "Ruth
Banda, a company spokeswoman, said")."""

_TRAILING = re.compile(
    rf",(?P<quote>[\"”’]?)\s+(?:{_SPEAKER}{_NAMED}\s+{_VERB}{_WHEN}|according\s+to\s+{_SPEAKER}"
    rf"|said\s+[A-Z][^;:\"“”]{{0,120}}?)\s*[.!]?\s*$"
)
"""Attribution after the statement: "…, Kalu said." / "…," she told reporters. / "…, according
to the regional police." / "…, said Hanna Roest, an analyst at Kestrel Research." After a comma
(or a quote's closing comma) only: "The jury said." is a statement of its own."""

_LEADING = re.compile(
    r"^(?:according\s+to\s+[^,;:]{1,60}?(?:,\s*[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,3})?,\s*"
    rf"|(?P<who>[A-Z][\w'’.-]*(?:\s+[\w'’.-]+){{0,7}}?)\s+"
    rf"(?:said|says|told(?:\s+[\w'’.-]+){{1,4}}?|believes?|believed|thinks?|estimated?|estimates|"
    rf"announced|confirmed|reported|added|noted|explained|wrote|stated){_WHEN}(?:\s+that)?\s+)",
    re.IGNORECASE,
)
"""Attribution before the statement: "According to its spokeswoman, Marta Ellery, …" /
"The company said on Monday that …" / "Investigators believe …"."""
_CLAUSE_WORD = re.compile(
    r"\b(?:that|which|who|whom|whose|whether|if|when|is|are|was|were|be|been|has|have|had|"
    r"will|would|can|could|may|might|should|did|does|do)\b",
    re.IGNORECASE,
)


def _speaker(who: str | None) -> bool:
    """Whether what comes before a leading reporting verb is only who said it: "The union
    alleges that managers were [told]" and "Police never [said]" are more than a speaker."""
    if who is None:
        return True  # "According to …"
    return not _CLAUSE_WORD.search(who) and not denies_anything(who)


_PRONOUN = re.compile(r"^(?:he|she|it|they|we|i|its|his|her|their|our|this|that)\b", re.I)
"""A statement whose subject is the speaker ("The company said it would …"): left whole."""
_MIN_WORDS = 4


def unattributed(sentence: str) -> str | None:
    """The statement a sentence attributes to someone, without the attribution; None when it
    has none to take off (or taking it off would leave too little, or the speaker as "it")."""
    text = " ".join(sentence.split())
    bare = _without_trailing(text)
    lead = _LEADING.match(bare)
    if lead and _speaker(lead.group("who")):
        rest = bare[lead.end() :]
        if not _PRONOUN.match(rest) and len(rest.split()) >= _MIN_WORDS:
            bare = rest[0].upper() + rest[1:]
    if bare == text or len(bare.split()) < _MIN_WORDS:
        return None
    return bare


def _without_trailing(text: str) -> str:
    """``text`` less an attribution at its end, the statement ending with a full stop (inside
    the quote it closes, if any)."""
    m = _TRAILING.search(text)
    if m is None or m.start() == 0:
        return text
    statement = text[: m.start()]
    return statement + ("" if statement.endswith(".") else ".") + m.group("quote")


def read_bare(claim: str, sentence: str) -> str | None:
    """What the judge reads besides ``sentence`` for ``claim``: its statement without who said
    it, unless the claim is itself about what was said ("The minister said …"): then who said
    it is part of what is checked."""
    if about_saying(claim):
        return None
    return unattributed(sentence)
