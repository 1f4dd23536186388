"""The daily loop: an entry command, then a report. Whatever the entry commands leave in the cache
(files/cache.py: the changed file's new document and facts, and every partial result kept by the bytes
it was computed from), the reports read afterwards are the bytes of a run without any cache
(``LISPLAN_NO_CACHE=1``), in a table and as JSON.

One repo takes every entry command in turn, each followed by the six reports with the cache and
without it; the reports with the cache ran before the first entry command, so each change lands on a
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

#: every command that adds an entry (cli.py's RECORD panel but entries, the reader), each changing
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


@pytest.fixture
def example(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "repo"
    shutil.copytree(PROJECT / "data", root / "data")
    shutil.copy(PROJECT / "lisplan.yaml", root / "lisplan.yaml")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "user-cache"))  # the cache's key (files/seal.py)
    monkeypatch.delenv("LISPLAN_NO_CACHE", raising=False)
    return root


def _reports(cli, root: Path, monkeypatch: pytest.MonkeyPatch, *, cache: bool) -> list[tuple[int, str]]:
    with monkeypatch.context() as m:
        if not cache:
            m.setenv("LISPLAN_NO_CACHE", "1")
        return [cli(*args, repo=root) for args in REPORTS]


def test_the_reports_after_each_entry_command_are_those_of_a_run_without_cache(cli, example, monkeypatch):
    warm = _reports(cli, example, monkeypatch, cache=True)
    assert warm == _reports(cli, example, monkeypatch, cache=False)
    assert all(code == 0 for code, _out in warm), warm
    assert (example / ".lisplan-cache").is_dir()  # the reports really went through the cache
    changed = []
    for command in ENTRY_COMMANDS:
        code, out = cli(*command, repo=example)
        assert code == 0, (command, out)
        cached = _reports(cli, example, monkeypatch, cache=True)
        assert cached == _reports(cli, example, monkeypatch, cache=False), command
        changed.append(cached != warm)
        warm = cached
    # the reports moved with the entries (a procedure counted, a course taken, leave on the calendar)
    assert changed[:3] == [True, True, True] and changed[-2:] == [True, True], changed
