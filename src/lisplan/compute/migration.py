"""Goal-set revisions: what a trainee's approvals under a replaced goal set become under the new one.

Document 002 (the hearing on the 2025 NM goals): an approval carries over to a new goal that
corresponds in content at the same or lower complexity; every other new goal needs a new competence
assessment. Which new goal corresponds to which old ones is a crosswalk's (``kind: crosswalk``).
Pure computation over a loaded workspace and the trainee's approvals; writing is the caller's.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from lisplan.core.i18n import N_, _, date, word
from lisplan.core.problems import Problem, error
from lisplan.core.suggest import did_you_mean
from lisplan.load.workspace import GoalInfo, TraineeFiles, Workspace
from lisplan.models.crosswalk import CARRIES_OVER, Crosswalk, Mapping, Relation
from lisplan.models.goals import GoalSet
from lisplan.models.log import SignoffEntry

#: goal key (``set:code``) -> the first approval of it: (date, by)
Approvals = dict[str, tuple[dt.date, str]]


@dataclass
class CarryOver:
    """A new goal whose approval carries over from approved old goals."""

    goal: GoalInfo
    mapping: Mapping
    old: list[tuple[GoalInfo, dt.date, str]]  # each old goal with its approval
    recorded_on: dt.date | None = None  # the new goal is approved already: nothing to write

    @property
    def by(self) -> str:
        """Who signed the latest of the old approvals: the carried-over approval is theirs."""
        return max(self.old, key=lambda o: o[1])[2]


#: how each relation of a new goal to old ones reads (the keys are the crosswalk's values)
RELATIONS = {
    "equivalent": N_("equivalent"),
    "narrower": N_("narrower"),
    "broader": N_("broader"),
    "new": N_("new"),
}


@dataclass
class Assessment:
    """A new goal that needs a new competence assessment, and why."""

    goal: GoalInfo
    why: str
    mapping: Mapping | None = None


@dataclass
class Migration:
    trainee: TraineeFiles
    old: GoalSet
    new: GoalSet
    crosswalk: Crosswalk | None
    as_of: dt.date
    carry: list[CarryOver] = field(default_factory=list)
    assess: list[Assessment] = field(default_factory=list)
    unmapped: list[tuple[GoalInfo, dt.date, str]] = field(default_factory=list)  # approved, mapped to nothing
    #: approvals of old goals dated after the old set ceased: they never carry over (see ``migration``)
    late: list[tuple[GoalInfo, dt.date, str]] = field(default_factory=list)
    approved_old: int = 0
    people: dict[str, str] = field(default_factory=dict)  # supervisor id -> name, for who approved

    @property
    def pending(self) -> list[CarryOver]:
        return [c for c in self.carry if c.recorded_on is None]

    @property
    def profile_names_old(self) -> bool:
        profile = self.trainee.profile
        return profile is not None and self.old.id in profile.goal_sets


class MigrationError(Exception):
    """The migration asked for cannot be made; ``problems`` point into the files."""

    def __init__(self, message: str, hint: str, problems: list[Problem] | None = None) -> None:
        super().__init__(message)
        self.message, self.hint, self.problems = message, hint, problems or []


# --- which migration -------------------------------------------------------------------------------


def used_sets(ws: Workspace, tf: TraineeFiles, approvals: Approvals) -> list[str]:
    """The sets a trainee is under: the profile's (else the plan's) and those they hold approvals in."""
    return list(dict.fromkeys([*ws.trainee_sets(tf), *(key.split(":", 1)[0] for key in approvals)]))


def default_target(ws: Workspace, tf: TraineeFiles, approvals: Approvals, day: dt.date) -> str | None:
    """The set in force on ``day`` for the trainee's specialty in place of a set they are under (or None)."""
    specialty = tf.profile.specialty if tf.profile else None
    targets = {ws.set_as_of(s, day) for s in used_sets(ws, tf, approvals) if s in ws.goal_sets}
    found = sorted(
        t
        for t in targets
        if ws.goal_sets[t].specialty == specialty
        and ws.goal_sets[t].replaces
        and set(ws.goal_sets[t].replaces) & set(used_sets(ws, tf, approvals))
    )
    return found[0] if found else None


