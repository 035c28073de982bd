"""Dates an article tells against its own date ("last year", "on Sunday") read as the dates they
are, for the date and number check only (verify/relative_dates.py). Written from fresh-dev13's
misses (stop 41): "worth about $150 million last year" under a March 2026 dateline did not bear
out "in 2025", and "Egypt reopened its embassy in Tehran on Sunday" neither bore out "in March
2026" nor contradicted "on 2 April 2026"."""

from __future__ import annotations

import pytest

from tests.test_rules import judge_one
from verify.judges.decision import ClaimFacts, second_reading
from verify.relative_dates import Published, resolved

MARCH_15 = Published(2026, 3, 15)  # a Sunday


@pytest.mark.parametrize(
    ("text", "published"),
    [
        ("15 March 2026", Published(2026, 3, 15)),
        ("2026-09-09", Published(2026, 9, 9)),
        ("2026-09", Published(2026, 9)),
        ("2026", Published(2026)),
        ("Sunday, March 15, 2026", Published(2026, 3, 15)),
        ("Sept. 9, 2026", Published(2026, 9, 9)),
        ("March 15", None),  # no year: nothing to count from
        ("03/04/2026", None),  # the 3rd of April or the 4th of March
        ("2026-02-30", None),
        (None, None),
    ],
)
def test_an_articles_own_date_as_far_as_it_is_known(text, published):
    assert Published.parse(text) == published


@pytest.mark.parametrize(
    ("text", "written"),
    [
        (
            "Trade was worth about $150 million last year.",
            "Trade was worth about $150 million in 2025.",
        ),
        ("Exports have fallen since last year.", "Exports have fallen since 2025."),
        ("Last year's budget was cut.", "2025's budget was cut."),
        ("The plant will open next year.", "The plant will open in 2027."),
        ("Prices rose a year ago.", "Prices rose in 2025."),
        ("Sales fell last month.", "Sales fell in February 2026."),
        ("Talks resumed yesterday.", "Talks resumed on 14 March 2026."),
        ("The embassy reopened on Sunday.", "The embassy reopened on Sunday 15 March 2026."),
        ("The shop closed on Friday.", "The shop closed on Friday 13 March 2026."),
        ("The shop closed last Sunday.", "The shop closed last Sunday 8 March 2026."),
        ("The vote will be held on Thursday.", "The vote will be held on Thursday 19 March 2026."),
        ("Talks resume next Monday.", "Talks resume next Monday 16 March 2026."),
        ("Next Monday the trial opens.", "Next Monday 16 March 2026 the trial opens."),
        # the clause the weekday stands in says when: a "will" elsewhere does not
        (
            "The suspect, who was arrested on Monday, will appear in court.",
            "The suspect, who was arrested on Monday 9 March 2026, will appear in court.",
        ),
        (
            "The bank announced on Thursday that it will cut rates.",
            "The bank announced on Thursday 12 March 2026 that it will cut rates.",
        ),
        (
            "The talks began on Monday and will continue through Friday.",
            "The talks began on Monday 9 March 2026 and will continue through Friday 20 March "
            "2026.",
        ),
    ],
)
def test_dates_told_against_the_articles_date_are_written_out(text, written):
    assert resolved(text, MARCH_15) == written


def test_a_weekdays_year_only_for_a_claim_that_dates_more_closely():
    text = "The embassy reopened on Sunday, and trade grew last year."
    assert resolved(text, MARCH_15, day_years=False) == (
        "The embassy reopened on Sunday 15 March, and trade grew in 2025."
    )


@pytest.mark.parametrize(
    "text",
    [
        "Prices rose over the last year.",  # twelve months, no calendar year
        "In the next year the plant will hire 300 people.",
        "That year the river flooded twice.",
        "The ministry said on Tuesday that talks had failed.",  # when it was said
        "The union told reporters on Monday that the strike would go on.",
        "The vote will be held on Sunday.",  # in Sunday's paper: today, or a week on
        "Sunday's vote was close.",
        "In her last year as chancellor, Merkel led the pandemic response.",
        "It was his last year at the club.",
        # weekdays in names
        "The Good Friday Agreement ended three decades of conflict.",
        "Soldiers shot 13 civilians in Derry on Bloody Sunday in 1972.",
        "Shoppers spent a record sum on Black Friday.",
        "The Sunday Times broke the story.",
    ],
)
def test_what_is_not_a_date_told_against_the_articles_is_left_as_it_is(text):
    assert resolved(text, MARCH_15) == text


