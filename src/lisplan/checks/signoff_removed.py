"""Sign-offs a supervisor committed that are no longer in the log (``lisplan check --verify-signoffs``).

``git blame`` only sees the lines a file has, so a sign-off taken out leaves nothing to verify. For each
log, the version of the newest commit each supervisor made to it is read: every sign-off by that
supervisor in it must still be in that log (a sign-off of the same goal by the same supervisor; a
changed date, activity or note is what the line and content checks report). A sign-off the supervisor
took out in a later commit of their own is not in their newest version, so it is not asked for.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path
from typing import Any

from lisplan.core.i18n import _
from lisplan.core.problems import Origin, Problem, error
from lisplan.files import gitops
from lisplan.files.source import Document, SourceError, parse
from lisplan.load.workspace import Workspace
from lisplan.models.log import entry_kind
from lisplan.models.plan import ACTIVITY_WORDS

_EXACT = ("signoff", "by", "activity", "procedure")


def removed_signoffs(ws: Workspace, documents: dict[Path, Document], root: Path) -> list[Problem]:
    """A problem for each sign-off a supervisor committed that is gone from its log."""
    problems = []
    for tf in ws.trainees.values():
        emails = {
            s.email.strip().casefold(): s.id
            for s in ws.supervisors_for(tf).values()
            if s.email and s.id not in (tf.id, "self")
        }
        for log in tf.logs:
            if log.origin is not None and emails:
                problems += _gone(root, log.origin.file, emails, _signoffs(_data(documents, log.origin.file)))
    return problems


def _gone(root: Path, path: Path, emails: dict[str, str], current: list[dict[str, Any]]) -> list[Problem]:
    """The sign-offs of each supervisor's newest version of the log at ``path`` that it no longer holds
    (as many of each as are missing: two sign-offs of one goal are two)."""
    newest: dict[str, tuple[str, str]] = {}  # supervisor id -> (their newest commit, the path in it)
    for sha, email, rel in gitops.file_commits(root, path):
        sup = emails.get(email.strip().casefold())
        if sup is not None:
            newest.setdefault(sup, (sha, rel))
    now = Counter(_key(e) for e in current)
    exact = Counter(_key(e, _EXACT) for e in current)
    problems = []
    for sup, (sha, rel) in newest.items():
        text = gitops.show(root, sha, rel)
        try:
            then = parse(path, text).data if text is not None else None
        except SourceError:
            continue
        theirs = [e for e in _signoffs(then) if e.get("by") == sup]
        wanted = Counter(_key(e) for e in theirs)
        for key, n in wanted.items():
            missing = n - now.get(key, 0)
            if missing > 0:
                same = [e for e in theirs if _key(e) == key]
                gone = sorted(same, key=lambda e: exact[_key(e, _EXACT)] > 0)[:missing]  # those not there first
                problems += [_problem(path, sha, sup, e, rel) for e in gone]
    return problems


def _problem(path: Path, sha: str, sup: str, entry: dict[str, Any], rel: str) -> Problem:
    activity = entry.get("activity")
    known = {str(k.value if hasattr(k, "value") else k): v for k, v in ACTIVITY_WORDS.items()}
    what = (
        _("sign-off of {goal} ({activity})").format(
            goal=entry["signoff"], activity=_(known.get(str(activity), str(activity)))
        )
        if activity
        else _("sign-off of {goal}").format(goal=entry["signoff"])
    )
    return error(
        "signoff-removed",
        Origin(path, ("entries",)),
        _("the {what} dated {date}, which {id} committed in {commit}, is no longer in the log").format(
            what=what, date=_day(entry.get("date")), id=sup, commit=sha[:7]
        ),
        _(
            "put it back (git show {commit}:{file} shows it), or ask {id} to take it out in a commit of their own"
        ).format(commit=sha[:7], file=rel, id=sup),
    )


def _day(value: Any) -> str:
    from lisplan.core.i18n import date

    try:
        return date(dt.date.fromisoformat(str(value)))
    except ValueError:
        return str(value)


def _data(documents: dict[Path, Document], path: Path | None) -> Any:
    doc = documents.get(path) if path is not None else None
    return doc.data if doc is not None else None


def _signoffs(data: Any) -> list[dict[str, Any]]:
    items = data.get("entries") if isinstance(data, dict) else None
    return [e for e in items or [] if isinstance(e, dict) and entry_kind(e) == "signoff"]


def _key(entry: dict[str, Any], keys: tuple[str, ...] = ("signoff", "by")) -> tuple[str, ...]:
    """What makes a sign-off the same one: its goal and supervisor (a changed activity is reported by the
    content check), or with ``_EXACT`` also what it signed."""
    return tuple(str(entry.get(k)) for k in keys)
