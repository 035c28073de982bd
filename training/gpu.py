"""One scripted run on a lent accelerator: the two-stage recipe (NLI pre-training, then the claim
mix with the hand-written sentence sets) for several epochs, which the 2-core CPU cannot do in a
session. Nothing at run time depends on it; it only produces candidate weights.

The accelerator machine has torch and transformers but not this project's dependencies, gets
only the repository (64 MiB) and gives back 8 files of 16 MiB, so the work is split:

    python -m training.gpu prepare --out .gpu      # here: encode every set, base weights (fp16)
    python -m training.gpu run --data .gpu --out $OUT --budget-min 6   # there
    python -m training.gpu unpack --results DIR --out training/work/gpu1  # here: checkpoints

``prepare`` writes token ids (not text) and the base model's weights without the rows of the
word-piece matrix no set uses (the matrix stays frozen in training, so an unused row is never
read, but for padding's, which the attention mask hides); ``run`` trains, scores every
checkpoint per pair on the dev slices and, sentence by sentence, on the dev *capture* of the
shipped verifier (``training.sources``), replays the judge's decision over those scores
(``training.sweep``) and returns the two checkpoints best on the dev sets through the judge,
without their word-piece matrix (``unpack`` puts back the base's, rounded to fp16 as it
travelled). The capture's sentences are the shipped verifier's; a new verifier's own capture
picks a few different ones (14 % of sources differ between two captures), so the replay ranks
candidates and the chosen one is captured again here before anything is decided.

``prepare --base DIR --bits 4`` does the same for a larger encoder (MPNet-base, 110M parameters)
whose fp16 weights would not travel: every large matrix goes as 4-bit groups (``q4``), the run
trains on exactly those dequantized weights, and what comes back is the fine-tuning *delta* of
each such matrix, again as 4-bit groups, beside the small tensors in fp16. ``unpack`` rebuilds
the base's 4-bit matrices here bit for bit from the same function, so base + delta is what the
run trained, up to the delta's rounding (measured there and written to ``results.json``).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import pickle
import random
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:  # torch is imported where it is used: encoding and replay need only numpy
    import torch

    from training.loop import Example

SETS = ("nli", "mix", "fnc", "dev-climate-fever", "dev-factcheck-gpt", "dev-fresh-dev", "capture")
FIXTURES = tuple(f"fresh-train{n}" for n in ("", "2", "3", "4", "5", "6", "7", "8", "9"))
"""The hand-written training sets of the claim mix (the shipped verifier, stop 29, had the first
six; fresh-train7 … fresh-train9 were written in stop 45 for the next run)."""
CAPTURE = Path("training/work/cand-f5-dev.pkl")
PRIORS = (1.0, 1.5, 2.0, 2.5, 3.0)
GROUP = 128
"""Weights per 4-bit group (one fp16 scale each) of the base that travels: 4.125 bits a weight,
to fit MPNet-base in the 64 MiB a call carries."""
DELTA_GROUP = 32
"""The same for the deltas that come back, where there is room: finer groups, smaller error."""
Q4_MIN = 1 << 16
"""Matrices this large or larger travel as 4-bit groups; the rest (biases, norms) as fp16."""


def word_key(model: torch.nn.Module) -> str:
    """The word-piece matrix's key, whatever the encoder (``bert.``, ``mpnet.`` ...)."""
    return f"{model.base_model_prefix}.embeddings.word_embeddings.weight"


# ---------------------------------------------------------------- 4-bit groups


