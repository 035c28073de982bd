"""Chunking: token bounds, sentence boundaries, exact offsets, stable ids."""

from __future__ import annotations

import itertools

from verify.chunk import chunk_source, sentences
from verify.load import Article, load
from verify.tokens import count

from .conftest import SEEDS


def _seed(name: str):
    path = next(SEEDS.glob(f"{name}*.txt"))
    return load(Article(path, path.stem), 10**7)


def test_offsets_point_at_the_chunk_text_and_cover_the_source():
    for path in sorted(SEEDS.glob("*.txt")):
        src = load(Article(path, path.stem), 10**7)
        chunks = chunk_source(src, 120, 30, "cl100k_base")
        assert chunks
        for c in chunks:
            assert src.text[c.start : c.end] == c.text
            assert c.tokens == count(c.text)
        covered = set()
        for c in chunks:
            covered.update(range(c.start, c.end))
        letters = {i for i, ch in enumerate(src.text) if not ch.isspace()}
        assert letters <= covered


def test_chunks_respect_the_token_budget_and_end_on_sentences():
    src = _seed("001")
    ends = {s.end for s in sentences(src.text)}
    for c in chunk_source(src, 100, 20, "cl100k_base"):
        assert c.tokens <= 100 + 2  # joining sentences may add a token at a seam
        assert c.end in ends


def test_consecutive_chunks_overlap():
    src = _seed("002")
    chunks = chunk_source(src, 120, 60, "cl100k_base")
    assert any(b.start < a.end for a, b in itertools.pairwise(chunks))


def test_chunk_ids_are_content_hashes():
    src = _seed("004")
    a = chunk_source(src, 120, 30, "cl100k_base")
    b = chunk_source(src, 120, 30, "cl100k_base")
    assert [c.id for c in a] == [c.id for c in b]
    changed = src.model_copy(update={"text": src.text + "\nOne more line.", "content_hash": "x"})
    assert {c.id for c in chunk_source(changed, 120, 30, "cl100k_base")}.isdisjoint(
        {c.id for c in a}
    )


def test_sentence_splitter_keeps_abbreviations_together():
    text = "The U.S. envoy met Mr. Pedersen on Monday. He left. Then 2.5 million people watched."
    got = [text[s.start : s.end] for s in sentences(text)]
    assert got == [
        "The U.S. envoy met Mr. Pedersen on Monday.",
        "He left.",
        "Then 2.5 million people watched.",
    ]


def test_a_sentence_longer_than_a_chunk_is_split_at_words():
    from verify.models import Source

    text = "T\n\n" + " ".join(f"word{i}" for i in range(400)) + "."
    src = Source(id="x", title="T", text=text, content_hash="h")
    chunks = chunk_source(src, 50, 0, "cl100k_base")
    assert len(chunks) > 3
    assert all(c.tokens <= 52 for c in chunks)
