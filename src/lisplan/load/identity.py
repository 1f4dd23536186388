"""Identity numbers found in a file's text, as problems with positions (a plan repo never holds one).

Loading uses these for a file that does not parse (the YAML error must not hide a number), the entry
commands before a write, and the check over every file.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from lisplan.core.i18n import N_, _
from lisplan.core.identity import find_identity_numbers, holds_identity_number, number_as_identity
from lisplan.core.problems import Problem, Refused, Severity
from lisplan.files.source import Document, SourceError, read_bytes, span

#: the hint of every identity number found (marked here, translated where a problem is made)
WHY = N_(
    "remove it: patient identifiers do not belong in a training log — record the accession number "
    "or stay number (oppholdsnummer) instead"
)


def mask(number: str) -> str:
    return number[:2] + "*" * 9


def refuse_identity_numbers(item: dict[str, Any], options: Mapping[str, str]) -> None:
    """Refuse a new value (an entry, a leave period) that holds an identity number, naming where it was
    given: ``options`` says, for a key of ``item``, the command-line option that set it."""
    for key, value in _strings(item):
        for _offset, number in find_identity_numbers(value):
            option = options.get(key, key)
            raise Refused(
                _(
                    "{option}: {number} is a Norwegian national identity number (fødselsnummer or D-nummer); "
                    "lisplan does not store it"
                ).format(option=option, number=mask(number)),
                _(WHY),
            )


def _strings(value: Any, key: str = "") -> Iterator[tuple[str, str]]:
    if isinstance(value, str):
        yield key, value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from _strings(v, k)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v, key)


def identity_problems(path: Path, text: str, found: Iterable[tuple[int, str]] | None = None) -> list[Problem]:
    """One problem per identity number in ``text`` (``found``: their offsets and masked values, if known)."""
    if found is None:
        found = [(o, mask(n)) for o, n in find_identity_numbers(text)]
    problems = []
    starts: list[int] | None = None  # where each line starts, found once (not a count per number)
    for offset, masked in found:
        if starts is None:
            starts = [0] + [m.end() for m in re.finditer("\n", text)]
        line = bisect.bisect_right(starts, offset)
        col = offset - starts[line - 1] + 1
        problems.append(
            Problem(
                "identity-number",
                _("{number} is a Norwegian national identity number (fødselsnummer or D-nummer)").format(number=masked),
                path,
                (),
                _(WHY),
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


def document_identity_problems(doc: Document) -> list[Problem]:
    """Identity numbers in a parsed file: in its text as written, and in its keys and values as YAML
    reads them. The second catches what the text hides: escapes (``\\x30``), line continuations, a
    plain or quoted scalar folded over two lines, ``>-`` blocks, hex, octal and exponent numbers, and a
    number whose leading zero YAML dropped. Each number is reported once, where the text shows it if it
    does, else at the key or value that holds it."""
    found = doc.remember("identity-numbers", lambda: [(o, mask(n)) for o, n in find_identity_numbers(doc.text)])
    problems = identity_problems(doc.path, doc.text, found)
    hidden = doc.remember("identity-numbers-parsed", lambda: _hidden(doc))
    for loc, on_key, masked in hidden:
        line, col = doc.locate(tuple(loc), key=on_key)
        problems.append(
            Problem(
                "identity-number",
                _(
                    "{number} is a Norwegian national identity number (fødselsnummer or D-nummer), written so "
                    "that it reads as one only once YAML has read it (an escape, a folded line or a number form)"
                ).format(number=masked),
                doc.path,
                (),
                _(WHY),
                Severity.ERROR,
                line,
                col,
            )
        )
    return problems


def _hidden(doc: Document) -> list[list[Any]]:
    """[path, on key, masked] of each number in the parsed data that the text does not show as written."""
    # a plain one-line scalar is its text, which the text scan reads: only the rest can hide a number
    if doc.data is None or not holds_identity_number(doc.data if doc.rewritten is None else doc.rewritten):
        return []  # the common case: one scan of every scalar at once, no paths built
    in_text = {n for _, n in find_identity_numbers(doc.text)}
    return [[list(loc), key, mask(n)] for loc, key, n in _parsed(doc.data, ()) if n not in in_text]


def _parsed(value: Any, loc: tuple[str | int, ...]) -> Iterator[tuple[tuple[str | int, ...], bool, str]]:
    """Path, whether it is the key, and number of each identity number in parsed data."""
    if isinstance(value, dict):
        for k, v in value.items():
            step = k if isinstance(k, (str, int)) else str(k)
            for _, n in _scalar(k):
                yield (*loc, step), True, n
            yield from _parsed(v, (*loc, step))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _parsed(v, (*loc, i))
    else:
        for _, n in _scalar(value):
            yield loc, False, n


def _scalar(value: Any) -> Iterator[tuple[int, str]]:
    if isinstance(value, str):
        yield from find_identity_numbers(value)
    else:
        number = number_as_identity(value)
        if number is not None:
            yield 0, number


def hidden_lines(doc: Document) -> set[int]:
    """The lines (1-based) of keys and values whose parsed form is an identity number the text does not
    show as written: an excerpt of one of them must not print it (see :func:`star_value`)."""
    hidden = doc.remember("identity-numbers-parsed", lambda: _hidden(doc))
    lines: set[int] = set()
    for loc, on_key, _masked in hidden:
        node = doc.node(tuple(loc))
        if node is not None:
            first, last = span(node)
            lines.update(range(first, last + 1))
        if on_key:
            lines.add(doc.locate(tuple(loc), key=True)[0])
    return lines


_VALUE_CHARS = re.compile(r"[0-9A-Fa-f\uff10-\uff19]")


_PLAIN_KEY = re.compile(r"^\s*(?:-\s+)?[A-Za-z][A-Za-z_-]*:(?:\s|$)")


def star_value(line: str) -> str:
    """``line`` with every digit and hex letter starred (same length), but for a plain word key it starts with."""
    m = _PLAIN_KEY.match(line)
    at = m.end() if m else 0
    return line[:at] + _VALUE_CHARS.sub("*", line[at:])
