"""References that must resolve: goals, goal sets, courses, procedures, arenas, supervisors and plans."""

from __future__ import annotations

from collections.abc import Iterable

from lisplan.checks.context import Context
from lisplan.core.i18n import N_, _, named, ngettext
from lisplan.core.problems import Origin, Problem, error, warning
from lisplan.core.suggest import did_you_mean, did_you_mean_named
from lisplan.load.workspace import GoalInfo, TraineeFiles, Workspace, topic_key
from lisplan.models.courses import CourseList
from lisplan.models.goals import GoalSet
from lisplan.models.log import (
    CourseEntry,
    IntroductionEntry,
    MdtEntry,
    ProcedureEntry,
    SelfStudyEntry,
    SignoffEntry,
    SupervisionEntry,
    TeachingEntry,
)
from lisplan.models.plan import ActivityKind, Plan, Selector

SELF = "self"


def _goal(ws: Workspace, ref: str, sets: Iterable[str] | None, origin: Origin | None) -> list[Problem]:
    found = ws.resolve_goal(ref, sets)
    if isinstance(found, GoalInfo):
        return []
    hint = ws.near_goal(ref.split(":")[-1], sets) or _("check the code against the goal set (data/goals/)")
    return [error("unknown-goal", origin, f"{ref}: {found}", hint)]


def _unknown(
    code: str, origin: Origin | None, message: str, value: str, choices: Iterable[str], fix: str, **fields: str
) -> Problem:
    """``message`` (marked with N_, ``{value}`` and ``fields`` in it) says what is unknown; ``fix`` is translated."""
    choices = list(choices)
    return error(code, origin, _(message).format(value=repr(value), **fields), did_you_mean(value, choices) or fix)


# --- catalogs ------------------------------------------------------------------------------------


def check_catalog_references(ctx: Context) -> list[Problem]:
    problems: list[Problem] = []
    for gs in ctx.ws.goal_sets.values():
        problems += _goal_set(ctx.ws, gs)
    for cl in ctx.ws.course_lists.values():
        problems += _course_list(ctx.ws, cl)
    return problems


def _goal_set(ws: Workspace, gs: GoalSet) -> list[Problem]:
    problems = []
    parts = {p.id: p for p in gs.parts}
    for goal in gs.goals:
        part = parts.get(goal.part)
        if part is None:
            problems.append(
                _unknown(
                    "unknown-part",
                    goal.at("part"),
                    N_("unknown part {value}"),
                    goal.part,
                    parts,
                    _("add the part to 'parts:' or use one of: {parts}").format(parts=", ".join(parts)),
                )
            )
        elif goal.area is not None and goal.area not in {a.id for a in part.areas}:
            areas = [a.id for a in part.areas]
            problems.append(
                _unknown(
                    "unknown-area",
                    goal.at("area"),
                    N_("unknown area of part {part} {value}"),
                    goal.area,
                    areas,
                    _("use one of: {choices}").format(choices=", ".join(areas) or _("(the part has no areas)")),
                    part=part.id,
                )
            )
    for i, rid in enumerate(gs.replaces):
        if rid not in ws.goal_sets:
            problems.append(
                _unknown(
                    "unknown-goal-set",
                    gs.at("replaces", i),
                    N_("unknown goal set {value}"),
                    rid,
                    ws.goal_sets,
                    _("name a goal set in data/goals/"),
                )
            )
    return problems


def _course_list(ws: Workspace, cl: CourseList) -> list[Problem]:
    problems = []
    for course in cl.courses:
        for i, ref in enumerate(course.goals):
            problems += _goal(ws, ref, None, course.at("goals", i))
    for group in cl.choice_groups:
        for i, cid in enumerate(group.courses):
            if cid not in ws.courses:
                problems.append(
                    _unknown(
                        "unknown-course",
                        group.at("courses", i),
                        N_("unknown course {value}"),
                        cid,
                        ws.courses,
                        _("list the course under 'courses:'"),
                    )
                )
        for i, ref in enumerate(group.goals):
            problems += _goal(ws, ref, None, group.at("goals", i))
        if group.choose > len(group.courses):
            problems.append(
                error(
                    "bad-choice",
                    group.at("choose"),
                    ngettext(
                        "choose {choose} of {n} courses is impossible",
                        "choose {choose} of {n} courses is impossible",
                        len(group.courses),
                    ).format(choose=group.choose, n=len(group.courses)),
                    _("lower 'choose' or list more courses"),
                )
            )
    return problems


# --- plans ---------------------------------------------------------------------------------------


def check_plan_references(ctx: Context) -> list[Problem]:
    problems: list[Problem] = []
    for plan in ctx.ws.plans.values():
        problems += _plan(ctx.ws, plan)
    return problems


