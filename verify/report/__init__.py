"""Renderers: each takes checked claims (Reports, or Decomposed groups of them: plain values
from :mod:`verify.models`) and nothing else. The formats a user can ask for by name or file
ending are in :mod:`verify.report.registry`."""

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..models import SourceVerdict

STANCE_LABEL = {
    "supports": "supports",
    "refutes": "refutes",
    "mixed": "mixed",
    "not_mentioned": "not mentioned",
    "unverified": "unverified",
}
STANCE_SHORT = {
    "supports": "S",
    "refutes": "R",
    "mixed": "M",
    "not_mentioned": "–",
    "unverified": "?",
}
STANCE_ORDER = {"supports": 0, "refutes": 1, "mixed": 2, "unverified": 3, "not_mentioned": 4}
"""How sources are listed: those that take a side first."""


def stance_counts(stances: Iterable[str]) -> dict[str, int]:
    """How many sources took each stance, in :data:`STANCE_ORDER` (stances none took left out):
    what a claim's header tallies and the batch summary's columns count, one source once."""
    counts: dict[str, int] = {}
    for stance in stances:
        counts[stance] = counts.get(stance, 0) + 1
    return {k: counts[k] for k in sorted(counts, key=STANCE_ORDER.__getitem__)}


def counted(n: int, noun: str) -> str:
    """``n`` and the noun in its number: "1 claim", "3 sources"."""
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def tally(stances: Iterable[str]) -> str:
    """A claim's sources by stance in words: "1 supports, 1 mixed, 3 not mentioned"."""
    return ", ".join(f"{n} {STANCE_LABEL[k]}" for k, n in stance_counts(stances).items())


def by_stance(sources: Sequence["SourceVerdict"]) -> list["SourceVerdict"]:
    """Sources in the order every report lists them: those that take a side first
    (:data:`STANCE_ORDER`), then by id."""
    return sorted(sources, key=lambda s: (STANCE_ORDER[s.stance], s.source_id))
