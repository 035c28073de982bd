"""Config: defaults < file < env < arguments; bad files are one-line errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from verify.config import Settings
from verify.errors import ConfigError

from .conftest import ROOT


def test_precedence(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    cfg = tmp_path / "c.yaml"
    cfg.write_text("store: from-file\nretrieval:\n  top_k: 7\njudge:\n  mode: llm\n")
    s = Settings.load(cfg)
    assert (str(s.store), s.retrieval.top_k, s.judge_mode) == ("from-file", 7, "llm")
    monkeypatch.setenv("VERIFY_STORE", "from-env")
    monkeypatch.setenv("VERIFY_RETRIEVAL__TOP_K", "5")
    s = Settings.load(cfg)
    assert (str(s.store), s.retrieval.top_k) == ("from-env", 5)
    assert s.retrieval.min_similarity == Settings().retrieval.min_similarity  # deep merge
    s = Settings.load(cfg, store="from-arg")
    assert str(s.store) == "from-arg"


def test_shipped_config_matches_the_defaults():
    assert Settings.load(ROOT / "config.yaml").model_dump() == Settings.load(None).model_dump()


def test_judge_mode_defaults_to_cascade_only_with_an_llm(monkeypatch: pytest.MonkeyPatch):
    assert Settings.load(None).judge_mode == "local"
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test")
    assert Settings.load(None).judge_mode == "cascade"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("store: [unclosed", "not valid YAML"),
        ("- a list\n- not a mapping", "must hold a mapping"),
        ("retrieval:\n  top_k: many", "invalid setting retrieval.top_k"),
        ("no_such_setting: 1", "invalid setting no_such_setting"),
        ("judge:\n  mode: oracle", "invalid setting judge.mode"),
        ("!!python/object/apply:os.system ['true']", "not valid YAML"),
    ],
)
def test_bad_config_files(tmp_path: Path, content: str, message: str):
    cfg = tmp_path / "c.yaml"
    cfg.write_text(content)
    with pytest.raises(ConfigError, match=message):
        Settings.load(cfg)


def test_missing_config_file(tmp_path: Path):
    with pytest.raises(ConfigError, match="config file not found"):
        Settings.load(tmp_path / "nope.yaml")


def test_api_key_is_never_read_from_the_file(tmp_path: Path):
    cfg = tmp_path / "c.yaml"
    cfg.write_text("llm:\n  api_key: sk-in-file\n")
    assert Settings.load(cfg).llm.api_key is None
