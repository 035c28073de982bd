"""One settings model. Precedence: built-in defaults < config.yaml < environment < arguments.

Environment variables use the ``VERIFY_`` prefix and ``__`` for nesting
(``VERIFY_JUDGE__MODE=local``, ``VERIFY_CHROMA__HOST=127.0.0.1``); ``VERIFY_STORE`` sets the
store path. The LLM key and base URL also come from the usual ``OPENAI_API_KEY`` /
``OPENAI_BASE_URL``. Secrets are never read from config.yaml.
"""

from __future__ import annotations

import json
import math
import os
import re
from contextvars import ContextVar
from pathlib import Path
from typing import Any, Literal, get_args, get_origin

import yaml
from pydantic import BaseModel, Field, SecretStr, ValidationError, field_validator
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    SettingsError,
)

from .errors import ConfigError

JudgeMode = str
"""A registered judge's name (:mod:`verify.judges.registry`): local, llm, cascade, plugins."""
StructuredMethod = Literal["json_schema", "function_calling", "json_mode"]

CONFIG_ENV = "VERIFY_CONFIG"
DEFAULT_CONFIG_NAME = "config.yaml"


class ChromaSettings(BaseModel):
    """Where Chroma lives: embedded (no host) or a server reached through ``HttpClient``."""

    host: str | None = None
    port: int = 8000
    ssl: bool = False
    collection_prefix: str = "verify"


class ChunkSettings(BaseModel):
    size_tokens: int = Field(200, ge=16, le=2000)
    overlap_tokens: int = Field(40, ge=0)
    encoding: str = "cl100k_base"


class EmbeddingSettings(BaseModel):
    model: str = "all-MiniLM-L6-v2-int8"
    batch_size: int = Field(32, ge=1, description="most texts per encoder call")
    batch_tokens: int = Field(
        512, ge=1, description="most padded tokens per encoder call (fewer, longer rows)"
    )


class IngestSettings(BaseModel):
    max_file_bytes: int = Field(5_000_000, ge=1)
    batch_chunks: int = Field(
        256, ge=1, description="chunks embedded and committed together (throughput vs. resume)"
    )
    extensions: list[str] = [".txt", ".md", ".markdown", ".html", ".htm", ".pdf", ".docx"]
    fetch_timeout_s: float = Field(20.0, gt=0, description="most seconds to fetch one web page")
    fetch_max_redirects: int = Field(5, ge=0, description="most redirects followed for one page")
    fetch_private_hosts: bool = Field(
        False, description="fetch pages on private/local network addresses (an intranet)"
    )


class RetrievalSettings(BaseModel):
    top_k: int = Field(3, ge=1, description="passages per source an LLM judge is shown (the best)")
    read_k: int = Field(
        5,
        ge=1,
        description="passages per source the local verifier reads: the top_k and the next best "
        "(a long article's evidence often lies past its best three chunks); at least top_k",
    )
    min_similarity: float = Field(
        0.2,
        description="a source whose best passage is less similar than this is dismissed, unless "
        "it names every one of the claim's names (retrieve.names_all)",
    )
    prefilter_k: int = Field(256, ge=1, description="chunks fetched corpus-wide before per-source")


