"""The same thing twice: ids inside one file, and one examination logged twice for a procedure."""

from __future__ import annotations

from collections.abc import Iterable

from lisplan.checks.context import Context
from lisplan.core.problems import Problem, error
from lisplan.models.log import ProcedureEntry


def _dupes(items: Iterable[object], what: str, attr: str = "id") -> list[Problem]:
    seen: dict[str, object] = {}
    problems = []
    for item in items:
        key = getattr(item, attr)
        if key in seen:
            problems.append(
                error(
                    "duplicate-id",
                    item.at(attr),  # type: ignore[attr-defined]
                    f"{what} {key!r} appears twice",
                    "give each its own id, or remove one",
                )
            )
        else:
            seen[key] = item
    return problems


def check_duplicate_ids(ctx: Context) -> list[Problem]:
    ws = ctx.ws
    problems: list[Problem] = []
    for gs in ws.goal_sets.values():
        problems += _dupes(gs.goals, f"goal in set {gs.id}")
        problems += _dupes(gs.parts, f"part in set {gs.id}")
    problems += _dupes([c for cl in ws.course_lists.values() for c in cl.courses], "course")
    problems += _dupes([g for cl in ws.course_lists.values() for g in cl.choice_groups], "choice group")
    for plan in ws.plans.values():
        for items, what in (
            (plan.arenas, "arena"),
            (plan.agreements, "agreement"),
            (plan.supervisors, "supervisor"),
            (plan.procedures, "procedure"),
            (plan.timeline, "phase"),
        ):
            problems += _dupes(items, f"{what} in plan {plan.id}")
        problems += _dupes(plan.goal_activities, f"goal in plan {plan.id}", "goal")
    for tf in ws.trainees.values():
        if tf.profile:
            problems += _dupes(tf.profile.supervisors, "supervisor")
    return problems


def check_duplicate_accessions(ctx: Context) -> list[Problem]:
    """One examination counted twice for one procedure (by any of its names) in one role inflates the count."""
    problems = []
    for tf in ctx.ws.trainees.values():
        plan = ctx.ws.plan_of(tf)
        seen: dict[tuple[str, str, str], tuple[object, int]] = {}
        for log, i, entry, origin in ctx.entries(tf):
            if not isinstance(entry, ProcedureEntry):
                continue
            number = entry.accession or entry.stay or ""
            proc = ctx.ws.procedure(plan, entry.procedure) if plan else None
            key = (proc.id if proc else entry.procedure, number, entry.role)
            if key not in seen:
                seen[key] = (log, i)
                continue
            first_log, first_i = seen[key]
            first = getattr(first_log, "origin", None)
            where = f"{first.file.name}, entry {first_i + 1}" if first else f"entry {first_i + 1}"
            field = "accession" if entry.accession else "stay"
            problems.append(
                error(
                    "duplicate-accession",
                    origin.at(field),
                    f"{field} number {number} is already logged for {key[0]} as {entry.role} ({where})",
                    "remove the repeated entry; a re-review of the same exam is logged with role: re-review",
                )
            )
    return problems
