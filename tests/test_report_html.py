"""The HTML and Markdown reports: escaping, highlights by offsets, batch matrix, and a real
headless Chromium (skipped when /usr/bin/chromium is absent: apt-get install chromium)."""

from __future__ import annotations

import json
import re
import shutil
import struct
import subprocess
import zlib
from html.parser import HTMLParser
from pathlib import Path

import pytest
from typer.testing import CliRunner

from verify.cli.app import app
from verify.models import Evidence, Report, Source, SourceVerdict, Usage
from verify.report.html import REFUTES_BG, SUPPORTS_BG, article, highlight, render_html
from verify.report.markdown import render_markdown

from .conftest import DEMO_CLAIM, ROOT

CHROMIUM = shutil.which("chromium") or (
    "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None
)
needs_chromium = pytest.mark.skipif(
    CHROMIUM is None,
    reason="headless Chromium not installed (apt-get install -y chromium); browser tests skipped",
)

EVIL = "<script>alert(1)</script>"
SUPPORT_Q = "The country was suspended from the organization in November 2011"
REFUTE_Q = "Syria was suspended from the Arab League in 2013, officials said"
TEXT_A = (
    "Arab League and Syria\n\n"
    "In recent weeks momentum has been building. " + SUPPORT_Q + ", eight months into a "
    "brutal crackdown that had killed 5,000 civilians.\n\n"
    "An article may contain markup: "
    + EVIL
    + " & <b>bold</b> must stay text.\n\n"
    + "Filler paragraph about something else entirely. " * 3
    + "\n\n"
    + "\n\n".join(f"Unrelated paragraph number {n}." for n in range(8))
)
TEXT_B = (
    "A contrary report\n\n"
    + "\n\n".join(f"Background paragraph {n}." for n in range(4))
    + "\n\n"
    + REFUTE_Q
    + ". Others disagree.\n\nClosing words."
)
TEXT_C = "Weather\n\nRain is expected in the north this weekend. " + EVIL


def _ev(text: str, quote: str, stance: str) -> Evidence:
    at = text.index(quote)
    return Evidence(quote=quote, start=at, end=at + len(quote), stance=stance, score=0.9)


def sample_reports() -> tuple[list[Report], dict[str, Source]]:
    sources = {
        "a": Source(
            id="a", title="Suspension " + EVIL, date="2021-09-30", text=TEXT_A, content_hash="x"
        ),
        "b": Source(id="b", title="Contrary", text=TEXT_B, content_hash="y"),
        "c": Source(id="c", title="Weather", text=TEXT_C, content_hash="z"),
    }
    one = Report(
        claim="Syria was suspended " + EVIL,
        verdict="conflicting",
        sources=[
            SourceVerdict(
                source_id="a",
                title=sources["a"].title,
                date="2021-09-30",
                stance="supports",
                confidence=0.9,
                evidence=[_ev(TEXT_A, SUPPORT_Q, "supports")],
                judge="local",
            ),
            SourceVerdict(
                source_id="b",
                title="Contrary",
                stance="refutes",
                confidence=0.8,
                evidence=[_ev(TEXT_B, REFUTE_Q, "refutes")],
                judge="local",
                reason="a different year",
            ),
            SourceVerdict(
                source_id="c",
                title="Weather",
                stance="not_mentioned",
                confidence=0.99,
                judge="retrieval",
                reason="nothing close",
            ),
        ],
        judge_mode="cascade",
        models={"embedding": "all-MiniLM-L6-v2", "llm": "gpt-4o-mini"},
        usage=Usage(calls=2, prompt_tokens=1200, completion_tokens=80, cost_usd=0.000228),
        elapsed_s=1.5,
    )
    two = Report(
        claim="It rained in the north",
        verdict="not_enough_evidence",
        sources=[
            SourceVerdict(source_id="a", stance="not_mentioned", title="Suspension"),
            SourceVerdict(source_id="c", stance="not_mentioned", title="Weather"),
        ],
        judge_mode="local",
        models={"embedding": "all-MiniLM-L6-v2"},
    )
    return [one, two], sources


