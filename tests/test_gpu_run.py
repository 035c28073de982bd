"""training.gpu's encoding and replay bookkeeping: what travels to the accelerator must decode to
the pairs it was made from, and scores must land on the sentences they were computed for."""

from __future__ import annotations

import copy

from training.gpu import (
    WORD,
    _part,
    capture_sentences,
    pack,
    truncate_capture,
    unpack_set,
    with_probs,
)


def _capture() -> dict:
    def src(claim: str, texts: list[str]) -> dict:
        return {
            "claim_id": claim,
            "gold": "none",
            "feat": {
                "claim": claim,
                "similarity": 0.5,
                "sentences": [
                    {"text": t, "context": f"ctx {t}", "probs": [0, 0, 1]} for t in texts
                ],
            },
        }

    return {
        "seeds-dev": {"rows": [src("c3", ["e", "f"])]},
        "fresh-dev": {
            "rows": [
                src("c1", ["a", "b"]),
                {"claim_id": "c2", "gold": "none", "feat": None},
                src("c2", ["c", "d"]),
            ]
        },
    }


def test_pack_round_trip_keeps_ids_type_ids_and_labels() -> None:
    examples = [
        ([101, 7, 8, 102, 9, 102], [0, 0, 0, 0, 1, 1], 2),
        ([101, 5, 102, 6, 7, 8, 102], [0, 0, 0, 1, 1, 1, 1], 0),
        ([101, 30000, 102, 102], [0, 0, 0, 1], 1),
    ]
    arrays = pack(examples)
    assert arrays["ids"].dtype.itemsize == 2  # uint16: the vocabulary has 30,522 word pieces
    assert unpack_set(arrays) == examples


def test_sentences_are_listed_by_set_name_then_in_capture_order() -> None:
    cap = _capture()
    assert capture_sentences(cap) == [
        ("c1", "a", "ctx a"),
        ("c1", "b", "ctx b"),
        ("c2", "c", "ctx c"),
        ("c2", "d", "ctx d"),
        ("c3", "e", "ctx e"),
        ("c3", "f", "ctx f"),
    ]


def test_scores_land_on_the_sentence_they_were_computed_for() -> None:
    cap = _capture()
    probs = [[i / 10, 0.0, 1 - i / 10] for i in range(6)]
    out = with_probs(copy.deepcopy(cap), probs)
    got = {
        s["text"]: s["probs"][0]
        for d in out.values()
        for r in d["rows"]
        if r["feat"]
        for s in r["feat"]["sentences"]
    }
    assert got == {"a": 0.0, "b": 0.1, "c": 0.2, "d": 0.3, "e": 0.4, "f": 0.5}


def test_scores_of_another_length_are_refused() -> None:
    import numpy as np
    import pytest

    with pytest.raises(ValueError, match="6 sentences, scores 5"):
        with_probs(_capture(), np.zeros((5, 3)))


def test_a_dry_run_keeps_a_prefix_of_whole_sources() -> None:
    cap = _capture()
    kept = truncate_capture(cap, 3)  # c1's two sentences fit; c2's would make four
    assert kept == 2
    assert capture_sentences(cap) == [("c1", "a", "ctx a"), ("c1", "b", "ctx b")]


def test_weights_split_in_two_files_by_layer() -> None:
    keys = [
        "bert.embeddings.position_embeddings.weight",
        "bert.embeddings.LayerNorm.weight",
        "bert.encoder.layer.0.attention.self.query.weight",
        "bert.encoder.layer.2.output.dense.bias",
        "bert.encoder.layer.3.attention.self.query.weight",
        "bert.encoder.layer.5.output.LayerNorm.bias",
        "bert.pooler.dense.weight",
        "classifier.weight",
    ]
    assert [_part(k) for k in keys] == ["a", "a", "a", "a", "b", "b", "b", "b"]
    assert WORD.endswith("word_embeddings.weight")
