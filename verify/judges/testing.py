"""Judges for tests, demos and experiments, shipped with the library (as pydantic-ai ships
``FunctionModel``): deterministic, no model, no network.

    from verify.judges.testing import FunctionJudge
    judge = FunctionJudge(lambda claim, item: "supports" if "2011" in item.text else None)
    report = verifier.check("Syria was suspended in 2011", judge)
"""

from __future__ import annotations

from collections.abc import Callable

from ..models import Evidence, SourceVerdict, Stance
from .base import BaseJudge, Judgment, SourceEvidence

Answer = Stance | SourceVerdict | tuple[Stance, str] | None
"""What a judging function returns for one source: a stance (quoting nothing), a stance and a
quote (located in the source's text), a full verdict, or None for ``not_mentioned``."""


class FunctionJudge(BaseJudge):
    """A judge whose answer for each source is ``fn(claim, item)``."""

    def __init__(
        self, fn: Callable[[str, SourceEvidence], Answer], *, name: str = "function"
    ) -> None:
        self.fn = fn
        self._name = name

    @property
    def name(self) -> str:
        return self._name

    def judge_sources(self, claim: str, items: list[SourceEvidence]) -> list[Judgment]:
        return [Judgment(self._verdict(item, self.fn(claim, item))) for item in items]

    def _verdict(self, item: SourceEvidence, answer: Answer) -> SourceVerdict:
        if isinstance(answer, SourceVerdict):
            return answer
        if answer is None:
            return self.verdict(item, "not_mentioned")
        stance, quote = answer if isinstance(answer, tuple) else (answer, "")
        evidence = []
        if quote and stance in ("supports", "refutes"):
            start = item.text.find(quote)
            if start < 0:  # shown as given: the report's quote check will refuse it
                start = 0
            evidence.append(
                Evidence(
                    quote=quote,
                    start=start,
                    end=start + len(quote),
                    stance=stance,  # type: ignore[arg-type]
                    score=1.0,
                )
            )
        return self.verdict(item, stance, confidence=1.0, evidence=evidence)


class StaticJudge(FunctionJudge):
    """Every source gets the same stance: the simplest stand-in for a judge."""

    def __init__(self, stance: Stance = "not_mentioned", *, name: str = "static") -> None:
        super().__init__(lambda _claim, _item: stance, name=name)
