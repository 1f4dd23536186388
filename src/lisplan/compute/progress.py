"""Where a trainee stands: each goal's state, each activity and procedure list, and the summaries.

Pure computation over a loaded workspace, as of an explicit date. Rules (documents 000 and 004): an
introduction, a procedure list and an MDT meeting count only when a supervisor signs them off; teaching,
courses and self-study are signed by the trainee; a goal is approved when a supervisor signs it off; a
plan's readiness rule makes a goal unreachable before enough service.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from enum import StrEnum
from operator import itemgetter

from lisplan.checks.references import scope
from lisplan.compute.facts import Facts, before_in_force, gather
from lisplan.compute.migration import Migration, pending_migrations
from lisplan.compute.plan_rules import exempt_courses
from lisplan.compute.service import date_after_service, service_months
from lisplan.core.i18n import N_, _, in_language, word
from lisplan.core.kinds import ACTIVITY_NAMES
from lisplan.load.workspace import GoalInfo, TraineeFiles, Workspace
from lisplan.models.log import (
    SupervisionEntry,
    Trainee,
)
from lisplan.models.plan import (
    Activity,
    ActivityKind,
    Plan,
    Procedure,
    months_for_specialty,
    specialty_months,
)

OVERDUE_DAYS = 30  # surgical logbooks remind trainers after about a month; we flag the same

# How a goal's sign-off can fall short of what the regulation calls approval: a supervisor approves a
# goal after its activities are done (000: «skal kvitteres ut av supervisør etter gjennomføring») and
# not before the plan's readiness month (000).
# lisplan still counts the sign-off (Kompetanseportalen is the legal record) but marks the goal, and
# check warns under the same code. A sign-off by the trainee does not count at all (document 000).
SIGNOFF_BEFORE_ACTIVITIES = "signoff-before-activities"
SIGNOFF_BEFORE_READINESS = "signoff-before-readiness"
SIGNOFF_BY_TRAINEE = "self-signoff"
SIGNOFF_NOT_SUPERVISOR = "signoff-not-supervisor"
SIGNOFF_TEXT = {  # marked for the catalogs; shown translated (present/review.py, present/status.py)
    SIGNOFF_BEFORE_ACTIVITIES: N_("signed off before its activities were done"),
    SIGNOFF_BEFORE_READINESS: N_("signed off before the plan's readiness month"),
    SIGNOFF_BY_TRAINEE: N_("signed off by the trainee, which does not count"),
    SIGNOFF_NOT_SUPERVISOR: N_("signed off by someone who is not a supervisor in the plan"),
}


class State(StrEnum):
    APPROVED = "approved"
    READY = "ready"
    IN_PROGRESS = "in_progress"
    NOT_STARTED = "not_started"
    NOT_ELIGIBLE = "not_eligible"


STATES = list(State)


@dataclass
class ActivityProgress:
    kind: str
    required: int
    done: int
    procedure: str | None = None
    course: str | None = None
    topic: str | None = None
    complete: bool = False
    completed_on: dt.date | None = None
    awaiting_signoff_since: dt.date | None = None
    #: when the work itself was done (the count reached), signed off or not: what an approval must follow
    done_on: dt.date | None = None
    #: the procedure list's names (bokmål, English), so that it reads by name, not by id
    procedure_names: tuple[str, str | None] | None = None
    course_name: str | None = None  # the course's name, for the same reason
    #: a nationally recommended course the plan does not ask for: it contributes to the goal (004: «skal
    #: bidra til kompetanse i»), so it counts as work on the goal but does not make it ready on its own
    contributes: bool = False
    #: part of it is done though it is not complete: one course of a choice group of two
    begun: bool = False

    def describe(self) -> str:
        what = self.procedure or self.course or self.topic
        if self.procedure and self.procedure_names:
            what = in_language(*self.procedure_names)
        elif self.course and self.course_name:
            what = self.course_name
        kind = word(ACTIVITY_NAMES, self.kind)
        return f"{kind} {what}" if what else kind


@dataclass
class GoalProgress:
    info: GoalInfo
    state: State
    activities: list[ActivityProgress]
    approved_on: dt.date | None = None
    approved_by: str | None = None
    eligible_after_months: float | None = None
    ready_since: dt.date | None = None
    touched: bool = False
    carried_over: str | None = None  # the crosswalk the approval was carried over by (lisplan migrate)
    #: why the goal's sign-off is not what the regulation means by approval (codes, see approval_flags)
    flags: list[str] = field(default_factory=list)

    def missing(self) -> list[str]:
        """What the goal still needs, in words: each activity not complete. A goal whose only activities
        are courses that contribute, all taken, still needs what the plan asks, which it does not name."""
        left = [a.describe() for a in self.activities if not a.complete]
        if (
            not left
            and self.state is State.IN_PROGRESS
            and self.activities
            and all(a.contributes for a in self.activities)
        ):
            left = [_("the plan's learning activities (it names none; a course only contributes)")]
        return left


@dataclass
class ProcedureProgress:
    procedure: Procedure
    done: int
    by_role: dict[str, int]
    reached_on: dt.date | None
    signed_off_on: dt.date | None
    goals: list[str] = field(default_factory=list)
    started_on: dt.date | None = None  # the first counted one: where the trainee's pace is measured from
    by_month: dict[str, int] = field(default_factory=dict)  # "YYYY-MM" -> examinations first counted then

    @property
    def left(self) -> int:
        """How many more the minimum asks for; 0 for a list with no minimum set (nothing to count towards)."""
        return max(self.procedure.minimum - self.done, 0) if self.procedure.minimum is not None else 0

    @property
    def complete(self) -> bool:
        """Signed off *and* at its minimum: a sign-off below the minimum does not hide the shortfall. With
        no minimum set, the supervisor's sign-off alone completes it."""
        reached = self.reached_on is not None or self.procedure.minimum is None
        return self.signed_off_on is not None and reached

    @property
    def worth_showing(self) -> bool:
        """A list with no minimum set and nothing logged says nothing: tables and views leave it out."""
        return self.procedure.minimum is not None or self.done > 0

    @property
    def signed_below_minimum(self) -> bool:
        """Signed off before the examination that reached the minimum (or before it was reached at all)."""
        if self.procedure.minimum is None:
            return False
        return self.signed_off_on is not None and (self.reached_on is None or self.signed_off_on < self.reached_on)


