"""The CLI end to end, as a user runs it: in process (typer's CliRunner: the same exit codes,
stdout and stderr apart), and in a real subprocess where only one shows it — output into a pipe,
a pipe closed under it, errors before the command runs, start-up (`--help`)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import DEMO_CLAIM, ROOT, SEEDS
from .inprocess import Ran, verify_cli


def run(store: Path, *args: str, stdin: str | None = None, env: dict | None = None) -> Ran:
    """``verify --store STORE ARGS`` in process."""
    return verify_cli("--store", str(store), *args, stdin=stdin, env=env)


def run_process(store: Path, *args: str, stdin: str | None = None, env: dict | None = None):
    """``verify --store STORE ARGS`` in a real process: its own exit code and streams."""
    full_env = {**os.environ, "NO_COLOR": "1", **(env or {})}
    full_env.pop("OPENAI_API_KEY", None)
    return subprocess.run(
        [sys.executable, "-m", "verify", "--store", str(store), *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=full_env,
        timeout=300,
    )


@pytest.fixture(scope="module")
def cli_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    store = tmp_path_factory.mktemp("cli") / "store"
    r = run(store, "ingest", str(SEEDS))
    assert r.returncode == 0, r.stderr
    assert "added 5" in r.stderr
    return store


def test_ingest_twice_is_a_no_op(cli_store: Path):
    r = run(cli_store, "ingest", str(SEEDS))
    assert r.returncode == 0
    assert "added 0, updated 0, unchanged 5, failed 0 (0 chunks embedded)" in r.stderr


def test_sources_json(cli_store: Path):
    r = run(cli_store, "sources", "--json")
    assert r.returncode == 0
    got = json.loads(r.stdout)
    assert [s["id"] for s in got] == sorted(p.stem for p in SEEDS.glob("*.txt"))
    assert all(s["n_chunks"] >= 1 for s in got)


def test_show_prints_the_text_offsets_point_into(cli_store: Path):
    r = run(cli_store, "show", "001_27002b27250bcba8")
    assert r.returncode == 0
    assert r.stdout.startswith("US State Department: We Will Not Normalize Ties With Assad\n")
    assert "The country was suspended from the organization in November 2011" in r.stdout


def test_check_json_schema_and_verbatim_quotes(cli_store: Path):
    r = run(cli_store, "check", DEMO_CLAIM, "--json")
    assert r.returncode == 0, r.stderr
    report = json.loads(r.stdout)
    assert set(report) >= {"claim", "verdict", "sources", "usage", "models"}
    assert len(report["sources"]) == 5
    for s in report["sources"]:
        assert set(s) >= {"source_id", "title", "date", "stance", "confidence", "evidence"}
        text = run(cli_store, "show", s["source_id"]).stdout[:-1]
        for ev in s["evidence"]:
            assert set(ev) >= {"quote", "start", "end", "stance"}
            assert text[ev["start"] : ev["end"]] == ev["quote"]


def test_claim_from_stdin(cli_store: Path):
    r = run(cli_store, "check", "--json", stdin=DEMO_CLAIM + "\n")
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["claim"] == DEMO_CLAIM


def test_text_report_is_plain_when_piped(cli_store: Path):
    r = run_process(cli_store, "check", DEMO_CLAIM)
    assert r.returncode == 0
    assert "\x1b[" not in r.stdout
    assert "Verdict: SUPPORTED" in r.stdout


@pytest.mark.parametrize(
    ("args", "stdin", "message"),
    [
        (("check", ""), None, "error: the claim is empty"),
        (("check", "   "), None, "error: the claim is empty"),
        (("check", "x" * 5000), None, "characters long; the limit is 1000"),
        (("check", "a claim", "--judge", "oracle"), None, "unknown judge mode 'oracle'"),
        (("show", "nope"), None, "error: no source with id 'nope'"),
        (("remove", "nope"), None, "error: no source with id 'nope'"),
        (
            ("show", "001_27002b27"),  # the start of an id
            None,
            "error: no source with id '001_27002b27'; did you mean '001_27002b27250bcba8'?\n",
        ),
        (
            ("remove", "001_27002b27250bcba9"),  # a typo: nothing is removed
            None,
            "error: no source with id '001_27002b27250bcba9'; did you mean "
            "'001_27002b27250bcba8'?\n",
        ),
        (("check", "--claims", "/nonexistent/claims.txt"), None, "cannot read claims file"),
    ],
)
def test_bad_input_is_one_line_and_nonzero(cli_store: Path, args, stdin, message):
    r = run(cli_store, *args, stdin=stdin)
    assert r.returncode != 0
    assert message in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1, r.stderr
    assert "Traceback" not in r.stderr


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (("check", ""), 2, "error: the claim is empty"),
        (("show", "nope"), 2, "error: no source with id 'nope'"),
    ],
)
def test_bad_input_in_a_real_process(cli_store: Path, args, code, message):
    """The exit code and the one stderr line a shell sees (the cases above run in process)."""
    r = run_process(cli_store, *args)
    assert (r.returncode, r.stdout) == (code, "")
    assert r.stderr == message + "\n"


def test_missing_store_and_missing_path(tmp_path: Path):
    r = run_process(tmp_path / "empty", "check", DEMO_CLAIM)
    assert r.returncode != 0
    assert r.stderr.strip() == (
        f"error: no store at {tmp_path / 'empty'}: check --store, or create it with "
        "`verify ingest PATH`"
    )
    assert not (tmp_path / "empty").exists()
    r = run(tmp_path / "empty", "ingest", str(tmp_path / "missing"))
    assert r.returncode == 1
    assert "no such file or folder" in r.stderr


def test_bad_config_is_one_line(tmp_path: Path):
    cfg = tmp_path / "bad.yaml"
    cfg.write_text("retrieval: [")
    r = run_process(tmp_path / "s", "--config", str(cfg), "sources")
    assert r.returncode == 2
    assert r.stderr.strip() == f"error: config file {cfg} is not valid YAML (line 1)"


def test_failed_file_keeps_what_was_stored(cli_store: Path, tmp_path: Path):
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "binary.txt").write_bytes(b"\x00\x01\x02" * 100)
    (bad / "empty.md").write_text("")
    (bad / "good.txt").write_text("A good article\n\nIt says something plain and true.")
    store = tmp_path / "copy"
    import shutil

    shutil.copytree(cli_store, store)
    r = run(store, "ingest", str(bad))
    assert r.returncode == 1
    assert "binary.txt: binary file" in r.stderr and "empty.md: empty file" in r.stderr
    assert "added 1, updated 0, unchanged 0, failed 2" in r.stderr
    ids = [s["id"] for s in json.loads(run(store, "sources", "--json").stdout)]
    assert len(ids) == 6 and "good" in ids


def test_remove(cli_store: Path, tmp_path: Path):
    import shutil

    store = tmp_path / "copy"
    shutil.copytree(cli_store, store)
    r = run(store, "remove", "000_af6e1db39137fe93")
    assert r.returncode == 0
    ids = [s["id"] for s in json.loads(run(store, "sources", "--json").stdout)]
    assert "000_af6e1db39137fe93" not in ids and len(ids) == 4


def test_help_shows_examples():
    r = subprocess.run(
        [sys.executable, "-m", "verify", "--help"], capture_output=True, text=True, cwd=ROOT
    )
    assert r.returncode == 0 and "Example:" in r.stdout
    for cmd in ("ingest", "check", "sources", "show", "remove", "eval"):
        r = verify_cli(cmd, "--help")
        assert r.returncode == 0 and "Example:" in r.stdout, cmd


def test_batch_claims_jsonl(cli_store: Path, tmp_path: Path):
    claims = tmp_path / "claims.txt"
    claims.write_text(
        f"# claims for the desk\n{DEMO_CLAIM}\n\n"
        + json.dumps(
            {"claim": "Syria rejoined the Arab League in May 2023", "id": "q-7", "desk": 2}
        )
        + "\n"
    )
    r = run(cli_store, "check", "--claims", str(claims), "--json")
    assert r.returncode == 0, r.stderr
    reports = [json.loads(line) for line in r.stdout.splitlines()]
    assert [x["claim"] for x in reports] == [
        DEMO_CLAIM,
        "Syria rejoined the Arab League in May 2023",
    ]  # the comment line is not a claim
    assert reports[1]["id"] == "q-7" and reports[1]["desk"] == 2 and "id" not in reports[0]
    assert all(len(x["sources"]) == 5 for x in reports)
    r = run(cli_store, "check", "--claims", "-", stdin=DEMO_CLAIM + "\n")
    assert r.returncode == 0 and "summary" in r.stdout


def test_one_failing_claim_does_not_stop_a_batch(cli_store: Path, tmp_path: Path):
    """A claim over the length limit fails alone: the claims after it are still checked, the
    failure is one line (and one JSON error line), and the exit code says something failed."""
    claims = tmp_path / "claims.txt"
    claims.write_text("x " * 800 + "\n" + DEMO_CLAIM + "\n")
    r = run(cli_store, "check", "--claims", str(claims), "--json")
    assert r.returncode == 1
    lines = [json.loads(line) for line in r.stdout.splitlines()]
    assert "limit" in lines[0]["error"]
    assert lines[1]["claim"] == DEMO_CLAIM and lines[1]["verdict"] == "supported"
    assert "1 claim(s) could not be checked" in r.stderr


def test_eval_on_labelled_claims(cli_store: Path, tmp_path: Path):
    data = tmp_path / "gold.jsonl"
    row = {
        "id": "t1",
        "claim": "The harbour reopened on Monday",
        "verdict": "supported",
        "sources": [
            {
                "id": "a",
                "title": "Port news",
                "text": "The harbour reopened on Monday after repairs.",
                "stance": "supports",
            },
            {
                "id": "b",
                "title": "Recipes",
                "text": "Bake the bread for forty minutes at high heat.",
                "stance": "none",
            },
        ],
    }
    data.write_text(json.dumps(row) + "\n")
    r = run(cli_store, "eval", str(data), "--split", "all", "--json")
    assert r.returncode == 0, r.stderr
    run_ = json.loads(r.stdout)
    assert run_["claims"] == 1 and run_["sources"] == 2
    assert run_["stance"]["confusion"]["none"]["none"] == 1  # the recipe is dismissed
    assert sum(run_["stance"]["confusion"]["supports"].values()) == 1


def test_eval_of_a_dev_file_says_how_to_score_it(cli_store: Path, tmp_path: Path):
    """A file of one's own claims marked ``dev``: the default split (held-out: ``test``)
    selects none, and the one-line error says which option scores them."""
    data = tmp_path / "mine.jsonl"
    row = {"id": "m1", "claim": "The harbour reopened", "split": "dev", "sources": {"a": "none"}}
    data.write_text(json.dumps(row) + "\n")
    r = run(cli_store, "eval", str(data))
    assert r.returncode != 0
    assert "its claims are marked dev, not test; --split all scores them" in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1


def _piped_into_head(store: Path, claims: Path, *args: str) -> tuple[str, str, int]:
    """`verify check --claims FILE ARGS | head -n 1` through a real pipe: head's output,
    verify's stderr and exit code."""
    env = {**os.environ, "NO_COLOR": "1"}
    env.pop("OPENAI_API_KEY", None)
    cmd = [sys.executable, "-m", "verify", "--store", str(store), "check", "--claims", str(claims)]
    verify = subprocess.Popen(
        [*cmd, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT, env=env
    )
    assert verify.stdout is not None and verify.stderr is not None
    head = subprocess.run(
        ["head", "-n", "1"], stdin=verify.stdout, capture_output=True, text=True, timeout=300
    )
    verify.stdout.close()  # only head holds the read end now: it is gone when head exits
    err = verify.stderr.read().decode()
    return head.stdout, err, verify.wait(timeout=300)


@pytest.mark.parametrize("args", [("--json",), ()], ids=["json", "text"])
def test_a_closed_pipe_ends_quietly(cli_store: Path, tmp_path: Path, args: tuple[str, ...]):
    claims = tmp_path / "claims.txt"
    claims.write_text("\n".join([DEMO_CLAIM, "Syria rejoined the Arab League in May 2023"] * 3))
    first, err, code = _piped_into_head(cli_store, claims, *args)
    if args:
        assert json.loads(first)["claim"] == DEMO_CLAIM
    else:
        assert first == f"Claim: {DEMO_CLAIM}\n"
    assert err == ""  # no "BrokenPipeError", no "Exception ignored"
    assert code == 1


def test_the_collector_is_paused_only_inside():
    """A one-claim check runs with Python's cycle collector off (start-up allocates objects
    that live to the end); it is back on afterwards, also when the check fails, and a caller
    that had turned it off keeps it off."""
    import gc

    from verify.cli.app import gc_paused

    assert gc.isenabled()
    with gc_paused():
        assert not gc.isenabled()
    assert gc.isenabled()
    with pytest.raises(RuntimeError), gc_paused():
        raise RuntimeError("boom")
    assert gc.isenabled()
    with gc_paused(pause=False):
        assert gc.isenabled()
    gc.disable()
    try:
        with gc_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_a_one_claim_check_leaves_the_collector_on(cli_store: Path):
    import gc

    r = run(cli_store, "check", DEMO_CLAIM, "--json")
    assert r.returncode == 0, r.stderr
    assert gc.isenabled()
    r = run(cli_store, "check", "", "--json")  # fails (an empty claim): still back on
    assert r.returncode != 0
    assert gc.isenabled()


def test_a_mistyped_source_id_gets_the_ids_it_may_mean():
    """Field test 2.7: `verify show a1_harbor` said only "no source with id 'a1_harbor'"."""
    from verify.verifier import no_source

    ids = ["a1_harbor_times", "a2_coastal_wire", "a3_evening_post", "a4_valley_news"]
    assert str(no_source("a1_harbor", ids)) == (
        "no source with id 'a1_harbor'; did you mean 'a1_harbor_times'?"
    )
    assert str(no_source("a3_evening_psot", ids)) == (
        "no source with id 'a3_evening_psot'; did you mean 'a3_evening_post'?"
    )
    assert str(no_source("a", ids)) == "no source with id 'a'"  # four ids begin so: no guess
    assert str(no_source("zzz", ids)) == "no source with id 'zzz'"
