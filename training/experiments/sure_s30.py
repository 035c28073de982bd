"""Experiment record: stop 30's rule, a sentence read for its meaning and counted only as a sure
support (``judge.sure_relevance``, ``judge.sure_supports``; :func:`verify.judges.decision.
to_read` and :func:`~verify.judges.decision.counts`), on dev captures through the judge with
the shipped settings otherwise (``training.sweep --recue``). Each source's closest sentence
below the word gate is read; reading every one close enough (``every close sentence``) did
the same on dev for one and a half to two times the verifier's extra work (``extra_pairs``).

Why: with MPNet as the verifier, most Climate-FEVER supports read as "none", and in many of
those the verifier had scored a sentence "supports" at 0.5 or more that the word gate
(``min_overlap``) set aside (``gated_supports``): a paraphrase shares few of the claim's words.
Letting such sentences in for any stance (``min_relevance``) also lets in the other-event
sentences that share a topic, which the verifier calls refutations.

Variants, measured and not kept: the word-gate alternative (a lower word share, ``loose``,
instead of embedding closeness), both stances counted when sure (``either``), and a sure
refutation counted only with a cue (another date or number, a denial, an opposite word:
``cued``).

    .venv/bin/python -m training.experiments.sure_s30 training/work/mpnet-own.pkl \
        training/work/mpnet-r1-replay.pkl --out training/experiments/sure-s30.json

(``mpnet-r1-replay``: stop 29's replay, MPNet's scores of MiniLM's sentences, dev + held-out.)
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


def gated_supports(capture: dict[str, Any]) -> dict[str, dict[str, int]]:
    """Per set, with the rule off: gold supports read as "none", and how many of them had a
    sentence below the word gate that the verifier scored "supports" (raw) at 0.5 or more."""
    off = {**sweep.SHIPPED, **OFF}
    st = sweep.judge_settings(off)
    out = {}
    for name, data in capture.items():
        missed = gated = 0
        for r in data["rows"]:
            f = r["feat"]
            if r["gold"] != "supports" or sweep.decide(f, off) != "none" or f is None:
                continue
            missed += 1
            gated += any(
                not on_topic(Cues(**x["cues"]), st) and x["probs"][decision.SUP] >= 0.5
                for x in f["sentences"]
            )
        out[name] = {"supports_read_as_none": missed, "with_a_gated_supports_sentence": gated}
    return out


def extra_pairs(capture: dict[str, Any], every: bool) -> dict[str, int]:
    """Per set, the sentences below the word gate the verifier reads at cosine 0.5: the
    closest of each source (shipped), or every one that close."""
    st = sweep.judge_settings(sweep.SHIPPED)
    out = {}
    for name, data in capture.items():
        n = 0
        for r in data["rows"]:
            if r["feat"]:
                cues = [Cues(**x["cues"]) for x in r["feat"]["sentences"]]
                if every:
                    n += sum(not on_topic(c, st) and c.relevance >= 0.5 for c in cues)
                else:
                    n += sum(decision.to_read(cues, st)) - sum(on_topic(c, st) for c in cues)
        out[name] = n
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
        rows.append(
            {
                "rule": "off",
                **sweep.summarise(sweep.score(capture, off)),
                "read_share": read_share(capture, off),
                "gated_supports": gated_supports(capture),
                "extra_pairs_closest": extra_pairs(capture, False),
                "extra_pairs_every": extra_pairs(capture, True),
            }
        )
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
        for prior in (1.0, 1.5, 2.5, 3.0):  # the verifier's supports prior, with the rule on
            s = {**sweep.SHIPPED, "supports_prior": prior}
            rows.append(
                {"rule": f"supports prior {prior}", **sweep.summarise(sweep.score(capture, s))}
            )
        for r in rows:
            print(path.stem, json.dumps(r))
        report[path.stem] = rows
    if args.out:
        args.out.write_text(json.dumps(report, indent=1) + "\n")


if __name__ == "__main__":
    main()
