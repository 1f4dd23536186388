"""Sign-offs by someone not allowed to give them (document 000: who signs each activity kind), and
carried-over approvals."""

from __future__ import annotations

from lisplan.checks.context import Context
from lisplan.checks.references import SELF
from lisplan.core.problems import Origin, Problem, error, warning
from lisplan.core.suggest import did_you_mean
from lisplan.load.workspace import TraineeFiles, Workspace
from lisplan.models.log import SignoffEntry
from lisplan.models.plan import SUPERVISOR_SIGNED


def check_signers(ctx: Context) -> list[Problem]:
    problems = []
    for tf in ctx.ws.trainees.values():
        for _log, _i, entry, origin in ctx.entries(tf):
            if isinstance(entry, SignoffEntry):
                problems += signer_problems(ctx.ws, tf, entry, origin)
    return problems


def signer_problems(ws: Workspace, tf: TraineeFiles, entry: SignoffEntry, origin: Origin) -> list[Problem]:
    """A sign-off made by the trainee (``self-signoff``: it does not count) or by someone neither the
    plan nor the trainee's profile lists as a supervisor (``signoff-not-supervisor``: it counts, as the
    legal record would show it, but is not what the regulation means by approval; document 000)."""
    if entry.activity is None:
        what = f"approval of {entry.signoff}"
    elif entry.activity in SUPERVISOR_SIGNED:
        what = f"sign-off of the {entry.activity.value} for {entry.signoff}"
    else:
        return []
    if entry.by in (tf.id, SELF):
        return [
            warning(
                "self-signoff",
                origin.at("by"),
                f"the trainee signed the {what}, which a supervisor must sign; it does not count",
                "ask a supervisor to sign it off (by: <supervisor id>)",
            )
        ]
    # a name nobody lists is a typo (unknown-supervisor, references.py); a supervisor of another plan is real
    elsewhere = {s.id for p in ws.plans.values() for s in p.supervisors}
    if entry.by not in ws.supervisors_for(tf) and entry.by in elsewhere and entry.migration is None:
        plan = ws.plan_of(tf)
        return [
            warning(
                "signoff-not-supervisor",
                origin.at("by"),
                f"{entry.by} signed the {what} but is not a supervisor in plan {plan.id if plan else '?'} "
                "or in the trainee's profile; lisplan counts it as the portal would, but it is not an approval "
                "by a supervisor",
                f"have a supervisor sign it, or add {entry.by} under 'supervisors:' in trainee.yaml "
                "if they supervise you",
            )
        ]
    return []


def check_migrations(ctx: Context) -> list[Problem]:
    """A carried-over approval (``migration: <crosswalk>``) must name a crosswalk that exists and
    that the education lead has confirmed: it is the whole basis of the approval."""
    problems = []
    for tf in ctx.ws.trainees.values():
        for _log, _i, entry, origin in ctx.entries(tf):
            if not isinstance(entry, SignoffEntry) or entry.migration is None:
                continue
            crosswalk = ctx.ws.crosswalks.get(entry.migration)
            if crosswalk is None:
                problems.append(
                    error(
                        "unknown-crosswalk",
                        origin.at("migration"),
                        f"the approval of {entry.signoff} was carried over by crosswalk {entry.migration!r}, "
                        "which does not exist",
                        did_you_mean(entry.migration, list(ctx.ws.crosswalks))
                        or "name a crosswalk in data/goals/ (kind: crosswalk),"
                        " or remove the entry and run lisplan migrate",
                    )
                )
            elif not crosswalk.confirmed:
                problems.append(
                    warning(
                        "unconfirmed-crosswalk",
                        origin.at("migration"),
                        f"the approval of {entry.signoff} was carried over by crosswalk {crosswalk.id}, "
                        "which the education lead has not confirmed",
                        f"have the education lead check {crosswalk.id} and set confirmed: true",
                    )
                )
    return problems
