"""The loaded plan repo: validated files, and the look-ups every later step needs.

A :class:`Workspace` holds models only (no YAML, no I/O). Look-ups that can fail return ``None`` or
a reason; they never raise on user data.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from itertools import chain
from pathlib import Path
from typing import Any

from lisplan.core.i18n import _, in_language, named
from lisplan.core.suggest import did_you_mean
from lisplan.models import Config, CourseList, Crosswalk, GoalSet, Log, Plan, Trainee
from lisplan.models.common import split_ref
from lisplan.models.courses import ChoiceGroup, Course
from lisplan.models.goals import Goal
from lisplan.models.log import Entry
from lisplan.models.plan import Procedure, Selector, Supervisor


class TraineeFiles:
    """One trainee's folder: the profile and the yearly logs, oldest first.

    A log file can be *deferred*: its bytes are read (and hashed) but not yet parsed or validated, as
    when a report takes what it needs from the store's per-file fold (compute/fold.py). Asking for
    :attr:`logs` (or :meth:`entries`) reads every deferred file first, with the loader's ``reader``, so
    whatever reads the logs sees all of them, as if nothing had been deferred."""

    def __init__(self, id: str, folder: Path, profile: Trainee | None = None, logs: list[Log] | None = None) -> None:
        self.id = id
        self.folder = folder
        self.profile = profile
        self._logs: list[Log] = logs if logs is not None else []
        #: deferred log files: path -> (SHA-256 of their bytes, the bytes), read by :meth:`read`
        self.deferred: dict[Path, tuple[str, bytes]] = {}
        #: the loader's reader of deferred files (path and bytes): validates them, adds their problems and
        #: documents to what was loaded, and returns each one's log (None for a file that did not validate)
        self.reader: Callable[[list[tuple[Path, bytes]]], list[Log | None]] | None = None
        #: what compute/fold.py worked out from the per-file folds (None: nothing folded)
        self.folded: Any = None

    def __repr__(self) -> str:
        return f"TraineeFiles({self.id!r}, {str(self.folder)!r})"

    @property
    def logs(self) -> list[Log]:
        if self.deferred:
            self.read()
        return self._logs

    def read(self, paths: Iterable[Path] | None = None) -> list[Log | None]:
        """Read the deferred log files of ``paths`` (all of them when None), keeping the logs in order."""
        wanted = [p for p in (self.deferred if paths is None else paths) if p in self.deferred]
        if not wanted:
            return []
        assert self.reader is not None, "a deferred log needs the loader's reader"
        read = self.reader([(p, self.deferred.pop(p)[1]) for p in wanted])
        self._logs += [log for log in read if log is not None]
        self.sort_logs()
        return read

    def sort_logs(self) -> None:
        self._logs.sort(key=lambda log: (log.year or 0, str(log.origin.file if log.origin else "")))

    def entries(self) -> Iterator[Entry]:
        # chained in C: read by every fold over the entries (20,000 of them on five years of logs)
        return chain.from_iterable(log.entries for log in self.logs)


@dataclass(frozen=True)
class GoalInfo:
    """A goal with its set and the sections it belongs to."""

    set_id: str
    goal: Goal
    sections: frozenset[str]
    part_name: str
    area_name: str | None

    @property
    def code(self) -> str:
        return self.goal.id

    @property
    def key(self) -> str:
        return f"{self.set_id}:{self.goal.id}"


def _name_key(name: str) -> str:
    return " ".join(name.replace("*", " ").split()).casefold()


_FOLD = str.maketrans({"æ": "ae", "ø": "o", "å": "a"})


def topic_key(name: str) -> str:
    """A topic as a slug: «Kvalitet og pasientsikkerhet» and kvalitet-og-pasientsikkerhet are one."""
    folded = name.casefold().translate(_FOLD)
    return "-".join("".join(c if c.isalnum() else " " for c in folded).split())


@dataclass
class Workspace:
    root: Path | None
    config: Config | None = None
    goal_sets: dict[str, GoalSet] = field(default_factory=dict)
    course_lists: dict[str, CourseList] = field(default_factory=dict)
    plans: dict[str, Plan] = field(default_factory=dict)
    trainees: dict[str, TraineeFiles] = field(default_factory=dict)
    crosswalks: dict[str, Crosswalk] = field(default_factory=dict)
    _procedure_names: dict[str, tuple[Plan, dict[str, Procedure | None]]] = field(default_factory=dict, repr=False)

    # --- goals -----------------------------------------------------------------------------------

    @cached_property
    def goals(self) -> dict[str, GoalInfo]:
        """Every goal, keyed ``set:code``."""
        out: dict[str, GoalInfo] = {}
        for gs in self.goal_sets.values():
            parts = {p.id: p for p in gs.parts}
            for goal in gs.goals:
                part = parts.get(goal.part)
                area = next((a for a in part.areas if a.id == goal.area), None) if part else None
                sections = frozenset((part.sections if part else []) + (area.sections if area else []))
                out[f"{gs.id}:{goal.id}"] = GoalInfo(
                    gs.id, goal, sections, part.name if part else goal.part, area.name if area else None
                )
        return out

    @cached_property
    def _by_code(self) -> dict[str, list[GoalInfo]]:
        index: dict[str, list[GoalInfo]] = {}
        for info in self.goals.values():
            index.setdefault(info.code, []).append(info)
        return index

    def resolve_goal(self, ref: str, sets: Iterable[str] | None = None) -> GoalInfo | str:
        """The goal a reference names among ``sets`` (all sets when None), or why it names none."""
        set_id, code = split_ref(ref)
        if set_id is not None:
            if set_id not in self.goal_sets:
                return _("there is no goal set {set}").format(set=repr(set_id))
            return self.goals.get(f"{set_id}:{code}") or _("goal set {set} has no goal {code}").format(
                set=self.set_name(set_id), code=code
            )
        allowed = set(sets) if sets is not None else None
        found = [g for g in self._by_code.get(code, []) if allowed is None or g.set_id in allowed]
        if len(found) == 1:
            return found[0]
        if not found:
            if allowed:
                return _("no goal {code} in the goal sets {sets}").format(
                    code=code, sets=self.set_names(sorted(allowed))
                )
            return _("no goal {code}").format(code=code)
        return _("{code} is in several goal sets ({sets}): write set:code").format(
            code=code, sets=self.set_names([g.set_id for g in found], with_ids=True)
        )

    def near_goal(self, code: str, sets: Iterable[str] | None = None) -> str:
        """ "did you mean …" for a goal code of ``sets`` (all sets when None) that names none, or "".

        A code that some set of ``sets`` has is named as it is; a near miss is looked for in the newest
        sets first: a set that another set of ``sets`` replaces (nuk-2019 beside nuk-2025, document 002)
        is one new entries cannot point to, so its codes come last."""
        pool = list(dict.fromkeys(sets)) if sets is not None else list(self.goal_sets)
        every = [g.code for g in self.goals_in_sets(pool)]
        if code.upper() in every:
            return did_you_mean(code, every)
        newest = [s for s in pool if not set(self.replaced_by.get(s, [])) & set(pool)]
        return did_you_mean(code, [g.code for g in self.goals_in_sets(newest)]) or did_you_mean(code, every)

    def goals_in_sets(self, sets: Iterable[str]) -> list[GoalInfo]:
        """The goals of these sets, set by set in the order given, each in catalog order."""
        order = {s: i for i, s in enumerate(dict.fromkeys(sets))}
        found = [g for g in self.goals.values() if g.set_id in order]
        return sorted(found, key=lambda g: order[g.set_id])

    def select(self, selector: Selector, sets: Iterable[str]) -> list[GoalInfo]:
        """The goals of ``sets`` a selector picks."""
        pool = self.goals_in_sets(sets)
        picked: dict[str, GoalInfo] = {}
        wanted = set(selector.sections)
        excluded = set(selector.except_)
        for g in pool:
            if (selector.all or g.sections & wanted) and not g.sections & excluded:
                picked[g.key] = g
        for ref in selector.goals:
            found = self.resolve_goal(ref, sets)
            if isinstance(found, GoalInfo):
                picked[found.key] = found
        return list(picked.values())

    def set_name(self, set_id: str) -> str:
        """How a goal set reads: its name (nuk-2025 is «Nukleærmedisin, læringsmål 2025»), else
        the id as written."""
        gs = self.goal_sets.get(set_id)
        return in_language(gs.name, gs.name_en) if gs else set_id

    def set_names(self, sets: Iterable[str], *, with_ids: bool = False) -> str:
        """Goal sets by name, joined with semicolons (a name may hold a comma); ``with_ids`` adds the id a
        user types after each name."""
        return "; ".join(named(self.set_name(s), s) if with_ids else self.set_name(s) for s in sets)

    # --- goal-set revisions ----------------------------------------------------------------------

    @cached_property
    def replaced_by(self) -> dict[str, list[str]]:
        """For each goal set, the sets that say they replace it."""
        out: dict[str, list[str]] = {}
        for gs in self.goal_sets.values():
            for old in gs.replaces:
                out.setdefault(old, []).append(gs.id)
        return out

    def in_force(self, set_id: str, day: dt.date) -> bool:
        """Whether a goal set is in force on ``day`` (an unknown end or start does not limit it)."""
        span = self.goal_sets[set_id].in_force
        return (span.from_ is None or span.from_ <= day) and (span.until is None or day <= span.until)

    def set_as_of(self, set_id: str, day: dt.date) -> str:
        """The set in force on ``day`` in place of ``set_id``: a replaced set gives way to the set that
        replaced it once that is in force, and a set not yet in force to the one it replaces."""
        seen = {set_id}
        current = set_id
        while True:
            later = [
                r
                for r in self.replaced_by.get(current, [])
                if r not in seen and (self.goal_sets[r].in_force.from_ or dt.date.max) <= day
            ]
            earlier = (
                [
                    r
                    for r in self.goal_sets[current].replaces
                    if r in self.goal_sets and r not in seen and self.in_force(r, day)
                ]
                if not self.in_force(current, day)
                else []
            )
            step = next(iter(later or earlier), None)
            if step is None:
                return current
            seen.add(step)
            current = step

    def with_revisions(self, sets: Iterable[str]) -> list[str]:
        """``sets`` and every set that replaces one of them, directly or not (the codes a log may name)."""
        found = list(dict.fromkeys(sets))
        for set_id in found:  # grows while it runs; each set once
            found += [r for r in self.replaced_by.get(set_id, []) if r not in found]
        return found

    @cached_property
    def section_names(self) -> set[str]:
        return {s for g in self.goals.values() for s in g.sections}

    # --- courses ---------------------------------------------------------------------------------

    @cached_property
    def courses(self) -> dict[str, Course]:
        return {c.id: c for cl in self.course_lists.values() for c in cl.courses}

    @cached_property
    def choice_groups(self) -> dict[str, ChoiceGroup]:
        return {g.id: g for cl in self.course_lists.values() for g in cl.choice_groups}

    @cached_property
    def _course_names(self) -> dict[str, str]:
        names: dict[str, str] = {}
        for c in self.courses.values():
            for name in (c.id, c.name, *c.former_names):
                names.setdefault(_name_key(name), c.id)
        return names

    def find_course(self, name: str) -> Course | None:
        """A course by id, current name or former name (case-insensitive, footnote stars ignored)."""
        cid = self._course_names.get(_name_key(name))
        return self.courses.get(cid) if cid else None

    def course_names(self) -> list[str]:
        return [n for c in self.courses.values() for n in (c.id, c.name, *c.former_names)] + [
            n for g in self.choice_groups.values() for n in (g.id, g.name, *g.former_names)
        ]

    def national_courses(self, specialty: str) -> dict[str, str]:
        """The specialty's mandatory national courses (``mandatory: true`` in a course list of that
        specialty), each with its source: they apply under every plan of the specialty."""
        return {
            c.id: c.source or (cl.source if isinstance(cl.source, str) else "; ".join(cl.source))
            for cl in self.course_lists.values()
            if cl.specialty == specialty
            for c in cl.courses
            if c.mandatory
        }

    def required_courses(self, plan: Plan) -> list[str]:
        """The courses a trainee under ``plan`` must take: the plan's own, then the specialty's national ones."""
        return list(dict.fromkeys([*plan.required_courses, *self.national_courses(plan.specialty)]))

    def find_course_or_group(self, name: str) -> Course | ChoiceGroup | None:
        """What a course entry's ``course:`` names: a course, else a choice group (one course of the group).
        The one resolver for the log, the command line and the sheet, so that each accepts what the
        others accept (docs/file-formats.md, "a course id, name or former name; or a choice group's")."""
        return self.find_course(name) or self.find_choice_group(name)

    def find_choice_group(self, name: str) -> ChoiceGroup | None:
        """A choice group by id, name or former name: a course logged under the group's name («Terapikurs
        (kan velges blant flere godkjente kurs)», 004) is one course of the group, not named further."""
        key = _name_key(name)
        for g in self.choice_groups.values():
            if key in {_name_key(n) for n in (g.id, g.name, *g.former_names)}:
                return g
        return None

    # --- group-supervision topics ---------------------------------------------------------------

    @staticmethod
    def group_topics(plan: Plan) -> dict[str, str]:
        """Every way of writing each of the plan's group-supervision topics (its id, name and aliases,
        folded by :func:`topic_key`) -> the topic's id."""
        names: dict[str, str] = {}
        for t in plan.supervision.group_topics:
            tid, more = (t, []) if isinstance(t, str) else (t.id, [t.name or "", *t.aliases])
            for n in (tid, *more):
                if n:
                    names.setdefault(topic_key(n), tid)
        return names

    # --- plans, procedures, supervisors ------------------------------------------------------------

    def procedure(self, plan: Plan, name: str) -> Procedure | None:
        """A plan's procedure list by id, Norwegian or English name, or alias (case-insensitive)."""
        names = self._procedure_names.get(plan.id)
        if names is None or names[0] is not plan:
            table: dict[str, Procedure | None] = {}
            for p in plan.procedures:
                for n in (p.id, p.name, p.name_en or "", *p.aliases):
                    if n:
                        table.setdefault(n.casefold(), p)
            names = self._procedure_names[plan.id] = (plan, table)
        table = names[1]
        if name in table:  # a name as logged (nearly always the id), looked up again for each entry
            return table[name]
        found = table[name] = table.get(name.strip().casefold())
        return found

    def procedure_names(self, plan: Plan) -> dict[str, str]:
        """Every way of writing each of a plan's procedure lists -> how a message shows it: its name in the
        language with the id after it («skjelettscintigrafi (skeleton-scintigraphy)»)."""
        return {
            n: named(in_language(p.name, p.name_en), p.id)
            for p in plan.procedures
            for n in (p.id, p.name, p.name_en or "", *p.aliases)
            if n
        }

    def supervisors_for(self, trainee: TraineeFiles) -> dict[str, Supervisor]:
        plan = self.plans.get(trainee.profile.plan) if trainee.profile else None
        found = {s.id: s for s in (plan.supervisors if plan else [])}
        if trainee.profile:
            found.update({s.id: s for s in trainee.profile.supervisors})
        return found

    def people_known(self, trainee: TraineeFiles) -> dict[str, Supervisor]:
        """Everyone an entry of the trainee's may name: the trainee's supervisors and those of every plan
        here (a sign-off by another plan's supervisor is warned about, not refused: checks/signoffs.py)."""
        return {s.id: s for plan in self.plans.values() for s in plan.supervisors} | self.supervisors_for(trainee)

    def people_named(self, trainee: TraineeFiles, name: str) -> list[str]:
        """The ids of those whose name is ``name`` in any case and spacing: the trainee's own supervisors,
        else any plan's; and the trainee, by the profile's name."""
        key = _name_key(name)
        own = self.supervisors_for(trainee)
        ids = sorted(i for i, s in own.items() if _name_key(s.name) == key) or sorted(
            i for i, s in self.people_known(trainee).items() if _name_key(s.name) == key
        )
        return ids + ([trainee.id] if trainee.profile and _name_key(trainee.profile.name) == key else [])

    def plan_of(self, trainee: TraineeFiles) -> Plan | None:
        return self.plans.get(trainee.profile.plan) if trainee.profile else None

    def trainee_sets(self, trainee: TraineeFiles, day: dt.date | None = None) -> list[str]:
        """The goal sets a trainee is measured against: the profile's, else the plan's; with ``day``, the
        sets in force that day in their place (see :meth:`set_as_of`)."""
        if trainee.profile and trainee.profile.goal_sets:
            sets = list(trainee.profile.goal_sets)
        else:
            plan = self.plan_of(trainee)
            sets = list(plan.goal_sets) if plan else []
        if day is None:
            return sets
        return list(dict.fromkeys(self.set_as_of(s, day) if s in self.goal_sets else s for s in sets))
