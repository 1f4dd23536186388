"""Choosing what a command works on: which trainee, which problems block it, which goals to show."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from lisplan.core.i18n import _
from lisplan.core.problems import Problem
from lisplan.core.suggest import did_you_mean

if TYPE_CHECKING:
    from lisplan.compute.progress import Progress
    from lisplan.load.workspace import TraineeFiles, Workspace


def pick_trainee(ws: Workspace, wanted: str | None) -> TraineeFiles | str:
    """The trainee to work on, or why none can be chosen."""
    chosen = choose_trainee(sorted(ws.trainees), wanted)
    return ws.trainees.get(chosen, chosen)


def choose_trainee(ids: list[str], wanted: str | None) -> str:
    """The id of the trainee to work on (one of ``ids``), or why none can be chosen (not one of them)."""
    if wanted is None:
        if len(ids) == 1:
            return ids[0]
        if not ids:
            return _("this plan repo has no trainees (no data/logs/<trainee>/trainee.yaml): add one with lisplan init")
        return _("this plan repo has several trainees ({ids}): choose one with --trainee").format(ids=", ".join(ids))
    if wanted in ids:
        return wanted
    near = did_you_mean(wanted, ids)
    if near:
        return _("no trainee {id!r} in this repo; {suggestion}").format(id=wanted, suggestion=near)
    return _("no trainee {id!r} in this repo (trainees: {ids})").format(id=wanted, ids=", ".join(ids) or _("none"))


def problems_blocking(problems: list[Problem], tf: TraineeFiles) -> list[Problem]:
    """Errors that make a trainee's numbers untrustworthy: anywhere but in other trainees' folders."""
    logs = tf.folder.parent
    return [
        p
        for p in problems
        if p.is_error and not (p.file is not None and p.file.parent.parent == logs and p.file.parent != tf.folder)
    ]


def filter_goals(progress: Progress, part: str | None, area: str | None) -> Progress:
    from lisplan.compute.progress import (
        summarize,  # not at import: the commands that only pick a trainee skip it
    )

    def keep(g) -> bool:  # type: ignore[no-untyped-def]
        info = g.info
        if part and part.casefold() not in {
            info.goal.part.casefold(),
            info.part_name.casefold(),
            *(s.casefold() for s in info.sections),
        }:
            return False
        return not area or (info.area_name or "").casefold() == area.casefold() or (info.goal.area or "") == area

    goals = [g for g in progress.goals if keep(g)]
    summary, parts = summarize(goals)
    return replace(progress, goals=goals, summary=summary, parts=parts)
