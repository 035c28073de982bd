"""The HNSW file check (issue #14 item 7) against real Chroma index files, each damaged the way
that makes Chroma's native code read out of bounds: every damage is named, a sound index passes.
No models: 300 random vectors written straight through chromadb."""

from __future__ import annotations

import random
import struct
from pathlib import Path

import pytest

from verify.index_files import check_store

COUNT = 300
PER_ELEMENT = 4 + 32 * 4 + 8 * 4 + 8  # link count, maxM0=32 links, an 8-float vector, the label


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    import chromadb
    from chromadb.api.client import SharedSystemClient
    from chromadb.config import Settings as ChromaConfig

    store = tmp_path_factory.mktemp("hnsw")
    client = chromadb.PersistentClient(str(store), ChromaConfig(anonymized_telemetry=False))
    col = client.get_or_create_collection(
        "vectors",
        metadata={"hnsw:space": "cosine", "hnsw:sync_threshold": 50, "hnsw:batch_size": 10},
        embedding_function=None,
    )
    rng = random.Random(7)
    for start in range(0, COUNT, 50):
        ids = [f"v{i}" for i in range(start, start + 50)]
        col.add(ids=ids, embeddings=[[rng.random() for _ in range(8)] for _ in ids])
    SharedSystemClient.clear_system_cache()
    (segment,) = [p for p in store.iterdir() if p.is_dir()]
    header = (segment / "header.bin").read_bytes()
    assert struct.unpack_from("<QQ", header, 20) == (COUNT, PER_ELEMENT)  # all flushed
    return segment


@pytest.fixture
def copy(index: Path, tmp_path: Path) -> Path:
    import shutil

    shutil.copytree(index, tmp_path / index.name)
    return tmp_path / index.name


def _poke(path: Path, offset: int, data: bytes) -> None:
    with open(path, "r+b") as fh:
        fh.seek(offset)
        fh.write(data)


def _first_upper_block(segment: Path) -> int:
    """Byte offset of the first upper-level block in link_lists.bin (after its u32 size)."""
    data = (segment / "link_lists.bin").read_bytes()
    pos = 0
    while True:
        (size,) = struct.unpack_from("<I", data, pos)
        if size:
            return pos + 4
        pos += 4


def test_a_sound_index_passes(copy: Path):
    assert check_store(copy.parent) == []


@pytest.mark.parametrize(
    ("name", "damage", "problem"),
    [
        (
            "header.bin",
            lambda s: _poke(s / "header.bin", 0, b"\xff" * 100),
            "its fields are inconsistent (sizes, counts or entry point)",
        ),
        (
            "header.bin",
            lambda s: (s / "header.bin").write_bytes((s / "header.bin").read_bytes()[:33]),
            "is 33 bytes, not 100",
        ),
        (
            "data_level0.bin",
            lambda s: _poke(s / "data_level0.bin", 7 * PER_ELEMENT, b"\xff\xff"),
            "an element claims 65535 links, more than 32",
        ),
        (
            "data_level0.bin",
            lambda s: _poke(
                s / "data_level0.bin", 7 * PER_ELEMENT + 4, struct.pack("<I", 50_000_000)
            ),
            "a link points past the last of 300 elements",
        ),
        (
            "data_level0.bin",
            lambda s: _poke(
                s / "data_level0.bin",
                8 * PER_ELEMENT - 8,
                (s / "data_level0.bin").read_bytes()[PER_ELEMENT - 8 : PER_ELEMENT],
            ),
            "two elements carry the same label",
        ),
        (
            "data_level0.bin",
            lambda s: (s / "data_level0.bin").write_bytes(
                (s / "data_level0.bin").read_bytes()[: 100 * PER_ELEMENT]
            ),
            f"is {100 * PER_ELEMENT:,} bytes, too short for 300 elements",
        ),
        (
            "link_lists.bin",
            lambda s: _poke(
                s / "link_lists.bin", _first_upper_block(s) + 4, struct.pack("<I", 50_000_000)
            ),
            "an upper-level link points past the last of 300 elements",
        ),
    ],
)
def test_each_damage_is_named(copy: Path, name: str, damage, problem: str):  # type: ignore[no-untyped-def]
    damage(copy)
    found = check_store(copy.parent)
    assert [(d.path, d.problem) for d in found] == [(copy / name, problem)]
