"""Spotting article text that talks to the machine (prompt injection), in several languages.

A flag is a hint, not the defence. The defence is structural: a judge treats article text as
data; a line that addresses a model (or tells a reader which verdict to give) is never
evidence, whoever quotes it (``verify.verdict.verify_quotes``), is never read by the local
verifier, and is cut out of what an LLM is shown (``verify.judges.llm``). The flags decide
which lines those are, so they are checked on the text as a reader sees it
(``verify.textview``: NFKC, no invisible characters, look-alike letters and spaced letters
undone), one line at a time, and every finding points back at the stored text.

Patterns cover English, French, Spanish, Portuguese, Italian, German, Russian and Chinese:
instructions to ignore earlier instructions, notes addressed to an AI / assistant / model (or
to "whoever is evaluating this page"), orders to answer a given verdict, fake verdicts and
fake chat-template roles, role-play. Obfuscation (hidden characters, look-alike letters,
spaced letters) is flagged by itself: ordinary prose has no use for it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache

from .textview import View, view

_ESCAPE = re.compile(r"\x1b(?:\][^\x07\x1b]*(?:\x07|\x1b\\)?|\[[0-?]*[ -/]*[@-~]|[@-Z\\-_])")


def plain_text(text: str) -> str:
    """``text`` as a reader sees it: NFKC-normalised, terminal escape sequences and control or
    zero-width characters removed. A claim's stray ``\x1b[31m`` must not be read as the
    number 31, nor a zero-width space split a word the rules look for."""
    text = _ESCAPE.sub("", unicodedata.normalize("NFKC", text))
    return "".join(
        ch for ch in text if ch in "\n\t" or unicodedata.category(ch) not in ("Cc", "Cf")
    )


def shown(text: str) -> str:
    """``text`` safe to print on a terminal: control and format characters (escape sequences,
    bidi overrides, line breaks in a one-line field) appear as visible ``\x1b``-style codes
    instead of acting. File names, titles and claims are data, never terminal commands."""
    if all(ch.isprintable() for ch in text):
        return text
    return "".join(
        ch if ch.isprintable() else (f"\\x{ord(ch):02x}" if ord(ch) < 256 else f"\\u{ord(ch):04x}")
        for ch in text
    )


# -- vocabulary --------------------------------------------------------------------------------
# Who is addressed. "Strong" names can only mean a machine; "weak" ones (model, system, tool,
# assistant...) also mean people or products, so they count only in an address with an order.
_STRONG = (
    r"a\.?i\.?|artificial intelligence|llms?|large language models?|language models?"
    r"|chat ?bots?|chat ?gpt|gpt-?\d\w*|claude|gemini|copilot"
    r"|(?:automated|automatic|ai|fact[- ]?check\w*)(?:[- ]\w+)?[- ](?:tools?|systems?|models?"
    r"|bots?|agents?|readers?|programs?|software|judges?|assistants?|checkers?)"
    r"|ia|intelligence artificielle|inteligencia artificial|intelig[eê]ncia artificial"
    r"|intelligenza artificiale|ki(?:-\w+)?|k[üu]nstliche\w* intelligenz|sprachmodell\w*"
    r"|mod[eè]les? de langage|modelos? de lenguaje|modelos? de linguagem|modell[oi] linguistic[oi]"
    r"|ии(?:-\w+)?|искусственн\w+ интеллект\w*|нейросет\w+|языков\w+ модел\w+|чат-?бот\w*"
)
_WEAK = (
    r"assistants?|models?|systems?|tools?|bots?|machines?|judges?|evaluators?|graders?"
    r"|classifiers?|fact[- ]?checkers?|agents?|mod[eè]les?|syst[eè]mes?|robots?|asistentes?"
    r"|modelos?|sistemas?|assistentes?|assistenti|modell[oi]|modell\w*|assistent\w*|system\w*"
    r"|ассистент\w*|модел\w+|систем\w+|бот\w*"
)
_READER = (
    r"readers?|lecteurs?|lectrices?|lectores?|lectoras?|leitores?|lettori|lettrici"
    r"|leser(?:innen)?|читател\w*"
)
_ZH_MACHINE = r"(?:人工智能|AI|模型|语言模型|大模型|助手|智能助手|机器人)"
# What it is told to say: the judge's own labels and words for "the claim is true".
_LABEL = r"supports?|supported|refutes?|refuted|not_mentioned"
_VERDICT = (
    rf"{_LABEL}|stance|verdict|true|verified|confirmed|correct|label(?:led)?|classif\w+"
    r"|confirm[ée]e?s?|vraie?s?|v[ée]rifi[ée]e?s?|verdader[oa]s?|confirmad[oa]s?|verificad[oa]s?"
    r"|verdadeir[oa]s?|confermat[oa]|verificat[oa]|best[äa]tigt|wahr|zutreffend|verifiziert"
    r"|подтвержд\w*|поддерживает|верн\w*|истинн\w*|правд\w*|вердикт\w*|veredicto|verdetto|urteil"
)
_ORDER = (
    r"answer|respond|reply|output|return|mark|label|classify|rate|treat|conclude|cite|ignore"
    r"|disregard|forget|must|should|always|never|only"
)
_NOTE = (
    r"note|notes|message|memo|instructions?|reminder|attention|notice|warning|request|hint"
    r"|guidance|nota|mensaje|mensagem|messaggio|instrucci[oó]n|instrucciones|instru[cç][aã]o"
    r"|instru[cç][oõ]es|istruzion[ei]|avviso|aviso|remarque|consignes?|rappel|avis|hinweis\w*"
    r"|nachricht|anweisung\w*|notiz|mitteilung|achtung|примечание|сообщение|инструкци\w+"
    r"|указани\w+|заметка|внимание|обращение|напоминание"
)
_TO = r"to|for|à|a|au|aux|pour|para|al|ao|per|an|f[üu]r|для|к"
_CLAIM_WORD = r"claim|affirmation|afirmaci[oó]n|afirma[cç][aã]o|affermazione|behauptung|утверждение"

# -- patterns ----------------------------------------------------------------------------------
# Each pattern runs only on a line that contains one of its ``needs`` (lower-case substrings of
# the words it cannot match without): a plain substring test is a hundred times cheaper than
# the expression, and most lines need none of them.
_NOTE_NEEDS = (
    "note|messag|memo|instruc|remind|attention|notice|warning|request|hint|guidance|nota|mensa"
    "|istruz|avvis|aviso|remarque|consign|rappel|avis|hinweis|nachricht|anweisung|notiz"
    "|mitteilung|achtung|примечан|сообщен|инструкц|указан|заметк|вниман|обращен|напомин"
)
_LABEL_NEEDS = "support|refut|not_mentioned"
_PATTERNS: list[tuple[str, str, str]] = [
    # ignore / forget the earlier instructions
    (
        "ignore-instructions",
        "ignore|disregard|forget|overrid|overrul",
        r"\b(?:ignore|disregard|forget|override|overrule)\s+(?:(?:all|any|the|of|your|my|these"
        r"|those)\s+)*(?:previous|prior|above|earlier|preceding|former|original|system|initial"
        r"|existing|foregoing)\b[^.\n]{0,20}?\b(?:instructions?|prompts?|directions?|guidelines"
        r"|rules|messages?|context|commands?|orders)\b",
    ),
    (
        "ignore-instructions",
        "disregard",
        r"\bdisregard (?:all |any )?(?:the )?(?:previous|prior|above|your)\b",
    ),
    (
        "ignore-instructions",
        "instruction",
        r"\bnew instructions?\s*:|\boverride\b[^.\n]{0,30}\binstructions?\b",
    ),
    (
        "ignore-instructions",
        "ignor|oubli|compte|abstraction",
        r"\b(?:ignore[zr]?|oublie[zr]?|ne tene?z? pas compte de|fais abstraction de)\b[^.\n]{0,20}"
        r"\b(?:instructions?|consignes?|directives|indications)\s+(?:pr[ée]c[ée]dentes"
        r"|ant[ée]rieures|ci-dessus|initiales|du syst[eè]me)",
    ),
    (
        "ignore-instructions",
        "toutes",
        r"\b(?:ignore[zr]?|oublie[zr]?)\s+toutes\s+(?:les|vos|tes)\s+(?:instructions|consignes)",
    ),
    (
        "ignore-instructions",
        "ignor|olvid|descart|omit|esque|desconsid|diment|trascur",
        r"\b(?:ignora|ignore|olvida|olvide|descarta|omite|esque[çc]a|esquece|desconsidere"
        r"|dimentica|trascura)\b[^.\n]{0,20}\b(?:instrucciones|indicaciones|[óo]rdenes|reglas"
        r"|instru[çc][õo]es|orienta[çc][õo]es|regras|ordens|istruzioni|indicazioni|regole)\s+"
        r"(?:anteriores|previas|pr[ée]vias|de arriba|acima|del sistema|do sistema|iniciales"
        r"|iniciais|precedenti|sopra|di sistema|iniziali)",
    ),
    (
        "ignore-instructions",
        "ignorier|vergiss|vergesst|vergessen|missacht",
        r"\b(?:ignorier\w*|vergiss|vergesst|vergessen sie|missachte\w*)\b[^.\n]{0,30}?"
        r"\b(?:vorherig\w*|vorigen?|bisherig\w*|obig\w*|fr[üu]her\w*|alle\w*|system\w*)\s+"
        r"(?:anweisung\w*|instruktion\w*|regeln|vorgaben|befehl\w*)",
    ),
    (
        "ignore-instructions",
        "игнор|забуд|не обращ",
        r"(?:\bигнорируй\w*|\bпроигнорируй\w*|\bзабудь\w*|\bне обращай\w* внимания на)[^.\n]{0,30}?"
        r"(?:предыдущ\w+|прежн\w+|все|вышеуказанн\w+|системн\w+)\s+(?:инструкци\w+|указани\w+"
        r"|правил\w*|команд\w*)",
    ),
    (
        "ignore-instructions",
        "忽略|无视|忘记|忽視|無視|不要理会",
        r"(?:忽略|无视|忘记|忽視|無視|不要理会)[^。\n]{0,10}(?:之前|以前|上面|先前|所有|全部|系统)"
        r"[^。\n]{0,6}(?:指示|指令|说明|规则|提示|要求)",
    ),
    # a note addressed to a machine (or to whatever is evaluating the page)
    (
        "addresses-model",
        _NOTE_NEEDS,
        rf"\b(?:{_NOTE})\s+(?:{_TO})\b[^.:\n]{{0,40}}?\b(?:{_STRONG})\b",
    ),
    (
        "addresses-model",
        _NOTE_NEEDS,
        rf"\b(?:{_NOTE})\s+(?:{_TO})\b[^.:\n]{{0,40}}?\b(?:{_WEAK})\b"
        rf"(?=[^\n]*\b(?:{_ORDER}|{_VERDICT})\b)",
    ),
    (
        "addresses-model",
        ":|：",
        rf"^\W*(?:(?:dear|hey|hello|hi|attention|to|the|any|all|every)\s+)*(?:\w+[- ]){{0,2}}?"
        rf"(?:{_STRONG}|{_WEAK})\b[^:\n]{{0,30}}[:：](?=[^\n]*\b(?:{_ORDER}|{_VERDICT})\b)",
    ),
    (
        "addresses-model",
        "reading|evaluat|checking|process|analy|pars|summari|scanning|review|grading|judging",
        rf"\b(?:{_STRONG}|{_WEAK})\s+(?:that\s+|who\s+|which\s+)?(?:is\s+|are\s+)?(?:now\s+)?"
        r"(?:reading|evaluating|checking|processing|analy[sz]ing|parsing|summari[sz]ing|scanning"
        r"|reviewing|grading|judging)\s+(?:this|these|the following)\b",
    ),
    (
        "addresses-model",
        "whatever|any system|any program|any software|any machine",
        r"\b(?:whatever|whoever\s+or\s+whatever|any\s+(?:system|program|software|machine))\s+"
        r"(?:is\s+|are\s+)?(?:reading|evaluating|checking|processing|analy[sz]ing|judging)\b",
    ),
    (
        "addresses-model",
        "lit|lis|analys|valu|lee|leyendo|analiza|evalú|lê|avalia|legge|leggendo|liest|bewertet|читает|анализ|оценива",
        rf"\b(?:{_STRONG})\s+(?:qui|que|che|die|der|das|который|которая|которые)\s+"
        r"(?:lit|lis|lisez|analyse|[ée]value|lee|est[aá] leyendo|analiza|eval[uú]a|l[eê]|analisa"
        r"|avalia|legge|sta leggendo|valuta|liest|analysiert|bewertet|читает|анализирует"
        r"|оценивает)\b",
    ),
    (
        "addresses-model",
        "if you",
        rf"\bif you(?:'re| are)\s+(?:an?|the|any)\s+(?:\w+\s+){{0,2}}?(?:{_STRONG}|{_WEAK})\b",
    ),
    (
        "addresses-model",
        "si tu|si vous|si eres|si usted|falls du|wenn du|если ты|если вы|se sei|se voc",
        r"\b(?:si (?:tu es|vous [eê]tes|eres|usted es)|falls du|wenn du|если ты|если вы"
        rf"|se (?:sei|voc[eê] [eé]))\s+[^.\n]{{0,20}}?\b(?:{_STRONG})\b",
    ),
    (
        "addresses-model",
        "提示|说明|指示|指令|注意|消息|留言|请|必须|应该|应当",
        rf"(?:给|致|对|写给){_ZH_MACHINE}[^。\n]{{0,6}}(?:提示|说明|指示|指令|注意|消息|留言)"
        rf"|{_ZH_MACHINE}(?:请|必须|应该|应当)",
    ),
    # a note telling the reader which verdict to give
    (
        "addresses-reader",
        "reader|lecteur|lectric|lector|leitor|lettor|lettric|leser|читател",
        rf"\b(?:{_NOTE})\s+(?:{_TO})\b[^.:\n]{{0,30}}?\b(?:{_READER})\b"
        rf"(?=[^\n]*\b(?:{_LABEL}|{_VERDICT})\b)",
    ),
    # an order to give a verdict
    (
        "verdict-instruction",
        "support|refut|true|verified",
        r"\b(?:answer|respond|reply|output|return|say|mark(?:ed)?(?!\s+(?-i:[A-Z][a-z]))"
        r"|classif(?:y|ied)|label(?:l?ed)?)\b[^.!?\n]{0,40}\b(?:supported|supports|refuted"
        r"|refutes|true|verified)\b",
    ),
    (
        "verdict-instruction",
        _LABEL_NEEDS,
        r"\b(?:correct|right|valid|permitted|allowed|acceptable|proper|only)\s+(?:answer|stance"
        rf"|response|label|verdict|output|reply|classification)\b[^.\n]{{0,60}}?\b(?:{_LABEL})\b",
    ),
    (
        "verdict-instruction",
        _LABEL_NEEDS,
        r"(?:r[ée]ponse\s+(?:correcte|exacte|valable)|respuesta\s+(?:correcta|v[aá]lida)"
        r"|resposta\s+(?:correta|v[aá]lida)|risposta\s+(?:corretta|giusta|valida)"
        r"|(?:richtige|korrekte)\s+antwort|(?:верн\w+|правильн\w+)\s+ответ|正确的?答案|唯一.{0,4}答案)"
        rf"[^.\n]{{0,60}}?(?:{_LABEL})\b",
    ),
    (
        "verdict-instruction",
        "répond|repond|indiquez|marquez|classez|tiquetez|dites|concluez|responda|conteste|diga|indique|marque|classifique|conclua|rispond|antwort|markier|klassifiz|ответь|отвечай|отметь|пометь|укажи|скажи",
        r"\b(?:r[ée]pond(?:ez|s)|indiquez|marquez|classez|[ée]tiquetez|dites|concluez"
        r"|responda|conteste|diga|indique|marque|classifique|conclua|rispondi|risponda"
        r"|antworte|antwortet|antworten sie|markiere|klassifiziere|ответь\w*|отвечай\w*|отметь\w*"
        r"|пометь\w*|укажи\w*|скажи\w*)\b"
        rf"[^.\n]{{0,60}}?(?:\b(?:{_LABEL})\b|\b(?:{_CLAIM_WORD})\b[^.\n]{{0,30}}?\b(?:{_VERDICT})\b)",
    ),
    (
        "verdict-instruction",
        "responde|contesta",
        rf"\b(?:responde|contesta)\s+que\b[^.\n]{{0,40}}?\b(?:apoya|respalda)\s+la\s+(?:{_CLAIM_WORD})",
    ),
    (
        "verdict-instruction",
        "支持|属实|support",
        r"(?:回答|回复|输出|标记|判定|认定)[^。\n]{0,20}(?:支持|属实|supports?)",
    ),
    # a verdict, or a chat turn, written into the article
    (
        "fake-verdict",
        "verdict|stance|label|veredicto|verdetto|urteil|вердикт",
        r"[\"'«„“]?\b(?:verdict|stance|label|veredicto|verdetto|urteil|вердикт)\b[\"'»“”]?\s*"
        rf"[:=：]\s*[\"'«„“]?\s*(?:{_LABEL}|true|false|verdadero|vrai|wahr|верно|истина)\b",
    ),
    ("fake-verdict", "结论|判定|立场", r"(?:结论|判定|立场)\s*[:：]\s*(?:支持|属实|supports?)"),
    # a role name opening a line or a sentence: "the climate system: ..." is prose
    (
        "fake-role",
        "system|assistant|developer",
        r"(?:^|(?<=[.!?:;>\]\)\"'»”]))\s*(?:system|assistant|developer)\s*(?:prompt|message)?"
        r"\s*:",
    ),
    (
        "fake-role",
        "systè|syste|sistema|систем|asistente|assistente|ассистент|系统|助手",
        r"(?:^|(?<=[.!?:;>\]\)\"'»”]))\s*(?:syst[eè]me|sistema|systemnachricht|система|asistente"
        r"|assistente|ассистент)\s*:|(?:系统|助手)\s*[:：]",
    ),
    (
        "fake-role",
        "<",
        r"<\s*/?\s*(?:system|assistant|instructions?|im_start|im_end)\s*>",
    ),
    (
        "fake-role",
        "im_|endoftext|eot_id|start_header|system|user|assistant|[inst|[/inst|<<sys|<</sys|role",
        r"<\|\s*(?:im_start|im_end|system|user|assistant|endoftext|eot_id|start_header_id)\s*\|>"
        r"|\[/?INST\]|<</?SYS>>|\"role\"\s*:\s*\"(?:system|assistant|developer)\"",
    ),
    (
        "fake-role",
        "#|begin",
        r"^\s*#{1,4}\s*(?:system|instructions?)\b|\bbegin (?:system )?prompt\b",
    ),
    # a new persona for the judge
    (
        "role-play",
        "you are",
        r"\byou are (?:now )?(?:an?|the) (?:ai|assistant|language model|fact[- ]checker|judge)\b",
    ),
    (
        "role-play",
        "you are|pretend",
        r"\b(?:from now on|henceforth|starting now)\b[^.\n]{0,10}\byou are\b|\byou are now\b"
        r"|\bpretend (?:to be|you are)\b",
    ),
    (
        "role-play",
        "tu es|vous êtes|vous etes|eres|du bist|bist du|теперь ты|отныне ты|sei|você é|voce e"
        "|你现在是|从现在起你是",
        r"\b(?:tu es|vous [eê]tes) (?:maintenant|d[ée]sormais)\b|\b(?:[àa] partir de maintenant"
        r"|d[ée]sormais),? (?:tu es|vous [eê]tes)\b|\b(?:a partir de )?ahora,? eres\b"
        r"|\bdu bist (?:jetzt|ab sofort|nun)\b|\bab (?:jetzt|sofort) bist du\b|\bтеперь ты\b"
        r"|\bотныне ты\b|\b(?:d'ora in poi|ora) sei\b|\b(?:a partir de )?agora,? voc[eê] [eé]\b"
        r"|你现在是|从现在起你是",
    ),
]
_COMPILED = [(flag, frozenset(needs.split("|")), p) for flag, needs, p in _PATTERNS]
_ALL_NEEDS = sorted({n for _, needs, _ in _COMPILED for n in needs})


@cache
def _regex(pattern: str) -> re.Pattern[str]:
    """A pattern compiled when first needed: compiling them all cost every `verify check`
    0.06 s at import, and most articles need none of them (see ``needs``)."""
    return re.compile(pattern, re.IGNORECASE | re.MULTILINE)


@dataclass(frozen=True)
class Finding:
    """One pattern found: its flag and the span of the stored text it covers."""

    flag: str
    start: int
    end: int


_OBFUSCATION = ("hidden-characters", "look-alike-letters", "spaced-letters")


def _line_findings(
    line: str, offset: int, v: View | None = None, needs: list[str] | None = _ALL_NEEDS
) -> list[Finding]:
    """What one line says to a model. A pattern runs only where one of its needs occurs;
    ``needs`` narrows the list to those found anywhere in the text (None: run every pattern,
    for tests)."""
    v = v or view(line)
    found = [
        Finding(flag, offset, offset + len(line))
        for flag, hit in zip(_OBFUSCATION, (v.hidden, v.mixed_script, v.spaced), strict=True)
        if hit
    ]
    folded = v.text.casefold()
    present = None if needs is None else {n for n in needs if n in folded}
    for flag, wanted, pattern in _COMPILED:
        if present is not None and present.isdisjoint(wanted):
            continue
        for m in _regex(pattern).finditer(v.text):
            a, b = v.span(m.start(), m.end())
            found.append(Finding(flag, offset + a, offset + b))
    return found


@lru_cache(maxsize=256)
def _scan(text: str) -> tuple[tuple[Finding, ...], tuple[tuple[int, int], ...]]:
    """Every finding in ``text`` and the line spans they taint (cached: a check asks often)."""
    lines: list[tuple[int, int, str, View]] = []
    pos = 0
    for line in text.split("\n"):
        if line.strip():
            lines.append((pos, pos + len(line), line, view(line)))
        pos += len(line) + 1
    whole = "\n".join(v.text for *_, v in lines).casefold()
    needs = [n for n in _ALL_NEEDS if n in whole]  # most articles: a handful
    found: list[Finding] = []
    tainted: list[tuple[int, int]] = []
    spill = False  # a flagged line that ends in ":" hands its order to the next line
    for start, end, line, v in lines:
        here = _line_findings(line, start, v, needs)
        found += here
        if here or spill:
            tainted.append((start, end))
        spill = bool(here) and line.rstrip().endswith((":", "："))
    return tuple(found), tuple(tainted)


def findings(text: str) -> list[Finding]:
    """Everything in ``text`` that talks to a model, with spans in ``text`` itself."""
    return list(_scan(text)[0])


def instruction_flags(text: str) -> list[str]:
    """Names of the injection patterns found in ``text`` (empty for ordinary articles)."""
    return sorted({f.flag for f in _scan(text)[0]})


def tainted_lines(text: str) -> list[tuple[int, int]]:
    """Character spans of the lines (paragraphs) that address a model. A sentence inside one
    is not reporting anything, even when it reads like a statement of fact; a flagged line that
    ends in a colon taints the line after it too (the order often follows on its own line)."""
    return list(_scan(text)[1])


def addresses_model(text: str) -> bool:
    """Whether ``text`` (a quote, a sentence) talks to a model or tells a reader the verdict.
    Not cached: quotes are many and small, and must not push whole articles out of the cache."""
    pos = 0
    for line in text.split("\n"):
        if line.strip() and _line_findings(line, pos):
            return True
        pos += len(line) + 1
    return False
