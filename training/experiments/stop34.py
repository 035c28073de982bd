"""Stop 34's measurements over the own capture (MPNet's sentences, eight dev sets, pairs in
digits), through the judge with the shipped settings and today's rules (``training.sweep
--recue`` semantics).

    .venv/bin/python -m training.experiments.stop34 training/work/mpnet-own5-digits.pkl \
        --out training/experiments/stop34.json

1. A sentence that states every date and amount of the claim (``decision.states_the_number``):
   the cosine it needs (``stated_relevance``; 1.01 = never), and whether it counts only as a
   sure support (shipped) or in full, its refutations too.
2. The number gate's cosine (``contradiction_relevance``) with today's rules, for the record.
"""

from __future__ import annotations

import argparse
import json
import pickle
from pathlib import Path
from typing import Any
from unittest.mock import patch

from training.sweep import SHIPPED, recue, score, summarise
from verify.judges import decision


def _figures(capture: dict[str, Any], **settings: float) -> dict[str, float]:
    return summarise(score(capture, {**SHIPPED, **settings}))


def _counting_in_full(capture: dict[str, Any], cosine: float) -> dict[str, float]:
    """The dev figures with a sentence stating the claim's numbers on topic, so that all its
    scores count (a refutation too), not only a sure support."""
    shipped = decision.on_topic

    def on_topic(cues: decision.Cues, s: Any) -> bool:
        return shipped(cues, s) or (cues.states_number and cues.relevance >= cosine)

    with patch.object(decision, "on_topic", on_topic):
        return _figures(capture, stated_relevance=cosine)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("capture", type=Path)
    ap.add_argument("--out", type=Path, required=True)
    args = ap.parse_args()
    capture = pickle.loads(args.capture.read_bytes())
    recue(capture)
    cosines = (1.01, 0.5, 0.45, 0.4, 0.35, 0.3, 0.25)
    report = {
        "shipped": _figures(capture),
        "stated_relevance (sure support only)": {
            str(c): _figures(capture, stated_relevance=c) for c in cosines
        },
        "stated_relevance (counting in full)": {
            str(c): _counting_in_full(capture, c) for c in cosines if c <= 1.0
        },
        "contradiction_relevance": {
            str(c): _figures(capture, contradiction_relevance=c)
            for c in (1.01, 0.6, 0.5, 0.45, 0.4, 0.35, 0.3)
        },
    }
    args.out.write_text(json.dumps(report, indent=1) + "\n")
    for key, value in report.items():
        print(key, json.dumps(value))


if __name__ == "__main__":
    main()
