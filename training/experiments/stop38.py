"""Stop 38's choices, each switched off in turn, over the own capture (``training.sweep.ablate``):
the dev mean with the shipped settings and today's rules.

    .venv/bin/python -m training.experiments.stop38 --capture training/work/mpnet-own11.pkl \\
        --out training/experiments/stop38.json

``mpnet-own11.pkl`` is stop 37's ``mpnet-own10c.pkl`` with ``fresh-dev11`` captured by stop 37's
code (``training.sources --sets fresh-dev11``, pair format 4) added.
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
from verify import cues
from verify.config import JudgeSettings
from verify.judges import decision


def _supports_too(
    probs: np.ndarray, c: decision.Cues, settings: JudgeSettings
) -> tuple[np.ndarray, str | None]:
    """A version measured and not kept: "another-subject" sets aside supports too (the second
    review showed it drops real supports of a subject named in other words, "the carmaker")."""
    p, note = decision.correct(probs, c, settings)
    if c.another_subject and int(np.argmax(p)) == decision.SUP and note is None:
        p = p.copy()
        decision._swap(p, decision.NONE, decision.SUP)
        return p, "another-subject"
    return p, note


VARIANTS: dict[str, Callable[[], AbstractContextManager[Any]]] = {
    "shipped": nullcontext,
    "no 'what another did with its own' (cues.done_by_another)": lambda: patch.object(
        decision, "done_by_another", lambda _c, _s: set()
    ),
    "a negation of another word denies the claim's names (cues._of_another_predicate)": (
        lambda: patch.object(cues, "_of_another_predicate", lambda *_a: False)
    ),
    "'another-subject' sets aside supports too (decision.correct)": lambda: patch.object(
        sweep, "correct", _supports_too
    ),
}
"""Each variant switches one of this stop's choices off."""


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--capture", type=Path, required=True)
    ap.add_argument("--out", type=Path, required=True)
    args = ap.parse_args()
    base = pickle.loads(args.capture.read_bytes())
    report = ablate(base, VARIANTS)
    args.out.write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
