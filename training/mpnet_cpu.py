"""Continue training the shipped MPNet verifier on this machine's CPU, from its ONNX file.

Why: the shipped verifier's PyTorch weights were never kept (it was trained on a lent GPU and
only its ONNX file ships), and ``training.from_onnx`` reads MiniLM (BERT) files only. Every
parameter is in the ONNX file: the products' weights as int8 per output channel, the word
pieces as 4-bit blocks (frozen in training), the position table and the relative-attention
buckets as uint8, the rest as floats. This module

* rebuilds ``MPNetForSequenceClassification`` from them (checked against onnxruntime),
* trains it a little on CPU with the word pieces, positions and buckets frozen, resumably
  (``--resume``: the model, the optimizer and the step are saved every ``--save-every`` steps),
* writes the weights back into a copy of the same ONNX graph: each product's weight rounded
  again to int8 per output channel on its own new scale, the floats as they are.

    python -m training.mpnet_cpu check
    python -m training.mpnet_cpu train --fixtures fresh-train7,... --out training/work/cpu1
    python -m training.mpnet_cpu write --run training/work/cpu1 --dest training/work/cpu1/verifier
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import shutil
import time
from pathlib import Path
from typing import Any

import numpy as np
import onnx
import torch
from onnx import numpy_helper

from training.fixture_pairs import labelled_pairs
from training.from_onnx import PROBE
from training.weight_only import int8_columns
from verify.judges.pairs import LABELS, MAX_LENGTH, format_pair

ROOT = Path(__file__).resolve().parent.parent
SHIPPED_DIR = ROOT / "verify" / "weights" / "verifier"
FROZEN = (
    "mpnet.embeddings.word_embeddings.weight",
    "mpnet.embeddings.position_embeddings.weight",
    "mpnet.encoder.relative_attention_bias.weight",
)
"""Stored on coarse grids in the file (4-bit, uint8): left exactly as they are."""
SHIPPED_FIXTURES = tuple(f"fresh-train{n}" for n in ("", "2", "3", "4", "5", "6"))
"""The hand-written sets the shipped verifier was trained on (stop 29): replayed, not new."""


def config() -> Any:
    """all-mpnet-base-v2's shape (its config.json), with the verifier's three labels."""
    from transformers import MPNetConfig

    return MPNetConfig(
        vocab_size=30527,
        hidden_size=768,
        num_hidden_layers=12,
        num_attention_heads=12,
        intermediate_size=3072,
        hidden_act="gelu",
        hidden_dropout_prob=0.1,
        attention_probs_dropout_prob=0.1,
        max_position_embeddings=514,
        relative_attention_num_buckets=32,
        layer_norm_eps=1e-5,
        pad_token_id=1,
        bos_token_id=0,
        eos_token_id=2,
        num_labels=len(LABELS),
        id2label=dict(enumerate(LABELS)),
        label2id={n: i for i, n in enumerate(LABELS)},
    )


def _arrays(model: onnx.ModelProto) -> dict[str, np.ndarray]:
    return {i.name: numpy_helper.to_array(i) for i in model.graph.initializer}


def _matmul_weights(model: onnx.ModelProto) -> dict[str, str]:
    """Module path ("mpnet.encoder.layer.0.attention.attn.q") -> the initializer prefix of its
    int8 weight ("onnx::MatMul_1454")."""
    out = {}
    for node in model.graph.node:
        if node.op_type != "MatMul":
            continue
        w = next((x for x in node.input if x.endswith("_quantized_dequantized")), None)
        if w is None:
            continue
        module = node.name.removeprefix("/model/").removesuffix("/MatMul")
        module = module.removesuffix("/Gemm_MatMul").replace("/", ".")
        out[module] = w.removesuffix("_quantized_dequantized")
    for node in model.graph.node:  # one scale per output column, as read and written here
        if node.op_type == "DequantizeLinear" and node.output[0].endswith("_quantized_dequantized"):
            axis = next((a.i for a in node.attribute if a.name == "axis"), 1)
            if axis != 1:
                raise SystemExit(f"{node.name}: a weight quantized along axis {axis}, not 1")
    return out


def state_from_onnx(path: Path) -> dict[str, torch.Tensor]:
    """``MPNetForSequenceClassification``'s parameters, dequantized as onnxruntime computes."""
    return _state(onnx.load(str(path)))


