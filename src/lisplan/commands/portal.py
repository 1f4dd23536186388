"""Recording in the log what was entered in Kompetanseportalen (``lisplan portal --mark``)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lisplan.commands.recording import Refused, valid_log
from lisplan.compute.portal import Item, items, portal_sets
from lisplan.files.source import Document
from lisplan.files.writer import KeyChange, WriteError, set_keys_in_files
from lisplan.load.workspace import GoalInfo, TraineeFiles, Workspace
from lisplan.models.log import PortalState, SignoffEntry


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
    if ref.casefold() == "all":
        return [i for i in every if i.state is not None]
    if ref in by_ref:
        return [by_ref[ref]]
    stem, sep, number = ref.rpartition(":")
    if sep and number.isdigit():
        return [_any_entry(tf, stem, int(number), ref)]
    found = ws.resolve_goal(ref.upper(), portal_sets(ws, tf))
    if not isinstance(found, GoalInfo):
        raise Refused(
            f"{ref!r} names no entry and no goal ({found})",
            "give an entry as lisplan portal lists it (2026:14), a goal code (NUK-068), or all",
        )
    return [i for i in every if i.goal == found and i.state is not None]


def _any_entry(tf: TraineeFiles, stem: str, number: int, ref: str) -> Item:
    """Any entry may carry its portal state, also one lisplan does not list (a procedure, say)."""
    log = next((lg for lg in tf.logs if lg.origin and lg.origin.file.stem == stem), None)
    if log is None:
        raise Refused(
            f"{ref!r}: trainee {tf.id} has no log {stem}.yaml", "see lisplan portal for the entries and their numbers"
        )
    if not 1 <= number <= len(log.entries):
        raise Refused(
            f"{ref!r}: {stem}.yaml has {len(log.entries)} entries",
            "see lisplan portal for the entries and their numbers",
        )
    entry = log.entries[number - 1]
    return Item(log, number - 1, entry, None, [], isinstance(entry, SignoffEntry))


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


def mark(chosen: list[Item], day: dt.date, signed: bool, read: dict[Path, Document]) -> list[Path]:
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
        set_keys_in_files(by_file, "entries", check=valid_log)
    except WriteError as e:
        raise Refused(e.message, e.hint, e.problems) from None
    return list(by_file)
