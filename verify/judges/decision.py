"""The local judge's decision as pure functions, shared by ``verify.judges.local`` and
``training/`` (capture and offline replay), so the rules tuned offline are the rules shipped.

Three steps, each a function of plain values:

1. :func:`read_sentence` — what the words say about one sentence against the claim (overlap,
   dates and amounts, negation, exclusivity, comparisons): :class:`Cues`.
2. :func:`correct` — the verifier's three scores for that sentence, its "supports" weighed by
   ``supports_prior``, corrected by the cues: a "supports" that states another date, negates
   the claim, turns its comparison round or gives its "first" to someone else becomes
   "refutes" (another date or number takes all the verifier did not call "none"); one that
   lacks the claim's date becomes "none"; a "refutes" below ``refutes_without_cue`` with no
   cue at all is set aside, or read as support when the sentence restates the claim (all its
   names and words, nothing short or against it).
3. :func:`decide` — the source's stance from its sentences' corrected scores.

Which sentences the verifier reads at all is :func:`to_read` (the word gate, :func:`on_topic`,
with a sentence that gives the claim's number otherwise, :func:`restates_a_number`; one that
states it, :func:`states_the_number`; and the one sentence closest in meaning below the gate),
and which of them take part in step 3 is :func:`counts`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np

from ..attribution import read_bare, said_by_another
from ..config import JudgeSettings
from ..cues import (
    comparison_reversed,
    contrasted,
    denied,
    denies_anything,
    done_by_another,
    exclusive_in_other_words,
    exclusive_relation,
    failed_as_claimed,
    hedged,
    negated_about,
    opposite_words,
    rejects_alike,
    said_of_another,
    value_of_another_thing,
    victory_reversed,
    year_of_another_value,
)
from ..overlap import all_names, covered, foreign, name_runs, names, same_subject, terms
from ..quantities import CURRENCY_WORDS, Quantities, conflict, extract
from ..relative_dates import Published, resolved
from .pairs import LABELS

SUP, REF, NONE = (LABELS.index(x) for x in ("supports", "refutes", "none"))

NOTES = {
    "contradicts": "a sentence gives another date or number than the claim",
    "missing": "a sentence matches but does not state the claim's date or number",
    "negation": "a sentence says the opposite (a negation in one of the two, not the other)",
    "opposite": "a sentence says the opposite in other words",
    "reversed": "a sentence makes the claim's comparison (or who beat whom) the other way round",
    "exclusive": "a sentence gives the claim's 'first' or 'only' to someone else",
    "again": "a sentence says it had happened before, against the claim's 'first'",
    "not-exclusive": "a sentence matches but does not call it 'first' or 'only' of the same "
    "thing as the claim does",
    "no-cue": "a sentence seemed to disagree, but gives no other date or number and no denial",
    "restates": "a sentence seemed to disagree, but restates the claim (its names and words) "
    "with no other date or number and no denial",
    "unchecked": "the verifier reads a sentence as saying otherwise; this rests on its reading "
    "alone (no differing date, number or denial to check it against)",
    "another-subject": "a sentence says of someone or something else what the claim says of "
    "its subject, which does not deny it",
    "another-speaker": "a sentence gives what the claim says to someone other than the claim's "
    "speaker",
}
"""Plain-English reasons, by the note :func:`correct` leaves on a sentence."""
AGAINST = frozenset({"contradicts", "negation", "opposite", "reversed", "exclusive", "again"})
"""The notes that speak against the claim: under a source read as not mentioning it, they say
what was seen but not sure enough to count."""


@dataclass(frozen=True)
class ClaimFacts:
    """What the rules read from a claim, once per check."""

    text: str
    terms: frozenset[str]
    quantities: Quantities
    negated: bool
    names: frozenset[str] = frozenset()
    """Its capitalised words, the first included (:func:`verify.overlap.all_names`)."""
    contrast: frozenset[str] = frozenset()
    """What it denies in a contrast, its only negation ("employees, not contractors"):
    :func:`verify.cues.contrasted`."""
    denied: frozenset[str] = frozenset()
    """Its words that its own negation governs ("Nobody died in the flood": died, flood): a
    sentence that denies too agrees with it only where it states them inside its own denial
    (:func:`_denies_too`)."""
    runs: tuple[tuple[str, ...], ...] = ()
    """Its runs of capitalised words (:func:`verify.overlap.name_runs`): a word of "Arab
    League" is not shared with a sentence that has it only in "United Arab Emirates"."""

    @classmethod
    def of(cls, claim: str) -> ClaimFacts:
        words = terms(claim)
        own_denial = frozenset(denied(claim, words))  # negated_about is whether it has one
        return cls(
            claim,
            frozenset(words),
            extract(claim),
            bool(own_denial),
            frozenset(all_names(claim)),
            contrasted(claim),
            own_denial,
            tuple(name_runs(claim)),
        )

    def terms_in(self, text: str) -> set[str]:
        """``text``'s content words, less those of the claim's names it has only inside
        other names (:func:`verify.overlap.foreign`)."""
        return terms(text) - foreign(self.runs, text)


