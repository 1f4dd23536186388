"""A trainee's files: the profile (``kind: trainee``) and the yearly logs of entries (``kind: log``).

Each entry names its kind by its first key (``procedure: skeleton-scintigraphy``), so a log reads
like a diary and one new entry is one short hunk in a git diff.
"""

import math
from typing import Annotated, Any, Literal

from pydantic import Discriminator, Field, Tag, field_validator, model_validator

from lisplan.core.i18n import _
from lisplan.core.i18n import date as day_text
from lisplan.core.kinds import Role as Role  # defined in core, so cli names them without pydantic
from lisplan.core.kinds import SupervisionKind as SupervisionKind
from lisplan.core.kinds import TeachingType as TeachingType
from lisplan.models.common import Date, GoalRef, Int, Model, Number, Slug
from lisplan.models.plan import ActivityKind, Supervisor


class Leave(Model):
    from_: Date = Field(alias="from")
    to: Date
    percent: Number = Field(default=100, gt=0, le=100)
    reason: str | None = None


class EmploymentChange(Model):
    from_: Date = Field(alias="from")
    percent: Number = Field(gt=0, le=100)
    note: str | None = None


class Trainee(Model):
    """A trainee's profile (``data/logs/<trainee>/trainee.yaml``): plan, goal sets, start, employment,
    leave, supervisors."""

    kind: Literal["trainee"]
    id: Slug
    name: str
    fictional: bool = False
    specialty: Slug
    plan: Slug
    goal_sets: list[Slug] = []
    start: Date
    employment: Number = Field(default=100, gt=0, le=100)
    employment_changes: list[EmploymentChange] = []
    leave: list[Leave] = []
    mentor: Slug | None = None
    supervisors: list[Supervisor] = []
    email: str | None = None
    research: list[str] = []
    improvement_project: str | None = None
    #: a trainee from another health trust in a throughput position (gjennomstrømsstilling) under this plan:
    #: the plan's throughput exemptions apply (000 §2.1.6: «LIS i gjennomstrømsstilling ved OUS ...»)
    throughput: bool = False
    note: str | None = None


class PortalState(Model):
    """Where an entry stands in Kompetanseportalen, the legal record: the trainee's own note of it."""

    registered: Date  # entered in the portal (for a supervisor's activity: sent to them to sign)
    signed: Date | None = None  # signed (kvittert ut) there by the supervisor
    note: str | None = None

    @model_validator(mode="after")
    def _signed_after_registered(self) -> "PortalState":
        if self.signed is not None and self.signed < self.registered:
            raise ValueError(
                _("signed ({signed}) is before registered ({registered})").format(
                    signed=day_text(self.signed), registered=day_text(self.registered)
                )
            )
        return self


class _Entry(Model):
    date: Date
    note: str | None = None
    portal: PortalState | None = None


class ProcedureEntry(_Entry):
    procedure: str
    accession: str | None = None
    stay: str | None = None
    role: Role = "described"
    supervisor: Slug | None = None

    @field_validator("accession", "stay", mode="before")
    @classmethod
    def _finite(cls, value: Any) -> Any:
        # YAML reads .nan and .inf as floats; as text they would pass and then break every later write
        if isinstance(value, float) and not math.isfinite(value):
            raise ValueError(
                _("{value} is not a number an examination can have; write the number from RIS/PACS").format(value=value)
            )
        return value

    @model_validator(mode="after")
    def _one_number(self) -> "ProcedureEntry":
        if self.accession is None and self.stay is None:
            raise ValueError(_("a procedure needs an accession number (accession:) or a stay number (stay:)"))
        if self.accession is not None and self.stay is not None:
            raise ValueError(_("give either an accession number or a stay number, not both"))
        return self


class IntroductionEntry(_Entry):
    introduction: GoalRef
    supervisor: Slug | None = None


class MdtEntry(_Entry):
    mdt: str
    goal: GoalRef | None = None
    supervisor: Slug | None = None


class CourseEntry(_Entry):
    course: str
    certificate: str | None = None


class TeachingEntry(_Entry):
    teaching: str
    type: TeachingType = "internal"
    goals: list[GoalRef] = []


class SelfStudyEntry(_Entry):
    self_study: str = Field(alias="self-study")
    goals: list[GoalRef] = []


class SupervisionEntry(_Entry):
    supervision: SupervisionKind
    by: Slug | None = None
    topic: str | None = None
    review: bool = False
    report: str | None = None


class SignoffEntry(_Entry):
    signoff: GoalRef
    activity: ActivityKind | None = None
    procedure: Slug | None = None
    by: Slug
    migration: str | None = None


ENTRY_KINDS: dict[str, type[_Entry]] = {
    "procedure": ProcedureEntry,
    "introduction": IntroductionEntry,
    "mdt": MdtEntry,
    "course": CourseEntry,
    "teaching": TeachingEntry,
    "self-study": SelfStudyEntry,
    "supervision": SupervisionEntry,
    "signoff": SignoffEntry,
}


def entry_kind(value: Any) -> str | None:
    """The kind of an entry: its first key, or else its only kind key (``None`` when unclear).

    A sign-off of a procedure list also names the procedure (``signoff: NUK-068`` then
    ``procedure: skeleton-scintigraphy``), so the first key decides.
    """
    if isinstance(value, dict):
        for first in value:  # the first key only (called for every entry of every log: no iterator made)
            if first in ENTRY_KINDS:
                return first if type(first) is str else str(first)
            break
        kinds = [k for k in value if k in ENTRY_KINDS]
        return kinds[0] if len(kinds) == 1 else None
    if isinstance(value, _Entry):
        return next(k for k, cls in ENTRY_KINDS.items() if isinstance(value, cls))
    return None


Entry = Annotated[
    # ENTRY_KINDS spelt out, so that type checkers see the union (tests/test_architecture.py keeps the two equal)
    Annotated[ProcedureEntry, Tag("procedure")]
    | Annotated[IntroductionEntry, Tag("introduction")]
    | Annotated[MdtEntry, Tag("mdt")]
    | Annotated[CourseEntry, Tag("course")]
    | Annotated[TeachingEntry, Tag("teaching")]
    | Annotated[SelfStudyEntry, Tag("self-study")]
    | Annotated[SupervisionEntry, Tag("supervision")]
    | Annotated[SignoffEntry, Tag("signoff")],
    Discriminator(
        entry_kind,
        custom_error_type="entry_kind",
        custom_error_message="an entry needs exactly one kind key: " + ", ".join(ENTRY_KINDS),
    ),
]


class Log(Model):
    """A trainee's log for one calendar year (``data/logs/<trainee>/<year>.yaml``): one entry per item of work."""

    kind: Literal["log"]
    trainee: Slug
    year: Int | None = None
    note: str | None = None
    entries: list[Entry] = []
