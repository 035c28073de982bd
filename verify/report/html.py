"""Reports as one self-contained HTML page: inline CSS, no script, nothing fetched.

Per claim: its verdict, usage and models; per source: title, date, a stance badge and the
article text with each evidence passage highlighted (``<mark>``) by its character offsets
into the source text. Sources with evidence are expanded, the others listed collapsed. For
several claims a claims × sources matrix comes first. Every piece of claim or article text
is escaped, and a Content-Security-Policy forbids scripts in case anything slipped through.

The renderer takes Reports (or :class:`~verify.models.Decomposed` groups of them) and the
texts their offsets index; it fetches nothing itself.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping, Sequence
from itertools import pairwise
from urllib.parse import urlsplit

from ..models import Checked, Evidence, Report, Source, SourceVerdict, Usage
from . import STANCE_LABEL, STANCE_SHORT, by_stance, tally

Texts = Mapping[str, Source | str]

# Highlight colours; tests look for these exact pixels in a screenshot.
SUPPORTS_BG = "#abf2bc"
REFUTES_BG = "#ffc1c0"
BOTH_BG = "#fde68a"

CSS = f"""
:root {{ color-scheme: light; }}
* {{ box-sizing: border-box; }}
body {{ font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif;
  color: #1f2328; background: #ffffff; margin: 0 auto; max-width: 1100px; padding: 24px; }}
h1 {{ font-size: 22px; margin: 0 0 4px; }}
h2 {{ font-size: 18px; margin: 0 0 6px; }}
h3 {{ font-size: 15px; margin: 0; display: inline; }}
.muted {{ color: #656d76; font-size: 13px; }}
section.claim {{ border: 1px solid #d0d7de; border-radius: 8px; padding: 16px 18px;
  margin: 18px 0; }}
section.compound {{ border: 2px solid #8c959f; border-radius: 10px; padding: 14px 16px;
  margin: 18px 0; }}
section.compound > section.claim {{ margin: 12px 0 0; }}
.badge {{ display: inline-block; padding: 1px 8px; border-radius: 12px; font-size: 12px;
  font-weight: 600; color: #fff; white-space: nowrap; vertical-align: middle; }}
.v-supported, .s-supports {{ background: #1a7f37; }}
.v-refuted, .s-refutes {{ background: #cf222e; }}
.v-conflicting, .s-mixed {{ background: #9a6700; }}
.v-not_enough_evidence, .s-not_mentioned {{ background: #6e7781; }}
.s-unverified {{ background: #8250df; }}
.verdict {{ font-size: 14px; padding: 2px 10px; }}
details.source {{ border-top: 1px solid #eaeef2; padding: 8px 0; }}
details.source > summary {{ cursor: pointer; list-style-position: outside; }}
.sid {{ font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: 12px;
  color: #656d76; }}
.reason {{ color: #57606a; font-size: 13px; margin: 4px 0; }}
.url {{ font-size: 13px; margin: 2px 0 4px; overflow-wrap: anywhere; }}
.flag {{ color: #9a6700; font-size: 13px; margin: 4px 0; }}
blockquote {{ margin: 6px 0; padding: 2px 10px; border-left: 4px solid #d0d7de;
  color: #24292f; }}
blockquote.q-supports {{ border-left-color: #1a7f37; }}
blockquote.q-refutes {{ border-left-color: #cf222e; }}
blockquote a {{ font-size: 12px; color: #656d76; text-decoration: none; }}
.article {{ overflow-wrap: anywhere; background: #f6f8fa; border-radius: 6px;
  padding: 2px 12px; margin: 8px 0 0; font-size: 14px; }}
.article p.para {{ white-space: pre-wrap; margin: 8px 0; }}
details.fold > summary {{ color: #656d76; font-size: 12px; cursor: pointer; margin: 6px 0; }}
mark {{ color: inherit; padding: 1px 0; border-radius: 2px; }}
mark.ev-supports {{ background: {SUPPORTS_BG}; }}
mark.ev-refutes {{ background: {REFUTES_BG}; }}
mark.ev-both {{ background: {BOTH_BG}; }}
.swatch {{ padding: 0 4px; border-radius: 2px; }}
.sw-supports {{ background: {SUPPORTS_BG}; }}
.sw-refutes {{ background: {REFUTES_BG}; }}
table {{ border-collapse: collapse; font-size: 13px; }}
th, td {{ border: 1px solid #d0d7de; padding: 4px 8px; text-align: left; vertical-align: top; }}
th {{ background: #f6f8fa; }}
table.matrix {{ width: 100%; }}
table.matrix th.src {{ width: 10%; font-weight: normal; font-size: 12px;
  word-break: break-word; }}
table.matrix th.src .sid {{ word-break: break-all; font-size: 11px; }}
table.matrix td:first-child {{ min-width: 300px; }}
table.matrix td.cell {{ text-align: center; vertical-align: middle; }}
table.matrix a {{ text-decoration: none; }}
dl.meta {{ display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; margin: 8px 0;
  font-size: 13px; }}
dl.meta dt {{ color: #656d76; }}
dl.meta dd {{ margin: 0; }}
.key {{ font-size: 13px; color: #57606a; }}
"""


def e(value: object) -> str:
    """Escape anything for HTML text or a quoted attribute."""
    return html.escape(str(value), quote=True)


def _text_of(texts: Texts, source_id: str) -> str | None:
    value = texts.get(source_id)
    if value is None:
        return None
    return value if isinstance(value, str) else value.text


def _flatten(items: Sequence[Checked]) -> list[tuple[Report, int | None]]:
    """Every Report, with the index of the compound claim it belongs to (or None)."""
    flat: list[tuple[Report, int | None]] = []
    for i, item in enumerate(items):
        if isinstance(item, Report):
            flat.append((item, None))
        else:
            flat.extend((part, i) for part in item.parts)
    return flat


def render_html(
    reports: Sequence[Checked] | Checked, texts: Texts, title: str = "verify report"
) -> str:
    """One HTML page for ``reports``; ``texts`` maps source id to its Source (or text)."""
    items: list[Checked] = [reports] if not isinstance(reports, Sequence) else list(reports)
    flat = _flatten(items)
    columns = sorted({sv.source_id for r, _ in flat for sv in r.sources})
    col_index = {sid: n for n, sid in enumerate(columns)}
    titles: dict[str, str] = {}
    for r, _ in flat:
        for sv in r.sources:
            titles.setdefault(sv.source_id, sv.title)

    body: list[str] = [f"<header><h1>{e(title)}</h1>"]
    n_claims = len(flat)
    body.append(
        f'<p class="muted">{n_claims} claim{"s" if n_claims != 1 else ""} checked against '
        f"{len(columns)} source{'s' if len(columns) != 1 else ''}. "
        f'<span class="key">Highlights: <span class="swatch sw-supports">supports</span> '
        f'<span class="swatch sw-refutes">refutes</span></span></p></header>'
    )
    if n_claims > 1:
        body.append(_matrix(items, columns, titles))

    claim_no = 0
    for i, item in enumerate(items):
        if isinstance(item, Report):
            body.append(_claim(item, claim_no, texts, col_index))
            claim_no += 1
            continue
        parts_html = []
        for part in item.parts:
            parts_html.append(_claim(part, claim_no, texts, col_index, level="part"))
            claim_no += 1
        body.append(
            f'<section class="compound" id="g{i}"><h2>Compound claim: {e(item.claim)}</h2>'
            f"<p>Combined verdict: {_verdict_badge(item.verdict)} "
            f'<span class="muted">(split into {len(item.parts)} atomic claims; refuted if any '
            f"part is refuted, supported only if every part is)</span></p>"
            + "".join(parts_html)
            + "</section>"
        )

    if n_claims > 1:
        total = Usage()
        for r, _ in flat:
            total = total + r.usage
        body.append(f"<footer><h2>Total</h2>{_usage(total)}</footer>")

    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        "style-src 'unsafe-inline'; img-src data:\">"
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{e(title)}</title><style>{CSS}</style></head>\n<body>\n"
        + "\n".join(body)
        + "\n</body></html>\n"
    )


# -- pieces ---------------------------------------------------------------------------------
def _verdict_badge(verdict: str) -> str:
    return f'<span class="badge verdict v-{e(verdict)}">{e(verdict.replace("_", " "))}</span>'


def _stance_badge(stance: str) -> str:
    return f'<span class="badge s-{e(stance)}">{e(STANCE_LABEL.get(stance, stance))}</span>'


def _anchor(claim_no: int, col: int) -> str:
    return f"c{claim_no}-s{col}"


def _matrix(items: Sequence[Checked], columns: list[str], titles: dict[str, str]) -> str:
    head = "".join(
        f'<th class="src" title="{e(titles.get(sid, ""))}"><span class="sid">{e(sid)}</span><br>'
        f"{e(_short(titles.get(sid, ''), 40))}</th>"
        for sid in columns
    )
    rows: list[str] = []
    claim_no = 0

    def row(r: Report, label: str) -> str:
        by = r.by_source()
        cells = []
        for n, sid in enumerate(columns):
            sv = by.get(sid)
            if sv is None:
                cells.append('<td class="cell"></td>')
                continue
            cells.append(
                f'<td class="cell"><a href="#{_anchor(claim_no, n)}" '
                f'title="{e(STANCE_LABEL[sv.stance])}">'
                f'<span class="badge s-{e(sv.stance)}">{e(STANCE_SHORT[sv.stance])}</span></a></td>'
            )
        return (
            f'<tr><td><a href="#c{claim_no}">{label}</a></td><td>{_verdict_badge(r.verdict)}</td>'
            + "".join(cells)
            + "</tr>"
        )

    for item in items:
        if isinstance(item, Report):
            rows.append(row(item, e(item.claim)))
            claim_no += 1
            continue
        rows.append(
            f"<tr><td><strong>{e(item.claim)}</strong></td><td>{_verdict_badge(item.verdict)}</td>"
            f'<td colspan="{len(columns)}" class="muted">compound claim, parts below</td></tr>'
        )
        for part in item.parts:
            rows.append(row(part, "&nbsp;&nbsp;↳ " + e(part.claim)))
            claim_no += 1
    return (
        '<section class="summary"><h2>Summary</h2><table class="matrix"><thead><tr>'
        f"<th>claim</th><th>verdict</th>{head}</tr></thead><tbody>"
        + "".join(rows)
        + '</tbody></table><p class="muted">S supports · R refutes · M mixed · ? unverified · '
        "– not mentioned. Click a cell for the passages.</p></section>"
    )


def _short(s: str, n: int) -> str:
    return s if len(s) <= n else s[: n - 1] + "…"


def _usage(u: Usage) -> str:
    if not u.calls:
        return '<p class="muted">No LLM calls (local judge only); cost $0.</p>'
    est = f", ~{u.estimated_prompt_tokens} estimated" if u.estimated_prompt_tokens else ""
    return (
        f'<p class="muted">LLM usage: {u.calls} call{"s" if u.calls != 1 else ""}, '
        f"{u.prompt_tokens} prompt tokens{est} + {u.completion_tokens} completion tokens; "
        f"cost ${u.cost_usd:.4f}</p>"
    )


def _claim(
    report: Report, claim_no: int, texts: Texts, col_index: dict[str, int], level: str = "claim"
) -> str:
    tally_ = tally(s.stance for s in report.sources)
    models = "".join(f"<dt>{e(k)}</dt><dd>{e(v)}</dd>" for k, v in report.models.items())
    meta = (
        f'<dl class="meta"><dt>judge</dt><dd>{e(report.judge_mode)}</dd>{models}'
        f"<dt>time</dt><dd>{report.elapsed_s:.2f}s</dd></dl>"
    )
    ordered = by_stance(report.sources)
    sources = "".join(
        _source(sv, _anchor(claim_no, col_index[sv.source_id]), _text_of(texts, sv.source_id))
        for sv in ordered
    )
    label = "Part" if level == "part" else "Claim"
    return (
        f'<section class="claim" id="c{claim_no}">'
        f"<h2>{label}: {e(report.claim)}</h2>"
        f'<p>Verdict: {_verdict_badge(report.verdict)} <span class="muted">({e(tally_)})</span></p>'
        f"{meta}{_usage(report.usage)}{sources}</section>"
    )


def _source(sv: SourceVerdict, anchor: str, text: str | None) -> str:
    has_evidence = bool(sv.evidence)
    date = f' <span class="muted">{e(sv.date)}</span>' if sv.date else ""
    url = _link(sv.url) if sv.url else ""
    sim = f", similarity {sv.similarity:.2f}" if sv.similarity is not None else ""
    summary = (
        f"<summary>{_stance_badge(sv.stance)} <h3>{e(sv.title or sv.source_id)}</h3>{date} "
        f'<span class="sid">{e(sv.source_id)}</span> '
        f'<span class="muted">(confidence {sv.confidence:.2f}{sim}; '
        f"{len(sv.evidence)} passage{'s' if len(sv.evidence) != 1 else ''})</span></summary>"
    )
    parts = [summary]
    if url:
        parts.append(f'<p class="url">{url}</p>')
    for k, ev in enumerate(sv.evidence):
        parts.append(
            f'<blockquote class="q-{e(ev.stance)}">{e(ev.quote)} '
            f'<a href="#{anchor}-e{k}">[{e(ev.stance)} @{ev.start}–{ev.end}]</a></blockquote>'
        )
    if sv.reason:
        parts.append(f'<p class="reason">{e(sv.reason)}</p>')
    if sv.flags:
        parts.append(
            f'<p class="flag">⚠ instruction-like text in this source: {e(", ".join(sv.flags))}</p>'
        )
    if text is None:
        parts.append('<p class="muted">Article text not included.</p>')
    else:
        body, missing = article(text, sv.evidence, anchor)
        if missing:
            parts.append(
                f'<p class="flag">{missing} passage(s) did not match the text at their offsets '
                "and are not highlighted.</p>"
            )
        parts.append(f'<div class="article">{body}</div>')
    opened = " open" if has_evidence else ""
    return f'<details class="source" id="{anchor}"{opened}>' + "".join(parts) + "</details>"


def _link(url: str) -> str:
    """A source's address: a link when it is http(s), escaped text otherwise."""
    if urlsplit(url).scheme.lower() not in ("http", "https"):
        return e(url)
    return f'<a href="{e(url)}" rel="noopener noreferrer">{e(url)}</a>'


def highlight(text: str, evidence: Sequence[Evidence], anchor: str = "ev") -> tuple[str, int]:
    """``text`` escaped, with each evidence span wrapped in ``<mark>`` by its offsets.

    Spans are checked against the text (``text[start:end] == quote``); one that does not match
    is left out and counted. Overlapping spans are cut into pieces; a piece covered by both a
    supporting and a refuting passage is marked ``ev-both``. Returns (html, n_unmatched).
    """
    spans, missing = _spans(text, evidence)
    return _marked(text, spans, 0, len(text), anchor, set()), missing


def article(
    text: str, evidence: Sequence[Evidence], anchor: str = "ev", context: int = 1
) -> tuple[str, int]:
    """The article as paragraphs, evidence highlighted. With evidence, paragraphs more than
    ``context`` paragraphs away from any passage are folded into a collapsed ``<details>`` (the
    full text stays in the page). Returns (html, n_unmatched)."""
    spans, missing = _spans(text, evidence)
    paras = [
        (m.start(), m.end()) for m in re.finditer(r"\S(?:.*?\S)?(?=\s*\n\s*\n|\s*$)", text, re.S)
    ]
    if not paras:
        return "", missing
    hot = {i for i, (a, b) in enumerate(paras) for s, t, _, _ in spans if s < b and t > a}
    show = {j for i in hot for j in range(i - context, i + context + 1)} if spans else None
    started: set[int] = set()
    out: list[str] = []
    folded: list[str] = []

    def flush() -> None:
        if folded:
            n = len(folded)
            out.append(
                f'<details class="fold"><summary>{n} more paragraph{"s" if n != 1 else ""}'
                "</summary>" + "".join(folded) + "</details>"
            )
            folded.clear()

    for i, (a, b) in enumerate(paras):
        para = f'<p class="para">{_marked(text, spans, a, b, anchor, started)}</p>'
        if show is None or i in show:
            flush()
            out.append(para)
        else:
            folded.append(para)
    flush()
    return "".join(out), missing


Span = tuple[int, int, str, int]


def _spans(text: str, evidence: Sequence[Evidence]) -> tuple[list[Span], int]:
    spans: list[Span] = []
    missing = 0
    for k, ev in enumerate(evidence):
        if 0 <= ev.start < ev.end <= len(text) and text[ev.start : ev.end] == ev.quote:
            spans.append((ev.start, ev.end, ev.stance, k))
        else:
            missing += 1
    return spans, missing


def _marked(text: str, spans: list[Span], lo: int, hi: int, anchor: str, started: set[int]) -> str:
    """``text[lo:hi]`` escaped, with the parts of ``spans`` inside it marked."""
    cuts = {lo, hi}
    for s, t, _, _ in spans:
        cuts.update(x for x in (s, t) if lo < x < hi)
    bounds = sorted(cuts)
    out: list[str] = []
    for a, b in pairwise(bounds):
        covering = [sp for sp in spans if sp[0] <= a and b <= sp[1]]
        chunk = e(text[a:b])
        if not covering:
            out.append(chunk)
            continue
        stances = {sp[2] for sp in covering}
        cls = f"ev-{stances.pop()}" if len(stances) == 1 else "ev-both"
        ids = [sp[3] for sp in covering if sp[3] not in started]
        started.update(ids)
        extra = "".join(f'<span id="{anchor}-e{k}"></span>' for k in ids[1:])
        id_attr = f' id="{anchor}-e{ids[0]}"' if ids else ""
        out.append(f'{extra}<mark class="{cls}"{id_attr}>{chunk}</mark>')
    return "".join(out)


__all__ = ["article", "highlight", "render_html"]
