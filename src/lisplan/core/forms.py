"""What a user types, read in the forms lisplan's output shows: one reader for each kind of value.

A date is read as bokmål output writes it (29.12.2026, 29.12.26, ``i dag``, ``i går``), as ISO
(2026-12-29), or as ``today``/``yesterday`` (:func:`read_date`). A fixed choice (a role, a kind of
teaching, a table) is read by the value the files hold or by its bokmål words (:class:`Choice`).
Every option and every file a user fills in (a worklist's dates and roles) goes through these, so a
form accepted in one place is accepted everywhere. A refusal says the forms expected, in the language.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass

from lisplan.core.argv import normal
from lisplan.core.i18n import _, either, language

#: a day written the bokmål way: 29.12.2026, 29.12.26 or 1.2.2026
_DOTTED = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4}|\d{2})")
#: days said in words, by how many days before today they are
_DAYS_AGO = {"i dag": 0, "idag": 0, "today": 0, "i går": 1, "igår": 1, "i gar": 1, "yesterday": 1}


class NotReadable(ValueError):
    """A typed value in no form lisplan reads; ``str()`` says why and what to write (in the language)."""


def read_date(text: str, today: dt.date) -> dt.date:
    """The day ``text`` names: 29.12.2026, 29.12.26 (two-digit years are 20xx), ``i dag``, ``i går``,
    2026-12-29, ``today`` or ``yesterday``. NotReadable otherwise, naming the forms."""
    given = " ".join(text.split()).casefold()
    if given in _DAYS_AGO:
        return today - dt.timedelta(days=_DAYS_AGO[given])
    dotted = _DOTTED.fullmatch(given)
    try:
        if dotted:
            day, month, year = (int(g) for g in dotted.groups())
            return dt.date(year + 2000 if year < 100 else year, month, day)
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", given):
            return dt.date.fromisoformat(given)
    except ValueError:
        pass  # 31.02.2026: said below like any other unreadable date
    raise NotReadable(_("{value!r} is not a date").format(value=text))


def date_forms() -> str:
    """The forms :func:`read_date` takes, as the language writes them first (for a refusal's fix)."""
    if language() == "en":
        return _("write a date as 2026-12-29, 29.12.2026, 29.12.26, today or yesterday")
    return _("write a date as 29.12.2026, 29.12.26, i dag, i går or 2026-12-29")


@dataclass(frozen=True)
class Choice:
    """A fixed choice: the values the files hold (English, the contract), each with its bokmål words
    (the first is how bokmål output shows it). :meth:`read` takes either, in any case, with a space
    for a hyphen (``ny gjennomgang``)."""

    what: str  # N_: what the value is ("role"), for a refusal
    values: Mapping[str, tuple[str, ...]]

    def read(self, text: str) -> str:
        """The value ``text`` names; NotReadable listing the words of the language when it names none."""
        found = self.find(text)
        if found is None:
            raise NotReadable(
                _("{value!r} is not a {what}: write {words}").format(
                    value=text, what=_(self.what), words=either(self.words())
                )
            )
        return found

    def find(self, text: str) -> str | None:
        """The value ``text`` names, or None."""
        return self._index().get(_normal(text))

    def words(self) -> list[str]:
        """What the current language calls each value (bokmål: its first word; English: the value)."""
        if language() == "en":
            return list(self.values)
        return [words[0] for words in self.values.values()]

    def completions(self, incomplete: str) -> list[str]:
        """Every word that starts with ``incomplete``: the language's first, then the other language's."""
        other = [w for ws in self.values.values() for w in ws] if language() == "en" else list(self.values)
        start = incomplete.casefold()
        return [w for w in dict.fromkeys([*self.words(), *other]) if w.casefold().startswith(start)]

    def _index(self) -> dict[str, str]:
        index = {_normal(v): v for v in self.values}
        for value, words in self.values.items():
            index.update((_normal(w), value) for w in words)
        return index


_normal = normal  # a word is compared as the command line's reader compares it (core/argv.py)
