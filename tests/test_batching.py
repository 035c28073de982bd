"""Length-sorted encoder batches: every row once, bounded by rows and by padded tokens."""

from __future__ import annotations

from verify.batching import length_batches


def test_batches_cover_every_row_once_shortest_first() -> None:
    lengths = [130, 12, 250, 14, 128, 13, 400]
    batches = length_batches(lengths, max_rows=32, max_tokens=512)
    flat = [i for b in batches for i in b]
    assert sorted(flat) == list(range(len(lengths)))
    assert [lengths[i] for i in flat] == sorted(lengths)
    for b in batches:  # padded size within budget, unless a single row is longer on its own
        assert len(b) == 1 or len(b) * max(lengths[i] for i in b) <= 512


def test_short_rows_share_a_call_long_rows_go_few_at_a_time() -> None:
    assert [len(b) for b in length_batches([10] * 40, max_rows=32, max_tokens=512)] == [32, 8]
    assert [len(b) for b in length_batches([200] * 5, max_rows=32, max_tokens=512)] == [2, 2, 1]
    assert length_batches([], max_rows=32, max_tokens=512) == []
