"""Presenting results in the terminal: the only module that uses rich.

Problems print hledger-style: ``FILE:LINE:COL: severity[code]: message``, the offending line with a
caret under the problem, then the fix.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import groupby
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lisplan.core.i18n import N_, _, date, name_of, ngettext, number, word
from lisplan.core.identity import mask_identity_numbers
from lisplan.core.problems import Problem, relative, sort_key

if TYPE_CHECKING:
    from rich.console import Console


# rich is imported when something is printed with it, not before: a command that only prints a line
# (lisplan log) does not pay for it.
#
# Every message, hint and line of text leaves through here, and each passes through ``safe``, which
# stars out any identity number in it: a number typed by mistake as an option, or found in a file,
# is never echoed back (terminal scroll-back and CI logs outlive the fix).


@dataclass
class Initialised:
    """What ``lisplan init`` made, for its report."""

    root: Path
    created: list[Path]  # relative to root, in the order written
    new_repo: bool
    git_init: bool
    source: str | None
    warnings: list[str] = field(default_factory=list)


@dataclass
class CiFile:
    """One CI file as ``lisplan init --upgrade-ci`` found and left it."""

    path: str  # relative to the repo
    state: str  # "upgraded", "current", "newer", "not-lisplans", "outside" (all three left alone) or "missing"
    version: int | None = None  # the template version it was written from
    diff: str = ""  # unified diff of the rewrite
    where: str = ""  # "outside": the file outside the repo it is a symlink to (never read)


@dataclass
class CiUpgrade:
    """What ``lisplan init --upgrade-ci`` did, for its report."""

    root: Path
    files: list[CiFile]
    source: str | None
    pages: bool
    version: int  # the template version written now
    marker: str  # the line that says lisplan wrote a file


@dataclass
class Rendered:
    """What ``lisplan render-all`` wrote, for its report."""

    out: Path
    files: list[Path] = field(default_factory=list)  # relative to out, in the order written
    left_out: list[str] = field(default_factory=list)  # trainees whose files have errors


#: control characters (C0 but tab, newline and a line's CR LF, DEL, C1): in a name or a file they could move the cursor,
#: recolour or retitle the terminal, or hide the text before them (ESC [ 2 J, a carriage return)
_CONTROL = re.compile("\r(?!\n)|[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")  # a CSV's CR LF ends a line


def printable(text: str) -> str:
    """``text`` with every control character shown as its escape (``\\x1b``), never sent to the terminal."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def safe(text: str) -> str:
    """Text fit to print: identity numbers starred out, control characters shown as escapes."""
    return printable(mask_identity_numbers(text))


_console_class: Any = None


def console(stderr: bool = False) -> Console:
    """The console everything rich prints goes through. It prints each piece of text (a trainee's name, a
    note, a path) with its control characters escaped (:func:`printable`): a repo is untrusted input, and
    its text never reaches the terminal as escape sequences. rich's own colours are not text, and stay."""
    global _console_class
    if _console_class is None:
        from rich.console import Console
        from rich.segment import Segment

        class PrintableConsole(Console):
            def _render_buffer(self, buffer: Any) -> str:
                return str(
                    super()._render_buffer(
                        seg if seg.control else Segment(printable(seg.text), seg.style, seg.control) for seg in buffer
                    )
                )

        _console_class = PrintableConsole
    made: Console = _console_class(stderr=stderr, highlight=False, soft_wrap=True, emoji=False)
    return made


def escape(text: str) -> str:
    from rich.markup import escape as rich_escape

    return rich_escape(text)


def print_problems(
    problems: list[Problem],
    root: Path | None,
    line_of: Callable[[Path, int], str],
    out: Console | None = None,
    *,
    files_checked: int = 0,
) -> None:
    out = out or console()
    ordered = sorted(problems, key=sort_key)
    with out:  # one buffer, written once: a flush per line cost seconds for 10,000 problems
        for _file, group in groupby(ordered, key=lambda p: p.file):
            for p in group:
                _print_one(p, root, line_of, out)
            out.print()
    errors = sum(p.is_error for p in problems)
    warnings = len(problems) - errors
    if not problems:
        out.print(
            "[green]"
            + ngettext("No problems in {n} file.", "No problems in {n} files.", files_checked).format(n=files_checked)
            + "[/]"
        )
    else:
        files = len({p.file for p in problems})
        counts = (
            ngettext("{n} error", "{n} errors", errors).format(n=errors)
            + ", "
            + ngettext("{n} warning", "{n} warnings", warnings).format(n=warnings)
        )
        where = ngettext("in {n} file", "in {n} files", files).format(n=files)
        out.print(f"[{'red' if errors else 'yellow'}]{counts}[/] {where}.")


