"""Refit the shipped verifier's last layer (``classifier.out_proj``: 768 -> 3) on CPU
(stop 45: measured, not shipped: ``training/README.md``).

Why: fine-tuning MPNet-base on 2 cores runs at about 3 pairs a second, a fifth of an epoch in a
session. The ``<s>`` token's last hidden state, the classifier's input, is computed once per pair
through a copy of the shipped ONNX graph whose output it is (``classifier.dense`` and its tanh
are then applied here, in numpy); the 2,307 weights of the last layer are refit on it in
seconds, pulled toward the shipped ones (``fit``'s ``lam``). None was written back: none beat
the shipped layer on dev (``experiments/head_s45.py``).

    python -m training.head states --captures training/work/fd.pkl,... --out work/head/dev.pkl
    python -m training.head states --fixtures fresh-train7,... --public --out work/head/train.pkl
    python -m training.experiments.head_s45 --out training/experiments/head-s45.json
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import onnx
from onnx import helper, numpy_helper

from training.fixture_pairs import labelled_pairs
from verify.judges.local import StanceModel
from verify.judges.pairs import LABELS

ROOT = Path(__file__).resolve().parent.parent
SHIPPED_DIR = ROOT / "verify" / "weights" / "verifier"
WORK = ROOT / "training" / "work" / "head"
STATE = "/model/classifier/Gather_output_0"
"""The ``<s>`` token's last hidden state, the classifier's input."""
DENSE = "model.classifier.dense"
OUT = "model.classifier.out_proj"


def _init(model: onnx.ModelProto, name: str) -> np.ndarray:
    for t in model.graph.initializer:
        if t.name == name:
            return numpy_helper.to_array(t)
    raise KeyError(name)


@dataclass(frozen=True)
class Head:
    """The classifier as numbers: ``logits = tanh(h @ w1 + b1) @ w2 + b2``."""

    w1: np.ndarray
    b1: np.ndarray
    w2: np.ndarray
    b2: np.ndarray

    @classmethod
    def of(cls, path: Path) -> Head:
        m = onnx.load(str(path))

        def deq(prefix: str) -> np.ndarray:
            q = _init(m, f"{prefix}.weight_quantized").astype(np.float32)
            zp = _init(m, f"{prefix}.weight_zero_point").astype(np.float32)
            return (q - zp) * _init(m, f"{prefix}.weight_scale")  # per output column (axis 1)

        return cls(deq(DENSE), _init(m, f"{DENSE}.bias"), deq(OUT), _init(m, f"{OUT}.bias"))

    def hidden(self, state: np.ndarray) -> np.ndarray:
        return np.tanh(state @ self.w1 + self.b1)


def feature_onnx(src: Path, dst: Path) -> Path:
    """A copy of ``src`` whose one output is the classifier's input state (768 per pair)."""
    m = onnx.load(str(src))
    del m.graph.output[:]
    m.graph.output.append(helper.make_tensor_value_info(STATE, onnx.TensorProto.FLOAT, None))
    dst.parent.mkdir(parents=True, exist_ok=True)
    onnx.save(m, str(dst))
    return dst


class StateModel:
    """The shipped verifier, read up to the classifier's input (through ``StanceModel``'s own
    tokenizer, claim fitting and batching, so a pair is read exactly as the judge reads it)."""

    def __init__(self, model_dir: Path = SHIPPED_DIR, work: Path = WORK) -> None:
        # made again each time (a second): a copy left from another model would give its states
        onnx_path = feature_onnx(model_dir / "model.onnx", work / "state.onnx")
        self.model = StanceModel(model_dir, onnx=onnx_path)
        self.model._encoder.output = STATE

    def states(self, pairs: list[tuple[str, str]]) -> np.ndarray:
        m = self.model
        if not pairs:
            return np.zeros((0, 768), dtype=np.float32)
        m._load()
        fitted = {a: m._fit_claim(a) for a in {a for a, _ in pairs}}
        out = np.zeros((len(pairs), 768), dtype=np.float32)
        for idx, state, _ in m._encoder.run([(fitted[a], b) for a, b in pairs]):
            out[idx] = state
        return out


def softmax(z: np.ndarray) -> np.ndarray:
    z = z - z.max(axis=1, keepdims=True)
    p = np.exp(z)
    return p / p.sum(axis=1, keepdims=True)


def fit(
    x: np.ndarray,
    y: np.ndarray,
    w0: np.ndarray,
    b0: np.ndarray,
    *,
    lam: float,
    weights: np.ndarray | None = None,
    steps: int = 400,
    lr: float = 0.05,
) -> tuple[np.ndarray, np.ndarray]:
    """Weighted softmax regression on ``x`` (n, 768), starting from and pulled toward the shipped
    last layer: loss = mean weighted cross-entropy + lam * |w - w0|^2 (Adam, full batch)."""
    w, b = w0.astype(np.float64).copy(), b0.astype(np.float64).copy()
    sw = np.ones(len(y)) if weights is None else weights.astype(np.float64)
    sw = sw / sw.sum()
    onehot = np.eye(len(LABELS))[y]
    m = [np.zeros_like(w), np.zeros_like(b)]
    v = [np.zeros_like(w), np.zeros_like(b)]
    for t in range(1, steps + 1):
        p = softmax(x @ w + b)
        g = (p - onehot) * sw[:, None]
        grads = [x.T @ g + 2 * lam * (w - w0), g.sum(axis=0)]
        for i, (param, grad) in enumerate(zip((w, b), grads, strict=True)):
            m[i] = 0.9 * m[i] + 0.1 * grad
            v[i] = 0.999 * v[i] + 0.001 * grad**2
            param -= lr * (m[i] / (1 - 0.9**t)) / (np.sqrt(v[i] / (1 - 0.999**t)) + 1e-8)
    return w.astype(np.float32), b.astype(np.float32)


def main() -> None:
    import pickle
    import time

    ap = argparse.ArgumentParser(description=__doc__)
    sub = ap.add_subparsers(dest="cmd", required=True)
    st = sub.add_parser("states", help="the classifier input state of every pair, saved")
    st.add_argument("--captures", default="", help="comma-separated capture pickles")
    st.add_argument("--fixtures", default="", help="comma-separated hand-written training sets")
    st.add_argument("--public", action="store_true", help="the shared sets' training claims")
    st.add_argument("--out", type=Path, required=True)
    args = ap.parse_args()
    if args.cmd == "states":
        rows: list[tuple[tuple[str, str], int, str]] = []
        if args.captures:
            from training.dev_replay import load_captures, read_pairs

            caps = load_captures([Path(x) for x in args.captures.split(",")])
            rows += [(pair, -1, "capture") for pair in read_pairs(caps)]
        fixtures = [x for x in args.fixtures.split(",") if x]
        rows += labelled_pairs(fixtures, args.public)
        model = StateModel()
        t = time.time()
        states = np.zeros((len(rows), 768), dtype=np.float32)
        step = 500
        for i in range(0, len(rows), step):
            states[i : i + step] = model.states([r[0] for r in rows[i : i + step]])
            print(f"{min(i + step, len(rows))}/{len(rows)} {time.time() - t:.0f}s", flush=True)
        args.out.parent.mkdir(parents=True, exist_ok=True)
        with open(args.out, "wb") as fh:
            pickle.dump({"rows": rows, "states": states}, fh)


if __name__ == "__main__":
    main()
