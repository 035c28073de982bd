"""How a (claim, passage) pair is shown to the local verifier.

Training and inference must format pairs identically, so both import this module.
"""

from __future__ import annotations

from ..quantities import in_digits

LABELS: tuple[str, str, str] = ("supports", "refutes", "none")
"""Output order of the verifier's logits."""

MAX_LENGTH = 256
"""Token budget for claim + context + passage (word pieces)."""

FORMAT_VERSION = 2
"""2 (stop 33): numbers written in words are shown in digits (:func:`verify.quantities.in_digits`).
The shipped weights were trained on version 1; read through version 2 they score better on the
dev sets (``training/README.md``, stop 33)."""


def format_pair(claim: str, passage: str, context: str = "") -> tuple[str, str]:
    """Return the (text_a, text_b) pair fed to the cross-encoder.

    ``context`` is what precedes the passage (the previous sentence, or an article title)
    so that "the organization" or "it" can be resolved. It is marked off so the model can
    learn that the stance must rest on the passage itself. Numbers written in words are shown
    in digits, as most of the verifier's training pairs write them.
    """
    claim = in_digits(" ".join(claim.split()))
    passage = in_digits(" ".join(passage.split()))
    context = in_digits(" ".join(context.split()))
    text_b = f"{context} | {passage}" if context else passage
    return claim, text_b
