"""Which of a trainee's requirements are lisplan's reading of a source rather than the institution's own
word: goal activities the plan marks ``reading:`` (OUS's 2019 activities carried to the 2025 goals), and
the procedure minimums that only such goals ask for. What a trainee reads marks each with its source."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from lisplan.compute.progress import Progress
from lisplan.core.i18n import _, date, in_language
from lisplan.load.workspace import TraineeFiles, Workspace
from lisplan.models.common import split_ref


@dataclass(frozen=True)
class Reading:
    goal: str  # the trainee's goal (its code)
    source: str  # where the activities are given
    of: str | None  # the goal the source gives them for
    of_set: tuple[str, str | None] | None = None  # the names of that goal's set (nuk-2019's «Nukleærmedisin, …»)

    def describe(self) -> str:
        if self.of:
            _set, code = split_ref(self.of)
            of = _("{code} in {set}").format(code=code, set=in_language(*self.of_set)) if self.of_set else code
            return _("{goal}: its activities are lisplan's reading of {source}, which gives them for {of}").format(
                goal=self.goal, source=self.source, of=of
            )
        return _("{goal}: its activities are lisplan's reading of {source}").format(goal=self.goal, source=self.source)


def readings(progress: Progress) -> list[Reading]:
    """The trainee's goals whose activities in the plan are a reading, in the order of the goals."""
    marked: dict[tuple[str | None, str], tuple[str, str | None]] = {}
    for ga in progress.plan.goal_activities:
        if ga.reading is not None:
            set_id, code = split_ref(ga.goal)
            marked[(set_id, code)] = (ga.reading.source, ga.reading.of)
    found = []
    for g in progress.goals:
        hit = marked.get((g.info.set_id, g.info.code)) or marked.get((None, g.info.code))
        if hit is not None:
            source, of = hit
            of_set = split_ref(of)[0] if of else None
            found.append(Reading(g.info.code, source, of, progress.set_names.get(of_set) if of_set else None))
    return found


def read_procedures(progress: Progress, found: list[Reading]) -> set[str]:
    """Procedure lists (ids) that only goals with read activities ask for: their minimum is a reading too."""
    read, mine = {r.goal for r in found}, {g.info.code for g in progress.goals}
    return {pp.procedure.id for pp in progress.procedures if (asks := set(pp.goals) & mine) and asks <= read}


@dataclass(frozen=True)
class Unheld:
    """Goals that apply to the trainee now but that lisplan does not hold: those a goal set not yet in
    force replaces, when no source gives their codes (the earlier 24 common goals before fkm-2026)."""

    name: str  # the set that replaces them
    count: int
    source: str
    until: dt.date

    def describe(self) -> str:
        return _(
            "Until {date}, the earlier {n} goals that {set} replaces apply ({source}); "
            "lisplan does not hold them, as no source gives their codes"
        ).format(date=date(self.until), n=self.count, set=self.name, source=self.source)


def unheld(ws: Workspace, tf: TraineeFiles, as_of: dt.date) -> list[Unheld]:
    """The trainee's goal sets (the profile's and the plan's) not in force on ``as_of`` whose predecessors
    lisplan does not hold."""
    plan = ws.plan_of(tf)
    found = []
    for sid in dict.fromkeys([*ws.trainee_sets(tf), *(plan.goal_sets if plan else [])]):
        gs = ws.goal_sets.get(sid)
        start = gs.in_force.from_ if gs else None
        if gs and gs.replaces_unlisted and start and as_of < start:
            found.append(Unheld(gs.name, gs.replaces_unlisted.count, gs.replaces_unlisted.source, start))
    return found
