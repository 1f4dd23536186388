""" "Did you mean …" for near misses of keys, ids and names."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping

from lisplan.core.i18n import _


def closest(
    word: str, choices: Iterable[str], n: int = 1, cutoff: float = 0.6, suggest_as: Mapping[str, str] | None = None
) -> list[str]:
    """The choices nearest ``word`` by spelling; failing that, the one choice that starts with it.

    ``suggest_as`` maps a choice to what to suggest for it (every name of a procedure to its id), so
    that several names of one thing count as one.
    """
    by_lower: dict[str, str] = {}
    for name in choices:
        by_lower.setdefault(name.lower(), suggest_as.get(name, name) if suggest_as else name)
    found = [by_lower[f] for f in difflib.get_close_matches(word.lower(), list(by_lower), n=n, cutoff=cutoff)]
    if not found and len(word) >= 3:
        starting = {s for name, s in by_lower.items() if name.startswith(word.lower())}
        found = list(starting) if len(starting) == 1 else []
    return list(dict.fromkeys(found))


def did_you_mean(word: str, choices: Iterable[str], suggest_as: Mapping[str, str] | None = None) -> str:
    """``"did you mean 'goals'?"``, or ``""`` when nothing is close."""
    found = closest(word, choices, suggest_as=suggest_as)
    return _("did you mean {word!r}?").format(word=found[0]) if found else ""


def did_you_mean_named(word: str, names: Mapping[str, str]) -> str:
    """``"did you mean skjelettscintigrafi (skeleton-scintigraphy)?"``: ``names`` maps every way of
    writing a thing to how it is shown (its name with the id to type, core.i18n.named); ``""`` when
    nothing is close."""
    found = closest(word, names, suggest_as=names)
    return _("did you mean {thing}?").format(thing=found[0]) if found else ""
