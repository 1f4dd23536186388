"""writer.py: appends keep every byte the user wrote, are atomic, and survive concurrent writers."""

from __future__ import annotations

import datetime as dt
import multiprocessing
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lisplan.files.cache import Cache
from lisplan.files.repo import CACHE_FOLDER as FOLDER
from lisplan.files.source import parse
from lisplan.files.writer import WriteError, append_item
from lisplan.models import Log

COMMENTED = """# My log for 2026.   Comments, 'quotes' and odd spacing stay as they are.
kind: log
trainee: lis
year: 2026

entries:
  # first week
  - procedure: skeleton-scintigraphy
    date: 2026-01-05
    accession: '81234567'     # single quotes kept
    role: described

  - teaching: "Skjelettscintigrafi"
    date: 2026-01-06
"""


def _valid_log(doc) -> None:
    try:
        Log.model_validate(doc.data)
    except Exception as e:
        raise WriteError(str(e)) from e


def append_entry(path: Path, entry: dict, check=_valid_log, cache: Cache | None = None):
    cache = cache or Cache(path.parent / FOLDER)
    return append_item(path, "entries", entry, check=check, valid_as="log", cache=cache)


def _entry(n: int) -> dict:
    return {
        "procedure": "skeleton-scintigraphy",
        "date": dt.date(2026, 2, 1),
        "accession": f"{n:08d}",
        "role": "described",
    }


def test_append_keeps_every_byte_and_adds_one_item(tmp_path):
    path = tmp_path / "2026.yaml"
    path.write_bytes(COMMENTED.encode())
    append_entry(path, _entry(42))
    new = path.read_bytes().decode()
    assert new.startswith(COMMENTED)
    assert new[len(COMMENTED) :] == (
        "  - procedure: skeleton-scintigraphy\n    date: 2026-02-01\n    accession: '00000042'\n    role: described\n"
    )
    entries = parse(path).data["entries"]
    assert len(entries) == 3 and entries[-1]["accession"] == "00000042"


def test_crlf_file_stays_crlf(tmp_path):
    path = tmp_path / "2026.yaml"
    path.write_bytes(COMMENTED.replace("\n", "\r\n").encode())
    append_entry(path, _entry(1), cache=Cache(None))
    raw = path.read_bytes()
    assert raw.startswith(COMMENTED.replace("\n", "\r\n").encode())
    assert b"\n" not in raw.replace(b"\r\n", b"")


def test_refused_write_leaves_the_file_unchanged(tmp_path):
    path = tmp_path / "2026.yaml"
    path.write_bytes(COMMENTED.encode())

    def refuse(doc) -> None:
        raise WriteError("no")

    with pytest.raises(WriteError):
        append_entry(path, _entry(1), refuse)
    assert path.read_bytes() == COMMENTED.encode()
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def _writer(path: str, start: int, count: int) -> None:
    p = Path(path)
    for n in range(start, start + count):
        append_entry(p, _entry(n))


