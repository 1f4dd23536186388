"""``lisplan worklist``: a generated RIS/PACS export of 500 rows (benchmarks/worklist.py) imported into a
trainee's log, in English and bokmål, with goldens of the summary; identity numbers, damaged files,
named columns and a second import that changes nothing."""

from __future__ import annotations

import importlib.util
import json
import os

import pytest

from conftest import PROJECT
from lisplan.files.source import parse
from test_identity import D_NUMBER, FNR

_spec = importlib.util.spec_from_file_location("bench_worklist", PROJECT / "benchmarks" / "worklist.py")
assert _spec and _spec.loader
bench = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(bench)

GOLDEN = PROJECT / "tests" / "golden"
LOG = "data/logs/lis/2026.yaml"
#: rows whose examination is no procedure list of ous-nuk: three names, five rows
UNKNOWN = {7: "Skjelettscintigrafi helkropp", 88: "Skjelettscintigrafi helkropp", 140: "PET-CT hjerne",
           141: "PET-CT hjerne", 300: "Thyreoideascintigrafi"}  # fmt: skip
LOGGED = list(range(400, 420))  # 20 rows logged already, by hand, before the import
ID_UNREAD = 250  # a row whose patient column (never read) holds an identity number


def _table() -> list[list[str]]:
    table = bench.rows(500)
    for i, name in UNKNOWN.items():
        table[i][2] = name
    table[ID_UNREAD][3] = f"Kari Fiktiv {FNR}"
    return table


def _proc(name: str) -> str:
    return {"skjelettscintigrafi": "skeleton-scintigraphy", "skeleton scintigraphy": "skeleton-scintigraphy"}.get(
        name.casefold(), ""
    )


@pytest.fixture
def lis(repo):
    """The trainee, with 20 of the worklist's skeleton scintigraphies logged already (as `lisplan log` would)."""
    repo.trainee()
    table = _table()
    rows = [table[i] for i in LOGGED]
    for row in rows:
        row[2] = "skjelettscintigrafi"  # logged for the list the row names
    entries = "\n".join(
        f"- procedure: skeleton-scintigraphy\n  date: 2026-11-{row[1][:2]}\n  accession: '{row[0]}'\n  role: described"
        for row in rows
    )
    repo.log(2026, "# what I logged by hand\n" + entries)
    for i in LOGGED:
        table[i][2] = "skjelettscintigrafi"
    bench.write(repo.root / "arbeidsliste.csv", table)
    return repo


def _golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if os.environ.get("LISPLAN_GOLDEN") == "update":
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8"), "regenerate with LISPLAN_GOLDEN=update"


@pytest.mark.parametrize("lang", ["en", "nb"])
def test_a_500_row_worklist_imports_and_a_second_import_changes_nothing(cli, lis, lang):
    before = (lis.root / LOG).read_text(encoding="utf-8")
    code, out = cli("--lang", lang, "worklist", str(lis.root / "arbeidsliste.csv"), repo=lis)
    assert code == 1, out  # rows were left out: their examination is unknown
    _golden(f"worklist.{lang}.txt", out)
    after = (lis.root / LOG).read_text(encoding="utf-8")
    kept = iter(after.splitlines())
    assert all(line in kept for line in before.splitlines())  # every line the user wrote, in its order
    logged = parse(lis.root / LOG).data["entries"]
    assert len(logged) == 20 + 500 - 20 - 5  # every row but those logged already and the unknown ones
    assert FNR not in after and "Kari" not in after  # the patient column is never read
    numbers = [e["accession"] for e in logged]
    assert len(set(numbers)) == len(numbers)
    assert [e["date"] for e in logged] == sorted(e["date"] for e in logged)  # in date order, among the old
    assert cli("check", repo=lis)[0] == 0
    code, again = cli("--lang", lang, "worklist", str(lis.root / "arbeidsliste.csv"), repo=lis)
    assert code == 1, again
    assert (lis.root / LOG).read_text(encoding="utf-8") == after  # nothing changed
    assert ("495 rows logged already, skipped" if lang == "en" else "495 rader er ført fra før, hoppet over") in again


def test_the_summary_counts_by_hand(cli, lis):
    """The golden's numbers, worked out from the generated rows: 475 new, 20 skipped, 5 left out."""
    code, out = cli("worklist", str(lis.root / "arbeidsliste.csv"), "--format", "json", repo=lis)
    view = json.loads(out[out.index("{") :])
    table = _table()
    unknown_rows = [i + 2 for i in UNKNOWN]  # row 1 is the header
    assert sum(len(a["entries"]) for a in view["added"]) == 475
    assert view["already_logged"] == 20 and view["identity_numbers_not_read"] == 1
    assert sorted(r for u in view["unknown"] for r in u["rows"]) == unknown_rows
    # grouped by name, the most rows first: row 142 is table[140] (the header is row 1)
    assert view["unknown"][0] == {"examination": "PET-CT hjerne", "rows": [142, 143], "suggestion": ""}
    assert view["unknown"][1]["suggestion"] == "did you mean 'skjelettscintigrafi'?"
    skeleton = sum(1 for i, r in enumerate(table) if _proc(r[2]) and i not in UNKNOWN and i not in LOGGED)
    count = next(c for c in view["counts"] if c["id"] == "skeleton-scintigraphy")
    assert count["count"] == 20 + skeleton and count["minimum"] == 400


