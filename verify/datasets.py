"""Readers for labelled claim-verification sets (the ``../shared/data`` schema) and the fixed
held-out split that training and ``verify eval`` both honour."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Literal

from pydantic import BaseModel

GoldStance = Literal["supports", "refutes", "none"]
GoldVerdict = Literal["supported", "refuted", "conflicting", "not_enough_evidence"]


class GoldSource(BaseModel):
    id: str
    title: str = ""
    text: str
    stance: GoldStance


class GoldClaim(BaseModel):
    id: str
    claim: str
    verdict: GoldVerdict | None = None
    sources: list[GoldSource]


HELD_OUT_BUCKETS = 5
"""One claim in five (by a hash of its id) is never trained on."""


def is_held_out(claim_id: str) -> bool:
    """True when a claim belongs to the fixed evaluation part of its set.

    A stable hash (not Python's salted ``hash``) so the split is the same on every machine.
    """
    digest = hashlib.sha1(claim_id.encode("utf-8")).hexdigest()
    return int(digest, 16) % HELD_OUT_BUCKETS == 0


def read_claims(path: str | Path) -> Iterator[GoldClaim]:
    """Yield the claims of a JSONL file, one per line; blank lines are skipped."""
    with open(path, encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                yield GoldClaim.model_validate_json(line)
            except ValueError as exc:
                raise ValueError(f"{path}:{lineno}: not a labelled claim: {exc}") from exc


def read_pairs(path: str | Path) -> Iterator[dict[str, str]]:
    """Yield ``{"claim", "passage", "stance", "title"?}`` pairs (the ``extra/`` files)."""
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield json.loads(line)
