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
import unicodedata
from functools import lru_cache

from .countries import country_of
from .cues import about_saying, denies_anything
from .metadata import WEEKDAY
from .overlap import terms

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


_CLAUSE_JOIN = re.compile(r"\b(?:after|before|because|since|until|as|while|if|once)\b", re.I)
"""A claim's "speaker" that is a clause ("Tesla recalled 2 million cars after regulators")."""
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


def speaker(sentence: str) -> str | None:
    """Who a sentence gives its statement to: the speaker of its attribution at its end
    ("…, the State Department spokesman said") or its start ("According to the regulator, …",
    "Police said …"); None when it names none, or only an outlet that "reported" it."""
    text = " ".join(sentence.split())
    m = _TRAILING.search(text)
    if m is not None and m.start() > 0:
        if re.search(r"\breported\b", m.group(0)):
            return None  # an outlet that reports it: who said it is inside ("Lavrov said …")
        who = m.group("who") or m.group("source")
        if who is None:  # '…," said Hanna Roest, an analyst'
            who = re.sub(r"^.*?\bsaid\s+", "", m.group(0).strip(" .!"))
        return who.strip()
    lead = _LEADING.match(text)
    if lead is not None:
        return (lead.group("who") or lead.group("source") or "").strip() or None
    return None


_PLURAL_NOUN = re.compile(r"^(?:[A-Z][a-z]+s|Police|People)$")
"""A claim's one-word speaker that is a noun, not a name ("Police", "Investigators")."""
_ROLE = re.compile(r"^(?:[Tt]he|[Aa]n?)\s+(?:[a-z][\w'’-]*\s+){0,2}[a-z][\w'’-]*$")
"""A speaker named by its role only, in lower case: "the board", "The centre", "the national
weather service"."""
_GO_BETWEEN = re.compile(
    r"^(?:spokes\w*|officials?|sources?|representatives?|aides?|statement|people|person|"
    r"group|team|office|staff|leader|premier|chancellor|chief|head|boss|president|secretary|"
    r"government|administration|department|presidency|cabinet|palace|newspaper|agency|media)$",
    re.IGNORECASE,
)
"""Roles that may stand for anyone's: a go-between ("a spokesman", "officials"), a leader's
second name ("the premier", "the chancellor", "the Kremlin chief") or an institution that
speaks for its head ("the department", "the presidency")."""
_JOINERS = frozenset({"of", "for", "and", "the", "on", "in", "de", "du", "la"})


_SHORT_FORMS = (
    (re.compile(r"\bCEO\b"), "chief executive"),
    (re.compile(r"\bPM\b"), "prime minister"),
    (re.compile(r"\bGroup of (?:Seven|7)\b", re.I), "G7"),
    (re.compile(r"\bGroup of (?:Twenty|20)\b", re.I), "G20"),
    (re.compile(r"\b[Pp]remier\b(?! League)"), "prime minister"),
)
"""Titles and groups news writes either way ("Pfizer's CEO", "Pfizer Chief Executive")."""
_DOTTED = re.compile(r"\b(?:[A-Z]\.){2,}")
"""Initials written with full stops ("U.N.", "E.U."), as some agencies' style has them."""
_ANYONES_TITLE = frozenset(terms("leader chief boss head executive premier president top"))
"""Words of a title an article gives in many ways ("Tesla boss Elon Musk" for "Tesla's
chief executive", "Russian President Vladimir Putin" for "Russia's leader"): no word to look
for."""
_OFFICES = {
    next(iter(terms(word))): frozenset(terms(others))
    for word, others in (
        ("minister", "secretary"),
        ("ministry", "department office secretary"),
        ("interior", "home"),
        ("finance", "treasury exchequer chancellor"),
        ("diplomat", "secretary minister envoy ambassador"),
        ("central", "bank"),
    )
}
"""Offices named otherwise in some countries' news ("Home Secretary" for "interior minister",
"the Treasury" for "finance ministry", "Bank of Japan" for "Japan's central bank")."""
_PARTICLES = frozenset("da de di do dos du la le van von der den bin al el ibn".split())
"""Lower-case words inside a person's name ("Lula da Silva", "von der Leyen")."""


