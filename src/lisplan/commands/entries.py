"""``lisplan entries``: the trainee's log as a list, newest first, each entry with the reference that
``edit``, ``remove`` and ``portal --mark`` take (``2026:14``), filtered by date, kind, goal, procedure
list or number."""

from __future__ import annotations

import datetime as dt
from typing import Any

from lisplan.commands.errors import refused
from lisplan.commands.recorder import Recorder
from lisplan.commands.session import Session
from lisplan.compute.entries import LEAVE, Filters, Listed, listed, names
from lisplan.core.problems import Refused, relative
from lisplan.files.source import Document, span
from lisplan.load.loader import Loaded
from lisplan.load.workspace import GoalInfo, TraineeFiles
from lisplan.present.console import show
from lisplan.present.entries import print_entries


def load(s: Session, trainee: str | None) -> tuple[Loaded, TraineeFiles]:
    """The repo and the trainee, also when the repo has errors: an entry that is wrong is what these
    commands are for. A log that does not read or validate has no entries to name (check says why)."""
    return s.trainee(trainee, block=False)


def run(
    s: Session,
    trainee: str | None,
    *,
    since: str | None,
    until: str | None,
    kinds: list[str],
    goal: str | None,
    procedure: str | None,
    accession: str | None,
    as_json: bool,
) -> None:
    from lisplan.present import views

    first = s.date(since, "--since") if since else None
    last = s.date(until, "--until") if until else None
    loaded, tf = load(s, trainee)
    try:
        filters = _filters(loaded, tf, s, (first, last), kinds, goal, procedure, accession)
    except Refused as e:
        raise refused(e, s.root, loaded) from None
    found = listed(loaded.workspace, tf, filters)
    name = tf.profile.name if tf.profile is not None else tf.id
    view = views.entries(found, lambda e: as_written(loaded, e), names(loaded.workspace, tf), tf.id, name, s.root)
    show(view, as_json, print_entries)


def _filters(
    loaded: Loaded,
    tf: TraineeFiles,
    s: Session,
    dates: tuple[dt.date | None, dt.date | None],
    kinds: list[str],
    goal: str | None,
    procedure: str | None,
    accession: str | None,
) -> Filters:
    """The filters the options give, each name read as the entry commands read it."""
    chosen = frozenset(kinds) or None
    rec = Recorder(loaded.workspace, tf, s.today(), loaded.cache) if goal or procedure or accession else None
    info = None
    if goal and rec is not None:
        found = loaded.workspace.resolve_goal(rec.goal(goal, "--goal"), rec.goal_sets())
        info = found if isinstance(found, GoalInfo) else None
    numbers = None
    if accession and rec is not None:
        numbers = frozenset({accession.strip(), rec.accession(accession)})
    proc = rec.procedure(procedure).id if procedure and rec is not None else None
    return Filters(dates[0], dates[1], chosen, info, proc, numbers)


def as_written(loaded: Loaded, e: Listed) -> dict[str, Any]:
    """The entry as its file holds it (keys in the file's order, nothing added)."""
    key = LEAVE if e.kind == LEAVE else "entries"
    doc = loaded.documents.get(e.file)
    items = doc.data.get(key) if doc is not None and isinstance(doc.data, dict) else None
    found = items[e.index] if isinstance(items, list) and e.index < len(items) else None
    return found if isinstance(found, dict) else e.data()


def text_of(loaded: Loaded, e: Listed) -> str:
    """The entry's lines as they stand in its file."""
    return lines_of(loaded.documents[e.file], LEAVE if e.kind == LEAVE else "entries", e.index)


def lines_of(doc: Document, key: str, index: int) -> str:
    """Item ``index`` of the top-level list ``key`` as its lines stand in ``doc``."""
    node = doc.node((key, index))
    if node is None:
        return ""
    first, last = span(node)
    return "\n".join(doc.text.split("\n")[first - 1 : last])


def where(item: Listed, s: Session) -> str:
    return relative(item.file, s.root)
