"""The plan's rules besides goals, courses and procedure lists (OUS, document 000): what every trainee
must do besides (the improvement project «Kunnskap og forbedring», 000 §2.1.6), how often guidance is
held (monthly at the start, 000 Del 2), the months of the year's other guidance meetings (May/June and
November/December, 000 §2.1.4), and what a trainee in a throughput position need not do (000 §2.1.6)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from lisplan.core.i18n import _, in_language, months, number
from lisplan.models.log import SupervisionEntry, Trainee
from lisplan.models.plan import Exemptions, MeetingWindow, Plan, Requirement


@dataclass(frozen=True)
class RequirementNeed:
    """A requirement of the plan for one trainee, and what the trainee's profile says they did for it."""

    requirement: Requirement
    done: str | None  # trainee.yaml's improvement_project: the project, as the trainee names it

    @property
    def name(self) -> str:
        return in_language(self.requirement.name, self.requirement.name_en)


def exemptions(plan: Plan, profile: Trainee) -> Exemptions | None:
    """What the trainee need not do: the plan's throughput exemptions, for a trainee in a throughput position."""
    rule = plan.throughput
    return rule.exempt if profile.throughput and rule is not None else None


def exempt_courses(plan: Plan, profile: Trainee) -> set[str]:
    found = exemptions(plan, profile)
    return set(found.courses) if found else set()


def requirements(plan: Plan, profile: Trainee) -> list[RequirementNeed]:
    """The plan's requirements the trainee must meet (those a throughput trainee is exempt from left out)."""
    found = exemptions(plan, profile)
    skip = set(found.requirements) if found else set()
    return [
        RequirementNeed(r, profile.improvement_project if r.kind == "improvement-project" else None)
        for r in plan.requirements
        if r.id not in skip
    ]


def guidance(plan: Plan) -> str | None:
    """How often guidance is held, in one line: «1 a month at the start of training, then at least 4 a year»."""
    rules = plan.supervision
    parts = []
    start = rules.monthly_at_start
    if start is not None:
        per_month = _("{n} a month").format(n=start.per_month)
        parts.append(
            _("{per_month} in the first {months} months").format(per_month=per_month, months=number(start.months, 0))
            if start.months
            else _("{per_month} at the start of training").format(per_month=per_month)
        )
    if rules.individual_per_year:
        parts.append(_("at least {n} a year").format(n=rules.individual_per_year))
    return ", ".join(parts) or None


@dataclass(frozen=True)
class Meeting:
    """A guidance meeting the plan places in a window of months of one year."""

    first: dt.date  # the first day of the window
    window: list[int]
    review: bool  # the review of the individual plan (review_months), else one of the plan's meetings
    about: str | None

    @property
    def when(self) -> str:
        return f"{months(self.window)} {self.first.year}"


def review_windows(months: list[int]) -> list[list[int]]:
    """The plan's review months as windows of consecutive months: [2, 8, 9] -> [[2], [8, 9]]."""
    windows: list[list[int]] = []
    for m in sorted(set(months)):
        if windows and windows[-1][-1] == m - 1:
            windows[-1].append(m)
        else:
            windows.append([m])
    return windows


def missed_reviews(plan: Plan, trainee: Trainee, supervision: Iterable[SupervisionEntry], as_of: dt.date) -> list[str]:
    """Reviews of the individual plan the plan's months ask for («februar og august/september», 000
    §2.1.4) that are over, began after the start, and hold no supervision entry marked ``review: true``."""
    held = {(s.date.year, s.date.month) for s in supervision if s.review}
    missed = []
    for year in range(trainee.start.year, as_of.year + 1):
        for window in review_windows(plan.supervision.review_months):
            first, last = dt.date(year, window[0], 1), dt.date(year + window[-1] // 12, window[-1] % 12 + 1, 1)
            if first >= trainee.start and last <= as_of and not any((year, m) in held for m in window):
                missed.append("/".join(_MONTHS[m - 1] for m in window) + f" {year}")
    return missed


_MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


def _windows(plan: Plan) -> list[tuple[list[int], bool, MeetingWindow | None]]:
    found: list[tuple[list[int], bool, MeetingWindow | None]] = [
        (w, True, None) for w in review_windows(plan.supervision.review_months)
    ]
    found += [(sorted(m.months), False, m) for m in plan.supervision.meetings]
    return sorted(found, key=lambda f: f[0][0])


def _about(meeting: MeetingWindow | None) -> str | None:
    return in_language(meeting.about, meeting.about_en) if meeting and meeting.about else None


def meetings_ahead(plan: Plan, as_of: dt.date, count: int = 4) -> list[Meeting]:
    """The next ``count`` meeting windows of the year the plan places (the reviews in February and
    August/September, the other meetings in May/June and November/December at OUS, 000 §2.1.4), the one
    under way first."""
    found = []
    for year in range(as_of.year, as_of.year + 3):
        for window, review, meeting in _windows(plan):
            last = window[-1]
            end = dt.date(year + last // 12, last % 12 + 1, 1)  # the day after the window
            if end > as_of:
                found.append(Meeting(dt.date(year, window[0], 1), window, review, _about(meeting)))
    return found[:count]
