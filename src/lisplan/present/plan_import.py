"""``lisplan plan import``: the activity sheet's faults, or the changes it makes to the plan."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from lisplan.core.i18n import _, ngettext
from lisplan.present.console import console, escape, print_hint, safe
from lisplan.present.problems import print_heading

if TYPE_CHECKING:
    from lisplan.present.console import Console


def print_plan_import(view: dict[str, Any], out: Console | None = None) -> None:
    """What ``lisplan plan import`` found: the sheet's faults (each with its cell and fix), or the
    changes per goal and procedure list, and whether they were written."""
    out = out or console()
    if view["problems"]:
        for p in view["problems"]:
            where = safe(f"{view['sheet']}: {p['where']}" if "!" in p["where"] else p["where"])
            print_heading(where, "error", p["code"], p["message"], out)
            print_hint(p["hint"], out)
        n = len(view["problems"])
        errors = ngettext("{n} error", "{n} errors", n).format(n=n)
        out.print(
            "\n"
            + _("{errors} in {sheet}; nothing was written.").format(
                errors=f"[red]{errors}[/]", sheet=escape(view["sheet"])
            )
        )
        return
    width = max((len(g["goal"]) for g in view["goals"]), default=7)
    for g in view["goals"]:
        lines = [f"+ {a}" for a in g["added"]] + [f"- {a}" for a in g["removed"]] or [_("(order changed)")]
        for i, line in enumerate(lines):
            head = f"{g['goal']:<{width}}  {g['change']:<8}" if i == 0 else " " * (width + 10)
            out.print(f"{escape(head)}  {escape(safe(line))}")
    for p in view["procedures"]:
        what = (
            _("minimum set: {after}").format(after=p["minimum"])
            if p["change"] == "changed" and p["minimum_before"] is None  # a list no one had set a minimum for
            else _("minimum {before} → {after}").format(before=p["minimum_before"], after=p["minimum"])
            if p["change"] == "changed"
            else _("new, minimum {minimum}").format(minimum=p["minimum"])
        )
        out.print(
            _("procedure list {id} ({name}): {what}").format(
                id=escape(p["id"]), name=escape(safe(p["name"])), what=what
            )
        )
    changed = len(view["goals"]) + len(view["procedures"])
    goals = ngettext("{n} goal", "{n} goals", len(view["goals"])).format(n=len(view["goals"]))
    if not changed:
        out.print(
            _("No changes: {file} already says what {sheet} says.").format(
                file=escape(view["file"]), sheet=escape(view["sheet"])
            )
        )
    elif view["written"]:
        out.print(_("Wrote {file}: {goals} changed.").format(file=escape(view["file"]), goals=goals))
    else:
        out.print(
            _("Dry run: {file} would change ({goals}); nothing written.").format(file=escape(view["file"]), goals=goals)
        )
