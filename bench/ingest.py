"""Ingestion throughput next to the raw encoder on the same chunks, and peak memory.

.venv/bin/python bench/ingest.py --sizes 100 1000      # or --quick
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import ROOT, build, print_table


def one(n: int, workdir: Path) -> dict:
    """Runs in its own process so peak RSS belongs to this size alone."""
    from verify import Verifier
    from verify.ingest import chunks_of
    from verify.load import discover, load

    folder = build(workdir / f"corpus-{n}", n)
    v = Verifier.from_config(ROOT / "config.yaml", store=workdir / f"store-{n}")
    s = v.settings
    arts, _ = discover([folder], s.ingest.extensions)
    texts = [c.text for a in arts for c in chunks_of(load(a, s.ingest.max_file_bytes), s)]
    v.embeddings.encode(["warm-up"])  # load the model outside both timings
    t = time.perf_counter()
    v.embeddings.encode(texts, cache=False)  # the encoder alone, bypassing the vector cache
    raw = time.perf_counter() - t
    # the vector cache is shared in the process, but cache=False above put nothing in it
    v = Verifier.from_config(ROOT / "config.yaml", store=workdir / f"store-{n}")
    v.embeddings.encode(["warm-up"])
    t = time.perf_counter()
    result = v.ingest([folder])
    pipe = time.perf_counter() - t
    assert result.ok and result.chunks == len(texts), (result.errors[:3], result.chunks, len(texts))
    return {
        "articles": n,
        "chunks": len(texts),
        "encoder_chunks_per_s": round(len(texts) / raw, 1),
        "ingest_chunks_per_s": round(len(texts) / pipe, 1),
        "ingest_articles_per_s": round(n / pipe, 1),
        "ratio_to_encoder": round(raw / pipe, 3),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", type=int, nargs="+", default=[5, 100, 1000])
    ap.add_argument("--quick", action="store_true", help="seeds + 100 articles only")
    ap.add_argument("--one", type=int, help=argparse.SUPPRESS)
    ap.add_argument("--workdir", type=Path, default=None)
    args = ap.parse_args()
    if args.one:
        print(json.dumps(one(args.one, args.workdir)))
        return
    sizes = [5, 100] if args.quick else args.sizes
    with tempfile.TemporaryDirectory(prefix="verify-bench-") as tmp:
        work = args.workdir or Path(tmp)
        rows = []
        for n in sizes:
            out = subprocess.run(
                [sys.executable, __file__, "--one", str(n), "--workdir", str(work)],
                capture_output=True,
                text=True,
                check=True,
            ).stdout
            rows.append(json.loads(out.strip().splitlines()[-1]))
            print(json.dumps(rows[-1]), flush=True)
    print_table(rows)


if __name__ == "__main__":
    main()
