"""Source ids from the relative path, details a user sets (id, title, date, URL, author), and
the files a folder ingest passes over."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from verify import Document, SourceMeta, Verifier
from verify.errors import InputError
from verify.sourcemeta import check_date, check_id, check_url, checked

FERRY = "Ferry capsizes\n\nA ferry carrying 48 people capsized off Halden on Wednesday.\n"
BUDGET = "Budget passed\n\nThe council passed a budget of 1.9 billion kroner on Wednesday.\n"


def _index_pages(root: Path) -> None:
    for folder, body in (("ferry", "A ferry capsized."), ("budget", "The budget passed.")):
        (root / folder).mkdir(parents=True)
        (root / folder / "index.html").write_text(
            f"<html><head><title>{folder}</title></head><body><article><h1>{folder.title()}"
            f"</h1><p>{body} It happened on Wednesday evening in Halden.</p></article></body>"
            "</html>"
        )


def test_two_index_html_in_different_folders_are_both_ingested(
    fresh_verifier: Verifier, tmp_path: Path
):
    v = fresh_verifier
    saved = tmp_path / "saved"
    _index_pages(saved)
    result = v.ingest([saved])
    assert sorted(result.added) == ["budget/index", "ferry/index"] and result.errors == []
    assert v.source_text("ferry/index") == (
        "Ferry\n\nA ferry capsized. It happened on Wednesday evening in Halden."
    )
    again = v.ingest([saved])
    assert sorted(again.unchanged) == ["budget/index", "ferry/index"]
    # the same file named on its own keeps the id it was stored under
    alone = v.ingest([saved / "ferry" / "index.html"])
    assert alone.unchanged == ["ferry/index"] and alone.added == []
    assert [r.id for r in v.sources()] == ["budget/index", "ferry/index"]


def test_same_id_from_two_folders_in_one_ingest_is_refused_with_a_reason(
    fresh_verifier: Verifier, tmp_path: Path
):
    for name, text in (("a", FERRY), ("b", BUDGET)):
        (tmp_path / name).mkdir()
        (tmp_path / name / "story.txt").write_text(text)
    result = fresh_verifier.ingest([tmp_path / "a", tmp_path / "b"])
    assert result.added == ["story"]
    assert [str(e) for e in result.errors] == [
        f"{tmp_path / 'b' / 'story.txt'}: same source id 'story' as "
        f"{(tmp_path / 'a' / 'story.txt').resolve()}; skipped (give one of them another id)"
    ]
    # ingesting their common folder adds the other; the first keeps the id it was stored under
    both = fresh_verifier.ingest([tmp_path])
    assert (both.added, both.unchanged, both.errors) == (["b/story"], ["story"], [])


def test_details_given_for_one_file(fresh_verifier: Verifier, tmp_path: Path):
    v = fresh_verifier
    path = tmp_path / "ferry.txt"
    path.write_text(FERRY)
    meta = SourceMeta(
        id="ferry-2024",
        title="Ferry capsizes off Halden",
        date="2024-03-14",
        url="https://coastal.example/ferry",
        author="Ingrid Solberg",
    )
    assert v.ingest([path], meta=meta).added == ["ferry-2024"]
    rec = v.store.record("ferry-2024")
    assert rec is not None
    assert (rec.title, rec.date, rec.url, rec.author, rec.path) == (
        "Ferry capsizes off Halden",
        "2024-03-14",
        "https://coastal.example/ferry",
        "Ingrid Solberg",
        str(path),
    )
    assert v.source_text("ferry-2024") == FERRY.strip()  # details never change the text


def test_changed_details_rewrite_the_record_without_embedding(
    fresh_verifier: Verifier, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    v = fresh_verifier
    path = tmp_path / "ferry.txt"
    path.write_text(FERRY)
    v.ingest([path])
    chunks_before = v.store.chunks.get(where={"source_id": "ferry"})["ids"]
    embedded: list[int] = []
    real = v.embeddings.encode
    monkeypatch.setattr(v.embeddings, "encode", lambda t: embedded.append(len(t)) or real(t))
    result = v.ingest([path], meta=SourceMeta(date="2024-03-14"))
    assert result.updated == ["ferry"] and result.chunks == 0 and embedded == []
    rec = v.store.record("ferry")
    assert rec is not None and rec.date == "2024-03-14" and rec.n_chunks == len(chunks_before)
    assert v.store.chunks.get(where={"source_id": "ferry"})["ids"] == chunks_before


@pytest.mark.parametrize(
    ("paths", "message"),
    [
        (
            ["a.txt", "b.txt"],
            "an id, title, date or URL describes one source: give one file or web page, not 2",
        ),
        (["FOLDER"], "an id, title, date or URL describes one source: FOLDER is a folder"),
    ],
)
def test_details_need_exactly_one_file(
    fresh_verifier: Verifier, tmp_path: Path, paths: list[str], message: str
):
    keep = tmp_path / "keep.txt"
    keep.write_text(FERRY)
    fresh_verifier.ingest([keep])
    for name in ("a.txt", "b.txt"):
        (tmp_path / name).write_text(BUDGET)
    real = [str(tmp_path if p == "FOLDER" else tmp_path / p) for p in paths]
    with pytest.raises(InputError) as caught:
        fresh_verifier.ingest(real, meta=SourceMeta(date="2024-03-14"))
    assert str(caught.value) == message.replace("FOLDER", str(tmp_path))
    assert [r.id for r in fresh_verifier.sources()] == ["keep"]  # nothing lost, nothing added


def test_bad_details_are_refused_before_reading(fresh_verifier: Verifier, tmp_path: Path):
    path = tmp_path / "ferry.txt"
    path.write_text(FERRY)
    with pytest.raises(InputError, match=r"^date: 'last week' is not a date like 2024-03-14$"):
        fresh_verifier.ingest([path], meta=SourceMeta(date="last week"))
    assert fresh_verifier.sources() == []


def test_ingest_texts_takes_documents_and_the_old_tuples(fresh_verifier: Verifier):
    v = fresh_verifier
    result = v.ingest_texts(
        [
            Document(
                id="ferry",
                text=FERRY,
                title="Ferry capsizes",
                date="2024-03-14",
                url="https://coastal.example/ferry",
                author="Ingrid Solberg",
            ),
            ("budget", "Budget passed", BUDGET),
        ]
    )
    assert sorted(result.added) == ["budget", "ferry"]
    ferry = v.source("ferry")
    assert (ferry.date, ferry.url, ferry.author, ferry.text) == (
        "2024-03-14",
        "https://coastal.example/ferry",
        "Ingrid Solberg",
        FERRY.strip(),
    )
    assert v.source("budget").title == "Budget passed"


def test_a_bad_document_stores_nothing(fresh_verifier: Verifier):
    with pytest.raises(InputError) as caught:
        fresh_verifier.ingest_texts(
            [Document(id="ok", text=FERRY), Document(id="bad", text=BUDGET, url="ftp://x/y")]
        )
    assert str(caught.value) == (
        "document 2: url: 'ftp://x/y' is not an http(s) address like https://example.com/page"
    )
    with pytest.raises(InputError, match=r"^document 1 \(empty\): the text is empty$"):
        fresh_verifier.ingest_texts([Document(id="empty", text="  \n")])
    assert fresh_verifier.sources() == []


def test_a_folder_ingest_reports_what_it_skips(fresh_verifier: Verifier, tmp_path: Path):
    (tmp_path / "story.txt").write_text(FERRY)
    (tmp_path / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0")
    (tmp_path / "notes").write_text("no extension")
    (tmp_path / ".DS_Store").write_bytes(b"\x00\x00")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    (tmp_path / "big.txt").write_text("Big\n\n" + "word " * 3000)
    fresh_verifier.settings.ingest.max_file_bytes = 10_000
    result = fresh_verifier.ingest([tmp_path])
    assert result.added == ["story"]
    assert sorted(str(s) for s in result.skipped) == sorted(
        [
            f"{tmp_path / '.DS_Store'}: hidden file",
            f"{tmp_path / '.git'}: hidden folder",
            f"{tmp_path / 'notes'}: unsupported file type '(none)'",
            f"{tmp_path / 'photo.jpg'}: unsupported file type '.jpg'",
        ]
    )
    assert [str(e) for e in result.errors] == [
        f"{tmp_path / 'big.txt'}: file is 15,005 bytes, over the 10,000-byte limit"
    ]


def test_detail_checks():
    assert check_date(dt.date(2024, 3, 14)) == "2024-03-14"
    assert check_date("2024-03-14T08:30:00Z") == "2024-03-14"
    assert check_date("2024-03") == "2024-03"
    assert check_date("14 March 2024") == "14 March 2024"
    with pytest.raises(ValueError, match="'2024-02-30' is not a date that exists"):
        check_date("2024-02-30")
    assert check_id("  a/index ") == "a/index"
    with pytest.raises(ValueError, match="must be one line"):
        check_id("two\nlines")
    with pytest.raises(ValueError, match="is 201 characters long; the limit is 200"):
        check_id("x" * 201)
    assert check_url("https://example.com/a?b=1") == "https://example.com/a?b=1"
    with pytest.raises(ValueError, match="not an http"):
        check_url("file:///etc/passwd")
    assert checked(SourceMeta(title="  Two   words ")) == SourceMeta(title="Two words")
