"""What `verify check` puts in front of people, in process (typer's CliRunner) on the seeds:
unwrapped piped text, every source in a batch, the batch count with --decompose, --csv,
report paths tried before the check, files ending in a newline, a mistyped --store."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from rich.console import Console
from typer.testing import CliRunner

from verify.cli.app import _summary, app
from verify.models import Decomposed, Evidence, Report, SourceVerdict
from verify.report.csv import COLUMNS, render_csv
from verify.report.text import plain_text

from .conftest import DEMO_CLAIM, ROOT, SEEDS

SEED_IDS = sorted(p.stem for p in SEEDS.glob("*.txt"))
SUSPENDED = (
    "“The country was suspended from the organization in November 2011, eight months into a "
    "brutal regime suppression effort that had killed 5,000 civilians,” he explained."
)
COMPOUND = "Syria was suspended in November 2011 after a crackdown that had killed 5,000 civilians"


def cli(store: Path, *args: str):
    base = ["--store", str(store), "--config", str(ROOT / "config.yaml")]
    return CliRunner().invoke(app, [*base, *args], env={"NO_COLOR": "1"})


@pytest.fixture(scope="module")
def store(seed_verifier) -> Path:
    return seed_verifier.settings.store


# -- the terminal report ----------------------------------------------------------------------
def test_piped_text_is_not_wrapped_at_80_columns(store: Path):
    r = cli(store, "check", DEMO_CLAIM)
    assert r.exit_code == 0, r.output
    lines = r.stdout.splitlines()
    assert f"    ▌ {SUSPENDED}  @3135–3302" in lines  # 182 characters, on one line
    assert any(
        line.startswith("001_27002b27250bcba8  supports (confidence ")
        and line.endswith("  US State Department: We Will Not Normalize Ties With Assad")
        for line in lines
    )


def test_every_source_says_why_in_words(store: Path):
    r = cli(store, "check", DEMO_CLAIM)
    lines = r.stdout.splitlines()
    for sid in ("000_af6e1db39137fe93", "002_a7d2559227e41fa1"):
        row = next(i for i, line in enumerate(lines) if line.startswith(sid))
        assert "not mentioned" in lines[row]
        assert lines[row + 1].startswith("    ") and lines[row + 1].strip()  # its reason


def test_batch_text_lists_every_source_like_a_single_check(store: Path, tmp_path: Path):
    claims = tmp_path / "claims.txt"
    claims.write_text(f"{DEMO_CLAIM}\nSyria rejoined the Arab League in May 2023\n")
    r = cli(store, "check", "--claims", str(claims))
    assert r.exit_code == 0, r.output
    lines = r.stdout.splitlines()
    for sid in SEED_IDS:  # each source once per claim, not-mentioned ones included
        assert sum(line.startswith(sid) for line in lines) == 2, sid
    assert lines[-1] == "2 claims checked"
    r = cli(store, "check", "--claims", str(claims), "--only-relevant")
    assert sum(line.startswith("000_af6e1db39137fe93") for line in r.stdout.splitlines()) == 0
    # what was left out is said (a new user read a report of nothing as an empty store)
    shown = [line for line in r.stdout.splitlines() if line.startswith(tuple(SEED_IDS))]
    hidden = [
        line for line in r.stdout.splitlines() if "not mentioning the claim not shown" in line
    ]
    assert len(hidden) == 2
    assert sum(int(line.strip("(").split()[0]) for line in hidden) == 2 * len(SEED_IDS) - len(shown)


def test_batch_with_decompose_counts_claims_not_parts(store: Path, tmp_path: Path):
    claims = tmp_path / "claims.jsonl"
    claims.write_text(json.dumps({"claim": COMPOUND, "id": "q-7"}) + f"\n{DEMO_CLAIM}\n")
    r = cli(store, "check", "--claims", str(claims), "--decompose")
    assert r.exit_code == 0, r.output
    lines = r.stdout.splitlines()
    assert lines[-1] == "2 claims checked (3 after splitting)"
    ids = [line.split()[0] for line in lines[lines.index("summary") + 2 : -1]]
    assert ids == ["q-7", "q-7.1", "q-7.2", "2"]
    # the split is told once, with the report
    assert r.stdout.count("Split (rules) into 2 claims:") == 1
    assert "  1. Syria was suspended in November 2011" in lines
    assert "  2. A crackdown had killed 5,000 civilians" in lines
    assert "Not split (rules): one claim." in lines
    assert "split" not in r.stderr


def test_single_decompose_json_tells_the_split_once_on_stderr(store: Path):
    r = cli(store, "check", COMPOUND, "--decompose", "--json")
    assert r.exit_code == 0, r.output
    assert r.stderr.splitlines() == ["split (rules) into 2 claims"]
    assert [p["claim"] for p in json.loads(r.stdout)["parts"]] == [
        "Syria was suspended in November 2011",
        "A crackdown had killed 5,000 civilians",
    ]


def _stances(claim: str, verdict: str, *stances: str) -> Report:
    return Report(
        claim=claim,
        verdict=verdict,  # type: ignore[arg-type]
        sources=[SourceVerdict(source_id=f"s{n}", stance=st) for n, st in enumerate(stances)],  # type: ignore[arg-type]
        judge_mode="local",
    )


def test_batch_summary_counts_sources_as_the_claim_header_does():
    """A mixed source is counted once, as mixed (it was counted as a supports and a refutes)."""
    six = _stances("claim six", "supported", "supports", "mixed", "not_mentioned")
    seven = _stances("claim seven", "refuted", "refutes", "mixed", "refutes", "unverified")
    assert "(1 supports, 1 mixed, 1 not mentioned; judge: local" in plain_text([six])
    assert "(2 refutes, 1 mixed, 1 unverified; judge: local" in plain_text([seven])
    buf = io.StringIO()
    Console(file=buf, width=100, no_color=True).print(
        _summary([("6", "claim six", six), ("7", "claim seven", seven), ("8", "bad", None)])
    )
    assert [" ".join(line.split()) for line in buf.getvalue().splitlines()] == [
        "summary",
        "id claim verdict supports refutes mixed",
        "6 claim six supported 1 0 1",
        "7 claim seven refuted 0 2 1",
        "8 bad failed",
    ]


# -- CSV ------------------------------------------------------------------------------------
def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_csv_for_a_single_check(store: Path, tmp_path: Path):
    out = tmp_path / "report.csv"
    r = cli(store, "check", DEMO_CLAIM, "--csv", str(out))
    assert r.exit_code == 0, r.output
    text = out.read_text(encoding="utf-8")
    assert text.splitlines()[0] == (
        "claim_id,claim,verdict,source_id,title,stance,confidence,quote,start,end,quotes,"
        "date,url,reason"
    )
    assert text.endswith("\n")
    rows = _rows(out)
    assert sorted(row["source_id"] for row in rows) == SEED_IDS
    assert {row["claim_id"] for row in rows} == {"1"}
    assert {row["claim"] for row in rows} == {DEMO_CLAIM}
    assert {row["verdict"] for row in rows} == {"supported"}
    first = rows[0]  # sources that take a side come first
    assert first["source_id"] == "001_27002b27250bcba8" and first["stance"] == "supports"
    assert (first["quote"], first["start"], first["end"]) == (SUSPENDED, "3135", "3302")
    # one quote: the next best sentence ("Ten years on ... restore Syria's membership") has
    # the claim's date only from the sentence before it
    assert first["quotes"] == "1"
    by_id = {row["source_id"]: row for row in rows}
    assert by_id["003_3e4c866fc9bc1c15"]["date"] == "2021-09-30"
    assert by_id["004_c441ceaa8e09f364"]["date"] == "30 September, 2021"
    assert by_id["000_af6e1db39137fe93"]["date"] == ""
    assert all(row["url"] == "" for row in rows)  # the seeds are files without a URL
    source = CliRunner().invoke(app, ["--store", str(store), "show", "001_27002b27250bcba8"])
    assert source.stdout[3135:3302] == SUSPENDED


def test_csv_for_a_batch_with_ids_and_parts(store: Path, tmp_path: Path):
    claims = tmp_path / "claims.jsonl"
    claims.write_text(json.dumps({"claim": DEMO_CLAIM, "id": "q-7"}) + f"\n{COMPOUND}\n")
    out = tmp_path / "batch.csv"
    r = cli(store, "check", "--claims", str(claims), "--decompose", "--json", "--csv", str(out))
    assert r.exit_code == 0, r.output
    rows = _rows(out)
    assert [row["claim_id"] for row in rows] == ["q-7"] * 5 + ["2.1"] * 5 + ["2.2"] * 5
    assert [row["claim"] for row in rows[5::5]] == [
        "Syria was suspended in November 2011",
        "A crackdown had killed 5,000 civilians",
    ]


def _report(**source: object) -> Report:
    sv = SourceVerdict(source_id="s1", stance="supports", confidence=0.8, **source)  # type: ignore[arg-type]
    return Report(claim="=1+1", verdict="supported", sources=[sv], judge_mode="local")


def test_csv_cells_never_run_as_formulas():
    quote = '-1 said "yes",\nthen left'
    report = _report(
        title="@SUM(A1)",
        evidence=[Evidence(quote=quote, start=10, end=10 + len(quote), stance="supports")],
    )
    got = list(csv.reader(io.StringIO(render_csv([report], ["+7"]))))
    assert got[0] == list(COLUMNS)
    assert got[1] == [
        "'+7",
        "'=1+1",
        "supported",
        "s1",
        "'@SUM(A1)",
        "supports",
        "0.80",
        "'" + quote,  # commas, quotes and a line break survive inside one cell
        "10",
        "34",  # 10 + 24 characters
        "1",
        "",
        "",
        "",
    ]


def test_csv_of_a_decomposed_claim_and_an_unverified_source():
    part = _report(reason="the judge said it supports the claim but quoted nothing from it")
    part.sources[0].stance = "unverified"
    item = Decomposed(claim="A and B", parts=[part, part], verdict="supported")
    rows = list(csv.DictReader(io.StringIO(render_csv(item))))
    assert [r["claim_id"] for r in rows] == ["1.1", "1.2"]
    assert rows[0]["confidence"] == ""  # an unverified source has no meaningful confidence
    assert rows[0]["reason"] == "the judge said it supports the claim but quoted nothing from it"


# -- report files -------------------------------------------------------------------------------
@pytest.mark.parametrize("option", ["--html", "--markdown", "--csv"])
def test_report_path_is_tried_before_the_check(store: Path, tmp_path: Path, option: str):
    missing = tmp_path / "no-such-folder" / "report"
    r = cli(store, "check", DEMO_CLAIM, option, str(missing))
    assert r.exit_code == 2
    assert r.stderr == f"error: cannot write report {missing}: no folder {missing.parent}\n"
    assert r.stdout == ""  # nothing was checked
    r = cli(store, "check", DEMO_CLAIM, option, str(tmp_path))
    assert r.exit_code == 2
    assert r.stderr == f"error: cannot write report {tmp_path}: it is a folder\n"
    assert r.stdout == ""


def test_report_files_end_with_a_newline_and_a_tried_path_leaves_nothing(
    store: Path, tmp_path: Path
):
    paths = {opt: tmp_path / f"r.{opt[2:]}" for opt in ("--html", "--markdown", "--csv")}
    args = [x for opt, p in paths.items() for x in (opt, str(p))]
    r = cli(store, "check", DEMO_CLAIM, *args)
    assert r.exit_code == 0, r.output
    for path in paths.values():
        text = path.read_text(encoding="utf-8")
        assert text.endswith("\n") and not text.endswith("\n\n"), path
    # a claim that fails after the paths were tried leaves no empty report behind
    for path in paths.values():
        path.unlink()
    r = cli(store, "check", "x" * 5000, *args)
    assert r.exit_code != 0
    assert not any(p.exists() for p in paths.values())


# -- the store ----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "args",
    [
        ("check", DEMO_CLAIM),
        ("sources",),
        ("show", "001_27002b27250bcba8"),
        ("remove", "001_27002b27250bcba8"),
    ],
)
def test_a_mistyped_store_is_not_created(tmp_path: Path, args: tuple[str, ...]):
    typo = tmp_path / "stroe"
    r = cli(typo, *args)
    assert r.exit_code == 1
    assert r.stderr == (
        f"error: no store at {typo}: check --store, or create it with `verify ingest PATH`\n"
    )
    assert not typo.exists()


def test_an_existing_empty_store_says_it_holds_nothing(tmp_path: Path):
    article = tmp_path / "a.txt"
    article.write_text("A title\n\nThe harbour reopened on Monday after repairs.\n")
    store = tmp_path / "store"
    assert cli(store, "ingest", str(article)).exit_code == 0
    assert cli(store, "remove", "a").exit_code == 0
    r = cli(store, "check", DEMO_CLAIM)
    assert r.exit_code == 1
    assert r.stderr == (
        f"error: the store holds no sources ({store}); run `verify ingest PATH` first\n"
    )


def test_help_mentions_the_interactive_prompt():
    r = CliRunner().invoke(app, ["--help"])
    assert r.exit_code == 0
    assert "Run `verify` with no command on a terminal for the interactive prompt" in " ".join(
        r.stdout.split()
    )


def test_no_command_with_piped_stdin_says_what_to_run():
    """`printf 'claim\\n' | verify` printed the whole help (field test 2.7): one line now."""
    r = CliRunner().invoke(app, [], input="Syria rejoined the Arab League\n")
    assert (r.exit_code, r.stdout) == (2, "")
    assert r.stderr == (
        "error: stdin is not a terminal: give a command, e.g. verify check - (all of stdin is "
        "one claim) or verify check --claims - (one claim a line); verify --help lists the "
        "commands\n"
    )
