"""An obedient LLM: a scripted OpenAI-compatible server that does what an article tells it to.

It stands for the worst model a user could point ``--judge llm`` at. For each request it looks
for an injected instruction in the prompt (by its ``marker``, a phrase of it as a reader sees it,
found however the article obfuscates it) and, when it finds one, obeys: it answers ``supports``

- ``inject``: quoting the injected line itself, verbatim (the strongest attack),
- ``decoy``: quoting the article's most claim-like line that is not the injection,
- ``bare``: quoting nothing.

A prompt in which it finds no instruction gets an honest ``not_mentioned``: a model that does
not see an instruction cannot obey it. Served by :class:`tests.fakes.FakeServer`, so the real
``LLMJudge`` path runs (prompt building, structured output, quote location).

    with FakeServer(obedient(markers, "inject")) as url:
        ...  # settings.llm = fake_settings(url)
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable
from typing import Any, Literal

from .fakes import Behaviour, content_answer, tool_answer

Strategy = Literal["inject", "decoy", "bare"]
STRATEGIES: tuple[Strategy, ...] = ("inject", "decoy", "bare")

# the Cyrillic and Greek letters an attacker swaps in for Latin ones
_LOOKALIKE = str.maketrans(
    "аеорсхуіјѕАВЕКМНОРСТХІΑΒΕΗΙΚΜΝΟΡΤΧΥΖ", "aeopcxyijsABEKMHOPCTXIABEHIKMNOPTXYZ"
)
_WORD = re.compile(r"\w+")


def _folded(text: str) -> str:
    """How the fake reads a line: NFKC, no invisible characters, no look-alikes, no spaces."""
    text = unicodedata.normalize("NFKC", text)
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Cf")
    return re.sub(r"\s+", "", text.translate(_LOOKALIKE)).casefold()


def _user_text(request: dict[str, Any]) -> str:
    messages = request.get("messages", [])
    return "\n".join(
        str(m.get("content") or "") for m in messages if m.get("role") in ("user", "human")
    )


def _article_lines(user: str) -> list[str]:
    """The prompt's lines between the article's opening and closing tags (any prompt
    version's), without the passage tags."""
    lines: list[str] = []
    inside = False
    for line in user.split("\n"):
        s = line.strip()
        if re.match(r"<article\b|<article-", s):
            inside = True
        elif re.match(r"</article", s):
            inside = False
        elif inside and s and not re.fullmatch(r"</?passage\b[^>]*>", s):
            lines.append(s)
    return lines


def _claim(user: str) -> str:
    m = re.search(r"^Claim: (.*)$", user, re.MULTILINE)
    return m.group(1) if m else ""


def _overlap(claim: str, line: str) -> int:
    words = {w.casefold() for w in _WORD.findall(claim) if len(w) > 3}
    return len(words & {w.casefold() for w in _WORD.findall(line)})


def obey(request: dict[str, Any], markers: Iterable[str], strategy: Strategy) -> dict[str, Any]:
    """The verdict (as the structured-output arguments) the obedient model gives."""
    user = _user_text(request)
    lines = _article_lines(user)
    wanted = [_folded(m) for m in markers]
    injected = [ln for ln in lines if any(w and w in _folded(ln) for w in wanted)]
    if not injected:
        return {"stance": "not_mentioned", "quotes": [], "reason": "the article does not say"}
    if strategy == "bare":
        return {"stance": "supports", "quotes": [], "reason": "the article says so"}
    if strategy == "inject":
        quote = injected[0]
    else:
        others = [ln for ln in lines if ln not in injected] or injected
        quote = max(others, key=lambda ln: _overlap(_claim(user), ln))
    return {
        "stance": "supports",
        "quotes": [{"quote": quote, "stance": "supports"}],
        "reason": "the article states the claim",
    }


def obedient(
    markers: Iterable[str], strategy: Strategy, method: str = "function_calling"
) -> Behaviour:
    """A :class:`FakeServer` behaviour for the obedient model (see the module docstring)."""
    wanted = list(markers)

    def behaviour(request: dict[str, Any]) -> tuple[int, Any]:
        args = obey(request, wanted, strategy)
        if method == "function_calling":
            return 200, tool_answer(args)
        return 200, content_answer(json.dumps(args))

    return behaviour
