"""A spreadsheet read as cells with addresses, and the limits and refusals of a file that is none.

The activity sheet (load/sheet.py) and a RIS worklist export (load/worklist.py) are read here: an xlsx
is checked as a file first (its size, what it unpacks to, an old .xls or a password-protected one),
then its cells are read with their addresses (``Aktiviteter!B17``), so that every fault names its cell.
openpyxl reads the file (read-only mode, so a big sheet streams); it is imported only here.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lisplan.core.i18n import N_, _
from lisplan.core.os_errors import reason

MAX_BYTES = 10 * 2**20  # a plan's sheet is well under 1 MB, a month's worklist too; 10 MiB stops a 50 MB file
MAX_UNPACKED = 200 * 2**20  # what the xlsx (a zip) may unpack to: no zip bomb
MAX_ROWS = 20_000  # a plan has a few hundred goals; a trainee's year of examinations a few thousand
MAX_COLUMNS = 40


@dataclass(frozen=True)
class SheetProblem:
    """A fault in the sheet: where (``Aktiviteter!B17``, or the file), what, and the fix."""

    code: str
    where: str
    message: str
    hint: str = ""

    def record(self) -> dict[str, str]:
        return {"code": self.code, "where": self.where, "message": self.message, "hint": self.hint}


class SheetRefused(Exception):
    """The file cannot be read at all (not xlsx or CSV, password-protected, too big, no library); nothing
    is imported. ``problem`` says where and the fix."""

    def __init__(self, problem: SheetProblem) -> None:
        super().__init__(problem.message)
        self.problem = problem


@dataclass
class Cell:
    value: Any
    ref: str  # Aktiviteter!B17


@dataclass(frozen=True)
class Advice:
    """What to do with a file of one kind that is past lisplan's limits (texts marked with ``N_``)."""

    size: str  # the message for a file over MAX_BYTES, with {size} and {max} in MiB
    smaller: str  # the hint for a file too big
    fewer: str  # the hint for a sheet or file of more than MAX_ROWS rows
    missing_sheet: str = ""  # the hint for a workbook without the sheet asked for, with {sheet}


