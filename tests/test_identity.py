"""identity.py: Norwegian national identity numbers are found and refused; other 11-digit numbers are not.

The check digits are computed here from Skatteetaten's weights, independently of the code under test.
"""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from lisplan.core.identity import (
    find_identity_numbers,
    is_identity_number,
    is_identity_number_pre2032,
    mask_identity_numbers,
)

K1 = (3, 7, 6, 1, 8, 9, 4, 5, 2)
K2 = (5, 4, 3, 2, 7, 6, 5, 4, 3, 2)


def control(digits: str, weights: tuple[int, ...]) -> int | None:
    """The check digit for ``digits``: 11 - (weighted sum mod 11); remainder 0 gives 0, remainder 1 is invalid."""
    remainder = sum(int(d) * w for d, w in zip(digits, weights, strict=True)) % 11
    if remainder == 0:
        return 0
    if remainder == 1:
        return None
    return 11 - remainder


def with_check_digits(nine: str) -> str | None:
    """DDMMYYIII + k1 + k2 under the rule before 2032, or None when no valid number has these nine digits."""
    k1 = control(nine, K1)
    if k1 is None:
        return None
    k2 = control(nine + str(k1), K2)
    if k2 is None:
        return None
    return f"{nine}{k1}{k2}"


def first_valid(ddmmyy: str) -> str:
    """The first valid number with this date part (individual numbers 000, 001, … tried in turn)."""
    for individual in range(1000):
        number = with_check_digits(f"{ddmmyy}{individual:03}")
        if number is not None:
            return number
    raise AssertionError(f"no valid number for {ddmmyy}")


FNR = first_valid("010190")  # 1 January 1990
D_NUMBER = first_valid("410190")  # day + 40
H_NUMBER = first_valid("014190")  # month + 40
SYNTHETIC = first_valid("018190")  # month + 80 (Skatteetaten's synthetic test numbers)


def test_helper_agrees_with_an_example_worked_by_hand():
    # 0·3+1·7+0·6+1·1+0·8+7·9+5·4+0·5+1·2 = 93 ≡ 5 (mod 11), so k1 = 6;
    # 0·5+1·4+0·3+1·2+0·7+7·6+5·5+0·4+1·3+6·2 = 88 ≡ 0, so k2 = 0.
    assert with_check_digits("010107501") == "01010750160"


@pytest.mark.parametrize("number", [FNR, D_NUMBER, H_NUMBER, SYNTHETIC, "01010750160"])
def test_valid_numbers_are_refused(number):
    assert is_identity_number(number)
    assert is_identity_number_pre2032(number)
    assert list(find_identity_numbers(f"note: {number}")) == [(6, number)]


def test_d_number_on_the_31st():
    assert is_identity_number(first_valid("710190"))


@pytest.mark.parametrize("ddmmyy", ["320190", "300290", "011390", "725190", "009990", "000190", "010090"])
def test_impossible_dates_are_not_identity_numbers(ddmmyy):
    # the check digits are right, but no one is born on this day
    number = None
    for individual in range(1000):
        number = with_check_digits(f"{ddmmyy}{individual:03}")
        if number:
            break
    assert number is not None
    assert not is_identity_number(number)


def test_feb_29_is_a_date():
    assert is_identity_number(first_valid("290200"))


@pytest.mark.parametrize("position", [9, 10])
def test_wrong_check_digit_is_accepted(position):
    for delta in range(1, 10):
        digits = list(FNR)
        digits[position] = str((int(digits[position]) + delta) % 10)
        wrong = "".join(digits)
        assert not is_identity_number_pre2032(wrong)
        if position == 10:
            assert not is_identity_number(wrong)  # k2 is checked under either rule


@pytest.mark.parametrize(
    "value",
    [
        "12345678901",
        "81234567890",
        "00000000000",
        "1234567890",
        "123456789012",
        "0101900008x",
        "",
    ],
)
def test_other_numbers_are_accepted(value):
    assert not is_identity_number(value)
    assert list(find_identity_numbers(value)) == []


