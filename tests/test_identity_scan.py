"""The identity-number scan's gate never lets a number through that the full scan finds.

The scan (core/identity.py ``_spans``) reads a text in blocks and runs the candidate pattern only over a
block whose bytes hold a run of 11 digits with only separators between (``_may_hold``); the pattern
alone, over every position of the whole text, took ~50 ms per year's log. Here the full scan as it was
is the reference, and generated texts hold valid numbers in every form the pattern finds: any Unicode
decimal digits (full-width, Arabic-Indic, Devanagari, mathematical: 2 to 4 bytes in UTF-8, mixed
within one number), 0-2 of every separator the pattern accepts at each place one goes, several numbers
side by side, inside longer digit runs, after a candidate that fails its check digits, across block
boundaries (blocks of 1 to 40 characters as well as the real size), among noise of digits, separators,
newlines, letters, a lone surrogate and a 4-byte emoji. The fast scan finds, masks and reports exactly
what the reference does; a YAML document with numbers in keys, quoted, escaped, folded and block
scalars and in number forms (hex, octal, float, a lost leading zero) gives the same problems. Numbers
are made from the date and Skatteetaten's weights (test_identity.py's helpers), under the rule before
2032 and the one from 2032.

Examples: 25 per property in the default run, 1,000 with LISPLAN_SLOW=1 (CI's slow step, tests
marked fuzz), derandomized so a run is repeatable.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Iterator
from pathlib import Path
from unittest import mock

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lisplan.core import identity
from lisplan.core.identity import (
    CANDIDATE,
    CANDIDATE_SEPARATORS,
    digits_of,
    find_identity_numbers,
    holds_identity_number,
    is_identity_number,
    mask_data,
    mask_identity_numbers,
)
from lisplan.files.source import SourceError, parse
from lisplan.load.identity import document_identity_problems, hidden_lines, identity_problems
from test_identity import K1, K2, control

pytestmark = pytest.mark.fuzz

#: the default run's 25 (the same ones each run) try each kind of text these properties draw; CI's 1,000 go far
EXAMPLES = 1000 if os.environ.get("LISPLAN_SLOW") else 25
PROPERTY = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def reference_spans(text: str, block: int = 0) -> Iterator[tuple[int, int, str]]:
    """The scan as it was before the gate: the candidate pattern over every position of the whole text.
    A copy on purpose: it shares only the pattern and the check digits with the code it checks."""
    end = 0
    for m in CANDIDATE.finditer(text):
        if m.start() < end:
            continue
        found = m.group(1)
        digits = digits_of(found)
        if is_identity_number(digits):
            end = m.start() + len(found)
            yield m.start(), end, digits


def reference() -> mock._patch[object]:
    """Every caller of the scan (find, mask, holds, the document check) scanning as before the gate."""
    return mock.patch.object(identity, "_spans", reference_spans)


# --- generated numbers and their written forms ------------------------------------------------------

#: zero of some Unicode decimal digit sets: ASCII, Arabic-Indic, Devanagari, full-width, mathematical bold
ZEROS = (0x30, 0x660, 0x966, 0xFF10, 0x1D7CE)


@st.composite
def numbers(draw: st.DrawFn) -> str:
    """A valid fødselsnummer, D-, H- or synthetic number, under the rule before 2032 or from it."""
    day = draw(st.dates(min_value=dt.date(1854, 1, 1), max_value=dt.date(2039, 12, 31)))
    d = day.day + draw(st.sampled_from([0, 0, 40]))  # D-number: day + 40
    m = day.month + draw(st.sampled_from([0, 0, 40, 80]))  # H-number, synthetic: month + 40 or 80
    # the rule from 2032: the weighted sum over ten digits (k1 weight 1) may be 0, 1, 2 or 3 mod 11
    remainder = draw(st.sampled_from([0, 0, 1, 2, 3]))
    first = draw(st.integers(0, 999))
    for step in range(1000):
        nine = f"{d:02}{m:02}{day.year % 100:02}{(first + step) % 1000:03}"
        for k1 in range(10):
            if sum(int(c) * w for c, w in zip(nine + str(k1), (*K1, 1), strict=True)) % 11 == remainder:
                k2 = control(nine + str(k1), K2)
                if k2 is not None:
                    number = f"{nine}{k1}{k2}"
                    assert is_identity_number(number)
                    return number
    raise AssertionError(f"no valid number for {d:02}{m:02}")  # pragma: no cover


#: the separators the pattern accepts: CANDIDATE_SEPARATORS, but for its backslash, which in the
#: pattern's character class only escapes the dash after it (the gate deletes it too, which is harmless)
SEPARATORS = "".join(c for c in CANDIDATE_SEPARATORS if re.fullmatch(identity._S, c))
separators = st.text(alphabet=SEPARATORS, max_size=2)


@st.composite
def written(draw: st.DrawFn, number: str) -> str:
    """``number`` as someone may write it: any digit set (mixed too), 0-2 separators in each place."""
    zeros = draw(st.lists(st.sampled_from(ZEROS), min_size=11, max_size=11)) if draw(st.booleans()) else [0x30] * 11
    chars = [chr(z + int(c)) for z, c in zip(zeros, number, strict=True)]
    groups = ["".join(chars[0:2]), "".join(chars[2:4]), "".join(chars[4:6]), "".join(chars[6:9]), "".join(chars[9:])]
    if draw(st.booleans()):
        return "".join(groups)
    return "".join(g + (draw(separators) if i < 4 else "") for i, g in enumerate(groups))


@st.composite
def near_miss(draw: st.DrawFn) -> str:
    """What the scan must not report: a wrong second check digit, a separator where none goes, three in a
    row, or the number inside a longer run of digits."""
    number = draw(numbers())
    how = draw(st.sampled_from(["k2", "place", "three", "longer"]))
    if how == "k2":
        return number[:10] + str((int(number[10]) + draw(st.integers(1, 9))) % 10)
    if how == "place":
        at = draw(st.sampled_from([1, 3, 5, 7, 8, 10]))
        return number[:at] + draw(st.text(alphabet=SEPARATORS, min_size=1, max_size=2)) + number[at:]
    if how == "three":
        at = draw(st.sampled_from([2, 4, 6, 9]))
        return number[:at] + draw(st.text(alphabet=SEPARATORS, min_size=3, max_size=4)) + number[at:]
    digit = str(draw(st.integers(0, 9)))
    return digit + number if draw(st.booleans()) else number + digit


NOISE = "0123456789" + CANDIDATE_SEPARATORS + "\n\r:#'\"-xyzæøÅ\u2028\U0001f600\udc80\uff11\u0661"
noise = st.text(alphabet=NOISE, max_size=24)
pieces = st.one_of(noise, numbers().flatmap(written), near_miss(), st.just("x"))
texts = st.lists(pieces, max_size=16).map("".join)
blocks = st.one_of(st.integers(1, 40), st.just(identity._BLOCK))


# --- the scan of a text -----------------------------------------------------------------------------


@PROPERTY
@given(text=texts, block=blocks)
def test_the_gated_scan_finds_what_the_full_scan_finds(text, block):
    expected = list(reference_spans(text))
    assert list(identity._spans(text, block)) == expected
    assert [(s, d) for s, _e, d in expected] == list(find_identity_numbers(text))
    for start, end, _digits in expected:
        assert identity._may_hold(text[start:end])  # the gate lets every candidate through
    with reference():
        masked = mask_identity_numbers(text)
    assert mask_identity_numbers(text) == masked


@PROPERTY
@given(parts=st.lists(st.tuples(numbers().flatmap(written), noise), min_size=1, max_size=6))
def test_a_number_between_letters_is_always_found(parts):
    # with a letter on each side every written form is found where it stands (so the property above is
    # not vacuous); the noise between may hold a number of its own
    text, planted = "", []
    for form, filler in parts:
        planted.append((len(text) + 1, digits_of(form)))
        text += f"x{form}x{filler}"
    found = list(find_identity_numbers(text))
    assert found == [(s, d) for s, _e, d in reference_spans(text)]
    assert set(planted) <= set(found)
    for form, _filler in parts:  # alone, so no other run opens the gate for it
        assert list(find_identity_numbers(f"x{form}x")) == [(1, digits_of(form))]
    masked = mask_identity_numbers("".join(f"x{form}x" for form, _filler in parts))
    assert sum(c.isdecimal() for c in masked) == 2 * len(parts)


@PROPERTY
@given(misses=st.lists(near_miss(), min_size=1, max_size=8), filler=st.sampled_from(["x", "\n", " x ", ": "]))
def test_near_misses_and_text_without_numbers_give_nothing(misses, filler):
    text = filler.join(misses)
    assert list(reference_spans(text)) == []
    assert list(find_identity_numbers(text)) == []
    assert mask_identity_numbers(text) == text
    assert not holds_identity_number({"note": text, text: [text]})


@PROPERTY
@given(
    filler=st.sampled_from(["    date: 2022-01-03\n", '    accession: "49042058"\n', "  - ø 12 34\n"]),
    lines=st.integers(1, 600),
    places=st.lists(st.tuples(st.floats(0, 1), numbers().flatmap(written)), max_size=4),
)
def test_numbers_anywhere_in_a_long_text_across_the_real_blocks(filler, lines, places):
    # a log-sized text read in blocks of 4,096 characters, numbers at random places, also right at a cut
    text = filler * lines
    for where, form in sorted(places, reverse=True):
        at = int(where * len(text))
        text = text[:at] + form + text[at:]
    assert list(identity._spans(text)) == list(reference_spans(text))


@pytest.mark.parametrize("zero", ZEROS)
@pytest.mark.parametrize("separator", SEPARATORS)
def test_every_separator_and_digit_set_in_every_place(separator, zero):
    number = "01010750160"  # test_identity.py works it out by hand
    digits = "".join(chr(zero + int(c)) for c in number)
    for at in (2, 4, 6, 9):
        for count in (1, 2):
            for form in (
                digits[:at] + separator * count + digits[at:],
                f"{digits[:2]}{separator}{digits[2:4]}"
                f"{separator}{digits[4:6]}{separator * count}{digits[6:9]}{separator}{digits[9:]}",
            ):
                for text in (f"x{form}x", form, f"1{form}", f"{form}1", f"12{separator}34 {form}"):
                    assert list(identity._spans(text)) == list(reference_spans(text)), ascii(text)
                assert list(find_identity_numbers(f"x{form}x")) == [(1, number)], ascii(form)


def test_a_number_at_each_side_of_a_block_boundary():
    number = "01010750160"  # test_identity.py works it out by hand
    for block in range(1, 30):
        for before in range(0, 30):
            text = "a1 2\n" * before + f"x{number[:6]} {number[6:]}\n{number}"
            assert list(identity._spans(text, block)) == list(reference_spans(text)), (block, before)


# --- parsed data and YAML documents -----------------------------------------------------------------


@st.composite
def yaml_value(draw: st.DrawFn) -> str:
    """One YAML line (or block) holding a number in a form YAML reads, or noise."""
    n = draw(numbers())
    w = draw(written(n))
    forms = {
        "plain": f"k: note {w} end",
        "single": f"k: '{w}'",
        "escaped": f'k: "{n[:4]}\\x{ord(n[4]):02x}{n[5:]}"',
        "folded-plain": f"k: pasient {n[:6]}\n  {n[6:]}",
        "folded-block": f"k: >-\n  pasient {n[:6]}\n  {n[6:]}",
        "literal": f"k: |\n  {w}",
        "int": f"k: {int(n)}",
        "hex": f"k: 0x{int(n):x}",
        "octal": f"k: 0{int(n):o}",
        "float": f"k: {str(int(n))[0]}.{str(int(n))[1:]}e+{len(str(int(n))) - 1}",
        "key": f"'{w}': x",
        "escaped-key": f'"{n[:4]}\\x{ord(n[4]):02x}{n[5:]}": x',
        "number-key": f"{int(n)}: x",
        "noise": "k: '{}'".format(draw(st.text(alphabet="0123456789 .-/x", max_size=30)).replace("'", "''")),
        "miss": "k: '{}'".format(draw(near_miss()).replace("'", "''")),
    }
    return forms[draw(st.sampled_from(sorted(forms)))]


@PROPERTY
@given(values=st.lists(yaml_value(), max_size=8))
def test_a_documents_problems_are_those_of_the_full_scan(values):
    text = "".join(f"e{i}:\n  " + v.replace("\n", "\n  ") + "\n" for i, v in enumerate(values))
    path = Path("data/logs/lis/2026.yaml")

    def problems() -> tuple[list[dict[str, object]], set[int], list[dict[str, object]]]:
        try:
            doc = parse(path, text)
        except SourceError:
            return [], set(), [p.record() for p in identity_problems(path, text)]  # as for an unreadable file
        found = [p.record() for p in document_identity_problems(doc)]
        return found, hidden_lines(doc), [p.record() for p in identity_problems(path, text)]

    with reference():
        expected = problems()
    assert problems() == expected


@PROPERTY
@given(
    data=st.recursive(
        st.one_of(
            numbers().flatmap(written),
            numbers().map(int),
            numbers().map(lambda n: float(int(n))),
            noise,
            st.integers(),
            st.booleans(),
        ),
        lambda inner: st.one_of(
            st.lists(inner, max_size=4), st.dictionaries(st.one_of(noise, st.integers()), inner, max_size=4)
        ),
        max_leaves=12,
    )
)
def test_parsed_data_holds_and_masks_as_with_the_full_scan(data):
    with reference():
        holds, masked = holds_identity_number(data), mask_data(data)
    assert holds_identity_number(data) == holds
    assert mask_data(data) == masked
