"""The statement a sentence attributes to someone (verify.attribution), and how the judge uses
the verifier's reading of it (decision.with_bare)."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from verify.attribution import read_bare, unattributed
from verify.config import JudgeSettings
from verify.judges.decision import NONE, REF, SUP, Cues, with_bare
from verify.judges.local import LocalJudge

from .fakes import evidence


@pytest.mark.parametrize(
    ("sentence", "bare"),
    [
        (
            "It was the first derailment on the Nordland line in more than a decade, the "
            "company said.",
            "It was the first derailment on the Nordland line in more than a decade.",
        ),
        (
            "Three carriages derailed shortly before 10 p.m., Chief Executive Ingrid Halvorsen "
            "said at a news conference.",
            "Three carriages derailed shortly before 10 p.m.",
        ),
        (
            "The bridge will reopen in May, the ministry said in a statement on Friday.",
            "The bridge will reopen in May.",
        ),
        (
            "The alarm sounded at 2:14 a.m., according to the regional police.",
            "The alarm sounded at 2:14 a.m.",
        ),
        ('"We were never offered a bonus," she said.', '"We were never offered a bonus."'),
        (
            '"Tarvan should cut winter imports by a third," said Hanna Roest, an energy analyst '
            "at Kestrel Research.",
            '"Tarvan should cut winter imports by a third."',
        ),
        (
            "Investigators believe the thieves entered through a skylight above Gallery 4.",
            "The thieves entered through a skylight above Gallery 4.",
        ),
        (
            "The ministry said in a statement on Friday that the bridge will reopen in May.",
            "The bridge will reopen in May.",
        ),
        (
            "Officials told reporters on Monday the bridge would reopen in May.",
            "The bridge would reopen in May.",
        ),
        (
            "Police said Monday that the suspect fled the scene on Sunday.",
            "The suspect fled the scene on Sunday.",
        ),
        ("The bridge will reopen in May, officials say.", "The bridge will reopen in May."),
        (
            "The dam burst on Friday, the ministry said late Monday.",
            "The dam burst on Friday.",
        ),
        (
            "The minister told a news conference on Monday that the bridge would reopen in May.",
            "The bridge would reopen in May.",
        ),
        (
            "Halvorsen Shipping has promised $4.5 million for the cleanup, its chief executive, "
            "Erik Halvorsen, told a press conference in Bergen.",
            "Halvorsen Shipping has promised $4.5 million for the cleanup.",
        ),
        (
            "The mine flooded on Tuesday, Ruth Banda, a company spokeswoman, said.",
            "The mine flooded on Tuesday.",
        ),
        (
            "According to its spokeswoman, Marta Ellery, an alarm did go off shortly after 3 a.m.",
            "An alarm did go off shortly after 3 a.m.",
        ),
    ],
)
def test_the_statement_without_who_said_it(sentence: str, bare: str) -> None:
    assert unattributed(sentence) == bare


@pytest.mark.parametrize(
    "sentence",
    [
        # nothing attributed
        "Syria was suspended from the Arab League in November 2011.",
        # the statement's subject is the speaker: "it" would stand for nobody
        "The company said it had suspended the driver pending an internal review.",
        # more than a plain report of what was said: an allegation, a denial, a "never said"
        "The union alleges that managers were told in May that the dryer was overheating.",
        "Police denied that the thieves used a skylight.",
        "Police never said that the thieves used a skylight.",
        # said in the middle of the statement, or not after a comma
        "The vote, which officials said was close, went to Okafor.",
        "The jury said.",
        # no speaker: a clause of the statement that happens to end in "said"
        "Rescuers reached the miners on Friday, and the company, which owns the site, said.",
        # too little would be left
        "Fine, he said.",
        # a speaker who does not vouch for it: said so wrongly or once, a few or a side, hearsay
        # (a reviewer's counter-examples: each had turned "not mentioned" into "supports")
        "Trump falsely said the 2020 presidential election was stolen.",
        "Police initially said the fire was started deliberately.",
        "Experts once believed the Earth was flat.",
        "People used to believe the Earth was flat.",
        "Few economists believe a recession is coming next year.",
        "Conspiracy theorists believe the moon landings were faked.",
        "According to unconfirmed reports, 12 people died in the blast.",
        "According to rumours on social media, the mayor resigned on Monday.",
        "The bridge will reopen in May, critics said.",
        "Whether the bridge will reopen in May, officials have not said.",
        # a verb that takes a thing, or a person told, without "that": no end to the speaker
        "The company reported a loss of $5 million in 2023.",
        "Police confirmed the identity of the victim on Sunday.",
        "The captain told passengers to remain in their seats for an hour.",
        "Officials told the BBC the bridge would reopen in May.",
        "Investigators believe him to be the leader of the gang.",
        # the speaker is the subject, or what follows is no statement
        "The company said Tuesday it would close the plant in May.",
        "According to police, who arrived at 3 a.m., the house was empty.",
        # "said" after an appositive, not after a quote: no inverted attribution
        "The mayor, who took office in 2018, said Monday's storm was the worst in decades.",
        # what follows the attribution is more than it: the sentence is read whole
        '"We were never offered a bonus," she said, adding that pay had not risen since 2019.',
    ],
)
def test_nothing_to_take_off(sentence: str) -> None:
    assert unattributed(sentence) is None


def test_a_claim_about_a_belief_keeps_the_believer() -> None:
    sentence = "Economists at the bank believe a recession is coming next year."
    assert read_bare("A recession is coming next year.", sentence) == (
        "A recession is coming next year."
    )
    assert read_bare("Most economists believe a recession is coming next year.", sentence) is None


def test_a_claim_about_what_was_said_keeps_the_speaker() -> None:
    sentence = "The line will stay closed until February 15, Nordbane said."
    assert read_bare("The railway line will stay closed until February 15.", sentence) == (
        "The line will stay closed until February 15."
    )
    # who said it is what this claim checks: the bare statement would lose it
    assert read_bare("Railnet said the line will stay closed until February 15.", sentence) is None


def _p(sup: float, ref: float) -> np.ndarray:
    p = np.zeros(3, dtype=np.float32)
    p[SUP], p[REF], p[NONE] = sup, ref, 1.0 - sup - ref
    return p


def _cues(relation: str | None = None) -> Cues:
    return Cues(cov_window=1.0, cov_sentence=1.0, relation=relation, negation=False, exclusive=None)


def test_the_bare_reading_raises_support() -> None:
    # "Investigators believe the thieves entered …": none 0.99 whole, supports 0.99 bare
    out = with_bare(_p(0.0, 0.01), _p(0.99, 0.0), _cues())
    assert out[SUP] == pytest.approx(0.99, abs=1e-3)
    assert out[NONE] == pytest.approx(0.0, abs=0.02)
    assert out.sum() == pytest.approx(1.0, abs=1e-5)


def test_its_refutation_counts_only_with_a_contradicting_value() -> None:
    whole, bare = _p(0.0, 0.1), _p(0.0, 0.95)
    # no cue: a bare statement the verifier newly refutes is left as the whole sentence read
    assert with_bare(whole, bare, _cues())[REF] == pytest.approx(0.1)
    # another date or number for the claim's: the bare reading's refutation stands
    assert with_bare(whole, bare, _cues("contradicts"))[REF] == pytest.approx(0.95)


def test_the_bare_support_takes_only_what_the_sentence_left_to_none() -> None:
    # a reviewer's "Few economists believe a recession is coming next year." against "Most
    # economists believe …": the whole sentence refutes (0.995), its bare statement supports
    # (0.47); the refutation must stand whole, or the prior and the cue bar turn it round
    out = with_bare(_p(0.002, 0.995), _p(0.47, 0.01), _cues())
    assert out[REF] == pytest.approx(0.995)
    assert out[SUP] == pytest.approx(0.005, abs=1e-6)
    assert out.sum() == pytest.approx(1.0, abs=1e-6)
    # with a contradicting value the bare refutation is taken first, the support after it
    out = with_bare(_p(0.1, 0.8), _p(0.9, 0.05), _cues("contradicts"))
    assert (out[REF], out[SUP]) == (pytest.approx(0.8), pytest.approx(0.2))
    assert out[NONE] == pytest.approx(0.0, abs=1e-6)


def test_an_implicit_subject_gets_no_bare_refutation() -> None:
    cues = dataclasses.replace(_cues("contradicts"), unnamed_value=True)
    assert with_bare(_p(0.05, 0.05), _p(0.0, 0.95), cues)[REF] == pytest.approx(0.05)


def test_no_bare_reading_leaves_the_scores() -> None:
    whole = _p(0.3, 0.2)
    assert np.allclose(with_bare(whole, None, _cues()), whole)


class UnderReadsAttribution:
    """A verifier stand-in that, like the shipped one, reads "none" in a sentence that says who
    believes it, and "supports" in the same statement bare."""

    def __init__(self) -> None:
        self.seen: list[str] = []

    def predict(self, pairs: list[tuple[str, str]]) -> np.ndarray:
        read = [text.rsplit(" | ", 1)[-1] for _, text in pairs]  # after its context
        self.seen += read
        rows = [(0.01, 0.01, 0.98) if "believe" in t else (0.97, 0.01, 0.02) for t in read]
        return np.array(rows, dtype=np.float32)


def test_the_judge_reads_the_bare_statement_and_quotes_the_sentence() -> None:
    text = (
        "Investigators believe the thieves entered through a skylight above Gallery 4. "
        "The museum's director will resign."
    )
    model = UnderReadsAttribution()
    judge = LocalJudge(JudgeSettings(supports_prior=1.0), model=model)  # type: ignore[arg-type]
    (j,) = judge.judge("The museum thieves got in through a skylight.", [evidence("a", text)])
    assert "The thieves entered through a skylight above Gallery 4." in model.seen
    assert j.verdict.stance == "supports"
    (quote,) = j.verdict.evidence
    assert quote.quote == (
        "Investigators believe the thieves entered through a skylight above Gallery 4."
    )
    assert text[quote.start : quote.end] == quote.quote


def test_a_claim_about_saying_is_read_with_its_speaker() -> None:
    text = "Investigators believe the thieves entered through a skylight above Gallery 4."
    model = UnderReadsAttribution()
    judge = LocalJudge(JudgeSettings(supports_prior=1.0), model=model)  # type: ignore[arg-type]
    (j,) = judge.judge("Police said the thieves got in through a skylight.", [evidence("a", text)])
    assert model.seen == [text]
    assert j.verdict.stance == "not_mentioned"
