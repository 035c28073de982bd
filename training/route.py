"""Calibrate the cascade's routing (``judge.unsure_margin``) with an oracle in the LLM's seat.

    .venv/bin/python -m training.route            # writes training/routing.json

For each margin the cascade runs on the tuning dev slices (never the held-out claims) with a
stand-in LLM that answers the gold stance: the score it reaches is the most any LLM could add
with that routing, and its call count is what the routing costs. A good margin sends few
sources and still reaches most of the oracle's gain: the local verifier's errors sit near its
thresholds. Nothing is sent to a real model.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

from training.tune import ROOT, dev_sets, seed_store_verifier
from verify import Verifier
from verify.config import Settings
from verify.evaluate import evaluate, gold_class, read_any
from verify.judges.base import Judgment, SourceEvidence
from verify.judges.cascade import CascadeJudge
from verify.models import Evidence, SourceVerdict

OUT = Path(__file__).resolve().parent / "routing.json"
MARGINS = [0.0, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3]


class Oracle:
    """The LLM's seat, answering the gold stance of each source it is asked about."""

    name = "oracle"

    def __init__(self, gold: dict[tuple[str, str], str]) -> None:
        self.gold = gold
        self.calls = 0

    def judge(self, claim: str, items: list[SourceEvidence]) -> list[Judgment]:
        self.calls += len(items)
        out = []
        for it in items:
            g = self.gold.get((claim, it.record.id), "none")
            stance = "not_mentioned" if g == "none" else g
            # a side needs a verbatim quote to be shown: the oracle quotes what it was given
            a, b = (it.focus or [(it.passages[0].chunk.start, it.passages[0].chunk.end)])[0]
            quotes = (
                []
                if g == "none"
                else [Evidence(quote=it.text[a:b], start=a, end=b, stance=g, score=1.0)]
            )  # type: ignore[arg-type]
            verdict = SourceVerdict(
                source_id=it.record.id,
                stance=stance,  # type: ignore[arg-type]
                evidence=quotes,
            )
            out.append(Judgment(verdict))
        return out


def gold_of(path: Path) -> dict[tuple[str, str], str]:
    gold = {}
    for row in read_any(path):
        claim = " ".join(row["claim"].split())
        sources = row["sources"]
        pairs = (
            sources.items()
            if isinstance(sources, dict)
            else ((s["id"], s["stance"]) for s in sources)
        )
        for sid, stance in pairs:
            gold[(claim, sid)] = gold_class(stance)
    return gold


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        sets = dev_sets(work)
        base = Settings.load(ROOT / "config.yaml", store=work / "seed-store")
        shared = seed_store_verifier(base)
        oracle = Oracle({})
        # the local verifier's scores do not depend on the margin: once per set
        local = {
            name: evaluate(path, base, "local", split="all", verifier=shared).to_dict()
            for name, path in sets.items()
        }
        rows: list[dict[str, Any]] = []
        for margin in MARGINS:
            s = base.model_copy(
                update={"judge": base.judge.model_copy(update={"unsure_margin": margin})}
            )
            v = Verifier(s, embeddings=shared.embeddings, stance_model=shared.stance_model)
            cascade = CascadeJudge(v.judge("local"), oracle)  # the oracle in the LLM's seat
            row: dict[str, Any] = {"unsure_margin": margin}
            for name, path in sets.items():
                oracle.gold, oracle.calls = gold_of(path), 0
                casc = evaluate(path, s, cascade, split="all", verifier=v).to_dict()
                loc = local[name]
                row[name] = {
                    "local_macro_f1": loc["stance"]["macro_f1"],
                    "oracle_cascade_macro_f1": casc["stance"]["macro_f1"],
                    "sources": loc["sources"],
                    "sent_to_llm": oracle.calls,
                    "sent_per_claim": round(oracle.calls / max(1, loc["claims"]), 2),
                }
            rows.append(row)
            print(json.dumps(row), flush=True)
        OUT.write_text(json.dumps(rows, indent=1) + "\n")


if __name__ == "__main__":
    main()
