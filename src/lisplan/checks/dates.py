"""Dates that cannot be right: in the future, out of order, in the wrong year's file, or backwards."""

from __future__ import annotations

import datetime as dt

from lisplan.checks.context import Context
from lisplan.core.problems import Origin, Problem, error, warning


def check_dates(ctx: Context) -> list[Problem]:
    problems: list[Problem] = []
    for tf in ctx.ws.trainees.values():
        if tf.profile:
            problems += _profile_dates(ctx, tf.profile)
        start = tf.profile.start if tf.profile else None
        current, previous = None, None
        for log, i, entry, entry_origin in ctx.entries(tf):
            if log is not current:
                current, previous = log, None
            problems += entry_date_problems(ctx.today, log.year, start, previous, i, entry.date, entry_origin)
            previous = max(previous, entry.date) if previous else entry.date
    return problems


def entry_date_problems(
    today: dt.date,
    year: int | None,
    start: dt.date | None,
    previous: dt.date | None,
    i: int,
    date: dt.date,
    origin: Origin,
) -> list[Problem]:
    """What is wrong with the date of entry ``i`` of a log for ``year`` (``previous``: the latest date before it).

    ``origin`` is the entry's; problems point at its ``date``. Runs once per entry: nothing is built
    unless something is wrong.
    """
    if (
        date <= today
        and (year is None or date.year == year)
        and (start is None or date >= start)
        and (previous is None or date >= previous)
    ):
        return []
    origin = origin.at("date")
    problems = []
    if date > today:
        problems.append(
            error("future-date", origin, f"date {date} is in the future", f"log work on or before today ({today})")
        )
    if year is not None and date.year != year:
        problems.append(
            warning(
                "wrong-year",
                origin,
                f"date {date} is not in {year}, the year of this file",
                f"move the entry to {date.year}.yaml",
            )
        )
    if start is not None and date < start:
        problems.append(
            warning(
                "before-start",
                origin,
                f"date {date} is before the trainee's start ({start})",
                "check the date, or the start date in trainee.yaml",
            )
        )
    if previous is not None and date < previous:
        problems.append(
            warning(
                "entry-out-of-order",
                origin,
                f"entry {i + 1} ({date}) comes after an entry dated {previous}",
                "keep entries in date order so the log reads as a diary",
            )
        )
    return problems


def _profile_dates(ctx: Context, profile) -> list[Problem]:  # type: ignore[no-untyped-def]
    problems = []
    if profile.start > ctx.today:
        problems.append(
            warning(
                "future-start",
                profile.at("start"),
                f"the start date {profile.start} is in the future",
                "check the start date",
            )
        )
    for leave in profile.leave:
        if leave.to < leave.from_:
            problems.append(
                error(
                    "leave-backwards",
                    leave.at("to"),
                    f"leave ends ({leave.to}) before it starts ({leave.from_})",
                    "swap the dates, or fix the one that is wrong",
                )
            )
    changes = profile.employment_changes
    for a, b in zip(changes, changes[1:], strict=False):
        if b.from_ < a.from_:
            problems.append(
                warning(
                    "employment-out-of-order",
                    b.at("from"),
                    "employment changes are not in date order",
                    "sort them by date",
                )
            )
    return problems
