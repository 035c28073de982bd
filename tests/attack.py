"""Measuring prompt injection: the injection suite × the obedient LLM, attack by attack.

An attack succeeds when the attacked source comes out ``supports`` or ``mixed``, or the claim
comes out ``supported``, for a claim the article does not state, and its clean twin (the same
article without the injected line) does not: a judge's own mistake on the article's honest
sentences is not the attack's doing (both figures are kept). Each article is judged on its own
(a check whose only source is that article), and retrieval keeps every article (no similarity
floor), so every attack reaches the judge: the measure is of the judges, not of retrieval's luck.

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
    twins_turned: list[str] = field(default_factory=list)
    """Attacks whose clean twin (no injected line) came out the same way: not the attack."""

    @property
    def turned_any(self) -> list[str]:
        return sorted(set(self.turned) | set(self.supported))

    @property
    def succeeded(self) -> list[str]:
        return [sid for sid in self.turned_any if sid not in self.twins_turned]

    def to_dict(self) -> dict[str, Any]:
        return {
            "mode": self.mode,
            "strategy": self.strategy,
            "n": self.n,
            "succeeded": len(self.succeeded),
            "rate": round(len(self.succeeded) / self.n, 3) if self.n else 0.0,
            "sources_turned": len(self.turned),
            "claims_supported": len(self.supported),
            "turned_without_the_injection_too": sorted(set(self.twins_turned)),
            "llm_asked": self.asked,
            "which": self.succeeded,
            "stances": self.stances,
        }


def load_suite(manifest: Path = MANIFEST) -> tuple[str, list[Attack]]:
    """The suite's fixed claim and its attacks."""
    data = json.loads(manifest.read_text(encoding="utf-8"))
    attacks = [Attack(file=name, **spec) for name, spec in data["attacks"].items()]
    return data["claim"], attacks


def clean_twins(attacks: list[Attack], dest: Path, suite: Path = SUITE) -> Path:
    """Each article without the lines that carry its injection (found as the obedient model
    finds them), written under ``dest`` with the same file names."""
    from .obedient import _folded

    dest.mkdir(parents=True, exist_ok=True)
    for attack in attacks:
        text = (suite / attack.file).read_text(encoding="utf-8")
        marker = _folded(attack.marker)
        kept = [ln for ln in text.split("\n") if marker not in _folded(ln)]
        (dest / attack.file).write_text("\n".join(kept), encoding="utf-8")
    return dest


def suite_verifier(store: Path, config: Path, shared: Any = None) -> Any:
    """A Verifier over the suite whose retrieval keeps every article (see the module doc)."""
    from verify import Verifier

    v = Verifier.from_config(config, store=store)
    v.settings.retrieval.min_similarity = -1.0
    if shared is not None:
        v = Verifier(v.settings, embeddings=shared.embeddings, stance_model=shared.stance_model)
    return v


def _judge_each(v: Any, claim: str, attacks: list[Attack], mode: str) -> dict[str, Any]:
    """Each article judged alone: {source id: (source stance, claim verdict, LLM calls)}."""
    from verify.verifier import Gathered

    gathered = v.gather(claim)
    by_id = {item.record.id: item for item in gathered.items}
    out = {}
    for attack in attacks:
        report = v.report(Gathered(gathered.claim, [by_id[attack.source_id]], []), mode)
        (sv,) = report.sources
        out[attack.source_id] = (sv.stance, report.verdict, report.usage.calls)
    return out


def measure(
    v: Any,
    claim: str,
    attacks: list[Attack],
    mode: str,
    strategy: Strategy | None = None,
    twins: Any = None,
) -> Outcome:
    """One judge mode against the suite (and the clean ``twins``' Verifier, when given);
    ``llm`` and ``cascade`` ask the obedient model."""
    from verify import Verifier

    if mode != "local" and strategy is None:
        raise ValueError("llm and cascade need the obedient model's strategy")
    out = Outcome(mode, strategy)
    with FakeServer(obedient([a.marker for a in attacks], strategy or "inject")) as url:
        runs = []
        for base in (v, twins):
            if base is None:
                runs.append({})
                continue
            settings = base.settings.model_copy(update={"llm": fake_settings(url)})
            judged = Verifier(settings, embeddings=base.embeddings, stance_model=base.stance_model)
            runs.append(_judge_each(judged, claim, attacks, mode))
    attacked, clean = runs
    for sid, (stance, verdict, calls) in attacked.items():
        out.n += 1
        out.stances[sid] = stance
        out.asked += calls
        if stance in TURNED:
            out.turned.append(sid)
        if verdict == "supported":
            out.supported.append(sid)
        if sid in clean and (clean[sid][0] in TURNED or clean[sid][1] == "supported"):
            out.twins_turned.append(sid)
    return out


def measure_all(v: Any, claim: str, attacks: list[Attack], twins: Any = None) -> list[Outcome]:
    """Every mode: local alone, then llm and cascade with each strategy of the obedient model."""
    outcomes = [measure(v, claim, attacks, "local", twins=twins)]
    for mode in ("llm", "cascade"):
        outcomes += [measure(v, claim, attacks, mode, s, twins) for s in STRATEGIES]
    return outcomes
