"""What the semi-annual review and the monthly assessment meeting need (document 000, 2.1.3 and 2.1.7).

Built from the computations the other commands show — status, remaining, schedule — so a rendered
document can never disagree with them: it only selects and arranges. The result is plain data for
the templates (and JSON).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from lisplan.compute.progress import SIGNOFF_TEXT, ProcedureProgress, Progress, State, compute
from lisplan.compute.readings import unheld
from lisplan.compute.remaining import Remaining, compute_remaining
from lisplan.compute.schedule import Schedule, compute_schedule, due_reviews, expected_by
from lisplan.compute.selection import problems_blocking
from lisplan.core.i18n import _, number
from lisplan.core.problems import Problem
from lisplan.load.workspace import TraineeFiles, Workspace
from lisplan.present import views

HALF_YEAR = dt.timedelta(days=182)


def last_review(progress: Progress) -> dt.date | None:
    """The date of the latest supervision meeting marked as a review, on or before as-of."""
    return max((s.date for s in progress.supervision if s.review and s.date <= progress.as_of), default=None)


def review(
    progress: Progress,
    remaining: Remaining,
    schedule: Schedule,
    since: dt.date | None,
    ws: Workspace | None = None,
    tf: TraineeFiles | None = None,
) -> dict[str, Any]:
    """Everything the review document shows, as plain data; people, courses, phases and procedures by name."""
    as_of = progress.as_of
    who = _people(progress)
    course_names = {cid: c.name for cid, c in (ws.courses.items() if ws else [])}
    since = since or last_review(progress) or progress.trainee.start
    status = views.status(progress, unheld=unheld(ws, tf, as_of) if ws and tf else None)
    plan_ahead = views.schedule(schedule)
    horizon = as_of + HALF_YEAR
    upcoming = [p for p in plan_ahead["phases"] if p["end"] >= as_of.isoformat() and p["start"] <= horizon.isoformat()]
    titles = {g.info.code: g.info.goal.title for g in progress.goals}
    approved_since = [g for g in progress.goals if g.approved_on and since < g.approved_on <= as_of]
    return {
        "trainee": {
            "id": progress.trainee.id,
            "name": progress.trainee.name,
            "fictional": progress.trainee.fictional,
            "specialty": progress.trainee.specialty,
            "mentor": who(progress.trainee.mentor) if progress.trainee.mentor else None,
            "start": progress.trainee.start.isoformat(),
        },
        "plan": {"id": progress.plan.id, "institution": progress.plan.institution},
        "as_of": as_of.isoformat(),
        "since": since.isoformat(),
        "service_months": status["service_months"],
        "summary": status["summary"],
        "parts": status["parts"],
        "migrations": status["migrations"],
        "approved_since": [_goal(g, who) for g in approved_since],
        "ready": [_goal(g, who) for g in progress.goals if g.state is State.READY],
        "backlog": status["backlog"],
        "readings": status["readings"],
        "unheld": status["unheld"],
        "logged_since": _logged_since(tf, since, as_of) if tf else [],
        # sign-offs that are not approvals as the regulation means them (compute/progress.signoff_flags)
        "signoff_flags": [
            {**_goal(g, who), "flags": list(g.flags), "why": [_(SIGNOFF_TEXT[f]) for f in g.flags]}
            for g in progress.goals
            if g.flags
        ],
        "procedures": [
            {**p, "name": pp.procedure.name, "name_en": pp.procedure.name_en, "left": pp.left, "history": _history(pp)}
            for p in plan_ahead["procedures"]  # the lists with a minimum: a pace towards it
            for pp in progress.procedures
            if pp.procedure.id == p["id"]
        ],
        "courses_taken": [
            {"id": cid, "name": course_names.get(cid, cid), "date": d.isoformat()}
            for cid, d in sorted(progress.courses_taken.items(), key=lambda kv: kv[1])
        ],
        "courses_needed": [
            {
                "id": c.course,
                "name": c.name,
                "covers": len(c.goals),
                "goals": [{"id": code, "title": titles.get(code)} for code in c.goals],
                "required": views.required(c),
            }
            for c in remaining.courses
        ],
        "courses_cover": any(c.goals for c in remaining.courses),
        "phases": plan_ahead["phases"],
        "timeline": _timeline(plan_ahead),
        "completion": plan_ahead["completion"],
        "plan_end": plan_ahead["plan_end"],
        "flags": plan_ahead["flags"],
        "supervision": views.remaining(remaining)["supervision"],
        "research": list(progress.trainee.research),
        "improvement_project": progress.trainee.improvement_project,
        **views.plan_rules(progress),  # the plan's requirements (000 §2.1.6) and guidance cadence
        "meetings": plan_ahead["meetings"],
        "next_half_year": _next_half_year(progress, remaining, schedule, upcoming, horizon, course_names),
        "next_review": _iso(next(iter(due_reviews(schedule)), None)),
    }


def _history(pp: ProcedureProgress) -> list[tuple[str, int]]:
    """A procedure list's count at the end of each month it grew in: ("2024-03", 41), …"""
    total, out = 0, []
    for month, n in sorted(pp.by_month.items()):
        total += n
        out.append((month, total))
    return out


