"""Shared pieces of the file models: strict base, id and date types."""

import datetime as dt
import re
from dataclasses import dataclass
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Strict

from lisplan.core.dates import out_of_range
from lisplan.core.i18n import N_, _
from lisplan.core.problems import Origin

GOAL_CODE = re.compile(r"^[A-Z]{2,5}-[0-9]{3}$")
GOAL_REF = re.compile(r"^(?:([a-z0-9][a-z0-9.-]*):)?([A-Z]{2,5}-[0-9]{3})$")
SLUG = re.compile(r"^[a-z0-9][a-z0-9._-]*$")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


#: Whole numbers and numbers as the file writes them: text in quotes is not taken for a number. Lax
#: parsing would read '01019000083' as 1019000083, and a message quoting that value could not be
#: recognised (and masked) as the identity number it was.
Int = Annotated[int, Strict()]
Number = Annotated[float, Strict()]


class Model(BaseModel):
    """Base of every file model: unknown keys are errors, numbers may stand where text is expected."""

    model_config = ConfigDict(
        extra="forbid",
        coerce_numbers_to_str=True,
        populate_by_name=True,
        str_strip_whitespace=True,
        # each model builds its validator the first time it validates: lisplan log validates a few of
        # the ~40 models, and importing them no longer builds the rest
        defer_build=True,
    )
    # Where the model came from is kept in pydantic's private store, set by the loader
    # (``set_origin``). It is not declared as a PrivateAttr: a declared one makes pydantic initialise
    # private state for every instance, which cost ~100 ms on a 20,000-entry log.

    @property
    def origin(self) -> Origin | None:
        private = self.__pydantic_private__
        return private.get("_origin") if private else None

    def at(self, *loc: str | int) -> Origin | None:
        """Where a value inside this model came from (None for a model made in code, not read from a file)."""
        origin = self.origin
        return origin.at(*loc) if origin else None

    def set_origin(self, origin: Origin) -> None:
        object.__setattr__(self, "__pydantic_private__", {"_origin": origin})


#: The dates already read, as written: a log of 20,000 entries names some 1,800 days, so each text is
#: parsed and bounded once, not once per entry. Only dates that passed are kept (a refusal's message is
#: made in the language spoken each time), and the table is emptied when it grows large, so that no
#: repo can make it hold more than a bounded number of strings.
_DAYS: dict[str, dt.date] = {}
_MAX_KEPT = 20_000


def _date(value: Any) -> Any:
    if type(value) is str:  # what a parsed file holds: a str subclass takes the long way
        day = _DAYS.get(value)
        if day is None:
            day = _bounded(_parse_date(value))
            if len(_DAYS) >= _MAX_KEPT:
                _DAYS.clear()
            _DAYS[value] = day
        return day
    return _bounded(_parse_date(value))


def _bounded(day: dt.date) -> dt.date:
    why = out_of_range(day)
    if why:
        raise ValueError(why)
    return day


def _parse_date(value: Any) -> dt.date:
    if isinstance(value, str):  # first: what every entry of a parsed log holds (once per entry)
        text = value.strip()
        if _ISO_DATE.match(text):
            try:
                return dt.date.fromisoformat(text)
            except ValueError:
                raise ValueError(_("{value} is not a real date").format(value=repr(value))) from None
    elif isinstance(value, dt.datetime):
        return value.date()
    elif isinstance(value, dt.date):
        return value
    raise ValueError(_("{value} is not a date; write it as YYYY-MM-DD").format(value=repr(value)))


def _pattern(regex: re.Pattern[str], what: str) -> Any:
    """A check that a value matches ``regex``; ``what`` (marked with N_) says what it should be."""

    # the values that matched: a log names the same few supervisors and goals in thousands of entries
    matched: set[str] = set()

    def check(value: str) -> str:
        if value in matched:
            return value
        if not regex.match(value):
            raise ValueError(_("{value} is not {what}").format(value=repr(value), what=_(what)))
        if len(matched) >= _MAX_KEPT:
            matched.clear()
        matched.add(value)
        return value

    return check


@dataclass(frozen=True)
class JsonPattern:
    """The pattern an AfterValidator checks, told to JSON Schema (``lisplan schema``) for editors."""

    regex: re.Pattern[str]

    def __get_pydantic_json_schema__(self, core_schema: Any, handler: Any) -> Any:
        out = handler(core_schema)
        out["pattern"] = self.regex.pattern
        return out


Date = Annotated[dt.date, BeforeValidator(_date)]
Slug = Annotated[
    str, AfterValidator(_pattern(SLUG, N_("an id (lower-case letters, digits and '-')"))), JsonPattern(SLUG)
]
GoalCode = Annotated[
    str, AfterValidator(_pattern(GOAL_CODE, N_("a goal code such as NUK-116"))), JsonPattern(GOAL_CODE)
]
GoalRef = Annotated[
    str,
    AfterValidator(_pattern(GOAL_REF, N_("a goal reference such as NUK-116 or nuk-2025:NUK-116"))),
    JsonPattern(GOAL_REF),
]


def split_ref(ref: str) -> tuple[str | None, str]:
    """``"nuk-2019:NUK-068"`` → ``("nuk-2019", "NUK-068")``; ``"NUK-068"`` → ``(None, "NUK-068")``."""
    m = GOAL_REF.match(ref)
    if not m:
        return None, ref
    return m.group(1), m.group(2)