def migrations_to(ws: Workspace, tf: TraineeFiles, approvals: Approvals, to: str, day: dt.date) -> list[Migration]:
    """What migrating the trainee to the set ``to`` on ``day`` means, for each set of theirs it replaces."""
    if to not in ws.goal_sets:
        raise MigrationError(
            _("--to {value}: there is no goal set {value}").format(value=repr(to)),
            did_you_mean(to, ws.goal_sets) or _("goal sets: {sets}").format(sets=", ".join(sorted(ws.goal_sets))),
        )
    new = ws.goal_sets[to]
    mine = used_sets(ws, tf, approvals)
    olds = [s for s in new.replaces if s in mine and s in ws.goal_sets]
    if not olds:
        raise MigrationError(
            (
                _("--to {set}: goal set {set} does not replace a goal set the trainee is under ({mine})")
                if mine
                else _("--to {set}: goal set {set} does not replace a goal set the trainee is under (none)")
            ).format(set=to, mine=", ".join(mine)),
            _("give --to a set whose 'replaces:' names one of the trainee's sets, or leave --to out"),
            [_not_replacing(new, tf, mine)],
        )
    start = new.in_force.from_
    if start is not None and day < start:
        raise MigrationError(
            _("--date {day}: goal set {set} is not in force until {start}").format(day=day, set=to, start=date(start)),
            _("migrate on or after {start}").format(start=date(start)),
        )
    return [migration(ws, tf, approvals, ws.goal_sets[old], new, day) for old in olds]


def _not_replacing(new: GoalSet, tf: TraineeFiles, mine: list[str]) -> Problem:
    where = new.at("replaces") if new.replaces else new.at("id")
    message = (
        _("goal set {set} replaces {replaces}").format(set=new.id, replaces=", ".join(new.replaces))
        if new.replaces
        else _("goal set {set} replaces no set").format(set=new.id)
    )
    profile = tf.profile
    hint = (
        _("the trainee is under {sets} (trainee.yaml, goal_sets)").format(sets=", ".join(mine))
        if profile and profile.origin
        else _("see the trainee's goal_sets")
    )
    return error("not-a-replacement", where, message, hint)


def pending_migrations(ws: Workspace, tf: TraineeFiles, approvals: Approvals, day: dt.date) -> list[Migration]:
    """For each set the trainee is under that another set in force on ``day`` has replaced: the migration.

    Only sets the trainee holds approvals in, or that the profile still names, count.
    """
    found = []
    for old in used_sets(ws, tf, approvals):
        if old not in ws.goal_sets:
            continue
        new = ws.set_as_of(old, day)
        if new != old and old in ws.goal_sets[new].replaces:
            found.append(migration(ws, tf, approvals, ws.goal_sets[old], ws.goal_sets[new], day))
    return found


def crosswalk_for(ws: Workspace, old: str, new: str) -> Crosswalk | None:
    """The crosswalk from ``old`` to ``new``; a confirmed one before one that is not."""
    found = [c for c in ws.crosswalks.values() if c.from_ == old and c.to == new]
    return sorted(found, key=lambda c: not c.confirmed)[0] if found else None


# --- the migration itself ---------------------------------------------------------------------------


def migration(
    ws: Workspace, tf: TraineeFiles, approvals: Approvals, old: GoalSet, new: GoalSet, day: dt.date
) -> Migration:
    """Each goal of ``new``: carried over, approved already, or needing a new assessment; and the old
    approvals that map to nothing. Approvals after ``day`` do not count.

    Only approvals obtained while the old set was in force carry over (002: «LIS som allerede har oppnådd
    godkjenning av de nåværende læringsmålene ... kan få overført godkjenningene»; the old goals «blir
    ugyldige» when the new set comes into force). An old goal approved after its set ceased is listed in
    ``late`` and counts as not approved for the mapping.
    """
    approvals = {k: v for k, v in approvals.items() if v[0] <= day}
    ceased = old.in_force.until
    late = {k for k, v in approvals.items() if ceased is not None and k.startswith(f"{old.id}:") and v[0] > ceased}
    cw = crosswalk_for(ws, old.id, new.id)
    result = Migration(tf, old, new, cw, day)
    result.late = [(info, *approvals[info.key]) for info in ws.goals_in_sets([old.id]) if info.key in late]
    approvals = {k: v for k, v in approvals.items() if k not in late}
    result.people = {k: v.name for k, v in ws.supervisors_for(tf).items()}
    mappings = {m.goal: m for m in (cw.mappings if cw else [])}
    for info in ws.goals_in_sets([new.id]):
        done = approvals.get(info.key)
        m = mappings.get(info.code)
        item = _one(ws, info, m, old, approvals, cw, late)
        if isinstance(item, CarryOver):
            item.recorded_on = done[0] if done else None
            result.carry.append(item)
        elif done is None:
            result.assess.append(item)
    mapped = {code for m in mappings.values() for code in m.from_}
    olds = [(info, *approvals[info.key]) for info in ws.goals_in_sets([old.id]) if info.key in approvals]
    result.approved_old = len(olds)
    result.unmapped = [o for o in olds if o[0].code not in mapped]
    return result


