"""Stop 45: a candidate verifier folder replayed through the judge on the dev captures.

    python -m training.experiments.cpu_s45 --model-dir training/work/cpuA/verifier --out F.json

Scores with the candidate (through ``StanceModel``, as the judge does) every pair the shipped
settings read in the dev captures (``training.head states`` listed them in ``work/head/dev.pkl``:
fresh-dev … fresh-dev10 and the Factcheck-GPT / Climate-FEVER / seeds dev slices), puts the scores
in place of the captured ones and replays the shipped decision (``training.sweep.score``) with the
candidate's own supports prior.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np

from training.dev_replay import load_captures, rescored, summary
from training.experiments.head_s45 import load
from training.head import softmax
from verify.judges.local import StanceModel


def torch_scores(run: Path, pairs: list[tuple[str, str]]) -> np.ndarray:
    """The run's float32 model's probabilities (what int8 rounding may take away)."""
    import torch

    from training import mpnet_cpu

    model = mpnet_cpu.build()
    model.load_state_dict(torch.load(run / "state.pt", weights_only=False)["model"])
    return softmax(mpnet_cpu.torch_logits(model, mpnet_cpu.fitted(pairs)))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--model-dir", type=Path, required=True)
    ap.add_argument(
        "--torch-run",
        type=Path,
        default=None,
        help="score with this run's PyTorch weights (float32, before rounding) instead",
    )
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--priors", default="")
    args = ap.parse_args()
    caps = load_captures()
    dev = load("dev.pkl")
    pairs = [pair for pair, _, _ in dev["rows"]]
    index = {pair: i for i, pair in enumerate(pairs)}
    model = StanceModel(args.model_dir)
    if args.torch_run:
        probs = torch_scores(args.torch_run, pairs)
    else:
        probs = model.predict(pairs, cache=False)
    priors = [float(p) for p in args.priors.split(",") if p] or [model.supports_prior]
    results = {}
    for prior in priors:
        r = results[f"prior={prior}"] = summary(rescored(caps, index, probs), prior)
        print(prior, r["fresh_mean"], r["public_mean"], r["per_set"], flush=True)
    args.out.write_text(json.dumps(results, indent=1) + "\n")


if __name__ == "__main__":
    main()
