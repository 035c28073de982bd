"""A sentence about other things than the claim's (stop 41, from fresh-dev13's misses): an
amount the sentence gives to another thing ("a 15% duty on American ethanol" for "the steel
tariff is 15%"), and a sentence that names other countries than the claim's only."""

from __future__ import annotations

import pytest

from tests.test_rules import judge_one
from verify.cues import (
    countries_named,
    exclusive_relation,
    of_other_countries,
    value_of_another_thing,
)

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
    assert value_of_another_thing(claim, sentence) is another


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
    ("text", "countries"),
    [
        ("Trade between the two countries grew, Egyptian officials said.", {"EG"}),
        ("Turkey and Saudi Arabia signed a pact, Turkey's trade ministry said.", {"TR", "SA"}),
        ("Washington and the Kremlin traded accusations.", {"US", "RU"}),
        ("Jordan Henderson scored twice for Ajax.", set()),
        ("The agreement was signed in Jeddah on Tuesday.", set()),
    ],
)
def test_the_countries_a_text_names(text, countries):
    assert countries_named(text) == countries


@pytest.mark.parametrize(
    ("claim", "sentence", "around", "other"),
    [
        (
            "Trade between Turkey and Saudi Arabia was worth about $15 billion last year.",
            "Trade between the two countries was worth about $150 million last year, Egyptian "
            "officials said.",
            "Egypt reopens embassy in Tehran",
            True,
        ),
        # one of the claim's countries named, by another of its names
        (
            "Syria was suspended from the Arab League in November 2011.",
            "Damascus was readmitted in May 2023, Saudi Arabia said.",
            "",
            False,
        ),
        # names no country: may be about the claim's in other words
        (
            "Syria was suspended from the Arab League.",
            "The regime was readmitted in 2023.",
            "",
            False,
        ),
        # the claim's country named around it: the sentence may speak of it
        (
            "Ukraine signed a grain deal with Turkey.",
            "Russia's foreign ministry insisted no deal had been signed.",
            "Kyiv and Ankara sign grain deal",
            False,
        ),
        # a claim that names no country
        (
            "The Arab League summit opened in Jeddah on Friday.",
            "Qatar led the push, Egyptian officials said.",
            "",
            False,
        ),
    ],
)
def test_a_sentence_of_other_countries(claim, sentence, around, other):
    assert of_other_countries(claim, sentence, around) is other


def test_other_countries_refute_nothing_however_sure_the_verifier_is():
    verdict, _ = judge_one(
        "Egypt and Iran aim to raise bilateral trade to $2 billion a year by 2028.",
        "Turkey and Saudi Arabia signed an agreement that aims to nearly double bilateral trade "
        "to $15 billion a year by 2030, Turkey's trade ministry said.",
        probs=(0.02, 0.95, 0.03),
    )
    assert verdict.stance == "not_mentioned"


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
