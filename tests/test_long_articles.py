"""A long article is read past its best three passages (``retrieval.read_k``).

The article (tests/fixtures/long-article/orsund-harbour.txt, written for this test, fictional)
has eight chunks; the sentence that settles the claims below ("The old auction hall, a wooden
shed from 1951, …") sits in a paragraph about the new quay, whose chunk is not among the three
closest to the claim. Stop 49 measured the same on the dev sets: 11 of fresh-dev5's 61 gold
passages and 20 of fresh-dev16's 120 lay past the best three chunks.
"""

from __future__ import annotations

import pytest

from verify import Verifier
from verify.config import Settings
from verify.judges.llm import format_passages

from .conftest import FIXTURES, ROOT

ARTICLE = FIXTURES / "long-article"
HALL = "The old auction hall, a wooden shed from 1951"
BUILT_1951 = "The old fish auction hall in Orsund was built in 1951."
BUILT_1962 = "The old fish auction hall in Orsund was built in 1962."


@pytest.fixture(scope="module")
def long_store(tmp_path_factory: pytest.TempPathFactory) -> Verifier:
    v = Verifier.from_config(ROOT / "config.yaml", store=tmp_path_factory.mktemp("long") / "s")
    assert v.ingest([ARTICLE]).ok
    return v


def _reading(v: Verifier, read_k: int) -> Verifier:
    """The same store and models, read to another depth (a copy: ``v`` is left as it is)."""
    retrieval = v.settings.retrieval.model_copy(update={"read_k": read_k})
    settings = v.settings.model_copy(update={"retrieval": retrieval})
    return Verifier(settings, embeddings=v.embeddings, stance_model=v.stance_model)


def test_the_shipped_settings_read_five_passages_and_show_an_llm_three():
    s = Settings.load(ROOT / "config.yaml")
    assert (s.retrieval.top_k, s.retrieval.read_k) == (3, 5)


def test_a_support_past_the_best_three_passages_is_found(long_store: Verifier):
    report = long_store.check(BUILT_1951, "local")
    (source,) = report.sources
    assert source.stance == "supports"
    assert any(HALL in e.quote for e in source.evidence)
    # read to the old depth, the sentence is never read
    shallow = _reading(long_store, 3).check(BUILT_1951, "local")
    assert shallow.sources[0].stance == "not_mentioned"


def test_a_refutation_past_the_best_three_passages_is_quoted(long_store: Verifier):
    """Another year for the hall: refuted by the hall's own sentence (read to the old depth,
    a sentence about the harbour walls' date was the only quote)."""
    (source,) = long_store.check(BUILT_1962, "local").sources
    assert source.stance == "refutes"
    assert any(HALL in e.quote for e in source.evidence)
    (shallow,) = _reading(long_store, 3).check(BUILT_1962, "local").sources
    assert not any(HALL in e.quote for e in shallow.evidence)


def test_further_passages_are_the_next_best_and_no_llm_is_shown_them(long_store: Verifier):
    (item,) = long_store.gather(BUILT_1951).items
    assert long_store.store.record(item.record.id).n_chunks >= 6
    assert (len(item.passages), len(item.further)) == (3, 2)
    shown = [p.similarity for p in item.passages]
    more = [p.similarity for p in item.further]
    assert shown == sorted(shown, reverse=True) and more == sorted(more, reverse=True)
    assert min(shown) >= max(more)
    # the same five, in the same order, as one search five deep
    deep = long_store.store.search(
        long_store.embeddings.embed_query(BUILT_1951), k=5, source=item.record
    )
    assert [p.chunk.id for p in item.passages + item.further] == [p.chunk.id for p in deep]
    # an LLM judge's prompt holds the best three only (what its cassettes were recorded with)
    prompt = format_passages(item, offsets=True)
    assert all(p.chunk.text in prompt for p in item.passages)
    assert HALL not in prompt


def test_read_k_below_top_k_reads_the_top_k(long_store: Verifier):
    (item,) = _reading(long_store, 1).gather(BUILT_1951).items
    assert (len(item.passages), item.further) == (3, [])
