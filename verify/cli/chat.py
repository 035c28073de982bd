"""The interactive prompt: type a claim, get the same report as ``verify check``.

History persists across sessions in ``$XDG_STATE_HOME/verify/history`` (by default
``~/.local/state/verify/history``); Ctrl-C cancels the claim being checked, not the session.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from ..errors import ConfigError, InputError, StoreError, VerifyError
from . import console as cli

HELP = """Type a claim and press Enter to check it against every source.
  :decompose CLAIM  split a compound claim into atomic claims and check each
  :json             print the last check as JSON
  :report FILE      write the last check as a report, in the format the name ends in
{formats}
  :ingest PATH      add or update articles from a file or folder
  :sources          list the sources in the store
  :show ID          print a source's text
  :judge [MODE]     show the judge, or switch it: local, llm, cascade or a plugin's
  :help             this help
  :quit             leave (or Ctrl-D)
Claims you type are kept in {history}"""

USAGE = {
    "decompose": ":decompose CLAIM",
    "report": ":report FILE",
    "ingest": ":ingest PATH",
    "show": ":show ID (:sources lists the ids)",
}
"""Commands that need an argument, and how to give it; a report format's name (``:html``,
``:md``...) is one too (``:json`` alone prints the last check)."""


def _help() -> str:
    from ..report.registry import formats

    lines = []
    for f in formats():
        cmd = f":{(f.aliases or (f.name,))[0]} FILE"
        lines.append(f"  {cmd:<17} write the last check as {f.name} ({f.help})")
    return HELP.format(formats="\n".join(lines), history=history_path())


COMMANDS = {"h", "help", "sources", "show", "judge", "ingest", "decompose", "json", "report"}
"""The prompt's own commands: a report format of the same name cannot hide one."""


def _format_command(cmd: str) -> str | None:
    """The report format a command names (``:html``, ``:md``, a plugin's), else None."""
    from ..report.registry import find_format

    found = find_format(cmd) if cmd and cmd not in COMMANDS else None
    return found.name if found is not None else None


def history_path() -> Path:
    base = os.environ.get("XDG_STATE_HOME") or os.path.join(Path.home(), ".local", "state")
    path = Path(base) / "verify" / "history"
    path.parent.mkdir(parents=True, exist_ok=True)
    return path


class Chat:
    """One prompt session: the judge in use and the last check; :meth:`handle` takes each line
    as typed. Output goes through the CLI's consoles (``verify.cli.console.out``/``err``)."""

    def __init__(self, state: Any) -> None:
        self.verifier = state.verifier(read=False)  # :ingest may be what makes the store
        self.mode = self.verifier.settings.judge_mode
        self.last: Any = None
        """The last check's Report (or Decomposed), for :json and the report commands."""

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
            if not arg and (cmd in USAGE or _format_command(cmd) is not None):
                cli.err.print(f"usage: {USAGE.get(cmd, f':{cmd} FILE')}", markup=False)
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

        if cmd in ("h", "help"):
            cli.out.print(_help(), markup=False)
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
        elif cmd == "json" and not arg:
            report = self._last().model_dump_json(indent=2)
            cli.out.print(report, markup=False, highlight=False, soft_wrap=True)  # valid JSON
        elif cmd in ("json", "report"):  # :json FILE writes the json format
            self._write("json" if cmd == "json" else None, Path(arg).expanduser())
        elif (name := _format_command(cmd)) is not None:
            self._write(name, Path(arg).expanduser())
        else:
            raise InputError(f"unknown command :{cmd} (:help lists them)")

    def _judge(self, arg: str) -> None:
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
        result = self.verifier.ingest([Path(arg).expanduser()])
        for e in result.errors:
            cli.err.print(f"error: {e}", markup=False, soft_wrap=True)
        cli.err.print(cli.ingest_summary(result, len(self.verifier.sources())), markup=False)

    def _check(self, claim: str, decompose: bool) -> None:
        self._need_store()
        item, split = cli.check_one(self.verifier, claim, self.mode, decompose, as_json=False)
        self.last = item
        cli.print_item(item, split, quiet=False)

    def _write(self, name: str | None, path: Path) -> None:
        """The last check as a report: in format ``name``, else the one ``path`` ends in."""
        from .reports import report_files, write_reports

        last = self._last()
        files = report_files([(name, path)]) if name is not None else report_files(paths=[path])
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
