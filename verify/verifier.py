"""The library's front door: :class:`Verifier` runs ingest and check over one store.

check:  store ──► retrieve ──► judge (local ─► llm, cascade) ──► verdict ──► Report
Models are loaded once per Verifier and reused for every claim.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .aio import run_sync
from .config import JudgeMode, Settings
from .embed import LocalEmbeddings
from .errors import EmptyStoreError, InputError
from .judges.base import Judge, Judgment, SourceEvidence, ajudge
from .judges.local import StanceModel
from .judges.registry import JudgeContext, judge_spec
from .models import Report, Source, SourceRecord, SourceVerdict, Usage
from .overlap import names
from .retrieve import retrieve
from .safety import instruction_flags, plain_text
from .sourcemeta import Document, SourceMeta, checked
from .store import Store
from .verdict import overall, verify_quotes

if TYPE_CHECKING:
    # ingest (and the file loading it brings: charset detection...) is imported where it is
    # used: a check never needs it, and every one-claim `verify check` paid for the import
    from .ingest import IngestResult, Progress


@dataclass(frozen=True)
class Gathered:
    """A claim's evidence, before any judge has read it (:meth:`Verifier.gather`)."""

    claim: str
    """The claim as it will be judged (plain text, whitespace normalised)."""
    items: list[SourceEvidence]
    """The sources retrieval kept, each with its text and best passages."""
    dismissed: list[SourceVerdict]
    """``not_mentioned`` verdicts for the sources retrieval set aside."""


