"""Reports as Markdown: the HTML report's content, with quotes as blockquotes and offsets.

Claim and article text is escaped (Markdown punctuation, and ``<``/``&`` so that no HTML an
article contains is passed through by a Markdown renderer).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from urllib.parse import quote, urlsplit

from ..models import Checked, Report, SourceVerdict, Usage, reports_of
from . import STANCE_LABEL, STANCE_SHORT, by_stance, tally

_MD_SPECIAL = re.compile(r"([\\`*_\[\]{}#|!>~])")
_URL_SAFE = ":/?#@!$&'*+,;=%~-._"


def md(text: object) -> str:
    """Escape text for Markdown: HTML-significant characters as entities, Markdown
    punctuation with a backslash, line breaks as spaces. Used for everything that comes from a
    file or a user, source ids included: a code span cannot be escaped (a backtick in a file
    name would close it and let HTML through), so ids are escaped text, not code."""
    s = str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    s = _MD_SPECIAL.sub(r"\\\1", s)
    return " ".join(s.split())


def link(url: str) -> str:
    """A source's address as a Markdown link; only http(s) addresses become links (anything
    else is shown as escaped text), and characters that would end the link are %-encoded."""
    if urlsplit(url).scheme.lower() not in ("http", "https"):
        return md(url)
    return f"[{md(url)}]({quote(url, safe=_URL_SAFE)})"


def _verdict(v: str) -> str:
    return f"**{v.replace('_', ' ').upper()}**"


def render_markdown(reports: Sequence[Checked] | Checked, title: str = "verify report") -> str:
    items: list[Checked] = [reports] if not isinstance(reports, Sequence) else list(reports)
    flat = reports_of(items)
    columns = sorted({sv.source_id for r in flat for sv in r.sources})
    lines = [f"# {md(title)}", ""]
    lines += [f"{len(flat)} claim(s) checked against {len(columns)} source(s).", ""]
    if len(flat) > 1:
        lines += _matrix(items, columns)
    for it in items:
        if isinstance(it, Report):
            lines += _claim(it, "##")
            continue
        lines += [
            f"## Compound claim: {md(it.claim)}",
            "",
            f"Combined verdict: {_verdict(it.verdict)} (split into {len(it.parts)} atomic "
            "claims; refuted if any part is refuted, supported only if every part is)",
            "",
        ]
        for part in it.parts:
            lines += _claim(part, "###", "Part")
    if len(flat) > 1:
        total = Usage()
        for r in flat:
            total = total + r.usage
        lines += ["## Total", "", _usage(total), ""]
    return "\n".join(lines).rstrip() + "\n"


def _matrix(items: Sequence[Checked], columns: list[str]) -> list[str]:
    head = "| claim | verdict | " + " | ".join(md(c) for c in columns) + " |"
    sep = "|" + "---|" * (len(columns) + 2)
    rows = [head, sep]

    def row(r: Report, prefix: str = "") -> str:
        by = r.by_source()
        cells = [STANCE_SHORT[by[c].stance] if c in by else "" for c in columns]
        verdict = r.verdict.replace("_", " ")
        return f"| {prefix}{md(r.claim)} | {verdict} | " + " | ".join(cells) + " |"

    for it in items:
        if isinstance(it, Report):
            rows.append(row(it))
        else:
            blanks = " | ".join("" for _ in columns)
            verdict = it.verdict.replace("_", " ")
            rows.append(f"| **{md(it.claim)}** | **{verdict}** | {blanks} |")
            rows.extend(row(p, "↳ ") for p in it.parts)
    return [
        "## Summary",
        "",
        *rows,
        "",
        "S supports · R refutes · M mixed · ? unverified · – not mentioned",
        "",
    ]


def _usage(u: Usage) -> str:
    if not u.calls:
        return "No LLM calls (local judge only); cost $0."
    return (
        f"LLM usage: {u.calls} call(s), {u.prompt_tokens} prompt + {u.completion_tokens} "
        f"completion tokens; cost ${u.cost_usd:.4f}"
    )


def _claim(r: Report, level: str, label: str = "Claim") -> list[str]:
    counted = tally(s.stance for s in r.sources)
    models = ", ".join(f"{md(k)}: {md(v)}" for k, v in r.models.items()) or "none"
    lines = [
        f"{level} {label}: {md(r.claim)}",
        "",
        f"Verdict: {_verdict(r.verdict)} ({counted})",
        "",
        f"- judge: {md(r.judge_mode)}; time {r.elapsed_s:.2f}s",
        f"- models: {models}",
        f"- {_usage(r.usage)}",
        "",
    ]
    ordered = by_stance(r.sources)
    with_ev = [s for s in ordered if s.evidence]
    without = [s for s in ordered if not s.evidence]
    for sv in with_ev:
        lines += _source(sv, level + "#")
    if without:
        lines += ["Sources without evidence:", ""]
        for sv in without:
            date = f" ({md(sv.date)})" if sv.date else ""
            url = f" {link(sv.url)}" if sv.url else ""
            reason = f" — {md(sv.reason)}" if sv.reason else ""
            lines.append(
                f"- {md(sv.source_id)} **{STANCE_LABEL[sv.stance]}**: {md(sv.title)}{date}{url}"
                f"{reason}"
            )
        lines.append("")
    return lines


def _source(sv: SourceVerdict, level: str) -> list[str]:
    date = f" ({md(sv.date)})" if sv.date else ""
    lines = [
        f"{level} {md(sv.title or sv.source_id)}{date}",
        "",
        f"{md(sv.source_id)} — **{STANCE_LABEL[sv.stance]}** (confidence {sv.confidence:.2f})",
        "",
    ]
    if sv.url:
        lines += [link(sv.url), ""]
    for ev in sv.evidence:
        lines += [
            f"> {md(ev.quote)}",
            ">",
            f"> — *{ev.stance}*, characters {ev.start}–{ev.end}",
            "",
        ]
    if sv.reason:
        lines += [f"_{md(sv.reason)}_", ""]
    if sv.flags:
        lines += [f"⚠ instruction-like text in this source: {md(', '.join(sv.flags))}", ""]
    return lines


__all__ = ["link", "md", "render_markdown"]
