"""source.py: YAML 1.2 text in, plain data and positions out; anything else a SourceError with a position."""

from __future__ import annotations

import math
import time
from pathlib import Path

import pytest

from lisplan.files.source import SourceError, decode, parse, read_text, resolve_plain

HERE = Path("x.yaml")


def data(text: str):
    return parse(HERE, text).data


def refused(text: str) -> SourceError:
    with pytest.raises(SourceError) as info:
        parse(HERE, text)
    return info.value


# --- YAML 1.2 scalars -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("plain", "value"),
    [
        ("no", "no"),  # YAML 1.1 would say False
        ("yes", "yes"),
        ("on", "on"),
        ("1:20", "1:20"),  # YAML 1.1 would say 80 (sexagesimal)
        ("0o17", 15),
        ("017", "017"),  # not octal (as in 1.1) nor 17 (as in 1.2): text as written, see below
        ("0", 0),
        ("-0", 0),
        ("0081234", "0081234"),  # an accession number keeps its zeros
        ("0x1F", 31),
        ("1_000", "1_000"),
        ("12", 12),
        ("-3", -3),
        ("1.5", 1.5),
        ("1e3", 1000.0),
        ("2024-01-15", "2024-01-15"),  # dates stay text; the models parse them
        ("2024-13-45", "2024-13-45"),  # what only looks like a date too
        ("2024-1e3", "2024-1e3"),
        ("2024-", "2024-"),
        ("202-1", "202-1"),
        ("12e-3", 0.012),
        ("true", True),
        ("False", False),
        ("~", None),
        ("null", None),
        ("NUK-068", "NUK-068"),
    ],
)
def test_plain_scalars_follow_yaml_1_2(plain, value):
    assert data(f"a: {plain}\n") == {"a": value}


def test_infinity_and_nan():
    assert data("a: .inf\nb: -.Inf\n") == {"a": math.inf, "b": -math.inf}
    assert math.isnan(data("a: .nan\n")["a"])


@pytest.mark.parametrize("quoted", ["'12'", '"12"', "'no'", '"1.5"', "'0o17'", '"null"', "'true'"])
def test_quoted_scalars_stay_strings(quoted):
    assert data(f"a: {quoted}\n") == {"a": quoted[1:-1]}


def test_block_scalars_stay_strings():
    assert data("a: |\n  12\nb: >-\n  no\n") == {"a": "12\n", "b": "no"}


def test_empty_value_is_none():
    assert data("a:\nb: []\nc: {}\n") == {"a": None, "b": [], "c": {}}


def test_integer_too_long_for_python_stays_text():
    # int() refuses more than sys.get_int_max_str_digits() digits; before the fix that was a traceback
    assert data("year: " + "9" * 5000 + "\n") == {"year": "9" * 5000}


def test_resolve_plain_directly():
    assert resolve_plain("+12") == 12
    assert resolve_plain(".5") == 0.5
    assert resolve_plain("-") == "-"
    assert resolve_plain("12abc") == "12abc"


# --- structure refused ----------------------------------------------------------------------------


def test_duplicate_key_refused_at_the_second_key():
    e = refused("kind: log\ntrainee: a\ntrainee: b\n")
    assert (e.line, e.col) == (3, 1)
    assert "'trainee' twice" in e.message
    assert e.hint == "keep one of them"


def test_duplicate_key_in_flow_mapping():
    e = refused("a: {b: 1, b: 2}\n")
    assert (e.line, e.col) == (1, 11)


def test_alias_to_collection_refused_at_the_alias():
    e = refused("a: &x [1]\nc: 2\nb: [*x]\n")
    assert "alias" in e.message
    assert (e.line, e.col) == (3, 5)
    assert "anchors and aliases" in e.hint


def test_alias_to_scalar_refused_at_the_alias():
    # Before the fix a scalar alias was silently accepted: the builder only tracked collections.
    e = refused("a: &x 1\nb: *x\n")
    assert "alias" in e.message
    assert (e.line, e.col) == (2, 4)


def test_undefined_alias_is_refused_as_an_alias_at_its_position():
    e = refused("a: *nope\n")
    assert "alias" in e.message
    assert (e.line, e.col) == (1, 4)
    assert "anchors and aliases" in e.hint


def test_explicit_str_tag_keeps_a_plain_scalar_a_string():
    # Before events were read directly, `!!str 12` came back as the number 12.
    assert data("a: !!str 12\nb: ! no\n") == {"a": "12", "b": "no"}


