"""Shell completion (Typer's, documented in the README): commands, options and choices complete."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from lisplan.cli import app


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ("lisplan in", {"init", "introduction"}),
        ("lisplan check --format g", {"github", "gitlab"}),
        ("lisplan sch", {"schedule", "schema"}),
    ],
)
def test_bash_completion_offers_commands_and_choices(words, expected):
    env = {"_LISPLAN_COMPLETE": "complete_bash", "COMP_WORDS": words, "COMP_CWORD": str(len(words.split()) - 1)}
    result = CliRunner().invoke(app, [], prog_name="lisplan", env=env)
    assert result.exit_code == 0, result.output
    assert set(result.output.split()) == expected