class JudgeSettings(BaseModel):
    mode: JudgeMode | None = Field(
        None,
        description="a registered judge (local, llm, cascade, plugins); unset means cascade "
        "when an LLM is set up",
    )
    supports_prior: float | None = Field(
        None,
        gt=0,
        le=100,
        allow_inf_nan=False,
        description="the verifier's 'supports' score is weighed by this before the rules read it "
        "(then the three renormalised); unset: the verifier's own, from its verifier.json (2.0 "
        "for the shipped one, which under-calls support; 1 when it gives none)",
    )
    supports_threshold: float = 0.4
    refutes_threshold: float = 0.5
    unsure_margin: float = Field(
        0.25, description="cascade: a local decision this close to its threshold goes to the LLM"
    )
    max_sentences: int = Field(24, ge=1, description="sentences per source the verifier reads")
    refutes_without_cue: float = Field(
        0.85,
        ge=0,
        le=1.01,
        description="a refutation with no explicit cue (another date or number, opposite "
        "negation) must score at least this",
    )
    restated_overlap: float = Field(
        1.0,
        ge=0,
        le=1.01,
        description="a weak refutation with no cue, from a sentence with all the claim's names "
        "and this share of its words, is read as support (1.01 = never)",
    )
    mixed_margin: float = Field(
        0.15, ge=0, le=1, description="both sides within this of each other make a source mixed"
    )
    min_overlap: float = Field(
        0.35, ge=0, le=1, description="share of the claim's content words a sentence must contain"
    )
    min_relevance: float = Field(
        1.01,
        ge=0,
        le=1.01,
        description="a sentence this close in meaning to the claim (embedding cosine) is read "
        "even when it shares too few words (paraphrase); 1.01 = words only",
    )
    sure_relevance: float = Field(
        0.5,
        gt=0,
        le=1.01,
        description="of a source's sentences sharing too few words, the one closest in meaning "
        "(embedding cosine) is read too when at least this close, and counts only as a sure "
        "support (sure_supports); 1.01 = never (and no embedding of sentences)",
    )
    contradiction_relevance: float = Field(
        0.35,
        gt=0,
        le=1.01,
        description="a sentence that shares too few of the claim's words but gives another "
        "date or number of its kind, about its subject, is read when at least this close in "
        "meaning (embedding cosine); 1.01 = never",
    )
    stated_relevance: float = Field(
        0.35,
        gt=0,
        le=1.01,
        description="a sentence that shares too few of the claim's words but states every "
        "date and amount the claim names is read when at least this close in meaning "
        "(embedding cosine), and counts only as a sure support; 1.01 = never",
    )
    sure_supports: float = Field(
        0.8,
        ge=0,
        le=1.01,
        description="the 'supports' score (weighed) a sentence read for its meaning alone needs",
    )
    model_dir: Path | None = Field(
        None, description="a local verifier of your own (model.onnx, tokenizer.json, verifier.json)"
    )
    cache: bool = True

    @field_validator("mode")
    @classmethod
    def _registered(cls, mode: str | None) -> str | None:
        from .judges.registry import judge_names

        if mode is not None and mode not in judge_names():
            raise ValueError(f"unknown judge mode {mode!r}: use {', '.join(judge_names())}")
        return mode


class LLMSettings(BaseModel):
    model: str = "gpt-4o-mini"
    base_url: str | None = None
    api_key: SecretStr | None = None
    timeout: float = Field(60.0, gt=0)
    max_retries: int = Field(2, ge=0)
    temperature: float | None = 0.0
    seed: int | None = 7
    method: StructuredMethod = "json_schema"
    max_tokens: int = Field(512, ge=16)
    max_concurrency: int = Field(4, ge=1)
    prompt: str = "judge"
    prices: dict[str, tuple[float, float]] = Field(
        default_factory=lambda: {"gpt-4o-mini": (0.15, 0.60), "gpt-4o": (2.50, 10.00)},
        description="USD per million prompt / completion tokens, by model",
    )

    @property
    def configured(self) -> bool:
        """An LLM is usable when a key or a server URL is known."""
        return self.api_key is not None or self.base_url is not None


class CheckSettings(BaseModel):
    max_claim_chars: int = Field(1000, ge=10)


_yaml_data: ContextVar[dict[str, Any] | None] = ContextVar("verify_yaml_data", default=None)


class _YamlSource(PydanticBaseSettingsSource):
    """The config file, already parsed: sits below the environment in precedence."""

    def get_field_value(self, field: Any, field_name: str) -> tuple[Any, str, bool]:
        return (_yaml_data.get() or {}).get(field_name), field_name, False

    def __call__(self) -> dict[str, Any]:
        return dict(_yaml_data.get() or {})


