"""Shared fixtures. No test can reach a model or the network by accident: OpenAI variables are
cleared, sockets are blocked except loopback (pytest-recording), cassettes only replay."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from verify import Verifier

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SHARED_DATA = ROOT.parent / "shared" / "data"
DEMO_CLAIM = "Syria was suspended from the Arab League in November 2011"


@pytest.fixture(autouse=True)
def _isolate(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> None:
    for var in ("OPENAI_API_KEY", "OPENAI_BASE_URL", "OPENAI_ORG_ID", "OPENAI_PROJECT_ID"):
        monkeypatch.delenv(var, raising=False)
    for var in ("VERIFY_STORE", "VERIFY_CONFIG", "VERIFY_JUDGE__MODE"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path_factory.getbasetemp() / "state"))


@pytest.fixture(scope="session")
def seed_verifier(tmp_path_factory: pytest.TempPathFactory) -> Verifier:
    """One store with the five seeds, shared by read-only tests (models load once)."""
    store = tmp_path_factory.mktemp("seed-store")
    v = Verifier.from_config(ROOT / "config.yaml", store=store)
    result = v.ingest([SEEDS])
    assert result.ok and len(result.added) == 5
    return v


@pytest.fixture(scope="session")
def seed_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store with the five seeds, ingested once by ``verify --config config.yaml ingest
    seeds`` and never written again: copy it (:func:`seed_store_copy`) to use it."""
    from .inprocess import verify_cli

    store = tmp_path_factory.mktemp("seed-store-cli") / "store"
    r = verify_cli(
        "--store", str(store), "--config", str(ROOT / "config.yaml"), "ingest", str(SEEDS)
    )
    assert r.returncode == 0 and "added 5" in r.stderr, r.stderr
    return store


@pytest.fixture
def seed_store_copy(seed_store: Path, tmp_path: Path) -> Path:
    """``tmp_path / "store"``: a copy of the seed store of one's own, as a fresh ingest of the
    seeds would leave it (for tests that write, or that need a store path of their own)."""
    dest = tmp_path / "store"
    shutil.copytree(seed_store, dest)
    return dest


@pytest.fixture
def fresh_verifier(tmp_path: Path) -> Iterator[Verifier]:
    """An empty store of one's own, for tests that write."""
    yield Verifier.from_config(ROOT / "config.yaml", store=tmp_path / "store")


@pytest.fixture
def seeds_copy(tmp_path: Path) -> Path:
    dest = tmp_path / "articles"
    shutil.copytree(SEEDS, dest)
    return dest


def load_seed_claims() -> list[dict]:
    with open(FIXTURES / "seed_claims.jsonl", encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]
