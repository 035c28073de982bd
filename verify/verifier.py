"""The library's front door: :class:`Verifier` runs ingest and check over one store.

check:  store ──► retrieve ──► judge (local ─► llm, cascade) ──► verdict ──► Report
Models are loaded once per Verifier and reused for every claim.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from .config import JudgeMode, Settings
from .embed import LocalEmbeddings
from .errors import ConfigError, EmptyStoreError, InputError
from .ingest import IngestResult, Progress, ingest, ingest_sources, plan
from .judges.base import Judge, Judgment, SourceEvidence, ajudge
from .judges.local import LocalJudge, VerifierModel
from .load import content_hash
from .models import Report, Source, SourceVerdict, Usage
from .retrieve import retrieve
from .safety import plain_text, tainted_lines
from .store import SourceRecord, Store
from .verdict import overall, verify_quotes


class Verifier:
    """Check claims against every source in a store. Construct with :meth:`from_config`."""

    def __init__(
        self,
        settings: Settings,
        *,
        embeddings: LocalEmbeddings | None = None,
        verifier_model: VerifierModel | None = None,
    ) -> None:
        """``embeddings`` and ``verifier_model`` may be shared between Verifiers (and their
        caches with them), e.g. by an evaluation that builds one store per claim."""
        self.settings = settings
        self.embeddings = embeddings or LocalEmbeddings(
            batch_size=settings.embedding.batch_size,
            batch_tokens=settings.embedding.batch_tokens,
        )
        self.store = Store(settings, self.embeddings)
        self._verifier_model = verifier_model or (
            VerifierModel(settings.judge.model_dir) if settings.judge.model_dir else VerifierModel()
        )
        self._judges: dict[str, Judge] = {}
        self.on_wait: Callable[[str], None] | None = None
        """Told when another process holds the store and this one must wait."""

    @classmethod
    def from_config(cls, config: str | Path | None = None, **overrides: Any) -> Verifier:
        """Settings from defaults < config file < environment < ``overrides``."""
        return cls(Settings.load(config, **overrides))

    # -- ingest ----------------------------------------------------------------------
    def ingest(
        self, paths: Iterable[str | Path], progress: Progress | None = None, on_wait: Any = None
    ) -> IngestResult:
        """Add or update the articles under ``paths``; bad files are reported, not raised."""
        articles, errors = plan([Path(p) for p in paths], self.settings)
        with self.store.writing(on_wait or self.on_wait):
            result = ingest(self.store, articles, self.settings, progress)
        result.errors[:0] = errors
        return result

    def ingest_texts(self, documents: Iterable[tuple[str, str, str]]) -> IngestResult:
        """Add documents given in memory as ``(source_id, title, text)``; text is stored as
        given (only trimmed), so offsets index exactly what the caller passed."""
        sources = [
            Source(
                id=sid,
                title=title or text[:80],
                text=text.strip(),
                content_hash=content_hash(text.strip()),
            )
            for sid, title, text in documents
        ]
        with self.store.writing(self.on_wait):
            return ingest_sources(self.store, sources, self.settings)

    def remove(self, source_id: str) -> None:
        with self.store.writing(self.on_wait):
            if not self.store.remove(source_id):
                raise InputError(f"no source with id {source_id!r}")

    # -- read ------------------------------------------------------------------------
    def sources(self) -> list[SourceRecord]:
        with self.store.reading(self.on_wait):
            return self.store.records()

    def source(self, source_id: str) -> Source:
        with self.store.reading(self.on_wait):
            src = self.store.source(source_id)
        if src is None:
            raise InputError(f"no source with id {source_id!r}")
        return src

    def texts(self, source_ids: Iterable[str]) -> dict[str, Source]:
        """The sources among ``source_ids`` still stored, read at once: a report written after
        a check leaves out (rather than fails on) a source removed in between."""
        with self.store.reading(self.on_wait):
            found = {sid: self.store.source(sid) for sid in source_ids}
        return {sid: src for sid, src in found.items() if src is not None}

    def source_text(self, source_id: str) -> str:
        """The cleaned text every evidence offset points into."""
        return self.source(source_id).text

    # -- check -----------------------------------------------------------------------
    def check(self, claim: str, judge: JudgeMode | None = None) -> Report:
        """One claim against every source: a stance per source and an overall verdict."""
        return asyncio.run(self.acheck(claim, judge))

    def check_many(self, claims: Iterable[str], judge: JudgeMode | None = None) -> Iterator[Report]:
        """Reports for many claims, models loaded once."""
        for claim in claims:
            yield self.check(claim, judge)

    async def acheck(self, claim: str, judge: JudgeMode | None = None) -> Report:
        started = time.perf_counter()
        claim = self._validate(claim)
        mode = judge or self.settings.judge_mode
        judge_impl = self.judge(mode)
        with self.store.reading(self.on_wait):
            records = self.store.records()
            if not records:
                raise EmptyStoreError(
                    f"the store holds no sources ({self._where()}); run `verify ingest PATH` first"
                )
            vector = await asyncio.to_thread(self.embeddings.embed_query, claim)
            found = retrieve(self.store, records, vector, self.settings.retrieval)
            items = []
            for cand in found.candidates:
                src = self.store.source(cand.record.id)
                if src is not None:
                    items.append(SourceEvidence(cand.record, src.text, cand.passages, cand.best))
        judgments = await ajudge(judge_impl, claim, items) if items else []
        verdicts: list[SourceVerdict] = []
        usage = Usage()
        for item, j in zip(items, judgments, strict=True):
            tainted = tainted_lines(item.text) if item.record.flags else None
            verdicts.append(verify_quotes(j.verdict, item.text, tainted))
            usage = usage + j.usage
        by_id = {r.id: r for r in records}
        for sid, sim in found.dismissed.items():
            verdicts.append(_dismissed(by_id[sid], sim, self.settings.retrieval.min_similarity))
        verdicts.sort(key=lambda v: v.source_id)
        return Report(
            claim=claim,
            verdict=overall(verdicts),
            sources=verdicts,
            judge_mode=mode,
            models=self._models(judge_impl),
            usage=usage,
            elapsed_s=round(time.perf_counter() - started, 3),
        )

    def judge(self, mode: JudgeMode) -> Judge:
        """The judge for ``mode``, built once and kept (so are the models it loads)."""
        if mode not in ("local", "llm", "cascade"):
            raise ConfigError(f"unknown judge mode {mode!r}: use local, llm or cascade")
        if mode not in self._judges:
            self._judges[mode] = self._build_judge(mode)
        return self._judges[mode]

    @contextmanager
    def cassette(
        self,
        record: str | Path | None = None,
        replay: str | Path | None = None,
        notify: Callable[[str], None] | None = None,
    ) -> Iterator[Any]:
        """Record the LLM calls made inside into a cassette, or replay them from one.

        Replaying puts the recorded LLM settings (model, base_url, method, prompt version...)
        in force and needs no server and no key; a request the cassette lacks is a ReplayError.
        """
        from . import replay as rp

        if record is not None and replay is not None:
            raise InputError("use --record or --replay, not both")
        if record is None and replay is None:
            yield None
            return
        if replay is not None:
            # The recorded settings go into a copy: the caller's Settings object is never
            # changed, and the judges built for the replay are dropped after it.
            llm = self.settings.llm.model_copy(deep=True)
            rp.apply_metadata(llm, rp.read_metadata(replay), f"cassette {replay}")
            own, judges = self.settings, self._judges
            self.settings = own.model_copy(update={"llm": llm})
            self._judges = {k: v for k, v in judges.items() if k not in ("llm", "cascade")}
            try:
                with rp.use_cassette(replay, "replay") as cas:
                    yield cas
            finally:
                self.settings, self._judges = own, judges
            return
        from .judges.llm import load_prompt

        meta = rp.settings_metadata(self.settings.llm, load_prompt(self.settings.llm.prompt).tag)
        secrets = rp.secret_values(self.settings.llm)
        with rp.use_cassette(record, "record", meta, notify, secrets) as cas:  # type: ignore[arg-type]
            yield cas

    def _build_judge(self, mode: JudgeMode) -> Judge:
        local = LocalJudge(self.settings.judge, self._verifier_model, self.embeddings)
        if mode == "local":
            return local
        from .judges.llm import LLMJudge

        llm = LLMJudge(self.settings.llm)
        if mode == "llm":
            return llm
        from .judges.cascade import CascadeJudge

        return CascadeJudge(local, llm)

    def _validate(self, claim: str) -> str:
        if not isinstance(claim, str):
            raise InputError("the claim must be text")
        claim = " ".join(plain_text(claim).split())
        if not claim:
            raise InputError("the claim is empty")
        limit = self.settings.check.max_claim_chars
        if len(claim) > limit:
            raise InputError(f"the claim is {len(claim)} characters long; the limit is {limit}")
        return claim

    def _models(self, judge: Judge) -> dict[str, str]:
        models = {"embedding": self.embeddings.model_id}
        if not getattr(judge, "name", "").startswith("llm:"):  # the LLM alone needs no verifier
            models["verifier"] = self._verifier_model.model_id
        extra = getattr(judge, "describe", None)
        if callable(extra):
            models.update(extra())
        return models

    def _where(self) -> str:
        c = self.settings.chroma
        return f"Chroma server {c.host}:{c.port}" if c.host else str(self.settings.store)


def _dismissed(record: SourceRecord, sim: float | None, threshold: float) -> SourceVerdict:
    best = f"closest passage {sim:.2f}" if sim is not None else "no passage near the top"
    return SourceVerdict(
        source_id=record.id,
        title=record.title,
        date=record.date,
        stance="not_mentioned",
        confidence=round(1.0 - max(sim or 0.0, 0.0), 4),
        judge="retrieval",
        reason=f"nothing in it is about this claim ({best}, below {threshold:.2f} similarity)",
        similarity=round(sim, 4) if sim is not None else None,
        flags=list(record.flags),
    )


__all__ = ["Judgment", "Verifier"]
