"""The fresh fixtures are well-formed: tests/fixtures/fresh (held-out test set),
tests/fixtures/fresh-dev (development set for tuning) and tests/fixtures/fresh-train and
tests/fixtures/fresh-train2 (training sets for the local verifier). Every article labelled
for every claim,
verdicts that follow from the stances, every gold quote verbatim in its article, on one line
and never a header line, and every claim in its set's split. A wrong fixture would make every
accuracy figure on it wrong.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from verify.metadata import is_metadata, stated_date

FIXTURES = Path(__file__).resolve().parent / "fixtures"
FRESH = FIXTURES / "fresh"
FRESH_DEV = FIXTURES / "fresh-dev"
FRESH_TRAIN = FIXTURES / "fresh-train"
FRESH_TRAIN2 = FIXTURES / "fresh-train2"
FRESH_TRAIN3 = FIXTURES / "fresh-train3"
FRESH_TRAIN4 = FIXTURES / "fresh-train4"
FRESH_TRAIN5 = FIXTURES / "fresh-train5"
FRESH_TRAIN6 = FIXTURES / "fresh-train6"

STANCES = {"supports", "refutes", "none"}
# tags documented in tests/fixtures/fresh-dev/README.md (fresh-train and fresh-train2 use them too)
DEV_PHENOMENA = {
    "name-with-digits",
    "dateline",
    "date-differs",
    "amount-differs",
    "count-differs",
    "different-quantities",
    "numbers-as-words",
    "paraphrase",
    "negation",
    "exclusive",
    "hedged",
    "time-pm",
    "abbreviation",
    "wrong-article",
    "unrelated",
    "plain",
}


def _claims(root: Path = FRESH) -> list[dict]:
    lines = (root / "claims.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(x) for x in lines if x.strip()]


def _verdict(stances: list[str]) -> str:
    sup, ref = "supports" in stances, "refutes" in stances
    if sup and ref:
        return "conflicting"
    return "supported" if sup else "refuted" if ref else "not_enough_evidence"


@pytest.mark.parametrize(
    ("root", "split", "min_articles", "min_claims"),
    [
        (FRESH, "test", 8, 40),
        (FRESH_DEV, "dev", 12, 60),
        (FRESH_TRAIN, "train", 12, 120),
        (FRESH_TRAIN2, "train", 12, 120),
        (FRESH_TRAIN3, "train", 12, 110),
        (FRESH_TRAIN4, "train", 12, 110),
        (FRESH_TRAIN5, "train", 12, 110),
        (FRESH_TRAIN6, "train", 12, 110),
    ],
    ids=[
        "fresh",
        "fresh-dev",
        "fresh-train",
        "fresh-train2",
        "fresh-train3",
        "fresh-train4",
        "fresh-train5",
        "fresh-train6",
    ],
)
def test_fresh_fixture_is_consistent(root: Path, split: str, min_articles: int, min_claims: int):
    articles = {p.stem: p.read_text(encoding="utf-8") for p in (root / "articles").glob("*.txt")}
    claims = _claims(root)
    assert len(articles) >= min_articles and len(claims) >= min_claims
    assert len({c["id"] for c in claims}) == len(claims)
    for c in claims:
        assert c["split"] == split, c["id"]
        assert c["claim"].strip() and c["phenomena"], c["id"]
        assert set(c["sources"]) == set(articles), c["id"]
        assert set(c["sources"].values()) <= STANCES, c["id"]
        assert set(c["evidence"]) <= {k for k, v in c["sources"].items() if v != "none"}, c["id"]
        assert c["verdict"] == _verdict(list(c["sources"].values())), c["id"]
        for sid, stance in c["sources"].items():
            quotes = c["evidence"].get(sid, [])
            assert bool(quotes) == (stance != "none"), (c["id"], sid)
            head = articles[sid].split("\n")[:3]
            for q in quotes:
                assert q.strip() and "\n" not in q, (c["id"], sid, q)
                assert q in articles[sid], (c["id"], sid, q)
                assert not any(q in line for line in head), (c["id"], sid, q)


def test_fresh_dev_is_separate_from_the_test_set():
    """The dev set shares no article and no claim with the held-out set, and its tags are the
    documented ones."""
    dev, test = _claims(FRESH_DEV), _claims(FRESH)
    assert not {c["id"] for c in dev} & {c["id"] for c in test}
    assert not {c["claim"] for c in dev} & {c["claim"] for c in test}
    dev_articles = {p.stem for p in (FRESH_DEV / "articles").glob("*.txt")}
    assert not dev_articles & {p.stem for p in (FRESH / "articles").glob("*.txt")}
    for c in dev:
        assert set(c["phenomena"]) <= DEV_PHENOMENA, c["id"]
    paths = (FRESH_DEV / "articles").glob("*.txt")
    words = [len(p.read_text(encoding="utf-8").split()) for p in paths]
    assert all(150 <= n <= 450 for n in words), words


def test_fresh_train_is_separate_from_dev_and_test():
    """The training set shares no id, claim or article with the dev set or the held-out set, its
    ids and article names follow its own scheme, and its tags are the documented ones."""
    train = _claims(FRESH_TRAIN)
    train_articles = {p.stem for p in (FRESH_TRAIN / "articles").glob("*.txt")}
    assert all(c["id"].startswith("freshtrain-") for c in train)
    assert all(s[0] == "t" and s[1:3].isdigit() and s[3] == "_" for s in train_articles)
    for other in (FRESH, FRESH_DEV):
        claims = _claims(other)
        assert not {c["id"] for c in train} & {c["id"] for c in claims}
        assert not {c["claim"] for c in train} & {c["claim"] for c in claims}
        assert not train_articles & {p.stem for p in (other / "articles").glob("*.txt")}
        texts = {p.read_text(encoding="utf-8") for p in (other / "articles").glob("*.txt")}
        assert not texts & {
            p.read_text(encoding="utf-8") for p in (FRESH_TRAIN / "articles").glob("*.txt")
        }
    for c in train:
        assert set(c["phenomena"]) <= DEV_PHENOMENA, c["id"]
    words = [
        len(p.read_text(encoding="utf-8").split()) for p in (FRESH_TRAIN / "articles").glob("*.txt")
    ]
    assert len(words) == 12 and all(200 <= n <= 300 for n in words), words


def test_fresh_train2_is_separate_from_the_other_sets():
    """The second training set shares no id, claim, article name or article text with the held-out
    set, the dev set or the first training set, its ids and article names follow its own scheme,
    and its tags are the documented ones."""
    train2 = _claims(FRESH_TRAIN2)
    articles = list((FRESH_TRAIN2 / "articles").glob("*.txt"))
    stems = {p.stem for p in articles}
    texts2 = {p.read_text(encoding="utf-8") for p in articles}
    assert len(train2) <= 140
    assert all(c["id"].startswith("freshtrain2-") for c in train2)
    assert all(s[0] == "u" and s[1:3].isdigit() and s[3] == "_" for s in stems)
    for other in (FRESH, FRESH_DEV, FRESH_TRAIN):
        claims = _claims(other)
        assert not {c["id"] for c in train2} & {c["id"] for c in claims}
        assert not {c["claim"] for c in train2} & {c["claim"] for c in claims}
        assert not stems & {p.stem for p in (other / "articles").glob("*.txt")}
        assert not texts2 & {
            p.read_text(encoding="utf-8") for p in (other / "articles").glob("*.txt")
        }
    for c in train2:
        assert set(c["phenomena"]) <= DEV_PHENOMENA, c["id"]
    words = [len(t.split()) for t in texts2]
    assert len(words) == 12 and all(200 <= n <= 300 for n in words), words


def test_fresh_train4_is_separate_from_the_other_sets():
    """The fourth training set (reference and science-report style) shares no id, claim, article
    name or article text with the held-out set, the dev set or the first two training sets, its
    ids and article names follow its own scheme, and its tags are the documented ones."""
    train4 = _claims(FRESH_TRAIN4)
    articles = list((FRESH_TRAIN4 / "articles").glob("*.txt"))
    stems = {p.stem for p in articles}
    texts4 = {p.read_text(encoding="utf-8") for p in articles}
    assert all(c["id"].startswith("freshtrain4-") for c in train4)
    assert all(s[0] == "w" and s[1:3].isdigit() and s[3] == "_" for s in stems)
    for other in (FRESH, FRESH_DEV, FRESH_TRAIN, FRESH_TRAIN2, FRESH_TRAIN3):
        claims = _claims(other)
        assert not {c["id"] for c in train4} & {c["id"] for c in claims}
        assert not {c["claim"] for c in train4} & {c["claim"] for c in claims}
        assert not stems & {p.stem for p in (other / "articles").glob("*.txt")}
        assert not texts4 & {
            p.read_text(encoding="utf-8") for p in (other / "articles").glob("*.txt")
        }
    for c in train4:
        assert set(c["phenomena"]) <= DEV_PHENOMENA, c["id"]
    words = [len(t.split()) for t in texts4]
    assert len(words) == 12 and all(200 <= n <= 300 for n in words), words


def test_fresh_articles_dates_are_their_own():
    """Three articles state no date of their own; the others' dates come from their header."""
    dates = {
        p.stem: stated_date(p.read_text(encoding="utf-8"))
        for p in sorted((FRESH / "articles").glob("*.txt"))
    }
    undated = {k for k, v in dates.items() if v is None}
    assert undated == {
        "f02_ferry_rescue_operation",
        "f05_line7_extension",
        "f08_wren_prize_profile",
    }
    assert dates["f01_ferry_capsizes"] == "March 15"  # the dateline, not the 14 March event
    assert is_metadata("By our correspondent")


