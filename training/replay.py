"""Replay the local judge's source decision offline on a capture from ``training.sources``, over a
grid of its settings, to compare verifiers and settings in seconds instead of re-running
retrieval and the model for each point.

    .venv/bin/python -m training.replay training/work/cur.pkl training/work/cand-v2.pkl \
        --out training/experiments/sentence-none.json

The decision mirrors ``LocalJudge.judge``/``_decide`` (overlap gate, date/number swap, the
refutation cue, thresholds, ``mixed`` scored as its stronger side) and
``retrieval.min_similarity``; prompt-injection lines are not modelled (none in these sets). It is
a mirror for ranking, checked against the real thing: at the shipped settings and verifier it
gives 0.4209 / 0.3882 / 0.7044 on the held-out sets where ``verify eval`` gives 0.4228 / 0.3876 /
0.7044 (the capture judges every source, which moves a few borderline ties). Settings are
chosen on the three *dev* sets only; the held-out figures are reported next to them, never used
to choose.
"""

from __future__ import annotations

import argparse
import itertools
import json
import pickle
from pathlib import Path
from typing import Any

from verify.evaluate import CLASSES, Confusion

DEV = ("factcheck-dev", "climate-dev", "seeds-dev")
HELDOUT = ("factcheck-heldout", "climate-heldout", "seeds-test")
GRID = {
    "min_overlap": [0.0, 0.2, 0.35],
    "refutes_without_cue": [0.7, 0.85, 1.01],
    "supports_threshold": [0.4, 0.5, 0.6],
    "refutes_threshold": [0.5, 0.6, 0.7],
    "min_similarity": [0.2, 0.25, 0.3],
}
SHIPPED = {
    "min_overlap": 0.35,
    "refutes_without_cue": 1.01,
    "supports_threshold": 0.5,
    "refutes_threshold": 0.5,
    "min_similarity": 0.3,
}


def decide(f: dict[str, Any] | None, s: dict[str, float]) -> str:
    if f is None or f["similarity"] < s["min_similarity"]:
        return "none"
    gate = s["min_overlap"]
    best_sup = best_ref = 0.0
    for sent in f["sentences"]:
        if sent["cov_window"] < gate or sent["cov_sentence"] < gate / 2:
            continue
        p = list(sent["probs"])
        top = max(range(3), key=lambda i: p[i])
        rel = sent["rel"]
        if top == 0 and rel != "none":  # the claim states a date or number
            if rel == "contradicts" and not sent["same_subject"]:
                rel = "missing"
            if rel == "contradicts":
                p[1], p[0] = max(p[0], p[1]), min(p[0], p[1])
            elif rel == "missing":
                p[2], p[0] = max(p[0], p[2]), min(p[0], p[2])
        elif top == 1 and p[1] < s["refutes_without_cue"]:
            cue = (rel == "contradicts" and sent["same_subject"]) or sent["neg_differs"]
            if not cue:
                p[2], p[1] = max(p[1], p[2]), min(p[1], p[2])
        best_sup, best_ref = max(best_sup, p[0]), max(best_ref, p[1])
    has_sup, has_ref = best_sup >= s["supports_threshold"], best_ref >= s["refutes_threshold"]
    if has_sup and (not has_ref or best_sup >= best_ref):
        return "supports"
    return "refutes" if has_ref else "none"


def score(capture: dict[str, Any], s: dict[str, float]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, data in capture.items():
        c = Confusion(CLASSES)
        for row in data["rows"]:
            c.add(row["gold"], decide(row["feat"], s))
        out[name] = c.summary()
    return out


def summarise(scores: dict[str, Any]) -> dict[str, float]:
    row = {k: v["macro_f1"] for k, v in scores.items()}
    row["dev_mean"] = round(sum(row[k] for k in DEV) / len(DEV), 4)
    row["heldout_mean"] = round(sum(row[k] for k in HELDOUT) / len(HELDOUT), 4)
    return row


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("captures", type=Path, nargs="+")
    ap.add_argument("--out", type=Path, default=None)
    args = ap.parse_args()
    report: dict[str, Any] = {}
    for path in args.captures:
        capture = pickle.loads(path.read_bytes())
        grid = [dict(zip(GRID, v, strict=True)) for v in itertools.product(*GRID.values())]
        rows = [(s, summarise(score(capture, s))) for s in grid]
        chosen, chosen_scores = max(rows, key=lambda r: r[1]["dev_mean"])
        best = {"settings": chosen, **chosen_scores}
        shipped = score(capture, SHIPPED)
        tuned = score(capture, chosen)
        report[path.stem] = {
            "shipped_settings": summarise(shipped),
            "best_on_dev": best,
            "confusion_shipped": {k: v["confusion"] for k, v in shipped.items()},
            "confusion_best_on_dev": {k: v["confusion"] for k, v in tuned.items()},
        }
        print(path.stem, "shipped", json.dumps(summarise(shipped)))
        print(path.stem, "best-on-dev", json.dumps(best))
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(report, indent=1) + "\n")


if __name__ == "__main__":
    main()
