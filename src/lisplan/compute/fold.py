"""The per-file fold: what a report on one trainee (status, remaining, schedule) takes from
each of the trainee's log files, kept in the store under the file's bytes and everything else it depends
on, so that a report after a change (``lisplan log`` added one entry) reads, validates and checks the
changed file only, and combines.

A log file's *part*, worked out from the file alone beside every file that is not a log:

- ``keys``: the examinations it logs (procedure list, number, role), for the one check that compares
  the files with one another (``duplicate-accession``, checks/duplicates.py);
- ``links``: the files its entries link to (report, certificate), checked again each time, as their
  contents can change without the log changing (checks/files.py);
- ``facts``: its share of compute/facts.py's ``Facts`` up to the day asked, dates as day numbers;
- ``year``: the log's year, which orders the files as the loader orders the logs.

A part is kept only for a file that validates and that no check finds an error in (by itself, beside
every file that is not a log). Its record is named by the SHA-256 of the file's bytes and of a stamp of
everything else the part is made from: every other file read (catalogs, plans, the profile), the
trainee, the day and the as-of day, and lisplan's own code.

The report is computed from the parts only when together they prove that a full ``check`` finds no error
that would stop it: the files that are not logs have none (checked each time), no part has one, no
examination is in two files, and no link leads anywhere wrong. Otherwise the caller loads and checks
everything as before (commands/session.py), so what is refused, and how, does not change.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
from collections.abc import Iterator
from itertools import chain
from pathlib import Path
from typing import Any

from lisplan.checks.context import Context
from lisplan.checks.duplicates import examinations
from lisplan.checks.files import check_linked_files, link_problems, links
from lisplan.checks.references import scope
from lisplan.checks.run import CHECKS
from lisplan.compute.facts import Facts, gather_entries
from lisplan.files.source import Document
from lisplan.files.store import FORMAT, code_stamp
from lisplan.load.loader import Loaded
from lisplan.load.workspace import TraineeFiles, Workspace
from lisplan.models.log import Log, SupervisionEntry

#: the name of a part's record beside the file's parsed data and facts (files/cache.py)
PART = "fold"


class Folded:
    """The parts of a trainee's logs, in the loader's order of the logs, for one plan, its sets and a day."""

    def __init__(self, key: tuple[str, tuple[str, ...], dt.date], parts: list[dict[str, Any]]) -> None:
        self.key = key
        self.parts = parts

    def facts(self) -> Facts:
        """The facts of every part combined, as one read of every entry in order would gather them."""
        facts, dates = Facts(), _Dates()
        for part in self.parts:
            _merge(facts, _unpack(part["facts"], dates))
        return facts


def fold(loaded: Loaded, tf: TraineeFiles, today: dt.date, as_of: dt.date) -> bool:
    """Whether the parts of ``tf``'s deferred logs prove its data free of errors that stop a report (see
    the module's text); if so, ``tf.folded`` holds them for compute/facts.py's ``gather``. A missing part is
    made (reading that one file) and kept."""
    ws = loaded.workspace
    plan = ws.plan_of(tf)
    if not tf.deferred or loaded.cache.folder is None or tf.profile is None or plan is None:
        return False
    if any(p.is_error for p in loaded.problems):
        return False
    files = dict(tf.deferred)
    others = {path: doc for path, doc in loaded.documents.items() if path not in files}
    if any(doc.digest is None for doc in others.values()):
        return False
    with _alone(ws, TraineeFiles(tf.id, tf.folder, tf.profile)):
        errors = _errors(Context(ws, others, today))
    loaded.cache.keep_learnt(others.values())  # what the checks learnt about those files' bytes
    if errors:
        return False
    sets = scope(ws, tf)[1]
    stamp = _stamp(loaded, others, tf, today, as_of)
    parts: list[tuple[tuple[int, str], Path, dict[str, Any]]] = []
    for path, (digest, _raw) in files.items():
        key = hashlib.sha256(f"{digest}\0{stamp}".encode()).hexdigest()
        part = loaded.cache.unpacked(path, key, PART)
        if not isinstance(part, dict):
            part = _part(loaded, tf, path, others, today, as_of, sets)
            if part is None:
                return False
            if as_of == today:  # one part per file is kept: today's, not a one-off --as-of's in its place
                loaded.cache.pack(path, key, PART, part)
        parts.append(((part["year"] or 0, str(path)), path, part))  # the loader's order of the logs
    parts.sort(key=lambda row: row[0])
    keys = [part["keys"] for _order, _path, part in parts]
    if len(set(chain.from_iterable(keys))) != sum(map(len, keys)):
        return False  # an examination in two files: duplicate-accession
    root = ws.root
    top = root.resolve() if root is not None else None
    for _order, path, part in parts:
        for i, key, value in part["links"]:
            if root and top and any(p.is_error for p in link_problems(root, top, tf.folder, path, i, key, value)):
                return False
    tf.folded = Folded((plan.id, tuple(sets), as_of), [part for _order, _path, part in parts])
    return True


@contextlib.contextmanager
def _alone(ws: Workspace, tf: TraineeFiles) -> Iterator[None]:
    """``tf`` as the workspace's only trainee while checks read it (each check reads ``ws.trainees``); the
    workspace's other look-ups, made once, stay as they are."""
    saved = ws.trainees
    ws.trainees = {tf.id: tf}
    try:
        yield
    finally:
        ws.trainees = saved