class Settings(BaseSettings):
    """Everything verify can be told. Build it with :meth:`load`."""

    model_config = SettingsConfigDict(
        env_prefix="VERIFY_", env_nested_delimiter="__", extra="forbid"
    )

    store: Path = Path(".verify")
    chroma: ChromaSettings = ChromaSettings()
    chunking: ChunkSettings = ChunkSettings()
    embedding: EmbeddingSettings = EmbeddingSettings()
    ingest: IngestSettings = IngestSettings()
    retrieval: RetrievalSettings = RetrievalSettings()
    judge: JudgeSettings = JudgeSettings()
    llm: LLMSettings = LLMSettings()
    check: CheckSettings = CheckSettings()

    @field_validator("store", mode="before")
    @classmethod
    def _expand(cls, v: Any) -> Any:
        if v is not None and not str(v).strip():
            # Path("") is the current folder: an unset-looking VERIFY_STORE= would make it a store
            raise ValueError("the store path is empty; name a folder (--store DIR, VERIFY_STORE)")
        return Path(os.path.expanduser(str(v))) if v is not None else v

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        return (init_settings, env_settings, _YamlSource(settings_cls))

    @property
    def judge_mode(self) -> JudgeMode:
        """The mode in force: the configured one, else cascade when an LLM is set up."""
        if self.judge.mode is not None:
            return self.judge.mode
        return "cascade" if self.llm.configured else "local"

    @classmethod
    def load(cls, config: str | Path | None = None, **overrides: Any) -> Settings:
        """Defaults < config file < env < ``overrides``.

        The file is ``config`` if given, else ``$VERIFY_CONFIG``, else ``./config.yaml`` when it
        exists. A file that was named but is missing, unreadable or invalid is a ConfigError.
        """
        path, explicit = _config_path(config)
        data = _read_yaml(path, explicit) if path else {}
        data.get("llm", {}).pop("api_key", None)  # secrets come from the environment only
        overrides = {k: v for k, v in overrides.items() if v is not None}
        token = _yaml_data.set(data)
        try:
            settings = cls(**overrides)
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(p) for p in first["loc"])
            msg = str(first["msg"]).removeprefix("Value error, ")
            raise ConfigError(f"invalid setting {where}: {msg}") from None
        except SettingsError as exc:  # an environment variable that had to be JSON was not
            raise ConfigError(_env_not_json(exc)) from None
        finally:
            _yaml_data.reset(token)
        _check_finite(settings)
        _apply_openai_env(settings)
        return settings


def _check_finite(model: BaseModel, prefix: str = "") -> None:
    """Thresholds and limits are compared against: ``nan`` compares false with everything
    (every check would quietly pass or fail), so it is refused like any invalid value."""
    for name, value in model:
        where = f"{prefix}{name}"
        if isinstance(value, BaseModel):
            _check_finite(value, f"{where}.")
            continue
        numbers = value.values() if isinstance(value, dict) else [value]
        for item in numbers:
            parts = item if isinstance(item, (tuple, list)) else [item]
            for x in parts:
                if isinstance(x, float) and not math.isfinite(x):
                    raise ConfigError(f"invalid setting {where}: {x} is not a finite number")


def _env_not_json(exc: SettingsError) -> str:
    """Name the environment variable pydantic-settings could not parse, and the fix."""
    field = re.search(r'field "([^"]+)"', str(exc))
    name = field.group(1) if field else ""
    model = Settings.model_fields.get(name)
    prefix = f"VERIFY_{name.upper()}"
    for var, value in sorted(os.environ.items()):
        if not var.upper().startswith(prefix) or _is_json(value):
            continue
        target = model.annotation if model else None
        for part in var.upper().removeprefix(prefix).split("__")[1:]:
            sub = getattr(target, "model_fields", {}).get(part.lower())
            target = sub.annotation if sub else None
        if target is None or get_origin(target) in (list, dict, tuple) or _is_model(target):
            example = '\'[".txt", ".md"]\'' if get_origin(target) is list else "'{...}'"
            return (
                f"environment variable {var}={value!r} is not valid JSON; a list or mapping "
                f"must be written as JSON, e.g. {var}={example}"
            )
    return f"cannot read the environment settings for {name or 'verify'}: {exc}"


def _is_json(value: str) -> bool:
    try:
        json.loads(value)
    except ValueError:
        return False
    return True


def _is_model(target: Any) -> bool:
    return (isinstance(target, type) and issubclass(target, BaseModel)) or any(
        _is_model(a) for a in get_args(target)
    )


def _config_path(config: str | Path | None) -> tuple[Path | None, bool]:
    if config is not None:
        return Path(config), True
    if os.environ.get(CONFIG_ENV):
        return Path(os.environ[CONFIG_ENV]), True
    default = Path(DEFAULT_CONFIG_NAME)
    return (default, False) if default.is_file() else (None, False)


def _read_yaml(path: Path, explicit: bool) -> dict[str, Any]:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(f"config file not found: {path}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read config file {path}: {exc}") from None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 1})" if mark else ""
        raise ConfigError(f"config file {path} is not valid YAML{where}") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ConfigError(f"config file {path} must hold a mapping of settings")
    return data


def _apply_openai_env(settings: Settings) -> None:
    """Fill the LLM key and URL from the OpenAI SDK's own variables when not set otherwise."""
    if settings.llm.api_key is None and os.environ.get("OPENAI_API_KEY"):
        settings.llm.api_key = SecretStr(os.environ["OPENAI_API_KEY"])
    if settings.llm.base_url is None and os.environ.get("OPENAI_BASE_URL"):
        settings.llm.base_url = os.environ["OPENAI_BASE_URL"]