def print_verified_signoffs(signoffs: list[dict[str, Any]], out: Console | None = None) -> None:
    """The sign-offs ``check --verify-signoffs`` passed, each *proven* by the supervisor's signature or
    only *claimed* by the author line of their commit (README: Security says what each means)."""
    from lisplan.models.plan import ACTIVITY_WORDS

    out = out or console()
    proven = sum(s["level"] == "proven" for s in signoffs)
    out.print(
        _(
            "Sign-offs the supervisor committed: {proven} proven by their signature, {claimed} only claimed by "
            "the commit's author line, which anyone can type (README: Security)."
        ).format(proven=proven, claimed=len(signoffs) - proven)
    )
    levels = {"proven": _("proven"), "claimed": _("claimed")}
    for s in sorted(signoffs, key=lambda s: (s["level"] != "proven", s["file"] or "", s["line"] or 0)):
        what = (
            s["goal"] if not s["activity"] else f"{s['goal']} ({_(ACTIVITY_WORDS.get(s['activity'], s['activity']))})"
        )
        where = f"{s['file']}:{s['line']}"
        commits = ", ".join(s["commits"])
        said = (
            _("{where}  {what} by {by}, signed by {signer} ({commits})").format(
                where=where, what=what, by=s["by"], signer=s["signer"] or "?", commits=commits
            )
            if s["level"] == "proven"
            else _("{where}  {what} by {by} ({commits}), not signed with {by}'s key").format(
                where=where, what=what, by=s["by"], commits=commits
            )
        )
        level = levels[s["level"]].ljust(max(map(len, levels.values())))
        out.print(f"  [{'green' if s['level'] == 'proven' else 'yellow'}]{escape(level)}[/]  {escape(safe(said))}")


#: how a severity reads (the code in brackets stays as it is: it is what a user searches for)
SEVERITY = {"error": N_("error"), "warning": N_("warning"), "flag": N_("flag")}


def _print_one(p: Problem, root: Path | None, line_of: Callable[[Path, int], str], out: Console) -> None:
    where = safe(relative(p.file, root) or "<repo>")
    if p.line is not None:
        where += f":{p.line}:{p.col or 1}"
    colour = "red" if p.is_error else "yellow"
    code = escape(f"[{p.code}]")  # a literal "[code]", not rich markup
    severity = _(SEVERITY[p.severity.value])
    out.print(f"[bold]{escape(where)}:[/] [{colour}]{severity}{code}[/]: {escape(safe(p.message))}")
    if p.file is not None and p.line is not None:
        text, caret = excerpt(line_of(p.file, p.line), p.col or 1)
        if text.strip():
            gutter = f"{p.line:>5} | "
            out.print(f"[dim]{gutter}[/]{escape(text)}")
            out.print(" " * (len(gutter) + caret) + f"[{colour}]^[/]")
    if p.hint:
        out.print(f"  [cyan]{escape(safe(p.hint))}[/]")


