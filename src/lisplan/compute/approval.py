"""Checks that need a trainee's progress: sign-offs that came too early for what they sign.

A goal is approved when a supervisor signs it off after its activities are done (PRODUCT.md), and not
before the plan's readiness rule allows (document 000); a procedure list is signed off once the count
is shown (000, item 5). lisplan counts every such sign-off, as Kompetanseportalen (the legal record)
would show it, and ``lisplan check`` warns, at the sign-off entry:

- ``signoff-before-activities``: the goal's approval came before its required activities were done;
- ``signoff-before-readiness``: the goal's approval came before the plan's readiness month for it;
- ``signoff-below-minimum``: a procedure list was signed off before its minimum was reached.

The signer's rules (``self-signoff``, ``signoff-not-supervisor``) need no progress: checks/signoffs.py.
These run after the other checks (commands/session.py), on trainees whose files have no errors.
"""

from __future__ import annotations

from collections import defaultdict

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
from lisplan.core.i18n import _, date, number
from lisplan.core.problems import Origin, Problem, warning
from lisplan.load.workspace import GoalInfo, TraineeFiles
from lisplan.models.log import SignoffEntry
from lisplan.models.plan import ActivityKind

SIGNOFF_BELOW_MINIMUM = "signoff-below-minimum"


def check_approvals(ctx: Context, problems: list[Problem]) -> list[Problem]:
    """The early sign-offs of every trainee whose files ``problems`` holds no errors for."""
    found: list[Problem] = []
    for tf in ctx.ws.trainees.values():
        if tf.profile is None or ctx.ws.plan_of(tf) is None or problems_blocking(problems, tf):
            continue
        found += _trainee(ctx, tf)
    return found


def _trainee(ctx: Context, tf: TraineeFiles) -> list[Problem]:
    ws, today = ctx.ws, ctx.today
    signoffs = [
        (entry, origin)
        for _log, _i, entry, origin in ctx.entries(tf)
        if isinstance(entry, SignoffEntry) and entry.migration is None and entry.date <= today
    ]
    if not signoffs:
        return []
    # A goal is judged within the goal sets in force on its sign-off's date: one computation per
    # combination of sets, as of its last sign-off (what was done later was not done by any of them).
    by_sets: dict[tuple[str, ...], list[tuple[SignoffEntry, Origin]]] = defaultdict(list)
    for entry, origin in signoffs:
        by_sets[tuple(ws.trainee_sets(tf, entry.date))].append((entry, origin))
    found: list[Problem] = []
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
) -> list[Problem]:
    if entry.activity is not None or entry.by in (tf.id, "self") or entry.migration is not None:
        # activities are judged below; the trainee's own sign-off does not count (signoffs.py); a carried
        # approval rests on its crosswalk (check_migrations), not on a new signature
        return []
    found = ctx.ws.resolve_goal(entry.signoff, scope(ctx.ws, tf)[1])
    gp = goals.get(found.key) if isinstance(found, GoalInfo) else None
    if gp is None:
        return []
    flags = signoff_flags(ctx.ws, tf, gp, entry.date, entry.by)
    problems = []
    if SIGNOFF_BEFORE_ACTIVITIES in flags:
        missing = [a.describe() for a in gp.activities if a.done_on is None or a.done_on > entry.date]
        problems.append(
            warning(
                SIGNOFF_BEFORE_ACTIVITIES,
                origin,
                _(
                    "{goal} was signed off on {date} before its activities were done ({missing}); "
                    "lisplan counts it as approved, as the portal does"
                ).format(goal=gp.info.code, date=date(entry.date), missing=", ".join(missing)),
                _(
                    "a goal is approved after its activities are done: log them, "
                    "or ask the supervisor to check the date"
                ),
            )
        )
    if SIGNOFF_BEFORE_READINESS in flags:
        assert tf.profile is not None
        problems.append(
            warning(
                SIGNOFF_BEFORE_READINESS,
                origin,
                _(
                    "{goal} was signed off on {date}, before the {months} months of service plan {plan} asks for it; "
                    "lisplan counts it as approved, as the portal does"
                ).format(
                    goal=gp.info.code,
                    date=date(entry.date),
                    months=_months(gp.eligible_after_months or 0),
                    plan=progress.plan.id,
                ),
                _("check the date, or the plan's readiness rules (readiness:) and the service in trainee.yaml"),
            )
        )
    return problems


def _months(value: float) -> str:
    """Months as the language writes them, with the decimals they have (6, 6.5; 6,5 in bokmål)."""
    shown = f"{value:g}"
    return number(value, len(shown.split(".")[1]) if "." in shown and "e" not in shown else 0)


def _procedure_lists(ctx: Context, progress: Progress, signoffs: list[tuple[SignoffEntry, Origin]]) -> list[Problem]:
    procs = {pp.procedure.id: pp for pp in progress.procedures}
    problems = []
    for entry, origin in signoffs:
        if entry.activity is not ActivityKind.PROCEDURE_LIST or entry.procedure is None:
            continue
        listed = ctx.ws.procedure(progress.plan, entry.procedure)
        pp = procs.get(listed.id) if listed is not None else None
        if pp is None:
            continue
        if pp.reached_on is None or entry.date < pp.reached_on:
            problems.append(
                warning(
                    SIGNOFF_BELOW_MINIMUM,
                    origin,
                    (
                        _(
                            "the {list} list was signed off on {date} below its minimum (reached on {reached}); "
                            "it stays under 'needs attention' until the count is reached"
                        )
                        if pp.reached_on
                        else _(
                            "the {list} list was signed off on {date} below its minimum "
                            "({done} of {minimum} by {as_of}); "
                            "it stays under 'needs attention' until the count is reached"
                        )
                    ).format(
                        list=pp.procedure.id,
                        date=date(entry.date),
                        reached=date(pp.reached_on),
                        done=pp.done,
                        minimum=pp.procedure.minimum,
                        as_of=date(progress.as_of),
                    ),
                    _("a procedure list is signed off after the trainee shows the count (document 000)"),
                )
            )
    return problems
