"""Measure a configuration on labelled claims: ``verify eval FILE.jsonl``.

Two kinds of file:
- the shared-data schema (``sources`` is a list of passages with gold stances): each claim's
  passages are indexed as separate documents in an isolated temporary store and checked there;
- a corpus fixture (``sources`` maps source ids in the user's store to gold stances, like
  ``tests/fixtures/seed_claims.jsonl``): claims are checked against the configured store.

Scoring is per source over supports / refutes / none: ``not_mentioned`` and ``unverified``
count as none; ``mixed`` counts as the side its strongest quote takes (a source that both
supports and refutes has to be scored as one of the three gold classes).
"""

from __future__ import annotations

import json
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from pathlib import Path
from typing import Any

from .config import JudgeMode, Settings
from .datasets import GoldClaim, is_held_out
from .errors import InputError
from .judges.base import Judge
from .models import Report, SourceVerdict, Usage
from .sourcemeta import Document

CLASSES = ("supports", "refutes", "none")
VERDICTS = ("supported", "refuted", "conflicting", "not_enough_evidence")


def scored_stance(sv: SourceVerdict) -> str:
    if sv.stance in ("supports", "refutes"):
        return sv.stance
    if sv.stance == "mixed":
        sup = max((e.score for e in sv.evidence if e.stance == "supports"), default=0.0)
        ref = max((e.score for e in sv.evidence if e.stance == "refutes"), default=0.0)
        return "supports" if sup >= ref else "refutes"
    return "none"


