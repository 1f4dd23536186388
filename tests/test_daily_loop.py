"""The daily loop: an entry command, then a report. Whatever the entry commands leave in the cache
(files/cache.py: the changed file's new document and facts, and every partial result kept by the bytes
it was computed from), the reports read afterwards are the bytes of a run without any cache
(``LISPLAN_NO_CACHE=1``), in a table and as JSON.

One repo takes the entry commands in turn (five in the default run, every one in CI's slow step), each
followed by the reports as JSON with the cache and without it (all six, tables too, before the first and
after the last); the reports with the cache ran before the first entry command, so each change lands on a
filled cache, as a trainee's does.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import PROJECT

#: the reports whose answers must not change with the cache, in a table and as JSON
REPORTS = [
    ["status"],
    ["status", "--format", "json"],
    ["remaining"],
    ["remaining", "--format", "json"],
    ["schedule"],
    ["schedule", "--format", "json"],
]

#: every command that adds an entry (cli/record.py's RECORD panel but entries, the reader), each changing
#: what a report shows: a procedure, a course, teaching, self-study, an introduction, a meeting, a
#: supervision, a sign-off, leave; then the ones that correct and take back
ENTRY_COMMANDS = [
    ["log", "skeleton-scintigraphy", "--accession", "81299911", "--date", "20.11.2026"],
    ["log", "skeleton-scintigraphy", "--accession", "81299912", "81299913"],
    ["course", "nm-4-organdiagnostikk-terapi", "--date", "21.11.2026"],
    ["teaching", "PET", "--type", "national-web", "--date", "21.11.2026"],
    ["self-study", "PET", "--date", "22.11.2026"],
    ["introduction", "NUK-103", "--date", "21.11.2026"],
    ["mdt", "lungekreft", "--date", "22.11.2026"],
    ["supervision", "individual", "--by", "kari-veileder", "--date", "20.11.2026"],
    ["signoff", "NUK-103", "--by", "kari-veileder", "--activity", "introduction", "--date", "22.11.2026"],
    ["leave", "01.01.2027", "30.06.2027"],
    ["undo"],
]

#: the default run's entry commands: a procedure, a course and a supervision (each a new entry in the log),
#: leave (which writes the profile, not the log) and undo (which takes the last one back); every entry
#: command stores what it wrote through the same writer (files/writer.py), and CI's slow step runs them all
DEFAULT = [ENTRY_COMMANDS[0], ENTRY_COMMANDS[2], ENTRY_COMMANDS[7], ENTRY_COMMANDS[-2], ENTRY_COMMANDS[-1]]
#: the commands whose entry each report shows: a procedure counted, a course taken, leave on the calendar,
#: and the one undo takes back
MOVES = {"log", "course", "leave", "undo"}


@pytest.fixture
def example(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "repo"
    shutil.copytree(PROJECT / "data", root / "data")
    shutil.copy(PROJECT / "lisplan.yaml", root / "lisplan.yaml")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "user-cache"))  # the cache's key (files/store.py)
    monkeypatch.delenv("LISPLAN_NO_CACHE", raising=False)
    return root


#: the reports compared after every entry command: their JSON holds every answer a stale cache could get
#: wrong, and the tables print those same answers (all six are compared before the first command and after
#: the last, so the tables' way through the cache is held too; half the runs of comparing all six each time)
EACH_STEP = [args for args in REPORTS if "json" in args]


def _reports(
    cli, root: Path, monkeypatch: pytest.MonkeyPatch, *, cache: bool, reports: list[list[str]] = REPORTS
) -> list[tuple[int, str]]:
    with monkeypatch.context() as m:
        if not cache:
            m.setenv("LISPLAN_NO_CACHE", "1")
        return [cli(*args, repo=root) for args in reports]


@pytest.mark.parametrize(
    "commands",
    [
        pytest.param(DEFAULT, id="five-entry-commands"),
        # every entry command: some 100 runs of the reports (16 s); the default run takes DEFAULT's five
        pytest.param(ENTRY_COMMANDS, id="every-entry-command", marks=pytest.mark.slow),
    ],
)
def test_the_reports_after_each_entry_command_are_those_of_a_run_without_cache(cli, example, monkeypatch, commands):
    first = _reports(cli, example, monkeypatch, cache=True)
    assert first == _reports(cli, example, monkeypatch, cache=False)
    assert all(code == 0 for code, _out in first), first
    warm = [first[REPORTS.index(args)] for args in EACH_STEP]
    assert (example / ".lisplan-cache").is_dir()  # the reports really went through the cache
    changed = []
    for command in commands:
        code, out = cli(*command, repo=example)
        assert code == 0, (command, out)
        cached = _reports(cli, example, monkeypatch, cache=True, reports=EACH_STEP)
        assert cached == _reports(cli, example, monkeypatch, cache=False, reports=EACH_STEP), command
        changed.append(cached != warm)
        warm = cached
    # the reports moved with the entries (a procedure counted, a course taken, leave on the calendar)
    assert all(moved for command, moved in zip(commands, changed, strict=True) if command[0] in MOVES), changed
    assert _reports(cli, example, monkeypatch, cache=True) == _reports(cli, example, monkeypatch, cache=False)
