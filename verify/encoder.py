"""One ONNX encoder session: the embedder, the verifier and ``training/`` all run through it.

Each used to open its own onnxruntime session with its own locking, thread count and error
handling, and they drifted (the training evaluator truncated claims differently from the
package). One class keeps them the same: a lazy, thread-safe load on first use, onnxruntime's
untyped errors turned into :class:`~verify.errors.ModelError`, and length-sorted batches
(:mod:`verify.batching`).
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from .batching import padded_batches
from .errors import ModelError

_OPENED: dict[tuple[object, ...], tuple[Any, Any]] = {}
"""Sessions and tokenizers opened in this process, by :meth:`EncoderSession._key`: a model
file is opened once per process, however many Verifiers (a notebook's, an evaluation's, the
test suite's) use it. An onnxruntime session and a configured tokenizer are safe to share
between threads."""


class EncoderSession:
    """An ONNX BERT-style encoder (BERT, MPNet) and its ``tokenizers`` tokenizer, loaded once on
    first use.

    ``model`` may be a callable returning the path, so a missing optional package is reported
    when the model is first needed, not at import. ``truncation`` is passed to the tokenizer's
    ``enable_truncation`` (``{"max_length": 256}``, ``{"max_length": 256, "strategy":
    "only_second"}``); padding is done per batch by :func:`verify.batching.padded_batches`.
    """

    def __init__(
        self,
        *,
        model: Path | Callable[[], Path],
        tokenizer: Path,
        output: str,
        truncation: dict[str, Any],
        what: str,
        threads: int | None = None,
        batch_size: int = 32,
        batch_tokens: int = 512,
    ) -> None:
        self._model = model
        self._tokenizer_path = tokenizer
        self.output = output
        self._truncation = dict(truncation)
        self.what = what
        """How errors name the model: "the embedding model", "the local verifier"."""
        self.threads = threads
        self.batch_size = batch_size
        self.batch_tokens = batch_tokens
        self._lock = threading.Lock()
        self._session: Any = None
        self._tokenizer: Any = None
        self._inputs: frozenset[str] = frozenset()
        """The inputs the graph declares: BERT takes ``token_type_ids``, MPNet does not."""
        self.key: tuple[object, ...] | None = None
        """The opened model's identity (see :meth:`_key`), once loaded: what its outputs are
        cached under (:func:`verify.cache.shared`)."""

    @property
    def loaded(self) -> bool:
        return self._session is not None

    def preload(self) -> None:
        """Start :meth:`load` in a background thread and return at once: onnxruntime builds
        the session outside the GIL, so it loads while this thread imports and opens the store.
        The first use waits for it (the lock); a load that fails there is tried again by that
        use, which raises the error. The thread is not a daemon: a process that stops early (an
        empty claim, a missing store) waits for the load to finish at exit, instead of tearing
        the interpreter down under onnxruntime's native code (an abort, exit status 134)."""
        if self._session is not None:
            return
        threading.Thread(target=self._load_quietly, name=f"load {self.what}").start()

    def _load_quietly(self) -> None:
        with contextlib.suppress(Exception):  # the first real use raises it, in context
            self.load()

    def load(self) -> None:
        """Open the session and the tokenizer (once; later calls return at once)."""
        if self._session is not None:
            return
        with self._lock:
            if self._session is not None:
                return
            import onnxruntime as ort
            from tokenizers import Tokenizer

            path = self._model() if callable(self._model) else self._model
            if not Path(path).is_file():
                raise ModelError(f"{self.what} is missing: {path}")
            key = self._key(Path(path))
            opened = _OPENED.get(key)
            if opened is None:
                options = ort.SessionOptions()
                options.log_severity_level = 3
                # onnxruntime's worker threads otherwise spin between (and after) runs: a
                # one-claim check then burns a core the import and the other model's load
                # need, for no faster answer (the outputs are the same either way)
                options.add_session_config_entry("session.intra_op.allow_spinning", "0")
                # 8-bit weights meet int8 activations quantized per row, in blocks (ONNX Runtime's
                # MatMulNBits at accuracy level 4): a pair's scores never depend on the other
                # pairs in its batch (the defect of the per-batch dynamic quantization shipped
                # before), and MPNet runs twice as fast as with float32 products (level 1),
                # within 0.02 in probability of them (training/README.md, "Stop 29")
                options.add_session_config_entry("session.qdq_matmulnbits_accuracy_level", "4")
                if self.threads:
                    options.intra_op_num_threads = self.threads
                try:
                    session = ort.InferenceSession(
                        str(path), options, providers=["CPUExecutionProvider"]
                    )
                    tokenizer = Tokenizer.from_file(str(self._tokenizer_path))
                except Exception as exc:  # onnxruntime and tokenizers raise untyped errors
                    raise ModelError(f"cannot load {self.what}: {exc}") from None
                tokenizer.enable_truncation(**self._truncation)
                tokenizer.no_padding()
                opened = _OPENED.setdefault(key, (session, tokenizer))
            self.key = key
            session, self._tokenizer = opened
            self._inputs = frozenset(i.name for i in session.get_inputs())
            self._session = session  # last: a session set means loaded (checked unlocked)

    def _key(self, model: Path) -> tuple[object, ...]:
        """What makes two sessions interchangeable: the same files, unchanged since (a model
        exported again to the same path is opened again), the same truncation and threads."""
        files = []
        for path in (model, self._tokenizer_path):
            st = path.stat()
            files.append((str(path.resolve()), st.st_mtime_ns, st.st_size))
        return (*files, tuple(sorted(self._truncation.items())), self.threads)

    @property
    def tokenizer(self) -> Any:
        self.load()
        return self._tokenizer

    def run(self, inputs: Sequence[str] | Sequence[tuple[str, str]]) -> Iterator[Any]:
        """``(row indexes, output array, attention mask)`` per length-sorted batch of the
        encoded ``inputs`` (texts, or text pairs for a cross-encoder)."""
        encodings = self.tokenizer.encode_batch(list(inputs))
        for idx, feed in padded_batches(encodings, self.batch_size, self.batch_tokens):
            declared = {k: v for k, v in feed.items() if k in self._inputs}
            (out,) = self._session.run([self.output], declared)
            yield idx, np.asarray(out), feed["attention_mask"]
