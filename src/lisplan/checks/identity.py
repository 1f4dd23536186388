"""No patient identity numbers anywhere in a plan repo's files (PRODUCT.md: a log never holds one)."""

from __future__ import annotations

from ..identity import find_identity_numbers
from ..problems import Problem, Severity
from .context import Context

WHY = (
    "remove it: patient identifiers do not belong in a training log — record the accession number "
    "or stay number (oppholdsnummer) instead"
)


def mask(number: str) -> str:
    return number[:2] + "*" * 9


def check_identity_numbers(ctx: Context) -> list[Problem]:
    problems = []
    for path, doc in ctx.documents.items():
        found = doc.remember("identity-numbers", lambda doc=doc: [(o, mask(n)) for o, n in find_identity_numbers(doc.text)])
        for offset, masked in found:
            line = doc.text.count("\n", 0, offset) + 1
            col = offset - (doc.text.rfind("\n", 0, offset) + 1) + 1
            problems.append(Problem(
                "identity-number",
                f"{masked} is a Norwegian national identity number (fødselsnummer or D-nummer)",
                path, (), WHY, Severity.ERROR, line, col,
            ))
    return problems
