"""Chroma behind a small interface: chunks (with vectors) and sources (the committed record).

Embedded ``PersistentClient`` by default; with ``chroma.host`` set the same code talks to a
server through ``HttpClient``. A source counts as stored only once its record is written, and
records are written *after* the source's chunks: a process killed half-way leaves chunks no
record points to, which readers ignore and the next ingest replaces.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from langchain_chroma import Chroma
from langchain_core.embeddings import Embeddings
from pydantic import BaseModel

from .config import Settings
from .errors import StoreError
from .models import Chunk, Passage, Source

LOCK_NAME = "write.lock"
LOCK_TIMEOUT_S = 600.0


class SourceRecord(BaseModel):
    """A committed source, without its text."""

    id: str
    title: str
    date: str | None
    path: str | None
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


def _one_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__


class Store:
    """Read and write chunks and source records; writers hold a file lock (embedded mode)."""

    def __init__(self, settings: Settings, embeddings: Embeddings) -> None:
        self.settings = settings
        self.client = make_client(settings)
        prefix = settings.chroma.collection_prefix
        try:
            self.chunks = Chroma(
                collection_name=f"{prefix}_chunks",
                embedding_function=embeddings,
                client=self.client,
                collection_metadata={"hnsw:space": "cosine"},
            )
            self._sources = self.client.get_or_create_collection(
                f"{prefix}_sources", embedding_function=None
            )
        except Exception as exc:
            raise StoreError(f"cannot open collections: {_one_line(exc)}") from None

    # -- locking -----------------------------------------------------------------------
    @contextmanager
    def writing(self, on_wait: Any = None) -> Iterator[None]:
        """Serialise writers on one machine. A second writer waits, telling the user why."""
        if self.settings.chroma.host:
            yield  # the server serialises its own writes
            return
        from filelock import FileLock, Timeout

        lock = FileLock(str(self.settings.store / LOCK_NAME))
        try:
            lock.acquire(timeout=0)
        except Timeout:
            if on_wait is not None:
                on_wait("another verify process is writing to this store; waiting for it…")
            try:
                lock.acquire(timeout=LOCK_TIMEOUT_S)
            except Timeout:
                raise StoreError(
                    f"store {self.settings.store} stayed locked for {LOCK_TIMEOUT_S:.0f}s"
                ) from None
        try:
            yield
        finally:
            lock.release()

    # -- sources -----------------------------------------------------------------------
    def records(self) -> list[SourceRecord]:
        got = self._sources.get(include=["metadatas"])
        out = [_record(i, m) for i, m in zip(got["ids"], got["metadatas"] or [], strict=True)]
        return sorted(out, key=lambda r: r.id)

    def record(self, source_id: str) -> SourceRecord | None:
        got = self._sources.get(ids=[source_id], include=["metadatas"])
        if not got["ids"]:
            return None
        return _record(got["ids"][0], (got["metadatas"] or [{}])[0])

    def source(self, source_id: str) -> Source | None:
        got = self._sources.get(ids=[source_id], include=["metadatas", "documents"])
        if not got["ids"]:
            return None
        rec = _record(got["ids"][0], (got["metadatas"] or [{}])[0])
        text = (got["documents"] or [""])[0] or ""
        return Source(
            id=rec.id,
            title=rec.title,
            date=rec.date,
            path=rec.path,
            text=text,
            content_hash=rec.content_hash,
            flags=rec.flags,
        )

    def count(self) -> int:
        return int(self._sources.count())

    def add_chunks(self, chunks: Sequence[Chunk], hashes: dict[str, str]) -> None:
        """Embed (in one batch, through the langchain Embeddings) and upsert chunks."""
        if not chunks:
            return
        self.chunks.add_texts(
            texts=[c.text for c in chunks],
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
            ids=[c.id for c in chunks],
        )

    def commit(self, source: Source, n_chunks: int) -> None:
        """Mark a source complete: written only after all its chunks are stored."""
        meta = {
            "title": source.title,
            "date": source.date or "",
            "path": source.path or "",
            "content_hash": source.content_hash,
            "n_chunks": n_chunks,
            "flags": json.dumps(source.flags),
        }
        # The record needs a vector for Chroma's sake; it is never searched.
        self._sources.upsert(
            ids=[source.id], documents=[source.text], metadatas=[meta], embeddings=[[1.0]]
        )
        self.prune(source.id, keep_hash=source.content_hash)

    def prune(self, source_id: str, keep_hash: str | None) -> None:
        """Delete a source's chunks from other versions (or all of them when keep_hash is None)."""
        where: dict[str, Any] = {"source_id": source_id}
        if keep_hash is not None:
            where = {"$and": [where, {"content_hash": {"$ne": keep_hash}}]}
        self.chunks._collection.delete(where=where)

    def remove(self, source_id: str) -> bool:
        """Forget a source: its record first (so readers stop using it), then its chunks."""
        if self.record(source_id) is None:
            return False
        self._sources.delete(ids=[source_id])
        self.prune(source_id, keep_hash=None)
        return True

    # -- search ------------------------------------------------------------------------
    def search(
        self, vector: list[float], k: int, source: SourceRecord | None = None
    ) -> list[Passage]:
        """Nearest chunks to ``vector``; with ``source``, only that source's committed version."""
        where: dict[str, Any] | None = None
        if source is not None:
            where = {
                "$and": [{"source_id": source.id}, {"content_hash": source.content_hash}]
            }
        hits = self.chunks.similarity_search_by_vector_with_relevance_scores(
            vector, k=k, filter=where
        )
        out = []
        for doc, distance in hits:
            m = doc.metadata
            chunk = Chunk(
                id=str(doc.id),
                source_id=str(m["source_id"]),
                index=int(m["index"]),
                start=int(m["start"]),
                end=int(m["end"]),
                text=doc.page_content,
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
        content_hash=str(meta.get("content_hash", "")),
        n_chunks=int(meta.get("n_chunks", 0)),
        flags=json.loads(str(meta.get("flags") or "[]")),
    )
