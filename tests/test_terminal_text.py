"""Untrusted text (file names, titles, claims) is shown on a terminal, never obeyed (#14.10)."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from verify.cli.app import app
from verify.safety import shown

from .conftest import ROOT

NAME = "[bold red]x[link=https:evil.example]y\x1b]0;pwned\x07"


def test_shown_makes_control_characters_visible():
    assert shown("a\x1b]0;pwned\x07b") == "a\\x1b]0;pwned\\x07b"
    assert shown("left\u202eright") == "left\\u202eright"  # a bidi override
    assert shown("plain é “quoted”") == "plain é “quoted”"


def test_a_hostile_file_name_is_printed_literally(tmp_path: Path):
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / f"{NAME}.txt").write_text(
        "The council approved the budget on Tuesday. The vote was 7 to 2.\n"
    )
    base = ["--store", str(tmp_path / "store"), "--config", str(ROOT / "config.yaml")]
    runner = CliRunner()
    assert runner.invoke(app, [*base, "ingest", str(folder)]).exit_code == 0
    listed = runner.invoke(app, [*base, "sources"])
    checked = runner.invoke(
        app, [*base, "check", "The council approved the budget on Tuesday", "--judge", "local"]
    )
    for res in (listed, checked):
        assert res.exit_code == 0, res.output
        assert "\x1b" not in res.output and "\x07" not in res.output
        # before: the table read "[bold red]x[link=…]y" as markup and printed "xy" + a raw ESC
        assert "[bold red]x[link=https:evil.example]y\\x1b]0;pwned" in res.output