def test_anchor_alone_is_harmless():
    assert data("a: &x 1\n") == {"a": 1}


def test_merge_key_refused():
    e = refused("base: {a: 1}\nb:\n  <<: {a: 1}\n")
    assert "merge key" in e.message
    assert (e.line, e.col) == (3, 3)


@pytest.mark.parametrize(
    "text",
    [
        "a: !!python/object:os.system x\n",
        "a: !!python/object/apply:os.system [echo, hi]\n",
        "a: !!python/object/new:builtins.dict {}\n",
        "a: !custom x\n",
        "a: !!set {x, y}\n",
    ],
)
def test_tags_refused_and_never_constructed(text, monkeypatch):
    import os

    called = []
    monkeypatch.setattr(os, "system", lambda *a: called.append(a))
    e = refused(text)
    assert "tag" in e.message
    assert (e.line, e.col) == (1, 4)
    assert "do not use YAML tags" in e.hint
    assert called == []


def test_complex_key_refused():
    e = refused("? [a]\n: 1\n")
    assert "as a key" in e.message


def test_second_document_refused():
    e = refused("a: 1\n---\nb: 2\n")
    assert e.line == 2
    assert "one YAML document" in e.hint


# --- text problems --------------------------------------------------------------------------------


def test_merge_conflict_marker_with_its_line():
    e = refused("kind: log\nentries:\n<<<<<<< HEAD\n  - a\n=======\n  - b\n>>>>>>> main\n")
    assert (e.line, e.col) == (3, 1)
    assert "merge-conflict markers (lines 3, 5, 7)" in e.message and e.code == "merge-conflict"
    assert "<<<<<<<" in e.hint


def test_a_line_of_equals_inside_text_is_no_conflict():
    assert data("a: |\n  ========\n") == {"a": "========\n"}


def test_tab_indentation_hint():
    e = refused("kind: log\nentries:\n\t- teaching: x\n")
    assert e.line == 3
    assert "is not valid YAML" in e.message
    assert "tab" in e.hint and "spaces" in e.hint


def test_tab_inside_mapping_hint():
    e = refused("a: 1\n\tb: 2\n")
    assert e.line == 2
    assert "spaces" in e.hint


def test_malformed_yaml_position():
    e = refused("a: 1\nb: [1,\n")
    assert e.message.startswith("is not valid YAML")
    assert e.line == 3
    assert e.hint


def test_nul_byte_is_binary():
    with pytest.raises(SourceError) as info:
        decode(b"kind: log\nab\x00cd")
    assert "NUL byte" in info.value.message
    assert (info.value.line, info.value.col) == (2, 3)
    assert "binary" in info.value.message


def test_png_is_binary():
    with pytest.raises(SourceError, match="NUL byte"):
        decode(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")


def test_invalid_utf8_names_the_byte_and_its_position():
    with pytest.raises(SourceError) as info:
        decode(b"kind: log\ntrainee: " + b"l\xe9s\n")
    e = info.value
    assert "not valid UTF-8" in e.message and "0xe9" in e.message
    assert (e.line, e.col) == (2, 11)
    assert "UTF-8" in e.hint


def test_latin1_file_on_first_line():
    with pytest.raises(SourceError) as info:
        decode("navn: Ærlig".encode("latin-1"))
    assert (info.value.line, info.value.col) == (1, 7)


def test_bom_accepted():
    assert decode(b"\xef\xbb\xbfkind: log\n") == "kind: log\n"


def test_crlf_accepted(tmp_path):
    path = tmp_path / "a.yaml"
    path.write_bytes(b"\xef\xbb\xbfkind: log\r\ntrainee: lis\r\nnote: 'x'\r\n")
    doc = parse(path)
    assert doc.data == {"kind": "log", "trainee": "lis", "note": "x"}
    assert doc.locate(("trainee",)) == (2, 10)


def test_utf8_text_kept():
    assert data("name: Supervisør Ærlig\n") == {"name": "Supervisør Ærlig"}


@pytest.mark.parametrize("text", ["", "\n\n", "# only a comment\n", "---\n", "~\n"])
def test_empty_file_is_none(text):
    doc = parse(HERE, text)
    assert doc.data is None
    assert doc.locate(("kind",))[1] == 1


def test_read_text_refuses_huge_file(tmp_path, monkeypatch):
    import lisplan.files.source

    monkeypatch.setattr(lisplan.files.source, "MAX_BYTES", 2**20)
    path = tmp_path / "big.yaml"
    path.write_bytes(b"# " + b"x" * (3 * 2**20) + b"\n")
    with pytest.raises(SourceError) as info:
        read_text(path)
    assert "more than lisplan reads (1 MiB)" in info.value.message
    assert "split the log by year" in info.value.hint


def test_read_text_of_a_folder(tmp_path):
    with pytest.raises(SourceError, match="is a folder"):
        read_text(tmp_path)


def test_read_text_of_a_missing_file(tmp_path):
    with pytest.raises(SourceError, match="cannot read the file"):
        read_text(tmp_path / "nope.yaml")


# --- deep nesting: refused quickly, never a crash of the interpreter ------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "[" * 100_000,
        "{" * 100_000,
        "a: " + "[" * 100_000 + "]" * 100_000,
        "- " * 100_000 + "x\n",
        "".join(" " * i + f"k{i}:\n" for i in range(400)),
        "[" * 100 + "]" * 100,  # shallow enough for the scanner, too deep for a lisplan file
    ],
)
def test_deep_nesting_refused_quickly(text):
    start = time.perf_counter()
    e = refused(text)
    assert time.perf_counter() - start < 1.0
    assert "deep" in e.message
    assert "few levels deep" in e.hint


