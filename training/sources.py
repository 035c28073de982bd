"""Capture what the local judge sees for every source of an eval set, with the verifier's raw
scores for every sentence (gated or not) and for each whole retrieved passage, so source-level
decision rules can be compared offline without re-running retrieval and the model.

    .venv/bin/python -m training.sources          # writes training/work/sources.pkl
    .venv/bin/python -m training.sources --model-dir training/work/cand --out work/cand.pkl

Sets: the training dev slices of the two shared sets, the seed fixture's dev split and the two
fresh dev sets (for choosing a rule), and their held-out parts (for reporting only: the fresh test
set is captured only with ``--sets fresh-test``). ``--sets a,b`` captures only those.
"""

from __future__ import annotations

import argparse
import pickle
import tempfile
from dataclasses import asdict
from pathlib import Path
from typing import Any

from training.data import CLIMATE, FACTCHECK
from training.sweep import DEV, HELDOUT
from training.tune import ROOT, SEED_CLAIMS, dev_sets, seed_store_verifier
from verify import Verifier
from verify.config import Settings
from verify.evaluate import evaluate, gold_class, read_any, select
from verify.judges.base import BaseJudge, Judgment, SourceEvidence
from verify.judges.decision import ClaimFacts, read_sentence, second_reading
from verify.judges.local import LocalJudge
from verify.judges.pairs import format_pair
from verify.relative_dates import Published

OUT = ROOT / "training" / "work" / "sources.pkl"
FRESH = {
    "fresh-dev": ROOT / "tests" / "fixtures" / "fresh-dev",
    "fresh-dev2": ROOT / "tests" / "fixtures" / "fresh-dev2",
    "fresh-dev3": ROOT / "tests" / "fixtures" / "fresh-dev3",
    "fresh-dev4": ROOT / "tests" / "fixtures" / "fresh-dev4",
    "fresh-dev5": ROOT / "tests" / "fixtures" / "fresh-dev5",
    "fresh-dev6": ROOT / "tests" / "fixtures" / "fresh-dev6",
    "fresh-dev7": ROOT / "tests" / "fixtures" / "fresh-dev7",
    "fresh-dev8": ROOT / "tests" / "fixtures" / "fresh-dev8",
    "fresh-dev9": ROOT / "tests" / "fixtures" / "fresh-dev9",
    "fresh-dev10": ROOT / "tests" / "fixtures" / "fresh-dev10",
    "fresh-dev11": ROOT / "tests" / "fixtures" / "fresh-dev11",
    "fresh-dev12": ROOT / "tests" / "fixtures" / "fresh-dev12",
    "fresh-dev13": ROOT / "tests" / "fixtures" / "fresh-dev13",
    "fresh-dev14": ROOT / "tests" / "fixtures" / "fresh-dev14",
    "fresh-dev15": ROOT / "tests" / "fixtures" / "fresh-dev15",
    "fresh-dev16": ROOT / "tests" / "fixtures" / "fresh-dev16",
    "fresh-test": ROOT / "tests" / "fixtures" / "fresh",
}
"""Hand-written article sets with their own store: ``fresh-dev`` to tune on, ``fresh-test``
never (captured only on request, for the figure after a change)."""
DEFAULT_SETS = (*DEV, *HELDOUT)
"""The dev sets the sweep chooses on and the held-out sets it reports (``training.sweep``)."""


