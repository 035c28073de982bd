"""Sweep the local judge's source decision offline on a capture from ``training.sources``, over a
grid of its settings, to compare verifiers and settings in seconds instead of re-running
retrieval and the model for each point.

    .venv/bin/python -m training.sweep training/work/cur.pkl training/work/cand-v2.pkl \
        --out training/experiments/sentence-none.json

The decision is the shipped one: the functions of ``verify.judges.decision`` (overlap gate,
corrections by dates/amounts, negation and exclusivity, thresholds; ``mixed`` scored as its
stronger side) over the captured cues and scores, plus ``retrieval.min_similarity``;
prompt-injection lines are not modelled (none in these sets). The capture judges every source,
which moves a few borderline ties against ``verify eval``. Settings are chosen on the three *dev*
sets only; the held-out figures are reported next to them, never used to choose.
"""

from __future__ import annotations

import argparse
import copy
import itertools
import json
import pickle
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import asdict
from pathlib import Path
from typing import Any

import numpy as np

from verify.config import JudgeSettings
from verify.evaluate import CLASSES, Confusion
from verify.judges import decision
from verify.judges.decision import (
    ClaimFacts,
    Cues,
    correct,
    counts,
    read_sentence,
    scored_side,
    second_reading,
    to_read,
    with_bare,
)
from verify.judges.local import StanceModel, is_question
from verify.metadata import dateline_end
from verify.overlap import names
from verify.relative_dates import Published
from verify.retrieve import names_all

DEV = (
    "factcheck-dev",
    "climate-dev",
    "seeds-dev",
    "fresh-dev",
    "fresh-dev2",
    "fresh-dev3",
    "fresh-dev4",
    "fresh-dev5",
    "fresh-dev6",
    "fresh-dev7",
    "fresh-dev8",
    "fresh-dev9",
    "fresh-dev10",
    "fresh-dev11",
    "fresh-dev12",
    "fresh-dev13",
    "fresh-dev14",
    "fresh-dev15",
    "seeds-dev2",
    "fresh-dev16",
)
"""Dev sets a capture may hold (``fresh-dev2`` only in captures made since stop 32, ``fresh-dev3``
to ``fresh-dev5`` since stop 33, ``fresh-dev6`` since stop 34, ``fresh-dev7`` and ``fresh-dev8``
since stop 35, ``fresh-dev9`` since stop 36, ``fresh-dev10`` since stop 37, ``fresh-dev11`` and
``fresh-dev12`` since stop 38, ``fresh-dev13`` since stop 40, ``fresh-dev14`` since stop 41,
``fresh-dev15`` since stop 44, ``seeds-dev2`` since stop 46, ``fresh-dev16`` since stop 49: the mean
is over those present)."""
HELDOUT = ("factcheck-heldout", "climate-heldout", "seeds-test")
GRID = {
    "min_overlap": [0.0, 0.2, 0.35],
    "min_relevance": [1.01, 0.6, 0.5, 0.4],
    "refutes_without_cue": [0.7, 0.85, 1.01],
    "supports_threshold": [0.4, 0.5, 0.6],
    "refutes_threshold": [0.5, 0.6, 0.7],
    "min_similarity": [0.15, 0.2, 0.3],
}
SHIPPED = {
    "supports_prior": StanceModel().supports_prior,  # the shipped verifier's (verifier.json)
    "min_overlap": 0.35,
    "min_relevance": 1.01,
    "sure_relevance": 0.5,
    "sure_supports": 0.8,
    "contradiction_relevance": 0.35,
    "stated_relevance": 0.35,
    "refutes_without_cue": 0.85,
    "restated_overlap": 1.0,
    "supports_threshold": 0.4,
    "refutes_threshold": 0.5,
    "min_similarity": 0.2,
}
"""config.yaml's settings (chosen on dev for the shipped verifier; two-stage.json was made with the
previous release's: 0.35 / 1.01 / 1.01 / 0.5 / 0.5 / 0.3)."""


def judge_settings(s: dict[str, float]) -> JudgeSettings:
    return JudgeSettings().model_copy(
        update={k: v for k, v in s.items() if k in JudgeSettings.model_fields}
    )


