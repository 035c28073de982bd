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
import copy
import json
import pickle
from pathlib import Path

import numpy as np

from training.head import SHIPPED_DIR, WORK, Head, fit, softmax
from training.sweep import SHIPPED, judge_settings, recue, score
from training.weight_only import int8_columns
from verify.judges.decision import Cues, to_read
from verify.judges.pairs import format_pair

ROOT = Path(__file__).resolve().parents[2]
CAPTURES = [ROOT / "training" / "work" / "fd.pkl", ROOT / "training" / "work" / "pub-dev.pkl"]


def load(name: str) -> dict:
    with open(WORK / name, "rb") as fh:
        return pickle.load(fh)


def rescored(caps: dict, index: dict, probs: np.ndarray) -> dict:
    """The captures with every read sentence's scores (and its second reading's) from ``probs``."""
    settings = judge_settings(SHIPPED)
    out = copy.deepcopy(caps)
    for data in out.values():
        for row in data["rows"]:
            f = row["feat"]
            if f is None:
                continue
            cues = [Cues(**s["cues"]) for s in f["sentences"]]
            for sent, _, yes in zip(f["sentences"], cues, to_read(cues, settings), strict=True):
                if not yes:
                    continue
                sent["probs"] = probs[index[format_pair(f["claim"], sent["text"], sent["context"])]]
                if sent.get("bare") is not None:
                    key = format_pair(f["claim"], sent["bare"], sent["context"])
                    sent["bare_probs"] = probs[index[key]]
    return out


def evaluate(
    caps: dict, index: dict, hidden: np.ndarray, w: np.ndarray, b: np.ndarray, prior: float
):
    probs = softmax(hidden @ w + b)
    s = dict(SHIPPED, supports_prior=prior)
    sc = score(rescored(caps, index, probs), s)
    per = {k: round(v["macro_f1"], 4) for k, v in sc.items()}
    fresh = [v for k, v in per.items() if k.startswith("fresh")]
    public = [per[k] for k in ("factcheck-dev", "climate-dev", "seeds-dev")]
    return {
        "per_set": per,
        "fresh_mean": round(float(np.mean(fresh)), 4),
        "public_mean": round(float(np.mean(public)), 4),
        "confusion": {k: v.get("confusion") for k, v in sc.items()},
    }


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
    caps: dict = {}
    for path in CAPTURES:
        with open(path, "rb") as fh:
            caps |= pickle.load(fh)
    recue(caps)
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
        w = q.astype(np.float32) * scale  # as the patched file computes (the baseline too)
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
