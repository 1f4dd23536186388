"""The facts in a trainee's logs, indexed once: what compute/progress.py makes each goal's and list's
progress of (sign-offs, introductions, MDT meetings, examinations, courses, teaching, self-study,
supervision), each entry read once and only up to the as-of date."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from lisplan.load.workspace import GoalInfo, TraineeFiles, Workspace
from lisplan.models.log import (
    CourseEntry,
    IntroductionEntry,
    MdtEntry,
    ProcedureEntry,
    SelfStudyEntry,
    SignoffEntry,
    SupervisionEntry,
    TeachingEntry,
)
from lisplan.models.plan import SUPERVISOR_SIGNED, Plan


@dataclass
class Facts:
    approvals: dict[str, tuple[dt.date, str]] = field(default_factory=dict)
    #: goals whose only sign-offs were the trainee's own: they do not count (see approval_flags)
    self_signed: set[str] = field(default_factory=set)
    activity_signoffs: dict[tuple[str, str, str | None], dt.date] = field(default_factory=dict)
    introductions: dict[str, list[dt.date]] = field(default_factory=lambda: defaultdict(list))
    mdts: dict[str, list[tuple[dt.date, str]]] = field(default_factory=lambda: defaultdict(list))
    mdt_topics: dict[str, list[dt.date]] = field(default_factory=lambda: defaultdict(list))
    #: procedure id -> (date, role, accession or stay number) of each logged examination
    procedures: dict[str, list[tuple[dt.date, str, str]]] = field(default_factory=lambda: defaultdict(list))
    courses: dict[str, dt.date] = field(default_factory=dict)
    group_courses: dict[str, list[dt.date]] = field(default_factory=lambda: defaultdict(list))
    carried: dict[str, str] = field(default_factory=dict)  # goal key -> the crosswalk its approval came by
    teaching: dict[str, list[dt.date]] = field(default_factory=lambda: defaultdict(list))
    self_study: dict[str, list[dt.date]] = field(default_factory=lambda: defaultdict(list))
    touched: set[str] = field(default_factory=set)
    supervision: list[SupervisionEntry] = field(default_factory=list)


_UNSEEN: list[tuple[dt.date, str, str]] = []  # a name not looked up yet (exams.get's default)


def gather(ws: Workspace, tf: TraineeFiles, plan: Plan, sets: list[str], as_of: dt.date) -> Facts:
    """The facts of the trainee's entries up to ``as_of``: combined from the per-file fold when one was
    made for this plan, these sets and this day (compute/fold.py), else read from every entry."""
    folded = tf.folded
    if folded is not None and folded.key == (plan.id, tuple(sets), as_of):
        facts: Facts = folded.facts()
        return facts
    return gather_entries(ws, tf, plan, sets, as_of)


def gather_entries(ws: Workspace, tf: TraineeFiles, plan: Plan, sets: list[str], as_of: dt.date) -> Facts:
    """:func:`gather` from the entries themselves."""
    facts = Facts()
    trainee = {tf.id, "self"}
    proc_ids = {p.id: p.id for p in plan.procedures}

    def key(ref: str) -> str | None:
        found = ws.resolve_goal(ref, sets)
        return found.key if isinstance(found, GoalInfo) else None

    # a procedure as logged (nearly always one of a few ids) -> the examinations of its list, or None for
    # a name the plan does not know: looked up once per name, not once per examination
    exams: dict[str, list[tuple[dt.date, str, str]] | None] = {}
    for entry in tf.entries():
        day = entry.date
        if day > as_of:
            continue
        # nearly every entry is an examination; its type is asked first, as isinstance on a pydantic model
        # goes through ABCMeta
        if type(entry) is ProcedureEntry or isinstance(entry, ProcedureEntry):
            found = exams.get(entry.procedure, _UNSEEN)
            if found is _UNSEEN:
                proc = proc_ids.get(entry.procedure) or getattr(ws.procedure(plan, entry.procedure), "id", None)
                found = exams[entry.procedure] = facts.procedures[proc] if proc else None
            if found is not None:
                number = entry.accession
                found.append((day, entry.role, number if number is not None else str(entry.stay)))
        elif isinstance(entry, SignoffEntry):
            g = key(entry.signoff)
            if g is None:
                continue
            # The trainee cannot sign what a supervisor must (document 000): such a sign-off does not
            # count. Anyone else's does, as the legal record would show it; check warns (approval_flags).
            if entry.by in trainee and (entry.activity is None or entry.activity in SUPERVISOR_SIGNED):
                if entry.activity is None:
                    facts.self_signed.add(g)
                continue
            if entry.activity is None:
                if before_in_force(ws, ws.goals[g].set_id, entry.date):
                    continue  # not approvable before its set is in force (check: signoff-before-in-force)
                if g not in facts.approvals and entry.migration:
                    facts.carried[g] = entry.migration  # carried over by a crosswalk; 'by' confirmed it
                facts.approvals.setdefault(g, (entry.date, entry.by))
            else:
                facts.activity_signoffs.setdefault((g, entry.activity.value, entry.procedure), entry.date)
        elif isinstance(entry, IntroductionEntry):
            if (g := key(entry.introduction)) is not None:
                facts.introductions[g].append(entry.date)
                facts.touched.add(g)
        elif isinstance(entry, MdtEntry):
            g = key(entry.goal) if entry.goal else None
            if g is not None:
                facts.mdts[g].append((entry.date, entry.mdt))
                facts.touched.add(g)
            facts.mdt_topics[entry.mdt.casefold()].append(entry.date)
        elif isinstance(entry, CourseEntry):
            course = ws.find_course(entry.course)
            if course is not None:
                facts.courses.setdefault(course.id, entry.date)
            elif (group := ws.find_choice_group(entry.course)) is not None:
                facts.group_courses[group.id].append(entry.date)  # one of the group, named by the group
        elif isinstance(entry, (TeachingEntry, SelfStudyEntry)):
            counter = facts.teaching if isinstance(entry, TeachingEntry) else facts.self_study
            for ref in entry.goals:
                if (g := key(ref)) is not None:
                    counter[g].append(entry.date)
                    facts.touched.add(g)
        elif isinstance(entry, SupervisionEntry):
            facts.supervision.append(entry)
    return facts


def before_in_force(ws: Workspace, set_id: str, day: dt.date) -> bool:
    """Whether ``day`` is before the goal set comes into force (fkm-2026: 2026-03-01)."""
    gs = ws.goal_sets.get(set_id)
    return gs is not None and gs.in_force.from_ is not None and day < gs.in_force.from_
