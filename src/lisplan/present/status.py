"""``lisplan status`` (where a trainee stands) and ``lisplan remaining`` (what is left)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from lisplan.core.i18n import N_, _, date, name_of, ngettext, number
from lisplan.present.console import console, escape, fit_title, new_table, wrapping
from lisplan.present.migration import print_migration_notice
from lisplan.present.schedule import print_completion

if TYPE_CHECKING:
    from lisplan.present.console import Console


_STATE_STYLE = {
    "approved": "green",
    "ready": "bold cyan",
    "in_progress": "yellow",
    "not_started": "white",
    "not_eligible": "dim",
}
#: how a goal's state reads
STATE = {
    "approved": N_("approved"),
    "ready": N_("ready for sign-off"),
    "in_progress": N_("in progress"),
    "not_started": N_("not started"),
    "not_eligible": N_("not yet eligible"),
}


def bar(fraction: float, width: int = 20) -> str:
    fraction = min(max(fraction, 0.0), 1.0)
    full = round(fraction * width)
    return "█" * full + "░" * (width - full)


def print_status(view: dict[str, Any], out: Console | None = None) -> None:
    out = out or console()
    s = view["summary"]
    out.print(
        _("[bold]{name}[/] — {plan}, as of {as_of}, {months} months of service").format(
            name=escape(view["name"]),
            plan=escape(view.get("plan_name") or view["plan"]),
            as_of=date(view["as_of"]),
            months=number(view["service_months"]),
        )
    )
    table = new_table()
    table.add_column(_("part / area"), no_wrap=True, overflow="ellipsis", max_width=34)
    approved = _("appr.")
    table.add_column(approved, justify="right", no_wrap=True, min_width=max(5, len(approved)))
    table.add_column("", no_wrap=True, min_width=10)
    table.add_column("%", justify="right", no_wrap=True, min_width=3)
    heads = (_("ready"), _("doing"), _("todo"), _("later"))
    for head in heads:
        table.add_column(head, justify="right", no_wrap=True, min_width=len(head))
    current_set = None
    for row in view["parts"]:
        if row["set"] != current_set:
            current_set = row["set"]
            # a goal set by its name, which may be longer than the column: it wraps rather than lose its end
            table.add_row(wrapping(row.get("set_name") or current_set, "bold underline"))
        label = f"  {row['area']}" if row["area"] else f"{row['part']} {row['part_name']}"
        table.add_row(
            escape(label) if row["area"] else f"[bold]{escape(label)}[/]",
            f"{row['approved']}/{row['total']}",
            bar(row["approved"] / row["total"] if row["total"] else 0, 10),
            f"{row['percent_approved']:.0f}",
            *(str(row[k]) if row[k] else "[dim]·[/]" for k in ("ready", "in_progress", "not_started", "not_eligible")),
        )
    out.print(table)
    out.print(
        "[dim]"
        + _(
            "{ready}: waiting for sign-off · {doing}: in progress · {todo}: not started · {later}: not yet eligible"
        ).format(ready=heads[0], doing=heads[1], todo=heads[2], later=heads[3])
        + "[/]"
    )
    out.print()
    ready = [g for g in view["goals"] if g["state"] == "ready"]
    # a list signed off below its minimum stays here until the count is reached: a sign-off does not hide
    # the shortfall
    closest = sorted(
        (p for p in view["procedures"] if not p.get("complete") and p["required"] is not None), key=lambda p: p["left"]
    )[:5]
    if ready or closest:
        out.print("[bold]" + _("Needs attention") + "[/]")
        for g in ready:
            out.print("  [cyan]" + _("ready for sign-off") + f"[/] {g['id']} {escape(g['title'] or '')}")
        for p in closest:
            frac = p["done"] / p["required"]
            left = _("{n} left").format(n=p["left"])
            early = " [yellow]" + _("(signed off below the minimum)") + "[/]" if p.get("signed_below_minimum") else ""
            mark = " *" if p.get("reading") else ""
            out.print(f"  {escape(name_of(p))}: {p['done']} / {p['required']} {bar(frac, 15)} {left}{early}{mark}")
        out.print()
    unset = [p for p in view["procedures"] if p["required"] is None]
    if unset:
        out.print("[bold]" + _("Procedure lists with no minimum set") + "[/]")
        for p in unset:
            goals = f" ({', '.join(p['goals'])})" if p["goals"] else ""
            out.print(f"  {escape(unset_count(p))}{goals}")
        out.print()
    print_readings(view, out)
    print_signoff_flags(view["goals"], out)
    backlog = view["backlog"]
    if backlog:
        out.print("[bold]" + _("Waiting for a supervisor to sign off") + "[/]")
        for b in backlog:
            flag = " [red]" + _("(over 30 days)") + "[/]" if b["overdue"] else ""
            since = ngettext("since {date}, {n} day", "since {date}, {n} days", b["days"]).format(
                date=date(b["since"]), n=b["days"]
            )
            out.print(f"  {escape(b['what'])}: {since}{flag}")
        out.print()
    for m in view.get("migrations", []):
        print_migration_notice(m, out)
    out.print(
        _(
            "[bold]Summary[/]: {approved} of {total} goals approved ({percent} %), {ready} ready for sign-off, "
            "{in_progress} in progress, {not_started} not started, {not_eligible} not yet eligible."
        ).format(
            approved=s["approved"],
            total=s["total"],
            percent=number(s["percent_approved"]),
            ready=s["ready"],
            in_progress=s["in_progress"],
            not_started=s["not_started"],
            not_eligible=s["not_eligible"],
        )
    )
    for missed in view.get("missed_reviews", []):
        out.print(
            "[yellow]![/] " + _("no review of the individual plan in {when}, as the plan asks").format(when=missed)
        )
    print_plan_rules(view, out)
    if "completion" in view:
        print_completion(view["completion"], out)


def print_readings(view: dict[str, Any], out: Console) -> None:
    """The requirements that are lisplan's reading of a source, not the plan's own, one line each; and
    goals that apply but that lisplan does not hold."""
    for u in view.get("unheld", []):
        out.print("[yellow]![/] " + escape(u["text"]))
        out.print()
    if view.get("readings"):
        out.print("[bold]" + _("* lisplan's reading, not the plan's own") + "[/]")
        for r in view["readings"]:
            out.print(f"  {escape(r['text'])}")
        out.print()


def print_signoff_flags(goals: list[dict[str, Any]], out: Console) -> None:
    """Goals whose sign-off is not an approval as the regulation means it (lisplan check says where)."""
    from lisplan.compute.progress import SIGNOFF_TEXT

    flagged = [g for g in goals if g.get("signoff_flags")]
    if not flagged:
        return
    out.print("[bold]" + _("Sign-offs to look at") + "[/] [dim]" + _("(lisplan check shows where)") + "[/]")
    for g in flagged:
        why = "; ".join(_(SIGNOFF_TEXT[code]) if code in SIGNOFF_TEXT else code for code in g["signoff_flags"])
        when = (
            " " + _("{date} by {who}").format(date=date(g["approved_on"]), who=g["approved_by"])
            if g["approved_on"]
            else ""
        )
        out.print(f"  [yellow]{g['id']}[/]{escape(when)}: {escape(why)}")
    out.print()


def _runs(items: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """Consecutive untitled goals in the same state with nothing specific missing, as one row."""
    runs: list[list[dict[str, Any]]] = []
    for item in items:
        plain = not item["title"] and not item["missing"]
        if (
            runs
            and plain
            and len(runs[-1])
            and not runs[-1][-1]["title"]
            and not runs[-1][-1]["missing"]
            and runs[-1][-1]["state"] == item["state"]
        ):
            runs[-1].append(item)
        else:
            runs.append([item])
    return runs


def unset_count(p: dict[str, Any]) -> str:
    """A procedure list's count where no minimum is set: ``PET ved lungekreft: 12 (no minimum set)``."""
    return _("{procedure}: {count}").format(
        procedure=name_of(p), count=_("{count} (no minimum set)").format(count=p["done"])
    )


