"""The one VCR configuration: recorded LLM calls for tests and for ``--record`` / ``--replay``.

A cassette is a readable YAML file: request and response bodies are stored decoded, as YAML
mappings (JSON bodies) or block text; secrets and per-request ids are scrubbed from request
AND response headers before anything is written. The secrets themselves (the API key, and the
user:password of a base URL) are scrubbed by value wherever they appear, in headers, URIs,
bodies and the metadata, since a server may echo them anywhere; a recording that still holds
one after that is refused (:class:`~verify.errors.SecretInCassetteError`), never written.
Requests match on method, scheme, host, port, path and the JSON-normalised body, so a changed
claim, source, prompt version or setting is a miss, and a miss during a replay is a
:class:`ReplayError` (one line), never a call to the network.

The settings a cassette was recorded with (model, base_url, structured-output method,
temperature, seed, max_tokens, prompt version) are stored in its ``metadata`` block;
``--replay`` applies them, so a replay needs neither the server nor a key.

A call that got no HTTP answer while recording (a timeout, a dropped connection) leaves no
interaction for vcrpy to keep, so it is kept in the metadata too (``unanswered``: the call's
key → its one-line error and kind) and a replay gives the same "no answer" for it instead of
stopping at a request the cassette lacks.
"""

from __future__ import annotations

import base64
import functools
import json
import os
import re
import warnings
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal
from urllib.parse import unquote, urlsplit

import yaml

from .errors import ReplayError, SecretInCassetteError

META_KEY = "verify"
UNANSWERED_KEY = "unanswered"
MATCH_ON = ("method", "scheme", "host", "port", "path", "json_body")
# Matched case-insensitively against header names; these never reach a cassette.
SECRET_HEADERS = re.compile(
    r"^(authorization|proxy-authorization|api-key|x-api-key|x-goog-api-key|cookie|set-cookie"
    r"|openai-organization|openai-project|.*request-id|x-request-.*|cf-ray|x-stainless-.*"
    r"|x-envoy-.*|x-amzn-.*|traceparent|tracestate|date|server)$",
    re.IGNORECASE,
)
RECORDED_SETTINGS = ("model", "base_url", "method", "temperature", "seed", "max_tokens")
REDACTED = "<redacted>"
NOT_SECRET = {"replay-dummy-key", "not-needed"}  # placeholders verify itself sends
_USERINFO = re.compile(r"(?<=://)[^/@\s]+@")
Mode = Literal["record", "replay"]


# -- scrubbing -------------------------------------------------------------------------------
def secret_values(llm: Any) -> list[str]:
    """What must never reach a cassette, in every form it travels in: the API key, and the
    password (and user:password, and its Basic-auth encoding) of a base URL."""
    found: set[str] = set()
    key = llm.api_key.get_secret_value() if getattr(llm, "api_key", None) else None
    if key and key not in NOT_SECRET:
        found.add(key)
    url = urlsplit(getattr(llm, "base_url", None) or "")
    if url.password:
        user, password = url.username or "", url.password
        found |= {password, unquote(password), f"{user}:{password}"}
        found.add(base64.b64encode(f"{unquote(user)}:{unquote(password)}".encode()).decode())
    found |= {json.dumps(v)[1:-1] for v in list(found)}  # as it reads inside a JSON string
    return sorted((v for v in found if v), key=len, reverse=True)


def without_credentials(url: str | None) -> str | None:
    """``url`` with any ``user:password@`` removed."""
    return _USERINFO.sub("", url) if url else url


def _scrub_text(text: str, secrets: Iterable[str]) -> str:
    """Every occurrence of a secret, in any letter case (headers reach us lower-cased)."""
    for value in secrets:
        text = re.sub(re.escape(value), REDACTED, text, flags=re.IGNORECASE)
    return text


def _scrub_body(body: Any, secrets: Sequence[str]) -> Any:
    if not secrets or body is None:
        return body
    if isinstance(body, str):
        return _scrub_text(body, secrets)
    raw = bytes(body)
    for value in secrets:
        raw = re.sub(re.escape(value.encode()), REDACTED.encode(), raw, flags=re.IGNORECASE)
    return raw


def _scrub(headers: Any, secrets: Sequence[str] = ()) -> Any:
    for name in list(headers):
        if SECRET_HEADERS.match(name):
            del headers[name]
        elif secrets:
            value = headers[name]
            if isinstance(value, list):
                headers[name] = [_scrub_text(str(v), secrets) for v in value]
            else:
                headers[name] = _scrub_text(str(value), secrets)
    return headers


