"""The command line: options in, one library call, results out, an exit code. Nothing else lives here.

Exit codes: 0 all is well, 1 problems found, 2 usage error (bad option, no plan repo, unknown trainee).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from lisplan.core.problems import Problem, to_github, to_gitlab, to_json
from lisplan.core.problems import strict as make_strict
from lisplan.files.repo import RepoNotFound, find_root
from lisplan.present import output


class _Group(TyperGroup):
    """lisplan's commands; a usage error (which click words itself, quoting the value given) never
    echoes an identity number typed by mistake, e.g. ``--role <fødselsnummer>``."""

    def make_context(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        with _masked_usage_errors():
            return super().make_context(*args, **kwargs)

    def invoke(self, ctx):  # type: ignore[no-untyped-def]
        with _masked_usage_errors():
            return super().invoke(ctx)


@contextlib.contextmanager
def _masked_usage_errors() -> Iterator[None]:
    from lisplan.core.identity import mask_identity_numbers

    try:
        yield
    except Exception as e:  # click's usage errors (typer bundles its own click): any with a message
        if isinstance(getattr(e, "message", None), str):
            e.message = mask_identity_numbers(e.message)  # type: ignore[attr-defined]
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

OK, PROBLEMS, USAGE = 0, 1, 2


class CheckFormat(str, Enum):
    text = "text"
    json = "json"
    github = "github"
    gitlab = "gitlab"


@dataclass
class State:
    repo: Path | None


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
        output.fail(
            str(e),
            "run lisplan in a plan repo or pass --repo PATH; start a new one with lisplan init DIR --trainee ID --name NAME --plan PLAN --start DATE",
        )
        raise typer.Exit(USAGE) from None


@app.command(rich_help_panel="Check and report")
def check(
    ctx: typer.Context,
    paths: Annotated[
        list[Path] | None, typer.Argument(help="Report only problems in these files.", show_default=False)
    ] = None,
    strict: Annotated[bool, typer.Option("--strict", help="Treat warnings as errors.")] = False,
    fmt: Annotated[
        CheckFormat,
        typer.Option("--format", "-f", help="text, json, github (annotations) or gitlab (code-quality report)."),
    ] = CheckFormat.text,
    verify_signoffs: Annotated[
        bool,
        typer.Option(
            "--verify-signoffs",
            help="Also check in git history that each sign-off was committed by the supervisor it names.",
        ),
    ] = False,
) -> None:
    """Validate the plan repo: schema, references, duplicates, dates, identity numbers, plan contents.

    Prints nothing but a summary when all is well; exits 1 when there are errors
    (or warnings, with --strict).
    """
    from lisplan.core.problems import from_record

    root = _root(ctx)
    files = _existing_files(paths or [], root)
    loaded = None

    def computed() -> dict:
        nonlocal loaded
        from lisplan.commands.session import load_checked as load

        loaded = load(root, today=today())
        found = loaded.problems + (_verified_signoffs(loaded) if verify_signoffs else [])
        return {"problems": [p.record() for p in found], "files": len(loaded.documents)}

    # git history is an input too: only a check that does not read it is remembered
    result = computed() if verify_signoffs else _remembered(ctx, ("check",), computed, everyone=True)
    problems = _only_in([from_record(r) for r in result["problems"]], files)
    if strict:
        problems = make_strict(problems)
    if fmt is CheckFormat.json:
        output.plain(to_json(problems, root))
    elif fmt is CheckFormat.github:
        if problems:
            output.plain(to_github(problems, root))
    elif fmt is CheckFormat.gitlab:
        output.plain(to_gitlab(problems, root))
    else:
        from lisplan.files.source import line_from_disk

        line_of = loaded.line_of if loaded is not None else line_from_disk
        output.print_problems(problems, root, line_of, files_checked=result["files"])
    raise typer.Exit(PROBLEMS if any(p.is_error for p in problems) else OK)


def _verified_signoffs(loaded) -> list[Problem]:  # type: ignore[no-untyped-def]
    """Sign-offs git history does not show the named supervisor committed (git is only run here)."""
    from lisplan.checks.signoff_verify import verify_signoffs
    from lisplan.compute.migration import carried_over

    found = verify_signoffs(loaded.workspace, loaded.documents, lambda tf, e: carried_over(loaded.workspace, tf, e))
    loaded.cache.keep_learnt(loaded.documents.values())  # where each sign-off's lines are, for next time
    return loaded.locate(found)


class Format(str, Enum):
    table = "table"
    json = "json"


TraineeOpt = Annotated[
    str | None,
    typer.Option("--trainee", "-t", help="Trainee id (optional when the repo has one).", show_default=False),
]
AsOfOpt = Annotated[
    str | None,
    typer.Option("--as-of", help="Compute as of this date (YYYY-MM-DD; default today).", show_default=False),
]
FormatOpt = Annotated[Format, typer.Option("--format", "-f", help="table or json.")]


def _date(value: str | None, option: str) -> dt.date:
    if value is None:
        return today()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        output.fail(f"{option} {value!r} is not a date", "write it as YYYY-MM-DD, e.g. 2026-02-01")
        raise typer.Exit(USAGE) from None


def _loaded_trainee(ctx: typer.Context, trainee: str | None, *, logs: bool = True, refusal: str):  # type: ignore[no-untyped-def]
    """The repo loaded and a trainee picked; errors that make the trainee's data untrustworthy stop here."""
    from lisplan.commands.session import load_checked as load
    from lisplan.compute.selection import choose_trainee, pick_trainee, problems_blocking
    from lisplan.files.repo import trainee_ids

    root = _root(ctx)
    ids = trainee_ids(root)
    picked = choose_trainee(ids, trainee)
    only = picked if picked in ids else None  # read no other trainee's files
    loaded = load(root, logs=logs, checks=logs, trainee=only, today=today())
    chosen = pick_trainee(loaded.workspace, picked if only else trainee)
    if isinstance(chosen, str):
        errors = [p for p in loaded.problems if p.is_error]
        if errors:  # a trainee.yaml that does not load is the likely reason
            output.print_problems(errors, root, loaded.line_of)
        output.fail(chosen, "pass --trainee ID (see data/logs/)")
        raise typer.Exit(USAGE)
    blocking = problems_blocking(loaded.problems, chosen)
    if blocking:
        output.print_problems(blocking, root, loaded.line_of)
        output.fail(refusal, "fix the errors above (lisplan check shows them all), then run this again")
        raise typer.Exit(PROBLEMS)
    return root, loaded, chosen