def print_plan_rules(view: dict[str, Any], out: Console, *, guidance: bool = True) -> None:
    """The plan's requirements besides goals and courses (OUS's improvement project, 000 §2.1.6), each
    with what the trainee did and the source; with ``guidance``, how often guidance is held."""
    needs = view.get("requirements") or []
    if needs:
        out.print()
        out.print("[bold]" + _("Required by the plan") + "[/]")
        for r in needs:
            state = (
                _("in progress: {project}").format(project=r["done"])
                if r["done"]
                else _("not started (trainee.yaml: improvement_project)")
            )
            out.print(f"  {escape(name_of(r))} — {escape(state)}")
            out.print(f"    [dim]{escape(r['source'])}[/]")
    how = (view.get("guidance") or {}).get("text")
    if guidance and how:
        out.print()
        out.print("[bold]" + _("Guidance") + f"[/]: {escape(how)}")


def print_remaining(view: dict[str, Any], out: Console | None = None) -> None:
    out = out or console()
    out.print(
        _("[bold]What is left[/] for {name}, as of {as_of}").format(
            name=escape(view.get("name") or view["trainee"]), as_of=date(view["as_of"])
        )
    )
    for place in view["remaining"]:
        out.print()
        count = ngettext("{n} goal", "{n} goals", len(place["items"])).format(n=len(place["items"]))
        out.print(f"[bold]{escape(place['name'])}[/] — {count}")
        for run in _runs(place["items"]):
            item = run[0]
            style = _STATE_STYLE.get(item["state"], "")
            state = f"[{style}]{_(STATE[item['state']])}[/]"
            if len(run) > 1:
                goals = ngettext("{n} goal", "{n} goals", len(run)).format(n=len(run))
                out.print(f"  {run[0]['id']} … {run[-1]['id']} {state} ({goals})")
                continue
            missing = " — " + _("missing: {what}").format(what=", ".join(item["missing"])) if item["missing"] else ""
            missing += "".join(" · " + unset_count(p) for p in item.get("logged", []))
            mark = " *" if item.get("reading") else ""
            # the title takes the rest of the line (at least 40 characters; it wraps in a narrower terminal)
            room = out.width - len(f"  {item['id']}  {_(STATE[item['state']])}{missing}{mark}")
            title = f" {fit_title(item['title'], max(room, 40))}" if item["title"] else ""
            out.print(f"  {item['id']}{escape(title)} {state}{escape(missing)}{mark}")
    if view["courses"]:
        out.print()
        out.print("[bold]" + _("Courses") + "[/] " + _("(ranked by remaining goals covered)"))
        for c in view["courses"]:
            req = " [cyan]" + escape(c["required"]) + "[/]" if c["required"] else ""
            covers = (
                " — " + _("covers {n}: {goals}").format(n=len(c["covers"]), goals=", ".join(c["covers"]))
                if c["covers"]
                else ""
            )
            out.print(f"  {escape(c['name'])} [dim]({c['id']})[/]{req}{escape(covers)}")
    if view.get("choice_groups"):
        out.print()
        out.print("[bold]" + _("Course choices") + "[/] " + _("(open)"))
        for c in view["choice_groups"]:
            out.print(f"  {escape(c['text'])}")
    if view["procedures"]:
        out.print()
        out.print("[bold]" + _("Procedure lists") + "[/]")
        for p in view["procedures"]:
            out.print(
                "  "
                + _("{name} [dim]({id})[/]: {done} done, {left} left").format(
                    name=escape(name_of(p)), id=p["id"], done=p["done"], left=p["left"]
                )
                + (" *" if p.get("reading") else "")
            )
    if view.get("readings"):
        out.print()
        print_readings(view, out)
    due = [s for s in view["supervision"] if s["due"]]
    print_plan_rules(view, out, guidance=False)
    if view["supervision"]:
        out.print()
        out.print("[bold]" + _("Guidance and supervision") + "[/]")
        if (view.get("guidance") or {}).get("text"):
            out.print("  " + _("guidance: {how}").format(how=escape(view["guidance"]["text"])))
        for s in view["supervision"]:
            mark = "[red]" + _("due") + "[/]" if s["due"] else "[green]" + _("ok") + "[/]"
            out.print(
                f"  {mark} "
                + _("{what}: {held} of {required}").format(
                    what=escape(s["what"]), held=s["held"], required=s["required"]
                )
            )
        if not due:
            out.print("  " + _("all supervision minimums met"))