def q4(w: Any, group: int = GROUP) -> tuple[np.ndarray, np.ndarray]:
    """Symmetric 4-bit groups of ``group`` along each row of a float32 matrix (numpy or torch):
    (codes packed two a byte, fp16 scales). Deterministic, so the same matrix gives the same
    bytes here and there. numpy, so the CPU test suite checks it without torch."""
    if hasattr(w, "detach"):
        w = w.detach().float().cpu().numpy()
    flat = np.asarray(w, dtype=np.float32).reshape(-1, group)
    scale = (np.abs(flat).max(axis=1, keepdims=True) / np.float32(7)).astype(np.float16)
    scale32 = scale.astype(np.float32)
    with np.errstate(divide="ignore", invalid="ignore"):
        code = np.where(scale32 > 0, flat / np.maximum(scale32, np.float32(1e-30)), 0.0)
    nib = (np.clip(np.round(code), -7, 7) + 8).astype(np.uint8).reshape(-1, 2)
    return nib[:, 0] | (nib[:, 1] << 4), scale.reshape(-1)


def codes4(packed: Any) -> np.ndarray:
    """The signed codes ``q4`` packed two a byte (low nibble first, each stored as code + 8)."""
    packed = np.asarray(packed, dtype=np.uint8)
    return np.stack([packed & 15, packed >> 4], axis=1).reshape(-1).astype(np.int8) - 8


def dq4(packed: Any, scale: Any, shape: tuple[int, ...]) -> np.ndarray:
    """The float32 matrix ``q4`` encoded (the group size follows from the scales' count)."""
    scale = np.asarray(scale, dtype=np.float16)
    group = math.prod(shape) // scale.size
    nib = codes4(packed).reshape(-1, group).astype(np.float32)
    return (nib * scale.astype(np.float32).reshape(-1, 1)).reshape(shape)


def rounded4(w: Any, group: int = GROUP) -> Any:
    """``w`` as it reads after a trip through 4 bits (a torch tensor for a torch tensor)."""
    out = dq4(*q4(w, group), tuple(w.shape))
    if hasattr(w, "detach"):
        import torch

        return torch.from_numpy(out)
    return out


def travels_q4(w: Any) -> bool:
    return len(w.shape) == 2 and math.prod(w.shape) >= Q4_MIN and w.shape[-1] % GROUP == 0


def delta_state(state: dict[str, Any], base: dict[str, Any]) -> dict[str, Any]:
    """What a 4-bit run returns: each 4-bit matrix as its change from the base that travelled,
    the small tensors whole."""
    return {k: v - base[k] if travels_q4(v) else v for k, v in state.items()}


def save_q4(
    state: dict[str, torch.Tensor], path: Path, metadata: dict[str, str], group: int = GROUP
) -> None:
    """Large matrices as 4-bit groups (``KEY.q``, ``KEY.s``, shapes in the metadata), the rest
    fp16."""
    import torch
    from safetensors.torch import save_file

    out: dict[str, torch.Tensor] = {}
    shapes = {}
    for k, v in state.items():
        if travels_q4(v):
            packed, scale = q4(v, group)
            out[k + ".q"], out[k + ".s"] = torch.from_numpy(packed), torch.from_numpy(scale)
            shapes[k] = list(v.shape)
        else:
            out[k] = v.detach().half().contiguous()
    save_file(out, path, metadata={**metadata, "q4": json.dumps(shapes)})


def q4_shapes(path: Path) -> dict[str, list[int]]:
    """The keys ``save_q4`` wrote as 4-bit groups, with their shapes."""
    from safetensors import safe_open

    with safe_open(str(path), "pt") as fh:
        return dict(json.loads((fh.metadata() or {}).get("q4", "{}")))


def load_q4(path: Path) -> dict[str, torch.Tensor]:
    """What ``save_q4`` wrote, as float32."""
    import torch
    from safetensors.torch import load_file

    raw = load_file(str(path))
    out = {k: v.float() for k, v in raw.items() if not k.endswith((".q", ".s"))}
    for k, shape in q4_shapes(path).items():
        out[k] = torch.from_numpy(dq4(raw[k + ".q"].numpy(), raw[k + ".s"].numpy(), tuple(shape)))
    return out


# ---------------------------------------------------------------- encoding that travels


