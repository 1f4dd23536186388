"""lisplan's own ``.pre-commit-hooks.yaml``, run the way a plan repo would use it: ``pre-commit try-repo``
on a copy of this project (committed, as pre-commit needs) against a plan repo made by ``lisplan init``.

pre-commit installs lisplan into a fresh virtualenv from the copy, so this test needs PyPI for
lisplan's dependencies, and takes about half a minute; it is skipped only when pre-commit itself is
not installed.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import PROJECT, TODAY

pytest.importorskip("pre_commit", reason="pre-commit is not installed (pip install '.[test]' installs it)")

# Slow (a virtualenv and a pip install of lisplan: about 50 CPU-seconds): .ci/run runs it with LISPLAN_SLOW=1.
# The default run still holds the hook to its promise where it can break without pre-commit changing:
# test_init.py checks that .pre-commit-hooks.yaml runs `lisplan check` on the files lisplan init's config
# names, and test_check.py that `lisplan check` fails on a broken log.
pytestmark = pytest.mark.slow

GIT = ["git", "-c", "user.name=Test", "-c", "user.email=test@example.org", "-c", "commit.gpgsign=false"]
NOT_SOURCE = shutil.ignore_patterns(
    ".git", ".venv*", ".lisplan-cache", "__pycache__", ".pytest_cache", ".hypothesis", "build", "dist", "*.egg-info"
)


def git(folder: Path, *args: str) -> None:
    subprocess.run([*GIT, "-C", str(folder), *args], check=True, capture_output=True)


def try_repo(project: Path, plan: Path, home: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PRE_COMMIT_HOME": str(home), "LISPLAN_TODAY": TODAY, "NO_COLOR": "1", "PIP_NO_COMPILE": "1"}
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", "try-repo", str(project), "lisplan-check"],
        cwd=plan,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


def test_try_repo_runs_lisplan_check_on_what_is_being_committed(cli, tmp_path):
    project = tmp_path / "lisplan"
    shutil.copytree(PROJECT, project, ignore=NOT_SOURCE)
    git(project, "init", "--quiet")
    git(project, "add", "-A")
    git(project, "commit", "--quiet", "-m", "lisplan as CI checks it out")
    plan = tmp_path / "plan"
    code, out = cli(
        "init", str(plan), "--trainee", "ola", "--name", "Ola", "--plan", "ous-nuk", "--start", "2026-01-05"
    )
    assert code == 0, out
    git(plan, "add", "-A")
    home = tmp_path / "pre-commit-home"

    done = try_repo(project, plan, home)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "lisplan check" in done.stdout and "Passed" in done.stdout

    log = plan / "data/logs/ola/2026.yaml"
    log.write_text(
        log.read_text().replace("entries: []", "entries:\n  - teaching: x\n    date: 2026-01-07\n    goalz: []")
    )
    git(plan, "add", "-A")
    done = try_repo(project, plan, home)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "Failed" in done.stdout
    assert "data/logs/ola/2026.yaml:8:5: error[unknown-key]: unknown key 'goalz' in entries[0]" in done.stdout

    git(plan, "commit", "--quiet", "--no-verify", "-m", "broken, committed past the hook")
    (plan / "README.md").write_text("# notes\n")
    git(plan, "add", "README.md")
    done = try_repo(project, plan, home)  # a commit that touches no lisplan file is not held up
    assert done.returncode == 0, done.stdout + done.stderr
    assert "(no files to check)Skipped" in done.stdout
