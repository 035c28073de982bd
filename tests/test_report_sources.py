"""Every source's publication date and address appear in every report: text, JSON, HTML,
Markdown — for sources with evidence and for those that do not mention the claim."""

from __future__ import annotations

import json

from rich.console import Console

from verify.models import Evidence, Report, SourceVerdict
from verify.report.html import render_html
from verify.report.markdown import render_markdown
from verify.report.text import render

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
