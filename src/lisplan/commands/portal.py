"""``lisplan portal``: what is still to be entered in Kompetanseportalen, and recording in the log what was
(``--mark``, ``--signed``)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lisplan.checks.writable import valid_log
from lisplan.commands.errors import Stop, refused
from lisplan.commands.session import Session
from lisplan.compute.entries import LEAVE, Listed, find_entry, names, parse_ref
from lisplan.compute.portal import Item, items, outstanding, portal_sets
from lisplan.core.i18n import _, date, ngettext
from lisplan.core.kinds import ALL
from lisplan.core.problems import Refused
from lisplan.files.changes import Changed, KeyChange, change_items
from lisplan.files.source import Document
from lisplan.files.writer import WriteError
from lisplan.load.loader import Loaded
from lisplan.load.workspace import GoalInfo, TraineeFiles, Workspace
from lisplan.models.log import PortalState, SignoffEntry
from lisplan.present.console import plain, show
from lisplan.present.portal import print_portal


@dataclass
class Marked:
    changed: list[Item]
    already: list[Item]
    files: list[Path]


def select(ws: Workspace, tf: TraineeFiles, refs: list[str], signed: bool) -> tuple[list[Item], list[Item]]:
    """The items ``refs`` name (``2026:14``, a goal code, or ``all``), and those already marked so."""
    every = items(ws, tf)
    by_ref = {i.ref: i for i in every}
    wanted: dict[str, Item] = {}
    for ref in refs:
        picked = _pick(ws, tf, ref.strip(), every, by_ref)
        wanted.update((i.ref, i) for i in picked)
    chosen = list(wanted.values())
    done = [i for i in chosen if _already(i, signed)]
    return [i for i in chosen if i not in done], done


def _pick(ws: Workspace, tf: TraineeFiles, ref: str, every: list[Item], by_ref: dict[str, Item]) -> list[Item]:
    if ALL.find(ref):
        return [i for i in every if i.state is not None]
    if ref in by_ref:
        return [by_ref[ref]]
    named = parse_ref(ref)
    if named is not None and named[0] != LEAVE:
        return [_any_entry(ws, tf, ref)]
    found = ws.resolve_goal(ref.upper(), portal_sets(ws, tf))
    if not isinstance(found, GoalInfo):
        raise Refused(
            _("{ref!r} names no entry and no goal ({why})").format(ref=ref, why=found),
            _("give an entry as lisplan portal lists it (2026:14), a goal code (NUK-116), or all"),
        )
    return [i for i in every if i.goal == found and i.state is not None]


def _any_entry(ws: Workspace, tf: TraineeFiles, ref: str) -> Item:
    """Any entry may carry its portal state, also one lisplan does not list (a procedure, say)."""
    found = find_entry(tf, ref)
    if not isinstance(found, Listed):
        raise Refused(found, _("see lisplan portal for the entries and their numbers"))
    entry = found.entry
    log = next(lg for lg in tf.logs if lg.origin and lg.origin.file == found.file)
    return Item(log, found.index, entry, None, [], isinstance(entry, SignoffEntry), names(ws, tf))


def _already(item: Item, signed: bool) -> bool:
    portal = item.entry.portal
    return portal is not None and (not signed or portal.signed is not None)


def portal_value(item: Item, day: dt.date, signed: bool) -> dict[str, Any]:
    """The ``portal:`` mapping an item gets: registered kept if it was, signed added with ``signed``."""
    old: PortalState | None = item.entry.portal
    value: dict[str, Any] = {"registered": old.registered if old else day}
    if signed:
        value["signed"] = day
    if old and old.note:
        value["note"] = old.note
    return value


def mark(chosen: list[Item], day: dt.date, signed: bool, read: dict[Path, Document]) -> dict[Path, Changed]:
    """Write ``portal:`` into each chosen entry: one verified, atomic write per file, all or none.

    ``read`` holds the files as they were read: an entry that is not the same by the time the files are
    locked for writing is not written over. Every file is prepared and checked before the first is
    written, so a refusal in any leaves them all as they were.
    """
    by_file: dict[Path, list[KeyChange]] = {}
    for item in chosen:
        expected = read[item.file].data["entries"][item.index]
        by_file.setdefault(item.file, []).append(
            KeyChange(item.index, expected, {"portal": portal_value(item, day, signed)})
        )
    try:
        return change_items(by_file, "entries", check=valid_log)
    except WriteError as e:
        raise Refused(e.message, e.hint, e.problems) from None


def run(
    s: Session,
    refs: list[str],
    *,
    mark: bool,
    signed: bool,
    date: str | None,
    trainee: str | None,
    as_json: bool,
    commit: bool,
    dry_run: bool,
) -> None:
    """List what is left for the portal, or with ``mark``/``signed`` record that ``refs`` were entered."""
    from lisplan.present import views

    when = s.date(date, "--date")
    if refs and not (mark or signed):
        raise Stop(
            _("REF… is for --mark or --signed"),
            _("lisplan portal alone lists what is left; add --mark to record entries"),
        )
    if (mark or signed) and not refs:
        raise Stop(
            _("--mark and --signed need what to mark"),
            _("e.g. lisplan portal --mark 2026:14, --mark NUK-116, or --mark all"),
        )
    if when > s.today():
        raise Stop(
            _("--date {date} is in the future").format(date=when), _("give the day it was entered in the portal")
        )
    loaded, tf = s.trainee(trainee)
    if refs:
        _mark_in_portal(s, loaded, tf, refs, when, signed, commit=commit, dry_run=dry_run)
        return
    name = tf.profile.name if tf.profile is not None else None
    view = views.portal(outstanding(loaded.workspace, tf), tf.id, s.today(), s.root, name)
    show(view, as_json, print_portal)


def _mark_in_portal(
    s: Session,
    loaded: Loaded,
    tf: TraineeFiles,
    refs: list[str],
    when: dt.date,
    signed: bool,
    *,
    commit: bool,
    dry_run: bool,
) -> None:
    try:
        chosen, already = select(loaded.workspace, tf, refs, signed)
        for item in already:
            already_said = (
                _("Already signed by a supervisor in the portal: {ref} {what}")
                if signed
                else _("Already entered in the portal: {ref} {what}")
            )
            plain(already_said.format(ref=item.ref, what=item.what()))
        if not chosen:
            return
        done = {} if dry_run else mark(chosen, when, signed, loaded.documents)  # all files or none, then report
        files = list(done)
        if done:
            from lisplan.commands.correct import remember_changed

            said = "lisplan portal --signed" if signed else "lisplan portal --mark"
            remember_changed(s, said, "entries", done, {})
        headings = {
            (True, True): _("Would mark as signed by a supervisor in Kompetanseportalen on {date}:"),
            (True, False): _("Would mark as entered in Kompetanseportalen on {date}:"),
            (False, True): _("Marked as signed by a supervisor in Kompetanseportalen on {date}:"),
            (False, False): _("Marked as entered in Kompetanseportalen on {date}:"),
        }
        plain(headings[dry_run, signed].format(date=date(when)))
        for item in chosen:
            plain(f"  {item.ref} {item.what()}")
        if dry_run:
            return
    except Refused as e:
        raise refused(e, s.root, loaded) from None
    if commit:
        n = len(chosen)
        said = (
            ngettext(
                "{n} entry signed by a supervisor in Kompetanseportalen ({date})",
                "{n} entries signed by a supervisor in Kompetanseportalen ({date})",
                n,
            )
            if signed
            else ngettext(
                "{n} entry entered in Kompetanseportalen ({date})",
                "{n} entries entered in Kompetanseportalen ({date})",
                n,
            )
        )
        message = "lisplan: " + said.format(n=n, date=when)
        plain(_("Committed {commit}: {message}").format(commit=s.commit(files, message), message=message))
