"""Experiment record: stop 30's rule, a sentence read for its meaning and counted only as a sure
support (``judge.sure_relevance``, ``judge.sure_supports``; :func:`verify.judges.decision.
to_read` and :func:`~verify.judges.decision.counts`), on dev captures through the judge with
the shipped settings otherwise (``training.sweep --recue``). Each source's closest sentence
below the word gate is read; reading every one close enough (``every close sentence``) did
the same on dev at twice the verifier's extra work.

Why: with MPNet as the verifier, most Climate-FEVER and many Factcheck-GPT supports read as
"none", and in a third of those the verifier had scored a sentence "supports" at 0.5 or more
that the word gate (``min_overlap``) set aside: a paraphrase shares few of the claim's words.
Letting such sentences in for any stance (``min_relevance``) also lets in the other-event
sentences that share a topic, which the verifier calls refutations.

Variants, measured and not kept: the word-gate alternative (a lower word share, ``loose``,
instead of embedding closeness), both stances counted when sure (``either``), and a sure
refutation counted only with a cue (another date or number, a denial, an opposite word:
``cued``).

    .venv/bin/python -m training.experiments.sure_s30 training/work/mpnet-own.pkl \
        --out training/experiments/sure-s30.json
"""

from __future__ import annotations

import argparse
import itertools
import json
import pickle
from pathlib import Path
from typing import Any

import numpy as np

import training.sweep as sweep
from verify.evaluate import CLASSES, Confusion
from verify.judges import decision
from verify.judges.decision import Cues, correct, on_topic

OFF = {"sure_relevance": 1.01, "sure_supports": 1.01}


CUES = ("contradicts", "negation", "exclusive", "again", "opposite", "reversed")
"""The notes of :func:`verify.judges.decision.correct` that a cue set."""


def _decide_variant(
    f: dict[str, Any] | None,
    s: dict[str, float],
    loose: float,
    refutes_at: float | None,
    cued: bool = False,
) -> str:
    """The decision with a rejected variant: sentences let in by a lower word share ``loose``
    as well as by meaning, and a sure refutation from them counted too (at ``refutes_at``;
    with ``cued``, only when a cue backs it)."""
    if f is None or f["similarity"] < s["min_similarity"]:
        return "none"
    st = sweep.judge_settings(s)
    scores = []
    for sent in f["sentences"]:
        cues = Cues(**sent["cues"])
        p, note = correct(np.array(sent["probs"]), cues, st)
        if on_topic(cues, st):
            scores.append(p)
            continue
        loose_in = cues.cov_window >= loose and cues.cov_sentence >= loose / 2
        if not (loose_in or cues.relevance >= st.sure_relevance):
            continue
        refutes = refutes_at is not None and p[decision.REF] >= refutes_at
        if p[decision.SUP] >= st.sure_supports or (refutes and (note in CUES or not cued)):
            scores.append(p)
    return decision.scored_side(decision.decide(scores, st))


def score_variant(capture: dict[str, Any], s: dict[str, float], *args: Any) -> Any:
    out: dict[str, Any] = {}
    for name, data in capture.items():
        c = Confusion(CLASSES)
        for row in data["rows"]:
            c.add(row["gold"], _decide_variant(row["feat"], s, *args))
        out[name] = c.summary()
    return out


def read_share(capture: dict[str, Any], s: dict[str, float]) -> dict[str, float]:
    """Share of the captured sentences the verifier would read: its cost."""
    st = sweep.judge_settings(s)
    out = {}
    for name, data in capture.items():
        read = total = 0
        for r in data["rows"]:
            if r["feat"]:
                cues = [Cues(**x["cues"]) for x in r["feat"]["sentences"]]
                read += sum(decision.to_read(cues, st))
                total += len(cues)
        out[name] = round(read / max(total, 1), 3)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("captures", type=Path, nargs="+")
    ap.add_argument("--out", type=Path)
    args = ap.parse_args()
    report: dict[str, Any] = {}
    for path in args.captures:
        capture = pickle.loads(path.read_bytes())
        sweep.recue(capture)
        rows = []
        off = {**sweep.SHIPPED, **OFF}
        rows.append({"rule": "off", **sweep.summarise(sweep.score(capture, off))})
        for rel, sure in itertools.product([0.3, 0.4, 0.5, 0.6], [0.7, 0.8, 0.9, 0.95]):
            s = {**sweep.SHIPPED, "sure_relevance": rel, "sure_supports": sure}
            rows.append(
                {
                    "rule": f"meaning>={rel} supports>={sure}",
                    **sweep.summarise(sweep.score(capture, s)),
                    "read_share": read_share(capture, s),
                }
            )
        s = {**sweep.SHIPPED, "sure_relevance": 0.5, "sure_supports": 0.8}
        score = score_variant(capture, s, 1.01, None)
        label = "meaning>=0.5 supports>=0.8, every close sentence"
        rows.append({"rule": label, **sweep.summarise(score)})
        for loose, both in itertools.product([0.1, 0.2, 1.01], [False, True]):
            for rel in (0.5, 1.01):
                if loose == 1.01 and (rel == 1.01 or not both):
                    continue
                s = {**sweep.SHIPPED, "sure_relevance": rel, "sure_supports": 0.8}
                label = f"words>={loose} meaning>={rel} {'either' if both else 'supports'}>=0.8"
                score = score_variant(capture, s, loose, 0.8 if both else None)
                rows.append({"rule": label, **sweep.summarise(score)})
        for sure in (0.5, 0.8, 0.95):
            s = {**sweep.SHIPPED, "sure_relevance": 0.5, "sure_supports": 0.8}
            score = score_variant(capture, s, 1.01, sure, True)
            label = f"meaning>=0.5 supports>=0.8, refutes>={sure} with a cue"
            rows.append({"rule": label, **sweep.summarise(score)})
        for r in rows:
            print(path.stem, json.dumps(r))
        report[path.stem] = rows
    if args.out:
        args.out.write_text(json.dumps(report, indent=1) + "\n")


if __name__ == "__main__":
    main()
