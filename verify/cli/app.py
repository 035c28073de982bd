"""Command-line edge: parse arguments, call the library, render, and turn errors into one line.

verify ingest seeds/
verify check "Syria was suspended from the Arab League in November 2011"
verify            # on a terminal: the interactive prompt
"""

from __future__ import annotations

import gc
import json
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer

from ..errors import InputError, LLMAuthError, StoreError, VerifyError
from ..report import counted
from .console import (
    check_one,
    closed_pipe,
    err,
    fit_output,
    ingest_summary,
    out,
    print_item,
)
from .reports import report_files, write_reports

# Only light imports up here: `verify --help` and `--version` must not load Chroma or models.
app = typer.Typer(
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    help="Check a claim against your own articles, source by source.\n\n"
    'Example:  verify ingest seeds/ && verify check "Syria was suspended from the Arab '
    'League in November 2011"\n\n'
    "Run `verify` with no command on a terminal for the interactive prompt: type a claim, "
    "get its report (:help lists the prompt's commands).",
)


@dataclass
class State:
    store: Path | None
    config: Path | None
    _verifier: Any = None
    failed_claims: int = 0

    def verifier(self, read: bool = True) -> Any:
        """The Verifier (built once). ``read``: the command only reads the store, so a store
        that is not there is an error rather than made empty (a mistyped --store)."""
        if self._verifier is None:
            from ..verifier import Verifier

            overrides: dict[str, Any] = {}
            if self.store is not None:
                overrides["store"] = self.store
            self._verifier = Verifier.from_config(self.config, **overrides)
            self._verifier.on_wait = lambda message: err.print(message, markup=False)
        if read:
            from ..store import exists

            where = self._verifier.settings.store
            # a path that is a file gets the store's own, more precise error
            if not exists(self._verifier.settings) and not where.is_file():
                raise StoreError(
                    f"no store at {self._verifier.settings.store}: check --store, or create "
                    "it with `verify ingest PATH`"
                )
        return self._verifier


def fail(message: str, code: int = 1) -> NoReturn:
    from ..safety import shown

    err.print(f"error: {shown(message)}", markup=False, highlight=False, soft_wrap=True)
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
    except BrokenPipeError:
        closed_pipe()
        raise typer.Exit(1) from None
    except (typer.Exit, typer.Abort):
        raise
    except Exception as exc:  # a bug: still one line, unless debugging
        if os.environ.get("VERIFY_DEBUG"):
            raise
        first = (str(exc).strip().splitlines() or [""])[0]
        fail(f"internal error ({type(exc).__name__}: {first}); set VERIFY_DEBUG=1 for a traceback")


@contextmanager
def gc_paused(pause: bool = True) -> Iterator[None]:
    """Python's cycle collector off inside (reference counting still frees what is dropped).
    A one-claim `verify check` is mostly start-up: importing Chroma and opening the store and
    the models create hundreds of thousands of objects that live until the process ends, and
    the collector kept walking them (about 0.1 s of the check, for nothing to free)."""
    if not pause or not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def _version(value: bool) -> None:
    """--version, answered while the arguments are parsed (eager): nothing else is loaded."""
    if value:
        from .. import __version__

        sys.stdout.write(__version__ + "\n")
        raise typer.Exit()


RecordOption = Annotated[
    Path | None, typer.Option("--record", help="Record this run's LLM calls to a cassette.")
]
ReplayOption = Annotated[
    Path | None,
    typer.Option("--replay", help="Replay LLM calls from a cassette (no server, no key)."),
]
"""The cassette options ``check`` and ``eval`` share (verify/replay.py)."""


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
    version: Annotated[
        bool,
        typer.Option("--version", help="Print the version.", callback=_version, is_eager=True),
    ] = False,
) -> None:
    """Check a claim against your own articles, source by source."""
    ctx.obj = State(store, config)
    fit_output()
    if ctx.invoked_subcommand is None:
        if sys.stdin.isatty() and sys.stdout.isatty():
            from .chat import run_chat

            with edge():
                run_chat(ctx.obj)
            raise typer.Exit()
        if not sys.stdin.isatty():  # `printf 'claim\n' | verify`: the prompt needs a terminal
            fail(STDIN_HINT, 2)
        out.print(ctx.get_help())
        raise typer.Exit(2)


