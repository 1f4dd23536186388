"""The entry commands (``log``, ``course``, ``signoff``, … ``leave``), ``migrate`` and ``find-accession``:
load what they need, let a Recorder (commands/recorder.py) add or find entries, report, commit if asked."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from lisplan.commands.errors import OK, PROBLEMS, Stop, refused
from lisplan.commands.recorder import Batch, Recorded, Recorder
from lisplan.commands.session import Session
from lisplan.compute.entries import Names, names, role
from lisplan.compute.entries import describe as read_as
from lisplan.core.i18n import N_, _, ngettext
from lisplan.core.i18n import date as show_date
from lisplan.core.problems import Refused, relative
from lisplan.files.writer import as_data, entry_text
from lisplan.load.loader import Loaded
from lisplan.models.plan import Procedure
from lisplan.present.console import plain, warn
from lisplan.present.migration import print_migration

T = TypeVar("T")

ADD_REFUSAL = N_("the plan repo has errors, so lisplan will not add to it")


def recorder(s: Session, trainee: str | None, dry_run: bool = False) -> tuple[Loaded, Recorder]:
    """The repo loaded without its logs, and a Recorder for the chosen trainee."""
    loaded, chosen = s.trainee(trainee, logs=False, refusal=_(ADD_REFUSAL))
    try:
        return loaded, Recorder(loaded.workspace, chosen, s.today(), loaded.cache, dry_run=dry_run)
    except Refused as e:
        raise refused(e, s.root, loaded) from None


def run(s: Session, trainee: str | None, dry_run: bool, what: Callable[[Recorder], T]) -> tuple[Recorder, T]:
    """``what(recorder)`` for the chosen trainee; a refusal stops the command."""
    loaded, rec = recorder(s, trainee, dry_run)
    try:
        return rec, what(rec)
    except Refused as e:
        raise refused(e, s.root, loaded) from None


def entry(s: Session, trainee: str | None, dry_run: bool, commit: bool, what: Callable[[Recorder], Recorded]) -> None:
    """Run ``what(recorder)`` to add one entry, report it, and commit it if asked."""
    rec, recorded = run(s, trainee, dry_run, what)
    where = relative(recorded.path, s.root)
    named = names(rec.ws, rec.tf)
    summary = read_as(recorded.entry, named)
    for warning in recorded.warnings:
        warn(warning)
    if recorded.count is not None:
        plain(count_line(named, *recorded.count, recorded.entry))
    new_file = " " + _("(a new file)") if recorded.created else ""
    if dry_run:
        plain(_("Would add to {file}").format(file=where) + new_file + ":")
        plain(entry_text(recorded.entry).rstrip("\n"))
        return
    plain(_("Added {what} to {file}").format(what=summary, file=where) + new_file)
    remember_added(
        s, f"lisplan: {summary}", {recorded.path: [recorded.entry]}, {recorded.path} if recorded.created else set()
    )
    if commit:
        message = f"lisplan: {summary}"
        committed = s.commit([recorded.path], message, _("the entry is written"))
        plain(_("Committed {commit}: {message}").format(commit=committed, message=message))


def procedures(
    s: Session,
    trainee: str | None,
    dry_run: bool,
    commit: bool,
    what: Callable[[Recorder], Batch],
) -> None:
    """Run ``what(recorder)`` to add procedure entries at once (``lisplan log`` with one number or many),
    report them in one summary, and commit them if asked."""
    rec, batch = run(s, trainee, dry_run, what)
    named = names(rec.ws, rec.tf)
    for warning in batch.warnings:
        warn(warning)
    for _entry, why in batch.skipped:
        warn(_("{why}; skipped").format(why=why))
    added = batch.entries
    if len(added) == 1 and not batch.skipped:  # one examination: as every other entry command says it
        only = added[0]
        plain(count_line(named, *batch.counts[str(only["procedure"])], only))
        where = relative(next(iter(batch.written)), s.root)
        new_file = " " + _("(a new file)") if batch.created else ""
        if dry_run:
            plain(_("Would add to {file}").format(file=where) + new_file + ":")
            plain(entry_text(only).rstrip("\n"))
            return
        plain(_("Added {what} to {file}").format(what=read_as(only, named), file=where) + new_file)
        summary = read_as(only, named)
    else:
        counts = ", ".join(f"{named.procedure(p.id)} {against(p, n)}" for p, n in batch.counts.values())
        for path, entries in batch.written.items():
            where = relative(path, s.root) + (" " + _("(a new file)") if path in batch.created else "")
            if dry_run:
                plain(_("Would add to {file}").format(file=where) + ":")
                plain("".join(entry_text(e) for e in entries).rstrip("\n"))
            else:
                plain(_("Added to {file}: {numbers}").format(file=where, numbers=numbers_of(entries)))
        line = ngettext("{n} added: {counts}", "{n} added: {counts}", len(added))
        if dry_run:
            line = ngettext("{n} would be added: {counts}", "{n} would be added: {counts}", len(added))
        plain(line.format(n=len(added), counts=counts))
        if dry_run:
            return
        summary = ngettext("{n} examination: {counts}", "{n} examinations: {counts}", len(added)).format(
            n=len(added), counts=counts
        )
    remember_added(s, f"lisplan: {summary}", batch.written, set(batch.created))
    if commit:
        message = f"lisplan: {summary}"
        written = _("the entry is written") if len(added) == 1 else _("the entries are written")
        committed = s.commit(list(batch.written), message, written)
        plain(_("Committed {commit}: {message}").format(commit=committed, message=message))


def remember_added(s: Session, said: str, written: dict[Path, list[Any]], created: set[Path]) -> None:
    """Keep what a write added, file by file, as the repo's last write, for ``lisplan undo``
    (files/journal.py)."""
    from lisplan.files import journal

    changes = []
    for path, entries in written.items():
        try:
            after = journal.digest(path.read_bytes())
        except OSError:
            continue
        key = "leave" if path.name == "trainee.yaml" else "entries"
        added = [as_data(e) for e in entries]
        changes.append(journal.Change(relative(path, s.root), key, after, added=added, created=path in created))
    journal.remember(s.root, said, changes)


def count_line(named: Names, proc: Procedure, count: int, entry: dict) -> str:  # type: ignore[type-arg]
    """``skeleton scintigraphy: 288 / 400``, saying when the entry's role does not count towards it."""
    shown = _("{procedure}: {count}").format(procedure=named.procedure(proc.id), count=against(proc, count))
    if entry.get("role", "described") in proc.count_roles:
        return shown
    return shown + " " + _("(a {role} does not count towards the minimum)").format(role=role(entry.get("role")))


