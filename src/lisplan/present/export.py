"""Export: the trainee's log and computed status as tables, for spreadsheets and for entering figures
into Kompetanseportalen (``lisplan export``).

A table is a name, its columns and rows of plain values (text, numbers, dates, true/false, empty).
The log tables hold exactly what the log holds (accession numbers as stored: a hashed one stays
hashed); the status tables hold what ``lisplan status`` computes. CSV and JSON are written with the
standard library; xlsx with XlsxWriter, imported only here and only for xlsx (the ``xlsx`` extra).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum
from typing import Any

from lisplan.compute.progress import Progress
from lisplan.core.i18n import N_, word
from lisplan.core.identity import mask_data, mask_identity_numbers
from lisplan.core.problems import relative
from lisplan.load.workspace import TraineeFiles, Workspace
from lisplan.models.log import entry_kind

PORTAL = ["portal_registered", "portal_signed"]
WHERE = ["file", "entry"]

#: Each kind of table and its columns. Log tables first (one row per entry), then computed status.
COLUMNS: dict[str, list[str]] = {
    "entries": [
        "date",
        "kind",
        "what",
        "goals",
        "procedure",
        "accession",
        "stay",
        "role",
        "supervisor",
        "activity",
        "type",
        "topic",
        "review",
        "certificate",
        "report",
        "note",
        *PORTAL,
        *WHERE,
    ],
    "procedures": ["date", "procedure", "accession", "stay", "role", "supervisor", "note", *PORTAL, *WHERE],
    "courses": ["date", "course", "name", "goals", "certificate", "note", *PORTAL, *WHERE],
    "supervision": ["date", "supervision", "by", "topic", "review", "report", "note", *PORTAL, *WHERE],
    "signoffs": ["date", "signoff", "activity", "procedure", "by", "note", *PORTAL, *WHERE],
    "goals": [
        "set",
        "goal",
        "title",
        "part",
        "part_name",
        "area",
        "state",
        "approved_on",
        "approved_by",
        "eligible_after_months",
        "missing",
    ],
    "procedure-lists": [
        "procedure",
        "name",
        "required",
        "done",
        "left",
        "described",
        "signed",
        "re-review",
        "double-review",
        "reached_on",
        "signed_off_on",
        "goals",
    ],
}
KINDS = list(COLUMNS)
LOG_KINDS = {"procedures": "procedure", "courses": "course", "supervision": "supervision", "signoffs": "signoff"}


@dataclass
class Table:
    name: str
    columns: list[str]
    rows: list[list[Any]]

    def records(self) -> list[dict[str, Any]]:
        return [dict(zip(self.columns, row, strict=True)) for row in self.rows]


def tables(ws: Workspace, tf: TraineeFiles, progress: Progress, kinds: Iterable[str]) -> list[Table]:
    """The tables asked for, in the order asked."""
    entries = list(_entry_rows(ws, tf))
    out = []
    for kind in kinds:
        if kind == "goals":
            rows = _goal_rows(progress)
        elif kind == "procedure-lists":
            rows = _procedure_rows(progress)
        else:
            rows = [r for r in entries if kind == "entries" or r["kind"] == LOG_KINDS[kind]]
        columns = COLUMNS[kind]
        out.append(Table(kind, columns, [[r.get(c) for c in columns] for r in rows]))
    return out


def _entry_rows(ws: Workspace, tf: TraineeFiles) -> Iterable[dict[str, Any]]:
    for log in tf.logs:
        file = relative(log.origin.file, ws.root) if log.origin else ""
        for n, entry in enumerate(log.entries, 1):
            data = {
                k: v.value if isinstance(v, Enum) else v
                for k, v in entry.model_dump(by_alias=True, exclude_none=True).items()
            }
            kind = entry_kind(entry) or ""
            portal = data.pop("portal", None) or {}
            row = {
                **data,
                "kind": kind,
                "what": data.get(kind),
                "file": file,
                "entry": n,
                "portal_registered": portal.get("registered"),
                "portal_signed": portal.get("signed"),
            }
            row["goals"] = _goals(kind, data)
            row["supervisor"] = data.get("supervisor") or data.get("by")
            if kind == "course":
                course = ws.find_course_or_group(str(data["course"]))
                row["name"] = course.name if course else None
            yield row


def _goals(kind: str, data: dict[str, Any]) -> str | None:
    refs = list(data.get("goals") or [])
    if data.get("goal"):
        refs.append(data["goal"])
    if kind in ("introduction", "signoff"):
        refs.append(data[kind])
    return " ".join(refs) or None


def _goal_rows(p: Progress) -> list[dict[str, Any]]:
    return [
        {
            "set": g.info.set_id,
            "goal": g.info.code,
            "title": g.info.goal.title,
            "part": g.info.goal.part,
            "part_name": g.info.part_name,
            "area": g.info.area_name,
            "state": g.state.value,
            "approved_on": g.approved_on,
            "approved_by": g.approved_by,
            "eligible_after_months": g.eligible_after_months,
            "missing": "; ".join(g.missing()) or None,
        }
        for g in p.goals
    ]


def _procedure_rows(p: Progress) -> list[dict[str, Any]]:
    return [
        {
            "procedure": pp.procedure.id,
            "name": pp.procedure.name,
            "required": pp.procedure.minimum,
            "done": pp.done,
            "left": pp.left,
            **{role: pp.by_role.get(role, 0) for role in ("described", "signed", "re-review", "double-review")},
            "reached_on": pp.reached_on,
            "signed_off_on": pp.signed_off_on,
            "goals": " ".join(pp.goals) or None,
        }
        for pp in p.procedures
        if pp.worth_showing
    ]


# --- formats ----------------------------------------------------------------------------------------


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


#: What a spreadsheet takes for the start of a formula (OWASP's list for CSV injection): a cell that
#: starts with one is written after a single quote, which spreadsheets show as text and do not run.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: Any) -> str:
    """A value as one CSV cell: identity numbers masked, a would-be formula made text (``'=1+1``).

    A negative number stays a number: only text is neutralised."""
    text = mask_identity_numbers(_text(mask_data(value)))
    if isinstance(value, str) and text.startswith(FORMULA_START):
        return "'" + text
    return text


def to_csv(table: Table) -> bytes:
    """One table as CSV (RFC 4180: comma, double quotes, CRLF), UTF-8, with a header row.

    Cells that a spreadsheet would run as a formula are neutralised (``csv_cell``)."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow([csv_cell(c) for c in table.columns])
    writer.writerows([csv_cell(v) for v in row] for row in table.rows)
    return buffer.getvalue().encode("utf-8")


def to_json(meta: dict[str, Any], found: list[Table]) -> bytes:
    """``meta`` and one list of objects per table, keyed by the table's name; dates as YYYY-MM-DD.

    One row a line: readable, and each line is encoded by json's C encoder (an indented dump of
    20,000 rows takes seconds in its pure-Python one).
    """

    def dump(value: Any) -> str:
        return json.dumps(mask_data(value), ensure_ascii=False, default=lambda v: mask_identity_numbers(_text(v)))

    parts = [f"  {dump(k)}: {dump(v)}" for k, v in meta.items()]
    for t in found:
        rows = ",\n".join("    " + dump(r) for r in t.records())
        parts.append(f"  {dump(t.name)}: [" + (f"\n{rows}\n  ]" if rows else "]"))
    return ("{\n" + ",\n".join(parts) + "\n}\n").encode("utf-8")


#: A spreadsheet is read by people: its sheets and column headers in the language (bokmål: Norwegian
#: words). CSV and JSON keep the names above, which scripts read and which are the same in every language.
SHEETS = {
    "entries": N_("entries"),
    "procedures": N_("procedures"),
    "courses": N_("courses"),
    "supervision": N_("supervision"),
    "signoffs": N_("signoffs"),
    "goals": N_("goals"),
    "procedure-lists": N_("procedure-lists"),
}
HEADERS = {
    "date": N_("date"),
    "kind": N_("kind"),
    "what": N_("what"),
    "goals": N_("goals"),
    "procedure": N_("procedure"),
    "accession": N_("accession"),
    "stay": N_("stay"),
    "role": N_("role"),
    "supervisor": N_("supervisor"),
    "activity": N_("activity"),
    "type": N_("type"),
    "topic": N_("topic"),
    "review": N_("review"),
    "certificate": N_("certificate"),
    "report": N_("report"),
    "note": N_("note"),
    "portal_registered": N_("portal_registered"),
    "portal_signed": N_("portal_signed"),
    "file": N_("file"),
    "entry": N_("entry"),
    "course": N_("course"),
    "name": N_("name"),
    "supervision": N_("supervision"),
    "by": N_("by"),
    "signoff": N_("signoff"),
    "set": N_("set"),
    "goal": N_("goal"),
    "title": N_("title"),
    "part": N_("part"),
    "part_name": N_("part_name"),
    "area": N_("area"),
    "state": N_("state"),
    "approved_on": N_("approved_on"),
    "approved_by": N_("approved_by"),
    "eligible_after_months": N_("eligible_after_months"),
    "missing": N_("missing"),
    "required": N_("required"),
    "done": N_("done"),
    "left": N_("left"),
    "described": N_("described"),
    "signed": N_("signed"),
    "re-review": N_("re-review"),
    "double-review": N_("double-review"),
    "reached_on": N_("reached_on"),
    "signed_off_on": N_("signed_off_on"),
}


class MissingLibrary(Exception):
    """The optional library a format needs is not installed."""


def to_xlsx(found: list[Table]) -> bytes:
    """One worksheet per table, the header row frozen. Each cell is written as what it is: text
    always as text (a note that starts with '=' stays a note, never a formula a spreadsheet runs;
    an accession number keeps its leading zeros), dates as dates, numbers as numbers."""
    buffer = io.BytesIO()
    book = new_workbook(buffer, constant_memory=True)
    day = book.add_format({"num_format": "yyyy-mm-dd"})
    for table in found:
        sheet = book.add_worksheet(word(SHEETS, table.name)[:31])
        sheet.freeze_panes(1, 0)
        sheet.write_row(0, 0, [word(HEADERS, c) for c in table.columns])
        for r, row in enumerate(table.rows, 1):
            for c, value in enumerate(mask_data(list(row))):
                if isinstance(value, str):
                    sheet.write_string(r, c, value)
                elif isinstance(value, bool):
                    sheet.write_boolean(r, c, value)
                elif isinstance(value, dt.date):
                    sheet.write_datetime(r, c, dt.datetime(value.year, value.month, value.day), day)
                elif isinstance(value, (int, float)):
                    sheet.write_number(r, c, value)
    book.close()
    return buffer.getvalue()


def new_workbook(buffer: io.BytesIO, *, constant_memory: bool = False) -> Any:
    """An XlsxWriter workbook writing into ``buffer`` that never turns text into a formula, a number or
    a link (``MissingLibrary`` without XlsxWriter). XlsxWriter is imported only here."""
    try:
        import xlsxwriter  # type: ignore[import-untyped]
    except ImportError:
        raise MissingLibrary("xlsx needs XlsxWriter") from None
    return xlsxwriter.Workbook(
        buffer,
        {
            "constant_memory": constant_memory,
            "strings_to_formulas": False,
            "strings_to_numbers": False,
            "strings_to_urls": False,
        },
    )
