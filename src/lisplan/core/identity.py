"""Norwegian national identity numbers, so that lisplan can refuse them wherever they appear.

An identity number is 11 digits: birth date DDMMYY, an individual number of three digits, and two
check digits (Skatteetaten's specification, quoted in shared/data/README.md). D-numbers add 40 to the
day, H-numbers add 40 to the month, synthetic test numbers add 40 or 80 to the month. Until 2032 the
first check digit has one valid value; numbers issued from 2032 may have any of four, with the second
check digit still checked. lisplan refuses every number valid under either rule: a false alarm costs a
trainee a moment, a leaked identity number cannot be taken back.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from typing import Any

_K1 = (3, 7, 6, 1, 8, 9, 4, 5, 2, 1)
_K2 = (5, 4, 3, 2, 7, 6, 5, 4, 3, 2, 1)
_DAYS = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)

CANDIDATE_SEPARATORS = " \t.\\-/\u00a0\u2007\u202f\u2010\u2011\u2012\u2013\u2212\u3000"
_S = f"[{CANDIDATE_SEPARATORS}]{{0,2}}"
#: Where a written identity number may hold a separator: DD MM YY III CC (``01.01.90 13789``,
#: ``010190 137 89``, ``010190-13789``), up to two of dot, dash, slash, space, tab or a no-break space
#: in each place. Digits are any Unicode decimal digits (full-width ``０１０１９０…`` too). The pattern
#: only proposes candidates; the date and both check digits decide (so an accession number that merely
#: looks like one is accepted). A lookahead finds overlapping candidates: one that fails its check
#: digits cannot hide a real number that starts inside it.
CANDIDATE = re.compile(rf"(?<!\d)(?=(\d\d{_S}\d\d{_S}\d\d{_S}\d\d\d{_S}\d\d)(?!\d))")


def _plausible_date(digits: str) -> bool:
    day, month = int(digits[0:2]), int(digits[2:4])
    if day > 40:
        day -= 40  # D-number
    for offset in (0, 40, 80):  # ordinary, H-number / synthetic, synthetic
        m = month - offset
        if 1 <= m <= 12:
            return 1 <= day <= _DAYS[m - 1]
    return False


def _weighted(digits: str, weights: tuple[int, ...]) -> int:
    return sum(int(d) * w for d, w in zip(digits, weights, strict=False)) % 11


def digits_of(value: str) -> str:
    """The ASCII digits of ``value`` (any Unicode decimal digit counts), everything else dropped."""
    return "".join(str(unicodedata.decimal(c)) for c in value if c.isdecimal())


def is_identity_number(value: str) -> bool:
    """True for 11 digits that form a valid fødselsnummer, D-, H- or synthetic number (old or 2032 rule).

    Separators are ignored: ``01.01.90 13789`` is the same number as ``01019013789``."""
    digits = digits_of(value)
    if len(digits) != 11 or not _plausible_date(digits):
        return False
    if _weighted(digits, _K2) != 0:
        return False
    return _weighted(digits, _K1) in (0, 1, 2, 3)


def is_identity_number_pre2032(value: str) -> bool:
    """The rule for numbers issued before 2032: exactly one valid first check digit."""
    digits = digits_of(value)
    return is_identity_number(digits) and _weighted(digits, _K1) == 0


#: The gate before the candidate scan (see :func:`_may_hold`). A candidate is 11 digits with only
#: separators between them, so in the text's UTF-8 bytes, with every ASCII separator deleted, ASCII
#: digits made ``d`` and every byte of a non-ASCII character made ``d`` too (it may be a digit, full-width
#: or of another script, or a no-break space), a candidate is a run of at least 11 ``d``. Every other
#: byte becomes ``x``, which ends a run.
_GATE_DELETE = bytes(c for c in map(ord, CANDIDATE_SEPARATORS) if c < 0x80)
_GATE_TABLE = bytes(ord("d") if chr(b).isdecimal() or b >= 0x80 else ord("x") for b in range(256))
_GATE_RUN = b"d" * 11
#: The scan reads the text in blocks of about this many characters, each ending before a newline (which
#: no candidate holds), and runs the candidate pattern only over a block the gate lets through.
_BLOCK = 4096


def _may_hold(text: str) -> bool:
    """False only when ``text`` holds no candidate: no run of 11 digits with only separators between.

    The candidate pattern tries every position of the text (starting with a lookbehind, it gets no fast
    skip from the regex engine): about 50 ms for a year's log of 4,000 entries. Most text holds no such
    run (dates, 8-digit accession numbers), and this says so in C (encode, translate, find) in about a
    thirtieth of that."""
    return text.encode("utf-8", "surrogatepass").translate(_GATE_TABLE, _GATE_DELETE).find(_GATE_RUN) >= 0


def _spans(text: str, block: int = _BLOCK) -> Iterator[tuple[int, int, str]]:
    """Start, end and digits of each identity number in ``text``, left to right, not overlapping.

    The same as scanning all of ``text`` with the candidate pattern: a candidate lies within one line, so
    within one block, and the pattern's lookbehind and lookahead read the text around a block as they
    would read it around that line."""
    end = 0
    start, size = 0, len(text)
    while start < size:
        stop = text.find("\n", start + block)
        if stop < 0:
            stop = size
        if _may_hold(text[start:stop]):
            for m in CANDIDATE.finditer(text, start, stop):
                if m.start() < end:
                    continue
                found = m.group(1)
                digits = digits_of(found)
                if is_identity_number(digits):
                    end = m.start() + len(found)
                    yield m.start(), end, digits
        start = stop


def find_identity_numbers(text: str) -> Iterator[tuple[int, str]]:
    """Offsets and digits of identity numbers anywhere in ``text``, in any common written form."""
    for start, _end, digits in _spans(text):
        yield start, digits


def mask_identity_numbers(text: str) -> str:
    """``text`` with every identity number's digits after the first two starred (same length, same columns)."""
    if not text:
        return text
    out, last = [], 0
    for start, end, _digits in _spans(text):
        found = text[start:end]
        seen = 0
        masked = []
        for c in found:
            if c.isdecimal():
                seen += 1
                masked.append(c if seen <= 2 else "*")
            else:
                masked.append(c)
        out += [text[last:start], "".join(masked)]
        last = end
    if not out:
        return text
    out.append(text[last:])
    return "".join(out)


