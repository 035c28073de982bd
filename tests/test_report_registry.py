"""Report formats by name: one registry for the CLI (--report FILE, --html...) and the prompt.

Adding a format is its renderer and one register_format call: here a tiny TSV renderer, run
through a real `verify check` on a store built in the test.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console
from typer.testing import CliRunner

from verify import Verifier
from verify.cli.app import State, app
from verify.cli.chat import Chat
from verify.errors import ConfigError
from verify.judges.base import SourceEvidence
from verify.judges.registry import register_judge, unregister_judge
from verify.judges.testing import FunctionJudge
from verify.models import reports_of
from verify.report import registry
from verify.report.registry import (
    ReportInput,
    format_for_path,
    format_names,
    register_format,
    unregister_format,
)
from verify.sourcemeta import Document

ROOT = Path(__file__).resolve().parent.parent
CLAIM = "The ferry Kestrel capsized in March 2024"
FERRY = "The ferry Kestrel capsized off Port Ellery in March 2024. All 224 people were rescued."
BUDGET = "The city council passed its budget on Tuesday after a long debate."


def render_tsv(data: ReportInput) -> str:
    """One row per claim and source: id, source, stance."""
    rows = ["claim_id\tsource_id\tstance"]
    for claim_id, item in zip(data.claim_ids, data.items, strict=True):
        for report in reports_of([item]):
            rows += [f"{claim_id}\t{sv.source_id}\t{sv.stance}" for sv in report.sources]
    return "\n".join(rows)


def says_2024(claim: str, item: SourceEvidence) -> Any:
    at = item.text.find("2024")
    return ("supports", item.text[at : at + 4]) if at >= 0 else None


@pytest.fixture
def tsv() -> Iterator[str]:
    register_format("tsv", render_tsv, suffix=".tsv", help="one row per claim and source")
    yield "tsv"
    unregister_format("tsv")


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Path]:
    """Two articles in a store of the test's own, and a judge that needs no model."""
    v = Verifier.from_config(ROOT / "config.yaml", store=tmp_path / "store")
    v.ingest_texts([Document("ferry", FERRY, "Ferry capsizes"), Document("budget", BUDGET)])
    register_judge("year", lambda ctx: FunctionJudge(says_2024, name="year"), help="test")
    yield v.settings.store
    unregister_judge("year")


def _check(store: Path, *args: str) -> Any:
    base = ["--store", str(store), "--config", str(ROOT / "config.yaml")]
    return CliRunner().invoke(app, [*base, "check", CLAIM, "--judge", "year", *args])


def test_a_registered_format_runs_through_the_cli(store: Path, tsv: str, tmp_path: Path):
    out = tmp_path / "r.tsv"
    res = _check(store, "--report", str(out))
    assert res.exit_code == 0, res.output
    rows = out.read_text(encoding="utf-8").splitlines()
    assert rows[0] == "claim_id\tsource_id\tstance"
    assert sorted(rows[1:]) == ["1\tbudget\tnot_mentioned", "1\tferry\tsupports"]
    # any name, with --report-format
    other = tmp_path / "r.txt"
    res = _check(store, "--report", str(other), "--report-format", "tsv")
    assert res.exit_code == 0, res.output
    assert other.read_text(encoding="utf-8") == out.read_text(encoding="utf-8")


def test_report_picks_each_built_in_by_its_suffix(store: Path, tmp_path: Path):
    """--report FILE gives what the old flags give; they stay, as names of the same formats."""
    reports = [tmp_path / f"r.{ext}" for ext in ("html", "md", "csv", "json", "txt")]
    args = [a for path in reports for a in ("--report", str(path))]
    old = {
        "--html": tmp_path / "a.html",
        "--markdown": tmp_path / "a.md",
        "--csv": tmp_path / "a.csv",
    }
    args += [a for flag, path in old.items() for a in (flag, str(path))]
    res = _check(store, *args)
    assert res.exit_code == 0, res.output
    html, md, csv, js, txt = (p.read_text(encoding="utf-8") for p in reports)
    assert html == old["--html"].read_text(encoding="utf-8") and "<mark" in html
    assert md == old["--markdown"].read_text(encoding="utf-8")
    assert csv == old["--csv"].read_text(encoding="utf-8")
    report = json.loads(js)
    assert report["claim"] == CLAIM and report["verdict"] == "supported"
    assert txt.startswith(f"Claim: {CLAIM}\nVerdict: SUPPORTED") and txt in res.stdout + "\n"


def test_a_name_that_names_no_format_fails_before_the_check(store: Path, tmp_path: Path):
    res = _check(store, "--report", str(tmp_path / "r.xyz"))
    assert res.exit_code == 2
    assert "cannot tell the report format of" in res.stderr and ".html" in res.stderr
    assert "Verdict" not in res.stdout  # nothing was checked
    res = _check(store, "--report", str(tmp_path / "missing" / "r.html"))
    assert res.exit_code == 2 and "no folder" in res.stderr
    res = _check(store, "--report-format", "nope", "--report", str(tmp_path / "r.html"))
    assert res.exit_code == 2 and "unknown report format 'nope': use text, json" in res.stderr


def test_built_ins_first_and_names_suffixes_taken_once(tsv: str):
    assert format_names()[:5] == ["text", "json", "html", "markdown", "csv"]
    assert format_names()[-1] == "tsv"
    assert format_for_path("Out.HTML").name == "html" and format_for_path("x.md").name == "markdown"
    with pytest.raises(ConfigError, match="already registered"):
        register_format("csv", render_tsv, suffix=".csv2", help="again")
    with pytest.raises(ConfigError, match=r"\.csv files are already the csv format"):
        register_format("sheet", render_tsv, suffix=".csv", help="again")


def test_a_plugin_registers_through_its_entry_point(monkeypatch: pytest.MonkeyPatch):
    class EntryPoint:
        name = "tsv-plugin"

        def load(self) -> Any:
            return lambda register: register("tsv", render_tsv, suffix=".tsv", help="plugin")

    monkeypatch.setattr(registry, "entry_points", lambda group: [EntryPoint()])
    monkeypatch.setattr(registry, "_plugins_loaded", False)
    try:
        assert format_for_path("a.tsv").name == "tsv"
    finally:
        unregister_format("tsv")


def test_the_prompt_writes_any_format_by_name_or_suffix(
    store: Path, tsv: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    import verify.cli.console as console

    out, err = io.StringIO(), io.StringIO()
    monkeypatch.setattr(console, "out", Console(file=out, width=200))
    monkeypatch.setattr(console, "err", Console(file=err, width=200))
    chat = Chat(State(store, ROOT / "config.yaml"))
    chat.mode = "year"
    chat.handle(CLAIM)
    chat.handle(f":tsv {tmp_path / 'a.out'}")
    chat.handle(f":report {tmp_path / 'b.tsv'}")
    chat.handle(":help")
    assert err.getvalue() == f"wrote {tmp_path / 'a.out'}\nwrote {tmp_path / 'b.tsv'}\n"
    a, b = ((tmp_path / n).read_text(encoding="utf-8") for n in ("a.out", "b.tsv"))
    assert a == b and "1\tferry\tsupports" in a
    assert "\n  :tsv FILE         write the last check as tsv (one row per claim and source)\n" in (
        out.getvalue()
    )
