"""present/terminal.py writes what rich writes: each report drawn both ways, in every kind of terminal rich
tells apart and at widths from a phone's to a wide screen's, byte for byte, colours and all."""

from __future__ import annotations

import io
import json
import shutil
import sys
from collections.abc import Callable
from typing import Any

import pytest

from conftest import PROJECT
from lisplan.present import console as terminal_console
from lisplan.present.schedule import print_schedule
from lisplan.present.status import print_remaining, print_status

#: what rich reads of the environment to choose colours: none (a pipe), a colour terminal, NO_COLOR, a dumb
#: terminal, a true-colour one
TERMINALS = [
    {},
    {"FORCE_COLOR": "1", "TERM": "xterm-256color"},
    {"FORCE_COLOR": "1", "NO_COLOR": "1"},
    {"FORCE_COLOR": "1", "TERM": "dumb"},
    {"TTY_COMPATIBLE": "1", "COLORTERM": "truecolor"},
]
WIDTHS = ["24", "40", "60", "80", "100", "120", "200"]
REPORTS: dict[str, Callable[..., None]] = {
    "status": print_status,
    "remaining": print_remaining,
    "schedule": print_schedule,
}

_views: dict[str, Any] = {}


def views(cli: Any, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """Each report's view of the example repo (README's trainee), read once."""
    if not _views:
        root = tmp_path_factory.mktemp("example") / "repo"
        shutil.copytree(PROJECT / "data", root / "data")
        shutil.copy(PROJECT / "lisplan.yaml", root / "lisplan.yaml")
        for name in REPORTS:
            code, out = cli(name, "--format", "json", repo=root)
            assert code == 0, out
            _views[name] = json.loads(out)
    return _views


def drawn(monkeypatch: pytest.MonkeyPatch, draw: Callable[[Any], None], by_rich: bool) -> bytes:
    buffer = io.BytesIO()
    stream = io.TextIOWrapper(buffer, encoding="utf-8", write_through=True)
    monkeypatch.setattr(sys, "stdout", stream)
    out = terminal_console.console()
    if by_rich:
        out._terminal = None
    draw(out)
    stream.flush()
    return buffer.getvalue()


@pytest.mark.parametrize("environment", TERMINALS, ids=lambda e: ",".join(f"{k}={v}" for k, v in e.items()) or "pipe")
def test_each_report_is_drawn_as_rich_draws_it(cli, tmp_path_factory, monkeypatch, environment):
    reports = views(cli, tmp_path_factory)
    for width in WIDTHS:
        for name, draw in REPORTS.items():
            with monkeypatch.context() as m:
                for key in ("FORCE_COLOR", "NO_COLOR", "TERM", "COLORTERM", "TTY_COMPATIBLE", "LINES"):
                    m.delenv(key, raising=False)
                for key, value in {**environment, "COLUMNS": width}.items():
                    m.setenv(key, value)
                ours = drawn(m, lambda out, d=draw, v=reports[name]: d(v, out), by_rich=False)
                theirs = drawn(m, lambda out, d=draw, v=reports[name]: d(v, out), by_rich=True)
            assert ours == theirs, (name, width, ours.decode(), theirs.decode())


LINES = [
    "",
    "plain words, æøå and «quotes» — dashes … and ·",
    "[bold]Summary[/]: 3 of 88 [dim](3,4 %)[/] [yellow]![/] done",
    "[bold]outer [cyan]inner[/] outer again[/] and [bold cyan]both[/]",
    "[bold underline]a heading[/bold underline] then [red]red[/red]",
    "an escaped \\[bold] tag and a \\\\[dim]backslash[/dim] and [not a tag",
    "[dim]unclosed to the end",
    "two\n[bold]lines[/] and\nthree, [cyan]one span\nacross[/] a newline\n",
    "trailing spaces past the width" + " " * 120,
    "a control \x1b[2J character and a wide 漢字 one",  # rich draws these: escaped, measured
]


@pytest.mark.parametrize("environment", TERMINALS[:3], ids=["pipe", "colour", "no-colour"])
@pytest.mark.parametrize("line", LINES)
def test_a_line_is_written_as_rich_writes_it(monkeypatch, environment, line):
    monkeypatch.setenv("COLUMNS", "40")
    for key in ("FORCE_COLOR", "NO_COLOR", "TERM"):
        monkeypatch.delenv(key, raising=False)
    for key, value in environment.items():
        monkeypatch.setenv(key, value)
    assert drawn(monkeypatch, lambda out: out.print(line), by_rich=False) == drawn(
        monkeypatch, lambda out: out.print(line), by_rich=True
    )


def test_every_character_taken_for_one_cell_is_one_cell_in_rich():
    from rich.cells import cell_len

    from lisplan.present.terminal import _ONE_CELL

    taken = [chr(c) for c in range(0x30000) if _ONE_CELL.fullmatch(chr(c))]
    assert len(taken) > 700
    assert [c for c in taken if cell_len(c) != 1] == []


def test_any_simple_table_is_drawn_as_rich_draws_it(monkeypatch):
    # tables of every shape the reports can make, at every width: narrow terminals take rich's last resort
    # (each column narrower by its share), long text is cut with «…» or wraps where a Wrapping cell is
    import random

    from lisplan.present.console import new_table, wrapping

    words = ["C38.1", "Strålevern", "nukleærmedisin,", "læringsmål", "2025", "0/17", "█████░░░░░", "·", "—", "(2026)"]
    chance = random.Random(28)
    for case in range(300):
        table = new_table()
        columns = chance.randint(1, 6)
        for _column in range(columns):
            low = chance.choice([None, 1, 3, 5, 10])
            table.add_column(
                chance.choice(["", "part / area", "%", "ready", "appr."]),
                justify=chance.choice(["left", "right"]),
                no_wrap=chance.random() < 0.8,
                overflow=chance.choice(["ellipsis", "crop", "fold"]),
                min_width=low,
                max_width=chance.choice([None, (low or 1) + chance.randint(0, 30)]),
            )
        for _row in range(chance.randint(0, 5)):
            cells: list[object] = []
            for _c in range(chance.randint(1, columns)):
                text = " ".join(chance.choices(words, k=chance.randint(0, 6)))
                kind = chance.random()
                if kind < 0.15:
                    cells.append(wrapping(text, chance.choice(["", "bold underline", "bold"])))
                elif kind < 0.4:
                    cells.append(f"[{chance.choice(['bold', 'dim', 'red', 'bold cyan'])}]{text}[/]")
                else:
                    cells.append(text)
            table.add_row(*cells, style=chance.choice([None, "", "bold", "dim"]))
        environment = chance.choice(TERMINALS[:3])
        with monkeypatch.context() as m:
            for key in ("FORCE_COLOR", "NO_COLOR", "TERM", "LINES"):
                m.delenv(key, raising=False)
            for key, value in {**environment, "COLUMNS": str(chance.randint(8, 120))}.items():
                m.setenv(key, value)
            ours = drawn(m, lambda out, t=table: out.print(t), by_rich=False)
            theirs = drawn(m, lambda out, t=table: out.print(t), by_rich=True)
        assert ours == theirs, (case, ours.decode(), theirs.decode())


#: prints a report's line to stdout, through present/terminal.py or (argv[1] == "rich") rich
CLOSED_PIPE_RUN = """\
import sys
from lisplan.present.console import console
out = console()
if sys.argv[1] == "rich":
    out._terminal = None
for _ in range(5000):
    out.print("[bold]Summary[/]: 3 of 88 goals approved")
"""


def test_a_reader_that_went_ends_the_run_quietly_as_rich_does():
    # `lisplan status | head -1`: rich's Console.on_broken_pipe sends the rest nowhere and exits 1, no message
    import os
    import subprocess

    ends = []
    for way in ("terminal", "rich"):
        reader, writer = os.pipe()
        os.close(reader)
        done = subprocess.run(
            [sys.executable, "-c", CLOSED_PIPE_RUN, way],
            stdout=writer,
            stderr=subprocess.PIPE,
            env={**os.environ, "PYTHONPATH": str(PROJECT / "src")},
        )
        os.close(writer)
        ends.append((done.returncode, done.stderr))
    assert ends[0] == ends[1] == (1, b"")


@pytest.mark.parametrize(
    "text",
    ["plain", "[bold]x[/]", "a \\[b] c", "ends in \\", "ends in \\\\", "\\\\[dim]", "[#ff0000]", "[@click]", "[2026]"],
)
def test_escaped_text_is_rich_escaped_text(text):
    from rich.markup import escape as rich_escape

    from lisplan.present.console import escape

    assert escape(text) == rich_escape(text)
