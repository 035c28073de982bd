"""Issue #14 item 2: a folder that cannot be opened, or a file in a folder that cannot be
entered, is reported by path; everything else is ingested.

The tests run as root, and permission bits do not stop root. So the real kernel refusal is
checked by discovering in a forked child that has dropped to ``nobody``; the full CLI ingest
(which needs the models loaded in this process) sees the same refusals injected at the os seam
(``os.scandir`` / ``os.stat`` raising EACCES for exactly those paths), as the kernel would.
"""

from __future__ import annotations

import errno
import json
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from verify.load import discover

from .conftest import ROOT

NOBODY = 65534
GOOD = "Harbour reopens\n\nThe harbour reopened on Monday after two weeks of repairs."


def _tree(base: Path) -> Path:
    """good.txt, sub/also.txt readable; locked/ (mode 000); noexec/ (listable, not enterable)."""
    top = base / "articles"
    (top / "sub").mkdir(parents=True)
    (top / "good.txt").write_text(GOOD)
    (top / "sub" / "also.txt").write_text(GOOD.replace("Monday", "Tuesday"))
    (top / "locked").mkdir()
    (top / "locked" / "hidden.txt").write_text(GOOD)
    (top / "noexec").mkdir()
    (top / "noexec" / "inside.txt").write_text(GOOD)
    (top / "locked").chmod(0o000)
    (top / "noexec").chmod(0o644)
    return top


def _restore(top: Path) -> None:
    (top / "locked").chmod(0o755)
    (top / "noexec").chmod(0o755)


@pytest.fixture
def world_tmp() -> Iterator[Path]:
    """A folder ``nobody`` can reach (pytest's tmp_path lives under a root-only folder)."""
    base = Path(tempfile.mkdtemp(prefix="verify-perm-", dir="/tmp"))
    base.chmod(0o755)
    yield base
    for sub in ("locked", "noexec"):
        p = base / "articles" / sub
        if p.exists():
            p.chmod(0o755)
    shutil.rmtree(base)


def _discover_as_nobody(top: Path, paths: list[Path]) -> dict:
    """discover() run by a child that dropped root, so the kernel itself refuses."""
    for path in [top, *top.rglob("*")] if os.geteuid() == 0 else []:
        if path.name not in ("locked",) and path.parent.name != "locked":
            os.chown(path, NOBODY, NOBODY, follow_symlinks=False)
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: drop privileges, discover, report as JSON, exit
        try:
            os.close(read)
            if os.geteuid() == 0:
                os.setgid(NOBODY)
                os.setuid(NOBODY)
            found, errors = discover(paths, [".txt"])
            out = {"found": [str(a.path) for a in found], "errors": [str(e) for e in errors]}
        except BaseException as exc:  # reported to the parent
            out = {"crash": f"{type(exc).__name__}: {exc}"}
        os.write(write, json.dumps(out).encode())
        os._exit(0)
    os.close(write)
    chunks = []
    while chunk := os.read(read, 65536):
        chunks.append(chunk)
    os.close(read)
    os.waitpid(pid, 0)
    return json.loads(b"".join(chunks))


def test_real_permission_refusals_are_reported_not_skipped(world_tmp: Path):
    top = _tree(world_tmp)
    got = _discover_as_nobody(top, [top])
    # before: locked/ vanished without a word, and noexec/inside.txt raised PermissionError
    assert "crash" not in got, got
    assert got["found"] == [str(top / "good.txt"), str(top / "sub" / "also.txt")]
    assert got["errors"] == [
        f"{top / 'locked'}: cannot open folder: Permission denied; nothing in it was ingested",
        f"{top / 'noexec' / 'inside.txt'}: cannot read: Permission denied "
        "(check the permissions of it and its folder)",
    ]
    # the same file named on the command line: reported, not a crash
    got = _discover_as_nobody(top, [top / "noexec" / "inside.txt", top / "good.txt"])
    assert got["found"] == [str(top / "good.txt")]
    assert got["errors"] == [
        f"{top / 'noexec' / 'inside.txt'}: cannot read: Permission denied "
        "(check the permissions of it and its folder)"
    ]


def _refuse_like_the_kernel(monkeypatch: pytest.MonkeyPatch, top: Path) -> None:
    """As root the bits are ignored: raise EACCES where a normal user would get it."""
    locked, noexec = str(top / "locked"), str(top / "noexec")
    real_scandir, real_stat = os.scandir, os.stat

    def scandir(path=".", *a, **kw):  # type: ignore[no-untyped-def]
        if os.fspath(path) == locked:
            raise PermissionError(errno.EACCES, "Permission denied", locked)
        return real_scandir(path, *a, **kw)

    def stat(path, *a, **kw):  # type: ignore[no-untyped-def]
        p = os.fspath(path) if not isinstance(path, int) else ""
        if p.startswith(locked + os.sep) or p.startswith(noexec + os.sep):
            raise PermissionError(errno.EACCES, "Permission denied", p)
        return real_stat(path, *a, **kw)

    monkeypatch.setattr(os, "scandir", scandir)
    monkeypatch.setattr(os, "stat", stat)


def test_cli_ingest_reports_every_path_left_out_and_stores_the_rest(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    from verify.cli.app import app

    top = _tree(tmp_path)
    try:
        if os.geteuid() == 0:
            _refuse_like_the_kernel(monkeypatch, top)
        store = tmp_path / "store"
        base = ["--store", str(store), "--config", str(ROOT / "config.yaml")]
        res = CliRunner().invoke(app, [*base, "ingest", str(top)])
    finally:
        monkeypatch.undo()
        _restore(top)
    # before: "unexpected PermissionError" and nothing stored (or failed 0 and exit 0)
    assert "unexpected" not in res.output
    assert res.exit_code == 1, res.output
    lines = res.stderr.splitlines()
    assert lines[0] == (
        f"error: {top / 'locked'}: cannot open folder: Permission denied; nothing in it was "
        "ingested"
    )
    assert lines[1] == (
        f"error: {top / 'noexec' / 'inside.txt'}: cannot read: Permission denied (check the "
        "permissions of it and its folder)"
    )
    summary = " ".join(" ".join(lines[2:]).split())  # the console wraps at 80 columns
    assert summary.startswith("added 2, updated 0, unchanged 0, failed 2 (")
    assert summary.endswith("store holds 2 sources")
    from verify import Verifier

    v = Verifier.from_config(ROOT / "config.yaml", store=store)
    assert [r.id for r in v.sources()] == ["also", "good"]
