"""Who says it: a sentence's statement without its attribution.

News states most facts through someone: "…, police said", "According to the union, …",
"Investigators believe …". The verifier, trained mostly on bare statements, reads such a
sentence as saying less than it does ("Investigators believe the thieves entered through a
skylight" scores "none" 0.99 against "The thieves got in through a skylight"; without its first
two words, "supports" 0.99). :func:`unattributed` gives the judge the statement to read as well;
the sentence itself, not this reading, is what a report quotes.

Only plain reporting verbs are taken off ("said", "told reporters that", "according to",
"believe"), and only from a speaker who vouches for the statement: "alleged", "denied", "did
not say", "falsely said", "initially said", "few economists believe", "critics said" and
"according to unconfirmed reports" change what is stated, and the sentence stays whole.
"""

from __future__ import annotations

import re

from .cues import about_saying, denies_anything
from .metadata import WEEKDAY

_WHEN = (
    r"(?:\s+(?:(?:late\s+|early\s+)?on|last|this)\s+[\w'’.-]+"
    rf"|\s+(?:(?:late|early)\s+)?{WEEKDAY}|\s+(?:yesterday|today|earlier|later)"
    r"|\s+(?:in|at)\s+(?:a|an|the)\s+(?:[\w'’.-]+\s+(?!on\b|in\b|at\b|that\b))?[\w'’.-]+){0,2}"
)
"""When or where it was said ("said on Monday", "said Tuesday", "said in a statement", "at a
news conference")."""
_SPEAKER = r"(?!(?:and|but|or|which|who|that|while)\b)[^,;:\"“”()\[\]]{1,60}?"
"""Who said it: a short phrase with no punctuation of its own ("police spokesman Idris Kalu")."""
_NAMED = r"(?:,\s*[^,;:\"“”()\[\]]{1,40}?,)?"
"""The speaker's name or role after it ("its chief executive, Erik Halvorsen, told …", "Ruth
Banda, a company spokeswoman, said")."""
_TOLD = rf"told(?:\s+(?:reporters|journalists){_WHEN}(?:\s+that)?|(?:\s+[\w'’.-]+){{1,5}}?\s+that)"
"""Told whom: "told reporters", or anyone up to "that" ("told a news conference that"). Without
"that" the object has no end ("told the BBC the bridge …", "told passengers to remain …")."""

_TRAILING = re.compile(
    rf",(?P<quote>[\"”’]?)\s+(?:(?P<who>{_SPEAKER}){_NAMED}\s+"
    rf"(?:said|says|say|added|noted|explained|wrote|stated|announced|confirmed|reported|"
    rf"told(?:\s+[\w'’.-]+){{1,5}}?){_WHEN}"
    rf"|according\s+to\s+(?P<source>{_SPEAKER})"
    rf"|(?<=[\"”’]\s)said\s+[A-Z][^;:\"“”]{{0,120}}?)\s*[.!]?\s*$"
)
"""Attribution after the statement: "…, Kalu said." / "…," she told reporters. / "…, according
to the regional police." / "…," said Hanna Roest, an analyst at Kestrel Research." After a comma
(or a quote's closing comma) only: "The jury said." is a statement of its own; "said Hanna Roest"
only after a quote ("The mayor, who took office in 2018, said Monday's storm …" is no quote)."""

