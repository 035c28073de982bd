"""The ingest pipeline: load ──► chunk ──► embed ──► store, one batch of files at a time.

Unchanged files (same content hash as their committed record) are skipped before any
embedding. Chunks of a batch are embedded together; each source is committed after its chunks.
Writing a batch (Chroma's upsert and index update) runs in one writer thread while the next
batch is loaded, chunked and embedded, so the encoder is rarely idle. Writes stay in order, one
at a time, and an interrupted ingest waits for the write in flight: a source is committed
whole or not at all.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path

from .chunk import chunk_source
from .config import Settings
from .errors import IngestError, InputError
from .load import Article, Skipped, discover, load, source_id_for_url
from .models import Chunk, Source, SourceRecord
from .safety import instruction_flags
from .sourcemeta import SourceMeta
from .store import Store

Progress = Callable[[str, str], None]
"""Told ``(status, name)``: once per article with added/updated/unchanged/failed and its id;
and, while a batch of many passages is embedded, ``("embedding", "ID: N/M passages")`` — a
big file is minutes of work, and a bar that stands still for them looks hung."""
EMBED_SLICE = 64
"""Passages embedded between two "embedding" progress reports."""
"""Called as ``progress(status, name)`` once per file; status is added/updated/unchanged/failed."""


def chunks_of(source: Source, settings: Settings) -> list[Chunk]:
    """A source's passages as the configured chunking cuts them (ingest, repair and bench
    must cut alike, or a repaired source would differ from an ingested one)."""
    c = settings.chunking
    return chunk_source(source, c.size_tokens, c.overlap_tokens, c.encoding)


@dataclass
class IngestResult:
    """What an ingest did: source ids added, updated (text or details changed) and unchanged;
    files and pages that failed (``errors``); and files a folder ingest passed over without
    reading them as articles (``skipped``: other file types, hidden entries)."""

    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    errors: list[IngestError] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    chunks: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass
class Plan:
    """The articles an ingest will read, what it refuses up front, and what it passes over."""

    articles: list[Article]
    errors: list[IngestError]
    skipped: list[Skipped]


def plan(paths: Sequence[str | Path], settings: Settings, meta: SourceMeta | None = None) -> Plan:
    """The files and pages an ingest of ``paths`` would read. A string ``http(s)://…`` is a web
    page; anything else a file or folder. ``meta`` (an id, title, date, URL, author) describes
    one source, so it is refused with several paths or a folder."""
    from .fetch import looks_like_url

    files: list[Path] = []
    pages: list[Article] = []
    errors: list[IngestError] = []
    for p in paths:
        if isinstance(p, str) and looks_like_url(p):
            scheme = p.split("://", 1)[0].lower()
            if scheme not in ("http", "https"):
                errors.append(IngestError(p, "only http:// and https:// addresses can be fetched"))
            else:
                pages.append(Article(None, source_id_for_url(p), url=p))
        else:
            files.append(Path(p))
    if meta:
        if len(paths) != 1:
            raise InputError(
                f"an id, title, date or URL describes one source: give one file or web page, "
                f"not {len(paths)}"
            )
        if files and files[0].is_dir():
            raise InputError(
                f"an id, title, date or URL describes one source: {files[0]} is a folder"
            )
    skipped: list[Skipped] = []
    articles, found_errors = discover(files, settings.ingest.extensions, skipped)
    articles += pages
    if meta:
        articles = [replace(a, meta=meta) for a in articles]
    return Plan(articles, errors + found_errors, skipped)


def _origin(record: SourceRecord) -> str | None:
    """Where a stored source came from, comparably with :attr:`Article.origin`."""
    if record.path:
        return str(Path(record.path).resolve())
    return record.url


class _Ids:
    """Which source id each article gets, and whether it is free for it.

    A file or page already in the store keeps the id it was stored under (``verify ingest
    articles/`` then ``verify ingest articles/ferry/index.html`` updates ``ferry/index``). An
    id held by another file that still exists, or by another web page, is never taken over
    silently (``a/same.txt`` then ``b/same.txt``): the newcomer is refused with a reason.
    """

    def __init__(self, records: list[SourceRecord]) -> None:
        self.records = {r.id: r for r in records}
        self.owners = {o: r.id for r in records if (o := _origin(r))}
        self.claimed: dict[str, str] = {}  # id -> origin, in this ingest

    def stored_id(self, art: Article) -> Article:
        sid = self.owners.get(art.origin)
        if art.meta.id is None and sid is not None and sid != art.source_id:
            return replace(art, source_id=sid)
        return art

    def claim(self, sid: str, art: Article) -> None:
        """Take ``sid`` for ``art``, or raise IngestError saying who holds it."""
        other = self.claimed.get(sid)
        if other is not None and other != art.origin:
            raise IngestError(
                art.name,
                f"same source id {sid!r} as {other}; skipped (give one of them another id)",
            )
        rec = self.records.get(sid)
        held = _origin(rec) if rec is not None else None
        gone = rec is not None and rec.path is not None and not Path(rec.path).exists()
        if rec is not None and held is not None and held != art.origin and not gone:
            raise IngestError(
                art.name,
                f"source id {sid!r} already holds {rec.path or rec.url}; not replaced "
                f"(give this one another id, or `verify remove {sid}` first)",
            )
        self.claimed[sid] = art.origin


def ingest(
    store: Store,
    articles: list[Article],
    settings: Settings,
    progress: Progress | None = None,
) -> IngestResult:
    """Bring the store up to date with ``articles``; never raises for one bad file or page."""
    result = IngestResult()
    ids = _Ids(store.records())

    def loaded() -> Iterator[Source]:
        for art in articles:
            art = ids.stored_id(art)
            try:
                source = load(art, settings.ingest.max_file_bytes, settings.ingest)
                ids.claim(source.id, art)
            except IngestError as exc:
                result.errors.append(exc)
                if progress:
                    progress("failed", art.source_id)
                continue
            yield source

    ingest_sources(store, loaded(), settings, progress, result)
    return result


def ingest_sources(
    store: Store,
    sources: Iterable[Source],
    settings: Settings,
    progress: Progress | None = None,
    result: IngestResult | None = None,
) -> IngestResult:
    """Chunk, embed and commit already-loaded sources (files, or texts given in memory).

    A source whose text is unchanged but whose details (title, date, URL, author, path) are
    new has only its record rewritten: nothing is re-embedded.
    """
    result = result if result is not None else IngestResult()
    committed = {r.id: r for r in store.records()}
    # (source, its new chunks, whether it replaces a stored one, its chunk count)
    Batch = list[tuple[Source, list[Chunk], bool, int]]
    pending: Batch = []
    pending_chunks = 0
    in_flight: Future[Batch] | None = None

    def write(batch: Batch, chunks: list[Chunk], vectors: list[list[float]]) -> Batch:
        store.add_chunks(chunks, {src.id: src.content_hash for src, *_ in batch}, vectors)
        store.commit(
            [(src, n) for src, _, _, n in batch],
            replaced={src.id for src, cs, existed, _ in batch if existed and cs},
        )
        return batch

    def settle() -> None:
        """Wait for the write in flight (its error surfaces here) and report its sources."""
        nonlocal in_flight
        if in_flight is None:
            return
        done, in_flight = in_flight.result(), None
        for src, chunks, existed, _ in done:
            (result.updated if existed else result.added).append(src.id)
            result.chunks += len(chunks)
            if progress:
                progress("updated" if existed else "added", src.id)

    def embed(chunks: list[Chunk], name: str) -> list[list[float]]:
        if not progress or len(chunks) <= EMBED_SLICE:
            return store.embed(chunks)
        vectors: list[list[float]] = []
        for start in range(0, len(chunks), EMBED_SLICE):
            vectors += store.embed(chunks[start : start + EMBED_SLICE])
            progress("embedding", f"{name}: {len(vectors)}/{len(chunks)} passages")
        return vectors

    def flush() -> None:
        nonlocal pending, pending_chunks, in_flight
        if not pending:
            return
        batch, pending, pending_chunks = pending, [], 0
        chunks = [c for _, cs, *_ in batch for c in cs]
        vectors = embed(chunks, batch[-1][0].id)  # here, while the previous one is written
        settle()
        in_flight = writer.submit(write, batch, chunks, vectors)

    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="verify-write") as writer:
        try:
            for source in sources:
                old = committed.get(source.id)
                # flags are found again even for unchanged text: patterns improve, and a
                # re-ingest brings the stored flags up to date without embedding again
                source.flags = instruction_flags(source.text)
                if old is not None and old.content_hash == source.content_hash:
                    if _same_details(old, source):
                        result.unchanged.append(source.id)
                        if progress:
                            progress("unchanged", source.id)
                    else:
                        pending.append((source, [], True, old.n_chunks))
                    continue
                chunks = chunks_of(source, settings)
                pending.append((source, chunks, source.id in committed, len(chunks)))
                pending_chunks += len(chunks)
                if pending_chunks >= settings.ingest.batch_chunks:
                    flush()
            flush()
        finally:
            settle()  # also on Ctrl-C: the write in flight completes before we return
    return result


def _same_details(record: SourceRecord, source: Source) -> bool:
    return (record.title, record.date, record.path, record.url, record.author, record.flags) == (
        source.title,
        source.date,
        source.path,
        source.url,
        source.author,
        source.flags,
    )
