"""`verify ARGS` in this process (typer's CliRunner), shaped like a finished subprocess.

A real process costs a cold start (Chroma, onnxruntime, the models: seconds each); the CLI's
behaviour — exit code, stdout and stderr apart — is the same in process. Tests of what only a
real process shows (a pipe closed under it, a terminal, start-up) keep using subprocess.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass

from typer.testing import CliRunner

from verify.cli import app

from .conftest import ROOT


@dataclass(frozen=True)
class Ran:
    returncode: int
    stdout: str
    stderr: str


def verify_cli(*args: str, stdin: str | None = None, env: dict[str, str] | None = None) -> Ran:
    """``verify ARGS`` run from the repository root (as the subprocess tests ran it), with
    ``NO_COLOR=1``. A bug's exception is raised here, never passed off as exit code 1."""
    with contextlib.chdir(ROOT):
        res = CliRunner().invoke(app, list(args), input=stdin, env={"NO_COLOR": "1", **(env or {})})
    if res.exception is not None and not isinstance(res.exception, SystemExit):
        raise res.exception
    return Ran(res.exit_code, res.stdout, res.stderr)
