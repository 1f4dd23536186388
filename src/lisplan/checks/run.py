"""Every check, in the order its problems are best read, and ``run_checks``, which runs them all on a
loaded workspace; the file-level problems (YAML, schema) come from the loader before.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from lisplan.checks.context import Context
from lisplan.checks.dates import check_dates
from lisplan.checks.duplicates import check_duplicate_accessions, check_duplicate_ids
from lisplan.checks.files import check_data_names, check_linked_files
from lisplan.checks.identity import check_identity_numbers
from lisplan.checks.plans import check_plan_sections, check_throughput, check_timeline
from lisplan.checks.references import (
    check_catalog_references,
    check_log_references,
    check_plan_references,
)
from lisplan.checks.revisions import (
    check_crosswalks,
    check_replaced_sets,
    check_sets_in_force,
    check_signoffs_in_force,
)
from lisplan.checks.signoffs import check_migrations, check_signers
from lisplan.core.problems import Problem
from lisplan.files.source import Document
from lisplan.load.loader import Loaded
from lisplan.load.workspace import Workspace

Check = Callable[[Context], list[Problem]]

#: Every check, in the order their problems are most useful to read.
CHECKS: list[Check] = [
    check_identity_numbers,
    check_data_names,
    check_linked_files,
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
    check_signoffs_in_force,
    check_migrations,
]


def run_checks(ws: Workspace, documents: dict[Path, Document], today: dt.date | None = None) -> list[Problem]:
    ctx = Context(ws, documents, today or dt.date.today())
    problems: list[Problem] = []
    for check in CHECKS:
        problems += check(ctx)
    return problems


def check_loaded(loaded: Loaded, today: dt.date | None = None) -> None:
    """Run every check on what ``load`` produced, adding its problems (with positions) to ``loaded``."""
    loaded.read_deferred()  # before any check: each reads the documents or the logs it needs, all of them
    loaded.problems += loaded.locate(run_checks(loaded.workspace, loaded.documents, today))
    loaded.cache.keep_learnt(loaded.documents.values())  # positions are facts the cache keeps too
