"""Stop 45: the verifier's last layer refit on CPU (``training.head``), replayed through the judge.

    python -m training.experiments.head_s45 --out training/experiments/head-s45.json

Reads the states ``training.head states`` saved (``work/head/dev.pkl``: the pairs the judge reads
in the dev captures ``work/fd.pkl`` (fresh-dev … fresh-dev10) and ``work/pub-dev.pkl``
(Factcheck-GPT / Climate-FEVER / seeds dev slices); ``fix.pkl``: the hand-written training sets
and fresh-dev11 … fresh-dev15 read as the judge reads them; ``pub.pkl``: the shared sets'
training claims). For each candidate last layer, the captured sentences' scores are replaced by
that layer's and the shipped decision (``training.sweep.score``) scores every dev set; the
baseline is the shipped layer on the same states (not the captured scores), so the two differ
only by the layer.
"""

from __future__ import annotations

import argparse
import json
import pickle
from pathlib import Path
from typing import Any

import numpy as np

from training.dev_replay import load_captures, rescored, summary
from training.head import SHIPPED_DIR, WORK, Head, fit, softmax
from training.weight_only import int8_columns


def load(name: str) -> dict:
    with open(WORK / name, "rb") as fh:
        return pickle.load(fh)


def evaluate(
    caps: dict[str, Any],
    index: dict[tuple[str, str], int],
    hidden: np.ndarray,
    w: np.ndarray,
    b: np.ndarray,
    prior: float,
) -> dict[str, Any]:
    return summary(rescored(caps, index, softmax(hidden @ w + b)), prior)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--lams", default="0.0001,0.001,0.01")
    ap.add_argument("--priors", default="2.0")
    ap.add_argument("--no-public", action="store_true", help="train on the hand-written sets only")
    ap.add_argument("--lr", type=float, default=0.01)
    ap.add_argument("--steps", type=int, default=400)
    ap.add_argument("--hand-share", type=float, default=0.5, help="the hand-written sets' weight")
    ap.add_argument("--skip", default="", help="origins left out (comma-separated prefixes)")
    args = ap.parse_args()
    caps = load_captures()
    dev = load("dev.pkl")
    index = {pair: i for i, (pair, _, _) in enumerate(dev["rows"])}
    head = Head.of(SHIPPED_DIR / "model.onnx")
    hidden = head.hidden(dev["states"])
    train = [load("fix.pkl")] + ([] if args.no_public else [load("pub.pkl")])
    x = head.hidden(np.concatenate([t["states"] for t in train]))
    rows = [r for t in train for r in t["rows"]]
    skip = tuple(o for o in args.skip.split(",") if o)
    keep = np.array([not (skip and r[2].startswith(skip)) for r in rows])
    x, rows = x[keep], [r for r, k in zip(rows, keep, strict=True) if k]
    y = np.array([r[1] for r in rows])
    origin = np.array([r[2] for r in rows])
    # each origin weighs as much as its pairs, the hand-written sets' together as much as the
    # shared sets' together
    hand = np.array([o.startswith("fresh") for o in origin])
    share = args.hand_share if hand.any() and (~hand).any() else 0.5
    weights = np.where(hand, share / max(hand.sum(), 1), (1 - share) / max((~hand).sum(), 1))
    results = {}
    for prior in [float(p) for p in args.priors.split(",")]:
        results[f"shipped prior={prior}"] = evaluate(caps, index, hidden, head.w2, head.b2, prior)
        print(
            "shipped",
            prior,
            results[f"shipped prior={prior}"]["fresh_mean"],
            results[f"shipped prior={prior}"]["public_mean"],
            flush=True,
        )
    for lam in [float(v) for v in args.lams.split(",")]:
        w, b = fit(x, y, head.w2, head.b2, lam=lam, weights=weights, lr=args.lr, steps=args.steps)
        q, scale = int8_columns(w)
        w = q.astype(np.float32) * scale  # as an int8 file of it would compute (the baseline too)
        np.savez(WORK / f"head-lam{lam}.npz", w=w, b=b)
        tr = softmax(x @ w + b).argmax(1)
        acc = float((tr == y).mean())
        for prior in [float(p) for p in args.priors.split(",")]:
            r = evaluate(caps, index, hidden, w, b, prior)
            r["train_acc"] = round(acc, 4)
            r["delta_w"] = round(float(np.abs(w - head.w2).mean() / np.abs(head.w2).mean()), 4)
            results[f"lam={lam} prior={prior}"] = r
            print(lam, prior, r["fresh_mean"], r["public_mean"], r["per_set"], acc, flush=True)
    args.out.write_text(json.dumps(results, indent=1) + "\n")


if __name__ == "__main__":
    main()
