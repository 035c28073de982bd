"""Issue #14, "errors that say unexpected" about the store: each is one line that says what to
do, and nothing stored is lost or replaced. The read-only store is tested for real: as root,
permission bits bind only once the DAC capabilities are dropped (``setpriv``)."""

from __future__ import annotations

import glob
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from verify import Verifier
from verify.errors import EmptyStoreError

from .conftest import DEMO_CLAIM, ROOT, SEEDS

HOLDER = "001_27002b27250bcba8"


def _cli(*args: str, env: dict[str, str] | None = None) -> tuple[int, list[str], str]:
    from verify.cli.app import app

    res = CliRunner().invoke(app, ["--config", str(ROOT / "config.yaml"), *args], env=env)
    return res.exit_code, res.stderr.splitlines(), res.stdout


@pytest.fixture
def used_store(tmp_path: Path, seed_verifier: Verifier) -> Path:
    """A copy of the seed store (5 sources)."""
    store = tmp_path / "store"
    shutil.copytree(seed_verifier.settings.store, store)
    return store


@pytest.mark.parametrize("damage", ["empty", "missing"])
def test_a_lost_database_is_refused_not_read_as_a_new_store(used_store: Path, damage: str):
    db = used_store / "chroma.sqlite3"
    if damage == "empty":
        db.write_bytes(b"")
    else:
        db.unlink()
    what = "is empty (0 bytes)" if damage == "empty" else "is missing"
    expected = (
        f"error: store {used_store} was used before but its database {db} {what}; nothing was "
        "changed: restore that file from a backup, or ingest your articles into a new store "
        "(--store NEW_FOLDER)"
    )
    # before: "the store holds no sources" (exit 0), and a new empty database was written
    for args in (["sources"], ["check", DEMO_CLAIM, "--judge", "local"], ["ingest", str(SEEDS)]):
        code, err, _ = _cli("--store", str(used_store), *args)
        assert (code, err) == (1, [expected]), args
    assert (db.exists() and db.stat().st_size == 0) if damage == "empty" else not db.exists()


def test_reading_a_store_that_does_not_exist_creates_nothing(tmp_path: Path):
    store = tmp_path / "nothing-here"
    code, err, _ = _cli("--store", str(store), "sources")
    assert (code, err) == (
        1,
        [f"error: no store at {store}: check --store, or create it with `verify ingest PATH`"],
    )
    v = Verifier.from_config(ROOT / "config.yaml", store=store)
    assert v.sources() == []
    with pytest.raises(EmptyStoreError, match="the store holds no sources"):
        v.check(DEMO_CLAIM, "local")
    assert not store.exists()  # before: a folder, a lock file and a new database


def test_lock_file_that_is_a_folder(used_store: Path):
    lock = used_store / "lock"
    lock.unlink()
    lock.mkdir()
    code, err, _ = _cli("--store", str(used_store), "sources")
    # before: "unexpected IsADirectoryError: [Errno 21] Is a directory"
    assert (code, err) == (
        1,
        [
            f"error: the store's lock file {lock} is a folder; remove it (rmdir {lock}) while "
            "no verify process is running"
        ],
    )