STDIN_HINT = (
    "stdin is not a terminal: give a command, e.g. verify check - (all of stdin is one claim) "
    "or verify check --claims - (one claim a line); verify --help lists the commands"
)
"""``verify`` with no command and stdin from a pipe or file: the prompt cannot run there."""


@app.command()
def ingest(
    ctx: typer.Context,
    paths: Annotated[
        list[str],
        typer.Argument(
            help="Files, folders or web page addresses (.txt .md .html .pdf .docx, https://…)."
        ),
    ],
    source_id: Annotated[
        str | None, typer.Option("--id", help="Source id for this one file or page.")
    ] = None,
    title: Annotated[str | None, typer.Option("--title", help="Its title.")] = None,
    date: Annotated[
        str | None, typer.Option("--date", help="Its publication date, e.g. 2024-03-14.")
    ] = None,
    url: Annotated[str | None, typer.Option("--url", help="Its web address.")] = None,
    author: Annotated[str | None, typer.Option("--author", help="Its author.")] = None,
) -> None:
    """Add or update articles. Unchanged files are skipped; changed ones replaced.

    Example:  verify ingest seeds/ https://example.com/news/story.html

    Example:  verify ingest story.md --id ferry --date 2024-03-14
    """
    state: State = ctx.obj
    with edge():
        from ..sourcemeta import SourceMeta, checked

        meta = SourceMeta(id=source_id, title=title, date=date, url=url, author=author)
        try:
            meta = checked(meta)
        except ValueError as exc:  # "date: 'x' is not a date…" names the flag
            raise InputError(f"--{exc}") from None
        if meta and len(paths) != 1:
            raise InputError(
                f"--id, --title, --date, --url and --author describe one source: "
                f"give one file or web page, not {len(paths)}"
            )
        if meta and Path(paths[0]).is_dir():
            raise InputError(
                f"--id, --title, --date, --url and --author describe one source: "
                f"{paths[0]} is a folder"
            )
        v = state.verifier(read=False)
        from ..ingest import plan

        articles = plan(paths, v.settings).articles
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
                # within a big file: the description moves, the file count does not
                bar.update(task, advance=0 if status == "embedding" else 1, description=name)

            result = v.ingest(
                paths, progress=tick, on_wait=lambda m: err.print(m), meta=meta or None
            )
        from ..safety import shown

        for skip in result.skipped:
            err.print(f"skipped {shown(str(skip))}", markup=False, soft_wrap=True)
        for e in result.errors:
            err.print(f"error: {shown(str(e))}", markup=False, soft_wrap=True)
        err.print(ingest_summary(result, len(v.sources())), markup=False, soft_wrap=True)
        if result.errors:
            raise typer.Exit(1)


