"""The interactive prompt, driven through a real pseudo-terminal."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import pexpect
import pytest

from verify import Verifier

from .conftest import DEMO_CLAIM, ROOT


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
    )


@pytest.mark.slow
def test_interactive_prompt(seed_verifier: Verifier, tmp_path: Path):
    child = _prompt(seed_verifier.settings.store, tmp_path)
    child.expect("5 sources, judge: local")
    child.expect("claim>")
    child.sendline(":help")
    child.expect(":judge MODE")
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
    child.expect("error: :judge takes local, llm or cascade")
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

    with FakeServer(lambda body: (200, "hang")) as url:
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
        time.sleep(4)  # the LLM call is now hanging
        child.sendintr()
        child.expect("cancelled")
        child.expect("claim>")
        child.sendline(":sources")
        child.expect("001_27002b27250bcba8")  # the session is alive
        child.sendline(":quit")
        child.expect(pexpect.EOF)
        child.close()
        assert child.exitstatus == 0