def pack(examples: list[Example]) -> dict[str, np.ndarray]:
    """Token ids as one flat uint16 array; type ids as the count of leading type-0 tokens."""
    lens = np.array([len(ids) for ids, _, _ in examples], dtype=np.int32)
    n0 = np.array([len(t) - sum(t) for _, t, _ in examples], dtype=np.int32)
    ids = np.fromiter((i for ids, _, _ in examples for i in ids), dtype=np.uint16)
    labels = np.array([y for _, _, y in examples], dtype=np.int8)
    return {"ids": ids, "lens": lens, "n0": n0, "labels": labels}


def unpack_set(arrays: dict[str, np.ndarray]) -> list[Example]:
    out: list[Example] = []
    start = 0
    for n, k, y in zip(arrays["lens"], arrays["n0"], arrays["labels"], strict=True):
        ids = arrays["ids"][start : start + n].astype(np.int64).tolist()
        out.append((ids, [0] * int(k) + [1] * int(n - k), int(y)))
        start += n
    return out


def _sentences(capture: dict[str, Any]) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    """(source row, sentence) of every captured sentence: sets by name, then capture order. The
    one order the encoded sentences and their scores are matched by."""
    return [
        (row, s)
        for name in sorted(capture)
        for row in capture[name]["rows"]
        if row["feat"] is not None
        for s in row["feat"]["sentences"]
    ]


def capture_sentences(capture: dict[str, Any]) -> list[tuple[str, str, str]]:
    """(claim, sentence, context) of every captured sentence, in ``_sentences`` order."""
    return [(row["feat"]["claim"], s["text"], s["context"]) for row, s in _sentences(capture)]


def with_probs(capture: dict[str, Any], probs: Any) -> dict[str, Any]:
    """The capture with its sentences' verifier scores replaced, in ``_sentences`` order."""
    probs = np.asarray(probs, dtype=np.float64)
    sentences = [s for _, s in _sentences(capture)]
    if len(sentences) != len(probs):
        raise ValueError(f"capture has {len(sentences)} sentences, scores {len(probs)}")
    for s, p in zip(sentences, probs, strict=True):
        s["probs"] = p.tolist()
    return capture


def truncate_capture(capture: dict[str, Any], n: int) -> int:
    """Keep the sources whose sentences are among the first ``n`` (a dry run); their count."""
    kept, full = 0, False
    for name in sorted(capture):
        rows = []
        for row in capture[name]["rows"]:
            k = len(row["feat"]["sentences"]) if row["feat"] is not None else 0
            full = full or kept + k > n
            if not full:
                rows.append(row)
                kept += k
        capture[name]["rows"] = rows
    return kept


