""""Did you mean …" for near misses of keys, ids and names."""

from __future__ import annotations

import difflib
from collections.abc import Iterable


def closest(word: str, choices: Iterable[str], n: int = 1, cutoff: float = 0.6) -> list[str]:
    options = list(dict.fromkeys(choices))
    by_lower = {c.lower(): c for c in options}
    found = difflib.get_close_matches(word.lower(), list(by_lower), n=n, cutoff=cutoff)
    return [by_lower[f] for f in found]


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """``"did you mean 'goals'?"``, or ``""`` when nothing is close."""
    found = closest(word, choices)
    return f"did you mean {found[0]!r}?" if found else ""
