"""The local verifier: our fine-tuned MPNet-base cross-encoder (ONNX, CPU), no API key.

Each retrieved passage is read sentence by sentence, with the sentence before it as context,
so the quote shown to the user is the sentence the decision rests on. The verifier's scores are
corrected by rules on the words (dates and amounts, negation, "the first"), and the source's
stance follows from them: see :mod:`verify.judges.decision`.
"""

from __future__ import annotations

import contextlib
import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from ..cache import RowCache, shared
from ..chunk import Span, sentences
from ..config import JudgeSettings
from ..encoder import EncoderSession
from ..errors import ModelError
from ..metadata import dateline_end, is_metadata
from ..models import Evidence
from ..relative_dates import Published
from ..safety import tainted_lines
from .base import BaseJudge, Judgment, SourceEvidence
from .decision import (
    AGAINST,
    NOTES,
    REF,
    SUP,
    ClaimFacts,
    Cues,
    correct,
    counts,
    decide,
    own_share,
    read_sentence,
    second_reading,
    to_read,
    with_bare,
)
from .pairs import LABELS, MAX_LENGTH, format_pair

MODEL_DIR = Path(__file__).resolve().parent.parent / "weights" / "verifier"
EVIDENCE_PER_STANCE = 2
CACHE_SIZE = 50_000
FOCUS_LEAN = 0.5
"""A score at which the verifier leans to a side: see ``LocalJudge._focus``."""
FOCUS_TIE = 0.05
"""Scores this close to a side's best are a tie, settled by reading order (``_focus``)."""


@dataclass
class Scored:
    span: Span
    probs: np.ndarray  # [supports, refutes, none]
    note: str | None = None
    context_start: int | None = None  # where the context sentence starts, if it is the text's
    stated_alone: bool = True  # states the claim's dates and amounts without its context
    own_words: bool = True  # shares enough of the claim's words without its context


