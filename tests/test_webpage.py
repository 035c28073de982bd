"""Web pages: the article extractor on pages written for the test, saved .html files, and
fetching by URL from a server on 127.0.0.1 (redirects, limits, refusals)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from verify import Verifier
from verify.config import IngestSettings
from verify.errors import IngestError
from verify.fetch import fetch, looks_like_url
from verify.load import Article, load, source_id_for_url
from verify.webpage import extract

from .pageserver import PAGES, serving

EXPECTED = json.loads((PAGES / "expected.json").read_text(encoding="utf-8"))

FERRY_TEXT = (
    "Ferry capsizes off Halden, 12 missing\n"
    "\n"
    "14 March 2024\n"  # the date line the page shows in the article; metadata, never quoted
    "A passenger ferry carrying 48 people capsized in heavy seas off Halden on Wednesday "
    "evening, the coastguard said. Twelve people are still missing.\n"
    "Rescue boats reached the vessel within forty minutes and pulled 36 survivors from the "
    "water, according to the regional rescue centre.\n"
    "Storm warnings\n"
    "Forecasters had issued a storm warning for the area on Tuesday, and two other ferry "
    "operators cancelled their evening crossings.\n"
    "- 36 people were rescued\n"
    "- 12 are missing\n"
    "The operator, Halden Sjø, said it was cooperating fully with investigators."
)


@pytest.fixture(scope="module")
def site() -> Iterator[str]:
    with serving() as base:
        yield base


def _open(**kw: object) -> IngestSettings:
    """Settings that let the fetcher reach the test server on 127.0.0.1."""
    return IngestSettings(fetch_private_hosts=True, **kw)  # type: ignore[arg-type]


def _norm(s: str) -> str:
    return " ".join(s.split())


@pytest.mark.parametrize("page", sorted(EXPECTED))
def test_extractor_keeps_the_article_and_drops_the_page_around_it(page: str):
    want = EXPECTED[page]
    got = extract((PAGES / page).read_text(encoding="utf-8"), page)
    flat = _norm(got.text)
    assert [s for s in want["kept"] if _norm(s) not in flat] == []
    assert [b for b in want["dropped"] if b in flat] == []
    assert got.title == want["title"]
    assert got.date == want["date"]


def test_authors_found_in_page_markup():
    def author(page: str) -> str | None:
        return extract((PAGES / page).read_text(encoding="utf-8"), page).author

    assert author("ferry_meta_date.html") == "Ingrid Solberg"  # <meta name="author">
    assert author("reservoirs_time_date.html") == "Ola Berg"  # class="author"
    assert author("wire_ads.html") == "Tom Hale"
    assert author("council_short.html") is None


def test_saved_html_file_is_read_by_the_same_extractor(tmp_path: Path):
    saved = tmp_path / "ferry.html"
    saved.write_bytes((PAGES / "ferry_meta_date.html").read_bytes())
    src = load(Article(saved, "ferry"), 10**6)
    assert src.text == FERRY_TEXT
    assert src.title == "Ferry capsizes off Halden, 12 missing"
    assert (src.date, src.author, src.url) == ("2024-03-14", "Ingrid Solberg", None)


def test_a_short_page_keeps_its_sentences_whole(tmp_path: Path):
    """trafilatura's fallback split "The <b>main</b> library" into three lines; not any more."""
    saved = tmp_path / "notice.html"
    saved.write_bytes((PAGES / "notice_tiny.html").read_bytes())
    src = load(Article(saved, "notice"), 10**6)
    assert src.text == (
        "Library closed on Friday\n\n"
        "The main library closes at noon on Friday.\n"
        "Loans are extended & fines waived."
    )
    assert src.date == "2021-09-30"


def test_page_by_url_with_a_meta_date(site: str):
    url = f"{site}/ferry"
    src = load(Article(None, source_id_for_url(url), url=url), 10**6, _open())
    assert src.text == FERRY_TEXT
    assert src.url == url and src.path is None
    assert (src.title, src.date, src.author) == (
        "Ferry capsizes off Halden, 12 missing",
        "2024-03-14",
        "Ingrid Solberg",
    )


def test_page_by_url_with_a_time_date(site: str):
    url = f"{site}/reservoirs"
    src = load(Article(None, "r", url=url), 10**6, _open())
    assert src.date == "2023-05-02"  # <time datetime="2023-05-02T09:15:00+02:00">
    assert src.title == "Reservoirs at forty percent after the driest spring on record"
    assert "Great post" not in src.text and "Blogroll" not in src.text


