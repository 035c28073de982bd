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
import pickle
from pathlib import Path

import numpy as np

from training.experiments.head_s45 import CAPTURES, load, rescored
from training.sweep import SHIPPED, recue, score
from verify.judges.local import StanceModel


def torch_scores(run: Path, pairs: list[tuple[str, str]]) -> np.ndarray:
    """The run's float32 model's probabilities (what int8 rounding may take away)."""
    import torch

    from training import mpnet_cpu

    model = mpnet_cpu.build()
    model.load_state_dict(torch.load(run / "state.pt", weights_only=False)["model"])
    model.eval()
    tok = mpnet_cpu.tokenizer()
    pairs = mpnet_cpu.fitted(pairs)
    out = []
    with torch.no_grad():
        for i in range(0, len(pairs), 16):
            logits = model(**mpnet_cpu.encode(tok, pairs[i : i + 16])).logits
            out.append(torch.softmax(logits, -1).numpy())
    return np.concatenate(out)


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
    caps: dict = {}
    for path in CAPTURES:
        with open(path, "rb") as fh:
            caps |= pickle.load(fh)
    recue(caps)
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
        sc = score(rescored(caps, index, probs), dict(SHIPPED, supports_prior=prior))
        per = {k: round(v["macro_f1"], 4) for k, v in sc.items()}
        fresh = [v for k, v in per.items() if k.startswith("fresh")]
        public = [per[k] for k in ("factcheck-dev", "climate-dev", "seeds-dev")]
        results[f"prior={prior}"] = {
            "per_set": per,
            "fresh_mean": round(float(np.mean(fresh)), 4),
            "public_mean": round(float(np.mean(public)), 4),
            "confusion": {k: v["confusion"] for k, v in sc.items()},
            "per_class": {
                k: {c: v["per_class"][c]["f1"] for c in v["per_class"]} for k, v in sc.items()
            },
        }
        print(
            prior,
            results[f"prior={prior}"]["fresh_mean"],
            results[f"prior={prior}"]["public_mean"],
            per,
            flush=True,
        )
    args.out.write_text(json.dumps(results, indent=1) + "\n")


if __name__ == "__main__":
    main()