def excerpt(line: str, col: int, width: int = 160) -> tuple[str, int]:
    """The part of a line worth showing (a window around ``col`` of a very long line), and where the
    caret goes in it."""
    text = line.expandtabs(1)
    at = max(col - 1, 0)
    if len(text) <= width:
        return text, at
    start = max(0, min(at - width // 2, len(text) - width))
    shown = ("…" if start else "") + text[start : start + width] + ("…" if start + width < len(text) else "")
    return shown, at - start + (1 if start else 0)


def fail(message: str, hint: str = "") -> None:
    """A usage error for the user, on stderr."""
    err = console(stderr=True)
    err.print("[red]" + _("error") + f":[/] {escape(safe(message))}")
    if hint:
        err.print(f"  [cyan]{escape(safe(hint))}[/]")


def warn(message: str) -> None:
    """A warning about something that was done all the same, on stderr (plain text: no rich needed)."""
    sys.stderr.write(_("warning") + f": {safe(message)}\n")


def plain(text: str) -> None:
    text = safe(text)
    sys.stdout.write(text if text.endswith("\n") else text + "\n")


# --- status and remaining ----------------------------------------------------------------------------

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
    from rich.table import Table

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
    table = Table(show_edge=False, pad_edge=False, box=None, header_style="bold")
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
            table.add_row(f"[bold underline]{escape(current_set)}[/]")
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
    # a list signed off below its minimum stays here until the count is reached (issue 16)
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
            "[yellow]![/] "
            + _("no review of the individual plan in {when} (000 §2.1.4: February and August/September)").format(
                when=missed
            )
        )
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


def _short(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


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
            title = f" {_short(item['title'], 60)}" if item["title"] else ""
            mark = " *" if item.get("reading") else ""
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
    if view["supervision"]:
        out.print()
        out.print("[bold]" + _("Guidance and supervision") + "[/]")
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


# --- schedule ----------------------------------------------------------------------------------------


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
    from rich.table import Table

    out = out or console()
    width = max(min(out.width - 52, 60), 12)  # the bar takes what the other columns leave
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
        table = Table(show_edge=False, pad_edge=False, box=None, header_style="bold")
        table.add_column(_("phase"), no_wrap=True, min_width=5, overflow="ellipsis", max_width=22)
        table.add_column(_("where"), overflow="ellipsis", max_width=16, no_wrap=True)
        table.add_column(_("from"), no_wrap=True, min_width=10)
        table.add_column(_("to"), no_wrap=True, min_width=10)
        table.add_column(f"{first[:4]} … {last[:4]}  (┃ " + _("today") + ")", no_wrap=True)
        for p in phases:
            bar = timeline_bar(p["start"], p["end"], first, last, view["as_of"], width)
            style = "bold" if p["current"] else ("dim" if p["end"] < view["as_of"] else "")
            name = (p.get("name") or p["id"]) + (" (" + _("throughput") + ")" if p["throughput"] else "")
            table.add_row(
                escape(name),
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


def print_cohort(view: dict[str, Any], out: Console | None = None) -> None:
    """Every trainee in one table that fits 80 columns: names fold onto a second line, dates never do."""
    from rich.table import Table

    out = out or console()
    table = Table(
        show_edge=False,
        pad_edge=False,
        box=None,
        header_style="bold",
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
        out.print(f"\n[bold]{escape(_short(title, 100))}[/]")
        for i in g["items"]:
            state = (
                _("to enter")
                if i["state"] == "to-register"
                else "[yellow]" + _("to be signed") + "[/] " + _("(entered {date})").format(date=date(i["registered"]))
            )
            out.print(f"  {i['ref']:<{ref_width}}  {escape(_short(i['what'], what_width)):<{what_width}}  {state}")
    out.print(
        "\n[dim]"
        + _(
            "When it is entered: lisplan portal --mark REF… (an entry as listed, a goal code, or all); "
            "when a supervisor has signed it there: lisplan portal --signed REF…"
        )
        + "[/]"
    )


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
        what = escape(_short(r["what"], 100))
        out.print(
            f"{r['ref']:<{ref_width}}  {date(r['date'])}  {r['kind_name']:<{kind_width}}  {what}", highlight=False
        )
    out.print(
        "\n[dim]" + _("Correct one: lisplan edit REF --date … / --note …; take it out: lisplan remove REF") + "[/]"
    )


def print_initialised(done: Initialised, trainee: str, schema_dir: Path) -> None:
    """What ``lisplan init`` made (the schemas as one line), what is left to set, and what to do next."""
    import shlex

    for warning in done.warnings:
        warn(warning)
    if not done.new_repo:
        what = _("Added trainee {trainee} to the plan repo in {root}:")
    elif done.git_init:
        what = _("Added trainee {trainee} to a new plan repo (git init) in {root}:")
    else:
        what = _("Added trainee {trainee} to a new plan repo in {root}:")
    plain(what.format(trainee=trainee, root=done.root))
    schemas = [p for p in done.created if p.parent == schema_dir]
    for path in done.created:
        if path not in schemas:
            plain(f"  {path.as_posix()}")
        elif path == schemas[0]:
            plain(f"  {schema_dir.as_posix()}/ " + _("({n} JSON Schemas, for editors)").format(n=len(schemas)))
    if done.new_repo and done.source is None:
        warn(
            _(
                "CI cannot tell where to install lisplan from: set LISPLAN_SOURCE (README.md says how), "
                "or run lisplan init with --lisplan-source next time"
            )
        )
    here = relative(done.root, Path.cwd())
    go = "" if here in ("", ".") else f"cd {shlex.quote(here)} && "
    message = _("Start {trainee}'s plan").format(trainee=trainee)
    plain(_('Next: {go}lisplan status, then git add -A && git commit -m "{message}"').format(go=go, message=message))


def print_ci_upgrade(done: CiUpgrade) -> None:
    """What ``lisplan init --upgrade-ci`` did to each CI file, with the diff of each rewrite."""
    for f in done.files:
        if f.state == "upgraded":
            said = (
                _("{file}: rewritten to CI template {version} (it had {old})")
                if f.version != done.version
                else _("{file}: rewritten to CI template {version}")
            )
            plain(said.format(file=f.path, version=done.version, old=f.version))
            plain(f.diff)
        elif f.state == "current":
            plain(_("{file}: up to date (CI template {version})").format(file=f.path, version=done.version))
        elif f.state == "newer":
            plain(
                _("{file}: left alone: a newer lisplan wrote it (CI template {version}); upgrade lisplan").format(
                    file=f.path, version=f.version
                )
            )
        elif f.state == "missing":
            plain(_("{file}: not there; left out").format(file=f.path))
        elif f.state == "outside":
            plain(
                _("{file}: left alone: it leads out of the plan repo (to {path}); lisplan does not read it").format(
                    file=f.path, path=f.where
                )
            )
        else:
            plain(
                _("{file}: left alone: lisplan did not write it (no '{marker}' line at its top)").format(
                    file=f.path, marker=done.marker
                )
            )
    if done.source is None:
        warn(_("CI cannot tell where to install lisplan from: set LISPLAN_SOURCE (README.md says how)"))
    if any(f.state == "upgraded" for f in done.files):
        plain(_("Next: review the diff (git diff), then commit it"))


def print_rendered(done: Rendered) -> None:
    """The documents ``lisplan render-all`` wrote, and the trainees it left out."""
    for tid in done.left_out:
        warn(_("{trainee} left out: their files have errors (lisplan check shows them)").format(trainee=tid))
    plain(
        ngettext("Wrote {n} document to {folder}:", "Wrote {n} documents to {folder}:", len(done.files)).format(
            n=len(done.files), folder=done.out
        )
    )
    for rel in done.files:
        plain(f"  {rel.as_posix()}")


# --- migrate -----------------------------------------------------------------------------------------


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
    replaced = (
        _("{old} was replaced by {new} on {date}").format(old=m["from"], new=m["to"], date=date(m["replaced_on"]))
        if m["replaced_on"]
        else _("{old} was replaced by {new}").format(old=m["from"], new=m["to"])
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
                old=m["from"],
                pending=m["pending"],
                unmapped=m["unmapped"],
                assess=m["assess"],
                new=m["to"],
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
            ).format(n=m["approved_after_ceased"], old=m["from"])
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


def print_migration(view: dict[str, Any], out: Console | None = None) -> None:
    """The table of lisplan migrate: what carries over and why, what needs assessing, what maps to nothing."""
    from lisplan.compute.migration import RELATIONS

    out = out or console()
    since = " " + _("(in force from {date})").format(date=date(view["in_force_from"])) if view["in_force_from"] else ""
    out.print(
        f"[bold]{view['trainee']}[/]: {view['from']} → {view['to']}{since}, "
        + _("as of {date}").format(date=date(view["as_of"]))
    )
    cw = view["crosswalk"]
    if cw is None:
        out.print(
            "[yellow]"
            + _("No crosswalk from {old} to {new}").format(old=view["from"], new=view["to"])
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
        title = f" — {_short(c['title'], 50)}" if c["title"] else ""
        who = last.get("by_name") or last["by"]
        approved = _("approved {date} by {who}").format(date=date(last["approved_on"]), who=escape(who))
        relation = word(RELATIONS, c["relation"])
        out.print(f"  {c['goal']} ← {olds}: {relation}, {approved}; {state}[dim]{escape(title)}[/]")
    out.print()
    out.print("[bold]" + _("Needs a new competence assessment") + f"[/] ({len(view['assess'])})")
    for run in _code_runs(view["assess"], "why"):
        title = f" — {_short(run[0]['title'], 50)}" if len(run) == 1 and run[0]["title"] else ""
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
            + _("Approved after {old} ceased, so not carried over").format(old=view["from"])
            + f"[/] ({len(late)})"
        )
        for item in late:
            out.print(
                f"  {item['goal']}: "
                + _("approved {date} by {who}; {old} was in force until {end}").format(
                    date=date(item["approved_on"]),
                    who=escape(item["by_name"]),
                    old=view["from"],
                    end=date(view["ceased_after"]),
                )
            )
        out.print(
            "  [dim]"
            + _(
                "only approvals obtained while the old goals were in force carry over (document 002); "
                "the new goals need a new competence assessment"
            )
            + "[/]"
        )
        out.print()


def show(view: Any, as_json: bool, table: Callable[[Any], None]) -> None:
    """A command's view as JSON (``--format json``, the stable contract) or as ``table`` prints it."""
    if as_json:
        import json

        plain(json.dumps(view, ensure_ascii=False, indent=2))
    else:
        table(view)


# --- plan import -------------------------------------------------------------------------------------


def print_plan_import(view: dict[str, Any], out: Console | None = None) -> None:
    """What ``lisplan plan import`` found: the sheet's faults (each with its cell and fix), or the
    changes per goal and procedure list, and whether they were written."""
    out = out or console()
    if view["problems"]:
        for p in view["problems"]:
            code = escape(f"[{p['code']}]")
            where = escape(safe(f"{view['sheet']}: {p['where']}" if "!" in p["where"] else p["where"]))
            out.print(f"[bold]{where}:[/] [red]{_('error')}{code}[/]: {escape(safe(p['message']))}")
            if p["hint"]:
                out.print(f"  [cyan]{escape(safe(p['hint']))}[/]")
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
