"""From per-source stances to the claim's verdict, and the check every quote must pass."""

from __future__ import annotations

from .models import Evidence, SourceVerdict, Verdict
from .safety import addresses_model, tainted_lines

SAID = {
    "supports": "supports the claim",
    "refutes": "contradicts the claim",
    "mixed": "both supports and contradicts the claim",
}
"""A judge's stance in words, for the reason of a source left ``unverified``."""


def verify_quotes(
    verdict: SourceVerdict, text: str, tainted: list[tuple[int, int]] | None = None
) -> SourceVerdict:
    """Keep only evidence found verbatim in ``text``, with offsets that point at it, outside
    the ``tainted`` spans (lines that address a model, see verify.safety; found in ``text``
    when not given) and not itself addressed to a model or telling a reader the verdict.

    A quote whose offsets are wrong but which occurs in the text is re-anchored; one that does
    not occur is dropped. A supports/refutes stance left with no quote of its kind cannot rest
    on anything shown, so it becomes ``unverified`` (failure ``ungrounded``) with the reason:
    whatever a judge was told by the article, it cannot win a side with the article's orders
    as its evidence.
    """
    if tainted is None:
        tainted = tainted_lines(text)
    kept: list[Evidence] = []
    missing = addressed = 0
    for ev in verdict.evidence:
        if not (0 <= ev.start < ev.end <= len(text) and text[ev.start : ev.end] == ev.quote):
            quote = ev.quote.strip()
            at = text.find(quote) if quote else -1
            if at < 0:
                missing += 1
                continue
            ev = ev.model_copy(update={"quote": quote, "start": at, "end": at + len(quote)})
        if any(ev.start < b and a < ev.end for a, b in tainted) or addresses_model(ev.quote):
            addressed += 1  # text that addresses a model is not evidence, whoever quotes it
            continue
        kept.append(ev)
    update: dict[str, object] = {"evidence": kept}
    kinds = {ev.stance for ev in kept}
    needs = {"supports": {"supports"}, "refutes": {"refutes"}, "mixed": {"supports", "refutes"}}
    required = needs.get(verdict.stance)
    if required and not required <= kinds:
        update["stance"] = "unverified"
        update["failure"] = "ungrounded"
        update["reason"] = _why_unverified(verdict.stance, missing, addressed)
        if verdict.reason:  # keep what the judge (and a cascade's local verifier) said
            update["reason"] = f"{update['reason']}; {verdict.reason}"
    return verdict.model_copy(update=update)


def _why_unverified(stance: str, missing: int, addressed: int) -> str:
    """Why a side was not shown, in plain words."""
    said = f"the judge said it {SAID[stance]}"
    if not missing and not addressed:
        return f"{said} but quoted nothing from it to show it"
    why = []
    if missing:
        why.append("a quote it gave is" if missing == 1 else f"{missing} quotes it gave are")
        why[-1] += " not in the article"
    if addressed:
        why.append(
            ("a quote it gave is" if addressed == 1 else f"{addressed} quotes it gave are")
            + " text addressed to an AI model or telling the reader the verdict, which is "
            "never evidence"
        )
    return f"{said}, but " + " and ".join(why)


def overall(sources: list[SourceVerdict]) -> Verdict:
    """supported / refuted when the sources that take a side agree, conflicting when they
    don't, not_enough_evidence when none takes a side (unverified sources take none)."""
    supports = any(s.stance in ("supports", "mixed") for s in sources)
    refutes = any(s.stance in ("refutes", "mixed") for s in sources)
    if supports and refutes:
        return "conflicting"
    if supports:
        return "supported"
    if refutes:
        return "refuted"
    return "not_enough_evidence"