@app.command()
def check(
    ctx: typer.Context,
    claim: Annotated[
        str | None, typer.Argument(help="The claim; '-' or omitted reads stdin.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
    judge: Annotated[
        str | None, typer.Option("--judge", help="local, llm, cascade or a plugin's judge.")
    ] = None,
    claims: Annotated[
        Path | None,
        typer.Option(
            "--claims", help="File of claims (one a line, or JSONL with 'claim'); '-' = stdin."
        ),
    ] = None,
    quiet: Annotated[
        bool, typer.Option("--only-relevant", help="Hide sources that do not mention the claim.")
    ] = False,
    record: RecordOption = None,
    replay: ReplayOption = None,
    report: Annotated[
        list[Path] | None,
        typer.Option(
            "--report",
            metavar="FILE",
            help="Also write a report to this file, in the format its name ends in (.html, .md, "
            ".csv, .json, .txt or a plugin's); repeatable.",
        ),
    ] = None,
    report_format: Annotated[
        str | None,
        typer.Option(
            "--report-format",
            metavar="NAME",
            help="The format of the --report files, whatever their names.",
        ),
    ] = None,
    html: Annotated[
        Path | None,
        typer.Option("--html", help="Also write a self-contained HTML report to this file."),
    ] = None,
    markdown: Annotated[
        Path | None, typer.Option("--markdown", help="Also write a Markdown report to this file.")
    ] = None,
    csv: Annotated[
        Path | None,
        typer.Option("--csv", help="Also write a CSV (one row per claim and source) to this file."),
    ] = None,
    decompose: Annotated[
        bool,
        typer.Option("--decompose", help="Split a compound claim into atomic claims; check each."),
    ] = False,
) -> None:
    """Check a claim against every source in the store.

    Each source supports, refutes, is mixed on or does not mention the claim; the verdict is
    supported, refuted, conflicting or not enough evidence.

    Example:  verify check "Syria was suspended from the Arab League in November 2011"
    """
    state: State = ctx.obj
    # one claim: the process ends after it, so the collector stays off throughout (a batch
    # of claims, or the prompt, keeps it: they run long enough to make garbage worth freeing)
    with edge(), gc_paused(claims is None):
        mode = _mode(judge)
        named = [("html", html), ("markdown", markdown), ("csv", csv)]
        files = report_files(named, report or [], report_format)  # each checked writable now
        text = _claim_text(claim) if claims is None else None
        v = state.verifier()
        warn = lambda m: err.print(f"warning: {m}", markup=False, soft_wrap=True)  # noqa: E731
        with v.cassette(record=record, replay=replay, notify=warn):
            v.preload(mode)  # the models load while the store opens
            if claims is not None:
                items, ids = _batch(state, claims, mode, as_json, decompose, quiet)
            else:
                assert text is not None
                item, split = check_one(v, text, mode, decompose, as_json)
                items, ids = [item], ["1"]
        if claims is None:
            if as_json:
                sys.stdout.write(item.model_dump_json(indent=2) + "\n")
            else:
                print_item(item, split, quiet)
        write_reports(v, items, files, ids)
        if state.failed_claims:
            fail(f"{state.failed_claims} claim(s) could not be checked (see above)")


def _mode(judge: str | None) -> Any:
    from ..judges.registry import judge_names

    if judge is not None and judge not in judge_names():
        raise InputError(f"unknown judge mode {judge!r}: use {', '.join(judge_names())}")
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


def _batch(
    state: State, path: Path, mode: Any, as_json: bool, decompose: bool, quiet: bool
) -> tuple[list[Any], list[str]]:
    """Check every claim in ``path``, printing each as it is done; a claim that fails is
    reported and skipped. Returns the checked items and their claim ids (a JSONL ``id``, else
    the claim's number)."""
    claims = _read_claims(path)
    v = state.verifier()
    from rich.progress import Progress

    items: list[Any] = []
    ids: list[str] = []
    rows: list[tuple[str, str, Any]] = []  # (claim id, claim, item or None when it failed)
    with Progress(console=err, transient=True, disable=not err.is_terminal) as bar:
        task = bar.add_task("checking", total=len(claims))
        for n, (claim, extra) in enumerate(claims, 1):
            claim_id = str(extra["id"]) if "id" in extra else str(n)
            try:
                item, split = check_one(v, claim, mode, decompose, as_json)
            except LLMAuthError:
                raise  # a refused key fails every claim alike: stop at the first
            except VerifyError as exc:
                # one bad claim (too long, a replay miss...) must not stop the others
                rows.append((claim_id, claim, None))
                err.print(f"error: {claim[:60]!r}: {exc}", markup=False, soft_wrap=True)
                if as_json:
                    line = {**extra, "claim": claim, "error": str(exc)}
                    sys.stdout.write(json.dumps(line) + "\n")
                    sys.stdout.flush()
                bar.advance(task)
                continue
            items.append(item)
            ids.append(claim_id)
            rows.append((claim_id, claim, item))
            if as_json:
                dumped = item.model_dump(mode="json")
                # the input line's own fields (an id...) come first; the report's win a clash
                sys.stdout.write(json.dumps({**extra, **dumped}, ensure_ascii=False) + "\n")
                sys.stdout.flush()
            else:
                print_item(item, split, quiet)  # every source, as for a single claim
                out.print()
            bar.advance(task)
    failed = sum(item is None for _, _, item in rows)
    if not as_json:
        out.print(_summary(rows))
        parts = sum(len(getattr(it, "parts", [it])) for it in items)
        split = f" ({parts} after splitting)" if decompose and parts != len(items) else ""
        out.print(
            f"{counted(len(rows), 'claim')} checked{split}"
            + (f", {failed} failed" if failed else ""),
            markup=False,
        )
    state.failed_claims = failed
    return items, ids


def _summary(rows: list[tuple[str, str, Any]]) -> Any:
    """One row per claim of the batch (a decomposed claim's parts below it, numbered ID.1...)."""
    from rich.table import Table
    from rich.text import Text

    from ..models import Report
    from ..report import stance_counts

    # sources by stance, counted as each claim's header counts them (a mixed source is mixed)
    stances = ("supports", "refutes", "mixed")
    table = Table(title="summary", box=None, header_style="bold")
    for col in ("id", "claim", "verdict", *stances):
        table.add_column(col)
    blank = ("",) * len(stances)

    def sides(r: Report) -> tuple[str, ...]:
        counts = stance_counts(s.stance for s in r.sources)
        return tuple(str(counts.get(k, 0)) for k in stances)

    for claim_id, claim, item in rows:
        if item is None:
            table.add_row(claim_id, Text(claim), "failed", *blank)
        elif isinstance(item, Report) or len(item.parts) == 1:
            report = item if isinstance(item, Report) else item.parts[0]
            table.add_row(claim_id, Text(claim), report.verdict, *sides(report))
        else:
            table.add_row(claim_id, Text(claim), item.verdict, *blank)
            for k, part in enumerate(item.parts, 1):
                table.add_row(
                    f"{claim_id}.{k}", Text(f"  {part.claim}"), part.verdict, *sides(part)
                )
    return table


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
            from ..report.text import sources_table

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
        state.verifier().remove(source_id)  # reads first: a missing store is an error too
        err.print(f"removed {source_id}", markup=False)


@app.command("eval")
def eval_(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help="Labelled claims (JSONL, shared-data schema).")],
    judge: Annotated[
        str | None, typer.Option("--judge", help="local, llm, cascade or a plugin's judge.")
    ] = None,
    limit: Annotated[int | None, typer.Option("--limit", help="Only the first N claims.")] = None,
    split: Annotated[
        str, typer.Option("--split", help="heldout (never trained on) or all.")
    ] = "heldout",
    as_json: Annotated[bool, typer.Option("--json", help="Print the run as JSON.")] = False,
    save: Annotated[Path | None, typer.Option("--save", help="Also write the run here.")] = None,
    compare: Annotated[
        Path | None, typer.Option("--compare", help="A saved run to compare against.")
    ] = None,
    record: RecordOption = None,
    replay: ReplayOption = None,
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
        v = state.verifier(read=False)  # labelled passages are checked in a store of their own
        warn = lambda m: err.print(f"warning: {m}", markup=False, soft_wrap=True)  # noqa: E731
        with (
            v.cassette(record=record, replay=replay, notify=warn),
            Progress(console=err, transient=True, disable=not err.is_terminal) as bar,
        ):
            task = bar.add_task("evaluating", total=None)
            result = evaluate(
                file,
                v.settings,  # inside the cassette: a replay's recorded LLM settings
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
    try:
        app()
    except BrokenPipeError:  # outside a command (help text into `| head`)
        closed_pipe()
        sys.exit(1)
