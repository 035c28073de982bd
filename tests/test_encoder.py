"""The one ONNX session class (verify.encoder) behind the embedder and the verifier."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest

from verify.embed import LocalEmbeddings
from verify.encoder import EncoderSession
from verify.errors import ModelError
from verify.judges.local import MODEL_DIR, StanceModel


def test_a_missing_verifier_is_a_model_error_naming_the_file(tmp_path: Path):
    with pytest.raises(ModelError, match=r"the local verifier is missing: .*model\.onnx"):
        StanceModel(tmp_path).predict([("a claim", "a passage")])


def test_a_corrupt_model_file_is_a_model_error_not_an_onnxruntime_crash(tmp_path: Path):
    bad = tmp_path / "model.onnx"
    bad.write_bytes(b"not an onnx graph")
    session = EncoderSession(
        model=bad,
        tokenizer=MODEL_DIR / "tokenizer.json",
        output="logits",
        truncation={"max_length": 64},
        what="the local verifier",
    )
    with pytest.raises(ModelError, match="cannot load the local verifier"):
        session.load()
    assert not session.loaded


def test_the_verifier_reads_an_export_candidate_through_explicit_paths(tmp_path: Path):
    # training/ scores a candidate that has no verifier.json beside it yet
    candidate = StanceModel(
        tmp_path, onnx=MODEL_DIR / "model.onnx", tokenizer=MODEL_DIR / "tokenizer.json"
    )
    pairs = [("Cats are mammals.", "Cats are mammals.")]
    assert np.allclose(candidate.predict(pairs), StanceModel().predict(pairs), atol=1e-6)
    assert candidate.model_id == "verify-verifier-minilm-unknown"


def test_batches_come_back_in_input_order():
    # length-sorted batches of one row each: the shortest text runs first
    emb = LocalEmbeddings(batch_size=1)
    texts = ["a much longer sentence about the city council budget vote", "short"]
    together = emb.encode(texts)
    alone = np.stack([LocalEmbeddings().encode([t])[0] for t in texts])
    assert np.allclose(together, alone, atol=1e-5)


def test_a_preload_that_fails_is_raised_at_first_use(tmp_path: Path):
    """Models load in the background while the store opens; a failure there is not lost, nor
    raised in a thread: the first use raises it, as without the preload."""
    model = StanceModel(tmp_path)
    model.preload()
    with pytest.raises(ModelError, match=r"the local verifier is missing: .*model\.onnx"):
        model.predict([("a claim", "a passage")])


def test_preloaded_models_give_the_same_scores_and_vectors():
    pairs = [("The harbour reopened on Monday", "The harbour reopened on Monday after repairs.")]
    preloaded, plain = StanceModel(), StanceModel()
    preloaded.preload()
    assert np.array_equal(preloaded.predict(pairs), plain.predict(pairs))
    emb = LocalEmbeddings()
    emb.preload()
    assert np.array_equal(emb.encode(["a ferry"]), LocalEmbeddings().encode(["a ferry"]))


def test_the_embedder_as_a_langchain_embeddings():
    from langchain_core.embeddings import Embeddings

    emb = LocalEmbeddings()
    lc = emb.as_langchain()
    assert isinstance(lc, Embeddings)
    assert lc.embed_query("a ferry") == emb.embed_query("a ferry")
    assert lc.embed_documents(["a", "b"]) == emb.embed_documents(["a", "b"])


def test_a_model_file_is_opened_once_per_process(tmp_path: Path):
    """Verifiers built one after another share the session; a file exported again to the same
    path is opened again."""
    a, b = LocalEmbeddings(), LocalEmbeddings()
    a.encode(["a ferry"])
    b.encode(["a bus"])
    assert a._encoder._session is b._encoder._session
    copy = tmp_path / "model.onnx"
    copy.write_bytes((MODEL_DIR / "model.onnx").read_bytes())
    first = StanceModel(tmp_path, tokenizer=MODEL_DIR / "tokenizer.json")
    first.predict([("a", "b")])
    os.utime(copy, ns=(0, 0))  # "exported again"
    again = StanceModel(tmp_path, tokenizer=MODEL_DIR / "tokenizer.json")
    again.predict([("a", "b")])
    assert first._encoder._session is not again._encoder._session