def scrub_request(request: Any, secrets: Sequence[str] = ()) -> Any:
    """Secret headers dropped; URL credentials and secret values removed from what is left.
    (The body keeps its shape: the replay matches on it.)"""
    _scrub(request.headers, list(secrets))
    request.uri = _scrub_text(without_credentials(request.uri) or "", secrets)
    request.body = _scrub_body(request.body, list(secrets))
    return request


def scrub_response(response: dict[str, Any], secrets: Sequence[str] = ()) -> dict[str, Any]:
    _scrub(response.get("headers", {}), list(secrets))
    # the body is stored re-serialised (readable), so its recorded length would be wrong
    for name in list(response.get("headers", {})):
        if name.lower() in ("content-length", "content-encoding"):
            del response["headers"][name]
    body = response.get("body")
    if isinstance(body, dict) and "string" in body:
        body["string"] = _scrub_body(body["string"], list(secrets))
    return response


def find_secrets(text: str, secrets: Sequence[str]) -> str | None:
    """Where in a cassette's text a secret remains ("interaction 2 response", "metadata"...),
    or None: in any letter case, in header names too (which are not rewritten), and in the
    parsed data, so a value folded across YAML lines is found."""
    if not secrets:
        return None
    wanted = [v.casefold() for v in secrets]
    data = yaml.safe_load(text) or {}
    parts: list[tuple[str, Any]] = []
    for i, it in enumerate(data.get("interactions") or [], 1):
        parts += [
            (f"interaction {i} request", it.get("request")),
            (f"interaction {i} response", it.get("response")),
        ]
    parts.append(("metadata", data.get("metadata")))
    for where, part in parts:
        flat = json.dumps(part, ensure_ascii=False, default=str).casefold()
        if any(v in flat for v in wanted):
            return where
    return "the file" if any(v in text.casefold() for v in wanted) else None


# -- matching ---------------------------------------------------------------------------------
def _json_or_bytes(body: Any) -> Any:
    if body is None:
        return b""
    raw = body.encode("utf-8") if isinstance(body, str) else bytes(body)
    try:
        return json.loads(raw)
    except ValueError:
        return raw


def json_body(r1: Any, r2: Any) -> None:
    """vcrpy matcher: bodies equal as JSON (key order and spacing ignored), else as bytes."""
    if _json_or_bytes(r1.body) != _json_or_bytes(r2.body):
        raise AssertionError("request bodies differ")


# -- a readable YAML serializer --------------------------------------------------------------
class _Dumper(yaml.SafeDumper):
    pass


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str)


def _to_readable(body: Any) -> Any:
    text = body.decode("utf-8") if isinstance(body, bytes) else body
    if isinstance(text, str):
        try:
            parsed = json.loads(text)
        except ValueError:
            return text
        return {"json": parsed}
    return body


def _from_readable(body: Any) -> Any:
    if isinstance(body, dict) and set(body) == {"json"}:
        return json.dumps(body["json"], ensure_ascii=False)
    return body


class ReadableYaml:
    """vcrpy serializer: JSON bodies become YAML mappings, long text becomes block scalars."""

    @staticmethod
    def serialize(data: dict[str, Any]) -> str:
        for it in data.get("interactions", []):
            it["request"]["body"] = _to_readable(it["request"].get("body"))
            body = it["response"].get("body", {})
            body["string"] = _to_readable(body.get("string"))
        return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)

    @staticmethod
    def deserialize(text: str) -> dict[str, Any]:
        data = yaml.safe_load(text) or {}
        for it in data.get("interactions", []):
            it["request"]["body"] = _from_readable(it["request"].get("body"))
            body = it["response"].get("body", {})
            body["string"] = _from_readable(body.get("string"))
        return data


# -- calls that got no answer ----------------------------------------------------------------
@dataclass
class _Session:
    """The cassette being recorded or replayed in this context (the judges read it)."""

    mode: Mode
    cassette: Any
    secrets: list[str] = field(default_factory=list)
    unanswered: dict[str, list[dict[str, str]]] = field(default_factory=dict)


_ACTIVE: ContextVar[_Session | None] = ContextVar("verify_cassette", default=None)


class RecordedFailure(Exception):
    """A call that got no answer when the cassette was recorded, given again by a replay."""

    def __init__(self, message: str, kind: str) -> None:
        super().__init__(message)
        self.kind = kind


