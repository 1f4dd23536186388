"""Dates that cannot be right: in the future, out of order, in the wrong year's file, or backwards."""

from __future__ import annotations

import datetime as dt

from lisplan.checks.context import Context
from lisplan.core.i18n import _
from lisplan.core.i18n import date as day
from lisplan.core.problems import Origin, Problem, error, warning


def check_dates(ctx: Context) -> list[Problem]:
    problems: list[Problem] = []
    for tf in ctx.ws.trainees.values():
        if tf.profile:
            problems += _profile_dates(ctx, tf.profile)
        start = tf.profile.start if tf.profile else None
        current, previous = None, None
        low = high = dt.date.min
        for log, i, entry in ctx.entries(tf):
            if log is not current:
                current, previous = log, None
                low, high = _fine_span(ctx.today, log.year, start)
            day = entry.date
            if low <= day <= high:  # nearly every entry: nothing wrong, and nothing made to say so
                previous = low = day  # the latest date so far, as day >= previous
                continue
            problems += entry_date_problems(ctx.today, log.year, start, previous, i, day, ctx.origin(log, i))
            previous = max(previous, day) if previous else day
            low = max(low, previous)
    return problems


def _fine_span(today: dt.date, year: int | None, start: dt.date | None) -> tuple[dt.date, dt.date]:
    """The dates an entry of a log for ``year`` may have whatever comes before it in the log: in the year,
    not before the trainee's ``start`` and not after ``today`` (:func:`entry_date_problems` finds nothing
    wrong with them, when they are not before the entry before them either). Empty for a year no date has."""
    if year is not None and not dt.MINYEAR <= year <= dt.MAXYEAR:
        return dt.date.max, dt.date.min
    low = max(dt.date(year, 1, 1) if year is not None else dt.date.min, start or dt.date.min)
    return low, min(today, dt.date(year, 12, 31) if year is not None else dt.date.max)


def entry_date_problems(
    today: dt.date,
    year: int | None,
    start: dt.date | None,
    previous: dt.date | None,
    i: int,
    date: dt.date,
    origin: Origin,
    option: str | None = None,
) -> list[Problem]:
    """What is wrong with the date of entry ``i`` of a log for ``year`` (``previous``: the latest date before it).

    ``origin`` is the entry's; problems point at its ``date``. Runs once per entry: nothing is built
    unless something is wrong. ``option``: the command-line option the date came from (``--date``), named
    in the message instead of the word "date".
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
            error(
                "future-date",
                origin,
                (
                    _("{option} {date} is in the future").format(option=option, date=day(date))
                    if option
                    else _("date {date} is in the future").format(date=day(date))
                ),
                _("log work on or before today ({today})").format(today=day(today)),
            )
        )
    if year is not None and date.year != year:
        problems.append(
            warning(
                "wrong-year",
                origin,
                _("date {date} is not in {year}, the year of this file").format(date=day(date), year=year),
                _("move the entry to {file}").format(file=f"{date.year}.yaml"),
            )
        )
    if start is not None and date < start:
        problems.append(
            warning(
                "before-start",
                origin,
                _("date {date} is before the trainee's start ({start})").format(date=day(date), start=day(start)),
                _("check the date, or the start date in trainee.yaml"),
            )
        )
    if previous is not None and date < previous:
        problems.append(
            warning(
                "entry-out-of-order",
                origin,
                _("entry {n} ({date}) comes after an entry dated {previous}").format(
                    n=i + 1, date=day(date), previous=day(previous)
                ),
                _("keep entries in date order so the log reads as a diary"),
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
                _("the start date {date} is in the future").format(date=day(profile.start)),
                _("check the start date"),
            )
        )
    for leave in profile.leave:
        if leave.to < leave.from_:
            problems.append(
                error(
                    "leave-backwards",
                    leave.at("to"),
                    _("leave ends ({end}) before it starts ({start})").format(
                        end=day(leave.to), start=day(leave.from_)
                    ),
                    _("swap the dates, or fix the one that is wrong"),
                )
            )
    changes = profile.employment_changes
    for a, b in zip(changes, changes[1:], strict=False):
        if b.from_ < a.from_:
            problems.append(
                warning(
                    "employment-out-of-order",
                    b.at("from"),
                    _("employment changes are not in date order"),
                    _("sort them by date"),
                )
            )
    return problems
