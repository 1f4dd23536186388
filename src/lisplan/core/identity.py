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
from collections.abc import Iterator

_K1 = (3, 7, 6, 1, 8, 9, 4, 5, 2, 1)
_K2 = (5, 4, 3, 2, 7, 6, 5, 4, 3, 2, 1)
_DAYS = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)

CANDIDATE = re.compile(r"(?<![0-9])([0-9]{6}) ?([0-9]{5})(?![0-9])")


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


def is_identity_number(value: str) -> bool:
    """True for 11 digits that form a valid fødselsnummer, D-, H- or synthetic number (old or 2032 rule)."""
    digits = value.replace(" ", "")
    if len(digits) != 11 or not digits.isdigit() or not _plausible_date(digits):
        return False
    if _weighted(digits, _K2) != 0:
        return False
    return _weighted(digits, _K1) in (0, 1, 2, 3)


def is_identity_number_pre2032(value: str) -> bool:
    """The rule for numbers issued before 2032: exactly one valid first check digit."""
    digits = value.replace(" ", "")
    return is_identity_number(digits) and _weighted(digits, _K1) == 0


def find_identity_numbers(text: str) -> Iterator[tuple[int, str]]:
    """Offsets and values of identity numbers anywhere in ``text`` (written 11 digits, or 6 + space + 5)."""
    for m in CANDIDATE.finditer(text):
        number = m.group(1) + m.group(2)
        if is_identity_number(number):
            yield m.start(), number


def mask_identity_numbers(text: str) -> str:
    """``text`` with every identity number's digits after the first two starred (same length, same columns)."""

    def mask(m: re.Match[str]) -> str:
        found = m.group(0)
        return found[:2] + re.sub("[0-9]", "*", found[2:]) if is_identity_number(found) else found

    return CANDIDATE.sub(mask, text)
