"""The statement a sentence attributes to someone (verify.attribution), and how the judge uses
the verifier's reading of it (decision.with_bare)."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from verify.attribution import read_bare, said_by_another, speaker, unattributed
from verify.config import JudgeSettings
from verify.judges.decision import (
    NONE,
    REF,
    SUP,
    ClaimFacts,
    Cues,
    correct,
    read_sentence,
    with_bare,
)
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


@pytest.mark.parametrize(
    ("sentence", "who"),
    [
        ("Sales fell 4 percent, the Kestrel Group spokesman said.", "the Kestrel Group spokesman"),
        (
            "“We will appeal,” said Hanna Roest, an analyst at Kestrel.",
            "Hanna Roest, an analyst at Kestrel",
        ),
        ("According to the regulator, Aldren knew about the fault.", "the regulator"),
        ("The union said the strike would go ahead.", "The union"),
        ("The strike will go ahead on Monday.", None),
    ],
)
def test_who_a_sentence_gives_its_statement_to(sentence: str, who: str | None) -> None:
    assert speaker(sentence) == who


@pytest.mark.parametrize(
    ("claim", "sentence"),
    [
        # an organisation's words given to another's official
        (
            "The Nordic Council said the treaty would be signed in spring.",
            "The treaty will be signed in spring, a Danish Foreign Ministry spokesman said.",
        ),
        # one named official's words given to another organisation's head
        (
            "Portugal's interior minister said the fire was the largest in the Algarve since 2018.",
            "“It is the largest fire in the Algarve since 2018,” said Rui Matos, head of the "
            "Faro fire brigade.",
        ),
        # a named role's words given to another role
        (
            "Norway's fisheries minister said the cod quota would be cut by a fifth.",
            "The cod quota will be cut by a fifth, the marine research institute said.",
        ),
    ],
)
def test_words_given_to_another_speaker(claim: str, sentence: str) -> None:
    assert said_by_another(claim, sentence)


def test_an_article_that_names_the_claims_speaker_keeps_its_support() -> None:
    """Two speakers' words differing is no proof they are two: "Lund" may be the chief
    executive. Only an article that never names the claim's speaker shows it was another."""
    claim = "Kestrel Group's chief executive said sales fell 4 percent."
    sentence = "Sales fell 4 percent, Lund said."
    article = (
        "Kestrel Group chief executive Mira Lund said on Monday that the company would close "
        "two plants. The market was weak. Sales fell 4 percent, Lund said."
    )
    assert said_by_another(claim, sentence)  # read alone, Lund is someone else
    assert not said_by_another(claim, sentence, article=article)


@pytest.mark.parametrize(
    ("claim", "sentence", "around"),
    [
        # the same speaker in other words
        (
            "The Kestrel Group said sales fell 4 percent.",
            "Sales fell 4 percent, a Kestrel spokesman said.",
            "",
        ),
        # the claim's speaker is named just before: the sentence may quote it
        (
            "The Nordic Council said the treaty would be signed in spring.",
            "The treaty will be signed in spring, Secretary General Ane Holm said.",
            "The Nordic Council met in Oslo on Monday.",
        ),
        # a country speaks through its officials
        (
            "Washington said it would not reopen its embassy.",
            "We will not reopen the embassy, a State Department spokesman said.",
            "",
        ),
        # a speaker that names nobody in particular, or a pronoun
        (
            "Police said the thieves spent an hour inside.",
            "The thieves spent an hour inside, Detective Inspector Jane Doe said.",
            "",
        ),
        (
            "The Nordic Council said the treaty would be signed in spring.",
            "“The treaty will be signed in spring,” she said.",
            "",
        ),
        # the claim is no statement of who said it
        (
            "The treaty will be signed in spring.",
            "The treaty will be signed in spring, Secretary General Ane Holm said.",
            "",
        ),
        # a go-between speaks for anyone
        (
            "Norway's fisheries minister said the cod quota would be cut by a fifth.",
            "The cod quota will be cut by a fifth, a spokesman said.",
            "",
        ),
        # the sentence gives no speaker
        (
            "The Nordic Council said the treaty would be signed in spring.",
            "The treaty will be signed in spring.",
            "",
        ),
    ],
)
def test_words_not_shown_to_be_another_speakers(claim: str, sentence: str, around: str) -> None:
    assert not said_by_another(claim, sentence, around)


