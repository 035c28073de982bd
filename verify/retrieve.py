"""Candidate passages per source for a claim, and dismissal of sources that are plainly unrelated.

A source is dismissed (``not_mentioned``, no judge time) only when its best chunk is provably
below ``min_similarity``: either its own best passage is, or a corpus-wide search found at least
``prefilter_k`` better chunks all under the threshold. So judge work grows with the number of
relevant sources, not with the size of the store.
"""

from __future__ import annotations

from dataclasses import dataclass

from .config import RetrievalSettings
from .models import Passage
from .store import SourceRecord, Store

SMALL_STORE = 32
"""Up to this many sources, each is searched on its own: simpler and just as fast."""


@dataclass
class Candidate:
    record: SourceRecord
    passages: list[Passage]

    @property
    def best(self) -> float:
        return max((p.similarity for p in self.passages), default=0.0)


@dataclass
class Retrieval:
    candidates: list[Candidate]
    dismissed: dict[str, float | None]
    """Source id → its best similarity when known (None: below every corpus-wide hit)."""


def retrieve(
    store: Store, records: list[SourceRecord], vector: list[float], cfg: RetrievalSettings
) -> Retrieval:
    if len(records) <= SMALL_STORE:
        return _per_source(store, records, vector, cfg)
    committed = {r.id: r for r in records}
    total = sum(r.n_chunks for r in records)
    k = min(cfg.prefilter_k, total)
    while True:
        hits = store.search(vector, k=k)
        valid = [h for h in hits if _committed(h, committed)]
        floor = hits[-1].similarity if hits else 0.0
        if floor < cfg.min_similarity or k >= total:
            break
        k = min(k * 2, total)
    best: dict[str, float] = {}
    for h in valid:
        best[h.chunk.source_id] = max(best.get(h.chunk.source_id, -1.0), h.similarity)
    relevant = [committed[sid] for sid, sim in best.items() if sim >= cfg.min_similarity]
    out = _per_source(store, relevant, vector, cfg)
    for r in records:
        if r.id not in best:
            out.dismissed[r.id] = None
        elif best[r.id] < cfg.min_similarity:
            out.dismissed[r.id] = best[r.id]
    return out


def _committed(hit: Passage, committed: dict[str, SourceRecord]) -> bool:
    rec = committed.get(hit.chunk.source_id)
    return rec is not None and hit.content_hash == rec.content_hash


def _per_source(
    store: Store, records: list[SourceRecord], vector: list[float], cfg: RetrievalSettings
) -> Retrieval:
    candidates: list[Candidate] = []
    dismissed: dict[str, float | None] = {}
    for rec in records:
        passages = store.search(vector, k=cfg.top_k, source=rec)
        cand = Candidate(rec, passages)
        if passages and cand.best >= cfg.min_similarity:
            candidates.append(cand)
        else:
            dismissed[rec.id] = cand.best if passages else None
    return Retrieval(candidates, dismissed)
