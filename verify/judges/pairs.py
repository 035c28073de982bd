"""How a (claim, passage) pair is shown to the local verifier.

Training and inference must format pairs identically, so both import this module.
"""

from __future__ import annotations

from ..quantities import clocks_in_digits, in_digits, money_in_words

LABELS: tuple[str, str, str] = ("supports", "refutes", "none")
"""Output order of the verifier's logits."""

MAX_LENGTH = 256
"""Token budget for claim + context + passage (word pieces)."""

FORMAT_VERSION = 4
"""2 (stop 33): numbers written in words are shown in digits (:func:`verify.quantities.in_digits`).
3 (stop 36): amounts after a currency sign are shown in words ("£38 million" → "38 million
pounds", :func:`verify.quantities.money_in_words`), so both sides of a pair write money alike.
4 (stop 37): hours of the day in words as clock times ("at a quarter to seven in the evening" →
"at 6:45 p.m.", :func:`verify.quantities.clocks_in_digits`).
The shipped weights were trained on version 1; read through version 4 they score better on the
dev sets (``training/README.md``, stops 33, 36 and 37)."""


def format_pair(claim: str, passage: str, context: str = "") -> tuple[str, str]:
    """Return the (text_a, text_b) pair fed to the cross-encoder.

    ``context`` is what precedes the passage (the previous sentence, or an article title)
    so that "the organization" or "it" can be resolved. It is marked off so the model can
    learn that the stance must rest on the passage itself. Numbers written in words are shown
    in digits, as most of the verifier's training pairs write them, hours of the day as clock
    times ("at 6:45 p.m."), and money in words after its amount ("38 million pounds"), however
    each side wrote it.
    """
    claim, passage, context = (
        money_in_words(in_digits(clocks_in_digits(" ".join(text.split()))))
        for text in (claim, passage, context)
    )
    text_b = f"{context} | {passage}" if context else passage
    return claim, text_b
