"""Institution plans (``kind: plan``): where and how a specialty's goals are reached at one institution.

What a plan must state comes from spesialistforskriften § 19/§ 22 (documents 000 and 004); the
learning-activity kinds and who signs each off come from document 000.
"""

from typing import Annotated, Literal

from pydantic import Field, Strict

from lisplan.core.i18n import N_
from lisplan.core.kinds import ActivityKind as ActivityKind  # defined in core, so cli names it without pydantic
from lisplan.models.common import GoalRef, Int, Model, Number, Slug

#: How each kind reads in a message; the English is the file's own value, which messages have always shown.
ACTIVITY_WORDS: dict[ActivityKind, str] = {
    ActivityKind.TEACHING: N_("teaching"),
    ActivityKind.INTRODUCTION: N_("introduction"),
    ActivityKind.COURSE: N_("course"),
    ActivityKind.SELF_STUDY: N_("self-study"),
    ActivityKind.PROCEDURE_LIST: N_("procedure-list"),
    ActivityKind.MDT: N_("mdt"),
}

#: Who signs off each kind of learning activity (document 000, "Læringsaktivitet - vurderingsform").
SUPERVISOR_SIGNED = frozenset({ActivityKind.INTRODUCTION, ActivityKind.PROCEDURE_LIST, ActivityKind.MDT})

#: The contents spesialistforskriften § 19/§ 22 requires of an institution's plan (documents 000, 004), marked
#: for translation where they are shown.
REQUIRED_SECTIONS: dict[str, str] = {
    "goals_offered": N_("which learning goals the institution can fulfil"),
    "arenas": N_("which learning arenas offer which goals"),
    "agreements": N_("which goals are offered at other institutions through agreements"),
    "supervision": N_("how supervision is arranged at each learning arena"),
    "guidance_and_assessment": N_("how guidance and assessment are organised and carried out"),
    "specialists_in_supervision": N_("how the institution's specialists take part in supervision"),
    "theoretical_teaching": N_("how theoretical teaching ties to the learning goals"),
    "research": N_("how research is part of the training"),
    "research_competence": N_("how academic and clinical competence is used for the research goals"),
}


class Selector(Model):
    """A set of goals named by section (so it holds in any goal set) and/or by code."""

    sections: list[Slug] = []
    except_: list[Slug] = Field(default=[], alias="except")
    goals: list[GoalRef] = []
    all: bool = False


class Arena(Model):
    id: Slug
    name: str
    offers: Selector = Selector()
    #: false for an arena of another specialty (OUS's radiology rotation, 000): time there is service, but
    #: not the specialty's, so it does not count toward readiness or the throughput rule
    specialty_service: bool = True
    note: str | None = None


class Agreement(Model):
    id: Slug
    institution: str
    name: str | None = None
    offers: Selector = Selector()
    specialty_service: bool = True  # as for an arena
    #: the hosting institution's own plan in this repo: its throughput rule applies to a phase here (000)
    plan: Slug | None = None
    note: str | None = None


class Supervisor(Model):
    id: Slug
    name: str
    email: str | None = None
    role: str | None = None
    signing_key: str | None = None
    fictional: bool = False
    note: str | None = None


class Procedure(Model):
    """A procedure list: the examinations a trainee logs towards a goal (document 000, «Prosedyreliste»).

    ``minimum`` is the count the plan asks for; ``null`` where no one has set one (the list is kept all
    the same, and counts show beside its goals). ``goals`` are the goals whose examinations it counts,
    where the plan does not (yet) make the list one of their activities. ``reading`` says that the list
    is lisplan's reading of a source rather than the institution's own, and of what.
    """

    id: Slug
    name: str
    name_en: str | None = None
    aliases: list[str] = []
    minimum: Int | None = Field(ge=1)
    goals: list[GoalRef] = []
    reading: str | None = None
    count_roles: list[Literal["described", "signed", "re-review", "double-review"]] = ["described", "signed"]
    note: str | None = None


class Activity(Model):
    kind: ActivityKind
    procedure: Slug | None = None
    course: Slug | None = None
    topic: str | None = None
    count: Int = Field(default=1, ge=1)
    note: str | None = None


class Reading(Model):
    """Activities that are lisplan's reading of a source, not the institution's own word for this goal."""

    source: str  # where the activities are given (000 §2.1.3 b)
    of: GoalRef | None = None  # the goal the source gives them for (nuk-2019:NUK-068)


class GoalActivities(Model):
    goal: GoalRef
    activities: list[Activity]
    #: set when the institution gave these activities for another goal (or set) and lisplan carries them here
    reading: Reading | None = None
    note: str | None = None


class Phase(Model):
    id: Slug
    name: str | None = None
    from_month: Number = Field(ge=0)
    to_month: Number = Field(gt=0)
    arena: Slug | None = None
    agreement: Slug | None = None
    #: a throughput rotation (gjennomstrømning) at another hospital; the plan's throughput rule applies
    throughput: bool = False
    goals: Selector = Selector()
    note: str | None = None


class Readiness(Model):
    goals: Selector
    after_months: Number = Field(ge=0)
    note: str | None = None


class GroupTopic(Model):
    """A group-supervision topic: an id, and the name (and other spellings) a log may use for it."""

    id: Slug
    name: str | None = None
    aliases: list[str] = []


Month = Annotated[int, Strict(), Field(ge=1, le=12)]  # a calendar month, 1 (January) to 12


class StartGuidance(Model):
    """Guidance more often at the start of training (000 Del 2: «1 time/mnd i starten av LIS
    utdanningen. Etter hvert kan veiledning skje noe sjeldnere.»)."""

    per_month: Int = Field(ge=1)
    #: how many months of service «the start» lasts; null where the source does not say
    months: Number | None = Field(default=None, gt=0)
    source: str