def test_store_path_that_is_a_file_or_empty(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    afile = tmp_path / "notes.txt"
    afile.write_text("not a store")
    expected = [
        f"error: store {afile} is a file, not a folder; point --store (or VERIFY_STORE) at a folder"
    ]
    assert _cli("--store", str(afile), "sources")[:2] == (1, expected)
    # before: "unexpected FileExistsError: [Errno 17] File exists"
    assert _cli("--store", str(afile), "ingest", str(SEEDS))[:2] == (1, expected)
    assert afile.read_text() == "not a store"
    monkeypatch.chdir(tmp_path)
    code, err, _ = _cli("sources", env={"VERIFY_STORE": ""})
    # before: the current folder became a store (chroma.sqlite3 and a lock file in it)
    assert (code, err) == (
        2,
        [
            "error: invalid setting store: the store path is empty; name a folder (--store DIR, "
            "VERIFY_STORE)"
        ],
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_read_only_store_can_be_read_not_written(used_store: Path):
    """Run as a user who may not write the store: as root, without CAP_DAC_OVERRIDE."""
    if os.geteuid() == 0:
        setpriv = shutil.which("setpriv")
        if setpriv is None:
            pytest.skip("root without setpriv cannot drop the capability that ignores modes")
        prefix = [setpriv, "--inh-caps=-all", "--bounding-set=-dac_override,-dac_read_search"]
        prefix.append("--")
    else:
        prefix = []
    for path in [used_store, *used_store.rglob("*")]:
        path.chmod(0o555 if path.is_dir() else 0o444)
    before = _sha(used_store / "chroma.sqlite3")
    copies = set(glob.glob(os.path.join(tempfile.gettempdir(), "verify-read-only-store-*")))
    env = {**os.environ, "PYTHONPATH": str(ROOT), "NO_COLOR": "1"}

    def verify(*args: str) -> subprocess.CompletedProcess[str]:
        cmd = [*prefix, sys.executable, "-m", "verify", "--store", str(used_store), *args]
        return subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)

    try:
        # before: "unexpected PermissionError: [Errno 13] Permission denied: '…/lock'"
        res = verify("check", DEMO_CLAIM, "--judge", "local", "--json")
        assert res.returncode == 0, res.stderr
        report = json.loads(res.stdout)
        assert report["verdict"] == "supported"
        assert {s["source_id"]: s["stance"] for s in report["sources"]}[HOLDER] == "supports"
        res = verify("sources", "--json")
        assert res.returncode == 0 and len(json.loads(res.stdout)) == 5
        res = verify("doctor")  # its probe opens the private copy too
        assert res.returncode == 0, res.stdout
        assert res.stdout.splitlines() == [
            "database: ok",
            "vector index: ok",
            "sources: 5 (21 passages)",
        ]
        res = verify("ingest", str(SEEDS))
        assert res.returncode == 1
        assert res.stderr.strip().splitlines() == [
            f"error: store {used_store} is read-only (Permission denied); adding or removing "
            "sources needs write access to it (reading works as it is)"
        ]
    finally:
        for path in [used_store, *used_store.rglob("*")]:
            path.chmod(0o755 if path.is_dir() else 0o644)
    assert _sha(used_store / "chroma.sqlite3") == before
    after = set(glob.glob(os.path.join(tempfile.gettempdir(), "verify-read-only-store-*")))
    assert after == copies  # the private copy it read from was removed


def test_damaged_database_pages_are_one_line_and_doctor_names_them(used_store: Path):
    db = used_store / "chroma.sqlite3"
    with open(db, "r+b") as fh:  # pages 2-3: the schema's tables
        fh.seek(4096)
        fh.write(b"\xa5" * 8192)
    env = {**os.environ, "PYTHONPATH": str(ROOT), "NO_COLOR": "1"}
    res = subprocess.run(
        [sys.executable, "-m", "verify", "--store", str(used_store), "sources"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    # before: a Rust panic, its backtrace and a Python traceback (PanicException is not an
    # Exception, so it went past the "unexpected" handler too)
    lines = res.stderr.strip().splitlines()
    assert res.returncode == 1 and len(lines) == 1, res.stderr
    assert lines[0].startswith(f"error: cannot open store {used_store}: ")
    assert "database disk image is malformed" in lines[0]
    assert lines[0].endswith("; `verify doctor` checks the store and says how to fix it")
    res = subprocess.run(
        [sys.executable, "-m", "verify", "--store", str(used_store), "doctor"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert res.returncode == 1
    out = res.stdout.splitlines()
    assert out[0].startswith(f"database: DAMAGED ({db}: ")
    assert out[1] == (
        "  the texts live in this file: restore it from a backup, or ingest your articles into a "
        "new store (--store NEW_FOLDER)"
    )
