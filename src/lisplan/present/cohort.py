"""``lisplan report --cohort``: the education lead's table of every trainee."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from lisplan.core.i18n import _, date, ngettext, number
from lisplan.present.console import console, escape, new_table

if TYPE_CHECKING:
    from lisplan.present.console import Console


def print_cohort(view: dict[str, Any], out: Console | None = None) -> None:
    """Every trainee in one table that fits 80 columns: names fold onto a second line, dates never do."""
    out = out or console()
    table = new_table(
        title=_("Trainees as of {date}, furthest behind their schedule first").format(date=date(view["as_of"])),
        title_justify="left",
        collapse_padding=True,
    )
    # the headings fold onto two lines (rich breaks them at spaces); numbers and dates never wrap
    table.add_column(_("trainee"), overflow="fold", min_width=8)
    table.add_column(_("plan"), overflow="fold", max_width=9)
    for head in (_("months"), _("% appr."), _("behind plan"), _("ready"), _("guidance due")):
        table.add_column(head, justify="right", max_width=8)
    table.add_column(_("next review"), min_width=10, max_width=10)
    table.add_column(_("completion"), min_width=10, max_width=10)
    for r in view["rows"]:
        if r["problems"]:
            n = r["problems"]
            problems = ngettext("{n} problem", "{n} problems", n).format(n=n)
            table.add_row(escape(r.get("name") or r["trainee"]), r["plan"] or "–", f"[red]{escape(problems)}[/]")
            continue
        table.add_row(
            escape(r.get("name") or r["trainee"]),
            escape(r.get("plan_name") or r["plan"]),
            number(r["service_months"]),
            f"{r['percent_approved']:.0f}",
            str(r["behind"]),
            str(r["ready"]),
            str(r["supervision_overdue"]),
            date(r["next_review"]),
            date(r["completion"]),
            style="yellow" if r["behind"] else "",
        )
    out.print(table)