# --- the rule from 2032: k1 may be any of four values, k2 is still checked -----------------------


def with_k1_remainder(nine: str, remainder: int) -> str | None:
    """A number whose weighted sum over the first ten digits (k1 weight 1) is ``remainder`` mod 11."""
    for k1 in range(10):
        ten = f"{nine}{k1}"
        if (sum(int(d) * w for d, w in zip(ten, (*K1, 1), strict=True)) % 11) == remainder:
            k2 = control(ten, K2)
            return None if k2 is None else f"{ten}{k2}"
    return None


def numbers_with_remainder(remainder: int) -> list[str]:
    found = []
    for individual in range(200):
        number = with_k1_remainder(f"150685{individual:03}", remainder)
        if number:
            found.append(number)
    return found


@pytest.mark.parametrize("remainder", [1, 2, 3])
def test_2032_rule_other_k1_values_are_refused(remainder):
    numbers = numbers_with_remainder(remainder)
    assert numbers
    for number in numbers:
        assert is_identity_number(number), number
        assert not is_identity_number_pre2032(number), number
        assert [n for _, n in find_identity_numbers(number)] == [number]


@pytest.mark.parametrize("remainder", [4, 5, 6, 7, 8, 9, 10])
def test_2032_rule_k1_outside_the_four_is_accepted(remainder):
    numbers = numbers_with_remainder(remainder)
    assert numbers
    for number in numbers:
        assert not is_identity_number(number), number


def test_2032_rule_still_checks_k2():
    for number in numbers_with_remainder(2)[:20]:
        wrong = number[:10] + str((int(number[10]) + 1) % 10)
        assert not is_identity_number(wrong)


# --- finding them in text -------------------------------------------------------------------------


def test_found_with_a_space_between_date_and_personal_number():
    text = f"# pasient {FNR[:6]} {FNR[6:]} ble undersøkt"
    assert list(find_identity_numbers(text)) == [(10, FNR)]
    assert is_identity_number(f"{FNR[:6]} {FNR[6:]}")


def test_found_in_quotes_and_lists():
    text = f'accession: "{FNR}"\nstay: [{D_NUMBER}]\n'
    assert [n for _, n in find_identity_numbers(text)] == [FNR, D_NUMBER]


def test_not_found_inside_a_longer_number():
    assert list(find_identity_numbers(f"1{FNR}")) == []
    assert list(find_identity_numbers(f"{FNR}0")) == []


@pytest.mark.parametrize(
    "written",
    [
        f"{FNR[:6]}  {FNR[6:]}",  # two spaces
        f"{FNR[:6]}-{FNR[6:]}",
        f"{FNR[:6]}.{FNR[6:]}",
        f"{FNR[:6]}\t{FNR[6:]}",
        f"{FNR[:6]}\u00a0{FNR[6:]}",  # no-break space
        f"{FNR[:2]}.{FNR[2:4]}.{FNR[4:6]} {FNR[6:]}",  # 01.01.90 13789
        f"{FNR[:6]} {FNR[6:9]} {FNR[9:]}",  # 010190 137 89
        FNR.translate({ord(d): 0xFF10 + int(d) for d in "0123456789"}),  # full-width digits
    ],
)
def test_common_written_forms_are_found_and_masked(written):
    # A regression: the forms people write were accepted; each is the same 11 digits, confirmed by the check digits
    assert [n for _, n in find_identity_numbers(f"note: {written} ok")] == [FNR]
    masked = mask_identity_numbers(f"note: {written} ok")
    assert len(masked) == len(f"note: {written} ok") and masked.startswith("note: ")
    assert sum(c.isdecimal() for c in masked) == 2


