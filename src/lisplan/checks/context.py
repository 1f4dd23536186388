"""What every check receives: the workspace, the parsed documents, and today's date."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import partial
from itertools import repeat
from pathlib import Path

from lisplan.core.problems import Origin
from lisplan.files.source import Document
from lisplan.load.workspace import TraineeFiles, Workspace
from lisplan.models.log import Entry, Log

#: ``Origin((file, loc))`` made by tuple's own constructor: an Origin is a named tuple, and this skips the
#: Python-level ``__new__`` that a call ``Origin(file, loc)`` runs (once per entry, 20,000 times a status)
_origin = partial(tuple.__new__, Origin)


@dataclass
class Context:
    ws: Workspace
    documents: dict[Path, Document]
    today: dt.date
    _entries: dict[int, tuple[TraineeFiles, list[tuple[Log, int, Entry, Origin]]]] = field(
        default_factory=dict, repr=False
    )

    def entries(self, trainee: TraineeFiles) -> Iterator[tuple[Log, int, Entry, Origin]]:
        """Each entry of a trainee with its log, index and origin. Made once per trainee and shared by the
        checks that read every entry (five of them, over 20,000 entries in five years of logs); the
        rows are put together by zip and map, without a Python call per entry."""
        found = self._entries.get(id(trainee))
        if found is None or found[0] is not trainee:
            rows: list[tuple[Log, int, Entry, Origin]] = []
            for log in trainee.logs:
                file = log.origin.file if log.origin else None
                places = range(len(log.entries))
                origins = map(_origin, zip(repeat(file), zip(repeat("entries"), places)))
                rows += zip(repeat(log), places, log.entries, origins)
            found = self._entries[id(trainee)] = (trainee, rows)
        return iter(found[1])
