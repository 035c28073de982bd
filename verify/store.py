"""Chroma behind a small interface: chunks (with vectors) and sources (the committed record).

Embedded ``PersistentClient`` by default; with ``chroma.host`` set the same code talks to a
server through ``HttpClient``. A source counts as stored only once its record is written, and
records are written *after* the source's chunks: a process killed half-way leaves chunks no
record points to, which readers ignore and the next ingest replaces.
"""

from __future__ import annotations

import fcntl
import json
import os
import time
from collections.abc import Collection, Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from .config import Settings
from .errors import StoreError
from .models import Chunk, Passage, Source

if TYPE_CHECKING:
    from langchain_core.embeddings import Embeddings

LOCK_NAME = "lock"
GENERATION_NAME = "generation"
LOCK_TIMEOUT_S = 600.0


class SourceRecord(BaseModel):
    """A committed source, without its text."""

    id: str
    title: str
    date: str | None
    path: str | None
    url: str | None = None
    author: str | None = None
    content_hash: str
    n_chunks: int
    flags: list[str] = []


def make_client(settings: Settings) -> Any:
    """A chromadb client for the configured location, telemetry off."""
    import chromadb
    from chromadb.config import Settings as ChromaConfig

    config = ChromaConfig(anonymized_telemetry=False)
    try:
        if settings.chroma.host:
            return chromadb.HttpClient(
                host=settings.chroma.host,
                port=settings.chroma.port,
                ssl=settings.chroma.ssl,
                settings=config,
            )
        settings.store.mkdir(parents=True, exist_ok=True)
        return chromadb.PersistentClient(path=str(settings.store), settings=config)
    except StoreError:
        raise
    except Exception as exc:  # chromadb raises a variety of untyped errors
        where = (
            f"Chroma server {settings.chroma.host}:{settings.chroma.port}"
            if settings.chroma.host
            else f"store {settings.store}"
        )
        raise StoreError(f"cannot open {where}: {_one_line(exc)}") from None


def exists(settings: Settings) -> bool:
    """Whether the configured store is there to read: a server, or a folder verify made (its
    lock file, taken first by a running ingest, or Chroma's database). Read commands check
    this so that a mistyped ``--store`` is reported instead of becoming a new, empty store."""
    folder = settings.store
    return bool(settings.chroma.host) or any(
        (folder / name).is_file() for name in (LOCK_NAME, "chroma.sqlite3")
    )


def _one_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__


