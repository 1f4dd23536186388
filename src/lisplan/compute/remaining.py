"""What is left for a trainee, and where it can be done.

Built on a computed :class:`~lisplan.compute.progress.Progress`: goals not yet approved grouped by the arena
of the trainee's plan that offers them (or the institution an agreement names), courses ranked by
how many remaining goals each covers, procedure lists with how many are left, and supervision
meetings due under the plan's minimums (document 000: at least 4 guidance meetings a year, 12 group
sessions with at least 2 per topic; document 001: 8 individual and 2 group a year).
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter
from dataclasses import dataclass, field

from lisplan.compute.plan_rules import exempt_courses, missed_reviews
from lisplan.compute.progress import GoalProgress, Progress, State
from lisplan.core.i18n import _
from lisplan.load.workspace import GoalInfo, Workspace, topic_key


@dataclass
class Place:
    where: str  # "arena:<id>", "agreement:<id>" or "unplaced"
    name: str
    goals: list[GoalProgress] = field(default_factory=list)


@dataclass
class CourseNeed:
    course: str
    name: str
    goals: list[str]
    required_by_plan: bool
    national: str | None = None  # the source, when the specialty requires it under every plan


@dataclass
class SupervisionDue:
    what: str
    required: int
    held: int
    yearly: bool = False  # a minimum per year (counted over the last 12 months), not one for the whole training

    @property
    def due(self) -> int:
        return max(self.required - self.held, 0)


@dataclass
class ChoiceNeed:
    """A choice of courses not yet made in full («To psykoterapikurs innen følgende tre», 004)."""

    group: str
    name: str
    choose: int
    of: list[str]  # the group's course ids
    taken: list[str]  # course ids taken, and the group's own name for each logged under it

    @property
    def left(self) -> int:
        return max(self.choose - len(self.taken), 0)

    def describe(self) -> str:
        open_ = [c for c in self.of if c not in self.taken]
        return (
            f"{self.choose} of {len(self.of)} ({self.name}): {len(self.taken)} taken, "
            f"take {self.left} more of {', '.join(open_)}"
        )


@dataclass
class Remaining:
    progress: Progress
    places: list[Place]
    courses: list[CourseNeed]
    procedures: list[tuple[str, str, int, int]]  # id, name, done, left
    supervision: list[SupervisionDue]
    choices: list[ChoiceNeed] = field(default_factory=list)


def compute_remaining(ws: Workspace, progress: Progress) -> Remaining:
    plan = progress.plan
    sets = sorted(set(plan.goal_sets) | {g.info.set_id for g in progress.goals})
    left = [g for g in progress.goals if g.state is not State.APPROVED]
    places: list[Place] = []
    placed: set[str] = set()
    for where, name, selector in [(f"arena:{a.id}", a.name, a.offers) for a in plan.arenas] + [
        (f"agreement:{a.id}", f"{a.institution}" + (f" — {a.name}" if a.name else ""), a.offers)
        for a in plan.agreements
    ]:
        offered = {g.key for g in ws.select(selector, sets)}
        place = Place(where, name, [g for g in left if g.info.key in offered and g.info.key not in placed])
        placed |= {g.info.key for g in place.goals}
        if place.goals:
            places.append(place)
    rest = [g for g in left if g.info.key not in placed]
    if rest:
        places.append(Place("unplaced", _("not offered by the plan's arenas or agreements"), rest))
    return Remaining(
        progress,
        places,
        _courses(ws, progress, left),
        _procedures(progress),
        _supervision(ws, progress),
        _choices(ws, progress),
    )


def _choices(ws: Workspace, progress: Progress) -> list[ChoiceNeed]:
    """Choice groups that bear on the trainee's goals (or that they took a course of) and are not done."""
    mine = {g.info.key for g in progress.goals}
    found = []
    for group in ws.choice_groups.values():
        covers = any(isinstance(f, GoalInfo) and f.key in mine for f in map(ws.resolve_goal, group.goals))
        taken = [c for c in group.courses if c in progress.courses_taken]
        taken += [group.id] * len(progress.group_courses.get(group.id, []))
        if (covers or taken) and len(taken) < group.choose:
            found.append(ChoiceNeed(group.id, group.name, group.choose, list(group.courses), taken))
    return found


