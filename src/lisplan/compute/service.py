"""Service time: how much training time a trainee has served, counting part-time work and leave.

The readiness rules of a plan (document 000: Part A after 6 months of service, Part B after 12, the
rest after 18) and the rotation phases are measured in months of full-time service, so 50 %
employment makes a calendar month count as half a month, and a month of full leave counts as none.

Months are calendar months: full-time from 1 January, six months are served on 30 June, as the
plans' tables («0-1/2 år», «1/2-1 1/2 år») mean. A part of a month counts by its share of that
month's days.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterator

from lisplan.models.log import Trainee

_ONE_DAY = dt.timedelta(days=1)


def rate_on(profile: Trainee, day: dt.date) -> float:
    """The fraction of a full-time day that ``day`` counts as (0.0 – 1.0)."""
    if day < profile.start:
        return 0.0
    percent = profile.employment
    for change in profile.employment_changes:
        if change.from_ <= day:
            percent = change.percent
    rate = percent / 100
    for leave in profile.leave:
        if leave.from_ <= day <= leave.to:
            rate *= 1 - leave.percent / 100
    return rate


def _segments(profile: Trainee, until: dt.date) -> Iterator[tuple[dt.date, dt.date, float]]:
    """Runs of days [start, end) with one rate, from the start date to ``until`` (exclusive)."""
    cuts = {profile.start, until}
    cuts |= {c.from_ for c in profile.employment_changes}
    cuts |= {leave.from_ for leave in profile.leave} | {leave.to + _ONE_DAY for leave in profile.leave}
    points = sorted(c for c in cuts if profile.start <= c <= until)
    for a, b in zip(points, points[1:], strict=False):
        yield a, b, rate_on(profile, a)


def _month_start(day: dt.date, months: int) -> dt.date:
    """The first day of the calendar month ``months`` after ``day``'s."""
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def _calendar_months(a: dt.date, b: dt.date) -> float:
    """Calendar months from ``a`` up to ``b`` (exclusive), each month's days counting by its length."""
    total = 0.0
    day = a
    while day < b:
        following = _month_start(day, 1)
        end = min(b, following)
        length = (following - _month_start(day, 0)).days
        total += (end - day).days / length
        day = end
    return total


def service_months(profile: Trainee, as_of: dt.date) -> float:
    """Full-time-equivalent months served from the start up to and including ``as_of``."""
    return sum(_calendar_months(a, b) * rate for a, b, rate in _segments(profile, as_of + _ONE_DAY))


def date_after_service(profile: Trainee, months: float, horizon_years: int = 40) -> dt.date | None:
    """The first day on which ``months`` of service are complete, assuming today's terms go on."""
    if months <= 0:
        return profile.start
    end = profile.start + dt.timedelta(days=round(365.25 * horizon_years))
    served = 0.0
    for a, b, rate in _segments(profile, end):
        span = _calendar_months(a, b) * rate
        if rate > 0 and served + span >= months - 1e-9:
            return _after_months(a, (months - served) / rate) - _ONE_DAY
        served += span
    return None


def _after_months(day: dt.date, months: float) -> dt.date:
    """The day on which ``months`` calendar months from ``day`` are over (exclusive end)."""
    while months > 1e-9:
        following = _month_start(day, 1)
        length = (following - _month_start(day, 0)).days
        left_in_month = (following - day).days / length
        if months <= left_in_month + 1e-9:
            return day + dt.timedelta(days=math.ceil(months * length - 1e-6))
        months -= left_in_month
        day = following
    return day


def first_working_day(profile: Trainee, day: dt.date) -> dt.date:
    """``day``, or the first day after it that counts as service (the end of a full leave)."""
    for _ in range(len(profile.leave) + 1):
        if rate_on(profile, day) > 0:
            return day
        day = max((leave.to for leave in profile.leave if leave.from_ <= day <= leave.to), default=day) + _ONE_DAY
    return day
