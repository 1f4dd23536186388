"""lisplan export: CSV, JSON and xlsx tables of the log and the computed status."""

from __future__ import annotations

import csv
import io
import json
import sys
from collections import Counter

import pytest

from conftest import PROJECT, Repo, yaml_data

EXAMPLE = PROJECT / "data" / "logs" / "eksempel-lis"


def logged_kinds() -> Counter[str]:
    """How many entries of each kind the example trainee's logs hold, read with PyYAML on its own."""
    kinds: Counter[str] = Counter()
    for path in EXAMPLE.glob("[0-9]*.yaml"):
        for entry in yaml_data(path.read_text(encoding="utf-8"))["entries"]:
            kinds[next(iter(entry))] += 1
    return kinds


def read_csv(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_procedures_csv_opens_with_the_csv_module_with_the_documented_header_and_every_procedure(cli):
    code, out = cli("export", "--kind", "procedures", repo=PROJECT)
    assert code == 0
    reader = csv.reader(io.StringIO(out, newline=""))
    assert next(reader) == [
        "date",
        "procedure",
        "accession",
        "stay",
        "role",
        "supervisor",
        "note",
        "portal_registered",
        "portal_signed",
        "file",
        "entry",
    ]
    rows = list(reader)
    assert len(rows) == logged_kinds()["procedure"]
    assert all(
        r[1] == "skeleton-scintigraphy" and bool(r[2]) != bool(r[3]) for r in rows
    )  # an accession or a stay number


def test_entries_csv_has_one_row_per_entry_of_every_kind(cli):
    code, out = cli("export", repo=PROJECT)
    assert code == 0
    rows = read_csv(out)
    assert Counter(r["kind"] for r in rows) == logged_kinds()
    assert all(r["date"] and r["file"].startswith("data/logs/eksempel-lis/") for r in rows)


def test_json_holds_every_table_and_status_matches_lisplan_status(cli):
    code, out = cli("export", "--format", "json", repo=PROJECT)
    assert code == 0
    data = json.loads(out)
    assert list(data) == [
        "trainee",
        "as_of",
        "entries",
        "procedures",
        "courses",
        "supervision",
        "signoffs",
        "goals",
        "procedure-lists",
    ]
    assert len(data["signoffs"]) == logged_kinds()["signoff"]
    code, status = cli("status", "--format", "json", repo=PROJECT)
    summary = json.loads(status)["summary"]
    states = Counter(g["state"] for g in data["goals"])
    assert states["approved"] == summary["approved"] and len(data["goals"]) == summary["total"]
    [listed] = data["procedure-lists"]
    assert listed["done"] == json.loads(status)["procedures"][0]["done"]


@pytest.fixture
def lis(repo: Repo) -> Repo:
    repo.trainee()
    repo.log(
        2026,
        """
        - procedure: skeleton-scintigraphy
          date: 2026-03-02
          accession: "hmac:abcdefghijklmnopqrstuvwx"
        - procedure: skeleton-scintigraphy
          date: 2026-03-03
          accession: "0123"
          note: "=1+1, \\"quoted\\", and a comma"
          portal: {registered: 2026-04-01}
        - course: nm-1-stralevern
          date: 2026-03-04
        """,
    )
    return repo


def test_a_hashed_accession_stays_hashed_and_odd_text_round_trips(cli, lis):
    code, out = cli("export", "-k", "procedures", repo=lis)
    assert code == 0
    rows = read_csv(out)
    assert [r["accession"] for r in rows] == ["hmac:abcdefghijklmnopqrstuvwx", "0123"]
    assert rows[1]["note"] == '\'=1+1, "quoted", and a comma'  # a formula made text, never run by a spreadsheet
    assert (rows[1]["portal_registered"], rows[1]["portal_signed"]) == ("2026-04-01", "")


def test_xlsx_has_a_sheet_per_table_with_text_kept_as_text(cli, lis, tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    out = tmp_path / "plan.xlsx"
    code, text = cli("export", "--format", "xlsx", "--out", str(out), repo=lis)
    assert code == 0 and f"to {out}" in text
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == [
        "entries",
        "procedures",
        "courses",
        "supervision",
        "signoffs",
        "goals",
        "procedure-lists",
    ]
    sheet = book["procedures"]
    header, first, second = sheet.iter_rows(max_row=3)
    assert [c.value for c in header][:3] == ["date", "procedure", "accession"]
    assert second[2].value == "0123" and second[6].value == '=1+1, "quoted", and a comma'
    assert second[6].data_type == "s"  # a note, never a formula
    assert first[0].is_date and first[0].value.date().isoformat() == "2026-03-02"
    assert book["courses"].max_row == 2


def test_the_command_offers_every_table_export_makes():
    from lisplan.cli import ExportKind
    from lisplan.present.export import KINDS

    assert [k.value for k in ExportKind] == KINDS


def test_bad_export_requests_are_usage_errors(cli, lis, tmp_path, monkeypatch):
    code, out = cli("export", "--format", "xlsx", repo=lis)
    assert code == 2 and "add --out FILE.xlsx" in out
    code, out = cli("export", "-k", "goals", "-k", "courses", repo=lis)
    assert code == 2 and "a CSV file holds one table" in out
    code, out = cli("export", "-k", "goal", repo=lis)
    # the refusal names the tables it takes (core/forms.py's reader of choices, as every choice option)
    assert code == 2 and "'goal' is not a table" in out and "procedure-lists" in out
    code, out = cli("export", "--out", str(tmp_path / "nowhere" / "x.csv"), repo=lis)
    assert code == 2 and "does not exist" in out
    monkeypatch.setitem(sys.modules, "xlsxwriter", None)
    code, out = cli("export", "--format", "xlsx", "--out", str(tmp_path / "x.xlsx"), repo=lis)
    assert code == 2 and "pip install 'lisplan[xlsx]'" in out
    assert not (tmp_path / "x.xlsx").exists()


def test_out_replaces_a_file_atomically(cli, lis, tmp_path):
    target = tmp_path / "p.csv"
    target.write_text("old\n")
    code, _out = cli("export", "-k", "courses", "--out", str(target), repo=lis)
    assert code == 0
    rows = read_csv(target.read_text(encoding="utf-8"))
    assert [(r["course"], r["name"]) for r in rows][0][0] == "nm-1-stralevern" and rows[0]["name"]
    assert not list(tmp_path.glob(".p.csv.*"))
