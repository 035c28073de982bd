"""``verify doctor``: check the store, and repair or rebuild it from what it holds.

verify doctor             # report; exit 1 when something needs fixing
verify doctor --repair    # delete orphan passages, re-chunk incomplete sources
verify doctor --rebuild   # a new vector index from the stored texts (old store kept aside)
"""

from __future__ import annotations

from typing import Annotated

import typer

from ..errors import InputError
from .app import State, edge, err, out


def doctor(
    ctx: typer.Context,
    repair: Annotated[
        bool, typer.Option("--repair", help="Delete orphan passages; re-chunk incomplete sources.")
    ] = False,
    rebuild: Annotated[
        bool,
        typer.Option("--rebuild", help="Rebuild the vector index from the stored texts."),
    ] = False,
) -> None:
    """Check the store for damage and leftovers of interrupted writes; optionally fix them.

    Example:  verify doctor --repair
    """
    state: State = ctx.obj
    with edge():
        from .. import doctor as doc

        if repair and rebuild:
            raise InputError("use --repair or --rebuild, not both")
        store = state.verifier().store
        if rebuild:
            err.print("rebuilding the vector index from the stored texts…", markup=False)
            done = doc.rebuild(store)
            err.print(
                f"rebuilt {done.sources} sources ({done.passages} passages); the old store is "
                f"kept at {done.kept} (delete it once this one works)",
                markup=False,
                soft_wrap=True,
            )
        up = doc.examine(store)
        if repair and up.needs_repair:
            fixed = doc.repair(store, up)
            err.print(
                f"repaired: {fixed.removed} orphan passages deleted, "
                f"{len(fixed.rechunked)} sources re-chunked",
                markup=False,
            )
            up = doc.examine(store)
        for line in up.lines():
            out.print(line, markup=False, highlight=False, soft_wrap=True)
        if not up.healthy:
            raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    """Add ``doctor`` to the CLI (kept out of app.py, which holds the everyday commands)."""
    app.command("doctor")(doctor)
