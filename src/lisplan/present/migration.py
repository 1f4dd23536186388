"""``lisplan migrate`` (what carries over to a revised goal set) and the notice ``lisplan status``
gives while a migration is pending."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from lisplan.core.i18n import _, date, ngettext, word
from lisplan.present.console import console, escape, fit_title

if TYPE_CHECKING:
    from lisplan.present.console import Console


def _crosswalk_state(cw: dict[str, Any]) -> str:
    if cw["confirmed"]:
        return _("confirmed by {who}").format(who=cw["confirmed_by"]) if cw["confirmed_by"] else _("confirmed")
    if cw["example"]:
        return _("an example, not confirmed by the education lead")
    return _("not confirmed by the education lead")


def print_migration_notice(m: dict[str, Any], out: Console) -> None:
    """What status says about a goal set of the trainee's that a set in force has replaced."""
    cw = m["crosswalk"]
    if cw is None:
        state = _("no crosswalk, so none of the {n} approvals carries over yet").format(n=m["approved_under_old_set"])
    elif m["pending"]:
        state = "[yellow]" + _("migration pending") + "[/]"
    else:
        state = _("migrated ({n} approvals carried over)").format(n=m["carry_over"])
    names = _names(m)
    replaced = (
        _("{old} was replaced by {new} on {date}").format(**names, date=date(m["replaced_on"]))
        if m["replaced_on"]
        else _("{old} was replaced by {new}").format(**names)
    )
    out.print("[bold]" + _("Goal-set revision") + f"[/]: {replaced} — {state}")
    if cw is not None and m["pending"]:
        out.print(
            "  "
            + _(
                "{approved} approvals under {old}: {pending} can carry over, {unmapped} map to nothing; "
                "{assess} goals of {new} need a new competence assessment"
            ).format(
                approved=m["approved_under_old_set"],
                pending=m["pending"],
                unmapped=m["unmapped"],
                assess=m["assess"],
                **names,
            )
        )
        out.print("  " + _("crosswalk {id}: {state}").format(id=cw["id"], state=_crosswalk_state(cw)))
        out.print("  [cyan]" + _("lisplan migrate --dry-run shows which, and why") + "[/]")
    if m.get("approved_after_ceased"):
        out.print(
            "  [yellow]"
            + ngettext(
                "{n} approval under {old} was given after {old} ceased: it does not carry over",
                "{n} approvals under {old} were given after {old} ceased: they do not carry over",
                m["approved_after_ceased"],
            ).format(n=m["approved_after_ceased"], old=names["old"])
            + "[/]"
        )
    elif cw is None:
        out.print(
            "  [cyan]" + _("add a crosswalk (docs/file-formats.md, Crosswalks), then run lisplan migrate") + "[/]"
        )
    if m["profile_names_old_set"] and not m["pending"] and cw is not None:
        out.print(
            "  [cyan]"
            + _("trainee.yaml still names {old}: change goal_sets to name {new}").format(old=m["from"], new=m["to"])
            + "[/]"
        )
    out.print()


def _code_runs(items: list[dict[str, Any]], why: str) -> list[list[dict[str, Any]]]:
    """Items in catalog order with the same reason and consecutive codes, as one row."""
    runs: list[list[dict[str, Any]]] = []
    for item in items:
        last = runs[-1][-1] if runs else None
        if last is not None and last[why] == item[why] and _next_code(last["goal"]) == item["goal"]:
            runs[-1].append(item)
        else:
            runs.append([item])
    return runs


def _next_code(code: str) -> str:
    prefix, _sep, number = code.rpartition("-")
    return f"{prefix}-{int(number) + 1:0{len(number)}d}" if number.isdigit() else ""


def _run_codes(run: list[dict[str, Any]]) -> str:
    if len(run) == 1:
        return str(run[0]["goal"])
    goals = ngettext("{n} goal", "{n} goals", len(run)).format(n=len(run))
    return f"{run[0]['goal']} … {run[-1]['goal']} ({goals})"


