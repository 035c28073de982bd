"""Derived training pairs: the signal the raw sets lack.

* contrast: a supports claim with one fact changed (year, month, number, name) that the passage
  states otherwise -> refutes (MiniCheck-style), so "2013" vs "November 2011" is a refutation;
* negation: a negated supports claim -> refutes, and the same negation applied to both claim and
  passage -> supports, so a "not" alone never decides the stance;
* none: a claim against another claim's passage (random, or the most word-overlapping one).
"""

from __future__ import annotations

import random
import re
from collections import defaultdict

from training.data import Pair

YEAR = re.compile(r"\b(1[6-9]\d\d|20\d\d)\b")
NUMBER = re.compile(r"(?<![\w.,-])(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?![\w]|[.,]\d)")
MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
MONTH = re.compile(r"\b(" + "|".join(MONTHS) + r")\b")
ENTITY = re.compile(r"\b([A-Z][a-z]+(?:\s+(?:of\s+|the\s+)?[A-Z][a-z]+)*)\b")
AUX = [
    "is",
    "are",
    "was",
    "were",
    "will",
    "would",
    "has",
    "have",
    "had",
    "can",
    "could",
    "should",
    "does",
    "did",
    "do",
    "must",
    "may",
    "might",
    "shall",
]
AUX_RE = re.compile(r"\b(" + "|".join(AUX) + r")\b(?!\s+(?:not|n't|never)\b)")
NEGATE_CLAIM_RATE = 0.45
"""Claim-only negation is cheap and plentiful; keep it from swamping the refutes class."""
NEG_RE = re.compile(r"\b(" + "|".join(AUX) + r")\s+not\b")
STOP = set(
    [
        "the",
        "a",
        "an",
        "of",
        "in",
        "on",
        "at",
        "to",
        "for",
        "and",
        "or",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "by",
        "with",
        "from",
        "that",
        "this",
        "it",
        "as",
        "its",
        "has",
        "have",
        "had",
        "will",
        "not",
        "no",
        "which",
        "who",
        "what",
    ]
)
NON_ENTITIES = set(MONTHS) | {
    "The",
    "A",
    "An",
    "In",
    "On",
    "It",
    "This",
    "That",
    "He",
    "She",
    "They",
    "We",
    "I",
    "There",
    "However",
    "According",
    "But",
    "And",
}


def _words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z0-9]+", text.lower()) if w not in STOP and len(w) > 2}


def _sub_first(pattern: re.Pattern[str], text: str, value: str, new: str) -> str:
    for m in pattern.finditer(text):
        if m.group(1) == value:
            return text[: m.start(1)] + new + text[m.end(1) :]
    return text


def contrast(p: Pair, rng: random.Random, entity_pool: list[str]) -> list[Pair]:
    """At most one refuting variant per kind, only for values the passage itself states."""
    out: list[Pair] = []
    years = [y for y in YEAR.findall(p.claim) if re.search(rf"\b{y}\b", p.passage)]
    if years:
        y = rng.choice(years)
        deltas = [
            d
            for d in (-4, -3, -2, -1, 1, 2, 3, 5, 10)
            if not re.search(rf"\b{int(y) + d}\b", p.passage)
        ]
        if deltas:
            new = str(int(y) + rng.choice(deltas))
            out.append(
                p.derived("aug-year", claim=_sub_first(YEAR, p.claim, y, new), stance="refutes")
            )
    months = [m for m in MONTH.findall(p.claim) if m in p.passage]
    if months:
        m = rng.choice(months)
        others = [x for x in MONTHS if x not in p.passage]
        out.append(
            p.derived(
                "aug-month",
                claim=_sub_first(MONTH, p.claim, m, rng.choice(others)),
                stance="refutes",
            )
        )
    nums = [
        n
        for n in NUMBER.findall(p.claim)
        if not YEAR.fullmatch(n)
        and re.search(rf"(?<![\d.,]){re.escape(n)}(?![\d]|[.,]\d)", p.passage)
    ]
    if nums:
        n = rng.choice(nums)
        val = float(n.replace(",", ""))
        new_val = rng.choice([val * 2, val * 3, val / 2, val + rng.randint(1, 9), max(val - 3, 0)])
        if new_val != val:
            new = (
                f"{new_val:,.0f}"
                if "," in n
                else (f"{new_val:.1f}" if "." in n else str(round(new_val)))
            )
            if new != n and new not in p.passage:
                out.append(
                    p.derived(
                        "aug-number", claim=_sub_first(NUMBER, p.claim, n, new), stance="refutes"
                    )
                )
    ents = [
        e
        for e in ENTITY.findall(p.claim)
        if (e not in NON_ENTITIES and e in p.passage and not p.claim.startswith(e))
        or (e not in NON_ENTITIES and e in p.passage and len(e.split()) > 1)
    ]
    if ents:
        e = rng.choice(ents)
        local = [
            x
            for x in set(ENTITY.findall(p.passage))
            if x not in NON_ENTITIES
            and x.lower() not in p.claim.lower()
            and e.lower() not in x.lower()
            and len(x) > 3
        ]
        candidates = local or [
            x
            for x in rng.sample(entity_pool, min(20, len(entity_pool)))
            if x.lower() not in p.passage.lower()
        ]
        if candidates:
            new = rng.choice(candidates)
            out.append(p.derived("aug-entity", claim=p.claim.replace(e, new, 1), stance="refutes"))
    return out