@dataclass(frozen=True)
class Cues:
    """What the words of one sentence (with its context) say against the claim."""

    cov_window: float
    """Share of the claim's content words in context + sentence."""
    cov_sentence: float
    """Share in the sentence alone."""
    relation: str | None
    """Dates/amounts: ``"contradicts"`` (another value of the same kind, about the same
    subject; a value only its context gives, where the context is about the claim itself, is
    left to the context sentence), ``"missing"`` (the claim's value is not stated) or None."""
    negation: bool
    """The sentence negates the claim's words where the claim does not, or the reverse."""
    exclusive: str | None
    """For a "first"/"only" claim: ``"conflict"`` (given to someone else), ``"again"`` (it
    happened before: "the second time"), ``"missing"`` (not stated), else None."""
    relevance: float = 0.0
    """Cosine of the claim's and the sentence's embeddings (0 when not measured)."""
    opposite: bool = False
    """The sentence has the antonym of one of the claim's words and not the word itself
    (:func:`verify.cues.opposite_words`)."""
    names_stated: bool = False
    """Every name of the claim (its capitalised words) occurs in context + sentence."""
    hedged: bool = False
    """The sentence calls what it says false, a rumour or a claim, or makes it a condition
    (:func:`verify.cues.hedged`)."""
    stated_alone: bool = True
    """The sentence by itself, without its context, states every date and amount the claim
    names (or the claim names none): what a second quote must do to be shown."""
    reversed: bool = False
    """The sentence makes the claim's comparison the other way round ("iron is more reactive
    than copper" for "copper is more reactive than iron"; :func:`~verify.cues.comparison_reversed`),
    or gives its win to the other side ("Volta-9 beat Ironbark 21" for "Ironbark 21 defeated
    Volta-9"; :func:`~verify.cues.victory_reversed`), neither side negated."""
    anaphoric: bool = False
    """The sentence opens with a pronoun (:func:`refers_back`): what it speaks of is named in
    its context, so the word gate reads the two together."""
    states_number: bool = False
    """The claim names a date or amount, and the sentence by itself states every one of them
    as :func:`verify.quantities.conflict` reads them (a day and month without the year
    states "in June 2024"; :func:`states_the_number`)."""
    unnamed_value: bool = False
    """The sentence by itself gives another date or number of the claim's kind, but does not
    name what the claim is about (:func:`about_claim`) nor any of the claim's names (a numbered
    name's word aside): "Around two dozen people were hurt in the blaze, which began in
    Building 7 at about 3:30 p.m." in an article on the Milbrook fire. Its subject may be
    implicit ("the blaze", "the vessel") or another thing, so ``relation`` stays
    ``"missing"``; :func:`restates_a_number` reads it. A sentence naming part of the claim's
    subject ("Syria … since 2012" for "Syria was suspended from the Arab League in November
    2011") speaks of another fact of it, and is left out."""
    another_subject: bool = False
    """The sentence speaks of another name's own, and none of the claim's subject's own words
    is named in the sentence, its context or the title: it says what the claim says of its
    subject in the same words ("after Jordan fully reopened its main border crossing" for
    "Lebanon fully reopened its main border crossing"; :func:`verify.cues.said_of_another`),
    or another doer did with its own thing what the claim says its subject did with its own
    ("Mika Stellan will not appeal his two-year ban" for "Joren Halvik will appeal his ban";
    :func:`verify.cues.done_by_another`). Its date or number, denial and opposite word are the
    other's (``relation`` is never "contradicts", ``negation`` and ``opposite`` are off), and
    the verifier's refutation is set aside."""
    denied_of_another: bool = False
    """With ``another_subject``: the sentence denies or says the opposite of what the other
    did ("Marenthia will not reopen its embassy" for "Kestria has reopened its embassy"). It
    refutes nothing, and what the verifier reads in it as agreeing supports nothing either."""
    other_speaker: bool = False
    """The claim says someone said it, and the sentence gives it to another speaker, in an
    article that never names the claim's (:func:`verify.attribution.said_by_another`): what the
    verifier reads in it as agreeing does not say the claim's speaker said it."""
    redated: bool = False
    """The claim names a date or amount, and the sentence's second reading
    (:func:`second_reading`) is the sentence with its dates written out against its article's
    ("on Monday, 19 October" → "… 19 October 2026"), nothing else changed: the same statement
    as its reader reads it (:func:`with_bare`)."""
    headline: bool = False
    """The sentence is its article's headline (:func:`is_headline`). A headline shortens names
    and drops what it leaves to the text ("Tromvik maritime museum" for "the Halvorsen Maritime
    Museum in Tromvik"), so it refutes only with a cue, however sure the verifier is."""


