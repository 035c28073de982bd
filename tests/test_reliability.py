"""Crash safety (real SIGKILLs mid-ingest), two processes on one store, and a real Chroma server."""

from __future__ import annotations

import contextlib
import json
import os
import random
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from verify import Verifier

from .conftest import DEMO_CLAIM, ROOT, SEEDS

pytestmark = pytest.mark.slow


def _corpus(folder: Path, copies: int) -> Path:
    """``copies`` distinct articles per seed (a numbered closing line makes each unique)."""
    folder.mkdir(parents=True, exist_ok=True)
    for path in sorted(SEEDS.glob("*.txt")):
        text = path.read_text()
        for i in range(copies):
            (folder / f"{path.stem}-{i:03d}.txt").write_text(f"{text}\nEdition note number {i}.\n")
    return folder


def _verify(store: Path, *args: str, **env_extra: str) -> subprocess.Popen:
    env = {**os.environ, "NO_COLOR": "1", **env_extra}
    return subprocess.Popen(
        [sys.executable, "-m", "verify", "--store", str(store), *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _consistent(store: Path) -> dict[str, int]:
    """Every committed source has exactly its chunks, all of its committed version."""
    v = Verifier.from_config(ROOT / "config.yaml", store=store)
    counts = {}
    for rec in v.sources():
        got = v.store.chunks.get(
            where={"$and": [{"source_id": rec.id}, {"content_hash": rec.content_hash}]}
        )
        assert len(got["ids"]) == rec.n_chunks, rec.id
        counts[rec.id] = rec.n_chunks
    return counts


def _size(store: Path) -> int:
    """Bytes in the store's files (the lock file aside): it grows once a writer holds it."""
    if not store.is_dir():
        return 0
    return sum(p.stat().st_size for p in store.rglob("*") if p.is_file() and p.name != "lock")


def _until_it_writes(store: Path, proc: subprocess.Popen) -> None:
    """Wait until ``proc`` has written to ``store`` (or ended): it holds the store's lock."""
    before = _size(store)
    deadline = time.monotonic() + 300
    while _size(store) == before and proc.poll() is None:
        assert time.monotonic() < deadline, "ingest wrote nothing in 300 s"
        time.sleep(0.05)


def _rows(store: Path) -> int | None:
    """Rows in the index (passages and source records), read from Chroma's SQLite file as a
    bystander; None while it cannot be read (not there yet, or busy)."""
    db = store / "chroma.sqlite3"
    if not db.is_file():
        return None
    try:
        with contextlib.closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=0)) as c:
            return int(c.execute("SELECT COUNT(*) FROM embeddings").fetchone()[0])
    except sqlite3.Error:
        return None


def _until_a_batch_is_in(store: Path, proc: subprocess.Popen) -> None:
    """Wait until ``proc`` has written a batch of passages to ``store`` (or ended): a kill
    after that lands mid-ingest, however fast or loaded the machine (a fixed sleep was either
    too short or most of the test)."""
    before = _rows(store) or 0
    deadline = time.monotonic() + 300
    while ((_rows(store) or 0) <= before) and proc.poll() is None:
        assert time.monotonic() < deadline, "ingest wrote no passages in 300 s"
        time.sleep(0.2)


def test_sigkill_mid_ingest_loses_nothing(tmp_path: Path):
    folder = _corpus(tmp_path / "articles", copies=10)  # 50 articles
    store = tmp_path / "store"
    rng = random.Random(7)
    kills = 0
    seen_partial = []
    for _ in range(3):
        # small batches: commits land every second or so, and kills fall between them
        proc = _verify(store, "ingest", str(folder), VERIFY_INGEST__BATCH_CHUNKS="24")
        _until_a_batch_is_in(store, proc)
        time.sleep(rng.uniform(0.0, 2.0))  # a random point among the batches that follow
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
            kills += 1
        proc.wait(timeout=30)
        seen_partial.append(len(_consistent(store)))  # readable, and consistent, after a kill
    assert kills >= 2, "ingest finished before it could be killed; make the corpus bigger"
    proc = _verify(store, "ingest", str(folder))
    _, err = proc.communicate(timeout=600)
    assert proc.returncode == 0, err
    final = _consistent(store)
    assert len(final) == 50
    print(f"kills={kills} committed after each kill={seen_partial} final={len(final)}")


def test_second_writer_waits_and_reader_sees_committed_sources(tmp_path: Path):
    folder = _corpus(tmp_path / "articles", copies=4)
    other = tmp_path / "other"
    other.mkdir()
    (other / "note.txt").write_text("A short note\n\nThe harbour reopened on Monday after repairs.")
    store = tmp_path / "store"
    first = _verify(store, "ingest", str(folder))
    _until_it_writes(store, first)  # it holds the store's lock until its 20 articles are in
    second = _verify(store, "ingest", str(other))
    reader = _verify(store, "sources", "--json")
    _, err2 = second.communicate(timeout=600)
    out_r, err_r = reader.communicate(timeout=600)
    _, err1 = first.communicate(timeout=600)
    assert first.returncode == 0, err1
    assert second.returncode == 0, err2
    assert reader.returncode == 0, err_r
    assert "another verify process is using this store; waiting for it" in err2
    assert "another verify process is writing to this store; waiting for it" in err_r
    listed = json.loads(out_r)
    assert all(r["n_chunks"] > 0 for r in listed)  # only complete sources are visible
    assert len(_consistent(store)) == 21


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def chroma_server(tmp_path: Path):
    port = _free_port()
    exe = Path(sys.executable).with_name("chroma")
    proc = subprocess.Popen(
        [
            str(exe),
            "run",
            "--path",
            str(tmp_path / "chroma"),
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            time.sleep(0.3)
    else:
        proc.kill()
        pytest.fail("chroma server did not start")
    yield port
    proc.terminate()
    proc.wait(timeout=30)


def test_http_client_against_a_real_chroma_server(chroma_server: int, tmp_path: Path):
    v = Verifier.from_config(
        ROOT / "config.yaml",
        store=tmp_path / "unused",
        chroma={"host": "127.0.0.1", "port": chroma_server},
    )
    result = v.ingest([SEEDS])
    assert result.ok and len(result.added) == 5
    assert type(v.store._client).__name__ != "PersistentClient"
    assert not (tmp_path / "unused").exists()  # nothing written locally
    report = v.check(DEMO_CLAIM, "local")
    assert report.verdict == "supported"
    assert report.by_source()["001_27002b27250bcba8"].stance == "supports"
    again = v.ingest([SEEDS])
    assert len(again.unchanged) == 5
