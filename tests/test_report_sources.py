"""Every source's publication date and address appear in every report: text, JSON, HTML,
Markdown — for sources with evidence and for those that do not mention the claim — and in the
`verify sources` listing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import Result
from rich.console import Console
from typer.testing import CliRunner

from verify.cli.app import app
from verify.models import Evidence, Report, SourceVerdict
from verify.report.html import render_html
from verify.report.markdown import render_markdown
from verify.report.text import render, sources_table
from verify.store import SourceRecord
from verify.verifier import _dismissed

from .conftest import ROOT

TEXT = "Ferry capsizes\n\nA ferry carrying 48 people capsized off Halden on Wednesday."
QUOTE = "A ferry carrying 48 people capsized off Halden on Wednesday."
FERRY_URL = "https://coastal.example/news/ferry-capsizes?id=7&ref=rss"
ODD_URL = "https://budget.example/a_(b)*c"


def _report() -> Report:
    return Report(
        claim="A ferry capsized off Halden",
        verdict="supported",
        judge_mode="local",
        sources=[
            SourceVerdict(
                source_id="ferry",
                title="Ferry capsizes",
                date="2024-03-14",
                url=FERRY_URL,
                stance="supports",
                confidence=0.91,
                evidence=[Evidence(quote=QUOTE, start=16, end=16 + len(QUOTE), stance="supports")],
                judge="local",
            ),
            SourceVerdict(
                source_id="budget",
                title="Budget passed",
                date="2023-12-13",
                url=ODD_URL,
                stance="not_mentioned",
                confidence=0.8,
                judge="retrieval",
                reason="nothing in it is about this claim",
            ),
        ],
    )


def test_quote_offsets_in_the_fixture_are_right():
    assert TEXT[16 : 16 + len(QUOTE)] == QUOTE


def test_text_report_shows_date_and_address():
    console = Console(width=200, no_color=True, record=True)
    console.print(render(_report()))
    out = console.export_text()
    assert "ferry  supports (confidence 0.91)  Ferry capsizes  [2024-03-14]\n" in out
    assert f"\n    {FERRY_URL}\n" in out
    assert "budget  not mentioned (confidence 0.80)  Budget passed  [2023-12-13]\n" in out
    assert f"\n    {ODD_URL}\n" in out


def test_a_long_title_is_cut_at_a_word_and_marked():
    title = "Incumbent Okafor edges ahead as Marrowick recount overturns election-night result"
    report = _report()
    report = report.model_copy(
        update={"sources": [report.sources[0].model_copy(update={"title": title})]}
    )
    console = Console(width=200, no_color=True, record=True)
    console.print(render(report))
    out = console.export_text()
    assert "Marrowick recount overturns election-night …  [2024-03-14]\n" in out
    assert "resul" not in out


@pytest.mark.parametrize(
    ("title", "shown"),
    [
        ("Ferry capsizes", "Ferry capsizes"),
        ("https://example.com/news/" + "a" * 90, "https://example.com/news/" + "a" * 54 + "…"),
        ("A " + "b" * 85 + " end", "A " + "b" * 77 + "…"),
        # a hyphenated word is not cut at its hyphen; whitespace is flattened
        (
            "Tromvik recount overturns election-night result in a landmark ruling for the "
            "town council",
            "Tromvik recount overturns election-night result in a landmark ruling for the …",
        ),
        ("  Tromvik\n\n   https://e.com/" + "a" * 80, "Tromvik https://e.com/" + "a" * 57 + "…"),
    ],
)
def test_a_title_with_no_word_to_cut_at_is_cut_at_the_width(title: str, shown: str):
    from verify.report.text import _short

    assert _short(title, 80) == shown


def test_json_report_has_date_and_url_per_source():
    got = json.loads(_report().model_dump_json())
    assert [(s["source_id"], s["date"], s["url"]) for s in got["sources"]] == [
        ("ferry", "2024-03-14", FERRY_URL),
        ("budget", "2023-12-13", ODD_URL),
    ]


def test_markdown_report_links_each_source():
    md = render_markdown(_report())
    assert "### Ferry capsizes (2024-03-14)\n" in md
    assert (
        "[https://coastal.example/news/ferry-capsizes?id=7&amp;ref=rss]"
        "(https://coastal.example/news/ferry-capsizes?id=7&ref=rss)\n"
    ) in md
    assert (
        "- budget **not mentioned**: Budget passed (2023-12-13) "
        "[https://budget.example/a\\_(b)\\*c](https://budget.example/a_%28b%29*c) — "
        "nothing in it is about this claim\n"
    ) in md


def test_html_report_links_each_source():
    page = render_html(_report(), {"ferry": TEXT})
    assert (
        '<p class="url"><a href="https://coastal.example/news/ferry-capsizes?id=7&amp;ref=rss" '
        'rel="noopener noreferrer">https://coastal.example/news/ferry-capsizes?id=7&amp;ref=rss'
        "</a></p>"
    ) in page
    assert f'<a href="{ODD_URL}" rel="noopener noreferrer">{ODD_URL}</a>' in page
    assert '<span class="muted">2024-03-14</span>' in page
    assert '<span class="muted">2023-12-13</span>' in page


def test_only_web_addresses_become_links():
    report = _report()
    report.sources[0].url = "javascript:alert(1)"
    assert 'href="javascript' not in render_html(report, {"ferry": TEXT})
    assert "](javascript" not in render_markdown(report)


# -- `verify sources`: every stored source with its date and address ---------------------------
ARTICLE = f"""---
title: Ferry capsizes off Halden
date: 2024-03-14
url: {FERRY_URL}
---
# Ferry capsizes

