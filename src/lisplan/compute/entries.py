"""Log entries as a user reads them: procedure lists, courses and supervisors by their names, roles and
dates in the language. What the entry commands confirm, their commit messages say, ``lisplan portal``
lists, and ``lisplan entries`` shows, each with the one reference a user names it by (``2026:14``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lisplan.core.i18n import N_, _, date, in_language, ngettext, word
from lisplan.core.kinds import ACTIVITY_NAMES
from lisplan.core.problems import relative
from lisplan.load.workspace import GoalInfo, TraineeFiles, Workspace
from lisplan.models.log import (
    CourseEntry,
    IntroductionEntry,
    Leave,
    MdtEntry,
    ProcedureEntry,
    SelfStudyEntry,
    SignoffEntry,
    TeachingEntry,
    entry_kind,
)

#: how each role on an examination reads (the keys are the log's values)
ROLES = {
    "described": N_("described"),
    "signed": N_("signed"),
    "re-review": N_("re-review"),
    "double-review": N_("double review"),
}


#: how each kind of entry reads in a list (the keys are the log's own), with ``leave`` for trainee.yaml's
KIND_NAMES = {
    "procedure": N_("examination"),
    "course": N_("course"),
    "teaching": N_("teaching"),
    "self-study": N_("self-study"),
    "introduction": N_("introduction"),
    "mdt": N_("MDT meeting"),
    "supervision": N_("guidance meeting"),
    "signoff": N_("sign-off"),
    "leave": N_("leave"),
}


def role(value: str | None) -> str:
    """A role as the language says it (an unknown one as written)."""
    value = value or "described"
    return word(ROLES, value)


@dataclass
class Names:
    """The names of what a trainee's entries refer to by id."""

    procedures: Mapping[str, tuple[str, str | None]] = field(default_factory=dict)  # id -> (name, name_en)
    courses: Mapping[str, str] = field(default_factory=dict)
    people: Mapping[str, str] = field(default_factory=dict)

    def procedure(self, ref: str) -> str:
        found = self.procedures.get(ref)
        if found is None:
            return ref
        return in_language(*found)

    def course(self, ref: str) -> str:
        return self.courses.get(ref, ref)

    def person(self, ref: str) -> str:
        return self.people.get(ref, ref)


def names(ws: Workspace, tf: TraineeFiles | None) -> Names:
    """The names for ``tf``'s entries: its plan's procedure lists, every course, its supervisors."""
    plan = ws.plan_of(tf) if tf is not None else None
    procedures = {p.id: (p.name, p.name_en) for p in (plan.procedures if plan else [])}
    courses = {g.id: g.name for g in ws.choice_groups.values()} | {c.id: c.name for c in ws.courses.values()}
    people = {k: s.name for k, s in ws.supervisors_for(tf).items()} if tf is not None else {}
    if tf is not None and tf.profile is not None:
        people.setdefault(tf.id, tf.profile.name)
    return Names(procedures, courses, people)


def describe(entry: Mapping[str, Any], named: Names | None = None, kind: str | None = None) -> str:
    """What an entry records, in a few words, with names for ids and the date as the language writes it.

    ``kind`` is the entry's kind where the caller knows it: a model dumped to a mapping starts with its
    date, and a procedure list's sign-off holds two kind keys (``signoff``, ``procedure``)."""
    n = named or Names()
    kind = kind or entry_kind(dict(entry))
    if kind is None and "from" in entry:  # a leave period
        return _("leave {start}–{end} ({percent} %)").format(
            start=date(entry["from"]), end=date(entry["to"]), percent=entry.get("percent", 100)
        )
    when = date(entry.get("date"))
    if kind == "procedure":
        return _("{procedure} ({date}, {role})").format(
            procedure=n.procedure(str(entry["procedure"])), date=when, role=role(entry.get("role"))
        )
    if kind == "course":
        return _("course {course} ({date})").format(course=n.course(str(entry["course"])), date=when)
    if kind == "teaching":
        return _("teaching {title!r} ({date})").format(title=entry["teaching"], date=when)
    if kind == "self-study":
        return _("self-study {title!r} ({date})").format(title=entry["self-study"], date=when)
    if kind == "introduction":
        return _("introduction {goal} ({date})").format(goal=entry["introduction"], date=when)
    if kind == "mdt":
        return _("MDT meeting {title!r} ({date})").format(title=entry["mdt"], date=when)
    if kind == "supervision":
        if entry["supervision"] == "individual":
            return _("individual guidance meeting ({date})").format(date=when)
        return _("group supervision session ({date})").format(date=when)
    if kind == "signoff":
        by = n.person(str(entry["by"]))
        activity = entry.get("activity")
        if activity:
            what = word(ACTIVITY_NAMES, str(activity))
            if entry.get("procedure"):
                what = _("{activity} {name}").format(activity=what, name=n.procedure(str(entry["procedure"])))
            return _("sign-off of {goal}, {activity}, by {by} ({date})").format(
                goal=entry["signoff"], activity=what, by=by, date=when
            )
        return _("sign-off of {goal} by {by} ({date})").format(goal=entry["signoff"], by=by, date=when)
    return str(kind)