def test_an_identity_number_in_a_read_column_refuses_the_file(cli, lis):
    table = _table()
    table[123][0] = D_NUMBER
    bench.write(lis.root / "arbeidsliste.csv", table)
    before = (lis.root / LOG).read_bytes()
    code, out = cli("worklist", str(lis.root / "arbeidsliste.csv"), repo=lis)
    assert code == 1, out
    assert "arbeidsliste.csv: A125: [identity-number] the cell holds a national identity number" in out
    assert D_NUMBER not in out
    assert (lis.root / LOG).read_bytes() == before


def test_xlsx_named_columns_and_a_dry_run(cli, repo):
    repo.trainee()
    table = bench.rows(30, first=50_000_000)
    for row in table:
        row[2] = "PET in lung cancer"
    bench.write(repo.root / "rapporter.xlsx", table, xlsx=True)
    code, out = cli("worklist", str(repo.root / "rapporter.xlsx"), "--dry-run", repo=repo)
    assert code == 0, out
    assert "Would add 30 to data/logs/lis/2026.yaml (a new file)" in out
    assert "30 would be added: PET in lung cancer 30 (no minimum set)" in out
    assert not (repo.root / LOG).exists()
    code, out = cli("worklist", str(repo.root / "rapporter.xlsx"), "--accession-column", "Pasient", repo=repo)
    assert code == 1, out
    assert "error: Arbeidsliste!D2 '" in out and "' is not an examination number; nothing was written" in out
    code, out = cli("worklist", str(repo.root / "rapporter.xlsx"), "--date-column", "Når", repo=repo)
    assert code == 1 and "the file has no column 'Når'" in out


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("latin1.csv", "Undersøkelsesnummer;Undersøkelse\n1;skjelettscintigrafi\n".encode("latin-1"), "is not UTF-8"),
        ("nul.csv", b"Undersokelse\x00;x\n", "[encoding]"),
        ("broken.xlsx", b"PK\x03\x04" + b"\x00" * 40, "is not an Excel workbook"),
        ("nocolumn.csv", b"Nummer;Navn\n1;x\n", "[no-column]"),
        # csv's field limit is 131,072 characters: a longer field is no worklist
        ("huge.csv", b"Undersokelsesnummer;Undersokelse\n1;" + b"x" * 200_000 + b"\n", "[not-csv]"),
    ],
)
def test_a_damaged_file_is_refused_in_words(cli, repo, name, data, message):
    repo.trainee()
    path = repo.write_bytes(name, data)
    code, out = cli("worklist", str(path), repo=repo)
    assert code == 1, out
    assert message in out and "Traceback" not in out


def test_undo_takes_the_whole_import_back(cli, lis):
    before = (lis.root / LOG).read_bytes()
    assert cli("worklist", str(lis.root / "arbeidsliste.csv"), repo=lis)[0] == 1
    assert (lis.root / LOG).read_bytes() != before
    code, out = cli("undo", repo=lis)
    assert code == 0, out
    assert (lis.root / LOG).read_bytes() == before


def test_a_row_dated_in_the_future_refuses_the_file_naming_the_cell(cli, lis):
    table = _table()
    table[10][1] = "24.11.2026"  # the day after the tests' today, 2026-11-23
    bench.write(lis.root / "arbeidsliste.csv", table)
    before = (lis.root / LOG).read_bytes()
    code, out = cli("worklist", str(lis.root / "arbeidsliste.csv"), repo=lis)
    assert code == 1, out
    assert "B12: 24.11.2026 is in the future; nothing was imported" in out
    assert (lis.root / LOG).read_bytes() == before


def test_an_xlsx_export_too_long_gets_the_worklists_advice(cli, repo, monkeypatch):
    """A worklist's xlsx is read as the activity sheet is (load/cells.py), and refused past the same row
    limit, but what to do is the worklist's (export fewer days), not the sheet's (delete a plan's rows)."""
    from lisplan.load import cells

    monkeypatch.setattr(cells, "MAX_ROWS", 10)
    repo.trainee()
    bench.write(repo.root / "rapporter.xlsx", bench.rows(30, first=50_000_000), xlsx=True)
    code, out = cli("worklist", str(repo.root / "rapporter.xlsx"), repo=repo)
    assert code == 1, out
    assert "rapporter.xlsx: Arbeidsliste!A12: [too-big] the sheet has more than 10 rows" in out
    assert "export one day or one month at a time" in out and "a plan has" not in out
