"""Ingest rate of one big article against the same text as many small files (#14).

    .venv/bin/python bench/big_file.py [--kb 1000] [--files 100]

The same ~1 MB of news-like text (sentences of the fresh test articles' words, seed 1) is
ingested once as one file and once split into --files files, each into a fresh store; the
figure is passages embedded per second of wall time, model loading excluded (warmed first).
"""

from __future__ import annotations

import argparse
import json
import random
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORDS = (ROOT / "tests" / "fixtures" / "fresh" / "articles" / "f01_ferry_capsizes.txt").read_text()


def paragraphs(kb: int) -> list[str]:
    rng = random.Random(1)
    words = WORDS.split()
    out: list[str] = []
    size = 0
    while size < kb * 1000:
        sents = (
            " ".join(rng.choice(words) for _ in range(rng.randint(12, 30))).capitalize() + "."
            for _ in range(5)
        )
        out.append(" ".join(sents))
        size += len(out[-1]) + 2
    return out


def rate(folder: Path, store: Path) -> dict[str, float]:
    from verify import Verifier

    v = Verifier.from_config(ROOT / "config.yaml", store=store)
    v.embeddings.encode(["warm-up"], cache=False)
    ticks: list[str] = []
    t = time.perf_counter()
    result = v.ingest([folder], progress=lambda status, name: ticks.append(status))
    seconds = time.perf_counter() - t
    return {
        "chunks": result.chunks,
        "seconds": round(seconds, 1),
        "chunks_per_s": round(result.chunks / seconds, 1),
        "progress_reports": len(ticks),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--kb", type=int, default=1000)
    ap.add_argument("--files", type=int, default=100)
    args = ap.parse_args()
    paras = paragraphs(args.kb)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        one, many = work / "one", work / "many"
        one.mkdir()
        many.mkdir()
        (one / "big.txt").write_text("A long article\n\n" + "\n\n".join(paras))
        per = max(1, len(paras) // args.files)
        for i in range(0, len(paras), per):
            text = f"Article {i // per}\n\n" + "\n\n".join(paras[i : i + per])
            (many / f"a{i // per:04d}.txt").write_text(text)
        report = {
            "one_file": rate(one, work / "s1"),
            "many_files": rate(many, work / "s2"),
            "kb": args.kb,
        }
    print(json.dumps(report))


if __name__ == "__main__":
    main()
