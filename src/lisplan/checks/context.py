"""What every check receives: the workspace, the parsed documents, and today's date."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from lisplan.core.problems import Origin
from lisplan.files.source import Document
from lisplan.load.workspace import TraineeFiles, Workspace
from lisplan.models.log import Entry, Log


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
        checks that read every entry (five of them, over 20,000 entries in five years of logs)."""
        found = self._entries.get(id(trainee))
        if found is None or found[0] is not trainee:
            found = self._entries[id(trainee)] = (
                trainee,
                [
                    (log, i, entry, Origin(file, ("entries", i)))  # type: ignore[arg-type]
                    for log, file in ((log, log.origin.file if log.origin else None) for log in trainee.logs)
                    for i, entry in enumerate(log.entries)
                ],
            )
        return iter(found[1])
