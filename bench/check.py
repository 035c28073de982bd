"""Check latency (warm and cold), judge work, LLM tokens per claim, and peak memory, as the
corpus grows: the seeds (5), then 100, 1,000 and 10,000 articles (seeds + ../shared/data).

    .venv/bin/python bench/check.py --sizes 5 100 1000 10000 --workdir bench/out
    .venv/bin/python bench/check.py --quick

Stores are kept in --workdir and reused, so a second run measures checks only. No LLM is called:
tokens are what the LLM and cascade modes *would* send (tiktoken, the model's encoding), next to
the naive prompt with every chunk of every source.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import ROOT, build, print_table

CLAIMS = ROOT / "tests" / "fixtures" / "seed_claims.jsonl"


def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, round(q * (len(values) - 1)))]


def counting_llm(llm, tokens: list[int]):
    """Stands in for the LLM in a cascade: counts the prompt tokens each call would send."""
    from verify.judges.testing import FunctionJudge

    def count(claim, item):
        tokens.append(llm.prompt_tokens(claim, item))
        return None

    return FunctionJudge(count, name="counting")


def one(n: int, workdir: Path, repeats: int) -> dict:
    from verify import Verifier
    from verify.judges.cascade import CascadeJudge
    from verify.judges.llm import LLMJudge
    from verify.tokens import encoding_for_model

    folder = build(workdir / f"corpus-{n}", n)
    store = workdir / f"store-{n}"
    v = Verifier.from_config(ROOT / "config.yaml", store=store)
    t = time.perf_counter()
    ing = v.ingest([folder])
    ingest_s = time.perf_counter() - t
    ingest_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    claims = [json.loads(x)["claim"] for x in CLAIMS.read_text().splitlines() if x.strip()]
    v.check("A warm-up claim about nothing in particular", "local")  # load models
    warm, cached = [], []
    for r in range(repeats):
        for c in claims:
            t = time.perf_counter()
            v.check(c, "local")
            (warm if r == 0 else cached).append(time.perf_counter() - t)
    # judge work and tokens, per claim
    # Only to count what would be sent: never called (no server at this address).
    llm = LLMJudge(v.settings.llm.model_copy(update={"base_url": "http://127.0.0.1:9/v1"}))
    llm.chain()
    enc = encoding_for_model(v.settings.llm.model)
    records = v.sources()
    total_chunk_tokens = (
        sum(len(enc.encode(v.source_text(r.id), disallowed_special=())) for r in records)
        if n <= 1000
        else None
    )
    judged, to_llm, tok_llm, tok_cascade = [], [], [], []
    local = v.judge("local")
    for c in claims:
        items = v.gather(c).items
        judged.append(len(items))
        counted: list[int] = []
        CascadeJudge(local, counting_llm(llm, counted)).judge(c, items)  # real routing, focus
        to_llm.append(len(counted))
        tok_llm.append(sum(llm.prompt_tokens(c, it) for it in items))
        tok_cascade.append(sum(counted))
    naive = None
    if total_chunk_tokens is not None:
        overhead = llm.prompt_tokens(claims[0], items[0]) if items else 0
        naive = total_chunk_tokens + overhead
    cold = []
    for c in claims[:3]:
        t = time.perf_counter()
        subprocess.run(
            [
                sys.executable,
                "-m",
                "verify",
                "--store",
                str(store),
                "check",
                c,
                "--json",
                "--judge",
                "local",
            ],
            check=True,
            capture_output=True,
            cwd=ROOT,
        )
        cold.append(time.perf_counter() - t)
    return {
        "sources": n,
        "chunks_ingested": ing.chunks,
        "ingest_s": round(ingest_s, 1),
        "warm_p50_s": round(pct(warm, 0.5), 3),
        "warm_p95_s": round(pct(warm, 0.95), 3),
        "repeat_p50_s": round(pct(cached, 0.5), 3) if cached else None,
        "cold_p50_s": round(statistics.median(cold), 2),
        "judged_sources_per_claim": round(statistics.mean(judged), 2),
        "llm_sources_per_claim_cascade": round(statistics.mean(to_llm), 2),
        "prompt_tokens_naive": naive,
        "prompt_tokens_llm": round(statistics.mean(tok_llm)),
        "prompt_tokens_cascade": round(statistics.mean(tok_cascade)),
        "peak_rss_ingest_mb": round(ingest_rss, 1),
        "peak_rss_check_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", type=int, nargs="+", default=[5, 100, 1000, 10000])
    ap.add_argument("--quick", action="store_true", help="seeds and 100 articles, one pass")
    ap.add_argument("--repeats", type=int, default=2)
    ap.add_argument("--workdir", type=Path, default=ROOT / "bench" / "out")
    ap.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.one:
        print(json.dumps(one(args.one, args.workdir, args.repeats)))
        return
    sizes = [5, 100] if args.quick else args.sizes
    repeats = 1 if args.quick else args.repeats
    rows = []
    for n in sizes:
        proc = subprocess.run(
            [
                sys.executable,
                __file__,
                "--one",
                str(n),
                "--workdir",
                str(args.workdir),
                "--repeats",
                str(repeats),
            ],
            capture_output=True,
            text=True,
        )
        if proc.returncode:
            sys.exit(proc.stderr[-2000:])
        rows.append(json.loads(proc.stdout.strip().splitlines()[-1]))
        print(json.dumps(rows[-1]), flush=True)
    print_table(rows)


if __name__ == "__main__":
    main()