@dataclass
class Summary:
    total: int = 0
    counts: Counter[State] = field(default_factory=Counter)

    def add(self, state: State) -> None:
        self.total += 1
        self.counts[state] += 1

    @property
    def percent_approved(self) -> float:
        return round(100 * self.counts[State.APPROVED] / self.total, 1) if self.total else 0.0

    def as_dict(self) -> dict[str, float | int]:
        return {
            "total": self.total,
            **{s.value: self.counts[s] for s in STATES},
            "percent_approved": self.percent_approved,
        }


@dataclass
class PartSummary:
    set_id: str
    part: str
    part_name: str
    area: str | None
    summary: Summary


@dataclass
class BacklogItem:
    what: str
    goal: str | None
    since: dt.date
    days: int

    @property
    def overdue(self) -> bool:
        return self.days > OVERDUE_DAYS


@dataclass
class Progress:
    trainee: Trainee
    plan: Plan
    as_of: dt.date
    service_months: float
    goals: list[GoalProgress]
    procedures: list[ProcedureProgress]
    courses_taken: dict[str, dt.date]
    required_courses: list[tuple[str, dt.date | None]]
    summary: Summary
    parts: list[PartSummary]
    backlog: list[BacklogItem]
    supervision: list[SupervisionEntry]
    #: every approval up to as-of, in any set (``set:code`` -> (date, by)), for migrations
    approvals: dict[str, tuple[dt.date, str]] = field(default_factory=dict)
    #: goal sets the trainee is under that a set in force on as-of replaced (see migration.py)
    migrations: list[Migration] = field(default_factory=list)
    #: of service_months, those at arenas of the specialty (what readiness counts; models/plan.py)
    specialty_months: float = 0.0
    #: courses logged under a choice group's name (or former name) rather than a course's: group id -> dates
    group_courses: dict[str, list[dt.date]] = field(default_factory=dict)
    #: goal set id -> its name and English name: what a trainee reads names a set by it, in the language
    #: it is shown in (nuk-2025 is «Nukleærmedisin, læringsmål 2025»)
    set_names: dict[str, tuple[str, str | None]] = field(default_factory=dict)


# --- activities -------------------------------------------------------------------------------------


