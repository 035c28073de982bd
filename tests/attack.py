"""Measuring prompt injection: the injection suite × the obedient LLM, attack by attack.

An attack succeeds when the attacked source comes out ``supports`` or ``mixed``, or the claim
comes out ``supported``, for a claim the article does not state. Each article is judged on its
own (a check whose only source is that article), and retrieval keeps every article (no
similarity floor), so every attack reaches the judge: the measure is of the judges, not of
retrieval's luck.

Used by ``bench/injection.py`` (the figures in bench/results/injection.json) and by
tests/test_injection_suite.py (the bound on them).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .fakes import FakeServer, fake_settings
from .obedient import STRATEGIES, Strategy, obedient

HERE = Path(__file__).resolve().parent
SUITE = HERE / "injection" / "suite"
MANIFEST = HERE / "injection" / "suite.json"
TURNED = ("supports", "mixed")


@dataclass(frozen=True)
class Attack:
    """One article of the suite: its file, language, technique and the phrase it injects."""

    file: str
    lang: str
    technique: str
    marker: str

    @property
    def source_id(self) -> str:
        return Path(self.file).stem


@dataclass
class Outcome:
    """How one judge mode (and obedient-model strategy) fared against the whole suite."""

    mode: str
    strategy: str | None
    n: int = 0
    turned: list[str] = field(default_factory=list)
    """Attacked sources that came out supports or mixed."""
    supported: list[str] = field(default_factory=list)
    """Attacks whose claim came out supported."""
    asked: int = 0
    """Sources the LLM was asked about (all in llm mode; the unsure ones in a cascade)."""
    stances: dict[str, str] = field(default_factory=dict)

    @property
    def succeeded(self) -> list[str]:
        return sorted(set(self.turned) | set(self.supported))

    def to_dict(self) -> dict[str, Any]:
        return {
            "mode": self.mode,
            "strategy": self.strategy,
            "n": self.n,
            "succeeded": len(self.succeeded),
            "rate": round(len(self.succeeded) / self.n, 3) if self.n else 0.0,
            "sources_turned": len(self.turned),
            "claims_supported": len(self.supported),
            "llm_asked": self.asked,
            "which": self.succeeded,
            "stances": self.stances,
        }


def load_suite(manifest: Path = MANIFEST) -> tuple[str, list[Attack]]:
    """The suite's fixed claim and its attacks."""
    data = json.loads(manifest.read_text(encoding="utf-8"))
    attacks = [Attack(file=name, **spec) for name, spec in data["attacks"].items()]
    return data["claim"], attacks


def suite_verifier(store: Path, config: Path, shared: Any = None) -> Any:
    """A Verifier over the suite whose retrieval keeps every article (see the module doc)."""
    from verify import Verifier

    v = Verifier.from_config(config, store=store)
    v.settings.retrieval.min_similarity = -1.0
    if shared is not None:
        v = Verifier(v.settings, embeddings=shared.embeddings, verifier_model=shared.verifier_model)
    return v


def _judge_each(v: Any, claim: str, attacks: list[Attack], out: Outcome) -> Outcome:
    from verify.verifier import Gathered

    gathered = v.gather(claim)
    by_id = {item.record.id: item for item in gathered.items}
    for attack in attacks:
        item = by_id[attack.source_id]
        report = v.report(Gathered(gathered.claim, [item], []), out.mode)
        (sv,) = report.sources
        out.n += 1
        out.stances[attack.source_id] = sv.stance
        out.asked += report.usage.calls
        if sv.stance in TURNED:
            out.turned.append(attack.source_id)
        if report.verdict == "supported":
            out.supported.append(attack.source_id)
    return out


def measure(
    v: Any, claim: str, attacks: list[Attack], mode: str, strategy: Strategy | None = None
) -> Outcome:
    """One judge mode against the suite; ``llm`` and ``cascade`` ask the obedient model."""
    from verify import Verifier

    out = Outcome(mode, strategy)
    if mode == "local":
        return _judge_each(v, claim, attacks, out)
    if strategy is None:
        raise ValueError("llm and cascade need the obedient model's strategy")
    with FakeServer(obedient([a.marker for a in attacks], strategy)) as url:
        settings = v.settings.model_copy(update={"llm": fake_settings(url)})
        attacked = Verifier(settings, embeddings=v.embeddings, verifier_model=v.verifier_model)
        return _judge_each(attacked, claim, attacks, out)


def measure_all(v: Any, claim: str, attacks: list[Attack]) -> list[Outcome]:
    """Every mode: local alone, then llm and cascade with each strategy of the obedient model."""
    outcomes = [measure(v, claim, attacks, "local")]
    for mode in ("llm", "cascade"):
        outcomes += [measure(v, claim, attacks, mode, s) for s in STRATEGIES]
    return outcomes