def _plain(text: str) -> str:
    """Accents and curly apostrophes off ("Erdoğan", "O’Leary") and short forms written out
    (:data:`_SHORT_FORMS`), so that a name is met however an article spells it."""
    text = unicodedata.normalize("NFKD", text.replace("’", "'"))
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = _DOTTED.sub(lambda m: m.group().replace(".", ""), text)  # "U.N." is "UN"
    for short, long in _SHORT_FORMS:
        text = short.sub(long, text)
    return text


def _named(phrase: str, opens_text: bool) -> bool:
    """Whether a speaker phrase names someone in particular: a capitalised word that is not
    only capitalised for opening the text ("the State Department spokesman", "Reteval's chief
    executive", "The G7"; not "Police", "Investigators", "the spokesman")."""
    words = phrase.split()
    capitals = [i for i, w in enumerate(words) if w[:1].isupper()]
    if not capitals:
        return False
    if capitals != [0] or not opens_text:
        return True
    return not _PLURAL_NOUN.match(words[0]) and words[0].lower() not in ("the", "a", "an")


def _role(phrase: str) -> str | None:
    """The role a speaker is named by, where it is named by a role of its own: "minister" of
    "Greece's civil protection minister", "board" of "the board"; None for a name ("The G7",
    "Fenzi") or a role that may be anyone's (:data:`_GO_BETWEEN`)."""
    head = phrase.split()[-1]
    if not head[:1].islower() or _GO_BETWEEN.match(head):
        return None
    return head


def _country_only(phrase: str) -> bool:
    """A country, or a country's office, speaks through whoever it employs ("Washington", "The
    US", "US State Department"): a sentence's "the embassy spokesman" may be its."""
    return country_of(phrase) is not None and not re.search(r"['’]s\b", phrase)


def _speaker_words(phrase: str) -> set[str]:
    """The words a speaker is known by in an article: the last word of a name ("Putin" of
    "Russian President Vladimir Putin", "Araqchi" of "Iran's foreign minister Araqchi";
    articles name people so after the first mention), else its words less a country's name
    ("France's president" is "French President Macron") and a title an article may give
    otherwise (:data:`_ANYONES_TITLE`)."""
    words = _plain(phrase).split()
    person = [w for w in words if w.lower() not in _PARTICLES]
    if len(person) >= 2 and person[-1][:1].isupper() and person[-1] != person[0]:
        return terms(person[-1])  # "Russian President Vladimir Putin", "the Bank of Japan"
    return {t for w in words if country_of(w) is None for t in terms(w)} - _ANYONES_TITLE


def _initials(run: list[str]) -> str:
    return "".join(w[0] for w in run if w.lower() not in _JOINERS).upper()


def _acronyms(phrase: str) -> set[str]:
    """What a speaker may be called in capitals: its own acronym ("The CDC") or the initials
    of its capitalised words ("The International Monetary Fund" → IMF)."""
    words = re.findall(r"[A-Za-z][\w'-]*", _plain(phrase))
    own = {w.upper() for w in words if len(w) >= 2 and re.fullmatch(r"[A-Z][a-z]?[A-Z0-9]+", w)}
    named = [w for w in words if w[:1].isupper() or w.lower() in _JOINERS]
    while named and named[0].lower() in _JOINERS:
        named = named[1:]
    if named and country_of(named[0]) is not None and len(named) > 2:
        variants = [named, named[1:]]  # "Britain's Competition and Markets Authority": CMA
    else:
        variants = [named]
    found = set(own)
    for run in variants:
        for caps in (_initials(run), "".join(w[0] for w in run if w.lower() != "the").upper()):
            if len(caps) >= 2:
                found.add(caps)  # with and without "of": "Bank of England" is BE and BOE
    return found