def _remembered(
    ctx: typer.Context, what: tuple, compute: Callable[[], Any], *, trainee: str | None = None, everyone: bool = False
) -> Any:
    """``compute()``, or its result from an earlier run when none of its input files has changed.

    The inputs are the files a load for one trainee reads (or the whole repo's, with ``everyone``);
    the key also covers lisplan's code, ``what`` (the command and its options) and today (memo.py).
    Whatever ``compute`` refuses (it raises) is not remembered.
    """
    from lisplan.compute.selection import choose_trainee
    from lisplan.files.memo import Memo
    from lisplan.files.repo import load_specs, trainee_ids

    root = _root(ctx)
    if everyone:
        specs = load_specs(root)
    else:
        ids = trainee_ids(root)
        picked = choose_trainee(ids, trainee)
        if picked not in ids:
            return compute()  # no such trainee, or none chosen: compute() says so
        specs = load_specs(root, trainee=picked)
    memo = Memo.for_repo(root)
    key = memo.key(specs, *what, today())
    found = memo.get(key)
    if found is None:
        found = compute()
        memo.put(key, found)
    return found


def _trainee_workspace(ctx: typer.Context, trainee: str | None):  # type: ignore[no-untyped-def]
    """Load the repo and pick a trainee; refuse to compute on data that does not pass check."""
    _root_path, loaded, chosen = _loaded_trainee(
        ctx, trainee, refusal="the data has errors, so lisplan will not compute on it"
    )
    return loaded.workspace, chosen


@app.command(rich_help_panel="Check and report")
def status(
    ctx: typer.Context,
    trainee: TraineeOpt = None,
    as_of: AsOfOpt = None,
    part: Annotated[
        str | None, typer.Option("--part", help="Only this part (id, name or section).", show_default=False)
    ] = None,
    area: Annotated[str | None, typer.Option("--area", help="Only this area (name).", show_default=False)] = None,
    fmt: FormatOpt = Format.table,
) -> None:
    """Where the trainee stands: goals by part and area, what needs attention, and the summary."""
    when = _date(as_of, "--as-of")

    def computed() -> dict:
        from lisplan.compute.progress import compute
        from lisplan.compute.selection import filter_goals
        from lisplan.present import views

        ws, tf = _trainee_workspace(ctx, trainee)
        progress = compute(ws, tf, when)
        if part or area:
            progress = filter_goals(progress, part, area)
            if not progress.goals:
                output.fail(
                    f"no goals match --part {part!r} --area {area!r}" if area else f"no goals match --part {part!r}",
                    "see the part and area names in lisplan status without a filter",
                )
                raise typer.Exit(USAGE)
        return views.status(progress)

    view = _remembered(ctx, ("status", when, part, area), computed, trainee=trainee)
    _show(view, fmt, output.print_status)


@app.command(rich_help_panel="Check and report")
def remaining(
    ctx: typer.Context, trainee: TraineeOpt = None, as_of: AsOfOpt = None, fmt: FormatOpt = Format.table
) -> None:
    """Everything left, grouped by where it can be done; courses, procedures and supervision due."""
    from lisplan.compute.progress import compute
    from lisplan.compute.remaining import compute_remaining
    from lisplan.present import views

    when = _date(as_of, "--as-of")
    ws, tf = _trainee_workspace(ctx, trainee)
    view = views.remaining(compute_remaining(ws, compute(ws, tf, when)))
    _show(view, fmt, output.print_remaining)


class ScheduleFormat(str, Enum):
    table = "table"
    json = "json"
    ics = "ics"


