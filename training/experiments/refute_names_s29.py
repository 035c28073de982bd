"""Experiment record (stop 29, not kept): should a refutation need every name of the claim in
the sentence or its context? The MPNet verifier reads "The United Arab Emirates and Syria
restored diplomatic relations in 2018." as refuting "Syria rejoined the Arab League in May 2023"
(0.99). Replayed over the shipped verifier's scores of the dev capture's sentences (the run-1
checkpoint's, as the device returned them), shipped settings, supports prior 2.0; a refutation
the rule drops becomes "none":

    python -m training.experiments.refute_names_s29 > training/experiments/refute-names-s29.json

``nocue``: only refutations with no cue; ``notneg``: all but those resting on a negation;
``all``: every refutation.
"""

from __future__ import annotations

import json
import pickle
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

import training.sweep as sweep
from training.gpu import with_probs
from verify.judges import decision as d

WORK = Path(__file__).resolve().parent.parent / "work"


def variant(kind: str, original: Callable[..., Any]) -> Callable[..., Any]:
    def correct(probs: np.ndarray, cues: d.Cues, settings: Any) -> tuple[np.ndarray, str | None]:
        p, why = original(probs, cues, settings)
        if int(np.argmax(p)) != d.REF or cues.names_stated:
            return p, why
        against = d._against(cues)
        if (
            kind == "all"
            or (kind == "nocue" and against is None)
            or (kind == "notneg" and against != "negation")
        ):
            d._swap(p, d.NONE, d.REF)
            return p, "no-names"
        return p, why

    return correct


def main() -> None:
    capture = pickle.loads((WORK / "w8.pkl").read_bytes())
    sweep.recue(capture)
    scores = np.load(WORK / "mpnet" / "run1" / "scores.npz")["nli_mix-s41@e3"]
    capture = with_probs(capture, scores.astype(np.float64))
    original = sweep.correct
    out = {}
    for kind in ("shipped", "nocue", "notneg", "all"):
        sweep.correct = original if kind == "shipped" else variant(kind, original)
        out[kind] = sweep.summarise(sweep.score(capture, {**sweep.SHIPPED, "supports_prior": 2.0}))
    sweep.correct = original
    print(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
