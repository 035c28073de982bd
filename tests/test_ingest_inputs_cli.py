"""`verify ingest` with web addresses, details for one file, and a folder's skipped files — as a
user runs it (the command line in process, against a page server on 127.0.0.1)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from .inprocess import Ran, verify_cli
from .pageserver import serving

OPEN = {"VERIFY_INGEST__FETCH_PRIVATE_HOSTS": "true"}
FERRY = "Ferry capsizes\n\nA ferry carrying 48 people capsized off Halden on Wednesday.\n"


@pytest.fixture(scope="module")
def site() -> Iterator[str]:
    with serving() as base:
        yield base


def run(store: Path, *args: str, env: dict[str, str] | None = None) -> Ran:
    return verify_cli("--store", str(store), *args, env=env)


def _lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.strip()]


def test_ingest_a_page_by_url_then_check_it(site: str, tmp_path: Path):
    store = tmp_path / "store"
    url = f"{site}/ferry"
    sid = url.removeprefix("http://")
    r = run(store, "ingest", url, env=OPEN)
    assert r.returncode == 0, r.stderr
    assert _lines(r.stderr) == [
        "added 1, updated 0, unchanged 0, failed 0 (1 chunks embedded); store holds 1 sources"
    ]
    got = json.loads(run(store, "sources", "--json").stdout)
    assert [(s["id"], s["url"], s["date"], s["author"], s["path"]) for s in got] == [
        (sid, url, "2024-03-14", "Ingrid Solberg", None)
    ]
    r = run(store, "check", "A ferry capsized off Halden with 48 people on board", "--json")
    assert r.returncode == 0, r.stderr
    [source] = json.loads(r.stdout)["sources"]
    assert (source["source_id"], source["url"], source["date"]) == (sid, url, "2024-03-14")
    r = run(store, "check", "A ferry capsized off Halden with 48 people on board")
    assert f"\n    {url}\n" in r.stdout


def test_private_addresses_and_other_schemes_are_refused(site: str, tmp_path: Path):
    store = tmp_path / "store"
    article = tmp_path / "ferry.txt"
    article.write_text(FERRY)
    assert run(store, "ingest", str(article)).returncode == 0
    url = f"{site}/ferry"
    r = run(store, "ingest", url, "file:///etc/passwd")
    assert r.returncode == 1
    assert _lines(r.stderr) == [
        "error: file:///etc/passwd: only http:// and https:// addresses can be fetched",
        f"error: {url}: 127.0.0.1 is a private or local network address (127.0.0.1); refused "
        "(set ingest.fetch_private_hosts to allow it)",
        "added 0, updated 0, unchanged 0, failed 2 (0 chunks embedded); store holds 1 sources",
    ]
    assert [s["id"] for s in json.loads(run(store, "sources", "--json").stdout)] == ["ferry"]


def test_details_for_one_file(tmp_path: Path):
    store = tmp_path / "store"
    article = tmp_path / "index.html"
    article.write_text(
        "<html><head><title>Ferry</title></head><body><article><h1>Ferry capsizes</h1>"
        "<p>A ferry carrying 48 people capsized off Halden on Wednesday.</p></article></body>"
        "</html>"
    )
    r = run(
        store,
        "ingest",
        str(article),
        "--id",
        "ferry-2024",
        "--date",
        "2024-03-14",
        "--url",
        "https://coastal.example/ferry",
        "--title",
        "Ferry capsizes off Halden",
    )
    assert r.returncode == 0, r.stderr
    [got] = json.loads(run(store, "sources", "--json").stdout)
    assert (got["id"], got["title"], got["date"], got["url"], got["path"]) == (
        "ferry-2024",
        "Ferry capsizes off Halden",
        "2024-03-14",
        "https://coastal.example/ferry",
        str(article),
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["DIR", "--id", "x"],
            "error: --id, --title, --date, --url and --author describe one source: DIR is a folder",
        ),
        (
            ["DIR/a.txt", "DIR/b.txt", "--date", "2024-03-14"],
            "error: --id, --title, --date, --url and --author describe one source: give one "
            "file or web page, not 2",
        ),
        (
            ["DIR/a.txt", "--date", "yesterday"],
            "error: --date: 'yesterday' is not a date like 2024-03-14",
        ),
        (
            ["DIR/a.txt", "--url", "ftp://x.org/a"],
            "error: --url: 'ftp://x.org/a' is not an http(s) address like https://example.com/page",
        ),
    ],
)
def test_bad_details_are_one_line_and_store_nothing(tmp_path: Path, args: list[str], message: str):
    folder = tmp_path / "articles"
    folder.mkdir()
    for name in ("a.txt", "b.txt"):
        (folder / name).write_text(FERRY)
    store = tmp_path / "store"
    r = run(store, "ingest", *[a.replace("DIR", str(folder)) for a in args])
    assert r.returncode == 2
    assert _lines(r.stderr) == [message.replace("DIR", str(folder))]


def test_folder_ingest_lists_what_it_skips(tmp_path: Path):
    folder = tmp_path / "articles"
    (folder / "ferry").mkdir(parents=True)
    (folder / "ferry" / "story.txt").write_text(FERRY)
    (folder / "ferry" / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0")
    r = run(tmp_path / "store", "ingest", str(folder))
    assert r.returncode == 0, r.stderr
    assert _lines(r.stderr) == [
        f"skipped {folder / 'ferry' / 'photo.jpg'}: unsupported file type '.jpg'",
        "added 1, updated 0, unchanged 0, failed 0 (1 chunks embedded); skipped 1; "
        "store holds 1 sources",
    ]
    [got] = json.loads(run(tmp_path / "store", "sources", "--json").stdout)
    assert got["id"] == "ferry/story"
