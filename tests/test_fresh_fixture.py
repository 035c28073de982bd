"""The fresh fixtures are well-formed: tests/fixtures/fresh, tests/fixtures/fresh2 and
tests/fixtures/fresh3 (held-out test sets),
tests/fixtures/fresh-dev and fresh-dev2 to fresh-dev16 (development sets for tuning) and
tests/fixtures/fresh-train and
tests/fixtures/fresh-train2 (training sets for the local verifier), and
tests/fixtures/seeds-dev2 (dev claims on the seed articles in seeds/). Every article labelled
for every claim,
verdicts that follow from the stances, every gold quote verbatim in its article, on one line
and never a header line, and every claim in its set's split. A wrong fixture would make every
accuracy figure on it wrong.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from verify.metadata import dateline_end, is_metadata, stated_date

from .conftest import SEEDS, load_seed_claims

FIXTURES = Path(__file__).resolve().parent / "fixtures"
FRESH = FIXTURES / "fresh"
FRESH_DEV = FIXTURES / "fresh-dev"
FRESH_DEV2 = FIXTURES / "fresh-dev2"
FRESH_DEV3 = FIXTURES / "fresh-dev3"
FRESH_DEV4 = FIXTURES / "fresh-dev4"
FRESH_DEV5 = FIXTURES / "fresh-dev5"
FRESH_DEV6 = FIXTURES / "fresh-dev6"
FRESH_DEV7 = FIXTURES / "fresh-dev7"
FRESH_DEV8 = FIXTURES / "fresh-dev8"
FRESH_DEV9 = FIXTURES / "fresh-dev9"
FRESH_DEV10 = FIXTURES / "fresh-dev10"
FRESH_DEV11 = FIXTURES / "fresh-dev11"
FRESH_DEV12 = FIXTURES / "fresh-dev12"
FRESH_DEV13 = FIXTURES / "fresh-dev13"
FRESH_DEV14 = FIXTURES / "fresh-dev14"
FRESH_DEV15 = FIXTURES / "fresh-dev15"
FRESH_DEV16 = FIXTURES / "fresh-dev16"
FRESH_TRAIN = FIXTURES / "fresh-train"
FRESH_TRAIN2 = FIXTURES / "fresh-train2"
FRESH_TRAIN3 = FIXTURES / "fresh-train3"
FRESH_TRAIN4 = FIXTURES / "fresh-train4"
FRESH_TRAIN5 = FIXTURES / "fresh-train5"
FRESH_TRAIN6 = FIXTURES / "fresh-train6"
FRESH_TRAIN7 = FIXTURES / "fresh-train7"
FRESH_TRAIN8 = FIXTURES / "fresh-train8"
FRESH_TRAIN9 = FIXTURES / "fresh-train9"
FRESH2 = FIXTURES / "fresh2"
FRESH3 = FIXTURES / "fresh3"
SEEDS_DEV2 = FIXTURES / "seeds-dev2"
ARTICLES = {SEEDS_DEV2: SEEDS}
"""A set whose claims are about articles kept elsewhere (else its own ``articles/``)."""

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
    "who-did-what",
    "not-mentioned",
}


def _claims(root: Path = FRESH) -> list[dict]:
    lines = (root / "claims.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(x) for x in lines if x.strip()]


def _header(text: str) -> list[str]:
    """An article's header lines, never quoted: the lines before its first blank one (headline,
    byline, date line) and any other metadata line ("5 March 2025 | PharmaWatch Daily"). A
    line that opens with a dateline and goes on ("OSLO, March 3 (Reuters) - A jet …") is the
    lead paragraph, not header, even with no blank line above it."""
    lines = text.split("\n")
    block = lines[: next((i for i, line in enumerate(lines) if not line.strip()), len(lines))]
    block = [
        line for line in block if not line[dateline_end(line) :].strip() or not dateline_end(line)
    ]
    return block + [line for line in lines if is_metadata(line)]


def _verdict(stances: list[str]) -> str:
    sup, ref = "supports" in stances, "refutes" in stances
    if sup and ref:
        return "conflicting"
    return "supported" if sup else "refuted" if ref else "not_enough_evidence"


FIXTURE_SETS = [
    (FRESH, "test", 8, 40),
    (FRESH_DEV, "dev", 12, 60),
    (FRESH_DEV2, "dev", 13, 34),
    (FRESH_DEV3, "dev", 7, 18),
    (FRESH_DEV4, "dev", 7, 20),
    (FRESH_DEV5, "dev", 6, 16),
    (FRESH_DEV6, "dev", 7, 20),
    (FRESH_DEV7, "dev", 8, 35),
    (FRESH_DEV8, "dev", 8, 43),
    (FRESH_DEV9, "dev", 8, 56),
    (FRESH_DEV10, "dev", 8, 69),
    (FRESH_DEV11, "dev", 9, 69),
    (FRESH_DEV12, "dev", 9, 70),
    (FRESH_DEV13, "dev", 9, 66),
    (FRESH_DEV14, "dev", 9, 66),
    (FRESH_DEV15, "dev", 10, 84),
    (FRESH_DEV16, "dev", 7, 99),
    (FRESH_TRAIN, "train", 12, 120),
    (FRESH_TRAIN2, "train", 12, 120),
    (FRESH_TRAIN3, "train", 12, 110),
    (FRESH_TRAIN4, "train", 12, 110),
    (FRESH_TRAIN5, "train", 12, 110),
    (FRESH_TRAIN6, "train", 12, 110),
    (FRESH_TRAIN7, "train", 12, 110),
    (FRESH_TRAIN8, "train", 12, 110),
    (FRESH_TRAIN9, "train", 12, 110),
    (FRESH2, "test", 10, 50),
    (FRESH3, "test", 10, 60),
    (SEEDS_DEV2, "dev", 5, 47),
]
"""Each fixture set: its folder (which names it), split, and least articles and claims."""


@pytest.mark.parametrize(
    ("root", "split", "min_articles", "min_claims"),
    FIXTURE_SETS,
    ids=[root.name for root, *_ in FIXTURE_SETS],
)
def test_fresh_fixture_is_consistent(root: Path, split: str, min_articles: int, min_claims: int):
    folder = ARTICLES.get(root, root / "articles")
    articles = {p.stem: p.read_text(encoding="utf-8") for p in folder.glob("*.txt")}
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
            # the seed files have no blank line under their headline: it is their first line
            head = articles[sid].split("\n")[:1] if root in ARTICLES else _header(articles[sid])
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


# each training set: its folder, its id prefix, the letter its article names start with, and
# at most how many claims it may hold (None: no bound)
TRAINING_SETS = [
    (FRESH_TRAIN, "freshtrain-", "t", None),
    (FRESH_TRAIN2, "freshtrain2-", "u", 140),
    (FRESH_TRAIN3, "freshtrain3-", "v", None),
    (FRESH_TRAIN4, "freshtrain4-", "w", None),
    (FRESH_TRAIN5, "freshtrain5-", "x", None),
    (FRESH_TRAIN6, "freshtrain6-", "y", None),
    (FRESH_TRAIN7, "freshtrain7-", "z", None),
    (FRESH_TRAIN8, "freshtrain8-", "q", None),
    (FRESH_TRAIN9, "freshtrain9-", "j", None),
]


def _assert_separate(root: Path, others: list[Path]) -> None:
    """``root`` shares no claim id, claim text, article name or article text with ``others``."""
    claims = _claims(root)
    articles = list((root / "articles").glob("*.txt"))
    stems = {p.stem for p in articles}
    texts = {p.read_text(encoding="utf-8") for p in articles}
    for other in others:
        theirs = _claims(other)
        assert not {c["id"] for c in claims} & {c["id"] for c in theirs}, other.name
        assert not {c["claim"] for c in claims} & {c["claim"] for c in theirs}, other.name
        assert not stems & {p.stem for p in (other / "articles").glob("*.txt")}, other.name
        assert not texts & {
            p.read_text(encoding="utf-8") for p in (other / "articles").glob("*.txt")
        }, other.name


@pytest.mark.parametrize(
    ("root", "prefix", "letter", "most"),
    TRAINING_SETS,
    ids=[root.name for root, *_ in TRAINING_SETS],
)
def test_a_training_set_is_separate_from_every_other_set(
    root: Path, prefix: str, letter: str, most: int | None
):
    """A training set shares no id, claim, article name or article text with the held-out set,
    the dev set or any other training set; its ids and article names follow its own scheme, its
    tags are the documented ones, and it has 12 articles of 200-300 words."""
    claims = _claims(root)
    articles = list((root / "articles").glob("*.txt"))
    stems = {p.stem for p in articles}
    texts = {p.read_text(encoding="utf-8") for p in articles}
    assert most is None or len(claims) <= most
    assert all(c["id"].startswith(prefix) for c in claims)
    assert all(s[0] == letter and s[1:3].isdigit() and s[3] == "_" for s in stems)
    others = [FRESH, FRESH_DEV, FRESH2, FRESH3, *(r for r, *_ in TRAINING_SETS if r != root)]
    _assert_separate(root, others)
    for c in claims:
        assert set(c["phenomena"]) <= DEV_PHENOMENA, c["id"]
    words = [len(t.split()) for t in texts]
    assert len(words) == 12 and all(200 <= n <= 300 for n in words), words


@pytest.mark.parametrize(
    ("root", "letter", "shortest", "longest", "others"),
    [
        (FRESH2, "g", 180, 400, [FRESH, FRESH_DEV]),
        (FRESH3, "h", 200, 300, [FRESH, FRESH2, FRESH_DEV]),
    ],
    ids=["fresh2", "fresh3"],
)
def test_a_later_held_out_set_is_separate_from_every_other_set(
    root: Path, letter: str, shortest: int, longest: int, others: list[Path]
):
    """A later held-out set (fresh2, fresh3) shares no id, claim, article name or article text
    with the held-out sets before it, the dev set or any training set; its ids and article
    names follow its own scheme, its tags are the documented ones, and it has 10 articles of
    the length its README gives."""
    claims = _claims(root)
    articles = list((root / "articles").glob("*.txt"))
    stems = {p.stem for p in articles}
    texts = {p.read_text(encoding="utf-8") for p in articles}
    assert all(c["id"].startswith(f"{root.name}-") for c in claims)
    assert all(s[0] == letter and s[1:3].isdigit() and s[3] == "_" for s in stems)
    _assert_separate(root, [*others, *(r for r, *_ in TRAINING_SETS)])
    for c in claims:
        assert set(c["phenomena"]) <= DEV_PHENOMENA, c["id"]
    words = [len(t.split()) for t in texts]
    assert len(words) == 10 and all(shortest <= n <= longest for n in words), words


def test_fresh_dev2_is_separate_from_every_other_set():
    """The second dev set (two testers' articles, 2026-11-30) shares no id, claim, article name
    or text with any other set; its ids and article names follow its scheme, its tags are the
    documented ones."""
    claims = _claims(FRESH_DEV2)
    stems = {p.stem for p in (FRESH_DEV2 / "articles").glob("*.txt")}
    assert all(c["id"].startswith("freshdev2-") for c in claims)
    assert all(s[0] == "k" and s[1:3].isdigit() and s[3] == "_" for s in stems)
    _assert_separate(
        FRESH_DEV2, [FRESH, FRESH_DEV, FRESH2, FRESH3, *(r for r, *_ in TRAINING_SETS)]
    )
    for c in claims:
        assert set(c["phenomena"]) <= DEV_PHENOMENA, c["id"]


@pytest.mark.parametrize(
    ("root", "prefix"),
    [(FRESH_DEV3, "freshdev3-"), (FRESH_DEV4, "freshdev4-"), (FRESH_DEV5, "freshdev5-")],
)
def test_the_stop_33_dev_sets_are_separate_from_every_other_set(root: Path, prefix: str):
    """The third to fifth dev sets (three testers' articles, 2026-11-30, stop 33) share no id,
    claim, article name or text with any other set, and their tags are the documented ones."""
    claims = _claims(root)
    assert all(c["id"].startswith(prefix) for c in claims)
    others = [FRESH, FRESH_DEV, FRESH_DEV2, FRESH_DEV3, FRESH_DEV4, FRESH_DEV5, FRESH2, FRESH3]
    _assert_separate(root, [r for r in others if r != root] + [r for r, *_ in TRAINING_SETS])
    for c in claims:
        assert set(c["phenomena"]) <= DEV_PHENOMENA, c["id"]


def test_the_long_dev_set_is_separate_from_every_other_set():
    """fresh-dev16 (stop 49) holds long articles, its evidence deep inside them (what the
    local judge's further passages are for): 900-1,400 words each, no id, claim, article name
    or text shared with any other set."""
    claims = _claims(FRESH_DEV16)
    assert all(c["id"].startswith("freshdev16-") for c in claims)
    others = [root for root, *_ in FIXTURE_SETS if root not in (FRESH_DEV16, SEEDS_DEV2)]
    _assert_separate(FRESH_DEV16, others)
    paths = (FRESH_DEV16 / "articles").glob("*.txt")
    words = [len(p.read_text(encoding="utf-8").split()) for p in paths]
    assert len(words) == 7 and all(900 <= n <= 1400 for n in words), words


def test_fresh3_has_an_article_no_claim_is_about():
    stems = {p.stem for p in (FRESH3 / "articles").glob("*.txt")}
    unrelated = [s for s in stems if s.startswith("h10_")]
    assert len(unrelated) == 1
    assert all(c["sources"][unrelated[0]] == "none" for c in _claims(FRESH3))


def _words(text: str) -> set[str]:
    return set(re.findall(r"\w+", text.lower()))


def test_seeds_dev2_leaks_no_held_out_seed_claim():
    """seeds-dev2 (dev claims on the five seed articles, written 2026-12-02 by a tester who
    never ran the tool; checked with the other sets above) holds no near copy of a held-out
    claim of seed_claims.jsonl (word overlap under 0.4): tuning on one would leak the seed
    test split, which is about the same articles."""
    claims = _claims(SEEDS_DEV2)
    assert len(claims) == 47 and all(c["id"].startswith("seedsdev2-c") for c in claims)
    held_out = [_words(c["claim"]) for c in load_seed_claims() if c["split"] == "test"]
    assert len(held_out) == 20
    for c in claims:
        words = _words(c["claim"])
        assert all(len(words & h) / len(words | h) < 0.4 for h in held_out), c["id"]
