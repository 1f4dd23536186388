"""Crosswalks (``kind: crosswalk``): how the goals of a new goal set correspond to those of the set it replaces.

Document 002 (the hearing on the 2025 NM goals) gives the principle: an approval carries over to a
new goal that corresponds in content at the same or lower complexity; every other new goal needs a
new competence assessment. A crosswalk says, for each new goal, which old goals it corresponds to
and how; no public source gives one for any specialty, so each says where it comes from and whether
the education lead has confirmed it.
"""

from enum import StrEnum
from typing import Literal

from pydantic import Field

from lisplan.models.common import GoalCode, Model, Slug


class Relation(StrEnum):
    """How a new goal relates to the old goals it corresponds to."""

    EQUIVALENT = "equivalent"  # same content and complexity
    NARROWER = "narrower"  # less content or lower complexity than the old goals
    BROADER = "broader"  # more content or higher complexity
    NEW = "new"  # no old goal corresponds


#: Relations under which an approval carries over (document 002: "like i innhold/kompleksitetsgrad
#: eller mindre komplekse"); every other new goal needs a new competence assessment.
CARRIES_OVER = frozenset({Relation.EQUIVALENT, Relation.NARROWER})


class Mapping(Model):
    goal: GoalCode  # the new goal, in the crosswalk's `to` set
    relation: Relation
    from_: list[GoalCode] = Field(default=[], alias="from")  # old goals, in the `from` set; all must be approved
    source: str | None = None  # where this mapping comes from (default: the file's)
    note: str | None = None


class Crosswalk(Model):
    kind: Literal["crosswalk"]
    id: Slug
    from_: Slug = Field(alias="from")  # the set replaced
    to: Slug  # the set replacing it
    source: str | list[str]
    example: bool = False  # made for lisplan's example repo; never applied from lisplan's own data
    confirmed: bool = False  # the education lead has checked every mapping
    confirmed_by: str | None = None
    note: str | None = None
    mappings: list[Mapping] = []
