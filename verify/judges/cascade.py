"""The cascade: the local verifier judges every source; the LLM sees only what it is unsure of.

A source goes to the LLM when the local judgment is ``unsure`` (near a threshold), when its
stance is ``mixed``, or when the sources disagree (some support, some refute): then every
source that takes a side is asked again. Every other source keeps its local verdict, so the
local model stays in charge of what it is sure of and the LLM is paid only where it can help.

The LLM reads only the sentences the verifier found most telling (each with the sentence
before it), not whole passages: that is most of the saving in prompt tokens.
"""

from __future__ import annotations

from dataclasses import replace

from ..safety import tainted_lines
from ..verdict import verify_quotes
from .base import BaseJudge, Judge, Judgment, SourceEvidence, ajudge


def needs_llm(judgments: list[Judgment]) -> list[int]:
    """Indexes of the judgments the LLM should redo."""
    stances = [j.verdict.stance for j in judgments]
    conflict = ("supports" in stances or "mixed" in stances) and (
        "refutes" in stances or "mixed" in stances
    )
    return [
        i
        for i, j in enumerate(judgments)
        if j.unsure
        or j.verdict.stance == "mixed"
        or (conflict and j.verdict.stance in ("supports", "refutes", "mixed"))
    ]


class CascadeJudge(BaseJudge):
    """``local`` first, ``llm`` for the sources :func:`needs_llm` picks."""

    uses_verifier = True

    def __init__(self, local: Judge, llm: Judge) -> None:
        self.local = local
        self.llm = llm

    @property
    def name(self) -> str:
        return f"cascade({self.local.name}>{self.llm.name})"

    def describe(self) -> dict[str, str]:
        out = {"cascade": f"{self.local.name} then {self.llm.name}"}
        extra = getattr(self.llm, "describe", None)
        if callable(extra):
            out.update(extra())
        return out

    def judge_sources(self, claim: str, items: list[SourceEvidence]) -> list[Judgment]:
        first = self.local.judge(claim, items)
        picked = needs_llm(first)
        if not picked:
            return first
        second = self.llm.judge(claim, self._focused(items, first, picked))
        return self._merge(items, first, picked, second)

    async def ajudge_sources(self, claim: str, items: list[SourceEvidence]) -> list[Judgment]:
        first = await ajudge(self.local, claim, items)
        picked = needs_llm(first)
        if not picked:
            return first
        second = await ajudge(self.llm, claim, self._focused(items, first, picked))
        return self._merge(items, first, picked, second)

    @staticmethod
    def _focused(
        items: list[SourceEvidence], first: list[Judgment], picked: list[int]
    ) -> list[SourceEvidence]:
        """The picked sources, narrowed to what the local judge read closely (when it says)."""
        return [replace(items[i], focus=first[i].focus or items[i].focus) for i in picked]

    @staticmethod
    def _merge(
        items: list[SourceEvidence],
        first: list[Judgment],
        picked: list[int],
        second: list[Judgment],
    ) -> list[Judgment]:
        out = list(first)
        for i, j in zip(picked, second, strict=True):
            item = items[i]
            out[i] = settle(first[i], j, item.text, tainted_lines(item.text))
        return out


DISAGREE = "judges-disagree"
"""Flag on a source where a grounded LLM answer and a confident local one take opposite sides."""


def settle(local: Judgment, llm: Judgment, text: str, tainted: list[tuple[int, int]]) -> Judgment:
    """Do no harm: how an LLM's answer may change the local verifier's judgment of a source.

    - The LLM's answer counts only when it is **grounded**: a supports/refutes/mixed whose
      quotes are verbatim in the article and outside any flagged span (``verify_quotes``). A
      failed, ungrounded or quote-less answer keeps the local judgment and its quotes; the
      LLM's view goes in the reason.
    - "Not mentioned" from the LLM is an absence, not evidence: it cannot undo a quote the
      local verifier showed (the local judgment stays, the LLM's view in the reason); where
      the local verifier found nothing either, they agree.
    - A grounded answer replaces an unsure or not-mentioned local judgment, and agrees with a
      local one on the same side (the LLM's quotes and reason, the higher confidence).
    - A grounded answer against a **confident** local judgment on the other side wins neither:
      the source is ``mixed`` with both sides' quotes and flagged ``judges-disagree``.
    """
    lv = local.verdict
    usage = local.usage + llm.usage
    said = f"local verifier said {lv.stance}"
    gv = llm.verdict
    if gv.stance in ("supports", "refutes", "mixed"):
        gv = verify_quotes(gv, text, tainted)
    if gv.stance == "unverified" or gv.stance not in ("supports", "refutes", "mixed"):
        if gv.stance == "not_mentioned" and lv.stance == "not_mentioned":
            reason = f"{gv.reason} ({said}; the LLM agreed)" if gv.reason else f"{said}; LLM agreed"
            verdict = gv.model_copy(update={"reason": reason})
            return Judgment(verdict=verdict, unsure=False, usage=usage, focus=local.focus)
        why = "found nothing" if gv.stance == "not_mentioned" else "gave no grounded answer"
        detail = f": {gv.reason}" if gv.reason else ""
        reason = f"kept the local verifier's judgment; the LLM {why}{detail}"
        verdict = lv.model_copy(update={"reason": reason[:300]})
        return Judgment(verdict=verdict, unsure=True, usage=usage, focus=local.focus)
    if lv.stance == gv.stance or local.unsure or lv.stance in ("not_mentioned", "unverified"):
        confidence = max(gv.confidence, lv.confidence) if lv.stance == gv.stance else gv.confidence
        reason = f"{gv.reason} ({said}; asked the LLM)" if gv.reason else f"{said}; asked the LLM"
        verdict = gv.model_copy(update={"reason": reason, "confidence": confidence})
        return Judgment(verdict=verdict, unsure=False, usage=usage, focus=local.focus)
    # a confident local judgment and a grounded LLM one disagree: show both, decide neither
    evidence = [*lv.evidence, *(e for e in gv.evidence if e not in lv.evidence)]
    verdict = lv.model_copy(
        update={
            "stance": "mixed",
            "confidence": min(lv.confidence, gv.confidence),
            "evidence": evidence,
            "reason": f"the judges disagree: {said}, the LLM {gv.stance}"
            + (f" ({gv.reason})" if gv.reason else ""),
            "flags": [*lv.flags, DISAGREE],
            "judge": f"{lv.judge}+{gv.judge}",
        }
    )
    return Judgment(verdict=verdict, unsure=True, usage=usage, focus=local.focus)
