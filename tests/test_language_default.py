"""Bokmål from the first command (core/i18n.py ``choose``): a machine whose locale does not ask for English
(a container's or CI runner's ``C.UTF-8``, ``POSIX``, no locale at all) speaks bokmål, and ``lisplan init``
writes ``language:`` so that the repo and its CI speak the trainee's language on any machine. What it
shows as examples (``--help``, the new repo's README) names goals of the set in force, never of the set
it replaced.

Where the locale decides, run as a user runs it (a subprocess with only the environment given); the
rest in-process with exactly that environment (conftest.run_alone), and in-process as the other tests
run lisplan (the CLI runner with the conftest's environment).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from tests.conftest import PROJECT, TODAY, run_alone

#: the environments the issue names: a container's locale, and none at all (LANG and LC_ALL unset)
NO_ENGLISH = {"C.UTF-8": {"LANG": "C.UTF-8"}, "no locale": {}}
INIT = ["--trainee", "ola-nordmann", "--name", "Ola Nordmann", "--plan", "ous-nuk", "--start", "01.09.2026"]


def _environment(**locale: str) -> dict[str, str]:
    """The test's environment without any language setting, then ``locale``."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LC_", "LANG", "LISPLAN_"))}
    return {**env, "LISPLAN_TODAY": TODAY, "LISPLAN_NO_CACHE": "1", "COLUMNS": "200", **locale}


def _lisplan(env: dict[str, str], *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "lisplan", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=120
    )


def _alone(env: dict[str, str], *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """As :func:`_lisplan`, in this process with exactly ``env`` (conftest.run_alone)."""
    code, out, err = run_alone(list(args), env, cwd)
    return subprocess.CompletedProcess(args, code, out.decode(), err.decode())


@pytest.fixture
def example(tmp_path: Path) -> Path:
    """lisplan's own plan repo, whose lisplan.yaml names no language."""
    root = tmp_path / "repo"
    shutil.copytree(PROJECT / "data", root / "data")
    shutil.copy(PROJECT / "lisplan.yaml", root / "lisplan.yaml")
    assert "language:" not in (root / "lisplan.yaml").read_text(encoding="utf-8")
    return root


@pytest.mark.parametrize("locale", list(NO_ENGLISH), ids=list(NO_ENGLISH))
def test_status_speaks_bokmal_where_the_locale_asks_for_no_language(example, locale):
    done = _lisplan(_environment(**NO_ENGLISH[locale]), "status", cwd=example)
    assert done.returncode == 0, done.stderr
    assert "per 23.11.2026, 30,6 måneders tjenestetid" in done.stdout
    assert "godkj." in done.stdout and "appr." not in done.stdout


@pytest.mark.parametrize("locale", list(NO_ENGLISH), ids=list(NO_ENGLISH))
def test_init_speaks_bokmal_and_writes_language_nb_where_the_locale_asks_for_no_language(tmp_path, locale):
    done = _lisplan(_environment(**NO_ENGLISH[locale]), "init", "ola-plan", *INIT, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "La til LIS ola-nordmann i et nytt planrepo" in done.stdout, done.stdout
    repo = tmp_path / "ola-plan"
    assert "\nlanguage: nb\n" in (repo / "lisplan.yaml").read_text(encoding="utf-8")
    assert (
        (repo / "README.md").read_text(encoding="utf-8").startswith("# Utdanningsplan for lege i spesialisering (LIS)")
    )
    # the repo's CI runs with a locale of its own (C.UTF-8 on a runner): it speaks bokmål there too
    check = _alone(_environment(LANG="C.UTF-8"), "check", cwd=repo)
    assert "Ingen problemer" in check.stdout, check.stdout + check.stderr


def test_an_english_locale_gets_english_until_the_repo_says_nb(example):
    english = _environment(LANG="en_US.UTF-8")
    assert "months of service" in _alone(english, "status", cwd=example).stdout
    with (example / "lisplan.yaml").open("a", encoding="utf-8") as config:
        config.write("language: nb\n")
    assert "måneders tjenestetid" in _alone(english, "status", cwd=example).stdout


def test_init_with_lang_en_writes_language_en_and_the_repo_speaks_english_on_any_machine(tmp_path):
    done = _alone(_environment(LANG="C.UTF-8"), "--lang", "en", "init", "ola-plan", *INIT, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    repo = tmp_path / "ola-plan"
    assert "\nlanguage: en\n" in (repo / "lisplan.yaml").read_text(encoding="utf-8")
    assert (repo / "README.md").read_text(encoding="utf-8").startswith("# Specialist-training plan (LIS)")
    assert "No problems" in _alone(_environment(LANG="C.UTF-8"), "check", cwd=repo).stdout


def test_lisplan_lang_en_is_english_whatever_the_repo_says(example):
    with (example / "lisplan.yaml").open("a", encoding="utf-8") as config:
        config.write("language: nb\n")
    out = _alone(_environment(LANG="C.UTF-8", LISPLAN_LANG="en"), "status", cwd=example).stdout
    assert "months of service" in out


# --- the same in-process (the CLI runner), as the other tests run lisplan ----------------------------------


@pytest.fixture
def no_language(monkeypatch):
    """The conftest's LISPLAN_LANG=en taken away: the machine's C.UTF-8 decides."""
    monkeypatch.delenv("LISPLAN_LANG")
    for name in ("LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")


def test_in_process_status_and_init_speak_bokmal_under_c_utf8(cli, example, tmp_path, no_language):
    code, out = cli("status", repo=example)
    assert code == 0, out
    assert "måneders tjenestetid" in out
    code, out = cli("init", str(tmp_path / "ny"), *INIT)
    assert code == 0, out
    assert "\nlanguage: nb\n" in (tmp_path / "ny" / "lisplan.yaml").read_text(encoding="utf-8")
    assert (
        (tmp_path / "ny" / "README.md")
        .read_text(encoding="utf-8")
        .startswith("# Utdanningsplan for lege i spesialisering")
    )


def test_in_process_help_speaks_bokmal_under_c_utf8(cli, no_language):
    _code, out = cli("--help")
    assert "Bruk:" in out and "Usage:" not in out


# --- examples name goals of the set in force ---------------------------------------------------------


def test_help_texts_name_no_goal_of_a_replaced_set():
    """nuk-2025 (NUK-103 … NUK-176) replaced nuk-2019 (NUK-001 … NUK-102) on 2025-09-01 (FOR-2025-01-17-51,
    in shared/data/): an example a trainee copies must name a goal they can log against."""
    import re

    import typer.main

    from lisplan.cli import app
    from lisplan.present.helptext import help_messages

    codes = {
        (where, int(n))
        for where, text in help_messages(typer.main.get_command(app))
        for n in re.findall(r"NUK-(\d{3})", text)
    }
    assert codes, "the help texts show goal codes"
    assert {(where, n) for where, n in codes if not 103 <= n <= 176} == set()


@pytest.mark.parametrize("start", ["01.09.2023", "01.09.2026"])
def test_the_new_repos_readme_names_a_goal_of_the_set_in_force_whatever_the_start(cli, tmp_path, start):
    """A trainee who started under nuk-2019 (2023) is measured against it too, but her README's example
    is a goal of nuk-2025, the set in force today."""
    args = [a if a != "01.09.2026" else start for a in INIT]
    code, out = cli("init", str(tmp_path / "ny"), *args)
    assert code == 0, out
    assert "lisplan signoff NUK-116 --by" in (tmp_path / "ny" / "README.md").read_text(encoding="utf-8")
