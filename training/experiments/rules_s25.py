"""Experiment record: the evidence rules of stop 25, each switched off in turn, on the dev
captures of four verifiers (through the judge, shipped settings, ``training.sweep --recue``).

- ``only-adverb``: "only" as an adverb with most of the claim's distinction around it states
  the claim's "only" ("stability can only be reached through a political process" for "a
  political process is the only route to stability"); before, such a sentence read as lacking
  the claim's "only", and its support was set aside (``cues._only_around``);
- ``hyphen-parts``: a hyphenated word is read by its parts ("five-year" shares "five" and
  "year" with "five years"; before it was one stem, "five-", that matched nothing);
- ``measure-units``: a unit of measure is one word however it is written ("kilometres" / "km",
  ``quantities.MEASURE_OF``);
- ``claim-contrast``: a claim whose only negation is a contrast ("riders are employees, not
  contractors") is opposed only by a sentence that names what it denies
  (``cues.contrasted``); before, every sentence saying the riders are employees, with no "not",
  was read as saying the opposite;
- ``numbered-place``: a numbered name the claim puts after a preposition ("took off from Pad
  5", "was in Building 9") is where it says something happened, so another number under that
  name in a sentence about the same subject contradicts it (``Quantities.places``); before,
  "Pad 2" was read only as another thing, never as a conflict.

Also measured, switched on: ``plural-s`` (a trailing "s" dropped before the 5-letter cut, so
"years" meets "year"): lower on Factcheck-GPT dev on every capture (two of its 17 refutations
lost), not kept. A lemmatizer (``lemminflect`` 0.2.3, verb lemma and then noun lemma before the
cut) was measured the same way, by hand, and not kept: dev mean 0.6355 / 0.6513 / 0.6382 /
0.6248 against 0.6380 / 0.6541 / 0.6414 / 0.6257 with the hyphen rule alone (fresh5 / fresh7 /
fresh6 / fresh2): the word gate was tuned on cut stems, and wider matches let in more
sentences that do not bear on the claim. "rather than" / "instead of" read as negating what
follows them (less the words the clause before states: "a park instead of a car park" denies
the car, not the park), with ``claim-contrast``: 0.6401 / 0.6561 / 0.6431 / 0.6295 against
0.6410 / 0.6571 / 0.6444 / 0.6286 without, not kept. "failed to" as a negation word: +0.001
on each capture (one fresh-dev source, "did not unfold" / "failed to unfold"), not kept: it
reads "The bill failed to pass the Senate" as negated and "The bill failed in the Senate" as
not, the case ``tests/test_rules.py`` pins from stop 23's review.

    .venv/bin/python -m training.experiments.rules_s25 training/work/cand-f5-dev.pkl \
        training/work/cand-f7-dev.pkl training/work/cand-f6-dev.pkl \
        training/work/cand-f2-dev.pkl --out training/experiments/rules-s25.json
"""

from __future__ import annotations

import contextlib
import re

import training.sweep as sweep
from training.experiments.rules_s22 import Patch, patched, run
from verify import cues, overlap, quantities
from verify.judges import decision


def stems_whole(word: str) -> list[str]:
    """``overlap._word_stems`` as before this stop: a hyphenated word is one stem."""
    w = word.lower().strip("'’-.,")
    if not w or w in overlap._STOP:
        return []
    if w[0].isdigit():
        return [w.replace(",", "")]
    return [overlap._stem(w)]


def stem_plural(word: str) -> str:
    """The measured and rejected variant: a trailing plural "s" dropped before the cut."""
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    return overlap.MEASURE_OF.get(word[:5], word[:5])


def without(rule: str) -> contextlib.AbstractContextManager[dict[str, float]]:
    """The shipped settings with ``rule`` switched off, or the ``plural-s`` variant on."""
    patches: list[Patch] = []
    if rule == "only-adverb":
        patches.append((cues, "_only_around", lambda *_args: False))
    elif rule == "hyphen-parts":
        patches.append((overlap, "_word_stems", stems_whole))
    elif rule == "measure-units":
        patches.append((overlap, "_stem", lambda word: word[:5]))
    elif rule == "claim-contrast":
        patches.append((decision, "contrasted", lambda _claim: frozenset()))
    elif rule == "numbered-place":
        patches.append((quantities, "_PLACE_BEFORE", re.compile(r"(?!)")))
    elif rule == "plural-s":
        patches.append((overlap, "_stem", stem_plural))
    elif rule != "none":
        raise SystemExit(f"unknown rule {rule}")
    return patched(patches, dict(sweep.SHIPPED))


RULES = (
    "none",
    "only-adverb",
    "hyphen-parts",
    "measure-units",
    "claim-contrast",
    "numbered-place",
    "plural-s",
)


def main() -> None:
    run(__doc__, RULES, without)


if __name__ == "__main__":
    main()
