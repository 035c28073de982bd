"""The wrong doer of a deed only one can have done, and the claim's subject by a short name or
its leader, refute (stop 44: a reviewer's counter-examples to a rule that set aside the
verifier's refutation wherever a sentence gave the claim's own figure to another name; the rule
was dropped, these pin what it would have lost). Each sentence follows a plain lead-in that
names its doer in full, as news copy does."""

from __future__ import annotations

import pytest

from tests.test_rules import judge_one

SURE_REFUTES = (0.02, 0.95, 0.03)


@pytest.mark.parametrize(
    ("claim", "text"),
    [
        # one signer, one buyer, one scorer
        (
            "Trump signed a $1.2 trillion infrastructure bill into law in November 2021.",
            "President Joe Biden spoke at the White House. Biden signed the $1.2 trillion "
            "infrastructure bill into law in November 2021.",
        ),
        (
            "Walmart paid $13.7 billion for Whole Foods in 2017.",
            "Amazon.com Inc expanded into groceries. Amazon paid $13.7 billion for Whole Foods "
            "in 2017.",
        ),
        (
            "Messi scored a hat-trick in the 2022 World Cup final.",
            "Kylian Mbappe starred for France. Mbappe scored a hat-trick in the 2022 World Cup "
            "final.",
        ),
        # the claim's subject by its short name, its leader, or "the company"
        (
            "The Federal Reserve raised interest rates by a quarter point in March 2025.",
            "The Fed cut interest rates by a quarter point in March 2025.",
        ),
        (
            "Russia agreed to a 30-day ceasefire in March 2025.",
            "President Vladimir Putin spoke in Moscow. Putin rejected a 30-day ceasefire in "
            "March 2025.",
        ),
        (
            "Tesla delivered 1.8 million cars in 2023.",
            "Tesla missed its goal. Musk's company failed to deliver 1.8 million cars in 2023.",
        ),
    ],
)
def test_another_doer_of_the_claims_figure_refutes(claim: str, text: str) -> None:
    verdict, _ = judge_one(claim, text, SURE_REFUTES)
    assert verdict.stance == "refutes"
