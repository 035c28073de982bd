"""The interactive prompt: its commands in process (Chat.handle), and the whole prompt through
a real pseudo-terminal."""

from __future__ import annotations

import importlib
import io
import json
import os
import signal
import sys
import time
from pathlib import Path

import pexpect
import pytest
from rich.console import Console

from verify import Verifier
from verify.cli.app import State
from verify.cli.chat import Chat

from .conftest import DEMO_CLAIM, ROOT

COMPOUND = "Syria was suspended in November 2011 after a crackdown that had killed 5,000 civilians"


class Screen:
    """The CLI's two consoles, captured: what a session printed since the last read."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        cli = importlib.import_module("verify.cli.console")

        self.out, self.err = io.StringIO(), io.StringIO()
        for name, buf in (("out", self.out), ("err", self.err)):
            console = Console(file=buf, width=200, highlight=False, no_color=True)
            monkeypatch.setattr(cli, name, console)

    def read(self) -> tuple[str, str]:
        got = self.out.getvalue(), self.err.getvalue()
        for buf in (self.out, self.err):
            buf.seek(0)
            buf.truncate()
        return got


@pytest.fixture
def screen(monkeypatch: pytest.MonkeyPatch) -> Screen:
    return Screen(monkeypatch)


def _chat(store: Path) -> Chat:
    return Chat(State(store, ROOT / "config.yaml"))


def test_judge_alone_shows_the_mode_and_an_llm_without_config_is_refused(
    seed_verifier: Verifier, screen: Screen
):
    chat = _chat(seed_verifier.settings.store)
    assert chat.handle(":judge")
    assert screen.read() == ("judge: local (switch with :judge local, llm, cascade)\n", "")
    chat.handle(":judge llm")
    assert screen.read() == (
        "",
        "error: no LLM is configured for the llm judge (set OPENAI_API_KEY, or llm.base_url "
        "for a local server); the judge stays local\n",
    )
    assert chat.mode == "local"
    chat.handle(":judge oracle")
    assert screen.read() == ("", "error: :judge takes local, llm, cascade\n")


@pytest.mark.parametrize(
    ("line", "usage"),
    [
        (":show", "usage: :show ID (:sources lists the ids)"),
        (":show   ", "usage: :show ID (:sources lists the ids)"),
        (":ingest", "usage: :ingest PATH"),
        (":html", "usage: :html FILE"),
        (":md", "usage: :md FILE"),
        (":csv", "usage: :csv FILE"),
        (":decompose", "usage: :decompose CLAIM"),
    ],
)
def test_a_command_without_its_argument_shows_usage(
    seed_verifier: Verifier, screen: Screen, line: str, usage: str
):
    assert _chat(seed_verifier.settings.store).handle(line)
    assert screen.read() == ("", usage + "\n")


def test_reports_of_the_last_check(seed_verifier: Verifier, screen: Screen, tmp_path: Path):
    chat = _chat(seed_verifier.settings.store)
    chat.handle(":json")
    assert screen.read() == ("", "error: nothing checked yet: type a claim first\n")
    chat.handle(DEMO_CLAIM)
    out, _ = screen.read()
    assert "Verdict: SUPPORTED" in out
    chat.handle(":json")
    out, _ = screen.read()
    got = json.loads(out)
    assert got["claim"] == DEMO_CLAIM and got["verdict"] == "supported"
    assert len(got["sources"]) == 5
    for cmd, name in ((":html", "r.html"), (":md", "r.md"), (":csv", "r.csv")):
        chat.handle(f"{cmd} {tmp_path / name}")
        assert screen.read() == ("", f"wrote {tmp_path / name}\n")
    assert "<mark" in (tmp_path / "r.html").read_text(encoding="utf-8")
    assert DEMO_CLAIM in (tmp_path / "r.md").read_text(encoding="utf-8")
    rows = (tmp_path / "r.csv").read_text(encoding="utf-8").splitlines()
    assert len(rows) == 6 and rows[1].startswith(f"1,{DEMO_CLAIM},supported,001_27002b27250bcba8,")
    chat.handle(f":html {tmp_path / 'missing' / 'r.html'}")
    assert screen.read() == (
        "",
        f"error: cannot write report {tmp_path / 'missing' / 'r.html'}: no folder "
        f"{tmp_path / 'missing'}\n",
    )


def test_decompose_in_the_prompt(seed_verifier: Verifier, screen: Screen):
    chat = _chat(seed_verifier.settings.store)
    chat.handle(f":decompose {COMPOUND}")
    out, err = screen.read()
    lines = out.splitlines()
    assert lines[:4] == [
        f"Compound claim: {COMPOUND}",
        "Split (rules) into 2 claims:",
        "  1. Syria was suspended in November 2011",
        "  2. A crackdown had killed 5,000 civilians",
    ]
    assert lines[-1].startswith("Combined verdict: ") and err == ""
    chat.handle(":json")
    assert [p["claim"] for p in json.loads(screen.read()[0])["parts"]] == [
        "Syria was suspended in November 2011",
        "A crackdown had killed 5,000 civilians",
    ]


def test_ingest_in_the_prompt_makes_the_store(screen: Screen, tmp_path: Path):
    store = tmp_path / "store"
    chat = _chat(store)
    assert chat.greeting() == (
        f"verify — no store at {store} yet (:ingest PATH makes one), judge: local. "
        ":help for commands."
    )
    chat.handle(DEMO_CLAIM)
    assert screen.read() == (
        "",
        f"error: no store at {store} yet: :ingest PATH to add articles\n",
    )
    assert not store.exists()
    article = tmp_path / "harbour.txt"
    article.write_text("Harbour news\n\nThe harbour reopened on Monday after repairs.\n")
    chat.handle(f":ingest {article}")
    assert screen.read() == (
        "",
        "added 1, updated 0, unchanged 0, failed 0 (1 chunks embedded); store holds 1 sources\n",
    )
    assert chat.greeting() == "verify — 1 sources, judge: local. :help for commands."
    chat.handle(":sources")
    assert screen.read()[0].splitlines()[1].split() == ["harbour", "Harbour", "news", "1"]


def test_help_says_where_history_is_kept(seed_verifier: Verifier, screen: Screen, tmp_path: Path):
    _chat(seed_verifier.settings.store).handle(":help")
    out, _ = screen.read()
    assert ":decompose CLAIM" in out and ":judge [MODE]" in out
    # conftest points XDG_STATE_HOME at the session's temporary folder
    assert out.splitlines()[-1].startswith("Claims you type are kept in ")
    assert out.splitlines()[-1].endswith("/state/verify/history")


def _prompt(store: Path, state: Path, **env_extra: str) -> pexpect.spawn:
    """``verify`` with no command on a real pseudo-terminal: the interactive prompt."""
    env = {**os.environ, "NO_COLOR": "1", "XDG_STATE_HOME": str(state), **env_extra}
    env.pop("OPENAI_API_KEY", None)
    return pexpect.spawn(
        sys.executable,
        ["-m", "verify", "--store", str(store)],
        cwd=str(ROOT),
        env=env,
        encoding="utf-8",
        timeout=120,
        dimensions=(50, 200),
        # a terminal delivers Ctrl-C; a test run started in the background (`cmd &` in a
        # script) ignores SIGINT, and the child would inherit that
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )


@pytest.mark.slow
def test_interactive_prompt(seed_verifier: Verifier, tmp_path: Path):
    child = _prompt(seed_verifier.settings.store, tmp_path)
    child.expect("5 sources, judge: local")
    child.expect("claim>")
    child.sendline(":help")
    child.expect(":ingest PATH")
    child.expect("claim>")
    child.sendline(":sources")
    child.expect("001_27002b27250bcba8")
    child.expect("claim>")
    child.sendline(DEMO_CLAIM)
    child.expect(r"Verdict: (\x1b\[[0-9;]*m)*SUPPORTED")  # bold styling survives NO_COLOR
    child.expect("November 2011")
    child.expect("claim>")
    child.sendline(":show 004_c441ceaa8e09f364")
    child.expect("normalise or upgrade")
    child.expect("claim>")
    child.sendline(":judge oracle")
    child.expect("error: :judge takes local, llm, cascade")
    child.expect("claim>")
    child.sendline(":nope")
    child.expect("unknown command")
    child.expect("claim>")
    child.sendline(":quit")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    history = (tmp_path / "verify" / "history").read_text()
    assert DEMO_CLAIM in history  # history persists across sessions


@pytest.mark.slow
def test_ctrl_c_cancels_the_claim_not_the_session(seed_verifier: Verifier, tmp_path: Path):
    """A check stuck on a server that never answers is cancelled by Ctrl-C; the prompt stays."""
    from .fakes import FakeServer

    server = FakeServer(lambda body: (200, "hang"))
    with server as url:
        child = _prompt(
            seed_verifier.settings.store,
            tmp_path,
            VERIFY_LLM__BASE_URL=url,
            VERIFY_LLM__TIMEOUT="60",
            VERIFY_LLM__MAX_RETRIES="0",
        )
        child.expect("judge: cascade")
        child.expect("claim>")
        child.sendline(":judge llm")
        child.expect("judge: llm")
        child.expect("claim>")
        child.sendline(DEMO_CLAIM)
        deadline = time.monotonic() + 300  # a loaded machine starts slowly
        while not server.requests:  # wait for the LLM call: it is now hanging
            assert time.monotonic() < deadline, "the check never called the LLM"
            time.sleep(0.1)
        child.sendintr()
        child.expect("cancelled")
        child.expect("claim>")
        child.sendline(":sources")
        child.expect("001_27002b27250bcba8")  # the session is alive
        child.sendline(":quit")
        child.expect(pexpect.EOF)
        child.close()
        assert child.exitstatus == 0
