"""Text as a reader sees it, for pattern checks, with a map back to the stored offsets.

An article can hide words from a regular expression while a person (or a chat model) still
reads them: full-width letters (NFKC folds them), zero-width characters and soft hyphens inside
words, Unicode tag characters (invisible ASCII that some models read), Cyrillic or Greek
look-alike letters among Latin ones, and words spelled out in spaced letters. :func:`view`
undoes all of these on a copy and keeps, for every character of the copy, the offset of the
character it came from, so whatever a check finds in the copy points at the stored text.
The stored text itself is never changed: quotes are verbatim from it.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from dataclasses import dataclass

# Latin look-alikes among Cyrillic and Greek letters (the confusables an attacker reaches for).
# Greek letters used as symbols (μ, α, β, Δ, π...) are left alone: "5 μg" is not an attack.
_CYRILLIC = dict(
    zip("аеорсхуіјѕԁһӏԛԝАВЕКМНОРСТХІЈЅУ", "aeopcxyijsdhlqwABEKMHOPCTXIJSY", strict=True)
)
_GREEK = dict(zip("οΑΒΕΖΗΙΚΜΝΟΡΤΥΧ", "oABEZHIKMNOPTYX", strict=True))
LOOKALIKE = str.maketrans(_CYRILLIC | _GREEK)
_TAG_CHARS = range(0xE0020, 0xE007F)
"""Unicode tag characters: invisible, one per ASCII character (U+E0041 is a hidden "A")."""
_HIDDEN = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2"
    "\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufe00-\ufe0f\ufeff"
    "\ufff9-\ufffb\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3"
    "\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f\U000e0100-\U000e01ef]"
)
"""Every format (Cf) and control (Cc, but newline and tab) character, and the variation
selectors: what :func:`_normalised` drops or decodes (tests check the list against unicodedata)."""
_SPACED = re.compile(r"(?<!\w)(?:[^\W\d_] ){3,}[^\W\d_](?!\w)")
HIDDEN_FLAG_COUNT = 2
"""Invisible characters inside words needed to call a line obfuscated (one can be a slip)."""
SPACED_FLAG_LETTERS = 8
"""A word spelled out in at least this many spaced letters is an obfuscation, not prose."""


@dataclass(frozen=True)
class View:
    """``text`` as read, and ``origin[i]``: the stored offset its character ``i`` came from."""

    text: str
    origin: list[int] | None
    """None when the view is the text itself (plain ASCII: nothing to undo)."""
    hidden: bool = False
    """Whether invisible characters were found inside words, or tag characters anywhere."""
    mixed_script: bool = False
    """Whether a word mixes Latin letters with Cyrillic or Greek look-alikes."""
    spaced: bool = False
    """Whether a word was spelled out in at least SPACED_FLAG_LETTERS spaced letters."""
    stored_length: int = 0

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The stored-text span of the view's characters ``start:end``."""
        if self.origin is None:
            return start, end
        if start >= end or not self.origin:
            at = self.origin[start] if start < len(self.origin) else self.stored_length
            return at, at
        return self.origin[start], self.origin[end - 1] + 1


def _invisible(ch: str) -> bool:
    cat = unicodedata.category(ch)
    if cat == "Cf":
        return True
    if cat == "Cc":
        return ch not in "\n\t"
    return 0xFE00 <= ord(ch) <= 0xFE0F or 0xE0100 <= ord(ch) <= 0xE01EF  # variation selectors


def _letter(ch: str | None) -> bool:
    return ch is not None and ch.isalpha()


def _normalised(text: str) -> tuple[list[str], list[int], bool]:
    """NFKC per character (with its combining marks), invisible characters dropped, tag
    characters decoded; whether any of those hid inside a word."""
    chars: list[str] = []
    origin: list[int] = []
    hidden = False
    inside = 0
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch.isascii():
            chars.append(ch)
            origin.append(i)
            i += 1
            continue
        if ord(ch) in _TAG_CHARS:
            chars.append(chr(ord(ch) - 0xE0000))
            origin.append(i)
            hidden = True
            i += 1
            continue
        if _invisible(ch):
            before = chars[-1] if chars else None
            after = text[i + 1] if i + 1 < n else None
            # a soft hyphen is a legitimate hyphenation hint; a stray control character is
            # mojibake; a zero-width or format character has no place inside a word
            if ch != "\u00ad" and unicodedata.category(ch) == "Cf":
                inside += _letter(before) and _letter(after)
            i += 1
            continue
        j = i + 1
        while j < n and unicodedata.combining(text[j]):
            j += 1
        for out in unicodedata.normalize("NFKC", text[i:j]):
            if not _invisible(out):
                chars.append(out)
                origin.append(i)
        i = j
    return chars, origin, hidden or inside >= HIDDEN_FLAG_COUNT


def _alphabetical(letters: str) -> bool:
    """An index ("A B C D E F ...") is spaced letters in order, not a hidden word."""
    codes = [ord(c) for c in letters.casefold()]
    steps = sum(b == a + 1 for a, b in itertools.pairwise(codes))
    return steps * 2 >= len(codes)


_LOOK = re.compile("[" + "".join(_CYRILLIC) + "".join(_GREEK) + "]")
_LATIN = re.compile(r"[A-Za-z]")
_LETTER = re.compile(r"[^\W\d_]")
_WORD = re.compile(r"\w+")


def _mixed_words(line: str) -> list[str]:
    """Words of ``line`` with both Latin letters and look-alikes ("Ignоre", a Cyrillic о)."""
    return [
        w for w in _WORD.findall(line) if not w.isascii() and _LATIN.search(w) and _LOOK.search(w)
    ]


def _unmask_words(line: str, words: set[str]) -> str:
    return _WORD.sub(lambda m: m[0].translate(LOOKALIKE) if m[0] in words else m[0], line)


def _unmask_lookalikes(text: str) -> tuple[str, bool]:
    """Look-alike letters read as the Latin ones they imitate: in every word that mixes them
    with Latin letters, and everywhere in a line whose letters are mostly Latin."""
    if not _LOOK.search(text):
        return text, False
    mixed = False
    lines = []
    for line in text.split("\n"):
        if _LOOK.search(line) and _LATIN.search(line):  # no Latin letter: nothing imitated
            words = _mixed_words(line)
            mixed = mixed or bool(words)
            if len(_LATIN.findall(line)) * 2 > len(_LETTER.findall(line)):
                line = line.translate(LOOKALIKE)
            elif words:
                line = _unmask_words(line, set(words))
        lines.append(line)
    return "\n".join(lines), mixed


def view(text: str) -> View:
    """``text`` as a reader sees it (see the module docstring), with its offset map."""
    stored = len(text)
    origin: list[int] | None = None
    hidden = False
    if _HIDDEN.search(text) or not unicodedata.is_normalized("NFKC", text):
        chars, origin, hidden = _normalised(text)  # the slow path, for the few lines that need it
        text = "".join(chars)
    read, mixed = _unmask_lookalikes(text)
    spaced = False
    runs = list(_SPACED.finditer(read)) if " " in read else []
    if runs:
        kept = [True] * len(read)
        for m in runs:
            letters = m.group(0)[::2]
            if len(letters) >= SPACED_FLAG_LETTERS and not _alphabetical(letters):
                spaced = True
            for k in range(m.start() + 1, m.end(), 2):  # the spaces between the letters
                kept[k] = False
        origin = origin if origin is not None else list(range(len(read)))
        read = "".join(ch for ch, keep in zip(read, kept, strict=True) if keep)
        origin = [o for o, keep in zip(origin, kept, strict=True) if keep]
    return View(read, origin, hidden, mixed, spaced, stored)