def _errors(ctx: Context) -> bool:
    """Whether any check finds an error in ``ctx``. The link check is left to the caller: what a link leads
    to is not in the files checked."""
    return any(p.is_error for check in CHECKS if check is not check_linked_files for p in check(ctx))


def _part(
    loaded: Loaded,
    tf: TraineeFiles,
    path: Path,
    others: dict[Path, Document],
    today: dt.date,
    as_of: dt.date,
    sets: list[str],
) -> dict[str, Any] | None:
    """The part of the log at ``path``, read now; None when it has an error (it is not kept then)."""
    ws = loaded.workspace
    (log,) = tf.read([path])
    doc = loaded.documents.get(path)
    plan = ws.plan_of(tf)
    if log is None or doc is None or plan is None:
        return None
    one = TraineeFiles(tf.id, tf.folder, tf.profile, [log])
    ctx = Context(ws, {**others, path: doc}, today)  # one for the checks and the keys: entries picked once
    with _alone(ws, one):
        errors = _errors(ctx)
    loaded.cache.keep_learnt([doc])  # what the checks learnt about its bytes (an identity number: nothing kept)
    if errors:
        return None
    return {
        "year": log.year,
        "keys": [key for _log, _i, key in examinations(ctx, one)],
        "links": [(i, key, value) for _log, i, key, value in links(ctx, one)],
        "facts": _pack(gather_entries(ws, one, plan, sets, as_of), log, doc),
    }


def _stamp(loaded: Loaded, others: dict[Path, Document], tf: TraineeFiles, today: dt.date, as_of: dt.date) -> str:
    """What a part depends on besides its own file's bytes."""
    rows = [FORMAT, code_stamp(), today.isoformat(), as_of.isoformat(), tf.id, str(tf.folder)]
    rows += sorted(f"{path}\0{doc.digest}" for path, doc in others.items())
    rows += sorted(f"{p.code}\0{p.file}" for p in loaded.problems)  # a file left out (a link, say) changes what is read
    return hashlib.sha256("\n".join(rows).encode()).hexdigest()


# --- a part's facts as plain data (marshal keeps no dates: a day is its ordinal) -----------------------------


def _days(days: list[dt.date]) -> list[int]:
    return [d.toordinal() for d in days]


