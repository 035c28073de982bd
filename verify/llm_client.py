"""The one chat-model client: how verify talks to an OpenAI-compatible server.

The LLM judge (:mod:`verify.judges.llm`) and the LLM decomposer (:mod:`verify.decompose`) both
build their client here from :class:`~verify.config.LLMSettings`, price a call's tokens here,
and name here what kind of failure a call ended in.

Two gotchas (see docs/llm.md):
- ChatOpenAI has no timeout by default; we always pass ``settings.timeout``.
- langchain-openai sends ``max_completion_tokens``, which llama.cpp's servers ignore; for any
  server other than OpenAI's we also send ``max_tokens`` through ``extra_body``.
"""

from __future__ import annotations

import asyncio
from typing import Any

from .config import LLMSettings
from .errors import ConfigError
from .models import Failure, Usage

DUMMY_KEY = "not-needed"  # local servers ignore the key, but the client insists on one
RETRY_ALLOWANCE = 2.0
"""Seconds allowed per retry for the SDK's back-off between attempts."""


def chat_model(settings: LLMSettings, *, own_async_client: bool = False) -> Any:
    """A ``ChatOpenAI`` for ``settings``: timeout, retries and token limit always set.

    ``own_async_client``: a connection pool of its own for async calls. langchain-openai shares
    one cached pool across instances, and a kept-alive connection opened in one event loop fails
    with "Event loop is closed" when a later ``asyncio.run`` (the next claim of a batch or an
    eval) reuses it."""
    from langchain_openai import ChatOpenAI

    s = settings
    if not s.configured:
        raise ConfigError(
            "the LLM judge needs OPENAI_API_KEY or llm.base_url (e.g. a local server)"
        )
    kwargs: dict[str, Any] = {
        "model": s.model,
        "base_url": s.base_url,
        "api_key": s.api_key.get_secret_value() if s.api_key else DUMMY_KEY,
        "timeout": s.timeout,  # ChatOpenAI's default is no timeout at all
        "max_retries": s.max_retries,  # the SDK backs off exponentially (429/5xx)
        "max_tokens": s.max_tokens,  # sent as max_completion_tokens
    }
    if s.temperature is not None:
        kwargs["temperature"] = s.temperature
    if s.seed is not None:
        kwargs["seed"] = s.seed
    if s.base_url and "api.openai.com" not in s.base_url:
        # llama.cpp ignores max_completion_tokens: say max_tokens too.
        kwargs["extra_body"] = {"max_tokens": s.max_tokens}
    if own_async_client:
        import openai

        kwargs["http_async_client"] = openai.DefaultAsyncHttpxClient()
    return ChatOpenAI(**kwargs)


def whole_call_bound(timeout: float, retries: int) -> float:
    """The most one LLM call may take, retries included: ``llm.timeout`` per attempt plus the
    back-off between attempts."""
    return timeout * (retries + 1) + RETRY_ALLOWANCE * retries


# -- what a call cost ---------------------------------------------------------------------------
def cost_usd(settings: LLMSettings, prompt_tokens: int, completion_tokens: int) -> float:
    """The price of a call by ``llm.prices`` (USD per million prompt / completion tokens);
    0 for a model with no price."""
    price = settings.prices.get(settings.model)
    if not price:
        return 0.0
    return round((prompt_tokens * price[0] + completion_tokens * price[1]) / 1_000_000, 8)


def measured(raw: Any, settings: LLMSettings) -> Usage:
    """One call's usage as the server reported it (the raw message's ``usage_metadata``),
    priced."""
    meta = getattr(raw, "usage_metadata", None) or {}
    prompt = int(meta.get("input_tokens", 0) or 0)
    completion = int(meta.get("output_tokens", 0) or 0)
    return Usage(
        calls=1,
        prompt_tokens=prompt,
        completion_tokens=completion,
        cost_usd=cost_usd(settings, prompt, completion),
    )


# -- what went wrong ----------------------------------------------------------------------------
def refused_key(exc: BaseException) -> int | None:
    """401 or 403 when the server refused the key (openai's typed errors), else None."""
    import openai

    if isinstance(exc, (openai.AuthenticationError, openai.PermissionDeniedError)):
        return int(exc.status_code)
    return None


def failure_kind(exc: BaseException) -> Failure:
    """The kind of a failed call, from the exception the client raised (a refused key is not
    one of them: it is raised as :class:`~verify.errors.LLMAuthError`)."""
    import openai

    if isinstance(exc, (openai.APITimeoutError, TimeoutError, asyncio.TimeoutError)):
        return "timeout"  # before APIConnectionError, which it subclasses
    if isinstance(exc, openai.APIConnectionError):
        return "connection"
    if isinstance(exc, openai.RateLimitError):
        return "rate_limit"
    if isinstance(exc, openai.APIStatusError):
        return "server_error" if exc.status_code >= 500 else "rejected"
    if _is_refusal(exc):
        return "refusal"
    if isinstance(exc, (openai.APIResponseValidationError, ValueError, LookupError, TypeError)):
        return "malformed"  # not JSON, no choices, the wrong shape
    return "error"


def _is_refusal(exc: BaseException) -> bool:
    try:
        from langchain_core.exceptions import ModelRefusalError
    except ImportError:  # an older langchain-core: refusals come back in the message instead
        return False
    return isinstance(exc, ModelRefusalError)


def one_line(exc: BaseException) -> str:
    """``Type: first line of the message``, at most 300 characters."""
    msg = (str(exc).strip().splitlines() or [""])[0]
    return f"{type(exc).__name__}: {msg}"[:300]


__all__ = [
    "chat_model",
    "cost_usd",
    "failure_kind",
    "measured",
    "one_line",
    "refused_key",
    "whole_call_bound",
]
