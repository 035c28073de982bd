"""How often the local judge's focus (the sentences a cascade sends the LLM) changes when the
int8 verifier's scores move by the little a machine or ONNX Runtime's graph optimisation moves
them. Runs the local judge on a claims set in a subprocess per optimisation level (three),
and compares each source's focus (and stance).

Measured 2026-11-29 (stop 28), seeds + fresh-dev, 642 sources, each level against the default
(focus / stance differences): the previous, dynamically quantized file: top-score focus 16 / 2,
first-leaning-only focus 1 / 2, the shipped rule (``LocalJudge._focus``) 8 / 2; the shipped
weight-only file in float32: 0 / 0 with either rule.

    PYTHONPATH=$PWD .venv/bin/python -m training.experiments.focus_stability \
        --articles seeds --claims tests/fixtures/seed_claims.jsonl --out /tmp/fs
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path


def _run(articles: Path, claims: Path, store: Path, level: str, out: Path) -> None:
    import onnxruntime as ort

    from verify import Verifier

    if level != "default":
        real = ort.SessionOptions

        def options() -> ort.SessionOptions:
            o = real()
            o.graph_optimization_level = getattr(ort.GraphOptimizationLevel, level)
            return o

        ort.SessionOptions = options  # type: ignore[misc]
    v = Verifier.from_config(Path("config.yaml"), store=store)
    if not v.sources():
        v.ingest([articles])
    judge = v.judge("local")
    rows = []
    for line in claims.read_text().splitlines():
        c = json.loads(line)
        g = v.gather(c["claim"])
        for item, j in zip(g.items, judge.judge_sources(g.claim, g.items), strict=True):
            rows.append(
                {
                    "claim": c["id"],
                    "source": item.record.id,
                    "stance": j.verdict.stance,
                    "focus": [list(f) for f in j.focus],
                }
            )
    out.write_text(json.dumps(rows))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--articles", type=Path, required=True)
    ap.add_argument("--claims", type=Path, required=True)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--level")  # internal: one run
    a = ap.parse_args()
    a.out.mkdir(parents=True, exist_ok=True)
    store = a.out / "store"
    if a.level:
        _run(a.articles, a.claims, store, a.level, a.out / f"{a.level}.json")
        return
    levels = ("default", "ORT_DISABLE_ALL", "ORT_ENABLE_BASIC")
    for level in levels:
        cmd = [
            sys.executable,
            "-m",
            "training.experiments.focus_stability",
            "--articles",
            str(a.articles),
            "--claims",
            str(a.claims),
            "--out",
            str(a.out),
            "--level",
            level,
        ]
        subprocess.run(cmd, check=True)
    runs = {lv: json.loads((a.out / f"{lv}.json").read_text()) for lv in levels}
    base = runs["default"]
    for lv in levels[1:]:
        focus = sum(x["focus"] != y["focus"] for x, y in zip(base, runs[lv], strict=True))
        stance = sum(x["stance"] != y["stance"] for x, y in zip(base, runs[lv], strict=True))
        print(f"{lv}: {len(base)} sources, focus differs {focus}, stance differs {stance}")


if __name__ == "__main__":
    main()