class _Marks(HTMLParser):
    """Collects the text inside <mark> elements (by class) and the <details> open state."""

    def __init__(self) -> None:
        super().__init__()
        self.marks: list[tuple[str, str]] = []
        self.details: list[tuple[str, bool]] = []
        self.tags: list[str] = []
        self._in: str | None = None

    def handle_starttag(self, tag: str, attrs: list) -> None:
        a = dict(attrs)
        self.tags.append(tag)
        if tag == "mark":
            self._in = a.get("class", "")
            self.marks.append((self._in, ""))
        if tag == "details" and "source" in (a.get("class") or ""):
            self.details.append((a.get("id", ""), "open" in a))

    def handle_endtag(self, tag: str) -> None:
        if tag == "mark":
            self._in = None

    def handle_data(self, data: str) -> None:
        if self._in is not None:
            cls, text = self.marks[-1]
            self.marks[-1] = (cls, text + data)


def parse(page: str) -> _Marks:
    p = _Marks()
    p.feed(page)
    return p


# -- the renderer ---------------------------------------------------------------------------
def test_html_escapes_claims_titles_and_articles():
    reports, sources = sample_reports()
    page = render_html(reports, sources)
    assert "<script" not in page.lower()
    assert page.count("&lt;script&gt;alert(1)&lt;/script&gt;") >= 4  # claim, title, 2 texts
    assert "&lt;b&gt;bold&lt;/b&gt;" in page and "&amp; " in page
    assert "script" not in parse(page).tags


def test_html_is_self_contained():
    reports, sources = sample_reports()
    page = render_html(reports, sources)
    assert "<style>" in page
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:|//)""", page)
    assert "@import" not in page and "url(" not in page
    assert "Content-Security-Policy" in page and "default-src 'none'" in page


def test_highlights_follow_offsets_and_stances():
    reports, sources = sample_reports()
    p = parse(render_html(reports[:1], sources))
    assert ("ev-supports", SUPPORT_Q) in p.marks
    assert ("ev-refutes", REFUTE_Q) in p.marks
    assert len(p.marks) == 2


def test_only_sources_with_evidence_are_expanded():
    reports, sources = sample_reports()
    p = parse(render_html(reports[:1], sources))
    opened = dict(p.details)
    assert len(opened) == 3
    assert sum(opened.values()) == 2  # a and b open, c (no evidence) collapsed


def test_batch_has_a_matrix_usage_and_models():
    reports, sources = sample_reports()
    page = render_html(reports, sources)
    matrix = page[page.index('<table class="matrix">') : page.index("</table>")]
    assert matrix.count("<tr>") == 3  # header + 2 claims
    assert matrix.count('class="badge s-supports"') == 1
    assert matrix.count('class="badge s-refutes"') == 1
    assert matrix.count('class="badge s-not_mentioned"') == 3
    assert 'href="#c0-s0"' in matrix and 'id="c0-s0"' in page
    assert "2 calls, 1200 prompt tokens + 80 completion tokens; cost $0.0002" in page
    assert "gpt-4o-mini" in page and "all-MiniLM-L6-v2" in page
    assert "cost $0." in page  # the local-only claim says so


def test_single_report_has_no_matrix():
    reports, sources = sample_reports()
    page = render_html(reports[0], sources)
    assert 'class="matrix"' not in page


def test_highlight_skips_spans_that_do_not_match_and_marks_overlaps():
    text = "alpha beta gamma delta"
    bad = Evidence(quote="beta", start=0, end=4, stance="supports")
    body, missing = highlight(text, [bad])
    assert missing == 1 and "<mark" not in body
    s = Evidence(quote="alpha beta", start=0, end=10, stance="supports")
    r = Evidence(quote="beta gamma", start=6, end=16, stance="refutes")
    body, missing = highlight(text, [s, r])
    assert missing == 0
    assert body == (
        '<mark class="ev-supports" id="ev-e0">alpha </mark><mark class="ev-both" id="ev-e1">beta'
        '</mark><mark class="ev-refutes"> gamma</mark> delta'
    )


