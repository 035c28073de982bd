"""Renderers: each takes checked claims (Reports, or Decomposed groups of them: plain values
from :mod:`verify.models`) and nothing else. The formats a user can ask for by name or file
ending are in :mod:`verify.report.registry`."""

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
