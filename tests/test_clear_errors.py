"""Issue #14, "errors that say unexpected" outside the store: settings, environment variables,
replay metadata and tiktoken encodings each fail in one line that says what to do."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from verify import Verifier
from verify.config import Settings
from verify.errors import ConfigError, ModelError, ReplayError

from .conftest import ROOT, SEEDS

DEMO = ROOT / "cassettes" / "seeds-demo.yaml"


def _cli(*args: str, env: dict[str, str] | None = None) -> tuple[int, list[str]]:
    from verify.cli.app import app

    res = CliRunner().invoke(app, ["--config", str(ROOT / "config.yaml"), *args], env=env)
    return res.exit_code, res.stderr.splitlines()


@pytest.mark.parametrize(
    ("var", "value", "where"),
    [
        ("VERIFY_JUDGE__SUPPORTS_THRESHOLD", "nan", "judge.supports_threshold"),
        ("VERIFY_RETRIEVAL__MIN_SIMILARITY", "NaN", "retrieval.min_similarity"),
        ("VERIFY_LLM__TIMEOUT", "inf", "llm.timeout"),
    ],
)
def test_nan_and_inf_settings_are_refused(
    monkeypatch: pytest.MonkeyPatch, var: str, value: str, where: str
):
    monkeypatch.setenv(var, value)
    # before: accepted; nan compares false with every score, so no threshold was ever met
    with pytest.raises(ConfigError) as err:
        Settings.load(ROOT / "config.yaml")
    number = "inf" if value == "inf" else "nan"
    assert str(err.value) == f"invalid setting {where}: {number} is not a finite number"


def test_a_non_json_list_in_the_environment_names_the_variable(tmp_path: Path):
    code, err = _cli(
        "--store", str(tmp_path / "s"), "sources", env={"VERIFY_INGEST__EXTENSIONS": ".txt,.md"}
    )
    # before: 'unexpected SettingsError: error parsing value for field "ingest" from source
    # "EnvSettingsSource"'
    assert (code, err) == (
        2,
        [
            "error: environment variable VERIFY_INGEST__EXTENSIONS='.txt,.md' is not valid "
            "JSON; a list or mapping must be written as JSON, e.g. "
            """VERIFY_INGEST__EXTENSIONS='[".txt", ".md"]'"""
        ],
    )


def test_a_tiktoken_encoding_that_is_not_bundled_is_refused_offline(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    import tiktoken.load

    fetched: list[str] = []
    monkeypatch.setattr(tiktoken.load, "read_file", lambda url: fetched.append(url) or b"")
    monkeypatch.setenv("TIKTOKEN_CACHE_DIR", str(tmp_path / "tiktoken-cache"))
    store = tmp_path / "store"
    code, err = _cli(
        "--store", str(store), "ingest", str(SEEDS), env={"VERIFY_CHUNKING__ENCODING": "p50k_base"}
    )
    # before: a download from openaipublic.blob.core.windows.net ("unexpected ConnectionError"
    # offline)
    assert (code, err) == (
        1,
        [
            "error: tiktoken encoding 'p50k_base' is not bundled with verify (it has "
            "cl100k_base, o200k_base); set chunking.encoding to one of them"
        ],
    )
    assert fetched == []
    assert Verifier.from_config(ROOT / "config.yaml", store=store).sources() == []
    with pytest.raises(ModelError, match="not bundled"):
        from verify.tokens import encoding

        encoding("r50k_base")


def _cassette(tmp_path: Path, name: str, edit) -> Path:  # type: ignore[no-untyped-def]
    data = copy.deepcopy(yaml.safe_load(DEMO.read_text(encoding="utf-8")))
    edit(data)
    path = tmp_path / f"{name}.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def _meta(**kw):  # type: ignore[no-untyped-def]
    return lambda d: d["metadata"]["verify"].update(kw)


@pytest.mark.parametrize(
    ("name", "edit", "message"),
    [
        # before: "unexpected ValueError: Unrecognized method argument..."
        (
            "method",
            _meta(method="telepathy"),
            "records an invalid method ('telepathy'): Input should be 'json_schema', "
            "'function_calling' or 'json_mode'",
        ),
        # before: "unexpected ValidationError: 1 validation error for ChatOpenAI"
        (
            "max_tokens",
            _meta(max_tokens="lots"),
            "records an invalid max_tokens ('lots'): Input should be a valid integer, unable to "
            "parse string as an integer",
        ),
        # before: "unexpected KeyError: 'request'"
        (
            "no-request",
            lambda d: d["interactions"][1].pop("request"),
            ": interaction 2 has no request",
        ),
        # before: looked for prompts/../README.yaml, a file outside prompts/
        (
            "prompt",
            _meta(prompt="../README"),
            "names the prompt '../README'; a recorded prompt is a name like judge.v2",
        ),
    ],
)
def test_bad_replay_metadata_is_one_line(tmp_path: Path, name: str, edit, message: str):  # type: ignore[no-untyped-def]
    path = _cassette(tmp_path, name, edit)
    v = Verifier.from_config(ROOT / "config.yaml", store=tmp_path / "store")
    before = v.settings.llm.model_dump()
    with pytest.raises(ReplayError) as err, v.cassette(replay=path):
        pass
    expected = f"cassette {path}{'' if message.startswith(':') else ' '}{message}"
    assert str(err.value) == expected
    assert v.settings.llm.model_dump() == before


def test_a_prompt_setting_is_a_name_not_a_path():
    from verify.judges.llm import load_prompt

    with pytest.raises(ConfigError) as err:
        load_prompt("../README")
    assert str(err.value) == "'../README' is not a prompt name; use e.g. judge or judge.v2"


def test_a_full_disk_during_ingest_is_one_line_and_keeps_what_was_committed(
    tmp_path: Path, seeds_copy: Path, monkeypatch: pytest.MonkeyPatch
):
    """Chroma's own error when SQLite cannot grow its file, injected at the collection."""
    from chromadb.errors import InternalError

    from verify.errors import StoreError

    v = Verifier.from_config(ROOT / "config.yaml", store=tmp_path / "store")
    first = seeds_copy / "000_af6e1db39137fe93.txt"
    assert v.ingest([first]).added == ["000_af6e1db39137fe93"]

    def full(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise InternalError("error returned from database: (code: 13) database or disk is full")

    monkeypatch.setattr(v.store.chunks, "upsert", full)
    # before: "unexpected InternalError: error returned from database: (code: 13) ..."
    with pytest.raises(StoreError) as err:
        v.ingest([seeds_copy])
    assert str(err.value) == (
        f"writing passages in store {tmp_path / 'store'} failed: error returned from database: "
        "(code: 13) database or disk is full; free some disk space and run it again (sources "
        "committed before are kept)"
    )
    monkeypatch.undo()
    assert [r.id for r in v.sources()] == ["000_af6e1db39137fe93"]


def test_a_refused_api_key_stops_a_batch_at_the_first_claim(tmp_path: Path, seed_verifier):  # type: ignore[no-untyped-def]
    import shutil

    from .fakes import FakeServer

    store = tmp_path / "store"
    shutil.copytree(seed_verifier.settings.store, store)
    claims = tmp_path / "claims.txt"
    claims.write_text("Syria was suspended in 2011\nThe harbour reopened\nA third claim\n")
    refusal = {"error": {"message": "Incorrect API key provided", "code": "invalid_api_key"}}
    fake = FakeServer(lambda body: (401, refusal))
    with fake as url:
        env = {
            "OPENAI_API_KEY": "sk-wrong",
            "OPENAI_BASE_URL": url,
            "VERIFY_LLM__METHOD": "function_calling",
            "VERIFY_LLM__MAX_RETRIES": "0",
        }
        code, err = _cli(
            "--store", str(store), "check", "--claims", str(claims), "--judge", "llm", env=env
        )
    asked = [r["messages"][1]["content"] for r in fake.requests]
    assert asked and all("Syria was suspended in 2011" in m for m in asked)  # the first only
    # before: exit 0, every source of every claim "unverified" (LLM call failed:
    # AuthenticationError); then (401 as an error) one error line per claim
    assert (code, err) == (
        2,
        [
            f"error: the LLM server {url} refused the API key (HTTP 401); check OPENAI_API_KEY "
            "(or llm.api_key) and llm.base_url"
        ],
    )


def test_a_source_removed_between_the_check_and_its_html_report(tmp_path: Path, seeds_copy: Path):
    """`remove` between a check and the writing of its --html report: the report is written,
    the removed source's text left out, instead of failing with "no source with id"."""
    from verify.cli.reports import report_files, write_reports

    v = Verifier.from_config(ROOT / "config.yaml", store=tmp_path / "store")
    v.ingest([seeds_copy])
    report = v.check("Syria was suspended from the Arab League in November 2011", "local")
    v.remove("001_27002b27250bcba8")  # another process, in real life
    page = tmp_path / "report.html"
    write_reports(v, [report], report_files([("html", page)]))
    html = page.read_text(encoding="utf-8")
    # before: InputError "no source with id '001_27002b27250bcba8'" and no file
    assert html.count("Article text not included.") == 1
