"""``lisplan worklist FILE``: log the examinations of a RIS/PACS worklist or "my reports" export at once.

Each row whose examination names one of the plan's procedure lists (by id, name, English name or one of
the ``aliases`` the plan gives for what its RIS prints) becomes one procedure entry; the entries are
checked as ``lisplan log`` checks them and written with one write per year file (commands/recorder.py,
``record_many``). A cell that cannot be stored (an identity number, a malformed number, a date or role
lisplan cannot read) refuses the whole file, naming the cell. Rows logged already are skipped and
counted, so importing the same file again changes nothing; rows whose examination maps to no list are
listed by name and left out.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lisplan.commands.entry_commands import against, recorder, remember_added
from lisplan.commands.errors import OK, PROBLEMS, Stop, refused
from lisplan.commands.recorder import Batch, Recorder, new_entry
from lisplan.commands.session import Session
from lisplan.compute.entries import names
from lisplan.core.forms import NotReadable, date_forms, read_date
from lisplan.core.i18n import _, ngettext
from lisplan.core.kinds import ROLE
from lisplan.core.problems import Refused, relative
from lisplan.core.suggest import did_you_mean
from lisplan.files.writer import as_data
from lisplan.load.cells import SheetRefused
from lisplan.load.worklist import Row, Worklist, read_worklist
from lisplan.present.console import plain, warn


@dataclass
class Imported:
    """What importing a worklist did (or, on a dry run, would do)."""

    worklist: Worklist
    batch: Batch
    unknown: dict[str, list[int]] = field(default_factory=dict)  # examination as written -> its rows
    suggestions: dict[str, str] = field(default_factory=dict)  # examination -> "did you mean …?"


def worklist(
    s: Session,
    file: Path,
    columns: dict[str, str],
    *,
    role: str,
    date: str | None,
    trainee: str | None,
    as_json: bool,
    commit: bool,
    dry_run: bool,
) -> int:
    """Import the export at ``file``; exit 1 when rows were left out because their examination is unknown."""
    loaded, rec = recorder(s, trainee, dry_run)
    try:
        wl = read_worklist(file, columns)
    except SheetRefused as e:
        p = e.problem  # its code, as plan import shows a sheet's: `lisplan check --explain CODE` tells more
        where = f"{file.name}: {p.where}" if p.where != file.name else file.name
        raise Stop(f"{where}: [{p.code}] {p.message}", p.hint, code=PROBLEMS) from None
    default_day = s.date(date, "--date")
    try:
        result = import_rows(rec, wl, role, default_day)
    except Refused as e:  # a cell that cannot be stored, or a log that cannot be written: the file's problem
        stop = refused(e, s.root, loaded)
        stop.code = PROBLEMS
        raise stop from None
    view = summary(result, s.root, rec, dry_run)
    if as_json:
        plain(json.dumps(view, ensure_ascii=False, indent=2))
    else:
        show(view)
    message = "lisplan: " + ngettext(
        "worklist {file}: {n} examination", "worklist {file}: {n} examinations", len(result.batch.entries)
    ).format(file=file.name, n=len(result.batch.entries))
    if result.batch.entries and not dry_run:  # lisplan undo takes the whole import back
        remember_added(s, message, result.batch.written, set(result.batch.created))
    if commit and result.batch.entries and not dry_run:
        committed = s.commit(list(result.batch.written), message, _("the entries are written"))
        plain(_("Committed {commit}: {message}").format(commit=committed, message=message))
    return PROBLEMS if result.unknown else OK


def import_rows(rec: Recorder, wl: Worklist, role: str, default_day: dt.date) -> Imported:
    """The worklist's rows as procedure entries, recorded (every cell is read before anything is written)."""
    made: list[tuple[dict[str, Any], str]] = []
    unknown: dict[str, list[int]] = {}
    found: dict[str, str | None] = {}  # examination as written -> procedure id
    for row in wl.rows:
        exam = row.text("examination")
        if exam not in found:
            proc = rec.ws.procedure(rec.plan, exam) if rec.plan is not None and exam else None
            found[exam] = proc.id if proc else None
        pid = found[exam]
        if pid is None:
            unknown.setdefault(exam, []).append(row.line)
            continue
        number = rec.number(row.text("accession"), row.ref("accession"))
        entry = new_entry(
            "procedure",
            pid,
            _row_date(row, default_day, rec.today),
            accession=rec.accession(number),
            role=_row_role(row, role),
        )
        made.append((entry, number))
    result = Imported(wl, rec.record_many(made) if made else Batch(), unknown)
    if rec.plan is not None:
        choices = {n: n for p in rec.plan.procedures for n in (p.name, p.name_en or "", *p.aliases) if n}
        result.suggestions = {exam: did_you_mean(exam, choices) for exam in unknown}
    return result


