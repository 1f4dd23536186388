"""Institution plans (``kind: plan``): where and how a specialty's goals are reached at one institution.

What a plan must state comes from spesialistforskriften § 19/§ 22 (documents 000 and 004); the
learning-activity kinds and who signs each off come from document 000.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Literal

from pydantic import Field

from lisplan.models.common import GoalRef, Int, Model, Number, Slug


class ActivityKind(StrEnum):
    TEACHING = "teaching"
    INTRODUCTION = "introduction"
    COURSE = "course"
    SELF_STUDY = "self-study"
    PROCEDURE_LIST = "procedure-list"
    MDT = "mdt"


#: Who signs off each kind of learning activity (document 000, "Læringsaktivitet - vurderingsform").
SUPERVISOR_SIGNED = frozenset({ActivityKind.INTRODUCTION, ActivityKind.PROCEDURE_LIST, ActivityKind.MDT})

#: The contents spesialistforskriften § 19/§ 22 requires of an institution's plan (documents 000, 004).
REQUIRED_SECTIONS: dict[str, str] = {
    "goals_offered": "which learning goals the institution can fulfil",
    "arenas": "which learning arenas offer which goals",
    "agreements": "which goals are offered at other institutions through agreements",
    "supervision": "how supervision is arranged at each learning arena",
    "guidance_and_assessment": "how guidance and assessment are organised and carried out",
    "specialists_in_supervision": "how the institution's specialists take part in supervision",
    "theoretical_teaching": "how theoretical teaching ties to the learning goals",
    "research": "how research is part of the training",
    "research_competence": "how academic and clinical competence is used for the research goals",
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
    note: str | None = None


class Agreement(Model):
    id: Slug
    institution: str
    name: str | None = None
    offers: Selector = Selector()
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
    id: Slug
    name: str
    name_en: str | None = None
    aliases: list[str] = []
    minimum: Int = Field(ge=1)
    count_roles: list[Literal["described", "signed", "re-review", "double-review"]] = ["described", "signed"]
    note: str | None = None


class Activity(Model):
    kind: ActivityKind
    procedure: Slug | None = None
    course: Slug | None = None
    topic: str | None = None
    count: Int = Field(default=1, ge=1)
    note: str | None = None


class GoalActivities(Model):
    goal: GoalRef
    activities: list[Activity]
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


class SupervisionRules(Model):
    individual_per_year: Int | None = Field(default=None, ge=0)
    group_per_year: Int | None = Field(default=None, ge=0)
    review_months: list[Int] = []
    group_total: Int | None = Field(default=None, ge=0)
    group_min_per_topic: Int | None = Field(default=None, ge=0)
    group_topics: list[Slug] = []
    note: str | None = None


class Throughput(Model):
    min_months: Number = Field(ge=0)
    max_months: Number = Field(ge=0)
    prior_service_months: Number = Field(default=0, ge=0)
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
    national_courses: bool = True
    timeline: list[Phase] = []
    readiness: list[Readiness] = []
    supervision: SupervisionRules = SupervisionRules()
    throughput: Throughput | None = None
