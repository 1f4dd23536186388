"""Identity numbers found in a file's text, as problems with positions (PRODUCT.md: a log never holds one).

Loading uses these for a file that does not parse (the YAML error must not hide a number), the entry
commands before a write, and the check over every file.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from lisplan.core.identity import find_identity_numbers
from lisplan.core.problems import Problem, Severity
from lisplan.files.source import SourceError, read_bytes

WHY = (
    "remove it: patient identifiers do not belong in a training log — record the accession number "
    "or stay number (oppholdsnummer) instead"
)


def mask(number: str) -> str:
    return number[:2] + "*" * 9


def identity_problems(path: Path, text: str, found: Iterable[tuple[int, str]] | None = None) -> list[Problem]:
    """One problem per identity number in ``text`` (``found``: their offsets and masked values, if known)."""
    if found is None:
        found = [(o, mask(n)) for o, n in find_identity_numbers(text)]
    problems = []
    for offset, masked in found:
        line = text.count("\n", 0, offset) + 1
        col = offset - (text.rfind("\n", 0, offset) + 1) + 1
        problems.append(
            Problem(
                "identity-number",
                f"{masked} is a Norwegian national identity number (fødselsnummer or D-nummer)",
                path,
                (),
                WHY,
                Severity.ERROR,
                line,
                col,
            )
        )
    return problems


def identity_problems_in_unreadable(path: Path) -> list[Problem]:
    """Identity numbers in a file that did not parse: the YAML error must not hide them."""
    try:
        raw = read_bytes(path)  # refuses a file too big to read, as the parser did
    except SourceError:
        return []
    return identity_problems(path, raw.decode("utf-8", "replace").replace("\r\n", "\n"))