class Store:
    """Read and write chunks and source records.

    In embedded mode processes coordinate through ``<store>/lock``: a check holds it shared, an
    ingest or removal holds it exclusively, so a reader never sees a half-written index and a
    second writer waits (saying so) instead of racing. Each write bumps ``<store>/generation``;
    a long-lived process whose client predates a write reopens it before reading again.
    """

    def __init__(self, settings: Settings, embeddings: Embeddings) -> None:
        self.settings = settings
        self.embeddings = embeddings
        self._client: Any = None
        self._chunks: Any = None
        self._sources: Any = None
        self._generation = -1
        self._records: list[SourceRecord] | None = None

    @property
    def embedded(self) -> bool:
        return not self.settings.chroma.host

    def _open(self) -> None:
        if self.embedded and self._client is not None:
            from chromadb.api.client import SharedSystemClient

            SharedSystemClient.clear_system_cache()  # drop the stale in-memory index
        self._client = make_client(self.settings)
        prefix = self.settings.chroma.collection_prefix
        try:
            # The collection langchain-chroma made, used directly (that package's import
            # cost a one-claim `verify check` about a second).
            self._chunks = self._client.get_or_create_collection(
                f"{prefix}_chunks", embedding_function=None, metadata={"hnsw:space": "cosine"}
            )
            self._sources = self._client.get_or_create_collection(
                f"{prefix}_sources", embedding_function=None
            )
        except Exception as exc:
            raise StoreError(f"cannot open collections: {_one_line(exc)}") from None
        self._generation = self._read_generation()
        self._records = None

    # Opened on first use; reading()/writing() reopen them when another process has written,
    # so the generation file is read once per lock, not on every access.
    @property
    def chunks(self) -> Any:
        """The chunks' Chroma collection (vectors are computed here, never by Chroma)."""
        if self._chunks is None:
            self._open()
        assert self._chunks is not None
        return self._chunks

    @property
    def sources_collection(self) -> Any:
        if self._sources is None:
            self._open()
        return self._sources

    # -- coordination between processes ---------------------------------------------------
    def _stale(self) -> bool:
        return self.embedded and self._read_generation() != self._generation

    def _read_generation(self) -> int:
        if not self.embedded:
            return 0
        try:
            return int((self.settings.store / GENERATION_NAME).read_text() or 0)
        except (OSError, ValueError):
            return 0

    def _bump_generation(self) -> None:
        path = self.settings.store / GENERATION_NAME
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        generation = self._read_generation() + 1
        tmp.write_text(str(generation))
        os.replace(tmp, path)
        self._generation = generation

    @contextmanager
    def _locked(self, exclusive: bool, on_wait: Any = None) -> Iterator[None]:
        if not self.embedded:
            yield  # the server serialises its own writes
            return
        self.settings.store.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.settings.store / LOCK_NAME, os.O_RDWR | os.O_CREAT, 0o644)
        mode = fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH
        try:
            try:
                fcntl.flock(fd, mode | fcntl.LOCK_NB)
            except BlockingIOError:
                if on_wait is not None:
                    what = "writing to" if not exclusive else "using"
                    on_wait(f"another verify process is {what} this store; waiting for it…")
                deadline = time.monotonic() + LOCK_TIMEOUT_S
                while True:
                    try:
                        fcntl.flock(fd, mode | fcntl.LOCK_NB)
                        break
                    except BlockingIOError:
                        if time.monotonic() > deadline:
                            raise StoreError(
                                f"store {self.settings.store} stayed locked for "
                                f"{LOCK_TIMEOUT_S:.0f}s by another verify process"
                            ) from None
                        time.sleep(0.1)
            yield
        finally:
            os.close(fd)  # releases the lock

    @contextmanager
    def writing(self, on_wait: Any = None) -> Iterator[None]:
        """Exclusive access for ingest/remove; readers and other writers wait."""
        with self._locked(True, on_wait):
            if self._chunks is None or self._stale():
                self._open()
            try:
                yield
            finally:
                if self.embedded:
                    self._bump_generation()

    @contextmanager
    def reading(self, on_wait: Any = None) -> Iterator[None]:
        """Shared access for checks: many readers at once, never during a write."""
        with self._locked(False, on_wait):
            if self._chunks is None or self._stale():
                self._open()
            yield

    # -- sources -----------------------------------------------------------------------
    def records(self) -> list[SourceRecord]:
        """Every committed source. Embedded stores keep the list until another write."""
        if self.embedded and self._records is not None:
            return self._records
        got = self.sources_collection.get(include=["metadatas"])
        out = [_record(i, m) for i, m in zip(got["ids"], got["metadatas"] or [], strict=True)]
        out.sort(key=lambda r: r.id)
        if self.embedded:
            self._records = out
        return out

    def record(self, source_id: str) -> SourceRecord | None:
        got = self.sources_collection.get(ids=[source_id], include=["metadatas"])
        if not got["ids"]:
            return None
        return _record(got["ids"][0], (got["metadatas"] or [{}])[0])

    def source(self, source_id: str) -> Source | None:
        got = self.sources_collection.get(ids=[source_id], include=["metadatas", "documents"])
        if not got["ids"]:
            return None
        rec = _record(got["ids"][0], (got["metadatas"] or [{}])[0])
        text = (got["documents"] or [""])[0] or ""
        return Source(
            id=rec.id,
            title=rec.title,
            date=rec.date,
            path=rec.path,
            url=rec.url,
            author=rec.author,
            text=text,
            content_hash=rec.content_hash,
            flags=rec.flags,
        )

    def embed(self, chunks: Sequence[Chunk]) -> list[list[float]]:
        """The chunks' vectors, by the store's embedding model (one batch)."""
        return self.embeddings.embed_documents([c.text for c in chunks]) if chunks else []

    def add_chunks(
        self,
        chunks: Sequence[Chunk],
        hashes: dict[str, str],
        vectors: list[list[float]] | None = None,
    ) -> None:
        """Upsert chunks with their vectors (computed here when not given: ingest embeds a
        batch while the previous one is being written)."""
        if not chunks:
            return
        self.chunks.upsert(
            ids=[c.id for c in chunks],
            embeddings=vectors if vectors is not None else self.embed(chunks),  # type: ignore[arg-type]
            documents=[c.text for c in chunks],
            metadatas=[
                {
                    "source_id": c.source_id,
                    "content_hash": hashes[c.source_id],
                    "index": c.index,
                    "start": c.start,
                    "end": c.end,
                    "tokens": c.tokens,
                }
                for c in chunks
            ],
        )

    def commit(self, sources: list[tuple[Source, int]], replaced: Collection[str] = ()) -> None:
        """Mark sources complete (with their chunk counts): written only after all their
        chunks are stored, in one upsert; sources in ``replaced`` then lose their old chunks."""
        if not sources:
            return
        self._records = None
        metas = [
            {
                "title": src.title,
                "date": src.date or "",
                "path": src.path or "",
                "url": src.url or "",
                "author": src.author or "",
                "content_hash": src.content_hash,
                "n_chunks": n,
                "flags": json.dumps(src.flags),
            }
            for src, n in sources
        ]
        # Records need a vector for Chroma's sake; they are never searched.
        self.sources_collection.upsert(
            ids=[src.id for src, _ in sources],
            documents=[src.text for src, _ in sources],
            metadatas=metas,
            embeddings=[[1.0]] * len(sources),
        )
        for src, _ in sources:
            if src.id in replaced:
                self.prune(src.id, keep_hash=src.content_hash)

    def prune(self, source_id: str, keep_hash: str | None) -> None:
        """Delete a source's chunks from other versions (or all of them when keep_hash is None)."""
        where: dict[str, Any] = {"source_id": source_id}
        if keep_hash is not None:
            where = {"$and": [where, {"content_hash": {"$ne": keep_hash}}]}
        self.chunks.delete(where=where)

    def remove(self, source_id: str) -> bool:
        """Forget a source: its record first (so readers stop using it), then its chunks."""
        if self.record(source_id) is None:
            return False
        self._records = None
        self.sources_collection.delete(ids=[source_id])
        self.prune(source_id, keep_hash=None)
        return True

    # -- search ------------------------------------------------------------------------
    def search(
        self, vector: list[float], k: int, source: SourceRecord | None = None
    ) -> list[Passage]:
        """Nearest chunks to ``vector``; with ``source``, only that source's committed version."""
        where: dict[str, Any] | None = None
        if source is not None:
            where = {"$and": [{"source_id": source.id}, {"content_hash": source.content_hash}]}
        got = self.chunks.query(
            query_embeddings=[vector],
            n_results=k,
            where=where,
            include=["documents", "metadatas", "distances"],
        )
        hits = zip(
            got["ids"][0],
            got["documents"][0],
            got["metadatas"][0],
            got["distances"][0],
            strict=True,
        )
        out = []
        for chunk_id, text, meta, distance in hits:
            if text is None:
                continue
            m = meta or {}
            chunk = Chunk(
                id=str(chunk_id),
                source_id=str(m["source_id"]),
                index=int(m["index"]),
                start=int(m["start"]),
                end=int(m["end"]),
                text=text,
                tokens=int(m.get("tokens", 0)),
            )
            out.append(
                Passage(
                    chunk=chunk,
                    similarity=1.0 - float(distance),
                    content_hash=str(m.get("content_hash", "")),
                )
            )
        return out


def _record(source_id: str, meta: Any) -> SourceRecord:
    meta = dict(meta or {})
    return SourceRecord(
        id=source_id,
        title=str(meta.get("title", "")),
        date=str(meta["date"]) if meta.get("date") else None,
        path=str(meta["path"]) if meta.get("path") else None,
        url=str(meta["url"]) if meta.get("url") else None,
        author=str(meta["author"]) if meta.get("author") else None,
        content_hash=str(meta.get("content_hash", "")),
        n_chunks=int(meta.get("n_chunks", 0)),
        flags=json.loads(str(meta.get("flags") or "[]")),
    )