def _names(m: dict[str, Any]) -> dict[str, str]:
    """The two goal sets of a migration by name (the view's ``from``/``to`` are their ids)."""
    return {"old": escape(m.get("from_name") or m["from"]), "new": escape(m.get("to_name") or m["to"])}


def print_migration(view: dict[str, Any], out: Console | None = None) -> None:
    """The table of lisplan migrate: what carries over and why, what needs assessing, what maps to nothing."""
    from lisplan.compute.migration import RELATIONS

    out = out or console()
    since = " " + _("(in force from {date})").format(date=date(view["in_force_from"])) if view["in_force_from"] else ""
    names = _names(view)
    out.print(
        f"[bold]{escape(view.get('trainee_name') or view['trainee'])}[/]: {names['old']} → {names['new']}{since}, "
        + _("as of {date}").format(date=date(view["as_of"]))
    )
    cw = view["crosswalk"]
    if cw is None:
        out.print(
            "[yellow]"
            + _("No crosswalk from {old} to {new}").format(**names)
            + "[/]: "
            + _("no approval carries over.")
        )
        out.print("  [cyan]" + _("add one in data/goals/ (docs/file-formats.md, Crosswalks)") + "[/]")
    else:
        colour = "green" if cw["confirmed"] else "yellow"
        out.print(_("crosswalk {id}: {state}").format(id=cw["id"], state=f"[{colour}]{_crosswalk_state(cw)}[/]"))
    out.print()
    out.print("[bold]" + _("Carries over") + f"[/] ({len(view['carry_over'])})")
    for c in view["carry_over"]:
        olds = ", ".join(o["goal"] for o in c["from"])
        last = max(c["from"], key=lambda o: o["approved_on"])
        state = (
            _("recorded {date}").format(date=date(c["recorded_on"]))
            if c["recorded_on"]
            else "[yellow]" + _("pending") + "[/]"
        )
        title = f" — {fit_title(c['title'], 50)}" if c["title"] else ""
        who = last.get("by_name") or last["by"]
        approved = _("approved {date} by {who}").format(date=date(last["approved_on"]), who=escape(who))
        relation = word(RELATIONS, c["relation"])
        out.print(f"  {c['goal']} ← {olds}: {relation}, {approved}; {state}[dim]{escape(title)}[/]")
    out.print()
    out.print("[bold]" + _("Needs a new competence assessment") + f"[/] ({len(view['assess'])})")
    for run in _code_runs(view["assess"], "why"):
        title = f" — {fit_title(run[0]['title'], 50)}" if len(run) == 1 and run[0]["title"] else ""
        out.print(f"  {_run_codes(run)}: {escape(run[0]['why'])}[dim]{escape(title)}[/]")
    out.print()
    out.print("[bold]" + _("Approvals that map to nothing") + f"[/] ({len(view['unmapped'])})")
    for run in _code_runs(view["unmapped"], "approved_on"):
        out.print(f"  {_run_codes(run)}: " + _("approved {date}").format(date=date(run[0]["approved_on"])))
    out.print()
    late = view["approved_after_ceased"]
    if late:
        out.print(
            "[bold]"
            + _("Approved after {old} ceased, so not carried over").format(old=names["old"])
            + f"[/] ({len(late)})"
        )
        for item in late:
            out.print(
                f"  {item['goal']}: "
                + _("approved {date} by {who}; {old} was in force until {end}").format(
                    date=date(item["approved_on"]),
                    who=escape(item["by_name"]),
                    old=names["old"],
                    end=date(view["ceased_after"]),
                )
            )
        out.print(
            "  [dim]"
            + _(
                "only approvals obtained while the old goals were in force carry over (the Directorate of Health's "
                "proposal for the new goals, sent for comment in 2024); the new goals need a new competence assessment"
            )
            + "[/]"
        )
        out.print()
