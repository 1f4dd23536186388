""""Did you mean …" for near misses of keys, ids and names."""

from __future__ import annotations

import difflib
from collections.abc import Iterable


def closest(word: str, choices: Iterable[str], n: int = 1, cutoff: float = 0.6) -> list[str]:
    """The choices nearest ``word`` by spelling; failing that, the one choice that starts with it."""
    options = list(dict.fromkeys(choices))
    by_lower = {c.lower(): c for c in options}
    found = difflib.get_close_matches(word.lower(), list(by_lower), n=n, cutoff=cutoff)
    if not found and len(word) >= 3:
        starting = [c for c in by_lower if c.startswith(word.lower())]
        found = starting if len(starting) == 1 else []
    return [by_lower[f] for f in found]


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """``"did you mean 'goals'?"``, or ``""`` when nothing is close."""
    found = closest(word, choices)
    return f"did you mean {found[0]!r}?" if found else ""
