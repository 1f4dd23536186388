"""The console examples of the README and of the manual (docs/) run as tests, by byexample (a well-kept
runner for examples in Markdown), so that a documented example cannot fail a user who types it.

Each example states beside it the day it assumes and the width of the terminal, in the words
``i dag 23.11.2026, 120 tegn bred terminal`` (and ``, på engelsk`` when it shows English output): in its
code block's title (the manual, where MkDocs shows the title above the block), or at the end of the
paragraph just before it (the README, which GitHub shows without titles). The test reads that statement
and runs the example with it: ``LISPLAN_TODAY`` and ``COLUMNS`` as stated, bokmål unless it says English.
An example that states nothing fails.

Each page runs in one place, as the page tells it: a page whose first example is ``lisplan init`` runs
in an empty folder, where that example makes a new plan repo; every other page shows the fictional
example trainee that ships in this repository, and runs where a user runs it, in a clone (here a copy
of its ``data/`` and ``lisplan.yaml``, so that ``lisplan log`` changes nothing of ours). Examples run in
the order of the page, each seeing what the ones before it wrote. A line holding only ``…`` in an
example's output stands for lines left out (byexample's ``<...>``).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

PROJECT = Path(__file__).resolve().parents[1]
README = PROJECT / "README.md"
DOCS = PROJECT / "docs"
BIN = Path(sys.executable).parent
PAGES = [README, *sorted(DOCS.rglob("*.md"))]

#: what each example states about the day and the terminal it assumes
ASSUMES = re.compile(r"i dag (\d\d)\.(\d\d)\.(\d{4}), (\d+) tegn bred terminal(, på engelsk)?")

needs_byexample = pytest.mark.skipif(shutil.which("byexample", path=str(BIN)) is None, reason="byexample not installed")


@dataclass(frozen=True)
class Example:
    text: str
    line: int
    today: str | None  # YYYY-MM-DD as stated, None when the example states nothing
    columns: int
    english: bool


def examples(page: Path) -> list[Example]:
    """The ``console`` blocks of a page, each with what it states it assumes."""
    tokens = MarkdownIt().parse(page.read_text(encoding="utf-8"))
    out = []
    for i, t in enumerate(tokens):
        if t.type != "fence" or t.info.split(maxsplit=1)[:1] != ["console"]:
            continue
        # the title of the block, else the paragraph just before it (paragraph_open, inline, paragraph_close)
        before = tokens[i - 2].content if i >= 2 and tokens[i - 2].type == "inline" else ""
        found = ASSUMES.search(t.info) or ASSUMES.search(before.splitlines()[-1] if before else "")
        line = (t.map[0] + 1) if t.map else 0
        if found:
            day, month, year, columns, english = found.groups()
            out.append(Example(t.content, line, f"{year}-{month}-{day}", int(columns), bool(english)))
        else:
            out.append(Example(t.content, line, None, 0, False))
    return out


def _as_byexample(blocks: list[Example]) -> str:
    out = []
    for block in blocks:
        lang = "export LISPLAN_LANG=en" if block.english else "unset LISPLAN_LANG"
        # the day, the width and the language the example states, set before it and shown nowhere
        out.append(f"```console\n$ export LISPLAN_TODAY={block.today} COLUMNS={block.columns}; {lang}\n```\n")
        # "…" alone: lines left out; an empty line would end the example for byexample, so it becomes "~",
        # which +rm=~ takes out again before comparing
        lines = ["<...>" if line.strip() == "…" else line or "~" for line in block.text.splitlines()]
        out.append("```console\n" + "\n".join(lines) + "\n```\n")
    return "\n".join(out)


def _run(blocks: list[Example], cwd: Path, tmp_path: Path, name: str) -> None:
    doc = tmp_path / f"{name}.md"
    doc.write_text(_as_byexample(blocks), encoding="utf-8")
    env = {
        **os.environ,
        "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}",  # `lisplan` as a user has it: on PATH
        "LANG": "C.UTF-8",  # a locale that asks for no language: bokmål, unless the example says English
        "HOME": str(tmp_path / "home"),
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_AUTHOR_NAME": "Ola Nordmann",
        "GIT_AUTHOR_EMAIL": "ola@example.org",
        "GIT_COMMITTER_NAME": "Ola Nordmann",
        "GIT_COMMITTER_EMAIL": "ola@example.org",
    }
    for name_ in ("LC_ALL", "LC_MESSAGES"):
        env.pop(name_, None)
    run = subprocess.run(
        [str(BIN / "byexample"), "-l", "shell", "--timeout", "60", "-o", "+norm-ws +rm=~ +geometry=200x100", str(doc)],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stdout[-6000:] + run.stderr[-2000:]


def _name(page: Path) -> str:
    return page.relative_to(PROJECT).as_posix()


PAGES_WITH_EXAMPLES = [p for p in PAGES if examples(p)]


def test_the_readme_and_the_manual_have_examples() -> None:
    assert README in PAGES_WITH_EXAMPLES and len(PAGES_WITH_EXAMPLES) > 3


@pytest.mark.parametrize("page", PAGES, ids=_name)
def test_every_example_states_the_day_and_the_terminal_it_assumes(page: Path) -> None:
    silent = [f"{_name(page)}:{e.line}" for e in examples(page) if e.today is None]
    assert not silent, f"examples that do not state 'i dag DD.MM.YYYY, N tegn bred terminal': {silent}"


def _marks(page: Path) -> list[pytest.MarkDecorator]:
    """The manual's pages run some hundred lisplan commands between them: they are slow (they run in
    .ci/run's second step), while the README's, what a newcomer types first, run in every default run."""
    return [] if page == README else [pytest.mark.slow]


@needs_byexample
@pytest.mark.parametrize("page", [pytest.param(p, marks=_marks(p), id=_name(p)) for p in PAGES_WITH_EXAMPLES])
def test_the_examples_run_as_written(page: Path, tmp_path: Path) -> None:
    blocks = examples(page)
    (tmp_path / "home").mkdir()
    if blocks[0].text.startswith("$ lisplan init"):
        folder = tmp_path / "work"
        folder.mkdir()
    else:
        folder = tmp_path / "lisplan"
        shutil.copytree(PROJECT / "data", folder / "data")
        if (PROJECT / "lisplan.yaml").exists():
            shutil.copy(PROJECT / "lisplan.yaml", folder / "lisplan.yaml")
    _run(blocks, folder, tmp_path, page.stem)
