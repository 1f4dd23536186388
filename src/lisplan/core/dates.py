"""The dates lisplan works with: from 1900 to 2199.

A date outside them is a typo or a stand-in for "open-ended" (9999-12-31), and arithmetic on it (the
day after, months of service, the next review) overflows Python's calendar. Every date that enters
lisplan, from a file or an option, is held to these bounds where it enters.
"""

from __future__ import annotations

import datetime as dt

from lisplan.core.i18n import N_, _

EARLIEST = dt.date(1900, 1, 1)
LATEST = dt.date(2199, 12, 31)


def out_of_range(day: dt.date) -> str | None:
    """Why ``day`` is outside what lisplan works with, or None."""
    if EARLIEST <= day <= LATEST:
        return None
    return _("{date} is outside the dates lisplan works with ({first}-{last})").format(
        date=day.isoformat(), first=EARLIEST.year, last=LATEST.year
    )


#: the fix for a date out of range (translated where it is shown: ``_(HINT)``)
HINT = N_("check the year; leave with no known end is written with the last day you expect, and moved later")
