"""The small interface every judge implements, and the evidence it is given."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable

from ..models import Passage, SourceVerdict, Usage
from ..store import SourceRecord


@dataclass
class SourceEvidence:
    """What a judge sees of one source: its record, full text and best passages for a claim."""

    record: SourceRecord
    text: str
    passages: list[Passage]
    similarity: float = 0.0
    focus: list[tuple[int, int]] = field(default_factory=list)
    """Character spans a previous judge found decisive; an LLM judge reads only these when set."""


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


async def ajudge(judge: Judge, claim: str, items: list[SourceEvidence]) -> list[Judgment]:
    """The async twin for any judge: native when it has ``ajudge``, else run in a thread."""
    native = getattr(judge, "ajudge", None)
    if native is not None:
        result: list[Judgment] = await native(claim, items)
        return result
    return await asyncio.to_thread(judge.judge, claim, items)
