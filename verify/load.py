"""Read an article — a file, or a web page by its address — and clean it into a :class:`Source`.

Nothing here knows about chunks or stores: loading turns bytes into text, a title and a date.
HTML (saved or fetched) goes through :mod:`.webpage`, Markdown through :mod:`.markdown_text`;
what the user said about the source (:class:`.sourcemeta.SourceMeta`) wins over what is found.
"""

from __future__ import annotations

import codecs
import hashlib
import io
import os
import re
import stat
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from charset_normalizer import from_bytes

from .errors import IngestError
from .metadata import stated_author, stated_date
from .models import Source
from .sourcemeta import MAX_ID_CHARS, SourceMeta

if TYPE_CHECKING:
    from .config import IngestSettings

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

_BOILERPLATE = re.compile(
    r"^\s*(share(\s+(this|on)\b.*)?:?|tags?\s*(\(s\))?\s*:.*|tag\(s\)\s*:.*|"
    r"advertisement|read more:?|related( articles)?:?|print|email)\s*$",
    re.IGNORECASE,
)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_TERMINAL = tuple('.!?:;"”’)]»…')


@dataclass(frozen=True)
class Article:
    """A file or web page found for ingestion, with the source id it is stored under (unless
    the user or the file's front matter names another)."""

    path: Path | None
    source_id: str
    url: str | None = None
    meta: SourceMeta = field(default_factory=SourceMeta)
    """What the user said about this one source (``--id``, ``--date`` …); wins over all."""

    @property
    def name(self) -> str:
        """How messages name it: the address or the path as given."""
        return self.url if self.url is not None else str(self.path)

    @property
    def origin(self) -> str:
        """Where it comes from, comparably: the resolved file path, or the address."""
        return self.url if self.url is not None else str(Path(self.path or "").resolve())


@dataclass(frozen=True)
class Skipped:
    """A file a folder ingest passed over, and why. Not an error: it was never an article."""

    path: str
    reason: str

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"


def source_id_for(path: Path, root: Path | None = None) -> str:
    """A file's source id: its path inside the folder that was ingested, without the extension
    (``ferry/index`` for ``articles/ferry/index.html`` when ``articles/`` was named), or its
    name without the extension when the file was named itself.

    Saved web pages are often all ``index.html``: ids taken from the relative path tell them
    apart, stay the same from one ingest of the folder to the next, and read like the folder the
    user keeps. For files straight in the folder that is the file name, as it always was.
    """
    if root is None:
        return path.stem
    return path.relative_to(root).with_suffix("").as_posix()


