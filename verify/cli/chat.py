"""The interactive prompt: type a claim, get the same report as ``verify check``.

History persists across sessions in ``$XDG_STATE_HOME/verify/history`` (by default
``~/.local/state/verify/history``); Ctrl-C cancels the claim being checked, not the session.
"""

from __future__ import annotations

import importlib
import os
from pathlib import Path
from typing import Any

from ..errors import ConfigError, InputError, StoreError, VerifyError

HELP = """Type a claim and press Enter to check it against every source.
  :decompose CLAIM  split a compound claim into atomic claims and check each
  :json             print the last check as JSON
  :html FILE        write the last check as an HTML report
  :md FILE          write the last check as a Markdown report
  :csv FILE         write the last check as CSV (one row per source)
  :ingest PATH      add or update articles from a file or folder
  :sources          list the sources in the store
  :show ID          print a source's text
  :judge [MODE]     show the judge, or switch it: local, llm, cascade or a plugin's
  :help             this help
  :quit             leave (or Ctrl-D)
Claims you type are kept in {history}"""

USAGE = {
    "decompose": ":decompose CLAIM",
    "html": ":html FILE",
    "md": ":md FILE",
    "csv": ":csv FILE",
    "ingest": ":ingest PATH",
    "show": ":show ID (:sources lists the ids)",
}
"""Commands that need an argument, and how to give it."""


def _cli() -> Any:
    """The CLI module (its consoles and printing), looked up when used: ``verify.cli.app`` the
    attribute is the Typer app, not the module."""
    return importlib.import_module(".app", __package__)


def history_path() -> Path:
    base = os.environ.get("XDG_STATE_HOME") or os.path.join(Path.home(), ".local", "state")
    path = Path(base) / "verify" / "history"
    path.parent.mkdir(parents=True, exist_ok=True)
    return path


class Chat:
    """One prompt session: the judge in use and the last check; :meth:`handle` takes each line
    as typed. Output goes through the CLI's consoles (``verify.cli.app.out``/``err``)."""

    def __init__(self, state: Any) -> None:
        self.verifier = state.verifier(read=False)  # :ingest may be what makes the store
        self.mode = self.verifier.settings.judge_mode
        self.last: Any = None
        """The last check's Report (or Decomposed), for :json, :html, :md and :csv."""

    def greeting(self) -> str:
        if not self._store_exists():
            return (
                f"verify — no store at {self.verifier.settings.store} yet (:ingest PATH makes "
                f"one), judge: {self.mode}. :help for commands."
            )
        n = len(self.verifier.sources())
        return f"verify — {n} sources, judge: {self.mode}. :help for commands."

    def handle(self, line: str) -> bool:
        """Run one line (a claim or a :command); False when the session should end."""
        cli = _cli()
        line = line.strip()
        if not line:
            return True
        cmd, arg = "", ""
        if line.startswith(":"):
            cmd, _, arg = line[1:].partition(" ")
            cmd, arg = cmd.lower(), arg.strip()
            if cmd in ("q", "quit", "exit"):
                return False
        try:
            if cmd in USAGE and not arg:
                cli.err.print(f"usage: {USAGE[cmd]}", markup=False)
            elif cmd:
                self._command(cmd, arg)
            else:
                self._check(line, decompose=False)
        except KeyboardInterrupt:
            cli.err.print("cancelled", markup=False)
        except VerifyError as exc:
            cli.err.print(f"error: {exc}", markup=False, soft_wrap=True)
        return True

    # -- commands ---------------------------------------------------------------------------
    def _command(self, cmd: str, arg: str) -> None:
        from ..report.text import sources_table

        cli = _cli()
        if cmd in ("h", "help"):
            cli.out.print(HELP.format(history=history_path()), markup=False)
        elif cmd == "sources":
            self._need_store()
            cli.out.print(sources_table(self.verifier.sources()))
        elif cmd == "show":
            self._need_store()
            text = self.verifier.source_text(arg)
            cli.out.print(text, markup=False, highlight=False, soft_wrap=True)
        elif cmd == "judge":
            self._judge(arg)
        elif cmd == "ingest":
            self._ingest(arg)
        elif cmd == "decompose":
            self._check(arg, decompose=True)
        elif cmd == "json":
            report = self._last().model_dump_json(indent=2)
            cli.out.print(report, markup=False, highlight=False, soft_wrap=True)  # valid JSON
        elif cmd in ("html", "md", "csv"):
            self._write(cmd, Path(arg).expanduser())
        else:
            raise InputError(f"unknown command :{cmd} (:help lists them)")

    def _judge(self, arg: str) -> None:
        cli = _cli()
        from ..judges.registry import judge_names, judge_spec

        names = ", ".join(judge_names())
        if not arg:
            cli.out.print(f"judge: {self.mode} (switch with :judge {names})")
            return
        if arg not in judge_names():
            raise InputError(f":judge takes {names}")
        if judge_spec(arg).needs_llm and not self.verifier.settings.llm.configured:
            raise ConfigError(
                f"no LLM is configured for the {arg} judge (set OPENAI_API_KEY, or llm.base_url "
                f"for a local server); the judge stays {self.mode}"
            )
        self.verifier.judge(arg)  # built now, so a bad prompt or setting shows here
        self.mode = arg
        cli.out.print(f"judge: {self.mode}")

    def _ingest(self, arg: str) -> None:
        cli = _cli()
        result = self.verifier.ingest([Path(arg).expanduser()])
        for e in result.errors:
            cli.err.print(f"error: {e}", markup=False, soft_wrap=True)
        cli.err.print(cli.ingest_summary(result, len(self.verifier.sources())), markup=False)

    def _check(self, claim: str, decompose: bool) -> None:
        cli = _cli()
        self._need_store()
        item, split = cli.check_one(self.verifier, claim, self.mode, decompose, as_json=False)
        self.last = item
        cli.print_item(item, split, quiet=False)

    def _write(self, kind: str, path: Path) -> None:
        cli = _cli()
        from .reports import ReportFiles, check_writable, write_reports

        last = self._last()
        check_writable(path)
        files = ReportFiles(**{{"md": "markdown"}.get(kind, kind): path})
        write_reports(self.verifier, [last], files)
        cli.err.print(f"wrote {path}", markup=False)

    # -- state ------------------------------------------------------------------------------
    def _last(self) -> Any:
        if self.last is None:
            raise InputError("nothing checked yet: type a claim first")
        return self.last

    def _store_exists(self) -> bool:
        from ..store import exists

        return exists(self.verifier.settings)

    def _need_store(self) -> None:
        if not self._store_exists():
            raise StoreError(
                f"no store at {self.verifier.settings.store} yet: :ingest PATH to add articles"
            )


def run_chat(state: Any) -> None:
    from prompt_toolkit import PromptSession
    from prompt_toolkit.history import FileHistory

    cli = _cli()

    chat = Chat(state)
    session: PromptSession[str] = PromptSession(history=FileHistory(str(history_path())))
    cli.out.print(chat.greeting(), markup=False)
    while True:
        try:
            line = session.prompt("claim> ")
        except KeyboardInterrupt:
            continue
        except EOFError:
            break
        if not chat.handle(line):
            break