def test_without_an_article_date_nothing_is_resolved():
    text = "Trade was worth about $150 million last year and talks resumed on Sunday."
    assert resolved(text, None) == text
    assert resolved(text, Published(2026)) == (
        "Trade was worth about $150 million in 2025 and talks resumed on Sunday."
    )


EGYPT = "Egypt reopened its embassy in Tehran on Sunday, ending four decades without full ties."
TRADE = "Trade between Egypt and Iran was worth about $150 million last year, officials said."
EXPORTS = (
    "German exports to Russia fell to about 6.9 billion euros last year, less than a quarter "
    "of their level in 2021."
)


@pytest.mark.parametrize(
    ("claim", "text", "date", "stance"),
    [
        ("Egypt reopened its embassy in Tehran in March 2026.", EGYPT, "15 March 2026", "supports"),
        ("Egypt reopened its embassy in Tehran on 2 April 2026.", EGYPT, "15 March 2026",
         "refutes"),
        ("Egypt reopened its embassy in Tehran in March 2026.", EGYPT, None, "not_mentioned"),
        ("Trade between Egypt and Iran was worth about $150 million in 2025.", TRADE,
         "2026-03-15", "supports"),
        ("Trade between Egypt and Iran was worth about $150 million in 2024.", TRADE,
         "2026-03-15", "refutes"),
        # the year of another figure in the sentence is not the claim's
        ("German exports to Russia were worth about 6.9 billion euros in 2025.", EXPORTS,
         "9 September 2026", "supports"),
        ("Germany recalled its ambassador to Russia on 8 September 2026.",
         "Germany recalled its ambassador to Russia for consultations on Tuesday.",
         "9 September 2026", "supports"),
        # a weekday's date has no year: the story's other years are not contradicted by it
        # (it states no "first since 1990" either)
        ("It is the first time since 1990 that Germany has recalled its ambassador from Moscow.",
         "Germany recalled its ambassador to Moscow for consultations on Tuesday.",
         "9 September 2026", "not_mentioned"),
        ("Trade between Egypt and Iran was worth about $150 million in 2025.",
         "Egypt reopened its embassy in Tehran on Sunday, and trade with Iran is expected to grow.",
         "15 March 2026", "not_mentioned"),
        # a claim with a day is compared with the weekday's year
        ("Egypt reopened its embassy in Tehran on 15 March 2025.", EGYPT, "15 March 2026",
         "refutes"),
        ("The Good Friday Agreement was signed on 10 April 1998.",
         "The Good Friday Agreement, signed in 1998, ended three decades of conflict.",
         "15 March 2026", "not_mentioned"),
        # said on Monday: not when the ambassador was recalled
        ("Germany recalled its ambassador to Russia on 7 September 2026.",
         "Germany recalled its ambassador to Russia, the ministry said on Monday.",
         "9 September 2026", "not_mentioned"),
    ],
)  # fmt: skip
def test_a_date_told_against_the_articles_bears_out_or_contradicts_the_claims(
    claim, text, date, stance
):
    verdict, _ = judge_one(claim, text, date=date)
    assert verdict.stance == stance


def test_the_verifier_also_reads_the_sentence_with_its_dates_written_out():
    facts = ClaimFacts.of("Brenmark's net profit rose 8% in 2025.")
    sentence = "Net profit rose 8% last year, helped by demand from water utilities."
    assert second_reading(facts, sentence, MARCH_15) == (
        "Net profit rose 8% in 2025, helped by demand from water utilities."
    )
    # nothing to write out, no date, or no attribution: no second reading
    assert second_reading(facts, "Net profit rose 8% in 2025.", MARCH_15) is None
    assert second_reading(facts, sentence, None) is None


