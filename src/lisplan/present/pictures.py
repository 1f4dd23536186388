"""Pictures as inline SVG, drawn from the numbers the review and the terminal show (present/review.py's data).

Every picture is an ``<svg role="img">`` with a ``<title>`` that says what it shows in words, for
screen readers and as a tooltip; the numbers themselves stand in a table beside it (the templates).
Labels are never cut: a long name is wrapped onto more lines, and each label carries its full text in
``data-full`` so that a test can compare what is drawn with what it should say. Pictures scale down
with the page (a ``viewBox``), so a phone shows them whole.

Colours: text is near-black on white (contrast well over 4.5:1); the bars' colours are told apart by
a legend with words, never by colour alone, and each bar has a dark outline.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from html import escape
from typing import Any

from lisplan.core.i18n import N_, _, date, name_of, number

#: a goal's states, in the order a bar shows them, with their colour and the legend's words
STATES: list[tuple[str, str, str]] = [
    ("approved", "#1b5e20", N_("approved")),
    ("ready", "#1565c0", N_("ready for sign-off")),
    ("in_progress", "#c77700", N_("in progress")),
    ("not_started", "#d6d6d6", N_("not started")),
    ("not_eligible", "#ffffff", N_("not yet eligible")),
]
INK, RULE, LEAVE, PART_TIME, TODAY = "#1a1a1a", "#595959", "#8e8e8e", "#c9c9c9", "#b00020"
FONT = 11  # px: the size every picture's text is drawn at
CHAR = 6.4  # px: a generous average width of a character at FONT, so that wrapped lines fit
LINE = 13  # px between lines of a label


def _attr(value: Any) -> str:
    return escape(str(value), quote=True)


def wrap(text: str, width: float) -> list[str]:
    """``text`` as lines that fit ``width`` pixels, broken at spaces (a word longer than a line is kept
    whole on its own line: cutting it would hide part of a name)."""
    most = max(int(width // CHAR), 8)
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= most:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines or [""]


def label(text: str, x: float, y: float, width: float, *, anchor: str = "start", bold: bool = False) -> tuple[str, int]:
    """A label wrapped to ``width``, its first baseline at ``y``; the SVG and how many lines it took."""
    lines = wrap(text, width)
    spans = "".join(
        f'<tspan x="{x:.1f}" dy="{0 if i == 0 else LINE}">{escape(line)}</tspan>' for i, line in enumerate(lines)
    )
    weight = ' font-weight="bold"' if bold else ""
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}"{weight} data-full="{_attr(" ".join(text.split()))}">'
        f"{spans}</text>",
        len(lines),
    )


def _svg(width: float, height: float, title: str, body: Iterable[str], css_class: str) -> str:
    """The picture's frame: a title for screen readers (and as a tooltip), scaled by a viewBox."""
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="picture {css_class}" viewBox="0 0 {width:.0f} {height:.0f}" '
        f'width="{width:.0f}" height="{height:.0f}" role="img" aria-label="{_attr(title)}" '
        f'font-family="system-ui, Arial, sans-serif" font-size="{FONT}" fill="{INK}">'
        f"<title>{escape(title)}</title>" + "".join(body) + "</svg>"
    )


def legend(items: Sequence[tuple[str, str]], y: float, width: float) -> tuple[list[str], float]:
    """Colour keys with their words, in as many rows as ``width`` needs; the SVG and the height used."""
    out, x, row = [], 0.0, 0
    for colour, text in items:
        need = 16 + len(text) * CHAR + 14
        if x and x + need > width:
            x, row = 0.0, row + 1
        top = y + row * (LINE + 4)
        out.append(f'<rect x="{x:.1f}" y="{top:.1f}" width="11" height="11" fill="{colour}" stroke="{RULE}"/>')
        out.append(f'<text x="{x + 16:.1f}" y="{top + 10:.1f}" data-full="{_attr(text)}">{escape(text)}</text>')
        x += need
    return out, (row + 1) * (LINE + 4)


# --- goals by part --------------------------------------------------------------------------------


def part_name(p: Mapping[str, Any]) -> str:
    """A part's full name as the pictures and tables show it (with its area, where it has one)."""
    return str(p["part_name"]) + (f" / {p['area']}" if p.get("area") else "")


