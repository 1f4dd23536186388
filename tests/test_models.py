"""The file models read a value the same way each time: what validation remembers to go faster (the dates
and ids it has already read) never changes what is accepted, what is refused, or the language a
refusal is told in."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from lisplan.core.i18n import speaking
from lisplan.core.problems import Origin
from lisplan.load.validation import validation_problems
from lisplan.models.log import Log


def _log(*entries: dict[str, object]) -> dict[str, object]:
    return {"kind": "log", "trainee": "lis", "year": 2026, "entries": list(entries)}


def _messages(data: dict[str, object]) -> list[str]:
    with pytest.raises(ValidationError) as caught:
        Log.model_validate(data)
    return [p.message for p in validation_problems(caught.value, Log, data, Origin(Path("2026.yaml")))]


def _entry(date: object, supervisor: str = "kari") -> dict[str, object]:
    return {"procedure": "skeleton-scintigraphy", "date": date, "accession": "1", "supervisor": supervisor}


def test_a_date_read_before_is_the_same_date_and_a_bad_one_is_refused_every_time() -> None:
    good = Log.model_validate(_log(_entry("2026-03-01"), _entry(" 2026-03-01 "), _entry("2026-03-01")))
    assert [e.date.isoformat() for e in good.entries] == ["2026-03-01"] * 3
    bad = _log(_entry("2026-02-30"), _entry("2026-02-30"), _entry("2226-01-01"), _entry("2226-01-01"))
    assert _messages(bad) == [
        "entries[0].date: '2026-02-30' is not a real date",
        "entries[1].date: '2026-02-30' is not a real date",
        "entries[2].date: 2226-01-01 is outside the dates lisplan works with (1900-2199) (got '2226-01-01')",
        "entries[3].date: 2226-01-01 is outside the dates lisplan works with (1900-2199) (got '2226-01-01')",
    ]


def test_an_id_read_before_passes_and_a_bad_one_is_refused_every_time() -> None:
    good = Log.model_validate(_log(_entry("2026-03-01"), _entry("2026-03-02")))
    assert [getattr(e, "supervisor", None) for e in good.entries] == ["kari", "kari"]
    assert _messages(_log(_entry("2026-03-01", "Kari N"), _entry("2026-03-02", "Kari N"))) == [
        "entries[0].supervisor: 'Kari N' is not an id (lower-case letters, digits and '-')",
        "entries[1].supervisor: 'Kari N' is not an id (lower-case letters, digits and '-')",
    ]


def test_a_refusal_is_told_in_the_language_spoken_when_it_is_made() -> None:
    bad = _log(_entry("2026-02-30", "Kari N"))
    english = _messages(bad)
    with speaking("nb"):
        bokmal = _messages(bad)
    assert english == [
        "entries[0].date: '2026-02-30' is not a real date",
        "entries[0].supervisor: 'Kari N' is not an id (lower-case letters, digits and '-')",
    ]
    assert bokmal != english and "is not" not in " ".join(bokmal)