def _state(model: onnx.ModelProto) -> dict[str, torch.Tensor]:
    a = _arrays(model)
    state: dict[str, np.ndarray] = {}
    for module, prefix in _matmul_weights(model).items():
        q, scale = a[f"{prefix}_quantized"], a[f"{prefix}_scale"]
        zero = a[f"{prefix}_zero_point"]
        w = (q.astype(np.float32) - zero.astype(np.float32)) * scale  # [in, out], per out
        state[f"{module}.weight"] = w.T
    q4 = a["model.mpnet.embeddings.word_embeddings.weight_q4"].astype(np.float32)
    scales = a["model.mpnet.embeddings.word_embeddings.weight_q4_scales"]
    state["mpnet.embeddings.word_embeddings.weight"] = (
        q4.reshape(q4.shape[0], scales.shape[1], -1) * scales[:, :, None]
    ).reshape(q4.shape)
    for table in ("mpnet.embeddings.position_embeddings", "mpnet.encoder.relative_attention_bias"):
        q = a[f"model.{table}.weight_quantized"].astype(np.float32)
        zero = a[f"model.{table}.weight_zero_point"].astype(np.float32)
        state[f"{table}.weight"] = (q - zero) * a[f"model.{table}.weight_scale"]
    for name, arr in a.items():
        if name.startswith("model.") and name.endswith((".bias", "LayerNorm.weight")):
            state[name.removeprefix("model.")] = arr
    return {k: torch.from_numpy(np.array(v, dtype=np.float32)) for k, v in state.items()}


def build(path: Path = SHIPPED_DIR / "model.onnx") -> Any:
    from transformers import MPNetForSequenceClassification

    model = MPNetForSequenceClassification(config())
    missing, unexpected = model.load_state_dict(state_from_onnx(path), strict=False)
    missing = [m for m in missing if not m.endswith("position_ids")]
    if missing or unexpected:
        raise SystemExit(f"weights do not match: missing {missing}, unexpected {unexpected}")
    return model


def tokenizer(model_dir: Path = SHIPPED_DIR) -> Any:
    from tokenizers import Tokenizer

    tok = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
    tok.enable_truncation(max_length=MAX_LENGTH, strategy="only_second")
    tok.no_padding()
    return tok


def encode(tok: Any, pairs: list[tuple[str, str]]) -> dict[str, torch.Tensor]:
    encs = tok.encode_batch(pairs)
    n = max(len(e.ids) for e in encs)
    ids = np.ones((len(encs), n), dtype=np.int64)  # pad id 1
    mask = np.zeros((len(encs), n), dtype=np.int64)
    for i, e in enumerate(encs):
        ids[i, : len(e.ids)] = e.ids
        mask[i, : len(e.ids)] = 1
    return {"input_ids": torch.from_numpy(ids), "attention_mask": torch.from_numpy(mask)}


def onnx_logits(path: Path, pairs: list[tuple[str, str]]) -> np.ndarray:
    """onnxruntime's logits for ``pairs`` as one padded batch, with float32 products (level 1:
    the judge's int8 activations would hide what the weights alone do)."""
    import onnxruntime as ort

    options = ort.SessionOptions()
    options.add_session_config_entry("session.qdq_matmulnbits_accuracy_level", "1")
    sess = ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
    feed = encode(tokenizer(), pairs)
    return np.asarray(sess.run(None, {k: v.numpy() for k, v in feed.items()})[0])


def torch_logits(model: Any, pairs: list[tuple[str, str]], batch: int = 16) -> np.ndarray:
    """The PyTorch model's logits, ``batch`` pairs padded together at a time."""
    tok = tokenizer()
    model.eval()
    with torch.no_grad():
        return np.concatenate(
            [
                model(**encode(tok, pairs[i : i + batch])).logits.numpy()
                for i in range(0, len(pairs), batch)
            ]
        )


def check(path: Path = SHIPPED_DIR / "model.onnx") -> float:
    """Largest logit difference between the model rebuilt from ``path`` and onnxruntime running
    ``path``, each probe pair alone and all of them padded together as training reads them."""
    model = build(path)
    worst = 0.0
    pairs = [format_pair(c, p) for c, p in PROBE]
    for batch in [[p] for p in pairs] + [pairs]:
        diff = np.abs(onnx_logits(path, batch) - torch_logits(model, batch))
        worst = max(worst, float(diff.max()))
    return worst


