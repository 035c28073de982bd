"""Store the verifier's word-piece matrix as 4-bit blocks, read by ONNX Runtime's
``GatherBlockQuantized`` (com.microsoft), instead of one uint8 per weight.

Why: the MPNet verifier is 110.6 MB, over the 100 MiB a file may be on GitHub and PyPI, and
its largest tensor is the word-piece matrix (30527 x 768, 23.4 MB in uint8 with one scale for
the whole matrix). The fine-tuned checkpoint's matrix never changed in training (it is frozen)
and travelled to the accelerator as symmetric 4-bit groups (``training.gpu.q4``: 128 weights a
group, one fp16 scale each, codes in [-7, 7]), so the float32 checkpoint holds it *exactly* on
that grid. Written back in that form it takes half the bytes (the file drops under the limit)
and is closer to the checkpoint than the uint8 copy (exact, against up to half a uint8 step).

The data is ONNX ``int4`` (two's complement, no zero point) with float32 scales: the CPU
kernel reads ``int4`` from ONNX Runtime 1.20, packed ``uint8`` only from 1.22 (measured, 1.18
to 1.31). ``int4`` needs IR version 10; the graph is otherwise unchanged (opset 17, the same
inputs and outputs).

    python -m training.embedding_q4 verify/weights/verifier/model.onnx \\
        training/work/mpnet/r1/cand1 /tmp/model.onnx
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

from training.gpu import GROUP, codes4, dq4, q4

INT4_IR_VERSION = 10
"""The first IR version with an int4 tensor type."""


def _int4_tensor(name: str, codes: np.ndarray) -> TensorProto:
    """``codes`` (integers in [-8, 7], an even count) as an ONNX int4 initializer: two a byte,
    the first in the low nibble. Built by hand: ``numpy_helper`` handles int4 only in recent
    onnx releases."""
    nib = (codes.astype(np.int8).reshape(-1, 2) & 0xF).astype(np.uint8)
    t = TensorProto(name=name, data_type=TensorProto.INT4, dims=list(codes.shape))
    t.raw_data = (nib[:, 0] | (nib[:, 1] << 4)).tobytes()
    return t


def embedding_q4(
    model: onnx.ModelProto, weight: np.ndarray, name: str | None = None, block: int = GROUP
) -> tuple[onnx.ModelProto, dict[str, float]]:
    """A copy of ``model`` whose per-tensor quantized ``Gather → DequantizeLinear`` lookup of
    ``name`` (the only such lookup when None) reads ``weight`` as 4-bit blocks of ``block``
    along each row; with the rounding errors of both copies against ``weight``.

    Refuses a ``weight`` that is not the matrix the file holds (off by more than half its
    uint8 step) and one the 4-bit grid would store worse than the uint8 copy does."""
    if block < 16 or block & (block - 1):
        raise ValueError(f"block {block}: GatherBlockQuantized takes a power of 2, 16 or more")
    model = onnx.ModelProto.FromString(model.SerializeToString())  # never the caller's
    g = model.graph
    inits = {i.name: i for i in g.initializer}
    readers: dict[str, list[onnx.NodeProto]] = {}
    for n in g.node:
        for x in n.input:
            readers.setdefault(x, []).append(n)
    found = []
    for gather in g.node:
        if gather.op_type != "Gather" or gather.input[0] not in inits:
            continue
        if name is not None and gather.input[0] != name:
            continue
        after = readers.get(gather.output[0], [])
        dq = after[0] if len(after) == 1 else None
        if dq is None or dq.op_type != "DequantizeLinear" or dq.input[0] != gather.output[0]:
            continue
        if any(a.name == "axis" and a.i != 0 for a in gather.attribute):
            continue
        if len(dq.input) < 3 or not all(x in inits for x in dq.input[1:3]):
            continue
        found.append((gather, dq))
    if len(found) != 1:
        what = name or "a constant matrix"
        raise ValueError(f"{len(found)} Gather → DequantizeLinear lookups of {what}, not one")
    gather, dq = found[0]
    table, scale_name, zero_name = gather.input[0], dq.input[1], dq.input[2]
    q = numpy_helper.to_array(inits[table])
    scale = numpy_helper.to_array(inits[scale_name]).astype(np.float32)
    zero = numpy_helper.to_array(inits[zero_name]).astype(np.float32)
    if q.ndim != 2 or scale.size != 1 or zero.size != 1:
        raise ValueError(f"{table}: not a 2-D matrix with one scale and zero point")
    weight = np.asarray(weight, dtype=np.float32)
    if weight.shape != q.shape or q.shape[1] % block:
        raise ValueError(f"{table}: {weight.shape} given for {q.shape}, rows in blocks of {block}")
    old = (q.astype(np.float32) - zero) * scale
    int8_err = np.abs(old - weight)
    if int8_err.max() > float(scale.item()) * 0.5001:
        raise ValueError(f"{table}: the given matrix is not the one this file holds")
    packed, half = q4(weight, block)
    codes = codes4(packed).reshape(q.shape)
    scales = half.astype(np.float32).reshape(q.shape[0], -1)
    new = dq4(packed, half, q.shape)
    q4_err = np.abs(new - weight)
    if q4_err.max() > int8_err.max():
        raise ValueError(
            f"{table}: 4 bits would store it worse than the uint8 copy "
            f"({q4_err.max():.3g} against {int8_err.max():.3g}): not on the 4-bit grid"
        )
    stem = table.removesuffix("_quantized")
    data, scales_name = f"{stem}_q4", f"{stem}_q4_scales"
    lookup = helper.make_node(
        "GatherBlockQuantized",
        [data, gather.input[1], scales_name],  # no zero point: 0 for int4
        [dq.output[0]],
        name=gather.name,
        domain="com.microsoft",
        gather_axis=0,
        quantize_axis=1,
        block_size=block,
    )
    nodes = [lookup if n is gather else n for n in g.node if n is not dq]
    del g.node[:]
    g.node.extend(nodes)
    read = {x for n in g.node for x in n.input} | {o.name for o in g.output}
    kept = [i for i in g.initializer if i.name in read]
    del g.initializer[:]
    g.initializer.extend(
        [*kept, _int4_tensor(data, codes), numpy_helper.from_array(scales, scales_name)]
    )
    stale = [v for v in g.value_info if v.name == gather.output[0]]
    for v in stale:
        g.value_info.remove(v)
    if not any(o.domain == "com.microsoft" for o in model.opset_import):
        model.opset_import.append(helper.make_opsetid("com.microsoft", 1))
    model.ir_version = max(model.ir_version, INT4_IR_VERSION)
    onnx.checker.check_model(model)
    errors = {
        "uint8_max_abs_error": float(int8_err.max()),
        "uint8_mean_abs_error": float(int8_err.mean()),
        "q4_max_abs_error": float(q4_err.max()),
        "q4_mean_abs_error": float(q4_err.mean()),
    }
    return model, errors


def checkpoint_key(table: str) -> str:
    """The checkpoint's key for an ONNX initializer: ``training.export`` wraps the model (one
    ``model.`` more) and ``quantize_dynamic`` appends ``_quantized``."""
    return table.removeprefix("model.").removesuffix("_quantized")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("src", type=Path, help="a weight-only model.onnx (training.weight_only)")
    ap.add_argument("checkpoint", type=Path, help="the float32 folder it was exported from")
    ap.add_argument("dst", type=Path)
    ap.add_argument("--table", default="model.mpnet.embeddings.word_embeddings.weight_quantized")
    args = ap.parse_args()
    from safetensors import safe_open

    with safe_open(str(args.checkpoint / "model.safetensors"), "np") as fh:
        weight = fh.get_tensor(checkpoint_key(args.table))
    out, errors = embedding_q4(onnx.load(str(args.src)), weight, args.table)
    args.dst.parent.mkdir(parents=True, exist_ok=True)
    onnx.save(out, str(args.dst))
    print(f"wrote {args.dst}: {args.dst.stat().st_size} bytes; {errors}")


if __name__ == "__main__":
    main()