class StanceModel:
    """The local stance model: the ONNX cross-encoder that scores (claim, passage) pairs as
    supports / refutes / neither. Not to be confused with :class:`verify.Verifier`, the
    pipeline; loaded once per process and shared (thread-safe lazy load)."""

    def __init__(
        self,
        model_dir: Path = MODEL_DIR,
        batch_size: int = 32,
        batch_tokens: int = 512,
        threads: int | None = None,
        *,
        onnx: Path | None = None,
        tokenizer: Path | None = None,
    ) -> None:
        """``onnx`` / ``tokenizer`` override the files in ``model_dir`` (``training/`` scores
        an export candidate before it is shipped, through this same class)."""
        self.model_dir = model_dir
        self.batch_size = batch_size
        self.batch_tokens = batch_tokens
        self._tokenizer_path = tokenizer or model_dir / "tokenizer.json"
        self._encoder = EncoderSession(
            model=onnx or model_dir / "model.onnx",
            tokenizer=self._tokenizer_path,
            output="logits",
            truncation={"max_length": MAX_LENGTH, "strategy": "only_second"},
            what="the local verifier",
            threads=threads,
            batch_size=batch_size,
            batch_tokens=batch_tokens,
        )
        self._claim_tokenizer: Any = None
        self._lock = threading.Lock()
        self.info: dict[str, object] = {}

    @property
    def model_id(self) -> str:
        """``verify-verifier-<base encoder>-<trained>``, from ``verifier.json`` (a candidate
        without one is ``verify-verifier-unknown``)."""
        self._load()
        base = str(self.info.get("base_model", "")).split(" (")[0].rsplit("/", 1)[-1].lower()
        parts = [p for p in (base, str(self.info.get("trained", ""))) if p]
        return "-".join(["verify-verifier", *(parts or ["unknown"])])

    def preload(self) -> None:
        """Start loading in a background thread, joined at exit (see
        :meth:`EncoderSession.preload`)."""
        if self._claim_tokenizer is None:
            threading.Thread(target=self._load_quietly, name="load verifier").start()

    def _load_quietly(self) -> None:
        with contextlib.suppress(Exception):  # the first real use raises it, in context
            self._load()

    def _load(self) -> None:
        if self._claim_tokenizer is not None:
            return
        with self._lock:
            if self._claim_tokenizer is not None:
                return
            self._encoder.load()
            from tokenizers import Tokenizer

            self.info = self._read_info()
            claim_tok = Tokenizer.from_file(str(self._tokenizer_path))
            claim_tok.no_truncation()
            claim_tok.no_padding()
            self._claim_tokenizer = claim_tok

    def _read_info(self) -> dict[str, object]:
        info = self.model_dir / "verifier.json"
        try:
            return json.loads(info.read_text()) if info.is_file() else {}
        except (OSError, ValueError) as exc:
            raise ModelError(f"cannot load the local verifier: {exc}") from None

    @property
    def supports_prior(self) -> float:
        """How much the judge weighs this verifier's "supports" score: its ``verifier.json``'s
        ``supports_prior``, chosen on the dev slices for these weights (1 when it gives none).
        It belongs to the weights, so a verifier of your own is not weighed by the shipped
        one's."""
        value = (self.info or self._read_info()).get("supports_prior", 1.0)
        if isinstance(value, bool) or not isinstance(value, int | float) or not 0 < value <= 100:
            where = self.model_dir / "verifier.json"
            raise ModelError(
                f"cannot load the local verifier: supports_prior in {where} must be a number "
                f"in (0, 100], not {value!r}"
            )
        return float(value)

    def predict(self, pairs: list[tuple[str, str]], *, cache: bool = True) -> np.ndarray:
        """Class probabilities, one row per (text_a, text_b) pair, in LABELS order;
        ``cache=False`` runs the model on every pair."""
        if not pairs:
            return np.zeros((0, len(LABELS)), dtype=np.float32)
        self._load()
        if not cache:
            return self._run(list(pairs))
        return self.cache.get_many(pairs, self._run)

    @property
    def cache(self) -> RowCache[tuple[str, str]]:
        """Scores by exact (claim, passage) input, shared by every StanceModel on the same
        files in this process: repeated checks, batches and Verifiers skip the model."""
        self._load()
        key = ("stance", self._encoder.key, MAX_CLAIM_TOKENS)
        return shared(key, len(LABELS), CACHE_SIZE)

    def logits(self, pairs: list[tuple[str, str]]) -> np.ndarray:
        """Raw logits, uncached (export compares them with the PyTorch model's)."""
        self._load()
        return self._forward(pairs)

    def _fit_claim(self, claim: str) -> str:
        enc = self._claim_tokenizer.encode(claim, add_special_tokens=False)
        if len(enc.ids) <= MAX_CLAIM_TOKENS:
            return claim
        return claim[: enc.offsets[MAX_CLAIM_TOKENS - 1][1]]

    def _forward(self, pairs: list[tuple[str, str]]) -> np.ndarray:
        fitted = {a: self._fit_claim(a) for a in {a for a, _ in pairs}}
        out = np.zeros((len(pairs), len(LABELS)), dtype=np.float32)
        for idx, logits, _ in self._encoder.run([(fitted[a], b) for a, b in pairs]):
            out[idx] = logits
        return out

    def _run(self, pairs: list[tuple[str, str]]) -> np.ndarray:
        z = self._forward(pairs)
        z = z - z.max(axis=1, keepdims=True)
        p = np.exp(z)
        return p / p.sum(axis=1, keepdims=True)


_CLOSING = "\"'”’)] \t\n"
_OPENING = {'"': '"', "”": "“", "’": "‘", "'": "'", ")": "(", "]": "["}


def is_question(sentence: str) -> bool:
    """A sentence that asks: it ends with a question mark ("Which metal is more reactive,
    copper or iron?"), also inside quotes that open it after at most a short lead-in ('She
    asked: "Will it reopen?"'). A statement that ends by quoting a question ('The bridge closed,
    and residents asked: "When will it reopen?"') or with an aside ("It reopened (or did it?)")
    still states something."""
    text = sentence.rstrip()
    asked = text.rstrip(_CLOSING)
    if not asked.endswith(("?", "？")):
        return False
    closers = text[len(asked) :].strip()
    if not closers:
        return True
    opener = _OPENING.get(closers[0])
    start = asked.rfind(opener) if opener else -1
    if start < 0:
        return True
    lead = asked[:start]
    return not lead.strip() if closers[0] in ")]" else len(lead.split()) <= 3