def _one(
    ws: Workspace,
    info: GoalInfo,
    m: Mapping | None,
    old: GoalSet,
    approvals: Approvals,
    cw: Crosswalk | None,
    late: set[str],
) -> CarryOver | Assessment:
    if m is None:
        return Assessment(info, _("not in the crosswalk") if cw else _("no crosswalk"))
    if m.relation is Relation.NEW:
        return Assessment(info, _("new: no old goal corresponds"), m)
    olds = [ws.goals.get(f"{old.id}:{code}") for code in m.from_]
    have = [(o, *approvals[o.key]) for o in olds if o is not None and o.key in approvals]
    if m.relation not in CARRIES_OVER:
        return Assessment(
            info,
            _("{relation} than {goals} (higher complexity)").format(
                relation=word(RELATIONS, m.relation.value), goals=_codes(m.from_)
            ),
            m,
        )
    missing = [code for code in m.from_ if f"{old.id}:{code}" not in approvals]
    if missing and old.in_force.until and all(f"{old.id}:{code}" in late for code in missing):
        return Assessment(
            info,
            _("{relation}, but {goals} approved only after {set} ceased (in force until {date})").format(
                relation=word(RELATIONS, m.relation.value),
                goals=_codes(missing),
                set=old.id,
                date=date(old.in_force.until),
            ),
            m,
        )
    if missing:
        return Assessment(
            info,
            _("{relation}, but {goals} not approved").format(
                relation=word(RELATIONS, m.relation.value), goals=_codes(missing)
            ),
            m,
        )
    return CarryOver(info, m, have)


def _codes(codes: Iterable[str]) -> str:
    return ", ".join(codes)


def note(c: CarryOver, cw: Crosswalk) -> str:
    """The note on a carried-over approval: from which approvals, by which relation."""
    olds = ", ".join(f"{o.code} ({d})" for o, d, _ in c.old)
    # written into the log, in the language of the one who records it (dates as in the file: ISO)
    return _("carried over from {set} {goals}: {relation} (crosswalk {crosswalk})").format(
        set=c.old[0][0].set_id, goals=olds, relation=word(RELATIONS, c.mapping.relation.value), crosswalk=cw.id
    )


def unconfirmed(cw: Crosswalk) -> Problem:
    """Why a crosswalk the education lead has not confirmed records nothing."""
    message = (
        _("crosswalk {id} is an example the education lead has not confirmed (confirmed: false)")
        if cw.example
        else _("crosswalk {id} is a crosswalk the education lead has not confirmed (confirmed: false)")
    )
    return error(
        "crosswalk-unconfirmed",
        cw.at("confirmed"),
        message.format(id=cw.id),
        _(
            "have the education lead check every mapping and set 'confirmed: true' (and 'confirmed_by:'); "
            "lisplan migrate --dry-run shows what it would record"
        ),
    )


def carried_over(ws: Workspace, tf: TraineeFiles, entry: SignoffEntry) -> bool:
    """Whether ``lisplan migrate`` would have written this ``migration:`` sign-off: its crosswalk is
    confirmed and carries the goal over from old approvals the trainee has (approvals by a supervisor,
    not themselves carried over, dated on or before it). Only such a sign-off is exempt from the
    supervisor's signature in ``check --verify-signoffs``; its proof is the old approvals."""
    cw = ws.crosswalks.get(entry.migration or "")
    if cw is None or not cw.confirmed or cw.from_ not in ws.goal_sets or cw.to not in ws.goal_sets:
        return False
    goal = ws.resolve_goal(entry.signoff, [cw.to])
    if not isinstance(goal, GoalInfo):
        return False
    supervisors = set(ws.supervisors_for(tf)) - {tf.id, "self"}
    approvals: Approvals = {}
    for e in tf.entries():
        if isinstance(e, SignoffEntry) and e.activity is None and e.migration is None and e.by in supervisors:
            found = ws.resolve_goal(e.signoff, [cw.from_])
            if isinstance(found, GoalInfo):
                approvals.setdefault(found.key, (e.date, e.by))
    done = migration(ws, tf, approvals, ws.goal_sets[cw.from_], ws.goal_sets[cw.to], entry.date)
    return done.crosswalk is cw and any(c.goal.key == goal.key for c in done.carry)
