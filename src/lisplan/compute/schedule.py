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
from collections.abc import Sequence
from dataclasses import dataclass, field

from lisplan.checks.plans import THROUGHPUT_RULE, throughput_breaches, throughput_rule
from lisplan.compute.progress import ProcedureProgress, Progress, approvable_from
from lisplan.compute.service import date_after_service, first_working_day, service_months
from lisplan.core.i18n import N_, _, date, in_language, number, word
from lisplan.load.workspace import GoalInfo, Workspace
from lisplan.models.log import EmploymentChange, Leave, Trainee
from lisplan.models.plan import (
    ActivityKind,
    Phase,
    Plan,
    Procedure,
    months_for_specialty,
    months_outside,
    months_until_outside,
)

_DAY = dt.timedelta(days=1)

#: Months of service in the phases that do a procedure (or since the first one logged, if earlier) before
#: the trainee's pace is estimated from it. lisplan's choice, not a document's: a first month of three
#: examinations once projected a finish in 2055.
PACE_MIN_MONTHS = 3.0


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
    per_month: float | None  # counted procedures per month of service; None while the pace is not yet known
    reached_on: dt.date | None  # when the minimum is reached at this pace (or was reached)
    window_end: dt.date | None  # the last day of the phases where the procedure is done
    measured_months: float = 0.0  # the months of service the pace is measured over
    needed_per_month: float | None = None  # what it takes to reach the minimum by the plan's end
    note: str = ""  # the pace in words: not yet known, on time, or past the plan's end and by how much
    #: the service months (from, to) in which the list cannot grow: phases at places that do not offer it
    idle: list[tuple[float, float]] = field(default_factory=list)


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
    plan_end: dt.date | None = None  # the last day of the plan's timeline, by service time
    completion_reason: str = ""  # why the completion date is what it is (or why there is none)


# --- what-if ----------------------------------------------------------------------------------------


def with_what_if(
    profile: Trainee,
    as_of: dt.date,
    *,
    part_time: float | None = None,
    leave: Sequence[tuple[dt.date, dt.date]] = (),
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
        (_selector_label(rule.goals), rule.after_months, approvable_from(plan, profile, rule.after_months))
        for rule in plan.readiness
    ]
    throughput = _throughput(ws, plan, progress, profile, sets)
    flags = _phase_flags(ws, plan, profile)
    plan_end = max((s.end for s in slots), default=None)
    paces = [  # a list with no minimum set has nothing to reach, so no pace towards it
        _pace(ws, plan, sets, pp, profile, progress.as_of, slots, plan_end)
        for pp in progress.procedures
        if pp.procedure.minimum is not None
    ]
    flags += _pace_flags(paces)
    completion, reason = projected_completion(plan_end, paces)
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
        plan_end,
        reason,
    )


#: the stable section names (docs/file-formats.md) as a user reads them; another is shown as written
SECTIONS = {
    "radiation-protection": N_("radiation protection"),
    "basics": N_("basics"),
    "radiology": N_("radiology"),
    "clinical": N_("clinical nuclear medicine"),
    "organ-diagnostics": N_("organ diagnostics"),
    "oncology": N_("oncology"),
    "therapy": N_("therapy"),
    "children": N_("children"),
    "common": N_("common competence goals"),
}


def _selector_label(selector) -> str:  # type: ignore[no-untyped-def]
    parts = [word(SECTIONS, s) for s in selector.sections] + list(selector.goals)
    label = ", ".join(parts) or (_("all goals") if selector.all else _("goals"))
    if not selector.except_:
        return label
    return label + " " + _("(except {goals})").format(goals=", ".join(word(SECTIONS, s) for s in selector.except_))


def _throughput(ws: Workspace, plan: Plan, progress: Progress, profile: Trainee, sets: list[str]) -> Throughput:
    offered: set[str] = set()
    for offers in [*(a.offers for a in plan.arenas), *(a.offers for a in plan.agreements)]:
        offered |= {g.key for g in ws.select(offers, sets)}
    missing = [g.info.code for g in progress.goals if g.info.key not in offered]
    rule = plan.throughput
    earliest = _after_specialty(plan, profile, rule.prior_service_months) if rule else None
    return Throughput(missing, earliest, rule.min_months if rule else None, rule.max_months if rule else None)


