"""HTML to article text: the old hand-written BeautifulSoup cleaner against trafilatura.

Runs on the pages in tests/fixtures/pages/ (written for this; their expected article sentences,
boilerplate and metadata are in expected.json, derived by hand). Per extractor: article sentences
kept whole (on one line), boilerplate strings left in, metadata fields (title, author, date)
right, and milliseconds per page (noisy on a busy machine).

PYTHONPATH=. .venv/bin/python bench/html_extract.py > bench/results/html-extract.txt
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAGES = ROOT / "tests" / "fixtures" / "pages"
sys.path.insert(0, str(ROOT))

Extracted = tuple[str, str | None, str | None, str | None]  # text, title, author, date


def old_bs4(html: str) -> Extracted:
    """The cleaner verify used before (BeautifulSoup: drop script/nav/footer/aside/form)."""
    from bs4 import BeautifulSoup

    from verify.load import clean_text

    soup = BeautifulSoup(html, "html.parser")
    for tag in soup(["script", "style", "noscript", "template", "nav", "footer", "aside", "form"]):
        tag.decompose()
    title_tag = soup.find("h1") or soup.find("title")
    title = title_tag.get_text(" ", strip=True) if title_tag else None
    date = None
    for attrs in (
        {"property": "article:published_time"},
        {"name": "date"},
        {"name": "pubdate"},
        {"itemprop": "datePublished"},
    ):
        meta = soup.find("meta", attrs=attrs)  # type: ignore[arg-type]
        if meta and meta.get("content"):
            date = str(meta["content"])[:10]
            break
    if date is None and (time_tag := soup.find("time")) and time_tag.get("datetime"):
        date = str(time_tag["datetime"])[:10]
    body = soup.body or soup
    text = "\n".join(b.strip() for b in body.get_text("\n").splitlines() if b.strip())
    return clean_text(text), title, None, date


def trafilatura_default(html: str) -> Extracted:
    import trafilatura

    doc = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False)
    if doc is None:
        return "", None, None, None
    return doc.text or "", doc.title, doc.author, doc.date


def verify_now(html: str) -> Extracted:
    """What verify ships: trafilatura as configured in verify.webpage."""
    from verify.webpage import extract

    page = extract(html, "page.html")
    return page.text, page.title, page.author, page.date


EXTRACTORS: dict[str, Callable[[str], Extracted]] = {
    "bs4 (before)": old_bs4,
    "trafilatura defaults": trafilatura_default,
    "verify.webpage (after)": verify_now,
}


def norm(s: str) -> str:
    return " ".join(s.split())


def main() -> None:
    expected = json.loads((PAGES / "expected.json").read_text(encoding="utf-8"))
    print(f"{'extractor':24} {'page':28} kept  boilerplate  title author date   ms")
    totals: dict[str, list[int]] = {}
    for name, fn in EXTRACTORS.items():
        t = totals.setdefault(name, [0, 0, 0, 0, 0, 0])
        for page, want in expected.items():
            html = (PAGES / page).read_text(encoding="utf-8")
            fn(html)  # warm up imports
            start = time.perf_counter()
            text, title, author, date = fn(html)
            ms = (time.perf_counter() - start) * 1000
            flat = norm(text)
            lines = [norm(line) for line in text.splitlines()]
            # a sentence counts as kept only whole, on one line (not split at a <b> or a link)
            kept = sum(any(norm(s) in line for line in lines) for s in want["kept"])
            leaked = [b for b in want["dropped"] if b in flat]
            right = [title == want["title"], author == want["author"], date == want["date"]]
            t[0] += kept
            t[1] += len(want["kept"])
            t[2] += len(leaked)
            t[3] += len(want["dropped"])
            t[4] += sum(right)
            t[5] += 3
            marks = "  ".join("ok" if r else "--" for r in right)
            print(
                f"{name:24} {page:28} {kept}/{len(want['kept'])}   {len(leaked):2}/"
                f"{len(want['dropped']):<2}        {marks}   {ms:5.1f}"
                + (f"   left in: {', '.join(leaked)}" if leaked else "")
            )
    print()
    for name, t in totals.items():
        print(
            f"{name:24} sentences kept {t[0]}/{t[1]}, boilerplate left {t[2]}/{t[3]}, "
            f"metadata right {t[4]}/{t[5]}"
        )


if __name__ == "__main__":
    main()
