"""Course lists (``kind: courses``): nationally recommended courses and the goals each covers."""

from typing import Literal

from pydantic import Field

from lisplan.models.common import GoalRef, Int, Model, Slug


class Course(Model):
    id: Slug
    name: str
    former_names: list[str] = []
    goals: list[GoalRef] = []
    #: a national course: every trainee of the list's specialty takes it, under every institution's plan
    mandatory: bool = False
    note: str | None = None
    source: str | None = None  # where the course (and that it is mandatory) comes from; default: the list's


class ChoiceGroup(Model):
    id: Slug
    name: str
    former_names: list[str] = []
    choose: Int = Field(ge=1)
    courses: list[Slug]
    goals: list[GoalRef] = []
    note: str | None = None
    source: str | None = None


class CourseList(Model):
    """A list of courses (``data/goals/``): each course with the goals it covers, and choice groups."""

    kind: Literal["courses"]
    id: Slug
    specialty: Slug | None = None
    source: str | list[str]
    note: str | None = None
    courses: list[Course] = []
    choice_groups: list[ChoiceGroup] = []
