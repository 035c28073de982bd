"""The ingest pipeline: load ──► chunk ──► embed ──► store, one batch of files at a time.

Unchanged files (same content hash as their committed record) are skipped before any
embedding. Chunks of a batch are embedded together; each source is committed after its chunks.
Writing a batch (Chroma's upsert and index update) runs in one writer thread while the next
batch is loaded, chunked and embedded, so the encoder is rarely idle. Writes stay in order, one
at a time, and an interrupted ingest waits for the write in flight: a source is committed
whole or not at all.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
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


def _not_clashing(store: Store, articles: list[Article], result: IngestResult) -> list[Article]:
    """Articles whose id is free, or held by this same file. A stored source that came from
    another file that still exists is never replaced silently (``a/same.txt`` then
    ``b/same.txt``): the newcomer is refused with a reason."""
    stored = {r.id: r.path for r in store.records() if r.path}
    keep = []
    for art in articles:
        other = stored.get(art.source_id)
        if other and Path(other).exists() and Path(other).resolve() != art.path.resolve():
            result.errors.append(
                IngestError(
                    str(art.path),
                    f"source id {art.source_id!r} already holds {other}; not replaced "
                    f"(rename the file, or `verify remove {art.source_id}` first)",
                )
            )
            continue
        keep.append(art)
    return keep


def ingest(
    store: Store,
    articles: list[Article],
    settings: Settings,
    progress: Progress | None = None,
) -> IngestResult:
    """Bring the store up to date with ``articles``; never raises for one bad file."""
    result = IngestResult()
    articles = _not_clashing(store, articles, result)

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
    Batch = list[tuple[Source, list[Chunk], bool]]
    pending: Batch = []
    pending_chunks = 0
    in_flight: Future[Batch] | None = None

    def write(batch: Batch, chunks: list[Chunk], vectors: list[list[float]]) -> Batch:
        store.add_chunks(chunks, {src.id: src.content_hash for src, _, _ in batch}, vectors)
        store.commit(
            [(src, len(cs)) for src, cs, _ in batch],
            replaced={src.id for src, _, existed in batch if existed},
        )
        return batch

    def settle() -> None:
        """Wait for the write in flight (its error surfaces here) and report its sources."""
        nonlocal in_flight
        if in_flight is None:
            return
        done, in_flight = in_flight.result(), None
        for src, chunks, existed in done:
            (result.updated if existed else result.added).append(src.id)
            result.chunks += len(chunks)
            if progress:
                progress("updated" if existed else "added", src.id)

    def flush() -> None:
        nonlocal pending, pending_chunks, in_flight
        if not pending:
            return
        batch, pending, pending_chunks = pending, [], 0
        chunks = [c for _, cs, _ in batch for c in cs]
        vectors = store.embed(chunks)  # here, while the previous batch is being written
        settle()
        in_flight = writer.submit(write, batch, chunks, vectors)

    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="verify-write") as writer:
        try:
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
        finally:
            settle()  # also on Ctrl-C: the write in flight completes before we return
    return result
