"""The fine-tuning loop, shared by the CPU runs (``training.train``) and the accelerator run
(``training.gpu``): length-bucketed batches with dynamic padding, a warmup-then-linear schedule
driven by ``max(step / total, elapsed / budget)`` so a wall-clock budget ends the run on time,
and macro-F1 scoring. Only torch and numpy: it runs where the ``verify`` package is not
installed."""

from __future__ import annotations

import inspect
import math
import random
import time
from collections.abc import Callable
from typing import Any

import torch

N_LABELS = 3
Example = tuple[list[int], list[int], int]
"""(token ids, token type ids, label): one encoded pair."""


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


def collate(batch: list, pad_id: int = 0) -> dict[str, torch.Tensor]:
    n = max(len(ids) for ids, _, _ in batch)
    ids = torch.full((len(batch), n), pad_id, dtype=torch.long)
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
    for c in range(N_LABELS):
        tp = sum(1 for a, b in zip(y, p, strict=True) if a == c and b == c)
        fp = sum(1 for a, b in zip(y, p, strict=True) if a != c and b == c)
        fn = sum(1 for a, b in zip(y, p, strict=True) if a == c and b != c)
        f1s.append(2 * tp / (2 * tp + fp + fn) if tp else 0.0)
    return sum(f1s) / len(f1s)


def _device(model: torch.nn.Module) -> torch.device:
    return next(model.parameters()).device


def takes_token_types(model: torch.nn.Module) -> bool:
    """BERT takes token types; MPNet has none."""
    return "token_type_ids" in inspect.signature(model.forward).parameters


def inputs(model: torch.nn.Module, batch: list) -> dict[str, torch.Tensor]:
    """A batch as ``model`` takes it, on its device: padded with its pad id (as its tokenizer
    pads; the mask hides the padding either way), token types only where the encoder has them
    (BERT does, MPNet does not)."""
    inp = collate(batch, getattr(model.config, "pad_token_id", None) or 0)
    if not takes_token_types(model):
        inp.pop("token_type_ids")
    dev = _device(model)
    return {k: v.to(dev, non_blocking=True) for k, v in inp.items()}


def _autocast(dev: torch.device) -> Any:
    """bf16 matrix products on a GPU (twice the speed of tf32 for a 12-layer encoder), none on
    the CPU, where the CPU runs stay float32 as before."""
    return torch.autocast("cuda", dtype=torch.bfloat16, enabled=dev.type == "cuda")


@torch.no_grad()
def predict_probs(model: torch.nn.Module, data: list, batch_size: int = 64) -> torch.Tensor:
    """Softmax probabilities (n × 3, on the CPU) in the order of ``data``."""
    model.eval()
    dev = _device(model)
    order = sorted(range(len(data)), key=lambda i: len(data[i][0]))
    out = torch.zeros((len(data), N_LABELS))
    for s in range(0, len(order), batch_size):
        chunk = order[s : s + batch_size]
        inp = inputs(model, [data[i] for i in chunk])
        inp.pop("labels")
        with _autocast(dev):
            logits = model(**inp).logits
        out[chunk] = logits.float().softmax(-1).cpu()
    model.train()
    return out


def predict(model: torch.nn.Module, data: list, batch_size: int = 64) -> list[int]:
    return predict_probs(model, data, batch_size).argmax(-1).tolist()


def evaluate_dev(model: torch.nn.Module, dev: dict[str, list]) -> dict[str, float]:
    scores = {}
    for name, data in dev.items():
        scores[name] = round(macro_f1([d[2] for d in data], predict(model, data)), 4)
    scores["mean"] = round(sum(scores.values()) / len(dev), 4)
    return scores


def class_weights(train: list) -> torch.Tensor:
    """sqrt-inverse-frequency weights: corrects the imbalance left after downsampling, gently."""
    counts = [sum(1 for _, _, y in train if y == c) for c in range(N_LABELS)]
    return torch.tensor([math.sqrt(len(train) / (N_LABELS * max(n, 1))) for n in counts])


def _print(msg: str) -> None:
    print(msg, flush=True)  # a run's log is a file: each line must land before a kill


def fit(
    model: torch.nn.Module,
    train: list,
    *,
    lr: float,
    batch_size: int,
    epochs: float,
    warmup: float,
    rng: random.Random,
    weights: torch.Tensor,
    budget_s: float = math.inf,
    max_steps: int = 0,
    eval_every_s: float = math.inf,
    on_eval: Callable[[int], Any] | None = None,
    on_epoch: Callable[[int, int], Any] | None = None,
    log: Callable[[str], Any] | None = None,
    log_every: int = 20,
) -> dict[str, float]:
    """AdamW (weight decay 0.01, grad-clip 1.0) over the trainable parameters, the word-piece
    embedding matrix frozen (half the parameters; its dense update costs CPU time and, at these
    data sizes, buys nothing). ``on_eval(step)`` runs every ``eval_every_s`` seconds,
    ``on_epoch(epoch, step)`` after each full pass."""
    if log is None:
        log = _print
    dev = _device(model)
    model.train()
    model.base_model.embeddings.word_embeddings.weight.requires_grad_(False)
    params = [p for p in model.parameters() if p.requires_grad]
    opt = torch.optim.AdamW(params, lr=lr, weight_decay=0.01)
    loss_fn = torch.nn.CrossEntropyLoss(weight=weights.to(dev))
    steps_per_epoch = math.ceil(len(train) / batch_size)
    total_steps = max(1, int(epochs * steps_per_epoch))
    if max_steps:
        total_steps = min(total_steps, max_steps)
    t_train = time.time()
    step, seen, last_eval, epoch = 0, 0, t_train, 0

    def progress() -> float:
        return max(step / total_steps, (time.time() - t_train) / budget_s)

    done = False
    while not done:
        for batch in batches(train, batch_size, rng):
            frac = progress()
            if frac >= 1.0:
                done = True
                break
            rate = lr * (frac / warmup if frac < warmup else max(0.0, (1 - frac) / (1 - warmup)))
            for g in opt.param_groups:
                g["lr"] = rate
            inp = inputs(model, batch)
            labels = inp.pop("labels")
            with _autocast(dev):
                logits = model(**inp).logits
            loss = loss_fn(logits.float(), labels)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(params, 1.0)
            opt.step()
            opt.zero_grad(set_to_none=True)
            step += 1
            seen += len(batch)
            if step % log_every == 0 or step == 30:
                el = time.time() - t_train
                log(
                    f"step {step}/{total_steps} ep {epoch} loss {loss.item():.4f} lr {rate:.2e} "
                    f"{seen / el:.1f} ex/s elapsed {el / 60:.1f}m"
                )
            if on_eval and time.time() - last_eval > eval_every_s:
                on_eval(step)
                last_eval = time.time()
        else:
            if on_epoch:
                on_epoch(epoch, step)
        epoch += 1
    el = time.time() - t_train
    log(f"trained {step} steps, {seen} examples in {el / 60:.1f} min ({seen / el:.1f} ex/s)")
    return {"steps": step, "examples_seen": seen, "train_minutes": round(el / 60, 2)}