_LEADING = re.compile(
    r"^(?:according\s+to\s+(?P<source>[^,;:]{1,60}?)"
    r"(?:,\s*[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,3})?,\s*"
    r"|(?P<who>[A-Z][\w'’.-]*(?:\s+[\w'’.-]+){0,7}?)\s+"
    rf"(?:(?:said|says|believes?|believed|thinks?){_WHEN}(?:\s+that)?"
    rf"|(?:{_TOLD}|(?:announced|confirmed|reported|added|noted|explained|wrote|stated|"
    rf"estimated){_WHEN}\s+that))\s+)",
    re.IGNORECASE,
)
"""Attribution before the statement: "According to its spokeswoman, Marta Ellery, …" / "The
company said on Monday that …" / "Investigators believe …". Verbs that also take a thing as
their object need "that": "The company reported a loss …" states the loss itself."""
_CLAUSE_WORD = re.compile(
    r"\b(?:that|which|who|whom|whose|whether|if|when|is|are|was|were|be|been|has|have|had|"
    r"will|would|can|could|may|might|should|did|does|do|used)\b",
    re.IGNORECASE,
)
_DOUBT = re.compile(
    r"\b(?:falsely|wrongly|incorrectly|mistakenly|erroneously|initially|originally|first|"
    r"once|earlier|previously|formerly|briefly|few|only|some|many|most|several|no|critics?|"
    r"opponents?|sceptics?|skeptics?|activists?|campaigners?|protesters?|conspiracy|theorists?|"
    r"prosecutors?|lawyers?|rumou?rs?|unconfirmed|unverified|unnamed|debunked|false|fake|"
    r"social|posts?|claims?|allegations?|speculation|reports?)\b",
    re.IGNORECASE,
)
"""Words that make the speaker no warrant for the statement: it said so wrongly or once ("Trump
falsely said …", "Police initially said …"), is a few or a side ("Few economists believe …",
"Critics said …", "prosecutors said"), or is hearsay ("According to unconfirmed reports …",
"According to rumours on social media …")."""


def _vouches(who: str | None) -> bool:
    """Whether what stands where the speaker goes is only a speaker who vouches for the
    statement: "The union alleges that managers were [told]", "Police never [said]" and the
    words of :data:`_DOUBT` are more than that."""
    if who is None:
        return True
    return not (_CLAUSE_WORD.search(who) or denies_anything(who) or _DOUBT.search(who))


_PRONOUN = re.compile(
    r"^(?:he|she|it|they|we|i|its|his|her|their|our|this|that|him|them|us|me|who|which|whose|"
    r"where|to)\b",
    re.IGNORECASE,
)
"""A statement whose subject is the speaker ("The company said it would …") or no statement at
all ("According to police, who arrived …"): left whole."""
_MIN_WORDS = 4
_BELIEF = re.compile(
    r"\b(?:believ\w*|think\w*|thought|estimat\w*|suspect\w*|expect\w*|doubt\w*|fear\w*)\b", re.I
)
"""Verbs of belief in a claim ("Most economists believe …"): the believing is what it checks."""


def unattributed(sentence: str) -> str | None:
    """The statement a sentence attributes to someone, without the attribution; None when it
    has none to take off (or taking it off would leave too little, or the speaker as "it")."""
    text = " ".join(sentence.split())
    bare = _without_trailing(text)
    if bare is None:
        return None
    lead = _LEADING.match(bare)
    if lead and _vouches(lead.group("who")) and _vouches(lead.group("source")):
        rest = bare[lead.end() :]
        if _PRONOUN.match(rest) or len(rest.split()) < _MIN_WORDS:
            return None
        bare = rest[0].upper() + rest[1:] if rest[0].isalpha() else rest
    if bare == text or len(bare.split()) < _MIN_WORDS:
        return None
    return bare


def _without_trailing(text: str) -> str | None:
    """``text`` less an attribution at its end, the statement ending with a full stop (inside
    the quote it closes, if any); None when a doubtful speaker says it (:func:`_vouches`)."""
    m = _TRAILING.search(text)
    if m is None or m.start() == 0:
        return text
    if not (_vouches(m.group("who")) and _vouches(m.group("source"))):
        return None
    statement = text[: m.start()]
    return statement + ("" if statement.endswith(".") else ".") + m.group("quote")


def read_bare(claim: str, sentence: str) -> str | None:
    """What the judge reads besides ``sentence`` for ``claim``: its statement without who said
    it, unless the claim is itself about what was said or believed ("The minister said …",
    "Most economists believe …"): then who said it is part of what is checked."""
    if about_saying(claim) or _BELIEF.search(claim):
        return None
    return unattributed(sentence)
