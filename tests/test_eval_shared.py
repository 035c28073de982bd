"""`verify eval` end to end on the shared dev sets: a few held-out claims (full runs: bench)."""

from __future__ import annotations

import pytest

from verify.config import Settings
from verify.datasets import is_held_out, read_claims
from verify.evaluate import evaluate

from .conftest import ROOT, SHARED_DATA

pytestmark = pytest.mark.shared_data

SETS = ["factcheck-gpt-stance.dev.jsonl", "climate-fever.dev.jsonl"]


@pytest.mark.parametrize("name", SETS)
def test_eval_runs_on_held_out_claims(name: str):
    path = SHARED_DATA / name
    if not path.is_file():
        pytest.skip(f"{path} not present (../shared/data is optional outside CI)")
    settings = Settings.load(ROOT / "config.yaml")
    result = evaluate(path, settings, "local", split="heldout", limit=6)
    run = result.to_dict()
    held = [c for c in read_claims(path) if is_held_out(c.id)][:6]
    assert run["claims"] == 6
    assert run["sources"] == sum(len(c.sources) for c in held)
    confusion = run["stance"]["confusion"]
    assert sum(sum(row.values()) for row in confusion.values()) == run["sources"]
    assert 0.0 <= run["stance"]["macro_f1"] <= 1.0
    assert run["sources_per_second"] > 0


def test_split_is_fixed_and_about_one_in_five():
    ids = [f"cf-{i}" for i in range(2000)]
    share = sum(map(is_held_out, ids)) / len(ids)
    assert 0.17 < share < 0.23
    assert [is_held_out(i) for i in ids[:50]] == [is_held_out(i) for i in ids[:50]]
