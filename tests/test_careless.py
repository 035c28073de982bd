"""The cascade against a careless OpenAI-compatible server (#13): one that answers every request
confidently — the opposite side with a quote that is not in the article, a side with no quote,
or "not mentioned" where the verifier found a quote — must not make answers worse than the
local verifier alone. Run on the seed fixture's held-out claims, in each structured-output form."""

from __future__ import annotations

import itertools
import json
from pathlib import Path
from typing import Any

import pytest

from tests.fakes import FakeServer, content_answer, fake_settings, tool_answer
from verify import Verifier
from verify.evaluate import evaluate

ROOT = Path(__file__).resolve().parent.parent
CLAIMS = ROOT / "tests" / "fixtures" / "seed_claims.jsonl"

CARELESS = [
    {"stance": "supports", "quotes": [{"quote": "the claim is true", "stance": "supports"}]},
    {"stance": "refutes", "quotes": [{"quote": "this never happened", "stance": "refutes"}]},
    {"stance": "supports", "quotes": [], "reason": "I am sure"},
    {"stance": "not_mentioned", "quotes": [], "reason": "nothing here"},
    {"stance": "mixed", "quotes": [{"quote": "Syria, maybe", "stance": "refutes"}]},
]


def careless(method: str):
    answers = itertools.cycle(CARELESS)

    def behaviour(request: dict[str, Any]) -> tuple[int, Any]:
        args = next(answers)
        if method == "function_calling":
            return 200, tool_answer(args)
        return 200, content_answer(json.dumps(args))

    return behaviour


@pytest.fixture(scope="module")
def local_f1(seed_verifier: Verifier) -> float:
    result = evaluate(CLAIMS, seed_verifier.settings, "local", verifier=seed_verifier)
    return float(result.to_dict()["stance"]["macro_f1"])


@pytest.mark.parametrize("method", ["function_calling", "json_schema", "json_mode"])
def test_a_careless_llm_does_no_harm(seed_verifier: Verifier, local_f1: float, method: str):
    with FakeServer(careless(method)) as url:
        settings = seed_verifier.settings.model_copy(
            update={"llm": fake_settings(url, method=method, api_key="sk-test")}
        )
        v = Verifier(
            settings,
            embeddings=seed_verifier.embeddings,
            stance_model=seed_verifier.stance_model,
        )
        result = evaluate(CLAIMS, settings, "cascade", verifier=v).to_dict()
    assert result["usage"]["calls"] > 0  # the LLM was asked, and answered carelessly
    assert result["stance"]["macro_f1"] >= local_f1 - 0.02, (result["stance"], local_f1)
