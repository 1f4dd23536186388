"""Pydantic models, one module per file kind. No I/O here."""

from __future__ import annotations

from .common import Model
from .config import Config
from .courses import CourseList
from .crosswalk import Crosswalk
from .goals import GoalSet
from .log import Log, Trainee
from .plan import Plan

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