def test_two_processes_appending_at_once_both_land(tmp_path):
    path = tmp_path / "2026.yaml"
    path.write_bytes(COMMENTED.encode())
    ctx = multiprocessing.get_context("fork")
    procs = [ctx.Process(target=_writer, args=(str(path), start, 100)) for start in (1000, 2000)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(60)
        assert p.exitcode == 0
    numbers = [e["accession"] for e in parse(path).data["entries"][2:]]
    assert sorted(numbers) == sorted([f"{n:08d}" for n in range(1000, 1100)] + [f"{n:08d}" for n in range(2000, 2100)])
    assert path.read_bytes().decode().startswith(COMMENTED)


# --- where the item goes, whatever shape the list has ---------------------------------------------

ITEM = {"procedure": "skeleton-scintigraphy", "date": dt.date(2026, 2, 1), "accession": "0042"}
NEW_LINES = "procedure: skeleton-scintigraphy\n{pad}date: 2026-02-01\n{pad}accession: '0042'\n"


def _item(indent: int) -> str:
    pad = " " * (indent + 2)
    return " " * indent + "- " + NEW_LINES.format(pad=pad)


@pytest.mark.parametrize(
    ("before", "after"),
    [
        # items with their dash at column 0 get the new one at column 0 too
        (
            "kind: log\nentries:\n- procedure: a\n  date: 2026-01-01\n",
            "kind: log\nentries:\n- procedure: a\n  date: 2026-01-01\n" + _item(0),
        ),
        # an empty list written as [] becomes a block list; the comment stays
        (
            "kind: log\nentries: []  # none yet\nnote: hi\n",
            "kind: log\nentries: # none yet\n" + _item(2) + "note: hi\n",
        ),
        ("kind: log\nentries:\nnote: hi\n", "kind: log\nentries:\n" + _item(2) + "note: hi\n"),
        ("kind: log\ntrainee: x", "kind: log\ntrainee: x\nentries:\n" + _item(2)),
        # the list is not the last key: the item goes at the end of the list, not of the file
        (
            "kind: log\nentries:\n  - procedure: a\n    date: 2026-01-01\n# c\nnote: after\n",
            "kind: log\nentries:\n  - procedure: a\n    date: 2026-01-01\n# c\n" + _item(2) + "note: after\n",
        ),
        # a block scalar at the end of the last item ends where the new item starts
        (
            "kind: log\nentries:\n  - procedure: a\n    note: |\n      one\n\n      two\n",
            "kind: log\nentries:\n  - procedure: a\n    note: |\n      one\n\n      two\n" + _item(2),
        ),
    ],
    ids=["column-0", "flow-empty", "null", "missing", "not-last", "block-scalar"],
)
def test_item_goes_where_the_list_continues(tmp_path, before, after):
    path = tmp_path / "2026.yaml"
    path.write_text(before, encoding="utf-8")
    append_entry(path, ITEM, check=lambda doc: None)
    assert path.read_text(encoding="utf-8") == after
    assert parse(path).data["entries"][-1] == {**ITEM, "date": "2026-02-01"}


def test_a_flow_list_with_items_is_refused_not_rewritten(tmp_path):
    path = tmp_path / "2026.yaml"
    path.write_text("kind: log\nentries: [{procedure: a, date: 2026-01-01}]\n", encoding="utf-8")
    with pytest.raises(WriteError) as e:
        append_entry(path, ITEM, check=lambda doc: None)
    assert "block list" in e.value.hint
    assert path.read_text(encoding="utf-8").endswith("}]\n")


def test_bom_and_crlf_survive(tmp_path):
    path = tmp_path / "2026.yaml"
    path.write_bytes("\ufeffkind: log\r\nentries:\r\n  - procedure: a\r\n    date: 2026-01-01\r\n".encode())
    append_entry(path, ITEM, check=lambda doc: None)
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbfkind: log\r\n")
    assert raw.endswith(_item(2).replace("\n", "\r\n").encode())


def test_invalid_existing_file_is_refused_with_its_position(tmp_path):
    path = tmp_path / "2026.yaml"
    path.write_text("kind: log\nentries:\n  - procedure: a\n   date: x\n", encoding="utf-8")
    with pytest.raises(WriteError) as e:
        append_entry(path, ITEM)
    assert e.value.problems and e.value.problems[0].line == 4


# --- the cache makes the second append cheap, and an edit between appends is noticed --------------


def test_second_append_trusts_the_cache_but_an_edit_is_checked_again(tmp_path):
    path = tmp_path / "2026.yaml"
    path.write_bytes(COMMENTED.encode())
    checked = []

    def check(doc):
        checked.append(len(doc.data["entries"]))
        _valid_log(doc)

    append_entry(path, _entry(1), check)
    append_entry(path, _entry(2), check)
    assert checked == [2]  # the bytes the first append wrote were known valid
    path.write_bytes(path.read_bytes() + b"  - teaching: x\n    date: 2026-03-01\n")  # a hand edit
    append_entry(path, _entry(3), check)
    assert checked == [2, 5]
    with pytest.raises(WriteError):  # a hand edit that breaks the file is caught
        path.write_bytes(path.read_bytes() + b"  - teaching: x\n")
        append_entry(path, _entry(4), check)


# (Kills at random points of ``lisplan log`` are in test_crash.py.)


# --- the emitted item means the same to the reader, whatever the text ------------------------------

_TRICKY = st.sampled_from(
    [
        "no",
        "yes",
        "null",
        "~",
        "0o17",
        "0x1F",
        "1e3",
        ".inf",
        "-.5",
        "1_000",
        "12:30",
        "2026-01-05",
        "#x",
        "- x",
        "a: b",
        "'",
        '"',
        "%",
        "@",
        "`",
        "|",
        ">",
        "!x",
        "&a",
        "*a",
        " lead",
        "trail ",
        "",
        "\t",
        "æøå ÆØÅ",
        "81234567",
        "0081",
        "+1",
    ]
)
_TEXT = st.one_of(
    _TRICKY, st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=40)
)


