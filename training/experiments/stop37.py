"""Stop 37's choices, each switched off in turn, over the own capture (``training.sweep.ablate``):
the dev mean with the shipped settings and today's rules.

    .venv/bin/python -m training.experiments.stop37 --capture training/work/mpnet-own10.pkl \\
        --fill training/work/mpnet-own10c.pkl --out training/experiments/stop37.json

``--fill PATH`` scores again, in this stop's pair format (4: hours of the day in words as clock
times, ``quantities.clocks_in_digits``), every sentence whose pair it changes (647 of them, a
minute on two cores), and writes the capture to PATH; given a filled capture, it is read as is.
``mpnet-own10.pkl`` is stop 36's ``mpnet-own9.pkl`` with ``fresh-dev10`` captured by this
stop's code (``training.sources``) added.
"""

from __future__ import annotations

import argparse
import json
import pickle
import re
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, ExitStack, contextmanager, nullcontext
from pathlib import Path
from typing import Any
from unittest.mock import patch

from training import sweep
from training.sweep import ablate
from verify import cues, quantities
from verify.judges import decision
from verify.judges.local import StanceModel
from verify.judges.pairs import format_pair
from verify.quantities import clocks_in_digits


def fill(capture: dict[str, Any]) -> None:
    """Score again every sentence (and its bare statement) whose pair format 4 writes otherwise
    than format 3: the claim, the sentence or its context has an hour of the day in words."""
    todo: list[tuple[dict[str, Any], str, tuple[str, str, str]]] = []
    for data in capture.values():
        for row in data["rows"]:
            f = row["feat"]
            if not f:
                continue
            for s in f["sentences"]:
                texts = (f["claim"], s["text"], s.get("context", ""))
                if all(clocks_in_digits(t) == t for t in texts):
                    continue
                todo.append((s, "probs", texts))
                if s.get("bare") is not None:
                    todo.append((s, "bare_probs", (f["claim"], s["bare"], s.get("context", ""))))
    if not todo:
        return
    probs = StanceModel().predict([format_pair(*key) for _, _, key in todo], cache=False)
    for (sentence, field, _), p in zip(todo, probs, strict=True):
        sentence[field] = [float(x) for x in p]


def _old_may(text: str, start: int, end: int) -> bool:
    """Stop 36's reading: "May" is the month only before a digit."""
    return bool(re.search(r"\d", text[end : end + 6]))


@contextmanager
def _both(*contexts: AbstractContextManager[Any]) -> Iterator[None]:
    with ExitStack() as stack:
        for c in contexts:
            stack.enter_context(c)
        yield


def _old_same_time(a: tuple[int, bool, bool], b: tuple[int, bool, bool]) -> bool:
    """Stop 36's reading: within half an hour where either time is approximate."""
    slack = 30 if a[2] or b[2] else 0
    shifts = (0,) if a[1] and b[1] else (0, 720, -720)
    return any(min((a[0] + s - b[0]) % 1440, (b[0] - a[0] - s) % 1440) <= slack for s in shifts)


VARIANTS: dict[str, Callable[[], AbstractContextManager[Any]]] = {
    "shipped": nullcontext,
    "no source kept for naming the claim's names (retrieve.names_all)": lambda: patch.object(
        sweep, "names_all", lambda *_a: False
    ),
    "min_similarity 0.15 instead": lambda: _both(
        patch.object(sweep, "names_all", lambda *_a: False),
        patch.dict(sweep.SHIPPED, {"min_similarity": 0.15}),
    ),
    "no 'the same said of another' (cues.said_of_another)": lambda: patch.object(
        decision, "said_of_another", lambda _c, _s: set()
    ),
    "a rise or fall opposes whatever moves (cues._same_mover)": lambda: patch.object(
        cues, "_same_mover", lambda *_a: True
    ),
    "no adverbial 'first' (cues._adverb)": lambda: patch.object(cues, "_adverb", lambda *_a: False),
    "no 'first time' of the same deed (cues._same_first_time)": lambda: patch.object(
        cues, "_same_first_time", lambda *_a: False
    ),
    "no 'first' with its words around it (cues._first_around)": lambda: patch.object(
        cues, "_first_around", lambda *_a: False
    ),
    "stop 36's 'about': half an hour round any time (quantities._same_time)": lambda: patch.object(
        quantities, "_same_time", _old_same_time
    ),
    "'May' a month only before a day (quantities.may_is_month)": lambda: patch.object(
        quantities, "may_is_month", _old_may
    ),
}
"""Each variant switches one of this stop's choices off. Clock times for the verifier
(``quantities.clocks_in_digits`` in ``format_pair``) change what the verifier reads, so they
are measured apart: the capture before and after ``--fill``."""


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--capture", type=Path, required=True)
    ap.add_argument("--fill", type=Path, default=None)
    ap.add_argument("--out", type=Path, required=True)
    args = ap.parse_args()
    report: dict[str, Any] = {}
    base = pickle.loads(args.capture.read_bytes())
    if args.fill is not None:
        report["format 3 (no clock times for the verifier)"] = ablate(base, {"": nullcontext})[""]
        if args.fill.exists():
            base = pickle.loads(args.fill.read_bytes())
        else:
            fill(base)
            args.fill.write_bytes(pickle.dumps(base))
    report.update(ablate(base, VARIANTS))
    args.out.write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
