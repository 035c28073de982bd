"""Split a source into token-bounded chunks on sentence boundaries, keeping character offsets.

Offsets index the cleaned source text, so ``text[chunk.start:chunk.end] == chunk.text``.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from .metadata import MONTHS, WEEKDAY
from .models import Chunk, Source
from .tokens import encoding

_ABBREVIATIONS = {
    "mr",
    "mrs",
    "ms",
    "dr",
    "prof",
    "sr",
    "jr",
    "st",
    "gen",
    "col",
    "lt",
    "sgt",
    "gov",
    "sen",
    "rep",
    "no",
    "vs",
    "etc",
    "inc",
    "ltd",
    "co",
    "corp",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
    "u.s",
    "u.k",
    "u.n",
    "e.g",
    "i.e",
    "approx",
}
# A sentence ends at . ! ? (plus closing quotes/brackets) followed by space and a likely start.
_END = re.compile(r"[.!?…]+[\"'”’)\]]*(?=\s+[\"'“‘(\[]?[A-Z0-9])")
_PARAGRAPH = re.compile(r"\n+")
_CLOCK = re.compile(r"\b[ap]\.m\.$", re.IGNORECASE)
_TIME_GOES_ON = re.compile(
    r"\s+(?:\(\d"  # "9 a.m. (1300 GMT)"
    rf"|\d{{1,2}}\s+(?:{MONTHS})\b"  # "6 a.m. 14 March"
    rf"|{WEEKDAY}\b(?!['’])"  # "4:30 p.m. Tuesday", not "Sunday's"
    rf"|(?:{MONTHS})\.?\s+\d"  # "p.m. March 3"
    r"|[A-Z]{1,4}T\b|UTC\b"  # "8 p.m. ET", "9 a.m. GMT"
    r"|(?:Eastern|Pacific)\b"  # "8 p.m. Eastern"
    r"|(?:Central|Mountain|Atlantic|Local|local|Greenwich)\s+(?:[Tt]ime|Standard|Daylight|Mean))"
)
"""What may follow "a.m."/"p.m." inside a sentence: a day, a date or a time zone ("at 4:30
p.m. Tuesday", "9 a.m. (1300 GMT)", "8 p.m. ET"). Any other capital or number starts a
sentence ("shortly after 2 a.m. Investigators put …", "at 4 a.m. Mountain rescue teams …",
"at 9 p.m. 2,000 people had voted")."""


@dataclass(frozen=True)
class Span:
    start: int
    end: int


def sentences(text: str, offset: int = 0) -> list[Span]:
    """Sentence spans of ``text`` (shifted by ``offset``), never crossing a line break."""
    spans: list[Span] = []
    pos = 0
    for para in _PARAGRAPH.split(text):
        start_para = text.index(para, pos) if para else pos
        pos = start_para + len(para)
        cursor = 0
        for match in _END.finditer(para):
            end = match.end()
            word = para[cursor : match.start()].rsplit(None, 1)[-1:] or [""]
            if word[0].lower().rstrip(".") in _ABBREVIATIONS or re.fullmatch(r"[A-Z]", word[0]):
                continue
            if _CLOCK.search(para[cursor : match.end()]) and _TIME_GOES_ON.match(para, end):
                continue  # "at 4:30 p.m. Tuesday": the time goes on
            _add(spans, para, cursor, end, start_para + offset)
            cursor = end
        _add(spans, para, cursor, len(para), start_para + offset)
    return spans


def _add(spans: list[Span], para: str, start: int, end: int, base: int) -> None:
    piece = para[start:end]
    lead = len(piece) - len(piece.lstrip())
    trail = len(piece) - len(piece.rstrip())
    if end - trail > start + lead:
        spans.append(Span(base + start + lead, base + end - trail))


def chunk_source(
    source: Source, size_tokens: int, overlap_tokens: int, enc_name: str
) -> list[Chunk]:
    """Pack whole sentences into chunks of at most ``size_tokens``; consecutive chunks share
    trailing sentences worth about ``overlap_tokens`` so a fact split across a boundary is
    still read whole. A single sentence longer than a chunk is cut at word boundaries."""
    enc = encoding(enc_name)
    text = source.text
    units: list[tuple[Span, int]] = []
    for span in sentences(text):
        n = len(enc.encode(text[span.start : span.end], disallowed_special=()))
        if n <= size_tokens:
            units.append((span, n))
        else:
            units.extend(_split_long(text, span, size_tokens, enc_name))
    chunks: list[Chunk] = []
    i = 0
    while i < len(units):
        j, total = i, 0
        while j < len(units) and (total + units[j][1] <= size_tokens or j == i):
            total += units[j][1]
            j += 1
        start, end = units[i][0].start, units[j - 1][0].end
        body = text[start:end]
        chunks.append(
            Chunk(
                id=chunk_id(source.id, source.content_hash, len(chunks), body),
                source_id=source.id,
                index=len(chunks),
                start=start,
                end=end,
                text=body,
                tokens=len(enc.encode(body, disallowed_special=())),
            )
        )
        if j >= len(units):
            break
        # step back over trailing sentences to create the overlap, but always move forward
        k, back = j, 0
        while (
            k - 1 > i
            and overlap_tokens
            and (
                back + units[k - 1][1] <= overlap_tokens
                or (k == j and units[k - 1][1] <= size_tokens // 3)
            )
        ):
            back += units[k - 1][1]
            k -= 1
        i = k
    return chunks


def _split_long(text: str, span: Span, size_tokens: int, enc_name: str) -> list[tuple[Span, int]]:
    enc = encoding(enc_name)
    out: list[tuple[Span, int]] = []
    words = list(re.finditer(r"\S+", text[span.start : span.end]))
    cur_start: int | None = None
    cur_end = 0
    cur_tokens = 0
    for w in words:
        n = len(enc.encode(w.group() + " ", disallowed_special=()))
        if cur_start is not None and cur_tokens + n > size_tokens:
            out.append((Span(span.start + cur_start, span.start + cur_end), cur_tokens))
            cur_start, cur_tokens = None, 0
        if cur_start is None:
            cur_start = w.start()
        cur_end = w.end()
        cur_tokens += n
    if cur_start is not None:
        out.append((Span(span.start + cur_start, span.start + cur_end), cur_tokens))
    return out


def chunk_id(source_id: str, content_hash: str, index: int, text: str) -> str:
    """A content hash: the same text of the same source version always gets the same id."""
    h = hashlib.sha256(f"{source_id}\0{content_hash}\0{index}\0{text}".encode()).hexdigest()
    return f"{source_id}:{h[:24]}"
