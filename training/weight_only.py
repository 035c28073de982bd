"""Turn a dynamically quantized ONNX model into a weight-only quantized one: the same int8
weights (the same file size), multiplied in float32.

Why: ``onnxruntime.quantization.quantize_dynamic`` also quantizes each MatMul's *activations*
at run time (``DynamicQuantizeLinear``), with one scale for the whole input tensor. A pair's
scores then depend on the other pairs in its batch (their padding and their largest value:
up to 0.21 in probability, 7 argmax changes in 200 fresh-dev sentences) and on the CPU's int8
kernels (the seed split measured 0.745 on one machine, 0.788 on another). Here each
``DynamicQuantizeLinear → MatMulInteger → Cast → Mul`` chain becomes ``DequantizeLinear(W) →
MatMul``: ONNX Runtime folds it into ``MatMulNBits``, which ``verify.encoder`` runs at float32
accuracy, so a pair scores the same alone or in any batch (to float32 rounding), and other
CPUs differ only by that rounding.

    python -m training.weight_only verify/weights/verifier/model.onnx /tmp/model.onnx
"""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path

import numpy as np
import onnx
from onnx import helper, numpy_helper


def weight_only(model: onnx.ModelProto) -> onnx.ModelProto:
    """A copy of ``model`` with every dynamically quantized MatMul made weight-only."""
    model = onnx.ModelProto.FromString(model.SerializeToString())  # never the caller's
    g = model.graph
    users: dict[str, list[onnx.NodeProto]] = {}
    for n in g.node:
        for name in n.input:
            users.setdefault(name, []).append(n)
    made_by = {out: n for n in g.node for out in n.output}
    inits = {i.name: i for i in g.initializer}
    replaced: dict[int, list[onnx.NodeProto]] = {}
    dropped: set[int] = set()
    if any(
        a.type in (onnx.AttributeProto.GRAPH, onnx.AttributeProto.GRAPHS)
        for n in g.node
        for a in n.attribute
    ):
        raise ValueError("a model with subgraphs (If, Loop, Scan) is not supported")
    dequantized: dict[str, str] = {}  # a weight shared by several MatMuls is read once
    for mm in [n for n in g.node if n.op_type == "MatMulInteger"]:
        a_q, w_q, _, w_zero = mm.input
        quantize = made_by.get(a_q)
        readers = users.get(mm.output[0], [])
        cast = readers[0] if len(readers) == 1 else None
        rescale = users.get(cast.output[0], [None])[0] if cast is not None else None
        if (
            quantize is None
            or quantize.op_type != "DynamicQuantizeLinear"
            or cast is None
            or cast.op_type != "Cast"
            or rescale is None
            or rescale.op_type != "Mul"
            or w_q not in inits
            or numpy_helper.to_array(inits[w_q]).ndim != 2
        ):
            raise ValueError(f"{mm.name}: not a quantize_dynamic MatMul of a constant 2-D weight")
        scales = made_by[next(x for x in rescale.input if x != cast.output[0])]
        w_scale = next((x for x in scales.input if x in inits), None)
        if w_scale is None:
            raise ValueError(f"{mm.name}: the weight's scale is not a constant")
        per_channel = numpy_helper.to_array(inits[w_scale]).size > 1
        new: list[onnx.NodeProto] = []
        if w_q not in dequantized:
            dequantized[w_q] = f"{w_q}_dequantized"
            new.append(
                helper.make_node(
                    "DequantizeLinear",
                    [w_q, w_scale, w_zero],
                    [dequantized[w_q]],
                    name=f"{mm.name}_weight",
                    **({"axis": 1} if per_channel else {}),  # a scale per output column
                )
            )
        new.append(
            helper.make_node(  # the float model's node name: its module's path
                "MatMul",
                [quantize.input[0], dequantized[w_q]],
                [rescale.output[0]],
                name=mm.name.removesuffix("_quant"),
            )
        )
        replaced[id(rescale)] = new
        dropped |= {id(mm), id(cast), id(rescale)}
    nodes: list[onnx.NodeProto] = []
    for n in g.node:
        if id(n) in replaced:
            nodes += replaced[id(n)]
        elif id(n) not in dropped:
            nodes.append(n)
    outputs = {o.name for o in g.output}
    while True:  # the activations' quantizers and scale products nobody reads any more
        read = {x for n in nodes for x in n.input} | outputs
        kept = [n for n in nodes if any(o in read for o in n.output)]
        if len(kept) == len(nodes):
            break
        nodes = kept
    del g.node[:]
    g.node.extend(nodes)
    read = {x for n in nodes for x in n.input}
    kept_inits = [i for i in g.initializer if i.name in read]
    del g.initializer[:]
    g.initializer.extend(kept_inits)
    onnx.checker.check_model(model)
    return model


def int8_columns(
    w: np.ndarray, rng: np.random.Generator | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """``w`` [in, out] as symmetric int8 per output column and the columns' scales: rounded to
    the nearest step, or (``rng``) up with the probability of the remainder, so that updates
    smaller than half a step survive on average instead of vanishing. A value already on the
    grid (within float error) stays where it is either way."""
    scale = (np.maximum(np.abs(w).max(axis=0), 1e-12) / 127.0).astype(np.float32)
    x = w / scale
    near = np.round(x)
    if rng is not None:
        x = np.where(np.abs(x - near) < 1e-3, near, np.floor(x + rng.random(x.shape)))
    else:
        x = near
    return np.clip(x, -127, 127).astype(np.int8), scale


def ops(model: onnx.ModelProto) -> Counter[str]:
    return Counter(n.op_type for n in model.graph.node)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("src", type=Path)
    ap.add_argument("dst", type=Path)
    args = ap.parse_args()
    out = weight_only(onnx.load(str(args.src)))
    onnx.save(out, str(args.dst))
    print(f"wrote {args.dst}: {dict(ops(out))}")


if __name__ == "__main__":
    main()
