"""The command line: options in, one library call, results out, an exit code. Nothing else lives here.

Exit codes: 0 all is well, 1 problems found, 2 usage error (bad option, no plan repo, unknown trainee).
"""

from __future__ import annotations

import datetime as dt
import json
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
    files = _existing_files(paths or [], root)
    loaded = load(root, today=today())
    problems = _only_in(loaded.problems, files)
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


class Format(str, Enum):
    table = "table"
    json = "json"


TraineeOpt = Annotated[Optional[str], typer.Option("--trainee", "-t", help="Trainee id (optional when the repo has one).", show_default=False)]
AsOfOpt = Annotated[Optional[str], typer.Option("--as-of", help="Compute as of this date (YYYY-MM-DD; default today).", show_default=False)]
FormatOpt = Annotated[Format, typer.Option("--format", "-f", help="table or json.")]


def _date(value: str | None, option: str) -> dt.date:
    if value is None:
        return today()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        output.fail(f"{option} {value!r} is not a date", "write it as YYYY-MM-DD, e.g. 2026-02-01")
        raise typer.Exit(USAGE) from None


def _trainee_workspace(ctx: typer.Context, trainee: str | None):  # type: ignore[no-untyped-def]
    """Load the repo and pick a trainee; refuse to compute on data that does not pass check."""
    from .loader import load
    from .selection import pick_trainee, problems_blocking

    root = _root(ctx)
    loaded = load(root, today=today())
    chosen = pick_trainee(loaded.workspace, trainee)
    if isinstance(chosen, str):
        output.fail(chosen, "pass --trainee ID (see data/logs/)")
        raise typer.Exit(USAGE)
    blocking = problems_blocking(loaded.problems, chosen)
    if blocking:
        output.print_problems(blocking, root, loaded.line_of)
        output.fail("the data has errors, so lisplan will not compute on it",
                    "fix the errors above (lisplan check shows them all), then run this again")
        raise typer.Exit(PROBLEMS)
    return loaded.workspace, chosen


@app.command(rich_help_panel="Check and report")
def status(
    ctx: typer.Context,
    trainee: TraineeOpt = None,
    as_of: AsOfOpt = None,
    part: Annotated[Optional[str], typer.Option("--part", help="Only this part (id, name or section).", show_default=False)] = None,
    area: Annotated[Optional[str], typer.Option("--area", help="Only this area (name).", show_default=False)] = None,
    fmt: FormatOpt = Format.table,
) -> None:
    """Where the trainee stands: goals by part and area, what needs attention, and the summary."""
    from . import views
    from .progress import compute
    from .selection import filter_goals

    when = _date(as_of, "--as-of")
    ws, tf = _trainee_workspace(ctx, trainee)
    progress = compute(ws, tf, when)
    if part or area:
        progress = filter_goals(progress, part, area)
        if not progress.goals:
            output.fail(f"no goals match --part {part!r} --area {area!r}" if area else f"no goals match --part {part!r}",
                        "see the part and area names in lisplan status without a filter")
            raise typer.Exit(USAGE)
    view = views.status(progress)
    if fmt is Format.json:
        output.plain(json.dumps(view, ensure_ascii=False, indent=2))
    else:
        output.print_status(view, *views.attention(progress))


@app.command(rich_help_panel="Check and report")
def remaining(ctx: typer.Context, trainee: TraineeOpt = None, as_of: AsOfOpt = None, fmt: FormatOpt = Format.table) -> None:
    """Everything left, grouped by where it can be done; courses, procedures and supervision due."""
    from . import views
    from .progress import compute
    from .remaining import compute_remaining

    when = _date(as_of, "--as-of")
    ws, tf = _trainee_workspace(ctx, trainee)
    view = views.remaining(compute_remaining(ws, compute(ws, tf, when)))
    if fmt is Format.json:
        output.plain(json.dumps(view, ensure_ascii=False, indent=2))
    else:
        output.print_remaining(view)


def _existing_files(paths: list[Path], root: Path) -> list[Path]:
    """Each PATH as given (relative to here), else relative to the repo; a missing one is a usage error."""
    found = []
    for path in paths:
        candidate = path if path.exists() else root / path
        if not candidate.is_file():
            output.fail(f"no file {str(path)!r} (looked in {Path.cwd()} and in the repo {root})",
                        "pass paths of files in the plan repo, e.g. data/logs/<trainee>/2026.yaml")
            raise typer.Exit(USAGE)
        found.append(candidate)
    return found


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