def note_unanswered(key: str, message: str, kind: str) -> None:
    """While recording, keep a failed call (by its key) so that a replay fails it alike."""
    session = _ACTIVE.get()
    if session is None or session.mode != "record":
        return
    if not session.unanswered:  # the metadata entry appears only in a run that needs it
        session.cassette.get_metadata(UNANSWERED_KEY, session.unanswered)
    entry = {"error": _scrub_text(message, session.secrets), "kind": kind}
    session.unanswered.setdefault(key, []).append(entry)


def recorded_failure(key: str) -> RecordedFailure | None:
    """While replaying, the recorded failure of the call with this key (each recorded failure
    is given once: a call that failed and was answered later replays the same way)."""
    session = _ACTIVE.get()
    if session is None or session.mode != "replay":
        return None
    entries = session.unanswered.get(key)
    if not entries:
        return None
    entry = entries.pop(0)
    return RecordedFailure(str(entry.get("error", "no answer")), str(entry.get("kind", "error")))


def _read_unanswered(path: Path) -> dict[str, list[dict[str, str]]]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    got = (data.get("metadata") or {}).get(UNANSWERED_KEY) or {}
    if not isinstance(got, dict) or not all(isinstance(v, list) for v in got.values()):
        raise ReplayError(f"cassette {path}: its metadata.{UNANSWERED_KEY} is not a mapping")
    return {str(k): [dict(e) for e in v if isinstance(e, dict)] for k, v in got.items()}


# -- the configuration ------------------------------------------------------------------------
def vcr_config(secrets: Iterable[str] = ()) -> dict[str, Any]:
    """Keyword arguments for ``vcr.VCR`` (also pytest-recording's ``vcr_config`` fixture);
    ``secrets`` (see :func:`secret_values`) are scrubbed by value."""
    values = list(secrets)
    return {
        "serializer": "verify-yaml",
        "match_on": MATCH_ON,
        "decode_compressed_response": True,
        "filter_headers": ["authorization", "openai-organization", "openai-project", "cookie"],
        "before_record_request": functools.partial(scrub_request, secrets=values),
        "before_record_response": functools.partial(scrub_response, secrets=values),
    }


def make_vcr(record_mode: str = "none", secrets: Iterable[str] = ()) -> Any:
    import vcr

    v = vcr.VCR(record_mode=record_mode, **vcr_config(secrets))
    v.register_serializer("verify-yaml", ReadableYaml)
    v.register_matcher("json_body", json_body)
    return v


@contextmanager
def use_cassette(
    path: str | Path,
    mode: Mode,
    metadata: dict[str, Any] | None = None,
    notify: Callable[[str], None] | None = None,
    secrets: Iterable[str] = (),
) -> Iterator[Any]:
    """Record every HTTP call made inside into ``path`` (replacing it), or replay from it.

    Recording stores ``metadata`` (the LLM settings) in the cassette, scrubs ``secrets`` by
    value, and refuses to write a cassette that would still hold one. Replaying raises
    :class:`ReplayError` for a missing or unreadable cassette; a request it lacks surfaces
    as a :class:`ReplayError` from the judge (see :func:`replay_miss`).
    """
    path = Path(path)
    if mode == "replay":
        read_metadata(path)  # fail early and clearly on a missing/bad file
        unanswered = _read_unanswered(path)
        with make_vcr("none").use_cassette(str(path), allow_playback_repeats=False) as cassette:
            token = _ACTIVE.set(_Session("replay", cassette, unanswered=unanswered))
            try:
                yield cassette
            finally:
                _ACTIVE.reset(token)
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    # Recorded beside the target and moved over it only when the run succeeded and recorded
    # something: a failed or LLM-free run never replaces a good cassette.
    tmp = path.with_name(f".{path.name}.{os.getpid()}.recording")
    tmp.unlink(missing_ok=True)
    recorded = False
    values = list(secrets)
    if metadata and values:
        metadata = json.loads(_scrub_text(json.dumps(metadata), values))
    try:
        with make_vcr("all", values).use_cassette(str(tmp)) as cassette:
            if metadata:
                cassette.get_metadata(META_KEY, metadata)
            token = _ACTIVE.set(_Session("record", cassette, values))
            try:
                yield cassette
            finally:
                _ACTIVE.reset(token)
        # a run whose every call failed (401, 500...) records errors, not answers
        recorded = tmp.exists() and any(
            int(resp.get("status", {}).get("code", 0)) < 400 for _, resp in cassette.data
        )
        if recorded and (where := find_secrets(tmp.read_text(encoding="utf-8"), values)):
            raise SecretInCassetteError(path, where)
        if recorded:
            os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    if not recorded:
        message = f"no LLM call was answered, so nothing was recorded; {path} was left as it was"
        (notify or warnings.warn)(message)


