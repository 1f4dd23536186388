"""Sign-offs by someone not allowed to give them (document 000: who signs each activity kind)."""

from __future__ import annotations

from lisplan.checks.context import Context
from lisplan.checks.references import SELF
from lisplan.core.problems import Problem, error, warning
from lisplan.core.suggest import did_you_mean
from lisplan.models.log import SignoffEntry
from lisplan.models.plan import SUPERVISOR_SIGNED


def check_signers(ctx: Context) -> list[Problem]:
    problems = []
    for tf in ctx.ws.trainees.values():
        for _log, _i, entry, origin in ctx.entries(tf):
            if not isinstance(entry, SignoffEntry) or entry.by not in (tf.id, SELF):
                continue
            if entry.activity is None:
                what = f"approval of {entry.signoff}"
            elif entry.activity in SUPERVISOR_SIGNED:
                what = f"sign-off of the {entry.activity.value} for {entry.signoff}"
            else:
                continue
            problems.append(
                warning(
                    "self-signoff",
                    origin.at("by"),
                    f"the trainee signed the {what}, which a supervisor must sign; it does not count",
                    "ask a supervisor to sign it off (by: <supervisor id>)",
                )
            )
    return problems


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
