"""Presenting results in the terminal: the only module that uses rich.

Problems print hledger-style: ``FILE:LINE:COL: severity[code]: message``, the offending line with a
caret under the problem, then the fix.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from itertools import groupby
from pathlib import Path

from rich.console import Console
from rich.markup import escape

from .problems import Problem, relative, sort_key


def console(stderr: bool = False) -> Console:
    return Console(stderr=stderr, highlight=False, soft_wrap=True, emoji=False)


def print_problems(
    problems: list[Problem],
    root: Path | None,
    line_of: Callable[[Path, int], str],
    out: Console | None = None,
    *,
    files_checked: int = 0,
) -> None:
    out = out or console()
    ordered = sorted(problems, key=sort_key)
    for _file, group in groupby(ordered, key=lambda p: p.file):
        for p in group:
            _print_one(p, root, line_of, out)
        out.print()
    errors = sum(p.is_error for p in problems)
    warnings = len(problems) - errors
    if not problems:
        out.print(f"[green]No problems[/] in {files_checked} files.")
    else:
        files = len({p.file for p in problems})
        out.print(
            f"[{'red' if errors else 'yellow'}]{_count(errors, 'error')}, {_count(warnings, 'warning')}[/]"
            f" in {_count(files, 'file')}."
        )


def _count(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


def _print_one(p: Problem, root: Path | None, line_of: Callable[[Path, int], str], out: Console) -> None:
    where = relative(p.file, root) or "<repo>"
    if p.line is not None:
        where += f":{p.line}:{p.col or 1}"
    colour = "red" if p.is_error else "yellow"
    out.print(f"[bold]{escape(where)}:[/] [{colour}]{p.severity.value}[{escape(p.code)}][/]: {escape(p.message)}")
    if p.file is not None and p.line is not None:
        text = line_of(p.file, p.line)
        if text.strip():
            gutter = f"{p.line:>5} | "
            out.print(f"[dim]{gutter}[/]{escape(text.expandtabs(1))}")
            out.print(" " * (len(gutter) + max((p.col or 1) - 1, 0)) + f"[{colour}]^[/]")
    if p.hint:
        out.print(f"  [cyan]{escape(p.hint)}[/]")


def fail(message: str, hint: str = "") -> None:
    """A usage error for the user, on stderr."""
    err = console(stderr=True)
    err.print(f"[red]error:[/] {escape(message)}")
    if hint:
        err.print(f"  [cyan]{escape(hint)}[/]")


def plain(text: str) -> None:
    sys.stdout.write(text if text.endswith("\n") else text + "\n")
