"""The library as a notebook user calls it."""

from __future__ import annotations

import asyncio
from pathlib import Path

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