def prepare(
    out: Path, seed: int, *, base: Path | None = None, bits: int = 16, capture_path: Path = CAPTURE
) -> None:
    from training import data
    from training.fixture_pairs import fixture_pairs, training_fixture
    from training.sweep import DEV, HELDOUT, recue
    from training.train import base_model_dir, encode, load_classifier, load_tokenizer
    from verify.config import JudgeSettings
    from verify.judges.pairs import format_pair

    out.mkdir(parents=True, exist_ok=True)
    tok = load_tokenizer(base)
    mix, dev = data.build_training_set(
        seed, sentence_none=1200, fixtures={name: 3 for name in FIXTURES}
    )
    capture = pickle.loads(capture_path.read_bytes())
    # dev sets choose; held-out sets are only reported (summarise keeps the two apart)
    capture = {k: v for k, v in capture.items() if k in DEV + HELDOUT}
    recue(capture)  # today's rules, as training.sweep --recue reads them
    sentences = capture_sentences(capture)
    enc = tok.encode_batch([format_pair(*s) for s in sentences])
    sets = {
        "nli": encode(tok, data.build_nli_set(seed)),
        "mix": encode(tok, mix),
        "fnc": encode(tok, data.load_fnc(2000, random.Random(seed))),
        "dev-climate-fever": encode(tok, [p for p in dev if p.source == "climate-fever"]),
        "dev-factcheck-gpt": encode(tok, [p for p in dev if p.source == "factcheck-gpt"]),
        "dev-fresh-dev": encode(tok, fixture_pairs(training_fixture("fresh-dev"), JudgeSettings())),
        "capture": [(e.ids, e.type_ids, 0) for e in enc],
    }
    arrays = {f"{name}/{k}": v for name, ex in sets.items() for k, v in pack(ex).items()}
    np.savez_compressed(out / "sets.npz", **arrays)
    # the replay needs each sentence's cues and each source's gold and similarity, no text
    for rows in capture.values():
        for row in rows["rows"]:
            if row["feat"] is not None:
                row["feat"] = {
                    "similarity": row["feat"]["similarity"],
                    "sentences": [{"cues": s["cues"]} for s in row["feat"]["sentences"]],
                }
    (out / "capture.pkl").write_bytes(pickle.dumps(capture))

    import torch
    from safetensors.torch import save_file

    torch.manual_seed(seed)  # the new head's initialisation
    model = load_classifier(base or base_model_dir())
    model.config.to_json_file(out / "config.json")
    sd = {k: v.detach().clone() for k, v in model.state_dict().items()}
    used = np.unique(np.concatenate([arrays[f"{name}/ids"] for name in SETS]))
    rows = torch.from_numpy(used.astype(np.int64))
    word = sd.pop(word_key(model))[rows]
    if bits == 4:
        save_q4({"weight": word}, out / "word.safetensors", {"rows": json.dumps(used.tolist())})
        save_q4(sd, out / "rest.safetensors", {})
    else:
        save_file({"rows": rows, "weight": word.half()}, out / "word.safetensors")
        save_file({k: v.half().contiguous() for k, v in sd.items()}, out / "rest.safetensors")
    info = {
        "base": str(base or base_model_dir()),
        "bits": bits,
        "seed": seed,
        "pairs": {name: len(ex) for name, ex in sets.items()},
        "mix_by_source": data.describe(mix),
        "word_rows": len(used),
        "capture": str(capture_path),
    }
    (out / "info.json").write_text(json.dumps(info, indent=1))
    if bits == 4:
        import lzma

        for name in ("word.safetensors", "rest.safetensors"):
            plain = out / name
            plain.with_suffix(".safetensors.xz").write_bytes(
                lzma.compress(plain.read_bytes(), preset=6)
            )
            plain.unlink()
    print(json.dumps(info, indent=1))


# ---------------------------------------------------------------- the run on the accelerator


class Log:
    def __init__(self, path: Path) -> None:
        self.fh = path.open("w")
        self.t0 = time.time()

    def __call__(self, msg: str) -> None:
        line = f"[{(time.time() - self.t0) / 60:5.2f}m] {msg}"
        print(line, flush=True)
        self.fh.write(line + "\n")
        self.fh.flush()

    def elapsed_min(self) -> float:
        return (time.time() - self.t0) / 60


def unxz(data: Path) -> None:
    """Decompress the ``*.xz`` files ``prepare --bits 4`` wrote (4-bit codes shrink by a sixth
    under xz: what lets MPNet-base travel), once."""
    import lzma

    for packed in data.glob("*.xz"):
        plain = packed.with_suffix("")
        if not plain.exists():
            tmp = plain.with_suffix(".tmp")
            tmp.write_bytes(lzma.decompress(packed.read_bytes()))
            os.replace(tmp, plain)


def data_digest(data: Path) -> str:
    """What a run trained from: ``info.json`` and the weights as ``prepare`` wrote them (the
    ``.xz`` files where there are any). A run records it; ``unpack`` checks it, so deltas are
    never added to another ``prepare``'s base (another seed gives another head)."""
    import hashlib

    h = hashlib.sha256((data / "info.json").read_bytes())
    for name in ("word.safetensors", "rest.safetensors"):
        packed = data / f"{name}.xz"
        h.update((packed if packed.exists() else data / name).read_bytes())
    return h.hexdigest()[:16]


