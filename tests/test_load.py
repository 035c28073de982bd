"""Loading: decoding, cleaning, titles, dates, discovery."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from verify.errors import IngestError
from verify.load import Article, Skipped, clean_text, decode, discover, find_date, load
from verify.metadata import is_metadata, stated_author

from .conftest import SEEDS


def _load(path: Path, max_bytes: int = 10**7):
    return load(Article(path, path.stem), max_bytes)


def test_hard_wrapped_lines_are_rejoined():
    src = _load(SEEDS / "001_27002b27250bcba8.txt")
    assert (
        "The country was suspended from the organization in November 2011, eight months into"
        in src.text
    )
    assert src.title == "US State Department: We Will Not Normalize Ties With Assad"


def test_unwrapped_paragraphs_keep_their_breaks():
    src = _load(SEEDS / "000_af6e1db39137fe93.txt")
    assert src.title.startswith("Washington: Stability in Syria")
    assert src.text.count("\n") >= 4  # the title is not glued to the first paragraph
    assert not src.text.split("\n")[2].startswith("Washington:")


def test_boilerplate_lines_are_dropped():
    text = clean_text("Title\n\nShare:\nFirst paragraph.\nTAG(s): Syria, US\nSecond one.\n")
    assert "Share" not in text and "TAG" not in text
    assert text == "Title\n\nFirst paragraph.\nSecond one."
    src = _load(SEEDS / "002_a7d2559227e41fa1.txt")
    assert "\nShare:" not in src.text


def test_dates_are_kept_when_stated():
    assert _load(SEEDS / "003_3e4c866fc9bc1c15.txt").date == "2021-09-30"
    assert _load(SEEDS / "004_c441ceaa8e09f364.txt").date == "30 September, 2021"
    assert _load(SEEDS / "000_af6e1db39137fe93.txt").date is None
    assert find_date("Published March 3, 2020 by staff") == "March 3, 2020"


def test_dated_first_line_is_not_the_title():
    src = _load(SEEDS / "003_3e4c866fc9bc1c15.txt")
    assert "2021-09-30" not in src.title
    assert src.title.startswith("Washington suspended")


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (
            "Caf\u00e9 d\u00e9j\u00e0 vu \u2014 \u201cquoted\u201d".encode("cp1252"),
            "Café déjà vu — “quoted”",
        ),
        ("Gr\u00fc\u00dfe aus K\u00f6ln".encode("utf-16"), "Grüße aus Köln"),
        ("\ufeffBOM text".encode(), "BOM text"),
        ("plain utf-8 — ok".encode(), "plain utf-8 — ok"),
    ],
)
def test_legacy_encodings_decode_without_loss(data: bytes, expected: str):
    assert decode(data, "f.txt") == expected


def test_binary_is_refused():
    with pytest.raises(IngestError, match="binary"):
        decode(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "img.txt")


def test_empty_and_oversized_files_are_refused(tmp_path: Path):
    empty = tmp_path / "empty.txt"
    empty.write_text("  \n")
    with pytest.raises(IngestError, match="empty file"):
        _load(empty)
    big = tmp_path / "big.txt"
    big.write_text("word " * 1000)
    with pytest.raises(IngestError, match="over the 100-byte limit"):
        _load(big, max_bytes=100)


def test_html_is_reduced_to_visible_text(tmp_path: Path):
    page = tmp_path / "page.html"
    page.write_text(
        "<html><head><title>T</title><meta property='article:published_time' "
        "content='2021-09-30T10:00:00Z'><script>alert('x')</script><style>p{}</style></head>"
        "<body><nav>Home | About</nav><h1>Big news</h1><p>The <b>first</b> paragraph.</p>"
        "<p>Second &amp; last.</p></body></html>"
    )
    src = _load(page)
    assert src.title == "Big news"
    assert src.date == "2021-09-30"
    assert "alert" not in src.text and "p{}" not in src.text and "Home | About" not in src.text
    assert "Second & last." in src.text


def test_discover_recurses_and_reports_what_it_refuses(tmp_path: Path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "one.md").write_text("One\n\nText.")
    (tmp_path / "two.txt").write_text("Two\n\nText.")
    (tmp_path / "skip.pdf").write_bytes(b"%PDF")
    outside = tmp_path.parent / f"outside-{os.getpid()}.txt"
    outside.write_text("secret")
    (tmp_path / "link.txt").symlink_to(outside)
    skipped: list[Skipped] = []
    found, errors = discover(
        [tmp_path, tmp_path / "missing", tmp_path / "skip.pdf"], [".txt", ".md"], skipped
    )
    assert sorted(a.source_id for a in found) == ["a/one", "two"]
    assert [str(s) for s in skipped] == [f"{tmp_path / 'skip.pdf'}: unsupported file type '.pdf'"]
    messages = " | ".join(str(e) for e in errors)
    assert "symlink points outside" in messages
    assert "no such file" in messages
    assert "unsupported file type '.pdf'" in messages
    outside.unlink()


def test_a_stray_nul_is_cleaned_not_fatal():
    data = b"Title\n\nA scraped page with a stray \x00 byte in it." + b" More text." * 20
    assert "\x00" in decode(data, "f.txt")
    assert "\x00" not in clean_text(decode(data, "f.txt"))


def test_utf16_without_bom_decodes():
    assert decode("Plain words here".encode("utf-16-le"), "f.txt") == "Plain words here"


FIELD_TEST = Path(__file__).resolve().parent.parent / "docs" / "field-test-2026-11-29" / "articles"


def test_a_txt_byline_is_the_author():
    """A .txt byline is read as the author, as an HTML byline or front matter is (field test
    2.7): the name only, without the role or outlet after it."""
    src = _load(FIELD_TEST / "a1_harbor_times.txt")
    assert (src.author, src.date) == ("Tomas Reyne", "October 14, 2025")
    assert "By Tomas Reyne" in src.text  # kept in the text: metadata, never quoted
    head = "Harlow Bridge reopens\n\n{}\nNovember 4, 2025\n\nThe bridge reopened on Monday."
    got = [
        stated_author(head.format(line))
        for line in (
            "By Tomas Reyne",
            "By Marta Kovacs, Mountain correspondent",
            "By Lantern Wire staff",
            "By Jane Doe | Harbor Times",
            "By our correspondent",
        )
    ]
    assert got == ["Tomas Reyne", "Marta Kovacs", "Lantern Wire staff", "Jane Doe", None]
    assert is_metadata("By Lantern Wire staff")
    assert stated_author("By The Numbers\n\nThe bridge reopened.") is None  # a title
    assert stated_author("Title\n\nBy the afternoon, 27 ships were waiting.") is None
