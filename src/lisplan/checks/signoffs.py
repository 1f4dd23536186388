"""Sign-offs by someone not allowed to give them (document 000: who signs each activity kind), and
carried-over approvals."""

from __future__ import annotations

from lisplan.checks.context import Context
from lisplan.checks.references import SELF
from lisplan.core.i18n import N_, _, named
from lisplan.core.problems import Origin, Problem, error, warning
from lisplan.core.suggest import did_you_mean
from lisplan.load.workspace import TraineeFiles, Workspace
from lisplan.models.log import SignoffEntry
from lisplan.models.plan import SUPERVISOR_SIGNED, ActivityKind

#: the sign-off of each activity a supervisor signs, as a message names it
_SIGNOFF_OF = {
    ActivityKind.INTRODUCTION: N_("sign-off of the introduction for {goal}"),
    ActivityKind.PROCEDURE_LIST: N_("sign-off of the procedure-list for {goal}"),
    ActivityKind.MDT: N_("sign-off of the mdt for {goal}"),
}


def check_signers(ctx: Context) -> list[Problem]:
    problems = []
    for tf in ctx.ws.trainees.values():
        for log, i, entry in ctx.of_kind(tf, SignoffEntry):
            problems += signer_problems(ctx.ws, tf, entry, ctx.origin(log, i))
    return problems


def signer_problems(ws: Workspace, tf: TraineeFiles, entry: SignoffEntry, origin: Origin) -> list[Problem]:
    """A sign-off made by the trainee (``self-signoff``: it does not count) or by someone neither the
    plan nor the trainee's profile lists as a supervisor (``signoff-not-supervisor``: it counts, as the
    legal record would show it, but is not what the regulation means by approval; document 000)."""
    if entry.activity is None:
        what = _("approval of {goal}").format(goal=entry.signoff)
    elif entry.activity in SUPERVISOR_SIGNED:
        what = _(_SIGNOFF_OF[entry.activity]).format(goal=entry.signoff)
    else:
        return []
    if entry.by in (tf.id, SELF):
        return [
            warning(
                "self-signoff",
                origin.at("by"),
                _("the trainee signed the {what}, which a supervisor must sign; it does not count").format(what=what),
                _("ask a supervisor to sign it off (by: <supervisor id>)"),
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
                _(
                    "{by} signed the {what} but is not a supervisor in the plan of {plan} or in the trainee's profile; "
                    "lisplan counts it as the portal would, but it is not an approval by a supervisor"
                ).format(by=_signer(ws, entry.by), what=what, plan=plan.institution if plan else "?"),
                _(
                    "have a supervisor sign it, or add {by} under 'supervisors:' in trainee.yaml if they supervise you"
                ).format(by=entry.by),
            )
        ]
    return []


def check_migrations(ctx: Context) -> list[Problem]:
    """A carried-over approval (``migration: <crosswalk>``) must name a crosswalk that exists and
    that the education lead has confirmed: it is the whole basis of the approval."""
    problems = []
    for tf in ctx.ws.trainees.values():
        for log, i, entry in ctx.of_kind(tf, SignoffEntry):
            if entry.migration is None:
                continue
            crosswalk = ctx.ws.crosswalks.get(entry.migration)
            if crosswalk is None:
                problems.append(
                    error(
                        "unknown-crosswalk",
                        ctx.origin(log, i).at("migration"),
                        _(
                            "the approval of {goal} was carried over by crosswalk {crosswalk}, which does not exist"
                        ).format(goal=entry.signoff, crosswalk=repr(entry.migration)),
                        did_you_mean(entry.migration, list(ctx.ws.crosswalks))
                        or _(
                            "name a crosswalk in data/goals/ (kind: crosswalk), "
                            "or remove the entry and run lisplan migrate"
                        ),
                    )
                )
            elif not crosswalk.confirmed:
                problems.append(
                    warning(
                        "unconfirmed-crosswalk",
                        ctx.origin(log, i).at("migration"),
                        _(
                            "the approval of {goal} was carried over by crosswalk {crosswalk}, "
                            "which the education lead has not confirmed"
                        ).format(goal=entry.signoff, crosswalk=crosswalk.id),
                        _("have the education lead check {crosswalk} and set confirmed: true").format(
                            crosswalk=crosswalk.id
                        ),
                    )
                )
    return problems


def _signer(ws: Workspace, by: str) -> str:
    """A signer another plan lists, by name with the id the log holds («Anders Hodt (anders-hodt)»)."""
    found = next((s for p in ws.plans.values() for s in p.supervisors if s.id == by), None)
    return named(found.name, by) if found else by
