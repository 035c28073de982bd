"""Spotting article text that reads like instructions to a model (prompt injection).

Flagging never changes a stance by itself: judges treat article text as data regardless. The
flag tells the reader that a source tried to talk to the machine.
"""

from __future__ import annotations

import re
import unicodedata

_ESCAPE = re.compile(r"\x1b(?:\][^\x07\x1b]*(?:\x07|\x1b\\)?|\[[0-?]*[ -/]*[@-~]|[@-Z\\-_])")


def plain_text(text: str) -> str:
    """``text`` as a reader sees it: NFKC-normalised, terminal escape sequences and control or
    zero-width characters removed. A claim's stray ``\x1b[31m`` must not be read as the
    number 31, nor a zero-width space split a word the rules look for."""
    text = _ESCAPE.sub("", unicodedata.normalize("NFKC", text))
    return "".join(
        ch for ch in text if ch in "\n\t" or unicodedata.category(ch) not in ("Cc", "Cf")
    )


_PATTERNS = [
    (
        r"\bignore (all |any )?(the )?(previous|prior|above|earlier) (instructions|prompts?|rules)",
        "ignore-instructions",
    ),
    (
        r"\bdisregard (all |any )?(the )?(previous|prior|above|earlier|your)\b",
        "ignore-instructions",
    ),
    (r"\b(system|assistant|developer)\s*(prompt|message)?\s*:", "fake-role"),
    (r"<\s*/?\s*(system|assistant|instructions?|im_start|im_end)\s*>", "fake-role"),
    (
        r"\byou are (now )?(an?|the) (ai|assistant|language model|fact[- ]checker|judge)\b",
        "role-play",
    ),
    (
        r"\b(answer|respond|reply|output|return|say|mark(?:ed)?|classif(?:y|ied)|label(?:l?ed)?)\b[^.\n]{0,40}\b(supported|supports|refuted|refutes|true|verified)\b",
        "verdict-instruction",
    ),
    (
        r"\b(verdict|stance|label)\s*[:=]\s*[\"']?(supported|supports|refuted|refutes|true|false)",
        "fake-verdict",
    ),
    (r"\bnew instructions?\b|\boverride\b[^.\n]{0,30}\binstructions?\b", "ignore-instructions"),
]
_COMPILED = [(re.compile(p, re.IGNORECASE), flag) for p, flag in _PATTERNS]


def instruction_flags(text: str) -> list[str]:
    """Names of the injection patterns found in ``text`` (empty for ordinary articles)."""
    found = {flag for pattern, flag in _COMPILED if pattern.search(text)}
    return sorted(found)


def tainted_lines(text: str) -> list[tuple[int, int]]:
    """Character spans of the lines (paragraphs) that address a model. A sentence inside one
    is not reporting anything, even when it reads like a statement of fact."""
    spans = []
    pos = 0
    for line in text.split("\n"):
        if line.strip() and instruction_flags(line):
            spans.append((pos, pos + len(line)))
        pos += len(line) + 1
    return spans
