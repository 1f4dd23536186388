"""Pydantic models, one module per file kind. No I/O here."""

from __future__ import annotations

from lisplan.models.common import Model
from lisplan.models.config import Config
from lisplan.models.courses import CourseList
from lisplan.models.crosswalk import Crosswalk
from lisplan.models.goals import GoalSet
from lisplan.models.log import Log, Trainee
from lisplan.models.plan import Plan

#: Every file kind, by the value of its top-level ``kind:`` key.
FILE_KINDS: dict[str, type[Model]] = {
    "goal-set": GoalSet,
    "courses": CourseList,
    "crosswalk": Crosswalk,
    "plan": Plan,
    "trainee": Trainee,
    "log": Log,
    "config": Config,
}

__all__ = ["FILE_KINDS", "Config", "CourseList", "Crosswalk", "GoalSet", "Log", "Model", "Plan", "Trainee"]
