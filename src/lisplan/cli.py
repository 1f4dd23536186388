"""The command line: options in, one library call, results out, an exit code. Nothing else lives here.

Exit codes: 0 all is well, 1 problems found, 2 usage error (bad option, no plan repo, unknown trainee).
Each command hands its options to one function in ``commands/``; a ``Stop`` it raises becomes the
message, the fix and the exit code here, in one place.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from enum import Enum
from pathlib import Path
from typing import Annotated, Any, Literal, NoReturn

import typer
from typer.core import TyperGroup
from typer.exceptions import Abort

from lisplan.commands import replay
from lisplan.commands.check import CheckFormat as CheckFormats
from lisplan.commands.documents import ExportFormat as ExportFormats
from lisplan.commands.errors import PROBLEMS, Stop
from lisplan.commands.report import ScheduleFormat as ScheduleFormats
from lisplan.commands.session import Session
from lisplan.core import kinds
from lisplan.core.forms import Choice
from lisplan.core.i18n import _
from lisplan.core.kinds import ActivityKind, Role, SupervisionKind, TeachingType
from lisplan.present.console import fail
from lisplan.present.problems import print_problems


class _Group(TyperGroup):
    """lisplan's commands; a usage error (which click words itself, quoting the value given) never
    echoes an identity number typed by mistake, e.g. ``--role <fødselsnummer>``."""

    def make_context(self, info_name, args, *more, **kwargs):  # type: ignore[no-untyped-def]
        with _masked_usage_errors(), _translated_on_error(self):
            if kwargs.get("parent") is None and not more:  # the root: a sub-app's line was spoken already
                args = _speak(list(args))  # before anything is parsed: --help speaks the language too
            if not args or any(a in ("--help", "-h") for a in args):
                _translate(self)  # a help page is coming; a command that runs does not pay for it
            return super().make_context(info_name, args, *more, **kwargs)

    def invoke(self, ctx):  # type: ignore[no-untyped-def]
        with _masked_usage_errors(), _translated_on_error(self):
            return super().invoke(ctx)


def _translate(group: TyperGroup) -> None:
    from lisplan.present.helptext import translate

    translate(group)


@contextlib.contextmanager
def _translated_on_error(group: TyperGroup) -> Iterator[None]:
    """A usage error (or a help page a subcommand shows) is drawn by typer with its words translated."""
    try:
        yield
    except Abort:  # also "no arguments": a help page, drawn as an error
        _translate(group)
        raise
    except Exception as e:
        if _usage_error(e):
            _translate(group)
        raise


def _usage_error(e: Exception) -> bool:
    """Whether ``e`` is click's usage error (exit code 2, a message to format), known by what it does: the
    class lives in click or, from typer 0.2x on, in typer's private copy of click, and lisplan imports neither
    private module (pyproject allows every typer from 0.12)."""
    return getattr(e, "exit_code", None) == 2 and callable(getattr(e, "format_message", None))


def _speak(args: list[str]) -> list[str]:
    """Set the language from ``--lang`` (anywhere on the line), LISPLAN_LANG, the locale or the repo's
    lisplan.yaml (core/i18n.py, ``choose``); the arguments without ``--lang``."""
    import os

    from lisplan.core import i18n
    from lisplan.files.repo import configured_language

    rest, option, repo = [], None, os.environ.get("LISPLAN_REPO")
    words = iter(args)
    for word in words:
        if word == "--":
            rest += [word, *words]
            break
        if word in ("--lang", "--repo") or word.startswith(("--lang=", "--repo=")):
            name, eq, value = word.partition("=")
            value = value if eq else next(words, "")
            if name == "--repo":
                repo = value
                rest += ["--repo", value]
            else:
                option = _read(kinds.LANGUAGE, value, "'--lang'")
            continue
        rest.append(word)
    repo_language = None if option or os.environ.get("LISPLAN_LANG") else configured_language(Path(repo or "."))
    given = option or os.environ.get("LISPLAN_LANG", "").strip().lower()
    i18n.set_language(i18n.choose(option, os.environ, repo_language), overridden=given in i18n.LANGUAGES)
    return rest


def _read(choice: Choice, value: str, hint: str | None = None) -> str:
    """The value ``value`` names (core/forms.py), or a usage error listing the words of the language."""
    from lisplan.core.forms import NotReadable

    try:
        return choice.read(value)
    except NotReadable as e:
        raise typer.BadParameter(str(e), param_hint=hint) from None


def _choice(choice: Choice, as_type: type = str) -> dict[str, Any]:
    """What makes an option take ``choice`` (core/kinds.py) by its value or its bokmål words, refuse
    anything else naming the words, and complete both in a shell."""

    def parse(value: Any) -> Any:
        return value if isinstance(value, as_type) and value in choice.values else as_type(_read(choice, str(value)))

    def complete(incomplete: str) -> list[str]:
        return choice.completions(incomplete)

    parse.choice = choice  # type: ignore[attr-defined]  # present/helptext.py shows the words of the language
    return {"parser": parse, "autocompletion": complete}


@contextlib.contextmanager
def _masked_usage_errors() -> Iterator[None]:
    from lisplan.core.identity import mask_identity_numbers

    try:
        yield
    except Exception as e:  # click's usage errors only: another error's message may be read-only (jinja2's)
        if _usage_error(e) and isinstance(getattr(e, "message", None), str):
            e.message = mask_identity_numbers(e.message)  # type: ignore[attr-defined]
            from lisplan.present.helptext import translate_usage_error

            translate_usage_error(e)
        raise


app = typer.Typer(
    cls=_Group,
    name="lisplan",
    help="Keep a Norwegian specialist-training (LIS) plan in plain YAML files: check, track, plan.",
    no_args_is_help=True,
    rich_markup_mode="rich",
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


Format = Literal["table", "json"]
Lang = Literal["nb", "en"]
# typer 0.29 takes a Literal for one value but not a list of them, so --kind's choices are an enum
ExportKind = Enum(  # type: ignore[misc]
    "ExportKind",
    {k.replace("-", "_"): k for k in kinds.EXPORT_KIND.values},
    type=str,
)


@app.callback()
def _main(
    ctx: typer.Context,
    repo: Annotated[
        Path | None,
        typer.Option(
            "--repo",
            help="The plan repo (default: the nearest folder with data/ at or above here).",
            envvar="LISPLAN_REPO",
            show_default=False,
        ),
    ] = None,
    lang: Annotated[
        Lang | None,
        typer.Option(
            "--lang",
            help="nb (bokmål) or en, anywhere on the line (default: bokmål, unless LISPLAN_LANG, the repo's "
            "lisplan.yaml (language:) or an English locale says en).",
            show_default=False,
            expose_value=False,  # listed on the help page only: _speak reads and removes it before parsing
            **_choice(kinds.LANGUAGE),
        ),
    ] = None,
) -> None:
    ctx.obj = Session(repo)


@contextlib.contextmanager
def _session(ctx: typer.Context) -> Iterator[Session]:
    """The command's session; a Stop it raises is shown with its fix and becomes the exit code."""
    replay.ran()  # a command's body, not a help page (commands/replay.py)
    try:
        yield ctx.obj if isinstance(ctx.obj, Session) else Session()
    except Stop as e:
        if e.problems and e.line_of is not None:
            print_problems(e.problems, e.root, e.line_of)
        fail(e.message, e.hint)
        raise typer.Exit(e.code) from None


