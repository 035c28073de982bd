"""The verifier's scores for a pair do not depend on what else is scored with it.

The int8 model shipped before quantized each MatMul's activations with one scale for the
whole batch: the same sentence scored up to 0.21 apart alone and in a batch. The shipped model
is now weight-only quantized (``training.weight_only``); ONNX Runtime quantizes each row's
activations in blocks of its own (accuracy level 4), so no row depends on another.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from verify.judges.local import MODEL_DIR, StanceModel

onnx = pytest.importorskip("onnx")  # in the dev extra

PAIRS = [
    ("The plant fire killed three workers.", "Three workers died when fire swept the plant."),
    ("The plant fire killed three workers.", "Nobody was hurt in the blaze."),
    (
        "The court ruled on a Thursday.",
        "A labour court ruled on Friday 18 September that the company must treat its riders "
        "as employees, in a judgment that runs to 84 pages and that lawyers for both sides "
        "said they would study closely before deciding whether to appeal.",
    ),
    ("Tern-2 cost 230 million euros.", "The mission cost 310 million euros."),
    ("Tern-2 cost 230 million euros.", "It rained."),
]


def test_a_pair_scores_the_same_alone_as_in_any_batch():
    model = StanceModel()
    together = model.predict(PAIRS, cache=False)
    alone = np.concatenate([model.predict([p], cache=False) for p in PAIRS])
    backwards = model.predict(PAIRS[::-1], cache=False)[::-1]
    np.testing.assert_allclose(together, alone, atol=1e-5)
    np.testing.assert_allclose(together, backwards, atol=1e-5)


def test_the_shipped_verifier_quantizes_weights_only():
    graph = onnx.load(str(MODEL_DIR / "model.onnx")).graph
    ops = {n.op_type for n in graph.node}
    assert not ops & {"DynamicQuantizeLinear", "MatMulInteger"}
    inits = {i.name for i in graph.initializer}
    dequantized = {
        n.output[0] for n in graph.node if n.op_type == "DequantizeLinear" and n.input[0] in inits
    }
    matmuls = [n for n in graph.node if n.op_type == "MatMul"]
    weighted = [n for n in matmuls if any(x in dequantized for x in n.input)]
    # MPNet-base: twelve layers' six Linears (q, k, v, o, in, out) and the head's two
    assert len(weighted) == 74
    assert not [n for n in matmuls if any(x in inits for x in n.input)]  # no float weight
    # the word pieces as 4-bit blocks (training.embedding_q4), the rest int8: 110M parameters
    # are 438 MB in float32; the file must stay under GitHub's and PyPI's 100 MiB per file
    assert [n.domain for n in graph.node if n.op_type == "GatherBlockQuantized"] == [
        "com.microsoft"
    ]
    assert (MODEL_DIR / "model.onnx").stat().st_size < 100 * 2**20


def test_the_verifiers_int8_products_stay_close_to_float32(tmp_path: Path, monkeypatch):
    """ONNX Runtime fuses DequantizeLinear + MatMul into MatMulNBits; ``verify.encoder`` runs
    it at accuracy level 4 (int8 activations, quantized per row in blocks: twice as fast on
    MPNet). Against the unoptimised float32 graph, where nothing is fused: the same class for
    every pair and probabilities within 0.08 (0.066 on "Nobody was hurt in the blaze." here,
    0.038 with stop 29's uint8 word pieces; over 300 other dev sentence pairs at most 0.12 with
    either file, p99 0.008, no class changed: training/README.md, "Stop 30"); the batch test
    above shows that no pair depends on another."""
    import onnxruntime as ort

    shipped = StanceModel().predict(PAIRS, cache=False)
    copy = tmp_path / "model.onnx"  # another file: a session of its own
    copy.write_bytes((MODEL_DIR / "model.onnx").read_bytes())
    real = ort.SessionOptions

    def unoptimised() -> ort.SessionOptions:
        options = real()
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_DISABLE_ALL
        return options

    monkeypatch.setattr(ort, "SessionOptions", unoptimised)
    plain = StanceModel(onnx=copy, tokenizer=MODEL_DIR / "tokenizer.json")
    exact = plain.predict(PAIRS, cache=False)
    assert (shipped.argmax(1) == exact.argmax(1)).all()
    np.testing.assert_allclose(shipped, exact, atol=0.08)


def _tiny_model(path: Path, w: np.ndarray) -> None:
    """y = x @ w, float32: the smallest model ``quantize_dynamic`` quantizes."""
    from onnx import TensorProto, helper, numpy_helper

    graph = helper.make_graph(
        [helper.make_node("MatMul", ["x", "w"], ["y"], name="/model/dense/MatMul")],
        "tiny",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, ["n", w.shape[0]])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, ["n", w.shape[1]])],
        [numpy_helper.from_array(w, "w")],
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)], ir_version=8)
    onnx.save(model, str(path))


def test_weight_only_multiplies_the_int8_weights_in_float(tmp_path: Path):
    import onnxruntime as ort
    from onnx import numpy_helper
    from onnxruntime.quantization import QuantType, quantize_dynamic

    from training.weight_only import weight_only

    rng = np.random.default_rng(7)
    w = rng.normal(size=(16, 4)).astype(np.float32)
    _tiny_model(tmp_path / "fp32.onnx", w)
    quantize_dynamic(
        str(tmp_path / "fp32.onnx"),
        str(tmp_path / "int8.onnx"),
        weight_type=QuantType.QInt8,
        per_channel=True,
    )
    dynamic = onnx.load(str(tmp_path / "int8.onnx"))
    converted = weight_only(dynamic)
    assert "DynamicQuantizeLinear" in {n.op_type for n in dynamic.graph.node}  # not modified
    assert {n.op_type for n in converted.graph.node} == {"DequantizeLinear", "MatMul"}
    onnx.save(converted, str(tmp_path / "w8.onnx"))

    inits = {i.name: numpy_helper.to_array(i) for i in converted.graph.initializer}
    (q,) = (v for k, v in inits.items() if k.endswith("_quantized"))
    (scale,) = (v for k, v in inits.items() if k.endswith("_scale"))
    (zero,) = (v for k, v in inits.items() if k.endswith("_zero_point"))
    stored = (q.astype(np.float32) - zero.astype(np.float32)) * scale
    assert np.abs(stored - w).max() < np.abs(w).max() / 100  # the int8 weights of w

    options = ort.SessionOptions()
    options.add_session_config_entry("session.qdq_matmulnbits_accuracy_level", "1")
    session = ort.InferenceSession(str(tmp_path / "w8.onnx"), options)
    x = rng.normal(size=(3, 16)).astype(np.float32)
    x[2] *= 1000  # a row far larger than the others: it set the batch's scale before
    (y,) = session.run(None, {"x": x})
    np.testing.assert_allclose(y, x @ stored, rtol=1e-4, atol=1e-3)
    (first,) = session.run(None, {"x": x[:1]})
    np.testing.assert_allclose(first, y[:1], rtol=1e-6, atol=1e-6)