@dataclass
class Confusion:
    labels: tuple[str, ...]
    counts: dict[str, dict[str, int]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.counts = {g: {p: 0 for p in self.labels} for g in self.labels}

    def add(self, gold: str, pred: str) -> None:
        self.counts[gold][pred] += 1

    def per_class(self) -> dict[str, dict[str, float]]:
        out = {}
        for c in self.labels:
            tp = self.counts[c][c]
            predicted = sum(self.counts[g][c] for g in self.labels)
            actual = sum(self.counts[c].values())
            p = tp / predicted if predicted else 0.0
            r = tp / actual if actual else 0.0
            f = 2 * p * r / (p + r) if p + r else 0.0
            out[c] = {"precision": p, "recall": r, "f1": f, "support": actual}
        return out

    def summary(self) -> dict[str, Any]:
        pc = self.per_class()
        present = [c for c in self.labels if pc[c]["support"]]
        total = sum(sum(row.values()) for row in self.counts.values())
        correct = sum(self.counts[c][c] for c in self.labels)
        return {
            "per_class": {c: {k: round(v, 4) for k, v in pc[c].items()} for c in self.labels},
            "macro_f1": round(sum(pc[c]["f1"] for c in self.labels) / len(self.labels), 4),
            "balanced_accuracy": round(sum(pc[c]["recall"] for c in present) / len(present), 4)
            if present
            else 0.0,
            "accuracy": round(correct / total, 4) if total else 0.0,
            "n": total,
            "confusion": self.counts,
        }


@dataclass
class EvalResult:
    file: str
    judge: str
    claims: int = 0
    sources: int = 0
    seconds: float = 0.0
    stance: Confusion = field(default_factory=lambda: Confusion(CLASSES))
    verdict: Confusion = field(default_factory=lambda: Confusion(VERDICTS))
    verdict_claims: int = 0
    evidence_sources: int = 0
    """Sources labelled supports/refutes with gold quotes (fixtures that give them)."""
    evidence_hits: int = 0
    """Of those, the ones given the right stance with a quote that overlaps a gold quote."""
    usage: Usage = field(default_factory=Usage)
    errors: list[dict[str, Any]] = field(default_factory=list)
    """Sources given another stance than their gold one (the first 200), all of them saved:
    two runs are compared source by source (a saved run kept only 50 before stop 49, so a
    source could seem to move between runs when only the list's window had)."""
    passage_misses: list[dict[str, Any]] = field(default_factory=list)
    """Sources given their gold stance whose quotes on that side are none of the gold passages:
    what was shown and what should have been, to read why the passage figure falls short."""

    def to_dict(self) -> dict[str, Any]:
        v = self.verdict.summary()
        return {
            "file": self.file,
            "judge": self.judge,
            "claims": self.claims,
            "sources": self.sources,
            "seconds": round(self.seconds, 2),
            "sources_per_second": round(self.sources / self.seconds, 2) if self.seconds else 0,
            "seconds_per_claim": round(self.seconds / self.claims, 2) if self.claims else 0,
            "prompt_tokens_per_claim": (
                round(self.usage.prompt_tokens / self.claims, 1) if self.claims else 0
            ),
            "stance": self.stance.summary(),
            "verdict": {"accuracy": v["accuracy"], "n": v["n"], "confusion": v["confusion"]},
            **(
                {
                    "evidence": {
                        "n": self.evidence_sources,
                        "hits": self.evidence_hits,
                        "hit_rate": round(self.evidence_hits / self.evidence_sources, 4),
                    }
                }
                if self.evidence_sources
                else {}
            ),
            "usage": self.usage.model_dump(),
            "errors": self.errors,
            "passage_misses": self.passage_misses,
        }


def read_any(path: Path) -> Iterator[dict[str, Any]]:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read {path}: {exc}") from None
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except ValueError:
            raise InputError(f"{path}:{n}: not JSON") from None
        if not isinstance(obj, dict) or "claim" not in obj or "sources" not in obj:
            raise InputError(f"{path}:{n}: needs 'claim' and 'sources'")
        yield obj


def select(rows: list[dict[str, Any]], split: str, limit: int | None) -> list[dict[str, Any]]:
    """``heldout``: claims never trained on (fixture: split == test); ``all``: every claim."""
    if split == "heldout":
        rows = [
            r
            for r in rows
            if (r.get("split") == "test" if "split" in r else is_held_out(str(r.get("id", ""))))
        ]
    elif split != "all":
        raise InputError(f"unknown split {split!r}: use heldout or all")
    return rows[:limit] if limit else rows


def evaluate(
    path: Path,
    settings: Settings,
    judge: JudgeMode | Judge | None = None,
    split: str = "heldout",
    limit: int | None = None,
    progress: Callable[[int, int], None] | None = None,
    verifier: Any = None,
) -> EvalResult:
    """Run the user's check on every selected claim and score it against gold labels."""
    from .verifier import Verifier

    rows = select(list(read_any(path)), split, limit)
    if not rows:
        hint = ""
        if split == "heldout" and any(r.get("split") == "dev" for r in read_any(path)):
            hint = ": its claims are marked dev, not test; --split all scores them"
        raise InputError(f"no claims selected from {path} (split={split}){hint}")
    corpus_mode = isinstance(rows[0]["sources"], dict)
    mode = judge or settings.judge_mode
    result = EvalResult(file=str(path), judge=mode if isinstance(mode, str) else mode.name)
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="verify-eval-") as tmp:
        if corpus_mode:
            v = verifier or Verifier(settings)
        else:
            isolated = settings.model_copy(
                update={
                    "store": Path(tmp),
                    "chroma": settings.chroma.model_copy(
                        update={"host": None, "collection_prefix": "eval"}
                    ),
                }
            )
            shared = {}
            if verifier is not None:  # reuse loaded models and their caches
                shared = {
                    "embeddings": verifier.embeddings,
                    "stance_model": verifier.stance_model,
                }
            v = Verifier(isolated, **shared)
        for i, row in enumerate(rows):
            if corpus_mode:
                report = v.check(row["claim"], mode)
                gold = {sid: gold_class(st) for sid, st in row["sources"].items()}
            else:
                claim = GoldClaim.model_validate(row)
                _reset(v)
                v.ingest_texts(
                    [Document(id=s.id, title=s.title or None, text=s.text) for s in claim.sources]
                )
                report = v.check(claim.claim, mode)
                gold = {s.id: s.stance for s in claim.sources}
            _score(result, report, gold, row.get("verdict"), str(row.get("id", i)))
            _score_quotes(result, report, gold, row.get("evidence") or {}, str(row.get("id", i)))
            if progress:
                progress(i + 1, len(rows))
    result.seconds = time.perf_counter() - started
    return result


