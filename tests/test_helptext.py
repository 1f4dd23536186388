"""Every --help page names what an option or argument takes in the reader's words: a placeholder
(DATO, FIL, PROSEDYRE), never the Python type typer would show (<str>, <list[Path]>, <bool>), and in
bokmål never an English placeholder."""

from __future__ import annotations

import re

import pytest
import typer
from tests.conftest import PROJECT

from lisplan.cli import app
from lisplan.present.helptext import _commands

PYTHON_TYPE = re.compile(r"<(?:str|bool|int|float|Path|list\[[^\]]*\])>")
#: a placeholder on a usage line: {PROSEDYRE}, [FIL]..., [VALG]
PLACEHOLDER = re.compile(r"[{\[]([^\]{}\[]+)[}\]]")
#: placeholders as cli/ writes them, in English: none may be left on a bokmål page
ENGLISH_PLACEHOLDERS = {
    "TEXT", "FILE", "NUMBER", "PROCEDURE", "GOAL", "MEETING", "TITLE", "KIND", "DIR", "DATE", "COURSE",
    "FROM", "TO", "CODE", "OPTIONS", "COMMAND", "ARGS",
}  # fmt: skip


def _pages() -> list[list[str]]:
    return [path.split()[1:] for path, _cmd in _commands(typer.main.get_command(app))]


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_no_help_page_shows_a_python_type_and_every_placeholder_is_a_word(cli, lang):
    pages = _pages()
    assert len(pages) > 25  # every command and group of the app, not a few
    for words in pages:
        code, out = cli("--lang", lang, *words, "--help", repo=PROJECT)
        assert code == 0, out
        assert not PYTHON_TYPE.search(out), (words, out)
        usage = next(line for line in out.splitlines() if line.strip().startswith(("Bruk:", "Usage:")))
        for placeholder in PLACEHOLDER.findall(usage):
            # upper case like click's own [OPTIONS], a choice's words (<a|b>) aside
            assert placeholder == placeholder.upper(), (words, usage)
            if lang == "nb":
                assert placeholder not in ENGLISH_PLACEHOLDERS, (words, usage)


def test_a_flag_shows_no_type_and_an_option_its_placeholder(cli):
    """`log --help` as a trainee reads it: the procedure as PROSEDYRE, --note taking TEKST, --date DATO,
    and --dry-run (a flag) nothing beside it."""
    code, out = cli("--lang", "nb", "log", "--help", repo=PROJECT)
    assert code == 0, out
    assert "{PROSEDYRE} [NUMMER]..." in out
    assert re.search(r"--note\s+-n\s+TEKST", out), out
    assert re.search(r"--date\s+-d\s+DATO", out), out
    dry_run = next(line for line in out.splitlines() if "--dry-run" in line)
    assert re.search(r"--dry-run\s{20,}Kontroller", dry_run), dry_run


def test_every_option_that_takes_a_date_says_so():
    """A date is read in the forms output shows (29.12.2026, i går: core/forms.py), and the help page says DATO
    beside every option that takes one, not TEKST (entries --since/--until and edit --date said TEKST)."""
    dated = {"--date", "--since", "--until", "--as-of", "--start"}
    found = []
    for path, cmd in _commands(typer.main.get_command(app)):
        for param in cmd.params:
            if dated & set(getattr(param, "opts", ())):
                found.append((path, param.opts[0], param.metavar))
    assert len(found) > 15, found
    assert [f for f in found if f[2] != "DATE"] == []
