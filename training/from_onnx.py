"""Recover a trainable PyTorch checkpoint from the shipped ``model.onnx``.

Why: the shipped verifier's PyTorch weights lived only in the gitignored ``training/work/`` of
the session that trained it; the ONNX file carries every parameter (named ones as initializers,
each Linear weight as an anonymous, transposed ``MatMul`` operand whose node name gives its
module path). Continuing training from the shipped model needs them back.

    python -m training.from_onnx --out training/work/shipped

The result is checked against onnxruntime on sanity pairs before it is written.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
import onnx
import torch
from onnx import numpy_helper
from transformers import BertConfig, BertForSequenceClassification

from training.train import base_model_dir, load_tokenizer
from verify.judges.pairs import LABELS, format_pair

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = ROOT / "verify" / "weights" / "verifier" / "model.onnx"
PROBE = [
    (
        "Syria was suspended from the Arab League in November 2011",
        "The Arab League suspended Syria in November 2011 over its crackdown on protesters.",
    ),
    (
        "The US will normalize relations with Assad",
        "The United States will not normalize relations with the Assad regime.",
    ),
    ("Three workers died in the fire.", "Nobody was hurt when the warehouse burned down."),
]


def state_dict_from_onnx(path: Path) -> dict[str, torch.Tensor]:
    """Parameter name -> tensor, in ``BertForSequenceClassification`` naming. A weight-only
    quantized model's int8/uint8 weights (``training.weight_only``) come back as the floats it
    computes with. (A ``quantize_dynamic`` file is not read: convert it first.)"""
    model = onnx.load(str(path))
    inits = {i.name: numpy_helper.to_array(i) for i in model.graph.initializer}
    for node in model.graph.node:  # a weight dequantized as the model does, on its own axis
        if node.op_type == "DequantizeLinear" and node.input[0] in inits:
            axis = next((a.i for a in node.attribute if a.name == "axis"), 1)
            q, scale, zero = (inits[x] for x in node.input)
            inits[node.output[0]] = _dequantized(q, scale, zero, axis)
    for name in [n for n in inits if n.endswith("_quantized")]:
        base = name.removesuffix("_quantized")
        scale, zero = inits[f"{base}_scale"], inits[f"{base}_zero_point"]
        if f"{name}_dequantized" in inits:
            inits[base] = inits[f"{name}_dequantized"]
        elif scale.size == 1:  # an embedding table, dequantized after its Gather
            inits[base] = _dequantized(inits[name], scale, zero, 0)
        else:
            raise SystemExit(f"{name}: a per-channel weight no DequantizeLinear reads")
    state: dict[str, torch.Tensor] = {}
    for name, arr in inits.items():
        if not name.startswith("model.") or name.endswith(_PARTS):
            continue
        key = name.removeprefix("model.")
        if key.endswith("_Transposed"):  # a Linear's weight as its MatMul reads it: [in, out]
            key, arr = key.removesuffix("_Transposed"), arr.T
        state[key] = torch.from_numpy(np.array(arr))
    for node in model.graph.node:
        if node.op_type != "MatMul":
            continue
        weight = next((x for x in node.input if x in inits and not x.startswith("model.")), None)
        if weight is None:
            continue
        # "/model/bert/encoder/layer.0/attention/self/query/MatMul" -> "bert.encoder.layer.0…"
        module = node.name.removeprefix("/model/").removesuffix("/MatMul").replace("/", ".")
        state[f"{module}.weight"] = torch.from_numpy(inits[weight].T.copy())
    return state


_PARTS = ("_quantized", "_scale", "_zero_point", "_dequantized")
"""A quantized weight's stored parts: the float weight is rebuilt from them."""


def _dequantized(q: np.ndarray, scale: np.ndarray, zero: np.ndarray, axis: int) -> np.ndarray:
    """``(q - zero) * scale``, as ONNX's DequantizeLinear: per slice along ``axis`` when the
    scale has one value per slice, else one scale for the tensor."""
    shape = [1] * q.ndim
    if scale.size > 1:
        shape[axis] = -1
    zero_f = zero.astype(np.float32).reshape(shape)
    return ((q.astype(np.float32) - zero_f) * scale.reshape(shape)).astype(np.float32)


def recover(onnx_path: Path, out: Path) -> float:
    """Write the checkpoint; return the largest logit difference against onnxruntime."""
    import onnxruntime as ort

    options = ort.SessionOptions()  # float32 products: the weights are recovered exactly
    options.add_session_config_entry("session.qdq_matmulnbits_accuracy_level", "1")
    sess = ort.InferenceSession(str(onnx_path), options, providers=["CPUExecutionProvider"])
    names = {i.name for i in sess.get_inputs()}
    if "token_type_ids" not in names:
        raise SystemExit(
            f"{onnx_path} is not a MiniLM (BERT) verifier: this tool maps BERT's weights only; "
            "an MPNet verifier is rebuilt by `python -m training.mpnet_cpu` (training/README.md)"
        )
    config = BertConfig.from_pretrained(base_model_dir())
    config.num_labels = len(LABELS)
    config.id2label = dict(enumerate(LABELS))
    config.label2id = {name: i for i, name in enumerate(LABELS)}
    model = BertForSequenceClassification(config)
    missing, unexpected = model.load_state_dict(state_dict_from_onnx(onnx_path), strict=False)
    missing = [m for m in missing if not m.endswith("position_ids")]
    if missing or unexpected:
        raise SystemExit(f"weights do not match: missing {missing}, unexpected {unexpected}")
    model.eval()
    tok = load_tokenizer()
    worst = 0.0
    for claim, passage in PROBE:
        enc = tok.encode(*format_pair(claim, passage))
        feed = {
            "input_ids": np.array([enc.ids], dtype=np.int64),
            "attention_mask": np.array([enc.attention_mask], dtype=np.int64),
            "token_type_ids": np.array([enc.type_ids], dtype=np.int64),
        }
        ref = sess.run(None, {k: v for k, v in feed.items() if k in names})[0]
        with torch.no_grad():
            got = model(**{k: torch.from_numpy(v) for k, v in feed.items()}).logits.numpy()
        worst = max(worst, float(np.abs(ref - got).max()))
    if worst > 1e-3:
        raise SystemExit(f"recovered weights differ from the ONNX model by {worst:.4f}")
    model.save_pretrained(out)
    return worst


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--onnx", type=Path, default=SHIPPED)
    ap.add_argument("--out", type=Path, default=ROOT / "training" / "work" / "shipped")
    args = ap.parse_args()
    worst = recover(args.onnx, args.out)
    print(f"wrote {args.out} (max |logit difference| against onnxruntime: {worst:.2e})")


if __name__ == "__main__":
    main()