def _timeline(plan_ahead: dict[str, Any]) -> dict[str, Any]:
    """What the timeline picture and table show: the phases, leave and part-time (which stretch them: 000),
    when goals become eligible, and today."""
    keys = ("as_of", "start", "phases", "leave", "employment", "eligibility", "completion", "plan_end")
    fields = ("kind", "name", "where", "start", "end", "current")
    rows = [dict(zip(fields, row, strict=True)) for row in _timeline_rows(plan_ahead)]
    rows.sort(key=lambda r: r["start"] or "")
    return {k: plan_ahead[k] for k in keys} | {"rows": rows}


def _timeline_rows(plan_ahead: dict[str, Any]) -> Iterator[tuple[str, str, str, str | None, str | None, bool]]:
    """(kind, name, where, start, end, current) for each phase, leave and change of employment."""
    for p in plan_ahead["phases"]:
        yield "phase", p["name"] or p["id"], p["where"], p["start"], p["end"], p["current"]
    for v in plan_ahead["leave"]:
        yield "leave", _("Leave ({percent} %)").format(percent=number(v["percent"], 0)), "", v["from"], v["to"], False
    for e in plan_ahead["employment"][1:]:  # the first is the start's: every phase is measured from it
        yield (
            "employment",
            _("Employment {percent} %").format(percent=number(e["percent"], 0)),
            "",
            e["from"],
            None,
            False,
        )


def _people(progress: Progress) -> Any:
    """A function from a supervisor's id to their name (the trainee's profile, then the plan)."""
    names = {s.id: s.name for s in progress.plan.supervisors}
    names.update({s.id: s.name for s in progress.trainee.supervisors})

    def who(person: str | None) -> str | None:
        return names.get(person, person) if person else person

    return who


def _goal(g: Any, who: Any) -> dict[str, Any]:
    return {
        "id": g.info.code,
        "set": g.info.set_id,
        "title": g.info.goal.title,
        "part": g.info.part_name,
        "approved_on": _iso(g.approved_on),
        "approved_by": who(g.approved_by),
        "carried_over": g.carried_over,  # the crosswalk; approved_by then confirmed it, on approved_on
    }


#: the kinds of log entries the review counts, in the order it lists them
ENTRY_KINDS = ("procedure", "course", "teaching", "self-study", "introduction", "mdt", "supervision", "signoff")


def _logged_since(tf: TraineeFiles, since: dt.date, as_of: dt.date) -> list[dict[str, Any]]:
    """How many entries of each kind the log holds after ``since`` up to ``as_of``."""
    counts = dict.fromkeys(ENTRY_KINDS, 0)
    for entry in tf.entries():
        day = getattr(entry, "date", None)
        if day is None or not since < day <= as_of:
            continue
        for kind in reversed(ENTRY_KINDS):  # a sign-off may name a procedure or course: its own key first
            if getattr(entry, kind.replace("-", "_"), None) is not None:
                counts[kind] += 1
                break
    return [{"kind": k, "count": n} for k, n in counts.items() if n]


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def _next_half_year(
    progress: Progress,
    remaining: Remaining,
    schedule: Schedule,
    upcoming: list[dict[str, Any]],
    horizon: dt.date,
    course_names: dict[str, str],
) -> dict[str, Any]:
    """A progress plan: the goals, procedures and courses to aim for before ``horizon``, and where."""
    aims = []
    for place in remaining.places:
        ready_first = sorted(place.goals, key=lambda g: (g.state is not State.READY, g.state is not State.IN_PROGRESS))
        doable = [g for g in ready_first if g.state in (State.READY, State.IN_PROGRESS, State.NOT_STARTED)]
        in_phase = [
            p["name"] or p["id"]
            for p in upcoming
            if place.where in (f"arena:{p['arena']}", f"agreement:{p['agreement']}")
        ]
        if doable and (in_phase or place.where == "unplaced"):
            aims.append({"where": place.name, "phases": in_phase, "parts": _by_part(doable)})
    procedures = []
    for pace in schedule.paces:
        left = pace.procedure.left
        if left and not pace.procedure.complete:
            target = expected_by(schedule.trainee, pace, progress.as_of, horizon)
            proc = pace.procedure.procedure
            procedures.append(
                {"id": proc.id, "name": proc.name, "name_en": proc.name_en, "left": left, "target": target}
            )
    courses = [c.name for c in remaining.courses[:3]] + [c.name for c in remaining.courses[3:] if c.required_by_plan]
    return {
        "until": horizon.isoformat(),
        "phases": [p["name"] or p["id"] for p in upcoming],
        "goals": aims,
        "procedures": procedures,
        "courses": courses,
    }


def _by_part(goals: list[Any]) -> list[dict[str, Any]]:
    """Goals grouped by their part, by name: every goal's code, so none hides behind "and 54 more"."""
    parts: dict[str, list[str]] = {}
    for g in goals:
        parts.setdefault(g.info.part_name or g.info.goal.part or "", []).append(g.info.code)
    return [{"part": name, "goals": codes} for name, codes in parts.items()]


