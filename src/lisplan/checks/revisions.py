"""Goal-set revisions: crosswalks that hold together, and logs and plans that name sets in force."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

from lisplan.checks.context import Context
from lisplan.checks.references import _goal, _unknown, scope
from lisplan.core.i18n import N_, _, date, named, ngettext
from lisplan.core.problems import Origin, Problem, error, warning
from lisplan.load.workspace import GoalInfo, TraineeFiles, Workspace
from lisplan.models.crosswalk import Crosswalk, Relation
from lisplan.models.log import IntroductionEntry, MdtEntry, SelfStudyEntry, SignoffEntry, TeachingEntry

MIGRATE = N_("lisplan migrate --dry-run shows which approvals carry over")


# --- crosswalks ------------------------------------------------------------------------------------


def check_crosswalks(ctx: Context) -> list[Problem]:
    problems: list[Problem] = []
    pairs: dict[tuple[str, str], Crosswalk] = {}
    for cw in ctx.ws.crosswalks.values():
        problems += _crosswalk(ctx, cw)
        first = pairs.setdefault((cw.from_, cw.to), cw)
        if first is not cw:
            problems.append(
                error(
                    "duplicate-crosswalk",
                    cw.at("to"),
                    _("crosswalk {first} already maps {old} to {new}").format(first=first.id, old=cw.from_, new=cw.to),
                    _("keep one crosswalk per pair of sets (give a repo's own the id of the one it replaces)"),
                )
            )
    return problems + _cycles(ctx.ws)


def _crosswalk(ctx: Context, cw: Crosswalk) -> list[Problem]:
    ws = ctx.ws
    problems = []
    for key, sid in (("from", cw.from_), ("to", cw.to)):
        if sid not in ws.goal_sets:
            problems.append(
                _unknown(
                    "unknown-goal-set",
                    cw.at(key),
                    N_("unknown goal set {value}"),
                    sid,
                    ws.goal_sets,
                    _("name a goal set in data/goals/"),
                )
            )
    if problems:
        return problems
    if cw.from_ == cw.to:
        return [
            error(
                "crosswalk-cycle",
                cw.at("to"),
                _("crosswalk {crosswalk} maps {set} onto itself").format(crosswalk=cw.id, set=cw.to),
                _("a crosswalk goes from a replaced set ('from:') to the set replacing it ('to:')"),
            )
        ]
    if cw.from_ not in ws.goal_sets[cw.to].replaces:
        problems.append(
            error(
                "crosswalk-not-replacing",
                cw.at("to"),
                _("goal set {new} does not replace {old} (its replaces: {replaces})").format(
                    new=cw.to, old=cw.from_, replaces=", ".join(ws.goal_sets[cw.to].replaces) or _("nothing")
                ),
                _("check 'from:' and 'to:', or add {old} to 'replaces:' of {new}").format(old=cw.from_, new=cw.to),
            )
        )
    problems += _confirmer(ws, cw)
    seen: dict[str, int] = {}
    for i, m in enumerate(cw.mappings):
        at = ("mappings", i)
        problems += _goal(ws, f"{cw.to}:{m.goal}", None, cw.at(*at, "goal"))
        for j, code in enumerate(m.from_):
            problems += _goal(ws, f"{cw.from_}:{code}", None, cw.at(*at, "from", j))
        if m.goal in seen:
            line = _line(ctx, cw.origin.file if cw.origin else None, ("mappings", seen[m.goal]))
            problems.append(
                error(
                    "duplicate-mapping",
                    cw.at(*at, "goal"),
                    (
                        _("{goal} is mapped twice (first in mappings[{i}], line {line})")
                        if line
                        else _("{goal} is mapped twice (first in mappings[{i}])")
                    ).format(goal=m.goal, i=seen[m.goal], line=line),
                    _("map each new goal once, listing every old goal it corresponds to under 'from:'"),
                )
            )
        seen.setdefault(m.goal, i)
        if m.relation is Relation.NEW and m.from_:
            problems.append(
                error(
                    "bad-mapping",
                    cw.at(*at, "from"),
                    _("{goal} is 'new' but lists old goals").format(goal=m.goal),
                    _("remove 'from:', or give the relation to those goals"),
                )
            )
        elif m.relation is not Relation.NEW and not m.from_:
            problems.append(
                error(
                    "bad-mapping",
                    cw.at(*at, "relation"),
                    _("{goal} is {relation} but names no old goal").format(goal=m.goal, relation=m.relation.value),
                    _("list the old goals under 'from:', or write 'relation: new'"),
                )
            )
    return problems


def _confirmer(ws: Workspace, cw: Crosswalk) -> list[Problem]:
    """``confirmed_by`` names a supervisor of a plan that uses the crosswalk's sets (or of a trainee under
    such a plan): migrate records the carried approvals in that person's name, so it must be someone
    the trainee's repo knows, and the fault is the crosswalk's, not an option of the command."""
    plans = {p.id for p in ws.plans.values() if {cw.from_, cw.to} & set(p.goal_sets)}
    people = {s.id for p in plans for s in ws.plans[p].supervisors}
    people |= {
        s.id for tf in ws.trainees.values() if tf.profile and tf.profile.plan in plans for s in tf.profile.supervisors
    }
    if cw.confirmed_by is None or not people or cw.confirmed_by in people:
        return []
    return [
        _unknown(
            "crosswalk-confirmer-unknown",
            cw.at("confirmed_by"),
            N_("confirmed_by {value} is not a supervisor in the plans that use {set}"),
            cw.confirmed_by,
            sorted(people),
            _("name the education lead who confirmed it by their id among the plan's supervisors: {ids}").format(
                ids=", ".join(sorted(people))
            ),
            set=cw.to,
        )
    ]


def _line(ctx: Context, file: Path | None, loc: tuple[str | int, ...]) -> int | None:
    doc = ctx.documents.get(file) if file else None
    return doc.locate(loc)[0] if doc else None


def _cycles(ws: Workspace) -> list[Problem]:
    """Sets that replace each other round in a circle (by 'replaces:' or by crosswalks)."""
    edges: dict[str, list[tuple[str, Origin | None]]] = {}
    for gs in ws.goal_sets.values():
        for i, old in enumerate(gs.replaces):
            edges.setdefault(old, []).append((gs.id, gs.at("replaces", i)))
    for cw in ws.crosswalks.values():
        if cw.from_ != cw.to:
            edges.setdefault(cw.from_, []).append((cw.to, cw.at("to")))
    problems, done = [], set()
    for start in sorted(edges):
        path = _cycle_from(start, edges, [start])
        if path and frozenset(path) not in done:
            done.add(frozenset(path))
            origin = next(o for new, o in edges[path[-2]] if new == path[-1])
            problems.append(
                error(
                    "goal-set-cycle",
                    origin,
                    _("goal sets replace each other in a cycle: {path}").format(path=" → ".join(path)),
                    _("a set replaces only older sets: fix 'replaces:' or the crosswalk's from/to"),
                )
            )
    return problems


def _cycle_from(node: str, edges: dict[str, list[tuple[str, Origin | None]]], path: list[str]) -> list[str] | None:
    for new, _origin in edges.get(node, []):
        if new == path[0]:
            return [*path, new]
        if new not in path:
            found = _cycle_from(new, edges, [*path, new])
            if found:
                return found
    return None


# --- sets in force ---------------------------------------------------------------------------------


def check_replaced_sets(ctx: Context) -> list[Problem]:
    """A profile or plan that names a goal set a set in force today has replaced."""
    ws, problems = ctx.ws, []
    for tf in ws.trainees.values():
        if tf.profile:
            for i, sid in enumerate(tf.profile.goal_sets):
                new = _replacement(ws, sid, ctx.today)
                if new:
                    problems.append(
                        warning(
                            "replaced-goal-set",
                            tf.profile.at("goal_sets", i),
                            _replaced(ws, sid, new),
                            _("{migrate}; then name {new} here instead of {old}").format(
                                migrate=_(MIGRATE), new=named(ws.set_name(new), new), old=sid
                            ),
                        )
                    )
    for plan in ws.plans.values():
        for i, sid in enumerate(plan.goal_sets):
            new = _replacement(ws, sid, ctx.today)
            if new and new not in plan.goal_sets:
                problems.append(
                    warning(
                        "replaced-goal-set",
                        plan.at("goal_sets", i),
                        _replaced(ws, sid, new),
                        _("add {new} to the plan's goal_sets (name sections, not codes, where you can)").format(
                            new=named(ws.set_name(new), new)
                        ),
                    )
                )
    return problems


def _replacement(ws: Workspace, sid: str, day: dt.date) -> str | None:
    if sid not in ws.goal_sets:
        return None
    new = ws.set_as_of(sid, day)
    return new if new != sid and not ws.in_force(sid, day) else None


def _replaced(ws: Workspace, old: str, new: str) -> str:
    """The goal sets by name; the hint beside it gives the id to write."""
    since = ws.goal_sets[new].in_force.from_
    names = {"old": ws.set_name(old), "new": ws.set_name(new)}
    if since:
        return _("goal set {old} was replaced by {new} on {date}").format(**names, date=date(since))
    return _("goal set {old} was replaced by {new}").format(**names)


def check_sets_in_force(ctx: Context) -> list[Problem]:
    """Log entries naming goals of a set not in force on their date, when another set was (the one
    that replaced it, or that it replaces): one warning per log and set.

    Runs over every entry, so the work per entry is a dictionary look-up per goal it names.
    """
    problems: list[Problem] = []
    for tf in ctx.ws.trainees.values():
        problems += _entries_in_force(ctx, tf)
    return problems


def _entries_in_force(ctx: Context, tf: TraineeFiles) -> list[Problem]:
    ws = ctx.ws
    sets = scope(ws, tf)[1]
    set_of: dict[str, str | None] = {}
    spans = {
        sid: (gs.in_force.from_ or dt.date.min, gs.in_force.until or dt.date.max) for sid, gs in ws.goal_sets.items()
    }
    found: dict[tuple[Path, str], list[Any]] = {}  # (file, set) -> [count, first entry's origin, its date, its goal]
    for log, i, entry in ctx.of_kind(tf, _NAMING):  # most entries (procedures) name no goal
        refs = _REFS.get(type(entry))
        for key, ref in refs(entry) if refs else ():
            sid = set_of.get(ref, "")
            if sid == "":
                info = ws.resolve_goal(ref, sets)
                sid = set_of[ref] = info.set_id if isinstance(info, GoalInfo) else None
            if sid is None:
                continue
            start, until = spans[sid]
            day = entry.date
            if not start <= day <= until and ws.set_as_of(sid, day) != sid:
                file = log.origin.file if log.origin else tf.folder
                slot = found.setdefault((file, sid), [0, Origin(file, ("entries", i, *key)), day, ref])
                slot[0] += 1
    problems = []
    for (_file, sid), (n, origin, day, ref) in found.items():
        in_force = ws.goal_sets[sid].in_force
        span = _("in force {start} to {end}").format(
            start=date(in_force.from_, empty="…"), end=date(in_force.until, empty="…")
        )
        hint = _("on {date} the set in force was {set}: log work against its goals; {migrate}").format(
            date=date(day), set=ws.set_name(ws.set_as_of(sid, day)), migrate=_(MIGRATE)
        )
        problems.append(
            warning(
                "goal-set-not-in-force",
                origin,
                ngettext(
                    "{n} entry names goals of {set} ({span}) on dates it was not in force; the first: {ref} on {date}",
                    "{n} entries name goals of {set} ({span}) on dates it was not in force; the first: {ref} on {date}",
                    n,
                ).format(n=n, set=ws.set_name(sid), span=span, ref=ref, date=date(day)),
                hint,
            )
        )
    return problems


#: the goals an entry names, with the path of each inside the entry
_REFS: dict[type, Callable[[Any], list[tuple[tuple[str | int, ...], str]]]] = {
    SignoffEntry: lambda e: [(("signoff",), e.signoff)],
    IntroductionEntry: lambda e: [(("introduction",), e.introduction)],
    MdtEntry: lambda e: [(("goal",), e.goal)] if e.goal else [],
    TeachingEntry: lambda e: [(("goals", i), ref) for i, ref in enumerate(e.goals)],
    SelfStudyEntry: lambda e: [(("goals", i), ref) for i, ref in enumerate(e.goals)],
}
_NAMING: tuple[type[Any], ...] = tuple(_REFS)  # the kinds of entry that name a goal


def check_signoffs_in_force(ctx: Context) -> list[Problem]:
    """A goal signed off before its goal set came into force (fkm-2026 before 2026-03-01): lisplan does
    not count it as approved, since the goal did not yet exist as a requirement."""
    ws = ctx.ws
    problems = []
    for tf in ws.trainees.values():
        sets = scope(ws, tf)[1]
        for log, i, entry in ctx.of_kind(tf, SignoffEntry):
            if entry.activity is not None:
                continue
            info = ws.resolve_goal(entry.signoff, sets)
            if not isinstance(info, GoalInfo):
                continue
            start = ws.goal_sets[info.set_id].in_force.from_
            if start is not None and entry.date < start:
                problems.append(
                    warning(
                        "signoff-before-in-force",
                        Origin(log.origin.file if log.origin else tf.folder, ("entries", i, "date")),
                        _(
                            "{goal} is signed off on {date}, before goal set {set} came into force ({start}); "
                            "lisplan does not count it as approved"
                        ).format(goal=entry.signoff, date=date(entry.date), set=info.set_id, start=date(start)),
                        _(
                            "sign it off again on or after {start}, or name the goal meant in the set then in force"
                        ).format(start=date(start)),
                    )
                )
    return problems