def test_redirect_is_followed_and_the_given_address_kept(site: str):
    got = fetch(f"{site}/old-ferry", _open())
    assert got.url == f"{site}/ferry"
    assert got.charset == "utf-8"
    assert got.body == (PAGES / "ferry_meta_date.html").read_bytes()
    src = load(Article(None, "f", url=f"{site}/old-ferry"), 10**6, _open())
    assert src.url == f"{site}/old-ferry"


@pytest.mark.parametrize(
    ("path", "settings", "message"),
    [
        ("/loop", {}, "more than 5 redirects"),
        ("/old-ferry", {"fetch_max_redirects": 0}, "more than 0 redirects"),
        (
            "/to-file",
            {},
            "only http:// and https:// addresses can be fetched (redirected to file:///etc/passwd)",
        ),
        (
            "/big",
            {"max_file_bytes": 50_000},
            "the page is 60,000 bytes, over the 50,000-byte limit",
        ),
        ("/big-stream", {"max_file_bytes": 50_000}, "the page is over the 50,000-byte limit"),
        ("/data.json", {}, "the page is application/json, not HTML; save it and ingest the file"),
        ("/gone", {}, "the server answered 404 Not Found"),
        ("/slow", {"fetch_timeout_s": 0.5}, "no answer within 0.5s"),
    ],
)
def test_fetch_refusals_are_one_line(site: str, path: str, settings: dict, message: str):
    with pytest.raises(IngestError) as caught:
        fetch(f"{site}{path}", _open(**settings))
    assert str(caught.value) == f"{site}{path}: {message}"


def test_private_and_local_addresses_are_refused_by_default(site: str):
    port = site.rsplit(":", 1)[1]
    strict = IngestSettings()
    for host in ("127.0.0.1", "localhost", "2130706433", "[::1]"):
        url = f"http://{host}:{port}/ferry"
        with pytest.raises(IngestError, match=r"is a private or local network address \("):
            fetch(url, strict)
    with pytest.raises(IngestError) as caught:
        fetch("http://10.1.2.3/ferry", strict)
    assert str(caught.value) == (
        "http://10.1.2.3/ferry: 10.1.2.3 is a private or local network address (10.1.2.3); "
        "refused (set ingest.fetch_private_hosts to allow it)"
    )


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("file:///etc/passwd", "only http:// and https:// addresses can be fetched"),
        ("ftp://127.0.0.1/page.html", "only http:// and https:// addresses can be fetched"),
        ("http://user:secret@127.0.0.1/ferry", "addresses with a user name or password are not"),
        ("http:///ferry", "the address has no host name"),
    ],
)
def test_refused_addresses(url: str, message: str):
    with pytest.raises(IngestError, match=message.replace("(", r"\(")):
        fetch(url, _open())


def test_url_ids_and_url_detection():
    assert source_id_for_url("https://www.Example.com/news/ferry.html") == "example.com/news/ferry"
    assert source_id_for_url("https://example.com/news/ferry/") == "example.com/news/ferry"
    assert source_id_for_url("http://127.0.0.1:8000/a?id=7#top") == "127.0.0.1:8000/a?id=7"
    assert looks_like_url("https://x.org/a") and looks_like_url("file:///etc/passwd")
    assert not looks_like_url("articles/ferry.html") and not looks_like_url("C:\\news\\a.txt")


def test_ingest_a_url_into_the_store(fresh_verifier: Verifier, site: str):
    v = fresh_verifier
    v.settings.ingest.fetch_private_hosts = True
    url = f"{site}/ferry"
    result = v.ingest([url])
    sid = f"127.0.0.1:{site.rsplit(':', 1)[1]}/ferry"
    assert result.added == [sid] and result.errors == []
    rec = v.store.record(sid)
    assert rec is not None
    assert (rec.url, rec.path, rec.date, rec.author) == (url, None, "2024-03-14", "Ingrid Solberg")
    assert v.source_text(sid) == FERRY_TEXT
    again = v.ingest([url])
    assert again.unchanged == [sid]
    refused = v.ingest(["file:///etc/passwd", f"{site}/gone"])
    assert [e.reason for e in refused.errors] == [
        "only http:// and https:// addresses can be fetched",
        "the server answered 404 Not Found",
    ]
    assert [r.id for r in v.sources()] == [sid]
