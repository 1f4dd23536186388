"""``lisplan portal``: what is still to be entered in Kompetanseportalen, or signed there."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from lisplan.core.i18n import _, date
from lisplan.present.console import console, escape, short

if TYPE_CHECKING:
    from lisplan.present.console import Console


def print_portal(view: dict[str, Any], out: Console | None = None) -> None:
    out = out or console()
    s = view["summary"]
    out.print(
        _(
            "[bold]Kompetanseportalen[/] ({name}, as of {as_of}): {to_register} to enter, "
            "{to_sign} waiting for a supervisor to sign there"
        ).format(name=view["name"], as_of=date(view["as_of"]), to_register=s["to_register"], to_sign=s["to_sign"])
    )
    if not view["groups"]:
        out.print("[green]" + _("Everything in the log is entered in the portal.") + "[/]")
        return
    every = [i for g in view["groups"] for i in g["items"]]
    ref_width, what_width = max(len(i["ref"]) for i in every), min(max(len(i["what"]) for i in every), 70)
    for g in view["groups"]:
        title = (
            f"{g['goal']} {g['title'] or '(' + g['part_name'] + ')'}"
            if g["goal"]
            else _("Not tied to a goal (reports go under «dokumenter»)")
        )
        out.print(f"\n[bold]{escape(short(title, 100))}[/]")
        for i in g["items"]:
            state = (
                _("to enter")
                if i["state"] == "to-register"
                else "[yellow]" + _("to be signed") + "[/] " + _("(entered {date})").format(date=date(i["registered"]))
            )
            out.print(f"  {i['ref']:<{ref_width}}  {escape(short(i['what'], what_width)):<{what_width}}  {state}")
    out.print(
        "\n[dim]"
        + _(
            "When it is entered: lisplan portal --mark REF… (an entry as listed, a goal code, or all); "
            "when a supervisor has signed it there: lisplan portal --signed REF…"
        )
        + "[/]"
    )
