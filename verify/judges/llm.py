"""The LLM judge: any OpenAI-compatible chat model through ``langchain_openai.ChatOpenAI``.

One call per source, with that source's retrieved passages (or, in a cascade, the sentences the
local verifier read closely) inside ``<article>`` tags, fanned out with a concurrency bound.
From prompt v3 the article is spotlighted as data: its tags carry a per-request code the
article cannot forge (``<article-3f9a…>``), and lines that talk to a model are cut out before
the model sees them (an order it is not shown, it cannot obey).
The answer is a structured :class:`LLMVerdict`; every quote in it is located in the source
text (exact find) and dropped when absent, so nothing the model invents is ever shown. Any
failure (timeout, 429/5xx after the SDK's retries, a malformed or refused answer) makes that
one source ``unverified`` with the reason in words and its kind in ``SourceVerdict.failure``:
the run goes on and a failure is never read as support. The client itself (settings, pricing,
kinds of failure) is :mod:`verify.llm_client`, shared with the decomposer.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import re
import weakref
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, Literal, get_args

import yaml
from pydantic import BaseModel, Field

from .. import llm_client
from ..config import LLMSettings
from ..errors import ConfigError, LLMAuthError
from ..llm_client import failure_kind, measured, one_line, refused_key, whole_call_bound
from ..models import Evidence, Failure, SourceVerdict, Usage
from ..safety import addresses_model, tainted_lines
from .base import BaseJudge, Judgment, SourceEvidence

REPO_PROMPTS = Path(__file__).resolve().parent.parent.parent / "prompts"
MAX_REASON = 200
"""Characters of the model's reason kept for the report."""


# -- the structured answer -------------------------------------------------------------------
class LLMQuote(BaseModel):
    """One verbatim quote from the article and the side it takes."""

    quote: str = Field(description="words copied exactly from one passage of the article")
    stance: Literal["supports", "refutes"] = Field(description="what this quote shows")


class LLMVerdict(BaseModel):
    """The article's stance on the claim, with verbatim quotes and a short reason."""

    stance: Literal["supports", "refutes", "mixed", "not_mentioned"]
    quotes: list[LLMQuote] = Field(default_factory=list, max_length=4)
    reason: str = Field("", description="one short sentence")


# -- the prompt --------------------------------------------------------------------------------
@dataclass(frozen=True)
class Prompt:
    name: str
    version: int
    system: str
    user: str
    offsets: bool = True
    """Whether passages are tagged with their character offsets (v1 did; the model never
    needs them, since quotes are located by exact find)."""
    nonce: bool = False
    """Whether the article's tags carry a code derived from what is sent (``{nonce}``), so the
    article cannot write its own closing tag (spotlighting by delimiters; v3 on)."""
    redact_flagged: bool = False
    """Whether lines that address a model (verify.safety) are cut out of what is sent: a model
    cannot obey an order it is not shown (v3 on)."""

    @property
    def tag(self) -> str:
        return f"{self.name}-v{self.version}"


def _prompt_text(filename: str) -> str | None:
    """A prompt file from the installed package (``verify.prompts``), else the repo's folder."""
    try:
        res = resources.files("verify.prompts").joinpath(filename)
        if res.is_file():
            return res.read_text(encoding="utf-8")
    except (ModuleNotFoundError, FileNotFoundError, NotADirectoryError):
        pass
    path = REPO_PROMPTS / filename
    return path.read_text(encoding="utf-8") if path.is_file() else None


PROMPT_NAME = re.compile(r"^[A-Za-z0-9_-]+(\.v[0-9]+)?$")
"""A prompt is named, never given as a path: ``judge`` or ``judge.v2``."""


@lru_cache(maxsize=8)
def load_prompt(name: str = "judge") -> Prompt:
    """``name`` is ``judge`` (the highest version shipped) or ``judge.v1`` (that version)."""
    if not PROMPT_NAME.match(name):
        raise ConfigError(f"{name!r} is not a prompt name; use e.g. judge or judge.v2")
    if "." in name:
        candidates = [f"{name}.yaml"]
    else:
        candidates = [f"{name}.v{v}.yaml" for v in range(20, 0, -1)]
    for filename in candidates:
        text = _prompt_text(filename)
        if text is None:
            continue
        try:
            data = yaml.safe_load(text)
            return Prompt(
                str(data["name"]),
                int(data["version"]),
                data["system"],
                data["user"],
                bool(data.get("passage_offsets", True)),
                bool(data.get("article_nonce", False)),
                bool(data.get("redact_flagged", False)),
            )
        except (yaml.YAMLError, KeyError, TypeError, ValueError) as exc:
            raise ConfigError(f"prompt {filename} is invalid: {exc}") from None
    raise ConfigError(f"no prompt named {name!r} (looked for prompts/{candidates[-1]})")


