"""The interactive prompt: type a claim, get the same report as ``verify check``.

History persists across sessions; Ctrl-C cancels the claim being checked, not the session.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from ..errors import VerifyError
from ..report.text import render, sources_table

HELP = """Type a claim and press Enter to check it against every source.
  :sources        list the sources in the store
  :show ID        print a source's text
  :judge MODE     switch judge: local, llm or cascade
  :help           this help
  :quit           leave (or Ctrl-D)"""


def history_path() -> Path:
    base = os.environ.get("XDG_STATE_HOME") or os.path.join(Path.home(), ".local", "state")
    path = Path(base) / "verify" / "history"
    path.parent.mkdir(parents=True, exist_ok=True)
    return path


def run_chat(state: Any) -> None:
    from prompt_toolkit import PromptSession
    from prompt_toolkit.history import FileHistory

    from .app import err, out

    verifier = state.verifier()
    mode = verifier.settings.judge_mode
    session: PromptSession[str] = PromptSession(history=FileHistory(str(history_path())))
    out.print(f"verify — {len(verifier.sources())} sources, judge: {mode}. :help for commands.")
    while True:
        try:
            line = session.prompt("claim> ").strip()
        except KeyboardInterrupt:
            continue
        except EOFError:
            break
        if not line:
            continue
        if line.startswith(":"):
            cmd, _, arg = line[1:].partition(" ")
            arg = arg.strip()
            if cmd in ("q", "quit", "exit"):
                break
            try:
                if cmd in ("h", "help"):
                    out.print(HELP, markup=False)
                elif cmd == "sources":
                    out.print(sources_table(verifier.sources()))
                elif cmd == "show":
                    out.print(verifier.source_text(arg), markup=False, highlight=False)
                elif cmd == "judge":
                    if arg not in ("local", "llm", "cascade"):
                        err.print("error: :judge takes local, llm or cascade", markup=False)
                    else:
                        verifier.judge(arg)  # build it now so a missing LLM config shows here
                        mode = arg
                        out.print(f"judge: {mode}")
                else:
                    err.print(f"error: unknown command :{cmd} (:help lists them)", markup=False)
            except VerifyError as exc:
                err.print(f"error: {exc}", markup=False)
            continue
        try:
            report = verifier.check(line, mode)
        except KeyboardInterrupt:
            err.print("cancelled", markup=False)
            continue
        except VerifyError as exc:
            err.print(f"error: {exc}", markup=False)
            continue
        out.print(render(report))