def _after_specialty(plan: Plan, profile: Trainee, months: float) -> dt.date | None:
    """The first day after ``months`` of service at arenas of the specialty (by the plan's timeline)."""
    total = months_for_specialty(plan, months)
    return phase_dates(profile, total, total)[0]


def _phase_flags(ws: Workspace, plan: Plan, profile: Trainee) -> list[Flag]:
    flags = []
    for phase, code, message in throughput_breaches(plan, ws.plans):
        rule = throughput_rule(plan, phase, ws.plans)[0]
        if code == "throughput-too-early" and rule:
            day = _after_specialty(plan, profile, rule.prior_service_months)
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
    plan_end: dt.date | None,
) -> ProcedurePace:
    """The trainee's pace on a procedure list, measured over service from the first phase that does it
    (or the first one logged, if earlier) to as-of, once that is at least PACE_MIN_MONTHS.

    Only months that can produce the list count, in the pace and in the projection alike: months in
    phases whose arena or agreement offers a goal the list serves, and months outside the timeline. A
    year at an arena that does not offer it (OUS's radiology year, 000 Del 1: «3-4 år ... Avd. for
    radiologi 017-067»; no skeleton scintigraphy is done there) neither slows the pace nor brings the
    minimum nearer.
    """
    goals = _list_goals(ws, plan, sets, pp)
    window = [s for s in slots if goals & {g.key for g in ws.select(s.phase.goals, sets)}]
    window_end = max((s.end for s in window), default=None)
    idle = _idle_spans(ws, plan, sets, goals)
    proc = pp.procedure
    if pp.left == 0:
        return ProcedurePace(
            pp,
            None,
            pp.reached_on,
            window_end,
            note=_("{minimum} reached on {date}").format(minimum=proc.minimum, date=date(pp.reached_on)),
            idle=idle,
        )
    working = months_outside(service_months(profile, as_of), idle)  # served months that can produce it
    needed = None
    if plan_end is not None:
        ahead = months_outside(service_months(profile, plan_end), idle) - working
        needed = pp.left / ahead if ahead > 0 else None
    starts = [d for d in [min((s.start for s in window), default=None), pp.started_on] if d and d <= as_of]
    measured = working - months_outside(service_months(profile, min(starts) - _DAY), idle) if starts else 0.0
    if measured < PACE_MIN_MONTHS or pp.done == 0:  # nothing logged is no pace to project from
        first = min((s.start for s in window), default=None)
        if pp.done == 0 and measured >= PACE_MIN_MONTHS:
            note = _("none logged over {measured} months of service in the phases that do it").format(
                measured=number(measured)
            )
        elif starts:
            note = _("{measured} of the {months} months of service it is measured over").format(
                measured=number(measured), months=number(PACE_MIN_MONTHS, 0)
            )
        elif first:
            note = _("the phases that do it start on {date}").format(date=date(first))
        else:
            note = _("no phase of the plan does it and none is logged")
        note = _("pace not yet known ({why}, {done} of {minimum} logged)").format(
            why=note, done=pp.done, minimum=proc.minimum
        )
        return ProcedurePace(pp, None, None, window_end, measured, needed, note + _needed_words(needed, plan_end), idle)
    per_month = pp.done / measured
    reached = (
        date_after_service(profile, months_until_outside(working + pp.left / per_month, idle)) if per_month else None
    )
    pace = ProcedurePace(pp, per_month, reached, window_end, measured, needed, idle=idle)
    pace.note = _pace_words(pace, plan_end)
    return pace


def expected_by(profile: Trainee, pace: ProcedurePace, start: dt.date, end: dt.date) -> int | None:
    """How many more of the list the trainee logs from ``start`` to ``end`` at their pace, counting only
    the months that can produce it (as the projection does); None while the pace is not known."""
    if pace.per_month is None:
        return None
    months = months_outside(service_months(profile, end), pace.idle) - months_outside(
        service_months(profile, start), pace.idle
    )
    return min(pace.procedure.left, round(pace.per_month * months))


