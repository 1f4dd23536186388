"""The manual (docs/, built by MkDocs) and the README's links hold: no broken link, no page left out of
the nav, and the README's test command is the one CI runs. The examples themselves run in
tests/test_readme.py."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

PROJECT = Path(__file__).resolve().parents[1]
README = PROJECT / "README.md"
BIN = Path(sys.executable).parent


def _links(markdown: str) -> list[str]:
    out = []
    for token in MarkdownIt().parse(markdown):
        for child in token.children or []:
            if child.type == "link_open":
                out.append(str(child.attrs["href"]))
            if child.type == "image":
                out.append(str(child.attrs["src"]))
    return out


def test_every_link_of_the_readme_leads_to_a_file_of_the_repo() -> None:
    links = [link for link in _links(README.read_text(encoding="utf-8")) if not re.match(r"[a-z]+:", link)]
    assert links
    broken = [link for link in links if not (PROJECT / link.split("#", 1)[0]).exists()]
    assert not broken, f"README links to files that do not exist: {broken}"


def test_ci_runs_the_readmes_test_command_exactly() -> None:
    blocks = [t.content for t in MarkdownIt().parse(README.read_text(encoding="utf-8")) if t.type == "fence"]
    command = next(b.strip() for b in blocks if "pytest" in b)
    assert command in (PROJECT / ".ci" / "run").read_text(encoding="utf-8").splitlines()


def test_ci_builds_the_manual_strictly_and_not_quietly() -> None:
    """``mkdocs build --strict --quiet`` exits 0 on a broken link: --quiet drops the warnings --strict counts."""
    step = [
        line for line in (PROJECT / ".ci" / "run").read_text(encoding="utf-8").splitlines() if "mkdocs build" in line
    ]
    assert step and all("--strict" in line and "-q" not in line.split() and "--quiet" not in line for line in step)


#: a real MkDocs build (2 CPU-s): the slow step (LISPLAN_SLOW=1). .ci/run builds the manual strictly again as
#: its last gate, which the test above holds in the default run, so a broken link still fails CI
@pytest.mark.slow
@pytest.mark.skipif(shutil.which("mkdocs", path=str(BIN)) is None, reason="mkdocs not installed (the dev extra)")
def test_the_manual_builds_with_no_broken_link(tmp_path: Path) -> None:
    run = subprocess.run(
        [str(BIN / "mkdocs"), "build", "--strict", "--site-dir", str(tmp_path / "site")],
        cwd=PROJECT,
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stderr[-4000:]
