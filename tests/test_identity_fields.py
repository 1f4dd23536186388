"""Hardening: a generated identity number is refused in every field of every file kind and
every option of every entry command, and never echoed; numbers that only look like one are accepted.

Numbers are generated here from the date and Skatteetaten's weights (test_identity.py's helpers),
independently of lisplan.core.identity: fødselsnummer, D-numbers (day + 40), H-numbers and synthetic
numbers (month + 40), synthetic test numbers (month + 80), and numbers under the rule from 2032 (any
of four first check digits, the second still checked). Example counts follow LISPLAN_FUZZ_EXAMPLES
(see test_fuzz.py); CI is derandomized. Through the commands, the default run takes one number per
file kind (``SMOKE``: every kind of number, every rule, every place in a file and both written forms at
least once) and tries every option once with a fixed number; CI's slow step (LISPLAN_SLOW=1, tests
marked fuzz) takes its full count of generated ones.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from conftest import PROJECT, TODAY, yaml_data
from test_fuzz import KINDS, _paths, _run
from test_identity import K1, K2, control, first_valid, with_check_digits

SCALE = int(os.environ.get("LISPLAN_FUZZ_EXAMPLES", "3" if os.environ.get("LISPLAN_SLOW") else "2"))
ON_DEMAND = "LISPLAN_FUZZ_EXAMPLES" in os.environ
#: the default run: one fixed case per file kind (``SMOKE``) instead of generated ones
SMOKE_RUN = not ON_DEMAND and not os.environ.get("LISPLAN_SLOW")
FUZZ = settings(
    deadline=None,
    derandomize=not ON_DEMAND,
    print_blob=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.filter_too_much],
)


pytestmark = pytest.mark.fuzz


# --- generated numbers ----------------------------------------------------------------------------


def _date_part(day: dt.date, kind: str) -> str:
    d, m = day.day, day.month
    d += 40 if kind == "d" else 0
    m += {"h": 40, "synthetic-40": 40, "synthetic-80": 80}.get(kind, 0)
    return f"{d:02}{m:02}{day.year % 100:02}"


def _with_2032_check_digits(nine: str, remainder: int) -> str | None:
    """The rule from 2032: k1 such that the weighted sum with k1 (weight 1) is ``remainder`` mod 11."""
    for k1 in range(10):
        if (sum(int(d) * w for d, w in zip(nine + str(k1), (*K1, 1), strict=True)) % 11) == remainder:
            k2 = control(nine + str(k1), K2)
            return None if k2 is None else f"{nine}{k1}{k2}"
    return None


NUMBER_KINDS = ["fnr", "d", "h", "synthetic-40", "synthetic-80"]
RULES = [None, 0, 1, 2, 3]  # None: before 2032; else the k1 remainder from 2032


@st.composite
def identity_numbers(draw, kinds: list[str] = NUMBER_KINDS, rules: list[int | None] = RULES) -> str:
    day = draw(st.dates(dt.date(1900, 1, 1), dt.date(2039, 12, 31)))
    kind = draw(st.sampled_from(kinds))
    nine = _date_part(day, kind) + f"{draw(st.integers(0, 999)):03}"
    rule = draw(st.sampled_from(rules))
    number = with_check_digits(nine) if rule is None else _with_2032_check_digits(nine, rule)
    assume(number is not None)
    return number


def is_identity(number: str) -> bool:
    """The oracle, written out from the specification (not lisplan's code)."""
    if len(number) != 11 or not number.isdigit():
        return False
    day, month, year = int(number[:2]), int(number[2:4]), int(number[4:6])
    day -= 40 if day > 40 else 0
    month -= 80 if month > 80 else 40 if month > 40 else 0
    try:
        dt.date(2000 + year, month, day)  # 2000 is a leap year, so 29 February passes
    except ValueError:
        return False
    if (
        sum(int(d) * w for d, w in zip(number[:10], K2, strict=False)) % 11 != int(number[10])
        and (sum(int(d) * w for d, w in zip(number, (*K2, 1), strict=True)) % 11) != 0
    ):
        return False
    return sum(int(d) * w for d, w in zip(number[:10], (*K1, 1), strict=True)) % 11 in (0, 1, 2, 3)


@st.composite
def look_alikes(draw) -> str:
    """11-digit numbers that are not identity numbers: random, near misses, impossible dates."""
    how = draw(st.sampled_from(["random", "k2-flipped", "k1-outside", "no-such-day"]))
    if how == "random":
        number = f"{draw(st.integers(0, 10**11 - 1)):011}"
    elif how == "k2-flipped":
        number = draw(identity_numbers())
        number = number[:10] + str((int(number[10]) + draw(st.integers(1, 9))) % 10)
    elif how == "k1-outside":
        nine = (
            _date_part(draw(st.dates(dt.date(1950, 1, 1), dt.date(2030, 12, 31))), "fnr")
            + f"{draw(st.integers(0, 999)):03}"
        )
        number = _with_2032_check_digits(nine, draw(st.integers(4, 10))) or "00000000000"
    else:
        nine = (
            f"{draw(st.sampled_from(['32', '00', '72', '30', '31']))}"
            f"{draw(st.sampled_from(['02', '04', '13', '00', '53', '93']))}"
            f"{draw(st.integers(0, 99)):02}{draw(st.integers(0, 999)):03}"
        )
        number = with_check_digits(nine) or "00000000000"
    assume(not is_identity(number))
    return number


def test_the_oracle_agrees_with_the_generators():
    assert is_identity("01010750160")  # worked by hand in test_identity.py
    assert not is_identity("01010750161")
    assert not is_identity("32010750160")


@settings(FUZZ, max_examples=300)
@given(number=identity_numbers())
def test_generated_numbers_are_identity_numbers(number):
    from lisplan.core.identity import find_identity_numbers, is_identity_number

    assert is_identity(number) and is_identity_number(number)
    assert [n for _, n in find_identity_numbers(f"x {number[:6]} {number[6:]} y")] == [number]


@settings(FUZZ, max_examples=300)
@given(number=look_alikes())
def test_look_alikes_are_not_identity_numbers(number):
    from lisplan.core.identity import find_identity_numbers, is_identity_number

    assert not is_identity_number(number)
    assert list(find_identity_numbers(f"accession: '{number}'")) == []


# --- in every field of every file kind ------------------------------------------------------------

EVERY_ENTRY = """kind: log
trainee: eksempel-lis
year: 2026
entries:
  - procedure: skeleton-scintigraphy
    date: 2026-01-05
    accession: "50941199"
    role: described
    supervisor: per-overlege
    note: beskrevet sammen med overlege
  - procedure: skeleton-scintigraphy
    date: 2026-01-06
    stay: "7712345"
    role: re-review
  - introduction: NUK-068
    date: 2026-01-07
    supervisor: per-overlege
    note: innføring
  - mdt: lungekreft
    date: 2026-01-08
    goal: NUK-085
    supervisor: per-overlege
  - course: nm-1-stralevern
    date: 2026-01-09
    certificate: certificates/nm1.pdf
    note: bestått
  - teaching: Skjelettscintigrafi
    date: 2026-01-10
    type: national-web
    goals: [NUK-068]
  - self-study: e-håndbok
    date: 2026-01-11
    goals: [NUK-068]
  - supervision: individual
    date: 2026-01-12
    by: kari-veileder
    topic: individuell utdanningsplan
    report: reports/2026-01-12.md
  - signoff: NUK-068
    date: 2026-01-13
    by: per-overlege
    activity: introduction
    note: kvittert
"""

SAMPLES: dict[str, tuple[str, str]] = {name: (spec.path, spec.text()) for name, spec in KINDS.items()}
SAMPLES["log-every-entry-kind"] = (KINDS["log"].path, EVERY_ENTRY)


def _string_places(data: Any) -> list[tuple]:
    """Paths of every string value and every key (as ``(*path, KEY)``)."""
    places = []
    for path in _paths(data):
        value = data
        for step in path:
            value = value[step]
        if isinstance(value, str):
            places.append(path)
        if path and isinstance(path[-1], str):
            places.append((*path, KEY))
    return places


KEY = object()


def _set(data: Any, place: tuple, text: str) -> None:
    *parents, last = place
    node = data
    for step in parents if last is not KEY else parents[:-1]:
        node = node[step]
    if last is KEY:
        key = parents[-1]
        node[text] = node.pop(key)
    else:
        node[last] = text


@pytest.fixture(scope="module")
def warm(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("warm")
    shutil.copytree(PROJECT / "data" / "logs" / "eksempel-lis", root / "data" / "logs" / "eksempel-lis")
    return root


@pytest.fixture
def env(monkeypatch):
    monkeypatch.setenv("LISPLAN_TODAY", TODAY)
    monkeypatch.setenv("COLUMNS", "200")


HOWS = ["value", "value", "inside", "key", "comment"]
#: the default run's case for each file kind (its index i): number kind, rule, where, and written with a
#: space or not, each in turn, so that every one of each is tried at least once
SMOKE = {
    sample: (NUMBER_KINDS[i % 5], RULES[(i + 2) % 5], HOWS[1:][i % 4], i % 2 == 1) for i, sample in enumerate(SAMPLES)
}


@pytest.mark.parametrize("sample", list(SAMPLES))
@settings(FUZZ, max_examples=1 if SMOKE_RUN else 2 * SCALE)
@given(data=st.data())
def test_an_identity_number_in_any_field_is_refused_and_not_echoed(env, warm, tmp_path_factory, sample, data):
    rel, text = SAMPLES[sample]
    if SMOKE_RUN:
        kind, rule, how, spaced = SMOKE[sample]
        number = data.draw(identity_numbers([kind], [rule]), label="number")
        written = f"{number[:6]} {number[6:]}" if spaced else number
    else:
        number = data.draw(identity_numbers(), label="number")
        written = data.draw(st.sampled_from([number, f"{number[:6]} {number[6:]}"]), label="written as")
        how = data.draw(st.sampled_from(HOWS), label="where")
    if how == "comment":
        lines = text.splitlines(keepends=True)
        at = data.draw(st.integers(0, len(lines)), label="line")
        out = "".join(lines[:at]) + f"# pasient {written}\n" + "".join(lines[at:])
    else:
        doc = yaml_data(text)
        places = [p for p in _string_places(doc) if (p[-1] is KEY) == (how == "key")]
        place = data.draw(st.sampled_from(places), label="field")
        _set(doc, place, written if how != "inside" else f"se {written} i PACS")
        out = yaml.safe_dump(doc, sort_keys=False, allow_unicode=True, width=10**6)
    assert written in out
    line = out[: out.index(written)].count("\n") + 1
    root = tmp_path_factory.mktemp("id")
    shutil.copytree(warm, root, dirs_exist_ok=True)
    (root / rel).parent.mkdir(parents=True, exist_ok=True)
    (root / rel).write_text(out, encoding="utf-8")
    code, output = _run(root, ["check", "--format", "json"])
    assert code == 1
    assert f'"file": "{rel}",\n      "line": {line},' in output and '"code": "identity-number"' in output, output
    assert number[2:] not in output and number[6:] not in output
    code, output = _run(root, ["status"])
    assert code == 1 and number[6:] not in output


# --- in every option of every entry command ------------------------------------------------------

OPTIONS = [
    ["log", "skeleton-scintigraphy", "--accession", "{n}"],
    ["log", "skeleton-scintigraphy", "--stay", "{n}"],
    ["log", "skeleton-scintigraphy", "--accession", "12345", "--note", "pasient {n}"],
    ["log", "skeleton-scintigraphy", "--accession", "12345", "--supervisor", "{n}"],
    ["log", "{n}", "--accession", "12345"],
    ["course", "nm-1-stralevern", "--note", "{n}"],
    ["course", "nm-1-stralevern", "--certificate", "certificates/{n}.pdf"],
    ["course", "{n}"],
    ["teaching", "{n}"],
    ["teaching", "Skjelettscintigrafi", "--goal", "{n}"],
    ["teaching", "Skjelettscintigrafi", "--note", "{n}"],
    ["self-study", "kasus {n}"],
    ["introduction", "NUK-068", "--supervisor", "per-overlege", "--note", "{n}"],
    ["introduction", "{n}"],
    ["mdt", "lungekreft {n}"],
    ["mdt", "lungekreft", "--goal", "NUK-085", "--supervisor", "{n}"],
    ["supervision", "group", "--by", "kari-veileder", "--topic", "{n}"],
    ["supervision", "individual", "--report", "reports/{n}.md"],
    ["supervision", "group", "--by", "{n}"],
    ["signoff", "NUK-068", "--by", "per-overlege", "--note", "{n}"],
    ["signoff", "NUK-068", "--by", "{n}"],
    ["signoff", "NUK-068", "--by", "per-overlege", "--activity", "procedure-list", "--procedure", "{n}"],
    ["leave", "2026-11-02", "2026-11-03", "--reason", "{n}"],
    ["log", "skeleton-scintigraphy", "--accession", "12345", "--role", "{n}"],
]


def _digest(folder: Path) -> str:
    return hashlib.sha256(b"".join(p.read_bytes() for p in sorted(folder.rglob("*.yaml")))).hexdigest()


# generated: CI's slow step; the default run tries every option once (test_each_option_refuses_an_identity_number)
@pytest.mark.slow
@settings(FUZZ, max_examples=3 * SCALE)
@given(number=identity_numbers(), data=st.data())
def test_every_option_of_every_entry_command_refuses_an_identity_number(env, warm, number, data):
    command = data.draw(st.sampled_from(OPTIONS), label="command")
    written = data.draw(st.sampled_from([number, f"{number[:6]} {number[6:]}"]), label="written as")
    before = _digest(warm / "data")
    code, output = _run(warm, [a.replace("{n}", written) for a in command])
    assert code in (1, 2), output
    assert number[6:] not in output, output
    assert _digest(warm / "data") == before


# One of each kind of number, for the test that tries every option once.
EACH_KIND = [
    first_valid("150685"),
    first_valid("550685"),
    first_valid("154685"),
    first_valid("158685"),
    _with_2032_check_digits("150685124", 2),
]


@pytest.mark.parametrize("i", range(len(OPTIONS)), ids=lambda i: " ".join(OPTIONS[i][:2]) + f"-{i}")
def test_each_option_refuses_an_identity_number(env, warm, i):
    number = EACH_KIND[i % len(EACH_KIND)]
    assert is_identity(number)
    before = _digest(warm / "data")
    code, output = _run(warm, [a.replace("{n}", number) for a in OPTIONS[i]])
    assert code in (1, 2), output
    assert number[2:] not in output, output
    assert _digest(warm / "data") == before


# --- look-alikes are accepted ----------------------------------------------------------------------


@settings(FUZZ, max_examples=2 * SCALE)
@given(numbers=st.lists(look_alikes(), min_size=1, max_size=3, unique=True))
def test_accession_numbers_that_only_look_like_identity_numbers_are_accepted(env, tmp_path_factory, numbers):
    root = tmp_path_factory.mktemp("accepted")
    shutil.copytree(PROJECT / "data" / "logs" / "eksempel-lis", root / "data" / "logs" / "eksempel-lis")
    for number in numbers:
        code, output = _run(root, ["log", "skeleton-scintigraphy", "--accession", number, "--date", "2026-11-02"])
        assert code == 0, output
        assert number in (root / "data/logs/eksempel-lis/2026.yaml").read_text()
    code, output = _run(root, ["check"])
    assert code == 0, output


# --- written forms and YAML encodings -----------------------------------------------------------

SEPARATORS = [".", "-", " ", "  ", "\t", "\u00a0", "/", "\u2013", ". "]


@st.composite
def written_forms(draw, number: str) -> str:
    """``number`` as people write it: a separator (or none) at each of DD|MM|YY|III|CC, digits ASCII or
    full-width."""
    parts = [number[:2], number[2:4], number[4:6], number[6:9], number[9:]]
    out = parts[0]
    for part in parts[1:]:
        out += draw(st.sampled_from(["", "", *SEPARATORS])) + part
    if draw(st.booleans()):
        out = out.translate({ord(d): 0xFF10 + int(d) for d in "0123456789"})
    return out


@settings(FUZZ, max_examples=100)
@given(data=st.data())
def test_generated_written_forms_are_found_and_masked(data):
    from lisplan.core.identity import find_identity_numbers, mask_identity_numbers

    number = data.draw(identity_numbers(), label="number")
    written = data.draw(written_forms(number), label="written")
    text = f"note: pasient {written}, ok"
    assert [n for _, n in find_identity_numbers(text)] == [number]
    masked = mask_identity_numbers(text)
    assert len(masked) == len(text) and list(find_identity_numbers(masked)) == []


@settings(FUZZ, max_examples=100)
@given(data=st.data())
def test_look_alikes_in_written_forms_are_accepted(data):
    from lisplan.core.identity import find_identity_numbers

    number = data.draw(look_alikes(), label="number")
    assert list(find_identity_numbers(f"accession: {data.draw(written_forms(number), label='written')}")) == []


@st.composite
def yaml_encodings(draw, number: str) -> str:
    """A YAML value whose parsed form holds ``number`` while its text does not show it as written."""
    how = draw(st.sampled_from(["escape", "continuation", "folded", "block", "int", "hex", "octal", "exponent"]))
    at = draw(st.integers(1, 10))
    if how == "escape":
        code = draw(st.sampled_from(["\\x{:02x}", "\\u{:04x}", "\\U{:08x}"])).format(ord(number[at]))
        return f'"{number[:at]}{code}{number[at + 1 :]}"'
    if how == "continuation":
        return f'"{number[:at]}\\\n      {number[at:]}"'
    if how == "folded":
        quote = draw(st.sampled_from(["", "'", '"']))
        return f"{quote}pasient {number[:6]}\n      {number[6:]}{quote}"
    if how == "block":
        return f">-\n      pasient {number[:6]}\n      {number[6:]}"
    value = int(number)
    return {"int": str(value), "hex": f"0x{value:x}", "octal": f"0o{value:o}", "exponent": f"{value:.10e}"}[how]


@settings(FUZZ, max_examples=3 * SCALE)
@given(data=st.data())
def test_an_identity_number_in_any_yaml_encoding_is_refused_and_not_echoed(env, warm, tmp_path_factory, data):
    number = data.draw(identity_numbers(), label="number")
    encoded = data.draw(yaml_encodings(number), label="encoded")
    key = data.draw(st.sampled_from(["note", "accession", "topic"]), label="key")
    root = tmp_path_factory.mktemp("enc")
    shutil.copytree(warm, root, dirs_exist_ok=True)
    log = root / "data" / "logs" / "eksempel-lis" / "2026.yaml"
    log.write_text(
        f"kind: log\ntrainee: eksempel-lis\nyear: 2026\nentries:\n  - self-study: lesing\n    date: 2026-01-11\n"
        f"    {key}: {encoded}\n",
        encoding="utf-8",
    )
    code, output = _run(root, ["check", "--format", "json"])
    assert code == 1 and '"code": "identity-number"' in output, output
    assert number[2:] not in output and number[6:] not in output


def test_the_smoke_cases_try_every_kind_rule_place_and_form():
    """The default run's fixed cases (``SMOKE``) still try each kind of number, rule, place and written form."""
    kinds, rules, hows, spaced = (set(column) for column in zip(*SMOKE.values(), strict=True))
    assert kinds == set(NUMBER_KINDS) and rules == set(RULES) and hows == set(HOWS) and spaced == {True, False}
