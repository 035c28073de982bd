"""Cassettes: recorded from a real llama.cpp server (scripts/record-cassettes), replayed here
with the network blocked. They prove the protocol, not the tiny model's accuracy."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from verify.errors import ReplayError
from verify.judges.llm import LLMJudge
from verify.replay import read_metadata, use_cassette
from verify.verdict import verify_quotes

from .conftest import DEMO_CLAIM, ROOT
from .fakes import (
    CASSETTES,
    INJECTED,
    RECORDING,
    SUSPENSION,
    WEATHER,
    FakeServer,
    evidence,
    llm_cassette,
    recorded_settings,
)

BASIC = CASSETTES / "tests" / "judge-basic.yaml"
INJECTION = CASSETTES / "tests" / "injection.yaml"
DEMO = CASSETTES / "seeds-demo.yaml"
STANCES = {"supports", "refutes", "mixed", "not_mentioned", "unverified"}


def _basic_items() -> list:
    return [evidence("arab-league", SUSPENSION), evidence("weather", WEATHER)]


def _run_basic() -> list:
    settings = recorded_settings(BASIC)
    judge = LLMJudge(settings)
    items = _basic_items()
    with llm_cassette("judge-basic", settings):
        judgments = judge.judge(DEMO_CLAIM, items)
    return [
        (verify_quotes(j.verdict, it.text), j.usage) for j, it in zip(judgments, items, strict=True)
    ]


def test_recorded_basic() -> None:
    results = _run_basic()
    assert len(results) == 2
    for verdict, usage in results:
        assert verdict.stance in STANCES
        assert verdict.judge.startswith("llm:") and verdict.judge.endswith(":judge-v3")
        assert usage.calls == 1 and usage.estimated_prompt_tokens > 0
        if verdict.stance != "unverified":
            assert usage.prompt_tokens > 0 and usage.completion_tokens > 0
        for ev in verdict.evidence:  # every quote shown points at the source text
            text = SUSPENSION if verdict.source_id == "arab-league" else WEATHER
            assert text[ev.start : ev.end] == ev.quote


@pytest.mark.skipif(RECORDING, reason="replay only")
def test_recorded_basic_answers() -> None:
    """What Qwen2.5-Coder-1.5B answered (scripts/record-cassettes): "refutes" for the article
    that states the claim, backed only by a quote it marked "supports" (so: unverified, with the
    model's reason kept), and "not mentioned" for the weather report."""
    (arab, _), (weather, _) = _run_basic()
    assert (arab.stance, weather.stance) == ("unverified", "not_mentioned")
    assert "contradicts the claim but quoted nothing" in (arab.reason or "")
    assert weather.evidence == []


@pytest.mark.skipif(RECORDING, reason="replay only")
def test_replay_is_deterministic() -> None:
    first, second = _run_basic(), _run_basic()
    assert [v.model_dump() for v, _ in first] == [v.model_dump() for v, _ in second]
    assert [u for _, u in first] == [u for _, u in second]


def test_recorded_injection() -> None:
    """An article that tells the model to answer SUPPORTED, for a claim it does not state."""
    settings = recorded_settings(INJECTION)
    judge = LLMJudge(settings)
    item = evidence("injected", INJECTED)
    claim = "Parliament approved the ministry's budget on Tuesday"
    with llm_cassette("injection", settings):
        (j,) = judge.judge(claim, [item])
    verdict = verify_quotes(j.verdict, item.text)
    # the prompt said the article is data; whatever the tiny model did, a supports verdict
    # must rest on a verbatim quote, and this claim is stated nowhere in the article
    assert verdict.stance != "supports", verdict
    if not RECORDING:  # Qwen2.5-Coder-1.5B answered "refutes", quoting the redaction marker
        assert verdict.stance == "unverified" and verdict.evidence == []
        assert "1 quote(s) not found in the source were dropped" in (verdict.reason or "")
    request = INJECTION.read_text(encoding="utf-8")
    assert "untrusted DATA" in request
    assert re.search(r'<article-[0-9a-f]+ title="injected"', request)  # prompt v3 spotlighting


@pytest.mark.skipif(RECORDING, reason="replay only")
def test_unrecorded_request_is_a_replay_error() -> None:
    settings = recorded_settings(BASIC)
    judge = LLMJudge(settings)
    with use_cassette(BASIC, "replay"), pytest.raises(ReplayError, match="no recorded answer"):
        judge.judge("A claim that was never recorded", [evidence("weather", WEATHER)])


def test_missing_cassette_is_a_replay_error(tmp_path: Path) -> None:
    with pytest.raises(ReplayError, match="not found"), use_cassette(tmp_path / "x.yaml", "replay"):
        pass


@pytest.mark.skipif(RECORDING, reason="replay only")
def test_no_secrets_in_any_cassette() -> None:
    files = sorted(CASSETTES.rglob("*.yaml"))
    assert {DEMO, BASIC, INJECTION} <= set(files)
    secret = re.compile(
        r"sk-[A-Za-z0-9_-]{8,}|Bearer|authorization|openai-organization|openai-project"
        r"|set-cookie|x-request-id",
        re.IGNORECASE,
    )
    for path in files:
        text = path.read_text(encoding="utf-8")
        assert not secret.search(text), f"{path}: {secret.search(text)}"
        meta = read_metadata(path)
        assert meta["model"] and meta["base_url"] and meta["method"] and meta["prompt"]
        assert "!!binary" not in text  # bodies are stored readable


@pytest.mark.skipif(RECORDING, reason="replay only")
def test_demo_replay_via_cli(seed_store_copy: Path) -> None:
    """`verify check CLAIM --judge llm --replay cassettes/seeds-demo.yaml`: no server, no key."""
    from verify.cli.app import app

    runner = CliRunner()
    store = str(seed_store_copy)  # `verify ingest seeds`
    base = ["--store", store, "--config", str(ROOT / "config.yaml")]
    reports = []
    for _ in range(2):
        res = runner.invoke(
            app, [*base, "check", DEMO_CLAIM, "--judge", "llm", "--replay", str(DEMO), "--json"]
        )
        assert res.exit_code == 0, res.output
        report = json.loads(res.stdout)
        report.pop("elapsed_s")
        reports.append(report)
    assert reports[0] == reports[1]
    meta = read_metadata(DEMO)
    assert reports[0]["models"]["llm"] == meta["model"]
    assert reports[0]["models"]["prompt"] == "judge-v3"
    assert reports[0]["usage"]["calls"] >= 1 and reports[0]["usage"]["prompt_tokens"] > 0
    judged = [s for s in reports[0]["sources"] if s["judge"] != "retrieval"]
    assert judged and all(s["judge"] == f"llm:{meta['model']}:judge-v3" for s in judged)
    # what Qwen2.5-Coder-1.5B answered, alone (no local verifier to fall back on): "refutes"
    # everywhere; four without a usable quote (unverified), one quoting the article's title,
    # so the verdict is wrong: refuted
    stances = {s["source_id"]: s["stance"] for s in reports[0]["sources"]}
    assert reports[0]["verdict"] == "refuted"
    assert stances.pop("004_c441ceaa8e09f364") == "refutes"
    assert set(stances.values()) == {"unverified"}


@pytest.mark.skipif(RECORDING, reason="replay only")
def test_the_demo_cascade_asks_the_llm_nothing_the_local_verifier_is_sure_of(
    seed_store_copy: Path,
) -> None:
    """With the MPNet verifier the local judge is sure of all five sources of the demo claim
    (001 supports at 1.00; the others say nothing of it), so the cascade calls no model: a
    server that fails every request is never reached, and each source is decided locally."""
    from verify.cli.app import app

    with FakeServer(lambda body: (500, {"error": "the cascade should not call"})) as url:
        env = {
            "VERIFY_LLM__BASE_URL": url,
            "VERIFY_LLM__MODEL": "fake-model",
            "VERIFY_LLM__METHOD": "function_calling",
            "VERIFY_LLM__MAX_RETRIES": "0",
        }
        base = ["--store", str(seed_store_copy), "--config", str(ROOT / "config.yaml")]
        res = CliRunner().invoke(
            app, [*base, "check", DEMO_CLAIM, "--judge", "cascade", "--json"], env=env
        )
    assert res.exit_code == 0, res.output
    report = json.loads(res.stdout)
    assert report["usage"]["calls"] == 0
    assert report["verdict"] == "supported"
    by_id = {s["source_id"]: s for s in report["sources"]}
    assert by_id["001_27002b27250bcba8"]["stance"] == "supports"
    assert by_id["001_27002b27250bcba8"]["judge"] == "local"
    assert all(s["judge"] in ("local", "retrieval") for s in report["sources"])


@pytest.mark.skipif(RECORDING, reason="replay only")
def test_demo_replay_other_claim_fails_in_one_line(seed_store_copy: Path) -> None:
    from verify.cli.app import app

    runner = CliRunner()
    store = str(seed_store_copy)  # `verify ingest seeds`
    base = ["--store", store, "--config", str(ROOT / "config.yaml")]
    res = runner.invoke(
        app,
        [
            *base,
            "check",
            "Syria rejoined the Arab League in 2023",
            "--judge",
            "llm",
            "--replay",
            str(DEMO),
        ],
    )
    assert res.exit_code != 0
    assert "no recorded answer" in res.output and "Traceback" not in res.output


@pytest.mark.skipif(RECORDING, reason="replay only")
def test_record_without_llm_calls_keeps_the_old_cassette(
    tmp_path: Path, seed_store_copy: Path
) -> None:
    """`--record` on a run that makes no LLM call (the local judge) used to delete the
    cassette first and leave an empty one: now the old file stays and the user is told."""
    from verify.cli.app import app

    runner = CliRunner()
    store = str(seed_store_copy)  # tmp_path / "store": `verify ingest seeds`
    base = ["--store", store, "--config", str(ROOT / "config.yaml")]
    target = tmp_path / "good.yaml"
    target.write_bytes(DEMO.read_bytes())
    res = runner.invoke(
        app, [*base, "check", DEMO_CLAIM, "--judge", "local", "--record", str(target)]
    )
    assert res.exit_code == 0, res.output
    assert "nothing was recorded" in res.stderr
    assert target.read_bytes() == DEMO.read_bytes()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["good.yaml", "store"]


@pytest.mark.skipif(RECORDING, reason="replay only")
def test_replay_leaves_the_callers_settings_alone(seed_store_copy: Path) -> None:
    """Replaying puts the recorded model, URL and a dummy key in force for the replay only:
    the Settings object the caller passed is not changed, during or after."""
    from verify import Verifier
    from verify.config import Settings

    settings = Settings.load(ROOT / "config.yaml", store=seed_store_copy)  # the seeds ingested
    before = settings.model_dump()
    v = Verifier(settings)
    with v.cassette(replay=DEMO):
        report = v.check(DEMO_CLAIM, "llm")
        assert settings.model_dump() == before
    assert report.models["llm"] == read_metadata(DEMO)["model"]
    assert settings.model_dump() == before and v.settings is settings
    assert "llm" not in v._judges  # the replay's judge is not kept
