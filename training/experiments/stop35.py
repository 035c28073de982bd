"""Stop 35's measurements over the own capture (MPNet's sentences, ten dev sets), through the
judge with the shipped settings and today's rules (``training.sweep --recue`` semantics): the
dev mean with each of this stop's rules switched off, one at a time.

    .venv/bin/python -m training.experiments.stop35 training/work/mpnet-own7.pkl \
        --out training/experiments/stop35.json

The rules (``training/README.md``, "Stop 35"): a sentence giving another value with its subject
left implicit is read (``decision.Cues.unnamed_value``); a negation of saying denies nothing
said (``cues.withholds``); "no previous …" is "the first …" (``cues.exclusive_in_other_
words``); the dead, the hurt and the saved are not compared (``quantities._FATES``); "214 in
all" counts what the word before it names (``quantities._IN_ALL``).
"""

from __future__ import annotations

import argparse
import json
import pickle
import re
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path
from typing import Any
from unittest.mock import patch

from training.sweep import ablate
from verify import cues, quantities
from verify.judges import decision


def _only_named(c: decision.Cues, s: Any) -> bool:
    """:func:`decision.restates_a_number` as it was before ``unnamed_value``."""
    return c.relation == "contradicts" and c.relevance >= s.contradiction_relevance


OFF: dict[str, Callable[[], AbstractContextManager[Any]]] = {
    "shipped": nullcontext,
    "no implicit-subject reading (unnamed_value)": lambda: patch.object(
        decision, "restates_a_number", _only_named
    ),
    "no negation-of-saying rule (cues.withholds)": lambda: patch.object(
        cues, "withholds", lambda *_: False
    ),
    "no 'no previous' = 'first' rule (exclusive_in_other_words)": lambda: patch.object(
        decision, "exclusive_in_other_words", lambda *_: False
    ),
    "dead/hurt/saved compared (_FATES empty)": lambda: patch.object(
        quantities, "_FATES", frozenset()
    ),
    "'in all' read as a unit (_IN_ALL never matching)": lambda: patch.object(
        quantities, "_IN_ALL", re.compile(r"(?!)")
    ),
}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("capture", type=Path)
    ap.add_argument("--out", type=Path, required=True)
    args = ap.parse_args()
    base = pickle.loads(args.capture.read_bytes())
    report = ablate(base, OFF)
    args.out.write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
