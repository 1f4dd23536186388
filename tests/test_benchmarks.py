"""The benchmark script runs end to end on a small generated repo, and every command in it succeeds."""

from __future__ import annotations

import json
import subprocess
import sys

from conftest import PROJECT


def test_benchmark_runs_every_command_on_a_small_repo():
    done = subprocess.run(
        [
            sys.executable,
            str(PROJECT / "benchmarks" / "run.py"),
            "--entries",
            "300",
            "--years",
            "2",
            "--repeat",
            "1",
            "--json",
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    rows = result["rows"]
    for name in (
        "help",
        "check-cold",
        "status-cold",
        "check",
        "status",
        "remaining",
        "schedule",
        "render",
        "cohort",
        "log",
    ):
        assert rows[name]["median_ms"] is not None, name
        assert rows[name]["exit_codes"] == [0], (name, rows[name].get("stderr"))
    for floor in ("startup", "typer", "parse"):
        assert rows[floor]["exit_codes"] == [0], floor
    judged = {t["row"]: t for t in result["targets"]}
    assert set(judged) == {"help", "check-cold", "status-cold", "check", "status", "log", "cohort"}
    for t in judged.values():  # each target judged from this run's own medians
        assert t["met"] == (t["median_ms"] <= t["limit_ms"])
    assert judged["help"]["limit_ms"] == 1.3 * rows["typer"]["median_ms"]