def _plan(ws: Workspace, plan: Plan) -> list[Problem]:
    problems: list[Problem] = []
    for i, sid in enumerate(plan.goal_sets):
        if sid not in ws.goal_sets:
            problems.append(
                _unknown(
                    "unknown-goal-set",
                    plan.at("goal_sets", i),
                    N_("unknown goal set {value}"),
                    sid,
                    ws.goal_sets,
                    _("name a goal set in data/goals/"),
                )
            )
    sets = [s for s in plan.goal_sets if s in ws.goal_sets]
    procedures = {p.id for p in plan.procedures}
    for proc in plan.procedures:  # the goals a list counts for must exist, as an activity's goal must
        for i, ref in enumerate(proc.goals):
            problems += _goal(ws, ref, sets, proc.at("goals", i))
    for ga in plan.goal_activities:
        problems += _goal(ws, ga.goal, sets, ga.at("goal"))
        for act in ga.activities:
            if act.kind is ActivityKind.PROCEDURE_LIST and act.procedure is None:
                problems.append(
                    error(
                        "missing-key",
                        act.origin,
                        _("a procedure-list activity needs 'procedure:'"),
                        _("name one of the plan's procedures: {procedures}").format(
                            procedures=", ".join(procedures) or _("(none yet)")
                        ),
                    )
                )
            if act.procedure is not None and act.procedure not in procedures:
                problems.append(
                    _unknown(
                        "unknown-procedure",
                        act.at("procedure"),
                        N_("unknown procedure {value}"),
                        act.procedure,
                        procedures,
                        _("add it under the plan's 'procedures:'"),
                    )
                )
            if act.course is not None and act.course not in ws.courses:
                problems.append(
                    _unknown(
                        "unknown-course",
                        act.at("course"),
                        N_("unknown course {value}"),
                        act.course,
                        ws.courses,
                        _("add it to a course list in data/goals/"),
                    )
                )
    for i, cid in enumerate(plan.required_courses):
        if cid not in ws.courses:
            problems.append(
                _unknown(
                    "unknown-course",
                    plan.at("required_courses", i),
                    N_("unknown course {value}"),
                    cid,
                    ws.courses,
                    _("add it to a course list in data/goals/"),
                )
            )
    problems += _exemptions(ws, plan)
    arenas = {a.id for a in plan.arenas}
    agreements = {a.id for a in plan.agreements}
    for phase in plan.timeline:
        if phase.arena is not None and phase.arena not in arenas:
            problems.append(
                _unknown(
                    "unknown-arena",
                    phase.at("arena"),
                    N_("unknown arena {value}"),
                    phase.arena,
                    arenas,
                    _("name one of the plan's arenas"),
                )
            )
        if phase.agreement is not None and phase.agreement not in agreements:
            problems.append(
                _unknown(
                    "unknown-agreement",
                    phase.at("agreement"),
                    N_("unknown agreement {value}"),
                    phase.agreement,
                    agreements,
                    _("name one of the plan's agreements"),
                )
            )
    selectors = [(a.offers, a.at("offers")) for a in plan.arenas]
    selectors += [(a.offers, a.at("offers")) for a in plan.agreements]
    selectors += [(p.goals, p.at("goals")) for p in plan.timeline]
    selectors += [(r.goals, r.at("goals")) for r in plan.readiness]
    for selector, origin in selectors:
        problems += _selector(ws, selector, sets, origin)
    return problems


def _selector(ws: Workspace, selector: Selector, sets: list[str], origin: Origin | None) -> list[Problem]:
    problems = []
    known = {s for g in ws.goals_in_sets(sets) for s in g.sections}
    for key, names in (("sections", selector.sections), ("except", selector.except_)):
        for i, name in enumerate(names):
            if name not in known:
                problems.append(
                    warning(
                        "unknown-section",
                        origin.at(key, i) if origin else None,
                        _("no goal in the plan's goal sets is in section {section}").format(section=repr(name)),
                        did_you_mean(name, known)
                        or _("sections in use: {sections}").format(sections=", ".join(sorted(known))),
                    )
                )
    for i, ref in enumerate(selector.goals):
        problems += _goal(ws, ref, sets, origin.at("goals", i) if origin else None)
    return problems


# --- trainees and logs ---------------------------------------------------------------------------


def check_log_references(ctx: Context) -> list[Problem]:
    problems: list[Problem] = []
    for tf in ctx.ws.trainees.values():
        problems += _profile(ctx.ws, tf)
        problems += _entries(ctx, tf)
    return problems


