"""Claim decomposition: the rule-based split, the LLM split and its fallback, the combined
verdict, and `verify check --decompose` end to end on the seeds."""

from __future__ import annotations

import json

import pytest
from langchain_core.messages import AIMessage
from langchain_core.runnables import RunnableLambda
from typer.testing import CliRunner

from verify.cli.app import app
from verify.config import LLMSettings
from verify.decompose import (
    LLMParts,
    check_decomposed,
    combine,
    decompose,
    is_claim,
    split_rules,
)

from .conftest import ROOT

COMPOUND = "Syria was suspended in November 2011 after a crackdown that had killed 5,000 civilians"


# -- combining --------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("verdicts", "expected"),
    [
        (["supported", "supported"], "supported"),
        (["supported", "refuted"], "refuted"),
        (["conflicting", "refuted"], "refuted"),
        (["refuted", "not_enough_evidence"], "refuted"),
        (["supported", "conflicting"], "conflicting"),
        (["conflicting", "not_enough_evidence"], "conflicting"),
        (["supported", "not_enough_evidence"], "not_enough_evidence"),
        (["not_enough_evidence"], "not_enough_evidence"),
        (["supported"], "supported"),
        ([], "not_enough_evidence"),
    ],
)
def test_combine(verdicts, expected):
    assert combine(verdicts) == expected


# -- the rules --------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("claim", "parts"),
    [
        (
            COMPOUND,
            ["Syria was suspended in November 2011", "A crackdown had killed 5,000 civilians"],
        ),
        (
            "X was suspended in 2011 and expelled in 2012",
            ["X was suspended in 2011", "X was expelled in 2012"],
        ),
        (
            "Syria and Libya were suspended and expelled",
            ["Syria and Libya were suspended", "Syria and Libya were expelled"],
        ),
        (
            "The US closed its embassy in 2012 but did not cut ties",
            ["The US closed its embassy in 2012", "The US did not cut ties"],
        ),
        (
            "The US was founded in 1776 and has 50 states",
            ["The US was founded in 1776", "The US has 50 states"],
        ),
        (
            "The regime killed 5,000 civilians and injured thousands",
            ["The regime killed 5,000 civilians", "The regime injured thousands"],
        ),
        (
            "The US closed its embassy in 2012; Jordan reopened its border in 2021",
            ["The US closed its embassy in 2012", "Jordan reopened its border in 2021"],
        ),
        (
            "Washington suspended its presence in Syria in 2012 while Moscow kept its embassy open",
            ["Washington suspended its presence in Syria in 2012", "Moscow kept its embassy open"],
        ),
        (
            "Syria joined the Arab League, which was founded in 1945.",
            ["Syria joined the Arab League", "The Arab League was founded in 1945"],
        ),
        (
            "Syria was suspended after it killed 5,000 civilians",
            ["Syria was suspended", "Syria killed 5,000 civilians"],
        ),
        # the subject is kept in every part, possessives included
        (
            "The ship sank in 1912 and its crew was rescued by a liner",
            ["The ship sank in 1912", "The ship's crew was rescued by a liner"],
        ),
        (
            "Syria was suspended in 2011 and its membership was restored in 2023",
            ["Syria was suspended in 2011", "Syria's membership was restored in 2023"],
        ),
        (
            "The rebels took the city and their leader declared victory",
            ["The rebels took the city", "The rebels' leader declared victory"],
        ),
        (
            "Syria was suspended after its army killed 5,000 civilians",
            ["Syria was suspended", "Syria's army killed 5,000 civilians"],
        ),
        (
            "Syria was suspended in 2011; it was readmitted in 2023",
            ["Syria was suspended in 2011", "Syria was readmitted in 2023"],
        ),
    ],
)
def test_rules_split_compound_claims(claim, parts):
    assert split_rules(claim) == parts


@pytest.mark.parametrize(
    "claim",
    [
        "Syria was suspended from the Arab League in November 2011",
        "Bosnia and Herzegovina joined the UN in 1992",  # "and" between names
        "Syria was suspended after armed clashes",  # no clause after "after"
        "Syria was suspended by the US and the EU",  # "and" between objects
        "Syria was suspended in 2011, which angered Russia",  # no clear antecedent
        "The United Arab Emirates and Syria restored relations",
        # a side that would not be a claim on its own is never split off
        "Jordan reopened its border in 2021 and so did Lebanon",  # an echo
        "Jordan was suspended in 2011 and Lebanon was too",  # an echo
        "It sank in 1912 and its crew was rescued",  # nobody to stand for "its"
        "Syria was suspended and this was condemned",  # "this" alone is no subject
    ],
)
def test_rules_leave_atomic_claims_alone(claim):
    assert split_rules(claim) == [claim]


@pytest.mark.parametrize(
    ("part", "expected"),
    [
        ("Syria was suspended in 2011", True),
        ("There was a war in 2011", True),
        ("Prices rose", True),
        ("It was expelled in 2012", False),
        ("Its crew was rescued", False),
        ("So did Lebanon", False),
        ("Lebanon was too", False),
        ("Expelled in 2012", False),
        ("The vote in November", False),
    ],
)
def test_is_claim(part, expected):
    assert is_claim(part) is expected


