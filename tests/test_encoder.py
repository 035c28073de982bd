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
    # uncached: the shipped model's rows are shared with the candidate (the same files)
    assert np.allclose(
        candidate.predict(pairs, cache=False), StanceModel().predict(pairs), atol=1e-6
    )
    assert candidate.model_id == "verify-verifier-unknown"
    assert StanceModel().model_id.startswith("verify-verifier-all-mpnet-base-v2-")


def test_batches_come_back_in_input_order():
    # length-sorted batches of one row each: the shortest text runs first
    emb = LocalEmbeddings(batch_size=1)
    texts = ["a much longer sentence about the city council budget vote", "short"]
    together = emb.encode(texts, cache=False)
    alone = np.stack([LocalEmbeddings().encode([t], cache=False)[0] for t in texts])
    assert np.allclose(together, alone, atol=1e-5)


def test_a_preload_that_fails_is_raised_at_first_use(tmp_path: Path):
    """Models load in the background while the store opens; a failure there is not lost, nor
    raised in a thread: the first use raises it, as without the preload."""
    model = StanceModel(tmp_path)
    model.preload()
    with pytest.raises(ModelError, match=r"the local verifier is missing: .*model\.onnx"):
        model.predict([("a claim", "a passage")])


def test_a_preload_is_waited_for_at_exit(monkeypatch: pytest.MonkeyPatch):
    """A process that stops right after the preload (an empty claim) used to end now and then
    with an abort (status 134): its daemon thread was still inside onnxruntime while the
    interpreter shut down. The load threads are joined at exit instead."""
    import threading

    started: list[threading.Thread] = []
    real = threading.Thread

    class Recorded(real):  # type: ignore[misc,valid-type]
        def start(self) -> None:
            started.append(self)
            super().start()

    monkeypatch.setattr(threading, "Thread", Recorded)
    StanceModel().preload()
    LocalEmbeddings().preload()
    for t in started:
        t.join(timeout=60)
    assert [t.name for t in started] == ["load verifier", "load the embedding model"]
    assert not any(t.daemon for t in started)


def test_an_early_error_after_the_preload_exits_with_its_own_status(tmp_path: Path):
    """The real process: the preload starts, then the process stops (as for a refused claim)
    with its own exit status, not an abort."""
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from verify.embed import LocalEmbeddings\n"
        "from verify.judges.local import StanceModel\n"
        "StanceModel().preload(); LocalEmbeddings().preload()\n"
        "sys.exit(2)\n"
    )
    codes = [subprocess.run([sys.executable, "-c", code], timeout=120).returncode for _ in range(2)]
    assert codes == [2, 2]


def test_preloaded_models_give_the_same_scores_and_vectors():
    pairs = [("The harbour reopened on Monday", "The harbour reopened on Monday after repairs.")]
    preloaded, plain = StanceModel(), StanceModel()
    preloaded.preload()
    # uncached: both would read the one row the process's cache holds
    assert np.array_equal(preloaded.predict(pairs, cache=False), plain.predict(pairs, cache=False))
    emb = LocalEmbeddings()
    emb.preload()
    assert np.array_equal(
        emb.encode(["a ferry"], cache=False), LocalEmbeddings().encode(["a ferry"], cache=False)
    )


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


def test_verifiers_on_the_same_model_files_share_cached_rows(tmp_path: Path):
    """Scores and vectors are cached per process by model identity: a second Verifier on the
    same files gets the first one's rows without running the model (and the same numbers); a
    model file exported again to the same path does not."""
    from verify import Verifier

    from .conftest import ROOT

    a = Verifier.from_config(ROOT / "config.yaml", store=tmp_path / "a")
    b = Verifier.from_config(ROOT / "config.yaml", store=tmp_path / "b")
    assert a.embeddings.cache is b.embeddings.cache
    assert a.stance_model.cache is b.stance_model.cache
    pairs = [("A ferry sank in 1998.", "The ferry sank in 1998 with 40 people aboard.")]
    texts = ["a ferry that no other test encodes, 7f3c"]
    first, vectors = a.stance_model.predict(pairs), a.embeddings.encode(texts)
    ran: list[int] = []
    for model in (b.stance_model, b.embeddings):
        real = model._encoder.run
        model._encoder.run = lambda x, real=real: ran.append(len(x)) or real(x)  # type: ignore[method-assign]
    assert np.array_equal(b.stance_model.predict(pairs), first)
    assert np.array_equal(b.embeddings.encode(texts), vectors)
    assert ran == []
    assert np.array_equal(b.stance_model.predict(pairs, cache=False), first)  # the same numbers
    assert np.array_equal(b.embeddings.encode(texts, cache=False), vectors)
    assert ran == [1, 1]

    copy = tmp_path / "model" / "model.onnx"
    copy.parent.mkdir()
    copy.write_bytes((MODEL_DIR / "model.onnx").read_bytes())
    one = StanceModel(copy.parent, tokenizer=MODEL_DIR / "tokenizer.json")
    one.predict(pairs)
    assert one.cache is not a.stance_model.cache  # another file, another cache
    os.utime(copy, ns=(0, 0))  # "exported again"
    again = StanceModel(copy.parent, tokenizer=MODEL_DIR / "tokenizer.json")
    assert again.cache is not one.cache and len(again.cache) == 0
    assert np.allclose(again.predict(pairs), first, atol=1e-6)
    assert len(again.cache) == 1


def test_the_row_cache_drops_the_least_recently_used_and_is_thread_safe(
    monkeypatch: pytest.MonkeyPatch,
):
    import threading

    from verify import cache as cache_mod
    from verify.cache import RowCache, clear_shared, shared

    cache: RowCache[int] = RowCache(1, 3)

    def compute(keys: list[int]) -> np.ndarray:
        return np.array([[float(k)] for k in keys], dtype=np.float32)

    cache.get_many([1, 2, 3], compute)
    cache.get_many([1], compute)  # 1 is used again: 2 is now the oldest
    cache.get_many([4], compute)
    asked: list[int] = []
    cache.get_many([1, 2, 3, 4], lambda keys: asked.extend(keys) or compute(keys))
    assert asked == [2] and len(cache) == 3

    big: RowCache[int] = RowCache(1, 50)
    errors: list[BaseException] = []

    def hammer(seed: int) -> None:
        try:
            for i in range(300):
                keys = [(seed * 7 + i * 13 + j) % 120 for j in range(5)]
                assert big.get_many(keys, compute)[:, 0].tolist() == [float(k) for k in keys]
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=hammer, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == [] and len(big) == 50

    monkeypatch.setattr(cache_mod, "_SHARED", {})  # not the process's real caches
    assert shared(("a model",), 1, 3) is shared(("a model",), 1, 3)
    shared(("a model",), 1, 3).get_many([1, 2], compute)
    clear_shared()  # what a test that counts model runs starts with
    assert len(shared(("a model",), 1, 3)) == 0
