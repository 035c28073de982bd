"""Process start-up: `verify --help`, `verify --version`, and a one-claim `verify check` on the
seeds (local judge), each a fresh process; median (and min) wall time and CPU time of several
runs. Issue #15's targets: --help and --version under 0.5 s, the one-claim check under 2 s.

    .venv/bin/python bench/startup.py --runs 7 --out bench/results/startup.txt
    # before → after, interleaved so both see the same machine load:
    git archive <before-commit> | tar -x -C /tmp/before
    .venv/bin/python bench/startup.py --tree before=/tmp/before --tree after=. --runs 7

Each tree gets its own seed store in --workdir (ingest is not timed). CPU time (user + sys of
the process) is reported beside wall time: on a shared, loaded machine it moves less.

Each tree's package is compiled to bytecode first (``compileall``), as on any machine after
its first run, or after pip installs a wheel: this sandbox sets PYTHONDONTWRITEBYTECODE, which
would otherwise time compiling verify's sources (about 0.1 s) into every run.
``--source-only`` times that case instead (verify's ``__pycache__`` emptied, and none written).
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CLAIM = "Syria was suspended from the Arab League in November 2011"
CASES = {
    "help": ["--help"],
    "version": ["--version"],
    "check_one_claim": ["check", CLAIM, "--judge", "local"],
}


def run_once(tree: Path, args: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall and CPU seconds of ``python -m verify ARGS`` run in ``tree``."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "verify", *args],
        check=True,
        capture_output=True,
        cwd=tree,
        env={**env, "PYTHONPATH": str(tree)},
    )
    wall = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument(
        "--tree",
        action="append",
        metavar="LABEL=PATH",
        help="a checkout to time (repeatable; default: now=this one)",
    )
    ap.add_argument("--workdir", type=Path, default=ROOT / "bench" / "out")
    ap.add_argument("--out", type=Path, help="append the result lines here")
    ap.add_argument(
        "--source-only", action="store_true", help="no bytecode for verify (compiled every run)"
    )
    args = ap.parse_args()
    trees = {
        label: Path(path).resolve()
        for label, _, path in (t.partition("=") for t in (args.tree or [f"now={ROOT}"]))
    }
    env = {**os.environ, "NO_COLOR": "1"}
    env.pop("OPENAI_API_KEY", None)
    if args.source_only:
        env["PYTHONDONTWRITEBYTECODE"] = "1"  # no run writes what a later one would use
    for tree in trees.values():
        if args.source_only:
            for cached in (tree / "verify").rglob("__pycache__"):
                for pyc in cached.glob("*.pyc"):
                    pyc.unlink()
        else:
            compileall.compile_dir(tree / "verify", quiet=1)
    stores = {}
    for label, tree in trees.items():
        stores[label] = args.workdir / f"store-startup-{label}"
        seeds = str(tree / "seeds")
        run_once(tree, ["--store", str(stores[label]), "ingest", seeds], env)
    times: dict[tuple[str, str], list[tuple[float, float]]] = {}
    for case, cmd in CASES.items():
        for label, tree in trees.items():  # one untimed run each: the OS file cache
            run_once(tree, ["--store", str(stores[label]), *cmd], env)
        for _ in range(args.runs):  # interleaved: every tree sees the same load
            for label, tree in trees.items():
                got = run_once(tree, ["--store", str(stores[label]), *cmd], env)
                times.setdefault((label, case), []).append(got)
    load = round(os.getloadavg()[0], 2)
    lines = []
    for label in trees:
        row: dict[str, object] = {"tree": label, "runs": args.runs, "load_avg_1m": load}
        row["bytecode"] = not args.source_only
        for case in CASES:
            walls = [w for w, _ in times[(label, case)]]
            cpus = [c for _, c in times[(label, case)]]
            row[f"{case}_wall_median_s"] = round(statistics.median(walls), 3)
            row[f"{case}_wall_min_s"] = round(min(walls), 3)
            row[f"{case}_cpu_median_s"] = round(statistics.median(cpus), 3)
        lines.append(json.dumps(row))
    print("\n".join(lines))
    if args.out:
        with args.out.open("a", encoding="utf-8") as fh:
            fh.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
