"""Goal sets (``kind: goal-set``): a specialty's numbered learning goals, versioned by dates in force."""

from enum import StrEnum
from typing import Literal

from pydantic import Field

from lisplan.models.common import Date, GoalCode, Int, Model, Slug


class Level(StrEnum):
    """Competence levels (document 004): three for knowledge, three for skills."""

    KNOW_OF = "kjennskap"
    KNOWLEDGE = "kunnskap"
    GOOD_KNOWLEDGE = "god kunnskap"
    UNDER_SUPERVISION = "under supervisjon"
    INDEPENDENT = "selvstendig"
    MASTER = "beherske"


class InForce(Model):
    from_: Date | None = Field(default=None, alias="from")
    until: Date | None = None


class Area(Model):
    id: str
    name: str
    sections: list[Slug] = []
    note: str | None = None


class Part(Model):
    id: str
    name: str
    sections: list[Slug] = []
    areas: list[Area] = []
    note: str | None = None


class Goal(Model):
    id: GoalCode
    title: str | None = None
    part: str
    area: str | None = None
    level: list[Level] | None = None
    note: str | None = None


class Unlisted(Model):
    count: Int = Field(ge=1)  # how many goals
    source: str  # where they are named


class GoalSet(Model):
    """A goal set (``data/goals/``): a specialty's numbered learning goals, in parts and areas,
    with the dates in force."""

    kind: Literal["goal-set"]
    id: Slug
    specialty: Slug
    name: str
    name_en: str | None = None  # what English messages call the set (they name a set by name, not id)
    in_force: InForce = InForce()
    replaces: list[Slug] = []
    #: goals this set replaces that lisplan does not hold (no source gives their codes): status and the
    #: review say they apply until the set comes into force
    replaces_unlisted: Unlisted | None = None
    source: str | list[str]
    note: str | None = None
    parts: list[Part] = []
    goals: list[Goal] = []