def against(proc: Procedure, count: int) -> str:
    """A procedure list's count against its minimum: ``4 / 400``, or ``4 (no minimum set)``."""
    if proc.minimum is None:
        return _("{count} (no minimum set)").format(count=count)
    return f"{count} / {proc.minimum}"


def numbers_of(entries: list[dict]) -> str:  # type: ignore[type-arg]
    """The accession or stay numbers of procedure entries, as written."""
    return ", ".join(str(e.get("accession") or e.get("stay")) for e in entries)


def migrate(
    s: Session,
    to: str | None,
    by: str | None,
    date: str | None,
    trainee: str | None,
    *,
    as_json: bool,
    commit: bool,
    dry_run: bool,
) -> None:
    """Carry approvals over to the goal set that replaced the trainee's, by its crosswalk (document 002)."""
    from lisplan.compute.migration import MigrationError, default_target, migrations_to, unconfirmed
    from lisplan.compute.progress import compute

    when = s.date(date, "--date")
    loaded, tf = s.trainee(trainee, refusal=_("the plan repo has errors, so lisplan will not migrate"))
    ws, root = loaded.workspace, s.root
    approvals = compute(ws, tf, when).approvals
    target = to or default_target(ws, tf, approvals, when)
    if target is None:
        plain(
            _("Nothing to migrate: no goal set in force on {date} replaces one that {trainee} is under.").format(
                date=show_date(when), trainee=tf.id
            )
        )
        return
    try:
        found = migrations_to(ws, tf, approvals, target, when)
    except MigrationError as e:
        raise Stop(e.message, e.hint, problems=loaded.locate(e.problems), root=root, line_of=loaded.line_of) from None
    refusals = [unconfirmed(m.crosswalk) for m in found if m.crosswalk and not m.crosswalk.confirmed and m.pending]
    if refusals and not dry_run:
        raise Stop(
            _("nothing written: an approval carries over only by a crosswalk the education lead has confirmed"),
            _("lisplan migrate --dry-run shows what would be recorded"),
            code=PROBLEMS,
            problems=loaded.locate(refusals),
            root=root,
            line_of=loaded.line_of,
        )
    try:
        recorded = Recorder(ws, tf, s.today(), loaded.cache, dry_run=dry_run).record_migration(found, by=by, date=when)
    except Refused as e:
        raise refused(e, root, loaded) from None
    _show_migration(s, found, recorded, as_json, dry_run, names(ws, tf))
    if recorded and not dry_run:
        by_file: dict[Path, list[Any]] = {}
        for r in recorded:
            by_file.setdefault(r.path, []).append(r.entry)
        remember_added(s, "lisplan migrate", by_file, {r.path for r in recorded if r.created})
    if commit and recorded and not dry_run:
        message = "lisplan: " + ngettext(
            "migrate {sets} ({n} approval carried over)", "migrate {sets} ({n} approvals carried over)", len(recorded)
        ).format(sets=", ".join(f"{m.old.id} → {m.new.id}" for m in found), n=len(recorded))
        files = list(dict.fromkeys(r.path for r in recorded))
        committed = s.commit(files, message, _("the entries are written"))
        plain(_("Committed {commit}: {message}").format(commit=committed, message=message))


