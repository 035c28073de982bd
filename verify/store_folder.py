"""The embedded store's folder on disk, before Chroma sees it: whether it holds a database (or
lost one), whether this process may write it, and a private copy to read when it may not.

Chroma cannot open a database it may not write, writes a new empty one where one went missing,
and its Rust core prints panics straight to stderr: each of those is settled here first.
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .errors import StoreError
from .index_files import segment_dirs

DATABASE_NAME = "chroma.sqlite3"
GENERATION_NAME = "generation"
"""Bumped by every write (see :class:`verify.store.Store`); its presence marks a used store."""


def has_database(store: Path) -> bool:
    """Whether the embedded store at ``store`` holds a database. Raises StoreError when the
    path cannot be a store, or when the store was used but its database file is gone or empty
    (read as empty, it would hide every source; written, it would replace them)."""
    db = store / DATABASE_NAME
    try:
        if store.exists() and not store.is_dir():
            raise StoreError(
                f"store {store} is a file, not a folder; point --store (or VERIFY_STORE) at a "
                "folder"
            )
        try:
            size: int | None = db.stat().st_size
        except (FileNotFoundError, NotADirectoryError):
            size = None
        used = (store / GENERATION_NAME).exists() or bool(segment_dirs(store))
    except OSError as exc:  # e.g. a folder on the way that this user may not enter
        raise StoreError(f"cannot reach the store {store}: {exc.strerror}") from None
    if size:
        return True
    if used:
        what = "is missing" if size is None else "is empty (0 bytes)"
        raise StoreError(
            f"store {store} was used before but its database {db} {what}; nothing was changed: "
            "restore that file from a backup, or ingest your articles into a new store "
            "(--store NEW_FOLDER)"
        )
    return False


def make_folder(store: Path) -> None:
    try:
        store.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise StoreError(
            f"store {store} is a file, not a folder; point --store (or VERIFY_STORE) at a folder"
        ) from None
    except OSError as exc:
        raise StoreError(f"cannot create the store folder {store}: {exc.strerror}") from None


def writable(store: Path) -> bool:
    return os.access(store, os.W_OK) and os.access(store / DATABASE_NAME, os.W_OK)


_copies: list[Path] = []


def _remove_copies() -> None:
    while _copies:
        shutil.rmtree(_copies.pop(), ignore_errors=True)


atexit.register(_remove_copies)


def read_only_copy(store: Path) -> Path:
    """A private copy of a store this process may not write, for reading: Chroma cannot open
    a database it may not write, yet a read-only store must still answer checks. Removed at
    exit (and when the store is opened again)."""
    _remove_copies()
    copy = Path(tempfile.mkdtemp(prefix="verify-read-only-store-"))
    _copies.append(copy)
    try:
        for name in (DATABASE_NAME, f"{DATABASE_NAME}-wal", f"{DATABASE_NAME}-shm"):
            if (store / name).exists():
                shutil.copyfile(store / name, copy / name)  # contents only: the copy is ours
        for folder in segment_dirs(store):
            (copy / folder.name).mkdir()
            for f in folder.iterdir():
                shutil.copyfile(f, copy / folder.name / f.name)
    except OSError as exc:
        raise StoreError(
            f"store {store} is read-only and cannot be copied to read it ({exc.strerror}); "
            "ask for read access to all its files, or for write access"
        ) from None
    return copy


@contextmanager
def native_stderr_held() -> Iterator[None]:
    """Hold back what native code writes to stderr while Chroma opens a database: a damaged
    file makes its Rust core print a panic and a backtrace before the error we turn into one
    line. Written out after all when the open succeeds."""
    try:
        saved = os.dup(2)
    except OSError:  # no stderr to hold
        yield
        return
    with tempfile.TemporaryFile() as held:
        os.dup2(held.fileno(), 2)
        ok = False
        try:
            yield
            ok = True
        finally:
            os.dup2(saved, 2)
            os.close(saved)
            if ok:
                held.seek(0)
                if text := held.read():
                    os.write(2, text)
