"""Experiment record: the accelerator run of 2026-11-29 (``training.gpu`` on one lent H200,
two calls, 465 s of command time). Per lineage over its checkpoints: the dev slices per pair,
and the dev sets through the judge replayed over the shipped verifier's dev capture at the
supports prior best for each checkpoint; then the returned candidates' own dev captures
(``training.sources``; the decision), next to the shipped verifier's and ``fresh7``'s.

    .venv/bin/python -m training.experiments.gpu_h200 --out training/experiments/gpu-h200.json

Reads ``gpu-h200-run1.json`` / ``run2.json`` (committed, as the device returned them) and, when
present, the captures under ``training/work/`` (not committed: ``training.sources`` remakes
them from the exported candidates).
"""

from __future__ import annotations

import argparse
import json
import pickle
import statistics
from pathlib import Path
from typing import Any

import training.sweep as sweep

HERE = Path(__file__).parent
WORK = HERE.parent / "work"
PRIORS = (1.0, 1.5, 2.0, 2.5, 3.0)
SETS = ("fresh-dev", "seeds-dev", "factcheck-dev", "climate-dev", "dev_mean")
CAPTURES = {
    "shipped (fresh5)": "cand-f5-dev.pkl",
    "fresh7 (not shipped, fp32 only)": "cand-f7-dev.pkl",
    "g1a = base+mix-s41@e3": "cand-g1a-dev.pkl",
    "g1b = nli+mix-s43@e1": "cand-g1b-dev.pkl",
}


def lineages() -> dict[str, Any]:
    rows = []
    for run in (1, 2):
        data = json.loads((HERE / f"gpu-h200-run{run}.json").read_text())
        for tag, c in data["checkpoints"].items():
            if tag == "nli":
                continue
            judge = c["judge"]
            best = max(judge, key=lambda p: judge[p]["dev_mean"])
            rows.append((tag.split("-s")[0], tag, c["per_pair"], judge[best]))
    out: dict[str, Any] = {}
    for lineage in sorted({r[0] for r in rows}):
        mine = [r for r in rows if r[0] == lineage]
        out[lineage] = {
            "checkpoints": [r[1] for r in mine],
            "per_pair_mean": {
                k: round(statistics.mean(r[2][k] for r in mine), 4) for k in mine[0][2]
            },
            "judge_replay_mean": {
                k: round(statistics.mean(r[3][k] for r in mine), 4) for k in SETS
            },
            "judge_replay_range": [
                min(r[3]["dev_mean"] for r in mine),
                max(r[3]["dev_mean"] for r in mine),
            ],
        }
    return out


def captured() -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, file in CAPTURES.items():
        path = WORK / file
        if not path.exists():
            continue
        capture = pickle.loads(path.read_bytes())
        sweep.recue(capture)
        by_prior = {
            p: sweep.summarise(sweep.score(capture, {**sweep.SHIPPED, "supports_prior": p}))
            for p in PRIORS
        }
        best = max(by_prior, key=lambda p: by_prior[p]["dev_mean"])
        out[name] = {
            "best_prior": best,
            **{k: by_prior[best][k] for k in SETS},
            "dev_mean_at_2.0": by_prior[2.0]["dev_mean"],
        }
        print(name, json.dumps(out[name]))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--out", type=Path, default=None)
    args = ap.parse_args()
    report = {"lineages": lineages(), "own_dev_captures": captured()}
    print(json.dumps(report["lineages"], indent=1))
    if args.out:
        args.out.write_text(json.dumps(report, indent=1) + "\n")


if __name__ == "__main__":
    main()