def _profile(ws: Workspace, tf: TraineeFiles) -> list[Problem]:
    profile = tf.profile
    if profile is None:
        return []
    problems = []
    plan = ws.plans.get(profile.plan)
    if plan is None:
        problems.append(
            _unknown(
                "unknown-plan",
                profile.at("plan"),
                N_("unknown plan {value}"),
                profile.plan,
                ws.plans,
                _("name a plan in data/plans/"),
            )
        )
    elif plan.specialty != profile.specialty:
        problems.append(
            warning(
                "specialty-mismatch",
                profile.at("specialty"),
                _("the trainee's specialty is {specialty} but plan {plan} is for {other}").format(
                    specialty=repr(profile.specialty), plan=named(plan.institution, plan.id), other=repr(plan.specialty)
                ),
                _("choose a plan for the trainee's specialty"),
            )
        )
    for i, sid in enumerate(profile.goal_sets):
        if sid not in ws.goal_sets:
            problems.append(
                _unknown(
                    "unknown-goal-set",
                    profile.at("goal_sets", i),
                    N_("unknown goal set {value}"),
                    sid,
                    ws.goal_sets,
                    _("name a goal set in data/goals/"),
                )
            )
    supervisors = ws.supervisors_for(tf)
    if profile.mentor is not None and profile.mentor not in supervisors:
        problems.append(
            _unknown(
                "unknown-supervisor",
                profile.at("mentor"),
                N_("unknown supervisor {value}"),
                profile.mentor,
                supervisors,
                _("add the mentor under 'supervisors:' in trainee.yaml"),
            )
        )
    return problems


def _entries(ctx: Context, tf: TraineeFiles) -> list[Problem]:
    ws = ctx.ws
    problems: list[Problem] = []
    for log in tf.logs:
        if log.trainee != tf.id:
            problems.append(
                error(
                    "trainee-id",
                    log.at("trainee"),
                    _("this log says trainee {trainee} but sits in the folder of {folder}").format(
                        trainee=repr(log.trainee), folder=repr(tf.id)
                    ),
                    _("set 'trainee: {id}' or move the file").format(id=tf.id),
                )
            )
    if tf.profile is None:
        # trainee.yaml is missing or broken (reported already): without it no supervisor, goal set or
        # plan can be judged, and every entry would be reported for that one cause.
        return problems
    plan, sets, people = scope(ws, tf)
    signers = {None, *people}  # who may supervise an examination (or no one named)
    known: dict[str, bool] = {}  # a procedure as logged -> whether the plan has its list (asked once per name)
    for log, i, entry in ctx.entries(tf):
        # nearly every entry is an examination of a list the plan has, by a known supervisor: nothing is
        # wrong with it, and nothing is made to say so
        if type(entry) is ProcedureEntry and entry.supervisor in signers:
            name = entry.procedure
            fine = known.get(name)
            if fine is None:
                fine = known[name] = plan is None or ws.procedure(plan, name) is not None
            if fine:
                continue
        problems += _entry(ws, tf, plan, sets, people, entry, ctx.origin(log, i))
    return problems


def scope(ws: Workspace, tf: TraineeFiles) -> tuple[Plan | None, list[str], set[str]]:
    """A trainee's plan, the goal sets their entries may name (the profile's and the plan's, and the sets
    that replace them), and the people who may sign."""
    plan = ws.plan_of(tf)
    sets = sorted(set(ws.with_revisions([*ws.trainee_sets(tf), *(plan.goal_sets if plan else [])])))
    return plan, sets, set(ws.supervisors_for(tf)) | {tf.id, SELF}


def entry_problems(ws: Workspace, tf: TraineeFiles, entry: object, origin: Origin | None = None) -> list[Problem]:
    """What ``lisplan check`` would say about the references of one entry (a new one, before it is written)."""
    plan, sets, people = scope(ws, tf)
    return _entry(ws, tf, plan, sets, people, entry, origin or Origin(tf.folder))


def _exemptions(ws: Workspace, plan: Plan) -> list[Problem]:
    """A throughput exemption (000 §2.1.6) names courses of the course lists and requirements of the plan."""
    exempt = plan.throughput.exempt if plan.throughput else None
    if exempt is None:
        return []
    problems = [
        _unknown(
            "unknown-course",
            plan.at("throughput", "exempt", "courses", i),
            N_("unknown course {value}"),
            cid,
            ws.courses,
            _("add it to a course list in data/goals/"),
        )
        for i, cid in enumerate(exempt.courses)
        if cid not in ws.courses
    ]
    ids = [r.id for r in plan.requirements]
    problems += [
        _unknown(
            "unknown-requirement",
            plan.at("throughput", "exempt", "requirements", i),
            N_("unknown requirement {value}"),
            rid,
            ids,
            _("name a requirement of the plan (its id under requirements:)"),
        )
        for i, rid in enumerate(exempt.requirements)
        if rid not in ids
    ]
    return problems


