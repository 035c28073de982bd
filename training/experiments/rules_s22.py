"""Experiment record: this release's five rule changes, each switched off in turn, on the dev
captures of four verifiers (through the judge, shipped settings, ``training.sweep --recue``).

The rules (``verify.judges.decision``, ``verify.cues``, ``verify.quantities``,
``verify.judges.local``):

- ``restates``: a weak, uncued "refutes" on a sentence with all the claim's names and words is
  read as support (``judge.restated_overlap``);
- ``later-ordinal``: "the second time" conflicts with a "first" claim;
- ``currency-words``: "one million dollars" is money, compared with "$1 million";
- ``questions``: a question is no statement;
- ``contradicts-mass``: a sentence stating another value gives refutes all the verifier did not
  call "none" (before: the larger of supports and refutes).

    .venv/bin/python -m training.experiments.rules_s22 training/work/cand-f5-dev.pkl \
        training/work/cand-f7-dev.pkl --out training/experiments/rules-s22.json
"""

from __future__ import annotations

import argparse
import contextlib
import json
import pickle
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import numpy as np

import training.sweep as sweep
from verify import cues, quantities
from verify.judges import decision

Patch = tuple[Any, str, Any]
"""An object, an attribute and the value it takes while a rule is switched off."""


@contextlib.contextmanager
def patched(patches: list[Patch], settings: dict[str, float]) -> Iterator[dict[str, float]]:
    """``settings``, with each patch in force while inside (every attribute put back on
    leaving): one rule switched off, for the ablation records of this and later stops."""
    undo = [(obj, name, getattr(obj, name)) for obj, name, _ in patches]
    for obj, name, value in patches:
        setattr(obj, name, value)
    try:
        yield settings
    finally:
        for obj, name, value in reversed(undo):
            setattr(obj, name, value)


def _contradicts_split_before(
    probs: np.ndarray, c: decision.Cues, s: Any
) -> tuple[np.ndarray, Any]:
    """``correct`` with the previous release's split for a sentence stating another value: the
    larger of supports and refutes to "refutes", the rest to "none"."""
    p, note = decision.correct(probs, c, s)
    if note == "contradicts":
        q = np.array(probs, dtype=np.float32)
        sup, ref = q[decision.SUP], q[decision.REF]
        p = q.copy()
        p[decision.REF], p[decision.NONE], p[decision.SUP] = (
            max(ref, sup),
            q[decision.NONE] + min(ref, sup),
            0.0,
        )
    return p, note


def without(rule: str) -> contextlib.AbstractContextManager[dict[str, float]]:
    """The shipped settings with ``rule`` switched off (patched back on leaving)."""
    settings = {**sweep.SHIPPED, "supports_prior": 1.0}  # as recorded (before stop 24)
    patches: list[Patch] = []
    if rule == "restates":
        settings["restated_overlap"] = 1.01
    elif rule == "later-ordinal":
        patches.append((cues, "_LATER", re.compile(r"(?!x)x")))
    elif rule == "currency-words":
        patches.append((quantities, "_CURRENCY", frozenset()))
    elif rule == "questions":
        patches.append((sweep, "is_question", lambda _text: False))
    elif rule == "contradicts-mass":
        patches.append((sweep, "correct", _contradicts_split_before))
    elif rule != "none":
        raise SystemExit(f"unknown rule {rule}")
    return patched(patches, settings)


RULES = ("none", "restates", "later-ordinal", "currency-words", "questions", "contradicts-mass")


def ablate(
    paths: list[Path],
    rules: tuple[str, ...],
    without: Callable[[str], contextlib.AbstractContextManager[dict[str, float]]],
    switched_on: frozenset[str] = frozenset(),
) -> dict[str, Any]:
    """Dev and held-out means of each capture with each rule switched off in turn (``without``
    gives the settings to score with while the rule is off); "none" is every rule on. The
    rejected variants in ``switched_on`` are switched on instead, and labelled so."""
    report: dict[str, Any] = {}
    for path in paths:
        raw = path.read_bytes()
        for rule in rules:
            with without(rule) as settings:
                capture = pickle.loads(raw)
                sweep.recue(capture)
                row = sweep.summarise(sweep.score(capture, settings))
            label = (
                "all rules"
                if rule == "none"
                else f"with {rule}"
                if rule in switched_on
                else f"without {rule}"
            )
            report.setdefault(path.stem, {})[label] = row
            print(path.stem, label, json.dumps(row))
    return report


def run(
    description: str | None,
    rules: tuple[str, ...],
    without: Callable[[str], contextlib.AbstractContextManager[dict[str, float]]],
    switched_on: frozenset[str] = frozenset(),
) -> None:
    """The command line of an ablation record: captures in, ``--out`` JSON written."""
    ap = argparse.ArgumentParser(description=description)
    ap.add_argument("captures", type=Path, nargs="+")
    ap.add_argument("--out", type=Path)
    args = ap.parse_args()
    report = ablate(args.captures, rules, without, switched_on)
    if args.out:
        args.out.write_text(json.dumps(report, indent=1) + "\n")


def main() -> None:
    run(__doc__, RULES, without)


if __name__ == "__main__":
    main()