_REFERS_BACK = re.compile(r"(?:It|Its|They|Their|He|His|She|Her)\b")


def is_headline(sentence: str, title: str) -> bool:
    """Whether a sentence is its article's headline: its title, and no full sentence (a
    headline ends without a full stop). A title made of the text's first line or first
    characters, where an article has none, is a lead sentence: "The ferry ran aground off
    Bergen and all passengers were rescued." states what it says."""
    text = " ".join(sentence.split())
    return bool(text) and text == " ".join(title.split()) and not text.endswith(".")


def refers_back(sentence: str) -> bool:
    """Whether a sentence opens with a pronoun ("It grows in woodlands …"): what it speaks of
    is named in its context, so the context's words count as the sentence's own for the word
    gate (:func:`on_topic`; not for :func:`restates`, which asks what the sentence says)."""
    return _REFERS_BACK.match(sentence) is not None


def about_claim(claim: ClaimFacts, sentence: str, window: str, title: str = "") -> bool:
    """Whether a sentence speaks of what the claim names, so that another date or number in it
    contradicts the claim: it (with its context) names the claim's subject, or it names nothing
    of its own ("The mission has cost 310 million euros") and its article's title names it —
    a sentence that names nothing else is about what its article is about (a day or a month
    is no name of its own, nor is what the title names too: "Valdoria's" in "The plant will
    house four turbines … 9 percent of Valdoria's demand" under "Valdoria's Tarvan Gorge dam
    passes final safety test")."""
    if same_subject(claim.text, window):
        return True
    return (
        bool(title)
        and _names_nothing(claim, sentence, title)
        and same_subject(claim.text, f"{title} {window}")
    )


def _names_nothing(claim: ClaimFacts, sentence: str, title: str) -> bool:
    """The sentence names nothing that neither the claim nor, beside a claim's name, its
    article's title names ("Valdoria's" in "Valdoria's Tarvan Gorge dam …"; not "Kessel" in
    "Tarvan dam gets go-ahead as Kessel plant expands"). Days and months are no names
    (:func:`verify.overlap.names` leaves them out). Dev (stop 34): one refutation won on
    ``fresh-dev5``, nothing else moved."""
    beside = {w for run in name_runs(title) if claim.names & set(run) for w in run}
    return not names(sentence) - claim.names - beside


def _dated(claim: ClaimFacts, sentence: str, published: Published | None) -> str:
    """The sentence with the dates it tells against its article's written out
    (:func:`verify.relative_dates.resolved`), a weekday's year only for a claim that names a
    month or a day."""
    return resolved(sentence, published, day_years=bool(claim.quantities.months))


