"""Sign-offs that came too early for what they sign, and the warning each gets at its sign-off entry.

A goal is approved when a supervisor signs it off after the activities the plan requires for it are
done, and not before the months of service the plan's readiness rule asks for it (document 000); a
procedure list is signed off once the trainee shows its minimum count (document 000, item 5). lisplan
counts every such sign-off, as Kompetanseportalen (the legal record) would show it, and warns:

- ``signoff-before-activities``: the goal's approval came before its required activities were done;
- ``signoff-before-readiness``: the goal's approval came before the plan's readiness month for it;
- ``signoff-below-minimum``: a procedure list was signed off before its minimum was reached.

What each sign-off is measured against (the trainee's progress on its date) is computed by
compute/signoff_dates.py; the signer's rules (``self-signoff``, ``signoff-not-supervisor``) need no
progress: checks/signoffs.py.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from lisplan.core.i18n import _, date, figure
from lisplan.core.problems import Origin, Problem, warning


@dataclass(frozen=True)
class EarlyGoal:
    """A goal's sign-off that came before its activities were done, or before its readiness month."""

    origin: Origin  # the sign-off entry
    goal: str  # the goal's code
    day: dt.date  # the sign-off's date
    plan: str  # the plan, as a message names it: its institution («Oslo universitetssykehus HF (OUS)»)
    missing: list[str]  # the required activities not done by then (described); empty: all were done
    readiness: float | None  # the months of service the plan asks for the goal, when not served by then


@dataclass(frozen=True)
class EarlyList:
    """A procedure list signed off before its minimum was reached."""

    origin: Origin  # the sign-off entry
    list: str  # the procedure list's id
    day: dt.date  # the sign-off's date
    reached_on: dt.date | None  # when the minimum was reached; None: not yet
    done: int  # how many are counted by ``as_of``
    minimum: int | None
    as_of: dt.date


def check_approvals(early: list[EarlyGoal | EarlyList]) -> list[Problem]:
    """A warning at each early sign-off, in the order given."""
    found: list[Problem] = []
    for item in early:
        found += _goal(item) if isinstance(item, EarlyGoal) else [_list(item)]
    return found


def _goal(early: EarlyGoal) -> list[Problem]:
    problems = []
    if early.missing:
        problems.append(
            warning(
                "signoff-before-activities",
                early.origin,
                _(
                    "{goal} was signed off on {date} before its activities were done ({missing}); "
                    "lisplan counts it as approved, as the portal does"
                ).format(goal=early.goal, date=date(early.day), missing=", ".join(early.missing)),
                _(
                    "a goal is approved after its activities are done: log them, "
                    "or ask the supervisor to check the date"
                ),
            )
        )
    if early.readiness is not None:
        problems.append(
            warning(
                "signoff-before-readiness",
                early.origin,
                _(
                    "{goal} was signed off on {date}, before the {months} months of service the plan of {plan} asks "
                    "for it; lisplan counts it as approved, as the portal does"
                ).format(goal=early.goal, date=date(early.day), months=figure(early.readiness), plan=early.plan),
                _("check the date, or the plan's readiness rules (readiness:) and the service in trainee.yaml"),
            )
        )
    return problems


def _list(early: EarlyList) -> Problem:
    return warning(
        "signoff-below-minimum",
        early.origin,
        (
            _(
                "the {list} list was signed off on {date} below its minimum (reached on {reached}); "
                "it stays under 'needs attention' until the count is reached"
            )
            if early.reached_on
            else _(
                "the {list} list was signed off on {date} below its minimum "
                "({done} of {minimum} by {as_of}); "
                "it stays under 'needs attention' until the count is reached"
            )
        ).format(
            list=early.list,
            date=date(early.day),
            reached=date(early.reached_on),
            done=early.done,
            minimum=early.minimum,
            as_of=date(early.as_of),
        ),
        _("a procedure list is signed off after the trainee has shown the count"),
    )
