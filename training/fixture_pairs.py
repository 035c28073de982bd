"""Sentence-level training pairs from a hand-written article set (``tests/fixtures/<name>``).

Why: the shared sets pair claims with short passages; the judge reads whole news articles one
sentence at a time, with the sentence before as context. On the fresh dev articles the verifier
scores most quoted supporting sentences below 0.5 (paraphrase) and calls on-topic sentences of
the same story "supports" — the errors left after the rules. Pairs built here are exactly what
the judge reads (:func:`verify.judges.local.statements`, the same word-overlap gate):

* a sentence holding a gold quote, labelled with its source's stance (supports / refutes);
* every sentence that passes the gate in a source labelled ``none`` for the claim (mostly other
  articles on the same story: the hardest negatives there are), labelled ``none``.

Sentences of a supporting or refuting source that hold no quote are left out: unlabelled.
The fresh *test* set is never read here (``tests/test_fresh_fixture.py`` keeps the two apart).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from training.data import Pair, split_sets
from verify.config import JudgeSettings
from verify.evaluate import gold_class
from verify.judges.decision import ClaimFacts, on_topic, read_sentence
from verify.judges.local import statements
from verify.load import Article, load

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
HELD_OUT = frozenset({"fresh"})
"""Fixtures that are only ever reported on, never trained or tuned on."""


def training_fixture(name: str) -> Path:
    """The folder of a hand-written set that may be trained on; refuses the held-out one."""
    if name in HELD_OUT:
        raise SystemExit(f"tests/fixtures/{name} is the held-out test set: never train on it")
    folder = FIXTURES / name
    if not (folder / "claims.jsonl").is_file():
        raise SystemExit(f"no hand-written set at {folder} (claims.jsonl missing)")
    return folder


def read_articles(folder: Path) -> dict[str, tuple[str, str]]:
    """Source id -> (clean text, title), read exactly as ``verify ingest`` reads the files."""
    out = {}
    for path in sorted((folder / "articles").iterdir()):
        src = load(Article(path=path, source_id=path.stem), max_bytes=5_000_000)
        out[path.stem] = (src.text, src.title)
    return out


def quote_spans(text: str, quotes: list[str]) -> list[tuple[int, int]]:
    """Where each quote sits in the text, whatever whitespace separates its words; quotes not
    found are skipped."""
    spans = []
    for q in quotes:
        m = re.search(r"\s+".join(map(re.escape, q.split())), text)
        if m:
            spans.append(m.span())
    return spans


def fixture_pairs(folder: Path, settings: JudgeSettings) -> list[Pair]:
    """Sentence-level (claim, sentence, context) pairs with gold stances; see the module doc."""
    articles = read_articles(folder)
    out: list[Pair] = []
    name = folder.name
    with open(folder / "claims.jsonl", encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh if line.strip()]
    for row in rows:
        claim = row["claim"]
        facts = ClaimFacts.of(claim)
        for sid, raw in row["sources"].items():
            stance = gold_class(raw)
            text, title = articles[sid]
            read = statements(text, title)
            if stance == "none":
                for span, ctx, _ in read:
                    sentence = text[span.start : span.end]
                    if on_topic(read_sentence(facts, sentence, ctx), settings):
                        out.append(Pair(claim, sentence, "none", ctx, f"{name}-none", row["id"]))
                continue
            quotes = quote_spans(text, row.get("evidence", {}).get(sid, []))
            for span, ctx, _ in read:
                if any(min(span.end, b) - max(span.start, a) >= min(20, b - a) for a, b in quotes):
                    sentence = text[span.start : span.end]
                    out.append(Pair(claim, sentence, stance, ctx, f"{name}-{stance}", row["id"]))
    return out


def labelled_pairs(fixtures: list[str], public: bool) -> list[tuple[tuple[str, str], int, str]]:
    """(verifier input, label, origin) for the hand-written training sets read as the judge
    reads them (:func:`fixture_pairs`) and, with ``public``, then the shared sets' training claims
    (``training.data.split_sets``): what the CPU training and the last-layer refit learn from."""
    out = [
        (p.texts(), p.label, name)
        for name in fixtures
        for p in fixture_pairs(training_fixture(name), JudgeSettings())
    ]
    if public:
        out += [(p.texts(), p.label, p.source) for p in split_sets().train]
    return out
