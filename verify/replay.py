"""The one VCR configuration: recorded LLM calls for tests and for ``--record`` / ``--replay``.

A cassette is a readable YAML file: request and response bodies are stored decoded, as YAML
mappings (JSON bodies) or block text; secrets and per-request ids are scrubbed from request
AND response headers before anything is written. Requests match on method, scheme, host,
port, path and the JSON-normalised body, so a changed claim, source, prompt version or
setting is a miss, and a miss during a replay is a :class:`ReplayError` (one line), never a
call to the network.

The settings a cassette was recorded with (model, base_url, structured-output method,
temperature, seed, max_tokens, prompt version) are stored in its ``metadata`` block;
``--replay`` applies them, so a replay needs neither the server nor a key.
"""

from __future__ import annotations

import json
import os
import re
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Literal

import yaml

from .errors import ReplayError

META_KEY = "verify"
MATCH_ON = ("method", "scheme", "host", "port", "path", "json_body")
# Matched case-insensitively against header names; these never reach a cassette.
SECRET_HEADERS = re.compile(
    r"^(authorization|proxy-authorization|api-key|x-api-key|x-goog-api-key|cookie|set-cookie"
    r"|openai-organization|openai-project|.*request-id|x-request-.*|cf-ray|x-stainless-.*"
    r"|x-envoy-.*|x-amzn-.*|traceparent|tracestate|date|server)$",
    re.IGNORECASE,
)
RECORDED_SETTINGS = ("model", "base_url", "method", "temperature", "seed", "max_tokens")
Mode = Literal["record", "replay"]


# -- scrubbing -------------------------------------------------------------------------------
def _scrub(headers: Any) -> Any:
    for name in list(headers):
        if SECRET_HEADERS.match(name):
            del headers[name]
    return headers


def scrub_request(request: Any) -> Any:
    _scrub(request.headers)
    return request


def scrub_response(response: dict[str, Any]) -> dict[str, Any]:
    _scrub(response.get("headers", {}))
    # the body is stored re-serialised (readable), so its recorded length would be wrong
    for name in list(response.get("headers", {})):
        if name.lower() in ("content-length", "content-encoding"):
            del response["headers"][name]
    return response


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


# -- the configuration ------------------------------------------------------------------------
def vcr_config() -> dict[str, Any]:
    """Keyword arguments for ``vcr.VCR`` (also pytest-recording's ``vcr_config`` fixture)."""
    return {
        "serializer": "verify-yaml",
        "match_on": MATCH_ON,
        "decode_compressed_response": True,
        "filter_headers": ["authorization", "openai-organization", "openai-project", "cookie"],
        "before_record_request": scrub_request,
        "before_record_response": scrub_response,
    }


def make_vcr(record_mode: str = "none") -> Any:
    import vcr

    v = vcr.VCR(record_mode=record_mode, **vcr_config())
    v.register_serializer("verify-yaml", ReadableYaml)
    v.register_matcher("json_body", json_body)
    return v


@contextmanager
def use_cassette(
    path: str | Path,
    mode: Mode,
    metadata: dict[str, Any] | None = None,
    notify: Callable[[str], None] | None = None,
) -> Iterator[Any]:
    """Record every HTTP call made inside into ``path`` (replacing it), or replay from it.

    Recording stores ``metadata`` (the LLM settings) in the cassette. Replaying raises
    :class:`ReplayError` for a missing or unreadable cassette; a request it lacks surfaces
    as a :class:`ReplayError` from the judge (see :func:`replay_miss`).
    """
    path = Path(path)
    if mode == "replay":
        read_metadata(path)  # fail early and clearly on a missing/bad file
        with make_vcr("none").use_cassette(str(path), allow_playback_repeats=False) as cassette:
            yield cassette
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    # Recorded beside the target and moved over it only when the run succeeded and recorded
    # something: a failed or LLM-free run never replaces a good cassette.
    tmp = path.with_name(f".{path.name}.{os.getpid()}.recording")
    tmp.unlink(missing_ok=True)
    recorded = False
    try:
        with make_vcr("all").use_cassette(str(tmp)) as cassette:
            if metadata:
                cassette.get_metadata(META_KEY, metadata)
            yield cassette
        # a run whose every call failed (401, 500...) records errors, not answers
        recorded = tmp.exists() and any(
            int(resp.get("status", {}).get("code", 0)) < 400 for _, resp in cassette.data
        )
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
    meta = (data.get("metadata") or {}).get(META_KEY) or {}
    return dict(meta)


def settings_metadata(llm: Any, prompt_tag: str) -> dict[str, Any]:
    """What a replay must reproduce: the LLM settings that shape each request body."""
    meta = {k: getattr(llm, k) for k in RECORDED_SETTINGS}
    name, _, version = prompt_tag.rpartition("-v")
    meta["prompt"] = f"{name}.v{version}"  # judge-v1 -> judge.v1 (its file name)
    return meta


def apply_metadata(llm: Any, meta: dict[str, Any]) -> None:
    """Put the recorded settings in force (in place), with a dummy key when none is set."""
    from pydantic import SecretStr

    for key in (*RECORDED_SETTINGS, "prompt"):
        if key in meta:
            setattr(llm, key, meta[key])
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