def load_model(data: Path, device: str) -> torch.nn.Module:
    import torch
    from safetensors import safe_open
    from safetensors.torch import load_file
    from transformers import AutoConfig, AutoModelForSequenceClassification

    unxz(data)
    config = AutoConfig.from_pretrained(str(data))
    model = AutoModelForSequenceClassification.from_config(config)
    key = word_key(model)
    full = torch.zeros_like(model.state_dict()[key])
    with safe_open(str(data / "word.safetensors"), "pt") as fh:
        meta = fh.metadata() or {}
    if "q4" in meta:
        full[torch.tensor(json.loads(meta["rows"]))] = load_q4(data / "word.safetensors")["weight"]
        sd = load_q4(data / "rest.safetensors")
    else:
        word = load_file(str(data / "word.safetensors"))
        full[word["rows"]] = word["weight"].float()
        sd = {k: v.float() for k, v in load_file(str(data / "rest.safetensors")).items()}
    sd[key] = full
    missing, unexpected = model.load_state_dict(sd, strict=False)
    bad = [k for k in missing + unexpected if not k.endswith("position_ids")]
    if bad:
        raise SystemExit(f"weights do not fit the model: {bad[:5]}")
    return model.to(device)


def trainable_state(model: torch.nn.Module) -> dict[str, torch.Tensor]:
    """Everything but the frozen word-piece matrix, fp32 on the CPU."""
    key = word_key(model)
    return {k: v.detach().float().cpu().clone() for k, v in model.state_dict().items() if k != key}


_CAPTURE: dict[str, Any] | None = None


def _replay(job: tuple[np.ndarray, float]) -> dict[str, float]:
    from training import sweep

    probs, prior = job
    assert _CAPTURE is not None
    capture = with_probs(_CAPTURE, probs)
    return sweep.summarise(sweep.score(capture, {**sweep.SHIPPED, "supports_prior": prior}))


