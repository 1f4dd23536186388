"""The national portal: what of the log still has to be entered in Kompetanseportalen (``lisplan portal``).

Kompetanseportalen (Dossier) stays the legal record the Directorate reads; lisplan is the trainee's own
copy beside it. Document 000 says what goes there: the trainee ticks off courses (with the
certificate), teaching and self-study herself; a supervisor ticks off introductions, procedure lists
and MDT meetings, and approves each goal; the report of each guidance meeting is uploaded under
«dokumenter». So the items are the sign-offs by a supervisor (one per activity or goal; the
procedures and meetings behind them are not entered one by one), courses, teaching and self-study
tied to goals, and supervision meetings. An entry's ``portal:`` key says it was registered there,
and for a supervisor's sign-off, when it was signed there. Items come grouped by goal, in the
catalog's order, which is the order the portal lists the goals in.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lisplan.compute.entries import Names, describe, names, ref
from lisplan.load.workspace import GoalInfo, TraineeFiles, Workspace
from lisplan.models.log import (
    CourseEntry,
    Log,
    PortalState,
    SelfStudyEntry,
    SignoffEntry,
    SupervisionEntry,
    TeachingEntry,
    entry_kind,
)

TO_REGISTER, TO_SIGN = "to-register", "to-sign"


@dataclass
class Item:
    """One entry as the portal sees it."""

    log: Log
    index: int  # 0-based, in the log's entries
    entry: Any
    goal: GoalInfo | None  # the group it is listed under (the first of its goals in portal order)
    goals: list[str]
    by_supervisor: bool  # signed in the portal by a supervisor, not by the trainee
    names: Names = field(default_factory=Names)  # what the entry's ids name, for what()

    @property
    def file(self) -> Path:
        return self.log.origin.file  # type: ignore[union-attr]

    @property
    def ref(self) -> str:
        """How the user names it (``2026:14``; compute/entries.py)."""
        return ref(self.file, self.index)

    @property
    def state(self) -> str | None:
        """What is left to do in the portal, or None when nothing is."""
        portal: PortalState | None = self.entry.portal
        if portal is None:
            return TO_REGISTER
        return TO_SIGN if self.by_supervisor and portal.signed is None else None

    def what(self) -> str:
        """The entry in a few words, with names for ids (supervisors, courses, procedure lists)."""
        dumped = self.entry.model_dump(mode="json", by_alias=True, exclude_none=True)
        return describe(dumped, self.names, entry_kind(self.entry))


@dataclass
class Group:
    goal: GoalInfo | None
    items: list[Item] = field(default_factory=list)


def items(ws: Workspace, tf: TraineeFiles) -> list[Item]:
    """Every entry of the trainee that belongs in the portal, in log order."""
    supervisors = set(ws.supervisors_for(tf)) - {tf.id, "self"}
    sets = portal_sets(ws, tf)
    order = _portal_order(ws, tf)
    named = names(ws, tf)
    found = []
    for log in tf.logs:
        for i, entry in enumerate(log.entries):
            refs = _portal_refs(ws, entry, supervisors)
            if refs is None:
                continue
            goals = [g for g in (ws.resolve_goal(r, sets) for r in refs) if isinstance(g, GoalInfo)]
            first = min(goals, key=lambda g: order.get(g.key, len(order)), default=None)
            found.append(Item(log, i, entry, first, [g.code for g in goals], isinstance(entry, SignoffEntry), named))
    return found


def _portal_refs(ws: Workspace, entry: Any, supervisors: set[str]) -> list[str] | None:
    """The goals an entry is entered under in the portal ([] for none), or None if it is no portal item."""
    if isinstance(entry, SignoffEntry):
        return [entry.signoff] if entry.by in supervisors else None
    if isinstance(entry, CourseEntry):
        course = ws.find_course_or_group(entry.course)
        return list(course.goals) if course else []
    if isinstance(entry, (TeachingEntry, SelfStudyEntry)):
        return list(entry.goals) or None
    if isinstance(entry, SupervisionEntry):
        return []
    return None


def portal_sets(ws: Workspace, tf: TraineeFiles) -> list[str]:
    plan = ws.plan_of(tf)
    return sorted(set(ws.trainee_sets(tf)) | set(plan.goal_sets if plan else []))


def _portal_order(ws: Workspace, tf: TraineeFiles) -> dict[str, int]:
    return {g.key: i for i, g in enumerate(ws.goals_in_sets(ws.trainee_sets(tf) + portal_sets(ws, tf)))}


def outstanding(ws: Workspace, tf: TraineeFiles) -> list[Group]:
    """What is still to be entered or signed in the portal, grouped by goal in portal order; items not
    tied to a goal (supervision reports) last."""
    order = _portal_order(ws, tf)
    groups: dict[str | None, Group] = {}
    for item in items(ws, tf):
        if item.state is not None:
            key = item.goal.key if item.goal else None
            groups.setdefault(key, Group(item.goal)).items.append(item)
    for group in groups.values():
        group.items.sort(key=lambda i: (i.entry.date, str(i.file), i.index))
    return sorted(groups.values(), key=lambda g: (g.goal is None, order.get(g.goal.key, len(order)) if g.goal else 0))


# --- marking what was entered -------------------------------------------------------------------------
