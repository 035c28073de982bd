"""An evaluation run for people: per-class scores, confusion matrices, speed and cost."""

from __future__ import annotations

from typing import Any

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text


def render_eval(run: dict[str, Any]) -> RenderableType:
    s = run["stance"]
    head = Text(
        f"{run['file']}  judge={run['judge']}  claims={run['claims']}  sources={run['sources']}"
        f"  {run['seconds']}s ({run['sources_per_second']} sources/s)",
        style="bold",
    )
    scores = Table(title="per-source stance", box=None, header_style="bold")
    for col in ("class", "precision", "recall", "F1", "support"):
        scores.add_column(col, justify="right" if col != "class" else "left")
    for c, m in s["per_class"].items():
        scores.add_row(
            c, f"{m['precision']:.3f}", f"{m['recall']:.3f}", f"{m['f1']:.3f}", str(m["support"])
        )
    v = run["verdict"]
    unlabelled = run["claims"] - v["n"]
    summary = Text(
        f"macro-F1 {s['macro_f1']:.3f}   balanced accuracy {s['balanced_accuracy']:.3f}   "
        f"accuracy {s['accuracy']:.3f}   verdict accuracy {v['accuracy']:.3f} (n={v['n']}"
        + (f"; {unlabelled} claims without a known verdict label not scored" if unlabelled else "")
        + ")"
    )
    parts: list[RenderableType] = [head, scores, summary]
    e = run.get("evidence") or {}
    if e.get("n"):
        parts.append(
            Text(
                f"right passage quoted: {e['hits']} of {e['n']} sources labelled supports or "
                f"refutes ({e['hit_rate']:.0%}): a hit is the right stance with a gold passage "
                "among its quotes"
            )
        )
    parts.append(_matrix("stance", s["confusion"]))
    if run["verdict"]["n"]:
        parts.append(_matrix("verdict", run["verdict"]["confusion"]))
    u = run["usage"]
    if u["calls"]:
        parts.append(
            Text(
                f"LLM: {u['calls']} calls, {u['prompt_tokens']} prompt + "
                f"{u['completion_tokens']} completion tokens, ${u['cost_usd']:.4f}; "
                f"{run.get('prompt_tokens_per_claim', 0)} prompt tokens and "
                f"{run.get('seconds_per_claim', 0)} s per claim"
            )
        )
    return Group(*parts)


def _matrix(name: str, counts: dict[str, dict[str, int]]) -> Table:
    labels = list(counts)
    t = Table(title=f"{name} confusion (rows gold, columns predicted)", box=None)
    t.add_column("gold \\ pred")
    for label in labels:
        t.add_column(label, justify="right")
    for g in labels:
        t.add_row(g, *(str(counts[g][p]) for p in labels))
    return t