def _person(
    ws: Workspace, tf: TraineeFiles, people: set[str], value: str | None, origin: Origin, key: str
) -> list[Problem]:
    """An unknown person named at ``key`` of the entry at ``origin`` (the place made only for a problem:
    this runs for each of 20,000 entries)."""
    if value is None or value in people:
        return []
    return [
        error(
            "unknown-supervisor",
            origin.at(key),
            _("unknown supervisor {value}").format(value=repr(value)),
            unknown_person_hint(ws, tf, people, value),
        )
    ]


def unknown_person_hint(ws: Workspace, tf: TraineeFiles, people: set[str], value: str) -> str:
    """What to write instead of ``value``, which names none of ``people``: the nearest by name, with the id
    («Per Overlege (per-overlege)»; the name as written finds its id), or where people are added."""
    known = [*(s for p in ws.plans.values() for s in p.supervisors), *ws.supervisors_for(tf).values()]
    shown = {n: named(s.name, s.id) for s in known if s.id in people for n in (s.id, s.name)}
    shown |= {i: i for i in people if i not in shown}
    return did_you_mean_named(value, shown) or _("add them under 'supervisors:' in trainee.yaml or the plan")


def _entry(
    ws: Workspace, tf: TraineeFiles, plan: Plan | None, sets: list[str], people: set[str], entry: object, origin: Origin
) -> list[Problem]:
    problems: list[Problem] = []
    if isinstance(entry, ProcedureEntry):
        if plan is not None and ws.procedure(plan, entry.procedure) is None:
            names = ws.procedure_names(plan)
            problems.append(
                error(
                    "unknown-procedure",
                    origin.at("procedure"),
                    _("unknown procedure {value}").format(value=repr(entry.procedure)),
                    did_you_mean_named(entry.procedure, names)
                    or _("the plan of {institution} lists: {procedures}").format(
                        institution=plan.institution, procedures="; ".join(names[p.id] for p in plan.procedures)
                    ),
                )
            )
        problems += _person(ws, tf, people, entry.supervisor, origin, "supervisor")
    elif isinstance(entry, IntroductionEntry):
        problems += _goal(ws, entry.introduction, sets, origin.at("introduction"))
        problems += _person(ws, tf, people, entry.supervisor, origin, "supervisor")
    elif isinstance(entry, MdtEntry):
        if entry.goal is not None:
            problems += _goal(ws, entry.goal, sets, origin.at("goal"))
        problems += _person(ws, tf, people, entry.supervisor, origin, "supervisor")
    elif isinstance(entry, CourseEntry):
        if ws.find_course_or_group(entry.course) is None:
            problems.append(
                _unknown(
                    "unknown-course",
                    origin.at("course"),
                    N_("unknown course {value}"),
                    entry.course,
                    ws.course_names(),
                    _("use a course id or name from data/goals/"),
                )
            )
    elif isinstance(entry, (TeachingEntry, SelfStudyEntry)):
        for i, ref in enumerate(entry.goals):
            problems += _goal(ws, ref, sets, origin.at("goals", i))
    elif isinstance(entry, SupervisionEntry):
        problems += _person(ws, tf, people, entry.by, origin, "by")
        topics = ws.group_topics(plan) if plan is not None and entry.supervision == "group" else {}
        if plan is not None and topics and entry.topic is not None and topic_key(entry.topic) not in topics:
            problems.append(
                _unknown(
                    "unknown-topic",
                    origin.at("topic"),
                    N_("unknown group-supervision topic {value}"),
                    entry.topic,
                    [t if isinstance(t, str) else t.name or t.id for t in plan.supervision.group_topics],
                    _(
                        "name one of the topics of the plan of {institution} (supervision.group_topics); "
                        "otherwise it is not counted"
                    ).format(institution=plan.institution),
                )
            )
    elif isinstance(entry, SignoffEntry):
        problems += _goal(ws, entry.signoff, sets, origin.at("signoff"))
        # a supervisor of another plan is someone real, not a typo: signoff-not-supervisor warns (signoffs.py)
        problems += _person(ws, tf, people | ws.people_known(tf).keys(), entry.by, origin, "by")
        if entry.activity is ActivityKind.PROCEDURE_LIST and entry.procedure is None:
            problems.append(
                error(
                    "missing-key",
                    origin,
                    _("a sign-off of a procedure list needs 'procedure:'"),
                    _("name the procedure list being signed off"),
                )
            )
        if entry.procedure is not None and plan is not None and ws.procedure(plan, entry.procedure) is None:
            problems.append(
                _unknown(
                    "unknown-procedure",
                    origin.at("procedure"),
                    N_("unknown procedure {value}"),
                    entry.procedure,
                    [p.id for p in plan.procedures],
                    _("name one of the plan's procedures"),
                )
            )
    return problems
