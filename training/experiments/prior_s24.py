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
import json
import pickle
from pathlib import Path

import training.sweep as sweep

PRIORS = (1.0, 1.25, 1.5, 1.75, 2.0, 2.5, 3.0, 4.0)


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
    if args.out:
        args.out.write_text(json.dumps(report, indent=1) + "\n")


if __name__ == "__main__":
    main()