def _exit(code: int | None) -> None:
    raise typer.Exit(code or 0)


# --- options several commands share -------------------------------------------------------------

TraineeOpt = Annotated[
    str | None,
    typer.Option("--trainee", "-t", help="Trainee id (optional when the repo has one).", show_default=False),
]
#: a date option's placeholder: every option that takes a date is read by core/forms.py's read_date
#: (29.12.2026, 29.12.26, i dag, i går, 2026-12-29), in its command's call to Session.date
DATE = "DATE"
AsOfOpt = Annotated[
    str | None,
    typer.Option(
        "--as-of", metavar=DATE, help="Compute as of this date (e.g. 29.12.2026; default today).", show_default=False
    ),
]
FormatOpt = Annotated[Format, typer.Option("--format", "-f", help="table or json.", **_choice(kinds.FORMAT))]
DateOpt = Annotated[
    str | None,
    typer.Option(
        "--date", "-d", metavar=DATE, help="When (e.g. 29.12.2026 or yesterday; default today).", show_default=False
    ),
]
NoteOpt = Annotated[
    str | None,
    typer.Option(
        "--note", "-n", help="A free-text note (never a patient's name or identity number).", show_default=False
    ),
]
CommitOpt = Annotated[bool, typer.Option("--commit", help="Commit the changed file to git.")]
DryRunOpt = Annotated[bool, typer.Option("--dry-run", help="Check and show the entry; write nothing.")]
SupervisorOpt = Annotated[
    str | None, typer.Option("--supervisor", "-s", help="The supervisor present (id).", show_default=False)
]
GoalsOpt = Annotated[
    list[str] | None,
    typer.Option("--goal", "-g", help="A learning goal it served (repeatable).", show_default=False),
]
REPORT, RECORD, SETUP = "Check and report", "Record work", "Set up"