def read_sentence(
    claim: ClaimFacts,
    sentence: str,
    context: str = "",
    relevance: float = 0.0,
    title: str = "",
    published: Published | None = None,
    article: str = "",
) -> Cues:
    """The cues of one sentence (with its context and its article's title and date) for the
    claim: what :func:`correct` and :func:`counts` read beside the verifier's scores. The whole
    ``article`` is read only to tell who a speaker is
    (:func:`verify.attribution.said_by_another`)."""
    window = f"{context} {sentence}"
    window_terms = claim.terms_in(window)
    negates = negated_about(sentence, set(claim.terms), claim.text) or (
        claim.negated and failed_as_claimed(claim.text, sentence)
    )
    negation = claim.negated != negates
    opposite = opposite_words(claim.text, sentence)
    if negation and claim.negated and not opposite and _denies_too(claim, sentence):
        negation = False
    if negation and claim.contrast and not claim.contrast & window_terms:
        negation = False  # the sentence does not name what the claim denies
    if negation and exclusive_in_other_words(claim.text, sentence):
        negation = False  # "no previous …" is "the first …"
    relation = None
    alone = True
    states_number = False
    unnamed = False
    redated = False
    if not claim.quantities.nothing_to_compare():
        # a line apart: a name word ending the context (a title has no full stop) is not
        # before the sentence's first number (:func:`verify.quantities.named_number`)
        # the sentence's own dates told against its article's ("last year", "on Sunday"), not
        # its context's: a context's date that meets the claim's hides the sentence's other
        # one ("agreed on Friday [19 June] to begin negotiations" before "the first round of
        # talks will be held in September" for "signed … in June 2026"; fresh-dev13, stop 41)
        dated = _dated(claim, sentence, published)
        redated = dated != sentence and read_bare(claim.text, dated) is None
        stated = extract(f"{context}\n{dated}")
        relation = conflict(claim.quantities, stated)
        if relation == "contradicts" and not _pays_for_the_same(claim, sentence, context, stated):
            relation = "missing"  # another sum, for something else
        elsewhere = relation == "contradicts" and not about_claim(claim, sentence, window, title)
        if elsewhere:
            relation = "missing"  # another date, but perhaps about something else
        said = extract(dated)
        own = conflict(claim.quantities, said)
        # the sentence names none of the claim's names, its first word included (a numbered
        # name's word is the number's, compared above): "in Syria since 2012" names part of
        # what "Syria was suspended from the Arab League in November 2011" is about, and
        # speaks of something else
        unnamed = (
            elsewhere
            and own == "contradicts"
            and not all_names(sentence) & claim.names - terms(" ".join(claim.quantities.names))
        )
        if (
            relation == "contradicts"
            and own != "contradicts"
            and about_claim(claim, context, context, title)
        ):
            relation = own  # the other value is its context's, about the claim: read there
        if own is None and value_of_another_thing(claim.text, claim.quantities, said):
            # "a 35% tariff on steel …, a 15% duty on ethanol" for "the steel tariff is 15%"
            relation = own = "contradicts"
        if own is None and year_of_another_value(claim.quantities, dated):
            # "It lost 41 million euros in 2024 and 96 million euros in 2025" for "… lost 96
            # million euros in 2024": both values stated, but not together (stop 49)
            relation = own = "contradicts"
        alone = relation is not None or own is None
        states_number = own is None and not claim.quantities.empty()
    # the claim's subject's own words, where the sentence says the same of another name: named
    # neither there, in the sentence before nor in the title, the sentence is about the other
    subject = said_of_another(claim.text, sentence) or done_by_another(claim.text, sentence)
    another = bool(subject) and not subject & claim.terms_in(f"{window} {title}")
    denied_of_another = False
    if another:
        # the other's date or number, denial or opposite, not the claim subject's
        relation = "missing" if relation == "contradicts" else relation
        denied_of_another = negation or opposite
        negation = opposite = False
    return Cues(
        cov_window=covered(claim.terms, window_terms),
        cov_sentence=covered(claim.terms, claim.terms_in(sentence)),
        relation=relation,
        negation=negation,
        exclusive=exclusive_relation(claim.text, sentence),
        relevance=relevance,
        opposite=opposite,
        names_stated=claim.names <= window_terms,
        hedged=hedged(sentence),
        stated_alone=alone,
        # a comparison with a negation on either side says too little to be turned round
        reversed=not (claim.negated or negates)
        and (comparison_reversed(claim.text, sentence) or victory_reversed(claim.text, sentence)),
        anaphoric=refers_back(sentence),
        headline=is_headline(sentence, title),
        states_number=states_number,
        unnamed_value=unnamed,
        another_subject=another,
        denied_of_another=denied_of_another,
        other_speaker=said_by_another(claim.text, sentence, f"{context} {title}", article),
        redated=redated,
    )


