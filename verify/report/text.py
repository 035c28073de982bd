"""A Report for people at a terminal (rich; plain text when piped, colour off with NO_COLOR)."""

from __future__ import annotations

import io
import textwrap
from collections.abc import Sequence

from rich.console import Console, Group, RenderableType
from rich.table import Table
from rich.text import Text

from ..models import Checked, Report, SourceVerdict
from ..safety import shown
from . import by_stance, counted, tally

STANCE_STYLE = {
    "supports": "bold green",
    "refutes": "bold red",
    "mixed": "bold yellow",
    "not_mentioned": "dim",
    "unverified": "bold magenta",
}
VERDICT_STYLE = {
    "supported": "bold green",
    "refuted": "bold red",
    "conflicting": "bold yellow",
    "not_enough_evidence": "bold",
}
QUOTE_CHARS = 300
REASON_CHARS = 200


def render(report: Report, show_all: bool = True) -> RenderableType:
    sides = tally(s.stance for s in report.sources)
    head = Text.assemble(
        ("Claim: ", "bold"),
        shown(report.claim),
        "\n",
        ("Verdict: ", "bold"),
        (report.verdict.replace("_", " ").upper(), VERDICT_STYLE[report.verdict]),
        f"  ({sides}; judge: {report.judge_mode}, {report.elapsed_s:.2f}s)",
    )
    if "llm" in report.models:  # name what produced the answer (replays included)
        head.append(
            f"\nLLM: {report.models['llm']}, prompt {report.models.get('prompt', '?')}",
            style="dim",
        )
    parts: list[RenderableType] = [head, Text("")]
    hidden = 0
    for sv in by_stance(report.sources):
        if not show_all and sv.stance == "not_mentioned":
            hidden += 1
            continue
        parts.append(_source(sv))
    if hidden:  # say what was left out, or a report of nothing reads as an empty store
        left_out = f"({counted(hidden, 'source')} not mentioning the claim not shown)"
        parts.append(Text(left_out, style="dim"))
    if report.usage.calls:
        u = report.usage
        parts.append(
            Text(
                f"LLM: {u.calls} calls, {u.prompt_tokens} prompt + {u.completion_tokens} "
                f"completion tokens, ${u.cost_usd:.4f}",
                style="dim",
            )
        )
    return Group(*parts)


def render_checked(item: Checked, method: str | None = None, show_all: bool = True) -> Group:
    """One checked claim: its report, or for a claim split by --decompose the split (by
    ``method``: rules or llm), each part's report and the combined verdict."""
    if isinstance(item, Report):
        return Group(render(item, show_all))
    how = f" ({method})" if method is not None else ""
    if len(item.parts) == 1:
        return Group(Text(f"Not split{how}: one claim.\n"), render(item.parts[0], show_all))
    rows: list[RenderableType] = [
        Text(f"Compound claim: {item.claim}"),
        Text(f"Split{how} into {counted(len(item.parts), 'claim')}:"),
        *(Text(f"  {k}. {part.claim}") for k, part in enumerate(item.parts, 1)),
        Text(""),
    ]
    for part in item.parts:
        rows += [render(part, show_all), Text("")]
    rows.append(Text(f"Combined verdict: {item.verdict.replace('_', ' ').upper()}"))
    return Group(*rows)


PLAIN_WIDTH = 100_000
"""A file has no width: its lines are not wrapped."""


def plain_text(items: Sequence[Checked]) -> str:
    """The terminal report of ``items`` as plain text (no colour, no wrapping), a blank line
    between claims: what ``verify check`` prints into a pipe."""
    buf = io.StringIO()
    console = Console(file=buf, width=PLAIN_WIDTH, soft_wrap=True, no_color=True, highlight=False)
    for n, item in enumerate(items):
        if n:
            console.print()
        console.print(render_checked(item))
    return buf.getvalue()


def _short(title: str, width: int) -> str:
    """A title cut at a word and marked as cut ("… overturns election-night …"); one with no
    space to cut at in its first half (a URL, a long token) is cut where the width ends."""
    short = textwrap.shorten(title, width=width, placeholder=" …", break_on_hyphens=False)
    flat = " ".join(title.split())
    if len(short) >= width // 2 or len(flat) <= width:
        return short
    return flat[: width - 1] + "…"


def _source(sv: SourceVerdict) -> RenderableType:
    line = Text.assemble(
        (shown(sv.source_id), "bold"),
        "  ",
        (sv.stance.replace("_", " "), STANCE_STYLE[sv.stance]),
        "" if sv.stance == "unverified" else f" (confidence {sv.confidence:.2f})",
        "  ",
        shown(_short(sv.title, 80)),
        (f"  [{shown(sv.date)}]" if sv.date else ""),
    )
    rows: list[RenderableType] = [line]
    if sv.url:
        rows.append(Text(f"    {shown(sv.url)}", style="dim"))
    for ev in sv.evidence:
        quote = ev.quote if len(ev.quote) <= QUOTE_CHARS else ev.quote[: QUOTE_CHARS - 1] + "…"
        rows.append(
            Text.assemble(
                "    ",
                ("▌ " if ev.stance == "supports" else "✗ ", STANCE_STYLE[ev.stance]),
                shown(quote if quote[:1] in "“\"'‘" else f"“{quote}”"),
                (f"  @{ev.start}–{ev.end}", "dim"),
            )
        )
    if sv.reason:  # why, in words: also why a source is not mentioned or unverified
        reason = " ".join(sv.reason.split())
        if len(reason) > REASON_CHARS:
            reason = reason[: REASON_CHARS - 1].rstrip() + "…"
        rows.append(Text(f"    {shown(reason)}", style="dim"))
    if sv.flags:
        rows.append(
            Text(
                f"    ⚠ instruction-like text in this source: {', '.join(sv.flags)}", style="yellow"
            )
        )
    return Group(*rows)


def sources_table(records: list) -> Table:  # type: ignore[type-arg]
    """One row per stored source: id, title, publication date, passages and web address."""
    table = Table(box=None, header_style="bold")
    table.add_column("id")
    table.add_column("title")
    table.add_column("date", no_wrap=True)  # 2024-03-14 is never split over two lines
    table.add_column("chunks", no_wrap=True)
    # a narrow terminal folds an address onto more lines rather than cutting it short
    table.add_column("url", overflow="fold")
    for r in records:
        # Text cells: a file name like "[bold red]x" is shown, not read as rich markup
        cells = (r.id, _short(r.title, 70), r.date or "", str(r.n_chunks), r.url or "")
        table.add_row(*(Text(shown(c)) for c in cells))
    return table