def _met(wanted: set[str], have: set[str]) -> bool:
    """Every wanted word among ``have``, a short form counting for its long one ("Fed" for
    "Federal")."""
    return all(
        w in have
        or bool(_OFFICES.get(w, frozenset()) & have)
        or any((len(w) >= 3 and h.startswith(w)) or (len(h) >= 3 and w.startswith(h)) for h in have)
        for w in wanted
    )


def _same_speaker(mine: str, theirs: str) -> bool:
    """Whether two speaker phrases may name the same speaker: they share a word (a short form
    counting for its long one), or one's capitals are the other's initials ("IMF Managing
    Director Kristalina Georgieva" for "The International Monetary Fund")."""
    a, b = terms(_plain(mine)), terms(_plain(theirs))
    if any(_met({w}, b) for w in a if len(w) >= 3) or a & b:
        return True
    return bool(_acronyms(mine) & _acronyms(theirs)) or any(
        x.startswith(y) or y.startswith(x)
        for x in _acronyms(mine)
        for y in _acronyms(theirs)
        if min(len(x), len(y)) >= 2
    )


def _named_in(mine: str, text: str) -> bool:
    """Whether a text names the claim's speaker: all its words in one sentence
    (:func:`_speaker_words`), or its acronym ("IMF" for "The International Monetary Fund", "the
    Centers for Disease Control" for "The CDC")."""
    text = _plain(text)
    wanted = _speaker_words(mine)
    if not wanted:
        return True  # nothing to look for: it may be named
    for line in re.split(r"(?<=[.!?])\s+|\n\s*\n", text):  # a wrapped line goes on
        if _met(wanted, terms(line)):
            return True
    mine_caps = _acronyms(mine)
    for caps in mine_caps:
        if re.search(rf"\b{re.escape(caps)}\b", text, re.IGNORECASE if len(caps) > 2 else 0):
            return True
    for run in re.finditer(r"[A-Z][\w'-]*(?:\s+(?:(?:of|for|and|the)\s+)?[A-Z][\w'-]*)+", text):
        if _acronyms(run.group()) & mine_caps:
            return True
    return False


@lru_cache(maxsize=256)
def _claims_speaker(claim: str) -> str | None:
    """Who a claim says said it ("The G7" of "The G7 said …"), read once per claim."""
    lead = _LEADING.match(" ".join(claim.split()))
    return None if lead is None else (lead.group("who") or lead.group("source"))


def said_by_another(claim: str, sentence: str, around: str = "", article: str = "") -> bool:
    """Whether a claim that someone said something ("The G7 said it would …") meets a sentence
    that gives its statement to another speaker (a named one, "…, the State Department
    spokesman said"; or, where the claim's speaker is a named role, another role: "The centre
    said …" for "Greece's civil protection minister said …"), in an ``article`` that never
    names the claim's speaker. Aliases abound in real text ("the Fed chief", "ECB President
    Christine Lagarde", "French President Macron" for "France's president"), so that the
    words of two speakers differ is no proof that they differ; an article that never names the
    claim's speaker at all is (:func:`_named_in`). ``around``: the sentence's context and its
    title, read as the article where none is given. Never for a country alone, which speaks
    through its officials."""
    mine = _claims_speaker(claim)
    if mine is None:
        return False
    theirs = speaker(sentence)
    if not theirs or not _vouches(mine) or not _vouches(theirs):
        return False
    if _PRONOUN.match(theirs) or _country_only(mine) or _country_only(theirs):
        return False
    if not _named(mine, True) or _CLAUSE_JOIN.search(mine):
        return False
    opens = " ".join(sentence.split()).startswith(theirs)
    if not _named(theirs, opens) and (
        _role(mine) is None or not _ROLE.match(theirs) or _role(theirs) is None
    ):
        return False  # "the spokesman", "Police": anyone's
    if _same_speaker(mine, theirs):
        return False
    return not _named_in(mine, f"{around} {sentence} {article}")