def too_big(where: str, size: int, advice: Advice) -> SheetRefused:
    return SheetRefused(
        SheetProblem(
            "too-big",
            where,
            _(advice.size).format(size=f"{size / 2**20:.0f}", max=MAX_BYTES // 2**20),
            _(advice.smaller),
        )
    )


def check_row(row: int, where: str, advice: Advice, *, sheet: bool = True) -> None:
    """Refuse a sheet (or a CSV file, ``sheet=False``) at row ``row`` past MAX_ROWS and its header."""
    if row > MAX_ROWS + 1:
        message = _("the sheet has more than {n} rows") if sheet else _("the file has more than {n} rows")
        raise SheetRefused(SheetProblem("too-big", where, message.format(n=MAX_ROWS), _(advice.fewer)))


def unreadable(path: Path, e: OSError) -> SheetRefused:
    """A file that cannot be read (missing, a folder, no permission)."""
    return SheetRefused(
        SheetProblem(
            "unreadable", path.name, _("cannot read the file: {why}").format(why=reason(e)), _("check the path")
        )
    )


def workbook_rows(path: Path, need: str | None, advice: Advice) -> dict[str, list[list[Cell]]]:
    """The cells of every sheet of the xlsx at ``path`` (the sheet ``need`` must be one; None: only the
    first sheet is read), after the checks on the file itself; SheetRefused says why a file is none."""
    _check_file(path, advice)
    try:
        from openpyxl import load_workbook  # type: ignore[import-untyped]
        from openpyxl.utils import get_column_letter  # type: ignore[import-untyped]
    except ImportError:
        raise SheetRefused(
            SheetProblem("missing-library", path.name, _("reading xlsx needs the openpyxl library"), _(_INSTALL))
        ) from None
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a damaged or foreign file
        raise SheetRefused(_not_xlsx(path)) from None
    try:
        if need is not None and need not in book.sheetnames:
            raise SheetRefused(
                SheetProblem(
                    "no-sheet",
                    path.name,
                    _("the workbook has no sheet {sheet} (it has: {sheets})").format(
                        sheet=repr(need), sheets=", ".join(book.sheetnames)
                    ),
                    _(advice.missing_sheet).format(sheet=repr(need)),
                )
            )
        found: dict[str, list[list[Cell]]] = {}
        for sheet in book.worksheets if need is not None else book.worksheets[:1]:
            found[sheet.title] = _grid(sheet, get_column_letter, advice)
        return found
    finally:
        book.close()


def _grid(sheet: Any, get_column_letter: Any, advice: Advice) -> list[list[Cell]]:
    """One sheet's cells; a sheet whose XML is damaged (a shared string that is not there, an attribute
    given twice) is refused naming the sheet and the first row that could not be read."""
    grid: list[list[Cell]] = []
    try:
        for r, values in enumerate(sheet.iter_rows(max_col=MAX_COLUMNS, values_only=True), 1):
            check_row(r, f"{sheet.title}!A{r}", advice)
            grid.append([Cell(v, f"{sheet.title}!{get_column_letter(c)}{r}") for c, v in enumerate(values, 1)])
    except SheetRefused:
        raise
    except Exception:  # openpyxl and the XML parser raise many kinds for a damaged file
        raise SheetRefused(
            SheetProblem(
                "damaged",
                f"{sheet.title}!A{len(grid) + 1}",
                _("the workbook is damaged: row {row} of sheet {sheet} cannot be read").format(
                    row=len(grid) + 1, sheet=repr(sheet.title)
                ),
                _("open it in Excel or LibreOffice, save it again as .xlsx and import that"),
            )
        ) from None
    return grid


_INSTALL = N_("install it: pip install 'lisplan[xlsx]'")
_CFB = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # an OLE compound file: an old .xls, or an encrypted xlsx


def file_head(path: Path) -> tuple[int, bytes]:
    """The file's size and its first 8 bytes (what kind of file it is); SheetRefused when unreadable."""
    try:
        size = path.stat().st_size
        with path.open("rb") as fh:
            return size, fh.read(8)
    except OSError as e:
        raise unreadable(path, e) from None


def _check_file(path: Path, advice: Advice) -> None:
    size, head = file_head(path)
    if size > MAX_BYTES:
        raise too_big(path.name, size, advice)
    if head == _CFB:
        raw = path.read_bytes()
        if "EncryptedPackage".encode("utf-16-le") in raw:
            raise SheetRefused(
                SheetProblem(
                    "password-protected",
                    path.name,
                    _("the workbook is password-protected, so lisplan cannot read it"),
                    _(
                        "open it in Excel or LibreOffice, remove the password (File → Info → Protect Workbook, or "
                        "Save As without a password), save it as .xlsx and import that"
                    ),
                )
            )
        raise SheetRefused(
            SheetProblem(
                "not-xlsx",
                path.name,
                _("this is an old Excel file (.xls), not .xlsx"),
                _("save it as .xlsx and import that"),
            )
        )
    if not zipfile.is_zipfile(path):
        raise SheetRefused(_not_xlsx(path))
    with zipfile.ZipFile(path) as z:
        names = set(z.namelist())
        unpacked = sum(i.file_size for i in z.infolist())
    if "xl/workbook.xml" not in names:
        raise SheetRefused(_not_xlsx(path, ods="content.xml" in names))
    if unpacked > MAX_UNPACKED:
        raise SheetRefused(
            SheetProblem(
                "too-big",
                path.name,
                _("the workbook unpacks to {size} MiB, more than lisplan reads ({max} MiB)").format(
                    size=f"{unpacked / 2**20:.0f}", max=MAX_UNPACKED // 2**20
                ),
                _(advice.smaller),
            )
        )


def _not_xlsx(path: Path, ods: bool = False) -> SheetProblem:
    return SheetProblem(
        "not-xlsx",
        path.name,
        _("the file is an OpenDocument spreadsheet (.ods)") if ods else _("the file is not an Excel workbook (.xlsx)"),
        _("save the sheet as Excel 2007-365 (.xlsx) and import that"),
    )


def cell_text(value: Any) -> str:
    """A cell's value as the text an identity number could hide in (a number cell loses its leading 0)."""
    if value is None or isinstance(value, bool):
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int):
        digits = str(abs(value))
        return digits.zfill(11) if len(digits) == 10 else digits
    return str(value)
