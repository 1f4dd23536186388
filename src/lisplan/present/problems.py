"""Problems as ``lisplan check`` prints them, hledger-style: ``FILE:LINE:COL: severity[code]: message``,
the offending line with a caret under the problem, then the fix; and the sign-offs it verified.
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import groupby
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lisplan.core.i18n import N_, _, ngettext
from lisplan.core.problems import Problem, relative, sort_key
from lisplan.present.console import console, escape, print_hint, safe

if TYPE_CHECKING:
    from lisplan.present.console import Console


#: how a severity reads (the code in brackets stays as it is: it is what a user searches for)
SEVERITY = {"error": N_("error"), "warning": N_("warning"), "flag": N_("flag")}


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
    only *claimed* by the author line of their commit (docs/sikkerhet.md says what each means)."""
    from lisplan.models.plan import ACTIVITY_WORDS

    out = out or console()
    proven = sum(s["level"] == "proven" for s in signoffs)
    out.print(
        _(
            "Sign-offs the supervisor committed: {proven} proven by their signature, {claimed} only claimed by "
            "the commit's author line, which anyone can type (the manual: docs/sikkerhet.md)."
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


def _print_one(p: Problem, root: Path | None, line_of: Callable[[Path, int], str], out: Console) -> None:
    where = safe(relative(p.file, root) or "<repo>")
    if p.line is not None:
        where += f":{p.line}:{p.col or 1}"
    colour = "red" if p.is_error else "yellow"
    print_heading(where, p.severity.value, p.code, p.message, out)
    if p.file is not None and p.line is not None:
        text, caret = excerpt(line_of(p.file, p.line), p.col or 1)
        if text.strip():
            gutter = f"{p.line:>5} | "
            out.print(f"[dim]{gutter}[/]{escape(text)}")
            out.print(" " * (len(gutter) + caret) + f"[{colour}]^[/]")
    print_hint(p.hint, out)


def print_heading(where: str, severity: str, code: str, message: str, out: Console) -> None:
    """A problem's first line: ``WHERE: severity[code]: message``, in red for an error, else yellow
    (``where`` already masked)."""
    colour = "red" if severity == "error" else "yellow"
    shown = escape(f"[{code}]")  # a literal "[code]", not rich markup
    out.print(f"[bold]{escape(where)}:[/] [{colour}]{_(SEVERITY[severity])}{shown}[/]: {escape(safe(message))}")


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