def _leave_period(value: str) -> tuple[dt.date, dt.date]:
    first, sep, last = value.partition(":")
    try:
        a, b = dt.date.fromisoformat(first), dt.date.fromisoformat(last)
    except ValueError:
        output.fail(f"--leave {value!r} is not FROM:TO", "write it as 2027-01-01:2027-06-30")
        raise typer.Exit(USAGE) from None
    if not sep or b < a:
        output.fail(f"--leave {value!r}: the leave ends before it starts", "write the first day, then the last")
        raise typer.Exit(USAGE)
    return a, b


@app.command(rich_help_panel="Check and report")
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
        list[str] | None, typer.Option("--leave", help="What if: leave FROM:TO (repeatable).", show_default=False)
    ] = None,
    start: Annotated[
        str | None, typer.Option("--start", help="What if: another start date.", show_default=False)
    ] = None,
    fmt: Annotated[
        ScheduleFormat, typer.Option("--format", "-f", help="table, json, or ics (a calendar file).")
    ] = ScheduleFormat.table,
    out: Annotated[
        Path | None,
        typer.Option("--out", "-o", help="Write to this file instead of the terminal.", show_default=False),
    ] = None,
) -> None:
    """The rotation plan on the calendar: phases, when goals can be approved, throughput, and the finish.

    The what-if options change nothing on disk. Example: lisplan schedule --part-time 80 --leave 2027-01-01:2027-06-30
    """
    from lisplan.compute.progress import compute
    from lisplan.compute.schedule import compute_schedule, with_what_if
    from lisplan.present import views

    when = _date(as_of, "--as-of")
    periods = [_leave_period(v) for v in leave or []]
    new_start = _date(start, "--start") if start else None
    ws, tf = _trainee_workspace(ctx, trainee)
    profile, notes = with_what_if(tf.profile, when, part_time=part_time, leave=periods, start=new_start)
    progress = compute(ws, tf, when)
    result = compute_schedule(ws, progress, profile, notes)
    if fmt is ScheduleFormat.ics:
        from lisplan.present.ics import to_ics

        _emit(to_ics(result), out, ctx)
    elif fmt is ScheduleFormat.json:
        _emit(json.dumps(views.schedule(result), ensure_ascii=False, indent=2).encode() + b"\n", out, ctx)
    elif out is not None:
        output.fail("--out writes json or ics", "add --format json or --format ics")
        raise typer.Exit(USAGE)
    else:
        output.print_schedule(views.schedule(result))


def _show(view: Any, fmt: Format, table: Callable[[Any], None]) -> None:
    """A command's view as JSON (``--format json``, the stable contract) or as ``table`` prints it."""
    if fmt is Format.json:
        output.plain(json.dumps(view, ensure_ascii=False, indent=2))
    else:
        table(view)


def _emit(data: bytes, out: Path | None, ctx: typer.Context, label: str = "--out ") -> None:
    """Write ``data`` to ``out`` atomically (or to stdout); a bad path, or a file lisplan reads, is a usage error."""
    if out is None:
        import sys

        sys.stdout.buffer.write(data)
        return
    from lisplan.files.atomic import atomic_write
    from lisplan.files.repo import read_by_lisplan

    refused = read_by_lisplan(_root(ctx), out)
    if refused:
        output.fail(
            f"{label}{out}: {refused}, so lisplan will not write over it",
            "write the output somewhere else (e.g. a file outside data/ with a name of its own)",
        )
        raise typer.Exit(USAGE)
    if not out.parent.is_dir():
        output.fail(f"{label}{out}: the folder {out.parent} does not exist", "create it, or write somewhere else")
        raise typer.Exit(USAGE)
    try:
        atomic_write(out, data)
    except OSError as e:
        output.fail(f"{label}{out}: cannot write ({e.strerror})", "check the folder's permissions")
        raise typer.Exit(USAGE) from None


class Lang(str, Enum):
    nb = "nb"
    en = "en"


@app.command(rich_help_panel="Check and report")
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
            help="Show what changed since this date (default: the last review meeting in the log).",
            show_default=False,
        ),
    ] = None,
    lang: Annotated[Lang, typer.Option("--lang", help="nb (bokmål) or en.")] = Lang.nb,
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
    from lisplan.present.render import TemplateError, output_format
    from lisplan.present.render import render as render_document

    fmt = output_format(file)
    if fmt is None:
        output.fail(f"{file}: lisplan writes .md or .html", "name the file plan.md or plan.html")
        raise typer.Exit(USAGE)
    if template is not None and not template.is_file():
        output.fail(f"--template {template}: no such file", "give the path of a Jinja2 template")
        raise typer.Exit(USAGE)
    when = _date(as_of, "--as-of")
    if file.stem.lower() == "cohort":
        document, data = "cohort", _cohort(ctx, when)
    else:
        from lisplan.present.review import computed, review

        ws, tf = _trainee_workspace(ctx, trainee)
        document, data = "review", review(*computed(ws, tf, when), _date(since, "--since") if since else None)
    try:
        text = render_document(document, fmt, data, lang=lang.value, repo=_root(ctx), template=template)
    except TemplateError as e:
        where = e.file + (f":{e.line}" if e.line else "")
        output.fail(f"{where}: {e.message}" if where else e.message, e.hint)
        raise typer.Exit(PROBLEMS) from None
    _emit(text.encode("utf-8"), file, ctx, label="")
    output.plain(f"Wrote {file}")


