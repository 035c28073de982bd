"""Build benchmark corpora of N articles: the five seeds plus passages from ../shared/data.

Passages are written as small .txt articles (title line + text) so the whole ingest path runs.
"""

from __future__ import annotations

import json
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
DATA = ROOT.parent / "shared" / "data"


def passages() -> list[tuple[str, str]]:
    """(title, text) pairs, deduplicated, in a fixed order."""
    seen: set[str] = set()
    out: list[tuple[str, str]] = []

    def add(title: str, text: str) -> None:
        key = text.strip()
        if "\x00" in key:
            return  # a few scraped passages carry NUL bytes; verify refuses those as binary
        if len(key) > 25 and key not in seen:
            seen.add(key)
            out.append((title.strip() or key[:60], key))

    for name in ("factcheck-gpt-stance.dev.jsonl", "climate-fever.dev.jsonl"):
        for line in (DATA / name).read_text().splitlines():
            row = json.loads(line)
            for s in row["sources"]:
                add(s.get("title", ""), s["text"])
    for name in ("extra/check-covid.pairs.jsonl", "extra/snli-sample.pairs.jsonl"):
        for line in (DATA / name).read_text().splitlines():
            row = json.loads(line)
            add(row.get("title", ""), row["passage"])
    # then the claims themselves, as one-line statements, to reach 10,000 distinct texts
    for name in (
        "factcheck-gpt-stance.dev.jsonl",
        "climate-fever.dev.jsonl",
        "extra/check-covid.pairs.jsonl",
        "extra/snli-sample.pairs.jsonl",
    ):
        for line in (DATA / name).read_text().splitlines():
            add("", json.loads(line)["claim"])
    return out


def build(folder: Path, n: int) -> Path:
    """Write the seeds and n-5 passages as articles into ``folder`` (idempotent)."""
    folder.mkdir(parents=True, exist_ok=True)
    if len(list(folder.glob("*.txt"))) == n:
        return folder
    for p in SEEDS.glob("*.txt"):
        (folder / p.name).write_text(p.read_text())
    pool = passages()
    if n - 5 > len(pool):
        raise SystemExit(f"only {len(pool)} passages available for a corpus of {n}")
    for i, (title, text) in enumerate(pool[: n - 5]):
        (folder / f"p{i:05d}.txt").write_text(f"{title}\n\n{text}\n")
    return folder


def print_table(rows: list[dict]) -> None:
    """The rows as a Markdown table (what the closing notes quote)."""
    cols = list(rows[0])
    print("\n| " + " | ".join(cols) + " |\n|" + "---|" * len(cols))
    for r in rows:
        print("| " + " | ".join(str(r[c]) for c in cols) + " |")
