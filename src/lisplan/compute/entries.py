"""Log entries as a user reads them: procedure lists, courses and supervisors by their names, roles and
dates in the language (issue 18). What the entry commands confirm, their commit messages say, and
``lisplan portal`` lists.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from lisplan.core.i18n import N_, _, date, in_language, word
from lisplan.core.kinds import ACTIVITY_NAMES
from lisplan.load.workspace import TraineeFiles, Workspace
from lisplan.models.log import entry_kind

#: how each role on an examination reads (the keys are the log's values)
ROLES = {
    "described": N_("described"),
    "signed": N_("signed"),
    "re-review": N_("re-review"),
    "double-review": N_("double review"),
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
