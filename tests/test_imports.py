"""What the trainee's daily loop imports: ``lisplan log``, then ``status``, ``remaining`` and ``schedule``.

Importing costs a command more than its work on a day's data (a module of pydantic models, every check,
rich or babel each cost tens of milliseconds on two cores), so each command imports what it uses and no
more. These tests run the real entry point in a fresh interpreter and read ``sys.modules`` after it, so a
module-level import that brings a heavy module back into a command's path fails here, by name.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import PROJECT, TODAY

#: runs lisplan's entry point on argv[2:] and writes its exit code and every imported module to argv[1]
RUN = """\
import json, sys
out, sys.argv = sys.argv[1], ["lisplan", *sys.argv[2:]]
code = 0
try:
    from lisplan.launch import main
    main()
except SystemExit as e:
    code = e.code
with open(out, "w") as f:
    json.dump({"code": code, "modules": sorted(sys.modules)}, f)
"""

#: what no daily-loop command needs: babel (short dates and decimals are written by core/i18n.py), the
#: template and spreadsheet libraries, the round-trip YAML editor, git history and the writers of documents,
#: and the installed packages' metadata (pydantic reads it to find plugins; launch.py says it has none)
NEVER = [
    "babel",
    "importlib.metadata",
    "jinja2",
    "openpyxl",
    "ruamel",
    "lisplan.files.gitops",
    "lisplan.present.render",
    "lisplan.present.export",
    "lisplan.checks.signoff_verify",
]

#: the checks log validates a new entry with (commands/recorder.py); the others run in check and the reports
LOG_CHECKS = {
    "lisplan.checks",
    "lisplan.checks.context",
    "lisplan.checks.dates",
    "lisplan.checks.references",
    "lisplan.checks.signoffs",
    "lisplan.checks.writable",
}


@pytest.fixture(scope="module")
def loop(tmp_path_factory: pytest.TempPathFactory) -> dict[str, set[str]]:
    """The modules each command of the daily loop imported: log, then each report, all computed after it."""
    root = tmp_path_factory.mktemp("loop") / "repo"
    shutil.copytree(PROJECT / "data", root / "data")
    shutil.copy(PROJECT / "lisplan.yaml", root / "lisplan.yaml")
    imported(root, "status")  # a trainee's cache is warm: log's own path, not a first run's
    modules = {"log": imported(root, "log", "skeleton-scintigraphy", "--accession", "81299901", "--date", "20.11.2026")}
    # the year file as lisplan wrote it: the daily case
    modules["log again"] = imported(
        root, "log", "skeleton-scintigraphy", "--accession", "81299902", "--date", "20.11.2026"
    )
    for report in ("status", "remaining", "schedule"):  # each one's remembered answer is stale after the log
        modules[report] = imported(root, report)
    return modules


def imported(root: Path, *args: str) -> set[str]:
    """The modules ``lisplan --repo root ARGS`` imported, run as a trainee runs it (a fresh interpreter)."""
    out = root.parent / "modules.json"
    env = {
        **os.environ,
        "LISPLAN_TODAY": TODAY,
        "LISPLAN_LANG": "nb",
        "XDG_CACHE_HOME": str(root.parent / "user-cache"),
        "COLUMNS": "100",
        "PYTHONPATH": str(PROJECT / "src"),
    }
    env.pop("LISPLAN_NO_CACHE", None)
    done = subprocess.run(
        [sys.executable, "-c", RUN, str(out), "--repo", str(root), *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    result = json.loads(out.read_text(encoding="utf-8"))
    assert result["code"] in (0, None), done.stdout + done.stderr
    return set(result["modules"])


def heavy(modules: set[str], names: list[str]) -> list[str]:
    return sorted(m for m in modules for n in names if m == n or m.startswith(n + "."))


def test_log_imports_the_checks_it_validates_with_and_no_report(loop):
    modules = loop["log"]
    assert "lisplan.commands.recorder" in modules  # the command ran
    assert {m for m in modules if m.startswith("lisplan.checks")} == LOG_CHECKS
    assert heavy(modules, [*NEVER, "rich", "lisplan.compute.progress", "lisplan.compute.schedule"]) == []
    assert heavy(modules, ["lisplan.compute.migration", "lisplan.load.sheet", "lisplan.load.worklist"]) == []
    assert heavy(modules, ["lisplan.present.status", "lisplan.present.schedule", "lisplan.commands.report"]) == []
    assert heavy(modules, ["lisplan.commands.check", "lisplan.commands.documents", "lisplan.present.cohort"]) == []


@pytest.mark.parametrize("report", ["status", "remaining", "schedule"])
def test_a_report_after_log_imports_no_entry_command_and_no_babel(loop, report):
    modules = loop[report]
    assert "lisplan.compute.progress" in modules  # the report was computed, not replayed
    assert heavy(modules, [*NEVER, "lisplan.commands.recorder", "lisplan.commands.entry_commands"]) == []
    assert heavy(modules, ["ctypes"]) == []  # files/atomic.py swaps files through libc only for a guarded write
    # present/terminal.py writes a report's lines and tables as rich would, without rich
    assert heavy(modules, ["rich"]) == []
    assert heavy(modules, ["lisplan.commands.check", "lisplan.commands.documents", "lisplan.present.cohort"]) == []


@pytest.mark.parametrize("report", ["status", "schedule"])
def test_status_and_schedule_do_not_load_what_only_remaining_computes(loop, report):
    # what is left by place, the courses ranked and the supervision due (compute/remaining.py); the
    # missed reviews status shows are the plan's rules (compute/plan_rules.py)
    assert heavy(loop[report], ["lisplan.compute.remaining"]) == []
    assert "lisplan.compute.remaining" in loop["remaining"]


@pytest.mark.parametrize("report", ["remaining", "schedule"])
def test_a_report_after_log_parses_nothing_so_imports_no_yaml(loop, report):
    # log leaves the store holding the file it wrote (files/writer.py), and every other file is there
    # from the run before: nothing is parsed, so PyYAML (whose reader alone compiles a regular expression
    # over all of Unicode) is not imported either (files/source.py imports it only to parse or emit).
    # status is not asked: it shows where the example log's warnings stand in the file log changed,
    # which takes that file's node tree
    assert heavy(loop[report], ["yaml"]) == []


def test_a_log_of_a_procedure_into_a_file_lisplan_wrote_last_imports_no_yaml(loop):
    # the entry is words, a number and a date: written byte for byte as libyaml would, and read back as
    # itself (files/writer.py, plain_text; tests/test_writer.py holds libyaml to both), onto a year file
    # whose data the store holds (files/cache.py, grow)
    assert heavy(loop["log again"], ["yaml"]) == []
    assert "yaml" in loop["log"]  # the example's year file, which lisplan did not write last, is read whole
