"""Judges by name: one registry for the library, config and CLI; test doubles from the library."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from verify import Verifier
from verify.cli.app import app
from verify.config import Settings
from verify.errors import ConfigError
from verify.judges.base import BaseJudge, SourceEvidence
from verify.judges.registry import judge_names, register_judge, unregister_judge
from verify.judges.testing import FunctionJudge, StaticJudge

ROOT = Path(__file__).resolve().parent.parent
HIT = "001_27002b27250bcba8"
CLAIM = "Syria was suspended from the Arab League in November 2011"
QUOTE = "suspended Syria"


def says_2011(claim: str, item: SourceEvidence):
    """Supports where the source states the claim's year, quoting the first mention."""
    at = item.text.find("2011")
    return ("supports", item.text[at : at + 4]) if at >= 0 else None


@pytest.fixture
def year_judge() -> Iterator[str]:
    register_judge("year", lambda ctx: FunctionJudge(says_2011, name="year"), help="test")
    yield "year"
    unregister_judge("year")


def test_a_registered_judge_runs_through_the_cli(seed_verifier: Verifier, year_judge: str):
    base = ["--store", str(seed_verifier.settings.store), "--config", str(ROOT / "config.yaml")]
    res = CliRunner().invoke(app, [*base, "check", CLAIM, "--judge", year_judge, "--json"])
    assert res.exit_code == 0, res.output
    report = json.loads(res.stdout)
    assert report["judge_mode"] == "year"
    hit = {s["source_id"]: s for s in report["sources"]}[HIT]
    assert hit["stance"] == "supports" and hit["judge"] == "year"
    assert hit["evidence"][0]["quote"] == "2011"
    assert "verifier" not in report["models"]  # a judge that never runs our model


def test_the_registry_lists_built_ins_first_and_plugins_after(year_judge: str):
    assert judge_names()[:3] == ["local", "llm", "cascade"]
    assert "year" in judge_names()


def test_an_unknown_mode_names_every_registered_judge(year_judge: str):
    with pytest.raises(
        ConfigError, match="unknown judge mode 'nope': use local, llm, cascade, year"
    ):
        Settings.load(None, judge={"mode": "nope"})
    assert Settings.load(None, judge={"mode": "year"}).judge_mode == "year"


def test_a_name_cannot_be_taken_twice():
    with pytest.raises(ConfigError, match="already registered"):
        register_judge("local", lambda ctx: StaticJudge(), help="again")


def test_check_takes_a_judge_object_and_still_checks_its_quotes(seed_verifier: Verifier):
    # a side taken without a quote is not shown as a side: the report's own rule
    report = seed_verifier.check(CLAIM, StaticJudge("refutes", name="contrarian"))
    assert report.judge_mode == "contrarian"
    judged = [s for s in report.sources if s.judge == "contrarian"]
    assert judged and all(s.stance == "unverified" for s in judged)
    assert judged[0].reason == (
        "the judge said it contradicts the claim but quoted nothing from it to show it"
    )


def test_gather_once_judge_twice(seed_verifier: Verifier):
    gathered = seed_verifier.gather(CLAIM)
    assert HIT in {item.record.id for item in gathered.items}
    assert len(gathered.items) + len(gathered.dismissed) == 5
    yes = seed_verifier.report(gathered, FunctionJudge(says_2011))
    no = seed_verifier.report(gathered, StaticJudge("not_mentioned"))
    assert yes.verdict == "supported" and no.verdict == "not_enough_evidence"


def test_a_judge_that_implements_nothing_is_refused_at_class_creation():
    with pytest.raises(TypeError, match="must implement judge_sources or ajudge_sources"):

        class Empty(BaseJudge):
            pass


def test_no_sources_means_no_calls():
    calls: list[str] = []
    judge = FunctionJudge(lambda claim, item: calls.append(claim) or None)
    assert judge.judge("a claim", []) == [] and calls == []
