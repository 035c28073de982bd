"""Length-sorted batches for the ONNX encoders, bounded by rows and by padded tokens.

A batch costs its row count times its longest row. Sorting by length keeps padding small, and a
token budget keeps batches small where rows are long: on a laptop CPU a few long rows per call
run faster than 32 (cache-sized matrices), while short rows (queries) still go many at a time.
Measured on 1,062 news chunks, 2 cores: 32 rows per call 27.4 s, 512 padded tokens 23.5 s.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

import numpy as np


def length_batches(lengths: Sequence[int], max_rows: int, max_tokens: int) -> list[list[int]]:
    """Indexes into ``lengths`` grouped shortest first; each group holds at most ``max_rows``
    rows and, padded to its longest row, at most ``max_tokens`` tokens (at least one row)."""
    order = sorted(range(len(lengths)), key=lambda i: lengths[i])
    batches: list[list[int]] = []
    current: list[int] = []
    for i in order:
        # sorted ascending, so the row being added is the longest of its group
        if current and (len(current) >= max_rows or (len(current) + 1) * lengths[i] > max_tokens):
            batches.append(current)
            current = []
        current.append(i)
    if current:
        batches.append(current)
    return batches


def padded_batches(
    encodings: Sequence[Any], max_rows: int, max_tokens: int
) -> Iterator[tuple[list[int], dict[str, np.ndarray]]]:
    """For ``tokenizers`` encodings: each batch's row indexes and its BERT-style ONNX inputs
    (``input_ids``, ``attention_mask``, ``token_type_ids``), zero-padded to the longest row."""
    lengths = [len(e.ids) for e in encodings]
    for idx in length_batches(lengths, max_rows, max_tokens):
        width = max(lengths[i] for i in idx)
        ids = np.zeros((len(idx), width), dtype=np.int64)
        mask = np.zeros_like(ids)
        types = np.zeros_like(ids)
        for row, i in enumerate(idx):
            e = encodings[i]
            ids[row, : lengths[i]] = e.ids
            mask[row, : lengths[i]] = 1
            types[row, : lengths[i]] = e.type_ids
        yield idx, {"input_ids": ids, "attention_mask": mask, "token_type_ids": types}
