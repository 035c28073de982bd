"""Stop 33's measurements over the own capture (MPNet's sentences, eight dev sets), through the
judge with the shipped settings and today's rules (``training.sweep --recue`` semantics).

    .venv/bin/python -m training.experiments.stop33 training/work/mpnet-own5.pkl \
        [--digits training/work/mpnet-own5-digits.pkl] --out training/experiments/stop33.json

1. Which sentences below the word gate a cue opens (``decision.restates_a_number``): the cue
   kinds (another number only, or any cue against the claim) and the cosine they need.
2. The subject test (``overlap.same_subject``): the claim's names after its first word (as
   shipped before), every capitalised word (its first included, numbers aside), or a name of
   several words it opens with (kept: ``overlap.subject_names``).
3. The verifier reading numbers in digits (``pairs.format_pair`` / ``quantities.in_digits``):
   ``--digits`` is the same capture with every changed pair rescored (12k pairs, about 20 CPU
   minutes; made ad hoc on stop 33 and kept under training/work).
"""

from __future__ import annotations

import argparse
import json
import pickle
from pathlib import Path
from typing import Any
from unittest.mock import patch

from training import sweep
from training.sweep import SHIPPED, recue, score, summarise
from verify import overlap
from verify.judges import decision
from verify.quantities import _WORD_NUMBERS

AGAINST = frozenset({"contradicts", "negation", "opposite", "reversed", "exclusive", "again"})


def _gate(capture: dict[str, Any], kinds: frozenset[str], cosine: float) -> dict[str, float]:
    """The dev figures with sentences carrying one of ``kinds`` of cue read from ``cosine``."""
    settings = {**SHIPPED, "contradiction_relevance": 1.01}
    shipped_on_topic = decision.on_topic

    def on_topic(cues: decision.Cues, s: Any) -> bool:
        cue = decision._against(cues)
        return shipped_on_topic(cues, s) or (cue in kinds and cues.relevance >= cosine)

    with patch.object(decision, "on_topic", on_topic):
        return summarise(score(capture, settings))


def _subject(path: Path, names: Any) -> dict[str, float]:
    """The dev figures with the subject test reading ``names`` of the claim (the capture is
    read again: the cues depend on the test)."""

    def same_subject(claim: str, text: str) -> bool:
        wanted = names(claim)
        if not wanted:
            return overlap.coverage(overlap.terms(claim), text) >= 0.5
        return len(wanted & overlap.terms(text)) / len(wanted) >= 0.6

    with patch.object(decision, "same_subject", same_subject):
        capture = pickle.load(path.open("rb"))
        recue(capture)
        return summarise(score(capture, SHIPPED))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("capture", type=Path)
    ap.add_argument("--digits", type=Path, default=None)
    ap.add_argument("--out", type=Path, default=None)
    args = ap.parse_args()
    capture = pickle.load(args.capture.open("rb"))
    recue(capture)
    out: dict[str, Any] = {"rules, pairs as captured": summarise(score(capture, SHIPPED))}
    for label, kinds in (
        ("number", frozenset({"contradicts"})),
        ("number+negation", frozenset({"contradicts", "negation"})),
        ("any cue", AGAINST),
    ):
        for cosine in (0.3, 0.35, 0.4, 0.45, 0.5):
            out[f"gate {label} >= {cosine}"] = _gate(capture, kinds, cosine)
    out["gate off"] = _gate(capture, frozenset(), 1.01)
    numbers = {overlap._stem(w) for w in _WORD_NUMBERS}
    out["subject: names after the first word"] = _subject(args.capture, overlap.names)
    out["subject: every capitalised word, numbers aside"] = _subject(
        args.capture, lambda c: overlap.all_names(c) - numbers
    )
    out["subject: and a multi-word name it opens with, as one (shipped)"] = summarise(
        score(capture, SHIPPED)
    )
    if args.digits:
        digits = pickle.load(args.digits.open("rb"))
        recue(digits)
        out["verifier reads digits (shipped)"] = summarise(score(digits, SHIPPED))
    for k, v in out.items():
        print(f"{k:55} {v['dev_mean']:.4f}  {json.dumps({s: v[s] for s in sweep.DEV if s in v})}")
    if args.out:
        args.out.write_text(json.dumps(out, indent=1) + "\n")


if __name__ == "__main__":
    main()
