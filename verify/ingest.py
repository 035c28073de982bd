"""The ingest pipeline: load ──► chunk ──► embed ──► store, one batch of files at a time.

Unchanged files (same content hash as their committed record) are skipped before any
embedding. Chunks of a batch are embedded together; each source is committed after its chunks.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .chunk import chunk_source
from .config import Settings
from .errors import IngestError
from .load import Article, discover, load
from .models import Chunk, Source
from .safety import instruction_flags
from .store import Store

Progress = Callable[[str, str], None]
"""Called as ``progress(status, name)`` once per file; status is added/updated/unchanged/failed."""


@dataclass
class IngestResult:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    errors: list[IngestError] = field(default_factory=list)
    chunks: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors


def plan(paths: list[Path], settings: Settings) -> tuple[list[Article], list[IngestError]]:
    """The files an ingest of ``paths`` would read, and the paths it must refuse."""
    articles, errors = discover(paths, settings.ingest.extensions)
    seen: dict[str, Path] = {}
    unique: list[Article] = []
    for art in articles:
        if art.source_id in seen:
            errors.append(
                IngestError(str(art.path), f"same source id as {seen[art.source_id]}; skipped")
            )
            continue
        seen[art.source_id] = art.path
        unique.append(art)
    return unique, errors


def ingest(
    store: Store,
    articles: list[Article],
    settings: Settings,
    progress: Progress | None = None,
) -> IngestResult:
    """Bring the store up to date with ``articles``; never raises for one bad file."""
    result = IngestResult()

    def loaded() -> Iterator[Source]:
        for art in articles:
            try:
                yield load(art, settings.ingest.max_file_bytes)
            except IngestError as exc:
                result.errors.append(exc)
                if progress:
                    progress("failed", art.source_id)

    ingest_sources(store, loaded(), settings, progress, result)
    return result


def ingest_sources(
    store: Store,
    sources: Iterable[Source],
    settings: Settings,
    progress: Progress | None = None,
    result: IngestResult | None = None,
) -> IngestResult:
    """Chunk, embed and commit already-loaded sources (files, or texts given in memory)."""
    result = result if result is not None else IngestResult()
    committed = {r.id: r.content_hash for r in store.records()}
    pending: list[tuple[Source, list[Chunk], bool]] = []
    pending_chunks = 0

    def flush() -> None:
        nonlocal pending, pending_chunks
        if not pending:
            return
        hashes = {src.id: src.content_hash for src, _, _ in pending}
        store.add_chunks([c for _, chunks, _ in pending for c in chunks], hashes)
        store.commit(
            [(src, len(chunks)) for src, chunks, _ in pending],
            replaced={src.id for src, _, existed in pending if existed},
        )
        for src, chunks, existed in pending:
            (result.updated if existed else result.added).append(src.id)
            result.chunks += len(chunks)
            if progress:
                progress("updated" if existed else "added", src.id)
        pending, pending_chunks = [], 0

    for source in sources:
        if committed.get(source.id) == source.content_hash:
            result.unchanged.append(source.id)
            if progress:
                progress("unchanged", source.id)
            continue
        source.flags = instruction_flags(source.text)
        chunks = chunk_source(
            source,
            settings.chunking.size_tokens,
            settings.chunking.overlap_tokens,
            settings.chunking.encoding,
        )
        pending.append((source, chunks, source.id in committed))
        pending_chunks += len(chunks)
        if pending_chunks >= settings.ingest.batch_chunks:
            flush()
    flush()
    return result
