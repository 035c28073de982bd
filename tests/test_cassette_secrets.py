"""Issue #14 item 12: secrets never reach a cassette, wherever a server reflects them.

A fake OpenAI-compatible server on 127.0.0.1 echoes the API key in a custom response header and
in its answer, and the base URL carries ``user:password``; the cassette is scrubbed by value
(headers, URIs, bodies, metadata) and still replays. A form the scrubber does not rewrite (the
key in a header *name*) makes the recording refused, never written. A 401 that quotes the key
ends the run with one line and writes nothing.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml
from pydantic import SecretStr
from typer.testing import CliRunner

from verify import Verifier
from verify.config import LLMSettings

from .conftest import DEMO_CLAIM, ROOT
from .fakes import FakeServer, tool_answer

KEY = "sk-test-Zq8xW3kP0aLr5Tn2Yb7"
USER, PASSWORD = "alice", "pa55-w0rd"
STANCE = {"stance": "not_mentioned", "quotes": [], "reason": f"checked with key {KEY}"}


def _with_credentials(url: str) -> str:
    return url.replace("http://", f"http://{USER}:{PASSWORD}@")


@pytest.fixture
def store(tmp_path: Path, seed_verifier: Verifier) -> Path:
    dest = tmp_path / "store"
    shutil.copytree(seed_verifier.settings.store, dest)
    return dest


def _check(store: Path, env: dict[str, str], *extra: str) -> tuple[int, str, str]:
    from verify.cli.app import app

    env = {
        "VERIFY_LLM__METHOD": "function_calling",
        "VERIFY_LLM__MAX_RETRIES": "0",
        "VERIFY_LLM__TIMEOUT": "10",
        **env,
    }
    args = ["--store", str(store), "--config", str(ROOT / "config.yaml"), "check", DEMO_CLAIM]
    res = CliRunner().invoke(app, [*args, "--judge", "llm", *extra], env=env)
    return res.exit_code, res.stdout, res.stderr


def _assert_clean(text: str) -> None:
    for secret in (KEY, PASSWORD, f"{USER}:"):
        assert secret.casefold() not in text.casefold(), secret


def test_reflected_key_and_url_password_are_scrubbed_and_the_cassette_replays(
    store: Path, tmp_path: Path
):
    echo = {"x-echo-key": KEY, "x-debug": f"auth={KEY}; user={USER}:{PASSWORD}"}
    cassette = tmp_path / "run.yaml"
    with FakeServer(lambda body: (200, tool_answer(STANCE), echo)) as url:
        env = {"OPENAI_API_KEY": KEY, "OPENAI_BASE_URL": _with_credentials(url)}
        code, recorded_out, err = _check(store, env, "--record", str(cassette), "--json")
        port = url.split(":")[2].split("/")[0]
    assert code == 0, err
    text = cassette.read_text(encoding="utf-8")
    # before: the key in the x-echo-key header and in the answer, alice:pa55-w0rd@ in every
    # recorded URI and in the metadata's base_url
    _assert_clean(text)
    data = yaml.safe_load(text)
    assert data["metadata"]["verify"]["base_url"] == f"http://127.0.0.1:{port}/v1"
    calls = data["interactions"]
    assert len(calls) == 5  # one per seed: all five pass the similarity gate for this claim
    for call in calls:
        assert call["request"]["uri"] == f"http://127.0.0.1:{port}/v1/chat/completions"
        assert call["response"]["headers"]["x-echo-key"] == ["<redacted>"]
        assert call["response"]["headers"]["x-debug"] == ["auth=<redacted>; user=<redacted>"]
        message = call["response"]["body"]["string"]["json"]["choices"][0]["message"]
        arguments = message["tool_calls"][0]["function"]["arguments"]
        assert "checked with key <redacted>" in arguments
    # and it replays: no server, no key
    code, replayed_out, err = _check(store, {}, "--replay", str(cassette), "--json")
    assert code == 0, err
    strip = re.compile(r'"elapsed_s": [0-9.]+')
    assert strip.sub("", replayed_out).replace(KEY, "<redacted>") == strip.sub(
        "", recorded_out
    ).replace(KEY, "<redacted>")


def test_a_secret_the_scrubber_cannot_rewrite_refuses_the_cassette(store: Path, tmp_path: Path):
    cassette = tmp_path / "run.yaml"
    cassette.write_text("the old cassette\n")
    leak = {f"x-{KEY}": "1"}  # a header *name*: values are scrubbed, names are not
    with FakeServer(lambda body: (200, tool_answer(STANCE), leak)) as url:
        env = {"OPENAI_API_KEY": KEY, "OPENAI_BASE_URL": url}
        code, _, err = _check(store, env, "--record", str(cassette))
    assert code == 1
    assert err.strip().splitlines()[-1] == (
        f"error: refused to write cassette {cassette}: the API key or a URL password would be "
        "in its interaction 1 response even after scrubbing; nothing was recorded and the old "
        "file is unchanged"
    )
    assert cassette.read_text() == "the old cassette\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["run.yaml", "store"]  # no temp left


def test_a_401_quoting_the_key_ends_the_run_and_records_nothing(store: Path, tmp_path: Path):
    refusal = {
        "error": {"message": f"Incorrect API key provided: {KEY}", "code": "invalid_api_key"}
    }
    cassette = tmp_path / "run.yaml"
    with FakeServer(lambda body: (401, refusal, {"x-echo-key": KEY})) as fake_url:
        env = {"OPENAI_API_KEY": KEY, "OPENAI_BASE_URL": _with_credentials(fake_url)}
        code, out, err = _check(store, env, "--record", str(cassette))
    # before: exit 0 and four sources "unverified" (LLM call failed: AuthenticationError ...)
    assert code == 2
    assert err.strip().splitlines() == [
        f"error: the LLM server {fake_url} refused the API key (HTTP 401); check "
        "OPENAI_API_KEY (or llm.api_key) and llm.base_url"
    ]
    assert out == "" and not cassette.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["store"]


def test_scrub_response_by_value():
    """The vcrpy hook alone, on a recorded 401: the key in any header or in the body."""
    from verify.replay import scrub_response, secret_values

    llm = LLMSettings(api_key=SecretStr(KEY), base_url=f"http://{USER}:{PASSWORD}@h:1/v1")
    secrets = secret_values(llm)
    assert KEY in secrets and PASSWORD in secrets and f"{USER}:{PASSWORD}" in secrets
    assert "YWxpY2U6cGE1NS13MHJk" in secrets  # base64("alice:pa55-w0rd"), Basic auth
    response = {
        "status": {"code": 401, "message": "Unauthorized"},
        "headers": {"www-authenticate": [f'Bearer realm="{KEY}"'], "set-cookie": ["s=1"]},
        "body": {
            "string": f'{{"error": {{"message": "Incorrect API key provided: {KEY}"}}}}'.encode()
        },
    }
    scrubbed = scrub_response(response, secrets)
    assert scrubbed["headers"] == {"www-authenticate": ['Bearer realm="<redacted>"']}
    assert scrubbed["body"]["string"] == (
        b'{"error": {"message": "Incorrect API key provided: <redacted>"}}'
    )
