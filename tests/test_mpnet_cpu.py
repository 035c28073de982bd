"""``training.mpnet_cpu`` rebuilds the shipped verifier from its ONNX file and writes weights back
into the same graph. A wrong mapping would train (or ship) another model than the one measured.
Needs the ``train`` extra (torch, transformers): skipped without it, as in CI."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import onnx
import pytest
from onnx import numpy_helper

torch = pytest.importorskip("torch")
pytest.importorskip("transformers")

from training import mpnet_cpu  # noqa: E402
from training.weight_only import int8_columns  # noqa: E402
from verify.judges.pairs import format_pair  # noqa: E402

SHIPPED = mpnet_cpu.SHIPPED_DIR
PAIR = ("Three workers died in the fire.", "Nobody was hurt when the warehouse burned down.")


def _initializers(path: Path) -> dict[str, np.ndarray]:
    return {i.name: numpy_helper.to_array(i) for i in onnx.load(str(path)).graph.initializer}


@pytest.fixture(scope="module")
def shipped_state() -> dict:
    return mpnet_cpu.state_from_onnx(SHIPPED / "model.onnx")


def test_the_rebuilt_model_computes_the_shipped_logits_alone_and_padded() -> None:
    assert mpnet_cpu.check() < 1e-4


@pytest.mark.parametrize("stochastic", [None, 0])
def test_writing_the_unchanged_weights_back_gives_the_same_file(
    tmp_path: Path, shipped_state: dict, stochastic: int | None
) -> None:
    dest = mpnet_cpu.write(shipped_state, SHIPPED, tmp_path / "v", {}, stochastic=stochastic)
    before, after = _initializers(SHIPPED / "model.onnx"), _initializers(dest / "model.onnx")
    assert before.keys() == after.keys()
    assert [k for k in before if not np.array_equal(before[k], after[k])] == []


def test_a_changed_product_weight_is_what_the_written_file_computes(
    tmp_path: Path, shipped_state: dict
) -> None:
    state = dict(shipped_state)
    w = state["classifier.out_proj.weight"].clone()  # [3, 768]: row 0 gives "supports"
    w[0] += 0.02 * torch.sign(w[0])
    state["classifier.out_proj.weight"] = w
    dest = mpnet_cpu.write(state, SHIPPED, tmp_path / "v", {"note": "test"})
    model = mpnet_cpu.build()
    model.load_state_dict(state, strict=False)
    pair = [format_pair(*PAIR)]
    wanted = mpnet_cpu.torch_logits(model, pair)
    got = mpnet_cpu.onnx_logits(dest / "model.onnx", pair)
    assert np.abs(got - wanted).max() < 0.01  # the changed row rounded to its int8 grid
    moved = np.abs(got - mpnet_cpu.onnx_logits(SHIPPED / "model.onnx", pair))[0]
    assert moved[0] > 0.5 and moved[0] > 10 * max(moved[1], moved[2])


def test_the_candidate_does_not_claim_the_shipped_models_identity(
    tmp_path: Path, shipped_state: dict
) -> None:
    dest = mpnet_cpu.write(shipped_state, SHIPPED, tmp_path / "v", {"cpu_continuation": {}})
    info = (dest / "verifier.json").read_text()
    assert '"trained"' not in info and "heldout_macro_f1" not in info
    assert "cpu_continuation" in info


def test_a_weight_of_another_shape_or_a_trained_frozen_table_is_refused(
    tmp_path: Path, shipped_state: dict
) -> None:
    state = dict(shipped_state)
    state["classifier.out_proj.bias"] = torch.zeros(4)
    with pytest.raises(SystemExit, match=r"out_proj\.bias"):
        mpnet_cpu.write(state, SHIPPED, tmp_path / "a", {})
    state = dict(shipped_state)
    key = "mpnet.embeddings.position_embeddings.weight"
    state[key] = state[key] + 1e-3
    with pytest.raises(SystemExit, match="frozen"):
        mpnet_cpu.write(state, SHIPPED, tmp_path / "b", {})
    with pytest.raises(SystemExit, match="source folder"):
        mpnet_cpu.write(shipped_state, SHIPPED, SHIPPED, {})


def test_stochastic_rounding_keeps_a_small_update_on_average() -> None:
    # a column whose largest value sets the step at 1/127; the others sit 0.2 step off
    # grid points: rounding to nearest loses the 0.2, stochastic rounding keeps it on average
    w = np.array([[1.0], [10.2 / 127], [-30.2 / 127], [50.2 / 127]], dtype=np.float32)
    q, scale = int8_columns(w)
    assert q[1:, 0].tolist() == [10, -30, 50]
    rng = np.random.default_rng(0)
    mean = np.mean([int8_columns(w, rng)[0][1:, 0] for _ in range(4000)], axis=0)
    assert np.allclose(mean, [10.2, -30.2, 50.2], atol=0.03)
    assert scale[0] == pytest.approx(1 / 127)


def test_the_schedule_warms_up_then_decays_to_zero() -> None:
    f = mpnet_cpu.schedule(100)  # 6 warm-up steps
    assert f(0) == pytest.approx(1 / 6)
    assert f(5) == pytest.approx(1.0)
    assert f(53) == pytest.approx(47 / 94)
    assert f(100) == 0.0
    assert mpnet_cpu.schedule(1)(0) == 1.0  # one step: no division by zero


def test_the_batch_order_is_the_given_order_then_a_fixed_reshuffle_per_epoch() -> None:
    order = mpnet_cpu.batch_order(5, 1.5, seed=3)
    assert order[:5] == [0, 1, 2, 3, 4]
    assert len(order) == 15 and sorted(order[5:10]) == sorted(order[10:]) == [0, 1, 2, 3, 4]
    assert order[5:10] != order[10:] or order[5:10] != [0, 1, 2, 3, 4]
    assert mpnet_cpu.batch_order(5, 1.5, seed=3) == order