def _row_date(row: Row, default: dt.date, today: dt.date) -> dt.date:
    value = row.value("date")
    if isinstance(value, dt.datetime):
        value = value.date()
    text = value.isoformat() if isinstance(value, dt.date) else row.text("date")
    if not text:
        return default
    try:
        day = read_date(text.split()[0], today)  # "29.12.2026 08:15": the day
    except NotReadable as e:
        raise Refused(f"{row.ref('date')}: {e}", date_forms()) from None
    if day > today:  # said here, naming the cell; lisplan log says it of --date
        raise Refused(
            _("{cell}: {date} is in the future; nothing was imported").format(cell=row.ref("date"), date=text),
            _("export the worklist of a day that has passed, or correct the date in the file"),
        )
    return day


def _row_role(row: Row, default: str) -> str:
    text = row.text("role")
    if not text:
        return default
    try:
        return ROLE.read(text)
    except NotReadable as e:
        raise Refused(f"{row.ref('role')}: {e}", _("or leave the role column out: --role is used then")) from None


def summary(result: Imported, root: Path, rec: Recorder, dry_run: bool) -> dict[str, Any]:
    """What was imported, as data (the JSON of ``--format json``, and what the text shows)."""
    wl, batch = result.worklist, result.batch
    named = names(rec.ws, rec.tf)
    return {
        "file": wl.path.name,
        "sheet": wl.sheet,
        "columns": wl.columns,
        "rows": len(wl.rows),
        "dry_run": dry_run,
        "added": [
            {
                "file": relative(path, root),
                "new_file": path in batch.created,
                "entries": [as_data(e) for e in entries],
            }
            for path, entries in batch.written.items()
        ],
        "already_logged": len(batch.skipped),
        "unknown": [
            {"examination": exam, "rows": lines, "suggestion": result.suggestions.get(exam, "")}
            for exam, lines in sorted(result.unknown.items(), key=lambda kv: (-len(kv[1]), kv[0]))
        ],
        "counts": [
            {
                "id": proc.id,
                "name": named.procedure(proc.id),
                "count": count,
                "minimum": proc.minimum,
                "text": f"{named.procedure(proc.id)} {against(proc, count)}",
            }
            for proc, count in batch.counts.values()
        ],
        "identity_numbers_not_read": wl.unread_identity_numbers,
        "warnings": batch.warnings,
    }


def show(view: dict[str, Any]) -> None:
    """The summary in words: one line per file written, then what was skipped or left out and why."""
    rows = view["rows"]
    plain(
        ngettext("{file}: {n} row", "{file}: {n} rows", rows).format(file=view["file"], n=rows)
        + " ("
        + ", ".join(view["columns"].values())
        + ")"
    )
    for warning in view["warnings"]:
        warn(warning)
    added = sum(len(a["entries"]) for a in view["added"])
    for a in view["added"]:
        n = len(a["entries"])
        new_file = " " + _("(a new file)") if a["new_file"] else ""
        line = _("Would add {n} to {file}") if view["dry_run"] else _("Added {n} to {file}")
        plain(line.format(n=n, file=a["file"]) + new_file)
    if view["already_logged"]:
        plain(
            ngettext(
                "{n} row logged already, skipped", "{n} rows logged already, skipped", view["already_logged"]
            ).format(n=view["already_logged"])
        )
    if view["unknown"]:
        left = sum(len(u["rows"]) for u in view["unknown"])
        plain(
            ngettext(
                "{n} row left out: its examination is no procedure list of the plan",
                "{n} rows left out: their examination is no procedure list of the plan",
                left,
            ).format(n=left)
        )
        for u in view["unknown"]:
            where = ngettext("row {rows}", "rows {rows}", len(u["rows"])).format(
                rows=", ".join(str(r) for r in u["rows"][:5]) + (" …" if len(u["rows"]) > 5 else "")
            )
            plain(f"  {u['examination']!r} ({where})" + (f": {u['suggestion']}" if u["suggestion"] else ""))
        plain(
            "  "
            + _(
                "add the name the RIS prints to the list's aliases: in the plan (data/plans/), "
                "or ask the education lead to"
            )
        )
    if added:
        line = (
            ngettext("{n} would be added: {counts}", "{n} would be added: {counts}", added)
            if view["dry_run"]
            else ngettext("{n} added: {counts}", "{n} added: {counts}", added)
        )
        texts = sorted((c["text"] for c in view["counts"]), key=str.casefold)
        # one list on the line; several, one a line beneath it
        plain(line.format(n=added, counts=texts[0] if len(texts) == 1 else "").rstrip())
        for text in texts if len(texts) > 1 else []:
            plain(f"  {text}")
    else:
        plain(_("Nothing to add: every examination in the file is logged already or left out."))
    if view["identity_numbers_not_read"]:
        warn(
            ngettext(
                "the file holds {n} national identity number, in a column lisplan does not read: it was not "
                "stored. Do not keep the file in the repo (delete it when you are done)",
                "the file holds {n} national identity numbers, in columns lisplan does not read: they were not "
                "stored. Do not keep the file in the repo (delete it when you are done)",
                view["identity_numbers_not_read"],
            ).format(n=view["identity_numbers_not_read"])
        )
