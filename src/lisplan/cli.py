"""The command line: options in, one library call, results out, an exit code. Nothing else lives here.

Exit codes: 0 all is well, 1 problems found, 2 usage error (bad option, no plan repo, unknown trainee).
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from . import output
from .problems import Problem, strict as make_strict, to_github, to_json
from .repo import RepoNotFound, find_root

app = typer.Typer(
    name="lisplan",
    help="Keep a Norwegian specialist-training (LIS) plan in plain YAML files: check, track, plan.",
    no_args_is_help=True,
    rich_markup_mode="rich",
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)

OK, PROBLEMS, USAGE = 0, 1, 2


class CheckFormat(str, Enum):
    text = "text"
    json = "json"
    github = "github"


@dataclass
class State:
    repo: Path | None


@app.callback()
def _main(
    ctx: typer.Context,
    repo: Annotated[
        Optional[Path],
        typer.Option("--repo", help="The plan repo (default: the nearest folder with data/ at or above here).",
                     envvar="LISPLAN_REPO", show_default=False),
    ] = None,
) -> None:
    ctx.obj = State(repo)


def today() -> dt.date:
    """Today, or LISPLAN_TODAY (YYYY-MM-DD) so that examples and tests are reproducible."""
    fixed = os.environ.get("LISPLAN_TODAY")
    if fixed:
        try:
            return dt.date.fromisoformat(fixed)
        except ValueError:
            output.fail(f"LISPLAN_TODAY={fixed!r} is not a date", "write it as YYYY-MM-DD or unset it")
            raise typer.Exit(USAGE) from None
    return dt.date.today()


def _root(ctx: typer.Context) -> Path:
    given: Path | None = ctx.obj.repo if ctx.obj else None
    try:
        return find_root(given or Path.cwd())
    except RepoNotFound as e:
        output.fail(str(e), "run lisplan in a plan repo, pass --repo PATH, or create one with lisplan init")
        raise typer.Exit(USAGE) from None


@app.command(rich_help_panel="Check and report")
def check(
    ctx: typer.Context,
    paths: Annotated[Optional[list[Path]], typer.Argument(help="Report only problems in these files.", show_default=False)] = None,
    strict: Annotated[bool, typer.Option("--strict", help="Treat warnings as errors.")] = False,
    fmt: Annotated[CheckFormat, typer.Option("--format", "-f", help="text, json, or github (annotations).")] = CheckFormat.text,
) -> None:
    """Validate the plan repo: schema, references, duplicates, dates, identity numbers, plan contents.

    Prints nothing but a summary when all is well; exits 1 when there are errors
    (or warnings, with --strict).
    """
    from .loader import load

    root = _root(ctx)
    loaded = load(root, today=today())
    problems = _only_in(loaded.problems, paths)
    if strict:
        problems = make_strict(problems)
    if fmt is CheckFormat.json:
        output.plain(to_json(problems, root))
    elif fmt is CheckFormat.github:
        if problems:
            output.plain(to_github(problems, root))
    else:
        output.print_problems(problems, root, loaded.line_of, files_checked=len(loaded.documents))
    raise typer.Exit(PROBLEMS if any(p.is_error for p in problems) else OK)


def _only_in(problems: list[Problem], paths: list[Path] | None) -> list[Problem]:
    if not paths:
        return problems
    wanted = {p.resolve() for p in paths}
    return [p for p in problems if p.file is not None and p.file.resolve() in wanted]


def main() -> None:
    """Console entry point: no traceback ever reaches the user."""
    try:
        app()
    except KeyboardInterrupt:
        raise SystemExit(130) from None
    except Exception as e:  # noqa: BLE001 - the last line of defence, reported as a bug
        output.fail(f"internal error: {type(e).__name__}: {e}",
                    "this is a bug in lisplan; please report it with the command you ran")
        raise SystemExit(PROBLEMS) from None