def read_metadata(path: str | Path) -> dict[str, Any]:
    """The recorded settings of a cassette (empty when it has none)."""
    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ReplayError(f"cassette not found: {path}") from None
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        first = (str(exc).splitlines() or [""])[0]
        raise ReplayError(f"cannot read cassette {path}: {first}") from None
    if not isinstance(data, dict) or "interactions" not in data:
        raise ReplayError(f"{path} is not a cassette (no interactions)")
    _check_interactions(path, data["interactions"])
    meta = (data.get("metadata") or {}).get(META_KEY) or {}
    if not isinstance(meta, dict):
        raise ReplayError(f"cassette {path}: its metadata.{META_KEY} is not a mapping")
    return dict(meta)


def _check_interactions(path: Path, interactions: Any) -> None:
    """Each recorded call has a request (method, uri) and a response (status): a hand-edited
    cassette that lacks one is refused in one line instead of failing deep inside vcrpy."""
    if not isinstance(interactions, list):
        raise ReplayError(f"cassette {path}: 'interactions' is not a list")
    for i, it in enumerate(interactions, 1):
        for part, needs in (("request", ("method", "uri")), ("response", ("status",))):
            got = it.get(part) if isinstance(it, dict) else None
            if not isinstance(got, dict):
                raise ReplayError(f"cassette {path}: interaction {i} has no {part}")
            missing = [k for k in needs if k not in got]
            if missing:
                raise ReplayError(f"cassette {path}: interaction {i}'s {part} has no {missing[0]}")


def settings_metadata(llm: Any, prompt_tag: str) -> dict[str, Any]:
    """What a replay must reproduce: the LLM settings that shape each request body (the base
    URL without credentials)."""
    meta = {k: getattr(llm, k) for k in RECORDED_SETTINGS}
    meta["base_url"] = without_credentials(meta["base_url"])
    name, _, version = prompt_tag.rpartition("-v")
    meta["prompt"] = f"{name}.v{version}"  # judge-v1 -> judge.v1 (its file name)
    return meta


def apply_metadata(llm: Any, meta: dict[str, Any], source: str = "the cassette") -> None:
    """Put the recorded settings in force (in place), with a dummy key when none is set.
    Settings that would not validate in a config file are refused (ReplayError) before any
    is applied; the prompt must be a prompt's name (``judge.v2``), never a path."""
    from pydantic import SecretStr, ValidationError

    from .judges.llm import PROMPT_NAME

    wanted = {k: meta[k] for k in (*RECORDED_SETTINGS, "prompt") if k in meta}
    prompt = wanted.get("prompt")
    if prompt is not None and not PROMPT_NAME.match(str(prompt)):
        raise ReplayError(
            f"{source} names the prompt {prompt!r}; a recorded prompt is a name like judge.v2"
        )
    try:
        checked = type(llm).model_validate({**dict(llm), **wanted})
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise ReplayError(
            f"{source} records an invalid {where} ({wanted.get(where)!r}): {first['msg']}"
        ) from None
    for key in wanted:
        setattr(llm, key, getattr(checked, key))
    if llm.api_key is None:
        llm.api_key = SecretStr("replay-dummy-key")


def replay_miss(exc: BaseException) -> ReplayError | None:
    """A ReplayError when ``exc`` (or what caused it) is vcrpy refusing an unrecorded request."""
    from vcr.errors import CannotOverwriteExistingCassetteException

    seen: set[int] = set()
    cur: BaseException | None = exc
    while cur is not None and id(cur) not in seen:
        seen.add(id(cur))
        if isinstance(cur, ReplayError):
            return cur
        if isinstance(cur, CannotOverwriteExistingCassetteException):
            req = getattr(cur, "failed_request", None)
            cassette = getattr(cur, "cassette", None)
            where = f" {req.method} {req.uri}" if req is not None else ""
            name = f" {cassette._path}" if cassette is not None else ""
            return ReplayError(
                f"cassette{name} has no recorded answer for{where}: the claim, sources, prompt "
                "or LLM settings differ from the recording (re-record with --record)"
            )
        cur = cur.__cause__ or cur.__context__
    return None