def _statement(text: str, span: Span) -> Span | None:
    """The part of a sentence that states something: None for a metadata line, the sentence
    after its dateline otherwise."""
    sentence = text[span.start : span.end]
    if is_metadata(sentence):
        return None
    cut = dateline_end(sentence)
    if cut and is_metadata(sentence[cut:]):
        return None  # "MARROWBY - Wednesday 15 October 2025": a dateline and a date, no more
    return Span(span.start + cut, span.end) if cut and cut < len(sentence) else span


def statements(
    text: str, title: str, tainted: list[tuple[int, int]] | None = None
) -> list[tuple[Span, str, int | None]]:
    """Every statement of an article in text order, each with the context the verifier reads
    it in: the sentence before it (and where that starts), or the title for the first one.
    Metadata lines (date line, byline) and questions are never statements, and a dateline
    ("HOUSTON —") is cut off the sentence it opens. Shared with ``training/`` so that
    training pairs are built exactly as the judge reads articles."""
    spans = [st for s in sentences(text) if (st := _statement(text, s)) is not None]
    out: list[tuple[Span, str, int | None]] = []
    for i, span in enumerate(spans):
        if is_question(text[span.start : span.end]):
            continue  # asks, states nothing; it stays the context of the answer after it
        prev = spans[i - 1] if i > 0 else None
        # the first sentence is read in the light of the title, when it is not the title
        ctx = text[prev.start : prev.end] if prev else title
        ctx_start = prev.start if prev else None
        if prev and any(a <= prev.start < b for a, b in tainted or []):
            ctx, ctx_start = "", None  # an injected line is no context either
        if ctx.strip() == text[span.start : span.end].strip():
            ctx, ctx_start = "", None
        out.append((span, ctx, ctx_start))
    return out


MAX_CLAIM_TOKENS = MAX_LENGTH // 2
"""A claim longer than this (word pieces) is cut: only the passage is truncated to fit, so an
over-long claim would leave it no room (and the tokenizer refuses the pair)."""


