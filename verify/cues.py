"""Polarity and exclusivity cues between a claim and a sentence, read from the words.

A small cross-encoder sees "no question of the US normalising relations" and "the US will
normalise relations" as nearly the same text, and "Jones became the first woman to win" as
support for "Smith was the first woman to win". These cues let the local judge correct it with
rules that can be stated and tested: a negation counts only where it governs the claim's own
words; a "first"/"only" held by someone else contradicts the claim.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .countries import country_of
from .metadata import MONTHS, WEEKDAY
from .overlap import _POSSESSIVE, _STOP, _WORD, all_names, terms
from .quantities import DAY, Quantities, bears_out, comparable, extract, without_days

_NEGATION = re.compile(
    r"\b(not|no|never|none|nobody|nothing|nowhere|nor|neither|without|cannot|refus\w*|den(?:y|ies|ied)|reject\w*|"
    r"ruled? out|rules out|no longer|fail(?:s|ed|ing)?\s+to|unable to|"
    r"(?:is|are|was|were|be|been|now|seems?|seemed|looks?|looked|remains?|remained|appears?|"
    r"appeared)\s+(?:(?:highly|very|most|extremely|increasingly)\s+)?unlikely|"
    r"declin(?:e|es|ed|ing) (?:to )?(?=(?:comment|say|answer|"
    r"respond|elaborate|discuss|confirm|name|identify|disclose|reveal|specify|speak|give details)"
    r"\b))\b"
    r"|n[’']t\b",
    re.IGNORECASE,
)
"""Words that negate what follows them in their clause: "not", "never", "denied", "failed to"
("failed to unfold" is "did not unfold"; a bare "failed" is not: :func:`failed_as_claimed`),
"unable to", "unlikely" as what something is ("are now
unlikely before December"; "an unlikely winner" won), and
"declined to" before a word of speech ("declined to comment" is "refused to comment"; "declined
to 4.1 percent" is a fall)."""
_IDIOM = re.compile(
    r"\b(not only|not least|no (?:fewer|more|less|later|earlier|sooner) than|nothing but|"
    r"nothing (?:short of|less than|more than)|no(?:body| one) but|"
    r"no(?:body| one) (?:(?:did|does|has|had|is|was) )?(?:more|better|less) than|"
    r"no doubt|without (?:doubt|delay|question)|not just)\b",
    re.IGNORECASE,
)
_WITHHOLDING = re.compile(
    r"(?:not|never|n[’']t|declin\w*(?: to)?|refus\w*(?: to)?|fail\w*(?: to)?|unable to)$", re.I
)
"""Negations a statement can be withheld with ("has not said", "declined to comment"); not a
determiner: "no clear evidence", "no confirmed cases" deny the evidence and the cases."""
_UNSAID = re.compile(
    r"\s*(?:(?:yet|been|be|have|has|had|publicly|officially|immediately|so\s+far|to)\s+)*"
    r"(?:comment\w*\b"
    r"|(?:said|say|says|saying|confirm\w*|disclos\w*|specif\w*|explain\w*|elaborat\w*|"
    r"announc\w*|know|known|clear|certain|sure|reveal\w*|identif\w*|nam(?:e|ed)|decided?)"
    r"\s+(?:(?:on|about|publicly|yet)\s+)?(?:how|whether|what|why|if|when|where|who|whom|which)\b)",
    re.IGNORECASE,
)
"""A word of saying or knowing after a negation, and what it leaves open ("has not said how
much …", "declined to comment", "it is not clear whether …"): a question, not a statement.
"did not say the election was rigged", "has not named a chief executive", "did not clear the
debris" deny what they say."""
_SAYING = re.compile(
    r"\b(?:said|say|says|saying|told|tell|tells|stated|commented|confirm\w*|disclos\w*|"
    r"specif\w*|explain\w*|announc\w*|reported|know|knew|known|knows|reveal\w*|"
    r"identif\w*|named|decided?|decides)\b",
    re.IGNORECASE,
)
"""Verbs of saying, knowing and deciding: a claim with one is about what was said, known or
decided, so a sentence that says it was not denies it ("The minister said …" / "did not say
whether"). Verb forms only where the word is a noun too ("a state audit", "an audit report",
"a name", "a comment" leave a claim about something else)."""


def about_saying(claim: str) -> bool:
    """Whether a claim is about what was said, known or decided (:data:`_SAYING`)."""
    return _SAYING.search(claim) is not None


def withholds(negation: str, after: str) -> bool:
    """Whether a negation withholds a statement rather than denying one: a verbal negation
    ("not", "declined to") before a word of saying or knowing and the question it leaves open
    (:data:`_UNSAID`). "The town has not said how much the recount cost" says nothing of the
    recount's start; "It is not clear how the thieves got in" nothing of how they did."""
    return _WITHHOLDING.search(negation.strip()) is not None and _UNSAID.match(after) is not None


_PREDICATE = re.compile(
    r"^\s*of\b.*?\b(?:is|are|was|were|has|have|had|will|would|can|could|did|does|do|should|"
    r"may|might|must)\b",
    re.IGNORECASE,
)
"""Where "none of …"/"neither of …" reaches its verb: what it denies is said of the things it
names after "of", which it takes as given ("none of the three stolen paintings was insured"
denies that they were insured, not that three were stolen). Without such a verb ("none of the
crew survived") the whole clause stays in scope. Limits: a denial in other words than the
claim's ("none of the hostages has been released" for "the hostages were freed") is left to
the verifier, and a relative clause's verb is taken for the main one ("none of the paintings
the museum had insured was stolen")."""
_OF_PLURAL = re.compile(
    r"^\s*of\s+(?:\w+\s+){0,3}?(?!(?:this|its|his|hers|ours|yours|theirs|those|these)\b)"
    r"\w{3,}s\b(?=\s+[a-z]+(?:ed|s)\b)",
    re.IGNORECASE,
)
"""Where "none of …" without an auxiliary reaches its verb: the first plural after "of" (in
four words) followed by a word in "-ed" or "-s" ("none of the miners suffered …", "none of
the hostages survived"); "none of the crew survived" finds none and keeps the whole clause."""
_CLAUSE_END = re.compile(
    r"[,;:()—–]|\b(?:but|while|although|though|whereas|however)\b", re.IGNORECASE
)
SCOPE_WORDS = 8
"""How far a negation reaches: the rest of its clause, at most this many words."""


def negated_about(text: str, claim_terms: set[str], claim: str = "") -> bool:
    """Whether a negation in ``text`` governs one of the claim's content words: "there is no
    question of the US normalising" negates "normalise"; "no fewer than 40 died" or a "not" in
    another clause negates nothing the claim says. ``claim``: see :func:`denied`."""
    return bool(denied(text, claim_terms, claim))


def denied(text: str, claim_terms: set[str], claim: str = "") -> set[str]:
    """The claim's content words that a negation in ``text`` governs ("Nobody died in the
    flood": died, flood). Given the claim's text, a negation that withholds a statement
    denies nothing (:func:`withholds`) unless the claim is itself about saying or knowing."""
    text = _IDIOM.sub(lambda m: " " * len(m.group(0)), text)
    found: set[str] = set()
    saying = about_saying(claim)
    for m in _NEGATION.finditer(text):
        clause = _CLAUSE_END.split(text[m.end() :], maxsplit=1)[0]
        if claim and not saying and withholds(m.group(0), text[m.end() :]):
            continue  # "has not said how much the recount cost" denies only the saying
        # "none of the three stolen paintings was insured", "none of the miners suffered
        # serious injuries": what it denies follows the things it names
        if m.group(0).lower() in ("none", "neither") and (
            verb := _PREDICATE.search(clause) or _OF_PLURAL.search(clause)
        ):
            clause = clause[verb.end() :]
        words = clause.split()[:SCOPE_WORDS]
        governed = terms(" ".join(words)) & claim_terms
        if (
            governed
            and claim
            and _of_another_predicate(text[: m.start()], words, governed, claim_terms, claim)
        ):
            continue
        if governed and not _denies_degree(words, claim_terms):
            found |= governed
    return found


def _of_another_predicate(
    before: str, words: list[str], governed: set[str], claim_terms: set[str], claim: str
) -> bool:
    """Whether a negation is another doer's denial of another deed, which the claim's names
    are only the objects of: "Kestria will not normalise relations with Veskara despite the
    Coastal Union's decision" denies that Kestria normalises, which "The Coastal Union voted
    to readmit Veskara" does not say. All three must hold: what comes before the negation
    (``before``) names someone the claim does not and none of the claim's names; the
    negation governs only the claim's names; and a word of its own comes before them. Where
    the claim's doer is the one denied ("Tarn has not re-established ties with Veskara" for
    "Tarn restored diplomatic relations with Veskara"; "The final will not take place in
    Lisbon") the other word is the claim's verb in other words, and the denial stands; so it
    does where nothing comes between ("held in Vienna, not Geneva")."""
    claim_names = all_names(claim)
    doers = all_names(before)
    if not governed <= claim_names or not doers - claim_names or doers & claim_names:
        return False
    between = []
    for word in words:
        if terms(word) & governed:
            break
        between.append(word)
    return bool(terms(" ".join(between)) - claim_terms)


def denies_anything(text: str) -> bool:
    """Whether ``text`` has a negation at all, whatever it governs. A claim that denies
    ("Nobody on board was hurt") is met by a sentence that denies in its own words ("No one
    was injured"): :func:`negated_about` cannot see that "injured" is "hurt", but a sentence
    with no denial of its own is what says the opposite."""
    return _NEGATION.search(_IDIOM.sub(lambda m: " " * len(m.group(0)), text)) is not None


_REJECTING = re.compile(
    r"\b(?:reject\w*|turn(?:s|ed|ing)?\s+down|refus\w*|rebuff\w*|spurn\w*)\b", re.IGNORECASE
)
"""A denial that is a deed of its own: to reject, turn down, refuse."""


def rejects_alike(claim: str, sentence: str) -> bool:
    """Whether the claim denies only by a rejection and the sentence tells one too, however it
    puts it: "the club turned down two offers" and "both offers had been turned down" say what
    "Brenmoor rejected two bids" does, though the one has no negation word (a bare "turned
    down" is none: "sales turned down", "turned down Elm Street") and the other turns down
    what comes before it, in other words ("offers" for "bids"). Not a rejection that is
    itself denied ("did not reject") or withholds a statement ("refused to comment"), nor a
    claim that denies otherwise too ("The council did not reject the plan")."""
    denials = list(_NEGATION.finditer(claim))
    if not denials or not all(_REJECTING.fullmatch(m.group(0)) for m in denials):
        return False
    for m in _REJECTING.finditer(sentence):
        before = " ".join(sentence[: m.start()].split()[-3:])
        if withholds(m.group(0), sentence[m.end() :]) or _NEGATION.search(before):
            continue
        return True
    return False


_DEGREE = frozenset(
    "seriously badly severely critically gravely fatally fully completely entirely totally "
    "wholly".split()
)
"""Words that grade what they come before: "no one was seriously hurt" denies how badly, not
that anyone was hurt."""


def _denies_degree(words: list[str], claim_terms: set[str]) -> bool:
    """Whether a negation's words put a degree the claim does not state before the first of
    the claim's words they name ("No passengers were seriously injured" against "14 passengers
    were injured": "passengers" is named, but what is denied is "seriously injured")."""
    for i, word in enumerate(words):
        w = word.lower().strip(".,;:!?\"'’")
        if w in _DEGREE:
            return not terms(w) & claim_terms and bool(
                terms(" ".join(words[i + 1 :])) & claim_terms
            )
    return False


_CLAIM_CONTRAST = re.compile(r",\s*(?:and\s+)?not\s+([^,;:()—–]+?)[.!?\s]*$", re.IGNORECASE)
"""A contrast that ends the claim: "…, not contractors." (not ", not surprisingly, armed")."""


def contrasted(claim: str) -> frozenset[str]:
    """What a claim denies in a contrast that ends it, where that is its only negation: "riders
    are employees, not contractors" → the stem of "contractors". A sentence that never names
    the thing denied says nothing of it ("the court ruled the riders are employees" agrees with
    the claim), so its lack of a "not" is no sign against it. "not just", "not only" are no
    negation (``_IDIOM``), so a claim with them has nothing denied."""
    m = _CLAIM_CONTRAST.search(_IDIOM.sub(lambda i: " " * len(i.group(0)), claim))
    if not m:
        return frozenset()
    denied = terms(" ".join(m.group(1).split()[:SCOPE_WORDS]))
    if not denied or negated_about(claim[: m.start()], terms(claim)):
        return frozenset()
    return frozenset(denied)


_HARM_NOUN = r"(?:,?\s+[\w-]+)?\s+(?:injur(?:y|ies)|wounds|burns|cuts)"
"""A harm named as a noun, at most one word after its degree ("minor head injuries",
"minor, non-life-threatening injuries"): "a minor injured in the attack" is a child."""
_HARM_DONE = r"\s+(?:injured|hurt|wounded|burned|burnt)"
"""A harm named by a participle after an adverb of degree ("seriously injured")."""
_RISE = r"r(?:ise|ises|ose|isen|ising)|increas(?:e|es|ed|ing)|gr(?:ew|ow|ows|own|owing)"
_FALL = (
    r"f(?:all|alls|ell|allen|alling)|decreas(?:e|es|ed|ing)|drop(?:s|ped|ping)?"
    r"|declin(?:e|es|ed|ing)"
)
_OPPOSITES: tuple[tuple[str, str], ...] = (
    (r"(?:re)?open(?:s|ed|ing)?", r"clos(?:e|es|ed|ing)|shut(?:s|ting)?"),
    (_RISE, _FALL),
    (r"w(?:in|ins|on|inning)", r"los(?:e|es|t|ing)|disqualif(?:y|ies|ied)"),
    (r"guilty|convict(?:s|ed)?", r"acquit(?:s|ted)?|innocent|cleared"),
    (r"surviv(?:e|es|ed|ing|or|ors)|alive|rescued", r"died|dead|killed|perished"),
    (r"lift(?:s|ed)?", r"impos(?:e|es|ed)"),
    (
        r"allow(?:s|ed)?|permit(?:s|ted)?|legali[sz]ed",
        r"ban(?:s|ned)?|prohibit(?:s|ed)?|outlaw(?:s|ed)?",
    ),
    # "failed to" is a negation (``_NEGATION``), not this opposite: "failed to reach orbit"
    # denies "succeeded in reaching orbit" once, not twice
    (r"succe(?:ss|ssful|eded|eds)", r"fail(?:s|ed|ure)?(?!\s+to\b)"),
    (r"launched|lifted off", r"postpon(?:e|ed|es)|scrubbed|delay(?:s|ed)|cancell?ed"),
    # how badly: "minor injuries" does not bear out "seriously injured"
    (
        rf"(?:serious|severe|critical|grave|major){_HARM_NOUN}"
        rf"|(?:seriously|severely|critically|gravely|badly){_HARM_DONE}",
        rf"(?:minor|slight|light|superficial){_HARM_NOUN}|(?:slightly|lightly){_HARM_DONE}",
    ),
)
"""Pairs of words that say opposite things of the same subject ("the crossing reopened" /
"closed"; "acquitted" / "convicted"). Whole words only."""
_OPPOSITE_RES = tuple(
    (re.compile(rf"\b(?:{a})\b", re.I), re.compile(rf"\b(?:{b})\b", re.I)) for a, b in _OPPOSITES
)
_UNTIL = re.compile(r"\b(?:until|till)\b", re.IGNORECASE)
_WHEN = re.compile(rf"\b(?:\d+|{MONTHS}|{WEEKDAY})\b", re.IGNORECASE)
"""The words of a date: numbers, months, weekdays."""


def _until_claims_day(claim: str, sentence: str, word: re.Match[str]) -> bool:
    """Whether the word holds only until the day the claim names ("closed Line 4 until June 9"
    for "Line 4 reopened on June 9"): it says the opposite ends when the claim says it did,
    so it agrees. Until another day, or no day ("until next week", "until repairs are
    finished"), it is still the opposite."""
    rest = _CLAUSE_END.split(sentence[word.end() :], maxsplit=1)[0]
    until = _UNTIL.search(rest)
    if until is None:
        return False
    when = {w.lower() for w in _WHEN.findall(" ".join(rest[until.end() :].split()[:4]))}
    return bool(when) and when <= {w.lower() for w in _WHEN.findall(claim)}


_HEDGE = re.compile(
    r"\b(?:false|untrue|myths?|hoax\w*|rumou?r\w*|claim(?:s|ed)?|alleg\w*|pretend\w*|"
    r"supposed(?:ly)?|reportedly|if|whether|could|would|might)\b",
    re.IGNORECASE,
)


def hedged(sentence: str) -> bool:
    """Whether a sentence holds its statement at arm's length: calls it false, a rumour or a
    claim, or puts it in a condition ("It is false that …", "… could have set up …"). Such a
    sentence can repeat every word of a claim without stating it."""
    return _HEDGE.search(sentence) is not None


_NONE_BEFORE = re.compile(
    r"\b(?:no|never)\s+(?:previous|earlier|prior)\b|\bnever\s+before\b", re.IGNORECASE
)
_NONE_ELSE = re.compile(
    r"\bno\s+other\b|\bnothing\s+(?:else|besides|other)\b|"
    r"\b(?:no\s*-?\s*one|nobody|none)\s+else\b",
    re.IGNORECASE,
)
_SINGLING = (
    (_NONE_BEFORE, re.compile(r"\bfirst\b", re.I)),
    (_NONE_ELSE, re.compile(r"(?<!\bnot )\b(?:only|sole)\b", re.I)),
)
"""A denial of any before or any other, and the word that singles one out in its place:
"no previous" is "the first", "nothing besides" is "the only" (not "not only")."""
_AROUND = 60
"""Characters either side of the two phrases whose words must meet."""


def exclusive_in_other_words(claim: str, sentence: str) -> bool:
    """Whether one of the two denies any before or any other ("No previous mayoral result had
    been overturned", "Nothing besides the astrolabe was taken") where the other singles one
    out about the same thing ("It is the first time a mayoral result has been overturned",
    "the only item taken"): the same statement, though only one of them has a negation. The
    denial must be the only one in its text ("Police have not arrested anyone and have no
    other leads" still denies), the two must share at least two words around the phrases,
    and the "first" must be nobody else's ("In 1998 Lise Moran became the first mayor
    removed" gives it to Moran, :func:`exclusive_relation`)."""
    for denial, single in _SINGLING:
        # the claim's own "first" is its subject's: only the sentence's holder is checked
        for a, b, holder_check in ((claim, sentence, True), (sentence, claim, False)):
            dm, sm = denial.search(a), single.search(b)
            if dm is None or sm is None:
                continue
            rest = a[: dm.start()] + " " * (dm.end() - dm.start()) + a[dm.end() :]
            if denies_anything(rest):
                continue  # another denial in it
            near_a = terms(a[max(0, dm.start() - _AROUND) : dm.end() + _AROUND])
            near_b = terms(b[max(0, sm.start() - _AROUND) : sm.end() + _AROUND])
            if len(near_a & near_b) < 2:
                continue
            before = b[max(0, sm.start() - _HOLDER_WINDOW) : sm.start()]
            if holder_check and _names(_CLAUSE_END.split(before)[-1]) - _names(a):
                continue  # someone else's "first"
            return True
    return False


_MOVES = _OPPOSITE_RES[_OPPOSITES.index((_RISE, _FALL))]
"""Rising and falling: said of many things at once ("rising air and water temperatures, loss
of sea ice"), so the opposite must move what the claim's word moves (:func:`_same_mover`)."""
_NOT_MOVERS = frozenset(
    terms(
        "has have had been is are was were be being steadily sharply slightly further also again "
        "fast quickly rapidly slowly"
    )
)


def _beside(text: str, word: re.Match[str]) -> set[str]:
    """The content words next to ``word`` in its clause, two before and one after: what rises
    or falls ("sea levels" in "Sea levels are rising"); only the two after a participle that
    goes before its noun ("air", "water" in "include rising air and water temperatures")."""
    before = _CLAUSE_END.split(text[: word.start()])[-1]
    after = _CLAUSE_END.split(text[word.end() :], maxsplit=1)[0]
    following = _in_order(after)
    next_word = _in_order(" ".join(after.split()[:1]))
    auxiliary = re.search(r"\b(?:is|are|was|were|be|been|being|keeps?|kept)\s+$", before, re.I)
    if word.group().lower().endswith("ing") and next_word and not auxiliary:
        return set(following[:2])
    return set(_in_order(before)[-2:] + following[:1])


def _in_order(text: str) -> list[str]:
    """``text``'s content words as :func:`terms` stems them, in the order they come (less
    those that say nothing of what moves)."""
    return [t for w in _WORD.findall(text) for t in sorted(terms(w)) if t not in _NOT_MOVERS]


def _same_mover(claim: str, mine: re.Pattern[str], sentence: str, other: re.Match[str]) -> bool:
    """Whether the sentence's rise or fall is of what the claim's moves: they share the
    content word beside it. "Surface temperature increases are greatest in the Arctic" is no
    opposite of "Arctic sea ice has steadily declined" (two climate-dev supports were read as
    refutations; no dev source needed the pair for another mover, stop 37)."""
    return any(_beside(claim, m) & _beside(sentence, other) for m in mine.finditer(claim))


def opposite_words(claim: str, sentence: str) -> bool:
    """Whether the sentence says the opposite of the claim with another word: it has the
    antonym of one of the claim's words and not that word itself ("Jordan closed the crossing"
    against "Jordan reopened the crossing"; a sentence with both words states no opposite)."""
    return any(
        mine.search(claim)
        and not other.search(claim)
        and any(
            not _until_claims_day(claim, sentence, m)
            and (pair is not _MOVES or _same_mover(claim, mine, sentence, m))
            for m in other.finditer(sentence)
        )
        and not mine.search(sentence)
        for pair in _OPPOSITE_RES
        for mine, other in (pair, pair[::-1])
    )


_COMPARISON = re.compile(
    r"\b(?:(more|less|fewer)\s+([a-z][\w'’-]*)|([a-z][\w'’-]*er))\s+than\b", re.IGNORECASE
)
_NOT_COMPARATIVES = frozenset("other rather either neither whether further".split())
_LESSER = frozenset({"less", "fewer"})
_SIDE_WORDS = 4
"""How many words on each side of a comparison name what is compared."""


def comparisons(text: str) -> list[tuple[frozenset[str], str, frozenset[str]]]:
    """Each comparison "A is more X than B" / "A is X-er than B" in ``text``, as (the content
    words of up to four words before it in its clause, the comparison, those of up to four
    after "than"); "less X than" is read as "more X than" with the sides swapped, so equal
    readings compare equal."""
    found = []
    for m in _COMPARISON.finditer(text):
        word = (m.group(3) or "").lower()
        if word in _NOT_COMPARATIVES:
            continue
        before = _CLAUSE_END.split(text[: m.start()])[-1].split()[-_SIDE_WORDS:]
        after = _CLAUSE_END.split(text[m.end() :], maxsplit=1)[0].split()[:_SIDE_WORDS]
        left, right = frozenset(terms(" ".join(before))), frozenset(terms(" ".join(after)))
        if not left or not right:
            continue
        degree = (m.group(1) or "").lower()
        quality = (m.group(2) or word).lower()
        if degree in _LESSER:
            left, right = right, left
        found.append((left, quality, right))
    return found


def comparison_reversed(claim: str, sentence: str) -> bool:
    """Whether the sentence makes the claim's comparison the other way round, with the same
    words: "iron is more reactive than copper" against "copper is more reactive than iron"
    ("copper is less reactive than iron" for "iron is more reactive than copper" agrees). A
    cross-encoder reads both orders alike. Anything else that differs ("Japan imports more
    cars than China" for "China exports more cars than Japan", "more popular" for "more
    populous") is no reversal."""
    mine = comparisons(claim)
    if not mine:
        return False
    theirs = comparisons(sentence)
    return any(
        quality == q and left | right == a | b and a != left and a & right and b & left
        for left, quality, right in mine
        for a, q, b in theirs
    )


_BEAT = re.compile(
    # the loser first: "B was beaten by A", "B's defeat to A", "B lost 2-1 to A"
    r"(?P<lost>\b(?:was|were|been|being|is|are|got|gets|get)\s+(?:beaten|defeated|edged\s+out"
    r"|thrashed|routed|overcome)\s+(?:\d+[-–]\d+\s+)?by\b"
    r"|\b(?:defeat|loss)\s+(?:to|by|at\s+the\s+hands\s+of)\b"
    r"|\b(?:lost|loses|losing|lose)\s+(?:[\w-]+\s+){0,2}?to\b)"
    # the winner first: "A beat B", "A's win over B"
    r"|\b(?:beat|beats|beating|defeated|defeats|defeating|overcame|overcomes|edged|edges"
    r"|thrashed|thrashes|routed|routs|(?:win|wins|won|winning|victory)\s+(?:over|against))\b",
    re.IGNORECASE,
)
_EARLIER = re.compile(r"\bhad\s+(?:been\s+)?$", re.IGNORECASE)
"""Before a result: "had beaten", "had been beaten": another, earlier match."""
_SIDE = re.compile(r"[A-Z][\w'’-]*(?:\s+(?:[A-Z][\w'’-]*|\d+(?![-–:.]\d)))*")
"""A side's name: a run of capitalised words, with the number a team's name may carry
("Ironbark 21"), not a score's ("Arsenal 2-1")."""


def victories(text: str) -> list[tuple[frozenset[str], frozenset[str]]]:
    """Each "A beat B" in ``text`` (defeated, edged out, a win over; "B was beaten by A", "B
    lost 2-1 to A", "B's defeat to A"), as (the winner's name, the loser's): the last name in
    the clause before the verb and the first after it, days and months left out ("Volta-9
    beating Australia's Ironbark 21 by 412 points" → ({volta}, {austr, ironb, 21})). A result
    after "had" is an earlier match's, and left out."""
    found = []
    plain = without_days(text)
    for m in _BEAT.finditer(plain):
        if _EARLIER.search(plain[max(0, m.start() - 12) : m.start()]):
            continue
        before = _SIDE.findall(_CLAUSE_END.split(plain[: m.start()])[-1])
        after = _SIDE.search(_CLAUSE_END.split(plain[m.end() :], maxsplit=1)[0])
        if not before or after is None:
            continue
        first, second = frozenset(terms(before[-1])), frozenset(terms(after.group()))
        if first and second:
            found.append((second, first) if m.group("lost") else (first, second))
    return found


def victory_reversed(claim: str, sentence: str) -> bool:
    """Whether the sentence gives the claim's win to the other side, and nowhere gives it the
    claim's way: "Volta-9 beat Ironbark 21" (or "Volta-9's win over Ironbark 21", "Ironbark 21
    lost to Volta-9", "Ironbark 21 were beaten by Volta-9") against "Ironbark 21 defeated
    Volta-9". A cross-encoder reads who beat whom alike both ways round (``fresh-dev6``)."""
    mine = victories(claim)
    if not mine:
        return False
    pairs = [(a, b, won, lost) for a, b in mine for won, lost in victories(sentence)]
    turned = any(a & lost and b & won and not a & won for a, b, won, lost in pairs)
    return turned and not any(a & won and b & lost for a, b, won, lost in pairs)


_SUBJECT = re.compile(r"((?:[A-Z][\w'’-]*\s+)*[A-Z][\w'’-]*)\s+(?=[a-z])")
"""A claim's opening name run: its subject ("Lebanon", "Carrow City Council")."""
_NAME_RUN = re.compile(r"(?:[A-Z][\w'’-]*\s+)*[A-Z][\w'’-]*")
_OWN = re.compile(r"\b(?:its|their|his|her|own)\b", re.IGNORECASE)
"""What marks the deed as done to the doer's own thing: "reopened its main border crossing"."""
_ONE_HOLDER = re.compile(
    r"\b(?:w(?:on|ins?)|beat|defeated|elected|appointed|named|chosen|selected|crowned|awarded|"
    r"succeeded|replaced|became|(?:is|was|are|were)\s+the|first|only|last)\b",
    re.IGNORECASE,
)
"""What one holder only can have done: if another won its race, the claim's side did not."""
_HOW_MANY = re.compile(
    r"(?:several|many|some|few|most|all|both|each|every|dozens|hundreds|thousands|millions|"
    r"no|none)\b",
    re.IGNORECASE,
)
"""A claim that opens with how many ("Several passengers were hurt", "Two firefighters …":
:func:`verify.quantities.extract` reads the number) names no subject."""


def _how_many(run: str) -> bool:
    return bool(_HOW_MANY.match(run) or extract(run).numbers)


def _named_subject(claim: str) -> re.Match[str] | None:
    """A claim's opening name (``group(1)``; the claim stripped); None where it opens with no
    name, with how many, or says what one holder only can do."""
    m = _SUBJECT.match(claim)
    if m is None or _ONE_HOLDER.search(claim) or _how_many(m.group(1)):
        return None
    return m


@lru_cache(maxsize=256)
def _subject_and_deed(claim: str) -> tuple[frozenset[str], tuple[str, ...]] | None:
    """A claim's opening name's words and the (up to eight) words after it, read once per
    claim rather than once per sentence (:func:`_named_subject`)."""
    claim = claim.strip()
    if (m := _named_subject(claim)) is None:
        return None
    return frozenset(terms(m.group(1))), tuple(claim[m.end() :].split()[:8])


def said_of_another(claim: str, sentence: str) -> set[str]:
    """The words of the claim's subject that another name lacks, where the sentence says of
    that other name what the claim says of its subject, done to its own thing: "Jordan fully
    reopened its main border crossing" for "Lebanon fully reopened its main border crossing"
    (``{"leban"}``). That Jordan reopened its crossing says nothing of Lebanon's; the verifier,
    trained on pairs with one name swapped, reads it as a sure refutation. The words after
    the two names must agree for at least two content words and take in a possessive ("its",
    "their"): a deed done to a shared thing ("Harlow Engineering built the Kessel Bridge") or
    a phrase as common as "will be" is a refutation to check. Not where one holder only can
    have done it ("won", "was the first"). Empty if not so; whether those words are named
    near the sentence is :func:`verify.judges.decision.read_sentence`'s to ask."""
    read = _subject_and_deed(claim)
    if read is None:
        return set()
    subject, said = read
    for other in _NAME_RUN.finditer(sentence):
        theirs = terms(other.group())
        if not theirs - subject or not subject - theirs or _how_many(other.group()):
            continue  # the claim's own subject, a part of it ("The Council"), or how many
        if _stands_for(other.group(), _subject_country(claim)):
            continue  # the claim's country by another name ("Beirut" for "Lebanon")
        after = sentence[other.end() :].split()[: len(said)]
        shared = []
        for mine, their in zip(said, after, strict=False):
            if mine.strip(".,;:").lower() != their.strip(".,;:").lower():
                break
            shared.append(mine)
        phrase = " ".join(shared)
        if len(terms(phrase)) >= 2 and _OWN.search(phrase):
            return set(subject - theirs)
    return set()


_VERB_NEXT = re.compile(
    r"(?:is|was|are|were|has|have|had|will|would|can|could|did|does|do|may|might|must|should|"
    r"shall|\w+ed|won|lost|made|took|held|sold|bought|built|left|met|paid|set|cut|shut|kept|"
    r"gave|began|ran|sent|spent|told|said|found|became|brought|got|put|led|withdrew|rose|fell|"
    r"went|came|saw|struck|drew|chose|broke|wrote|threw|hit|quit|let|beat)\b"
)
"""What follows a name that is a subject: its verb ("Kestria has …", "Doloria voted …"); a
capitalised first word followed by anything else is no name ("Heavy rain forced …", "Now
scientists say …")."""


@lru_cache(maxsize=256)
def _own_deed(claim: str) -> frozenset[str] | None:
    """A claim's opening name's words where what it says is done to that name's own thing
    ("Kestria has reopened its embassy", "Joren Halvik's ban ends in 2028"); None where it
    opens with no name, with how many, says what one holder only can do, or of a shared thing.
    Limit: a possessive is taken as the subject's own ("President Novak accepted her
    resignation", hers being the minister's, reads as Novak's own)."""
    claim = claim.strip()
    if (m := _named_subject(claim)) is None:
        return None
    if _POSSESSIVE.search(m.group(1)):
        return frozenset(terms(m.group(1)))
    if not _VERB_NEXT.match(claim[m.end() :]) or not _OWN.search(claim[m.end() :]):
        return None
    return frozenset(terms(m.group(1)))


_SPEAKER = re.compile(
    r"\b(?:told|according\s+to|said|says|spokes(?:man|woman|person))\s+"
    r"(?:[A-Z][\w'’-]*\s*)+"
    r"|(?:[A-Z][\w'’-]*\s+)+(?=(?:said|says|told|added|stated|confirmed|noted|reported|"
    r"reports|announced|wrote)\b)"
)
"""Who says it: "…, chief executive Lena Marsh said", "told Velonews", "Officials said"."""
_WHICH = re.compile(r"\s*,\s*(?:which|who)\b")
_ADVERB = re.compile(
    r"(?:\w+ly|already|also|still|never|not|just|now|later|since|then|once|first|finally|"
    r"again|formally|previously)\s+"
)
"""One adverb between a subject and its verb ("Ambrovia already reopened …")."""


def _doers(sentence: str) -> list[str]:
    """The names a sentence says a deed of: each run of capitalised words in a subject's place,
    before its verb (:data:`_VERB_NEXT`: "Marenthia was the first …", "Mika Stellan will not
    appeal …"), before ", which"/", who", or owning what follows ("Stellan's ban began …").
    Who says it is no doer (:data:`_SPEAKER`), nor a place or another thing named in passing
    ("recalled 12,000 of its vans in Germany"), nor a first word in the plural ("Detectives
    have …": a noun, not a name)."""
    text = _SPEAKER.sub(" ", sentence)
    lead = len(text) - len(text.lstrip(" \"“‘'("))
    found = []
    for m in _NAME_RUN.finditer(text):
        run, after = m.group(), text[m.end() :]
        if m.start() == lead and " " not in run and _POSSESSIVE.sub("", run).endswith("s"):
            continue
        verb = after.lstrip()
        verb = verb[m2.end() :] if (m2 := _ADVERB.match(verb)) else verb
        if _POSSESSIVE.search(run) or _VERB_NEXT.match(verb) or _WHICH.match(after):
            found.append(run)
    return found


@lru_cache(maxsize=256)
def _subject_country(claim: str) -> str | None:
    """The country the claim's opening name stands for, if any (:mod:`verify.countries`)."""
    m = _named_subject(claim.strip())
    return None if m is None else country_of(m.group(1))


def _stands_for(run: str, country: str | None) -> bool:
    """Whether a name stands for ``country`` by any of its names ("Washington", "the White
    House" for the United States; :mod:`verify.countries`)."""
    return country is not None and country_of(run) == country


def _is_another(run: str, claim_names: set[str], country: str | None) -> bool:
    """Whether a doer in a sentence is another than the claim's subject: it shares none of
    the claim's names and does not stand for the subject's ``country`` ("Washington" for "The
    United States", "Tokyo's central bank" for "Japan's central bank"). The claim's other
    country is another doer ("Cuba closed its embassy in Washington" for "The United States
    closed its embassy in Havana")."""
    words = terms(run)
    return bool(words) and not words & claim_names and not _stands_for(run, country)


def done_by_another(claim: str, sentence: str) -> set[str]:
    """The claim's subject's words, where the claim says what its subject did to its own
    thing and the sentence names another: "Marenthia was the first member to break ranks,
    reopening its embassy in Sarrow in 2021" says nothing of whether Kestria reopened its
    embassy, "Mika Stellan will not appeal his two-year ban" nothing of Joren Halvik's
    appeal, "Stellan's ban … ends on 31 October 2028" nothing of when Halvik's ends. Each has
    its own, so what another did with its own neither confirms nor denies the claim. The
    broader :func:`said_of_another` without its same words: the own thing is what keeps the
    two apart (a deed done to a shared thing, "Rescue teams … drilled the borehole" for
    "Soldiers … drilled the borehole", can have one doer only and is a refutation to check).
    Empty if not so; whether the subject is named near the sentence is
    :func:`verify.judges.decision.read_sentence`'s to ask."""
    subject = _own_deed(claim)
    names, country = all_names(claim), _subject_country(claim)
    if not subject or not any(_is_another(run, names, country) for run in _doers(sentence)):
        return set()
    return set(subject)


_FAIL = re.compile(r"\bfail(?:s|ed|ing)?\b", re.IGNORECASE)
_FAIL_TO = re.compile(r"\bfail(?:s|ed|ing)?\s+to\b", re.IGNORECASE)


def failed_as_claimed(claim: str, sentence: str) -> bool:
    """Whether the sentence says the claim's thing "failed" where the claim says it "failed to"
    do something ("The bill failed in the Senate" for "The bill failed to pass the Senate"): the
    same denial, though a bare "failed" negates nothing by itself ("a failed coup", "the bank
    failed in March")."""
    return bool(_FAIL_TO.search(claim)) and bool(_FAIL.search(sentence))


def polarity_differs(claim: str, sentence: str) -> bool:
    """One side negates what the claim says and the other does not."""
    wanted = terms(claim)
    return negated_about(claim, wanted) != negated_about(sentence, wanted)


_ORDINAL = re.compile(
    r"\b(first|only|last|sole)\b(?![\s-]+(?:(?:few|several|couple\s+of|two|three|four|five|six|"
    r"seven|eight|nine|ten|twenty|thirty|forty|fifty|hundred|thousand|[\d,]+)\s+)?(?:years?|"
    r"months?|weeks?|days?|decades?|centur(?:y|ies)|night|quarter|half|season|summer|winter|"
    r"spring|autumn)\b(?!\s+(?:in\s+which|that|when|to|ever)\b))",
    re.IGNORECASE,
)
"""A "first", "only", "last" or "sole" that may single something out; one before a span of time
("over the last few years", "in the first half", "last week") only dates what is said, unless
the span is what is singled out ("the first year in which sales fell")."""
_LATER = re.compile(
    r"\b(second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth)\b", re.IGNORECASE
)
"""An ordinal after the first, in words ("19th", "150th" are mostly centuries and dates)."""
_NOVELTY = re.compile(r"\bfirst\s+(?:time\b|ever\b|(?:[\w'’-]+\s+){0,3}?to\b)", re.IGNORECASE)
"""A "first" that says nothing like it happened before ("for the first time", "the first
woman to …", "the first in the country to …"), unlike "her first novel", which a second one
does not contradict."""
_CAPITAL = re.compile(r"\b[A-Z][\w'’-]+")
_HOLDER_WINDOW = 80
"""Characters before "the first …" searched for who holds it."""


def _names(text: str) -> set[str]:
    return {w.lower()[:5] for w in _CAPITAL.findall(text) if w.lower() not in _STOP}


_SAME_TERM = {"femal": "woman", "women": "woman"}
"""Words that name the same distinction ("the first woman" / "the first female")."""


def _distinction(text: str) -> set[str]:
    return {_SAME_TERM.get(t, t) for t in terms(text)}


def _head(text: str) -> str | None:
    """The first content word of a distinction ("time" of "the first time it flew")."""
    words = [w for w in _WORD.findall(text) if terms(w)]
    return min(_distinction(words[0])) if words else None


def _appositive(after: str) -> set[str]:
    """The names set off by commas right after a distinction ("the first female chief pilot,
    Dora Okafor, was appointed"): who holds it, when the sentence names them there."""
    parts = after.split(",", 2)
    if len(parts) < 3:
        return set()
    words = parts[1].split()
    if not 1 <= len(words) <= 4 or not all(w[:1].isupper() for w in words):
        return set()
    return _names(parts[1])


_WHEN_DONE = re.compile(
    r"\s+(?:[a-z]+ed|seen|taken|given|shown|known|chosen|written|driven|broken|spoken|stolen|"
    r"found|built|made|held|told|heard|run|won|sold|set|put|brought|taught|caught|bought)\b"
)
_DETERMINER = re.compile(
    r"(?:\b(?:the|a|an|its|their|his|her|our|your|my|this|that)|\w['’]s)\s+$", re.I
)


def _adverb(text: str, m: re.Match[str]) -> bool:
    """Whether a "first" says when, not which: "the attack was first noticed at 6 a.m." (a
    participle after it, no determiner before) singles nothing out, where "the first elected
    mayor" does."""
    return (
        m.group(1).lower() == "first"
        and bool(_WHEN_DONE.match(text, m.end()))
        and not _DETERMINER.search(text[: m.start()])
    )


_SAID_BEFORE = re.compile(
    r"\b(?:said|says|say|told\s+\w+|added|adds)\s+(?:that\s+)?", re.IGNORECASE
)
"""A word of saying before a distinction: who says it does not hold it ("Turkish officials
said it was the fund's first investment in Turkey" gives the first to the fund, not to
Turkey)."""
_SPEAKER_AGAIN = re.compile(r"\s*(?:he|she|they|we|I)\b")
"""After a word of saying, a pronoun for the speaker: "Jones said she was the first woman to
climb K2" gives the first to Jones (a reviewer's case, stop 41)."""


def exclusive_relation(claim: str, sentence: str) -> str | None:
    """For a claim that someone was "the first/only/last …": ``"conflict"`` when the sentence
    gives that distinction to someone else ("Smith was the first woman to win the prize"
    against "Jones became the first woman to win it"), ``"missing"`` when the sentence does not
    state the distinction at all ("Smith won it in 2001" does not say she was first), else
    None. ``"again"`` when the sentence says the claim's novelty happened before, to the same
    holder (:func:`_again`)."""
    cm = next((m for m in _ORDINAL.finditer(claim) if not _adverb(claim, m)), None)
    if not cm:
        return None
    holder = _names(claim[: cm.start()])
    tail = _distinction(claim[cm.end() :])
    if not holder or not tail:
        return None
    # a sentence's first word is capitalised as its first: "Creditors will meet for the first
    # time" names no other holder than "Solmar's creditors will meet …" (fresh-dev16, stop 49)
    opening = next(iter(_WORD.findall(sentence)), "").lower()[:5]
    excused = {opening} & {w.lower()[:5] for w in _WORD.findall(claim[: cm.start()])}
    stated = False
    for sm in _ORDINAL.finditer(sentence):
        if sm.group(1).lower() != cm.group(1).lower():
            continue
        if len(tail & _distinction(sentence[sm.end() : sm.end() + 120])) / len(tail) < 0.5:
            if (
                _only_around(sm, tail, sentence)
                or _first_around(claim, cm, tail, sentence, sm)
                or _same_first_time(claim, cm, sentence, sm)
            ):
                stated = True  # "can only be reached through X" for "X is the only route"
            continue  # another distinction ("the first time", "the only road")
        stated = True
        window = sentence[max(0, sm.start() - _HOLDER_WINDOW) : sm.start()]
        said = _SAID_BEFORE.split(window)[-1]
        if not _SPEAKER_AGAIN.match(said):
            window = said  # "Turkish officials said it was the fund's first investment"
        clause = _CLAUSE_END.split(window)[-1]
        # who holds it: the names set off right after it, else those of the clause before
        # it, else of the whole window
        who = _appositive(sentence[sm.end() :]) or _names(clause) or _names(window)
        if who - excused and not who & holder:
            return "conflict"
    novelty = not stated and _NOVELTY.match(claim, cm.start())
    if novelty and _again(claim[cm.end() :], holder, tail, sentence):
        return "again"
    return None if stated else "missing"


_NOT_AN_ONLY = re.compile(r"\b(?:not|the|its|their|his|her|our|your|my|an?)\s+$", re.IGNORECASE)
"""Before an "only" that is no adverb stating the claim's: "not only … but also", "the only
road" (another distinction, read by the caller)."""
_PART_AFTER = re.compile(r"\s+(?:partly|partially|in part|one of|some|a few|a part)\b", re.I)
"""After an "only" that limits rather than states: "only partly through a political process"."""


def _only_around(sm: re.Match[str], tail: set[str], sentence: str) -> bool:
    """Whether the sentence's "only" states the claim's "only" in other words: an adverb with
    most of the distinction's words on either side ("stability can only be reached through
    a political process" for "a political process is the only route to stability"). Who holds
    it is not read there, so it never makes a conflict, it only keeps the distinction from
    reading as missing."""
    if sm.group(1).lower() != "only" or _NOT_AN_ONLY.search(sentence[: sm.start()]):
        return False
    if _PART_AFTER.match(sentence, sm.end()):
        return False
    return _said_around(sm, tail, sentence)


def _said_around(sm: re.Match[str], tail: set[str], sentence: str) -> bool:
    """Whether at least half the distinction's words stand within 120 characters either side
    of the sentence's ordinal."""
    around = sentence[max(0, sm.start() - 120) : sm.end() + 120]
    return len(tail & _distinction(around)) / len(tail) >= 0.5


def _first_around(
    claim: str, cm: re.Match[str], tail: set[str], sentence: str, sm: re.Match[str]
) -> bool:
    """Whether the sentence's "first" states the claim's with its words on either side: "cut
    its benchmark lending rate …, its first reduction since 2020" for "the Central Bank of
    Kenya's first interest rate cut since 2020" (fresh-dev4; on the dev sets it won that
    source and lost none, stop 37). Both must be a first of something ("its first
    reduction"): not "for the first time" or "finishing first" in the sentence, nor "the
    first woman to win" in the claim (a novelty the sentence must state as such). As with
    :func:`_only_around`, who holds it is not read, so it only keeps the distinction from
    reading as missing."""
    if sm.group(1).lower() != "first" or cm.group(1).lower() != "first":
        return False
    if _NOVELTY.match(claim, cm.start()) or _FIRST_TIME.match(sentence, sm.end()):
        return False
    if not _DETERMINER.search(sentence[: sm.start()]):
        return False  # "finishing first": no first of anything
    return _said_around(sm, tail, sentence)


_FIRST_TIME = re.compile(r"\s+time\b", re.IGNORECASE)


def _same_first_time(claim: str, cm: re.Match[str], sentence: str, sm: re.Match[str]) -> bool:
    """Whether both say "for the first time" of the same deed: what was done comes before it
    ("recovered the rocket's first stage at sea for the first time" for "Skarv recovered a
    booster at sea for the first time during the Tern-2 launch"), so at least half the words
    of the claim's clause before it, its holder's names aside, are in the sentence's 120
    characters before its own. Who holds it is not read there (no conflict is made)."""
    if not (_FIRST_TIME.match(claim, cm.end()) and _FIRST_TIME.match(sentence, sm.end())):
        return False
    clause = _CLAUSE_END.split(claim[: cm.start()])[-1]
    deed = _distinction(clause) - _distinction(" ".join(_CAPITAL.findall(clause)))
    before = _distinction(sentence[max(0, sm.start() - 120) : sm.start()])
    return bool(deed) and len(deed & before) / len(deed) >= 0.5


def _again(distinction: str, holder: set[str], tail: set[str], sentence: str) -> bool:
    """Whether ``sentence`` says the claim's novelty happened before, to the same holder: a
    later ordinal for the same distinction ("it was the second time Skarv has recovered a
    booster" against "Skarv recovered a booster for the first time"). ``distinction`` is the
    claim after its "first", ``tail`` its words, ``holder`` the names before it. The same
    distinction: its head word ("time", "woman"), or nearly all the words of one without a
    head ("the first in the country to find …"); the holder named in the sentence ("She became
    the second woman …" names nobody: it may be someone else)."""
    if not holder & _names(sentence):
        return False
    head, words = _head(distinction), distinction.split()
    # "the first woman to": its head must match; "the first in the country to" has none
    by_share = bool(words) and words[0].lower() in _STOP and len(tail) >= 3
    for sm in _LATER.finditer(sentence):
        after = _CLAUSE_END.split(sentence[sm.end() : sm.end() + 120], maxsplit=1)[0]
        if head == _head(after):
            return True
        if by_share and len(tail & _distinction(after)) / len(tail) >= 0.75:
            return True
    return False


def exclusive_conflict(claim: str, sentence: str) -> bool:
    return exclusive_relation(claim, sentence) == "conflict"


_UNIT_SIGN = re.compile(r"\s*(?:%|percent\b|per\s+cent\b)", re.IGNORECASE)
_THING_WORD = re.compile(r"[A-Za-z][\w'’-]*|\S")
_JOINS = frozenset({"of", "on", "for", "from", "to"})
"""Prepositions that carry a thing's name on ("a tariff on steel from Brazil", "$700 million of
iron ore")."""
_NOT_A_THING = _STOP | frozenset(
    "is are was were be been being has have had will would can could may might shall should "
    "rose fell grew jumped dropped climbed rise fall grow each per a an the".split()
)
"""Words after an amount that name no thing: a verb ("died", "rose"), a determiner."""


def _said_of(q: Quantities, end: int) -> set[str]:
    """The thing an amount is said of, where it is named right after it: its noun and what a
    preposition carries on ("a 15% duty on American ethanol" → duty, american, ethanol; "$700
    million of iron ore" → iron, ore), up to a verb, a clause's end or the next amount. Empty
    where the amount is no modifier of a noun ("rose 69% from a year earlier", "has offered
    4%, …"): what it is said of is then before it, which this does not read."""
    stop = min((s for _, s, _ in q.spans if s >= end), default=len(q.read))
    rest = q.read[end : min(stop, end + 80)]
    if m := _UNIT_SIGN.match(rest):
        rest = rest[m.end() :]
    words = _THING_WORD.findall(rest)
    thing: list[str] = []
    for i, word in enumerate(words):
        low = word.lower()
        if low in _JOINS and (i > 0 or low == "of") and i + 1 < len(words):
            continue  # "of" may open the thing ("of iron ore"), the others only carry it on
        if low in ("the", "a", "an") and i > 0 and words[i - 1].lower() in _JOINS:
            continue  # "to the United States"
        if not word[0].isalpha() or low in _NOT_A_THING or (word.islower() and low.endswith("ed")):
            break
        thing.append(word)
        if len(thing) == 5:
            break
    return terms(" ".join(thing))


def value_of_another_thing(claim: str, mine: Quantities, theirs: Quantities) -> bool:
    """Whether the sentence gives the claim's amount to another thing and another amount of
    the same kind to the claim's: "The United States will impose a 35% tariff on steel from
    Brazil …, prompting Brasília to answer with a 15% duty on American ethanol" states 15%,
    but of ethanol, and 35% of the steel tariff "The US tariff on Brazilian steel is 15%" is
    about. Each amount is said of the thing named right after it (:func:`_said_of`); it is so
    only where two or more of the claim's words are said of the other amount alone and none of
    the claim's amount alone, so an amount stated as a predicate ("has offered 4%", "rose 69%
    from a year earlier") or words said of both ("tariff") decide nothing. ``mine`` and
    ``theirs`` are the claim's and the sentence's amounts (:func:`verify.quantities.extract`)."""
    wanted = terms(claim) - {w for w in terms(claim) if w[0].isdigit()}
    for value in mine.numbers:
        unit = mine.units.get(value, frozenset())
        if not unit or unit == DAY:
            continue
        here: list[int] = []  # where the sentence states the claim's amount
        there: list[int] = []  # and where another of the same kind
        for v, _, e in theirs.spans:
            if unit & theirs.units.get(v, frozenset()):
                same = abs(v - value) <= 1e-9 * max(1.0, abs(value))
                (here if same else there).append(e)
        for e_mine in here:
            said_mine = _said_of(theirs, e_mine)
            for e_other in there:
                said_other = _said_of(theirs, e_other)
                if (
                    said_mine
                    and said_other
                    and len(wanted & (said_other - said_mine)) >= 2
                    and not wanted & (said_mine - said_other)
                ):
                    return True
    return False


_CLAUSE = re.compile(
    r"[,;:]\s+|\s+(?:and|but|while|whereas|against|compared with|up from|down from|from|to)\s+"
)
"""Where a sentence listing values year by year turns from one to the next: "It lost 41 million
euros in 2024 and 96 million euros in 2025", "41 million zlotys last year, up from 29 million
zlotys in 2024"."""


_OPENING_YEAR = re.compile(r"(?i:in|during|for|by)\s+(?:(?i:fiscal|the\s+year)\s+)?\d{4}")
"""A clause that is only its year ("In 2024, it lost …"): read with the clause after it. Not a
year a date's comma leaves alone ("on March 3, 2025, it showed …"), nor one of a clause that
says more ("The loss doubled in 2024, from 41 million euros to 96 million euros")."""


def _clauses(sentence: str) -> list[Quantities]:
    """The values of each clause (:data:`_CLAUSE`); a clause that opens with its year alone
    ("In 2024, it lost 41 million euros") is read with the one after it."""
    out: list[Quantities] = []
    opening = ""
    for clause in _CLAUSE.split(sentence):
        if not opening and _OPENING_YEAR.fullmatch(clause.strip()):
            opening = clause
            continue
        out.append(extract(f"{opening} {clause}" if opening else clause))
        opening = ""
    return out


_SAME_AGAIN = re.compile(
    r"\b(?:the same (?:amount|sum|figure|level|number|rate|share)|as much|as many)\b", re.I
)
"""A value said again without its digits ("lost 96 million euros in 2023 and the same amount
in 2024"): the clause of the claim's year has it, in words the clauses cannot pair."""


def year_of_another_value(mine: Quantities, sentence: str) -> bool:
    """Whether a sentence gives the claim's amount to another year and the claim's year
    another amount: "It lost 41 million euros in 2024 and 96 million euros in 2025" for "Solmar
    lost 96 million euros in 2024" states 96 million and 2024, but not together. An amount is
    a year's only where a clause (:data:`_CLAUSE`) states the two alone — one amount, one
    year — so "founded in 2009, it lost 96 million euros in 2024" pairs 96 million with 2024,
    and a clause with two amounts or two years pairs nothing. Both must hold: the claim's
    amount in another year's clause, and another amount of its kind in the claim year's. For
    a claim with one year and one amount; ``sentence`` with its relative dates written out
    (:func:`verify.relative_dates.resolved`: "last year" is a year)."""
    if len(mine.years) != 1 or len(mine.numbers) != 1 or _SAME_AGAIN.search(sentence):
        return False
    (year,), (value,) = mine.years, mine.numbers
    mine_elsewhere = other_in_mine = False
    for q in _clauses(sentence):
        if len(q.years) != 1 or len(q.numbers) != 1:
            continue
        (y,), (n,) = q.years, q.numbers
        if not comparable(mine, value, q, n):
            continue
        same = bears_out(mine, value, q, n)
        if same and y == year:
            return False  # the claim's pair is stated too ("5.1% in 2024, unchanged from 5.1%
            # in 2023, while youth unemployment rose to 14.2% in 2024"): another figure is
            # another thing's
        mine_elsewhere |= same
        other_in_mine |= not same and y == year
    return mine_elsewhere and other_in_mine
