"""Chroma behind a small interface: chunks (with vectors) and sources (the committed record).

Embedded ``PersistentClient`` by default; with ``chroma.host`` set the same code talks to a
server through ``HttpClient``. A source counts as stored only once its record is written, and
records are written *after* the source's chunks: a process killed half-way leaves chunks no
record points to, which readers ignore and the next ingest replaces. An update's record is
written flagged ``prune_pending`` until its old chunks are deleted: a writer killed in between
leaves the flag, and the next writer finishes the prune first, so the store converges.

Nothing here creates a store to read it: reading a store that does not exist yet finds no
sources and writes nothing. A store whose database file went missing or empty while its index
folders remain is refused with a StoreError instead of being read (or written) as a new one.
"""

from __future__ import annotations

import errno
import fcntl
import functools
import json
import os
import time
from collections.abc import Callable, Collection, Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, TypeVar

from .chroma_import import import_chromadb
from .config import Settings
from .errors import IndexDamagedError, StoreError, VerifyError
from .index_files import check_store
from .models import Chunk, Passage, Source, SourceRecord
from .store_folder import (
    GENERATION_NAME,
    has_database,
    make_folder,
    native_stderr_held,
    read_only_copy,
    writable,
)

if TYPE_CHECKING:
    from .embed import TextEmbeddings

LOCK_NAME = "lock"
LOCK_TIMEOUT_S = 600.0
PRUNE_KEY = "prune_pending"
"""Set on a record whose older chunks are still to be deleted (see the module docstring)."""


def make_client(settings: Settings, create: bool = True) -> Any:
    """A chromadb client for the configured location, telemetry off; ``None`` when the embedded
    store does not exist yet and ``create`` is false (a read creates nothing)."""
    chromadb = import_chromadb()
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
        if not has_database(settings.store) and not create:
            return None
        damage = check_store(settings.store)
        if damage:
            raise IndexDamagedError(settings.store, damage)
        make_folder(settings.store)
        path = settings.store
        if not create and not writable(path):
            path = read_only_copy(path)  # Chroma writes when it opens a database
        with native_stderr_held():
            return chromadb.PersistentClient(path=str(path), settings=config)
    except VerifyError:
        raise
    except BaseException as exc:  # chromadb raises untyped errors, and Rust panics
        if not _chroma_failure(exc):
            raise
        where = (
            f"Chroma server {settings.chroma.host}:{settings.chroma.port}"
            if settings.chroma.host
            else f"store {settings.store}"
        )
        raise StoreError(f"cannot open {where}: {_one_line(exc)}{_HINT}") from None


_HINT = "; `verify doctor` checks the store and says how to fix it"


def _hint(exc: BaseException) -> str:
    text = str(exc).lower()
    if "disk is full" in text or "no space left" in text:
        return "; free some disk space and run it again (sources committed before are kept)"
    return _HINT


def _chroma_failure(exc: BaseException) -> bool:
    """An error from Chroma: any Exception, or the PanicException its Rust core raises (a
    BaseException, which would otherwise escape every ``except Exception``)."""
    return isinstance(exc, Exception) or type(exc).__name__ == "PanicException"


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


F = TypeVar("F", bound=Callable[..., Any])


def _guarded(action: str) -> Callable[[F], F]:
    """Chroma's errors (a damaged database, a full disk, a server gone) become one StoreError
    line saying what failed and where to look, instead of an "unexpected" crash."""

    def wrap(fn: F) -> F:
        @functools.wraps(fn)
        def inner(self: Store, *args: Any, **kwargs: Any) -> Any:
            try:
                return fn(self, *args, **kwargs)
            except VerifyError:
                raise
            except BaseException as exc:
                if not _chroma_failure(exc):
                    raise
                raise StoreError(
                    f"{action} in {self.where()} failed: {_one_line(exc)}{_hint(exc)}"
                ) from None

        return inner  # type: ignore[return-value]

    return wrap


