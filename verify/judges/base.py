"""The small interface every judge implements, and the evidence it is given."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import Any, ClassVar, Protocol, runtime_checkable

from ..aio import run_sync
from ..models import Passage, SourceRecord, SourceVerdict, Stance, Usage


@dataclass
class SourceEvidence:
    """What a judge sees of one source: its record, full text and best passages for a claim."""

    record: SourceRecord
    text: str
    passages: list[Passage]
    similarity: float = 0.0
    focus: list[tuple[int, int]] = field(default_factory=list)
    """Character spans a previous judge found decisive; an LLM judge reads only these when set."""
    further: list[Passage] = field(default_factory=list)
    """The next best passages after ``passages``, which the local verifier reads too (an LLM is
    shown ``passages`` only: its prompt costs by the token)."""


@dataclass
class Judgment:
    """A judge's answer for one source, and whether it is sure enough to stand alone."""

    verdict: SourceVerdict
    unsure: bool = False
    usage: Usage = field(default_factory=Usage)
    focus: list[tuple[int, int]] = field(default_factory=list)
    """The spans (sentence with its context) this judgment rests on, best first: what a
    cascade shows the LLM instead of whole passages."""


@runtime_checkable
class Judge(Protocol):
    """Judges answer for many sources at once so they can batch (a model) or fan out (an API)."""

    @property
    def name(self) -> str: ...

    def judge(self, claim: str, items: list[SourceEvidence]) -> list[Judgment]: ...


class BaseJudge:
    """What every judge shares, written once (RefChecker's ``CheckerBase``): empty input, the
    sync/async pair, the model description and the verdict fields copied from the source.

    A backend implements one of :meth:`judge_sources` (a model that batches) or
    :meth:`ajudge_sources` (an API that fans out); the other is derived from it.
    """

    uses_verifier: ClassVar[bool] = False
    """Whether the report should name the local verifier model (a judge that runs it)."""

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        own = {"judge_sources", "ajudge_sources"} & {
            k for c in cls.__mro__ if c is not BaseJudge for k in vars(c)
        }
        if not own:
            raise TypeError(f"{cls.__name__} must implement judge_sources or ajudge_sources")

    @property
    def name(self) -> str:
        return type(self).__name__

    def judge(self, claim: str, items: list[SourceEvidence]) -> list[Judgment]:
        """One judgment per item, in order."""
        return self.judge_sources(claim, items) if items else []

    async def ajudge(self, claim: str, items: list[SourceEvidence]) -> list[Judgment]:
        return await self.ajudge_sources(claim, items) if items else []

    def judge_sources(self, claim: str, items: list[SourceEvidence]) -> list[Judgment]:
        return run_sync(self.ajudge_sources(claim, items))

    async def ajudge_sources(self, claim: str, items: list[SourceEvidence]) -> list[Judgment]:
        return await asyncio.to_thread(self.judge_sources, claim, items)

    def describe(self) -> dict[str, str]:
        """Models and settings to name in the report, beyond the embedder and verifier."""
        return {}

    def verdict(self, item: SourceEvidence, stance: Stance, **fields: Any) -> SourceVerdict:
        """A verdict on ``item`` with the source's own fields (id, title, date, flags,
        similarity) filled in, so no backend copies them by hand."""
        r = item.record
        base: dict[str, Any] = {
            "source_id": r.id,
            "title": r.title,
            "date": r.date,
            "url": r.url,
            "judge": self.name,
            "similarity": round(item.similarity, 4),
            "flags": list(r.flags),
        }
        return SourceVerdict(stance=stance, **(base | fields))


async def ajudge(judge: Judge, claim: str, items: list[SourceEvidence]) -> list[Judgment]:
    """The async twin for any judge: native when it has ``ajudge``, else run in a thread."""
    native = getattr(judge, "ajudge", None)
    if native is not None:
        result: list[Judgment] = await native(claim, items)
        return result
    return await asyncio.to_thread(judge.judge, claim, items)