def details(entry: Mapping[str, Any], named: Names | None = None) -> str:
    """An entry's particulars on one line for a list that shows its date and kind beside it: names for
    ids, then the numbers, people, goals and note it carries."""
    n = named or Names()
    kind = entry_kind(dict(entry))
    parts: list[str] = []
    if kind is None and "from" in entry:
        parts.append(_("{start}–{end}, {percent} %").format(
            start=date(entry["from"]), end=date(entry["to"]), percent=entry.get("percent", 100)
        ))  # fmt: skip
        parts += [str(entry["reason"])] if entry.get("reason") else []
        return ", ".join(parts)
    value = entry.get(kind or "", "")
    if kind == "procedure":
        parts += [n.procedure(str(value)), role(entry.get("role"))]
        parts += [str(entry.get("accession") or entry.get("stay") or "")]
    elif kind == "course":
        parts.append(n.course(str(value)))
    elif kind == "supervision":
        parts.append(_("individual") if value == "individual" else _("group"))
    elif kind == "signoff" and entry.get("activity"):
        what = word(ACTIVITY_NAMES, str(entry["activity"]))
        if entry.get("procedure"):
            what = _("{activity} {name}").format(activity=what, name=n.procedure(str(entry["procedure"])))
        parts += [str(value), what]
    else:
        parts.append(str(value))
    for key in ("goal", "topic"):
        parts += [str(entry[key])] if entry.get(key) else []
    parts += [", ".join(str(g) for g in entry.get("goals") or [])]
    for key in ("supervisor", "by"):
        parts += [n.person(str(entry[key]))] if entry.get(key) else []
    parts += [str(entry["note"])] if entry.get("note") else []
    return ", ".join(p for p in parts if p)


# --- references: how a user names one entry -----------------------------------------------------------

#: the reference of a leave period in trainee.yaml is ``leave:N``; bokmål's word is read as well
LEAVE = "leave"
LEAVE_WORDS = (LEAVE, "permisjon")


def ref(source: Path | str, index: int) -> str:
    """How the user names an entry: its log file's name without .yaml (``leave`` for a leave period in
    trainee.yaml) and its number there, counting from 1 (``2026:14``). Only entries added or removed
    before it in the same file change it."""
    stem = source.stem if isinstance(source, Path) else source
    return f"{stem}:{index + 1}"


def parse_ref(text: str) -> tuple[str, int] | None:
    """``("2026", 13)`` for ``2026:14`` (``("leave", 0)`` for ``leave:1`` or ``permisjon:1``); None when
    ``text`` is not of that form."""
    stem, sep, number = text.strip().rpartition(":")
    if not sep or not stem or not number.isdigit():
        return None
    return (LEAVE if stem.casefold() in LEAVE_WORDS else stem), int(number) - 1


def find_entry(tf: TraineeFiles, text: str, root: Path | None = None) -> Listed | str:
    """The entry ``text`` names (``2026:14``, ``leave:1``), or why it names none (files relative to ``root``)."""
    named = parse_ref(text)
    if named is None:
        return _("{ref!r} is not a reference to an entry (a log's year and the entry's number, e.g. 2026:14)").format(
            ref=text
        )
    stem, index = named
    if stem == LEAVE:
        profile = tf.profile
        if profile is None or profile.origin is None:
            return _("{ref!r}: trainee {trainee} has no valid trainee.yaml").format(ref=text, trainee=tf.id)
        file, items = profile.origin.file, list[Any](profile.leave)
    else:
        log = next((lg for lg in tf.logs if lg.origin and lg.origin.file.stem == stem), None)
        if log is None or log.origin is None:
            return _("{ref!r}: trainee {trainee} has no log {file}").format(
                ref=text, trainee=tf.id, file=f"{stem}.yaml"
            )
        file, items = log.origin.file, list(log.entries)
    if not 0 <= index < len(items):
        return ngettext("{ref!r}: {file} has {n} entry", "{ref!r}: {file} has {n} entries", len(items)).format(
            ref=text, file=relative(file, root) if root else file.name, n=len(items)
        )
    return Listed(file, index, items[index], ref(stem, index))


