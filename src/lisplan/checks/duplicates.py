"""The same thing twice: ids inside one file, and one examination logged twice for a procedure."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from lisplan.checks.context import Context
from lisplan.core.i18n import N_, _
from lisplan.core.problems import Problem, error
from lisplan.load.workspace import TraineeFiles
from lisplan.models.log import Log, ProcedureEntry


def _dupes(items: Iterable[object], message: str, attr: str = "id", **fields: str) -> list[Problem]:
    """A problem for each item whose ``attr`` an earlier one has; ``message`` (marked with N_) says it,
    with ``{key}`` and ``fields``."""
    seen: dict[str, object] = {}
    problems = []
    for item in items:
        key = getattr(item, attr)
        if key in seen:
            problems.append(
                error(
                    "duplicate-id",
                    item.at(attr),  # type: ignore[attr-defined]
                    _(message).format(key=repr(key), **fields),
                    _("give each its own id, or remove one"),
                )
            )
        else:
            seen[key] = item
    return problems


def check_duplicate_ids(ctx: Context) -> list[Problem]:
    ws = ctx.ws
    problems: list[Problem] = []
    for gs in ws.goal_sets.values():
        problems += _dupes(gs.goals, N_("goal in set {set} {key} appears twice"), set=gs.id)
        problems += _dupes(gs.parts, N_("part in set {set} {key} appears twice"), set=gs.id)
    problems += _dupes([c for cl in ws.course_lists.values() for c in cl.courses], N_("course {key} appears twice"))
    problems += _dupes(
        [g for cl in ws.course_lists.values() for g in cl.choice_groups], N_("choice group {key} appears twice")
    )
    for plan in ws.plans.values():
        for items, message in (
            (plan.arenas, N_("arena in plan {plan} {key} appears twice")),
            (plan.agreements, N_("agreement in plan {plan} {key} appears twice")),
            (plan.supervisors, N_("supervisor in plan {plan} {key} appears twice")),
            (plan.procedures, N_("procedure in plan {plan} {key} appears twice")),
            (plan.timeline, N_("phase in plan {plan} {key} appears twice")),
        ):
            problems += _dupes(items, message, plan=plan.id)
        problems += _dupes(plan.goal_activities, N_("goal in plan {plan} {key} appears twice"), "goal", plan=plan.id)
    for tf in ws.trainees.values():
        if tf.profile:
            problems += _dupes(tf.profile.supervisors, N_("supervisor {key} appears twice"))
    return problems


def check_duplicate_accessions(ctx: Context) -> list[Problem]:
    """One examination counted twice for one procedure (by any of its names) in one role inflates the count."""
    problems = []
    for tf in ctx.ws.trainees.values():
        seen: dict[tuple[str, str, str], tuple[object, int]] = {}
        for log, i, key in examinations(ctx, tf):
            if key not in seen:
                seen[key] = (log, i)
                continue
            entry = log.entries[i]
            assert isinstance(entry, ProcedureEntry)
            number = key[1]
            first_log, first_i = seen[key]
            first = getattr(first_log, "origin", None)
            where = (
                _("{file}, entry {n}").format(file=first.file.name, n=first_i + 1)
                if first
                else _("entry {n}").format(n=first_i + 1)
            )
            field = "accession" if entry.accession else "stay"
            message = (
                _("accession number {number} is already logged for {procedure} as {role} ({where})")
                if entry.accession
                else _("stay number {number} is already logged for {procedure} as {role} ({where})")
            )
            problems.append(
                error(
                    "duplicate-accession",
                    ctx.origin(log, i).at(field),
                    message.format(number=number, procedure=key[0], role=entry.role, where=where),
                    _("remove the repeated entry; a re-review of the same exam is logged with role: re-review"),
                )
            )
    return problems


def examinations(ctx: Context, tf: TraineeFiles) -> Iterator[tuple[Log, int, tuple[str, str, str]]]:
    """Each examination the trainee logged, with what makes it one: its procedure list (the plan's id for
    any of its names; the name as logged for a list the plan lacks), its accession or stay number, and
    the role. Two entries with one such key count one examination twice (``duplicate-accession``)."""
    plan = ctx.ws.plan_of(tf)
    ids: dict[str, str] = {}  # a procedure as logged -> its list's id (or the name, for a list the plan lacks)
    for log, i, entry in ctx.of_kind(tf, ProcedureEntry):
        proc_id = ids.get(entry.procedure)
        if proc_id is None:
            proc = ctx.ws.procedure(plan, entry.procedure) if plan else None
            proc_id = ids[entry.procedure] = proc.id if proc else entry.procedure
        yield log, i, (proc_id, entry.accession or entry.stay or "", entry.role)