def _cohort(ctx: typer.Context, when: dt.date) -> dict:
    """Every trainee whose files pass check, ranked; the others are named on stderr."""

    def computed() -> dict:
        from lisplan.commands.session import load_checked as load
        from lisplan.present.review import cohort

        loaded = load(_root(ctx), today=today())
        data, left_out = cohort(loaded.workspace, loaded.problems, when)
        return {"data": data, "left_out": left_out}

    found = _remembered(ctx, ("cohort", when), computed, everyone=True)
    for tid in found["left_out"]:
        output.warn(f"{tid} left out: their files have errors (lisplan check shows them)")
    return found["data"]


@app.command(rich_help_panel="Check and report")
def cohort(ctx: typer.Context, as_of: AsOfOpt = None, fmt: FormatOpt = Format.table) -> None:
    """Every trainee in one table for the education lead: furthest behind their schedule first.

    Example: lisplan cohort --format json
    """
    data = _cohort(ctx, _date(as_of, "--as-of"))
    _show(data, fmt, output.print_cohort)


class ExportFormat(str, Enum):
    csv = "csv"
    json = "json"
    xlsx = "xlsx"


ExportKind = Enum(
    "ExportKind",
    {
        k.replace("-", "_"): k
        for k in ("entries", "procedures", "courses", "supervision", "signoffs", "goals", "procedure-lists")
    },
    type=str,
)


@app.command(rich_help_panel="Check and report")
def export(
    ctx: typer.Context,
    fmt: Annotated[ExportFormat, typer.Option("--format", "-f", help="csv, json or xlsx.")] = ExportFormat.csv,
    kinds: Annotated[
        list[ExportKind] | None,
        typer.Option(
            "--kind", "-k", help="A table (repeatable); default: every table (csv: entries).", show_default=False
        ),
    ] = None,  # type: ignore[valid-type]
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
    from lisplan.compute.progress import compute
    from lisplan.present.export import KINDS, MissingLibrary, tables, to_csv, to_json, to_xlsx

    wanted = [k.value for k in kinds] if kinds else (["entries"] if fmt is ExportFormat.csv else KINDS)
    if fmt is ExportFormat.csv and len(wanted) > 1:
        output.fail("a CSV file holds one table", "pass one --kind, or use --format xlsx or json for several")
        raise typer.Exit(USAGE)
    if fmt is ExportFormat.xlsx and out is None:
        output.fail("xlsx is a binary file, not for the terminal", "add --out FILE.xlsx")
        raise typer.Exit(USAGE)
    when = _date(as_of, "--as-of")
    ws, tf = _trainee_workspace(ctx, trainee)
    found = tables(ws, tf, compute(ws, tf, when), wanted)
    if fmt is ExportFormat.csv:
        data = to_csv(found[0])
    elif fmt is ExportFormat.json:
        data = to_json({"trainee": tf.id, "as_of": when.isoformat()}, found)
    else:
        try:
            data = to_xlsx(found)
        except MissingLibrary:
            output.fail("--format xlsx needs the XlsxWriter library", "install it: pip install 'lisplan[xlsx]'")
            raise typer.Exit(USAGE) from None
    _emit(data, out, ctx)
    if out is not None:
        rows = ", ".join(f"{t.name} ({len(t.rows)} row{'' if len(t.rows) == 1 else 's'})" for t in found)
        output.plain(f"Wrote {rows} to {out}")


@app.command("portal", rich_help_panel="Check and report")
def portal_command(
    ctx: typer.Context,
    refs: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="REF",
            help="With --mark/--signed: entries as listed (2026:14), goal codes, or all.",
            show_default=False,
        ),
    ] = None,
    mark: Annotated[bool, typer.Option("--mark", help="Record that these were entered in the portal.")] = False,
    signed: Annotated[
        bool, typer.Option("--signed", help="Record that a supervisor signed these in the portal.")
    ] = False,
    date: DateOpt = None,
    trainee: TraineeOpt = None,
    fmt: FormatOpt = Format.table,
    commit: CommitOpt = False,
    dry_run: DryRunOpt = False,
) -> None:
    """What of the log is still to be entered in Kompetanseportalen, by goal in the portal's order; --mark records it was.

    Example: lisplan portal --mark NUK-068 2026:14
    """
    from lisplan.compute.portal import outstanding
    from lisplan.present import views

    when = _date(date, "--date")
    if refs and not (mark or signed):
        output.fail(
            "REF… is for --mark or --signed", "lisplan portal alone lists what is left; add --mark to record entries"
        )
        raise typer.Exit(USAGE)
    if (mark or signed) and not refs:
        output.fail(
            "--mark and --signed need what to mark", "e.g. lisplan portal --mark 2026:14, --mark NUK-068, or --mark all"
        )
        raise typer.Exit(USAGE)
    if when > today():
        output.fail(f"--date {when} is in the future", "give the day it was entered in the portal")
        raise typer.Exit(USAGE)
    root, loaded, tf = _loaded_trainee(ctx, trainee, refusal="the data has errors, so lisplan will not compute on it")
    if refs:
        _mark_in_portal(root, loaded, tf, refs, when, signed, commit=commit, dry_run=dry_run)
        return
    view = views.portal(outstanding(loaded.workspace, tf), tf.id, today(), root)
    _show(view, fmt, output.print_portal)


