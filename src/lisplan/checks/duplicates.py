"""The same thing twice: ids inside one file, and one examination logged twice for a procedure."""

from __future__ import annotations

from collections.abc import Iterable

from ..models.log import ProcedureEntry
from ..problems import Problem, error
from .context import Context


def _dupes(items: Iterable[object], what: str, attr: str = "id") -> list[Problem]:
    seen: dict[str, object] = {}
    problems = []
    for item in items:
        key = getattr(item, attr)
        if key in seen:
            problems.append(error(
                "duplicate-id", item.origin.at(attr) if item.origin else None,  # type: ignore[attr-defined]
                f"{what} {key!r} appears twice", "give each its own id, or remove one",
            ))
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
            (plan.arenas, "arena"), (plan.agreements, "agreement"), (plan.supervisors, "supervisor"),
            (plan.procedures, "procedure"), (plan.timeline, "phase"),
        ):
            problems += _dupes(items, f"{what} in plan {plan.id}")
        problems += _dupes(plan.goal_activities, f"goal in plan {plan.id}", "goal")
    for tf in ws.trainees.values():
        if tf.profile:
            problems += _dupes(tf.profile.supervisors, "supervisor")
    return problems


def check_duplicate_accessions(ctx: Context) -> list[Problem]:
    """One examination counted twice for one procedure in one role inflates the count."""
    problems = []
    for tf in ctx.ws.trainees.values():
        seen: dict[tuple[str, str, str], str] = {}
        for log, i, entry, origin in ctx.entries(tf):
            if not isinstance(entry, ProcedureEntry):
                continue
            number = entry.accession or entry.stay or ""
            key = (entry.procedure, number, entry.role)
            first = f"{log.origin.file.name}, entry {i + 1}" if log.origin else f"entry {i + 1}"
            if key in seen:
                field = "accession" if entry.accession else "stay"
                problems.append(error(
                    "duplicate-accession", origin.at(field),
                    f"{field} number {number} is already logged for {entry.procedure} as {entry.role} ({seen[key]})",
                    "remove the repeated entry; a re-review of the same exam is logged with role: re-review",
                ))
            else:
                seen[key] = first
    return problems
