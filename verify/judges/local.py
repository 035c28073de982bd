"""The local verifier: our fine-tuned MiniLM cross-encoder (ONNX, CPU), no API key.

Each retrieved passage is read sentence by sentence, with the sentence before it as context,
so the quote shown to the user is the sentence the decision rests on. A ``supports`` whose
sentence states another date or number than the claim is turned into ``refutes`` (or dropped
when the sentence states none): see :mod:`verify.quantities`.
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..batching import padded_batches
from ..cache import RowCache
from ..chunk import Span, sentences
from ..config import JudgeSettings
from ..errors import ModelError
from ..models import Evidence, SourceVerdict
from ..overlap import coverage, negated, same_subject, terms
from ..quantities import conflict, extract
from ..safety import tainted_lines
from .base import Judgment, SourceEvidence
from .pairs import LABELS, MAX_LENGTH, format_pair

MODEL_DIR = Path(__file__).resolve().parent.parent / "weights" / "verifier"
SUP, REF, NONE = (LABELS.index(x) for x in ("supports", "refutes", "none"))
EVIDENCE_PER_STANCE = 2
CACHE_SIZE = 50_000
NOTES = {
    "contradicts": "a sentence gives another date or number than the claim",
    "missing": "a sentence matches but does not state the claim's date or number",
    "no-cue": "a weak refutation with no differing date, number or negation was set aside",
}


@dataclass
class Scored:
    span: Span
    probs: np.ndarray  # [supports, refutes, none]
    note: str | None = None
    context_start: int | None = None  # where the context sentence starts, if it is the text's


class VerifierModel:
    """The ONNX cross-encoder, loaded once per process and shared (thread-safe lazy load)."""

    def __init__(
        self, model_dir: Path = MODEL_DIR, batch_size: int = 32, batch_tokens: int = 512
    ) -> None:
        self.model_dir = model_dir
        self.batch_size = batch_size
        self.batch_tokens = batch_tokens
        self._lock = threading.Lock()
        self._session: object | None = None
        self._tokenizer: object | None = None
        self.info: dict[str, object] = {}
        self._cache: RowCache[tuple[str, str]] = RowCache(len(LABELS), CACHE_SIZE)
        """Scores by exact (claim, passage) input: repeated checks and batches skip the model."""

    @property
    def model_id(self) -> str:
        self._load()
        return f"verify-verifier-minilm-{self.info.get('trained', 'unknown')}"

    def _load(self) -> None:
        if self._session is not None:
            return
        with self._lock:
            if self._session is not None:
                return
            import onnxruntime as ort
            from tokenizers import Tokenizer

            onnx = self.model_dir / "model.onnx"
            if not onnx.is_file():
                raise ModelError(f"local verifier model missing: {onnx}")
            try:
                self.info = json.loads((self.model_dir / "verifier.json").read_text())
                tok = Tokenizer.from_file(str(self.model_dir / "tokenizer.json"))
                options = ort.SessionOptions()
                options.log_severity_level = 3
                session = ort.InferenceSession(
                    str(onnx), options, providers=["CPUExecutionProvider"]
                )
            except Exception as exc:
                raise ModelError(f"cannot load the local verifier: {exc}") from None
            tok.enable_truncation(max_length=MAX_LENGTH, strategy="only_second")
            tok.no_padding()
            self._tokenizer = tok
            self._session = session

    def predict(self, pairs: list[tuple[str, str]]) -> np.ndarray:
        """Class probabilities, one row per (text_a, text_b) pair, in LABELS order."""
        if not pairs:
            return np.zeros((0, len(LABELS)), dtype=np.float32)
        self._load()
        return self._cache.get_many(pairs, self._run)

    def _run(self, pairs: list[tuple[str, str]]) -> np.ndarray:
        assert self._tokenizer is not None and self._session is not None
        encs = self._tokenizer.encode_batch(pairs)  # type: ignore[attr-defined]
        out = np.zeros((len(pairs), len(LABELS)), dtype=np.float32)
        for idx, inputs in padded_batches(encs, self.batch_size, self.batch_tokens):
            (logits,) = self._session.run(["logits"], inputs)  # type: ignore[attr-defined]
            z = logits - logits.max(axis=1, keepdims=True)
            p = np.exp(z)
            out[idx] = p / p.sum(axis=1, keepdims=True)
        return out


class LocalJudge:
    """Decides each source from its sentences' verifier scores; marks borderline ones unsure."""

    def __init__(self, settings: JudgeSettings, model: VerifierModel | None = None) -> None:
        self.settings = settings
        self.model = model or VerifierModel()

    @property
    def name(self) -> str:
        return "local"

    def judge(self, claim: str, items: list[SourceEvidence]) -> list[Judgment]:
        claim_q = extract(claim)
        claim_terms = terms(claim)
        # Off-topic sentences (too few of the claim's words) and instruction-like ones cannot
        # be evidence: they are settled as "none" here and never reach the model.
        per_source: list[list[tuple[Span, str, int | None, bool]]] = []
        pairs: list[tuple[str, str]] = []
        for item in items:
            rows = []
            tainted = tainted_lines(item.text) if item.record.flags else []
            for span, ctx, ctx_start in self._spans(item, tainted):
                sentence = item.text[span.start : span.end]
                on_topic = (
                    coverage(claim_terms, f"{ctx} {sentence}") >= self.settings.min_overlap
                    # the sentence itself must share some of the claim, not only its context
                    and coverage(claim_terms, sentence) >= self.settings.min_overlap / 2
                    # orders to a model are not facts
                    and not any(a <= span.start < b for a, b in tainted)
                )
                if on_topic:
                    pairs.append(format_pair(claim, sentence, ctx))
                rows.append((span, ctx, ctx_start, on_topic))
            per_source.append(rows)
        probs = iter(self.model.predict(pairs))
        out: list[Judgment] = []
        for item, rows in zip(items, per_source, strict=True):
            scored = []
            for span, ctx, ctx_start, on_topic in rows:
                if not on_topic:
                    continue
                p = next(probs).copy()
                note = None
                if p.argmax() == SUP and not claim_q.empty():
                    window = f"{ctx} {item.text[span.start : span.end]}"
                    rel = conflict(claim_q, extract(window))
                    if rel == "contradicts" and not same_subject(claim, window):
                        rel = "missing"  # another date, but about something else
                    if rel == "contradicts":
                        p[REF], p[SUP], note = max(p[SUP], p[REF]), min(p[SUP], p[REF]), rel
                    elif rel == "missing":
                        p[NONE], p[SUP], note = max(p[SUP], p[NONE]), min(p[SUP], p[NONE]), rel
                elif p.argmax() == REF and p[REF] < self.settings.refutes_without_cue:
                    # The verifier over-calls "refutes" on related sentences; below the bar a
                    # refutation needs a cue it can be checked against: a differing date or
                    # number, or one side negated where the other is not.
                    sentence = item.text[span.start : span.end]
                    window = f"{ctx} {sentence}"
                    rel = conflict(claim_q, extract(window))
                    cue = (rel == "contradicts" and same_subject(claim, window)) or (
                        negated(claim) != negated(sentence)
                    )
                    if not cue:
                        p[NONE], p[REF], note = max(p[REF], p[NONE]), min(p[REF], p[NONE]), "no-cue"
                scored.append(Scored(span, p, note, ctx_start))
            out.append(self._decide(item, scored))
        return out

    def _spans(
        self, item: SourceEvidence, tainted: list[tuple[int, int]] | None = None
    ) -> list[tuple[Span, str, int | None]]:
        """Sentences inside the retrieved passages (best passage first), each with the
        sentence before it as context (and where that context starts in the text, when it
        comes from the text); capped at ``max_sentences``."""
        all_spans = sentences(item.text)
        chosen: list[tuple[Span, str, int | None]] = []
        seen: set[tuple[int, int]] = set()
        for passage in item.passages:
            for i, span in enumerate(all_spans):
                if span.start < passage.chunk.start or span.end > passage.chunk.end:
                    continue
                if (span.start, span.end) in seen:
                    continue
                seen.add((span.start, span.end))
                prev = all_spans[i - 1] if i > 0 else None
                # the first sentence is read in the light of the title, when it is not the title
                ctx = item.text[prev.start : prev.end] if prev else item.record.title
                ctx_start = prev.start if prev else None
                if prev and any(a <= prev.start < b for a, b in tainted or []):
                    ctx, ctx_start = "", None  # an injected line is no context either
                if ctx.strip() == item.text[span.start : span.end].strip():
                    ctx, ctx_start = "", None
                chosen.append((span, ctx, ctx_start))
                if len(chosen) >= self.settings.max_sentences:
                    return chosen
        return chosen

    def _decide(self, item: SourceEvidence, scored: list[Scored]) -> Judgment:
        t_sup, t_ref = self.settings.supports_threshold, self.settings.refutes_threshold
        sup = sorted(scored, key=lambda s: -s.probs[SUP])
        ref = sorted(scored, key=lambda s: -s.probs[REF])
        best_sup = float(sup[0].probs[SUP]) if sup else 0.0
        best_ref = float(ref[0].probs[REF]) if ref else 0.0
        evidence: list[Evidence] = []
        for s in sup[:EVIDENCE_PER_STANCE]:
            if s.probs[SUP] >= t_sup:
                evidence.append(self._evidence(item, s, "supports", float(s.probs[SUP])))
        for s in ref[:EVIDENCE_PER_STANCE]:
            if s.probs[REF] >= t_ref:
                evidence.append(self._evidence(item, s, "refutes", float(s.probs[REF])))
        has_sup, has_ref = best_sup >= t_sup, best_ref >= t_ref
        if has_sup and has_ref and abs(best_sup - best_ref) < self.settings.mixed_margin:
            stance, confidence = "mixed", min(best_sup, best_ref)
        elif has_sup and has_ref:  # one side clearly stronger: a source rarely says both
            if best_sup > best_ref:
                stance, confidence = "supports", best_sup
            else:
                stance, confidence = "refutes", best_ref
            keep = stance
            evidence = [e for e in evidence if e.stance == keep]
        elif has_sup:
            stance, confidence = "supports", best_sup
        elif has_ref:
            stance, confidence = "refutes", best_ref
        else:
            stance, confidence = "not_mentioned", 1.0 - max(best_sup, best_ref)
        margin = self.settings.unsure_margin
        unsure = stance == "mixed" or any(
            abs(v - t) < margin for v, t in ((best_sup, t_sup), (best_ref, t_ref))
        )
        # Explain what shaped the decision: the notes of the quoted sentences, or of every
        # sentence when nothing was quoted.
        quoted = {(e.start, e.end) for e in evidence}
        notes = sorted(
            {
                s.note
                for s in scored
                if s.note and (not quoted or (s.span.start, s.span.end) in quoted)
            }
        )
        reason = "; ".join(NOTES[n] for n in notes) or None
        verdict = SourceVerdict(
            source_id=item.record.id,
            title=item.record.title,
            date=item.record.date,
            stance=stance,  # type: ignore[arg-type]
            confidence=round(float(confidence), 4),
            evidence=evidence,
            judge=self.name,
            reason=reason,
            similarity=round(item.similarity, 4),
            flags=list(item.record.flags),
        )
        return Judgment(verdict=verdict, unsure=unsure, focus=self._focus(scored))

    @staticmethod
    def _focus(scored: list[Scored]) -> list[tuple[int, int]]:
        """What the decision rested on: the sentence most for the claim and the one most
        against it (often the same), each from the start of its context sentence, so a second
        judge reads what this one read."""
        if not scored:
            return []
        best = [max(scored, key=lambda s: float(s.probs[k])) for k in (SUP, REF)]
        spans = {
            (s.context_start if s.context_start is not None else s.span.start, s.span.end)
            for s in best
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