def test_fresh_train3_is_separate_from_the_other_sets():
    """The third training set shares no id, claim, article name or article text with the held-out
    set, the dev set or the first two training sets, its ids and article names follow its own
    scheme, and its tags are the documented ones."""
    train3 = _claims(FRESH_TRAIN3)
    articles = list((FRESH_TRAIN3 / "articles").glob("*.txt"))
    stems = {p.stem for p in articles}
    texts3 = {p.read_text(encoding="utf-8") for p in articles}
    assert all(c["id"].startswith("freshtrain3-") for c in train3)
    assert all(s[0] == "v" and s[1:3].isdigit() and s[3] == "_" for s in stems)
    for other in (FRESH, FRESH_DEV, FRESH_TRAIN, FRESH_TRAIN2):
        claims = _claims(other)
        assert not {c["id"] for c in train3} & {c["id"] for c in claims}
        assert not {c["claim"] for c in train3} & {c["claim"] for c in claims}
        assert not stems & {p.stem for p in (other / "articles").glob("*.txt")}
        assert not texts3 & {
            p.read_text(encoding="utf-8") for p in (other / "articles").glob("*.txt")
        }
    for c in train3:
        assert set(c["phenomena"]) <= DEV_PHENOMENA, c["id"]
    words = [len(t.split()) for t in texts3]
    assert len(words) == 12 and all(200 <= n <= 300 for n in words), words


