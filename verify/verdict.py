"""From per-source stances to the claim's verdict, and the check every quote must pass."""

from __future__ import annotations

from .models import Evidence, SourceVerdict, Verdict

SAID = {
    "supports": "supports the claim",
    "refutes": "contradicts the claim",
    "mixed": "both supports and contradicts the claim",
}
"""A judge's stance in words, for the reason of a source left ``unverified``."""


def verify_quotes(
    verdict: SourceVerdict, text: str, tainted: list[tuple[int, int]] | None = None
) -> SourceVerdict:
    """Keep only evidence found verbatim in ``text``, with offsets that point at it, and
    outside the ``tainted`` spans (lines that address a model, see verify.safety).

    A quote whose offsets are wrong but which occurs in the text is re-anchored; one that does
    not occur is dropped. A supports/refutes stance left with no quote of its kind cannot rest
    on anything shown, so it becomes ``unverified`` with the reason.
    """
    kept: list[Evidence] = []
    dropped = 0
    for ev in verdict.evidence:
        if not (0 <= ev.start < ev.end <= len(text) and text[ev.start : ev.end] == ev.quote):
            quote = ev.quote.strip()
            at = text.find(quote) if quote else -1
            if at < 0:
                dropped += 1
                continue
            ev = ev.model_copy(update={"quote": quote, "start": at, "end": at + len(quote)})
        if tainted and any(ev.start < b and a < ev.end for a, b in tainted):
            dropped += 1  # text that addresses a model is not evidence, whoever quotes it
            continue
        kept.append(ev)
    update: dict[str, object] = {"evidence": kept}
    kinds = {ev.stance for ev in kept}
    needs = {"supports": {"supports"}, "refutes": {"refutes"}, "mixed": {"supports", "refutes"}}
    required = needs.get(verdict.stance)
    if required and not required <= kinds:
        update["stance"] = "unverified"
        said = SAID[verdict.stance]
        quotes = "a quote it gave is" if dropped == 1 else f"{dropped} quotes it gave are"
        update["reason"] = (
            f"the judge said it {said}, but {quotes} not in the article "
            "(or in text addressed to an AI)"
            if dropped
            else f"the judge said it {said} but quoted nothing from it to show it"
        )
        if verdict.reason:  # keep what the judge (and a cascade's local verifier) said
            update["reason"] = f"{update['reason']}; {verdict.reason}"
    return verdict.model_copy(update=update)


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