REDACTED = "[removed: text addressed to an AI model]"
"""What an LLM sees in place of a line that talks to a model (prompts with redact_flagged)."""


def _redacted(text: str, start: int, end: int, cut: list[tuple[int, int]]) -> str:
    """``text[start:end]`` with the ``cut`` spans inside it replaced by REDACTED."""
    parts, pos = [], start
    for a, b in sorted(cut):
        a, b = max(a, start), min(b, end)
        if a >= b or a < pos:
            continue
        parts += [text[pos:a], REDACTED]
        pos = b
    return "".join([*parts, text[pos:end]])


def format_passages(
    item: SourceEvidence, offsets: bool = True, redact: list[tuple[int, int]] | None = None
) -> str:
    """The candidate passages, in article order (overlaps merged), each delimited (with its
    character offsets when ``offsets``): the item's ``focus`` spans when a previous judge set
    them (a cascade sends only the sentences its verifier found telling), else the retrieved
    chunks. The ``redact`` spans (lines that address a model) are replaced by REDACTED.
    A closing tag inside the text is defused so the article cannot end its own delimiters."""
    wanted = item.focus or [(p.chunk.start, p.chunk.end) for p in item.passages]
    spans: list[list[int]] = []
    for start, end in sorted(set(wanted)):
        if spans and start <= spans[-1][1]:  # overlapping chunks: one passage, no repeats
            spans[-1][1] = max(spans[-1][1], end)
        else:
            spans.append([start, end])
    parts = []
    for start, end in spans:
        body = _redacted(item.text, start, end, redact or [])
        for tag in ("</article", "</passage"):
            body = body.replace(tag, tag.replace("</", "< /"))
        tag = f"<passage start={start} end={end}>" if offsets else "<passage>"
        parts.append(f"{tag}\n{body}\n</passage>")
    return "\n".join(parts)


def article_nonce(inputs: dict[str, str]) -> str:
    """The code in the article's tags: a hash of everything sent, so it differs from call to
    call, yet the same request is the same bytes (cassettes replay, answers are cached), and
    no article can contain the code of a request that contains that article."""
    blob = json.dumps(inputs, sort_keys=True, ensure_ascii=False).encode()
    return hashlib.sha256(blob).hexdigest()[:12]


def locate(text: str, quote: str, hint: int = 0) -> tuple[int, int] | None:
    """Offsets of ``quote`` in ``text`` (exact find, nearest ``hint`` first), or None."""
    q = quote.strip().strip('"').strip()
    if not q:
        return None
    at = text.find(q, hint)
    if at < 0:
        at = text.find(q)
    return (at, at + len(q)) if at >= 0 else None


