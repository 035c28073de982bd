"""Command-line edge: parse arguments, call the library, render, and turn errors into one line.

verify ingest seeds/
verify check "Syria was suspended from the Arab League in November 2011"
verify            # on a terminal: the interactive prompt
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer
from rich.console import Console

from ..errors import InputError, LLMAuthError, VerifyError
from ..models import Report
from ..report.text import render, sources_table

app = typer.Typer(
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    help="Check a claim against your own articles, source by source.\n\n"
    'Example:  verify ingest seeds/ && verify check "Syria was suspended from the Arab '
    'League in November 2011"',
)
out = Console(highlight=False, soft_wrap=False)
err = Console(stderr=True, highlight=False)


@dataclass
class State:
    store: Path | None
    config: Path | None
    _verifier: Any = None
    failed_claims: int = 0

    def verifier(self) -> Any:
        if self._verifier is None:
            from ..verifier import Verifier

            overrides: dict[str, Any] = {}
            if self.store is not None:
                overrides["store"] = self.store
            self._verifier = Verifier.from_config(self.config, **overrides)
            self._verifier.on_wait = lambda message: err.print(message, markup=False)
        return self._verifier


def fail(message: str, code: int = 1) -> NoReturn:
    err.print(f"error: {message}", markup=False, highlight=False, soft_wrap=True)
    raise typer.Exit(code)


@contextmanager
def edge() -> Iterator[None]:
    """Library errors become one line on stderr and a non-zero exit; never a traceback."""
    try:
        yield
    except VerifyError as exc:
        fail(str(exc), exc.exit_code)
    except KeyboardInterrupt:
        fail("interrupted", 130)
    except (typer.Exit, typer.Abort):
        raise
    except Exception as exc:  # a bug: still one line, unless debugging
        if os.environ.get("VERIFY_DEBUG"):
            raise
        first = (str(exc).strip().splitlines() or [""])[0]
        fail(f"unexpected {type(exc).__name__}: {first} (set VERIFY_DEBUG=1 for a traceback)")


@app.callback(invoke_without_command=True)
def root(
    ctx: typer.Context,
    store: Annotated[
        Path | None, typer.Option("--store", help="Store folder (env VERIFY_STORE).")
    ] = None,
    config: Annotated[
        Path | None,
        typer.Option("--config", help="Config file (env VERIFY_CONFIG; default ./config.yaml)."),
    ] = None,
    version: Annotated[bool, typer.Option("--version", help="Print the version.")] = False,
) -> None:
    """Check a claim against your own articles, source by source."""
    if version:
        from .. import __version__

        out.print(__version__)
        raise typer.Exit()
    ctx.obj = State(store, config)
    if ctx.invoked_subcommand is None:
        if sys.stdin.isatty() and sys.stdout.isatty():
            from .chat import run_chat

            with edge():
                run_chat(ctx.obj)
            raise typer.Exit()
        out.print(ctx.get_help())
        raise typer.Exit(2)


@app.command()
def ingest(
    ctx: typer.Context,
    paths: Annotated[list[Path], typer.Argument(help="Files or folders (.txt .md .html).")],
) -> None:
    """Add or update articles. Unchanged files are skipped; changed ones replaced.

    Example:  verify ingest seeds/ ~/articles/
    """
    state: State = ctx.obj
    with edge():
        v = state.verifier()
        from ..ingest import plan

        articles, _ = plan(paths, v.settings)
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

        with Progress(
            TextColumn("ingesting"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.description}"),
            console=err,
            transient=True,
            disable=not err.is_terminal,
        ) as bar:
            task = bar.add_task("", total=len(articles))

            def tick(status: str, name: str) -> None:
                bar.update(task, advance=1, description=name)

            result = v.ingest(paths, progress=tick, on_wait=lambda m: err.print(m))
        for e in result.errors:
            err.print(f"error: {e}", markup=False, soft_wrap=True)
        summary = (
            f"added {len(result.added)}, updated {len(result.updated)}, "
            f"unchanged {len(result.unchanged)}, failed {len(result.errors)} "
            f"({result.chunks} chunks embedded); store holds {len(v.sources())} sources"
        )
        err.print(summary, markup=False)
        if result.errors:
            raise typer.Exit(1)


@app.command()
def check(
    ctx: typer.Context,
    claim: Annotated[
        str | None, typer.Argument(help="The claim; '-' or omitted reads stdin.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
    judge: Annotated[str | None, typer.Option("--judge", help="local, llm or cascade.")] = None,
    claims: Annotated[
        Path | None,
        typer.Option(
            "--claims", help="File of claims (one a line, or JSONL with 'claim'); '-' = stdin."
        ),
    ] = None,
    quiet: Annotated[
        bool, typer.Option("--only-relevant", help="Hide sources that do not mention the claim.")
    ] = False,
    record: Annotated[
        Path | None, typer.Option("--record", help="Record this run's LLM calls to a cassette.")
    ] = None,
    replay: Annotated[
        Path | None,
        typer.Option("--replay", help="Replay LLM calls from a cassette (no server, no key)."),
    ] = None,
    html: Annotated[
        Path | None,
        typer.Option("--html", help="Also write a self-contained HTML report to this file."),
    ] = None,
    markdown: Annotated[
        Path | None, typer.Option("--markdown", help="Also write a Markdown report to this file.")
    ] = None,
    decompose: Annotated[
        bool,
        typer.Option("--decompose", help="Split a compound claim into atomic claims; check each."),
    ] = False,
) -> None:
    """Check a claim against every source in the store.

    Example:  verify check "Syria was suspended from the Arab League in November 2011"
    """
    state: State = ctx.obj
    with edge():
        mode = _mode(judge)
        text = _claim_text(claim) if claims is None else None
        v = state.verifier()
        warn = lambda m: err.print(f"warning: {m}", markup=False, soft_wrap=True)  # noqa: E731
        with v.cassette(record=record, replay=replay, notify=warn):
            if claims is not None:
                items = _batch(state, claims, mode, as_json, decompose)
            else:
                assert text is not None
                item = _check_one(v, text, mode, decompose)
                items = [item]
        if claims is None:
            _print_report(item, as_json, quiet)
        _write_reports(v, items, html, markdown)
        if state.failed_claims:
            fail(f"{state.failed_claims} claim(s) could not be checked (see above)")


def _mode(judge: str | None) -> Any:
    if judge is not None and judge not in ("local", "llm", "cascade"):
        raise InputError(f"unknown judge mode {judge!r}: use local, llm or cascade")
    return judge


def _claim_text(claim: str | None) -> str:
    if claim is None or claim == "-":
        if sys.stdin.isatty():
            raise InputError('no claim given: verify check "CLAIM" (or pipe it on stdin)')
        return sys.stdin.read()
    return claim


def _read_claims(path: Path) -> list[tuple[str, dict[str, Any]]]:
    """Claims one a line (blank lines and ``#`` comments skipped), or JSONL objects with a
    ``claim`` field; a JSONL line's other fields (``id``...) travel with its claim."""
    try:
        raw = sys.stdin.read() if str(path) == "-" else path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read claims file {path}: {exc}") from None
    found: list[tuple[str, dict[str, Any]]] = []
    for n, line in enumerate(raw.splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        extra: dict[str, Any] = {}
        if line.startswith("{"):
            try:
                obj = json.loads(line)
                line = str(obj.pop("claim"))
            except (ValueError, KeyError, TypeError, AttributeError):
                raise InputError(f"{path}:{n}: a JSON line needs a 'claim' field") from None
            extra = obj
        found.append((line, extra))
    if not found:
        raise InputError(f"no claims in {path}")
    return found


def _check_one(v: Any, text: str, mode: Any, decompose: bool) -> Any:
    """A Report, or with ``decompose`` a Decomposed (parts checked, verdicts combined)."""
    if not decompose:
        return v.check(text, mode)
    from ..decompose import check_decomposed

    def told(split: Any) -> None:
        if split.note:
            err.print(f"warning: {split.note}", markup=False, soft_wrap=True)
        err.print(f"split ({split.method}) into {len(split.parts)} claim(s)", markup=False)

    return check_decomposed(v, text, mode, on_split=told)


def _write_reports(v: Any, items: list[Any], html: Path | None, markdown: Path | None) -> None:
    """The --html / --markdown files; the HTML gets the texts that evidence offsets index."""
    try:
        if markdown is not None:
            from ..report.markdown import render_markdown

            markdown.write_text(render_markdown(items), encoding="utf-8")
        if html is not None:
            from ..report.html import render_html

            reports = [r for it in items for r in ([it] if isinstance(it, Report) else it.parts)]
            wanted = {
                sv.source_id
                for r in reports
                for sv in r.sources
                if sv.evidence or sv.judge != "retrieval"  # sources dismissed unread: no text
            }
            texts = v.texts(sorted(wanted))  # one read; a source removed since is left out
            html.write_text(render_html(items, texts), encoding="utf-8")
    except OSError as exc:
        raise InputError(f"cannot write report: {exc}") from None


def _batch(state: State, path: Path, mode: Any, as_json: bool, decompose: bool = False) -> list:
    claims = _read_claims(path)
    v = state.verifier()
    from rich.progress import Progress

    items: list[Any] = []
    reports: list[Report] = []
    failed: list[str] = []
    with Progress(console=err, transient=True, disable=not err.is_terminal) as bar:
        task = bar.add_task("checking", total=len(claims))
        for claim, extra in claims:
            try:
                item = _check_one(v, claim, mode, decompose)
            except LLMAuthError:
                raise  # a refused key fails every claim alike: stop at the first
            except VerifyError as exc:
                # one bad claim (too long, a replay miss...) must not stop the others
                failed.append(claim)
                err.print(f"error: {claim[:60]!r}: {exc}", markup=False, soft_wrap=True)
                if as_json:
                    line = {**extra, "claim": claim, "error": str(exc)}
                    sys.stdout.write(json.dumps(line) + "\n")
                    sys.stdout.flush()
                bar.advance(task)
                continue
            items.append(item)
            parts = [item] if isinstance(item, Report) else item.parts
            reports.extend(parts)
            if as_json:
                dumped = item.model_dump(mode="json")
                # the input line's own fields (an id...) come first; the report's win a clash
                sys.stdout.write(json.dumps({**extra, **dumped}, ensure_ascii=False) + "\n")
                sys.stdout.flush()
            else:
                for report in parts:
                    out.print(render(report, show_all=False))
                    out.print()
                if not isinstance(item, Report):
                    out.print(f"Combined verdict for {item.claim!r}: {item.verdict}", markup=False)
                    out.print()
            bar.advance(task)
    if not as_json:
        from rich.table import Table

        table = Table(title="summary", box=None, header_style="bold")
        table.add_column("claim")
        table.add_column("verdict")
        table.add_column("supports")
        table.add_column("refutes")
        for r in reports:
            table.add_row(
                r.claim[:70],
                r.verdict,
                str(sum(s.stance in ("supports", "mixed") for s in r.sources)),
                str(sum(s.stance in ("refutes", "mixed") for s in r.sources)),
            )
        out.print(table)
    state.failed_claims = len(failed)
    return items


def _print_report(report: Any, as_json: bool, quiet: bool = False) -> None:
    if as_json:
        sys.stdout.write(report.model_dump_json(indent=2) + "\n")
    elif isinstance(report, Report):
        out.print(render(report, show_all=not quiet))
    else:  # a Decomposed: each part's report, then the combined verdict
        out.print(f"Compound claim: {report.claim}", markup=False)
        out.print(f"Split into {len(report.parts)} claim(s)\n", markup=False)
        for part in report.parts:
            out.print(render(part, show_all=not quiet))
            out.print()
        out.print(f"Combined verdict: {report.verdict.replace('_', ' ').upper()}", markup=False)


@app.command()
def sources(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """List the sources in the store.

    Example:  verify sources --json
    """
    state: State = ctx.obj
    with edge():
        records = state.verifier().sources()
        if as_json:
            sys.stdout.write(json.dumps([r.model_dump() for r in records], indent=2) + "\n")
        elif not records:
            err.print("the store holds no sources; run `verify ingest PATH` first")
        else:
            out.print(sources_table(records))


@app.command()
def show(
    ctx: typer.Context,
    source_id: Annotated[str, typer.Argument(help="A source id (see `verify sources`).")],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON with metadata.")] = False,
) -> None:
    """Print a source's cleaned text: the text every evidence offset points into.

    Example:  verify show 001_27002b27250bcba8
    """
    state: State = ctx.obj
    with edge():
        src = state.verifier().source(source_id)
        if as_json:
            sys.stdout.write(src.model_dump_json(indent=2) + "\n")
        else:
            sys.stdout.write(src.text + "\n")


@app.command()
def remove(
    ctx: typer.Context,
    source_id: Annotated[str, typer.Argument(help="A source id (see `verify sources`).")],
) -> None:
    """Delete a source and its passages from the store.

    Example:  verify remove 001_27002b27250bcba8
    """
    state: State = ctx.obj
    with edge():
        state.verifier().remove(source_id)
        err.print(f"removed {source_id}", markup=False)


@app.command("eval")
def eval_(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help="Labelled claims (JSONL, shared-data schema).")],
    judge: Annotated[str | None, typer.Option("--judge", help="local, llm or cascade.")] = None,
    limit: Annotated[int | None, typer.Option("--limit", help="Only the first N claims.")] = None,
    split: Annotated[
        str, typer.Option("--split", help="heldout (never trained on) or all.")
    ] = "heldout",
    as_json: Annotated[bool, typer.Option("--json", help="Print the run as JSON.")] = False,
    save: Annotated[Path | None, typer.Option("--save", help="Also write the run here.")] = None,
    compare: Annotated[
        Path | None, typer.Option("--compare", help="A saved run to compare against.")
    ] = None,
) -> None:
    """Score the checker on labelled claims: per-class P/R/F1, macro-F1, confusion matrices.

    Example:  verify eval ../shared/data/factcheck-gpt-stance.dev.jsonl --limit 20
    """
    state: State = ctx.obj
    with edge():
        from rich.progress import Progress

        from ..evaluate import compare as compare_runs
        from ..evaluate import evaluate
        from ..report.metrics import render_eval

        mode = _mode(judge)
        v = state.verifier()
        with Progress(console=err, transient=True, disable=not err.is_terminal) as bar:
            task = bar.add_task("evaluating", total=None)
            result = evaluate(
                file,
                v.settings,
                mode,
                split,
                limit,
                progress=lambda i, n: bar.update(task, completed=i, total=n),
                verifier=v,
            )
        run = result.to_dict()
        if compare is not None:
            try:
                before = json.loads(compare.read_text(encoding="utf-8"))
            except (OSError, ValueError) as exc:
                raise InputError(f"cannot read saved run {compare}: {exc}") from None
            run["compare"] = {"against": str(compare), "delta": compare_runs(before, run)}
        if save is not None:
            save.write_text(json.dumps(run, indent=2) + "\n", encoding="utf-8")
        if as_json:
            sys.stdout.write(json.dumps(run, indent=2) + "\n")
        else:
            out.print(render_eval(run))
            if "compare" in run:
                for k, d in run["compare"]["delta"].items():
                    out.print(f"  {k}: {d['a']:.3f} -> {d['b']:.3f} ({d['delta']:+.3f})")


def main() -> None:
    app()
