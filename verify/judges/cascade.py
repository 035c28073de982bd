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

from .base import Judge, Judgment, SourceEvidence, ajudge


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


class CascadeJudge:
    """``local`` first, ``llm`` for the sources :func:`needs_llm` picks."""

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

    def judge(self, claim: str, items: list[SourceEvidence]) -> list[Judgment]:
        first = self.local.judge(claim, items)
        picked = needs_llm(first)
        if not picked:
            return first
        second = self.llm.judge(claim, self._focused(items, first, picked))
        return self._merge(first, picked, second)

    async def ajudge(self, claim: str, items: list[SourceEvidence]) -> list[Judgment]:
        first = await ajudge(self.local, claim, items)
        picked = needs_llm(first)
        if not picked:
            return first
        second = await ajudge(self.llm, claim, self._focused(items, first, picked))
        return self._merge(first, picked, second)

    @staticmethod
    def _focused(
        items: list[SourceEvidence], first: list[Judgment], picked: list[int]
    ) -> list[SourceEvidence]:
        """The picked sources, narrowed to what the local judge read closely (when it says)."""
        return [replace(items[i], focus=first[i].focus or items[i].focus) for i in picked]

    @staticmethod
    def _merge(first: list[Judgment], picked: list[int], second: list[Judgment]) -> list[Judgment]:
        out = list(first)
        for i, j in zip(picked, second, strict=True):
            local = first[i].verdict
            note = f"local verifier said {local.stance}; asked the LLM"
            if j.verdict.stance == "unverified":
                # the LLM failed: the source is unverified (an unsure local call is not enough),
                # and the local stance is kept in the reason for the reader
                reason = f"{note}, which failed: {j.verdict.reason}"
                verdict = j.verdict.model_copy(update={"reason": reason})
                out[i] = Judgment(verdict=verdict, unsure=True, usage=first[i].usage + j.usage)
                continue
            reason = f"{j.verdict.reason} ({note})" if j.verdict.reason else note
            verdict = j.verdict.model_copy(update={"reason": reason})
            out[i] = Judgment(verdict=verdict, unsure=False, usage=first[i].usage + j.usage)
        return out