def _procedure_progress(plan: Plan, facts: Facts, goal_of: dict[str, list[str]]) -> dict[str, ProcedureProgress]:
    # each list's first sign-off, in any goal: one pass over the sign-offs, not one per list
    signed: dict[str, dt.date] = {}
    for (_g, kind, proc_id), day in facts.activity_signoffs.items():
        if kind == ActivityKind.PROCEDURE_LIST.value and proc_id is not None:
            signed[proc_id] = min(signed.get(proc_id, day), day)
    out = {}
    for proc in plan.procedures:
        # by day only (the logs are nearly in date order already, so this is one pass): on one day the order
        # changes neither what counts nor the month it counts in, only the order of by_role (_by_role).
        exams = sorted(facts.procedures.get(proc.id, []), key=_DAY)
        # One examination counts once, whatever roles are logged for it (described and later signed is one):
        # on the first day it was logged in a role the list counts (read backwards, the first day is kept).
        counted = set(proc.count_roles)
        first_day = {number: day for day, role, number in reversed(exams) if role in counted}
        days = sorted(first_day.values())
        reached = days[proc.minimum - 1] if proc.minimum is not None and len(days) >= proc.minimum else None
        started = days[0] if days else None
        out[proc.id] = ProcedureProgress(
            proc,
            len(days),
            _by_role(exams),
            reached,
            signed.get(proc.id),
            goal_of.get(proc.id, []),
            started,
            _by_month(days),
        )
    return out


def _by_month(days: list[dt.date]) -> dict[str, int]:
    """How many of ``days`` (sorted) fall in each month ("YYYY-MM"), in calendar order: each day's month
    is written once, not once per examination."""
    months: dict[str, int] = {}
    for day, n in Counter(days).items():
        month = f"{day.year:04d}-{day.month:02d}"
        months[month] = months.get(month, 0) + n
    return months


_DAY, _ROLE = itemgetter(0), itemgetter(1)


def _by_role(exams: list[tuple[dt.date, str, str]]) -> dict[str, int]:
    """How many examinations were logged in each role, the roles in the order of their first day and, on
    one day, by name: the order a sort by (day, role, number) meets them in, as status and JSON show it."""
    counts = Counter(map(_ROLE, exams))
    first = {role: next(day for day, r, _number in exams if r == role) for role in counts}
    return {role: counts[role] for role in sorted(counts, key=lambda role: (first[role], role))}


def _activity(
    ws: Workspace, act: Activity, g: GoalInfo, facts: Facts, procs: dict[str, ProcedureProgress]
) -> ActivityProgress:
    kind = act.kind
    ap = ActivityProgress(kind.value, act.count, 0, act.procedure, act.course, act.topic)
    course = ws.courses.get(act.course) if act.course else None
    ap.course_name = course.name if course else None
    if kind is ActivityKind.PROCEDURE_LIST and act.procedure in procs:
        pp = procs[act.procedure]
        ap.procedure_names = (pp.procedure.name, pp.procedure.name_en)
        # no minimum set: the list asks for examinations, and is done from the first one logged
        unset = pp.procedure.minimum is None
        ap.required, ap.done = pp.procedure.minimum or max(pp.done, 1), pp.done
        signed = facts.activity_signoffs.get((g.key, kind.value, act.procedure)) or pp.signed_off_on
        _supervised(ap, pp.started_on if unset else pp.reached_on, signed)
        ap.done_on = pp.reached_on
        if ap.complete and pp.reached_on is not None and ap.completed_on is not None:
            # signed below the minimum: complete only from the examination that reached it
            ap.completed_on = max(ap.completed_on, pp.reached_on)
    elif kind in (ActivityKind.INTRODUCTION, ActivityKind.MDT):
        dates = (
            facts.introductions.get(g.key, [])
            if kind is ActivityKind.INTRODUCTION
            else (
                [d for d, _ in facts.mdts.get(g.key, [])]
                or (facts.mdt_topics.get(act.topic.casefold(), []) if act.topic else [])
            )
        )
        ap.done = len(dates)
        signed = facts.activity_signoffs.get((g.key, kind.value, None))
        first = sorted(dates)[act.count - 1] if len(dates) >= act.count else None
        _supervised(ap, first, signed, signed_counts_alone=True)
        ap.done_on = min((d for d in (first, signed) if d is not None), default=None)
    elif kind is ActivityKind.COURSE:
        dates, ap.begun = _course_dates(ws, act, g, facts)
        ap.done = len(dates)
        ap.complete = ap.done >= ap.required
        ap.completed_on = ap.done_on = sorted(dates)[act.count - 1] if ap.complete else None
    else:
        logged = sorted((facts.teaching if kind is ActivityKind.TEACHING else facts.self_study).get(g.key, []))
        ap.done = len(logged)
        ap.complete = ap.done >= ap.required
        ap.completed_on = ap.done_on = logged[act.count - 1] if ap.complete else None
    return ap


