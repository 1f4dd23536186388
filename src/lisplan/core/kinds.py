"""The fixed choices the command line offers and the models check: in core, so that the command line can
name them without importing pydantic (models/ re-exports each where it always lived)."""

from __future__ import annotations

from enum import StrEnum
from typing import Literal

from lisplan.core.i18n import N_

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


#: how each kind of learning activity reads (document 000, "Læringsaktivitet"), keyed by the file's value
ACTIVITY_NAMES = {
    "teaching": N_("teaching"),
    "introduction": N_("introduction"),
    "course": N_("course"),
    "self-study": N_("self-study"),
    "procedure-list": N_("procedure list"),
    "mdt": N_("MDT meeting"),
}