# --- check and report ----------------------------------------------------------------------------


@app.command(rich_help_panel=REPORT)
def check(
    ctx: typer.Context,
    paths: Annotated[
        list[Path] | None, typer.Argument(help="Report only problems in these files.", show_default=False)
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
def remaining(ctx: typer.Context, trainee: TraineeOpt = None, as_of: AsOfOpt = None, fmt: FormatOpt = "table") -> None:
    """Everything left, grouped by where it can be done; courses, procedures and supervision due."""
    from lisplan.commands import report

    with _session(ctx) as s:
        report.remaining(s, trainee, as_of, fmt == "json")


@app.command(rich_help_panel=REPORT)
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
def render(
    ctx: typer.Context,
    file: Annotated[
        Path,
        typer.Argument(help="The document to write: plan.md, plan.html, cohort.md, cohort.html.", show_default=False),
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
def cohort(ctx: typer.Context, as_of: AsOfOpt = None, fmt: FormatOpt = "table") -> None:
    """Every trainee in one table for the education lead: furthest behind their schedule first.

    Example: lisplan cohort --format json
    """
    from lisplan.commands import report

    with _session(ctx) as s:
        _exit(report.cohort(s, as_of, fmt == "json"))


@app.command(rich_help_panel=REPORT)
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


@app.command("entries", rich_help_panel=RECORD)
def entries_command(
    ctx: typer.Context,
    since: Annotated[
        str | None, typer.Option("--since", help="Only entries from this date on.", show_default=False)
    ] = None,
    until: Annotated[
        str | None, typer.Option("--until", help="Only entries up to this date.", show_default=False)
    ] = None,
    kinds: Annotated[
        list[str] | None,
        typer.Option(
            "--kind",
            "-k",
            help="Only this kind: procedure, course, signoff, leave, … (repeatable).",
            show_default=False,
            **_choice(kinds.LISTED_KIND),
        ),
    ] = None,
    goal: Annotated[
        str | None, typer.Option("--goal", "-g", help="Only entries that serve this goal.", show_default=False)
    ] = None,
    procedure: Annotated[
        str | None,
        typer.Option(
            "--procedure", help="Only this procedure list (its examinations and sign-offs).", show_default=False
        ),
    ] = None,
    accession: Annotated[
        str | None,
        typer.Option(
            "--accession", "-a", help="Only the entry with this accession or stay number.", show_default=False
        ),
    ] = None,
    trainee: TraineeOpt = None,
    fmt: FormatOpt = "table",
) -> None:
    """The log, newest first, each entry with its reference (2026:14) for edit, remove and portal --mark.

    Example: lisplan entries --since 2026-11-01 --kind signoff
    """
    from lisplan.commands import entries as command

    with _session(ctx) as s:
        command.run(
            s, trainee, since=since, until=until, kinds=kinds or [], goal=goal, procedure=procedure,
            accession=accession, as_json=fmt == "json",
        )  # fmt: skip


RefArg = Annotated[str, typer.Argument(metavar="REF", help="The entry, as lisplan entries lists it (2026:14).")]
ForceOpt = Annotated[
    bool, typer.Option("--force", help="Also a sign-off its supervisor committed (check --verify-signoffs reports it).")
]


@app.command("remove", rich_help_panel=RECORD)
def remove_command(
    ctx: typer.Context,
    refs: Annotated[
        list[str], typer.Argument(metavar="REF...", help="The entries, as lisplan entries lists them (2026:14).")
    ],
    force: ForceOpt = False,
    trainee: TraineeOpt = None,
    commit: CommitOpt = False,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Show what would be removed; write nothing.")] = False,
) -> None:
    """Take entries out of the log (or leave out of trainee.yaml); every other line of the file stays.

    Example: lisplan remove 2026:14
    """
    from lisplan.commands import correct

    with _session(ctx) as s:
        correct.remove(s, refs, trainee, force=force, dry_run=dry_run, commit=commit)


@app.command("edit", rich_help_panel=RECORD)
def edit_command(
    ctx: typer.Context,
    ref: RefArg,
    date: Annotated[str | None, typer.Option("--date", "-d", help="The right date.", show_default=False)] = None,
    role: Annotated[
        Role | None,
        typer.Option("--role", "-r", help="Your part in the examination.", show_default=False, **_choice(kinds.ROLE)),
    ] = None,
    note: Annotated[
        str | None, typer.Option("--note", "-n", help="A new note ('' takes it out).", show_default=False)
    ] = None,
    supervisor: Annotated[
        str | None,
        typer.Option("--supervisor", "-s", help="The supervisor present (id; '' takes it out).", show_default=False),
    ] = None,
    by: Annotated[str | None, typer.Option("--by", help="Who signed or led it (id).", show_default=False)] = None,
    force: ForceOpt = False,
    trainee: TraineeOpt = None,
    commit: CommitOpt = False,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Show the entry as it would be; write nothing.")] = False,
) -> None:
    """Correct an entry in place: its date, role, note, supervisor or signer; checked as a new entry is.

    Example: lisplan edit 2026:14 --date 2026-11-20
    """
    from lisplan.commands import correct

    with _session(ctx) as s:
        values = {
            "date": s.date(date, "--date") if date is not None else None,
            "role": role, "note": note, "supervisor": supervisor, "by": by,
        }  # fmt: skip
        correct.edit(s, ref, trainee, values, force=force, dry_run=dry_run, commit=commit)


@app.command("undo", rich_help_panel=RECORD)
def undo_command(
    ctx: typer.Context,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Show what would be taken back; write nothing.")] = False,
) -> None:
    """Take back lisplan's last write in this repo (log, edit, remove, portal --mark), if nothing changed it since.

    A write that is committed is taken back with git revert, as the message says. Example: lisplan undo
    """
    from lisplan.commands import correct

    with _session(ctx) as s:
        correct.undo(s, dry_run=dry_run)


@app.command("find-accession", rich_help_panel=REPORT)
def find_accession(
    ctx: typer.Context,
    numbers: Annotated[list[str] | None, typer.Argument(help="Accession or stay numbers.", show_default=False)] = None,
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


# --- recording work ------------------------------------------------------------------------------


@app.command("log", rich_help_panel=RECORD)
def log_procedure(
    ctx: typer.Context,
    procedure: Annotated[
        str, typer.Argument(help="The procedure list: id, Norwegian or English name, or alias.", show_default=False)
    ],
    numbers: Annotated[
        list[str] | None,
        typer.Argument(metavar="[NUMBER]...", help="Accession numbers, one per examination.", show_default=False),
    ] = None,
    accession: Annotated[
        list[str] | None,
        typer.Option(
            "--accession", "-a", help="An examination's accession number (may be given again).", show_default=False
        ),
    ] = None,
    stay: Annotated[
        list[str] | None,
        typer.Option(
            "--stay",
            help="A stay number (oppholdsnummer), where there is no accession number (may be given again).",
            show_default=False,
        ),
    ] = None,
    role: Annotated[Role, typer.Option("--role", "-r", help="Your part in it.", **_choice(kinds.ROLE))] = "described",
    supervisor: SupervisorOpt = None,
    date: DateOpt = None,
    note: NoteOpt = None,
    allow_duplicate: Annotated[
        bool, typer.Option("--allow-duplicate", help="Log a number already logged for this procedure and role.")
    ] = False,
    trainee: TraineeOpt = None,
    commit: CommitOpt = False,
    dry_run: DryRunOpt = False,
) -> None:
    """Record examinations you described, signed or re-reviewed, and see your count against the minimum.

    Example: lisplan log skeleton-scintigraphy 81234567 81234568 81234569
    """
    from lisplan.commands import entry_commands as record

    with _session(ctx) as s:
        when = s.date(date, "--date")
        record.procedures(s, trainee, dry_run, commit, lambda r: r.log_procedures(
            procedure, [*(numbers or []), *(accession or [])], stays=stay or [], role=role, supervisor=supervisor,
            date=when, note=note, allow_duplicate=allow_duplicate,
        ))  # fmt: skip


@app.command(rich_help_panel=RECORD)
def worklist(
    ctx: typer.Context,
    file: Annotated[
        Path, typer.Argument(help="The worklist or my-reports export of RIS/PACS (CSV or xlsx).", show_default=False)
    ],
    accession_column: Annotated[
        str | None,
        typer.Option("--accession-column", help="The header of the accession-number column.", show_default=False),
    ] = None,
    examination_column: Annotated[
        str | None,
        typer.Option("--examination-column", help="The header of the examination column.", show_default=False),
    ] = None,
    date_column: Annotated[
        str | None, typer.Option("--date-column", help="The header of the date column.", show_default=False)
    ] = None,
    role_column: Annotated[
        str | None, typer.Option("--role-column", help="The header of the role column.", show_default=False)
    ] = None,
    role: Annotated[
        Role, typer.Option("--role", "-r", help="Your part, for rows with no role.", **_choice(kinds.ROLE))
    ] = "described",
    date: Annotated[
        str | None,
        typer.Option(
            "--date", "-d", metavar=DATE, help="The date of rows with no date (default today).", show_default=False
        ),
    ] = None,
    trainee: TraineeOpt = None,
    fmt: FormatOpt = "table",
    commit: CommitOpt = False,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Check and show the result; write nothing.")] = False,
) -> None:
    """Log every examination of a RIS/PACS export at once; rows logged already are skipped.

    Example: lisplan worklist ~/Nedlastinger/arbeidsliste.csv --dry-run
    """
    from lisplan.commands.worklist import worklist as run

    named = {"accession": accession_column, "examination": examination_column, "date": date_column, "role": role_column}
    with _session(ctx) as s:
        _exit(run(
            s, file, {k: v for k, v in named.items() if v}, role=role, date=date, trainee=trainee,
            as_json=fmt == "json", commit=commit, dry_run=dry_run,
        ))  # fmt: skip


@app.command(rich_help_panel=RECORD)
def course(
    ctx: typer.Context,
    name: Annotated[
        str, typer.Argument(metavar="COURSE", help="The course: id, name or former name.", show_default=False)
    ],
    certificate: Annotated[
        str | None,
        typer.Option("--certificate", "-c", help="The course certificate (a file in the repo).", show_default=False),
    ] = None,
    date: DateOpt = None,
    note: NoteOpt = None,
    trainee: TraineeOpt = None,
    commit: CommitOpt = False,
    dry_run: DryRunOpt = False,
) -> None:
    """Record a course you completed (the date on the certificate).

    Example: lisplan course nm-2-stralefysikk --certificate certificates/nm2.pdf
    """
    from lisplan.commands import entry_commands as record

    with _session(ctx) as s:
        when = s.date(date, "--date")
        record.entry(s, trainee, dry_run, commit, lambda r: r.log_course(
            name, certificate=certificate, date=when, note=note
        ))  # fmt: skip


@app.command(rich_help_panel=RECORD)
def teaching(
    ctx: typer.Context,
    title: Annotated[str, typer.Argument(help="What the teaching was about.", show_default=False)],
    kind: Annotated[
        TeachingType,
        typer.Option("--type", help="Internal teaching, or the national web teaching.", **_choice(kinds.TEACHING_TYPE)),
    ] = "internal",
    goals: GoalsOpt = None,
    date: DateOpt = None,
    note: NoteOpt = None,
    trainee: TraineeOpt = None,
    commit: CommitOpt = False,
    dry_run: DryRunOpt = False,
) -> None:
    """Record teaching you attended.

    Example: lisplan teaching "Skjelettscintigrafi" --type national-web --goal NUK-116
    """
    from lisplan.commands import entry_commands as record

    with _session(ctx) as s:
        when = s.date(date, "--date")
        record.entry(s, trainee, dry_run, commit, lambda r: r.log_teaching(
            title, kind=kind, goals=goals or [], date=when, note=note
        ))  # fmt: skip


@app.command("self-study", rich_help_panel=RECORD)
def self_study(
    ctx: typer.Context,
    title: Annotated[str, typer.Argument(help="What you studied.", show_default=False)],
    goals: GoalsOpt = None,
    date: DateOpt = None,
    note: NoteOpt = None,
    trainee: TraineeOpt = None,
    commit: CommitOpt = False,
    dry_run: DryRunOpt = False,
) -> None:
    """Record self-study.

    Example: lisplan self-study "e-håndbok: skjelettscintigrafi" --goal NUK-116
    """
    from lisplan.commands import entry_commands as record

    with _session(ctx) as s:
        when = s.date(date, "--date")
        record.entry(s, trainee, dry_run, commit, lambda r: r.log_self_study(
            title, goals=goals or [], date=when, note=note
        ))  # fmt: skip


@app.command(rich_help_panel=RECORD)
def introduction(
    ctx: typer.Context,
    goal: Annotated[str, typer.Argument(help="The learning goal (NUK-116, or set:code).", show_default=False)],
    supervisor: SupervisorOpt = None,
    date: DateOpt = None,
    note: NoteOpt = None,
    trainee: TraineeOpt = None,
    commit: CommitOpt = False,
    dry_run: DryRunOpt = False,
) -> None:
    """Record an introduction (innføring) to a goal's work, given by a supervisor.

    Example: lisplan introduction NUK-116 --supervisor per-overlege
    """
    from lisplan.commands import entry_commands as record

    with _session(ctx) as s:
        when = s.date(date, "--date")
        record.entry(s, trainee, dry_run, commit, lambda r: r.log_introduction(
            goal, supervisor=supervisor, date=when, note=note
        ))  # fmt: skip


@app.command(rich_help_panel=RECORD)
def mdt(
    ctx: typer.Context,
    meeting: Annotated[str, typer.Argument(help="The MDT meeting (e.g. lungekreft).", show_default=False)],
    goal: Annotated[
        str | None, typer.Option("--goal", "-g", help="The learning goal it served.", show_default=False)
    ] = None,
    supervisor: SupervisorOpt = None,
    date: DateOpt = None,
    note: NoteOpt = None,
    trainee: TraineeOpt = None,
    commit: CommitOpt = False,
    dry_run: DryRunOpt = False,
) -> None:
    """Record a multidisciplinary team (MDT) meeting you took part in.

    Example: lisplan mdt lungekreft --goal NUK-138 --supervisor per-overlege
    """
    from lisplan.commands import entry_commands as record

    with _session(ctx) as s:
        when = s.date(date, "--date")
        record.entry(s, trainee, dry_run, commit, lambda r: r.log_mdt(
            meeting, goal=goal, supervisor=supervisor, date=when, note=note
        ))  # fmt: skip


@app.command(rich_help_panel=RECORD)
def supervision(
    ctx: typer.Context,
    kind: Annotated[
        SupervisionKind,
        typer.Argument(
            help="individual (with your mentor) or group.", show_default=False, **_choice(kinds.SUPERVISION_KIND)
        ),
    ],
    by: Annotated[
        str | None,
        typer.Option("--by", help="Who led it (default for individual: your mentor).", show_default=False),
    ] = None,
    topic: Annotated[str | None, typer.Option("--topic", help="The topic.", show_default=False)] = None,
    review: Annotated[
        bool, typer.Option("--review", help="This was the semi-annual review of your training plan.")
    ] = False,
    report: Annotated[
        str | None, typer.Option("--report", help="The meeting's report (a file in the repo).", show_default=False)
    ] = None,
    date: DateOpt = None,
    note: NoteOpt = None,
    trainee: TraineeOpt = None,
    commit: CommitOpt = False,
    dry_run: DryRunOpt = False,
) -> None:
    """Record a guidance meeting (veiledning), individual or in a group.

    Example: lisplan supervision individual --topic "individuell utdanningsplan" --review
    """
    from lisplan.commands import entry_commands as record

    with _session(ctx) as s:
        when = s.date(date, "--date")
        record.entry(s, trainee, dry_run, commit, lambda r: r.log_supervision(
            kind, by=by, topic=topic, review=review, report=report, date=when, note=note
        ))  # fmt: skip


@app.command(rich_help_panel=RECORD)
def signoff(
    ctx: typer.Context,
    goal: Annotated[str, typer.Argument(help="The learning goal (NUK-116, or set:code).", show_default=False)],
    by: Annotated[str, typer.Option("--by", help="The supervisor who signs (id).", show_default=False)],
    activity: Annotated[
        ActivityKind | None,
        typer.Option(
            "--activity",
            help="Sign one learning activity; without it the goal is approved.",
            show_default=False,
            **_choice(kinds.ACTIVITY, ActivityKind),
        ),
    ] = None,
    procedure: Annotated[
        str | None,
        typer.Option(
            "--procedure", help="The procedure list signed (with --activity procedure-list).", show_default=False
        ),
    ] = None,
    date: DateOpt = None,
    note: NoteOpt = None,
    trainee: TraineeOpt = None,
    commit: CommitOpt = False,
    dry_run: DryRunOpt = False,
) -> None:
    """Record a sign-off (kvittering): a goal approved, or one of its activities signed.

    Example: lisplan signoff NUK-116 --activity procedure-list --by per-overlege
    """
    from lisplan.commands import entry_commands as record

    with _session(ctx) as s:
        when = s.date(date, "--date")
        record.entry(s, trainee, dry_run, commit, lambda r: r.log_signoff(
            goal, activity=activity.value if activity else None, procedure=procedure, by=by, date=when, note=note
        ))  # fmt: skip


@app.command(rich_help_panel=RECORD)
def leave(
    ctx: typer.Context,
    start: Annotated[str, typer.Argument(metavar="FROM", help="First day of leave (a date).", show_default=False)],
    end: Annotated[str, typer.Argument(metavar="TO", help="Last day of leave (a date).", show_default=False)],
    percent: Annotated[float, typer.Option("--percent", help="How much of your position is on leave.")] = 100,
    reason: Annotated[str | None, typer.Option("--reason", help="e.g. foreldrepermisjon.", show_default=False)] = None,
    trainee: TraineeOpt = None,
    commit: CommitOpt = False,
    dry_run: DryRunOpt = False,
) -> None:
    """Record leave (permisjon), which moves your service time and schedule; it goes in trainee.yaml.

    Example: lisplan leave 01.01.2027 30.06.2027 --reason foreldrepermisjon
    """
    from lisplan.commands import entry_commands as record

    with _session(ctx) as s:
        first, last = s.date(start, "FROM"), s.date(end, "TO")
        record.entry(s, trainee, dry_run, commit, lambda r: r.record_leave(first, last, percent, reason))


@app.command(rich_help_panel=RECORD)
def migrate(
    ctx: typer.Context,
    to: Annotated[
        str | None,
        typer.Option(
            "--to",
            help="The goal set to migrate to (default: the one in force for the trainee's specialty).",
            show_default=False,
        ),
    ] = None,
    by: Annotated[
        str | None,
        typer.Option(
            "--by",
            help="Who confirms the carried-over approvals (default: the crosswalk's confirmed_by).",
            show_default=False,
        ),
    ] = None,
    date: DateOpt = None,
    trainee: TraineeOpt = None,
    fmt: FormatOpt = "table",
    commit: CommitOpt = False,
    dry_run: DryRunOpt = False,
) -> None:
    """Carry approvals over to the goal set that replaced the trainee's, by its crosswalk (document 002).

    Shows which approvals carry over and why, which new goals need a new assessment, and which old
    approvals map to nothing; without --dry-run it records each carried-over approval as a sign-off naming
    its crosswalk (migration:), by who confirmed it, on --date (the old entries stay).
    Example: lisplan migrate --dry-run
    """
    from lisplan.commands import entry_commands as record

    with _session(ctx) as s:
        record.migrate(s, to, by, date, trainee, as_json=fmt == "json", commit=commit, dry_run=dry_run)


# --- set up --------------------------------------------------------------------------------------


@app.command("init", rich_help_panel=SETUP)
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


def _only_the_command_named(argv: list[str]) -> typer.Typer:
    """``app`` with only the command the line names, when it names one: typer builds (and types) every
    command's options before it runs one, and a command's own page, errors and run are the same without
    its siblings. The whole app for anything else (no command, a typo to suggest for, completion)."""
    import copy
    import os

    if any(k.startswith("_") and k.endswith("_COMPLETE") for k in os.environ):
        return app
    words = iter(argv)
    for word in words:
        if word in ("--repo", "--lang"):
            next(words, None)
        elif not word.startswith(("--repo=", "--lang=")):
            break
    else:
        return app
    if word.startswith("-"):
        return app
    named = [c for c in app.registered_commands if c.callback and (c.name or c.callback.__name__) == word]
    if not named:
        return app  # a sub-app (plan), or no such command: click says so, with its suggestion
    only = copy.copy(app)
    only.registered_commands, only.registered_groups = named, []
    return only


def os_failure(e: OSError) -> NoReturn:
    """What the system refused (a full disk, a closed output), in words on stderr, as the exit code."""
    from lisplan.commands.errors import os_error

    message, hint, code = os_error(e)
    with contextlib.suppress(OSError, ValueError):
        fail(message, hint)
    raise SystemExit(code) from None


def main() -> None:
    """Console entry point: no traceback ever reaches the user."""
    import sys

    try:
        _only_the_command_named(sys.argv[1:])()
    except KeyboardInterrupt:
        raise SystemExit(130) from None
    except OSError as e:
        replay.spoiled()
        os_failure(e)
    except Exception as e:
        replay.spoiled()
        fail(
            _("internal error: {kind}: {error}").format(kind=type(e).__name__, error=e),
            _("this is a bug in lisplan; please report it with the command you ran"),
        )
        raise SystemExit(PROBLEMS) from None