def _supervised(
    ap: ActivityProgress, finished: dt.date | None, signed: dt.date | None, signed_counts_alone: bool = False
) -> None:
    """A supervisor-signed activity is complete only with the sign-off (document 000)."""
    if signed is not None and (finished is not None or signed_counts_alone):
        ap.complete, ap.completed_on = True, signed
        ap.done = max(ap.done, ap.required) if signed_counts_alone else ap.done
    elif finished is not None and ap.done >= ap.required:
        ap.awaiting_signoff_since = finished


def _course_dates(ws: Workspace, act: Activity, g: GoalInfo, facts: Facts) -> tuple[list[dt.date], bool]:
    """The days a course covering the goal was complete (a choice group once enough of it is taken), and
    whether some of a group covering it is taken without the group being complete (one of two: begun)."""
    if act.course:
        return ([facts.courses[act.course]] if act.course in facts.courses else []), False
    dates = [d for cid, d in facts.courses.items() if _covers(ws, ws.courses[cid].goals, g)]
    begun = False
    for group in ws.choice_groups.values():
        if _covers(ws, group.goals, g):
            taken = sorted(
                [facts.courses[c] for c in group.courses if c in facts.courses] + facts.group_courses.get(group.id, [])
            )
            if len(taken) >= group.choose:
                dates.append(taken[group.choose - 1])
            elif taken:
                begun = True
    return dates, begun


def _covers(ws: Workspace, refs: list[str], g: GoalInfo) -> bool:
    for ref in refs:
        found = ws.resolve_goal(ref)
        if isinstance(found, GoalInfo) and found.key == g.key:
            return True
        if not isinstance(found, GoalInfo) and ref.split(":")[-1] == g.code:
            return True
    return False


def _national_course_goals(ws: Workspace) -> set[str]:
    keys = set()
    for refs in [c.goals for c in ws.courses.values()] + [gr.goals for gr in ws.choice_groups.values()]:
        for ref in refs:
            found = ws.resolve_goal(ref)
            if isinstance(found, GoalInfo):
                keys.add(found.key)
    return keys


# --- goals ------------------------------------------------------------------------------------------


#: the course activity a nationally recommended course adds to the goals it covers (see _requirements)
_NATIONAL_COURSE = Activity(kind=ActivityKind.COURSE)


def _requirements(ws: Workspace, plan: Plan, sets: list[str]) -> dict[str, list[Activity]]:
    """The activities each goal asks for: the plan's, and a course where a nationally recommended course
    covers the goal and the plan names no course for it. That course contributes to the goal (004: «Kurset
    skal bidra til kompetanse i følgende læringsmål»); it is not what the plan asks (see _state)."""
    req: dict[str, list[Activity]] = defaultdict(list)
    for ga in plan.goal_activities:
        found = ws.resolve_goal(ga.goal, sets)
        if isinstance(found, GoalInfo):
            req[found.key] += ga.activities
    if plan.national_courses:
        for key in _national_course_goals(ws):
            if not any(a.kind is ActivityKind.COURSE for a in req[key]):
                req[key].append(_NATIONAL_COURSE)
    return req


def readiness_months(ws: Workspace, plan: Plan, sets: list[str]) -> dict[str, float]:
    """For each goal, the months of service the plan's first matching readiness rule asks for."""
    months: dict[str, float] = {}
    for rule in plan.readiness:
        for g in ws.select(rule.goals, sets):
            months.setdefault(g.key, rule.after_months)
    return months