def test_a_support_from_another_speaker_is_set_aside() -> None:
    claim = ClaimFacts.of("The Nordic Council said the treaty would be signed in spring.")
    sentence = "The treaty will be signed in spring, a Danish Foreign Ministry spokesman said."
    cues = read_sentence(claim, sentence)
    assert cues.other_speaker
    p, note = correct(np.array([0.9, 0.02, 0.08], dtype=np.float32), cues, JudgeSettings())
    assert note == "another-speaker"
    assert int(p.argmax()) == NONE


@pytest.mark.parametrize(
    ("claim", "sentence", "article"),
    [
        # initials for the full name, a short form for the long one
        (
            "The Baltic Investment Bank said lending would rise by a tenth.",
            "Lending will rise by a tenth, BIB President Ilse Varnas said.",
            "",
        ),
        (
            "The Fed said it would hold rates.",
            "Rates will be held, Federal Reserve Chair Anna Moll said.",
            "",
        ),
        # a country's adjective for its name, a surname for the whole name
        (
            "Portugal's president said the law would be signed.",
            "The law will be signed, Rebelo said.",
            "Portuguese President Marcelo Rebelo opened the session. The law will be signed, "
            "Rebelo said.",
        ),
        (
            "Maria Lindqvist said the plant would close.",
            "The plant will close, the Kestrel Agency chief said.",
            "Lindqvist, who heads the Kestrel Agency, spoke in Umea. The plant will close, the "
            "Kestrel Agency chief said.",
        ),
        # accents and curly apostrophes, "CEO" for "chief executive"
        (
            "Alvaro Núñez said the strike was over.",
            "The strike is over, union head Alvaro Nunez said.",
            "",
        ),
        (
            "Halden Foods' CEO said prices would rise.",
            "Prices will rise, Haugen said.",
            "Halden Foods chief executive Tor Haugen spoke to analysts. Prices will rise, "
            "Haugen said.",
        ),
        # initials with full stops, a title written another way, a wrapped line
        (
            "The UN refugee agency said 40,000 people had fled.",
            "Some 40,000 people have fled, spokeswoman Lena Ostrova said.",
            "GENEVA (Wire) - The U.N. refugee agency counted arrivals at the border.\n"
            "Some 40,000 people have fled, spokeswoman Lena Ostrova said.",
        ),
        (
            "Norway's leader said the fund would not sell its shares.",
            "The fund will not sell its shares, Solheim said.",
            "Norwegian Prime Minister Erik Solheim spoke in Oslo. The fund will not sell its "
            "shares, Solheim said.",
        ),
        (
            "Estonia's energy minister said the cable would be repaired by May.",
            "The cable will be repaired by May, Kask said.",
            "Estonian Climate and Energy\nMinister Jaan Kask visited the site. The cable will "
            "be repaired by May, Kask said.",
        ),
        # a name with a particle, an office named otherwise, initials after a country
        (
            "Anna van der Berg said the dyke would hold.",
            "The dyke will hold, water board chair Pieter Smit said.",
            "Van der Berg toured the site. The dyke will hold, water board chair Pieter Smit said.",
        ),
        (
            "Britain's interior minister said the checks would end.",
            "The checks will end, Ward said.",
            "Home Secretary Ellen Ward spoke in London. The checks will end, Ward said.",
        ),
        (
            "Britain's Rail Safety Authority said the line was safe.",
            "The line is safe, RSA chief inspector Tom Hale said.",
            "",
        ),
        # an outlet that reports it is not who said it
        (
            "Norway's fisheries minister said the quota would be cut.",
            "Skjold said the quota would be cut, the NTB news agency reported.",
            "",
        ),
    ],
)
def test_the_same_speaker_by_another_name(claim: str, sentence: str, article: str) -> None:
    assert not said_by_another(claim, sentence, article=article)