def parts_chart(parts: Sequence[Mapping[str, Any]], width: int = 680) -> str:
    """Each part's goals as one bar in all five states (approved, ready, in progress, not started, not yet
    eligible), the full part name wrapped to the left, ``approved/total`` to the right."""
    label_w, numbers_w = 250, 56
    bar_w = width - label_w - numbers_w - 12
    rows = [p for p in parts if p["total"]]
    body, y = [], 4.0
    for p in rows:
        text, lines = label(part_name(p), 0, y + 11, label_w - 8)
        body.append(text)
        x = float(label_w)
        for key, colour, _words in STATES:
            w = bar_w * p[key] / p["total"]
            if w > 0:
                body.append(f'<rect x="{x:.1f}" y="{y + 1:.1f}" width="{w:.1f}" height="12" fill="{colour}"/>')
            x += w
        body.append(f'<rect x="{label_w}" y="{y + 1:.1f}" width="{bar_w}" height="12" fill="none" stroke="{RULE}"/>')
        body.append(f'<text x="{width - 4}" y="{y + 11:.1f}" text-anchor="end">{p["approved"]}/{p["total"]}</text>')
        y += max(lines * LINE, 14) + 6
    keys, used = legend([(c, _(w)) for _k, c, w in STATES], y + 4, width)
    body += keys
    approved, total = sum(p["approved"] for p in rows), sum(p["total"] for p in rows)
    title = _("Learning goals by part: {approved} of {total} approved").format(approved=approved, total=total)
    return _svg(width, y + 4 + used, title, body, "parts")


def mini_parts(parts: Sequence[Mapping[str, Any]], width: int = 130) -> str:
    """The part chart small, for a row of the department's page: one thin bar per part, no labels (the
    numbers stand beside it in words)."""
    rows = [p for p in parts if p["total"]]
    body, y = [], 1.0
    for p in rows:
        x = 0.0
        for key, colour, _words in STATES:
            w = width * p[key] / p["total"]
            if w > 0:
                body.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" height="4" fill="{colour}"/>')
            x += w
        body.append(
            f'<rect x="0" y="{y:.1f}" width="{width}" height="4" fill="none" stroke="{RULE}" stroke-width=".5"/>'
        )
        y += 5.5
    approved, total = sum(p["approved"] for p in rows), sum(p["total"] for p in rows)
    title = _("Learning goals by part: {approved} of {total} approved").format(approved=approved, total=total)
    return _svg(width, y + 1, title, body, "mini")


# --- the timeline ---------------------------------------------------------------------------------