_MONEY_WORDS = frozenset(
    terms(" ".join(sorted(CURRENCY_WORDS))) | {"milli", "billi", "thous", "bn", "pound", "pence"}
)
"""Stems that say an amount is money or how large, not what it pays for."""
_PAYING = frozenset(
    terms(
        "paid pay pays paying cost costs costing price priced fee fees bought buy buys spent "
        "spend spends worth sold sell sells signed"
    )
)
"""Words for paying a sum, one word whichever: "Chelsea signed Fernandez for £106.8 million"
is a sum for the same thing as "Chelsea paid £50 million for Fernandez"."""


def _pays_for_the_same(claim: ClaimFacts, sentence: str, context: str, stated: Quantities) -> bool:
    """Where a sentence contradicts the claim by a sum of money alone: whether it names what
    the sum is for with a word of the claim's own, not a name, a currency or a scale (and its
    context's words only when it opens with a pronoun). "The satellite is insured for 150
    million euros" gives another sum than "The Tern-2 mission cost 310 million euros", but for
    something else; "the winners each received $40,000 in prize money" shares "winner" and
    "received" with "Each … winner received $50,000". A count names what it counts in its
    unit ("turbines"); a sum does not. Dev (stop 34): two false refutations gone on
    ``fresh-dev``, nothing lost; the same test for every kind of number lost nine
    refutations."""
    q = claim.quantities
    sums = {v for v in q.numbers if "$" in q.units.get(v, frozenset())}
    if not sums:
        return True
    rest = replace(q, numbers=q.numbers - sums)
    if conflict(rest, stated) == "contradicts":
        return True  # its date or another number contradicts the claim too
    said = claim.terms_in(f"{context} {sentence}" if refers_back(sentence) else sentence)
    mine, theirs = set(claim.terms), set(said)
    for words in (mine, theirs):
        if words & _PAYING:
            words |= {"~paying"}
    own = (mine & theirs) - claim.names - _MONEY_WORDS - _PAYING
    return any(not w[0].isdigit() for w in own)


def _denies_too(claim: ClaimFacts, sentence: str) -> bool:
    """Whether a sentence that a claim's denial seems to clash with denies too, in its own
    words: it has a denial, and what it states of the claim's denied words it states inside
    that denial ("No one was injured", "No passengers were hurt" for "Nobody aboard was
    hurt"). "Three passengers were hurt, but nobody needed hospital treatment" states "hurt"
    outside its denial: it says the opposite."""
    if rejects_alike(claim.text, sentence):
        return True  # a rejection told another way
    if not denies_anything(sentence):
        return False
    stated = claim.denied & claim.terms_in(sentence)
    return not stated - denied(sentence, set(claim.denied))


def own_share(cues: Cues) -> float:
    """The share of the claim's words a sentence has of its own: its context's count too when
    it opens with a pronoun ("They said 2.1 million packs were recalled")."""
    return cues.cov_window if cues.anaphoric else cues.cov_sentence


def on_topic(cues: Cues, settings: JudgeSettings) -> bool:
    """A sentence sharing too few of the claim's words cannot be evidence, whatever the model
    says; the sentence itself must share some, not only its context (unless it opens with a
    pronoun: then its context names what it speaks of). A paraphrase shares few
    words but much meaning: close enough in embedding space, it is read too; so is a
    sentence that gives the claim's kind of number otherwise (:func:`restates_a_number`)."""
    gate = settings.min_overlap
    words = cues.cov_window >= gate and own_share(cues) >= gate / 2
    return words or cues.relevance >= settings.min_relevance or restates_a_number(cues, settings)


