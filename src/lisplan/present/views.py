"""Plain-data views of computed results: the documented JSON contract, also fed to the templates.

Keys here are a public interface for scripts (docs/json.md): add keys freely, never rename
or remove one without a major version.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from lisplan.compute.migration import Migration
from lisplan.compute.plan_rules import guidance, meetings_ahead, missed_reviews, requirements
from lisplan.compute.progress import ActivityProgress, GoalProgress, Progress
from lisplan.compute.readings import Reading, Unheld, read_procedures, readings
from lisplan.compute.schedule import Schedule
from lisplan.core.i18n import _, in_language

if TYPE_CHECKING:  # status and schedule do not load what only remaining computes
    from lisplan.compute.remaining import CourseNeed, Remaining


def _activity(a: ActivityProgress) -> dict[str, Any]:
    return {
        "kind": a.kind,
        "required": a.required,
        "done": a.done,
        "complete": a.complete,
        "procedure": a.procedure,
        "course": a.course,
        "topic": a.topic,
        "awaiting_signoff_since": a.awaiting_signoff_since.isoformat() if a.awaiting_signoff_since else None,
    }


def goal(gp: GoalProgress) -> dict[str, Any]:
    return {
        "id": gp.info.code,
        "set": gp.info.set_id,
        "title": gp.info.goal.title,
        "part": gp.info.goal.part,
        "part_name": gp.info.part_name,
        "area": gp.info.area_name,
        "state": gp.state.value,
        "approved_on": gp.approved_on.isoformat() if gp.approved_on else None,
        "approved_by": gp.approved_by,
        "carried_over": gp.carried_over,
        "eligible_after_months": gp.eligible_after_months,
        "ready_since": gp.ready_since.isoformat() if gp.ready_since else None,
        "signoff_flags": list(gp.flags),
        "activities": [_activity(a) for a in gp.activities if a.kind != "procedure-list"],
        "procedures": [
            {"id": a.procedure, "required": a.required, "done": a.done, "complete": a.complete}
            for a in gp.activities
            if a.kind == "procedure-list"
        ],
    }


def completion(s: Schedule) -> dict[str, Any]:
    """The projected completion and why (``status`` carries it; ``schedule`` has the same figures)."""
    view = schedule(s)
    return {k: view[k] for k in ("completion", "plan_end", "completion_reason")} | {
        "procedures": [{k: p[k] for k in ("id", "per_month", "needed_per_month", "pace")} for p in view["procedures"]]
    }


def status(p: Progress, finish: Schedule | None = None, unheld: list[Unheld] | None = None) -> dict[str, Any]:
    found = readings(p)
    read = read_procedures(p, found)
    return {
        "trainee": p.trainee.id,
        "name": p.trainee.name,
        "specialty": p.trainee.specialty,
        "plan": p.plan.id,
        "plan_name": p.plan.institution,
        "as_of": p.as_of.isoformat(),
        "service_months": round(p.service_months, 1),
        "specialty_months": round(p.specialty_months, 1),
        "summary": p.summary.as_dict(),
        "parts": [
            {
                "set": r.set_id,
                "set_name": in_language(*p.set_names[r.set_id]) if r.set_id in p.set_names else r.set_id,
                "part": r.part,
                "part_name": r.part_name,
                "area": r.area,
                **r.summary.as_dict(),
            }
            for r in p.parts
        ],
        "goals": [goal(g) for g in p.goals],
        "procedures": [
            {
                "id": pp.procedure.id,
                "name": pp.procedure.name,
                "name_en": pp.procedure.name_en,
                "required": pp.procedure.minimum,
                "done": pp.done,
                "left": pp.left,
                "by_role": pp.by_role,
                "reached_on": pp.reached_on.isoformat() if pp.reached_on else None,
                "signed_off_on": pp.signed_off_on.isoformat() if pp.signed_off_on else None,
                "complete": pp.complete,
                "signed_below_minimum": pp.signed_below_minimum,
                "goals": pp.goals,
                "reading": pp.procedure.id in read,
            }
            for pp in p.procedures
            if pp.worth_showing
        ],
        "readings": [reading(r) for r in found],
        "unheld": [
            {"set": u.name, "count": u.count, "source": u.source, "until": u.until.isoformat(), "text": u.describe()}
            for u in unheld or []
        ],
        "courses": {
            "taken": {cid: d.isoformat() for cid, d in p.courses_taken.items()},
            "required": [{"id": cid, "taken_on": d.isoformat() if d else None} for cid, d in p.required_courses],
        },
        "backlog": [
            {"what": b.what, "goal": b.goal, "since": b.since.isoformat(), "days": b.days, "overdue": b.overdue}
            for b in p.backlog
        ],
        "migrations": [migration_summary(m) for m in p.migrations],
        "missed_reviews": missed_reviews(p.plan, p.trainee, p.supervision, p.as_of),
        **plan_rules(p),
        **({"completion": completion(finish)} if finish is not None else {}),
    }


def plan_rules(p: Progress) -> dict[str, Any]:
    """The plan's requirements besides goals and courses, for this trainee, and how often guidance is held
    (compute/plan_rules.py): status, remaining and the review show them."""
    rules = p.plan.supervision
    return {
        "requirements": [
            {
                "id": r.requirement.id,
                "kind": r.requirement.kind,
                "name": r.requirement.name,
                "name_en": r.requirement.name_en,
                "source": r.requirement.source,
                "done": r.done,
            }
            for r in requirements(p.plan, p.trainee)
        ],
        "guidance": {
            "text": guidance(p.plan),
            "source": rules.monthly_at_start.source if rules.monthly_at_start else None,
            "throughput": p.trainee.throughput,
        },
    }


def reading(r: Reading) -> dict[str, Any]:
    return {"goal": r.goal, "source": r.source, "of": r.of, "text": r.describe()}


def remaining(r: Remaining) -> dict[str, Any]:
    p = r.progress
    found = readings(p)
    read, read_lists = {x.goal for x in found}, read_procedures(p, found)
    names = {pp.procedure.id: pp.procedure.name_en for pp in p.procedures}
    # the count of a list no one set a minimum for, shown beside the goals it names (nowhere else says it)
    unset: dict[str, list[dict[str, Any]]] = {}
    for pp in p.procedures:
        if pp.procedure.minimum is None and pp.done:
            for code in pp.goals:
                unset.setdefault(code, []).append(
                    {"id": pp.procedure.id, "name": pp.procedure.name, "name_en": pp.procedure.name_en, "done": pp.done}
                )
    return {
        "trainee": p.trainee.id,
        "name": p.trainee.name,
        "specialty": p.trainee.specialty,
        "plan": p.plan.id,
        "as_of": p.as_of.isoformat(),
        **plan_rules(p),
        "remaining": [
            {
                "where": place.where,
                "name": place.name,
                "items": [
                    {
                        "id": g.info.code,
                        "set": g.info.set_id,
                        "title": g.info.goal.title,
                        "state": g.state.value,
                        "missing": g.missing(),
                        **({"logged": unset[g.info.code]} if g.info.code in unset else {}),
                        "reading": g.info.code in read,
                    }
                    for g in place.goals
                ],
            }
            for place in r.places
        ],
        "courses": [
            {
                "id": c.course,
                "name": c.name,
                "covers": c.goals,
                "required_by_plan": c.required_by_plan,
                "required_nationally": c.national,
                "required": required(c),
            }
            for c in r.courses
        ],
        "procedures": [
            {"id": i, "name": n, "name_en": names.get(i), "done": d, "left": left, "reading": i in read_lists}
            for i, n, d, left in r.procedures
        ],
        "readings": [reading(x) for x in found],
        "supervision": [{"what": s.what, "required": s.required, "held": s.held, "due": s.due} for s in r.supervision],
        "choice_groups": [
            {
                "id": c.group,
                "name": c.name,
                "choose": c.choose,
                "of": c.of,
                "taken": c.taken,
                "left": c.left,
                "text": c.describe(),
            }
            for c in r.choices
        ],
    }


def _iso(day: Any) -> str | None:
    return day.isoformat() if day else None


def schedule(s: Schedule) -> dict[str, Any]:
    return {
        "trainee": s.trainee.id,
        "name": s.trainee.name,
        "plan": s.plan.id,
        "as_of": s.as_of.isoformat(),
        "what_if": s.what_if,
        "meetings": [
            {"from": m.first.isoformat(), "months": m.window, "review": m.review, "about": m.about, "when": m.when}
            for m in meetings_ahead(s.plan, s.as_of)
        ],
        "start": s.trainee.start.isoformat(),
        "service_months": round(s.service_months, 1),
        "phases": [
            {
                "id": slot.phase.id,
                "name": slot.phase.name,
                "where": slot.where,
                "arena": slot.phase.arena,
                "agreement": slot.phase.agreement,
                "throughput": slot.phase.throughput,
                "from_month": slot.phase.from_month,
                "to_month": slot.phase.to_month,
                "start": _iso(slot.start),
                "end": _iso(slot.end),
                "goals": slot.goals,
                "current": slot.start <= s.as_of <= slot.end,
            }
            for slot in s.slots
        ],
        "eligibility": [
            {"goals": what, "after_months": months, "from": _iso(day)} for what, months, day in s.eligibility
        ],
        # what stretches the timeline (000: part-time work and leave); a leave's reason stays in the profile
        "leave": [{"from": _iso(x.from_), "to": _iso(x.to), "percent": x.percent} for x in s.trainee.leave],
        "employment": [{"from": _iso(s.trainee.start), "percent": s.trainee.employment}]
        + [{"from": _iso(c.from_), "percent": c.percent} for c in s.trainee.employment_changes],
        "throughput": {
            "goals_needing_it": s.throughput.goals,
            "earliest": _iso(s.throughput.earliest),
            "min_months": s.throughput.min_months,
            "max_months": s.throughput.max_months,
        },
        "procedures": [
            {
                "id": p.procedure.procedure.id,
                "name": p.procedure.procedure.name,
                "name_en": p.procedure.procedure.name_en,
                "done": p.procedure.done,
                "required": p.procedure.procedure.minimum,
                "per_month": round(p.per_month, 2) if p.per_month is not None else None,
                "reached_on": _iso(p.reached_on),
                "phases_end": _iso(p.window_end),
                "measured_months": round(p.measured_months, 1),
                "needed_per_month": round(p.needed_per_month, 1) if p.needed_per_month is not None else None,
                "pace": p.note,
            }
            for p in s.paces
        ],
        "completion": _iso(s.completion),
        "plan_end": _iso(s.plan_end),
        "completion_reason": s.completion_reason,
        "flags": [{"code": f.code, "message": f.message, "rule": f.rule} for f in s.flags],
    }


def portal(groups: list[Any], trainee: str, as_of: Any, root: Any, name: str | None = None) -> dict[str, Any]:
    """What is left to enter in Kompetanseportalen (``lisplan portal --format json``)."""
    from lisplan.core.problems import relative

    every = [i for g in groups for i in g.items]
    return {
        "trainee": trainee,
        "name": name or trainee,
        "as_of": as_of.isoformat(),
        "summary": {
            state.replace("-", "_"): sum(i.state == state for i in every) for state in ("to-register", "to-sign")
        },
        "groups": [
            {
                "goal": g.goal.code if g.goal else None,
                "set": g.goal.set_id if g.goal else None,
                "title": g.goal.goal.title if g.goal else None,
                "part_name": g.goal.part_name if g.goal else None,
                "items": [
                    {
                        "ref": i.ref,
                        "file": relative(i.file, root),
                        "entry": i.index + 1,
                        "date": i.entry.date.isoformat(),
                        "what": i.what(),
                        "goals": i.goals,
                        "state": i.state,
                        "registered": _iso(i.entry.portal.registered) if i.entry.portal else None,
                    }
                    for i in g.items
                ],
            }
            for g in groups
        ],
    }


def _crosswalk(m: Migration) -> dict[str, Any] | None:
    cw = m.crosswalk
    if cw is None:
        return None
    return {
        "id": cw.id,
        "confirmed": cw.confirmed,
        "confirmed_by": cw.confirmed_by,
        "example": cw.example,
        "source": cw.source,
    }


def _set_names(m: Migration) -> dict[str, str]:
    """The two sets of a migration as a reader knows them: by name (``from``/``to`` keep the ids)."""
    return {"from_name": in_language(m.old.name, m.old.name_en), "to_name": in_language(m.new.name, m.new.name_en)}


def migration(m: Migration) -> dict[str, Any]:
    """Everything ``lisplan migrate`` shows for one replaced set."""
    return {
        "trainee": m.trainee.id,
        "trainee_name": m.trainee.profile.name if m.trainee.profile else m.trainee.id,
        "from": m.old.id,
        "to": m.new.id,
        **_set_names(m),
        "in_force_from": _iso(m.new.in_force.from_),
        "as_of": m.as_of.isoformat(),
        "crosswalk": _crosswalk(m),
        "carry_over": [
            {
                "goal": c.goal.code,
                "title": c.goal.goal.title,
                "relation": c.mapping.relation.value,
                "from": [
                    {"goal": o.code, "approved_on": d.isoformat(), "by": by, "by_name": m.people.get(by, by)}
                    for o, d, by in c.old
                ],
                "source": c.mapping.source or (m.crosswalk.source if m.crosswalk else None),
                "recorded_on": _iso(c.recorded_on),
            }
            for c in m.carry
        ],
        "assess": [
            {
                "goal": a.goal.code,
                "title": a.goal.goal.title,
                "why": a.why,
                "relation": a.mapping.relation.value if a.mapping else None,
                "from": a.mapping.from_ if a.mapping else [],
            }
            for a in m.assess
        ],
        "unmapped": [{"goal": o.code, "approved_on": d.isoformat(), "by": by} for o, d, by in m.unmapped],
        "approved_after_ceased": [
            {"goal": o.code, "approved_on": d.isoformat(), "by": by, "by_name": m.people.get(by, by)}
            for o, d, by in m.late
        ],
        "ceased_after": _iso(m.old.in_force.until),
        "pending": len(m.pending),
        "profile_names_old_set": m.profile_names_old,
    }


def migration_summary(m: Migration) -> dict[str, Any]:
    """A migration in brief, for status: how many approvals carry over, wait, and map to nothing."""
    cw = _crosswalk(m)
    return {
        "from": m.old.id,
        "to": m.new.id,
        **_set_names(m),
        "replaced_on": _iso(m.new.in_force.from_),
        "crosswalk": cw,
        "approved_under_old_set": m.approved_old,
        "carry_over": len(m.carry),
        "pending": len(m.pending),
        "assess": len(m.assess),
        "unmapped": len(m.unmapped),
        "approved_after_ceased": len(m.late),
        "profile_names_old_set": m.profile_names_old,
    }


def required(need: CourseNeed) -> str:
    """Who requires a course still needed: the specialty nationally (with its source), or the plan."""
    if need.national:
        return _("required nationally ({source})").format(source=need.national)
    return _("required by the plan") if need.required_by_plan else ""


def entries(found: list[Any], data_of: Any, named: Any, trainee: str, name: str, root: Any) -> dict[str, Any]:
    """A trainee's entries, newest first, each with its reference (``lisplan entries --format json``)."""
    from lisplan.compute.entries import KIND_NAMES, details
    from lisplan.core.i18n import word
    from lisplan.core.identity import mask_data
    from lisplan.core.problems import relative

    rows = []
    for e in found:
        data = mask_data(data_of(e))
        rows.append(
            {
                "ref": e.ref,
                "file": relative(e.file, root),
                "index": e.index + 1,
                "kind": e.kind,
                "kind_name": word(KIND_NAMES, e.kind),
                "date": e.date.isoformat(),
                "what": details(data, named),
                "entry": data,
            }
        )
    return {"trainee": trainee, "name": name, "count": len(rows), "entries": rows}
