"""The offline replay (``training.sources`` capture → ``training.sweep.decide``) decides each
source as the shipped judge does: the settings chosen on it are the settings shipped."""

from __future__ import annotations

import numpy as np
import pytest

from training.sources import features
from training.sweep import SHIPPED, decide, judge_settings
from verify.judges.local import LocalJudge

from .fakes import INJECTED, evidence

CLAIM = "A navy ship picked up the 40 survivors of the ferry"

SOURCES = {
    # on topic by words, and the verifier says so
    "words": "A navy ship picked up the 40 survivors of the ferry, officials said.",
    # another number about the same survivors: the rules make it a refutation
    "number": "A navy ship picked up the 35 survivors of the ferry.",
    # a paraphrase below the word gate, close in meaning (and stating the claim's number), the
    # verifier sure: a support
    "paraphrase": "All 40 people rescued were flown by helicopter to the destroyer overnight.",
    # the same paraphrase, the verifier unsure: nothing
    "unsure": "All 40 people rescued were taken to a warship, the coastguard said.",
    # below the gate and sure of a refutation: never counted
    "refuting": "No helicopter flew to any warship; the survivors swam to the beach.",
    # the verifier under-reads the attributed sentence, not its bare statement
    # (``decision.with_bare``): a support, quoted whole
    "attributed": "Investigators believe a navy ship picked up the 40 survivors of the ferry.",
    # unrelated
    "other": "The city council approved a new budget for road repairs.",
}


class ByText:
    """A verifier stand-in whose scores depend on the sentence (the pair's second text)."""

    def predict(self, pairs: list[tuple[str, str]]) -> np.ndarray:
        out = []
        for _, text in pairs:
            if "believe" in text:
                p = (0.02, 0.02, 0.96)
            elif "swam" in text:
                p = (0.02, 0.96, 0.02)
            elif "warship" in text:
                p = (0.6, 0.1, 0.3)
            elif "helicopter" in text or "picked up" in text:
                p = (0.9, 0.05, 0.05)
            else:
                p = (0.05, 0.05, 0.9)
            out.append(p)
        return np.array(out, dtype=np.float32)


class Closeness:
    """An embedder stand-in: rescue sentences close to the claim, the rest far."""

    def encode(self, texts: list[str]) -> np.ndarray:
        out = np.zeros((len(texts), 2), dtype=np.float32)
        out[0] = (1.0, 0.0)
        for i, t in enumerate(texts[1:], start=1):
            close = any(w in t for w in ("helicopter", "warship", "rescued", "survivors"))
            out[i] = (0.8, 0.6) if close else (0.2, 0.98)
        return out


def _side(stance: str) -> str:
    return stance if stance in ("supports", "refutes") else "none"


@pytest.mark.parametrize("rule_on", [True, False])
def test_the_replay_decides_every_source_as_the_judge(rule_on: bool):
    s = {**SHIPPED, "supports_prior": 1.0}
    if not rule_on:  # neither the closest sentence nor one stating the claim's number is read
        s["sure_relevance"] = s["stated_relevance"] = 1.01
    judge = LocalJudge(judge_settings(s), model=ByText(), embeddings=Closeness())  # type: ignore[arg-type]
    items = [evidence(sid, text) for sid, text in SOURCES.items()]
    judged = judge.judge(CLAIM, items)
    live = {it.record.id: _side(j.verdict.stance) for it, j in zip(items, judged, strict=True)}
    replayed = {row["source"]: decide(row, s) for row in features(judge, CLAIM, items)}
    assert replayed == live
    expected = {
        "words": "supports",
        "number": "refutes",
        "paraphrase": "supports" if rule_on else "none",
        "unsure": "none",
        "refuting": "none",
        "attributed": "supports",
        "other": "none",
    }
    assert live == expected


def test_the_replay_skips_what_the_judge_skips():
    """Instruction-like lines are never read by the judge (``LocalJudge.statements_read``); the
    capture leaves them out too, and the sentence after one is read without it as context
    (a reviewer's case: live none, replay supports)."""
    s = {**SHIPPED, "supports_prior": 1.0}
    judge = LocalJudge(judge_settings(s), model=ByText(), embeddings=Closeness())  # type: ignore[arg-type]
    items = [evidence("injected", INJECTED)]
    claim = "The budget will be debated in parliament next month"
    (live,) = judge.judge(claim, items)
    (row,) = features(judge, claim, items)
    assert not any("Ignore previous instructions" in x["text"] for x in row["sentences"])
    assert decide(row, s) == _side(live.verdict.stance)


def test_cue_diff_scores_the_pairs_the_capture_scored():
    """``training.cue_diff`` re-scores a source from its captured texts: the pairs it builds
    must be ones the capture sent the verifier (bare statements included), and scored again
    from them alone each source must be decided as the judge decided it live."""
    from training.cue_diff import _pairs, _sentence_pairs

    class Recording(ByText):
        def __init__(self) -> None:
            self.seen: list[tuple[str, str]] = []

        def predict(self, pairs: list[tuple[str, str]]) -> np.ndarray:
            self.seen += pairs
            return super().predict(pairs)

    s = {**SHIPPED, "supports_prior": 1.0}
    model = Recording()
    judge = LocalJudge(judge_settings(s), model=model, embeddings=Closeness())  # type: ignore[arg-type]
    items = [evidence(sid, text) for sid, text in SOURCES.items()]
    live = {
        it.record.id: _side(j.verdict.stance)
        for it, j in zip(items, judge.judge(CLAIM, items), strict=True)
    }
    rows = features(judge, CLAIM, items)
    rebuilt = [p for row in rows for p in _pairs(row)]
    assert set(rebuilt) <= set(model.seen)
    # the attributed sentence's bare statement is among them
    bare = "A navy ship picked up the 40 survivors of the ferry."
    assert any(p[1].endswith(bare) for p in rebuilt)
    scores = dict(zip(rebuilt, ByText().predict(rebuilt).tolist(), strict=True))
    for row in rows:
        for sent in row["sentences"]:
            text, bare = _sentence_pairs(CLAIM, sent)
            sent["probs"] = scores[text]
            if sent["bare_probs"] is not None:
                sent["bare_probs"] = scores[bare]
    assert {row["source"]: decide(row, s) for row in rows} == live
