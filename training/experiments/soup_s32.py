"""Experiment record: two of stop 29's MPNet fine-tunes averaged weight by weight (a "model
soup": same base, so no inference cost) or in their probabilities (an ensemble: twice the
verifier's work), against the shipped one alone. Not kept: neither beat it on dev.

The judge's decision rests only on the sentences it reads (``decision.to_read``, which looks
at the words, not the scores), so each candidate scores just those (3,020 pairs over both
captures, PyTorch float32, about 6-10 minutes each on the two cores; cached under ``--cache``)
and the captures are replayed with their scores swapped in (``training.sweep``, today's
rules). ``r1`` is the shipped checkpoint (``nli+mix-s41@e3``) in float32; ``r2`` the best of
the lent H200's second call (``nli+mix-s43@e1``, another seed and NLI stage).

    .venv/bin/python -m training.experiments.soup_s32 training/work/mpnet-own.pkl \\
        training/work/mpnet-r1-replay.pkl --out training/experiments/soup-s32.json
"""

from __future__ import annotations

import argparse
import copy
import json
import pickle
from pathlib import Path
from typing import Any

import numpy as np

import training.sweep as sweep
from verify.judges.decision import Cues, to_read
from verify.judges.pairs import format_pair

MPNET = Path("training/work/mpnet")
CHECKPOINTS = {"r1": MPNET / "r1" / "cand1", "r2": MPNET / "r2" / "cand1"}
SOUPS = (0.5, 0.7)
"""The share of ``r1`` in each averaged model."""


def read_pairs(captures: list[dict[str, Any]]) -> list[tuple[str, str]]:
    """Every (claim, sentence) pair the judge reads in the captures, shortest first."""
    settings = sweep.judge_settings(sweep.SHIPPED)
    keys: set[tuple[str, str]] = set()
    for capture in captures:
        for data in capture.values():
            for row in data["rows"]:
                f = row["feat"]
                if not f:
                    continue
                cues = [Cues(**s["cues"]) for s in f["sentences"]]
                for s, yes in zip(f["sentences"], to_read(cues, settings), strict=True):
                    if yes:
                        keys.add(format_pair(f["claim"], s["text"], s["context"]))
    return sorted(keys, key=lambda k: (len(k[0]) + len(k[1]), k))


def score(pairs: list[tuple[str, str]], cache: Path) -> dict[str, np.ndarray]:
    """Each candidate's probabilities for ``pairs`` (from ``cache`` when there)."""
    names = ["r1", "r2", *(f"soup{a}" for a in SOUPS)]
    listed = cache / "pairs.json"
    done = all((cache / f"soup-{n}.npy").exists() for n in names)
    if done and listed.exists() and json.loads(listed.read_text()) == [list(p) for p in pairs]:
        return {n: np.load(cache / f"soup-{n}.npy") for n in names}
    import torch
    from safetensors.torch import load_file

    from training.train import load_classifier, load_tokenizer

    torch.set_num_threads(2)
    encs = load_tokenizer(CHECKPOINTS["r1"]).encode_batch(pairs)
    model = load_classifier(CHECKPOINTS["r1"]).eval()
    weights = {n: load_file(str(p / "model.safetensors")) for n, p in CHECKPOINTS.items()}
    for a in SOUPS:
        weights[f"soup{a}"] = {
            k: a * v.float() + (1 - a) * weights["r2"][k].float() if v.is_floating_point() else v
            for k, v in weights["r1"].items()
        }
    cache.mkdir(parents=True, exist_ok=True)
    listed.write_text(json.dumps(pairs))
    out = {}
    for name in names:
        model.load_state_dict(weights[name], strict=False)
        probs = np.zeros((len(pairs), 3), np.float32)
        with torch.no_grad():
            for i in range(0, len(pairs), 32):
                batch = encs[i : i + 32]
                width = max(len(e.ids) for e in batch)
                ids = torch.tensor([e.ids + [1] * (width - len(e.ids)) for e in batch])
                mask = torch.tensor([[1] * len(e.ids) + [0] * (width - len(e.ids)) for e in batch])
                logits = model(input_ids=ids, attention_mask=mask).logits
                probs[i : i + 32] = torch.softmax(logits, -1).numpy()
        np.save(cache / f"soup-{name}.npy", probs)
        out[name] = probs
    return out


def replay(capture: dict[str, Any], index: dict[tuple[str, str], int], probs: np.ndarray) -> Any:
    swapped = copy.deepcopy(capture)
    for data in swapped.values():
        for row in data["rows"]:
            f = row["feat"]
            for s in f["sentences"] if f else []:
                i = index.get(format_pair(f["claim"], s["text"], s["context"]))
                if i is not None:
                    s["probs"] = probs[i].tolist()
    return sweep.summarise(sweep.score(swapped, sweep.SHIPPED))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("captures", type=Path, nargs="+")
    ap.add_argument("--cache", type=Path, default=Path("training/work/soup-s32"))
    ap.add_argument("--out", type=Path, default=None)
    args = ap.parse_args()
    captures = {p.stem: pickle.loads(p.read_bytes()) for p in args.captures}
    for capture in captures.values():
        sweep.recue(capture)
    pairs = read_pairs(list(captures.values()))
    scored = score(pairs, args.cache)
    scored["ensemble0.5"] = (scored["r1"] + scored["r2"]) / 2
    index = {k: i for i, k in enumerate(pairs)}
    report: dict[str, Any] = {"pairs": len(pairs)}
    for stem, capture in captures.items():
        rows = {"captured (int8 ONNX)": sweep.summarise(sweep.score(capture, sweep.SHIPPED))}
        rows |= {name: replay(capture, index, p) for name, p in scored.items()}
        report[stem] = rows
        for name, row in rows.items():
            print(stem, name, json.dumps(row), flush=True)
    if args.out:
        args.out.write_text(json.dumps(report, indent=1) + "\n")


if __name__ == "__main__":
    main()
