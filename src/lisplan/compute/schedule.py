"""The rotation schedule: the plan's phases on the calendar, when goals become reachable, the throughput
rotation, and a projected completion date.

A plan's timeline is written in months of full-time service (document 000's five-year table: NM
0-6, 6-18, 18-36, radiology 36-48, NM 48-60). Placing it on the calendar from the trainee's start is
therefore the same computation as service time (:mod:`lisplan.compute.service`): 50 % employment doubles a
phase, and leave pushes every later phase back. Rules that a schedule can break are flagged with the
rule and the document it comes from; nothing here reads or writes files.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field

from lisplan.checks.plans import THROUGHPUT_RULE, throughput_breaches
from lisplan.compute.progress import ProcedureProgress, Progress
from lisplan.compute.service import date_after_service, first_working_day, service_months
from lisplan.core.i18n import _, date, language, number
from lisplan.load.workspace import GoalInfo, Workspace
from lisplan.models.log import EmploymentChange, Leave, Trainee
from lisplan.models.plan import ActivityKind, Phase, Plan, Procedure

_DAY = dt.timedelta(days=1)


@dataclass
class Slot:
    """One phase of the plan placed on the calendar."""

    phase: Phase
    where: str  # the arena's or agreement's name
    start: dt.date
    end: dt.date  # last day
    goals: int  # how many of the trainee's goals the phase aims at

    @property
    def months(self) -> float:
        return self.phase.to_month - self.phase.from_month


@dataclass
class Flag:
    """A rule the schedule breaks, or a risk in it."""

    code: str
    message: str
    rule: str = ""  # the rule and where it comes from


@dataclass
class ProcedurePace:
    procedure: ProcedureProgress
    per_month: float | None  # counted procedures per month of service since the first
    reached_on: dt.date | None  # when the minimum is reached at this pace (or was reached)
    window_end: dt.date | None  # the last day of the phases where the procedure is done


@dataclass
class Throughput:
    goals: list[str]  # goals no arena or agreement of the plan offers
    earliest: dt.date | None  # after the plan's required prior service
    min_months: float | None
    max_months: float | None


@dataclass
class Schedule:
    trainee: Trainee
    plan: Plan
    as_of: dt.date
    service_months: float
    slots: list[Slot]
    eligibility: list[tuple[str, float, dt.date | None]]  # (what, months of service, from date)
    throughput: Throughput
    paces: list[ProcedurePace]
    completion: dt.date | None
    flags: list[Flag] = field(default_factory=list)
    what_if: list[str] = field(default_factory=list)
    phase_goals: dict[str, set[str]] = field(default_factory=dict)  # phase id -> goal keys it aims at


# --- what-if ----------------------------------------------------------------------------------------


def with_what_if(
    profile: Trainee,
    as_of: dt.date,
    *,
    part_time: float | None = None,
    leave: list[tuple[dt.date, dt.date]] = (),
    start: dt.date | None = None,
) -> tuple[Trainee, list[str]]:
    """The profile as it would be with another start, employment from ``as_of`` on, or more leave."""
    notes = []
    update: dict[str, object] = {}
    if start is not None:
        update["start"] = start
        notes.append(_("start {date}").format(date=date(start)))
    if part_time is not None:
        changes = [c for c in profile.employment_changes if c.from_ < as_of]
        update["employment_changes"] = [
            *changes,
            EmploymentChange.model_validate({"from": as_of, "percent": part_time}),
        ]
        notes.append(_("{percent} % from {date}").format(percent=number(part_time, 0), date=date(as_of)))
    if leave:
        extra = [Leave.model_validate({"from": a, "to": b}) for a, b in leave]
        update["leave"] = [*profile.leave, *extra]
        notes += [_("leave {start}–{end}").format(start=date(a), end=date(b)) for a, b in leave]
    return (profile.model_copy(update=update) if update else profile), notes


# --- the schedule -------------------------------------------------------------------------------------


def phase_dates(profile: Trainee, from_month: float, to_month: float) -> tuple[dt.date | None, dt.date | None]:
    """First and last day of the service months [from_month, to_month) for this trainee."""
    start = profile.start if from_month <= 0 else _next(date_after_service(profile, from_month))
    return (first_working_day(profile, start) if start else None), date_after_service(profile, to_month)


def _next(day: dt.date | None) -> dt.date | None:
    return day + _DAY if day else None


def compute_schedule(
    ws: Workspace, progress: Progress, profile: Trainee | None = None, what_if: list[str] | None = None
) -> Schedule:
    """The schedule for a computed progress (``profile`` overrides the trainee's, for what-ifs)."""
    plan = progress.plan
    profile = profile or progress.trainee
    sets = sorted({g.info.set_id for g in progress.goals})
    places = {a.id: a.name for a in plan.arenas} | {a.id: a.institution for a in plan.agreements}
    slots = []
    phase_goals = {}
    for phase in sorted(plan.timeline, key=lambda p: p.from_month):
        start, end = phase_dates(profile, phase.from_month, phase.to_month)
        where = places.get(phase.arena or phase.agreement or "", phase.arena or phase.agreement or "")
        phase_goals[phase.id] = {g.key for g in ws.select(phase.goals, sets)}
        slots.append(Slot(phase, where, start or profile.start, end or profile.start, len(phase_goals[phase.id])))
    eligibility = [
        (_selector_label(rule.goals), rule.after_months, phase_dates(profile, rule.after_months, rule.after_months)[0])
        for rule in plan.readiness
    ]
    throughput = _throughput(ws, plan, progress, profile, sets)
    flags = _phase_flags(plan, profile)
    paces = [_pace(ws, plan, sets, pp, profile, progress.as_of, slots) for pp in progress.procedures]
    flags += _pace_flags(paces)
    ends = [s.end for s in slots] + [p.reached_on for p in paces if p.reached_on]
    completion = max(ends) if ends and all(p.reached_on or p.procedure.left == 0 for p in paces) else None
    if throughput.goals and throughput.earliest:
        flags.append(
            Flag(
                "throughput-needed",
                _(
                    "{n} goals are offered by no learning arena or agreement of the plan: "
                    "they need a throughput rotation, at the earliest from {date}"
                ).format(n=len(throughput.goals), date=date(throughput.earliest)),
                _(THROUGHPUT_RULE),
            )
        )
    return Schedule(
        profile,
        plan,
        progress.as_of,
        service_months(profile, progress.as_of),
        slots,
        eligibility,
        throughput,
        paces,
        completion,
        flags,
        what_if or [],
        phase_goals,
    )


def _selector_label(selector) -> str:  # type: ignore[no-untyped-def]
    parts = list(selector.sections) + list(selector.goals)
    label = ", ".join(parts) or (_("all goals") if selector.all else _("goals"))
    return label + (" " + _("(except {goals})").format(goals=", ".join(selector.except_)) if selector.except_ else "")


def _throughput(ws: Workspace, plan: Plan, progress: Progress, profile: Trainee, sets: list[str]) -> Throughput:
    offered: set[str] = set()
    for place in [*plan.arenas, *plan.agreements]:
        offered |= {g.key for g in ws.select(place.offers, sets)}
    missing = [g.info.code for g in progress.goals if g.info.key not in offered]
    rule = plan.throughput
    earliest = _next(date_after_service(profile, rule.prior_service_months)) if rule else None
    return Throughput(missing, earliest, rule.min_months if rule else None, rule.max_months if rule else None)


def _phase_flags(plan: Plan, profile: Trainee) -> list[Flag]:
    flags = []
    for _phase, code, message in throughput_breaches(plan):
        if code == "throughput-too-early" and plan.throughput:
            day = _next(date_after_service(profile, plan.throughput.prior_service_months))
            message += " " + _("(from {date})").format(date=date(day))
        flags.append(Flag(code, message, _(THROUGHPUT_RULE)))
    return flags


def _pace(
    ws: Workspace,
    plan: Plan,
    sets: list[str],
    pp: ProcedureProgress,
    profile: Trainee,
    as_of: dt.date,
    slots: list[Slot],
) -> ProcedurePace:
    window = _procedure_slots(ws, plan, sets, pp, slots)
    window_end = max((s.end for s in window), default=None)
    if pp.left == 0:
        return ProcedurePace(pp, None, pp.reached_on, window_end)
    if pp.started_on is None or pp.done == 0:
        return ProcedurePace(pp, None, None, window_end)
    months = max(service_months(profile, as_of) - service_months(profile, pp.started_on), 1.0)
    per_month = pp.done / months
    needed = pp.left / per_month
    reached = date_after_service(profile, service_months(profile, as_of) + needed)
    return ProcedurePace(pp, per_month, reached, window_end)


def _procedure_slots(
    ws: Workspace, plan: Plan, sets: list[str], pp: ProcedureProgress, slots: list[Slot]
) -> list[Slot]:
    """The phases whose goals include a goal that has this procedure list as an activity."""
    keys = set()
    for ga in plan.goal_activities:
        if any(a.kind is ActivityKind.PROCEDURE_LIST and a.procedure == pp.procedure.id for a in ga.activities):
            found = ws.resolve_goal(ga.goal, sets)
            if isinstance(found, GoalInfo):
                keys.add(found.key)
    return [s for s in slots if keys & {g.key for g in ws.select(s.phase.goals, sets)}]


def _named(proc: Procedure) -> str:
    """A procedure list's name in the current language (its English name in English, when the plan has one)."""
    return (language() == "en" and proc.name_en) or proc.name


def _pace_flags(paces: list[ProcedurePace]) -> list[Flag]:
    flags = []
    for p in paces:
        proc = p.procedure.procedure
        if p.procedure.left == 0:
            continue
        if p.per_month is None:
            flags.append(
                Flag(
                    "no-pace",
                    _("{name}: none logged yet, so no pace to project ({left} left of {minimum})").format(
                        name=_named(proc), left=p.procedure.left, minimum=proc.minimum
                    ),
                )
            )
            continue
        if p.window_end and p.reached_on and p.reached_on > p.window_end:
            late = (p.reached_on - p.window_end).days / (365.25 / 12)
            flags.append(
                Flag(
                    "pace-short",
                    _(
                        "{name}: at {pace} a month the {minimum} are reached on {reached}, "
                        "{late} months after the phases for it end ({end})"
                    ).format(
                        name=_named(proc),
                        pace=number(p.per_month),
                        minimum=proc.minimum,
                        reached=date(p.reached_on),
                        late=math.ceil(late),
                        end=date(p.window_end),
                    ),
                    _("the plan's procedure minimum (000 §2.1.3 b)"),
                )
            )
    return flags


def due_reviews(schedule: Schedule) -> list[dt.date]:
    """The start of each review window («februar og august/september»: Feb, and Aug-Sep as one) ahead."""
    months = sorted(set(schedule.plan.supervision.review_months))
    months = [m for i, m in enumerate(months) if i == 0 or months[i - 1] != m - 1]  # a window's first month
    if not months:
        return []
    end = max(
        [s.end for s in schedule.slots] + ([schedule.completion] if schedule.completion else []), default=schedule.as_of
    )
    found = []
    for year in range(schedule.as_of.year, end.year + 1):
        for month in months:
            day = dt.date(year, month, 1)
            if schedule.as_of <= day <= end:
                found.append(day)
    return found