def _list_goals(ws: Workspace, plan: Plan, sets: list[str], pp: ProcedureProgress) -> set[str]:
    """The goals (keys) that have this procedure list as an activity in the plan."""
    keys = set()
    for ga in plan.goal_activities:
        if any(a.kind is ActivityKind.PROCEDURE_LIST and a.procedure == pp.procedure.id for a in ga.activities):
            found = ws.resolve_goal(ga.goal, sets)
            if isinstance(found, GoalInfo):
                keys.add(found.key)
    return keys


def _idle_spans(ws: Workspace, plan: Plan, sets: list[str], goals: set[str]) -> list[tuple[float, float]]:
    """The phases (as service months) at an arena or agreement that offers none of ``goals``: months in
    which the list cannot grow. A phase naming no place counts, as months outside the timeline do. When
    no place of the plan offers the goals at all, no phase is left out: the plan does not say where."""
    offers = {a.id: a.offers for a in plan.arenas} | {a.id: a.offers for a in plan.agreements}
    offering = {place for place, sel in offers.items() if goals & {g.key for g in ws.select(sel, sets)}}
    if not goals or not offering:
        return []
    return [
        (p.from_month, p.to_month)
        for p in plan.timeline
        if (place := p.arena or p.agreement) is not None and place in offers and place not in offering
    ]


def _needed_words(needed: float | None, plan_end: dt.date | None) -> str:
    if not needed or not plan_end:
        return ""
    return "; " + _("{needed} a month finish it by the plan's end ({date})").format(
        needed=number(needed), date=date(plan_end)
    )


def _pace_words(p: ProcedurePace, plan_end: dt.date | None) -> str:
    proc = p.procedure.procedure
    at = _("at {pace} a month over {months} months of service").format(
        pace=number(p.per_month or 0), months=number(p.measured_months)
    )
    if not p.per_month:
        at = _("none logged over {months} months of service in the phases that do it").format(
            months=number(p.measured_months)
        )
    if p.reached_on is None:
        return _("{at}, the {minimum} are not reached within 40 years").format(
            at=at, minimum=proc.minimum
        ) + _needed_words(p.needed_per_month, plan_end)
    if plan_end is not None and p.reached_on > plan_end:
        late = math.ceil((p.reached_on - plan_end).days / (365.25 / 12))
        return _("{at}, the {minimum} are reached on {date}, {late} months after the plan's end").format(
            at=at, minimum=proc.minimum, date=date(p.reached_on), late=late
        ) + _needed_words(p.needed_per_month, plan_end)
    return _("{at}, the {minimum} are reached on {date}").format(at=at, minimum=proc.minimum, date=date(p.reached_on))


def projected_completion(plan_end: dt.date | None, paces: list[ProcedurePace]) -> tuple[dt.date | None, str]:
    """The later of the plan's end by service time and the day each procedure list reaches its minimum at
    the trainee's pace, and the reason in words. No date when a pace never gets there."""
    open_ = [p for p in paces if p.procedure.left > 0]
    unknown = [p for p in open_ if p.per_month is None]
    never = [p for p in open_ if p.per_month is not None and p.reached_on is None]
    late = [p for p in open_ if p.reached_on and (plan_end is None or p.reached_on > plan_end)]

    def name(p: ProcedurePace) -> str:
        return _named(p.procedure.procedure)

    if never:
        return None, "; ".join(f"{name(p)}: {p.note}" for p in never)
    if plan_end is None and (unknown or not late):
        return None, _("the plan has no timeline, so there is no end by service time to project from")
    if late:
        last = max(late, key=lambda p: p.reached_on or dt.date.min)
        return last.reached_on, "; ".join(f"{name(p)}: {p.note}" for p in late)
    reason = _("the plan's end by service time ({date})").format(date=date(plan_end))
    if unknown:
        return plan_end, reason + "; " + "; ".join(f"{name(p)}: {p.note}" for p in unknown)
    if open_:
        return plan_end, reason + "; " + _("every procedure list reaches its minimum before it at the trainee's pace")
    return plan_end, reason


def _named(proc: Procedure) -> str:
    """A procedure list's name in the current language (its English name in English, when the plan has one)."""
    return in_language(proc.name, proc.name_en)


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
                    _("{name}: {note}").format(name=_named(proc), note=p.note),
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
                    _("the plan's procedure minimum"),
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
