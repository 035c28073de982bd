"""Stop 45: a refutation read both ways. Contradiction is symmetric where entailment is not:
if the sentence contradicts the claim, the claim contradicts the sentence. Scoring the reversed
pair (the sentence as the claim, the claim as the passage) and keeping the smaller "refutes"
might set aside the verifier's over-called refutations of on-topic sentences.

    python -m training.experiments.reverse_s45 --out training/experiments/reverse-s45.json

Scores, with the shipped verifier, the reversed pair of every sentence the judge reads in the dev
captures (``work/fd.pkl``, ``work/pub-dev.pkl``) whose "refutes" (or its second reading's) is at
least 0.2, and replays the shipped decision with each way of combining the two.
"""

from __future__ import annotations

import argparse
import copy
import json
import pickle
from pathlib import Path

import numpy as np

from training.dev_replay import ROOT, load_captures, read_sentences, summary
from training.sweep import SHIPPED
from verify.judges.local import StanceModel
from verify.judges.pairs import format_pair

CACHE = ROOT / "training" / "work" / "reverse-s45.pkl"


def combine(p: np.ndarray, rev: np.ndarray | None, how: str) -> np.ndarray:
    if rev is None or how == "none":
        return p
    r = p[1]
    if how == "min":
        r2 = min(r, rev[1])
    elif how == "geo":
        r2 = float(np.sqrt(r * rev[1]))
    elif how == "mean":
        r2 = (r + rev[1]) / 2
    else:
        raise ValueError(how)
    r2 = min(r, r2)  # only ever lowered
    return np.array([p[0], r2, p[2] + (r - r2)], dtype=np.float32)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--out", type=Path, required=True)
    args = ap.parse_args()
    caps = load_captures()
    want: dict[tuple[str, str], None] = {}
    for claim, sent in read_sentences(caps):
        for text, probs in (
            (sent["text"], sent["probs"]),
            (sent.get("bare"), sent.get("bare_probs")),
        ):
            if text is not None and probs is not None and probs[1] >= 0.2:
                want[format_pair(text, claim)] = None
    done: dict = {}
    if CACHE.is_file():
        with open(CACHE, "rb") as fh:
            done = pickle.load(fh)
    todo = [p for p in want if p not in done]
    print(len(want), "reversed pairs,", len(todo), "to score", flush=True)
    if todo:
        probs = StanceModel().predict(todo, cache=False)
        done |= dict(zip(todo, probs, strict=True))
        with open(CACHE, "wb") as fh:
            pickle.dump(done, fh)
    results = {}
    for how in ("none", "min", "geo", "mean"):
        for floor in (0.0, 0.5):
            c2 = copy.deepcopy(caps)
            for claim, sent in read_sentences(c2):
                for tk, pk in (("text", "probs"), ("bare", "bare_probs")):
                    text, probs = sent.get(tk), sent.get(pk)
                    if text is None or probs is None:
                        continue
                    rev = done.get(format_pair(text, claim))
                    if rev is not None and probs[1] >= floor:
                        sent[pk] = combine(np.array(probs), rev, how).tolist()
            key = f"{how} floor={floor}"
            results[key] = summary(c2, SHIPPED["supports_prior"])
            r = results[key]
            print(key, r["fresh_mean"], r["public_mean"], r["per_set"], flush=True)
            if how == "none":
                break
    args.out.write_text(json.dumps(results, indent=1) + "\n")


if __name__ == "__main__":
    main()
