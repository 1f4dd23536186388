"""No patient identity numbers anywhere in a plan repo's files (PRODUCT.md: a log never holds one)."""

from __future__ import annotations

from lisplan.checks.context import Context
from lisplan.core.identity import find_identity_numbers
from lisplan.core.problems import Problem
from lisplan.load.identity import identity_problems, mask


def check_identity_numbers(ctx: Context) -> list[Problem]:
    problems = []
    for path, doc in ctx.documents.items():
        found = doc.remember(
            "identity-numbers", lambda doc=doc: [(o, mask(n)) for o, n in find_identity_numbers(doc.text)]
        )
        problems += identity_problems(path, doc.text, found)
    return problems
