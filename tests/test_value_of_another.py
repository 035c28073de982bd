"""The claim's own date or amount said of another name (stop 44, from fresh-dev12's and
fresh-dev13's false refutations): "Norvik's shares fell 3 percent" says nothing of whether
Aldren's did, for or against; a deed done to a named thing ("built the Kessel Bridge") has one
doer only, and another doer named in its place still refutes."""

from __future__ import annotations

import pytest

from tests.test_rules import judge_one
from verify.cues import value_of_another

SURE_REFUTES = (0.02, 0.95, 0.03)
SURE_SUPPORTS = (0.95, 0.02, 0.03)


@pytest.mark.parametrize(
    ("claim", "sentence", "subject"),
    [
        (
            "Argentina exported about $5.8 billion of steel to the United States in 2025.",
            "Brazil shipped about $5.8 billion of steel to the United States in 2025.",
            {"argen"},
        ),
        (
            "Germany imposed sanctions on 12 Russian intelligence officers.",
            "Britain imposed sanctions on 12 Russian military intelligence officers on Tuesday.",
            {"germa"},
        ),
        # the claim's subject named in the sentence: the sentence speaks of it
        (
            "Germany imposed sanctions on 12 Russian intelligence officers.",
            "Britain followed Germany and announced sanctions on 12 Russian officers.",
            set(),
        ),
        # a deed done to a named thing has one doer: another in its place is a refutation
        (
            "Harlow Engineering built the Kessel Bridge in 1998.",
            "Dunmore Construction built the Kessel Bridge in 1998.",
            set(),
        ),
        # what one holder only can have done
        (
            "Ilse Varga won the national title in 2024.",
            "Mara Holt won the national title in 2024.",
            set(),
        ),
        # no other doer: the subject may be implicit ("The carmaker", "It")
        (
            "Aldren's shares fell 3 percent.",
            "The carmaker's shares fell 3 percent on Monday.",
            set(),
        ),
    ],
)
def test_value_of_another(claim: str, sentence: str, subject: set[str]) -> None:
    assert value_of_another(claim, sentence) == subject


def test_same_amount_of_another_country_refutes_nothing() -> None:
    verdict, _ = judge_one(
        "Argentina exported about $5.8 billion of steel to the United States in 2025.",
        "Brazil shipped about $5.8 billion of steel to the United States in 2025, making it one "
        "of the largest foreign suppliers to the American market.",
        SURE_REFUTES,
    )
    assert verdict.stance == "not_mentioned"


def test_what_another_gained_may_still_support() -> None:
    # the verifier's support stands: another's gain can tell the claim's subject's loss
    verdict, _ = judge_one(
        "Joren Halvik was stripped of his 2024 Tour of Brenmark title.",
        "Ardent's Anders Munk will now be recorded as winner of the 2024 Tour of Brenmark.",
        SURE_SUPPORTS,
    )
    assert verdict.stance == "supports"


def test_another_amount_of_the_claims_subject_still_refutes() -> None:
    verdict, _ = judge_one(
        "Argentina exported about $5.8 billion of steel to the United States in 2025.",
        "Argentina exported about $700 million of steel to the United States in 2025.",
        SURE_REFUTES,
    )
    assert verdict.stance == "refutes"


def test_another_builder_of_the_same_bridge_still_refutes() -> None:
    verdict, _ = judge_one(
        "Harlow Engineering built the Kessel Bridge in 1998.",
        "Dunmore Construction built the Kessel Bridge in 1998.",
        SURE_REFUTES,
    )
    assert verdict.stance == "refutes"


def test_the_same_amount_of_the_claims_subject_supports() -> None:
    verdict, _ = judge_one(
        "Argentina exported about $5.8 billion of steel to the United States in 2025.",
        "Argentina shipped about $5.8 billion of steel to the United States in 2025.",
        SURE_SUPPORTS,
    )
    assert verdict.stance == "supports"


def test_the_claims_country_by_its_capital_beside_another_doer() -> None:
    # "Tokyo" is another doer, but "Seoul" is the claim's South Korea
    assert not value_of_another(
        "South Korea will lift its import ban on seafood from Fukushima from 1 October.",
        "Seoul also agreed to lift its import ban on seafood from Fukushima and seven other "
        "Japanese prefectures from 1 October, a step Tokyo has sought for more than a decade.",
    )


def test_a_capitalised_first_word_is_no_doer() -> None:
    # "Revenue" opens the sentence; it is no name (fresh-dev14: Brenmark's own profit)
    claim = "Brenmark's net profit fell 2% in the third quarter."
    sentence = (
        "Revenue rose 6% to 4.2 billion euros in the three months to September, while net "
        "profit fell 2% to 310 million euros, the company said."
    )
    assert not value_of_another(claim, sentence, "Brenmark to cut 1,500 jobs")
    verdict, _ = judge_one(claim, sentence, SURE_SUPPORTS)
    assert verdict.stance == "supports"


def test_a_possessive_inside_the_sentence_is_no_doer() -> None:
    # "Valdoria's demand" owns the demand, it does not do the deed
    assert not value_of_another(
        "The Tarvan power station will have six turbines.",
        "The plant will house four turbines, enough for 9 percent of Valdoria's demand.",
    )
