"""A sentence listing values year by year gives the claim's amount to another year (stop 49,
from the dev sets' "two amounts" traps): "It lost 41 million euros in 2024 and 96 million euros
in 2025" states 96 million and 2024, but not together, so it refutes "… lost 96 million euros in
2024". The sentences here were written for these tests (fictional companies)."""

from __future__ import annotations

import pytest

from tests.test_rules import judge_one
from verify.cues import year_of_another_value
from verify.quantities import extract
from verify.relative_dates import Published, resolved

LOSSES = (
    "Kellmark lost 41 million euros in 2024 and 96 million euros in 2025, on revenue of 870 "
    "million euros, and its cash fell from 210 million euros at the end of 2023 to 18 million "
    "euros at the end of September."
)
PROFIT = (
    "The Polish unit posted a profit of 41 million zlotys last year, up from 29 million zlotys "
    "in 2024, according to company filings."
)
DATED = Published(2026, 3, 4)


def _swapped(claim: str, sentence: str) -> bool:
    return year_of_another_value(extract(claim), resolved(sentence, DATED, day_years=False))


@pytest.mark.parametrize(
    ("claim", "sentence", "swapped"),
    [
        ("Kellmark lost 96 million euros in 2024.", LOSSES, True),
        ("Kellmark lost 41 million euros in 2025.", LOSSES, True),
        ("Kellmark lost 41 million euros in 2024.", LOSSES, False),
        ("Kellmark lost 96 million euros in 2025.", LOSSES, False),
        # "last year" is 2025 under a 2026 dateline
        ("The Polish unit made a profit of 41 million zlotys in 2024.", PROFIT, True),
        ("The Polish unit made a profit of 41 million zlotys in 2025.", PROFIT, False),
        ("The Polish unit made a profit of 29 million zlotys in 2024.", PROFIT, False),
        # a clause that opens with its year alone is read with the next
        (
            "Orvane lost 41 million euros in 2025.",
            "In 2024, it lost 41 million euros; in 2025, 96 million.",
            True,
        ),
        # an amount is a year's only where one clause states the two alone
        (
            "Orvane lost 96 million euros in 2024.",
            "Founded in 2009, Orvane lost 96 million euros in 2024.",
            False,
        ),
        (
            "Orvane lost 96 million euros in 2024.",
            "It lost 96 million euros in 2023, and 96 million euros again in 2024.",
            False,
        ),
        # another kind of amount in the claim's year is no other value of it
        (
            "Orvane hired 300 people in 2025.",
            "In 2024 it hired 300 people, and in 2025 it lost 40 million euros.",
            False,
        ),
        # a claim with two amounts or two years is not read this way
        ("Orvane lost 41 million euros in 2024 and 96 million euros in 2025.", LOSSES, False),
        # the claim's own pair stated too: another figure in its year is another thing's (a
        # helper reviewer's cases, stop 49)
        (
            "Unemployment was 5.1% in 2024.",
            "Unemployment was 5.1% in 2024, unchanged from 5.1% "
            "in 2023, while youth unemployment rose to 14.2% in 2024.",
            False,
        ),
        (
            "Kellmark lost 96 million euros in 2024.",
            "Kellmark lost 96 million euros in 2024, "
            "wider than the 41 million euros it had forecast in January 2024, and said it expected "
            "to lose 96 million euros again in 2025.",
            False,
        ),
        (
            "Kellmark lost 96 million euros in 2024.",
            "Kellmark lost 96 million euros in 2023 and "
            "the same amount in 2024, while revenue slipped to 870 million euros in 2024.",
            False,
        ),
        # a year that is not a clause's opening alone: a date's comma, a clause saying more
        (
            "Kellmark lost 96 million euros in 2024.",
            "Its results, published on March 3, 2025, "
            "showed a loss of 96 million euros, wider than the 41 million euros it had forecast in "
            "January 2024.",
            False,
        ),
        (
            "Kellmark lost 96 million euros in 2024.",
            "Kellmark's net loss more than doubled in "
            "2024, from 41 million euros to 96 million euros, and it expects to lose about 96 "
            "million euros again in 2025.",
            False,
        ),
    ],
)
def test_the_claims_amount_given_to_another_year(claim: str, sentence: str, swapped: bool):
    assert _swapped(claim, sentence) is swapped


def test_a_support_for_the_wrong_year_is_a_refutation():
    """The verifier reads a sentence with both of the claim's values as support; the words say
    the claim pairs them wrongly."""
    verdict, _ = judge_one("Kellmark lost 96 million euros in 2024.", LOSSES)
    assert verdict.stance == "refutes"
    assert verdict.evidence and verdict.evidence[0].quote == LOSSES
    verdict, _ = judge_one("Kellmark lost 96 million euros in 2025.", LOSSES)
    assert verdict.stance == "supports"


def test_a_relative_year_is_read_against_the_articles_date():
    verdict, _ = judge_one(
        "The Polish unit made a profit of 41 million zlotys in 2024.", PROFIT, date="2026-03-04"
    )
    assert verdict.stance == "refutes"
    verdict, _ = judge_one(
        "The Polish unit made a profit of 41 million zlotys in 2025.", PROFIT, date="2026-03-04"
    )
    assert verdict.stance == "supports"
