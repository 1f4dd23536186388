"""Sign-offs by someone not allowed to give them (document 000: who signs each activity kind)."""

from __future__ import annotations

from ..models.log import SignoffEntry
from ..models.plan import SUPERVISOR_SIGNED
from ..problems import Problem, warning
from .context import Context
from .references import SELF


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
            problems.append(warning(
                "self-signoff", origin.at("by"),
                f"the trainee signed the {what}, which a supervisor must sign; it does not count",
                "ask a supervisor to sign it off (by: <supervisor id>)",
            ))
    return problems