def test_far_paragraphs_are_folded_but_kept():
    body, _ = article(TEXT_A, [_ev(TEXT_A, SUPPORT_Q, "supports")], "x")
    assert '<details class="fold"><summary>9 more paragraphs</summary>' in body
    assert "Unrelated paragraph number 7." in body  # folded, not dropped
    full, _ = article(TEXT_C, [], "x")
    assert "<details" not in full  # no evidence: nothing folded


def test_markdown_has_blockquotes_with_offsets_and_escapes():
    reports, _ = sample_reports()
    text = render_markdown(reports)
    at = TEXT_A.index(SUPPORT_Q)
    assert f"> {SUPPORT_Q}" in text
    assert f"> — *supports*, characters {at}–{at + len(SUPPORT_Q)}" in text
    assert "<script" not in text and "&lt;script&gt;" in text
    assert "| claim | verdict | a | b | c |" in text
    assert "## Total" in text and "cost $0.0002" in text


def test_markdown_escapes_hostile_source_ids():
    """A file name can hold a backtick, HTML, a pipe or a newline: none may close a code span,
    become live HTML or break a table."""
    reports, _ = sample_reports()
    evil = "x` <img src=x onerror=alert(1)> `y|z\nw"
    reports = [
        r.model_copy(
            update={"sources": [sv.model_copy(update={"source_id": evil}) for sv in r.sources[:1]]}
        )
        for r in reports
    ]
    text = render_markdown(reports)
    assert "<img" not in text and "&lt;img src=x onerror=alert(1)&gt;" in text
    assert "x\\` " in text  # the backtick is escaped, not a code-span delimiter
    table = next(ln for ln in text.splitlines() if ln.startswith("| claim"))
    assert table.count("|") - table.count("\\|") == 4  # claim, verdict, one source: 4 bars


# -- real reports from the seeds --------------------------------------------------------------
def test_seed_report_highlights_every_quote(seed_verifier):
    report = seed_verifier.check(DEMO_CLAIM)
    texts = {sv.source_id: seed_verifier.source(sv.source_id) for sv in report.sources}
    p = parse(render_html([report], texts))
    quotes = [ev for sv in report.sources for ev in sv.evidence]
    assert quotes, "the seeds should give evidence for the demo claim"
    marked = " ".join(t for _, t in p.marks)
    for ev in quotes:
        # a quote across paragraphs is marked in pieces: each piece is marked
        for piece in re.split(r"\s*\n\s*\n\s*", ev.quote):
            assert piece in marked
    assert sum(o for _, o in p.details) == sum(1 for sv in report.sources if sv.evidence)


def test_cli_writes_html_and_markdown(seed_verifier, tmp_path):
    html_file, md_file = tmp_path / "r.html", tmp_path / "r.md"
    claims = tmp_path / "claims.txt"
    claims.write_text(DEMO_CLAIM + "\nSyria was suspended from the Arab League in 2013.\n")
    store = str(seed_verifier.settings.store)
    r = CliRunner().invoke(
        app,
        [
            "--store",
            store,
            "--config",
            str(ROOT / "config.yaml"),
            "check",
            "--claims",
            str(claims),
            "--json",
            "--html",
            str(html_file),
            "--markdown",
            str(md_file),
        ],
    )
    assert r.exit_code == 0, r.output
    lines = [json.loads(line) for line in r.stdout.splitlines() if line.startswith("{")]
    assert [x["claim"] for x in lines] == [
        DEMO_CLAIM,
        "Syria was suspended from the Arab League in 2013.",
    ]
    page = html_file.read_text(encoding="utf-8")
    assert page.count('<section class="claim"') == 2 and 'class="matrix"' in page
    assert "Syria was suspended from the Arab League in 2013." in page
    assert "## Summary" in md_file.read_text(encoding="utf-8")


