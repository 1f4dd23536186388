"""``lisplan entries``: the log, one line per entry."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from lisplan.core.i18n import _, date, ngettext
from lisplan.present.console import console, escape, short

if TYPE_CHECKING:
    from lisplan.present.console import Console


def print_entries(view: dict[str, Any], out: Console | None = None) -> None:
    """``lisplan entries``: one line per entry, newest first: reference, date, kind, particulars."""
    out = out or console()
    rows = view["entries"]
    out.print(
        ngettext("{name}: {n} entry", "{name}: {n} entries", view["count"]).format(name=view["name"], n=view["count"])
    )
    if not rows:
        return
    ref_width = max(len(r["ref"]) for r in rows)
    kind_width = max(len(r["kind_name"]) for r in rows)
    for r in rows:
        what = escape(short(r["what"], 100))
        out.print(
            f"{r['ref']:<{ref_width}}  {date(r['date'])}  {r['kind_name']:<{kind_width}}  {what}", highlight=False
        )
    out.print(
        "\n[dim]" + _("Correct one: lisplan edit REF --date … / --note …; take it out: lisplan remove REF") + "[/]"
    )
