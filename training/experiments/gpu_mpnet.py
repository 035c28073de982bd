"""Experiment record: MPNet-base as the verifier (stop 29; ``training.gpu --base --bits 4`` on one
lent H200, two calls). Per checkpoint: the dev slices per pair, and every set of the shipped
verifier's capture (``training/work/w8.pkl``: dev and held-out) through the judge, replayed over
the checkpoint's scores of the capture's sentences at the supports prior best on dev; beside
them the shipped MiniLM verifier's own scores replayed the same way.

    python -m training.experiments.gpu_mpnet --out training/experiments/gpu-h200-mpnet.json

Reads ``gpu-h200-mpnet-run1.json`` / ``-run2.json`` (committed, as the device returned them)
and, when present, the capture (not committed: ``training.sources`` remakes it).
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
CAPTURE = HERE.parent / "work" / "w8.pkl"
PRIORS = (1.0, 1.5, 2.0, 2.5, 3.0)


def best_prior(judge: dict[str, dict[str, float]]) -> tuple[str, dict[str, float]]:
    """The prior chosen on the dev sets alone (held-out figures are read, never chosen on)."""
    prior = max(judge, key=lambda p: judge[p]["dev_mean"])
    return prior, judge[prior]


def checkpoints() -> dict[str, Any]:
    out: dict[str, Any] = {}
    for run in (1, 2):
        data = json.loads((HERE / f"gpu-h200-mpnet-run{run}.json").read_text())
        for tag, c in data["checkpoints"].items():
            prior, row = best_prior(c["judge"])
            out[f"run{run}:{tag}"] = {"per_pair": c["per_pair"], "prior": prior, "judge": row}
        out[f"run{run}:roundtrip"] = data.get("roundtrip")
    return out


def shipped() -> dict[str, Any] | None:
    if not CAPTURE.exists():
        return None
    capture = pickle.loads(CAPTURE.read_bytes())
    sweep.recue(capture)
    judge = {
        str(p): sweep.summarise(sweep.score(capture, {**sweep.SHIPPED, "supports_prior": p}))
        for p in PRIORS
    }
    prior, row = best_prior(judge)
    return {"prior": prior, "judge": row}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--out", type=Path, required=True)
    args = ap.parse_args()
    rows = checkpoints()
    trained = {k: v for k, v in rows.items() if v and "judge" in v and not k.endswith(":nli")}
    report = {
        "shipped_minilm_on_its_capture": shipped(),
        "checkpoints": rows,
        "mean_over_claim_mix_checkpoints": {
            "n": len(trained),
            "per_pair_mean": round(
                statistics.mean(v["per_pair"]["mean"] for v in trained.values()), 4
            ),
            "dev_mean": round(statistics.mean(v["judge"]["dev_mean"] for v in trained.values()), 4),
            "heldout_mean": round(
                statistics.mean(v["judge"]["heldout_mean"] for v in trained.values()), 4
            ),
        },
    }
    args.out.write_text(json.dumps(report, indent=1) + "\n")
    print(json.dumps(report["shipped_minilm_on_its_capture"]))
    print(json.dumps(report["mean_over_claim_mix_checkpoints"]))


if __name__ == "__main__":
    main()
