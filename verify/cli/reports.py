"""Report files (--html, --markdown, --csv): checked writable before a check, written after.

A long batch must not end in "cannot write report", so every path is tried first; every file
ends with a newline.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import InputError


@dataclass
class ReportFiles:
    """Where to write the reports of a check (any may be None)."""

    html: Path | None = None
    markdown: Path | None = None
    csv: Path | None = None

    def paths(self) -> list[Path]:
        return [p for p in (self.html, self.markdown, self.csv) if p is not None]


def check_writable(path: Path) -> None:
    """Raise InputError (one line) unless ``path`` can be written: tried by opening it for
    appending, which changes nothing; a file made only for the try is removed again."""
    if path.is_dir():
        raise InputError(f"cannot write report {path}: it is a folder")
    if not path.parent.is_dir():
        raise InputError(f"cannot write report {path}: no folder {path.parent}")
    existed = path.exists()
    try:
        with path.open("a", encoding="utf-8"):
            pass
    except OSError as exc:
        raise InputError(f"cannot write report {path}: {exc.strerror or exc}") from None
    if not existed:
        path.unlink(missing_ok=True)


def _write(path: Path, text: str) -> None:
    try:
        path.write_text(text if text.endswith("\n") else text + "\n", encoding="utf-8")
    except OSError as exc:
        raise InputError(f"cannot write report {path}: {exc.strerror or exc}") from None


def write_reports(
    verifier: Any, items: list[Any], files: ReportFiles, claim_ids: Sequence[str] | None = None
) -> None:
    """Write each requested report of ``items`` (Reports or Decomposed); the HTML gets the
    texts that evidence offsets index."""
    if files.markdown is not None:
        from ..report.markdown import render_markdown

        _write(files.markdown, render_markdown(items))
    if files.csv is not None:
        from ..report.csv import render_csv

        _write(files.csv, render_csv(items, claim_ids))
    if files.html is not None:
        from ..models import reports_of
        from ..report.html import render_html

        reports = reports_of(items)
        wanted = {
            sv.source_id
            for r in reports
            for sv in r.sources
            if sv.evidence or sv.judge != "retrieval"  # sources dismissed unread: no text
        }
        texts = verifier.texts(sorted(wanted))  # one read; a source removed since is left out
        _write(files.html, render_html(items, texts))


__all__ = ["ReportFiles", "check_writable", "write_reports"]