# --- the log as a list (lisplan entries) -------------------------------------------------------------


@dataclass
class Listed:
    """One entry of a trainee's log (or a leave period of the profile), where it is and what it is."""

    file: Path
    index: int  # 0-based, in the file's list
    entry: Any  # the model (an entry of models/log.py, or Leave)
    ref: str

    @property
    def kind(self) -> str:
        return LEAVE if isinstance(self.entry, Leave) else str(entry_kind(self.entry))

    @property
    def date(self) -> dt.date:
        return self.entry.from_ if isinstance(self.entry, Leave) else self.entry.date

    def data(self) -> dict[str, Any]:
        """The entry as plain data, keys as the file writes them."""
        return self.entry.model_dump(mode="json", by_alias=True, exclude_none=True)  # type: ignore[no-any-return]


@dataclass
class Filters:
    """What ``lisplan entries`` shows: every condition given must hold (None: any)."""

    since: dt.date | None = None
    until: dt.date | None = None
    kinds: frozenset[str] | None = None
    goal: GoalInfo | None = None
    procedure: str | None = None  # a procedure list's id
    numbers: frozenset[str] | None = None  # accession or stay numbers, as stored


def every_entry(tf: TraineeFiles) -> Iterator[Listed]:
    """Each entry of the trainee's logs in file order, then the leave periods of the profile."""
    for log in tf.logs:
        if log.origin is None:
            continue
        for i, entry in enumerate(log.entries):
            yield Listed(log.origin.file, i, entry, ref(log.origin.file, i))
    profile = tf.profile
    if profile is not None and profile.origin is not None:
        for i, period in enumerate(profile.leave):
            yield Listed(profile.origin.file, i, period, ref(LEAVE, i))


def listed(ws: Workspace, tf: TraineeFiles, filters: Filters) -> list[Listed]:
    """The entries ``filters`` let through, newest first (on one day, the later in the file first)."""
    order = {path: n for n, path in enumerate(dict.fromkeys(e.file for e in every_entry(tf)))}
    found = [e for e in every_entry(tf) if _passes(ws, tf, e, filters)]
    return sorted(found, key=lambda e: (e.date, order[e.file], e.index), reverse=True)


def _passes(ws: Workspace, tf: TraineeFiles, e: Listed, f: Filters) -> bool:
    entry = e.entry
    last = entry.to if isinstance(entry, Leave) else e.date
    if (f.since and last < f.since) or (f.until and e.date > f.until) or (f.kinds and e.kind not in f.kinds):
        return False
    if f.procedure is not None and getattr(entry, "procedure", None) != f.procedure:
        return False
    if f.numbers is not None and not (isinstance(entry, ProcedureEntry) and {entry.accession, entry.stay} & f.numbers):
        return False
    return f.goal is None or f.goal in goals_of(ws, tf, entry)


def goals_of(ws: Workspace, tf: TraineeFiles, entry: Any) -> list[GoalInfo]:
    """The goals an entry serves: those it names, a course's goals, and for an examination the goals
    whose procedure list (in the trainee's plan) it counts towards."""
    refs: list[str] = []
    if isinstance(entry, (SignoffEntry, IntroductionEntry)):
        refs = [entry.signoff if isinstance(entry, SignoffEntry) else entry.introduction]
    elif isinstance(entry, MdtEntry):
        refs = [entry.goal] if entry.goal else []
    elif isinstance(entry, (TeachingEntry, SelfStudyEntry)):
        refs = list(entry.goals)
    elif isinstance(entry, CourseEntry):
        course = ws.find_course(entry.course)
        refs = list(course.goals) if course else []
    elif isinstance(entry, ProcedureEntry):
        plan = ws.plan_of(tf)
        listed_as = ws.procedure(plan, entry.procedure) if plan else None
        refs = [
            ga.goal
            for ga in (plan.goal_activities if plan and listed_as else [])
            if any(a.procedure == listed_as.id for a in ga.activities)  # type: ignore[union-attr]
        ]
    sets = set(ws.trainee_sets(tf))
    plan = ws.plan_of(tf)
    sets |= set(plan.goal_sets if plan else [])
    found = (ws.resolve_goal(r, sets) for r in refs)
    return [g for g in found if isinstance(g, GoalInfo)]
