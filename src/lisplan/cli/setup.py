"""The commands that set up: a plan repo, its schemas, and the institution plan's activity sheet."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from lisplan.cli.base import DATE, SETUP, FormatOpt, _exit, _Group, _session, app, never_replayed

# --- set up --------------------------------------------------------------------------------------


@app.command("init", rich_help_panel=SETUP)
@never_replayed
def init_command(
    ctx: typer.Context,
    folder: Annotated[
        Path | None,
        typer.Argument(
            metavar="DIR",
            help="The new plan repo's folder, or an existing plan repo to add the trainee to"
            " (default: --repo, else here).",
            show_default=False,
        ),
    ] = None,
    trainee: Annotated[
        str | None,
        typer.Option(
            "--trainee",
            "-t",
            help="The trainee's id: lower-case letters, digits and '-' (names data/logs/<id>/).",
            show_default=False,
        ),
    ] = None,
    name: Annotated[str | None, typer.Option("--name", help="The trainee's name.", show_default=False)] = None,
    plan: Annotated[
        str | None, typer.Option("--plan", help="The institution plan's id (e.g. ous-nuk).", show_default=False)
    ] = None,
    start: Annotated[
        str | None,
        typer.Option(
            "--start", metavar=DATE, help="The first day of specialist training (a date).", show_default=False
        ),
    ] = None,
    employment: Annotated[float, typer.Option("--employment", help="Percent of a full-time position.")] = 100,
    goal_sets: Annotated[
        list[str] | None,
        typer.Option(
            "--goal-set",
            help="A goal set to measure against (repeatable; default: the plan's sets in force on the start date).",
            show_default=False,
        ),
    ] = None,
    source: Annotated[
        str | None,
        typer.Option(
            "--lisplan-source",
            help="The pip requirement CI installs lisplan from"
            " (default: where this lisplan came from, if that can be told).",
            show_default=False,
        ),
    ] = None,
    upgrade_ci: Annotated[
        bool,
        typer.Option(
            "--upgrade-ci",
            help="Rewrite the CI files lisplan init wrote to this version's templates and show the diff (no trainee).",
        ),
    ] = False,
) -> None:
    """Start a plan repo: the trainee's files, lisplan.yaml, a README, CI for GitHub and GitLab, pre-commit.

    In an existing plan repo it adds the trainee's files only. Nothing that exists is replaced.
    With --upgrade-ci (and no trainee) it rewrites the CI files it wrote to this version's templates.
    Example: lisplan init ola-plan --trainee ola-nordmann --name "Ola Nordmann" --plan ous-nuk --start 01.09.2026
    """
    from lisplan.commands import init as init_cmd

    with _session(ctx) as s:
        init_cmd.init(
            s, folder, trainee=trainee, name=name, plan=plan, start=start, employment=employment,
            goal_sets=list(goal_sets or []), source=source, upgrade_ci=upgrade_ci,
        )  # fmt: skip


@app.command("schema", rich_help_panel=SETUP)
@never_replayed
def schema_command(
    ctx: typer.Context,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            "-o",
            help="The folder to write to (default: .lisplan/schema in the plan repo).",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Write a JSON Schema for every file kind, for editors that validate and complete YAML as you type.

    Files lisplan creates start with a '# yaml-language-server: $schema=…' line pointing at them.
    Example: lisplan schema
    """
    from lisplan.commands import init as init_cmd

    with _session(ctx) as s:
        init_cmd.schema(s, out)


plan_app = typer.Typer(
    cls=_Group,
    help="The institution plan's activity sheet: write it as Excel, read a filled-in one back.",
    no_args_is_help=True,
)
app.add_typer(plan_app, name="plan", rich_help_panel=SETUP)
PlanArg = Annotated[str, typer.Argument(metavar="PLAN", help="The plan's id (e.g. ous-nuk).", show_default=False)]


@plan_app.command("sheet")
@never_replayed
def plan_sheet(
    ctx: typer.Context,
    plan: PlanArg,
    out: Annotated[Path, typer.Option("--out", "-o", help="The .xlsx file to write.", show_default=False)],
) -> None:
    """Write the plan's activity sheet: one row per goal and learning activity, Norwegian headers, dropdowns.

    Example: lisplan plan sheet ous-nuk --out ous-nuk.xlsx
    """
    from lisplan.commands import plan_sheet as command

    with _session(ctx) as s:
        command.write_sheet(s, plan, out)


@plan_app.command("import")
@never_replayed
def plan_import(
    ctx: typer.Context,
    plan: PlanArg,
    file: Annotated[Path, typer.Argument(metavar="FILE", help="The filled-in .xlsx sheet.", show_default=False)],
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Show what would change; write nothing.")] = False,
    fmt: FormatOpt = "table",
) -> None:
    """Read a filled-in activity sheet into the plan: goal activities and procedure lists, comments kept.

    Shows per goal what is added, changed or removed. Example: lisplan plan import ous-nuk ous-nuk.xlsx --dry-run
    """
    from lisplan.commands import plan_sheet as command

    with _session(ctx) as s:
        _exit(command.run_import(s, plan, file, dry_run=dry_run, as_json=fmt == "json"))
