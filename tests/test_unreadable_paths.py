"""Issue #14 item 2: a folder that cannot be opened, or a file in a folder that cannot be
entered, is reported by path; everything else is ingested.

The tests run as root, and permission bits do not stop root, so the kernel's refusal is made
real two ways: discovery runs in a forked child that dropped to ``nobody``, and the full CLI
ingest runs in a subprocess started by ``setpriv`` without the capabilities that let root
ignore modes (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH). Nothing is simulated.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

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


def _unprivileged() -> list[str]:
    """A command prefix under which permission bits bind: as root, drop the capabilities that
    bypass them (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH)."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("root without setpriv cannot drop the capabilities that ignore modes")
    return [setpriv, "--inh-caps=-all", "--bounding-set=-dac_override,-dac_read_search", "--"]


def test_cli_ingest_reports_every_path_left_out_and_stores_the_rest(tmp_path: Path):
    top = _tree(tmp_path)
    store = tmp_path / "store"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "NO_COLOR": "1", "COLUMNS": "200"}
    cmd = [*_unprivileged(), sys.executable, "-m", "verify", "--store", str(store)]
    try:
        res = subprocess.run(
            [*cmd, "ingest", str(top)], cwd=ROOT, env=env, capture_output=True, text=True
        )
    finally:
        _restore(top)
    # before: "unexpected PermissionError" and nothing stored (or "failed 0" and exit 0)
    assert "unexpected" not in res.stderr
    assert res.returncode == 1, res.stderr
    lines = res.stderr.splitlines()
    assert lines[0] == (
        f"error: {top / 'locked'}: cannot open folder: Permission denied; nothing in it was "
        "ingested"
    )
    assert lines[1] == (
        f"error: {top / 'noexec' / 'inside.txt'}: cannot read: Permission denied (check the "
        "permissions of it and its folder)"
    )
    summary = " ".join(" ".join(lines[2:]).split())
    assert summary.startswith("added 2, updated 0, unchanged 0, failed 2 (")
    assert summary.endswith("store holds 2 sources")
    from verify import Verifier

    v = Verifier.from_config(ROOT / "config.yaml", store=store)
    assert [r.id for r in v.sources()] == ["good", "sub/also"]  # ids from the relative path