def number_as_identity(value: object) -> str | None:
    """The identity number a parsed YAML number spells, or None.

    YAML reads ``0x…``, ``0o…``, ``1.019e10`` and 10-digit numbers as numbers, and a leading zero is
    lost: ``1019013789`` is ``01019013789``. So a whole number below 10^11 is read as 11 digits."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    if isinstance(value, float):
        if not value.is_integer():
            return None
        value = int(value)
    if not 0 <= value < 10**11:
        return None
    digits = f"{value:011d}"
    return digits if is_identity_number(digits) else None


def mask_data(value: Any) -> Any:
    """``value`` (plain data: dicts, lists, text, numbers) with every identity number masked, in text,
    in keys, and in numbers that spell one (such a number becomes masked text)."""
    if isinstance(value, str):
        return mask_identity_numbers(value)
    if isinstance(value, dict):
        return {mask_data(k): mask_data(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [mask_data(v) for v in value]
    number = number_as_identity(value)
    if number is not None:
        return number[:2] + "*" * 9
    return value


def holds_identity_number(data: Any) -> bool:
    """Whether any key or value of parsed ``data`` holds an identity number: every string joined into one
    text (a newline between them, which no written form spans) and scanned once, numbers of 10 or 11
    digits tried one by one."""
    strings: list[str] = []
    numbers: list[Any] = []

    def walk(value: Any) -> None:
        if isinstance(value, str):
            strings.append(value)
        elif isinstance(value, dict):
            for k, v in value.items():
                walk(k)
                walk(v)
        elif isinstance(value, list):
            for v in value:
                walk(v)
        elif isinstance(value, (int, float)) and not isinstance(value, bool) and value >= 10**9:
            numbers.append(value)  # below 10^9, 11 digits start 00: no day 0

    walk(data)
    if any(find_identity_numbers("\n".join(strings))):
        return True
    return any(number_as_identity(n) for n in numbers)
