"""The fresh evaluation fixture (tests/fixtures/fresh) is well-formed: every article labelled
for every claim, verdicts that follow from the stances, every gold quote verbatim in its
article and never a header line. A wrong fixture would make every accuracy figure on it wrong.
"""

from __future__ import annotations

import json
from pathlib import Path

from verify.metadata import is_metadata, stated_date

FRESH = Path(__file__).resolve().parent / "fixtures" / "fresh"


def _claims() -> list[dict]:
    lines = (FRESH / "claims.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(x) for x in lines if x.strip()]


def _verdict(stances: list[str]) -> str:
    sup, ref = "supports" in stances, "refutes" in stances
    if sup and ref:
        return "conflicting"
    return "supported" if sup else "refuted" if ref else "not_enough_evidence"


def test_fresh_fixture_is_consistent():
    articles = {p.stem: p.read_text(encoding="utf-8") for p in (FRESH / "articles").glob("*.txt")}
    claims = _claims()
    assert len(articles) >= 8 and len(claims) >= 40
    assert len({c["id"] for c in claims}) == len(claims)
    for c in claims:
        assert set(c["sources"]) == set(articles), c["id"]
        assert c["verdict"] == _verdict(list(c["sources"].values())), c["id"]
        for sid, stance in c["sources"].items():
            quotes = c["evidence"].get(sid, [])
            assert bool(quotes) == (stance != "none"), (c["id"], sid)
            head = articles[sid].split("\n")[:3]
            for q in quotes:
                assert q in articles[sid], (c["id"], sid, q)
                assert not any(q in line for line in head), (c["id"], sid, q)


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