class Store:
    """Read and write chunks and source records.

    In embedded mode processes coordinate through ``<store>/lock``: a check holds it shared, an
    ingest or removal holds it exclusively, so a reader never sees a half-written index and a
    second writer waits (saying so) instead of racing. Each write bumps ``<store>/generation``;
    a long-lived process whose client predates a write reopens it before reading again.
    """

    def __init__(self, settings: Settings, embeddings: TextEmbeddings) -> None:
        self.settings = settings
        self.embeddings = embeddings
        self._client: Any = None
        self._chunks: Any = None
        self._sources: Any = None
        self._generation = -1
        self._records: list[SourceRecord] | None = None
        self._absent = False
        """An embedded store that does not exist yet, opened to read: it holds no sources."""

    @property
    def embedded(self) -> bool:
        return not self.settings.chroma.host

    def where(self) -> str:
        c = self.settings.chroma
        return f"Chroma server {c.host}:{c.port}" if c.host else f"store {self.settings.store}"

    def _open(self, create: bool = True) -> None:
        if self.embedded and self._client is not None:
            from chromadb.api.client import SharedSystemClient

            SharedSystemClient.clear_system_cache()  # drop the stale in-memory index
        self._client = make_client(self.settings, create)
        self._absent = self._client is None
        if self._absent:
            self._chunks = self._sources = None
            self._generation = self._read_generation()
            self._records = None
            return
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
        except BaseException as exc:
            if not _chroma_failure(exc):
                raise
            raise StoreError(
                f"cannot open the collections of {self.where()}: {_one_line(exc)}{_HINT}"
            ) from None
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
        if not exclusive and not has_database(self.settings.store):
            yield  # nothing to read, and a read creates nothing (not even the lock file)
            return
        if exclusive:
            make_folder(self.settings.store)
        fd = self._lock_file(exclusive)
        if fd is None:
            yield  # a read-only store without a lock file: no process can be writing it
            return
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

    def _lock_file(self, exclusive: bool) -> int | None:
        """The lock file, opened for flock. A read-only store can still be read: its lock is
        opened read-only (flock works on it), or skipped when it cannot exist there."""
        path = self.settings.store / LOCK_NAME
        try:
            return os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        except IsADirectoryError:
            raise StoreError(
                f"the store's lock file {path} is a folder; remove it (rmdir {path}) while no "
                "verify process is running"
            ) from None
        except OSError as exc:
            if exc.errno not in (errno.EACCES, errno.EPERM, errno.EROFS):
                raise StoreError(f"cannot open the store's lock file {path}: {exc}") from None
            if exclusive:
                raise StoreError(
                    f"store {self.settings.store} is read-only ({exc.strerror}); adding or "
                    "removing sources needs write access to it (reading works as it is)"
                ) from None
        try:
            return os.open(path, os.O_RDONLY)
        except OSError:
            return None

    @contextmanager
    def writing(self, on_wait: Any = None) -> Iterator[None]:
        """Exclusive access for ingest/remove; readers and other writers wait. A prune left
        unfinished by a killed writer is finished first."""
        with self._locked(True, on_wait):
            if self._chunks is None or self._stale():
                self._open()
            try:
                self.finish_prunes()
                yield
            finally:
                if self.embedded:
                    self._bump_generation()

    @contextmanager
    def reading(self, on_wait: Any = None) -> Iterator[None]:
        """Shared access for checks: many readers at once, never during a write."""
        with self._locked(False, on_wait):
            if self._absent or self._chunks is None or self._stale():
                self._open(create=False)
            yield

    @contextmanager
    def locked(self, exclusive: bool, on_wait: Any = None) -> Iterator[None]:
        """The lock alone, without opening Chroma: ``verify doctor`` probes or replaces the
        files of a store that may not open."""
        with self._locked(exclusive, on_wait):
            yield

    def reset(self) -> None:
        """Forget the open collections and cached records; the next access reopens the store
        (after ``verify doctor --rebuild`` put a new folder in its place)."""
        self._chunks = self._sources = None
        self._records = None
        self._generation = -1

    # -- sources -----------------------------------------------------------------------
    @_guarded("reading the sources")
    def records(self) -> list[SourceRecord]:
        """Every committed source. Embedded stores keep the list until another write."""
        if self._absent:
            return []
        if self.embedded and self._records is not None:
            return self._records
        got = self.sources_collection.get(include=["metadatas"])
        out = [_record(i, m) for i, m in zip(got["ids"], got["metadatas"] or [], strict=True)]
        out.sort(key=lambda r: r.id)
        if self.embedded:
            self._records = out
        return out

    @_guarded("reading a source")
    def record(self, source_id: str) -> SourceRecord | None:
        if self._absent:
            return None
        got = self.sources_collection.get(ids=[source_id], include=["metadatas"])
        if not got["ids"]:
            return None
        return _record(got["ids"][0], (got["metadatas"] or [{}])[0])

    @_guarded("reading a source")
    def source(self, source_id: str) -> Source | None:
        if self._absent:
            return None
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

    @_guarded("writing passages")
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

    @_guarded("committing sources")
    def commit(self, sources: list[tuple[Source, int]], replaced: Collection[str] = ()) -> None:
        """Mark sources complete (with their chunk counts): written only after all their
        chunks are stored, in one upsert; sources in ``replaced`` then lose their old chunks
        (flagged until they have, so a kill in between is finished by the next writer)."""
        if not sources:
            return
        self._records = None
        metas: list[dict[str, Any]] = [
            {
                "title": src.title,
                "date": src.date or "",
                "path": src.path or "",
                "url": src.url or "",
                "author": src.author or "",
                "content_hash": src.content_hash,
                "n_chunks": n,
                "flags": json.dumps(src.flags),
                PRUNE_KEY: int(src.id in replaced),
            }
            for src, n in sources
        ]
        # Records need a vector for Chroma's sake; they are never searched.
        self.sources_collection.upsert(
            ids=[src.id for src, _ in sources],
            documents=[src.text for src, _ in sources],
            metadatas=metas,  # type: ignore[arg-type]
            embeddings=[[1.0]] * len(sources),
        )
        pruned = [(src.id, meta) for (src, _), meta in zip(sources, metas, strict=True)]
        self._prune_flagged([(sid, meta) for sid, meta in pruned if meta[PRUNE_KEY]])

    def _prune_flagged(self, flagged: list[tuple[str, dict[str, Any]]]) -> None:
        for sid, meta in flagged:
            self.prune(sid, keep_hash=str(meta["content_hash"]))
        if flagged:
            self.sources_collection.update(
                ids=[sid for sid, _ in flagged],
                metadatas=[{**meta, PRUNE_KEY: 0} for _, meta in flagged],
            )

    @_guarded("finishing an interrupted update")
    def finish_prunes(self) -> list[str]:
        """Delete the old chunks an update killed between its commit and its prune left
        behind (its record is still flagged); the ids of the sources it tidied."""
        if self._absent:
            return []
        got = self.sources_collection.get(where={PRUNE_KEY: 1}, include=["metadatas"])
        flagged = [
            (i, dict(m or {})) for i, m in zip(got["ids"], got["metadatas"] or [], strict=True)
        ]
        self._prune_flagged(flagged)
        if flagged:
            self._records = None
        return [sid for sid, _ in flagged]

    @_guarded("deleting old passages")
    def prune(self, source_id: str, keep_hash: str | None) -> None:
        """Delete a source's chunks from other versions (or all of them when keep_hash is None)."""
        where: dict[str, Any] = {"source_id": source_id}
        if keep_hash is not None:
            where = {"$and": [where, {"content_hash": {"$ne": keep_hash}}]}
        self.chunks.delete(where=where)

    @_guarded("removing a source")
    def remove(self, source_id: str) -> bool:
        """Forget a source: its record first (so readers stop using it), then its chunks."""
        if self.record(source_id) is None:
            return False
        self._records = None
        self.sources_collection.delete(ids=[source_id])
        self.prune(source_id, keep_hash=None)
        return True

    # -- search ------------------------------------------------------------------------
    @_guarded("searching")
    def search(
        self, vector: list[float], k: int, source: SourceRecord | None = None
    ) -> list[Passage]:
        """Nearest chunks to ``vector``; with ``source``, only that source's committed version."""
        if self._absent:
            return []
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
