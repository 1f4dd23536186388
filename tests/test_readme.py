"""The README's console examples run as tests, by byexample (a well-kept runner for examples in Markdown),
so that a documented example cannot fail a user who types it.

Two places, as the README tells them: the examples of ``lisplan init`` and what follows it run in a new
plan repo that ``lisplan init`` makes in an empty folder; the others show the fictional example trainee
that ships in this repository, and run where a user runs them, in a clone (here a copy of its ``data/``
and ``lisplan.yaml``, so that ``lisplan log`` changes nothing of ours). Today is the README's day,
2026-11-23, the terminal 100 columns wide. A line holding only ``…`` in an example's output stands for
lines left out (byexample's ``<...>``).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

PROJECT = Path(__file__).resolve().parents[1]
README = PROJECT / "README.md"
BIN = Path(sys.executable).parent

pytestmark = pytest.mark.skipif(shutil.which("byexample", path=str(BIN)) is None, reason="byexample not installed")


def console_blocks() -> list[str]:
    tokens = MarkdownIt().parse(README.read_text(encoding="utf-8"))
    return [t.content for t in tokens if t.type == "fence" and t.info.strip() == "console"]


def _as_byexample(blocks: list[str]) -> str:
    out = []
    for block in blocks:
        # "…" alone: lines left out; an empty line would end the example for byexample, so it becomes "~",
        # which +rm=~ takes out again before comparing
        lines = ["<...>" if line.strip() == "…" else line or "~" for line in block.splitlines()]
        out.append("```console\n" + "\n".join(lines) + "\n```\n")
    return "\n".join(out)


def _run(blocks: list[str], cwd: Path, tmp_path: Path, name: str) -> None:
    doc = tmp_path / f"{name}.md"
    doc.write_text(_as_byexample(blocks), encoding="utf-8")
    env = {
        **os.environ,
        "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}",  # `lisplan` as a user has it: on PATH
        "LISPLAN_TODAY": "2026-11-23",
        "COLUMNS": "120",
        "HOME": str(tmp_path / "home"),
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_AUTHOR_NAME": "Ola Nordmann",
        "GIT_AUTHOR_EMAIL": "ola@example.org",
        "GIT_COMMITTER_NAME": "Ola Nordmann",
        "GIT_COMMITTER_EMAIL": "ola@example.org",
    }
    run = subprocess.run(
        [str(BIN / "byexample"), "-l", "shell", "--timeout", "60", "-o", "+norm-ws +rm=~ +geometry=200x100", str(doc)],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stdout[-6000:] + run.stderr[-2000:]


def _is_new_repo(block: str) -> bool:
    return any(line.startswith(("$ lisplan init", "$ lisplan schema", "$ cd ")) for line in block.splitlines())


def test_the_new_plan_repo_examples_run_as_written(tmp_path: Path) -> None:
    blocks = [b for b in console_blocks() if _is_new_repo(b)]
    assert blocks and blocks[0].startswith("$ lisplan init")
    folder = tmp_path / "work"
    folder.mkdir()
    (tmp_path / "home").mkdir()
    _run(blocks, folder, tmp_path, "new-repo")


def test_the_example_trainee_examples_run_as_written(tmp_path: Path) -> None:
    blocks = [b for b in console_blocks() if not _is_new_repo(b)]
    assert blocks
    clone = tmp_path / "lisplan"
    shutil.copytree(PROJECT / "data", clone / "data")
    if (PROJECT / "lisplan.yaml").exists():
        shutil.copy(PROJECT / "lisplan.yaml", clone / "lisplan.yaml")
    (tmp_path / "home").mkdir()
    _run(blocks, clone, tmp_path, "example-trainee")