def test_a_separator_elsewhere_or_a_wrong_check_digit_is_not_a_number():
    assert list(find_identity_numbers(f"{FNR[:7]} {FNR[7:]}")) == []  # not a place a separator goes
    wrong = FNR[:10] + str((int(FNR[10]) + 1) % 10)
    assert list(find_identity_numbers(f"{wrong[:2]}.{wrong[2:4]}.{wrong[4:6]} {wrong[6:]}")) == []


def test_a_failed_candidate_does_not_hide_a_number_after_it():
    assert [n for _, n in find_identity_numbers(f"12 34 {FNR[:6]} {FNR[6:]}")] == [FNR]


def test_mask_keeps_length_and_first_two_digits():
    text = f"note: {FNR[:6]} {FNR[6:]} and {FNR} and 12345678901"
    masked = mask_identity_numbers(text)
    assert len(masked) == len(text)
    assert FNR not in masked and FNR[6:] not in masked
    assert masked == f"note: {FNR[:2]}**** ***** and {FNR[:2]}********* and 12345678901"


# --- properties -----------------------------------------------------------------------------------

dates = st.dates(min_value=dt.date(1854, 1, 1), max_value=dt.date(2039, 12, 31))
kinds = st.sampled_from(["fnr", "d", "h", "synthetic"])


def ddmmyy(day: dt.date, kind: str) -> str:
    d, m = day.day, day.month
    if kind == "d":
        d += 40
    elif kind == "h":
        m += 40
    elif kind == "synthetic":
        m += 80
    return f"{d:02}{m:02}{day.year % 100:02}"


@settings(max_examples=300, deadline=None)
@given(day=dates, kind=kinds, individual=st.integers(0, 999))
def test_generated_valid_numbers_are_always_refused(day, kind, individual):
    number = with_check_digits(ddmmyy(day, kind) + f"{individual:03}")
    assume(number is not None)
    assert is_identity_number(number)
    assert is_identity_number_pre2032(number)
    assert [n for _, n in find_identity_numbers(f"x {number} y")] == [number]


@settings(max_examples=300, deadline=None)
@given(day=dates, kind=kinds, individual=st.integers(0, 999), delta=st.integers(1, 9))
def test_a_flipped_last_digit_is_never_refused(day, kind, individual, delta):
    number = with_check_digits(ddmmyy(day, kind) + f"{individual:03}")
    assume(number is not None)
    flipped = number[:10] + str((int(number[10]) + delta) % 10)
    assert not is_identity_number(flipped)
    assert list(find_identity_numbers(flipped)) == []


@pytest.mark.parametrize(
    "text",
    [
        f'note: "{FNR[:4]}\\x{ord(FNR[4]):02x}{FNR[5:]}"\n',  # an escape
        f"note: pasient {FNR[:6]}\n  {FNR[6:]}\n",  # a plain scalar folded over two lines
        f"note: >-\n  pasient {FNR[:6]}\n  {FNR[6:]}\n",  # a folded block
        f"note: 0x{int(FNR):x}\n",  # a number form
        f'"{FNR[:4]}\\x{ord(FNR[4]):02x}{FNR[5:]}": x\n',  # a key
    ],
    ids=["escape", "folded-plain", "folded-block", "hex", "key"],
)
def test_a_number_the_text_hides_is_found_from_the_rewritten_scalars_as_from_all_of_them(tmp_path, text):
    # The parser lists the scalars whose value is not their text (quoted, block, folded, numbers), and
    # the scan of parsed values reads only those (it once walked every value of every log). A
    # number hidden from the text is found the same either way.
    from lisplan.files.source import parse
    from lisplan.load.identity import _hidden

    path = tmp_path / "x.yaml"
    path.write_text(text + "plain: one line 12345\n", encoding="utf-8")
    doc = parse(path)
    assert "one line 12345" not in doc.rewritten and doc.rewritten
    found = _hidden(doc)
    doc.rewritten = None  # unknown (a document from the cache): every value is read
    assert found == _hidden(doc) and len(found) == 1 and found[0][2] == FNR[:2] + "*" * 9
