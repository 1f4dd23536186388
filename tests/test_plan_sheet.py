"""lisplan plan sheet / plan import: the institution's activity sheet out of the plan and back.

The plan is OUS's (data/plans/ous-nuk.yaml, document 000), copied into a temporary plan repo; the
sheets are the ones ``plan sheet`` writes, edited with openpyxl the way an education lead edits them
in Excel.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from conftest import PROJECT, Repo, yaml_data
from lisplan.cli import app

openpyxl = pytest.importorskip("openpyxl")

PLAN = "data/plans/ous-nuk.yaml"
HEADERS = [
    "Læringsmål",
    "Målsett",
    "Del",
    "Læringsmålets tekst",
    "Læringsaktivitet",
    "Tema",
    "Kurs",
    "Prosedyreliste",
    "Antall",
    "Vurdering",
    "Signeres av",
    "Merknad",
]
OUS = "OUS' utdanningsplan for nukleærmedisin"  # how ous-nuk.yaml's readings name document 000
COL = {h: i + 1 for i, h in enumerate(HEADERS)}
#: A valid fødselsnummer (01.01.90, individual number 000; check digits by the mod-11 rule), made up.
IDENTITY = "01019000008"


@pytest.fixture
def ous(repo: Repo) -> Repo:
    """A plan repo holding its own copy of OUS's plan (an import writes only a repo's own files)."""
    (repo.root / "data" / "plans").mkdir(parents=True)
    shutil.copy(PROJECT / PLAN, repo.root / PLAN)
    return repo


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """The sheet ``plan sheet`` writes for OUS's plan, made once for the module (it takes a second)."""
    root = tmp_path_factory.mktemp("ous")
    (root / "data" / "plans").mkdir(parents=True)
    shutil.copy(PROJECT / PLAN, root / PLAN)
    out = root / "ous.xlsx"
    result = CliRunner().invoke(app, ["--repo", str(root), "plan", "sheet", "ous-nuk", "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out.read_bytes()


@pytest.fixture
def sheet(ous: Repo, written: bytes) -> Path:
    out = ous.root / "ous.xlsx"
    out.write_bytes(written)
    return out


def _plan() -> dict[str, Any]:
    """OUS's plan as plain data, read independently of lisplan (PyYAML)."""

    data: dict[str, Any] = yaml_data((PROJECT / PLAN).read_text(encoding="utf-8"))
    return data


def rows(path: Path) -> list[list[Any]]:
    book = openpyxl.load_workbook(path)
    return [list(r) for r in book["Aktiviteter"].iter_rows(values_only=True)]


def find(path: Path, goal: str, kind: str | None = None) -> int:
    """The (1-based) row of ``goal``'s activity ``kind`` (or its first row)."""
    for n, r in enumerate(rows(path), 1):
        if r[0] == goal and (kind is None or r[COL["Læringsaktivitet"] - 1] == kind):
            return n
    raise AssertionError(f"no row for {goal} {kind}")


def edit(path: Path, change: Callable[[Any], None]) -> None:
    book = openpyxl.load_workbook(path)
    change(book["Aktiviteter"])
    book.save(path)


# --- the sheet --------------------------------------------------------------------------------------


def test_sheet_has_a_row_per_activity_and_an_empty_row_per_goal_without(sheet: Path) -> None:
    found = rows(sheet)
    assert found[0] == HEADERS
    # nuk-2019 NUK-001…102 (102 goals), nuk-2025 NUK-103…176 (74), fkm-2026 FKM-001…014 (14): 190 goals,
    # a row each, and a row more for each activity past a goal's first (NUK-068 has two, 000 §2.1.3 b).
    assert len(found) - 1 == 190 + sum(len(ga["activities"]) - 1 for ga in _plan()["goal_activities"])
    by_goal: dict[str, list[list[Any]]] = {}
    for r in found[1:]:
        by_goal.setdefault(r[0], []).append(r)
    assert len(by_goal) == 190
    intro, procedure = by_goal["NUK-068"]
    # 000 §2.1.3 b: an introduction, and the skeleton scintigraphy procedure list of 400;
    # 000 «Læringsaktivitet - vurderingsform» 2 and 5: both signed off by a supervisor.
    assert intro[4:12] == ["Introduksjon", None, None, None, None, "Supervisør", "Supervisør", None]
    assert procedure[4:12] == [
        "Prosedyreliste",
        None,
        None,
        "skjelettscintigrafi",
        400,
        "Supervisør",
        "Supervisør",
        None,
    ]
    # 000 §2.1.3 c: an MDT meeting on lung cancer for LM 85.
    assert by_goal["NUK-085"][0][4:6] == ["MDT-møte", "lungekreft"]
    # A goal without activities: its row is there, the activity columns empty, ready to fill in.
    (nuk103,) = by_goal["NUK-103"]
    assert nuk103[:3] == ["NUK-103", "nuk-2025", "C38.1 Strålevern"]
    assert nuk103[3].startswith("Ha god kunnskap om radioaktivitet")
    assert nuk103[4:] == [None] * 8


def test_sheet_explains_columns_offers_dropdowns_and_has_no_formulas(sheet: Path) -> None:
    book = openpyxl.load_workbook(sheet)
    assert book.sheetnames == ["Aktiviteter", "Forklaring"]
    help_texts = [r[0] for r in book["Forklaring"].iter_rows(values_only=True)]
    for header in HEADERS:
        assert header in help_texts
    for value in ("Introduksjon", "Prosedyreliste", "MDT-møte", "LIS", "Supervisør", "skjelettscintigrafi"):
        assert value in help_texts
    validations = book["Aktiviteter"].data_validations.dataValidation
    lists = {str(v.sqref).split(":")[0][0]: v for v in validations if v.type == "list"}
    assert set(lists) == {"E", "H", "G", "K"}  # activity, procedure list, course, signer
    assert lists["E"].formula1.startswith("Forklaring!")
    assert lists["E"].showErrorMessage and lists["E"].errorStyle in (None, "stop")
    whole = [v for v in validations if v.type == "whole"]
    assert whole and str(whole[0].sqref).startswith("I2")
    for ws in book.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", cell.coordinate
    # text is text: goal codes are strings, not numbers or dates
    assert book["Aktiviteter"]["A2"].data_type == "s"


def test_plan_sheet_writes_the_file_and_says_what_next(ous: Repo, cli: Any, written: bytes) -> None:
    out = ous.root / "new.xlsx"
    code, text = cli("plan", "sheet", "ous-nuk", "--out", str(out), repo=ous)
    assert code == 0
    activities = sum(len(ga["activities"]) for ga in _plan()["goal_activities"])
    assert (
        text
        == f"Wrote {out}: 190 goals, {activities} activities. Fill it in, then: lisplan plan import ous-nuk {out}\n"
    )
    assert rows(out) == [list(r) for r in openpyxl.load_workbook(io.BytesIO(written))["Aktiviteter"].values]


def test_sheet_of_an_unknown_plan_is_a_usage_error(ous: Repo, cli: Any) -> None:
    code, text = cli("plan", "sheet", "ous-nk", "--out", str(ous.root / "x.xlsx"), repo=ous)
    assert code == 2
    assert "no plan 'ous-nk'" in text and "did you mean 'ous-nuk'?" in text


def test_sheet_must_be_xlsx(ous: Repo, cli: Any) -> None:
    code, text = cli("plan", "sheet", "ous-nuk", "--out", str(ous.root / "x.csv"), repo=ous)
    assert code == 2 and "x.xlsx" in text


# --- the round trip ---------------------------------------------------------------------------------


def test_an_unedited_sheet_changes_nothing_byte_for_byte(ous: Repo, sheet: Path, cli: Any) -> None:
    before = (ous.root / PLAN).read_bytes()
    code, text = cli("plan", "import", "ous-nuk", str(sheet), repo=ous)
    assert code == 0, text
    assert "No changes" in text
    assert (ous.root / PLAN).read_bytes() == before


def _add_edit_delete(ws: Any) -> None:
    """Add an activity (an introduction for NUK-117), change a minimum (400 → 300), delete a row (NUK-138's)."""
    for n, r in enumerate(ws.iter_rows(values_only=True), 1):
        if r[0] == "NUK-117":
            ws.cell(n, COL["Læringsaktivitet"], "Introduksjon")
        if r[COL["Læringsaktivitet"] - 1] == "Prosedyreliste" and r[COL["Antall"] - 1] == 400:
            ws.cell(n, COL["Antall"], 300)  # every row of the list (NUK-068's and NUK-116's): one minimum
    for n, r in enumerate(ws.iter_rows(values_only=True), 1):
        if r[0] == "NUK-138":
            ws.delete_rows(n)
            break


def test_an_edited_sheet_imports_to_the_expected_yaml_and_passes_check(ous: Repo, sheet: Path, cli: Any) -> None:
    before = (ous.root / PLAN).read_text(encoding="utf-8")
    edit(sheet, _add_edit_delete)
    code, text = cli("plan", "import", "ous-nuk", str(sheet), repo=ous)
    assert code == 0, text
    assert "NUK-138  removed   - MDT-møte: lungekreft" in text
    assert "NUK-117  added     + Introduksjon" in text
    assert "procedure list skeleton-scintigraphy (skjelettscintigrafi): minimum 400 → 300" in text
    # Expected by hand: the minimum changes in place (its comment kept); NUK-138's item, the last of
    # goal_activities, goes with its comment and its reading and NUK-117's takes its place (the sheet's order); every
    # other byte stays.
    expected = before.replace("    minimum: 400 ", "    minimum: 300 ").replace(
        "  - goal: nuk-2025:NUK-138\n"
        '    reading: {source: "OUS\' utdanningsplan for nukleærmedisin §2.1.3 c", of: nuk-2019:NUK-085}\n'
        "    activities:\n"
        "      - {kind: mdt, topic: lungekreft}   # as for NUK-085 (000 §2.1.3 c)\n",
        "  - goal: NUK-117\n    activities:\n      - {kind: introduction}\n",
    )
    assert expected != before
    assert (ous.root / PLAN).read_text(encoding="utf-8") == expected
    code, text = cli("check", repo=ous)
    assert code == 0, text
    # and the written plan's sheet is the edited one: importing it again changes nothing
    again = ous.root / "again.xlsx"
    assert cli("plan", "sheet", "ous-nuk", "--out", str(again), repo=ous)[0] == 0
    written = (ous.root / PLAN).read_bytes()
    assert cli("plan", "import", "ous-nuk", str(again), repo=ous)[0] == 0
    assert (ous.root / PLAN).read_bytes() == written


def test_a_new_procedure_list_and_activities_with_topic_course_and_count(ous: Repo, sheet: Path, cli: Any) -> None:
    def change(ws: Any) -> None:
        n = ws.max_row + 1
        ws.cell(n, COL["Læringsmål"], "NUK-117")
        ws.cell(n, COL["Læringsaktivitet"], "Prosedyreliste")
        ws.cell(n, COL["Prosedyreliste"], "Myokardscintigrafi")
        ws.cell(n, COL["Antall"], 50)
        ws.cell(n + 1, COL["Læringsmål"], "NUK-117")
        ws.cell(n + 1, COL["Læringsaktivitet"], "MDT-møte")
        ws.cell(n + 1, COL["Tema"], "hjerte")
        ws.cell(n + 1, COL["Antall"], 2)
        ws.cell(n + 2, COL["Læringsmål"], "NUK-117")
        ws.cell(n + 2, COL["Læringsaktivitet"], "Kurs")
        ws.cell(n + 2, COL["Kurs"], "nm-4-organdiagnostikk-terapi")

    edit(sheet, change)
    code, text = cli("plan", "import", "ous-nuk", str(sheet), "--format", "json", repo=ous)
    assert code == 0, text
    import json

    view = json.loads(text)
    assert view["written"] is True
    assert view["procedures"] == [
        {
            "id": "myokardscintigrafi",
            "name": "Myokardscintigrafi",
            "change": "added",
            "minimum_before": None,
            "minimum": 50,
        }
    ]
    written = (ous.root / PLAN).read_text(encoding="utf-8")
    assert "  - id: myokardscintigrafi\n    name: Myokardscintigrafi\n    minimum: 50\n" in written
    assert (
        "  - goal: NUK-117\n    activities:\n"
        "      - {kind: procedure-list, procedure: myokardscintigrafi}\n"
        "      - {kind: mdt, topic: hjerte, count: 2}\n"
        "      - {kind: course, course: nm-4-organdiagnostikk-terapi}\n"
    ) in written
    assert cli("check", repo=ous)[0] == 0


def test_deleting_an_item_keeps_the_comments_that_introduce_the_next_one(ous: Repo, sheet: Path, cli: Any) -> None:
    """ruamel.yaml keeps the comment lines between two items with the first; deleting NUK-085's row takes
    the comment block that introduces the nuk-2025 activities with it. Found in the merge; not fixed yet."""
    before = (ous.root / PLAN).read_text(encoding="utf-8")

    def delete_085(ws: Any) -> None:
        for n, r in enumerate(ws.iter_rows(values_only=True), 1):
            if r[0] == "NUK-085":
                ws.delete_rows(n)
                return

    edit(sheet, delete_085)
    assert cli("plan", "import", "ous-nuk", str(sheet), repo=ous)[0] == 0
    block = before[before.index("  # nuk-2025: LISPLAN'S READING") : before.index("  - goal: nuk-2025:NUK-116")]
    assert block in (ous.root / PLAN).read_text(encoding="utf-8")


def test_dry_run_shows_the_changes_and_writes_nothing(ous: Repo, sheet: Path, cli: Any) -> None:
    before = (ous.root / PLAN).read_bytes()
    edit(sheet, _add_edit_delete)
    code, text = cli("plan", "import", "ous-nuk", str(sheet), "--dry-run", repo=ous)
    assert code == 0, text
    assert "NUK-117  added" in text and "nothing written" in text
    assert (ous.root / PLAN).read_bytes() == before


def test_a_plan_that_ships_with_lisplan_is_not_written(repo: Repo, cli: Any, tmp_path: Path) -> None:
    out = tmp_path / "ous.xlsx"
    assert cli("plan", "sheet", "ous-nuk", "--out", str(out), repo=repo)[0] == 0
    code, text = cli("plan", "import", "ous-nuk", str(out), repo=repo)
    assert code == 2
    assert "lisplan's own copy" in text and "data/plans/ous-nuk.yaml" in text


# --- bad sheets -------------------------------------------------------------------------------------


def _set(goal: str, kind: str | None, column: str, value: Any) -> Callable[[Any], None]:
    def change(ws: Any) -> None:
        for n, r in enumerate(ws.iter_rows(values_only=True), 1):
            if r[0] == goal and (kind is None or r[COL["Læringsaktivitet"] - 1] == kind):
                ws.cell(n, COL[column]).value = value  # ws.cell(n, c, None) would leave the value
                return

    return change


def _conflicting_minimum(ws: Any) -> None:
    """A second row for the skeleton-scintigraphy list (the one of NUK-068) with another minimum."""
    for r in ws.iter_rows(values_only=True):
        if r[0] == "NUK-068" and r[COL["Læringsaktivitet"] - 1] == "Prosedyreliste":
            name = r[COL["Prosedyreliste"] - 1]
    n = ws.max_row + 1
    ws.cell(n, COL["Læringsmål"], "NUK-116")
    ws.cell(n, COL["Læringsaktivitet"], "Prosedyreliste")
    ws.cell(n, COL["Prosedyreliste"], name)
    ws.cell(n, COL["Antall"], 300)


def _no_minimum(ws: Any) -> None:
    """The skeleton-scintigraphy list's minimum cleared in every row that names it (NUK-068's, NUK-116's)."""
    for n, r in enumerate(ws.iter_rows(values_only=True), 1):
        if r[COL["Læringsaktivitet"] - 1] == "Prosedyreliste":
            ws.cell(n, COL["Antall"]).value = None


def _duplicate(ws: Any) -> None:
    n = ws.max_row + 1
    ws.cell(n, COL["Læringsmål"], "NUK-068")
    ws.cell(n, COL["Læringsaktivitet"], "Introduksjon")


CASES = {
    # name: (edit, code, the cell's column and goal/kind, words of the message, words of the fix)
    "activity without its kind": (
        _set("NUK-103", None, "Tema", "skjelett"),
        "no-activity",
        ("E", "NUK-103", None),
        "no learning activity, but Tema is filled in",
        "choose the activity in Læringsaktivitet",
    ),
    "unknown goal set": (
        _set("NUK-103", None, "Målsett", "nuk-2052"),
        "unknown-goal-set",
        ("B", "NUK-103", None),
        "the plan has no goal set 'nuk-2052'",
        "did you mean 'nuk-2025'?",
    ),
    "unknown goal": (
        _set("NUK-103", None, "Læringsmål", "NUK-1033"),
        "unknown-goal",
        ("A", "NUK-1033", None),
        "unknown goal 'NUK-1033'",
        "did you mean",
    ),
    "unknown activity": (
        _set("NUK-103", None, "Læringsaktivitet", "Forelesning"),
        "unknown-activity",
        ("E", "NUK-103", None),
        "unknown learning activity 'Forelesning'",
        "Introduksjon, Kurs",
    ),
    "unknown signer": (
        _set("NUK-068", "Introduksjon", "Signeres av", "Overlege"),
        "unknown-signer",
        ("K", "NUK-068", "Introduksjon"),
        "unknown signer 'Overlege'",
        "LIS or Supervisør",
    ),
    "signer against 000": (
        _set("NUK-068", "Introduksjon", "Signeres av", "LIS"),
        "wrong-signer",
        ("K", "NUK-068", "Introduksjon"),
        "Introduksjon is signed off by Supervisør",
        "write Supervisør",
    ),
    "minimum not whole": (
        _set("NUK-068", "Prosedyreliste", "Antall", 12.5),
        "not-a-whole-number",
        ("I", "NUK-068", "Prosedyreliste"),
        "Antall is '12.5', not a whole number",
        "write a whole number",
    ),
    "minimum as words": (
        _set("NUK-068", "Prosedyreliste", "Antall", "fire hundre"),
        "not-a-whole-number",
        ("I", "NUK-068", "Prosedyreliste"),
        "not a whole number",
        "such as 400",
    ),
    "procedure without minimum": (
        _no_minimum,
        "no-minimum",
        ("I", "NUK-068", "Prosedyreliste"),
        "'skeleton-scintigraphy' has no minimum",
        "write the minimum",
    ),
    "duplicate row": (
        _duplicate,
        "duplicate-row",
        ("A", None, None),
        "the same activity for NUK-068 as in",
        "delete one",
    ),
    "activity without a goal": (
        _set("NUK-068", "Prosedyreliste", "Læringsmål", None),
        "no-goal",
        ("A", "NUK-068", "Prosedyreliste"),
        "an activity without a goal",
        "write the goal's code",
    ),
    "procedure-list activity without its list": (
        _set("NUK-068", "Prosedyreliste", "Prosedyreliste", None),
        "no-procedure",
        ("H", "NUK-068", "Prosedyreliste"),
        "without a procedure list",
        "write the procedure list's name",
    ),
    "procedure list named by no letter or digit": (
        _set("NUK-068", "Prosedyreliste", "Prosedyreliste", "???"),
        "bad-procedure",
        ("H", "NUK-068", "Prosedyreliste"),
        "'???' cannot name a procedure list",
        "write a name with letters",
    ),
    "procedure list on another activity": (
        _set("NUK-085", "MDT-møte", "Prosedyreliste", "skjelettscintigrafi"),
        "misplaced-procedure",
        ("H", "NUK-085", "MDT-møte"),
        "a procedure list is named",
        "choose Prosedyreliste",
    ),
    "one list, two minimums": (
        _conflicting_minimum,
        "conflicting-minimum",
        ("I", None, None),
        "and 300 here",
        "write the same number in every row",
    ),
    "course on another activity": (
        _set("NUK-068", "Introduksjon", "Kurs", "nm-1-stralevern"),
        "misplaced-course",
        ("G", "NUK-068", "Introduksjon"),
        "a course is named",
        "choose Kurs",
    ),
}


@pytest.mark.parametrize("case", list(CASES))
def test_each_fault_names_its_cell_and_fix_and_nothing_is_written(ous: Repo, sheet: Path, cli: Any, case: str) -> None:
    change, code_, (column, goal, kind), message, fix = CASES[case]
    row = find(sheet, goal, kind) if goal and goal != "NUK-1033" else None
    if goal == "NUK-1033":
        row = find(sheet, "NUK-103")
    edit(sheet, change)
    if row is None:
        row = len(rows(sheet))  # the row added at the end
    before = (ous.root / PLAN).read_bytes()
    code, text = cli("plan", "import", "ous-nuk", str(sheet), repo=ous)
    assert code == 1, text
    assert f"ous.xlsx: Aktiviteter!{column}{row}: error[{code_}]: " in text, text
    assert message in text and fix in text
    assert "nothing was written" in text
    assert (ous.root / PLAN).read_bytes() == before


def test_an_unknown_course_gets_did_you_mean(ous: Repo, sheet: Path, cli: Any) -> None:
    row = find(sheet, "NUK-103")
    edit(sheet, _set("NUK-103", None, "Læringsaktivitet", "Kurs"))
    edit(sheet, _set("NUK-103", None, "Kurs", "nm-1-stralevrn"))
    code, text = cli("plan", "import", "ous-nuk", str(sheet), repo=ous)
    assert code == 1
    assert f"Aktiviteter!G{row}: error[unknown-course]: unknown course 'nm-1-stralevrn'" in text
    assert "did you mean 'nm-1-stralevern'?" in text


@pytest.mark.parametrize("value", [IDENTITY, f"pasient {IDENTITY[:6]} {IDENTITY[6:]}", int(IDENTITY)])
def test_an_identity_number_in_any_cell_is_refused_and_never_echoed(
    ous: Repo, sheet: Path, cli: Any, value: Any
) -> None:
    row = find(sheet, "NUK-085")
    edit(sheet, _set("NUK-085", None, "Merknad", value))
    before = (ous.root / PLAN).read_bytes()
    code, text = cli("plan", "import", "ous-nuk", str(sheet), "--format", "json", repo=ous)
    assert code == 1
    assert f"Aktiviteter!L{row}" in text and "identity-number" in text
    assert IDENTITY not in text and IDENTITY[6:] not in text and str(int(IDENTITY)) not in text
    assert (ous.root / PLAN).read_bytes() == before


def test_an_identity_number_on_the_explanation_sheet_is_refused_too(ous: Repo, sheet: Path, cli: Any) -> None:
    book = openpyxl.load_workbook(sheet)
    book["Forklaring"]["D3"] = IDENTITY
    book.save(sheet)
    code, text = cli("plan", "import", "ous-nuk", str(sheet), repo=ous)
    assert code == 1 and "Forklaring!D3" in text and IDENTITY not in text


def test_a_missing_column_is_named(ous: Repo, sheet: Path, cli: Any) -> None:
    edit(sheet, lambda ws: ws.delete_cols(COL["Tema"]))
    code, text = cli("plan", "import", "ous-nuk", str(sheet), repo=ous)
    assert code == 1
    assert "Aktiviteter!1: error[missing-column]: no column 'Tema'" in text


def _ole(extra: bytes) -> bytes:
    # An OLE compound file's signature; Excel stores a password-protected workbook as one holding a
    # stream named "EncryptedPackage" (MS-OFFCRYPTO), an old .xls as one without it.
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504 + extra


@pytest.mark.parametrize(
    ("content", "code_", "words"),
    [
        (b"goal,kind\nNUK-068,introduction\n", "not-xlsx", "not an Excel workbook (.xlsx)"),
        (_ole("EncryptedPackage".encode("utf-16-le")), "password-protected", "password-protected"),
        (_ole(b"Workbook"), "not-xlsx", "old Excel file (.xls)"),
    ],
)
def test_files_that_are_not_a_readable_xlsx(ous: Repo, cli: Any, content: bytes, code_: str, words: str) -> None:
    path = ous.write_bytes("bad.xlsx", content)
    before = (ous.root / PLAN).read_bytes()
    code, text = cli("plan", "import", "ous-nuk", str(path), repo=ous)
    assert code == 1
    assert f"bad.xlsx: error[{code_}]" in text and words in text and "save" in text
    assert (ous.root / PLAN).read_bytes() == before


def test_an_ods_file_is_told_to_be_saved_as_xlsx(ous: Repo, cli: Any) -> None:
    path = ous.root / "plan.ods"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("content.xml", "<office:document-content/>")
    code, text = cli("plan", "import", "ous-nuk", str(path), repo=ous)
    assert code == 1 and "OpenDocument" in text and ".xlsx" in text


def test_a_50_mb_file_is_refused_before_it_is_read(ous: Repo, cli: Any) -> None:
    path = ous.root / "big.xlsx"
    with path.open("wb") as fh:
        fh.truncate(50 * 2**20)  # sparse: 50 MB on paper, nothing on disk
    code, text = cli("plan", "import", "ous-nuk", str(path), repo=ous)
    assert code == 1
    assert "big.xlsx: error[too-big]: the file is 50 MiB" in text


def test_a_workbook_that_unpacks_to_more_than_lisplan_reads_is_refused(
    ous: Repo, cli: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A zip bomb: an xlsx is a zip, refused by what its parts unpack to before openpyxl reads one."""
    from lisplan.load import cells

    path = ous.root / "bomb.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/workbook.xml", "<workbook/>")
        z.writestr("xl/worksheets/sheet1.xml", " " * 3 * 2**20)  # 3 MiB of nothing, packed to a few KiB
    monkeypatch.setattr(cells, "MAX_UNPACKED", 2 * 2**20)
    code, text = cli("plan", "import", "ous-nuk", str(path), repo=ous)
    assert code == 1
    assert "bomb.xlsx: error[too-big]: the workbook unpacks to 3 MiB, more than lisplan reads (2 MiB)" in text
    assert "import the sheet lisplan plan sheet wrote, without pictures" in text


def test_a_missing_file_is_a_usage_error(ous: Repo, cli: Any) -> None:
    code, text = cli("plan", "import", "ous-nuk", str(ous.root / "nope.xlsx"), repo=ous)
    assert code == 2 and "no file" in text


# --- LibreOffice --------------------------------------------------------------------------------------


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_opens_the_sheet(sheet: Path, tmp_path: Path) -> None:
    out = tmp_path / "csv"
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{tmp_path / 'profile'}",
            "--headless",
            "--convert-to",
            "csv:Text - txt - csv (StarCalc):44,34,76",
            "--outdir",
            str(out),
            str(sheet),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    text = (out / "ous.csv").read_text(encoding="utf-8")
    lines = text.splitlines()
    assert lines[0] == ",".join(HEADERS)
    assert len(lines) == 193  # the header and 192 rows (190 goals, NUK-068 and NUK-116 with two activities each)
    assert any(line.startswith("NUK-068,nuk-2019,") and ",skjelettscintigrafi,400," in line for line in lines)


RICH = """
procedures:
  - {id: myo, name: Myokardscintigrafi, minimum: 50, count_roles: [described]}
goal_activities:
  - goal: nuk-2025:NUK-117   # written with its set
    note: the goal's own note stays
    activities:
      - kind: course
        course: nm-4-organdiagnostikk-terapi
      - {kind: procedure-list, procedure: myo, count: 1}
      - {kind: mdt, topic: "hjerte", count: 2, note: "to møter"}
      - {kind: teaching}
      - {kind: self-study, topic: "e-håndbok: myokard"}
"""


def test_every_kind_of_value_survives_an_unedited_round_trip(repo: Repo, cli: Any, tmp_path: Path) -> None:
    from conftest import plan_yaml

    path = repo.write("data/plans/test.yaml", plan_yaml("test-nuk", "nuk", "[nuk-2025]", RICH))
    before = path.read_bytes()
    out = tmp_path / "t.xlsx"
    assert cli("plan", "sheet", "test-nuk", "--out", str(out), repo=repo)[0] == 0
    found = [r for r in rows(out) if r[0] == "NUK-117"]
    assert [r[4:9] for r in found] == [
        ["Kurs", None, "nm-4-organdiagnostikk-terapi", None, None],
        ["Prosedyreliste", None, None, "Myokardscintigrafi", 50],
        ["MDT-møte", "hjerte", None, None, 2],
        ["Undervisning", None, None, None, None],
        ["Selvstudium", "e-håndbok: myokard", None, None, None],
    ]
    assert found[2][11] == "to møter"
    code, text = cli("plan", "import", "test-nuk", str(out), repo=repo)
    assert code == 0 and "No changes" in text
    assert path.read_bytes() == before
    # one activity changed (the MDT meeting's count): only its line changes
    edit(out, _set("NUK-117", "MDT-møte", "Antall", 3))
    code, text = cli("plan", "import", "test-nuk", str(out), repo=repo)
    assert code == 0, text
    assert "NUK-117  changed   + MDT-møte: hjerte ×3 (to møter)" in text
    after = path.read_text(encoding="utf-8")
    assert after == before.decode().replace(
        '      - {kind: mdt, topic: "hjerte", count: 2, note: "to møter"}\n',
        "      - {kind: mdt, topic: hjerte, count: 3, note: to møter}\n",
    )
    assert cli("check", repo=repo)[0] == 0


def test_a_workbook_without_the_activity_sheet_is_named(ous: Repo, sheet: Path, cli: Any) -> None:
    book = openpyxl.load_workbook(sheet)
    book["Aktiviteter"].title = "Ark1"
    book.save(sheet)
    code, text = cli("plan", "import", "ous-nuk", str(sheet), repo=ous)
    assert code == 1
    assert "ous.xlsx: error[no-sheet]: the workbook has no sheet 'Aktiviteter' (it has: Ark1, Forklaring)" in text


def test_a_file_that_cannot_be_read_and_a_missing_reader_are_sheet_faults(
    ous: Repo, sheet: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """read_sheet's refusals name the file (the command checks that the file exists before it calls it)."""
    import sys

    from lisplan.load.cells import SheetRefused
    from lisplan.load.sheet import read_sheet

    with pytest.raises(SheetRefused) as gone:
        read_sheet(ous.root / "gone.xlsx", None, None)  # type: ignore[arg-type]
    assert (gone.value.problem.code, gone.value.problem.where) == ("unreadable", "gone.xlsx")
    monkeypatch.setitem(sys.modules, "openpyxl", None)  # import openpyxl now raises ImportError
    with pytest.raises(SheetRefused) as missing:
        read_sheet(sheet, None, None)  # type: ignore[arg-type]
    assert missing.value.problem.code == "missing-library"


def test_undo_after_a_plan_import_does_not_take_back_the_write_before_it(ous: Repo, sheet: Path, cli: Any) -> None:
    ous.trainee()
    code, text = cli("teaching", "Skjelettscintigrafi", "--goal", "NUK-116", repo=ous)
    assert code == 0, text
    log = (ous.root / "data/logs/lis/2026.yaml").read_bytes()
    edit(sheet, _add_edit_delete)
    assert cli("plan", "import", "ous-nuk", str(sheet), repo=ous)[0] == 0
    code, text = cli("undo", repo=ous)
    assert code == 1 and "nothing to undo" in text  # the last write was the plan's, which undo does not take back
    assert (ous.root / "data/logs/lis/2026.yaml").read_bytes() == log


# --- lisplan's readings, marked in the note column ---------------------------------------------------


def test_every_reading_is_marked_in_its_note_and_the_mark_does_not_come_back(ous: Repo, sheet: Path, cli: Any) -> None:
    # ous-nuk.yaml: NUK-116's activities are a reading of «OUS' utdanningsplan … §2.1.3 b» (for nuk-2019:NUK-068), and
    # the list myocardial-perfusion («myokardperfusjonsundersøkelse») counts nuk-2025:NUK-117 with reading
    # «nuk-2025 NUK-117 (FOR-2025-01-17-51 kap. C38); ingen publisert minimumstall». Each row says so in one line.
    nuk_2019 = "Nukleærmedisin, læringsmål 2019 (NUK-001 … NUK-102)"  # data/goals/nuk-2019.yaml
    notes = {(r[0], r[COL["Læringsaktivitet"] - 1]): r[COL["Merknad"] - 1] for r in rows(sheet)[1:]}
    mark_116 = f"lisplans tolkning, ikke planens egen: {OUS} §2.1.3 b gir aktivitetene for NUK-068 i {nuk_2019}"
    assert notes[("NUK-116", "Introduksjon")] == mark_116
    assert notes[("NUK-116", "Prosedyreliste")] == mark_116
    assert notes[("NUK-138", "MDT-møte")] == (
        f"lisplans tolkning, ikke planens egen: {OUS} §2.1.3 c gir aktivitetene for NUK-085 i {nuk_2019}"
    )
    assert notes[("NUK-117", None)] == (
        "lisplans tolkning, ikke planens egen: prosedyrelisten myokardperfusjonsundersøkelse: "
        "nuk-2025 NUK-117 (FOR-2025-01-17-51 kap. C38); ingen publisert minimumstall"
    )
    assert notes[("NUK-068", "Introduksjon")] is None  # OUS's own word (000 §2.1.3 b): no mark
    # the education lead writes a note above the mark: the plan gains that note and nothing of the mark
    row = find(sheet, "NUK-116", "Introduksjon")
    edit(sheet, lambda ws: ws.cell(row, COL["Merknad"], "på Rikshospitalet\n" + mark_116))
    code, text = cli("plan", "import", "ous-nuk", str(sheet), repo=ous)
    assert code == 0, text
    plan = (ous.root / PLAN).read_text(encoding="utf-8")
    assert "på Rikshospitalet" in plan and "lisplans tolkning" not in plan
