"""The fixed choices the command line offers and the models check: in core, so that the command line can
name them without importing pydantic (models/ re-exports each where it always lived)."""

from __future__ import annotations

from enum import StrEnum
from typing import Literal

Role = Literal["described", "signed", "re-review", "double-review"]
TeachingType = Literal["internal", "national-web"]
SupervisionKind = Literal["individual", "group"]


class ActivityKind(StrEnum):
    TEACHING = "teaching"
    INTRODUCTION = "introduction"
    COURSE = "course"
    SELF_STUDY = "self-study"
    PROCEDURE_LIST = "procedure-list"
    MDT = "mdt"