def _mark_in_portal(
    root: Path, loaded, tf, refs: list[str], when: dt.date, signed: bool, *, commit: bool, dry_run: bool
) -> None:  # type: ignore[no-untyped-def]
    from lisplan.commands.portal import mark, select
    from lisplan.commands.recording import Refused

    state = "signed by a supervisor" if signed else "entered"
    try:
        chosen, already = select(loaded.workspace, tf, refs, signed)
        for item in already:
            output.plain(f"Already {state} in the portal: {item.ref} {item.what()}")
        if not chosen:
            return
        files = [] if dry_run else mark(chosen, when, signed, loaded.documents)  # all files or none
        output.plain(f"{'Would mark' if dry_run else 'Marked'} as {state} in Kompetanseportalen on {when}:")
        for item in chosen:
            output.plain(f"  {item.ref} {item.what()}")
        if dry_run:
            return
    except Refused as e:
        _refused(e, root, loaded)
    if commit:
        count = f"{len(chosen)} entr{'y' if len(chosen) == 1 else 'ies'}"
        _commit(root, files, f"lisplan: {count} {state} in Kompetanseportalen ({when})")


def _commit(root: Path, files: list[Path], message: str, written: str = "the change is written") -> None:
    from lisplan.files.gitops import GitError
    from lisplan.files.gitops import commit as git_commit

    try:
        short = git_commit(root, files, message)
    except GitError as e:
        output.fail(f"{written}, but not committed: {e}", "commit it yourself, or fix git and run git commit")
        raise typer.Exit(PROBLEMS) from None
    output.plain(f"Committed {short}: {message}")


# --- recording work ------------------------------------------------------------------------------

