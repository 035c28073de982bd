"""What the commands (:mod:`verify.cli.app`) and the prompt (:mod:`verify.cli.chat`) share:
the two consoles, checking one claim, and telling what was checked or ingested.

Neither of those modules imports the other for these: both import this one.
"""

from __future__ import annotations

import os
import sys
from typing import Any

from rich.console import Console

from ..report import counted

out = Console(highlight=False, soft_wrap=False)
err = Console(stderr=True, highlight=False)
PIPED_WIDTH = 100_000
"""A pipe or file has no width: output there is not wrapped (rich would use 80 columns)."""


def fit_output() -> None:
    """Piped output is not wrapped at 80 columns: quotes and titles stay on one line."""
    if not out.is_terminal:
        out.soft_wrap = True
        out.width = PIPED_WIDTH


def closed_pipe() -> None:
    """The reader of stdout went away (``verify ... | head``): the caller stops quietly with
    exit 1, as rich does and the Python docs advise. stdout now goes to /dev/null, so the
    flush at exit cannot fail a second time."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())


def check_one(v: Any, text: str, mode: Any, decompose: bool, as_json: bool) -> tuple[Any, Any]:
    """A Report, or with ``decompose`` a Decomposed (parts checked, verdicts combined) and the
    split it came from. The split is told once: on stderr beside JSON, else with the report."""
    if not decompose:
        return v.check(text, mode), None
    from ..decompose import Decomposition, check_decomposed

    seen: list[Decomposition] = []

    def told(split: Decomposition) -> None:
        if split.note:
            err.print(f"warning: {split.note}", markup=False, soft_wrap=True)
        if as_json:
            parts = counted(len(split.parts), "claim")
            err.print(f"split ({split.method}) into {parts}", markup=False)
        seen.append(split)

    return check_decomposed(v, text, mode, on_split=told), seen[0]


def print_item(item: Any, split: Any, quiet: bool) -> None:
    """One checked claim for people: its report, or for a decomposed claim the split (once),
    each part's report, and the combined verdict."""
    from ..report.text import render_checked

    method = split.method if split is not None else None
    out.print(render_checked(item, method, show_all=not quiet))


def ingest_summary(result: Any, n_sources: int) -> str:
    skipped = f"; skipped {len(result.skipped)}" if result.skipped else ""
    return (
        f"added {len(result.added)}, updated {len(result.updated)}, "
        f"unchanged {len(result.unchanged)}, failed {len(result.errors)} "
        f"({result.chunks} chunks embedded){skipped}; store holds {n_sources} sources"
    )
