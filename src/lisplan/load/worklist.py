"""A RIS/PACS worklist or "my reports" export (CSV or xlsx), read as rows of the columns lisplan needs.

Columns are found by their header, in bokmål or English (``Undersøkelsesnummer``/``Accession``,
``Dato``/``Date``, ``Undersøkelse``/``Examination``, ``Rolle``/``Role``), or named by the user. Only
those columns are read: a national identity number in one of them refuses the file, naming the cell
(lisplan must never store one); one in any other column is never read into an entry, but counted, so
the summary can warn that the file itself holds identity numbers and does not belong in the repo.
xlsx is read by load/cells.py (openpyxl); a CSV is UTF-8 (with or without BOM), separated by ``;``,
``,`` or tabs.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lisplan.core.i18n import N_, _
from lisplan.core.identity import find_identity_numbers
from lisplan.load.cells import (
    MAX_BYTES,
    Advice,
    Cell,
    SheetProblem,
    SheetRefused,
    cell_text,
    check_row,
    file_head,
    too_big,
    workbook_rows,
)

#: The columns lisplan reads, each with the headers it is known by (compared without case, spaces,
#: dots, hyphens and underscores). The first two are needed; date and role have defaults.
HEADERS: dict[str, tuple[str, ...]] = {
    "accession": (
        "accession",
        "accession number",
        "accession no",
        "accession nr",
        "acc no",
        "undersøkelsesnummer",
        "undersøkelsesnr",
        "us nr",
        "aksesjonsnummer",
    ),
    "examination": (
        "examination",
        "exam",
        "study description",
        "procedure",
        "undersøkelse",
        "undersøkelsestype",
        "us type",
        "prosedyre",
    ),
    "date": ("date", "study date", "exam date", "examination date", "dato", "undersøkelsesdato", "us dato"),
    "role": ("role", "rolle"),
}
NEEDED = ("accession", "examination")
#: What to do with an export past lisplan's limits (load/cells.py)
ADVICE = Advice(
    N_("the file is {size} MiB; lisplan reads a worklist of up to {max} MiB"),
    N_("export one day or one month at a time"),
    N_("export one day or one month at a time"),
)
#: How each column is named in a message (the bokmål header first, as a Norwegian RIS prints it).
COLUMN_WORDS = {
    "accession": N_("accession number (Undersøkelsesnummer/Accession)"),
    "examination": N_("examination (Undersøkelse/Examination)"),
    "date": N_("date (Dato/Date)"),
    "role": N_("role (Rolle/Role)"),
}


@dataclass
class Row:
    """One row of the export: its cells in the columns read (absent columns are None)."""

    line: int  # the row's number in the file (the header is row 1)
    cells: dict[str, Cell]

    def text(self, key: str) -> str:
        """The cell's value as text: a number cell as its digits, as the export showed them."""
        cell = self.cells.get(key)
        value = cell.value if cell is not None else None
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        return "" if value is None or isinstance(value, bool) else str(value).strip()

    def value(self, key: str) -> Any:
        cell = self.cells.get(key)
        return cell.value if cell is not None else None

    def ref(self, key: str) -> str:
        cell = self.cells.get(key)
        return cell.ref if cell is not None else f"{self.line}"


@dataclass
class Worklist:
    path: Path
    sheet: str  # the sheet's name, or the file's for a CSV: what a cell's address starts with
    columns: dict[str, str]  # column key -> its header as written
    rows: list[Row] = field(default_factory=list)
    #: cells holding an identity number in columns not read: never read, but the file holds them
    unread_identity_numbers: int = 0


def read_worklist(path: Path, named: dict[str, str]) -> Worklist:
    """The rows of the export at ``path``; ``named`` maps a column key to the header the user gave for it."""
    sheet, grid = _grid(path)
    header = next((i for i, row in enumerate(grid) if any(cell_text(c.value).strip() for c in row)), None)
    if header is None:
        raise SheetRefused(SheetProblem("empty", path.name, _("the file has no rows"), _("export the worklist again")))
    found = _columns(grid[header], named, path)
    wanted = set(found.values())
    out = Worklist(path, sheet, {k: cell_text(grid[header][i].value).strip() for k, i in found.items()})
    for n, row in enumerate(grid[header + 1 :], header + 2):
        if not any(cell_text(c.value).strip() for c in row):
            continue
        for i, cell in enumerate(row):
            if any(True for _ in find_identity_numbers(cell_text(cell.value))):
                if i in wanted:
                    raise SheetRefused(
                        SheetProblem(
                            "identity-number",
                            cell.ref,
                            _(
                                "the cell holds a national identity number (fødselsnummer or D-number); "
                                "lisplan does not store it, so nothing was imported"
                            ),
                            _(
                                "export the worklist without the patient's identity number in that column, "
                                "or name the column that holds the accession number"
                            ),
                        )
                    )
                out.unread_identity_numbers += 1
        out.rows.append(Row(n, {k: row[i] for k, i in found.items() if i < len(row)}))
    return out


