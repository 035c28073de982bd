"""Experiment record: the evidence rules of stop 23, each switched off in turn, on the dev
captures of four verifiers (through the judge, shipped settings, ``training.sweep --recue``).

- ``about-precision``: "roughly 9,000" holds to 10%, but a number stated to its last digits
  no further than twice that digit's place, nor under 5% ("roughly 4,400" not for 4,112;
  ``verify.quantities.about_share``; before: 10% for every number);
- ``decimal-amounts``: "1.85 million", "2.45%", "$12.50" are amounts, not clock times
  (``verify.quantities._TIME``; before, "1.85 million" was read as a time and "million");
- ``negation-words``: "declined (to) comment/say/…" negates as "refused to" does
  (``verify.cues._NEGATION``; a first version also read "failed to", "unlikely", "rather than"
  and "instead of" as negations and was narrowed after review: "declined to 4.1 percent" is a
  fall, "a park instead of a car park" negates nothing);
- ``reversed-comparison``: "iron is more reactive than copper" refutes "copper is more reactive
  than iron", neither side negated (``verify.cues.comparison_reversed``).

Also in stop 23 and not here: days and months were left out of ``overlap.names`` (so a weekday
conflict is read against the same subject); dev gained one claim, and it was reverted after the
held-out splits showed two gold supports turned into refutes.

    .venv/bin/python -m training.experiments.rules_s23 training/work/cand-f5-dev.pkl \
        training/work/cand-f7-dev.pkl --out training/experiments/rules-s23.json
"""

from __future__ import annotations

import contextlib
import re

import training.sweep as sweep
from training.experiments.rules_s22 import Patch, patched, run
from verify import cues, quantities
from verify.judges import decision

BEFORE_TIME = re.compile(r"\b\d{1,2}[:.]\d{2}\s*(?:[ap]\.?m\.?)?|\b\d{1,2}\s*[ap]\.m\.", re.I)
BEFORE_NEGATION = re.compile(
    r"\b(not|no|never|none|nor|neither|without|cannot|refus\w*|den(?:y|ies|ied)|reject\w*|"
    r"ruled? out|rules out|no longer)\b|n[’']t\b",
    re.IGNORECASE,
)
"""The previous release's patterns."""


def without(rule: str) -> contextlib.AbstractContextManager[dict[str, float]]:
    """The shipped settings with ``rule`` switched off (patched back on leaving)."""
    patches: list[Patch] = []
    if rule == "about-precision":
        patches.append((quantities, "about_share", lambda _value: quantities.ABOUT))
    elif rule == "decimal-amounts":
        patches.append((quantities, "_TIME", BEFORE_TIME))
    elif rule == "negation-words":
        patches.append((cues, "_NEGATION", BEFORE_NEGATION))
    elif rule == "reversed-comparison":
        patches.append((decision, "comparison_reversed", lambda _claim, _sentence: False))
    elif rule != "none":
        raise SystemExit(f"unknown rule {rule}")
    return patched(patches, {**sweep.SHIPPED, "supports_prior": 1.0})  # as recorded


RULES = ("none", "about-precision", "decimal-amounts", "negation-words", "reversed-comparison")


def main() -> None:
    run(__doc__, RULES, without)


if __name__ == "__main__":
    main()