# -- the LLM split --------------------------------------------------------------------------
class FakeChat:
    """Stands in for ChatOpenAI: ``with_structured_output`` gives a runnable answering
    like langchain's include_raw=True output, or raising."""

    def __init__(self, parts: list[str] | None = None, error: Exception | None = None):
        self.parts, self.error, self.seen = parts, error, []

    def with_structured_output(self, schema, method=None, include_raw=False):
        assert schema is LLMParts and include_raw

        def answer(prompt):
            self.seen.append(prompt.to_string())
            if self.error is not None:
                raise self.error
            raw = AIMessage(
                content="",
                usage_metadata={"input_tokens": 100, "output_tokens": 20, "total_tokens": 120},
            )
            return {"raw": raw, "parsed": LLMParts(claims=self.parts or []), "parsing_error": None}

        return RunnableLambda(answer)


def test_llm_split_is_used_when_it_answers():
    chat = FakeChat(
        ["Syria was suspended in November 2011.", "A crackdown killed 5,000 civilians."]
    )
    result = decompose(COMPOUND, LLMSettings(api_key="sk-test"), chat_model=chat)
    assert result.method == "llm"
    assert result.parts == [
        "Syria was suspended in November 2011.",
        "A crackdown killed 5,000 civilians.",
    ]
    assert COMPOUND in chat.seen[0]
    assert result.usage.calls == 1 and result.usage.prompt_tokens == 100
    assert result.usage.cost_usd == pytest.approx((100 * 0.15 + 20 * 0.60) / 1e6)


@pytest.mark.parametrize(
    "chat",
    [
        FakeChat(error=TimeoutError("read timed out")),
        FakeChat(parts=[]),
        FakeChat(parts=[f"Claim {n} holds." for n in range(9)]),
        FakeChat(parts=["Syria was suspended in November 2011.", "It killed 5,000 civilians."]),
        FakeChat(parts=["Syria was suspended in November 2011.", "Was it suspended?"]),
        FakeChat(parts=["Syria was suspended in November 2011.", "Crackdown."]),
    ],
    ids=["error", "empty", "too-many", "pronoun-part", "question-part", "fragment-part"],
)
def test_llm_failure_degrades_to_rules(chat):
    result = decompose(COMPOUND, LLMSettings(api_key="sk-test"), chat_model=chat)
    assert result.method == "rules"
    assert result.parts == split_rules(COMPOUND)
    assert result.note and "used the rules" in result.note


def test_unreachable_llm_server_degrades_to_rules():
    settings = LLMSettings(base_url="http://127.0.0.1:9/v1", max_retries=0, timeout=5)
    result = decompose(COMPOUND, settings)
    assert result.method == "rules" and len(result.parts) == 2
    assert "Connection" in (result.note or "")


def test_no_llm_configured_uses_rules():
    result = decompose(COMPOUND, LLMSettings())
    assert result.method == "rules" and result.note is None
    assert result.parts == split_rules(COMPOUND)


# -- checking ---------------------------------------------------------------------------------
def test_check_decomposed_on_the_seeds(seed_verifier):
    result = check_decomposed(seed_verifier, COMPOUND, "local")
    assert result.claim == COMPOUND
    assert [r.claim for r in result.parts] == split_rules(COMPOUND)
    assert result.verdict == combine(r.verdict for r in result.parts)
    assert all(len(r.sources) == 5 for r in result.parts)


def _check_decomposed(seed_verifier, *extra, env=None):
    """`verify check COMPOUND --decompose ...` on the seed store."""
    store = str(seed_verifier.settings.store)
    base = ["--store", store, "--config", str(ROOT / "config.yaml")]
    return CliRunner().invoke(app, [*base, "check", COMPOUND, "--decompose", *extra], env=env)


def test_cli_decompose_json(seed_verifier, tmp_path):
    html = tmp_path / "d.html"
    r = _check_decomposed(seed_verifier, "--json", "--html", str(html))
    assert r.exit_code == 0, r.output
    got = json.loads(r.stdout[r.stdout.index("{") :])
    assert set(got) == {"claim", "parts", "verdict"}
    assert got["claim"] == COMPOUND
    assert [p["claim"] for p in got["parts"]] == split_rules(COMPOUND)
    assert got["verdict"] == combine(p["verdict"] for p in got["parts"])
    page = html.read_text(encoding="utf-8")
    assert "Compound claim:" in page and page.count('<section class="claim"') == 2


def test_cli_decompose_text(seed_verifier):
    r = _check_decomposed(seed_verifier, env={"NO_COLOR": "1"})
    assert r.exit_code == 0, r.output
    assert "Claim: Syria was suspended in November 2011" in r.stdout
    assert "Claim: A crackdown had killed 5,000 civilians" in r.stdout
    assert "Combined verdict: " in r.stdout
    assert r.stdout.count("Split (rules) into 2 claims:") == 1  # told once, not on stderr too
    assert "split" not in r.stderr.lower()