def _state(gp: GoalProgress, served: float) -> State:
    if gp.approved_on is not None:
        return State.APPROVED
    started = gp.touched or any(a.done or a.begun for a in gp.activities)
    if gp.eligible_after_months is not None and served < gp.eligible_after_months:
        # work logged before the readiness month shows as in progress (a 2026 starter's three skeleton
        # scintigraphies are 3/400 of NUK-116); it cannot be ready for sign-off before that month
        return State.IN_PROGRESS if started else State.NOT_ELIGIBLE
    # ready when every activity is complete and the plan asked for one: a course that only contributes
    # (a national one the plan does not name) does not make a goal the plan asks nothing of ready
    if gp.activities and all(a.complete for a in gp.activities) and not all(a.contributes for a in gp.activities):
        return State.READY
    if started:
        return State.IN_PROGRESS
    return State.NOT_STARTED


def _ready_since(plan: Plan, profile: Trainee, gp: GoalProgress) -> dt.date | None:
    """Since when a ready goal could be approved: the later of the day its last activity was complete and
    the day the trainee had served the months the plan's readiness rule asks for at arenas of the
    specialty (000 Del 1: «... etter ett og et halvt år»). Before that day a sign-off would itself be
    signoff-before-readiness (signoff_flags counts the day's own service), so the wait is counted from it."""
    done = max((a.completed_on for a in gp.activities if a.completed_on), default=None)
    after = gp.eligible_after_months
    readiness = approvable_from(plan, profile, after) if after else None
    return max((d for d in (done, readiness) if d is not None), default=None)


def approvable_from(plan: Plan, profile: Trainee, months: float) -> dt.date | None:
    """The first day a sign-off of a goal the readiness rule gives ``months`` is not before readiness: the
    day on which that much service at arenas of the specialty is complete. signoff_flags counts the day's
    own service (service_months runs up to and including it), so a sign-off that day is valid; status's
    «ready since» and schedule's «can be approved from» are both this day."""
    return date_after_service(profile, months_for_specialty(plan, months))


def signoff_flags(ws: Workspace, tf: TraineeFiles, gp: GoalProgress, day: dt.date, by: str) -> list[str]:
    """Why a sign-off of ``gp``'s goal on ``day`` by ``by`` is not an approval as the regulation means it.

    Early: some activity the plan requires for the goal was not done by ``day`` (a procedure list done
    means its minimum reached). Premature: fewer months of service on ``day`` than the plan's readiness
    rule asks for the goal. The signer: the trainee, or someone the plan and profile do not list as a
    supervisor.
    """
    assert tf.profile is not None
    flags = []
    if any(a.done_on is None or a.done_on > day for a in gp.activities):
        flags.append(SIGNOFF_BEFORE_ACTIVITIES)
    after = gp.eligible_after_months
    plan = ws.plan_of(tf)
    served = service_months(tf.profile, day)
    if (
        after is not None and (specialty_months(plan, served) if plan else served) < after
    ):  # months served where it counts
        flags.append(SIGNOFF_BEFORE_READINESS)
    if by in (tf.id, "self"):
        flags.append(SIGNOFF_BY_TRAINEE)
    elif by not in ws.supervisors_for(tf):
        flags.append(SIGNOFF_NOT_SUPERVISOR)
    return flags


