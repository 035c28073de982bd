"""training.gpu's encoding and replay bookkeeping: what travels to the accelerator must decode to
the pairs it was made from, and scores must land on the sentences they were computed for."""

from __future__ import annotations

import copy

import pytest

from training.gpu import (
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


def test_four_bit_groups_round_trip_within_half_a_step() -> None:
    import numpy as np

    from training.gpu import dq4, q4

    rng = np.random.default_rng(0)
    scales = np.logspace(-3, 0, 8, dtype=np.float32).reshape(8, 1)  # rows of other sizes
    w = (rng.standard_normal((8, 256)) * scales).astype(np.float32)
    w[3, 5] = 0.0
    packed, scale = q4(w, 64)
    assert packed.dtype == np.uint8 and packed.size == w.size // 2
    assert scale.dtype == np.float16 and scale.size == w.size // 64
    back = dq4(packed, scale, (8, 256))
    step = np.repeat(scale.astype(np.float32), 64).reshape(8, 256)
    assert np.all(np.abs(back - w) <= step / 2 + 1e-6)  # the nearest of 15 levels per group
    assert np.all(np.abs(back) <= np.abs(w).max(axis=1, keepdims=True) * 1.001)  # never beyond
    again = q4(w, 64)
    assert np.array_equal(again[0], packed) and np.array_equal(again[1], scale)  # same bytes
    assert not dq4(*q4(np.zeros((2, 64), np.float32), 64), (2, 64)).any()


def test_a_four_bit_file_keeps_small_tensors_in_fp16_and_rebuilds_large_ones(tmp_path) -> None:
    torch = pytest.importorskip("torch")  # the train extra: what the accelerator run has
    pytest.importorskip("safetensors")
    from training.gpu import GROUP, load_q4, q4_shapes, rounded4, save_q4

    big = "mpnet.encoder.layer.0.attention.attn.q.weight"
    bias = "mpnet.encoder.layer.0.attention.attn.q.bias"
    state = {big: torch.randn(512, 256), bias: torch.randn(512)}
    path = tmp_path / "w.safetensors"
    save_q4(state, path, {"tag": "t"})
    back = load_q4(path)
    assert q4_shapes(path) == {big: [512, 256]}
    assert torch.equal(back[big], rounded4(state[big], GROUP))
    assert torch.equal(back[bias], state[bias].half().float())


def test_base_plus_returned_delta_is_what_was_trained_up_to_the_deltas_rounding(tmp_path) -> None:
    """What ``run`` returns for a 4-bit run and ``unpack`` adds back: each large matrix's
    fine-tuning delta in 4-bit groups of ``DELTA_GROUP`` on the base as it travelled; small
    tensors whole (fp16)."""
    torch = pytest.importorskip("torch")
    pytest.importorskip("safetensors")
    from training.gpu import DELTA_GROUP, delta_state, load_q4, q4_shapes, rounded4, save_q4

    torch.manual_seed(0)
    base = {"m.layer.0.w": rounded4(torch.randn(384, 256)), "m.layer.0.b": torch.randn(384)}
    trained = {k: v + 1e-3 * torch.randn_like(v) for k, v in base.items()}
    sent = delta_state(trained, base)
    assert torch.equal(sent["m.layer.0.b"], trained["m.layer.0.b"])  # small tensors whole
    path = tmp_path / "cand1-a.safetensors"
    save_q4(sent, path, {"tag": "t", "delta": "1"}, DELTA_GROUP)
    delta = q4_shapes(path)
    rebuilt = {k: base[k] + v if k in delta else v for k, v in load_q4(path).items()}
    w, b = "m.layer.0.w", "m.layer.0.b"
    assert torch.equal(rebuilt[w], base[w] + rounded4(trained[w] - base[w], DELTA_GROUP))
    assert (rebuilt[w] - trained[w]).abs().max() < 1e-3  # the delta's rounding, not the base's
    assert torch.equal(rebuilt[b], trained[b].half().float())


def test_twelve_layers_split_in_four_files() -> None:
    keys = {
        "mpnet.embeddings.position_embeddings.weight": "a",
        "mpnet.encoder.layer.2.output.dense.weight": "a",
        "mpnet.encoder.layer.3.attention.attn.q.weight": "b",
        "mpnet.encoder.layer.8.output.dense.bias": "c",
        "mpnet.encoder.layer.11.output.LayerNorm.bias": "d",
        "mpnet.encoder.relative_attention_bias.weight": "d",
        "classifier.dense.weight": "d",
    }
    assert {k: _part(k, 12) for k in keys} == keys


def test_a_run_names_the_prepare_folder_it_trained_from(tmp_path) -> None:
    from training.gpu import data_digest

    (tmp_path / "info.json").write_text('{"seed": 41}')
    (tmp_path / "word.safetensors").write_bytes(b"word")
    (tmp_path / "rest.safetensors").write_bytes(b"rest")
    first = data_digest(tmp_path)
    assert data_digest(tmp_path) == first
    (tmp_path / "rest.safetensors.xz").write_bytes(b"another head")  # the packed file wins
    assert data_digest(tmp_path) != first
    (tmp_path / "rest.safetensors.xz").unlink()
    (tmp_path / "info.json").write_text('{"seed": 42}')
    assert data_digest(tmp_path) != first