def test_ordinary_nesting_is_fine():
    assert data("a: " + "[" * 10 + "]" * 10) == {"a": [[[[[[[[[[]]]]]]]]]]}


# --- locate ---------------------------------------------------------------------------------------

LOG = """\
kind: log
trainee: lis
entries:
  - procedure: skeleton-scintigraphy
    accession: "81234567"
    date: 2024-01-08
  - teaching: x
    goals: [NUK-068, NUK-069]
    date: 2024-01-09
"""


@pytest.mark.parametrize(
    ("loc", "key", "pos"),
    [
        ((), False, (1, 1)),
        (("kind",), False, (1, 7)),
        (("kind",), True, (1, 1)),
        (("trainee",), False, (2, 10)),
        (("entries",), False, (4, 3)),
        (("entries",), True, (3, 1)),
        (("entries", 0), False, (4, 5)),
        (("entries", 0, "accession"), False, (5, 16)),
        (("entries", 0, "accession"), True, (5, 5)),
        (("entries", 1, "goals", 1), False, (8, 22)),
        (("entries", 1, "date"), True, (9, 5)),
        # a path that leads nowhere gives the deepest part found
        (("entries", 1, "missing"), False, (7, 5)),
        (("entries", 7, "date"), False, (4, 3)),
        (("nope",), True, (1, 1)),
    ],
)
def test_locate(loc, key, pos):
    doc = parse(HERE, LOG)
    assert doc.locate(loc, key=key) == pos


def test_locate_numeric_key():
    doc = parse(HERE, "a:\n  12: x\n")
    assert doc.locate(("a", "12")) == (2, 7)


def test_line_text():
    doc = parse(HERE, LOG)
    assert doc.line_text(2) == "trainee: lis"
    assert doc.line_text(0) == ""
    assert doc.line_text(99) == ""


def _plain(value):
    """ruamel's round-trip data as plain data; YAML 1.2 timestamps read back as the text we keep."""
    import datetime as dt

    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return float(value)
    return str(value)


def _shipped_yaml():
    root = Path(__file__).resolve().parents[1]
    return sorted(p for d in ("data", "templates") for p in (root / d).rglob("*.yaml"))


@pytest.mark.parametrize("path", _shipped_yaml(), ids=lambda p: p.name)
def test_fast_reader_gives_what_ruamel_round_trip_gives_on_every_shipped_file(path):
    from ruamel.yaml import YAML

    expected = _plain(YAML(typ="rt").load(path.read_text(encoding="utf-8")))
    assert parse(path).data == expected


def test_the_fast_c_parser_is_in_use():
    # A PyYAML built without libyaml falls back to pure Python silently: the same data, ~10x slower
    # (as ruamel.yaml without its C extension once made reading slow). CI installs from wheels that have
    # it; prove it.
    import yaml
    from yaml.cyaml import CParser

    from lisplan.files import source

    assert yaml.__with_libyaml__
    source._pyyaml()  # PyYAML is imported when a file is first parsed
    assert issubclass(source._Composer, CParser)
