"""The fixed choices the command line offers and the models check: in core, so that the command line can
name them without importing pydantic (models/ re-exports each where it always lived).

Each choice is also a :class:`~lisplan.core.forms.Choice` with its bokmål words, which every option
that takes it reads (the first word is how bokmål output shows the value; docs/ordliste.md).
"""

from __future__ import annotations

from enum import StrEnum
from typing import Literal

from lisplan.core.forms import Choice
from lisplan.core.i18n import N_

Role = Literal["described", "signed", "re-review", "double-review"]
TeachingType = Literal["internal", "national-web"]
SupervisionKind = Literal["individual", "group"]
CheckFormat = Literal["text", "json", "github", "gitlab"]
ScheduleFormat = Literal["table", "json", "ics"]
ExportFormat = Literal["csv", "json", "xlsx"]


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

# --- the bokmål words of each choice (document 000's own words where it has them) ----------------

#: a trainee's part in an examination; "regranskning av eldre undersøkelser i PACS eller
#: dobbeltgranskning" (000, "Prosedyreliste – supervisør")
ROLE = Choice(
    N_("role"),
    {
        "described": ("beskrevet",),
        "signed": ("signert",),
        "re-review": ("regranskning", "regransking", "ny gjennomgang"),
        "double-review": ("dobbeltgranskning", "dobbeltgransking"),
    },
)
#: internundervisning, nasjonal nettundervisning (000)
TEACHING_TYPE = Choice(
    N_("kind of teaching"),
    {"internal": ("intern", "internundervisning"), "national-web": ("nasjonal-web", "nettundervisning")},
)
#: individuell veiledning, gruppeveiledning (000, 001)
SUPERVISION_KIND = Choice(N_("kind of guidance"), {"individual": ("individuell",), "group": ("gruppe",)})
#: the learning activities (000, "Læringsaktivitet")
ACTIVITY = Choice(
    N_("learning activity"),
    {
        "teaching": ("undervisning",),
        "introduction": ("introduksjon", "innføring"),
        "course": ("kurs",),
        "self-study": ("selvstudium",),
        "procedure-list": ("prosedyreliste",),
        "mdt": ("mdt-møte", "tverrfaglig møte"),
    },
)
#: the kinds of log entry (a log entry's kind key, models/log.py ENTRY_KINDS)
ENTRY_KIND = Choice(
    N_("kind of entry"),
    {
        "procedure": ("prosedyre", "undersøkelse"),
        "introduction": ("introduksjon", "innføring"),
        "mdt": ("mdt-møte", "tverrfaglig møte"),
        "course": ("kurs",),
        "teaching": ("undervisning",),
        "self-study": ("selvstudium",),
        "supervision": ("veiledning",),
        "signoff": ("kvittering",),
    },
)
#: what ``lisplan entries --kind`` lists: the kinds of log entry, and trainee.yaml's leave periods
LISTED_KIND = Choice(N_("kind of entry"), {**ENTRY_KIND.values, "leave": ("permisjon",)})
#: the tables ``export`` writes (present/export.py names its sheets so)
EXPORT_KIND = Choice(
    N_("table"),
    {
        "entries": ("oppføringer",),
        "procedures": ("prosedyrer",),
        "courses": ("kurs",),
        "supervision": ("veiledning",),
        "signoffs": ("kvitteringer",),
        "goals": ("læringsmål", "mål"),
        "procedure-lists": ("prosedyrelister",),
    },
)
#: what a report prints: a table for people, JSON for scripts
FORMAT = Choice(N_("format"), {"table": ("tabell",), "json": ("json",)})
#: what ``check`` prints (GitHub's and GitLab's formats are named for them)
CHECK_FORMAT = Choice(
    N_("format"), {"text": ("tekst",), "json": ("json",), "github": ("github",), "gitlab": ("gitlab",)}
)
#: what ``schedule`` prints or writes
SCHEDULE_FORMAT = Choice(N_("format"), {"table": ("tabell",), "json": ("json",), "ics": ("ics", "kalender")})
#: the files ``export`` writes (file formats are called the same in bokmål)
EXPORT_FORMAT = Choice(N_("format"), {"csv": ("csv",), "json": ("json",), "xlsx": ("xlsx", "excel")})
#: the languages lisplan speaks
LANGUAGE = Choice(N_("language"), {"nb": ("nb", "bokmål", "norsk"), "en": ("en", "engelsk", "english")})
#: every item (``portal --mark alle``)
ALL = Choice(N_("choice"), {"all": ("alle",)})