def source_id_for_url(url: str) -> str:
    """A web page's source id: host and path, without ``www.`` and a page extension
    (``example.com/news/ferry`` for ``https://www.example.com/news/ferry.html``)."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower().removeprefix("www.")
    if parts.port:
        host += f":{parts.port}"
    path = parts.path.rstrip("/")
    stem, dot, ext = path.rpartition(".")
    if dot and "/" not in ext and ext.lower() in ("html", "htm", "shtml", "php", "asp", "aspx"):
        path = stem
    sid = host + path + (f"?{parts.query}" if parts.query else "")
    return sid[:MAX_ID_CHARS]


_LOOKS_LIKE_HOST = re.compile(r"^(www\.|[\w-]+(\.[\w-]+)*\.[a-z]{2,}/)", re.IGNORECASE)


def discover(
    paths: list[Path], extensions: list[str], skipped: list[Skipped] | None = None
) -> tuple[list[Article], list[IngestError]]:
    """Expand files and folders (recursively) into articles, and errors for what can't be used.

    A file named on its own with an unsupported extension is an error; inside a folder it is
    noted in ``skipped`` (with hidden files and folders, and links to folders), since a folder
    of articles often holds images and notes too. A symlink inside a folder that points outside
    that folder is refused: ingesting a folder must not read files the user did not put there.
    """
    found: list[Article] = []
    errors: list[IngestError] = []
    skips = skipped if skipped is not None else []
    exts = {e.lower() for e in extensions}
    for root in paths:
        if problem := _unusable(root):
            if problem.reason == "no such file or folder" and _LOOKS_LIKE_HOST.match(str(root)):
                problem = IngestError(
                    str(root),
                    "no such file or folder (for a web page give the whole address: https://…)",
                )
            errors.append(problem)
            continue
        if root.is_file():
            if root.suffix.lower() not in exts:
                errors.append(
                    IngestError(
                        str(root),
                        f"unsupported file type {root.suffix or '(none)'!r} "
                        f"(verify reads {' '.join(sorted(exts))})",
                    )
                )
            else:
                found.append(Article(root, source_id_for(root)))
            continue
        if not root.is_dir():
            errors.append(IngestError(str(root), "not a regular file or folder"))
            continue
        base = root.resolve()
        for path in sorted(_walk(root, errors, skips)):
            suffix = path.suffix.lower()
            if suffix not in exts:
                skips.append(Skipped(str(path), f"unsupported file type {suffix or '(none)'!r}"))
                continue
            try:
                if path.is_symlink() and not path.resolve().is_relative_to(base):
                    errors.append(
                        IngestError(str(path), "symlink points outside the folder; skipped")
                    )
                    continue
                if not path.is_file():
                    errors.append(IngestError(str(path), "not a regular file"))
                    continue
            except OSError as exc:  # listed, but its folder cannot be entered
                errors.append(_unreadable(path, exc))
                continue
            found.append(Article(path, source_id_for(path, root)))
    return found, errors


def _unusable(root: Path) -> IngestError | None:
    """Why a path given on the command line cannot even be examined, if it cannot."""
    try:
        root.lstat()
        root.stat()
    except FileNotFoundError:
        return None if root.is_symlink() else IngestError(str(root), "no such file or folder")
    except NotADirectoryError:
        return IngestError(str(root), "no such file or folder")
    except OSError as exc:  # e.g. inside a folder that cannot be entered
        return _unreadable(root, exc)
    return None


def _unreadable(path: Path, exc: OSError) -> IngestError:
    why = exc.strerror or type(exc).__name__
    return IngestError(
        str(path), f"cannot read: {why} (check the permissions of it and its folder)"
    )


def _walk(root: Path, errors: list[IngestError], skipped: list[Skipped]) -> Iterator[Path]:
    """Files under ``root``. Hidden entries (.git, .DS_Store …) and links to folders are noted
    in ``skipped`` once each and not entered; a folder that cannot be opened is reported in
    ``errors`` (its files were never seen), never skipped without a word."""
    folders = [root]
    while folders:
        folder = folders.pop()
        try:
            with os.scandir(folder) as listing:
                entries = list(listing)
        except OSError as exc:
            why = exc.strerror or type(exc).__name__
            errors.append(
                IngestError(str(folder), f"cannot open folder: {why}; nothing in it was ingested")
            )
            continue
        for entry in entries:
            try:
                if entry.name.startswith("."):
                    kind = "folder" if entry.is_dir(follow_symlinks=False) else "file"
                    skipped.append(Skipped(entry.path, f"hidden {kind}"))
                    continue
                if entry.is_dir(follow_symlinks=False):
                    folders.append(Path(entry.path))
                    continue
                if entry.is_symlink() and entry.is_dir():
                    skipped.append(Skipped(entry.path, "link to a folder; not followed"))
                    continue
                if not (entry.is_file() or entry.is_symlink()):
                    continue
            except OSError:
                pass  # its type is unknown (folder not searchable): discover reports it
            yield Path(entry.path)


def decode(data: bytes, name: str) -> str:
    """Bytes to text: BOMs first, then strict UTF-8, then a detected legacy encoding.

    Refuses binary data rather than guessing: a wrong decode would silently corrupt quotes.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError as exc:
                raise IngestError(name, f"invalid {encoding} text: {exc.reason}") from None
    head = data[:8192]
    nuls = head.count(b"\x00")
    if nuls > 0.01 * len(head):  # a stray NUL in scraped text is noise; many mean binary
        if nuls >= 0.4 * len(head) and (head[1::2].count(0) > 0.9 * len(head[1::2])):
            try:  # UTF-16 without a BOM: every other byte NUL
                return data.decode("utf-16-le")
            except UnicodeDecodeError:
                pass
        raise IngestError(name, "binary file (contains NUL bytes); not text")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    matches = from_bytes(data[:200_000])
    best = matches.best()
    if best is None or best.encoding is None:
        raise IngestError(name, "binary or undecodable file; not text")
    # Western single-byte code pages are indistinguishable on short texts; cp1252 (what
    # Windows editors wrote) is by far the likeliest, so prefer it when it fits as well.
    encoding = best.encoding
    for m in matches:
        if "cp1252" in m.could_be_from_charset and m.chaos <= best.chaos:
            encoding = "cp1252"
            break
    try:
        text = data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        raise IngestError(name, f"cannot decode as {encoding}") from None
    if _control_ratio(text) > 0.01:
        raise IngestError(name, "binary file (control characters); not text")
    return text


