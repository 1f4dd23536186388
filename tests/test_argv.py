"""The one reader of the command line (core/argv.py): what the launcher, the language choice and the
replay read from a line, as a table; each line read as known is one click parses, each unknown one click
refuses; the grammar it reads against is the app's, and every command declares what may be replayed."""

from __future__ import annotations

import json
from typing import Any

import pytest
import typer.main

from lisplan.cli import app
from lisplan.cli.grammar import Undeclared, grammar
from lisplan.core.argv import GRAMMAR, read

#: (line, command, options, arguments, repo, lang, help, known, replayable)
CASES = [
    ("status", ["status"], {}, [], None, None, False, True, True),
    ("status -fjson", ["status"], {"--format": ["json"]}, [], None, None, False, True, True),
    (
        "status -f json -t ola",
        ["status"],
        {"--format": ["json"], "--trainee": ["ola"]},
        [],
        None,
        None,
        False,
        True,
        True,
    ),
    ("status --format=json", ["status"], {"--format": ["json"]}, [], None, None, False, True, True),
    # options before the command are the app's; --lang anywhere, in either spelling
    ("--repo r --lang=nb status", ["status"], {}, [], "r", "nb", False, True, True),
    ("status --lang en", ["status"], {}, [], None, "en", False, True, True),
    ("--repo=r status", ["status"], {}, [], "r", None, False, True, True),
    # the app's option after the command is the command's, and status has no --repo: click refuses it
    ("status --repo r", ["status"], {}, ["r"], None, None, False, False, False),
    # schedule writes a calendar file with --format ics, in any spelling of the word, run together too
    ("schedule -fics", ["schedule"], {"--format": ["ics"]}, [], None, None, False, True, False),
    ("schedule --format kalender", ["schedule"], {"--format": ["kalender"]}, [], None, None, False, True, False),
    ("schedule --format Kalender", ["schedule"], {"--format": ["Kalender"]}, [], None, None, False, True, False),
    (
        "export --format excel --out x.xlsx",
        ["export"],
        {"--format": ["excel"], "--out": ["x.xlsx"]},
        [],
        None,
        None,
        False,
        True,
        False,
    ),  # fmt: skip
    # options after arguments, repeated options, and "--" (after it every word is an argument)
    (
        "check a.yaml --strict b.yaml",
        ["check"],
        {"--strict": [None]},
        ["a.yaml", "b.yaml"],
        None,
        None,
        False,
        True,
        True,
    ),  # fmt: skip
    ("check -- --strict", ["check"], {}, ["--strict"], None, None, False, True, True),
    (
        "schedule --leave 01.01.2027:30.06.2027 --leave 01.08.2027:31.08.2027",
        ["schedule"],
        {"--leave": ["01.01.2027:30.06.2027", "01.08.2027:31.08.2027"]},
        [],
        None,
        None,
        False,
        True,
        True,
    ),  # fmt: skip
    # writing options and git history: never replayed
    ("portal --mark all", ["portal"], {"--mark": [None]}, ["all"], None, None, False, True, False),
    ("portal", ["portal"], {}, [], None, None, False, True, True),
    ("check --verify-signoffs", ["check"], {"--verify-signoffs": [None]}, [], None, None, False, True, False),
    ("log skeleton-scintigraphy 8123", ["log"], {}, ["skeleton-scintigraphy", "8123"], None, None, False, True, False),
    # a value that looks like an option is the option's value, as click reads it
    ("log x --note --lang", ["log"], {"--note": ["--lang"]}, ["x"], None, None, False, True, False),
    # help pages, and a line with no command (the app shows its help)
    ("", [], {}, [], None, None, True, True, False),
    ("--help", [], {}, [], None, None, True, True, False),
    ("status -h", ["status"], {}, [], None, None, True, True, True),
    ("plan sheet --help", ["plan", "sheet"], {}, [], None, None, True, True, False),
    # no abbreviation: click accepts neither a shortened command nor a shortened option
    ("stat", [], {}, ["stat"], None, None, False, False, False),
    ("status --form json", ["status"], {}, ["json"], None, None, False, False, False),
    # a flag takes no value; an option needs one; an unknown short option
    ("check --strict=yes", ["check"], {}, [], None, None, False, False, False),
    ("status --trainee", ["status"], {}, [], None, None, False, False, False),
    ("status -x", ["status"], {}, [], None, None, False, False, False),
    ("--show-completion", [], {}, [], None, None, True, False, False),
]


@pytest.mark.parametrize(
    ("words", "command", "options", "arguments", "repo", "lang", "help_page", "known", "replayable"), CASES
)
def test_a_line_is_read_as_click_reads_it(words, command, options, arguments, repo, lang, help_page, known, replayable):
    line = read(words.split())
    assert (line.command, line.options, line.arguments) == (command, options, arguments)
    assert (line.repo, line.lang, line.help, line.known) == (repo, lang, help_page, known)
    assert line.replayable() == replayable
    if lang is not None:  # what click parses is the line without --lang and its value
        assert [w for w in line.rest if w.startswith("--lang") or w == lang] == []
    if not help_page and command:
        assert _click_reads(line.rest) == known, line.rest


def _click_reads(rest: list[str]) -> bool:
    """Whether click parses the line (the app's options, the command word, the command's options)."""
    command: Any = typer.main.get_command(app)
    try:
        ctx = command.make_context("lisplan", list(rest))
        while hasattr(command, "resolve_command"):  # a group: its command word, then the command's words
            name, command, args = command.resolve_command(ctx, [*ctx._protected_args, *ctx.args])
            ctx = command.make_context(name, args, parent=ctx)
    except Exception as e:
        if getattr(e, "exit_code", None) == 2:  # click's usage error (typer bundles its own click)
            return False
        raise
    return True


def test_the_grammar_file_is_the_apps():
    """core/grammar.json is what cli/grammar.py reads from the app: after a change to a command's options
    or declaration, run ``python -m lisplan.cli.grammar``."""
    assert json.loads(GRAMMAR.read_text(encoding="utf-8")) == grammar(app)


def test_a_command_without_a_declaration_or_with_an_option_it_does_not_name_is_refused():
    extra = typer.Typer()

    @extra.callback()
    def main() -> None: ...

    @extra.command()
    def bare() -> None: ...

    with pytest.raises(Undeclared, match="bare: declare"):
        grammar(extra)

    from lisplan.cli.base import replayable

    named = typer.Typer()
    named.callback()(main)

    @named.command()
    @replayable(plain=("--one",))
    def told(one: bool = False, two: bool = False) -> None: ...

    with pytest.raises(Undeclared, match=r"told: @replayable names not \['--two'\]"):
        grammar(named)


def test_only_read_only_commands_are_replayable():
    root = json.loads(GRAMMAR.read_text(encoding="utf-8"))
    replayable = sorted(word for word, c in root["commands"].items() if c.get("replay"))
    assert replayable == ["check", "cohort", "export", "portal", "remaining", "render", "schedule", "status"]
