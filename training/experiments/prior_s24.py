"""Experiment record: the judge's ``supports_prior`` (the verifier's "supports" score weighed
before the rules, then the three renormalised), on the dev captures of four verifiers through
the judge (shipped settings otherwise, ``training.sweep --recue``).

Why: the claim mix the verifier was trained on holds more refutations than supports (4,006
against 3,601), 2,154 of them near-copies of a supporting pair with one detail changed; on the
dev articles it calls most of the sentences that restate a claim in other words a weak
"refutes" (11 of fresh-dev's 21 missed supports were set aside as refutations with no cue).
A prior correction for that label shift is one number, chosen here on the dev sets only.

    .venv/bin/python -m training.experiments.prior_s24 training/work/cand-f5-dev.pkl \
        training/work/cand-f7-dev.pkl training/work/cand-f6-dev.pkl \
        training/work/cand-f2-dev.pkl --out training/experiments/prior-s24.json
"""

from __future__ import annotations

import argparse
import copy
import json
import pickle
from pathlib import Path
from typing import Any

import numpy as np

import training.sweep as sweep
from verify.judges.decision import REF

PRIORS = (1.0, 1.25, 1.5, 1.75, 2.0, 2.5, 3.0, 4.0)
REFUTES_DOWN = ((1.25, 0.6), (1.25, 0.8), (1.5, 0.6), (1.5, 0.8), (2.0, 0.6), (2.0, 0.8))
"""(supports ×, refutes ×) pairs: weighing "refutes" down as well, tried and not kept."""


def weigh_refutes(capture: dict[str, Any], factor: float) -> dict[str, Any]:
    """A copy of the capture with every sentence's "refutes" score weighed (renormalised)."""
    out = copy.deepcopy(capture)
    for data in out.values():
        for row in data["rows"]:
            for sent in (row["feat"] or {}).get("sentences", []):
                p = np.array(sent["probs"], dtype=np.float64)
                p[REF] *= factor
                sent["probs"] = list(p / p.sum())
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("captures", type=Path, nargs="+")
    ap.add_argument("--out", type=Path)
    args = ap.parse_args()
    report: dict[str, dict[str, dict[str, float]]] = {}
    for path in args.captures:
        capture = pickle.loads(path.read_bytes())
        sweep.recue(capture)
        rows = report.setdefault(path.stem, {})
        for prior in PRIORS:
            settings = {**sweep.SHIPPED, "supports_prior": prior}
            rows[str(prior)] = sweep.summarise(sweep.score(capture, settings))
            print(path.stem, prior, json.dumps(rows[str(prior)]))
        for sup, ref in REFUTES_DOWN:
            settings = {**sweep.SHIPPED, "supports_prior": sup}
            key = f"{sup} / refutes {ref}"
            rows[key] = sweep.summarise(sweep.score(weigh_refutes(capture, ref), settings))
            print(path.stem, key, json.dumps(rows[key]))
    if args.out:
        args.out.write_text(json.dumps(report, indent=1) + "\n")


if __name__ == "__main__":
    main()
