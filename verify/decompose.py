"""Compound claims split into atomic ones, each checked on its own, verdicts combined.

"Syria was suspended in November 2011 after a crackdown that had killed 5,000 civilians"
  → "Syria was suspended in November 2011" + "A crackdown had killed 5,000 civilians"

The split is made by the LLM when one is configured (one small structured-output call) and
by rules otherwise, or when that call fails in any way. The rules cut at a connective
("and", "but", "while", "after", ";", ", which" ...) only where both sides have a verb, and
carry the subject (and auxiliary) over to a side that lacks one:
"X was suspended in 2011 and expelled in 2012" → "X was suspended in 2011", "X was
expelled in 2012"; a pronoun or possessive that stands for it gets it too ("The ship sank and
its crew was rescued" → "The ship's crew was rescued"). A side that could not be checked on
its own (no subject, a bare pronoun, an echo like "so did Jordan") is never split off; an
LLM's parts are held to a lighter test of the same. Combined verdict: refuted if any part is
refuted, supported if every part is, conflicting if any part is, else not enough evidence.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, Field

from .models import Decomposed, Usage, Verdict

if TYPE_CHECKING:
    from .config import JudgeMode, LLMSettings
    from .verifier import Verifier

MAX_PARTS = 6


def combine(verdicts: Iterable[Verdict]) -> Verdict:
    """Refuted if any part is refuted; supported if all are supported; conflicting if any part
    is conflicting; otherwise (and for no parts) not enough evidence."""
    vs = list(verdicts)
    if not vs:
        return "not_enough_evidence"
    if "refuted" in vs:
        return "refuted"
    if all(v == "supported" for v in vs):
        return "supported"
    if "conflicting" in vs:
        return "conflicting"
    return "not_enough_evidence"


# -- the rule-based split --------------------------------------------------------------------
AUX = frozenset(
    "is are was were be been being am has have had do does did will would shall should can "
    "could may might must".split()
)
IRREGULAR = frozenset(
    "said made took left began become became won lost fought held met led told gave went came "
    "saw found paid sent kept built brought grew rose fell broke spoke wrote chose drove ran "
    "shut cut put hit struck sold bought thought taught caught meant known given taken shown "
    "seen written begun done gone risen fallen broken spoken chosen driven sworn withdrew "
    "withdrawn drew drawn froze frozen stood understood overtook overtaken undertook forbade "
    "forbidden sought slew slain bore borne beat beaten let quit spent lent bent sent dealt "
    "felt heard laid lay hung shot fled read sank sunk flew flown threw thrown stole stolen "
    "swore tore torn wore worn woke got gotten hid hidden shook rode spun".split()
)
PRESENT = frozenset(
    "says claims reports shows states remains includes holds wants plans supports opposes "
    "denies refuses accepts rejects becomes leads meets belongs contains lies sits stands "
    "kills exists seeks calls asks agrees announces".split()
)
NOT_VERBS = frozenset(
    "hundred indeed need seed speed creed greed breed steed shed bed red sled united".split()
)
ADVERBS = frozenset(
    "not never also later then subsequently eventually still soon again already since "
    "formally officially reportedly allegedly immediately".split()
)
PRONOUNS = frozenset({"it", "he", "she", "they"})
POSSESSIVES = frozenset({"its", "their", "his", "her"})
DEMONSTRATIVES = frozenset({"this", "that", "these", "those"})
ECHO = frozenset({"too", "either", "so", "also", "as", "well", "not"})
"""Words after an auxiliary that only echo another clause: "Y was too", "Y did so"."""
DETERMINERS = frozenset({"the", "a", "an", "its", "their", "his", "her", "this", "that"})
PREPOSITIONS = frozenset(
    "in on at by for from to of with into over under after before during since about "
    "against between through".split()
)
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*|\d[\d,.]*\d|\d")
# Connectives, longest first so ", and" wins over "and".
_CONNECTIVE = re.compile(
    r"\s*;\s*(?:and\s+|but\s+)?"
    r"|,\s+(?:which|who)\s+(?=\w)"
    r"|,?\s+(?:and|but|while|whereas|although|though|after|before|because)\s+",
    re.IGNORECASE,
)
# Connectives after which the new clause must have its own subject (no carry-over).
_SUBORDINATE = ("after", "before", "because", "while", "whereas", "although", "though")


def _is_verb(word: str) -> bool:
    w = word.lower()
    if w in NOT_VERBS:
        return False
    if w in AUX or w in IRREGULAR or w in PRESENT:
        return True
    # a regular past form; capitalised words are names ("United", "Ahmed")
    return word[:1].islower() and len(w) >= 5 and w.endswith("ed")


def _words(text: str) -> list[re.Match[str]]:
    return list(_WORD.finditer(text))


def _first_verb(text: str) -> int | None:
    """Index (in words) of the first verb in ``text``, or None."""
    for i, m in enumerate(_words(text)):
        if _is_verb(m.group()):
            return i
    return None


def has_verb(text: str) -> bool:
    return _first_verb(text) is not None


@dataclass
class _Clause:
    text: str
    subject: str = ""
    aux: str = ""


def _analyse(text: str) -> _Clause:
    """Subject (words before the first verb) and auxiliary (a verb followed by a verb)."""
    words = _words(text)
    i = _first_verb(text)
    if i is None:
        return _Clause(text)
    subject = text[: words[i].start()].strip(" ,")
    aux = ""
    if words[i].group().lower() in AUX:
        j = i + 1
        while j < len(words) and words[j].group().lower() in ADVERBS:
            j += 1
        if j < len(words) and _is_verb(words[j].group()):
            aux = words[i].group()
    return _Clause(text, subject, aux)


def _starts_with_verb(text: str) -> bool:
    for m in _words(text):
        w = m.group()
        if w.lower() in ADVERBS:
            continue
        return _is_verb(w)
    return False


def _trailing_noun_phrase(text: str) -> str | None:
    """The noun phrase that ends ``text`` ("Syria joined the Arab League" → "the Arab
    League"), when it starts with a determiner or is a run of capitalised words."""
    words = _words(text)
    run: list[re.Match[str]] = []
    for m in reversed(words):
        w = m.group()
        if _is_verb(w) or w.lower() in PREPOSITIONS or w.lower() in {"and", "or", "but"}:
            break
        run.insert(0, m)
        if w.lower() in DETERMINERS:
            break
    if not run:
        return None
    first = run[0].group()
    if first.lower() in DETERMINERS or all(m.group()[:1].isupper() for m in run):
        return text[run[0].start() :].strip(" ,.")
    return None


def _drop_relative(text: str) -> str:
    """ "a crackdown that had killed 5,000" → "a crackdown had killed 5,000": a noun phrase
    whose first verb follows "that"/"which"/"who" becomes that verb's subject."""
    words = _words(text)
    i = _first_verb(text)
    if i is None or i < 2 or words[i - 1].group().lower() not in {"that", "which", "who"}:
        return text
    return (text[: words[i - 1].start()].rstrip() + " " + text[words[i].start() :]).strip()


def _tidy(text: str) -> str:
    text = text.strip(" ,;.")
    return text[:1].upper() + text[1:] if text else text


def split_rules(claim: str) -> list[str]:
    """Atomic claims by the rules above; ``[claim]`` when nothing can be split."""
    text = " ".join(claim.split()).rstrip(".")
    pieces: list[tuple[str, str]] = []  # (connective, piece)
    last, conn = 0, ""
    for m in _CONNECTIVE.finditer(text):
        pieces.append((conn, text[last : m.start()]))
        conn, last = m.group().strip(" ,;").lower() or ";", m.end()
        if m.group().strip().startswith(";"):
            conn = ";"
    pieces.append((conn, text[last:]))

    clauses: list[_Clause] = []
    current = pieces[0][1]
    for conn, piece in pieces[1:]:
        joined = _join(current, conn, piece)
        new = _new_clause(current, conn, piece)
        if new is None or not (is_claim(_tidy(current)) and is_claim(_tidy(new))):
            current = joined  # no clause boundary, or one side could not stand alone
            continue
        clauses.append(_analyse(current))
        current = new
    clauses.append(_analyse(current))
    parts = [_tidy(c.text) for c in clauses]
    parts = [p for p in parts if p]
    if len(parts) < 2 or len(parts) > MAX_PARTS:
        return [_tidy(text) or claim]
    return list(dict.fromkeys(parts))


def _join(left: str, conn: str, right: str) -> str:
    if conn == ";":
        return f"{left}; {right}"
    if conn in ("which", "who"):
        return f"{left}, {conn} {right}"
    return f"{left} {conn} {right}"


def _new_clause(left: str, conn: str, right: str) -> str | None:
    """The right-hand side as a claim of its own, or None when this is no clause boundary."""
    if not has_verb(left) or not has_verb(right):
        return None
    lhs = _analyse(left)
    if conn in ("which", "who"):
        antecedent = _trailing_noun_phrase(left)
        return f"{antecedent} {right}" if antecedent else None
    if conn in _SUBORDINATE or conn == ";":
        if _starts_with_verb(right):
            return None  # "after killing...", "after armed clashes": no subject of its own
        return _resolve_pronoun(_drop_relative(right), lhs)
    # and / but: carry the subject (and auxiliary) to a side that starts with its verb
    if _starts_with_verb(right):
        if not lhs.subject:
            return None
        first = next(m.group().lower() for m in _words(right) if m.group().lower() not in ADVERBS)
        if lhs.aux and first not in AUX:
            return f"{lhs.subject} {lhs.aux} {right}"
        return f"{lhs.subject} {right}"
    return _resolve_pronoun(right, lhs)


def _resolve_pronoun(right: str, lhs: _Clause) -> str:
    """The left clause's subject for a pronoun that opens the right one: "it was expelled"
    after "Syria was suspended" → "Syria was expelled"; "its crew was rescued" after "The
    ship sank" → "The ship's crew was rescued"."""
    right = right.strip()
    rhs = _analyse(right)
    if not lhs.subject or lhs.subject.lower() in PRONOUNS | DEMONSTRATIVES:
        return right  # nothing to carry over: the part stays a non-claim and is not split off
    if rhs.subject.lower() in PRONOUNS:
        return f"{lhs.subject} {right[len(rhs.subject) :].lstrip()}"
    first = _words(right)[0] if _words(right) else None
    if first is not None and first.start() == 0 and first.group().lower() in POSSESSIVES:
        return f"{_possessive(lhs.subject)} {right[first.end() :].lstrip()}"
    return right


def _possessive(subject: str) -> str:
    """ "The ship" → "The ship's"; "The rebels" → "The rebels'"; "The US" → "The US's"."""
    last = _words(subject)[-1].group() if _words(subject) else subject
    if last.islower() and last.endswith("s") and not last.endswith("ss"):
        return f"{subject}'"
    return f"{subject}'s"


def is_claim(text: str) -> bool:
    """Whether a part can be checked on its own: a verb, a subject before it that is more than
    a pronoun ("It was expelled", "Its crew was rescued": who?), and more than an echo of
    another clause ("So did Jordan", "Jordan was too")."""
    words = [m.group() for m in _words(text)]
    i = _first_verb(text)
    if i is None or i == 0:
        return False  # no verb, or no subject
    subject = [w.lower() for w in words[:i]]
    if subject[0] in POSSESSIVES or subject[0] in ("so", "neither", "nor"):
        return False
    if len(subject) == 1 and subject[0] in PRONOUNS | DEMONSTRATIVES:
        return False
    rest = [w.lower() for w in words[i + 1 :]]
    return not (words[i].lower() in AUX and all(w in ECHO for w in rest))


# -- the LLM split ---------------------------------------------------------------------------
PROMPT_TAG = "decompose-v1"
SYSTEM = (
    "You split a factual claim into the smallest independent factual claims it makes. "
    "Each part must be a complete sentence that can be checked on its own: repeat the subject "
    "instead of using pronouns, keep dates, numbers and names exactly as written, add nothing "
    "that the claim does not say, and drop nothing it does say. A claim that makes only one "
    "assertion is returned unchanged as a single part."
)
USER = "Claim: {claim}"


class LLMParts(BaseModel):
    """The atomic claims a compound claim makes."""

    claims: list[str] = Field(description="atomic claims, each a complete sentence")


@dataclass
class Decomposition:
    parts: list[str]
    method: str  # "llm" or "rules"
    usage: Usage = field(default_factory=Usage)
    note: str | None = None  # why the LLM was not used, when it was configured


def split_llm(claim: str, settings: LLMSettings, chat_model: Any = None) -> tuple[list[str], Usage]:
    """One structured-output call; raises on any failure or an unusable answer."""
    from langchain_core.prompts import ChatPromptTemplate

    if chat_model is None:
        from .llm_client import chat_model as client

        chat_model = client(settings)  # the judge's client, the same settings
    template = ChatPromptTemplate.from_messages([("system", SYSTEM), ("human", USER)])
    chain = template | chat_model.with_structured_output(
        LLMParts, method=settings.method, include_raw=True
    )
    result = chain.invoke({"claim": claim})
    parsed = result.get("parsed") if isinstance(result, dict) else None
    if parsed is None:
        raise ValueError("no structured answer")
    parts = [" ".join(p.split()).strip() for p in parsed.claims]
    parts = list(dict.fromkeys(p for p in parts if p))
    if not parts or len(parts) > MAX_PARTS:
        raise ValueError(f"{len(parts)} parts")
    for part in parts:
        if not _standalone(part):
            raise ValueError(f"a part is not a claim: {part[:80]!r}")
    from .llm_client import measured

    return parts, measured(result.get("raw"), settings)


def _standalone(part: str) -> bool:
    """The test an LLM's part must pass (its verbs need not be in the rules' lists): a
    statement of three words or more, not a question, not opening with a pronoun."""
    words = [m.group().lower() for m in _words(part)]
    return (
        len(words) >= 3
        and not part.rstrip().endswith("?")
        and words[0] not in PRONOUNS | POSSESSIVES
        and not (words[0] in DEMONSTRATIVES and _is_verb(words[1]))
    )


def decompose(
    claim: str, settings: LLMSettings | None = None, chat_model: Any = None
) -> Decomposition:
    """By the LLM when ``settings`` is configured (or a ``chat_model`` is given), degrading to
    the rules on any error; by the rules otherwise."""
    if chat_model is not None or (settings is not None and settings.configured):
        from .config import LLMSettings as _LLMSettings

        try:
            parts, usage = split_llm(claim, settings or _LLMSettings(), chat_model)
            return Decomposition(parts, "llm", usage)
        except (KeyboardInterrupt, SystemExit):
            raise
        except BaseException as exc:  # any LLM failure: the rules still work
            first = (str(exc).strip().splitlines() or [""])[0][:200]
            note = f"LLM split failed ({type(exc).__name__}: {first}); used the rules"
            return Decomposition(split_rules(claim), "rules", note=note)
    return Decomposition(split_rules(claim), "rules")


def check_decomposed(
    verifier: Verifier,
    claim: str,
    judge: JudgeMode | None = None,
    on_split: Callable[[Decomposition], None] | None = None,
) -> Decomposed:
    """Split ``claim``, check every part, combine their verdicts."""
    split = decompose(claim, verifier.settings.llm)
    if on_split is not None:
        on_split(split)
    reports = [verifier.check(part, judge) for part in split.parts]
    return Decomposed(claim=claim, parts=reports, verdict=combine(r.verdict for r in reports))


__all__ = [
    "Decomposed",
    "Decomposition",
    "check_decomposed",
    "combine",
    "decompose",
    "split_llm",
    "split_rules",
]
