"""Stop 36's measurements: the verifier's reading of a sentence's bare statement (the sentence
without who said it, ``verify.attribution.read_bare``) through the judge with the shipped
settings and today's rules, over the own capture (MPNet's sentences, eleven dev sets).

    .venv/bin/python -m training.experiments.stop36 training/work/mpnet-own8.pkl \
        --fill training/work/mpnet-own8-bare.pkl --out training/experiments/stop36.json

``--fill PATH`` scores the bare statements of a capture made before stop 36 (about 8,600 pairs,
ten minutes on two cores; scores are cached beside PATH) and writes the filled capture to PATH;
given a filled capture, it is read as is. Each variant is ``decision.with_bare`` with one
choice changed: what the judge ships is "support; refutation with a contradicting value".
"""

from __future__ import annotations

import argparse
import copy
import json
import pickle
from collections.abc import Callable
from pathlib import Path
from typing import Any
from unittest.mock import patch

import numpy as np

from training import sweep
from training.sweep import SHIPPED, recue, score, summarise
from verify.attribution import read_bare
from verify.judges.decision import NONE, REF, SUP, Cues, with_bare
from verify.judges.local import StanceModel
from verify.judges.pairs import format_pair

Combine = Callable[[np.ndarray, np.ndarray | None, Cues], np.ndarray]


def _variant(support: bool, refutes: Callable[[Cues], bool]) -> Combine:
    def combine(probs: np.ndarray, bare: np.ndarray | None, cues: Cues) -> np.ndarray:
        p = np.array(probs, dtype=np.float32, copy=True)
        if bare is None:
            return p
        if support:
            p[SUP] = max(p[SUP], bare[SUP])
        if refutes(cues):
            p[REF] = max(p[REF], bare[REF])
        said = p[SUP] + p[REF]
        if said > 1.0:
            p[SUP], p[REF] = p[SUP] / said, p[REF] / said
        p[NONE] = max(0.0, 1.0 - p[SUP] - p[REF])
        return p

    return combine


VARIANTS: dict[str, Combine] = {
    "shipped (support; refutation with a contradicting value)": with_bare,
    "no bare reading": lambda p, _b, _c: np.asarray(p, dtype=np.float32),
    "support only": _variant(True, lambda _c: False),
    "support; refutation with a contradicting value or a negation": _variant(
        True, lambda c: c.relation == "contradicts" or c.negation
    ),
    "support and refutation, always": _variant(True, lambda _c: True),
    "the bare reading instead of the sentence's": lambda p, b, _c: np.asarray(
        p if b is None else b, dtype=np.float32
    ),
}


def fill(capture: dict[str, Any], cache_path: Path) -> None:
    """Give every captured sentence its bare statement and the verifier's scores for it."""
    cache: dict[tuple[str, str, str], list[float]] = (
        pickle.loads(cache_path.read_bytes()) if cache_path.exists() else {}
    )
    rows = [r["feat"] for d in capture.values() for r in d["rows"] if r["feat"]]
    for f in rows:
        for s in f["sentences"]:
            s["bare"] = read_bare(f["claim"], s["text"])
    todo = sorted(
        {
            (f["claim"], s["bare"], s["context"])
            for f in rows
            for s in f["sentences"]
            if s["bare"] is not None
        }
        - cache.keys()
    )
    model = StanceModel()
    for i in range(0, len(todo), 256):
        chunk = todo[i : i + 256]
        probs = model.predict([format_pair(*k) for k in chunk], cache=False)
        cache.update({k: p.tolist() for k, p in zip(chunk, probs, strict=True)})
        cache_path.write_bytes(pickle.dumps(cache))
    for f in rows:
        for s in f["sentences"]:
            key = (f["claim"], s["bare"], s["context"])
            s["bare_probs"] = cache[key] if s["bare"] is not None else None


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("capture", type=Path)
    ap.add_argument("--fill", type=Path, default=None)
    ap.add_argument("--out", type=Path, required=True)
    args = ap.parse_args()
    if args.fill is not None and args.fill.exists():
        base = pickle.loads(args.fill.read_bytes())
    else:
        base = pickle.loads(args.capture.read_bytes())
        if args.fill is not None:
            fill(base, args.fill.with_suffix(".cache.pkl"))
            args.fill.write_bytes(pickle.dumps(base))
    report = {}
    for name, combine in VARIANTS.items():
        capture = copy.deepcopy(base)
        recue(capture)
        with patch.object(sweep, "with_bare", combine):
            report[name] = summarise(score(capture, dict(SHIPPED)))
        print(name, report[name]["dev_mean"])
    args.out.write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