def restates_a_number(cues: Cues, settings: JudgeSettings) -> bool:
    """A sentence that gives another date or number of the claim's kind, about its subject,
    and is close to it in meaning (``contradiction_relevance``) is read however few of its
    words it shares. The number is what a refutation changes, and the words around it are
    the writer's own: "the winners each received $40,000 in prize money" against "Each Port
    Alder Marathon winner received $50,000", "nine people lost their lives" against "Eleven
    people were killed in the Route 9 landslide" (the subject named in the sentence, its
    context or, for a sentence naming nothing else, its title). It counts in full,
    refutation or not: the date or number is checked in the words (:func:`correct`), which is
    what a sentence read for its meaning alone lacks (:func:`counts`). Chosen on dev; on the
    dev sets written after it was chosen (stop 33) it gained (``fresh-dev3`` one refutation,
    the long articles of ``fresh-dev5`` 0.671 → 0.700) and lost nothing. It reads other
    facts of the same subject too ("an endowment of $12 million" under "The prize is worth
    $50,000"): the held-out seed split, long articles dense with dates, fell with it
    (``training/README.md``).

    So is one that gives such a value of its own but does not name the claim's subject
    (``unnamed_value``: "the blaze, which began … at about 3:30 p.m." against "The Milbrook
    plant fire began at around 4:40 in the afternoon"). Its number is not checked against the
    claim's (its relation is "missing") and its words' cues may be about another thing, so it
    refutes only where the verifier is sure on its own (``refutes_without_cue``;
    :func:`correct`) and never supports. Dev (stop 35): seven sources won, one lost over
    eleven sets (0.7931 → 0.7987); on the held-out fresh sets it read more "none" sources as
    refuting (``training/README.md``)."""
    other_value = cues.relation == "contradicts" or cues.unnamed_value
    return other_value and cues.relevance >= settings.contradiction_relevance


def states_the_number(cues: Cues, settings: JudgeSettings) -> bool:
    """A sentence that states every date and amount the claim names, close enough to it in
    meaning (``stated_relevance``), is read however few of its words it shares: "Dunst also
    said … 40 cars and lorries had been caught in the slide" for "Forty vehicles were caught
    in the Route 9 landslide". Like the closest sentence (:func:`to_read`) it counts only as
    a sure support (:func:`counts`): read in full, a same-number sentence about another fact
    ("£800 million will come from Whitehall") brought in the verifier's misreadings as
    refutations. Chosen on the eight dev sets (stop 34: 0.7758 → 0.7780, three supports won,
    none lost)."""
    return cues.states_number and cues.relevance >= settings.stated_relevance


def to_read(cues: Sequence[Cues], settings: JudgeSettings) -> list[bool]:
    """Which of a source's sentences the verifier reads: every one on topic or stating the
    claim's numbers (:func:`states_the_number`), and of the rest
    the one closest in meaning to the claim when close enough (``sure_relevance``): a
    paraphrase the word gate misses. That one then counts only as a sure support
    (:func:`counts`). One a source: on the dev sets the closest one alone did what all did
    (``training/experiments/sure_s30.py``) for a half to two thirds of the verifier's extra work."""
    read = [on_topic(c, settings) or states_the_number(c, settings) for c in cues]
    rest = [(c.relevance, i) for i, c in enumerate(cues) if not read[i]]
    if rest:
        closest, i = max(rest, key=lambda r: (r[0], -r[1]))
        read[i] = closest >= settings.sure_relevance
    return read


def counts(corrected: np.ndarray, cues: Cues, settings: JudgeSettings) -> bool:
    """Whether a read sentence's corrected scores take part in its source's decision. One let
    in by meaning alone counts only when the verifier is sure it supports the claim: its
    refutations are the other-event sentences that share a topic, not a fact."""
    return on_topic(cues, settings) or float(corrected[SUP]) >= settings.sure_supports