def _control_ratio(text: str) -> float:
    if not text:
        return 0.0
    bad = sum(1 for ch in text if ord(ch) < 32 and ch not in "\n\r\t\f")
    return bad / len(text)


def clean_text(raw: str, rejoin: bool = True) -> str:
    """Normalise newlines and spaces, drop boilerplate lines, rejoin hard-wrapped lines.

    The first non-empty line (the title) is kept on a line of its own. A body line is joined
    to the next when it does not end a sentence and either the next line starts in lower case
    or the line ends on a lower-case word: the shape of text wrapped at a fixed width. Text
    whose lines are already its blocks (from HTML or Markdown) is not rejoined: there a line
    without a full stop is a heading or a list item, not half a sentence.
    """
    text = raw.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ")
    text = text.replace("\u200b", "").replace("\ufeff", "")
    text = _CONTROL.sub("", text)  # NULs and other control characters scraped along
    lines = [re.sub(r"[ \t\f\v]+", " ", line).strip() for line in text.split("\n")]
    lines = [line for line in lines if not _BOILERPLATE.match(line)]
    while lines and not lines[0]:
        lines.pop(0)
    if not lines:
        return ""
    title, body = lines[0], lines[1:]
    wrapped = _is_hard_wrapped(body)
    out: list[str] = []
    for line in body:
        if not line:
            if out and out[-1] != "":
                out.append("")
            continue
        if rejoin and out and out[-1] and _continues(out[-1], line, wrapped):
            out[-1] = f"{out[-1]} {line}"
        else:
            out.append(line)
    while out and not out[-1]:
        out.pop()
    paragraphs = "\n".join(out)
    return f"{title}\n\n{paragraphs}" if paragraphs else title


def _is_hard_wrapped(lines: list[str]) -> bool:
    """Many lines that stop mid-sentence: the text was wrapped at a fixed width."""
    nonempty = [line for line in lines if line]
    open_ended = [line for line in nonempty if len(line) >= 40 and not line.endswith(_TERMINAL)]
    return len(open_ended) >= 5 and len(open_ended) >= 0.3 * len(nonempty)


def _continues(prev: str, nxt: str, wrapped: bool) -> bool:
    if prev.endswith(_TERMINAL):
        return False
    if wrapped:
        return True
    if nxt.lstrip("\"'“‘([")[:1].islower():
        return True
    last_word = prev.rsplit(" ", 1)[-1]
    return last_word[:1].islower() and len(prev) >= 30


def read_regular(path: Path, max_bytes: int) -> bytes:
    """The bytes of a regular file, checked on the open descriptor: a file swapped for a FIFO
    or a device after discovery is refused instead of blocking the ingest (and its lock)."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        raise IngestError(str(path), f"cannot read: {exc.strerror}") from None
    with os.fdopen(fd, "rb") as fh:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise IngestError(str(path), "not a regular file")
        if st.st_size > max_bytes:
            raise IngestError(
                str(path), f"file is {st.st_size:,} bytes, over the {max_bytes:,}-byte limit"
            )
        try:
            return fh.read(max_bytes + 1)
        except OSError as exc:
            raise IngestError(str(path), f"cannot read: {exc.strerror}") from None


def pdf_to_text(data: bytes, name: str) -> str:
    """The text layer of a PDF, a blank line between pages (pypdf: pure Python, BSD). A PDF
    with no text layer (a scan) is refused with a reason rather than stored empty."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise IngestError(name, "the PDF is password-protected")
        pages = [(page.extract_text() or "").strip() for page in reader.pages]
    except IngestError:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, OSError) as exc:
        first = (str(exc).strip().splitlines() or ["damaged file"])[0]
        raise IngestError(name, f"not a readable PDF: {first}") from None
    text = "\n\n".join(p for p in pages if p)
    if not text.strip():
        raise IngestError(name, "the PDF has no text layer (a scanned image?); run OCR on it first")
    return text


