"""Store health: find what a crash or a damaged file left behind, and fix it from what is stored.

:func:`examine` reports (the database file, the vector index files, a probe that opens them in a
child process so a crash cannot take the caller down, and every passage against the committed
records); :func:`repair` deletes passages no record points to and re-chunks sources whose
passages are missing; :func:`rebuild` makes a new embedded store from the stored texts alone and
swaps it in, keeping the old folder beside it. Nothing here deletes a source's text.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import StoreError
from .index_files import Damage, check_store
from .ingest import chunks_of, ingest_sources
from .models import Source
from .store import Store
from .store_folder import DATABASE_NAME, has_database, read_only_copy, writable

PAGE = 5000
"""Passages read per request when scanning the whole store."""
PROBE_TIMEOUT_S = 300.0

# Run in a child process: opens every collection the way a check does (a read, then a nearest-
# neighbour query), so an index that crashes Chroma's native code kills the child, not us.
_PROBE = """
import sys, chromadb
from chromadb.config import Settings
client = chromadb.PersistentClient(path=sys.argv[1], settings=Settings(anonymized_telemetry=False))
for col in client.list_collections():
    c = client.get_collection(col.name)
    got = c.get(limit=1, include=["embeddings"])
    if len(got["ids"]):
        c.query(query_embeddings=[list(got["embeddings"][0])], n_results=min(10, c.count()))
"""


@dataclass
class Checkup:
    """What :func:`examine` found. Empty fields mean sound."""

    where: str
    database: str | None = None
    """Why the database file is unusable, or None."""
    index: list[Damage] = field(default_factory=list)
    crash: str | None = None
    """How the probe child died opening the index, or None."""
    sources: int = 0
    passages: int = 0
    scanned: bool = False
    """Whether passages were checked against the records (not when the store cannot open)."""
    orphans: dict[str, list[str]] = field(default_factory=dict)
    """Source id -> ids of passages no committed record points to."""
    incomplete: dict[str, tuple[int, int]] = field(default_factory=dict)
    """Source id -> (passages found, passages its record expects)."""

    @property
    def needs_rebuild(self) -> bool:
        return bool(self.index or self.crash)

    @property
    def needs_repair(self) -> bool:
        return bool(self.orphans or self.incomplete)

    @property
    def healthy(self) -> bool:
        return not (self.database or self.needs_rebuild or self.needs_repair)

    def lines(self) -> list[str]:
        """The report, one finding a line, each problem with what to do about it."""
        out = []
        if self.database:
            out.append(f"database: DAMAGED ({self.database})")
            out.append(
                "  the texts live in this file: restore it from a backup, or ingest your "
                "articles into a new store (--store NEW_FOLDER)"
            )
        else:
            out.append("database: ok")
        for d in self.index:
            out.append(f"vector index: DAMAGED ({d})")
        if self.crash:
            out.append(f"vector index: DAMAGED (opening it {self.crash})")
        if self.needs_rebuild:
            out.append("  rebuild it from the stored texts: verify doctor --rebuild")
        elif not self.database:
            out.append("vector index: ok")
        if not self.scanned:
            out.append("passages: not checked (the store cannot be opened as it is)")
            return out
        out.append(f"sources: {self.sources} ({self.passages} passages)")
        for sid, ids in sorted(self.orphans.items()):
            out.append(
                f"orphan passages: {len(ids)} of {sid!r} belong to no committed version "
                "(left by an interrupted update or removal)"
            )
        for sid, (found, expected) in sorted(self.incomplete.items()):
            out.append(f"incomplete source: {sid!r} has {found} of its {expected} passages")
        if self.needs_repair:
            out.append("  fix: verify doctor --repair")
        return out


def examine(store: Store) -> Checkup:
    """Check the store without changing it."""
    up = Checkup(where=store.where())
    if store.embedded:
        folder = store.settings.store
        if not has_database(folder):  # raises for a store whose database was lost
            up.scanned = True
            return up
        up.database = database_problem(folder / DATABASE_NAME)
        up.index = check_store(folder)
        if up.database or up.index:
            return up
        with store.locked(exclusive=False):  # no writer changes the files under the probe
            up.crash = probe(folder if writable(folder) else read_only_copy(folder))
        if up.crash:
            return up
    with store.reading():
        _scan(store, up)
    return up


def database_problem(db: Path) -> str | None:
    """SQLite's own quick check of the database file, read-only; None when it passes."""
    try:
        con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
        try:
            rows = con.execute("PRAGMA quick_check").fetchall()
        finally:
            con.close()
    except sqlite3.Error as exc:
        return f"{db}: {exc}"
    verdict = "; ".join(str(r[0]) for r in rows[:3])
    return None if verdict == "ok" else f"{db}: {verdict}"


def probe(folder: Path) -> str | None:
    """Open the store in a child process; how the child died, or None when it did not."""
    try:
        done = subprocess.run(
            [sys.executable, "-c", _PROBE, str(folder)],
            capture_output=True,
            text=True,
            timeout=PROBE_TIMEOUT_S,
        )
    except subprocess.TimeoutExpired:
        return f"did not finish in {PROBE_TIMEOUT_S:.0f} s"
    if done.returncode < 0:
        return f"crashed Chroma (signal {-done.returncode})"
    if done.returncode:
        last = (done.stderr.strip().splitlines() or ["no message"])[-1]
        return f"failed: {last[:200]}"
    return None