def _swap(p: np.ndarray, to: int, frm: int) -> None:
    p[to], p[frm] = max(p[to], p[frm]), min(p[to], p[frm])


def _against(cues: Cues) -> str | None:
    """The cue that makes a sentence speak against the claim, if any (first one wins)."""
    if cues.relation == "contradicts":
        return "contradicts"
    if cues.exclusive == "conflict":
        return "exclusive"
    if cues.exclusive == "again":
        return "again"
    if cues.negation and cues.opposite:
        return None  # "did not close" against "opened": two opposites agree
    if cues.negation:
        return "negation"
    if cues.reversed:
        return "reversed"
    return "opposite" if cues.opposite else None


def restates(cues: Cues, settings: JudgeSettings) -> bool:
    """Whether a sentence restates the claim: it names all the claim's names, shares at least
    ``restated_overlap`` of its words, does not hedge it ("It is false that …"), and no cue
    speaks against it or finds it short. The verifier, trained on many near-copies with one
    detail changed, calls such sentences "refutes" when nothing was changed; with no cue to
    back that, they are read as support."""
    return (
        cues.names_stated
        and not cues.hedged
        and cues.cov_sentence >= settings.restated_overlap
        and _against(cues) is None
        and _short_of(cues) is None
    )


def _short_of(cues: Cues) -> str | None:
    """What a matching sentence lacks to state the claim: its date or number, its "first"."""
    if cues.relation == "missing":
        return "missing"
    return "not-exclusive" if cues.exclusive == "missing" else None


def second_reading(claim: ClaimFacts, sentence: str, published: Published | None) -> str | None:
    """What the verifier reads beside a sentence, if anything (scored by :func:`with_bare`):
    its statement without who said it (:func:`verify.attribution.read_bare`), with the dates it
    tells against its article's written out (:func:`verify.relative_dates.resolved`). The
    verifier reads "Net profit rose 8% last year" as no support for "… rose 8% in 2025"; it
    reads "Net profit rose 8% in 2025" as one (fresh-dev14, stop 41). None where both are
    the sentence itself."""
    dated = _dated(claim, sentence, published)
    bare = read_bare(claim.text, dated)
    if bare is not None:
        return bare
    return dated if dated != sentence else None


def with_bare(probs: np.ndarray, bare: np.ndarray | None, cues: Cues) -> np.ndarray:
    """A sentence's scores with what the verifier made of its second reading
    (:func:`second_reading`: the sentence without who said it, its dates written out), before
    :func:`correct`. The
    verifier under-reads attributed statements ("…, the company said" scores "none"), so the
    bare reading may raise the sentence's support, out of its "none" only: a refutation of the
    whole sentence stands as it was read ("Few economists believe …" is no support because its
    bare statement is one). The bare reading's refutation counts only where the words give
    another date or number for the claim's (``relation`` "contradicts", not an implicit
    subject's): elsewhere a bare statement the verifier newly calls "refutes" was one about
    something else (chosen on the dev sets, ``training/experiments/stop36.py``)."""
    p = np.array(probs, dtype=np.float32, copy=True)
    if bare is None:
        return p
    if cues.relation == "contradicts" and not cues.unnamed_value:
        p[REF] = max(float(p[REF]), float(bare[REF]))
    elif cues.redated and cues.relation is None:
        # only its dates written out, and they state the claim's: a refutation the verifier
        # reads in the sentence word for word and not in it dated is the missing year's
        # ("on Monday, 19 October" for "on 19 October 2026": 0.99; fresh-dev16, stop 49)
        p[REF] = min(float(p[REF]), float(bare[REF]))
    room = max(0.0, 1.0 - float(p[REF]))
    p[SUP] = min(max(float(p[SUP]), float(bare[SUP])), room)
    p[NONE] = max(0.0, 1.0 - float(p[SUP]) - float(p[REF]))
    return p


