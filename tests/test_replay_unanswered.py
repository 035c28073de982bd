"""A call that got no answer while recording (a timeout) leaves no HTTP interaction for vcrpy to
keep. The cassette keeps it in its metadata instead, so the replay gives the same "no answer"
for that source and the run replays whole, where it used to stop with "no recorded answer"
(the seed-02 call missing from cassettes/eval/seed-claims.cascade.yaml, #13)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml

from verify import Verifier

from .conftest import DEMO_CLAIM
from .fakes import FakeServer, fake_settings, tool_answer

HANGS_ON = "002_a7d2559227e41fa1"  # the seed article whose call never gets an answer
ITS_TITLE = "U.S. will not normalize relations with Assad regime: Diplomat"


def _behaviour(request: dict[str, Any]) -> tuple[int, Any]:
    if ITS_TITLE in json.dumps(request, ensure_ascii=False):
        return 200, "hang"
    return 200, tool_answer({"stance": "not_mentioned", "quotes": [], "reason": "not stated"})


def _rows(report: Any) -> list[tuple[str, str, str, str | None]]:
    return [(s.source_id, s.stance, s.reason, s.failure) for s in report.sources]


def test_a_timed_out_call_replays_as_the_same_failure(seed_verifier: Verifier, tmp_path: Path):
    cassette = tmp_path / "run.yaml"
    with FakeServer(_behaviour) as url:
        settings = seed_verifier.settings.model_copy(
            update={"llm": fake_settings(url, timeout=1.0, api_key="sk-test")}
        )
        v = Verifier(
            settings, embeddings=seed_verifier.embeddings, stance_model=seed_verifier.stance_model
        )
        with v.cassette(record=cassette):
            recorded = v.check(DEMO_CLAIM, "llm")

    by_id = {s.source_id: s for s in recorded.sources}
    assert by_id[HANGS_ON].stance == "unverified" and by_id[HANGS_ON].failure == "timeout"
    answered = [s for s in recorded.sources if s.source_id != HANGS_ON]
    assert answered and all(s.stance == "not_mentioned" for s in answered)

    data = yaml.safe_load(cassette.read_text(encoding="utf-8"))
    assert len(data["interactions"]) == len(answered)  # the hung call has no interaction
    unanswered = data["metadata"]["unanswered"]
    assert [e["kind"] for entries in unanswered.values() for e in entries] == ["timeout"]

    # the server is gone: the replay needs none, and gives the same answers and the same failure
    with v.cassette(replay=cassette):
        replayed = v.check(DEMO_CLAIM, "llm")
    assert _rows(replayed) == _rows(recorded)
    assert replayed.verdict == recorded.verdict


def test_checks_in_a_row_reuse_no_connection_of_a_closed_event_loop(seed_verifier: Verifier):
    """Each check runs in an event loop of its own. langchain-openai's shared connection pool
    kept a connection from the first loop alive, and the next check's call failed with "Event
    loop is closed" against a keep-alive server (llama.cpp's): the call that was missing from
    cassettes/eval/seed-claims.cascade.yaml. Every check now gets an answer."""

    def answer(request: dict[str, Any]) -> tuple[int, Any]:
        return 200, tool_answer({"stance": "not_mentioned", "quotes": [], "reason": "not stated"})

    with FakeServer(answer, keep_alive=True) as url:
        settings = seed_verifier.settings.model_copy(
            update={"llm": fake_settings(url, api_key="sk-test")}
        )
        v = Verifier(
            settings, embeddings=seed_verifier.embeddings, stance_model=seed_verifier.stance_model
        )
        reports = [v.check(DEMO_CLAIM, "llm") for _ in range(2)]
        second = v.check("Syria rejoined the Arab League in May 2023", "llm")
    for report in [*reports, second]:
        assert {s.stance for s in report.sources} == {"not_mentioned"}, [
            (s.source_id, s.reason) for s in report.sources
        ]