@settings(max_examples=300, deadline=None)
@given(note=_TEXT, accession=_TEXT, indent=st.sampled_from([0, 2, 4]))
def test_any_text_reads_back_as_written(note, accession, indent):
    from lisplan.files.writer import entry_text

    item = {"procedure": "skeleton-scintigraphy", "date": dt.date(2026, 1, 5), "accession": accession, "note": note}
    text = "entries:\n" + entry_text(item, indent)
    assert parse(Path("x.yaml"), text).data == {"entries": [{**item, "date": "2026-01-05"}]}


def test_entries_written_at_once_share_no_anchors():
    # Many entries of one `lisplan log` line share one date object; emitted at once they must still read
    # as separate entries, without &id001/*id001 (what the emitter writes for a shared object).
    import datetime as dt

    from lisplan.files.writer import entries_text, entry_text

    day, goals = dt.date(2026, 11, 23), ["NUK-138"]
    items = [{"procedure": "x", "date": day, "accession": str(n), "goals": goals} for n in (1, 2)]
    text = entries_text(items)
    assert "&" not in text and "*" not in text
    assert text == "".join(entry_text(i) for i in items)


# --- the identity scans' verdicts after an append ------------------------------------------------


def _scanned(path: Path) -> dict:
    """What the identity scans (load/identity.py) find in the file as it is on disk, read afresh."""
    from lisplan.load.identity import document_identity_problems

    doc = parse(path)
    doc.facts = {}
    document_identity_problems(doc)
    return {k: v for k, v in doc.facts.items() if k.startswith("identity-numbers")}


def _learnt(path: Path, cache: Cache) -> None:
    """The facts a report leaves in the cache for the file's bytes (as Cache.keep_learnt keeps them)."""
    cached = cache.read(path)
    cached.facts.update(_scanned(path))
    cache.store(cached)


def test_a_clean_file_that_gains_a_clean_entry_keeps_the_scans_verdict_without_a_scan(tmp_path):
    path = tmp_path / "2026.yaml"
    path.write_text(COMMENTED, encoding="utf-8")
    cache = Cache(tmp_path / FOLDER)
    _learnt(path, cache)
    append_entry(path, _entry(1), cache=cache)
    append_entry(path, _entry(2), cache=cache)  # and again on the bytes the first append left
    facts = cache.read(path).facts
    assert facts["identity-numbers"] == facts["identity-numbers-parsed"] == []
    assert _scanned(path) == {"identity-numbers": [], "identity-numbers-parsed": []}  # what a scan finds


def test_an_entry_holding_an_identity_number_leaves_the_file_to_be_scanned_again(tmp_path):
    from test_identity import FNR

    path = tmp_path / "2026.yaml"
    path.write_text(COMMENTED, encoding="utf-8")
    cache = Cache(tmp_path / FOLDER)
    _learnt(path, cache)
    append_entry(path, {"teaching": "x", "date": dt.date(2026, 2, 1), "note": FNR}, cache=cache)
    assert "identity-numbers" not in cache.read(path).facts  # the next check scans it and finds it
    assert _scanned(path)["identity-numbers"]


