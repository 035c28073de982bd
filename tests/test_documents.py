"""PDF and Word files: their text is ingested, offsets index the text `verify show` prints, and
a PDF without a text layer is refused with a reason."""

from __future__ import annotations

from pathlib import Path

import pytest

from verify.errors import IngestError
from verify.load import Article, discover, load


def make_pdf(path: Path, pages: list[list[str]]) -> None:
    """A minimal PDF 1.4 with one Helvetica text line per string (no library needed); an
    empty page list entry gives a page with no text layer, like a scan."""
    objects: list[bytes] = []
    kids = []
    font_id = 3
    for lines in pages:
        ops = ["BT", "/F1 12 Tf", "72 720 Td", "14 TL"]
        for line in lines:
            safe = line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
            ops.append(f"({safe}) Tj T*")
        ops.append("ET")
        stream = "\n".join(ops).encode("latin-1") if lines else b""
        content_id = 4 + len(objects)
        objects.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
        page_id = 4 + len(objects)
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
            b"/Resources << /Font << /F1 %d 0 R >> >> /Contents %d 0 R >>" % (font_id, content_id)
        )
        kids.append(page_id)
    head = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [%s] /Count %d >>"
        % (b" ".join(b"%d 0 R" % k for k in kids), len(kids)),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    body = b"%PDF-1.4\n"
    offsets = []
    for i, obj in enumerate(head + objects, 1):
        offsets.append(len(body))
        body += b"%d 0 obj\n" % i + obj + b"\nendobj\n"
    xref = len(body)
    body += b"xref\n0 %d\n0000000000 65535 f \n" % (len(offsets) + 1)
    body += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    body += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(offsets) + 1,
        xref,
    )
    path.write_bytes(body)


def test_pdf_text_is_ingested(tmp_path: Path):
    path = tmp_path / "report.pdf"
    make_pdf(
        path,
        [
            ["Ferry capsizes off Port Ellery", "Seven people died and 224 were rescued."],
            ["The operator suspended all sailings."],
        ],
    )
    src = load(Article(path, "report"), 1_000_000)
    assert src.title == "Ferry capsizes off Port Ellery"
    quote = "Seven people died and 224 were rescued."
    at = src.text.index(quote)
    assert src.text[at : at + len(quote)] == quote
    assert "The operator suspended all sailings." in src.text


def test_pdf_without_a_text_layer_is_refused(tmp_path: Path):
    path = tmp_path / "scan.pdf"
    make_pdf(path, [[]])
    with pytest.raises(IngestError, match="no text layer"):
        load(Article(path, "scan"), 1_000_000)


def test_damaged_pdf_and_docx_are_one_line_errors(tmp_path: Path):
    for name in ("bad.pdf", "bad.docx"):
        path = tmp_path / name
        path.write_bytes(b"this is not what the name says " * 20)
        with pytest.raises(IngestError, match="not a readable") as info:
            load(Article(path, "bad"), 1_000_000)
        assert "\n" not in str(info.value)


def test_docx_paragraphs_are_ingested_and_found_in_folders(tmp_path: Path):
    import docx

    doc = docx.Document()
    doc.add_paragraph("Council freezes fares")
    doc.add_paragraph("The council will not raise bus fares this year, the mayor said.")
    table = doc.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text = "Route 22"
    table.rows[0].cells[1].text = "every 8 minutes"
    doc.save(str(tmp_path / "fares.docx"))
    (tmp_path / "notes.pdf").write_bytes(b"")  # empty: reported by load, not dropped by discover
    articles, errors = discover([tmp_path], [".docx", ".pdf"])
    assert sorted(a.source_id for a in articles) == ["fares", "notes"] and not errors
    src = load(next(a for a in articles if a.source_id == "fares"), 1_000_000)
    assert src.title == "Council freezes fares"
    assert "The council will not raise bus fares this year, the mayor said." in src.text
    assert "Route 22 | every 8 minutes" in src.text


def test_a_fifo_is_refused_without_blocking(tmp_path: Path):
    """A file replaced by a FIFO between discovery and reading used to hang the ingest while
    it held the write lock: the type is checked on the open descriptor."""
    import os
    import threading

    fifo = tmp_path / "article.txt"
    os.mkfifo(fifo)
    outcome: list[BaseException | None] = []

    def run() -> None:
        try:
            load(Article(fifo, "article"), 1_000_000)
            outcome.append(None)
        except BaseException as exc:
            outcome.append(exc)

    t = threading.Thread(target=run, daemon=True)
    t.start()
    t.join(5)
    assert not t.is_alive(), "load() blocked on a FIFO"
    assert isinstance(outcome[0], IngestError) and "not a regular file" in str(outcome[0])
