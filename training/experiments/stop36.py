"""Stop 36's measurements: the verifier's reading of a sentence's bare statement (the sentence
without who said it, ``verify.attribution.read_bare``), date bounds, and hours and days in
words, through the judge with the shipped settings and today's rules, over the own capture
(MPNet's sentences, twelve dev sets).

    .venv/bin/python -m training.experiments.stop36 training/work/mpnet-own9.pkl \
        --out training/experiments/stop36.json

``--fill PATH`` brings a capture made before stop 36 to this stop's reading (:func:`fill`:
about 8,600 bare statements and 1,600 pairs with money, a quarter of an hour on two cores;
scores are cached beside PATH) and writes it to PATH; given a filled capture, it is read as
is. ``mpnet-own9.pkl`` is stop 35's ``mpnet-own8.pkl`` filled so, with ``fresh-dev9`` captured
by this stop's code (``training.sources``) added.
"""

from __future__ import annotations

import argparse
import json
import pickle
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path
from typing import Any
from unittest.mock import patch

import numpy as np

from training import sweep
from training.sweep import ablate
from verify import quantities
from verify.attribution import read_bare
from verify.judges.decision import NONE, REF, SUP, Cues
from verify.judges.local import StanceModel
from verify.judges.pairs import format_pair
from verify.metadata import dateline_end
from verify.quantities import money_in_words

Combine = Callable[[np.ndarray, np.ndarray | None, Cues], np.ndarray]


def _variant(support: bool, refutes: Callable[[Cues], bool]) -> Combine:
    def combine(probs: np.ndarray, bare: np.ndarray | None, cues: Cues) -> np.ndarray:
        p = np.array(probs, dtype=np.float32, copy=True)
        if bare is None:
            return p
        if refutes(cues):
            p[REF] = max(p[REF], bare[REF])
        if support:  # out of "none" only, as ``with_bare``
            p[SUP] = min(max(p[SUP], bare[SUP]), max(0.0, 1.0 - p[REF]))
        p[NONE] = max(0.0, 1.0 - p[SUP] - p[REF])
        return p

    return combine


def _rescaled(probs: np.ndarray, bare: np.ndarray | None, cues: Cues) -> np.ndarray:
    """The first version: the larger support and (with a contradicting value) refutation of the
    two readings, scaled together to one. A reviewer's "Few economists believe …" showed the
    scaling cut a sure refutation below the cue bar."""
    p = np.array(probs, dtype=np.float32, copy=True)
    if bare is None:
        return p
    p[SUP] = max(p[SUP], bare[SUP])
    if cues.relation == "contradicts":
        p[REF] = max(p[REF], bare[REF])
    said = p[SUP] + p[REF]
    if said > 1.0:
        p[SUP], p[REF] = p[SUP] / said, p[REF] / said
    p[NONE] = max(0.0, 1.0 - p[SUP] - p[REF])
    return p


def _bare(combine: Combine) -> Callable[[], AbstractContextManager[Any]]:
    return lambda: patch.object(sweep, "with_bare", combine)


VARIANTS: dict[str, Callable[[], AbstractContextManager[Any]]] = {
    "shipped": nullcontext,
    "no bare reading": _bare(lambda p, _b, _c: np.asarray(p, dtype=np.float32)),
    "bare reading: support only": _bare(_variant(True, lambda _c: False)),
    "bare reading: refutation with a contradicting value or a negation": _bare(
        _variant(True, lambda c: c.relation == "contradicts" or c.negation)
    ),
    "bare reading: support and refutation, always": _bare(_variant(True, lambda _c: True)),
    "bare reading: support and refutation, rescaled together (the first version)": _bare(_rescaled),
    "bare reading instead of the sentence's": _bare(
        lambda p, b, _c: np.asarray(p if b is None else b, dtype=np.float32)
    ),
    "no date bounds (quantities._DAY_BOUND)": lambda: patch.object(quantities, "_DAY_BOUND", ()),
    "no hours and days in words (quantities._spelled_out)": lambda: patch.object(
        quantities, "_spelled_out", lambda text: text
    ),
}
"""Each variant switches one of this stop's choices: the bare reading's combination
(``decision.with_bare``), the date bounds, the hours and days in words. Money in words
(``quantities.money_in_words``, in ``format_pair``) changes what the verifier reads, so it needs
the model: measured apart (``training/README.md``, stop 36)."""


def fill(capture: dict[str, Any], cache_path: Path) -> None:
    """Bring a capture made before stop 36 to this stop's reading: give every sentence its bare
    statement and the verifier's scores for it, and score again, in this stop's pair format,
    every sentence whose pair writes money with a currency sign (the only pairs format 3
    changes: ``quantities.money_in_words``)."""
    cache: dict[tuple[str, str, str], list[float]] = (
        pickle.loads(cache_path.read_bytes()) if cache_path.exists() else {}
    )
    rows = [r["feat"] for d in capture.values() for r in d["rows"] if r["feat"]]
    for f in rows:
        for s in f["sentences"]:
            # as ``training.sweep.recue`` reads it: after its dateline
            s["bare"] = read_bare(f["claim"], s["text"][dateline_end(s["text"]) :] or s["text"])
    wanted = set()
    for f in rows:
        for s in f["sentences"]:
            texts = [s["bare"]] if s["bare"] is not None else []
            if any(money_in_words(t) != t for t in (f["claim"], s["text"], s["context"])):
                texts.append(s["text"])
            wanted |= {(f["claim"], t, s["context"]) for t in texts}
    todo = sorted(wanted - cache.keys())
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
            s["probs"] = cache.get((f["claim"], s["text"], s["context"]), s["probs"])


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
    report = ablate(base, VARIANTS)
    args.out.write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