# -- a real browser -----------------------------------------------------------------------------
def _chromium(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    assert CHROMIUM is not None
    return subprocess.run(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={tmp_path / 'profile'}",
            *args,
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )


def _page(tmp_path: Path) -> Path:
    reports, sources = sample_reports()
    page = tmp_path / "report.html"
    page.write_text(render_html(reports, sources), encoding="utf-8")
    return page


@needs_chromium
def test_chromium_dom_has_marks_and_no_injected_script(tmp_path):
    page = _page(tmp_path)
    r = _chromium(tmp_path, "--enable-logging=stderr", "--v=0", "--dump-dom", page.as_uri())
    assert r.returncode == 0, r.stderr[-2000:]
    dom = r.stdout
    p = parse(dom)
    assert ("ev-supports", SUPPORT_Q) in p.marks and ("ev-refutes", REFUTE_Q) in p.marks
    assert "script" not in p.tags  # the article's <script> is text, not an element
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in dom
    assert "Uncaught" not in r.stderr
    assert not re.search(r"CONSOLE|Refused to", r.stderr), r.stderr[-2000:]


def decode_png(data: bytes) -> tuple[int, int, int, list[bytes]]:
    """Width, height, bytes per pixel and raw rows of an 8-bit non-interlaced RGB(A) PNG."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, ihdr = 8, b"", None
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind, body = data[pos + 4 : pos + 8], data[pos + 8 : pos + 8 + length]
        if kind == b"IHDR":
            ihdr = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    assert ihdr is not None
    width, height, depth, colour, _, _, interlace = ihdr
    assert depth == 8 and colour in (2, 6) and interlace == 0, ihdr
    bpp = 3 if colour == 2 else 4
    raw, stride, rows, prev = zlib.decompress(idat), width * bpp, [], bytearray(width * bpp)
    for y in range(height):
        f, line = (
            raw[y * (stride + 1)],
            bytearray(raw[y * (stride + 1) + 1 : (y + 1) * (stride + 1)]),
        )
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b = prev[i]
            c = prev[i - bpp] if i >= bpp else 0
            if f == 1:
                line[i] = (line[i] + a) & 255
            elif f == 2:
                line[i] = (line[i] + b) & 255
            elif f == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif f == 4:
                pa, pb, pc = abs(b - c), abs(a - c), abs(a + b - 2 * c)
                pred = a if pa <= pb and pa <= pc else (b if pb <= pc else c)
                line[i] = (line[i] + pred) & 255
        rows.append(bytes(line))
        prev = line
    return width, height, bpp, rows


def count_colour(rows: list[bytes], bpp: int, hex_colour: str) -> int:
    rgb = bytes.fromhex(hex_colour.lstrip("#"))
    return sum(1 for row in rows for i in range(0, len(row), bpp) if row[i : i + 3] == rgb)


def _shot(tmp_path: Path, page: Path, name: str) -> tuple[Path, list[bytes], int]:
    png = tmp_path / name
    r = _chromium(tmp_path, f"--screenshot={png}", "--window-size=1280,2000", page.as_uri())
    assert r.returncode == 0 and png.exists(), r.stderr[-2000:]
    width, height, bpp, rows = decode_png(png.read_bytes())
    assert (width, height) == (1280, 2000)
    return png, rows, bpp


@needs_chromium
def test_chromium_screenshot_shows_both_highlight_colours(tmp_path):
    png, rows, bpp = _shot(tmp_path, _page(tmp_path), "shot.png")
    assert png.stat().st_size > 20_000
    # the same page with the evidence taken out: only the legend swatches have these colours
    reports, sources = sample_reports()
    bare = [
        r.model_copy(update={"sources": [s.model_copy(update={"evidence": []}) for s in r.sources]})
        for r in reports
    ]
    control = tmp_path / "bare.html"
    control.write_text(render_html(bare, sources), encoding="utf-8")
    _, rows0, bpp0 = _shot(tmp_path, control, "bare.png")
    for colour in (SUPPORTS_BG, REFUTES_BG):
        with_marks, without = count_colour(rows, bpp, colour), count_colour(rows0, bpp0, colour)
        assert without > 0  # the legend swatch
        assert with_marks > without + 3_000, (colour, with_marks, without)