def features(judge: Any, claim: str, items: list[Any]) -> list[dict[str, Any]]:
    """Every sentence the judge would read (gated or not) with its cues, as
    :func:`verify.judges.decision.read_sentence` gives them, the verifier's raw scores, the
    sentence and its context (so a changed rule can be replayed: ``training.sweep --recue``),
    and its bare statement with the verifier's scores for it (``bare``, ``bare_probs``: None
    when it has none, :func:`verify.judges.decision.second_reading`)."""
    facts = ClaimFacts.of(claim)
    rows: list[dict[str, Any]] = []
    pairs: list[tuple[str, str]] = []
    read = judge.statements_read(claim, items, relevance=True)
    for item, spans in zip(items, read, strict=True):
        sents = []
        published = Published.parse(item.record.date)
        for span, ctx, _, relevance in spans:
            sentence = item.text[span.start : span.end]
            cues = read_sentence(
                facts, sentence, ctx, relevance, item.record.title, published, item.text
            )
            sents.append(
                {"cues": asdict(cues), "pair": len(pairs), "text": sentence, "context": ctx}
            )
            pairs.append(format_pair(claim, sentence, ctx))
            bare = second_reading(facts, sentence, published)  # ``decision.with_bare``
            sents[-1]["bare"] = bare
            if bare is not None:
                sents[-1]["bare_pair"] = len(pairs)
                pairs.append(format_pair(claim, bare, ctx))
        passages = []
        for p in item.passages:
            passages.append({"pair": len(pairs), "n_chars": p.chunk.end - p.chunk.start})
            pairs.append(
                format_pair(claim, item.text[p.chunk.start : p.chunk.end], item.record.title)
            )
        rows.append(
            {
                "source": item.record.id,
                "title": item.record.title,
                "date": item.record.date,
                "article": item.text,  # who a speaker is (``decision.read_sentence``)
                "claim": claim,
                "sentences": sents,
                "passages": passages,
                "similarity": item.similarity,
            }
        )
    probs = judge.model.predict(pairs)
    for r in rows:
        for s in r["sentences"] + r["passages"]:
            s["probs"] = probs[s.pop("pair")].tolist()
        for s in r["sentences"]:
            bare_pair = s.pop("bare_pair", None)
            s["bare_probs"] = None if bare_pair is None else probs[bare_pair].tolist()
    return rows


class Capturing(BaseJudge):
    """The local judge, unchanged, recording what it read for each source on the way."""

    uses_verifier = True

    def __init__(self, local: LocalJudge) -> None:
        self.local = local
        self.captured: dict[tuple[str, str], dict[str, Any]] = {}

    @property
    def name(self) -> str:
        return self.local.name

    def judge_sources(self, claim: str, items: list[SourceEvidence]) -> list[Judgment]:
        out = self.local.judge(claim, items)
        for row, j in zip(features(self.local, claim, items), out, strict=True):
            row["current"] = j.verdict.stance
            self.captured[(claim, row["source"])] = row
        return out


def capture(path: Path, settings: Settings, split: str, verifier: Any) -> dict[str, Any]:
    spy = Capturing(verifier.judge("local"))
    result = evaluate(path, settings, spy, split=split, verifier=verifier)
    captured = spy.captured
    gold_rows = []
    for row in select(list(read_any(path)), split, None):
        srcs = row["sources"]
        pairs = srcs.items() if isinstance(srcs, dict) else ((s["id"], s["stance"]) for s in srcs)
        for sid, stance in pairs:
            feat = captured.get((row["claim"], sid))
            gold_rows.append({"claim_id": row.get("id"), "gold": gold_class(stance), "feat": feat})
    return {"rows": gold_rows, "macro_f1": result.to_dict()["stance"]["macro_f1"]}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--model-dir", type=Path, default=None, help="a candidate verifier")
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--sets", default=",".join(DEFAULT_SETS), help="comma-separated set names")
    args = ap.parse_args()
    wanted = args.sets.split(",")
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        base = Settings.load(ROOT / "config.yaml", store=work / "seed-store")
        # every source is judged (similarity recorded), so the dismissal threshold can be
        # replayed offline too
        base = base.model_copy(
            update={"retrieval": base.retrieval.model_copy(update={"min_similarity": -1.0})}
        )
        if args.model_dir:
            base = base.model_copy(
                update={"judge": base.judge.model_copy(update={"model_dir": args.model_dir})}
            )
        v = seed_store_verifier(base)
        sets = {f"{name}-dev": (path, "all") for name, path in dev_sets(work).items()}
        sets |= {
            "factcheck-heldout": (FACTCHECK, "heldout"),
            "climate-heldout": (CLIMATE, "heldout"),
            "seeds-test": (SEED_CLAIMS, "heldout"),
            # dev claims on the seed articles (stop 46), judged against the seed store
            "seeds-dev2": (ROOT / "tests" / "fixtures" / "seeds-dev2" / "claims.jsonl", "all"),
        }
        out = {}
        for name in wanted:
            if name in FRESH:
                folder = FRESH[name]
                s = base.model_copy(update={"store": work / f"{name}-store"})
                fv = Verifier(s, embeddings=v.embeddings, stance_model=v.stance_model)
                fv.ingest([folder / "articles"])
                out[name] = capture(folder / "claims.jsonl", s, "all", fv)
            else:
                path, split = sets[name]
                out[name] = capture(path, base, split, v)
            print(name, len(out[name]["rows"]), out[name]["macro_f1"], flush=True)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_bytes(pickle.dumps(out))


if __name__ == "__main__":
    main()