def write(
    state: dict[str, torch.Tensor],
    src: Path,
    dest: Path,
    note: dict[str, Any],
    *,
    stochastic: int | None = None,
) -> Path:
    """A verifier folder: ``src``'s files, the ONNX graph unchanged, its weights from ``state``
    (each product's weight int8 per output channel on a new scale; frozen tables untouched).
    ``note`` goes into its ``verifier.json``, which no longer claims the shipped model's
    training date, recipe or held-out figures."""
    if dest.resolve() == src.resolve():
        raise SystemExit(f"{dest} is the source folder: write a candidate elsewhere")
    model = onnx.load(str(src / "model.onnx"))
    mats = _matmul_weights(model)
    shipped = _state(model)
    for key in FROZEN:
        if key in state and not torch.equal(state[key], shipped[key]):
            raise SystemExit(f"{key} changed: it is stored on a coarse grid and must stay frozen")
    known = {f"{m}.weight" for m in mats} | set(FROZEN)
    left = [k for k in state if k not in known and not k.endswith((".bias", "LayerNorm.weight"))]
    if left := [k for k in left if not k.endswith("position_ids")]:
        raise SystemExit(f"weights with no place in the graph: {left[:5]}")
    rng = np.random.default_rng(stochastic)
    new: dict[str, np.ndarray] = {}
    for module, prefix in mats.items():
        w = state[f"{module}.weight"].detach().numpy().T.astype(np.float32)  # [in, out]
        if not np.isfinite(w).all():
            raise SystemExit(f"{module}: the run diverged (a weight is not finite)")
        q, scale = int8_columns(w, rng if stochastic is not None else None)
        new[f"{prefix}_quantized"] = q
        new[f"{prefix}_scale"] = scale
        new[f"{prefix}_zero_point"] = np.zeros(w.shape[1], dtype=np.int8)
    for key, t in state.items():
        if key.endswith((".bias", "LayerNorm.weight")):
            new[f"model.{key}"] = t.detach().numpy().astype(np.float32)
    for init in model.graph.initializer:
        if init.name in new:
            arr = new.pop(init.name)
            old = numpy_helper.to_array(init)
            if arr.shape != old.shape or arr.dtype != old.dtype:
                raise SystemExit(
                    f"{init.name}: {arr.shape} {arr.dtype} for {old.shape} {old.dtype}"
                )
            init.CopyFrom(numpy_helper.from_array(arr, init.name))
    if new:
        raise SystemExit(f"weights with no place in the graph: {sorted(new)[:5]}")
    dest.mkdir(parents=True, exist_ok=True)
    for f in src.iterdir():
        if f.name != "model.onnx":
            shutil.copy2(f, dest / f.name)
    onnx.save(model, str(dest / "model.onnx"))
    info = json.loads((dest / "verifier.json").read_text())
    for key in ("trained", "recipe", "seed", "heldout_macro_f1"):
        info.pop(key, None)
    info.update(note)
    (dest / "verifier.json").write_text(json.dumps(info, indent=2) + "\n")
    return dest


def training_pairs(
    fixtures: list[str], replay: int, seed: int
) -> list[tuple[tuple[str, str], int]]:
    """The new hand-written sets read as the judge reads them (``training.fixture_pairs``), and
    ``replay`` pairs of what the shipped verifier was trained on (the shared sets' training
    claims and the earlier hand-written training sets), so it is not forgotten."""
    rng = random.Random(seed)
    new = [(pair, label) for pair, label, _ in labelled_pairs(fixtures, public=False)]
    old = [(pair, label) for pair, label, _ in labelled_pairs([], public=True)]
    old += [(pair, label) for pair, label, _ in labelled_pairs(list(SHIPPED_FIXTURES), False)]
    rng.shuffle(old)
    out = new + old[:replay]
    rng.shuffle(out)
    return out


def schedule(steps_total: int, warm_frac: float = 0.06) -> Any:
    """Linear warm-up, then linear decay to 0 at ``steps_total`` (a multiplier of the lr)."""
    warm = max(1, int(warm_frac * steps_total))
    tail = max(1, steps_total - warm)
    return lambda s: min((s + 1) / warm, max(0.0, (steps_total - s) / tail))


def batch_order(n: int, epochs: float, seed: int) -> list[int]:
    """Pair indexes in training order: the pairs as given for the first epoch, reshuffled (a
    seed per epoch) for each later one, so a resumed run reads what an unbroken one would."""
    order = list(range(n))
    for epoch in range(1, int(np.ceil(epochs)) + 1):
        again = list(range(n))
        random.Random(seed + epoch).shuffle(again)
        order += again
    return order


