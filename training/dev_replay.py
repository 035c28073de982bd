"""The dev replay the stop-45 experiments share: the dev captures (``work/fd.pkl``: fresh-dev …
fresh-dev10; ``work/pub-dev.pkl``: the Factcheck-GPT / Climate-FEVER / seeds dev slices) re-read
with today's rules, the sentences the shipped settings read in them, the captures with those
sentences' scores replaced by a candidate's, and a summary of the shipped decision on them
(``training.sweep.score``). With the shipped verifier's scores it gives its ``verify eval``
figures exactly (fresh mean 0.8554, public mean 0.6873 at stop 45)."""

from __future__ import annotations

import copy
import pickle
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np

from training.sweep import SHIPPED, judge_settings, recue, score
from verify.judges.decision import Cues, to_read
from verify.judges.pairs import format_pair

ROOT = Path(__file__).resolve().parent.parent
CAPTURES = [ROOT / "training" / "work" / "fd.pkl", ROOT / "training" / "work" / "pub-dev.pkl"]
PUBLIC = ("factcheck-dev", "climate-dev", "seeds-dev")


def load_captures(paths: list[Path] = CAPTURES) -> dict[str, Any]:
    caps: dict[str, Any] = {}
    for path in paths:
        with open(path, "rb") as fh:
            caps |= pickle.load(fh)
    recue(caps)
    return caps


def read_sentences(caps: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    """(claim, captured sentence) for every sentence the shipped settings read."""
    settings = judge_settings(SHIPPED)
    for data in caps.values():
        for row in data["rows"]:
            f = row["feat"]
            if f is None:
                continue
            cues = [Cues(**s["cues"]) for s in f["sentences"]]
            for sent, _, yes in zip(f["sentences"], cues, to_read(cues, settings), strict=True):
                if yes:
                    yield f["claim"], sent


def read_pairs(caps: dict[str, Any]) -> list[tuple[str, str]]:
    """The verifier's inputs for those sentences and their second readings, once each."""
    seen: dict[tuple[str, str], None] = {}
    for claim, sent in read_sentences(caps):
        seen[format_pair(claim, sent["text"], sent["context"])] = None
        if sent.get("bare") is not None:
            seen[format_pair(claim, sent["bare"], sent["context"])] = None
    return list(seen)


def rescored(
    caps: dict[str, Any], index: dict[tuple[str, str], int], probs: np.ndarray
) -> dict[str, Any]:
    """A copy of the captures, each read sentence's scores (and its second reading's) from
    ``probs`` (rows by ``index``)."""
    out = copy.deepcopy(caps)
    for claim, sent in read_sentences(out):
        sent["probs"] = probs[index[format_pair(claim, sent["text"], sent["context"])]]
        if sent.get("bare") is not None:
            sent["bare_probs"] = probs[index[format_pair(claim, sent["bare"], sent["context"])]]
    return out


def summary(caps: dict[str, Any], prior: float) -> dict[str, Any]:
    """The shipped decision, with this supports prior, on every set of the captures."""
    sc = score(caps, dict(SHIPPED, supports_prior=prior))
    per = {k: round(v["macro_f1"], 4) for k, v in sc.items()}
    fresh = [v for k, v in per.items() if k.startswith("fresh")]
    return {
        "per_set": per,
        "fresh_mean": round(float(np.mean(fresh)), 4),
        "public_mean": round(float(np.mean([per[k] for k in PUBLIC if k in per])), 4),
        "confusion": {k: v["confusion"] for k, v in sc.items()},
        "per_class": {k: {c: x["f1"] for c, x in v["per_class"].items()} for k, v in sc.items()},
    }