def compute(ws: Workspace, tf: TraineeFiles, as_of: dt.date) -> Progress:
    """The trainee's progress as of a date. The workspace must have passed the loader's checks."""
    profile = tf.profile
    plan = ws.plan_of(tf)
    assert profile is not None and plan is not None, "compute() needs a trainee with a valid plan"
    # the sets in force on as-of (a revised set replaces the old from its in-force date); a set not yet in
    # force is not required
    trainee_sets = [s for s in ws.trainee_sets(tf, as_of) if not before_in_force(ws, s, as_of)]
    sets = scope(ws, tf)[1]
    facts = gather(ws, tf, plan, sets, as_of)
    served = service_months(profile, as_of)
    in_specialty = specialty_months(plan, served)
    req = _requirements(ws, plan, sets)
    goal_of: dict[str, list[str]] = defaultdict(list)
    for key, acts in req.items():
        for a in acts:
            if a.procedure:
                goal_of[a.procedure].append(ws.goals[key].code)
    for proc in plan.procedures:  # a list that names its goals, without being one of their activities
        for ref in proc.goals:
            info = ws.resolve_goal(ref, sets)
            if isinstance(info, GoalInfo) and info.code not in goal_of[proc.id]:
                goal_of[proc.id].append(info.code)
    procs = _procedure_progress(plan, facts, goal_of)
    ready_rules = readiness_months(ws, plan, sets)
    goals = []
    for g in ws.goals_in_sets(trainee_sets):
        done = [_activity(ws, a, g, facts, procs) for a in req.get(g.key, [])]
        for a, ap in zip(req.get(g.key, []), done, strict=True):
            ap.contributes = a is _NATIONAL_COURSE
        approved = facts.approvals.get(g.key)
        gp = GoalProgress(
            g,
            State.NOT_STARTED,
            done,
            approved[0] if approved else None,
            approved[1] if approved else None,
            ready_rules.get(g.key),
            touched=g.key in facts.touched,
            carried_over=facts.carried.get(g.key) if approved else None,
        )
        gp.state = _state(gp, in_specialty)
        if approved and not gp.carried_over:  # a carried approval rests on its crosswalk, not a new signature
            gp.flags = signoff_flags(ws, tf, gp, *approved)
        elif g.key in facts.self_signed:
            gp.flags = [SIGNOFF_BY_TRAINEE]
        if gp.state is State.READY:
            gp.ready_since = _ready_since(plan, profile, gp)
        goals.append(gp)
    summary, parts = summarize(goals)
    exempt = exempt_courses(plan, profile)  # a throughput trainee's (000 §2.1.6)
    required = [(c, facts.courses.get(c)) for c in ws.required_courses(plan) if c not in exempt]
    return Progress(
        profile,
        plan,
        as_of,
        served,
        goals,
        list(procs.values()),
        facts.courses,
        required,
        summary,
        parts,
        _backlog(goals, procs, facts, as_of, ws),
        facts.supervision,
        facts.approvals,
        pending_migrations(ws, tf, facts.approvals, as_of),
        in_specialty,
        dict(facts.group_courses),
        {sid: (gs.name, gs.name_en) for sid, gs in ws.goal_sets.items()},
    )


def summarize(goals: list[GoalProgress]) -> tuple[Summary, list[PartSummary]]:
    """Counts per state overall, per part, and per area within a part (in catalog order)."""
    total = Summary()
    rows: dict[tuple[str, str, str | None], PartSummary] = {}
    for gp in goals:
        total.add(gp.state)
        info = gp.info
        keys = [(info.set_id, info.goal.part, None)] + (
            [(info.set_id, info.goal.part, info.area_name)] if info.area_name else []
        )
        for key in keys:
            row = rows.get(key)
            if row is None:
                row = rows[key] = PartSummary(info.set_id, info.goal.part, info.part_name, key[2], Summary())
            row.summary.add(gp.state)
    return total, list(rows.values())


def _backlog(
    goals: list[GoalProgress], procs: dict[str, ProcedureProgress], facts: Facts, as_of: dt.date, ws: Workspace
) -> list[BacklogItem]:
    items: list[BacklogItem] = []

    def add(what: str, goal: str | None, since: dt.date | None) -> None:
        if since is not None:
            items.append(BacklogItem(what, goal, since, (as_of - since).days))

    for gp in goals:
        if gp.state is State.READY:
            add(_("approval of {goal}").format(goal=gp.info.code), gp.info.code, gp.ready_since)
    signed = {(g, k) for g, k, _by in facts.activity_signoffs}
    # a goal's approval covers its activities: nothing of an approved goal waits for a signature
    approved = {gp.info.key for gp in goals if gp.state is State.APPROVED}
    for kind, table in (("introduction", facts.introductions), ("mdt", facts.mdts)):
        for key, values in table.items():
            if (key, kind) not in signed and key not in approved:
                first = min(v if isinstance(v, dt.date) else v[0] for v in values)
                what = _("introduction for {goal}") if kind == "introduction" else _("MDT meeting for {goal}")
                add(what.format(goal=ws.goals[key].code), ws.goals[key].code, first)
    for pp in procs.values():
        if pp.reached_on is not None and pp.signed_off_on is None:
            add(
                _("procedure list {name} ({done}/{minimum})").format(
                    name=pp.procedure.name, done=pp.done, minimum=pp.procedure.minimum
                ),
                pp.goals[0] if pp.goals else None,
                pp.reached_on,
            )
    return sorted(items, key=lambda i: -i.days)
