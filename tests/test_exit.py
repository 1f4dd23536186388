"""How a lisplan process ends (launch.py's ``run``, the console script and ``python -m lisplan``): without
the interpreter's teardown, yet with every byte of its output, its exit code, and a closed pipe ended as
before. Run as a user runs it: a fresh ``python -m lisplan``."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import PROJECT, TODAY


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("exit") / "repo"
    shutil.copytree(PROJECT / "data", root / "data")
    shutil.copy(PROJECT / "lisplan.yaml", root / "lisplan.yaml")
    return root


def _env(root: Path) -> dict[str, str]:
    env = {**os.environ, "LISPLAN_TODAY": TODAY, "LISPLAN_NO_CACHE": "1", "COLUMNS": "100", "LISPLAN_LANG": "en"}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def _lisplan(root: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "lisplan", "--repo", str(root), *args],
        env=_env(root),
        capture_output=True,
        stdin=subprocess.DEVNULL,
        timeout=120,
    )


def test_every_byte_of_a_long_answer_is_written_before_the_process_ends(example: Path, tmp_path: Path) -> None:
    done = _lisplan(example, "status", "--trainee", "eksempel-lis", "--format", "json")
    assert done.returncode == 0, done.stderr
    assert len(done.stdout) > 20_000
    assert json.loads(done.stdout)["trainee"] == "eksempel-lis"
    assert done.stderr == b""


@pytest.mark.parametrize(
    ("args", "code", "said"),
    [
        (["check", "--strict"], 1, b"error[goal-set-not-in-force]"),  # the example's warnings, made errors
        (["nosuchcommand"], 2, b"nosuchcommand"),  # a usage error
    ],
)
def test_the_exit_code_and_what_was_said_are_kept(example: Path, args: list[str], code: int, said: bytes) -> None:
    done = _lisplan(example, *args)
    assert done.returncode == code
    assert said in done.stdout + done.stderr
    assert b"Traceback" not in done.stderr


@pytest.mark.parametrize("report", ["status", "entries"])
def test_a_reader_that_goes_ends_the_report_quietly_with_code_1(example: Path, report: str) -> None:
    """``lisplan status | head -1``: the rest goes nowhere, the process ends with 1 and says nothing of a
    closed output (as rich ends a report whose reader went). The pipe holds one page where Linux lets it
    be made that small (entries' 32 KB then cannot all be written before the reader goes; status's 4 KB
    fits a pipe of the usual size, and once made a run end with 0 when it was all written first)."""
    import fcntl

    read, write = os.pipe()
    with contextlib.suppress(OSError, AttributeError):  # F_SETPIPE_SZ: Linux only
        fcntl.fcntl(read, fcntl.F_SETPIPE_SZ, 4096)  # type: ignore[attr-defined]
    head = subprocess.Popen(
        [sys.executable, "-m", "lisplan", "--repo", str(example), report, "--trainee", "eksempel-lis"],
        env=_env(example),
        stdout=write,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
    )
    os.close(write)
    assert head.stderr is not None
    with os.fdopen(read, "rb") as reader:
        assert reader.readline()
    err = head.stderr.read()
    code = head.wait(timeout=120)
    assert b"Exception ignored" not in err and b"Traceback" not in err
    assert code == 1 or (report == "status" and code == 0)  # status may be all written before the reader goes


def test_a_closed_standard_output_ends_without_a_traceback(example: Path) -> None:
    """``lisplan status >&-``: Python starts with no sys.stdout, so the output goes nowhere; the process
    ends with the command's code and no traceback from the flush at its end."""
    done = subprocess.run(
        [sys.executable, "-m", "lisplan", "--repo", str(example), "status", "--trainee", "eksempel-lis"],
        env=_env(example),
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        preexec_fn=lambda: os.close(1),
        timeout=120,
    )
    assert b"Traceback" not in done.stderr and done.returncode == 0, done.stderr


def test_start_up_runs_without_the_cyclic_collector(monkeypatch: pytest.MonkeyPatch) -> None:
    """Imports make only objects that live as long as the process, so ``run`` starts with the collector
    off (it would walk them some 75 times before a command's body and free almost nothing)."""
    import gc

    from lisplan import launch

    seen: list[object] = []
    monkeypatch.setattr(launch, "main", lambda: seen.append(gc.isenabled()))
    monkeypatch.setattr(launch.os, "_exit", lambda code: seen.append(("exit", code)))
    try:
        launch.run()
    finally:
        gc.enable()
    assert seen == [False, ("exit", 0)]


def test_a_command_body_runs_with_the_cyclic_collector(cli, example: Path) -> None:
    """The collector is on again once a command's body starts (cli/base.py, ``_session``): what the body
    reads and computes is collected as usual, so a large load's cycles are freed; what start-up made is
    frozen, so no collection walks it again (without that, a status after a log spent 27 ms collecting
    instead of 12)."""
    import gc

    gc.disable()
    try:
        code, _out = cli("status", repo=example)
        assert gc.isenabled() and gc.get_freeze_count() > 0  # start-up's objects are not walked again
    finally:
        gc.unfreeze()
        gc.enable()
    assert code == 0