def _key(text: str) -> str:
    for sep in ".-_/":
        text = text.replace(sep, " ")
    return " ".join(text.split()).casefold()


def _columns(header: list[Cell], named: dict[str, str], path: Path) -> dict[str, int]:
    """Where each column lisplan reads is: by the header the user named, else by the known headers."""
    at = {_key(cell_text(c.value)): i for i, c in reversed(list(enumerate(header))) if cell_text(c.value).strip()}
    written = [cell_text(c.value).strip() for c in header if cell_text(c.value).strip()]
    found: dict[str, int] = {}
    for key, words in HEADERS.items():
        if key in named:
            if _key(named[key]) not in at:
                raise SheetRefused(
                    SheetProblem(
                        "no-column",
                        path.name,
                        _("the file has no column {column!r} (its columns: {columns})").format(
                            column=named[key], columns=", ".join(written)
                        ),
                        _("name one of its columns, as the first row writes it"),
                    )
                )
            found[key] = at[_key(named[key])]
            continue
        hit = next((at[_key(w)] for w in words if _key(w) in at), None)
        if hit is not None:
            found[key] = hit
    missing = [k for k in NEEDED if k not in found]
    if missing:
        option = {"accession": "--accession-column", "examination": "--examination-column"}
        raise SheetRefused(
            SheetProblem(
                "no-column",
                path.name,
                _("no column for the {what} among the file's columns ({columns})").format(
                    what=_(COLUMN_WORDS[missing[0]]), columns=", ".join(written) or _("none")
                ),
                _("name it with {option} (the header as the first row writes it)").format(option=option[missing[0]]),
            )
        )
    return found


def _grid(path: Path) -> tuple[str, list[list[Cell]]]:
    """The file's first sheet as rows of cells with addresses (``Sheet1!B7``; a CSV's are ``B7``)."""
    _size, head = file_head(path)
    if head.startswith(b"PK") or path.suffix.casefold() in (".xlsx", ".xlsm", ".xls"):
        try:
            sheets = workbook_rows(path, None, ADVICE)
        except SheetRefused:  # its own refusal, as it is
            raise
        except Exception:  # openpyxl raises many kinds for a damaged part of a workbook
            raise SheetRefused(
                SheetProblem(
                    "not-xlsx",
                    path.name,
                    _("the workbook is damaged, so lisplan cannot read it"),
                    _("export the worklist again, as .xlsx or CSV"),
                )
            ) from None
        name, grid = next(iter(sheets.items()), ("", []))
        return name, grid
    return path.name, _csv(path)


def _csv(path: Path) -> list[list[Cell]]:
    raw = path.read_bytes()
    if len(raw) > MAX_BYTES:
        raise too_big(path.name, len(raw), ADVICE)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = raw[: e.start].count(b"\n") + 1
        raise SheetRefused(
            SheetProblem(
                "encoding",
                f"{path.name}:{line}",
                _("the file is not UTF-8 text (byte {byte} on line {line})").format(
                    byte=f"0x{raw[e.start]:02x}", line=line
                ),
                _("export it as CSV UTF-8 (in Excel: Save As, CSV UTF-8), or as .xlsx"),
            )
        ) from None
    if "\x00" in text:
        raise SheetRefused(
            SheetProblem(
                "encoding",
                path.name,
                _("the file is not CSV text"),
                _("export it as CSV UTF-8 (in Excel: Save As, CSV UTF-8), or as .xlsx"),
            )
        )
    first = text.split("\n", 1)[0]
    delimiter = max(";,\t", key=first.count)
    grid: list[list[Cell]] = []
    try:
        for r, values in enumerate(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter), 1):
            check_row(r, f"{path.name}:{r}", ADVICE, sheet=False)
            grid.append([Cell(v, f"{_letter(c)}{r}") for c, v in enumerate(values, 1)])
    except csv.Error as e:
        raise SheetRefused(
            SheetProblem("not-csv", path.name, _("the file is not CSV: {why}").format(why=e), _("export it again"))
        ) from None
    return grid


def _letter(n: int) -> str:
    """A column's letters, as a spreadsheet names them (1: A, 27: AA)."""
    out = ""
    while n:
        n, rest = divmod(n - 1, 26)
        out = chr(65 + rest) + out
    return out