def correct(
    probs: np.ndarray, cues: Cues, settings: JudgeSettings
) -> tuple[np.ndarray, str | None]:
    """The verifier's scores for one sentence, corrected by what its words say (first weighed
    by ``supports_prior``: a verifier's under-calling of support; unset, as scored)."""
    p = np.array(probs, dtype=np.float32, copy=True)
    prior = settings.supports_prior
    if prior is not None and prior != 1.0:
        p[SUP] *= prior
        p /= p.sum()
    top = int(p.argmax())
    # a sentence whose subject may be another thing (``unnamed_value``): its words' cues may be
    # about that thing, so only the verifier's own sure reading of it stands
    against = None if cues.unnamed_value else _against(cues)
    if against == "contradicts" and p[SUP] > 0:
        # another date or number of the same kind about the same subject: the words settle
        # it, so all the verifier did not call "none" is against the claim
        p[REF], p[SUP] = p[REF] + p[SUP], 0.0
        return p, against
    if against and p[SUP] > 0:
        # a denial, an opposite word or someone else's "first": whatever the verifier's
        # split, it is never shown as support (what it gave "supports" is "refutes" up to the
        # larger of the two scores, the rest "none")
        p[REF], p[NONE], p[SUP] = max(p[REF], p[SUP]), p[NONE] + min(p[REF], p[SUP]), 0.0
        return p, against
    if top == SUP and cues.other_speaker:
        _swap(p, NONE, SUP)  # said, but by someone else than the claim says
        return p, "another-speaker"
    if top == SUP and cues.denied_of_another:
        _swap(p, NONE, SUP)  # another's denial, read as agreeing: it supports nothing
        return p, "another-subject"
    if top == SUP and (short := _short_of(cues)):
        _swap(p, NONE, SUP)
        return p, short
    if top == REF and cues.another_subject and not against:
        # the same said of another, or what another did with its own: nothing to refute,
        # however sure the verifier is (a support stands: the sentence may speak of the
        # claim's subject in other words, "the carmaker", "it", which the rule cannot see)
        _swap(p, NONE, REF)
        return p, "another-subject"
    if top == REF and (p[REF] < settings.refutes_without_cue or cues.headline) and not against:
        # The verifier over-calls "refutes" on related sentences; below the bar (and in a
        # headline) a refutation needs a cue it can be checked against.
        if restates(cues, settings):
            _swap(p, SUP, REF)
            return p, "restates"
        _swap(p, NONE, REF)
        return p, "no-cue"
    if top == REF and not against:
        return p, "unchecked"  # the verifier's own reading, sure enough to stand
    return p, None


@dataclass(frozen=True)
class Decision:
    stance: str
    """supports | refutes | mixed | not_mentioned"""
    confidence: float
    best_supports: float
    best_refutes: float
    unsure: bool
    """Close to a threshold, or mixed: what a cascade hands to an LLM."""


def decide(scores: Sequence[np.ndarray], settings: JudgeSettings) -> Decision:
    """A source's stance from the corrected scores of the sentences that count (:func:`counts`)."""
    t_sup, t_ref = settings.supports_threshold, settings.refutes_threshold
    best_sup = max((float(p[SUP]) for p in scores), default=0.0)
    best_ref = max((float(p[REF]) for p in scores), default=0.0)
    has_sup, has_ref = best_sup >= t_sup, best_ref >= t_ref
    if has_sup and has_ref and abs(best_sup - best_ref) < settings.mixed_margin:
        stance, confidence = "mixed", min(best_sup, best_ref)
    elif has_sup and (not has_ref or best_sup > best_ref):
        stance, confidence = "supports", best_sup  # one side clearly stronger
    elif has_ref:
        stance, confidence = "refutes", best_ref
    else:
        stance, confidence = "not_mentioned", 1.0 - max(best_sup, best_ref)
    margin = settings.unsure_margin
    unsure = stance == "mixed" or any(
        abs(v - t) < margin for v, t in ((best_sup, t_sup), (best_ref, t_ref))
    )
    return Decision(stance, float(confidence), best_sup, best_ref, unsure)


def scored_side(decision: Decision) -> str:
    """The gold class a decision is scored as (``mixed`` counts as its stronger side)."""
    if decision.stance == "mixed":
        return "supports" if decision.best_supports >= decision.best_refutes else "refutes"
    return decision.stance if decision.stance in ("supports", "refutes") else "none"
