"""What every check receives: the workspace, the parsed documents, and today's date."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import compress, repeat
from operator import itemgetter
from pathlib import Path
from typing import Any, TypeVar

from lisplan.core.problems import Origin
from lisplan.files.source import Document
from lisplan.load.workspace import TraineeFiles, Workspace
from lisplan.models.log import Entry, Log

E = TypeVar("E")


@dataclass
class Context:
    ws: Workspace
    documents: dict[Path, Document]
    today: dt.date
    _entries: dict[int, tuple[TraineeFiles, list[tuple[Log, int, Entry]]]] = field(default_factory=dict, repr=False)
    _kinds: dict[tuple[int, object], tuple[TraineeFiles, list[tuple[Log, int, Any]]]] = field(
        default_factory=dict, repr=False
    )

    def entries(self, trainee: TraineeFiles) -> Iterator[tuple[Log, int, Entry]]:
        """Each entry of a trainee with its log and index (its place is made by :meth:`origin`, for a problem
        only). Made once per trainee and shared by the checks that read every entry (over 20,000 entries in
        five years of logs); the rows are put together by zip, without a Python call per entry."""
        found = self._entries.get(id(trainee))
        if found is None or found[0] is not trainee:
            rows: list[tuple[Log, int, Entry]] = []
            for log in trainee.logs:
                rows += zip(repeat(log), range(len(log.entries)), log.entries)
            found = self._entries[id(trainee)] = (trainee, rows)
        return iter(found[1])

    def of_kind(self, trainee: TraineeFiles, kind: type[E] | tuple[type[E], ...]) -> list[tuple[Log, int, E]]:
        """The entries of a kind (or kinds), in log order, as :meth:`entries` gives them. Picked once per
        trainee and kind for the checks that read only those: a few dozen sign-offs among 20,000 entries."""
        found = self._kinds.get((id(trainee), kind))
        if found is None or found[0] is not trainee:
            rows = list(self.entries(trainee))
            classes = list(map(type, map(itemgetter(2), rows)))
            # each class asked once (isinstance on a pydantic model goes through ABCMeta, about a microsecond),
            # and the rows picked without a Python call per entry
            wanted = {cls for cls in set(classes) if issubclass(cls, kind)}
            found = self._kinds[id(trainee), kind] = (trainee, list(compress(rows, map(wanted.__contains__, classes))))
        return found[1]

    @staticmethod
    def origin(log: Log, i: int) -> Origin:
        """Where entry ``i`` of ``log`` is: made for a problem only, as nearly every entry has none."""
        return Origin(log.origin.file if log.origin else None, ("entries", i))  # type: ignore[arg-type]
