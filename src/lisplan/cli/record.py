"""The commands that record work: entries added to the log, corrected, taken back, and listed."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from lisplan.cli.base import (
    DATE,
    RECORD,
    CommitOpt,
    DateOpt,
    DryRunOpt,
    FormatOpt,
    GoalsOpt,
    NoteOpt,
    SupervisorOpt,
    TraineeOpt,
    _choice,
    _exit,
    _session,
    app,
    never_replayed,
)
from lisplan.core import kinds
from lisplan.core.kinds import ActivityKind, Role, SupervisionKind, TeachingType


@app.command("entries", rich_help_panel=RECORD)
@never_replayed
def entries_command(
    ctx: typer.Context,
    since: Annotated[
        str | None, typer.Option("--since", metavar=DATE, help="Only entries from this date on.", show_default=False)
    ] = None,
    until: Annotated[
        str | None, typer.Option("--until", metavar=DATE, help="Only entries up to this date.", show_default=False)
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
@never_replayed
def remove_command(
    ctx: typer.Context,
    refs: Annotated[
        list[str], typer.Argument(metavar="REF", help="The entries, as lisplan entries lists them (2026:14).")
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
@never_replayed
def edit_command(
    ctx: typer.Context,
    ref: RefArg,
    date: Annotated[
        str | None, typer.Option("--date", "-d", metavar=DATE, help="The right date.", show_default=False)
    ] = None,
    role: Annotated[
        Role | None,
        typer.Option("--role", "-r", help="Your part in the examination.", show_default=False, **_choice(kinds.ROLE)),
    ] = None,
    note: Annotated[
        str | None, typer.Option("--note", "-n", help="A new note ('' takes it out).", show_default=False)
    ] = None,
    supervisor: Annotated[
        str | None,
        typer.Option(
            "--supervisor", "-s", help="The supervisor present (name or id; '' takes it out).", show_default=False
        ),
    ] = None,
    by: Annotated[
        str | None, typer.Option("--by", help="Who signed or led it (name or id).", show_default=False)
    ] = None,
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
@never_replayed
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


# --- recording work ------------------------------------------------------------------------------


@app.command("log", rich_help_panel=RECORD)
@never_replayed
def log_procedure(
    ctx: typer.Context,
    procedure: Annotated[
        str,
        typer.Argument(
            metavar="PROCEDURE", help="The procedure list: id, Norwegian or English name, or alias.", show_default=False
        ),
    ],
    numbers: Annotated[
        list[str] | None,
        typer.Argument(metavar="NUMBER", help="Accession numbers, one per examination.", show_default=False),
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
@never_replayed
def worklist(
    ctx: typer.Context,
    file: Annotated[
        Path,
        typer.Argument(
            metavar="FILE", help="The worklist or my-reports export of RIS/PACS (CSV or xlsx).", show_default=False
        ),
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
@never_replayed
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
@never_replayed
def teaching(
    ctx: typer.Context,
    title: Annotated[str, typer.Argument(metavar="TITLE", help="What the teaching was about.", show_default=False)],
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
@never_replayed
def self_study(
    ctx: typer.Context,
    title: Annotated[str, typer.Argument(metavar="TITLE", help="What you studied.", show_default=False)],
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
@never_replayed
def introduction(
    ctx: typer.Context,
    goal: Annotated[
        str, typer.Argument(metavar="GOAL", help="The learning goal (NUK-116, or set:code).", show_default=False)
    ],
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
@never_replayed
def mdt(
    ctx: typer.Context,
    meeting: Annotated[
        str, typer.Argument(metavar="MEETING", help="The MDT meeting (e.g. lungekreft).", show_default=False)
    ],
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
@never_replayed
def supervision(
    ctx: typer.Context,
    kind: Annotated[
        SupervisionKind,
        typer.Argument(
            metavar="KIND",
            help="individual (with your mentor) or group.",
            show_default=False,
            **_choice(kinds.SUPERVISION_KIND),
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
@never_replayed
def signoff(
    ctx: typer.Context,
    goal: Annotated[
        str, typer.Argument(metavar="GOAL", help="The learning goal (NUK-116, or set:code).", show_default=False)
    ],
    by: Annotated[str, typer.Option("--by", help="The supervisor who signs (name or id).", show_default=False)],
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
@never_replayed
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
@never_replayed
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
    """Carry approvals over to the goal set that replaced the trainee's, by its crosswalk.

    Shows which approvals carry over and why, which new goals need a new assessment, and which old
    approvals map to nothing; without --dry-run it records each carried-over approval as a sign-off naming
    its crosswalk (migration:), by who confirmed it, on --date (the old entries stay).
    Example: lisplan migrate --dry-run
    """
    from lisplan.commands import entry_commands as record

    with _session(ctx) as s:
        record.migrate(s, to, by, date, trainee, as_json=fmt == "json", commit=commit, dry_run=dry_run)
