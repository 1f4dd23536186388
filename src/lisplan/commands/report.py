"""The read-only reports about one trainee or all: ``status``, ``remaining``, ``schedule``, ``cohort``."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from lisplan.commands.errors import OK, PROBLEMS, Stop
from lisplan.commands.session import Session, emit, parse_date
from lisplan.core.i18n import _
from lisplan.core.kinds import ScheduleFormat
from lisplan.present.console import show, warn
from lisplan.present.schedule import print_schedule
from lisplan.present.status import print_remaining, print_status


def status(
    s: Session, trainee: str | None, as_of: str | None, part: str | None, area: str | None, as_json: bool
) -> None:
    """Where the trainee stands: goals by part and area, what needs attention, and the summary."""
    when = s.date(as_of, "--as-of")

    def computed() -> dict[str, Any]:
        from lisplan.compute.progress import compute
        from lisplan.compute.readings import unheld
        from lisplan.compute.schedule import compute_schedule
        from lisplan.compute.selection import filter_goals
        from lisplan.present import views

        ws, tf = s.workspace(trainee, when, fold=True)
        progress = compute(ws, tf, when)
        finish = compute_schedule(ws, progress)
        if part or area:
            progress = filter_goals(progress, part, area)
            if not progress.goals:
                raise Stop(
                    _("no goals match --part {part!r} --area {area!r}").format(part=part, area=area)
                    if area
                    else _("no goals match --part {part!r}").format(part=part),
                    _("see the part and area names in lisplan status without a filter"),
                )
        return views.status(progress, finish, unheld(ws, tf, progress.as_of))

    view = computed()
    show(view, as_json, print_status)


def remaining(s: Session, trainee: str | None, as_of: str | None, as_json: bool) -> None:
    """Everything left, grouped by where it can be done; courses, procedures and supervision due."""
    from lisplan.compute.progress import compute
    from lisplan.compute.remaining import compute_remaining
    from lisplan.present import views

    when = s.date(as_of, "--as-of")
    ws, tf = s.workspace(trainee, when, fold=True)
    show(views.remaining(compute_remaining(ws, compute(ws, tf, when))), as_json, print_remaining)


def leave_period(value: str) -> tuple[dt.date, dt.date]:
    """``FROM:TO`` of ``--leave`` as two dates."""
    first, sep, last = value.partition(":")
    if not sep:
        raise Stop(
            _("--leave {value!r} is not FROM:TO").format(value=value),
            _("write the first and the last day with a colon between, e.g. 01.01.2027:30.06.2027"),
        )
    a, b = parse_date(first, "--leave"), parse_date(last, "--leave")
    if b < a:
        raise Stop(
            _("--leave {value!r}: the leave ends before it starts").format(value=value),
            _("write the first day, then the last"),
        )
    return a, b


def schedule(
    s: Session,
    trainee: str | None,
    as_of: str | None,
    *,
    part_time: float | None,
    leave: list[str],
    start: str | None,
    fmt: ScheduleFormat,
    out: Path | None,
) -> None:
    """The rotation plan on the calendar, with what-ifs that change nothing on disk."""
    from lisplan.compute.progress import compute
    from lisplan.compute.schedule import compute_schedule, with_what_if
    from lisplan.present import views

    when = s.date(as_of, "--as-of")
    periods = [leave_period(v) for v in leave]
    new_start = parse_date(start, "--start") if start else None
    ws, tf = s.workspace(trainee, when, fold=True)
    if tf.profile is None:  # a chosen trainee has a profile that loaded; this keeps the types honest
        raise Stop(
            _("trainee folder {id}/ has logs but no trainee.yaml").format(id=tf.id),
            _("lisplan check shows what is wrong"),
        )
    profile, notes = with_what_if(tf.profile, when, part_time=part_time, leave=periods, start=new_start)
    result = compute_schedule(ws, compute(ws, tf, when), profile, notes)
    if fmt == "ics":
        from lisplan.present.ics import to_ics

        emit(to_ics(result), out, s.root)
    elif fmt == "json":
        from lisplan.core.identity import mask_data

        emit(json.dumps(mask_data(views.schedule(result)), ensure_ascii=False, indent=2).encode() + b"\n", out, s.root)
    elif out is not None:
        raise Stop(_("--out writes the schedule as json or ics"), _("add --format json or --format ics"))
    else:
        print_schedule(views.schedule(result))


def cohort_data(s: Session, when: dt.date) -> dict[str, Any]:
    """Every trainee whose files pass check, ranked; the others are named on stderr."""

    def computed() -> dict[str, Any]:
        from lisplan.commands.session import trainees_in_parts
        from lisplan.present.review import cohort

        # a trainee at a time: a department's logs are never all held at once
        data, left_out = cohort(trainees_in_parts(s.root, s.today()), when)
        return {"data": data, "left_out": left_out}

    found = computed()
    for name in found["left_out"]:
        warn(
            _("{name}: their files have errors, so their row has no numbers (lisplan check shows them)").format(
                name=name
            )
        )
    data: dict[str, Any] = found["data"]
    return data


def cohort(s: Session, as_of: str | None, as_json: bool) -> int:
    """Every trainee in one table for the education lead: furthest behind their schedule first; exit 1 when a
    trainee's files have errors (their row is kept, marked with the count of problems)."""
    data = cohort_data(s, s.date(as_of, "--as-of"))
    from lisplan.present.cohort import print_cohort

    show(data, as_json, print_cohort)
    return PROBLEMS if any(r["problems"] for r in data["rows"]) else OK
