"""``lisplan schedule``: the phases on a timeline, when goals can be approved, the pace of the
procedure lists and the projected completion."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from lisplan.core.i18n import _, date, name_of, ngettext, number
from lisplan.present.console import console, escape, new_table

if TYPE_CHECKING:
    from lisplan.present.console import Console


def timeline_bar(start: str, end: str, first: str, last: str, today: str, width: int) -> str:
    """A bar of ``width`` cells from ``first`` to ``last`` (ISO dates), filled from ``start`` to ``end``."""
    import datetime as dt

    a, b = dt.date.fromisoformat(first), dt.date.fromisoformat(last)
    span = max((b - a).days, 1)

    def cell(day: str) -> int:
        return min(max(int((dt.date.fromisoformat(day) - a).days / span * width), 0), width - 1)

    cells = ["·"] * width
    for i in range(cell(start), cell(end) + 1):
        cells[i] = "█"
    if first <= today <= last:
        cells[cell(today)] = "┃"
    return "".join(cells)


def print_schedule(view: dict[str, Any], out: Console | None = None) -> None:
    out = out or console()
    extra = " — " + _("what if: {changes}").format(changes=", ".join(view["what_if"])) if view["what_if"] else ""
    out.print(
        _("[bold]{name}[/]: start {start}, as of {as_of} ({months} months of service)").format(
            name=escape(view.get("name") or view["trainee"]),
            start=date(view["start"]),
            as_of=date(view["as_of"]),
            months=number(view["service_months"]),
        )
        + escape(extra)
    )
    phases = view["phases"]
    if phases:
        first, last = phases[0]["start"], max(p["end"] for p in phases)
        heading = f"{first[:4]} … {last[:4]}  (┃ " + _("today") + ")"
        # a phase's name and place are read first: they get up to 34 and 24 characters, the bar what is left
        # of the line (at least its heading, at most 48 cells); the dates and the gaps between columns take 28
        names = min(max(len(_phase_name(p)) for p in phases), 34)
        places = min(max(len(p["where"] or "") for p in phases), 24)
        width = max(min(out.width - names - places - 28, 48), len(heading))
        table = new_table()
        table.add_column(_("phase"), no_wrap=True, min_width=5, overflow="ellipsis", max_width=34)
        table.add_column(_("where"), overflow="ellipsis", max_width=24, no_wrap=True)
        table.add_column(_("from"), no_wrap=True, min_width=10)
        table.add_column(_("to"), no_wrap=True, min_width=10)
        table.add_column(heading, no_wrap=True, min_width=width)  # a narrow terminal cuts names, never the bar
        for p in phases:
            bar = timeline_bar(p["start"], p["end"], first, last, view["as_of"], width)
            style = "bold" if p["current"] else ("dim" if p["end"] < view["as_of"] else "")
            table.add_row(
                escape(_phase_name(p)),
                escape(p["where"] or ""),
                date(p["start"]),
                date(p["end"]),
                bar.replace("┃", "[red]┃[/]"),
                style=style,
            )
        out.print(table)
    else:
        out.print(_("The plan has no timeline; only the readiness rules and procedure pace are shown."))
    if view["eligibility"]:
        out.print("\n[bold]" + _("When goals can be approved") + "[/]")
        for e in view["eligibility"]:
            out.print(
                "  "
                + _("{goals}: after {months} months of service, from {date}").format(
                    goals=escape(e["goals"]), months=number(e["after_months"], 0), date=date(e["from"])
                )
            )
    if view.get("meetings"):
        out.print("\n[bold]" + _("Guidance meetings ahead") + "[/]")
        for m in view["meetings"]:
            what = _("review of the individual plan") if m["review"] else (m["about"] or _("guidance meeting"))
            out.print(f"  {escape(m['when'])}: {escape(what)}")
    tp = view["throughput"]
    if tp["goals_needing_it"]:
        n = len(tp["goals_needing_it"])
        out.print(
            "\n[bold]"
            + _("Throughput rotation")
            + "[/]: "
            + ngettext("{n} goal needs it", "{n} goals need it", n).format(n=n)
            + (
                ", " + _("{min}-{max} months").format(min=number(tp["min_months"], 0), max=number(tp["max_months"], 0))
                if tp["min_months"] is not None
                else ""
            )
            + (", " + _("at the earliest from {date}").format(date=date(tp["earliest"])) if tp["earliest"] else "")
        )
    if view["procedures"]:
        out.print("\n[bold]" + _("Procedure lists at your pace") + "[/]")
        for p in view["procedures"]:
            out.print(
                f"  {escape(name_of(p))}: {p['done']} / {p['required']}, {escape(p['pace'])}"
                + (" " + _("(its phases end {date})").format(date=date(p["phases_end"])) if p["phases_end"] else "")
            )
    paces = [p["pace"] for p in view["procedures"] if p["pace"]]
    print_completion(view, out, paces)
    # each thing is said once: a flag the throughput line or a procedure's pace above already states
    # adds only its rule
    said = {"throughput-needed"} if tp["goals_needing_it"] else set()
    said |= {"no-pace", "pace-short"} if paces else set()
    shown: set[str] = set()
    for f in view["flags"]:
        if f["code"] in said:
            text = _("the rule it breaks: {rule}").format(rule=f["rule"]) if f["rule"] else ""
        else:
            text = f["message"] + (f"\n  {f['rule']}" if f["rule"] else "")
        if text and text not in shown:
            shown.add(text)
            first, _sep, rest = text.partition("\n")
            out.print(f"[yellow]![/] {escape(first)}" + (f"\n[cyan]{escape(rest)}[/]" if rest else ""))


def print_completion(view: dict[str, Any], out: Console, paces: list[str] | None = None) -> None:
    """The projected completion date, or that there is none, with the reason in words; a reason that only
    repeats a procedure list's pace printed above (``paces``) points to it instead."""
    completion = date(view["completion"]) if view["completion"] else _("cannot be projected")
    out.print("\n[bold]" + _("Projected completion:") + f"[/] {completion}")
    reason = view["completion_reason"]
    if reason and any(pace in reason for pace in paces or []):
        out.print("  " + _("set by the pace of the procedure list above"))
    elif reason:
        out.print(f"  {escape(reason)}")


def _phase_name(phase: dict[str, Any]) -> str:
    name = str(phase.get("name") or phase["id"])
    return name + (" (" + _("throughput") + ")" if phase["throughput"] else "")