def test_a_second_reading_drops_who_said_it_from_the_dated_sentence():
    facts = ClaimFacts.of("Brenmark's net profit rose 8% in 2025.")
    sentence = "Net profit rose 8% last year, the company said."
    reading = second_reading(facts, sentence, MARCH_15)
    assert reading is not None and "in 2025" in reading and "said" not in reading


# -- a day and month without a year (stop 49, fresh-dev16) -------------------------------------
@pytest.mark.parametrize(
    ("text", "published", "written"),
    [
        # the last such day on or before the article's date
        ("Fog closed the airport on 19 October.", Published(2026, 10, 20),
         "Fog closed the airport on 19 October 2026."),
        ("They met on 28 December.", Published(2027, 1, 3), "They met on 28 December 2026."),
        ("The shop reopened on 2 June.", MARCH_15, "The shop reopened on 2 June 2025."),
        ("They left on March 3rd.", Published(2026, 10, 20), "They left on March 3rd 2026."),
        # the next one where the sentence looks ahead, or the day is close ahead
        ("Creditors will meet on 14 December.", Published(2026, 11, 6),
         "Creditors will meet on 14 December 2026."),
        ("They will vote on 3 March.", Published(2026, 10, 20), "They will vote on 3 March 2027."),
        ("The strike begins on 16 November.", Published(2026, 11, 4),
         "The strike begins on 16 November 2026."),
        # a weekday on it says which year
        ("The shop reopened on Tuesday 2 June.", MARCH_15,
         "The shop reopened on Tuesday 2 June 2026."),
        ("On Monday, 19 October, fog closed it.", Published(2026, 10, 20),
         "On Monday, 19 October 2026, fog closed it."),
        # a year already there, or no day
        ("It opened on 19 October 2024.", MARCH_15, "It opened on 19 October 2024."),
        ("It opened on October 19, 2024.", MARCH_15, "It opened on October 19, 2024."),
        ("It opened in October.", MARCH_15, "It opened in October."),
    ],
)  # fmt: skip
def test_a_day_and_month_get_the_year_a_reader_gives_them(text, published, written):
    assert resolved(text, published) == written
    assert resolved(text, published, day_years=False) == text
    assert resolved(text, None) == text


FOG = (
    "Thick fog closed Halmby airport for more than nine hours on Monday, 19 October, forcing 38 "
    "incoming flights to land elsewhere."
)


class _YearlessRefutes:
    """The verifier as it reads such sentences: "refutes" word for word (the claim's year is
    missing), "supports" with the year written out (both measured on the shipped verifier:
    0.99 and 0.85 on fresh-dev16's fog sentence)."""

    def predict(self, pairs: list[tuple[str, str]]):
        import numpy as np

        rows = [
            (0.85, 0.14, 0.01) if " 2026" in passage else (0.01, 0.98, 0.01) for _, passage in pairs
        ]
        return np.array(rows, dtype=np.float32)


def _judge_yearless(claim: str, text: str, date: str):
    from verify.config import JudgeSettings
    from verify.judges.local import LocalJudge

    from .fakes import evidence

    judge = LocalJudge(JudgeSettings(supports_prior=1.0), model=_YearlessRefutes())  # type: ignore[arg-type]
    (j,) = judge.judge(claim, [evidence("a", text, title="Headline", date=date)])
    return j.verdict


def test_a_refutation_read_only_for_the_missing_year_is_set_aside():
    """Read with its year, the sentence states the claim; the refutation was the missing
    year's, and the words give no other date."""
    claim = "Thick fog closed Halmby airport for more than nine hours on 19 October 2026."
    verdict = _judge_yearless(claim, FOG, "20 October 2026")
    assert verdict.stance == "supports"
    # another year in the claim: the words contradict it, the refutation stands
    other = "Thick fog closed Halmby airport for more than nine hours on 19 October 2025."
    assert _judge_yearless(other, FOG, "20 October 2026").stance == "refutes"
    # no article date: nothing to write out, the verifier's reading stands
    assert _judge_yearless(claim, FOG, None).stance == "refutes"
