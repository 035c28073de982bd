"""Issue #13: ``verify eval --record/--replay``. An eval run's LLM calls are recorded from a fake
OpenAI-compatible server on 127.0.0.1, then replayed with the server gone (and sockets blocked
by conftest): the scores are the same, and the replay leaves the caller's Settings alone."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from verify import Verifier
from verify.evaluate import evaluate

from .conftest import FIXTURES, ROOT
from .fakes import FakeServer, tool_answer

CLAIMS = FIXTURES / "seed_claims.jsonl"
PASSAGE = re.compile(r"<passage>\s*(.*?)\s*</passage>", re.S)


def grounded(body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    """Quote the first sentence of the first passage: 'supports' when the claim names 2011."""
    user = body["messages"][-1]["content"]
    passages = PASSAGE.findall(user)
    if not passages:
        return 200, tool_answer({"stance": "not_mentioned", "quotes": [], "reason": "nothing"})
    first = re.split(r"(?<=[.!?])\s", passages[0])[0]
    stance = "supports" if "2011" in user.split("<article", 1)[0] else "refutes"
    answer = {"stance": stance, "quotes": [{"quote": first, "stance": stance}], "reason": "fake"}
    return 200, tool_answer(answer)


@pytest.fixture
def store(tmp_path: Path, seed_verifier: Verifier) -> Path:
    dest = tmp_path / "store"
    shutil.copytree(seed_verifier.settings.store, dest)
    return dest


def _eval(
    store: Path, env: dict[str, str], *extra: str, limit: int = 4
) -> tuple[int, dict[str, Any], str]:
    from verify.cli.app import app

    args = ["--store", str(store), "--config", str(ROOT / "config.yaml"), "eval", str(CLAIMS)]
    res = CliRunner().invoke(app, [*args, "--limit", str(limit), "--json", *extra], env=env)
    run = json.loads(res.stdout) if res.exit_code == 0 else {}
    for volatile in ("seconds", "sources_per_second", "seconds_per_claim"):
        run.pop(volatile, None)
    return res.exit_code, run, res.stderr


@pytest.mark.parametrize(
    ("judge", "calls", "macro_f1"),
    # the cascade sends the LLM the sources the local judge is unsure of: 5 of 20 with the
    # MPNet verifier (9 with MiniLM, all on the fourth claim now); the fake's answers are no
    # measure of quality, only pinned
    [("llm", 20, 0.1023), ("cascade", 5, 0.4749)],
)
def test_an_eval_run_records_and_replays_offline(
    store: Path, tmp_path: Path, judge: str, calls: int, macro_f1: float
):
    cassette = tmp_path / f"eval-{judge}.yaml"
    with FakeServer(grounded) as url:
        env = {
            "VERIFY_LLM__BASE_URL": url,
            "VERIFY_LLM__MODEL": "fake-model",
            "VERIFY_LLM__METHOD": "function_calling",
            "VERIFY_LLM__MAX_RETRIES": "0",
            "VERIFY_LLM__TIMEOUT": "10",
        }
        code, recorded, err = _eval(store, env, "--judge", judge, "--record", str(cassette))
    assert code == 0, err
    data = yaml.safe_load(cassette.read_text(encoding="utf-8"))
    assert data["metadata"]["verify"]["model"] == "fake-model"
    assert len(data["interactions"]) == calls
    assert recorded["claims"] == 4 and recorded["usage"]["calls"] == calls
    assert recorded["stance"]["macro_f1"] == macro_f1
    # the server is gone; no LLM settings in the environment: the cassette supplies them
    code, replayed, err = _eval(store, {}, "--judge", judge, "--replay", str(cassette))
    assert code == 0, err
    assert replayed == recorded


def test_replaying_an_eval_leaves_the_callers_settings_alone(
    store: Path, tmp_path: Path, seed_verifier: Verifier
):
    cassette = tmp_path / "eval.yaml"
    with FakeServer(grounded) as url:
        env = {"VERIFY_LLM__BASE_URL": url, "VERIFY_LLM__METHOD": "function_calling"}
        code, recorded, err = _eval(store, env, "--judge", "llm", "--record", str(cassette))
    assert code == 0, err
    v = Verifier.from_config(ROOT / "config.yaml", store=store)
    before = v.settings.model_dump(mode="json")
    with v.cassette(replay=cassette):
        result = evaluate(CLAIMS, v.settings, "llm", "heldout", 4, verifier=v).to_dict()
    assert v.settings.model_dump(mode="json") == before
    assert before["llm"]["base_url"] is None  # the recorded URL was in force only inside
    assert result["stance"] == recorded["stance"]


def test_the_recorded_seed_cascade_run_replays(store: Path):
    """cassettes/eval/seed-claims.cascade.yaml, recorded from Qwen2.5-Coder-1.5B (README, "What
    a small local LLM adds") on 2026-11-30 (again in stop 31, whose rules send the model other
    sentences) with the MPNet verifier, which is unsure of no source
    of the first three held-out seed claims and of five of the fourth's: five calls. The local
    judge alone gets all six gold supports of the four claims (macro-F1 0.8056; 0.7565 before
    stop 31's name runs took away one false refutation); the model refuted three of them with
    verbatim quotes, which the do-no-harm rules accept against an unsure local judgment, so the
    cascade scores lower (0.623; 0.5954 before). It replays offline whole."""
    cassette = ROOT / "cassettes" / "eval" / "seed-claims.cascade.yaml"
    code, run, err = _eval(store, {}, "--judge", "cascade", "--replay", str(cassette), limit=4)
    assert code == 0, err
    assert run["claims"] == 4 and run["stance"]["macro_f1"] == 0.623
    assert run["stance"]["confusion"]["supports"] == {"supports": 3, "refutes": 3, "none": 0}
    assert run["stance"]["confusion"]["none"] == {"supports": 0, "refutes": 2, "none": 11}
    assert run["usage"]["calls"] == 5 and run["usage"]["prompt_tokens"] == 3524
    assert run["usage"]["completion_tokens"] == 410
    code, local, err = _eval(store, {}, "--judge", "local", limit=4)
    assert code == 0, err
    assert local["stance"]["macro_f1"] == 0.8056 and local["usage"]["calls"] == 0
    assert local["stance"]["confusion"]["supports"] == {"supports": 6, "refutes": 0, "none": 0}
    # the model was shown the sentences the verifier read closely, not whole passages
    for interaction in yaml.safe_load(cassette.read_text(encoding="utf-8"))["interactions"]:
        user = interaction["request"]["body"]["json"]["messages"][1]["content"]
        passages = re.findall(r"<passage>\n(.*?)\n</passage>", user, re.DOTALL)
        assert passages and sum(len(p) for p in passages) < 1500


def test_the_recorded_seed_llm_run_replays(store: Path):
    """cassettes/eval/seed-claims.llm.yaml: Qwen2.5-Coder-1.5B alone on seed-01 loses the one
    supporting source (macro-F1 0.25), the same offline as when it was recorded."""
    cassette = ROOT / "cassettes" / "eval" / "seed-claims.llm.yaml"
    code, run, err = _eval(store, {}, "--judge", "llm", "--replay", str(cassette), limit=1)
    assert code == 0, err
    assert run["stance"]["macro_f1"] == 0.25 and run["verdict"]["accuracy"] == 0.0
    assert run["usage"]["calls"] == 5 and run["usage"]["prompt_tokens"] == 5318
