"""Problems found in a plan repo: values with a position, a message and a fix, never exceptions.

Every check returns a list of :class:`Problem`. A problem knows its file and the path of the value
inside it (``("entries", 12, "date")``); line and column are filled in from that path by
:func:`locate_all` once, at the end, so checks stay pure and the happy path never pays for positions.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from enum import StrEnum
from pathlib import Path
from typing import Any, Literal, NamedTuple

from lisplan.core.i18n import _

Loc = tuple[str | int, ...]


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


class Origin(NamedTuple):
    """Where a value came from: a file and the path of the value inside it.

    A named tuple, not a dataclass, so that the loader and the checks can make one for each of tens of
    thousands of log entries at a tuple's cost (the checks make an entry's only for a problem: Context.origin)."""

    file: Path
    loc: Loc = ()

    def at(self, *more: str | int) -> Origin:
        return Origin(self.file, self.loc + more)


@dataclass(frozen=True)
class Problem:
    code: str
    message: str
    file: Path | None = None
    loc: Loc = ()
    hint: str = ""
    severity: Severity = Severity.ERROR
    line: int | None = None
    col: int | None = None
    on_key: bool = field(default=False, compare=False)

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def record(self) -> dict[str, Any]:
        """The problem as plain JSON data (check's result); :func:`from_record` makes it again."""
        return {
            "code": self.code,
            "message": self.message,
            "file": str(self.file) if self.file else None,
            "loc": list(self.loc),
            "hint": self.hint,
            "severity": self.severity.value,
            "line": self.line,
            "col": self.col,
            "on_key": self.on_key,
        }

    def position(self) -> str:
        where = str(self.file) if self.file else "<repo>"
        if self.line is not None:
            where += f":{self.line}:{self.col or 1}"
        return where


@dataclass
class Refused(Exception):
    """What the user asked for cannot be recorded; nothing was written."""

    message: str
    hint: str = ""
    problems: list[Problem] = field(default_factory=list)  # problems in files, with positions

    def __str__(self) -> str:
        return self.message


def from_record(r: dict[str, Any]) -> Problem:
    return Problem(
        r["code"],
        r["message"],
        Path(r["file"]) if r["file"] else None,
        tuple(r["loc"]),
        r["hint"],
        Severity(r["severity"]),
        r["line"],
        r["col"],
        r["on_key"],
    )


def error(code: str, origin: Origin | None, message: str, hint: str = "", *, on_key: bool = False) -> Problem:
    return _make(code, origin, message, hint, Severity.ERROR, on_key)


def warning(code: str, origin: Origin | None, message: str, hint: str = "", *, on_key: bool = False) -> Problem:
    return _make(code, origin, message, hint, Severity.WARNING, on_key)


def _make(code: str, origin: Origin | None, message: str, hint: str, severity: Severity, on_key: bool) -> Problem:
    if origin is None:
        return Problem(code, message, hint=hint, severity=severity)
    return Problem(code, message, origin.file, origin.loc, hint, severity, on_key=on_key)


#: the severity a code is reported with; a flag is part of lisplan schedule's answer, not a problem
Kind = Literal["error", "warning", "flag"]


@dataclass(frozen=True)
class Code:
    """A code's entry: ``about`` (what it means) and ``remedy`` (how to fix it) are English, marked with N_;
    :attr:`explanation` and :attr:`fix` read them in the language spoken when they are shown."""

    name: str
    severity: Kind
    about: str
    remedy: str

    @property
    def explanation(self) -> str:
        return _(self.about)

    @property
    def fix(self) -> str:
        return _(self.remedy)


Locator = Callable[[Path, Loc, bool], tuple[int, int] | None]


def locate_all(problems: Iterable[Problem], locator: Locator) -> list[Problem]:
    """Fill in line and column for problems that have a file but no position yet."""
    out = []
    for p in problems:
        if p.file is not None and p.line is None:
            pos = locator(p.file, p.loc, p.on_key)
            if pos:
                p = replace(p, line=pos[0], col=pos[1])
        out.append(p)
    return out


def strict(problems: Iterable[Problem]) -> list[Problem]:
    """Warnings become errors (``--strict``)."""
    return [replace(p, severity=Severity.ERROR) for p in problems]


def sort_key(p: Problem) -> tuple[Any, ...]:
    return (str(p.file or ""), p.line or 0, p.col or 0, p.code)


def relative(path: Path | None, root: Path | None) -> str:
    if path is None:
        return ""
    if root is not None:
        try:
            return str(path.resolve().relative_to(root.resolve()))
        except ValueError:
            pass
    return str(path)


def to_json(problems: list[Problem], root: Path | None, more: dict[str, Any] | None = None) -> str:
    """The problems as check's JSON (docs/json.md), with ``more`` keys after them (the
    sign-offs ``check --verify-signoffs`` verified, and their count by level in the summary)."""
    items = [
        {
            "file": relative(p.file, root) or None,
            "line": p.line,
            "col": p.col,
            "severity": p.severity.value,
            "code": p.code,
            "message": p.message,
            "hint": p.hint or None,
            "path": list(p.loc),
        }
        for p in problems
    ]
    summary = {
        "errors": sum(p.is_error for p in problems),
        "warnings": sum(not p.is_error for p in problems),
    }
    signoffs = (more or {}).get("signoffs")
    if signoffs is not None:
        summary["proven"] = sum(s["level"] == "proven" for s in signoffs)
        summary["claimed"] = sum(s["level"] == "claimed" for s in signoffs)
    return json.dumps({"problems": items, **(more or {}), "summary": summary}, ensure_ascii=False, indent=2)


def _gh_escape(text: str, *, prop: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if prop:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return text


def to_github(problems: list[Problem], root: Path | None) -> str:
    """GitHub Actions workflow commands: one ``::error file=…,line=…,col=…::message`` per problem."""
    lines = []
    for p in problems:
        props = []
        if p.file is not None:
            props.append(f"file={_gh_escape(relative(p.file, root), prop=True)}")
        if p.line is not None:
            props.append(f"line={p.line}")
            props.append(f"col={p.col or 1}")
        props.append(f"title={_gh_escape('lisplan ' + p.code, prop=True)}")
        text = p.message + (f" — {p.hint}" if p.hint else "")
        lines.append(f"::{p.severity.value} {','.join(props)}::{_gh_escape(text)}")
    return "\n".join(lines)


#: Code Climate severities GitLab shows in its code-quality widget.
_GITLAB_SEVERITY = {Severity.ERROR: "major", Severity.WARNING: "minor"}


def to_gitlab(problems: list[Problem], root: Path | None) -> str:
    """GitLab's code-quality report: the subset of the Code Climate JSON format that GitLab reads.

    The fingerprint names the problem by file, code, path in the file and message, not by line, so a
    problem that moves down when lines are added above it is still the same problem in merge requests.
    """
    import hashlib

    items = []
    for p in problems:
        path = relative(p.file, root) or "."
        key = "\0".join([path, p.code, "/".join(map(str, p.loc)), p.message])
        items.append(
            {
                "description": p.message + (f" — {p.hint}" if p.hint else ""),
                "check_name": f"lisplan {p.code}",
                "fingerprint": hashlib.sha256(key.encode("utf-8")).hexdigest(),
                "severity": _GITLAB_SEVERITY[p.severity],
                "location": {"path": path, "lines": {"begin": p.line or 1}},
            }
        )
    return json.dumps(items, ensure_ascii=False, indent=2)
