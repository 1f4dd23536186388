"""Writing the institution's activity sheet (``lisplan plan sheet``): one row per learning activity,
Norwegian headers, a second sheet that explains each column and lists the allowed values, and
dropdowns (data validation) offering them. Text is written as text and there are no formulas, so the
file opens the same in Excel and LibreOffice. XlsxWriter is reached through export.py's workbook.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

from lisplan.load.sheet import BY_KEY, COLUMNS, HELP_SHEET, KIND_LABELS, SHEET, SIGNERS, signer
from lisplan.present.export import new_workbook

#: Rows below the last goal that still offer the dropdowns, for activities added at the end.
SPARE_ROWS = 500


@dataclass
class SheetRow:
    """One row: a goal and one of its activities (or none)."""

    values: dict[str, Any]  # column key -> text or whole number; missing keys are empty cells


@dataclass
class Choices:
    """The allowed values offered in dropdowns."""

    procedures: list[str]
    courses: list[str]


def to_sheet(rows: list[SheetRow], choices: Choices, title: str) -> bytes:
    """The workbook as bytes."""
    buffer = io.BytesIO()
    book = new_workbook(buffer)
    book.set_properties({"title": title})
    head = book.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1, "text_wrap": True, "valign": "top"})
    text = book.add_format({"num_format": "@", "valign": "top"})
    wrapped = book.add_format({"num_format": "@", "valign": "top", "text_wrap": True})
    sheet = book.add_worksheet(SHEET)
    help_sheet = book.add_worksheet(HELP_SHEET)
    for c, col in enumerate(COLUMNS):
        sheet.set_column(c, c, col.width, wrapped if col.key in ("title", "note") else text)
        sheet.write_string(0, c, col.header, head)
    sheet.freeze_panes(1, 1)
    for r, row in enumerate(rows, 1):
        for c, col in enumerate(COLUMNS):
            value = row.values.get(col.key)
            if isinstance(value, int) and not isinstance(value, bool):
                sheet.write_number(r, c, value)
            elif value:
                sheet.write_string(r, c, str(value), wrapped if col.key in ("title", "note") else text)
    last = len(rows) + SPARE_ROWS
    sheet.autofilter(0, 0, len(rows), len(COLUMNS) - 1)
    ranges = _help(help_sheet, head, text, wrapped, choices)
    _validate(sheet, last, ranges)
    book.close()
    return buffer.getvalue()


def _help(sheet: Any, head: Any, text: Any, wrapped: Any, choices: Choices) -> dict[str, str]:
    """The explanation sheet: each column, then each list of allowed values; returns the lists' ranges."""
    sheet.set_column(0, 0, 22, text)
    sheet.set_column(1, 1, 90, wrapped)
    sheet.set_column(2, 3, 34, text)
    sheet.write_row(0, 0, ["Kolonne", "Forklaring"], head)
    for r, col in enumerate(COLUMNS, 1):
        sheet.write_string(r, 0, col.header, text)
        sheet.write_string(r, 1, col.explains, wrapped)
    r = len(COLUMNS) + 2
    sheet.write_row(r, 0, ["Læringsaktivitet", "Vurdering", "Signeres av"], head)
    first = r + 1
    for kind, lab in KIND_LABELS.items():
        r += 1
        sheet.write_row(r, 0, [lab.label, lab.assessment, signer(kind)], text)
    ranges = {"kind": f"={HELP_SHEET}!$A${first + 1}:$A${r + 1}"}
    r += 2
    lists = [
        ("signer", BY_KEY["signer"].header, SIGNERS),
        ("procedure", BY_KEY["procedure"].header, choices.procedures),
    ]
    lists.append(("course", BY_KEY["course"].header, choices.courses))
    for key, header, values in lists:
        sheet.write_string(r, 0, header, head)
        first = r + 1
        for value in values:
            r += 1
            sheet.write_string(r, 0, value, text)
        ranges[key] = f"={HELP_SHEET}!$A${first + 1}:$A${max(r, first) + 1}"
        r += 2
    return ranges


def _validate(sheet: Any, last: int, ranges: dict[str, str]) -> None:
    """Dropdowns: activity and signer must be from the list; procedure lists and courses are offered,
    but a new name is allowed (with a warning), since a new name makes a new procedure list."""
    col = {c.key: i for i, c in enumerate(COLUMNS)}
    strict = {"error_type": "stop", "error_title": "Ikke i listen", "error_message": "Velg en verdi fra listen."}
    offered = {"error_type": "information", "error_message": "Ikke i listen: lisplan plan import sjekker navnet."}
    for key, rules in (("kind", strict), ("signer", strict), ("procedure", offered), ("course", offered)):
        sheet.data_validation(1, col[key], last, col[key], {"validate": "list", "source": ranges[key], **rules})
    sheet.data_validation(
        1,
        col["count"],
        last,
        col["count"],
        {
            "validate": "integer",
            "criteria": ">=",
            "value": 1,
            "error_title": "Antall",
            "error_message": "Skriv et helt tall, 1 eller mer.",
        },
    )