class Verifier:
    """Check claims against every source in a store. Construct with :meth:`from_config`."""

    def __init__(
        self,
        settings: Settings,
        *,
        embeddings: LocalEmbeddings | None = None,
        stance_model: StanceModel | None = None,
    ) -> None:
        """``embeddings`` and ``stance_model`` may be shared between Verifiers (and their
        caches with them), e.g. by an evaluation that builds one store per claim."""
        self.settings = settings
        self.embeddings = embeddings or LocalEmbeddings(
            batch_size=settings.embedding.batch_size,
            batch_tokens=settings.embedding.batch_tokens,
        )
        self.store = Store(settings, self.embeddings)
        self._stance_model = stance_model or (
            StanceModel(settings.judge.model_dir) if settings.judge.model_dir else StanceModel()
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
        self,
        paths: Iterable[str | Path],
        progress: Progress | None = None,
        on_wait: Any = None,
        meta: SourceMeta | None = None,
    ) -> IngestResult:
        """Add or update the articles under ``paths`` (files, folders, ``https://`` addresses
        given as strings); bad ones are reported in the result, not raised.

        ``meta`` sets one source's id, title, date, URL or author, so it needs exactly one file
        or address (InputError otherwise, before anything is read).
        """
        from .ingest import ingest, plan

        if meta:
            try:
                meta = checked(meta)
            except ValueError as exc:
                raise InputError(str(exc)) from None
        planned = plan(list(paths), self.settings, meta)
        with self.store.writing(on_wait or self.on_wait):
            result = ingest(self.store, planned.articles, self.settings, progress)
        result.errors[:0] = planned.errors
        result.skipped = planned.skipped
        return result

    def ingest_texts(self, documents: Iterable[Document | tuple[str, str, str]]) -> IngestResult:
        """Add articles given in memory: :class:`~verify.sourcemeta.Document` records (id and
        text, optionally title, date, URL and author), or the older ``(id, title, text)``
        tuples. Text is stored as given (only trimmed), so offsets index exactly what the caller
        passed. Every record is checked before anything is stored: one bad record is an
        InputError naming it, and the store is left as it was.
        """
        from .ingest import ingest_sources
        from .load import content_hash

        sources = []
        for n, doc in enumerate(documents, 1):
            if isinstance(doc, tuple) and len(doc) == 3:
                doc = Document(id=doc[0], title=doc[1] or None, text=doc[2])
            if not isinstance(doc, Document):
                raise InputError(f"document {n}: expected a Document or (id, title, text)")
            try:
                meta = checked(doc.meta)
            except ValueError as exc:
                raise InputError(f"document {n}: {exc}") from None
            if meta.id is None:
                raise InputError(f"document {n}: id: is missing")
            text = doc.text.strip() if isinstance(doc.text, str) else ""
            if not text:
                raise InputError(f"document {n} ({meta.id}): the text is empty")
            sources.append(
                Source(
                    id=str(meta.id),
                    title=meta.title or text[:80],
                    date=meta.date,
                    url=meta.url,
                    author=meta.author,
                    text=text,
                    content_hash=content_hash(text),
                )
            )
        with self.store.writing(self.on_wait):
            return ingest_sources(self.store, sources, self.settings)

    def remove(self, source_id: str) -> None:
        with self.store.writing(self.on_wait):
            if not self.store.remove(source_id):
                raise no_source(source_id, [r.id for r in self.store.records()])

    # -- read ------------------------------------------------------------------------
    def sources(self) -> list[SourceRecord]:
        with self.store.reading(self.on_wait):
            return self.store.records()

    def source(self, source_id: str) -> Source:
        with self.store.reading(self.on_wait):
            src = self.store.source(source_id)
            if src is None:
                raise no_source(source_id, [r.id for r in self.store.records()])
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
    # check = gather (retrieval, under the store's read lock) + report (judge, quotes checked
    # against the text, verdict). Both steps are public: an evaluation or a bench can gather
    # once and judge many ways, with no private access and no patching.

    @property
    def stance_model(self) -> StanceModel:
        """The local verifier, loaded once and shared by every judge built here."""
        return self._stance_model

    def preload(self, judge: JudgeMode | Judge | None = None) -> None:
        """Start loading the models a check with ``judge`` uses in background threads, and
        return at once: they load while the store is opened (a one-claim process waits for the
        slower of the two, not both). Nothing loads twice; a model that cannot be loaded
        fails at its first use, as without this call."""
        chosen = self.judge(judge or self.settings.judge_mode)
        self.embeddings.preload()
        if getattr(chosen, "uses_verifier", True):  # what :meth:`_models` loads for the report
            self._stance_model.preload()

    def check(self, claim: str, judge: JudgeMode | Judge | None = None) -> Report:
        """One claim against every source: a stance per source and an overall verdict.
        ``judge`` is a registered name (``local``, ``llm``, ``cascade``, a plugin's) or any
        object with the :class:`~verify.judges.base.Judge` interface."""
        return run_sync(self.acheck(claim, judge))

    def check_many(
        self, claims: Iterable[str], judge: JudgeMode | Judge | None = None
    ) -> Iterator[Report]:
        """Reports for many claims, models loaded once."""
        for claim in claims:
            yield self.check(claim, judge)

    async def acheck(self, claim: str, judge: JudgeMode | Judge | None = None) -> Report:
        started = time.perf_counter()
        chosen = judge or self.settings.judge_mode
        self.judge(chosen)  # an unknown mode fails before any work
        gathered = await self.agather(claim)
        return await self.areport(gathered, chosen, started=started)

    def gather(self, claim: str) -> Gathered:
        """The evidence for a claim: the sources to judge, with their best passages, and the
        verdicts of those retrieval dismissed."""
        return run_sync(self.agather(claim))

    async def agather(self, claim: str) -> Gathered:
        claim = self._validate(claim)
        with self.store.reading(self.on_wait):
            records = self.store.records()
            if not records:
                raise EmptyStoreError(
                    f"the store holds no sources ({self._where()}); run `verify ingest PATH` first"
                )
            vector = await asyncio.to_thread(self.embeddings.embed_query, claim)
            found = retrieve(
                self.store,
                records,
                vector,
                self.settings.retrieval,
                names=frozenset(names(claim)),
            )
            items = []
            for cand in found.candidates:
                src = self.store.source(cand.record.id)
                if src is not None:
                    # flags as today's checks see them: a store ingested before a pattern
                    # existed must not hide an injection from the judges
                    record = cand.record.model_copy(update={"flags": instruction_flags(src.text)})
                    items.append(
                        SourceEvidence(
                            record, src.text, cand.passages, cand.best, further=cand.further
                        )
                    )
        by_id = {r.id: r for r in records}
        threshold = self.settings.retrieval.min_similarity
        dismissed = [_dismissed(by_id[sid], sim, threshold) for sid, sim in found.dismissed.items()]
        return Gathered(claim, items, dismissed)

    def report(self, gathered: Gathered, judge: JudgeMode | Judge | None = None) -> Report:
        """Judge gathered evidence: every quote is checked against its source's text."""
        return run_sync(self.areport(gathered, judge or self.settings.judge_mode))

    async def areport(
        self, gathered: Gathered, judge: JudgeMode | Judge, *, started: float | None = None
    ) -> Report:
        started = time.perf_counter() if started is None else started
        mode, judge = (judge, self.judge(judge)) if isinstance(judge, str) else (judge.name, judge)
        items = gathered.items
        judgments = await ajudge(judge, gathered.claim, items) if items else []
        verdicts: list[SourceVerdict] = []
        usage = Usage()
        for item, j in zip(items, judgments, strict=True):
            # every judge's quotes: verbatim, and never text that talks to a model
            verdicts.append(verify_quotes(j.verdict, item.text))
            usage = usage + j.usage
        # every source carries its date and address into every report, whichever judge ran
        by_id = {item.record.id: item.record for item in items}
        verdicts = [
            v.model_copy(update={"date": by_id[v.source_id].date, "url": by_id[v.source_id].url})
            if v.source_id in by_id
            else v
            for v in verdicts
        ]
        verdicts.extend(gathered.dismissed)
        verdicts.sort(key=lambda v: v.source_id)
        return Report(
            claim=gathered.claim,
            verdict=overall(verdicts),
            sources=verdicts,
            judge_mode=mode,
            models=self._models(judge),
            usage=usage,
            elapsed_s=round(time.perf_counter() - started, 3),
        )

    def judge(self, mode: JudgeMode | Judge) -> Judge:
        """The registered judge called ``mode``, built once and kept (so are the models it
        loads); a judge object is returned as it is."""
        if not isinstance(mode, str):
            return mode
        if mode not in self._judges:
            spec = judge_spec(mode)
            ctx = JudgeContext(self.settings, self._stance_model, self.embeddings, self.judge)
            self._judges[mode] = spec.build(ctx)
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
        if getattr(judge, "uses_verifier", True):
            models["verifier"] = self._stance_model.model_id
        extra = getattr(judge, "describe", None)  # the Judge protocol does not require it
        if callable(extra):
            models.update(extra())
        return models

    def _where(self) -> str:
        c = self.settings.chroma
        return f"Chroma server {c.host}:{c.port}" if c.host else str(self.settings.store)


