"""Service time: how much training time a trainee has served, counting part-time work and leave.

The readiness rules of a plan (document 000: Part A after 6 months of service, Part B after 12, the
rest after 18) and the rotation phases are measured in months of full-time service, so 50 %
employment makes a calendar month count as half a month, and a month of full leave counts as none.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from .models.log import Trainee

DAYS_PER_MONTH = 365.25 / 12
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


def service_days(profile: Trainee, as_of: dt.date) -> float:
    """Full-time-equivalent days served from the start up to and including ``as_of``."""
    return sum((b - a).days * rate for a, b, rate in _segments(profile, as_of + _ONE_DAY))


def service_months(profile: Trainee, as_of: dt.date) -> float:
    return service_days(profile, as_of) / DAYS_PER_MONTH


def date_after_service(profile: Trainee, months: float, horizon_years: int = 40) -> dt.date | None:
    """The first day on which ``months`` of service are complete, assuming today's terms go on."""
    target = months * DAYS_PER_MONTH
    if target <= 0:
        return profile.start
    end = profile.start + dt.timedelta(days=365 * horizon_years)
    served = 0.0
    for a, b, rate in _segments(profile, end):
        span = (b - a).days * rate
        if rate > 0 and served + span >= target:
            days = (target - served) / rate
            return a + dt.timedelta(days=max(int(-(-days // 1)) - 1, 0))
        served += span
    return None