def _day(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


class _Scale:
    """Dates to x: ``first`` at ``left``, ``last`` at ``left + width``."""

    def __init__(self, first: dt.date, last: dt.date, left: float, width: float) -> None:
        self.first, self.days, self.left, self.width = first, max((last - first).days, 1), left, width

    def __call__(self, day: dt.date) -> float:
        return self.left + self.width * min(max((day - self.first).days / self.days, 0.0), 1.0)

    def years(self, last: dt.date) -> list[tuple[float, str]]:
        return [(self(dt.date(y, 1, 1)), str(y)) for y in range(self.first.year + 1, last.year + 1)]


def timeline_chart(t: Mapping[str, Any], width: int = 680) -> str:
    """The plan's phases on the calendar (a row each), leave and part-time below them, the dates goals
    become eligible, and today: from the schedule's figures (``lisplan schedule``)."""
    phases = t["phases"]
    start = _day(t["start"])
    ends = [_day(p["end"]) for p in phases] + [_day(t.get("completion")), _day(t["as_of"])]
    if start is None:
        return ""
    last = max([d for d in ends if d] + [start + dt.timedelta(days=365)])
    label_w = 220
    x = _Scale(start, last, label_w, width - label_w - 8)
    body: list[str] = []
    y = 18.0
    for year_x, year in x.years(last):
        body.append(f'<line x1="{year_x:.1f}" y1="12" x2="{year_x:.1f}" y2="{{bottom}}" stroke="#e0e0e0"/>')
        body.append(f'<text x="{year_x:.1f}" y="10" text-anchor="middle">{year}</text>')

    def row(text: str, draw: list[str], bold: bool = False) -> None:
        nonlocal y
        svg, lines = label(text, 0, y + 11, label_w - 8, bold=bold)
        body.append(svg)
        body.extend(s.replace("{y}", f"{y + 1:.1f}") for s in draw)
        y += max(lines * LINE, 14) + 5

    for p in phases:
        a, b = _day(p["start"]), _day(p["end"])
        if a is None or b is None:
            continue
        colour = "#1565c0" if p["current"] else "#5c7fa3"
        row(
            p["name"] or p["id"],
            [f'<rect x="{x(a):.1f}" y="{{y}}" width="{max(x(b) - x(a), 2):.1f}" height="12" fill="{colour}"/>'],
            bold=p["current"],
        )
    if t["leave"]:
        row(
            _("Leave"),
            [
                f'<rect x="{x(a):.1f}" y="{{y}}" width="{max(x(b) - x(a), 2):.1f}" height="12" fill="{LEAVE}"/>'
                for a, b in ((_day(v["from"]), _day(v["to"])) for v in t["leave"])
                if a and b
            ],
        )
    part_time = _part_time(t["employment"], last)
    if part_time:
        row(
            _("Part-time"),
            [
                f'<rect x="{x(a):.1f}" y="{{y}}" width="{max(x(b) - x(a), 2):.1f}" height="12" fill="{PART_TIME}" '
                f'stroke="{RULE}"/>'
                f'<text x="{x(a) + 3:.1f}" y="{{y}}" dy="10" data-full="{percent} %">{percent} %</text>'
                for a, b, percent in part_time
            ],
        )
    for e in t["eligibility"]:
        day = _day(e["from"])
        if day is None:
            continue
        text = _("Eligible: {goals} ({date})").format(goals=e["goals"], date=date(day))
        row(text, [f'<path d="M{x(day):.1f},{{y}} l6,6 l-6,6 l-6,-6 z" fill="{INK}"/>'])
    today = _day(t["as_of"])
    bottom = y
    if today:
        tx = x(today)
        body.append(f'<line x1="{tx:.1f}" y1="14" x2="{tx:.1f}" y2="{bottom:.1f}" stroke="{TODAY}" stroke-width="2"/>')
        body.append(
            f'<text x="{tx + 3:.1f}" y="{bottom + 11:.1f}" fill="{TODAY}" data-full="{_attr(_("today"))}">'
            f"{escape(_('today'))}</text>"
        )
    body = [s.replace("{bottom}", f"{bottom:.1f}") for s in body]
    keys, used = legend(
        [("#1565c0", _("current phase")), (LEAVE, _("leave")), (PART_TIME, _("part-time"))], bottom + 20, width
    )
    title = _("Timeline: {n} phases from {start} to {end}; today {today}").format(
        n=len(phases), start=date(start), end=date(last), today=date(today)
    )
    return _svg(width, bottom + 20 + used, title, body + keys, "timeline")


def _part_time(employment: Sequence[Mapping[str, Any]], last: dt.date) -> list[tuple[dt.date, dt.date, str]]:
    """The periods of employment under 100 %, as (from, to, percent in words)."""
    out = []
    steps = sorted((_day(e["from"]) or dt.date.min, float(e["percent"])) for e in employment)
    for (a, percent), following in zip(steps, [*steps[1:], (last, 100.0)], strict=True):
        if percent < 100 and a < following[0]:
            out.append((a, following[0] - dt.timedelta(days=1), number(percent, 0)))
    return out


# --- a procedure list over time -------------------------------------------------------------------


def procedure_chart(p: Mapping[str, Any], t: Mapping[str, Any], width: int = 680, height: int = 170) -> str:
    """A procedure list's count month by month against the straight line from today's count to its minimum
    at the plan's end (what it takes, ``needed_per_month``), and the trainee's own pace (``per_month``)
    ahead to the day it reaches the minimum: the numbers of ``lisplan schedule``."""
    history: list[tuple[str, int]] = [(m, n) for m, n in p["history"]]
    today = _day(t["as_of"])
    start = _day(history[0][0] + "-01") if history else None
    plan_end, reached = _day(t.get("plan_end")), _day(p.get("reached_on"))
    first = min(d for d in [start, _day(t["start"]), today] if d)
    last = max(d for d in [today, plan_end, reached, first + dt.timedelta(days=365)] if d)
    top = float(max(p["required"], p["done"], 1))
    left, bottom, plot_h = 44.0, height - 40.0, height - 58.0
    x = _Scale(first, last, left, width - left - 10)

    def y(n: float) -> float:
        return bottom - plot_h * min(n / top, 1.05)

    body = [f'<line x1="{left}" y1="{bottom}" x2="{width - 10}" y2="{bottom}" stroke="{RULE}"/>']
    for year_x, year in x.years(last):
        body.append(
            f'<line x1="{year_x:.1f}" y1="{bottom - plot_h:.1f}" x2="{year_x:.1f}" y2="{bottom}" stroke="#e0e0e0"/>'
        )
        body.append(f'<text x="{year_x:.1f}" y="{bottom + 13}" text-anchor="middle">{year}</text>')
    for n in (0, p["required"]):
        body.append(f'<text x="{left - 4}" y="{y(n) + 4:.1f}" text-anchor="end">{n}</text>')
    body.append(
        f'<line x1="{left}" y1="{y(p["required"]):.1f}" x2="{width - 10}" y2="{y(p["required"]):.1f}" '
        f'stroke="{RULE}" stroke-dasharray="2 3"/>'
    )
    points, total = [f"{x(first):.1f},{bottom}"], 0
    for month, n in history:
        day = _day(month + "-01")
        if day is None:
            continue
        points.append(f"{x(day):.1f},{y(total):.1f}")
        total = n
        points.append(f"{x(day):.1f},{y(total):.1f}")
    if today:
        points.append(f"{x(today):.1f},{y(p['done']):.1f}")
        if plan_end and p["left"] and plan_end > today:
            body.append(
                f'<line x1="{x(today):.1f}" y1="{y(p["done"]):.1f}" x2="{x(plan_end):.1f}" y2="{y(p["required"]):.1f}" '
                f'stroke="{TODAY}" stroke-width="1.5" stroke-dasharray="6 3"/>'
            )
        if reached and p["left"] and reached > today:
            body.append(
                f'<line x1="{x(today):.1f}" y1="{y(p["done"]):.1f}" x2="{x(reached):.1f}" y2="{y(p["required"]):.1f}" '
                f'stroke="#1565c0" stroke-width="2" stroke-dasharray="2 3"/>'
            )
    body.append(f'<polyline points="{" ".join(points)}" fill="none" stroke="#1b5e20" stroke-width="2"/>')
    keys, used = legend(
        [
            ("#1b5e20", _("counted")),
            (TODAY, _("needed to reach the minimum by the plan's end")),
            ("#1565c0", _("at the trainee's pace")),
        ],
        bottom + 22,
        width,
    )
    title = _("{name}: {done} of {minimum} by {date}").format(
        name=name_of(p), done=p["done"], minimum=p["required"], date=date(today)
    )
    return _svg(width, bottom + 22 + used, title, body + keys, "procedure")


def mini_timeline(t: Mapping[str, Any], width: int = 130) -> str:
    """The timeline small, for a row of the department's page: the phases side by side, leave below
    them, and today as a red line."""
    start = _day(t["start"])
    ends = [_day(p["end"]) for p in t["phases"]] + [_day(t.get("completion")), _day(t["as_of"])]
    if start is None:
        return ""
    last = max([d for d in ends if d] + [start + dt.timedelta(days=365)])
    x = _Scale(start, last, 1, width - 2)
    body = []
    for p in t["phases"]:
        a, b = _day(p["start"]), _day(p["end"])
        if a and b:
            colour = "#1565c0" if p["current"] else "#5c7fa3"
            body.append(
                f'<rect x="{x(a):.1f}" y="2" width="{max(x(b) - x(a), 1):.1f}" height="8" fill="{colour}" '
                'stroke="#fff" stroke-width=".5"/>'
            )
    for v in t["leave"]:
        a, b = _day(v["from"]), _day(v["to"])
        if a and b:
            body.append(f'<rect x="{x(a):.1f}" y="12" width="{max(x(b) - x(a), 1):.1f}" height="4" fill="{LEAVE}"/>')
    today = _day(t["as_of"])
    if today:
        body.append(f'<line x1="{x(today):.1f}" y1="0" x2="{x(today):.1f}" y2="18" stroke="{TODAY}" stroke-width="2"/>')
    title = _("Timeline from {start} to {end}; today {today}").format(
        start=date(start), end=date(last), today=date(today)
    )
    return _svg(width, 18, title, body, "mini")
