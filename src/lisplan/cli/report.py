"""The commands that check and report: what the repo holds, drawn as tables, documents and files."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from lisplan.cli.base import (
    DATE,
    REPORT,
    AsOfOpt,
    CommitOpt,
    DateOpt,
    DryRunOpt,
    ExportKind,
    FormatOpt,
    TraineeOpt,
    _choice,
    _exit,
    _session,
    app,
    never_replayed,
    replayable,
)
from lisplan.core import kinds
from lisplan.core.kinds import CheckFormat as CheckFormats
from lisplan.core.kinds import ExportFormat as ExportFormats
from lisplan.core.kinds import ScheduleFormat as ScheduleFormats

# --- check and report ----------------------------------------------------------------------------


@app.command(rich_help_panel=REPORT)
@replayable(plain=("--strict", "--format", "--explain"), reads=("paths",), writes=("--verify-signoffs",))
def check(
    ctx: typer.Context,
    paths: Annotated[
        list[Path] | None,
        typer.Argument(metavar="FILE", help="Report only problems in these files.", show_default=False),
    ] = None,
    strict: Annotated[bool, typer.Option("--strict", help="Treat warnings as errors.")] = False,
    fmt: Annotated[
        CheckFormats,
        typer.Option(
            "--format",
            "-f",
            help="text, json, github (annotations) or gitlab (code-quality report).",
            **_choice(kinds.CHECK_FORMAT),
        ),
    ] = "text",
    verify_signoffs: Annotated[
        bool,
        typer.Option(
            "--verify-signoffs",
            help="Also check in git history that each sign-off was committed by the supervisor it names.",
        ),
    ] = False,
    explain: Annotated[
        str | None,
        typer.Option(
            "--explain", metavar="CODE", help="Say what a problem code means and how to fix it.", show_default=False
        ),
    ] = None,
) -> None:
    """Validate the plan repo: schema, references, duplicates, dates, identity numbers, plan contents.

    Prints nothing but a summary when all is well; exits 1 when there are errors
    (or warnings, with --strict).
    """
    from lisplan.commands import check as command

    with _session(ctx) as s:
        if explain is not None:
            _exit(command.explain(explain))
        _exit(command.run(s, paths or [], strict=strict, fmt=fmt, verify_signoffs=verify_signoffs))


@app.command(rich_help_panel=REPORT)
@replayable(plain=("--trainee", "--as-of", "--part", "--area", "--format"))
def status(
    ctx: typer.Context,
    trainee: TraineeOpt = None,
    as_of: AsOfOpt = None,
    part: Annotated[
        str | None, typer.Option("--part", help="Only this part (id, name or section).", show_default=False)
    ] = None,
    area: Annotated[str | None, typer.Option("--area", help="Only this area (name).", show_default=False)] = None,
    fmt: FormatOpt = "table",
) -> None:
    """Where the trainee stands: goals by part and area, what needs attention, and the summary."""
    from lisplan.commands import report

    with _session(ctx) as s:
        report.status(s, trainee, as_of, part, area, fmt == "json")


@app.command(rich_help_panel=REPORT)
@replayable(plain=("--trainee", "--as-of", "--format"))
def remaining(ctx: typer.Context, trainee: TraineeOpt = None, as_of: AsOfOpt = None, fmt: FormatOpt = "table") -> None:
    """Everything left, grouped by where it can be done; courses, procedures and supervision due."""
    from lisplan.commands import report

    with _session(ctx) as s:
        report.remaining(s, trainee, as_of, fmt == "json")


@app.command(rich_help_panel=REPORT)
@replayable(
    plain=("--trainee", "--as-of", "--part-time", "--leave", "--start", "--format", "--out"), writes=("--format=ics",)
)
def schedule(
    ctx: typer.Context,
    trainee: TraineeOpt = None,
    as_of: AsOfOpt = None,
    part_time: Annotated[
        float | None,
        typer.Option(
            "--part-time", min=1, max=100, help="What if: work this percentage from --as-of on.", show_default=False
        ),
    ] = None,
    leave: Annotated[
        list[str] | None,
        typer.Option(
            "--leave", metavar="FROM:TO", help="What if: leave FROM:TO, two dates (repeatable).", show_default=False
        ),
    ] = None,
    start: Annotated[
        str | None, typer.Option("--start", metavar=DATE, help="What if: another start date.", show_default=False)
    ] = None,
    fmt: Annotated[
        ScheduleFormats,
        typer.Option("--format", "-f", help="table, json, or ics (a calendar file).", **_choice(kinds.SCHEDULE_FORMAT)),
    ] = "table",
    out: Annotated[
        Path | None,
        typer.Option("--out", "-o", help="Write to this file instead of the terminal.", show_default=False),
    ] = None,
) -> None:
    """The rotation plan on the calendar: phases, when goals can be approved, throughput, and the finish.

    The what-if options change nothing on disk. Example: lisplan schedule --part-time 80 --leave 01.01.2027:30.06.2027
    """
    from lisplan.commands import report

    with _session(ctx) as s:
        report.schedule(s, trainee, as_of, part_time=part_time, leave=leave or [], start=start, fmt=fmt, out=out)


@app.command(rich_help_panel=REPORT)
@replayable(plain=("file", "--trainee", "--as-of", "--since"), reads=("--template",))
def render(
    ctx: typer.Context,
    file: Annotated[
        Path,
        typer.Argument(
            metavar="FILE",
            help="The document to write: plan.md, plan.html, cohort.md, cohort.html.",
            show_default=False,
        ),
    ],
    trainee: TraineeOpt = None,
    as_of: AsOfOpt = None,
    since: Annotated[
        str | None,
        typer.Option(
            "--since",
            metavar=DATE,
            help="Show what changed since this date (default: the last review meeting in the log).",
            show_default=False,
        ),
    ] = None,
    template: Annotated[
        Path | None,
        typer.Option(
            "--template", help="Use this template file instead of the repo's or lisplan's.", show_default=False
        ),
    ] = None,
) -> None:
    """Write the semi-annual review (any name) or the education lead's cohort (cohort.md / cohort.html).

    The format follows the extension: .md Markdown, .html a self-contained page that prints on A4.
    Example: lisplan render plan.md
    """
    from lisplan.commands import documents

    with _session(ctx) as s:
        documents.render(s, file, trainee, as_of, since, template)


@app.command(rich_help_panel=REPORT)
@replayable(plain=("--as-of", "--format"))
def cohort(ctx: typer.Context, as_of: AsOfOpt = None, fmt: FormatOpt = "table") -> None:
    """Every trainee in one table for the education lead: furthest behind their schedule first.

    Example: lisplan cohort --format json
    """
    from lisplan.commands import report

    with _session(ctx) as s:
        _exit(report.cohort(s, as_of, fmt == "json"))


@app.command(rich_help_panel=REPORT)
@replayable(plain=("--format", "--kind", "--out", "--trainee", "--as-of"), writes=("--format=xlsx",))
def export(
    ctx: typer.Context,
    fmt: Annotated[
        ExportFormats, typer.Option("--format", "-f", help="csv, json or xlsx.", **_choice(kinds.EXPORT_FORMAT))
    ] = "csv",
    kinds: Annotated[
        list[ExportKind] | None,
        typer.Option(
            "--kind",
            "-k",
            help="A table (repeatable); default: every table (csv: entries).",
            show_default=False,
            **_choice(kinds.EXPORT_KIND, ExportKind),
        ),
    ] = None,
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help="Write to this file (needed for xlsx).", show_default=False)
    ] = None,
    trainee: TraineeOpt = None,
    as_of: AsOfOpt = None,
) -> None:
    """The log and the computed status as tables, for spreadsheets and for the national portal.

    Tables from the log: entries, procedures, courses, supervision, signoffs; computed: goals, procedure-lists.

    Example: lisplan export --kind procedures --out prosedyrer.csv
    """
    from lisplan.commands import documents

    with _session(ctx) as s:
        documents.export(s, fmt, [k.value for k in kinds or []], out, trainee, as_of)


@app.command("render-all", rich_help_panel=REPORT)
@never_replayed
def render_all(
    ctx: typer.Context,
    out: Annotated[Path, typer.Argument(metavar="DIR", help="The folder to write into (made if missing).")],
    as_of: AsOfOpt = None,
    site: Annotated[
        bool, typer.Option("--site", help="Also an index.html, for a static site (needs pages: true in lisplan.yaml).")
    ] = False,
) -> None:
    """Every trainee's review (plan.html, plan.md) and the cohort (cohort.html), named by trainee and date.

    In lisplan.yaml's language; what CI uploads on the main branch. Example: lisplan render-all documents
    """
    from lisplan.commands import render_all as command

    with _session(ctx) as s:
        _exit(command.run(s, out, as_of, site=site))


@app.command("site", rich_help_panel=REPORT)
@never_replayed
def site_command(
    ctx: typer.Context,
    out: Annotated[Path, typer.Argument(metavar="DIR", help="The folder to write the site into (made if missing).")],
    as_of: AsOfOpt = None,
    publish: Annotated[
        bool,
        typer.Option("--publish", help="For CI's Pages step: refused unless lisplan.yaml says pages: true."),
    ] = False,
) -> None:
    """The department's site: a front page with every trainee for the monthly assessment meeting, and each
    trainee's review with pictures. Static files that open from disk, a CI artifact or Pages.

    Bokmål unless --lang en (or lisplan.yaml's language:). Example: lisplan site nettsted
    """
    from lisplan.commands import site as command

    with _session(ctx) as s:
        _exit(command.run(s, out, as_of, publish=publish))


@app.command("portal", rich_help_panel=REPORT)
@replayable(plain=("refs", "--date", "--trainee", "--format"), writes=("--mark", "--signed", "--commit", "--dry-run"))
def portal_command(
    ctx: typer.Context,
    refs: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="REF",
            help="With --mark/--signed: entries as listed (2026:14), goal codes, or all.",
            show_default=False,
            autocompletion=kinds.ALL.completions,
        ),
    ] = None,
    mark: Annotated[bool, typer.Option("--mark", help="Record that these were entered in the portal.")] = False,
    signed: Annotated[
        bool, typer.Option("--signed", help="Record that a supervisor signed these in the portal.")
    ] = False,
    date: DateOpt = None,
    trainee: TraineeOpt = None,
    fmt: FormatOpt = "table",
    commit: CommitOpt = False,
    dry_run: DryRunOpt = False,
) -> None:
    """What of the log is still to be entered in Kompetanseportalen, by goal in its order; --mark records it was.

    Example: lisplan portal --mark NUK-116 2026:14
    """
    from lisplan.commands import portal

    with _session(ctx) as s:
        portal.run(
            s,
            refs or [],
            mark=mark,
            signed=signed,
            date=date,
            trainee=trainee,
            as_json=fmt == "json",
            commit=commit,
            dry_run=dry_run,
        )


@app.command("find-accession", rich_help_panel=REPORT)
@never_replayed
def find_accession(
    ctx: typer.Context,
    numbers: Annotated[
        list[str] | None, typer.Argument(metavar="NUMBER", help="Accession or stay numbers.", show_default=False)
    ] = None,
    from_file: Annotated[
        Path | None,
        typer.Option(
            "--from-file",
            help="A file with one number per line (e.g. an export from the exam archive).",
            show_default=False,
        ),
    ] = None,
    trainee: TraineeOpt = None,
) -> None:
    """Which log entries hold these accession numbers (works when the repo stores them hashed, given the key).

    Exits 1 when any number is not found. Example: lisplan find-accession 81234567 81234568
    """
    from lisplan.commands import entry_commands as record

    with _session(ctx) as s:
        _exit(record.find_accession(s, numbers or [], str(from_file) if from_file else None, trainee))
