"""Short dates, plain decimals and month names are written as babel writes them, without babel:
core/i18n.py writes them itself so that ``lisplan log`` and the reports do not import babel and load a
locale's data. babel stays the judge here, over the days of the years lisplan works with and over
numbers chosen to round every way (halves, values whose decimal text and binary fraction round
differently)."""

from __future__ import annotations

import datetime as dt
import random

import pytest
from babel.dates import format_date
from babel.numbers import format_decimal

from lisplan.core import i18n
from lisplan.core.dates import EARLIEST, LATEST

BABEL = {"nb": "nb_NO", "en": "en_GB"}


def _babel_number(value: float, digits: int, lang: str) -> str:
    pattern = "#,##0" + ("." + "0" * digits if digits else "")
    return format_decimal(value, format=pattern, locale=BABEL[lang], group_separator=False)


def _numbers() -> list[float]:
    rng = random.Random(28)
    halves = [n / 20 for n in range(0, 200)]  # 0.05, 0.15, … 0.35: decimal text and binary fraction differ
    small = [rng.uniform(0, 2) for _ in range(150)]
    months = [round(rng.uniform(0, 130), rng.choice([0, 1, 2, 3])) for _ in range(150)]
    large = [rng.uniform(0, 1e9) for _ in range(100)]
    edge = [0, 0.0, 1, 2.5, 3.5, 0.5, 1.5, 99.95, 99.949999, 1e-7, 123456789012345.0, 10**14]
    return [*halves, *small, *months, *large, *edge]


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_numbers_read_as_babel_writes_them(lang):
    i18n.set_language(lang)
    for value in _numbers():
        for digits in (0, 1, 2):
            assert i18n.number(value, digits) == _babel_number(value, digits, lang), (value, digits)


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_numbers_babel_alone_can_write_keep_its_words(lang):
    """A negative number, -0.0, infinity, NaN and a number too large for plain decimals go to babel."""
    i18n.set_language(lang)
    for value in (-1.25, -0.0, -3, float("inf"), float("nan"), 1e16):
        assert i18n.number(value) == _babel_number(value, 1, lang), value
    assert i18n.number(-2.5) == ("-2,5" if lang == "nb" else "-2.5")


def test_short_bokmal_dates_read_as_babel_writes_them():
    """Every day of 2016-2035, and the first day of each month of the years lisplan reads."""
    i18n.set_language("nb")
    days = [dt.date(2016, 1, 1) + dt.timedelta(days=n) for n in range(20 * 366)]
    for year in range(EARLIEST.year, LATEST.year + 1):
        days += [dt.date(year, m, 1) for m in range(1, 13)]
    for day in days:
        assert i18n.date(day) == format_date(day, "dd.MM.y", locale="nb_NO"), day
    assert i18n.date(dt.date(2026, 12, 1)) == "01.12.2026"


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_month_names_read_as_babel_writes_them(lang):
    i18n.set_language(lang)
    for m in range(1, 13):
        assert i18n.months([m]) == format_date(dt.date(2000, m, 1), "LLLL", locale=BABEL[lang]), m
    assert i18n.months([5, 6]) == ("mai/juni" if lang == "nb" else "May/June")
