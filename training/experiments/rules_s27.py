"""Experiment record: the evidence rules of stop 27, each switched off in turn, on the shipped
verifier's dev capture (through the judge, shipped settings, ``training.sweep --recue``).

- ``title-subject``: a sentence that names nothing of its own (days and months aside) is
  about what its article's title names, so another date or amount in it contradicts the claim
  ("The mission has cost 310 million euros" in an article titled "Tern-2 …", for "the Tern-2
  mission cost 230 million euros"; ``decision.about_claim``). Before, such a sentence did not
  repeat the claim's name and its amount read as "not stated";
- ``compound-numbers``: a number in several words is one number ("two dozen" is 24, not 2 and
  12; "twenty-five", "three hundred and fifty"; ``quantities._COMPOUND``);
- ``clock-times``: a time of day is compared with a time of day ("began at around 4:40 in the
  afternoon" against "at about 3:30 p.m."; ``quantities._same_time``); before, clock times
  were blanked and never compared.

Also measured, switched on, and not kept (dev mean lower): ``contradiction-gate``, a sentence
that gives another value about the claim's subject read even when it shares under half the
word gate with the claim ("The ruling covers some 4,800 riders" for "4,112 riders"): two more
fresh-dev refutations found, two Factcheck-GPT "none" passages read as refutations. By hand,
the same way: a weak "refutes" on a sentence that states every date and amount of the claim
(all its names, nothing against) read as support, like a restatement: dev mean 0.6333 →
0.6329 (one fresh-dev "none" source read as support), not kept.

    .venv/bin/python -m training.experiments.rules_s27 training/work/cur2.pkl \
        --out training/experiments/rules-s27.json
"""

from __future__ import annotations

import contextlib
import re
from typing import Any

import training.sweep as sweep
from training.experiments.rules_s22 import Patch, patched, run
from verify import quantities
from verify.config import JudgeSettings
from verify.judges import decision
from verify.judges.decision import Cues, on_topic
from verify.overlap import same_subject


def _window_only(claim: Any, sentence: str, window: str, title: str = "") -> bool:
    """``decision.about_claim`` as before this stop: the sentence and its context only."""
    return same_subject(claim.text, window)


def _gate_lets_contradictions_in(cues: Cues, settings: JudgeSettings) -> bool:
    """The measured and rejected variant: no sentence share for a contradiction."""
    if cues.relation == "contradicts" and cues.cov_window >= settings.min_overlap:
        return True
    return on_topic(cues, settings)


def without(rule: str) -> contextlib.AbstractContextManager[dict[str, float]]:
    """The shipped settings with ``rule`` switched off, or the ``contradiction-gate`` variant
    on."""
    patches: list[Patch] = []
    if rule == "title-subject":
        patches.append((decision, "about_claim", _window_only))
    elif rule == "compound-numbers":
        patches.append((quantities, "_COMPOUND", re.compile(r"(?!)")))
    elif rule == "clock-times":
        patches.append((quantities, "_same_time", lambda _a, _b: True))
    elif rule == "contradiction-gate":
        patches.append((decision, "on_topic", _gate_lets_contradictions_in))
    elif rule != "none":
        raise SystemExit(f"unknown rule {rule}")
    return patched(patches, dict(sweep.SHIPPED))


RULES = ("none", "title-subject", "compound-numbers", "clock-times", "contradiction-gate")


def main() -> None:
    run(__doc__, RULES, without)


if __name__ == "__main__":
    main()