def _courses(ws: Workspace, progress: Progress, left: list[GoalProgress]) -> list[CourseNeed]:
    left_keys = {g.info.key: g.info.code for g in left}
    needs: dict[str, CourseNeed] = {}
    exempt = exempt_courses(progress.plan, progress.trainee)  # not asked of a throughput trainee (000 §2.1.6)
    for course in ws.courses.values():
        if course.id in progress.courses_taken or course.id in exempt:
            continue
        covered = [
            left_keys[f.key]
            for f in (ws.resolve_goal(r) for r in course.goals)
            if isinstance(f, GoalInfo) and f.key in left_keys
        ]
        if covered:
            needs[course.id] = CourseNeed(course.id, course.name, covered, False)
    national = ws.national_courses(progress.plan.specialty)
    for cid, taken in progress.required_courses:
        if taken is None and cid in ws.courses:
            need = needs.setdefault(cid, CourseNeed(cid, ws.courses[cid].name, [], False))
            need.required_by_plan = cid in progress.plan.required_courses
            need.national = national.get(cid)
    return sorted(needs.values(), key=lambda n: (-len(n.goals), not (n.required_by_plan or n.national), n.course))


def _procedures(progress: Progress) -> list[tuple[str, str, int, int]]:
    rows = [  # a list with no minimum set has nothing left to reach (its count shows beside its goals)
        (p.procedure.id, p.procedure.name, p.done, p.left)
        for p in progress.procedures
        if not p.complete and p.procedure.minimum is not None
    ]
    return sorted(rows, key=lambda r: r[3])


def _supervision(ws: Workspace, progress: Progress) -> list[SupervisionDue]:
    rules = progress.plan.supervision
    as_of = progress.as_of
    year_ago = as_of - dt.timedelta(days=365)
    last_year = [s for s in progress.supervision if s.date > year_ago]
    years = min(max((as_of - progress.trainee.start).days / 365.25, 0.0), 1.0)
    due: list[SupervisionDue] = []
    if rules.individual_per_year:
        held = sum(s.supervision == "individual" for s in last_year)
        due.append(
            SupervisionDue(
                _("individual guidance meetings in the last 12 months"),
                math.ceil(rules.individual_per_year * years),
                held,
                yearly=True,
            )
        )
    if rules.group_per_year:
        held = sum(s.supervision == "group" for s in last_year)
        due.append(
            SupervisionDue(
                _("group supervision sessions in the last 12 months"),
                math.ceil(rules.group_per_year * years),
                held,
                yearly=True,
            )
        )
    groups = [s for s in progress.supervision if s.supervision == "group"]
    if rules.group_total:
        due.append(SupervisionDue(_("group supervision sessions in all"), rules.group_total, len(groups)))
    if rules.group_min_per_topic:
        names = ws.group_topics(progress.plan)  # 000's names and the plan's aliases, as well as the ids
        per_topic = Counter(names.get(topic_key(s.topic or ""), "") for s in groups)
        for topic in rules.group_topics:
            tid, name = (topic, topic) if isinstance(topic, str) else (topic.id, topic.name or topic.id)
            due.append(
                SupervisionDue(
                    _("group supervision sessions on {topic}").format(topic=name),
                    rules.group_min_per_topic,
                    per_topic.get(tid, 0),
                )
            )
    for window in missed_reviews(progress.plan, progress.trainee, progress.supervision, progress.as_of):
        due.append(SupervisionDue(_("review of the individual plan, {window}").format(window=window), 1, 0))
    return due
