"""Experiment record: how far the shipped products (int8 activations quantized per row,
MatMulNBits accuracy level 4, as ``verify.encoder`` runs them) move a verifier file's scores
from the same file run unfused in float32, over 300 dev sentence pairs (Climate-FEVER,
Factcheck-GPT and fresh-dev sentences of a capture, shuffled with seed 0).

Stop 30 ran it on the file with the word pieces in 4 bits and on stop 29's (uint8 word
pieces; ``git show aca50d5:verify/weights/verifier/model.onnx``):

    .venv/bin/python -m training.experiments.level4_s30 training/work/mpnet-own.pkl
    .venv/bin/python -m training.experiments.level4_s30 training/work/mpnet-own.pkl \
        --model-dir /tmp/old
"""

from __future__ import annotations

import argparse
import pickle
import random
import shutil
import tempfile
from pathlib import Path

import numpy as np
import onnxruntime as ort

from verify.judges.local import StanceModel
from verify.judges.pairs import format_pair

SHIPPED = Path(__file__).resolve().parents[2] / "verify" / "weights" / "verifier"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("capture", type=Path)
    ap.add_argument("--model-dir", type=Path, default=SHIPPED)
    args = ap.parse_args()
    capture = pickle.loads(args.capture.read_bytes())
    pairs = [
        format_pair(r["feat"]["claim"], x["text"], x["context"])
        for name in ("climate-dev", "factcheck-dev", "fresh-dev")
        for r in capture[name]["rows"]
        if r["feat"]
        for x in r["feat"]["sentences"]
    ]
    random.Random(0).shuffle(pairs)
    pairs = pairs[:300]
    tokenizer = SHIPPED / "tokenizer.json"
    fused = StanceModel(onnx=args.model_dir / "model.onnx", tokenizer=tokenizer)
    shipped = fused.predict(pairs, cache=False)
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "model.onnx"  # another file: a session of its own
        shutil.copyfile(args.model_dir / "model.onnx", copy)
        real = ort.SessionOptions

        def unoptimised() -> ort.SessionOptions:
            options = real()
            options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_DISABLE_ALL
            return options

        ort.SessionOptions = unoptimised  # type: ignore[misc]
        try:
            exact = StanceModel(onnx=copy, tokenizer=tokenizer).predict(pairs, cache=False)
        finally:
            ort.SessionOptions = real  # type: ignore[misc]
    d = np.abs(shipped - exact).max(1)
    changed = int((shipped.argmax(1) != exact.argmax(1)).sum())
    print(
        f"{args.model_dir}: max {d.max():.4f}  p99 {np.quantile(d, 0.99):.4f}  "
        f"mean {d.mean():.5f}  classes changed {changed} of {len(pairs)}"
    )


if __name__ == "__main__":
    main()
