"""The library as a notebook user calls it."""

from __future__ import annotations

import asyncio
import subprocess
import sys
from pathlib import Path

import pytest

import verify
from verify import Verifier
from verify.aio import run_sync


def test_check_works_inside_a_running_event_loop(seed_verifier: Verifier):
    # Jupyter runs every cell inside an event loop: asyncio.run() would refuse to start
    claim = "Syria was suspended from the Arab League in November 2011"

    async def cell() -> verify.Report:
        return seed_verifier.check(claim, "local")

    report = asyncio.run(cell())
    by_id = {v.source_id: v for v in report.sources}
    assert by_id["001_27002b27250bcba8"].stance == "supports"


def test_run_sync_outside_a_loop_returns_the_result():
    async def answer() -> int:
        return 42

    assert run_sync(answer()) == 42


def test_the_package_declares_its_types():
    assert (Path(verify.__file__).parent / "py.typed").is_file()


@pytest.fixture(scope="module")
def modules_of_a_check(seed_verifier: Verifier) -> list[str]:
    """The modules a fresh process has imported after one local check."""
    code = (
        "import sys; from verify import Verifier; "
        f"v = Verifier.from_config(store={str(seed_verifier.settings.store)!r}); "
        "v.check('Syria was suspended from the Arab League in November 2011', 'local'); "
        "print('\\n'.join(sorted(sys.modules)))"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    return r.stdout.split()


def test_a_check_imports_no_langchain(modules_of_a_check: list[str]):
    """langchain_core cost every one-claim `verify check` a third of a second: the local
    check path never imports it (the LLM judge and ``as_langchain()`` do)."""
    assert [m for m in modules_of_a_check if m.startswith("langchain")] == []


def test_a_check_imports_no_ingest_code(modules_of_a_check: list[str]):
    """Ingest and the file loading behind it (charset detection...) are imported by the
    methods that add sources, not by every check."""
    assert "verify.verifier" in modules_of_a_check
    unneeded = {"verify.ingest", "verify.load", "charset_normalizer"}
    assert unneeded.isdisjoint(modules_of_a_check)


def test_a_check_imports_no_grpc_or_embedding_functions(modules_of_a_check: list[str]):
    """Chroma's gRPC span exporter and its embedding functions (with jsonschema) were a
    quarter of a second of every one-claim check; the embedded store needs neither
    (``verify.chroma_import``)."""
    assert "chromadb.api.rust" in modules_of_a_check  # the store was opened and read
    unneeded = {"grpc", "jsonschema", "chromadb.utils.embedding_functions"}
    assert unneeded.isdisjoint(modules_of_a_check)