def fitted(pairs: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Claims cut as the judge cuts them (``StanceModel``: the claim's first tokens only)."""
    from verify.judges.local import StanceModel

    model = StanceModel(SHIPPED_DIR)
    model._load()  # the claim tokenizer
    fit = {a: model._fit_claim(a) for a in {a for a, _ in pairs}}
    return [(fit[a], b) for a, b in pairs]


def train(args: argparse.Namespace) -> None:
    torch.manual_seed(args.seed)
    torch.set_num_threads(args.threads)
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    pairs = training_pairs(args.fixtures.split(","), args.replay, args.seed)
    texts = fitted([p for p, _ in pairs])
    steps_total = int(np.ceil(len(pairs) * args.epochs / args.batch_size))
    # what a resumed run must share with the saved one (another lr, batch or data would
    # silently make another run)
    recipe = {
        k: getattr(args, k) for k in ("fixtures", "replay", "seed", "lr", "batch_size", "epochs")
    }
    recipe["pairs"] = hashlib.sha256(json.dumps(pairs).encode()).hexdigest()[:16]
    model = build()
    for name, p in model.named_parameters():
        p.requires_grad = name not in FROZEN
    params = [p for p in model.parameters() if p.requires_grad]
    opt = torch.optim.AdamW(params, lr=args.lr, weight_decay=0.01)
    sched = torch.optim.lr_scheduler.LambdaLR(opt, schedule(steps_total))
    step = 0
    ckpt = out / "state.pt"
    if args.resume and ckpt.is_file():
        saved = torch.load(ckpt, weights_only=False)
        if saved.get("recipe") != recipe:
            raise SystemExit(f"{ckpt} was another run: {saved.get('recipe')} (now {recipe})")
        model.load_state_dict(saved["model"])
        opt.load_state_dict(saved["opt"])
        sched.load_state_dict(saved["sched"])
        torch.set_rng_state(saved["rng"])
        step = saved["step"]
    tok = tokenizer()
    model.train()
    order = batch_order(len(pairs), args.epochs, args.seed)
    t0, losses = time.time(), []

    def save() -> None:
        state = {"model": model.state_dict(), "opt": opt.state_dict(), "recipe": recipe}
        state |= {"sched": sched.state_dict(), "step": step, "rng": torch.get_rng_state()}
        tmp = ckpt.with_suffix(".tmp")
        torch.save(state, tmp)
        os.replace(tmp, ckpt)  # a run killed while saving keeps its last checkpoint

    with open(out / "train.log", "a", encoding="utf-8") as log:
        while step < steps_total:
            if args.max_minutes and time.time() - t0 > args.max_minutes * 60:
                break
            idx = order[step * args.batch_size : (step + 1) * args.batch_size]
            feed = encode(tok, [texts[i] for i in idx])
            labels = torch.tensor([pairs[i][1] for i in idx])
            loss = torch.nn.functional.cross_entropy(model(**feed).logits, labels)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(params, 1.0)
            opt.step()
            sched.step()
            opt.zero_grad()
            step += 1
            losses.append(loss.item())
            if step % 10 == 0:
                mean = np.mean(losses[-10:])
                print(
                    f"step {step}/{steps_total} loss {mean:.4f} {time.time() - t0:.0f}s", file=log
                )
                log.flush()
            if step % args.save_every == 0:
                save()
    save()
    (out / "run.json").write_text(
        json.dumps(
            {
                "fixtures": args.fixtures,
                "replay": args.replay,
                "pairs": len(pairs),
                "seed": args.seed,
                "lr": args.lr,
                "batch_size": args.batch_size,
                "epochs": args.epochs,
                "step": step,
                "steps_total": steps_total,
                "minutes": round((time.time() - t0) / 60, 1),
            },
            indent=1,
        )
        + "\n"
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    sub = ap.add_subparsers(dest="cmd", required=True)
    sub.add_parser("check", help="the rebuilt model against onnxruntime")
    tr = sub.add_parser("train")
    tr.add_argument("--fixtures", required=True)
    tr.add_argument("--replay", type=int, default=2000)
    tr.add_argument("--out", type=Path, required=True)
    tr.add_argument("--seed", type=int, default=45)
    tr.add_argument("--lr", type=float, default=2e-5)
    tr.add_argument("--batch-size", type=int, default=16)
    tr.add_argument("--epochs", type=float, default=1.0)
    tr.add_argument("--threads", type=int, default=2)
    tr.add_argument("--max-minutes", type=float, default=0.0)
    tr.add_argument("--save-every", type=int, default=25)
    tr.add_argument("--resume", action="store_true")
    wr = sub.add_parser("write")
    wr.add_argument("--run", type=Path, required=True)
    wr.add_argument("--dest", type=Path, required=True)
    wr.add_argument("--stochastic", type=int, default=None, help="round stochastically (seed)")
    wr.add_argument(
        "--fraction",
        type=float,
        default=1.0,
        help="this much of the way from the shipped weights to the run's (a weight soup)",
    )
    args = ap.parse_args()
    if args.cmd == "check":
        print(f"largest logit difference against onnxruntime: {check():.2e}")
    elif args.cmd == "train":
        train(args)
    else:
        saved = torch.load(args.run / "state.pt", weights_only=False)
        run = json.loads((args.run / "run.json").read_text())
        run["rounding"] = "nearest" if args.stochastic is None else f"stochastic {args.stochastic}"
        state = saved["model"]
        if args.fraction != 1.0:
            base = state_from_onnx(SHIPPED_DIR / "model.onnx")
            state = {
                k: base[k] + args.fraction * (v - base[k]) if k in base else v
                for k, v in state.items()
            }
            run["fraction"] = args.fraction
        write(
            state,
            SHIPPED_DIR,
            args.dest,
            {"cpu_continuation": run},
            stochastic=args.stochastic,
        )


if __name__ == "__main__":
    main()