def _below(value: float, bar: float) -> tuple[str, str]:
    """``value`` and ``bar`` with as many decimals as it takes for the one to read below the
    other: 0.1951 against 0.20 is "0.195" against "0.200", not "0.20" against "0.20"."""
    for places in (2, 3, 4, 6):
        shown, limit = f"{value:.{places}f}", f"{bar:.{places}f}"
        if float(shown) < float(limit):
            return shown, limit
    return repr(value), repr(bar)


def _dismissed(record: SourceRecord, sim: float | None, threshold: float) -> SourceVerdict:
    shown, bar = _below(sim, threshold) if sim is not None else ("", f"{threshold:.2f}")
    best = f"closest passage {shown}" if sim is not None else "no passage near the top"
    return SourceVerdict(
        source_id=record.id,
        title=record.title,
        date=record.date,
        url=record.url,
        stance="not_mentioned",
        confidence=round(1.0 - max(sim or 0.0, 0.0), 4),
        judge="retrieval",
        reason=f"nothing in it is about this claim ({best}, below {bar} similarity)",
        similarity=round(sim, 4) if sim is not None else None,
        flags=list(record.flags),
    )


def no_source(source_id: str, ids: Sequence[str]) -> InputError:
    """The error for an id the store does not hold, naming the ids it may have meant (as a
    mistyped command gets one): those it begins, else the closest spellings."""
    import difflib

    near = [i for i in sorted(ids) if i.startswith(source_id)] if source_id else []
    near = near if 0 < len(near) <= 3 else difflib.get_close_matches(source_id, ids, n=3)
    hint = f"; did you mean {' or '.join(repr(i) for i in near)}?" if near else ""
    return InputError(f"no source with id {source_id!r}{hint}")


__all__ = ["Gathered", "Judgment", "Verifier"]
