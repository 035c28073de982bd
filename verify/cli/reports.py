"""Report files (``--report FILE``, ``--html``, ``--markdown``, ``--csv``, the prompt's ``:html
FILE``...): their formats found in :mod:`verify.report.registry`, each path checked writable
before a check, every file written after it.

A long batch must not end in "cannot write report", so every path is tried first; every file
ends with a newline.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..report.registry import ReportFormat, ReportInput, format_for_path, format_named


@dataclass(frozen=True)
class ReportFile:
    """One report to write: its format and where."""

    format: ReportFormat
    path: Path


def report_files(
    named: Iterable[tuple[str, Path | None]] = (),
    paths: Sequence[Path] = (),
    format_name: str | None = None,
) -> list[ReportFile]:
    """The reports asked for, each path checked writable now: ``named`` (format, path) pairs
    (``--html PATH``...; a None path is not asked for), and ``paths`` whose format is
    ``format_name`` when given, else what their names end in (``--report FILE``)."""
    if format_name is not None and not paths:
        raise InputError("--report-format NAME says the format of --report FILE: give a file")
    wanted = [ReportFile(format_named(name), path) for name, path in named if path is not None]
    forced = format_named(format_name) if format_name is not None else None
    wanted += [ReportFile(forced or format_for_path(path), path) for path in paths]
    for f in wanted:  # before the check: a long batch must not end in an error
        check_writable(f.path)
    return wanted


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
    verifier: Any,
    items: Sequence[Any],
    files: Iterable[ReportFile],
    claim_ids: Sequence[str] | None = None,
) -> None:
    """Write each report of ``items`` (Reports or Decomposed); the texts that evidence offsets
    index are read once, for the formats that need them."""
    files = list(files)
    if not files:
        return
    ids = list(claim_ids) if claim_ids is not None else [str(n) for n in range(1, len(items) + 1)]
    texts = {}
    if any(f.format.needs_texts for f in files):
        from ..models import reports_of

        wanted = {
            sv.source_id
            for r in reports_of(items)
            for sv in r.sources
            if sv.evidence or sv.judge != "retrieval"  # sources dismissed unread: no text
        }
        texts = verifier.texts(sorted(wanted))  # one read; a source removed since is left out
    data = ReportInput(items=list(items), claim_ids=ids, texts=texts)
    for f in files:
        _write(f.path, f.format.render(data))


__all__ = ["ReportFile", "check_writable", "report_files", "write_reports"]
