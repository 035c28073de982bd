"""A sentence about other things than the claim's (stop 41, from fresh-dev13's misses): an
amount the sentence gives to another thing ("a 15% duty on American ethanol" for "the steel
tariff is 15%"), and a "first" given by a word of saying."""

from __future__ import annotations

import pytest

from tests.test_rules import judge_one
from verify.cues import (
    exclusive_relation,
    value_of_another_thing,
)
from verify.quantities import extract

TARIFFS = (
    "The United States will impose a 35% tariff on steel from Brazil from 1 July, the White "
    "House said last week, prompting Brasília to answer with a 15% duty on American ethanol."
)
ETHANOL = (
    "Brazil will impose a 15% tariff on ethanol imported from the United States, the government "
    "said on Friday, a day after the White House announced a 30% tariff on Brazilian steel."
)
NURSES = (
    "The union, which represents most of the hospital's nursing staff, is seeking a 9% pay rise "
    "over two years, while hospital management has offered 4%, a negotiator said."
)


def _another(claim: str, sentence: str) -> bool:
    return value_of_another_thing(claim, extract(claim), extract(sentence))


@pytest.mark.parametrize(
    ("claim", "sentence", "another"),
    [
        ("The US tariff on Brazilian steel is 15%.", TARIFFS, True),
        ("The US tariff on Brazilian steel is 15%.", ETHANOL, True),
        ("The US tariff on Brazilian steel is 35%.", TARIFFS, False),
        ("Brazil's duty on American ethanol is 15%.", TARIFFS, False),
        # an amount stated as a predicate says nothing of what it is said of
        ("The hospital offered the nurses a 4% raise.", NURSES, False),
        ("The union is seeking a 9% pay rise.", NURSES, False),
        # the words said of both ("votes") and a count with nothing after it decide nothing
        (
            "Four members voted against Resolution 2217.",
            "Member states approved Resolution 2217 by 17 votes to 4, with 2 abstentions.",
            False,
        ),
        (
            "Corvane employs roughly 640 people at its Milbrook plant.",
            "About 470 of the plant's 640 workers will return next week.",
            False,
        ),
        (
            "Brazil exported about $700 million of steel to the United States in 2025.",
            "Brazil shipped about $5.8 billion of steel to the United States last year, and about "
            "$700 million of iron ore.",
            True,
        ),
    ],
)
def test_an_amount_given_to_another_thing(claim, sentence, another):
    assert _another(claim, sentence) is another


@pytest.mark.parametrize(
    ("claim", "sentence"),
    [
        # a reviewer's cases (stop 41): what follows both amounts, or an amount that modifies
        # no noun, says nothing of which is the claim's
        (
            "Twelve people were killed in attacks in Kabul.",
            "Twelve people died and 40 people were hurt in Kabul attacks on Monday.",
        ),
        (
            "Twelve people were killed in a suicide bombing in Kabul.",
            "12 people died, 40 people injured in Kabul suicide bombing.",
        ),
        (
            "Nvidia's revenue rose 69% in the first quarter.",
            "Nvidia's sales jumped 69% from a year earlier, while its data center revenue rose "
            "73% in the first quarter.",
        ),
        (
            "China's exports rose 5% in February from a year earlier.",
            "China's exports rose 5% on the year while imports rose 3% in February from a year "
            "earlier.",
        ),
    ],
)
def test_an_amount_said_of_no_thing_of_its_own(claim, sentence):
    assert not _another(claim, sentence)


@pytest.mark.parametrize(
    ("claim", "stance"),
    [
        ("The US tariff on Brazilian steel is 15%.", "refutes"),
        ("The US tariff on Brazilian steel is 35%.", "supports"),
        ("Brasília answered with a 15% duty on American ethanol.", "supports"),
    ],
)
def test_an_amount_of_another_thing_refutes_and_its_own_supports(claim, stance):
    verdict, _ = judge_one(claim, TARIFFS)
    assert verdict.stance == stance


@pytest.mark.parametrize(
    ("sentence", "relation"),
    [
        # who says it does not hold the distinction (fresh-dev13: read as Turkey's "first")
        ("Turkish officials said it was the fund's first investment in Turkey.", None),
        # the holder after the word of saying is read as before
        ("Turkish officials said Qatar's fund made the first investment in Turkey.", "conflict"),
    ],
)
def test_who_says_a_first_does_not_hold_it(sentence, relation):
    claim = "The Public Investment Fund's $3 billion pledge is its first investment in Turkey."
    assert exclusive_relation(claim, sentence) == relation


@pytest.mark.parametrize(
    "sentence",
    [
        "Jones said she was the first woman to climb K2 without oxygen.",
        "Jones told reporters she was the first woman to climb K2 without oxygen.",
    ],
)
def test_a_speaker_named_again_by_a_pronoun_holds_the_first(sentence):
    claim = "Smith was the first woman to climb K2 without oxygen."
    assert exclusive_relation(claim, sentence) == "conflict"
