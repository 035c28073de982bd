"""Training pairs from a hand-written article set are what the judge reads: the same statements,
the same context, the same word-overlap gate (training/fixture_pairs.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from training.fixture_pairs import fixture_pairs, quote_spans, training_fixture
from verify.config import JudgeSettings
from verify.judges.local import statements

REPORT = """Ferry sinks off Kessa island
By Ana Ruiz

KESSA, 3 May (Harbour Wire) - A passenger ferry sank off Kessa island on Sunday.
All 41 passengers were rescued by a navy ship.
The ferry operator said the cause was not yet known.
"""

FEATURE = """Kessa fishermen count the cost
The port of Kessa is quiet this week.
A passenger ferry sank off Kessa island last weekend, the harbour master said.
Fish prices rose by a third in April.
"""


def _fixture(root: Path) -> Path:
    (root / "articles").mkdir(parents=True)
    (root / "articles" / "a1_report.txt").write_text(REPORT, encoding="utf-8")
    (root / "articles" / "a2_feature.txt").write_text(FEATURE, encoding="utf-8")
    claims = [
        {
            "id": "c1",
            "claim": "All 41 passengers of the Kessa ferry were rescued.",
            "split": "dev",
            "sources": {"a1_report": "supports", "a2_feature": "none"},
            "evidence": {"a1_report": ["All 41 passengers were rescued by a navy ship."]},
        },
        {
            "id": "c2",
            "claim": "The ferry sank off Kessa island on Saturday.",
            "split": "dev",
            "sources": {"a1_report": "refutes", "a2_feature": "not_mentioned"},
            "evidence": {"a1_report": ["A passenger  ferry sank off Kessa island on Sunday."]},
        },
    ]
    (root / "claims.jsonl").write_text("\n".join(json.dumps(c) for c in claims) + "\n")
    return root


def test_statements_skip_metadata_cut_the_dateline_and_carry_context() -> None:
    text = REPORT
    read = [
        (text[s.start : s.end], ctx)
        for s, ctx, _ in statements(text, "Ferry sinks off Kessa island")
    ]
    assert read[0] == ("Ferry sinks off Kessa island", "")  # the title line, not its own context
    assert all(sentence != "By Ana Ruiz" for sentence, _ in read)
    assert (
        "A passenger ferry sank off Kessa island on Sunday.",
        "Ferry sinks off Kessa island",
    ) in read
    assert (
        "All 41 passengers were rescued by a navy ship.",
        "A passenger ferry sank off Kessa island on Sunday.",
    ) in read


def test_quote_spans_ignore_whitespace_and_skip_missing_quotes() -> None:
    text = "One two.\nThree  four five."
    assert quote_spans(text, ["Three four", "six"]) == [(9, 20)]  # "Three  four"


def test_pairs_carry_gold_stances_and_only_gated_negatives(tmp_path: Path) -> None:
    pairs = fixture_pairs(_fixture(tmp_path / "set"), JudgeSettings())
    got = {(p.claim_id, p.passage, p.stance, p.context) for p in pairs}
    assert got == {
        (
            "c1",
            "All 41 passengers were rescued by a navy ship.",
            "supports",
            "A passenger ferry sank off Kessa island on Sunday.",
        ),
        (
            "c2",
            "A passenger ferry sank off Kessa island on Sunday.",
            "refutes",
            "Ferry sinks off Kessa island",
        ),
        # the feature is "none" for both claims; only its sentences that pass the judge's
        # word-overlap gate are pairs (the port and fish-price sentences are not)
        (
            "c1",
            "A passenger ferry sank off Kessa island last weekend, the harbour master said.",
            "none",
            "The port of Kessa is quiet this week.",
        ),
        (
            "c2",
            "A passenger ferry sank off Kessa island last weekend, the harbour master said.",
            "none",
            "The port of Kessa is quiet this week.",
        ),
    }
    assert {p.source for p in pairs} == {"set-supports", "set-refutes", "set-none"}


def test_the_held_out_fresh_set_is_never_training_data() -> None:
    with pytest.raises(SystemExit, match="held-out test set"):
        training_fixture("fresh")
    assert training_fixture("fresh-dev").name == "fresh-dev"


def test_the_names_a_contrast_may_swap_in_are_names():
    """A fixture's contrast pairs draw replacement names from the same pool as the shared sets'
    (training.augment.entity_pool): months and sentence-opening words are not names."""
    from training.augment import entity_pool
    from training.data import Pair

    pairs = [
        Pair("c", "Ana Ruiz said the Harbour Authority closed the port in March.", "none"),
        Pair("c", "This ferry, the Kessa Star, sank. However, nobody was hurt.", "none"),
    ]
    assert entity_pool(pairs) == ["Ana Ruiz", "Harbour Authority", "Kessa Star"]