def _show_migration(
    s: Session,
    found: list,  # type: ignore[type-arg]
    recorded: list[Recorded],
    as_json: bool,
    dry_run: bool,
    named: Names,
) -> None:
    """Show a migration and what it wrote (or would write)."""
    from lisplan.present import views

    root = s.root
    if as_json:
        written = [{"file": relative(r.path, root), "entry": as_data(r.entry)} for r in recorded]
        view = {"dry_run": dry_run, "migrations": [views.migration(m) for m in found], "written": written}
        plain(json.dumps(view, ensure_ascii=False, indent=2))
        return
    for m in found:
        print_migration(views.migration(m))
    if not recorded:
        plain(
            _("Nothing to record: every approval that carries over is recorded already.")
            if any(m.carry for m in found)
            else _("Nothing to record: no approval carries over.")
        )
    for r in recorded:
        where = relative(r.path, root)
        if dry_run:
            plain(_("Would add to {file}").format(file=where) + ":\n" + entry_text(r.entry).rstrip("\n"))
        else:
            plain(_("Added {what} to {file}").format(what=read_as(r.entry, named), file=where))


def find_accession(s: Session, numbers: list[str], from_file: str | None, trainee: str | None) -> int:
    """Which log entries hold these accession numbers; exit 1 when any is not found."""
    from pathlib import Path

    wanted = list(numbers)
    if from_file is not None:
        try:
            text = Path(from_file).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as e:
            raise Stop(
                _("cannot read {file}: {why}").format(file=from_file, why=e),
                _("give a UTF-8 text file with one number per line"),
            ) from None
        wanted += [line.strip() for line in text.splitlines() if line.strip()]
    if not wanted:
        raise Stop(_("no numbers given"), _("pass numbers, or --from-file FILE"))
    loaded, rec = recorder(s, trainee)
    try:
        found = rec.find(wanted)
    except Refused as e:
        raise refused(e, s.root, loaded) from None
    named = names(rec.ws, rec.tf)
    for number, hits in found:
        if not hits:
            plain(_("{number}: not logged").format(number=number))
        for path, hit in hits:
            proc = rec.ws.procedure(rec.plan, str(hit.get("procedure"))) if rec.plan else None
            plain(
                _("{number}: {procedure}, {date}, {role} ({file})").format(
                    number=number,
                    procedure=named.procedure(proc.id) if proc else hit.get("procedure"),
                    date=show_date(str(hit.get("date"))),
                    role=role(hit.get("role")),
                    file=relative(path, s.root),
                )
            )
    return PROBLEMS if any(not hits for _n, hits in found) else OK