def run(args: argparse.Namespace) -> None:
    import torch

    from training.loop import class_weights, evaluate_dev, fit, predict_probs

    global _CAPTURE
    args.out.mkdir(parents=True, exist_ok=True)
    log = Log(args.out / "log.txt")
    npz = np.load(args.data / "sets.npz")
    sets = {
        name: unpack_set({k: npz[f"{name}/{k}"] for k in ("ids", "lens", "n0", "labels")})
        for name in SETS
    }
    _CAPTURE = pickle.loads((args.data / "capture.pkl").read_bytes())
    bits = json.loads((args.data / "info.json").read_text()).get("bits", 16)
    if args.tiny:
        sets = {k: v[: args.tiny] for k, v in sets.items()}
        sets["capture"] = sets["capture"][: truncate_capture(_CAPTURE, args.tiny)]
    n_capture = len(_sentences(_CAPTURE))
    log(f"sets {json.dumps({k: len(v) for k, v in sets.items()})}; capture {n_capture}")
    pool = None
    try:
        if args.no_replay:
            raise RuntimeError("--no-replay")
        import multiprocessing as mp

        from training import sweep  # noqa: F401  (fails here when pydantic did not travel)

        # forked before CUDA starts; the workers only replay the judge (numpy, no torch)
        pool = mp.get_context("fork").Pool(max(1, min(len(PRIORS), (os.cpu_count() or 2) // 3)))
        log("judge replay available")
    except Exception as e:  # the run goes on, ranked per pair
        log(f"judge replay unavailable: {type(e).__name__}: {e}")
        args.no_replay = True

    device = "cuda" if torch.cuda.is_available() else "cpu"
    if device == "cuda":
        torch.backends.cuda.matmul.allow_tf32 = True
        torch.backends.cudnn.allow_tf32 = True
        log(f"device {torch.cuda.get_device_name(0)}, torch {torch.__version__}")
    dev = {k.removeprefix("dev-"): v for k, v in sets.items() if k.startswith("dev-")}
    results: dict[str, Any] = {"runs": {}, "checkpoints": {}, "data": data_digest(args.data)}
    kept: dict[str, dict[str, torch.Tensor]] = {}
    base_state = trainable_state(load_model(args.data, "cpu"))  # 4-bit deltas are taken from it
    scores: dict[str, np.ndarray] = {}
    pending: dict[str, list] = {}

    def save_results() -> None:
        (args.out / "results.json").write_text(json.dumps(results, indent=1))

    def evaluate(tag: str, model: torch.nn.Module) -> None:
        t = time.time()
        per_pair = evaluate_dev(model, dev)
        probs = predict_probs(model, sets["capture"], batch_size=256).numpy()
        scores[tag] = probs.astype(np.float16)
        kept[tag] = trainable_state(model)
        results["checkpoints"][tag] = {"per_pair": per_pair}
        if pool is not None:
            pending[tag] = [pool.apply_async(_replay, ((probs, p),)) for p in PRIORS]
        log(f"eval {tag}: per pair {per_pair} ({time.time() - t:.1f}s)")
        save_results()

    def collect(block: bool = True) -> None:
        for tag, jobs in list(pending.items()):
            if block or all(j.ready() for j in jobs):
                results["checkpoints"][tag]["judge"] = {
                    str(p): j.get() for p, j in zip(PRIORS, jobs, strict=True)
                }
                del pending[tag]
        save_results()

    def rank(tag: str, by_judge: bool) -> float:
        if by_judge:
            return max(v["dev_mean"] for v in results["checkpoints"][tag]["judge"].values())
        return results["checkpoints"][tag]["per_pair"]["mean"]

    def finish(final: bool = False) -> None:
        """Write what comes back; called after every run, so a run cut short still returns the
        best so far (ranked by the judge where its replay is done, else per pair). fp16 weights
        of two candidates, or, for a 4-bit run, the best one's deltas (four files)."""
        from safetensors.torch import save_file

        tags = [t for t in kept if t != "nli"]
        by_judge = all("judge" in results["checkpoints"][t] for t in tags)
        order = sorted(tags, key=lambda t: rank(t, by_judge), reverse=True)
        returned = order[:1] if bits == 4 else order[:2]
        # weights first, each file swapped in whole, results.json (which names them) last: a
        # kill at the time limit leaves the previous consistent set (unpack checks the tags)
        for n, tag in enumerate(returned, 1):
            state = kept[tag]
            if bits == 4:
                state = delta_state(state, base_state)
            layers = _layers(state)
            for part in sorted({_part(k, layers) for k in state}):
                dest = args.out / f"cand{n}-{part}.safetensors"
                tmp = dest.with_suffix(".tmp")
                chunk = {k: v for k, v in state.items() if _part(k, layers) == part}
                if bits == 4:
                    save_q4(chunk, tmp, {"tag": tag, "delta": "1"}, DELTA_GROUP)
                else:
                    chunk = {k: v.half().contiguous() for k, v in chunk.items()}
                    save_file(chunk, tmp, metadata={"tag": tag})
                os.replace(tmp, dest)
        if final and bits == 4 and returned:
            # the weights as they will read back here: base + the delta's 4-bit rounding
            tag = returned[0]
            model = load_model(args.data, device)
            back = {
                k: base_state[k] + rounded4(v - base_state[k], DELTA_GROUP)
                if travels_q4(v)
                else v.half().float()
                for k, v in kept[tag].items()
            }
            model.load_state_dict(back, strict=False)
            probs = predict_probs(model, sets["capture"], batch_size=256).numpy()
            results["roundtrip"] = {
                "tag": tag,
                "per_pair": evaluate_dev(model, dev),
                "max_capture_prob_diff": float(np.abs(probs - scores[tag]).max()),
            }
            log(f"round trip of {tag}: {results['roundtrip']}")
        tmp = args.out / "scores.tmp.npz"
        np.savez_compressed(tmp, **{k.replace("+", "_"): v for k, v in scores.items()})
        os.replace(tmp, args.out / "scores.npz")
        results["ranked_by"] = "judge replay, dev mean" if by_judge else "per pair, dev mean"
        results["ranked"] = [(t, round(rank(t, by_judge), 4)) for t in order]
        results["returned"] = returned
        save_results()
        log(f"returned {returned}; ranked {results['ranked']}")

    def train_stage(
        tag: str,
        init: dict[str, torch.Tensor] | None,
        train: list,
        *,
        epochs: float,
        lr: float,
        seed: int,
        bs: int = 32,
        keep_epochs: bool = True,
        budget_min: float = math.inf,
    ) -> dict[str, torch.Tensor]:
        random.seed(seed)
        np.random.seed(seed)
        torch.manual_seed(seed)
        model = load_model(args.data, device)
        if init is not None:
            model.load_state_dict({k: v.float() for k, v in init.items()}, strict=False)
        t = time.time()

        def on_epoch(epoch: int, step: int) -> None:
            if keep_epochs:
                evaluate(f"{tag}@e{epoch + 1}", model)

        info = fit(
            model,
            train,
            lr=lr,
            batch_size=bs,
            epochs=epochs,
            warmup=0.06,
            rng=random.Random(seed),
            weights=class_weights(train),
            budget_s=budget_min * 60,
            on_epoch=on_epoch,
            log=log,
            log_every=200,
        )
        if keep_epochs and info["steps"] % math.ceil(len(train) / bs):
            evaluate(f"{tag}@end", model)  # a fractional last epoch: its end is kept too
        results["runs"][tag] = {
            **info,
            "pairs": len(train),
            "epochs": epochs,
            "lr": lr,
            "seed": seed,
            "batch_size": bs,
            "seconds": round(time.time() - t, 1),
        }
        save_results()
        state = trainable_state(model)
        if not keep_epochs:
            evaluate(tag, model)
        return state

    epochs = args.epochs
    nli = train_stage(
        "nli",
        None,
        sets["nli"],
        epochs=1.0 if args.tiny else args.nli_epochs,
        lr=5e-5,
        seed=21,
        keep_epochs=False,
        budget_min=args.nli_minutes,
    )
    sec_per_pair = results["runs"]["nli"]["seconds"] / max(
        1, results["runs"]["nli"]["examples_seen"]
    )
    mixes = {"mix": sets["mix"], "mix+fnc": sets["mix"] + sets["fnc"]}
    plan = []
    for entry in args.plan.split(","):
        start, mix, seed = entry.split(":")
        plan.append(
            (f"{start}+{mix}-s{seed}", nli if start == "nli" else None, mixes[mix], int(seed))
        )
    for tag, init, train, seed in plan:
        # claim pairs are ~2x longer than NLI pairs; evaluation adds ~10 s an epoch
        estimate = (len(train) * epochs * sec_per_pair * 2.2 + 10 * epochs) / 60
        if log.elapsed_min() + estimate > args.budget_min:
            log(f"skip {tag}: {estimate:.1f} min would pass the budget")
            results["runs"][tag] = {"skipped": f"estimate {estimate:.1f} min"}
            continue
        train_stage(tag, init, train, epochs=epochs, lr=args.lr, seed=seed)
        collect(block=False)
        finish()
    collect()
    if pool is not None:
        pool.close()
    finish(final=True)
    log("done")


def _layer(key: str) -> int | None:
    return int(key.split(".layer.")[1].split(".")[0]) if ".layer." in key else None


def _layers(state: dict[str, Any]) -> int:
    return 1 + max((n for n in map(_layer, state) if n is not None), default=0)


def _part(key: str, layers: int = 6) -> str:
    """Split the weights in files under 16 MiB each, three layers a file: embeddings with the
    first three, the head with the last three."""
    n = _layer(key)
    if n is not None:
        return "abcdefgh"[n // 3]
    return "a" if ".embeddings." in key else "abcdefgh"[(layers - 1) // 3]


# ---------------------------------------------------------------- back here


def unpack(results: Path, out: Path, data: Path) -> None:
    """Each returned candidate as a checkpoint ``training.export`` reads: the base's word-pieces
    rounded as they travelled (fp16, or 4 bits), and for a 4-bit run the travelled base plus
    each returned delta."""
    import shutil

    from safetensors import safe_open
    from safetensors.torch import load_file

    from training.train import base_model_dir, load_classifier

    info = json.loads((results / "results.json").read_text())
    if info.get("data", data_digest(data)) != data_digest(data):  # older runs did not record it
        raise SystemExit(f"{results} was trained from another prepare folder than {data}")
    prep = json.loads((data / "info.json").read_text())
    bits = prep.get("bits", 16)
    base = Path(prep.get("base") or base_model_dir())
    for n, tag in enumerate(info["returned"], 1):
        model = load_classifier(base)
        key = word_key(model)
        init = load_model(data, "cpu").state_dict() if bits == 4 else {}
        sd = {}
        for part_file in sorted(results.glob(f"cand{n}-*.safetensors")):
            with safe_open(str(part_file), "pt") as fh:
                held = (fh.metadata() or {}).get("tag")
            if held != tag:
                raise SystemExit(f"{part_file} holds {held}, not {tag}")
            if bits == 4:
                delta = q4_shapes(part_file)
                for k, v in load_q4(part_file).items():
                    sd[k] = init[k] + v if k in delta else v
            else:
                sd.update({k: v.float() for k, v in load_file(str(part_file)).items()})
        # training saw the word-piece rows rounded as they travelled: use the same
        word = model.state_dict()[key]
        sd[key] = rounded4(word) if bits == 4 and travels_q4(word) else word.half().float()
        missing, unexpected = model.load_state_dict(sd, strict=False)
        bad = [k for k in missing + unexpected if not k.endswith("position_ids")]
        if bad:
            raise SystemExit(f"{results}: weights do not fit the model: {bad[:5]}")
        dest = out / f"cand{n}"
        model.save_pretrained(dest)
        shutil.copy(base / "tokenizer.json", dest / "tokenizer.json")
        (dest / "gpu-run.json").write_text(
            json.dumps({"tag": tag, **info["checkpoints"][tag]}, indent=1)
        )
        print(dest, tag)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    sub = ap.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("prepare")
    p.add_argument("--out", type=Path, default=Path(".gpu"))
    p.add_argument("--seed", type=int, default=41)
    p.add_argument("--base", type=Path, default=None, help="another base encoder's folder")
    p.add_argument("--bits", type=int, choices=(4, 16), default=16)
    p.add_argument("--capture", type=Path, default=CAPTURE)
    r = sub.add_parser("run")
    r.add_argument("--data", type=Path, default=Path(".gpu"))
    r.add_argument("--out", type=Path, required=True)
    r.add_argument("--budget-min", type=float, default=6.0)
    r.add_argument("--epochs", type=float, default=3.0)
    r.add_argument("--nli-epochs", type=float, default=2.0)
    r.add_argument("--nli-minutes", type=float, default=math.inf, help="the NLI stage's budget")
    r.add_argument("--lr", type=float, default=4e-5)
    r.add_argument("--tiny", type=int, default=0, help="first N pairs of each set (a dry run)")
    r.add_argument("--no-replay", action="store_true")
    r.add_argument(
        "--plan",
        default="nli:mix:41,base:mix:41,nli:mix+fnc:42,nli:mix:43",
        help="runs after the NLI stage, in order: START:MIX:SEED (START nli or base)",
    )
    u = sub.add_parser("unpack")
    u.add_argument("--results", type=Path, required=True)
    u.add_argument("--out", type=Path, required=True)
    u.add_argument("--data", type=Path, default=Path(".gpu"), help="what prepare wrote")
    args = ap.parse_args()
    if args.cmd == "prepare":
        prepare(args.out, args.seed, base=args.base, bits=args.bits, capture_path=args.capture)
    elif args.cmd == "run":
        run(args)
    else:
        unpack(args.results, args.out, args.data)


if __name__ == "__main__":
    sys.exit(main())
