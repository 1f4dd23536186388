"""The schedule as an iCalendar file: one all-day event per rotation, and the supervision meetings due.

Written with the icalendar library; events carry stable UIDs (trainee, plan, phase) so that importing
a new version of the file updates the events instead of duplicating them.
"""

from __future__ import annotations

import datetime as dt

from icalendar import Calendar, Event

from lisplan.compute.schedule import Schedule, due_reviews
from lisplan.core.i18n import _, ngettext, number
from lisplan.core.identity import mask_identity_numbers

PRODID = "-//lisplan//rotation schedule//NO"
_DAY = dt.timedelta(days=1)


def _text(value: str) -> str:
    """Text for a calendar property: identity numbers masked, on one line (a newline in a name would
    otherwise break the property, and the icalendar library refuses it)."""
    return mask_identity_numbers(" ".join(value.split()))


def to_ics(schedule: Schedule, now: dt.datetime | None = None) -> bytes:
    stamp = now or dt.datetime.now(dt.UTC)
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("x-wr-calname", _text(f"LIS {schedule.trainee.name}: {schedule.plan.institution}"))
    who = f"{schedule.trainee.id}.{schedule.plan.id}"
    for slot in schedule.slots:
        event = Event()
        event.add("uid", f"{who}.{slot.phase.id}@lisplan")
        event.add("dtstamp", stamp)
        event.add("summary", _text(f"{slot.phase.name or slot.phase.id}: {slot.where}".strip(": ")))
        event.add("dtstart", slot.start)
        event.add("dtend", slot.end + _DAY)  # all-day events end on the day after (RFC 5545)
        event.add(
            "description",
            _text(
                ngettext(
                    "{phase}, {institution}: months {start}–{end} of service; {n} goal.",
                    "{phase}, {institution}: months {start}–{end} of service; {n} goals.",
                    slot.goals,
                ).format(
                    phase=slot.phase.name or slot.phase.id,
                    institution=schedule.plan.institution,
                    start=number(slot.phase.from_month, 0)
                    if slot.phase.from_month == int(slot.phase.from_month)
                    else number(slot.phase.from_month),
                    end=number(slot.phase.to_month, 0)
                    if slot.phase.to_month == int(slot.phase.to_month)
                    else number(slot.phase.to_month),
                    n=slot.goals,
                )
            ),
        )
        cal.add_component(event)
    for when in due_reviews(schedule):
        event = Event()
        event.add("uid", f"{who}.review-{when:%Y-%m}@lisplan")
        event.add("dtstamp", stamp)
        event.add("summary", _("Guidance: review of the individual training plan"))
        event.add("dtstart", when)
        event.add("dtend", when + _DAY)
        event.add(
            "description", _("The semi-annual review of the individual training plan (the plan's review months).")
        )
        cal.add_component(event)
    ical: bytes = cal.to_ical()
    return ical