class MeetingWindow(Model):
    """A guidance meeting the plan places in the year, besides the reviews (000 §2.1.4: «De to øvrige
    veiledningssamtalene i hhv mai/juni og november/desember»): the months it falls in, what it covers."""

    months: list[Month] = Field(min_length=1)
    about: str | None = None
    about_en: str | None = None  # what it covers in English, shown in English output
    source: str


class Requirement(Model):
    """Something every trainee under the plan must do that is not a course or a goal's activity: OUS's
    improvement project, the report «Kunnskap og forbedring» (000 §2.1.6). The trainee's profile says
    what they did (``improvement_project:`` for ``kind: improvement-project``)."""

    id: Slug
    kind: Literal["improvement-project"]
    name: str
    name_en: str | None = None
    goals: list[GoalRef] = []  # the goals it serves, as the source names them
    source: str
    note: str | None = None


class Exemptions(Model):
    """What a trainee in a throughput position (gjennomstrømsstilling) need not do here (000 §2.1.6)."""

    courses: list[Slug] = []
    requirements: list[Slug] = []
    source: str


class SupervisionRules(Model):
    individual_per_year: Int | None = Field(default=None, ge=0)
    group_per_year: Int | None = Field(default=None, ge=0)
    review_months: list[Month] = []
    monthly_at_start: StartGuidance | None = None
    meetings: list[MeetingWindow] = []
    group_total: Int | None = Field(default=None, ge=0)
    group_min_per_topic: Int | None = Field(default=None, ge=0)
    group_topics: list[Slug | GroupTopic] = []
    note: str | None = None


class Throughput(Model):
    min_months: Number = Field(ge=0)
    max_months: Number = Field(ge=0)
    prior_service_months: Number = Field(default=0, ge=0)
    #: what a trainee in a throughput position under this plan need not do (000 §2.1.6)
    exempt: Exemptions | None = None
    note: str | None = None


class Sections(Model):
    goals_offered: str | None = None
    arenas: str | None = None
    agreements: str | None = None
    supervision: str | None = None
    guidance_and_assessment: str | None = None
    specialists_in_supervision: str | None = None
    theoretical_teaching: str | None = None
    research: str | None = None
    research_competence: str | None = None


class Plan(Model):
    """An institution's training plan (``data/plans/``): arenas, agreements, supervisors, procedure lists,
    activities per goal, timeline."""

    kind: Literal["plan"]
    id: Slug
    institution: str
    specialty: Slug
    goal_sets: list[Slug]
    source: str | list[str]
    note: str | None = None
    require_signed_commits: bool = False
    sections: Sections = Sections()
    arenas: list[Arena] = []
    agreements: list[Agreement] = []
    supervisors: list[Supervisor] = []
    procedures: list[Procedure] = []
    goal_activities: list[GoalActivities] = []
    required_courses: list[Slug] = []
    #: what every trainee must do besides courses and goal activities (OUS's improvement project, 000 §2.1.6)
    requirements: list[Requirement] = []
    national_courses: bool = True
    timeline: list[Phase] = []
    readiness: list[Readiness] = []
    supervision: SupervisionRules = SupervisionRules()
    throughput: Throughput | None = None


# --- service at the arenas of the specialty ---------------------------------------------------------
#
# Readiness and the throughput rule count service *in the specialty* (000: «etter et halvt års tjeneste
# i nukleærmedisin», «minst 2 års nukleærmedisinsk erfaring»), not all service: a year in radiology is
# service but not nuclear medicine. Where the trainee served is read from the plan's timeline: a phase
# at an arena or agreement marked ``specialty_service: false`` is service elsewhere; every other month
# (phases at the specialty's arenas, phases naming no place, and months outside the timeline) counts.


def _other_phases(plan: Plan) -> list[tuple[float, float]]:
    """The plan's phases at arenas or agreements of another specialty, as (from, to) service months."""
    other = {a.id for a in plan.arenas if not a.specialty_service}
    other_agreements = {a.id for a in plan.agreements if not a.specialty_service}
    return [
        (p.from_month, p.to_month) for p in plan.timeline if (p.arena in other) or (p.agreement in other_agreements)
    ]


def specialty_months(plan: Plan, served: float) -> float:
    """Of the first ``served`` months of service, the months at arenas of the plan's specialty."""
    return months_outside(served, _other_phases(plan))


def months_for_specialty(plan: Plan, months: float) -> float:
    """The months of service after which ``months`` of them were at arenas of the specialty."""
    return months_until_outside(months, _other_phases(plan))


# The same count over any spans of service months: a procedure list's pace counts only the months in
# phases whose place offers the list's goal (compute/schedule.py), readiness only those in the specialty.


def _merged(spans: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """The spans sorted, overlapping ones joined, so that no month is left out twice."""
    out: list[tuple[float, float]] = []
    for a, b in sorted(spans):
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        elif b > a:
            out.append((a, b))
    return out


def months_outside(served: float, spans: list[tuple[float, float]]) -> float:
    """Of the first ``served`` months of service, those outside ``spans`` ((from, to) service months)."""
    left_out = sum(max(min(b, served) - a, 0.0) for a, b in _merged(spans))
    return max(served - left_out, 0.0)


def months_until_outside(months: float, spans: list[tuple[float, float]]) -> float:
    """The months of service after which ``months`` of them were outside ``spans`` (the inverse of
    months_outside: the earliest such point, so a count reached just before a span is not pushed past it)."""
    total = months
    for a, b in _merged(spans):
        if a >= total - 1e-9:
            break
        total += b - a  # the span lies before the point reached so far: step over it whole
    return total
