"""Score an exported verifier on the held-out claims of each set, through onnxruntime.

This is the number that matters: it runs the shipped artefact (ONNX + tokenizer.json) exactly as
the package will, not the PyTorch model it came from.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np

from training.data import Pair, load_heldout
from verify.judges.local import StanceModel
from verify.judges.pairs import LABELS, format_pair

SANITY = [
    (
        "Syria was suspended from the Arab League in November 2011",
        "The Arab League suspended Syria in November 2011 over its crackdown on protesters.",
        "supports",
    ),
    (
        "Syria was suspended from the Arab League in 2013",
        "The Arab League suspended Syria in November 2011 over its crackdown on protesters.",
        "refutes|none",
    ),
    (
        "The US will not normalize relations with Assad",
        "The United States will not normalize relations with the Assad regime.",
        "supports",
    ),
    (
        "The US will normalize relations with Assad",
        "The United States will not normalize relations with the Assad regime.",
        "refutes",
    ),
]


def onnx_verifier(model: Path, tokenizer: Path, threads: int = 2) -> StanceModel:
    """An exported model run exactly as the package runs it: the package's own
    :class:`~verify.judges.local.StanceModel` (same session class, claim fitting, batches)."""
    return StanceModel(model.parent, threads=threads, onnx=model, tokenizer=tokenizer)


def metrics(gold: list[int], pred: list[int]) -> dict:
    """Per-class P/R/F1, macro-F1 and the confusion matrix (rows gold, columns predicted)."""
    k = len(LABELS)
    cm = np.zeros((k, k), dtype=int)
    for g, p in zip(gold, pred, strict=True):
        cm[g, p] += 1
    per = {}
    for c, name in enumerate(LABELS):
        tp, fp, fn = cm[c, c], cm[:, c].sum() - cm[c, c], cm[c, :].sum() - cm[c, c]
        prec = tp / (tp + fp) if tp + fp else 0.0
        rec = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
        per[name] = {
            "precision": round(float(prec), 4),
            "recall": round(float(rec), 4),
            "f1": round(float(f1), 4),
            "support": int(cm[c, :].sum()),
        }
    return {
        "macro_f1": round(float(np.mean([v["f1"] for v in per.values()])), 4),
        "accuracy": round(float(np.trace(cm) / cm.sum()), 4),
        "per_class": per,
        "confusion": {"rows_gold_cols_pred": list(LABELS), "matrix": cm.tolist()},
        "pairs": int(cm.sum()),
    }


def evaluate_model(verifier: StanceModel, sets: dict[str, list[Pair]] | None = None) -> dict:
    sets = sets if sets is not None else load_heldout()
    out = {}
    for name, pairs in sets.items():
        pred = verifier.logits([p.texts() for p in pairs]).argmax(-1).tolist()
        out[name] = metrics([p.label for p in pairs], pred)
    return out


def sanity(verifier: StanceModel) -> list[dict]:
    """The hand-picked behaviours the baseline got wrong (dates, negation)."""
    logits = verifier.logits([format_pair(c, p) for c, p, _ in SANITY])
    probs = np.exp(logits - logits.max(-1, keepdims=True))
    probs /= probs.sum(-1, keepdims=True)
    rows = []
    for (claim, passage, expect), pr in zip(SANITY, probs, strict=True):
        got = LABELS[int(pr.argmax())]
        rows.append(
            {
                "claim": claim,
                "passage": passage,
                "expect": expect,
                "got": got,
                "ok": got in expect.split("|"),
                "probs": {n: round(float(x), 3) for n, x in zip(LABELS, pr, strict=True)},
            }
        )
    return rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--model", type=Path, default=Path("verify/weights/verifier/model.onnx"))
    ap.add_argument(
        "--tokenizer", type=Path, default=Path("verify/weights/verifier/tokenizer.json")
    )
    ap.add_argument("--threads", type=int, default=2)
    args = ap.parse_args()
    v = onnx_verifier(args.model, args.tokenizer, args.threads)
    res = evaluate_model(v)
    for name, m in res.items():
        f1s = {k: c["f1"] for k, c in m["per_class"].items()}
        print(f"{name}: macro-F1 {m['macro_f1']} {f1s} confusion {m['confusion']['matrix']}")
    for row in sanity(v):
        print(json.dumps(row))


if __name__ == "__main__":
    main()