# -- the judge ---------------------------------------------------------------------------------
class LLMJudge(BaseJudge):
    """Judges each source with one chat-model call; see the module docstring."""

    def __init__(self, settings: LLMSettings, chat_model: Any = None) -> None:
        self.settings = settings
        self.prompt = load_prompt(settings.prompt)
        self._injected = chat_model
        self._model: Any = None
        self._model_loop: Any = None
        """The event loop the model's connections belong to (a weak reference)."""
        self._chain: Any = None
        self._chain_model: Any = None
        self._cache: dict[str, Judgment] = {}
        """Answers by content hash, so the chat prompt and batches never pay twice."""

    @property
    def name(self) -> str:
        return f"llm:{self.settings.model}:{self.prompt.tag}"

    def describe(self) -> dict[str, str]:
        return {"llm": self.settings.model, "prompt": self.prompt.tag}

    # -- building ----------------------------------------------------------------------------
    def chat_model(self) -> Any:
        """The chat model; one of our own is rebuilt for each event loop, since its connection
        pool cannot outlive the loop it was opened in (each ``Verifier.check`` and each claim of
        an eval runs in a loop of its own)."""
        if self._injected is not None:
            return self._injected
        try:
            loop: Any = asyncio.get_running_loop()
        except RuntimeError:
            loop = None
        if self._model is None or (self._model_loop() if self._model_loop else None) is not loop:
            self._model = llm_client.chat_model(self.settings, own_async_client=True)
            self._model_loop = weakref.ref(loop) if loop is not None else None
        return self._model

    def chain(self) -> Any:
        model = self.chat_model()
        if self._chain is None or self._chain_model is not model:
            from langchain_core.prompts import ChatPromptTemplate

            template = ChatPromptTemplate.from_messages(
                [("system", self.prompt.system), ("human", self.prompt.user)]
            )
            self._chain_model = model
            structured = model.with_structured_output(
                LLMVerdict, method=self.settings.method, include_raw=True
            )
            self._template = template
            self._chain = template | structured
        return self._chain

    def _inputs(self, claim: str, item: SourceEvidence) -> dict[str, str]:
        r = item.record
        clean = lambda s: (s or "").replace('"', "'").replace("\n", " ")  # noqa: E731
        title = clean(r.title)
        cut = None
        if self.prompt.redact_flagged:
            cut = tainted_lines(item.text)
            title = "[removed]" if addresses_model(title) else title
        inputs = {
            "claim": claim,
            "source_id": r.id,
            "title": title,
            "date": clean(r.date) or "unknown",
            "passages": format_passages(item, self.prompt.offsets, cut),
        }
        if self.prompt.nonce:
            inputs["nonce"] = article_nonce(inputs)
        return inputs

    def prompt_tokens(self, claim: str, item: SourceEvidence) -> int:
        """The prompt tokens a call about ``item`` would send (tiktoken, before any call)."""
        return self._estimate(self._inputs(claim, item))

    def _estimate(self, inputs: dict[str, str]) -> int:
        from ..tokens import encoding_for_model

        enc = encoding_for_model(self.settings.model)
        messages = self._template.format_messages(**inputs)
        # ~4 tokens of chat framing per message, +3 to prime the reply (OpenAI's cookbook rule)
        return sum(len(enc.encode(str(m.content), disallowed_special=())) + 4 for m in messages) + 3

    # -- judging -----------------------------------------------------------------------------
    async def ajudge_sources(self, claim: str, items: list[SourceEvidence]) -> list[Judgment]:
        inputs, out, todo = self._from_cache(claim, items)
        if todo:
            chain, limit = self.chain(), asyncio.Semaphore(self.settings.max_concurrency)
            deadline = whole_call_bound(self.settings.timeout, self.settings.max_retries)

            async def one(inp: dict[str, str]) -> Any:
                # the SDK's timeout is per read: a server that drips a byte at a time would
                # never trip it, so every call also has a bound on the whole
                async with limit:
                    try:
                        return await asyncio.wait_for(chain.ainvoke(inp), deadline)
                    except TimeoutError:
                        raise TimeoutError(f"no answer within {deadline:g} s") from None

            # a call that got no answer when the replayed cassette was recorded fails alike
            recorded = [self._recorded_failure(inputs[i]) for i in todo]
            calls = [one(inputs[i]) for i, r in zip(todo, recorded, strict=True) if r is None]
            answers = iter(await asyncio.gather(*calls, return_exceptions=True))
            results = [r if r is not None else next(answers) for r in recorded]
            self._fill(inputs, items, out, todo, results)
        return [j for j in out if j is not None]

    # -- judgment cache: same claim, passages, model, prompt and method → same answer ----------
    def _key(self, inputs: dict[str, str]) -> str:
        s = self.settings
        blob = json.dumps([inputs, s.model, s.base_url, s.method, self.prompt.tag], sort_keys=True)
        return hashlib.sha256(blob.encode()).hexdigest()

    def _call_key(self, inputs: dict[str, str]) -> str:
        """A call's identity in a cassette: what shapes its request, not where it was sent."""
        s = self.settings
        blob = json.dumps([inputs, s.model, s.method, self.prompt.tag], sort_keys=True)
        return hashlib.sha256(blob.encode()).hexdigest()[:32]

    def _recorded_failure(self, inputs: dict[str, str]) -> BaseException | None:
        from ..replay import recorded_failure

        return recorded_failure(self._call_key(inputs))

    def _from_cache(
        self, claim: str, items: list[SourceEvidence]
    ) -> tuple[list[dict[str, str]], list[Judgment | None], list[int]]:
        inputs = [self._inputs(claim, item) for item in items]
        out: list[Judgment | None] = []
        todo: list[int] = []
        for i, inp in enumerate(inputs):
            hit = self._cache.get(self._key(inp))
            if hit is None:
                todo.append(i)
            out.append(Judgment(verdict=hit.verdict, unsure=hit.unsure) if hit else None)
        return inputs, out, todo

    def _fill(
        self,
        inputs: list[dict[str, str]],
        items: list[SourceEvidence],
        out: list[Judgment | None],
        todo: list[int],
        results: list[Any],
    ) -> None:
        for i, result in zip(todo, results, strict=True):
            j = self._judgment(inputs[i], items[i], result)
            out[i] = j
            if j.verdict.stance != "unverified":  # failures are retried next time
                self._cache[self._key(inputs[i])] = j

    def _judgment(self, inputs: dict[str, str], item: SourceEvidence, result: Any) -> Judgment:
        usage = Usage(calls=1, estimated_prompt_tokens=self._estimate(inputs))
        if isinstance(result, BaseException):
            from ..replay import replay_miss

            miss = replay_miss(result)
            if miss is not None:
                raise miss  # a replay that lacks this request: the run cannot be trusted
            if isinstance(result, (KeyboardInterrupt, asyncio.CancelledError)):
                raise result
            refused = refused_key(result)
            if refused:  # a wrong key fails every call alike: an error, not N unverified
                from ..replay import without_credentials

                server = without_credentials(self.settings.base_url) or "api.openai.com"
                raise LLMAuthError(server, refused)
            from ..replay import RecordedFailure, note_unanswered

            if isinstance(result, RecordedFailure):
                detail = str(result)  # the recorded line, word for word
                kind: Failure = result.kind if result.kind in get_args(Failure) else "error"  # type: ignore[assignment]
            else:
                detail, kind = one_line(result), failure_kind(result)
                note_unanswered(self._call_key(inputs), detail, kind)
            why = f"the LLM gave no answer ({detail})"
            return self._unverified(item, why, usage, kind)
        raw = result.get("raw") if isinstance(result, dict) else None
        usage = self._usage(usage, raw)
        parsed = result.get("parsed") if isinstance(result, dict) else None
        if parsed is None:
            refusal = getattr(raw, "additional_kwargs", {}).get("refusal") if raw else None
            if refusal:
                said = str(refusal)[:200]
                why = f"the LLM declined to judge it ({said})"
                return self._unverified(item, why, usage, "refusal")
            err = result.get("parsing_error") if isinstance(result, dict) else None
            why = one_line(err) if err else "no structured answer"
            return self._unverified(
                item, f"the LLM's answer could not be read ({why})", usage, "malformed"
            )
        return Judgment(verdict=self._verdict(item, parsed), usage=usage)

    def _usage(self, usage: Usage, raw: Any) -> Usage:
        got = measured(raw, self.settings)
        return usage.model_copy(
            update={
                "prompt_tokens": got.prompt_tokens,
                "completion_tokens": got.completion_tokens,
                "cost_usd": got.cost_usd,
            }
        )

    def _verdict(self, item: SourceEvidence, parsed: LLMVerdict) -> SourceVerdict:
        shown = item.focus or [(p.chunk.start, p.chunk.end) for p in item.passages]
        hint = min((a for a, _ in shown), default=0)
        evidence: list[Evidence] = []
        dropped = 0
        for q in parsed.quotes:
            where = locate(item.text, q.quote, hint)
            if where is None:
                dropped += 1
                continue
            if any(e.start == where[0] and e.end == where[1] for e in evidence):
                continue
            evidence.append(
                Evidence(
                    quote=item.text[where[0] : where[1]],
                    start=where[0],
                    end=where[1],
                    stance=q.stance,
                    score=1.0,
                )
            )
        # asked for one short sentence; a small model may ramble or echo the prompt's tags
        said = " ".join(parsed.reason.split())
        if len(said) > MAX_REASON:
            said = said[: MAX_REASON - 1].rstrip() + "…"
        reason = said or None
        if dropped:
            note = f"{dropped} quote(s) not found in the source were dropped"
            reason = f"{reason} ({note})" if reason else note
        return self._base(item).model_copy(
            update={
                "stance": parsed.stance,
                "confidence": 1.0,  # a chat model gives no calibrated score
                "evidence": evidence,
                "reason": reason,
            }
        )

    def _base(self, item: SourceEvidence) -> SourceVerdict:
        return self.verdict(item, "unverified")

    def _unverified(
        self, item: SourceEvidence, reason: str, usage: Usage, failure: Failure
    ) -> Judgment:
        verdict = self._base(item).model_copy(update={"reason": reason, "failure": failure})
        return Judgment(verdict=verdict, usage=usage)


__all__ = ["LLMJudge", "LLMQuote", "LLMVerdict", "load_prompt"]
