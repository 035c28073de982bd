"""Load the labelled sets, honour the fixed held-out split, and assemble the training mix.

Every example is kept as raw (claim, passage, context) until the very end so the derivations in
``augment`` can rewrite claims and passages; only then is ``format_pair`` applied, the same way
inference does.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path

from verify.datasets import is_held_out, read_claims, read_pairs
from verify.judges.pairs import LABELS, format_pair

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = Path(os.environ.get("VERIFY_TRAIN_DATA", ROOT.parent / "shared" / "data"))
"""``../shared/data`` beside the repository (as CI lays it out); ``VERIFY_TRAIN_DATA`` overrides."""
CLIMATE = DATA_DIR / "climate-fever.dev.jsonl"
FACTCHECK = DATA_DIR / "factcheck-gpt-stance.dev.jsonl"
CHECK_COVID = DATA_DIR / "extra" / "check-covid.pairs.jsonl"
SNLI = DATA_DIR / "extra" / "snli-sample.pairs.jsonl"
NLI_DIR = DATA_DIR / "extra" / "nli"
NLI_FILES = (
    ("mnli", "mnli-dev.pairs.jsonl"),
    ("snli-dev", "snli-dev.pairs.jsonl"),
    ("snli-test", "snli-test.pairs.jsonl"),
)
FNC = NLI_DIR / "fnc1-train.pairs.jsonl"
FNC_SENTENCES = 3
"""FNC-1 bodies are whole articles: keep the sentences that share most with the headline."""
HANDWRITTEN = Path(__file__).with_name("handwritten.jsonl")
LABEL_ID = {name: i for i, name in enumerate(LABELS)}


@dataclass(frozen=True)
class Pair:
    """One raw (claim, passage) example; ``source`` tags where it came from (for counts)."""

    claim: str
    passage: str
    stance: str
    context: str = ""
    source: str = ""
    claim_id: str = ""

    def texts(self) -> tuple[str, str]:
        return format_pair(self.claim, self.passage, self.context)

    @property
    def label(self) -> int:
        return LABEL_ID[self.stance]

    def derived(self, source: str, **changes: str) -> Pair:
        return replace(self, source=source, **changes)


def _bucket(claim_id: str, n: int) -> int:
    """A second stable hash (salted differently from ``is_held_out``) to carve a dev slice."""
    return int(hashlib.sha1(("dev:" + claim_id).encode()).hexdigest(), 16) % n


def load_claim_set(path: Path, name: str, use_title: bool) -> list[Pair]:
    """Flatten a claims file to pairs; climate-fever passages are shown with their article title."""
    out = []
    for claim in read_claims(path):
        for src in claim.sources:
            out.append(
                Pair(
                    claim=claim.claim,
                    passage=src.text,
                    stance=src.stance,
                    context=src.title if use_title else "",
                    source=name,
                    claim_id=claim.id,
                )
            )
    return out


def load_pairs_file(path: Path, name: str, use_title: bool) -> list[Pair]:
    return [
        Pair(
            claim=p["claim"],
            passage=p["passage"],
            stance=p["stance"],
            context=(p.get("title") or "") if use_title else "",
            source=name,
            claim_id=f"{name}-{i}",
        )
        for i, p in enumerate(read_pairs(path))
    ]


def load_handwritten() -> list[Pair]:
    out = []
    with open(HANDWRITTEN, encoding="utf-8") as fh:
        for i, line in enumerate(fh):
            if line.strip():
                p = json.loads(line)
                out.append(
                    Pair(
                        p["claim"],
                        p["passage"],
                        p["stance"],
                        p.get("context", ""),
                        "handwritten",
                        f"hw-{i}",
                    )
                )
    return out


def focus_passage(claim: str, body: str, keep: int = FNC_SENTENCES) -> str:
    """The ``keep`` sentences of ``body`` that share most of the claim's words, in text order:
    a whole article does not fit the verifier, and the judge reads sentences, not articles."""
    from verify.chunk import sentences
    from verify.overlap import coverage, terms

    wanted = terms(claim)
    spans = sentences(body)
    ranked = sorted(
        range(len(spans)),
        key=lambda i: -coverage(wanted, body[spans[i].start : spans[i].end]),
    )[:keep]
    return " ".join(body[spans[i].start : spans[i].end] for i in sorted(ranked))


def load_fnc(limit: int = 0, rng: random.Random | None = None) -> list[Pair]:
    """FNC-1 headline/body pairs (the only news refutations here), bodies cut to their focus."""
    rows = list(read_pairs(FNC))
    if limit and rng is not None:
        rng.shuffle(rows)
        # every "refutes" pair is kept: they are the scarce ones
        rows = [r for r in rows if r["stance"] == "refutes"] + [
            r for r in rows if r["stance"] != "refutes"
        ][: max(0, limit - sum(r["stance"] == "refutes" for r in rows))]
    return [
        Pair(
            claim=r["claim"],
            passage=focus_passage(r["claim"], r["passage"]),
            stance=r["stance"],
            source="fnc1",
            claim_id=f"fnc1-{i}",
        )
        for i, r in enumerate(rows)
    ]


def build_nli_set(seed: int) -> list[Pair]:
    """Stage one: general NLI (MultiNLI, SNLI) and FNC-1 news stance, shuffled. Nothing of the
    claim sets is in it, so it cannot leak held-out claims."""
    rng = random.Random(seed)
    out: list[Pair] = []
    for name, fname in NLI_FILES:
        out += load_pairs_file(NLI_DIR / fname, name, False)
    out += load_fnc()
    rng.shuffle(out)
    return out


@dataclass
class Splits:
    train: list[Pair]
    dev: list[Pair]
    heldout: dict[str, list[Pair]]


def split_sets(dev_buckets: int = 12) -> Splits:
    """Held-out claims (``is_held_out``) are never seen; ~1/dev_buckets of the rest form the dev
    slice used to pick the checkpoint, so model selection never looks at held-out claims."""
    train: list[Pair] = []
    dev: list[Pair] = []
    heldout: dict[str, list[Pair]] = {}
    for name, path, title in (
        ("climate-fever", CLIMATE, True),
        ("factcheck-gpt", FACTCHECK, False),
    ):
        pairs = load_claim_set(path, name, title)
        heldout[name] = [p for p in pairs if is_held_out(p.claim_id)]
        rest = [p for p in pairs if not is_held_out(p.claim_id)]
        dev += [p for p in rest if _bucket(p.claim_id, dev_buckets) == 0]
        train += [p for p in rest if _bucket(p.claim_id, dev_buckets) != 0]
    return Splits(train, dev, heldout)


def load_heldout() -> dict[str, list[Pair]]:
    return split_sets().heldout


def build_training_set(
    seed: int,
    none_ratio: float = 1.15,
    sentence_none: int = 0,
    overlap_sample: int = 40,
    fnc: int = 0,
    fixtures: dict[str, int] | None = None,
) -> tuple[list[Pair], list[Pair]]:
    """Return (train, dev). Base pairs + extra/ + hand-written + derived pairs, then "none" is
    downsampled to ``none_ratio`` x the larger of the other two classes (Factcheck-GPT and
    hand-written "none" pairs are always kept: they are the in-domain ones)."""
    from training import augment

    rng = random.Random(seed)
    splits = split_sets()
    base = list(splits.train)
    base += load_pairs_file(CHECK_COVID, "check-covid", True)
    base += load_pairs_file(SNLI, "snli", False)
    hand = load_handwritten()
    derived = augment.derive_all(base, rng, sentence_none > 0, overlap_sample)
    pool = base + derived
    keep_none = {"factcheck-gpt", "handwritten"}
    sentence_pairs = [p for p in pool if p.source == "aug-none-sentence"]
    pool = [p for p in pool if p.source != "aug-none-sentence"]
    fixed = [p for p in pool if p.stance != "none" or p.source in keep_none] + hand
    optional_none = [p for p in pool if p.stance == "none" and p.source not in keep_none]
    counts = Counter(p.stance for p in fixed)
    budget = int(none_ratio * max(counts["supports"], counts["refutes"])) - counts["none"]
    rng.shuffle(optional_none)
    train = fixed + optional_none[: max(budget, 0)]
    if sentence_none:
        # on top of the budget, capped, so they do not push out the real in-domain "none"
        # passages (Climate-FEVER's are the hardest negatives there are)
        rng.shuffle(sentence_pairs)
        train += sentence_pairs[:sentence_none]
    if fnc:
        # news refutations on top (all 829 FNC-1 "disagree"), with supports/none to balance
        train += load_fnc(fnc, rng)
    for name, repeat in (fixtures or {}).items():
        train += fixture_mix(name, repeat, rng)
    rng.shuffle(train)
    return train, splits.dev


def fixture_mix(name: str, repeat: int, rng: random.Random) -> list[Pair]:
    """A hand-written article set (``tests/fixtures/<name>``) read sentence by sentence as the
    judge reads it (``training.fixture_pairs``), ``repeat`` times over (a few hundred pairs in
    a mix of twelve thousand), plus one contrast variant (a changed year, month, number or
    name -> refutes) of each supporting sentence, as for the other sets."""
    from training import augment
    from training.fixture_pairs import fixture_pairs, training_fixture
    from verify.config import JudgeSettings

    pairs = fixture_pairs(training_fixture(name), JudgeSettings())
    names = augment.entity_pool(pairs)
    derived = [
        d.derived(f"{d.source}-fresh")
        for p in pairs
        if p.stance == "supports"
        for d in augment.contrast(p, rng, names)
    ]
    return pairs * repeat + derived


def describe(pairs: list[Pair]) -> dict[str, dict[str, int]]:
    """Counts per source and label, for the README."""
    table: dict[str, Counter[str]] = {}
    for p in pairs:
        table.setdefault(p.source, Counter())[p.stance] += 1
    return {k: dict(v) for k, v in sorted(table.items())}


if __name__ == "__main__":
    tr, dv = build_training_set(13)
    print(json.dumps(describe(tr), indent=1))
    print("train", len(tr), Counter(p.stance for p in tr))
    print("dev", len(dv), Counter(p.stance for p in dv))
