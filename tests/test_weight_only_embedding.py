"""The word-piece matrix stored as 4-bit blocks (``training.embedding_q4``) is looked up as
exactly the 4-bit values: a tiny ``Gather → DequantizeLinear`` graph, rewritten, run in ONNX
Runtime against the values computed here from the codes and scales."""

from __future__ import annotations

import numpy as np
import pytest

onnx = pytest.importorskip("onnx")  # in the dev extra
ort = pytest.importorskip("onnxruntime")

VOCAB, HIDDEN, BLOCK = 10, 256, 128


def _on_grid(rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """A matrix on the symmetric 4-bit grid ``training.gpu.q4`` writes: codes in [-7, 7] with
    7 (or -7) in every block, times one fp16 scale a block. The codes and the matrix."""
    codes = rng.integers(-7, 8, size=(VOCAB, HIDDEN // BLOCK, BLOCK))
    codes[:, :, 0] = 7 * rng.choice([-1, 1], size=(VOCAB, HIDDEN // BLOCK))
    scales = rng.uniform(0.005, 0.05, size=(VOCAB, HIDDEN // BLOCK, 1)).astype(np.float16)
    w = codes.astype(np.float32) * scales.astype(np.float32)
    return codes.reshape(VOCAB, HIDDEN), w.reshape(VOCAB, HIDDEN)


def _uint8_lookup(w: np.ndarray) -> onnx.ModelProto:
    """ids -> rows of ``w`` through uint8 with one scale and zero point, as ``quantize_dynamic``
    leaves an embedding, then an Add that reads the rows (a graph around the lookup)."""
    from onnx import TensorProto, helper, numpy_helper

    lo, hi = min(float(w.min()), 0.0), max(float(w.max()), 0.0)
    scale = np.float32((hi - lo) / 255)
    zero = np.uint8(round(-lo / scale))
    q = np.clip(np.round(w / scale) + zero, 0, 255).astype(np.uint8)
    nodes = [
        helper.make_node("Gather", ["table_quantized", "ids"], ["rows_q"], name="/emb/Gather"),
        helper.make_node("DequantizeLinear", ["rows_q", "table_scale", "table_zero"], ["rows"]),
        helper.make_node("Add", ["rows", "bias"], ["y"]),
    ]
    graph = helper.make_graph(
        nodes,
        "lookup",
        [helper.make_tensor_value_info("ids", TensorProto.INT64, ["b", "s"])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, ["b", "s", HIDDEN])],
        [
            numpy_helper.from_array(q, "table_quantized"),
            numpy_helper.from_array(np.array(scale, dtype=np.float32), "table_scale"),
            numpy_helper.from_array(np.array(zero, dtype=np.uint8), "table_zero"),
            numpy_helper.from_array(np.zeros(HIDDEN, dtype=np.float32), "bias"),
        ],
    )
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)], ir_version=8)


def _run(model: onnx.ModelProto, ids: np.ndarray) -> np.ndarray:
    session = ort.InferenceSession(model.SerializeToString(), providers=["CPUExecutionProvider"])
    (y,) = session.run(["y"], {"ids": ids})
    return y


def test_the_lookup_returns_the_4bit_values_exactly():
    from training.embedding_q4 import embedding_q4

    rng = np.random.default_rng(3)
    codes, w = _on_grid(rng)
    before = _uint8_lookup(w)
    after, errors = embedding_q4(before, w, block=BLOCK)

    ops = [n.op_type for n in after.graph.node]
    assert ops == ["GatherBlockQuantized", "Add"]
    assert [i.name for i in after.graph.input] == ["ids"]
    assert [o.name for o in after.graph.output] == ["y"]
    assert [n.op_type for n in before.graph.node][:2] == ["Gather", "DequantizeLinear"]  # a copy
    assert errors["q4_max_abs_error"] == 0.0 < errors["uint8_max_abs_error"]
    stored = {i.name: i for i in after.graph.initializer}
    assert "table_quantized" not in stored  # the uint8 matrix is gone
    nib = (codes.reshape(-1, 2) & 0xF).astype(np.uint8)  # int4: two's complement, low first
    assert stored["table_q4"].raw_data == (nib[:, 0] | (nib[:, 1] << 4)).tobytes()

    ids = np.array([[0, 3, 9, 3], [7, 1, 0, 2]], dtype=np.int64)
    np.testing.assert_array_equal(_run(after, ids), w[ids])
    # the uint8 graph it replaces was only within half a step
    assert np.abs(_run(before, ids) - w[ids]).max() > 0


def test_a_matrix_off_the_grid_or_not_the_files_is_refused():
    from training.embedding_q4 import embedding_q4

    rng = np.random.default_rng(5)
    _, w = _on_grid(rng)
    before = _uint8_lookup(w)
    with pytest.raises(ValueError, match="not the one"):
        embedding_q4(before, w + 0.05, block=BLOCK)
    off_grid = w + rng.normal(scale=1e-3, size=w.shape).astype(np.float32)
    with pytest.raises(ValueError, match="worse"):
        embedding_q4(_uint8_lookup(off_grid), off_grid, block=BLOCK)


def test_a_lookup_the_file_lacks_is_refused():
    """Export falls back to uint8 on this error: it must be a ValueError, said in one line."""
    from training.embedding_q4 import embedding_q4

    _, w = _on_grid(np.random.default_rng(7))
    with pytest.raises(ValueError, match="0 Gather"):
        embedding_q4(_uint8_lookup(w), w, "no_such_table", block=BLOCK)
