"""What every check receives: the workspace, the parsed documents, and today's date."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
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

    def entries(self, trainee: TraineeFiles) -> Iterator[tuple[Log, int, Entry, Origin]]:
        """Each entry of a trainee with its log, index and origin."""
        for log in trainee.logs:
            file = log.origin.file if log.origin else None
            for i, entry in enumerate(log.entries):
                yield log, i, entry, Origin(file, ("entries", i))  # type: ignore[arg-type]