def _scan(store: Store, up: Checkup) -> None:
    """Every passage's (source id, version) against the committed records."""
    records = {r.id: r for r in store.records()}
    up.sources = len(records)
    matching: Counter[str] = Counter()
    collection = store.chunks
    offset = 0
    while True:
        got = collection.get(include=["metadatas"], limit=PAGE, offset=offset)
        ids = got["ids"]
        if not ids:
            break
        for cid, meta in zip(ids, got["metadatas"] or [], strict=True):
            sid = str((meta or {}).get("source_id", ""))
            rec = records.get(sid)
            if rec is not None and (meta or {}).get("content_hash") == rec.content_hash:
                matching[sid] += 1
            else:
                up.orphans.setdefault(sid, []).append(cid)
        up.passages += len(ids)
        offset += len(ids)
    for sid, rec in records.items():
        if matching[sid] < rec.n_chunks:
            up.incomplete[sid] = (matching[sid], rec.n_chunks)
    up.scanned = True


@dataclass
class Repair:
    removed: int = 0
    """Orphan passages deleted."""
    rechunked: list[str] = field(default_factory=list)
    """Sources whose passages were made again from their stored text."""


def repair(store: Store, up: Checkup) -> Repair:
    """Delete the orphan passages ``up`` found and re-chunk its incomplete sources."""
    done = Repair()
    if up.needs_rebuild or up.database:
        raise StoreError(
            "the store's files are damaged; `verify doctor --rebuild` first"
            if up.needs_rebuild
            else "the store's database is damaged; it cannot be repaired in place"
        )
    settings = store.settings
    with store.writing():  # also finishes any prune a killed update left flagged
        ids = [cid for cids in up.orphans.values() for cid in cids]
        for start in range(0, len(ids), PAGE):
            store.chunks.delete(ids=ids[start : start + PAGE])
        done.removed = len(ids)
        for sid in sorted(up.incomplete):
            src = store.source(sid)
            if src is None:
                continue
            chunks = chunks_of(src, settings)
            store.add_chunks(chunks, {src.id: src.content_hash})
            store.commit([(src, len(chunks))], replaced={src.id})
            done.rechunked.append(sid)
    return done


@dataclass
class Rebuilt:
    sources: int
    passages: int
    kept: Path
    """The old store folder, moved aside (delete it once the new one works)."""


def rebuild(store: Store, progress: Callable[[str, str], None] | None = None) -> Rebuilt:
    """A new embedded store made from the stored texts alone, swapped in for the old one.

    The texts are read from a copy of the database file with no index files beside it (so a
    damaged index is never opened); every source is chunked and embedded again into a new
    folder; only when all are in is the old folder renamed aside and the new one put in place.
    Interrupted, it leaves the old store as it was.
    """
    if not store.embedded:
        raise StoreError(
            "--rebuild works on an embedded store; a Chroma server keeps its own index files"
        )
    folder = store.settings.store
    if not has_database(folder):
        raise StoreError(f"there is no store at {folder} to rebuild")
    work = folder.with_name(f".{folder.name}.rebuild-{os.getpid()}")
    shutil.rmtree(work, ignore_errors=True)
    try:
        with store.locked(exclusive=True):
            sources = _stored_sources(folder, store.settings.chroma.collection_prefix, work)
            new_settings = store.settings.model_copy(update={"store": work / "new"})
            new = Store(new_settings, store.embeddings)
            with new.writing():
                result = ingest_sources(new, sources, new_settings, progress)
                committed = len(new.records())
            if committed != len(sources):
                raise StoreError(
                    f"the rebuilt store holds {committed} of {len(sources)} sources; "
                    f"the old store was left as it was"
                )
            _release_clients()
            kept = folder.with_name(
                f"{folder.name}.before-rebuild-{time.strftime('%Y%m%d-%H%M%S')}"
            )
            os.rename(folder, kept)
            os.rename(work / "new", folder)
    finally:
        _release_clients()
        shutil.rmtree(work, ignore_errors=True)
    store.reset()
    return Rebuilt(len(sources), result.chunks, kept)


def _stored_sources(folder: Path, prefix: str, work: Path) -> list[Source]:
    """Every committed source with its text, read from a copy of the database alone."""
    from .chroma_import import import_chromadb

    chromadb = import_chromadb()  # before chromadb.config, which would import all of chromadb
    from chromadb.config import Settings as ChromaConfig

    copy = work / "read"
    copy.mkdir(parents=True)
    for name in (DATABASE_NAME, f"{DATABASE_NAME}-wal", f"{DATABASE_NAME}-shm"):
        if (folder / name).exists():
            shutil.copyfile(folder / name, copy / name)
    try:
        client = chromadb.PersistentClient(
            path=str(copy), settings=ChromaConfig(anonymized_telemetry=False)
        )
        names = {c.name for c in client.list_collections()}
        if f"{prefix}_sources" not in names:
            return []
        got = client.get_collection(f"{prefix}_sources").get(include=["metadatas", "documents"])
    except BaseException as exc:  # chromadb's untyped errors, and its Rust panics
        if not isinstance(exc, Exception) and type(exc).__name__ != "PanicException":
            raise
        first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        raise StoreError(
            f"cannot read the stored texts from {folder / DATABASE_NAME}: {first}; restore "
            "that file from a backup, or ingest your articles into a new store"
        ) from None
    out = []
    for sid, meta, text in zip(
        got["ids"], got["metadatas"] or [], got["documents"] or [], strict=True
    ):
        m: dict[str, Any] = dict(meta or {})
        out.append(
            Source(
                id=sid,
                title=str(m.get("title", "")),
                date=str(m["date"]) if m.get("date") else None,
                path=str(m["path"]) if m.get("path") else None,
                text=text or "",
                content_hash=str(m.get("content_hash", "")),
            )
        )
    return sorted(out, key=lambda s: s.id)


def _release_clients() -> None:
    """Chroma keeps one client per path in the process; drop them before folders move."""
    from chromadb.api.client import SharedSystemClient

    SharedSystemClient.clear_system_cache()


__all__ = ["Checkup", "Rebuilt", "Repair", "examine", "rebuild", "repair"]