def recue(capture: dict[str, Any]) -> None:
    """Re-read every captured sentence with today's rules (``decision.read_sentence``), keeping
    the captured relevance: a rule change is measured without re-running the model. Needs a
    capture that kept the sentences' text."""
    for data in capture.values():
        for row in data["rows"]:
            f = row["feat"]
            if f is None:
                continue
            # a question is no statement (today's ``statements``); its answer keeps it as context.
            # Approximate: the live judge would fill the freed ``max_sentences`` slots.
            f["sentences"] = [x for x in f["sentences"] if not is_question(x.get("text", ""))]
            facts = ClaimFacts.of(f["claim"])
            published = Published.parse(f.get("date"))  # captures since stop 41 keep it
            for sent in f["sentences"]:
                if "text" not in sent:
                    raise SystemExit("this capture has no sentence text: capture it again")
                relevance = sent["cues"]["relevance"]
                # the judge reads a sentence after its dateline (today's DATELINE); the scores
                # stay those of the captured text
                text = sent["text"][dateline_end(sent["text"]) :] or sent["text"]
                sent["cues"] = asdict(
                    read_sentence(
                        facts,
                        text,
                        sent["context"],
                        relevance,
                        f.get("title", ""),
                        published,
                        f.get("article", ""),  # captures since stop 48 keep it
                    )
                )
                reading = second_reading(facts, text, published)
                if sent.get("bare") != reading:
                    # today's second reading is another text than the one scored (or none was):
                    # kept, unscored (``training.cue_diff`` scores it)
                    sent["bare"], sent["bare_probs"] = reading, None


def decide(f: dict[str, Any] | None, s: dict[str, float]) -> str:
    """The shipped decision (``verify.judges.decision``) on a captured source."""
    if f is None:
        return "none"
    if f["similarity"] < s["min_similarity"]:
        text = " ".join(sent["text"] for sent in f["sentences"])
        if not names_all(frozenset(names(f["claim"])), text):
            return "none"  # as ``verify.retrieve`` dismisses it
    settings = judge_settings(s)
    scores = []
    cues = [Cues(**sent["cues"]) for sent in f["sentences"]]
    for sent, c, yes in zip(f["sentences"], cues, to_read(cues, settings), strict=True):
        if yes:
            bare = sent.get("bare_probs")
            probs = with_bare(np.array(sent["probs"]), None if bare is None else np.array(bare), c)
            p = correct(probs, c, settings)[0]
            if counts(p, c, settings):
                scores.append(p)
    return scored_side(decision.decide(scores, settings))


def score(capture: dict[str, Any], s: dict[str, float]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, data in capture.items():
        c = Confusion(CLASSES)
        for row in data["rows"]:
            c.add(row["gold"], decide(row["feat"], s))
        out[name] = c.summary()
    return out


def summarise(scores: dict[str, Any]) -> dict[str, float]:
    """Macro-F1 per set, and the mean over the dev and held-out sets the capture holds."""
    row = {k: v["macro_f1"] for k, v in scores.items()}
    for label, sets in (("dev_mean", DEV), ("heldout_mean", HELDOUT)):
        present = [row[k] for k in sets if k in row]
        if present:
            row[label] = round(sum(present) / len(present), 4)
    return row


def ablate(
    capture: dict[str, Any], variants: dict[str, Callable[[], AbstractContextManager[Any]]]
) -> dict[str, Any]:
    """The shipped settings' scores on a capture re-read with today's rules under each variant
    (a context that switches one rule or choice), by name: what ``training/experiments/stopNN``
    report. The capture itself is left as it was."""
    report: dict[str, Any] = {}
    for name, variant in variants.items():
        copied = copy.deepcopy(capture)
        with variant():
            recue(copied)
            report[name] = summarise(score(copied, dict(SHIPPED)))
        print(name, report[name]["dev_mean"])
    return report


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("captures", type=Path, nargs="+")
    ap.add_argument("--out", type=Path, default=None)
    ap.add_argument("--recue", action="store_true", help="re-read sentences with today's rules")
    ap.add_argument("--shipped-only", action="store_true", help="skip the grid")
    args = ap.parse_args()
    report: dict[str, Any] = {}
    for path in args.captures:
        capture = pickle.loads(path.read_bytes())
        if args.recue:
            recue(capture)
        if args.shipped_only:
            print(path.stem, "shipped", json.dumps(summarise(score(capture, SHIPPED))))
            continue
        grid = [dict(zip(GRID, v, strict=True)) for v in itertools.product(*GRID.values())]
        rows = [(s, summarise(score(capture, s))) for s in grid]
        chosen, chosen_scores = max(rows, key=lambda r: r[1]["dev_mean"])
        best = {"settings": chosen, **chosen_scores}
        shipped = score(capture, SHIPPED)
        tuned = score(capture, chosen)
        report[path.stem] = {
            "shipped_settings": summarise(shipped),
            "best_on_dev": best,
            "confusion_shipped": {k: v["confusion"] for k, v in shipped.items()},
            "confusion_best_on_dev": {k: v["confusion"] for k, v in tuned.items()},
        }
        print(path.stem, "shipped", json.dumps(summarise(shipped)))
        print(path.stem, "best-on-dev", json.dumps(best))
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(report, indent=1) + "\n")


if __name__ == "__main__":
    main()