def test_a_file_holding_an_identity_number_is_not_declared_clean_by_an_append(tmp_path):
    from test_identity import FNR

    path = tmp_path / "2026.yaml"
    # written so that only YAML's reading shows it (a folded line): the parsed scan finds it
    folded = f'  - teaching: "x {FNR[:6]}\\\n    {FNR[6:]}"\n    date: 2026-01-07\n'
    path.write_text(COMMENTED + folded, encoding="utf-8")
    cache = Cache(tmp_path / FOLDER)
    _learnt(path, cache)
    assert _scanned(path)["identity-numbers-parsed"]
    append_entry(path, _entry(1), cache=cache)
    facts = cache.read(path).facts
    assert "identity-numbers" not in facts and "identity-numbers-parsed" not in facts


# --- items lisplan writes itself (plain_text): libyaml's text, and libyaml's reading ----------------

_EXAMPLES = 1000 if __import__("os").environ.get("LISPLAN_SLOW") else 100
_PROPERTY = settings(max_examples=_EXAMPLES, deadline=None, derandomize=True, print_blob=True)
_LETTERS = "abcxyzABCXYZæøåÆØÅéüÿÀ"
_TRICKY = ["yes", "No", "NO", "on", "Off", "true", "False", "null", "Null", "y", "n", "~", "e5", "x1", "inf", "nan"]
_plain = st.one_of(  # what plain_text writes
    st.from_regex(r"[a-zA-ZæøåÆØÅ][a-zA-Z0-9æøåÆØÅ._-]{0,12}(?: [a-zA-Z0-9æøåÆØÅ._-]{1,8}){0,3}", fullmatch=True),
    st.from_regex(r"0?[0-9]{1,14}", fullmatch=True),
    st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31)),
)
_other = st.one_of(st.text(alphabet=_LETTERS + "0123456789 .-_:#'\",", min_size=1, max_size=14), st.text(max_size=10))
_KEYS = ["procedure", "date", "accession", "stay", "role", "supervisor", "note"]
_entries = st.one_of(  # items plain_text writes; and beside them words libyaml quotes, keys too, and any text
    st.lists(st.dictionaries(st.sampled_from(_KEYS), _plain, min_size=1, max_size=7), min_size=1, max_size=3),
    st.lists(st.dictionaries(st.sampled_from(_KEYS), st.one_of(_plain, st.sampled_from(_TRICKY)), min_size=1)),
    st.lists(
        st.dictionaries(
            st.sampled_from([*_KEYS, "no"]), st.one_of(_plain, st.sampled_from(_TRICKY), _other), min_size=1
        ),
        min_size=1,
        max_size=3,
    ),
)


@pytest.mark.fuzz
@_PROPERTY
@given(_entries)
def test_items_lisplan_writes_itself_are_libyamls_text_and_read_back_as_themselves(entries):
    """plain_text writes items as libyaml does, or leaves them to it (None); what it writes, libyaml reads
    back as the items. This is why append_items need not read such an item back, nor import PyYAML."""
    from lisplan.files.source import emit
    from lisplan.files.writer import as_data, entries_text, plain_text

    text = plain_text(entries)
    if text is None:
        return
    assert text == emit(entries, flow=False)
    assert parse(Path("x.yaml"), "entries:\n" + entries_text(entries)).data == {"entries": as_data(entries)}


def test_a_procedure_entry_is_written_without_pyyaml_and_what_is_not_words_goes_to_it():
    from lisplan.files.writer import plain_text

    entry = {"procedure": "skeleton-scintigraphy", "date": dt.date(2026, 11, 23), "accession": "081234567"}
    assert plain_text([{**entry, "role": "described", "supervisor": "Søren Ødegård"}]) == (
        "- procedure: skeleton-scintigraphy\n  date: 2026-11-23\n  accession: '081234567'\n"
        "  role: described\n  supervisor: Søren Ødegård\n"
    )
    for value in ["no", "Null", "x: y", "a  b", "# b", " lead", "1e3", "O'Brien", "-x", "Ca. 3 cm, lesjon"]:
        assert plain_text([{**entry, "note": value}]) is None, value  # libyaml decides how these are written