def test_fresh_train5_is_separate_from_the_other_sets():
    """The fifth training set (web articles, paraphrase and previous-sentence subjects) shares no
    id, claim, article name or article text with the held-out set, the dev set or the other
    training sets, its ids and article names follow its own scheme, and its tags are the
    documented ones."""
    train5 = _claims(FRESH_TRAIN5)
    articles = list((FRESH_TRAIN5 / "articles").glob("*.txt"))
    stems = {p.stem for p in articles}
    texts5 = {p.read_text(encoding="utf-8") for p in articles}
    assert all(c["id"].startswith("freshtrain5-") for c in train5)
    assert all(s[0] == "x" and s[1:3].isdigit() and s[3] == "_" for s in stems)
    for other in (FRESH, FRESH_DEV, FRESH_TRAIN, FRESH_TRAIN2, FRESH_TRAIN3, FRESH_TRAIN4):
        claims = _claims(other)
        assert not {c["id"] for c in train5} & {c["id"] for c in claims}
        assert not {c["claim"] for c in train5} & {c["claim"] for c in claims}
        assert not stems & {p.stem for p in (other / "articles").glob("*.txt")}
        assert not texts5 & {
            p.read_text(encoding="utf-8") for p in (other / "articles").glob("*.txt")
        }
    for c in train5:
        assert set(c["phenomena"]) <= DEV_PHENOMENA, c["id"]
    words = [len(t.split()) for t in texts5]
    assert len(words) == 12 and all(200 <= n <= 300 for n in words), words


def test_fresh_train6_is_separate_from_the_other_sets():
    """The sixth training set (loosely worded science and sceptic-style claims) shares no id, claim,
    article name or article text with the held-out set, the dev set or the other training sets,
    its ids and article names follow its own scheme, and its tags are the documented ones."""
    train6 = _claims(FRESH_TRAIN6)
    articles = list((FRESH_TRAIN6 / "articles").glob("*.txt"))
    stems = {p.stem for p in articles}
    texts6 = {p.read_text(encoding="utf-8") for p in articles}
    assert all(c["id"].startswith("freshtrain6-") for c in train6)
    assert all(s[0] == "y" and s[1:3].isdigit() and s[3] == "_" for s in stems)
    for other in (
        FRESH,
        FRESH_DEV,
        FRESH_TRAIN,
        FRESH_TRAIN2,
        FRESH_TRAIN3,
        FRESH_TRAIN4,
        FRESH_TRAIN5,
    ):
        claims = _claims(other)
        assert not {c["id"] for c in train6} & {c["id"] for c in claims}
        assert not {c["claim"] for c in train6} & {c["claim"] for c in claims}
        assert not stems & {p.stem for p in (other / "articles").glob("*.txt")}
        assert not texts6 & {
            p.read_text(encoding="utf-8") for p in (other / "articles").glob("*.txt")
        }
    for c in train6:
        assert set(c["phenomena"]) <= DEV_PHENOMENA, c["id"]
    words = [len(t.split()) for t in texts6]
    assert len(words) == 12 and all(200 <= n <= 300 for n in words), words