class LocalJudge(BaseJudge):
    """Decides each source from its sentences' verifier scores; marks borderline ones unsure."""

    uses_verifier = True

    def __init__(
        self,
        settings: JudgeSettings,
        model: StanceModel | None = None,
        embeddings: Any = None,
    ) -> None:
        self.settings = settings
        self.model = model or StanceModel()
        self.embeddings = embeddings
        """Anything with ``encode(texts) -> unit vectors``; measures how close a sentence is
        to the claim in meaning (``judge.min_relevance``, ``judge.sure_relevance``,
        ``judge.contradiction_relevance``, ``judge.stated_relevance``). None: words only."""

    def relevance(self, claim: str, texts: list[str]) -> list[float]:
        """Cosine of each text with the claim (zeros when no embedder is given)."""
        if self.embeddings is None or not texts:
            return [0.0] * len(texts)
        vectors = self.embeddings.encode([claim, *texts])
        return [float(x) for x in vectors[1:] @ vectors[0]]

    @property
    def name(self) -> str:
        return "local"

    def judge_sources(self, claim: str, items: list[SourceEvidence]) -> list[Judgment]:
        facts = ClaimFacts.of(claim)
        # Off-topic sentences (too few of the claim's words, not close in meaning) and
        # instruction-like ones cannot be evidence: they are settled as "none" here and never
        # reach the model.
        per_source: list[list[tuple[Span, int | None, Cues, bool]]] = []
        pairs: list[tuple[str, str]] = []
        for item, found in zip(items, self.statements_read(claim, items), strict=True):
            sents: list[tuple[Span, int | None, Cues, str, str]] = []
            published = Published.parse(item.record.date)
            for span, ctx, ctx_start, close in found:
                sentence = item.text[span.start : span.end]
                cues = read_sentence(
                    facts, sentence, ctx, close, item.record.title, published, item.text
                )
                sents.append((span, ctx_start, cues, sentence, ctx))
            chosen = to_read([c for _, _, c, _, _ in sents], self.settings)
            kept = [x for x, yes in zip(sents, chosen, strict=True) if yes]
            rows = []
            for span, start, cues, sentence, ctx in kept:
                pairs.append(format_pair(claim, sentence, ctx))
                # its second reading, read as well (``decision.with_bare``)
                bare = second_reading(facts, sentence, published)
                if bare is not None:
                    pairs.append(format_pair(claim, bare, ctx))
                rows.append((span, start, cues, bare is not None))
            per_source.append(rows)
        probs = iter(self.model.predict(pairs))
        settings = self._weighed()
        out: list[Judgment] = []
        for item, rows in zip(items, per_source, strict=True):
            scored = []
            for span, ctx_start, cues, has_bare in rows:
                whole = next(probs)
                bare = next(probs) if has_bare else None
                p, note = correct(with_bare(whole, bare, cues), cues, settings)
                if not counts(p, cues, settings):
                    continue
                own = own_share(cues) >= settings.min_overlap
                scored.append(Scored(span, p, note, ctx_start, cues.stated_alone, own))
            out.append(self._decide(item, scored))
        return out

    def _weighed(self) -> JudgeSettings:
        """The settings with ``supports_prior`` resolved: the user's, else the verifier's own
        (a stand-in model without one: as it scores)."""
        if self.settings.supports_prior is not None:
            return self.settings
        prior = getattr(self.model, "supports_prior", 1.0)
        return self.settings.model_copy(update={"supports_prior": prior})

    def statements_read(
        self, claim: str, items: list[SourceEvidence], *, relevance: bool = False
    ) -> list[list[tuple[Span, str, int | None, float]]]:
        """Each source's sentences the judge reads (:meth:`sentences_read`), less the
        instruction-like ones (orders to a model are not facts), each with its context, where
        that starts, and its closeness to the claim (:meth:`relevance`): measured where a gate
        uses it, or where ``relevance`` asks (a capture keeps it to replay other gates), else 0.
        Shared with ``training.sources``, so a capture reads what the judge reads."""
        read = []
        for item in items:
            tainted = self._tainted(item)
            read.append((tainted, self.sentences_read(item, tainted)))
        g = self.settings
        gates = (g.min_relevance, g.sure_relevance, g.contradiction_relevance, g.stated_relevance)
        close: Iterator[float] = iter(())
        if relevance or min(gates) <= 1.0:
            texts = [
                item.text[s.start : s.end]
                for item, (_, found) in zip(items, read, strict=True)
                for s, _, _ in found
            ]
            close = iter(self.relevance(claim, texts))
        out = []
        for tainted, found in read:
            kept = []
            for span, ctx, ctx_start in found:
                near = next(close, 0.0)
                if not any(a <= span.start < b for a, b in tainted):
                    kept.append((span, ctx, ctx_start, near))
            out.append(kept)
        return out

    @staticmethod
    def _tainted(item: SourceEvidence) -> list[tuple[int, int]]:
        return tainted_lines(item.text)  # not the stored flags: they may predate a pattern

    def sentences_read(
        self, item: SourceEvidence, tainted: list[tuple[int, int]] | None = None
    ) -> list[tuple[Span, str, int | None]]:
        """Sentences inside the retrieved passages (best passage first, then the further ones
        an LLM is not shown), each with the sentence before it as context (and where that
        context starts in the text, when it comes from the text); capped at
        ``max_sentences``."""
        chosen: list[tuple[Span, str, int | None]] = []
        seen: set[tuple[int, int]] = set()
        every = statements(item.text, item.record.title, tainted or [])
        for passage in [*item.passages, *item.further]:
            for span, ctx, ctx_start in every:
                if span.start < passage.chunk.start or span.end > passage.chunk.end:
                    continue
                if (span.start, span.end) in seen:
                    continue
                seen.add((span.start, span.end))
                chosen.append((span, ctx, ctx_start))
                if len(chosen) >= self.settings.max_sentences:
                    return chosen
        return chosen

    def _decide(self, item: SourceEvidence, scored: list[Scored]) -> Judgment:
        d = decide([s.probs for s in scored], self.settings)
        evidence: list[Evidence] = []
        for k, stance, t in (
            (SUP, "supports", self.settings.supports_threshold),
            (REF, "refutes", self.settings.refutes_threshold),
        ):
            if d.stance not in (stance, "mixed"):
                continue  # a source rarely says both: only the winning side is quoted
            # first the best quote that states the claim's dates and amounts itself (a
            # sentence that has them only from the one before it is a weaker quote: "the
            # driver braked two seconds before the curve" after the sentence with the speed),
            # else the best of all; after it only sentences that state them and share the
            # claim's words themselves (one scored high for its context alone, "Shares slid
            # 9 percent on Monday" after the sentence it follows, is no second quote)
            ranked = sorted(scored, key=lambda s: -s.probs[k])
            first = next((s for s in ranked if s.stated_alone and s.probs[k] >= t), ranked[0])
            shown = [first] + [
                s for s in ranked if s is not first and s.stated_alone and s.own_words
            ]
            said: set[str] = set()
            for s in shown:
                if len(said) >= EVIDENCE_PER_STANCE:
                    break
                # a headline repeated above the body is one passage, not two quotes
                words = " ".join(item.text[s.span.start : s.span.end].split()).casefold()
                if s.probs[k] >= t and words not in said:
                    said.add(words)
                    evidence.append(self._evidence(item, s, stance, float(s.probs[k])))
        # Explain what shaped the decision: the notes of the quoted sentences, or of every
        # sentence when nothing was quoted.
        quoted = {(e.start, e.end) for e in evidence}
        notes = sorted(
            {
                s.note
                for s in scored
                if s.note
                and (not quoted or (s.span.start, s.span.end) in quoted)
                # a refutation set aside explains a source left unmentioned, not the support
                # that was left of the same sentence's scores
                and not (s.note == "no-cue" and d.stance != "not_mentioned")
            }
        )
        set_aside = d.stance == "not_mentioned"
        reason = (
            "; ".join(
                NOTES[n]
                + (
                    ", but not clearly enough to count"
                    if set_aside and (n in AGAINST or n == "unchecked")
                    else ""
                )
                for n in notes
            )
            or None
        )
        if reason is None and d.stance == "not_mentioned":
            reason = (
                "no sentence it shares the claim's words with says this or its opposite"
                if scored
                else "no sentence shares enough of the claim's words to be read"
            )
        verdict = self.verdict(
            item,
            d.stance,  # type: ignore[arg-type]
            confidence=round(d.confidence, 4),
            evidence=evidence,
            reason=reason,
        )
        return Judgment(verdict=verdict, unsure=d.unsure, focus=self._focus(scored))

    def _focus(self, scored: list[Scored]) -> list[tuple[int, int]]:
        """What the decision rested on: a sentence for the claim and one against it (often
        the same), each from the start of its context sentence, so a second judge reads what
        this one read. For each side: the first sentence read (best passage first) that the
        verifier leans to that side on (``FOCUS_LEAN``); else, if the side's best score is
        within ``unsure_margin`` of its threshold (a verdict resting on it is unsure, and so
        asked about), the first sentence read within ``FOCUS_TIE`` of that best; else none.
        No sentence either way: the first one read.

        The first leaning sentence, not the top score: scores can differ by a few hundredths
        between machines and ONNX Runtime's optimisation levels (the previous, dynamically
        quantized file did), and a near-tie must not change what the LLM is sent, or a
        recorded cascade would not replay elsewhere (training/experiments/focus_stability.py).
        """
        if not scored:
            return []
        s = self.settings
        floors = {
            SUP: s.supports_threshold - s.unsure_margin,
            REF: s.refutes_threshold - s.unsure_margin,
        }
        best = []
        for k, floor in floors.items():
            leaning = next((x for x in scored if x.probs[k] >= FOCUS_LEAN), None)
            top = max(float(x.probs[k]) for x in scored)
            if leaning is not None:
                best.append(leaning)
            elif top >= floor:  # the first read of the near-best (a near-tie is no choice)
                best.append(next(x for x in scored if x.probs[k] >= top - FOCUS_TIE))
        spans = {
            (x.context_start if x.context_start is not None else x.span.start, x.span.end)
            for x in best or scored[:1]
        }
        return sorted(spans)

    @staticmethod
    def _evidence(item: SourceEvidence, s: Scored, stance: str, score: float) -> Evidence:
        return Evidence(
            quote=item.text[s.span.start : s.span.end],
            start=s.span.start,
            end=s.span.end,
            stance=stance,  # type: ignore[arg-type]
            score=round(score, 4),
        )
