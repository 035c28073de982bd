"""Experiment record: stop 28's rule and its measured alternatives, on the dev captures of the
previous model file (``cur3``: dynamically quantized int8) and of the shipped one (``w8``: the
same weights, weight-only int8, float32 products; ``training.weight_only``), through the judge
with the shipped settings (``training.sweep --recue``).

- ``weekday-names`` (kept; switched off here): days of the week, and months used as dates,
  are dates, not names (``overlap.names``, ``quantities.without_days``). Before, "on a
  Thursday" made "thursday" one of the claim's names, so a sentence about the same ruling "on
  Friday 18 September" failed the subject test and its other day never contradicted the claim;
- ``other-subject`` (not kept; switched on here): a sentence the verifier calls support but
  that lacks one of the claim's names is short of it ("Jordan fully reopened its main border
  crossing" for "Lebanon fully reopened …");
- ``all-names-subject`` (not kept; switched on here): the subject test counts the claim's first
  word as a name too ("Tern-1 delivered …").

Measured by hand and not kept either: the irregular past forms of verbs read as their lemma
(``lemminflect``: "spoke" = "speak", so "did not speak" denies "spoke"), dev mean 0.6361 →
0.6362 (every inflection: 0.6330), not worth a dependency; the article's first sentence read
with its title as what a sentence that names nothing speaks of: no dev source moved.

    .venv/bin/python -m training.experiments.rules_s28 training/work/cur3.pkl \
        training/work/w8.pkl --out training/experiments/rules-s28.json
"""

from __future__ import annotations

import contextlib

import training.sweep as sweep
from training.experiments.rules_s22 import Patch, patched, run
from verify import overlap
from verify.judges import decision
from verify.judges.decision import Cues

_short_of = decision._short_of
_same_subject = decision.same_subject


def _short_of_another_subject(cues: Cues) -> str | None:
    return _short_of(cues) or (None if cues.names_stated else "missing")


def _same_subject_first_word_too(claim: str, text: str) -> bool:
    wanted = overlap.all_names(claim)
    if not wanted:
        return _same_subject(claim, text)
    return len(wanted & overlap.terms(text)) / len(wanted) >= 0.6


def without(rule: str) -> contextlib.AbstractContextManager[dict[str, float]]:
    """The shipped settings with ``rule`` switched off (``weekday-names``) or a rejected
    variant switched on."""
    patches: list[Patch] = []
    if rule == "weekday-names":
        patches.append((overlap, "without_days", lambda text: text))
    elif rule == "other-subject":
        patches.append((decision, "_short_of", _short_of_another_subject))
    elif rule == "all-names-subject":
        patches.append((decision, "same_subject", _same_subject_first_word_too))
    elif rule != "none":
        raise SystemExit(f"unknown rule {rule}")
    return patched(patches, dict(sweep.SHIPPED))


RULES = ("none", "weekday-names", "other-subject", "all-names-subject")


def main() -> None:
    run(__doc__, RULES, without)


if __name__ == "__main__":
    main()
