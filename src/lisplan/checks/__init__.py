"""Named checks over a loaded workspace: each is ``fn(context) -> list[Problem]``, small and pure.

``run_checks`` runs them all; the file-level problems (YAML, schema) come from the loader before.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from ..problems import Problem
from ..source import Document
from ..workspace import Workspace
from .context import Context
from .dates import check_dates
from .duplicates import check_duplicate_accessions, check_duplicate_ids
from .identity import check_identity_numbers
from .plans import check_plan_sections, check_throughput, check_timeline
from .references import (
    check_catalog_references,
    check_log_references,
    check_plan_references,
)
from .revisions import check_crosswalks, check_replaced_sets, check_sets_in_force
from .signoffs import check_migrations, check_signers

Check = Callable[[Context], list[Problem]]

#: Every check, in the order their problems are most useful to read.
CHECKS: list[Check] = [
    check_identity_numbers,
    check_duplicate_ids,
    check_catalog_references,
    check_plan_references,
    check_plan_sections,
    check_timeline,
    check_throughput,
    check_log_references,
    check_duplicate_accessions,
    check_dates,
    check_signers,
    check_crosswalks,
    check_replaced_sets,
    check_sets_in_force,
    check_migrations,
]


def run_checks(ws: Workspace, documents: dict[Path, Document], today: dt.date | None = None) -> list[Problem]:
    ctx = Context(ws, documents, today or dt.date.today())
    problems: list[Problem] = []
    for check in CHECKS:
        problems += check(ctx)
    return problems