def _negate(text: str, aux: str | None = None) -> str | None:
    """Insert "not" after the first auxiliary (or the given one); None when there is none."""
    for m in AUX_RE.finditer(text):
        if aux is None or m.group(1).lower() == aux:
            return text[: m.end(1)] + " not" + text[m.end(1) :]
    return None


def _unnegate(text: str) -> str | None:
    m = NEG_RE.search(text)
    return text[: m.end(1)] + text[m.end() :] if m else None


def _sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?])\s+", text) if s]


def negation(p: Pair, rng: random.Random) -> list[Pair]:
    """Claim-only negation -> refutes; passage-only negation -> refutes; both -> supports."""
    out: list[Pair] = []
    flipped = _unnegate(p.claim) or _negate(p.claim)
    if flipped and flipped != p.claim and rng.random() < NEGATE_CLAIM_RATE:
        out.append(p.derived("aug-negate-claim", claim=flipped, stance="refutes"))
    m = AUX_RE.search(p.claim)
    if not m:
        return out
    aux = m.group(1).lower()
    cw = _words(p.claim)
    sents = _sentences(p.passage)
    best, best_overlap = -1, 1
    for i, s in enumerate(sents):
        if re.search(rf"\b{aux}\b(?!\s+not\b)", s, re.I):
            ov = len(cw & _words(s))
            if ov > best_overlap:
                best, best_overlap = i, ov
    if best < 0:
        return out
    neg_sent = _negate(sents[best], aux) or _negate(
        sents[best].replace(aux.capitalize(), aux, 1), aux
    )
    neg_claim = _negate(p.claim, aux)
    if not neg_sent or not neg_claim:
        return out
    neg_passage = " ".join([*sents[:best], neg_sent, *sents[best + 1 :]])
    out.append(
        p.derived("aug-negate-both", claim=neg_claim, passage=neg_passage, stance="supports")
    )
    if len(sents) == 1 or rng.random() < 0.5:
        out.append(p.derived("aug-negate-passage", passage=neg_passage, stance="refutes"))
    return out


def unrelated(
    pairs: list[Pair], rng: random.Random, per_claim: float = 0.5, sample_size: int = 40
) -> list[Pair]:
    """Claim vs a passage of another claim of the same set: random, or the best word overlap
    among a random sample (shares words, says nothing about the claim)."""
    by_set: dict[str, list[Pair]] = defaultdict(list)
    for p in pairs:
        by_set[p.source].append(p)
    out: list[Pair] = []
    for _source, group in by_set.items():
        claims = {p.claim_id: p for p in group}
        for cid, p in claims.items():
            if rng.random() > per_claim:
                continue
            sample = [
                q for q in rng.sample(group, min(sample_size, len(group))) if q.claim_id != cid
            ]
            if not sample:
                continue
            cw = _words(p.claim)
            near = max(sample, key=lambda q: len(cw & _words(q.passage)))
            far = rng.choice(sample)
            for q, tag in ((near, "aug-none-overlap"), (far, "aug-none-random")):
                out.append(p.derived(tag, passage=q.passage, context=q.context, stance="none"))
    return out


def sentence_none(pairs: list[Pair], rng: random.Random, per_passage: int = 2) -> list[Pair]:
    """Sentences of a passage gold-labelled "none", each read as the judge reads it (with the
    sentence before as context): if the whole passage says nothing about the claim, none of its
    sentences does. The judge scores sentences of long articles, and the verifier trained on
    whole passages over-calls "refutes" on on-topic sentences that do not bear on the claim."""
    out: list[Pair] = []
    for p in pairs:
        if p.stance != "none":
            continue
        sents = _sentences(p.passage)
        if len(sents) < 2:
            continue
        for i in sorted(rng.sample(range(len(sents)), min(per_passage, len(sents)))):
            ctx = sents[i - 1] if i else p.context
            out.append(p.derived("aug-none-sentence", passage=sents[i], context=ctx))
    return out


def entity_pool(pairs: list[Pair]) -> list[str]:
    """The names a contrast may swap in when its passage has none of its own: every capitalised
    name of the pairs' passages, months, weekdays and other non-names left out."""
    return sorted(
        {
            e
            for p in pairs
            for e in ENTITY.findall(p.passage)
            if e not in NON_ENTITIES and len(e) > 3
        }
    )


def derive_all(
    pairs: list[Pair],
    rng: random.Random,
    sentence_none_pairs: bool = False,
    overlap_sample: int = 40,
) -> list[Pair]:
    """All derivations over the (already split) training pairs."""
    pool = entity_pool(pairs)
    out: list[Pair] = []
    for p in pairs:
        if p.stance != "supports":
            continue
        out += contrast(p, rng, pool)
        out += negation(p, rng)
    real = [p for p in pairs if p.source in ("factcheck-gpt", "climate-fever", "check-covid")]
    out += unrelated(real, rng, sample_size=overlap_sample)
    if sentence_none_pairs:
        multi = [p for p in pairs if p.source in ("factcheck-gpt", "check-covid")]
        out += sentence_none(multi, rng)
    return out
