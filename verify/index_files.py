"""Chroma's HNSW index files, checked before Chroma opens them.

A damaged ``data_level0.bin`` (a link pointing past the last element) makes Chroma's native
code read out of bounds: the process dies with SIGSEGV, no exception, no message. So the
embedded store's index files are checked here first, in Python, for what would send the
native code out of bounds: the header's sizes, and every link of every element at every level.

Layout (chromadb 1.x, its hnswlib fork; one folder per vector segment, named by its UUID):
``header.bin`` (100 bytes: a u32 version, then hnswlib's header fields), ``data_level0.bin``
(per element: u32 link count (low 16 bits), ``maxM0`` u32 links, the vector, a u64 label),
``link_lists.bin`` (per element: a u32 byte size, then that many bytes of upper-level blocks,
each a u32 count and ``maxM`` u32 links). An index Chroma has not flushed yet has no folder.
"""

from __future__ import annotations

import struct
import uuid
from dataclasses import dataclass
from pathlib import Path

import numpy as np

HEADER = "header.bin"
LEVEL0 = "data_level0.bin"
LINKS = "link_lists.bin"
HEADER_SIZE = 100


@dataclass(frozen=True)
class Damage:
    """One index file that would crash Chroma, and what is wrong with it."""

    path: Path
    problem: str

    def __str__(self) -> str:
        return f"{self.path}: {self.problem}"


@dataclass(frozen=True)
class _Header:
    max_elements: int
    count: int
    size_per_element: int
    label_offset: int
    data_offset: int
    max_level: int
    entry_point: int
    max_m: int
    max_m0: int


def segment_dirs(store: Path) -> list[Path]:
    """The vector segments' folders in an embedded store (named by UUID)."""
    if not store.is_dir():
        return []
    out = []
    for child in sorted(store.iterdir()):
        try:
            uuid.UUID(child.name)
        except ValueError:
            continue
        if child.is_dir():
            out.append(child)
    return out


def check_store(store: Path) -> list[Damage]:
    """Every damaged index file in the embedded store at ``store`` (empty when all are sound)."""
    found: list[Damage] = []
    for folder in segment_dirs(store):
        found.extend(check_segment(folder))
    return found


def check_segment(folder: Path) -> list[Damage]:
    """The problems of one segment's files; a folder without a header was never flushed."""
    if not (folder / HEADER).exists():
        return []
    try:
        header = _read_header(folder / HEADER)
        problem = _check_level0(folder / LEVEL0, header)
        if problem:
            return [Damage(folder / LEVEL0, problem)]
        problem = _check_upper(folder / LINKS, header)
        if problem:
            return [Damage(folder / LINKS, problem)]
    except _Bad as bad:
        return [Damage(bad.path, bad.problem)]
    except OSError as exc:
        return [Damage(Path(exc.filename or folder), f"cannot be read: {exc.strerror}")]
    return []


class _Bad(Exception):
    def __init__(self, path: Path, problem: str) -> None:
        super().__init__(problem)
        self.path = path
        self.problem = problem


def _read_header(path: Path) -> _Header:
    raw = path.read_bytes()
    if len(raw) != HEADER_SIZE:
        raise _Bad(path, f"is {len(raw)} bytes, not {HEADER_SIZE}")
    offset0, max_el, count, per_el, label_off, data_off = struct.unpack_from("<6Q", raw, 4)
    max_level, entry = struct.unpack_from("<iI", raw, 52)
    max_m, max_m0, _m = struct.unpack_from("<3Q", raw, 60)
    header = _Header(max_el, count, per_el, label_off, data_off, max_level, entry, max_m, max_m0)
    sane = (
        offset0 == 0
        and 1 <= max_m <= max_m0 <= 4096
        and data_off == max_m0 * 4 + 4
        and label_off > data_off
        and (label_off - data_off) % 4 == 0
        and per_el == label_off + 8
        and count <= max_el
        and -1 <= max_level < 64
        and (count == 0 or entry < count)
    )
    if not sane:
        raise _Bad(path, "its fields are inconsistent (sizes, counts or entry point)")
    return header


def _check_level0(path: Path, h: _Header) -> str | None:
    size = path.stat().st_size
    if size % h.size_per_element or size < h.count * h.size_per_element:
        return f"is {size:,} bytes, too short for {h.count:,} elements"
    if h.count == 0:
        return None
    # only the link block of each element is needed: read the file as rows of u32
    rows = np.fromfile(path, dtype="<u4", count=h.count * h.size_per_element // 4)
    rows = rows.reshape(h.count, h.size_per_element // 4)
    counts = rows[:, 0] & 0xFFFF
    if int(counts.max()) > h.max_m0:
        return f"an element claims {int(counts.max())} links, more than {h.max_m0}"
    links = rows[:, 1 : 1 + h.max_m0]
    used = np.arange(h.max_m0)[None, :] < counts[:, None]
    if bool(((links >= h.count) & used).any()):
        return f"a link points past the last of {h.count:,} elements"
    labels = rows[:, h.label_offset // 4 : h.label_offset // 4 + 2].copy().view("<u8")[:, 0]
    if np.unique(labels).size != labels.size:
        return "two elements carry the same label"
    return None


def _check_upper(path: Path, h: _Header) -> str | None:
    data = path.read_bytes() if path.exists() else b""
    if len(data) % 4:
        return "its size is not a whole number of links"
    words = memoryview(data).cast("I") if data else memoryview(b"").cast("I")
    block = h.max_m + 1  # in u32: a count, then max_m links
    headers: list[int] = []
    pos = 0
    for _ in range(h.count):  # each element: a u32 byte size, then that many bytes of blocks
        if pos >= len(words):
            return "ends before the last element's entry"
        size = words[pos]
        if size % (block * 4) or size // (block * 4) > max(h.max_level, 0):
            return "an element's upper-level links have an impossible size"
        headers.append(pos)
        pos += 1 + size // 4
    if pos != len(words):
        return f"has {(len(words) - pos) * 4:,} bytes beyond the last element"
    rows = np.frombuffer(data, dtype="<u4")
    keep = np.ones(rows.size, dtype=bool)
    keep[headers] = False
    blocks = rows[keep].reshape(-1, block)  # what is left is whole blocks, back to back
    if not blocks.size:
        return None
    counts = blocks[:, 0] & 0xFFFF
    if int(counts.max()) > h.max_m:
        return f"an element claims more than {h.max_m} upper-level links"
    used = np.arange(h.max_m)[None, :] < counts[:, None]
    if bool(((blocks[:, 1:] >= h.count) & used).any()):
        return f"an upper-level link points past the last of {h.count:,} elements"
    return None
