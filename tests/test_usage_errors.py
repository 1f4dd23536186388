"""typer's usage errors as lisplan shows them, in English and in bokmål: a missing argument or option, an
option or command that does not exist (with and without a near one), a bad value, a number out of range, an
option without its value, an extra argument.

typer (its bundled click) words these in English; present/helptext.py reads each message back by its shape
and says it again in bokmål. The goldens (tests/golden/usage-errors.<lang>.txt) hold all lisplan prints
for each, so a typer upgrade that changes a shape, or the box around it, fails here loudly instead of
leaving a bokmål reader with English. ``LISPLAN_UPDATE_GOLDEN=1`` writes the goldens; read them first.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import PROJECT
from lisplan.cli import app
from lisplan.present.helptext import USAGE_ERRORS, USAGE_REASONS

GOLDEN = Path(__file__).parent / "golden"

#: each usage error's shape, by the command line that makes it
CASES = {
    "missing-argument": ["leave", "01.01.2027"],
    "missing-option": ["signoff", "NUK-103"],
    "no-such-option": ["check", "--zzzzzz"],
    "no-such-option-near": ["check", "--strikt"],
    "no-such-command": ["zzzzzz"],
    "no-such-command-near": ["stauts"],
    "bad-value": ["check", "--format", "xml"],
    "not-a-number": ["leave", "01.01.2027", "02.01.2027", "--percent", "abc"],
    "above-the-range": ["schedule", "--part-time", "120"],
    "below-the-range": ["schedule", "--part-time", "0"],
    "option-without-value": ["check", "--format"],
    "extra-argument": ["undo", "extra"],
}

#: the shapes helptext.py knows that no lisplan command line makes with this typer, and why they stay: a
#: shape an older or newer typer words differently, kept so that either says it in the language
UNREACHED = {
    r"Invalid value: (?P<message>.*)": "a BadParameter without its option's name; lisplan's readers name it",
    r"No such option: (?P<name>\S+)\. Did you mean (?P<options>.+)\?": "typer 0.29 says '(Possible options: …)'",
    r"Option (?P<name>\S+) requires (?P<n>\d+) arguments\.": "no lisplan option takes more than one value",
    r"(?:Value error, )?(?P<value>.+?) is not one of (?P<choices>.+?)\.": "lisplan reads every choice itself",
    r"Input should be a valid integer.*": "no lisplan option takes a whole number",
    r"(?P<value>.+?) is not a valid (?P<kind>[a-z]+)\.?": "lisplan reads dates, paths and choices itself",
}


def _shown(lang: str, monkeypatch: pytest.MonkeyPatch) -> str:
    """Every case as a console session: the command line, then all lisplan prints and its exit code."""
    monkeypatch.setenv("LISPLAN_LANG", lang)
    monkeypatch.setenv("COLUMNS", "100")
    runner = CliRunner()
    shown = []
    for argv in CASES.values():
        result = runner.invoke(app, ["--repo", str(PROJECT), *argv], catch_exceptions=False)
        shown.append(f"$ lisplan {' '.join(argv)}\n{result.output}(exit {result.exit_code})\n")
    return "\n".join(shown)


def _golden(name: str, text: str) -> str:
    path = GOLDEN / name
    if os.environ.get("LISPLAN_UPDATE_GOLDEN"):
        path.write_text(text, encoding="utf-8")
    return path.read_text(encoding="utf-8")


def _messages(shown: str) -> list[str]:
    """The message in each error box, its wrapped lines joined again."""
    boxes = re.findall(r"╭─.*?╮\n(.*?)╰", shown, re.DOTALL)
    return [" ".join(line.strip("│ ") for line in box.splitlines()) for box in boxes]


@pytest.mark.parametrize("lang", ["en", "nb"])
def test_each_usage_error_is_shown_as_the_golden_says(lang: str, monkeypatch: pytest.MonkeyPatch) -> None:
    shown = _shown(lang, monkeypatch)
    assert shown == _golden(f"usage-errors.{lang}.txt", shown)
    assert shown.count("(exit 2)") == len(CASES) and "Traceback" not in shown


def test_every_shape_helptext_rewords_is_made_by_a_case_or_said_why_not(monkeypatch: pytest.MonkeyPatch) -> None:
    """The English messages of the cases, against the shapes: a shape no case makes and no reason excuses
    is one nobody would notice breaking; a case no shape reads is English left in a bokmål run."""
    messages = _messages(_shown("en", monkeypatch))
    assert len(messages) == len(CASES)
    reasons = [m.split(": ", 1)[1] for m in messages if m.startswith("Invalid value for ")]
    made = {s for s, _ in USAGE_ERRORS if any(re.fullmatch(s, m, re.DOTALL) for m in messages)}
    made |= {s for s, _ in USAGE_REASONS if any(re.fullmatch(s, r, re.DOTALL) for r in reasons)}
    shapes = {s for s, _ in USAGE_ERRORS + USAGE_REASONS}
    assert sorted(shapes - made - set(UNREACHED)) == []
    assert sorted(set(UNREACHED) & made) == [], "a case makes it now: take it out of UNREACHED"
    unread = [m for m in messages if not any(re.fullmatch(s, m, re.DOTALL) for s, _ in USAGE_ERRORS)]
    assert unread == []
