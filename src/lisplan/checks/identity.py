"""No patient identity numbers anywhere in a plan repo's files (a repo may be pushed anywhere: it holds none)."""

from __future__ import annotations

from lisplan.checks.context import Context
from lisplan.core.problems import Problem
from lisplan.load.identity import document_identity_problems


def check_identity_numbers(ctx: Context) -> list[Problem]:
    problems = []
    for doc in ctx.documents.values():
        problems += document_identity_problems(doc)
    return problems