def docx_to_text(data: bytes, name: str) -> str:
    """The paragraphs of a Word document (python-docx), one per line, tables row by row."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        doc = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, ValueError, KeyError, OSError) as exc:
        first = (str(exc).strip().splitlines() or ["damaged file"])[0]
        raise IngestError(name, f"not a readable Word (.docx) file: {first}") from None
    except Exception as exc:  # zipfile.BadZipFile and lxml errors on a damaged package
        raise IngestError(name, f"not a readable Word (.docx) file: {type(exc).__name__}") from None
    lines = [p.text.strip() for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            lines.append(" | ".join(c.text.strip() for c in row.cells))
    return "\n".join(x for x in lines if x)


def find_date(text: str) -> str | None:
    """The publication date an article states for itself (:func:`.metadata.stated_date`)."""
    return stated_date(text)


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def load(article: Article, max_bytes: int, fetching: IngestSettings | None = None) -> Source:
    """Read one article into a clean Source; raises IngestError with a one-line reason.

    ``fetching`` holds the limits for a web page (timeout, redirects, private addresses); the
    strict defaults apply when it is not given.
    """
    if article.url is not None:
        from .config import IngestSettings
        from .fetch import fetch

        settings = fetching or IngestSettings(max_file_bytes=max_bytes)
        page = fetch(article.url, settings)
        html = _decode_page(page.body, page.charset, article.url)
        raw, found = _from_html(html, article.url, url=page.url)
        return _finish(article, raw, found.over(SourceMeta(url=article.url)), blocks=True)
    path = article.path
    assert path is not None
    data = read_regular(path, max_bytes)
    if not data.strip():
        raise IngestError(str(path), "empty file")
    suffix = path.suffix.lower()
    found = SourceMeta()
    blocks = False
    if suffix == ".pdf":
        raw = pdf_to_text(data, str(path))
    elif suffix == ".docx":
        raw = docx_to_text(data, str(path))
    else:
        raw = decode(data, str(path))
    if suffix in {".html", ".htm"}:
        raw, found = _from_html(raw, str(path))
        blocks = True
    elif suffix in {".md", ".markdown"}:
        from .markdown_text import markdown_to_text, split_front_matter

        found, body = split_front_matter(raw.replace("\r\n", "\n").replace("\r", "\n"), str(path))
        raw = markdown_to_text(body)
        if found.title and not raw.startswith(found.title):
            raw = f"{found.title}\n\n{raw}"
        blocks = True
    return _finish(article, raw, found, blocks)


def _from_html(html: str, name: str, url: str | None = None) -> tuple[str, SourceMeta]:
    """The article of a page (main text, its title first) and the metadata found in it."""
    from .webpage import extract

    page = extract(html, name, url)
    raw = page.text
    if page.title and not raw.lstrip().startswith(page.title):
        raw = f"{page.title}\n\n{raw}"
    return raw, SourceMeta(title=page.title, date=page.date, author=page.author)


def _decode_page(body: bytes, charset: str | None, name: str) -> str:
    """A fetched page's text: by the charset its server named, else as a file is decoded."""
    if charset:
        try:
            codecs.lookup(charset)
        except LookupError:
            charset = None
    if charset:
        return body.decode(charset, errors="replace")
    return decode(body, name)


def _finish(article: Article, raw: str, found: SourceMeta, blocks: bool) -> Source:
    """Clean ``raw`` and settle the source's details: the user's, else the file's or page's
    own (front matter, page metadata), else what the text states (first line, date line)."""
    meta = article.meta.over(found)
    name = article.name
    text = clean_text(raw, rejoin=not blocks)
    if not text.strip():
        raise IngestError(name, "no text left after cleaning")
    title = text.split("\n", 1)[0].strip()
    date = meta.date or find_date(text)
    if date and len(title.replace(date, "").strip(" :-|,").split()) <= 1:
        title = text.split("\n", 1)[-1].strip().split("\n", 1)[0][:200]
    path = article.path
    return Source(
        id=meta.id or article.source_id,
        title=(meta.title or title)[:300],
        date=date,
        path=os.path.abspath(path) if path is not None else None,
        url=meta.url,
        author=meta.author or stated_author(text),  # a .txt byline: "By Tomas Reyne"
        text=text,
        content_hash=content_hash(text),
    )
