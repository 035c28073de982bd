"""Reports as CSV for spreadsheets: one row per claim × source, a header row, UTF-8.

A source's first quote (the judge's strongest) and its offsets fill ``quote``/``start``/``end``;
``quotes`` says how many it has in all (the JSON and HTML reports show every one). A claim
split by --decompose has rows for each part, ``ID.1``, ``ID.2``... Text a spreadsheet would
run as a formula (a cell starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return)
is prefixed with an apostrophe, as OWASP advises: an article quoted in a report must not run
in Excel.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from ..models import Checked, Report
from . import by_stance

COLUMNS = (
    "claim_id",
    "claim",
    "verdict",
    "source_id",
    "title",
    "stance",
    "confidence",
    "quote",
    "start",
    "end",
    "quotes",
    "date",
    "url",
    "reason",
)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def cell(text: str | None) -> str:
    """Text for a cell that a spreadsheet shows as text, never runs as a formula."""
    text = text or ""
    return "'" + text if text.startswith(_FORMULA_START) else text


def render_csv(items: Sequence[Checked] | Checked, claim_ids: Sequence[str] | None = None) -> str:
    """The rows for ``items`` (Reports, or Decomposed groups of them); ``claim_ids`` names each
    item (default: 1, 2, 3...)."""
    listed: list[Checked] = [items] if not isinstance(items, Sequence) else list(items)
    ids = list(claim_ids) if claim_ids is not None else [str(n) for n in range(1, len(listed) + 1)]
    if len(ids) != len(listed):
        raise ValueError(f"{len(ids)} claim ids for {len(listed)} claims")
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(COLUMNS)
    for claim_id, item in zip(ids, listed, strict=True):
        if isinstance(item, Report) or len(item.parts) == 1:  # a claim the split left whole
            parts = [(claim_id, item if isinstance(item, Report) else item.parts[0])]
        else:
            parts = [(f"{claim_id}.{k}", part) for k, part in enumerate(item.parts, 1)]
        for cid, report in parts:
            for sv in by_stance(report.sources):
                first = sv.evidence[0] if sv.evidence else None
                writer.writerow(
                    [
                        cell(cid),
                        cell(report.claim),
                        report.verdict,
                        cell(sv.source_id),
                        cell(sv.title),
                        sv.stance,
                        "" if sv.stance == "unverified" else f"{sv.confidence:.2f}",
                        cell(first.quote) if first else "",
                        first.start if first else "",
                        first.end if first else "",
                        len(sv.evidence),
                        sv.date or "",
                        cell(getattr(sv, "url", None)),  # set by sources that carry one
                        cell(sv.reason),
                    ]
                )
    return buf.getvalue()


__all__ = ["COLUMNS", "render_csv"]
