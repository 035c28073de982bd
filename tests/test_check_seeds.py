"""The local verifier on the seeds: the demo claim, and the hand-labelled seed-claim fixture."""

from __future__ import annotations

from collections import Counter

import pytest

from verify import Verifier
from verify.evaluate import scored_stance

from .conftest import DEMO_CLAIM, load_seed_claims

SEED_IDS = [
    "000_af6e1db39137fe93",
    "001_27002b27250bcba8",
    "002_a7d2559227e41fa1",
    "003_3e4c866fc9bc1c15",
    "004_c441ceaa8e09f364",
]


def test_demo_claim(seed_verifier: Verifier):
    report = seed_verifier.check(DEMO_CLAIM, "local")
    by_id = report.by_source()
    assert report.verdict == "supported"
    assert set(by_id) == set(SEED_IDS)
    hit = by_id["001_27002b27250bcba8"]
    assert hit.stance == "supports"
    text = seed_verifier.source_text(hit.source_id)
    assert any("November 2011" in e.quote for e in hit.evidence)
    for e in hit.evidence:
        assert text[e.start : e.end] == e.quote
    for sid in SEED_IDS:
        if sid != "001_27002b27250bcba8":
            assert by_id[sid].stance == "not_mentioned", sid


def test_wrong_date_is_not_supported(seed_verifier: Verifier):
    report = seed_verifier.check("Syria was suspended from the Arab League in 2013", "local")
    assert report.by_source()["001_27002b27250bcba8"].stance in ("refutes", "not_mentioned")
    assert report.verdict != "supported"


def test_claim_no_seed_states(seed_verifier: Verifier):
    """The seeds never say Syria rejoined: 003's "The United Arab Emirates and Syria restored
    diplomatic relations in 2018." (which MPNet scores as refuting at 0.99) shares the claim's
    "Arab" only inside another name, so it is not read (stop 31; a strict xfail until then)."""
    report = seed_verifier.check("Syria rejoined the Arab League in May 2023", "local")
    assert report.verdict == "not_enough_evidence"
    assert {s.stance for s in report.sources} == {"not_mentioned"}


def test_every_source_gets_exactly_one_entry(seed_verifier: Verifier):
    report = seed_verifier.check("The US will not normalise relations with Assad", "local")
    assert sorted(s.source_id for s in report.sources) == SEED_IDS


@pytest.fixture(scope="module")
def held_out_pairs(seed_verifier: Verifier) -> list[tuple[str, str]]:
    """(gold, predicted) stance per source for the fixture's held-out (split=test) claims."""
    pairs = []
    for claim in load_seed_claims():
        if claim["split"] != "test":
            continue
        got = seed_verifier.check(claim["claim"], "local").by_source()
        pairs += [(gold, scored_stance(got[sid])) for sid, gold in claim["sources"].items()]
    return pairs


def test_seed_claim_fixture_per_source_accuracy(held_out_pairs: list[tuple[str, str]]):
    """A regression guard just under the measured level (accuracy 0.87, macro-F1 0.81 with the
    shipped MPNet verifier; MiniLM scored 0.82 / 0.70, which this no longer lets pass), below
    the 0.90 the project aims for."""
    pairs = held_out_pairs
    accuracy = sum(g == p for g, p in pairs) / len(pairs)
    classes = ("supports", "refutes", "none")
    f1s = []
    for c in classes:
        tp = sum(g == p == c for g, p in pairs)
        fp = sum(p == c and g != c for g, p in pairs)
        fn = sum(g == c and p != c for g, p in pairs)
        f1s.append(2 * tp / (2 * tp + fp + fn) if tp else 0.0)
    macro = sum(f1s) / 3
    mistakes = Counter((g, p) for g, p in pairs if g != p)
    print(
        f"seed test split: accuracy {accuracy:.3f}, macro-F1 {macro:.3f}, errors {dict(mistakes)}"
    )
    assert accuracy >= 0.84, mistakes
    assert macro >= 0.78, mistakes


def test_local_focus_is_the_quoted_sentence_and_its_context(seed_verifier: Verifier):
    """The focus a cascade hands the LLM: the decisive sentence with the one before it."""
    from verify.judges.local import LocalJudge

    from .fakes import SUSPENSION, evidence

    (j,) = LocalJudge(seed_verifier.settings.judge).judge(
        DEMO_CLAIM, [evidence("arab-league", SUSPENSION)]
    )
    assert j.verdict.stance == "supports" and j.focus
    quote = j.verdict.evidence[0]
    assert any(a <= quote.start and quote.end <= b for a, b in j.focus)
    assert min(a for a, _ in j.focus) == 0  # from the start of the context sentence
    assert sum(b - a for a, b in j.focus) <= len(SUSPENSION)