A ferry carrying 48 people capsized off Halden on Wednesday.
"""


def _listed(tmp_path: Path, *args: str) -> Result:
    folder = tmp_path / "articles"
    folder.mkdir(exist_ok=True)
    (folder / "ferry.md").write_text(ARTICLE, encoding="utf-8")
    (folder / "budget.txt").write_text(  # no address, no date of its own
        "Budget passed\n\nThe council passed a budget of 1.9 billion kroner.\n", encoding="utf-8"
    )
    base = ["--store", str(tmp_path / "store"), "--config", str(ROOT / "config.yaml")]
    runner = CliRunner()
    ingested = runner.invoke(app, [*base, "ingest", str(folder)])
    assert ingested.exit_code == 0, ingested.output
    return runner.invoke(app, [*base, "sources", *args], env={"NO_COLOR": "1"})


def test_sources_table_shows_each_sources_date_and_url(tmp_path: Path):
    r = _listed(tmp_path)
    assert r.exit_code == 0, r.output
    lines = r.stdout.splitlines()
    assert lines[0].split() == ["id", "title", "date", "chunks", "url"]
    # piped: one row a source, not wrapped at 80 columns (the row is longer than that)
    rows = {line.split()[0]: line for line in lines[1:]}
    assert sorted(rows) == ["budget", "ferry"]
    ferry = rows["ferry"]
    assert len(ferry.strip()) > 80
    want = ["ferry", "Ferry", "capsizes", "off", "Halden", "2024-03-14", "1", FERRY_URL]
    assert ferry.split() == want
    # no date and no address of its own: those cells are blank
    assert rows["budget"].split() == ["budget", "Budget", "passed", "1"]


def test_sources_json_has_each_sources_date_and_url(tmp_path: Path):
    r = _listed(tmp_path, "--json")
    assert r.exit_code == 0, r.output
    got = {s["id"]: s for s in json.loads(r.stdout)}
    assert (got["ferry"]["date"], got["ferry"]["url"]) == ("2024-03-14", FERRY_URL)
    assert (got["budget"]["date"], got["budget"]["url"]) == (None, None)


def test_sources_table_folds_a_long_url_on_a_narrow_terminal():
    record = SourceRecord(
        id="ferry",
        title="Ferry capsizes off Halden",
        date="2024-03-14",
        path=None,
        url=FERRY_URL + "&utm_source=newsletter&utm_medium=email",
        content_hash="x",
        n_chunks=1,
    )
    console = Console(width=60, no_color=True, record=True)
    console.print(sources_table([record]))
    out = console.export_text()
    assert "2024-03-14" in out  # never split
    assert "…" not in out  # the address is folded onto more lines, every character kept
    assert record.url in "".join(line.split()[-1] for line in out.splitlines()[1:] if line.strip())


def test_sources_table_shows_an_untrusted_url_and_title_literally():
    record = SourceRecord(
        id="x",
        title="[bold]t\x1b[2J",
        date=None,
        path=None,
        url="https://e.example/\x1b]0;pwned\x07",
        content_hash="x",
        n_chunks=1,
    )
    console = Console(width=200, no_color=True, record=True)
    console.print(sources_table([record]))
    out = console.export_text()
    assert "\x1b" not in out and "\x07" not in out
    assert "[bold]t\\x1b[2J" in out and "https://e.example/\\x1b]0;pwned\\x07" in out


@pytest.mark.parametrize(
    ("similarity", "bar", "shown"),
    [
        (0.1951, 0.2, "closest passage 0.195, below 0.200"),
        (0.07, 0.2, "closest passage 0.07, below 0.20"),
        (0.19999, 0.2, "closest passage 0.199990, below 0.200000"),
        (0.203, 0.205, "closest passage 0.203, below 0.205"),
    ],
)
def test_a_dismissed_source_reads_as_below_the_bar(similarity: float, bar: float, shown: str):
    """A new user read "closest passage 0.20, below 0.20 similarity" for 0.1951."""
    record = SourceRecord(id="a", title="A", date=None, path=None, content_hash="a", n_chunks=1)
    verdict = _dismissed(record, similarity, bar)
    assert verdict.reason == f"nothing in it is about this claim ({shown} similarity)"
