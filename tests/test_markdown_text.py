"""Markdown articles: rendered to the plain text `verify show` prints, front matter as metadata."""

from __future__ import annotations

from pathlib import Path

import pytest

from verify import Verifier
from verify.errors import IngestError
from verify.load import Article, load
from verify.markdown_text import markdown_to_text, split_front_matter
from verify.sourcemeta import SourceMeta

ARTICLE = """\
---
title: Line 7 extension opens in June
date: 2024-05-21
url: https://halden-daily.example/transport/line-7
id: line7-2024
author: Marte Nilsen
tags: [transport, halden]
---
# Line 7 extension opens in June

The **Line 7** tram extension will open on *3 June*, the [transport
authority](https://example.com/ta) said on Tuesday.

It adds:

- four stops in the east of the city
- a depot for 12 trams

1. Phase one costs 310 million kroner.
2. Phase two is not yet funded.

> "We are on budget," said the project director.

| Stop | Opens |
|------|-------|
| Kirkegata | June |
"""

RENDERED = (
    "Line 7 extension opens in June\n"
    "\n"
    "The Line 7 tram extension will open on 3 June, the transport authority said on Tuesday.\n"
    "\n"
    "It adds:\n"
    "\n"
    "- four stops in the east of the city\n"
    "- a depot for 12 trams\n"
    "\n"
    "1. Phase one costs 310 million kroner.\n"
    "2. Phase two is not yet funded.\n"
    "\n"
    '"We are on budget," said the project director.\n'
    "\n"
    "Stop | Opens\n"
    "Kirkegata | June"
)


def test_front_matter_sets_the_metadata():
    meta, body = split_front_matter(ARTICLE, "a.md")
    assert meta == SourceMeta(
        id="line7-2024",
        title="Line 7 extension opens in June",
        date="2024-05-21",
        url="https://halden-daily.example/transport/line-7",
        author="Marte Nilsen",
    )
    assert body.startswith("# Line 7 extension opens in June\n")


def test_markdown_is_rendered_to_plain_text():
    _, body = split_front_matter(ARTICLE, "a.md")
    assert markdown_to_text(body) == RENDERED


def test_loaded_markdown_is_clean_text_with_its_front_matter(tmp_path: Path):
    path = tmp_path / "line7.md"
    path.write_text(ARTICLE, encoding="utf-8")
    src = load(Article(path, "line7"), 10**6)
    assert src.id == "line7-2024"
    assert (src.title, src.date, src.author) == (
        "Line 7 extension opens in June",
        "2024-05-21",
        "Marte Nilsen",
    )
    assert src.url == "https://halden-daily.example/transport/line-7"
    assert src.text == RENDERED


def test_user_details_win_over_front_matter(tmp_path: Path):
    path = tmp_path / "line7.md"
    path.write_text(ARTICLE, encoding="utf-8")
    src = load(Article(path, "line7", meta=SourceMeta(id="mine", date="2024-05-22")), 10**6)
    assert (src.id, src.date, src.author) == ("mine", "2024-05-22", "Marte Nilsen")


def test_front_matter_title_leads_a_body_without_one(tmp_path: Path):
    path = tmp_path / "note.md"
    path.write_text("---\ntitle: Budget passed\n---\nThe council passed it *late*.\n")
    src = load(Article(path, "note"), 10**6)
    assert src.text == "Budget passed\n\nThe council passed it late."
    assert src.title == "Budget passed"


@pytest.mark.parametrize(
    ("front", "reason"),
    [
        ("title: [unclosed\n", "the front matter is not valid YAML (line 3)"),
        ("- a list\n", "the front matter must be 'key: value' lines"),
        ("date: 2024-02-30\n", "front matter date: '2024-02-30' is not a date that exists"),
        (
            "url: javascript:alert(1)\n",
            "front matter url: 'javascript:alert(1)' is not an http(s) address like "
            "https://example.com/page",
        ),
    ],
)
def test_bad_front_matter_is_one_line(tmp_path: Path, front: str, reason: str):
    path = tmp_path / "bad.md"
    path.write_text(f"---\n{front}---\nBody text.\n")
    with pytest.raises(IngestError) as caught:
        load(Article(path, "bad"), 10**6)
    assert str(caught.value) == f"{path}: {reason}"


def test_offsets_point_into_the_rendered_text(fresh_verifier: Verifier, tmp_path: Path):
    path = tmp_path / "line7.md"
    path.write_text(ARTICLE, encoding="utf-8")
    v = fresh_verifier
    assert v.ingest([path]).added == ["line7-2024"]
    text = v.source_text("line7-2024")
    assert "**" not in text and "](" not in text and "# " not in text
    chunks = v.store.chunks.get(where={"source_id": "line7-2024"})
    for chunk_text, meta in zip(chunks["documents"], chunks["metadatas"], strict=True):
        assert text[meta["start"] : meta["end"]] == chunk_text
    report = v.check("The Line 7 tram extension will open on 3 June", "local")
    sv = report.by_source()["line7-2024"]
    assert sv.url == "https://halden-daily.example/transport/line-7"
    assert sv.date == "2024-05-21"
    for ev in sv.evidence:
        assert text[ev.start : ev.end] == ev.quote