# --- the cohort ----------------------------------------------------------------------------------


def computed(ws: Workspace, tf: TraineeFiles, when: dt.date) -> tuple[Progress, Remaining, Schedule]:
    """Progress, what remains and the schedule of one trainee: what a review and a cohort row are made of."""
    progress = compute(ws, tf, when)
    return progress, compute_remaining(ws, progress), compute_schedule(ws, progress)


def cohort(parts: Iterable[tuple[Workspace, list[Problem]]], when: dt.date) -> tuple[dict[str, Any], list[str]]:
    """Every trainee, ranked, those whose files have errors marked; and the names of those. ``parts``: the
    repo as workspaces with the problems that decide whose numbers can be trusted (the whole repo as one
    part, or a trainee at a time: commands/session.py's ``trainees_in_parts``)."""
    rows, left_out = [], []
    for _each, row, numbers in trainees_computed(parts, when):
        rows.append(row)
        if numbers is None:
            left_out.append(row["name"])
    return {"as_of": when.isoformat(), "rows": rank(rows)}, left_out


Computed = tuple[Progress, Remaining, Schedule]


def trainees_computed(
    parts: Iterable[tuple[Workspace, list[Problem]]], when: dt.date
) -> Iterator[tuple[Trainee, dict[str, Any], Computed | None]]:
    """Each trainee of ``parts`` with their cohort row and what it was computed from (None for a trainee
    whose files have errors: their row is marked, with no numbers). Every command that shows a cohort
    computes each trainee once, here."""
    for ws, problems in parts:
        for tid, tf in sorted(ws.trainees.items()):
            untrusted = problems_against(ws, tf, problems)
            if untrusted:
                yield Trainee(ws, tf, problems), problem_row(tid, tf, untrusted), None
                continue
            numbers = computed(ws, tf, when)
            yield Trainee(ws, tf, problems), cohort_row(*numbers), numbers


@dataclass(frozen=True)
class Trainee:
    """A trainee as a cohort reads them: their part of the repo, their files and the part's problems."""

    ws: Workspace
    tf: TraineeFiles
    problems: list[Problem]


def problems_against(ws: Workspace, tf: TraineeFiles, problems: list[Problem]) -> int:
    """How many errors keep a trainee's numbers from being computed (0: they can be): errors in their
    files or the shared ones, or (counted as one) no profile or no plan to measure against."""
    blocking = len(problems_blocking(problems, tf))
    return blocking or int(tf.profile is None or ws.plan_of(tf) is None)


def problem_row(tid: str, tf: TraineeFiles, problems: int) -> dict[str, Any]:
    """A trainee whose files have errors: kept in the cohort, marked, with no numbers (they would be wrong)."""
    profile = tf.profile
    numbers = ("service_months", "percent_approved", "behind", "ready", "supervision_overdue")
    return {
        "trainee": tid,
        "name": profile.name if profile else tid,
        "plan": profile.plan if profile else None,
        **dict.fromkeys(numbers),
        "next_review": None,
        "completion": None,
        "problems": problems,
    }


def short_name(institution: str) -> str:
    """How a table names an institution: the short name its name ends with in brackets («Oslo
    universitetssykehus HF (OUS)» is OUS), else the whole name; never the plan's id."""
    name = institution.rstrip()
    head, sep, tail = name.rpartition("(")
    return tail.rstrip(")").strip() if sep and head and name.endswith(")") else name


def cohort_row(progress: Progress, remaining: Remaining, schedule: Schedule) -> dict[str, Any]:
    """One trainee for the education lead: where they stand against where their schedule says."""
    passed = [slot.phase.id for slot in schedule.slots if slot.end < progress.as_of]
    expected = {g for phase in passed for g in schedule.phase_goals.get(phase, set())}
    # behind: a goal of a phase that is over, which the trainee could have had approved (eligible) but has not
    open_ = {g.info.key for g in progress.goals if g.state not in (State.APPROVED, State.NOT_ELIGIBLE)}
    behind = len(expected & open_)
    overdue = sum(s.due for s in remaining.supervision if s.yearly)
    return {
        "trainee": progress.trainee.id,
        "name": progress.trainee.name,
        "plan": progress.plan.id,
        "plan_name": short_name(progress.plan.institution),
        "service_months": round(progress.service_months, 1),
        "percent_approved": progress.summary.percent_approved,
        "behind": behind,  # goals of phases already over that are not approved
        "ready": sum(g.state is State.READY for g in progress.goals),
        "supervision_overdue": overdue,
        "next_review": _iso(next(iter(due_reviews(schedule)), None)),
        "completion": _iso(schedule.completion),
        "problems": 0,
    }


def rank(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Most in need of attention first: furthest behind, then most overdue supervision, then least approved."""
    return sorted(
        rows,
        key=lambda r: (
            -r["problems"],  # files with errors first: nothing about them can be trusted until fixed
            -(r["behind"] or 0),
            -(r["supervision_overdue"] or 0),
            r["percent_approved"] or 0,
            r["trainee"],
        ),
    )