def gold_class(stance: str) -> str:
    return "none" if stance in ("none", "not_mentioned") else stance


def gold_verdict(verdict: str | None) -> str | None:
    """A gold verdict in the schema's words: "not_mentioned", as a labeller may write it for
    a claim no source mentions, is "not_enough_evidence" (the overall verdict's word)."""
    if verdict is None:
        return None
    verdict = verdict.strip().lower()
    return "not_enough_evidence" if verdict == "not_mentioned" else verdict


def _reset(v: Any) -> None:
    for rec in v.sources():
        v.store.remove(rec.id)


def _score(
    result: EvalResult, report: Report, gold: dict[str, str], verdict: str | None, cid: str
) -> None:
    result.claims += 1
    result.usage = result.usage + report.usage
    got = report.by_source()
    for sid, g in gold.items():
        sv = got.get(sid)
        pred = scored_stance(sv) if sv else "none"
        result.stance.add(g, pred)
        result.sources += 1
        if pred != g and len(result.errors) < 200:
            shown = [e.quote for e in sv.evidence] if sv else []
            result.errors.append(
                {"id": cid, "source": sid, "gold": g, "pred": pred, "shown": shown}
            )
    verdict = gold_verdict(verdict)
    if verdict in VERDICTS:
        result.verdict.add(verdict, report.verdict)
        result.verdict_claims += 1


def same_passage(quote: str, gold: str) -> bool:
    """Whether a shown quote is the gold passage: they share a run of text at least half as
    long as the shorter of the two (whitespace aside)."""
    a, b = " ".join(quote.split()), " ".join(gold.split())
    if not a or not b:
        return False
    m = SequenceMatcher(None, a, b, autojunk=False).find_longest_match(0, len(a), 0, len(b))
    return m.size >= 0.5 * min(len(a), len(b))


def _score_quotes(
    result: EvalResult,
    report: Report,
    gold: dict[str, str],
    quotes: dict[str, list[str]],
    cid: str = "",
) -> None:
    """The right passage quoted: a gold supports/refutes source counts as a hit only when it
    gets that stance and one of its quotes on that side is a gold quote."""
    got = report.by_source()
    for sid, stance in gold.items():
        if stance not in ("supports", "refutes") or not quotes.get(sid):
            continue
        result.evidence_sources += 1
        sv = got.get(sid)
        if sv is None or scored_stance(sv) != stance:
            continue
        shown = [e.quote for e in sv.evidence if e.stance == stance]
        if any(same_passage(q, g) for q in shown for g in quotes[sid]):
            result.evidence_hits += 1
        elif len(result.passage_misses) < 200:
            result.passage_misses.append(
                {"id": cid, "source": sid, "stance": stance, "shown": shown, "gold": quotes[sid]}
            )


def compare(a: dict[str, Any], b: dict[str, Any]) -> dict[str, Any]:
    """Differences between two saved runs (macro-F1, per-class F1, verdict accuracy)."""

    def pick(r: dict[str, Any]) -> dict[str, float]:
        s = r["stance"]
        row = {"macro_f1": s["macro_f1"], "verdict_accuracy": r["verdict"]["accuracy"]}
        row.update({f"f1_{c}": s["per_class"][c]["f1"] for c in CLASSES})
        return row

    pa, pb = pick(a), pick(b)
    return {k: {"a": pa[k], "b": pb[k], "delta": round(pb[k] - pa[k], 4)} for k in pa}