class _Dates(dict[int, dt.date]):
    """Day numbers as dates, each made once: 20,000 examinations fall on some 1,800 days."""

    def __missing__(self, ordinal: int) -> dt.date:
        day = self[ordinal] = dt.date.fromordinal(ordinal)
        return day

    def of(self, ordinals: list[int]) -> list[dt.date]:
        return list(map(self.__getitem__, ordinals))


def _pack(facts: Facts, log: Log, doc: Document) -> dict[str, Any]:
    at = {id(entry): i for i, entry in enumerate(log.entries) if isinstance(entry, SupervisionEntry)}
    raw = doc.data["entries"] if isinstance(doc.data, dict) else []
    return {
        "approvals": [(g, d.toordinal(), by) for g, (d, by) in facts.approvals.items()],
        "self_signed": sorted(facts.self_signed),
        "activity_signoffs": [(k, d.toordinal()) for k, d in facts.activity_signoffs.items()],
        "introductions": {g: _days(days) for g, days in facts.introductions.items()},
        "mdts": {g: [(d.toordinal(), m) for d, m in rows] for g, rows in facts.mdts.items()},
        "mdt_topics": {t: _days(days) for t, days in facts.mdt_topics.items()},
        "procedures": {
            p: ([d.toordinal() for d, _r, _n in rows], [r for _d, r, _n in rows], [n for _d, _r, n in rows])
            for p, rows in facts.procedures.items()
        },
        "courses": {c: d.toordinal() for c, d in facts.courses.items()},
        "group_courses": {g: _days(days) for g, days in facts.group_courses.items()},
        "carried": dict(facts.carried),
        "teaching": {g: _days(days) for g, days in facts.teaching.items()},
        "self_study": {g: _days(days) for g, days in facts.self_study.items()},
        "touched": sorted(facts.touched),
        # the entries as written (validated again when combined: a few dozen a year)
        "supervision": [raw[at[id(entry)]] for entry in facts.supervision],
    }


def _unpack(packed: dict[str, Any], dates: _Dates | None = None) -> Facts:
    dates = _Dates() if dates is None else dates
    day = dates.__getitem__
    facts = Facts()
    facts.approvals = {g: (day(d), by) for g, d, by in packed["approvals"]}
    facts.self_signed = set(packed["self_signed"])
    facts.activity_signoffs = {tuple(k): day(d) for k, d in packed["activity_signoffs"]}
    for name in ("introductions", "mdt_topics", "group_courses", "teaching", "self_study"):
        table = getattr(facts, name)
        for key, days in packed[name].items():
            table[key] = dates.of(days)
    for g, rows in packed["mdts"].items():
        facts.mdts[g] = [(day(d), m) for d, m in rows]
    for p, (days, roles, numbers) in packed["procedures"].items():
        facts.procedures[p] = list(zip(dates.of(days), roles, numbers, strict=True))
    facts.courses = {c: day(d) for c, d in packed["courses"].items()}
    facts.carried = dict(packed["carried"])
    facts.touched = set(packed["touched"])
    facts.supervision = [SupervisionEntry.model_validate(raw) for raw in packed["supervision"]]
    return facts


def _merge(into: Facts, part: Facts) -> None:
    """Add the facts of a later file to ``into``, as reading on into its entries would have: the first
    approval, sign-off and course of a kind stays the first, and every list goes on in order."""
    for g, approval in part.approvals.items():
        if g not in into.approvals:
            into.approvals[g] = approval
            if g in part.carried:  # carried over by the approval that came first
                into.carried[g] = part.carried[g]
    into.self_signed |= part.self_signed
    for key, day in part.activity_signoffs.items():
        into.activity_signoffs.setdefault(key, day)
    for name in ("introductions", "mdts", "mdt_topics", "procedures", "group_courses", "teaching", "self_study"):
        table = getattr(into, name)
        for key, rows in getattr(part, name).items():
            table[key] += rows
    for course, day in part.courses.items():
        into.courses.setdefault(course, day)
    into.touched |= part.touched
    into.supervision += part.supervision
