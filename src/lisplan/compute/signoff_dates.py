"""Each sign-off measured against the trainee's progress on its date, for the rules in checks/approval.py.

A goal's sign-off is early when the activities the plan requires for it were not done by its date, or
the trainee had not served the months the plan's readiness rule asks for it (compute/progress.py's
``signoff_flags``, which ``lisplan status`` shows too); a procedure list's, when its minimum was not
reached by its date. Only trainees whose files have no errors are measured (their numbers can be
trusted); commands/session.py runs this after the other checks.
"""

from __future__ import annotations

from collections import defaultdict

from lisplan.checks.approval import EarlyGoal, EarlyList
from lisplan.checks.context import Context
from lisplan.checks.references import scope
from lisplan.compute.progress import (
    SIGNOFF_BEFORE_ACTIVITIES,
    SIGNOFF_BEFORE_READINESS,
    GoalProgress,
    Progress,
    compute,
    signoff_flags,
)
from lisplan.compute.selection import problems_blocking
from lisplan.core.problems import Origin, Problem
from lisplan.load.workspace import GoalInfo, TraineeFiles
from lisplan.models.log import SignoffEntry
from lisplan.models.plan import ActivityKind


def early_signoffs(ctx: Context, problems: list[Problem]) -> list[EarlyGoal | EarlyList]:
    """The early sign-offs of every trainee whose files ``problems`` holds no errors for."""
    found: list[EarlyGoal | EarlyList] = []
    for tf in ctx.ws.trainees.values():
        if tf.profile is None or ctx.ws.plan_of(tf) is None or problems_blocking(problems, tf):
            continue
        found += _trainee(ctx, tf)
    return found


def _trainee(ctx: Context, tf: TraineeFiles) -> list[EarlyGoal | EarlyList]:
    ws, today = ctx.ws, ctx.today
    signoffs = [
        (entry, ctx.origin(log, i))
        for log, i, entry in ctx.of_kind(tf, SignoffEntry)
        if entry.migration is None and entry.date <= today
    ]
    if not signoffs:
        return []
    # A goal is judged within the goal sets in force on its sign-off's date: one computation per
    # combination of sets, as of its last sign-off (what was done later was not done by any of them).
    by_sets: dict[tuple[str, ...], list[tuple[SignoffEntry, Origin]]] = defaultdict(list)
    for entry, origin in signoffs:
        by_sets[tuple(ws.trainee_sets(tf, entry.date))].append((entry, origin))
    found: list[EarlyGoal | EarlyList] = []
    latest = compute(ws, tf, today)
    for group in by_sets.values():
        as_of = max(e.date for e, _ in group)
        progress = latest if tuple(ws.trainee_sets(tf, today)) == tuple(ws.trainee_sets(tf, as_of)) else None
        progress = progress or compute(ws, tf, as_of)
        goals = {gp.info.key: gp for gp in progress.goals}
        for entry, origin in group:
            found += _signoff(ctx, tf, progress, goals, entry, origin)
    return found + _procedure_lists(ctx, latest, signoffs)


def _signoff(
    ctx: Context,
    tf: TraineeFiles,
    progress: Progress,
    goals: dict[str, GoalProgress],
    entry: SignoffEntry,
    origin: Origin,
) -> list[EarlyGoal | EarlyList]:
    if entry.activity is not None or entry.by in (tf.id, "self") or entry.migration is not None:
        # activities are judged below; the trainee's own sign-off does not count (checks/signoffs.py); a
        # carried approval rests on its crosswalk (check_migrations), not on a new signature
        return []
    found = ctx.ws.resolve_goal(entry.signoff, scope(ctx.ws, tf)[1])
    gp = goals.get(found.key) if isinstance(found, GoalInfo) else None
    if gp is None:
        return []
    flags = signoff_flags(ctx.ws, tf, gp, entry.date, entry.by)
    early = SIGNOFF_BEFORE_ACTIVITIES in flags, SIGNOFF_BEFORE_READINESS in flags
    if not any(early):
        return []
    missing = [a.describe() for a in gp.activities if a.done_on is None or a.done_on > entry.date]
    return [
        EarlyGoal(
            origin,
            gp.info.code,
            entry.date,
            progress.plan.institution,
            missing if early[0] else [],
            (gp.eligible_after_months or 0) if early[1] else None,
        )
    ]


def _procedure_lists(
    ctx: Context, progress: Progress, signoffs: list[tuple[SignoffEntry, Origin]]
) -> list[EarlyGoal | EarlyList]:
    procs = {pp.procedure.id: pp for pp in progress.procedures}
    found: list[EarlyGoal | EarlyList] = []
    for entry, origin in signoffs:
        if entry.activity is not ActivityKind.PROCEDURE_LIST or entry.procedure is None:
            continue
        listed = ctx.ws.procedure(progress.plan, entry.procedure)
        pp = procs.get(listed.id) if listed is not None else None
        if pp is None:
            continue
        if pp.reached_on is None or entry.date < pp.reached_on:
            found.append(
                EarlyList(
                    origin,
                    pp.procedure.id,
                    entry.date,
                    pp.reached_on,
                    pp.done,
                    pp.procedure.minimum,
                    progress.as_of,
                )
            )
    return found
