"""Typed values that cross stage boundaries: what loading makes, what checking reports."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from pydantic import BaseModel, Field

Stance = Literal["supports", "refutes", "mixed", "not_mentioned", "unverified"]
EvidenceStance = Literal["supports", "refutes"]
Verdict = Literal["supported", "refuted", "conflicting", "not_enough_evidence"]
Failure = Literal[
    "timeout",
    "rate_limit",
    "server_error",
    "rejected",
    "connection",
    "malformed",
    "refusal",
    "ungrounded",
    "error",
]
"""Why a judge gave no usable answer for a source (its stance is then ``unverified``):

- ``timeout``: no answer in time (``llm.timeout`` per attempt, or the bound on the whole call);
- ``rate_limit``: HTTP 429 after the client's retries;
- ``server_error``: HTTP 5xx after the client's retries;
- ``rejected``: another 4xx (a bad request, an unknown model, a prompt too long);
- ``connection``: the server could not be reached;
- ``malformed``: an answer that is not JSON or not the requested structure;
- ``refusal``: the model declined to answer;
- ``ungrounded``: it took a side but quoted nothing from the article to show it (quotes not
  in the text, or text addressed to an AI model);
- ``error``: anything else the client raised.

A refused key (401/403) is not among them: it stops the check as
:class:`verify.errors.LLMAuthError`.
"""


class Source(BaseModel):
    """One cleaned article. ``text`` is what every character offset points into."""

    id: str
    title: str
    date: str | None = None
    path: str | None = None
    url: str | None = None
    """The web address the article was fetched from, or one given for it."""
    author: str | None = None
    text: str
    content_hash: str
    flags: list[str] = Field(default_factory=list)


class SourceRecord(BaseModel):
    """A committed source as the store lists it: its details, without its text."""

    id: str
    title: str
    date: str | None
    path: str | None
    url: str | None = None
    author: str | None = None
    content_hash: str
    n_chunks: int
    flags: list[str] = Field(default_factory=list)


class Chunk(BaseModel):
    """A token-bounded span of a source, cut on sentence boundaries."""

    id: str
    source_id: str
    index: int
    start: int
    end: int
    text: str
    tokens: int


class Passage(BaseModel):
    """A chunk found for a claim, with its cosine similarity to the claim."""

    chunk: Chunk
    similarity: float
    content_hash: str = ""


class Evidence(BaseModel):
    """A verbatim quote: ``source_text[start:end] == quote`` is checked before it is shown."""

    quote: str
    start: int
    end: int
    stance: EvidenceStance
    score: float = 0.0


class SourceVerdict(BaseModel):
    """What one source says about the claim."""

    source_id: str
    title: str = ""
    date: str | None = None
    url: str | None = None
    stance: Stance
    confidence: float = 0.0
    evidence: list[Evidence] = Field(default_factory=list)
    judge: str = ""
    reason: str | None = None
    failure: Failure | None = None
    """Why the source is ``unverified``, as data (``reason`` says it in words); None when the
    judge answered."""
    similarity: float | None = None
    flags: list[str] = Field(default_factory=list)


class Usage(BaseModel):
    """LLM work done for a claim: measured by the API, estimated before the call, priced."""

    calls: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    estimated_prompt_tokens: int = 0
    cost_usd: float = 0.0

    def __add__(self, other: Usage) -> Usage:
        return Usage(
            calls=self.calls + other.calls,
            prompt_tokens=self.prompt_tokens + other.prompt_tokens,
            completion_tokens=self.completion_tokens + other.completion_tokens,
            estimated_prompt_tokens=self.estimated_prompt_tokens + other.estimated_prompt_tokens,
            cost_usd=round(self.cost_usd + other.cost_usd, 8),
        )


class Report(BaseModel):
    """The answer to one claim: a verdict and one entry per source in the store."""

    claim: str
    verdict: Verdict
    sources: list[SourceVerdict]
    judge_mode: str
    models: dict[str, str] = Field(default_factory=dict)
    usage: Usage = Field(default_factory=Usage)
    elapsed_s: float = 0.0

    def by_source(self) -> dict[str, SourceVerdict]:
        return {s.source_id: s for s in self.sources}


class Decomposed(BaseModel):
    """A compound claim, the reports of its atomic parts, and their combined verdict.

    Its JSON is ``{"claim": original, "parts": [report, ...], "verdict": combined}``."""

    claim: str
    parts: list[Report]
    verdict: Verdict


Checked = Report | Decomposed
"""What checking one claim gives: a Report, or for a claim split by ``--decompose`` the
reports of its parts (what every report format renders)."""


def reports_of(items: Sequence[Checked]) -> list[Report]:
    """Every Report in ``items``, a decomposed claim's parts in order."""
    return [r for it in items for r in ([it] if isinstance(it, Report) else it.parts)]