RECORD = "Record work"
DateOpt = Annotated[
    str | None, typer.Option("--date", "-d", help="When (YYYY-MM-DD; default today).", show_default=False)
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


class Role(str, Enum):
    described = "described"
    signed = "signed"
    re_review = "re-review"
    double_review = "double-review"


class TeachingType(str, Enum):
    internal = "internal"
    national_web = "national-web"


class SupervisionKind(str, Enum):
    individual = "individual"
    group = "group"


class SignoffActivity(str, Enum):
    teaching = "teaching"
    introduction = "introduction"
    course = "course"
    self_study = "self-study"
    procedure_list = "procedure-list"
    mdt = "mdt"


def _recorder(ctx: typer.Context, trainee: str | None, dry_run: bool = False):  # type: ignore[no-untyped-def]
    """The repo loaded without its logs, and a Recorder for the chosen trainee."""
    from lisplan.commands.recording import Recorder, Refused

    root, loaded, chosen = _loaded_trainee(
        ctx, trainee, logs=False, refusal="the plan repo has errors, so lisplan will not add to it"
    )
    try:
        return root, loaded, Recorder(loaded.workspace, chosen, today(), loaded.cache, dry_run=dry_run)
    except Refused as e:
        _refused(e, root, loaded)


def _refused(e, root: Path, loaded) -> None:  # type: ignore[no-untyped-def]
    if e.problems:
        output.print_problems(e.problems, root, loaded.line_of)
    output.fail(e.message, e.hint)
    raise typer.Exit(PROBLEMS if e.problems else USAGE) from None


def _record(ctx: typer.Context, trainee: str | None, dry_run: bool, commit: bool, what) -> None:  # type: ignore[no-untyped-def]
    """Run ``what(recorder)`` to add one entry, report it, and commit it if asked."""
    from lisplan.commands.recording import Refused
    from lisplan.core.problems import relative
    from lisplan.models.log import describe

    root, loaded, recorder = _recorder(ctx, trainee, dry_run)
    try:
        recorded = what(recorder)
    except Refused as e:
        _refused(e, root, loaded)
    where = relative(recorded.path, root)
    summary = describe(recorded.entry)
    for warning in recorded.warnings:
        output.warn(warning)
    if recorded.count is not None:
        proc, count = recorded.count
        counted = recorded.entry.get("role", "described") in proc.count_roles
        note = "" if counted else f" (a {recorded.entry.get('role')} does not count towards the minimum)"
        output.plain(f"{proc.id}: {count} / {proc.minimum}{note}")
    if dry_run:
        from lisplan.files.writer import entry_text

        output.plain(f"Would add to {where}{' (a new file)' if recorded.created else ''}:")
        output.plain(entry_text(recorded.entry).rstrip("\n"))
        return
    output.plain(f"Added {summary} to {where}" + (" (a new file)" if recorded.created else ""))
    if commit:
        _commit(root, [recorded.path], f"lisplan: {summary}", "the entry is written")


@app.command("log", rich_help_panel=RECORD)
def log_procedure(
    ctx: typer.Context,
    procedure: Annotated[
        str, typer.Argument(help="The procedure list: id, Norwegian or English name, or alias.", show_default=False)
    ],
    accession: Annotated[
        str | None, typer.Option("--accession", "-a", help="The examination's accession number.", show_default=False)
    ] = None,
    stay: Annotated[
        str | None,
        typer.Option(
            "--stay", help="The stay number (oppholdsnummer), where there is no accession number.", show_default=False
        ),
    ] = None,
    role: Annotated[Role, typer.Option("--role", "-r", help="Your part in it.")] = Role.described,
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
    """Record an examination you described, signed or re-reviewed, and see your count against the minimum.

    Example: lisplan log skeleton-scintigraphy --accession 81234567
    """
    when = _date(date, "--date")
    _record(
        ctx,
        trainee,
        dry_run,
        commit,
        lambda r: r.log_procedure(
            procedure,
            accession=accession,
            stay=stay,
            role=role.value,
            supervisor=supervisor,
            date=when,
            note=note,
            allow_duplicate=allow_duplicate,
        ),
    )


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
    when = _date(date, "--date")
    _record(ctx, trainee, dry_run, commit, lambda r: r.log_course(name, certificate=certificate, date=when, note=note))


@app.command(rich_help_panel=RECORD)
def teaching(
    ctx: typer.Context,
    title: Annotated[str, typer.Argument(help="What the teaching was about.", show_default=False)],
    kind: Annotated[
        TeachingType, typer.Option("--type", help="Internal teaching, or the national web teaching.")
    ] = TeachingType.internal,
    goals: GoalsOpt = None,
    date: DateOpt = None,
    note: NoteOpt = None,
    trainee: TraineeOpt = None,
    commit: CommitOpt = False,
    dry_run: DryRunOpt = False,
) -> None:
    """Record teaching you attended.

    Example: lisplan teaching "Skjelettscintigrafi" --type national-web --goal NUK-068
    """
    when = _date(date, "--date")
    _record(
        ctx,
        trainee,
        dry_run,
        commit,
        lambda r: r.log_teaching(title, kind=kind.value, goals=goals or [], date=when, note=note),
    )


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

    Example: lisplan self-study "e-håndbok: skjelettscintigrafi" --goal NUK-068
    """
    when = _date(date, "--date")
    _record(ctx, trainee, dry_run, commit, lambda r: r.log_self_study(title, goals=goals or [], date=when, note=note))


@app.command(rich_help_panel=RECORD)
def introduction(
    ctx: typer.Context,
    goal: Annotated[str, typer.Argument(help="The learning goal (NUK-068, or set:code).", show_default=False)],
    supervisor: SupervisorOpt = None,
    date: DateOpt = None,
    note: NoteOpt = None,
    trainee: TraineeOpt = None,
    commit: CommitOpt = False,
    dry_run: DryRunOpt = False,
) -> None:
    """Record an introduction (innføring) to a goal's work, given by a supervisor.

    Example: lisplan introduction NUK-068 --supervisor per-overlege
    """
    when = _date(date, "--date")
    _record(
        ctx, trainee, dry_run, commit, lambda r: r.log_introduction(goal, supervisor=supervisor, date=when, note=note)
    )


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

    Example: lisplan mdt lungekreft --goal NUK-085 --supervisor per-overlege
    """
    when = _date(date, "--date")
    _record(
        ctx,
        trainee,
        dry_run,
        commit,
        lambda r: r.log_mdt(meeting, goal=goal, supervisor=supervisor, date=when, note=note),
    )


@app.command(rich_help_panel=RECORD)
def supervision(
    ctx: typer.Context,
    kind: Annotated[
        SupervisionKind, typer.Argument(help="individual (with your mentor) or group.", show_default=False)
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
    when = _date(date, "--date")
    _record(
        ctx,
        trainee,
        dry_run,
        commit,
        lambda r: r.log_supervision(kind.value, by=by, topic=topic, review=review, report=report, date=when, note=note),
    )


@app.command(rich_help_panel=RECORD)
def signoff(
    ctx: typer.Context,
    goal: Annotated[str, typer.Argument(help="The learning goal (NUK-068, or set:code).", show_default=False)],
    by: Annotated[str, typer.Option("--by", help="The supervisor who signs (id).", show_default=False)],
    activity: Annotated[
        SignoffActivity | None,
        typer.Option(
            "--activity", help="Sign one learning activity; without it the goal is approved.", show_default=False
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

    Example: lisplan signoff NUK-068 --activity procedure-list --by per-overlege
    """
    when = _date(date, "--date")
    _record(
        ctx,
        trainee,
        dry_run,
        commit,
        lambda r: r.log_signoff(
            goal, activity=activity.value if activity else None, procedure=procedure, by=by, date=when, note=note
        ),
    )


@app.command(rich_help_panel=RECORD)
def leave(
    ctx: typer.Context,
    start: Annotated[str, typer.Argument(metavar="FROM", help="First day of leave (YYYY-MM-DD).", show_default=False)],
    end: Annotated[str, typer.Argument(metavar="TO", help="Last day of leave (YYYY-MM-DD).", show_default=False)],
    percent: Annotated[float, typer.Option("--percent", help="How much of your position is on leave.")] = 100,
    reason: Annotated[str | None, typer.Option("--reason", help="e.g. foreldrepermisjon.", show_default=False)] = None,
    trainee: TraineeOpt = None,
    commit: CommitOpt = False,
    dry_run: DryRunOpt = False,
) -> None:
    """Record leave (permisjon), which moves your service time and schedule; it goes in trainee.yaml.

    Example: lisplan leave 2027-01-01 2027-06-30 --reason foreldrepermisjon
    """
    first, last = _date(start, "FROM"), _date(end, "TO")
    _record(ctx, trainee, dry_run, commit, lambda r: r.record_leave(first, last, percent, reason))


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
            help="Who signs the carried-over approvals (default: whoever signed the old ones).",
            show_default=False,
        ),
    ] = None,
    date: DateOpt = None,
    trainee: TraineeOpt = None,
    fmt: FormatOpt = Format.table,
    commit: CommitOpt = False,
    dry_run: DryRunOpt = False,
) -> None:
    """Carry approvals over to the goal set that replaced the trainee's, by its crosswalk (document 002).

    Shows which approvals carry over and why, which new goals need a new assessment, and which old
    approvals map to nothing; without --dry-run it records the carried-over approvals as new sign-offs
    (the old entries stay). Example: lisplan migrate --dry-run
    """
    from lisplan.commands.recording import Recorder, Refused
    from lisplan.compute.migration import MigrationError, default_target, migrations_to, unconfirmed
    from lisplan.compute.progress import compute

    when = _date(date, "--date")
    root, loaded, tf = _loaded_trainee(ctx, trainee, refusal="the plan repo has errors, so lisplan will not migrate")
    ws = loaded.workspace
    approvals = compute(ws, tf, when).approvals
    target = to or default_target(ws, tf, approvals, when)
    if target is None:
        output.plain(f"Nothing to migrate: no goal set in force on {when} replaces one that {tf.id} is under.")
        return
    try:
        found = migrations_to(ws, tf, approvals, target, when)
    except MigrationError as e:
        if e.problems:
            output.print_problems(loaded.locate(e.problems), root, loaded.line_of)
        output.fail(e.message, e.hint)
        raise typer.Exit(USAGE) from None
    refusals = [unconfirmed(m.crosswalk) for m in found if m.crosswalk and not m.crosswalk.confirmed and m.pending]
    if refusals and not dry_run:
        output.print_problems(loaded.locate(refusals), root, loaded.line_of)
        output.fail(
            "nothing written: an approval carries over only by a crosswalk the education lead has confirmed",
            "lisplan migrate --dry-run shows what would be recorded",
        )
        raise typer.Exit(PROBLEMS)
    try:
        recorded = Recorder(ws, tf, today(), loaded.cache, dry_run=dry_run).record_migration(found, by=by, date=when)
    except Refused as e:
        _refused(e, root, loaded)
    _migrated(root, found, recorded, fmt, dry_run, commit)


def _migrated(root: Path, found: list, recorded: list, fmt: Format, dry_run: bool, commit: bool) -> None:  # type: ignore[type-arg]
    """Show a migration and what it wrote (or would write); commit the files if asked."""
    from lisplan.core.problems import relative
    from lisplan.files.writer import as_data, entry_text
    from lisplan.models.log import describe
    from lisplan.present import views

    if fmt is Format.json:
        written = [{"file": relative(r.path, root), "entry": as_data(r.entry)} for r in recorded]
        output.plain(
            json.dumps(
                {"dry_run": dry_run, "migrations": [views.migration(m) for m in found], "written": written},
                ensure_ascii=False,
                indent=2,
            )
        )
    else:
        for m in found:
            output.print_migration(views.migration(m))
        if not recorded:
            output.plain(
                "Nothing to record: "
                + (
                    "every approval that carries over is recorded already."
                    if any(m.carry for m in found)
                    else "no approval carries over."
                )
            )
        for r in recorded:
            where = relative(r.path, root)
            if dry_run:
                output.plain(f"Would add to {where}:\n" + entry_text(r.entry).rstrip("\n"))
            else:
                output.plain(f"Added {describe(r.entry)} to {where}")
    if commit and recorded and not dry_run:
        from lisplan.files.gitops import GitError
        from lisplan.files.gitops import commit as git_commit

        message = f"lisplan: migrate {', '.join(f'{m.old.id} → {m.new.id}' for m in found)} ({len(recorded)} approvals carried over)"
        try:
            output.plain(
                f"Committed {git_commit(root, list(dict.fromkeys(r.path for r in recorded)), message)}: {message}"
            )
        except GitError as e:
            output.fail(f"the entries are written, but not committed: {e}", "commit them yourself")
            raise typer.Exit(PROBLEMS) from None


@app.command("find-accession", rich_help_panel="Check and report")
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
    wanted = list(numbers or [])
    if from_file is not None:
        try:
            wanted += [line.strip() for line in from_file.read_text(encoding="utf-8").splitlines() if line.strip()]
        except (OSError, UnicodeDecodeError) as e:
            output.fail(f"cannot read {from_file}: {e}", "give a UTF-8 text file with one number per line")
            raise typer.Exit(USAGE) from None
    if not wanted:
        output.fail("no numbers given", "pass numbers, or --from-file FILE")
        raise typer.Exit(USAGE)
    from lisplan.commands.recording import Refused
    from lisplan.core.problems import relative

    root, loaded, recorder = _recorder(ctx, trainee)
    try:
        found = recorder.find(wanted)
    except Refused as e:
        _refused(e, root, loaded)
    for number, hits in found:
        if not hits:
            output.plain(f"{number}: not logged")
        for path, entry in hits:
            output.plain(
                f"{number}: {entry.get('procedure')}, {entry.get('date')}, {entry.get('role', 'described')} "
                f"({relative(path, root)})"
            )
    raise typer.Exit(PROBLEMS if any(not hits for _n, hits in found) else OK)


@app.command("init", rich_help_panel="Set up")
def init_command(
    ctx: typer.Context,
    folder: Annotated[
        Path | None,
        typer.Argument(
            metavar="DIR",
            help="The new plan repo's folder, or an existing plan repo to add the trainee to (default: --repo, else here).",
            show_default=False,
        ),
    ] = None,
    trainee: Annotated[
        str,
        typer.Option(
            "--trainee",
            "-t",
            help="The trainee's id: lower-case letters, digits and '-' (names data/logs/<id>/).",
            show_default=False,
        ),
    ] = ...,  # type: ignore[assignment]
    name: Annotated[str, typer.Option("--name", help="The trainee's name.", show_default=False)] = ...,  # type: ignore[assignment]
    plan: Annotated[
        str, typer.Option("--plan", help="The institution plan's id (e.g. ous-nuk).", show_default=False)
    ] = ...,  # type: ignore[assignment]
    start: Annotated[
        str, typer.Option("--start", help="The first day of specialist training (YYYY-MM-DD).", show_default=False)
    ] = ...,  # type: ignore[assignment]
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
            help="The pip requirement CI installs lisplan from (default: where this lisplan came from, if that can be told).",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Start a plan repo: the trainee's files, lisplan.yaml, a README, CI for GitHub and GitLab, pre-commit.

    In an existing plan repo it adds the trainee's files only. Nothing that exists is replaced.
    Example: lisplan init ola-plan --trainee ola-nordmann --name "Ola Nordmann" --plan ous-nuk --start 2026-09-01
    """
    from lisplan.commands.scaffold import InitRefused, NewTrainee, init, installed_source
    from lisplan.present.schema import SCHEMA_DIR

    first = _date(start, "--start")
    wanted = NewTrainee(trainee, name, plan, first, employment, list(goal_sets or []))
    try:
        done = init(
            folder or (ctx.obj.repo if ctx.obj else None) or Path("."),
            wanted,
            today=today(),
            source=source if source is not None else installed_source(),
        )
    except InitRefused as e:
        output.fail(e.message, e.hint)
        raise typer.Exit(USAGE) from None
    output.print_initialised(done, trainee, SCHEMA_DIR)


@app.command("schema", rich_help_panel="Set up")
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
    from lisplan.present.schema import SCHEMA_DIR, SchemaError, write_schemas

    folder = out if out is not None else _root(ctx) / SCHEMA_DIR
    try:
        written = write_schemas(folder)
    except SchemaError as e:
        output.fail(e.message, e.hint)
        raise typer.Exit(USAGE) from None
    output.plain(f"Wrote {len(written)} schemas to {folder}: {', '.join(p.name for p in written)}")


def _existing_files(paths: list[Path], root: Path) -> list[Path]:
    """Each PATH as given (relative to here), else relative to the repo; a missing one is a usage error."""
    found = []
    for path in paths:
        candidate = path if path.exists() else root / path
        if not candidate.is_file():
            output.fail(
                f"no file {str(path)!r} (looked in {Path.cwd()} and in the repo {root})",
                "pass paths of files in the plan repo, e.g. data/logs/<trainee>/2026.yaml",
            )
            raise typer.Exit(USAGE)
        found.append(candidate)
    return found


def _only_in(problems: list[Problem], paths: list[Path] | None) -> list[Problem]:
    """The problems in ``paths``, and those about no file (the run itself, such as git being absent)."""
    if not paths:
        return problems
    wanted = {p.resolve() for p in paths}
    return [p for p in problems if p.file is None or p.file.resolve() in wanted]


def main() -> None:
    """Console entry point: no traceback ever reaches the user."""
    try:
        app()
    except KeyboardInterrupt:
        raise SystemExit(130) from None
    except Exception as e:
        output.fail(
            f"internal error: {type(e).__name__}: {e}",
            "this is a bug in lisplan; please report it with the command you ran",
        )
        raise SystemExit(PROBLEMS) from None
