"""Correcting the log: ``lisplan edit`` and ``lisplan remove`` change or take out entries named by their
reference (``2026:14``, as ``lisplan entries`` lists them), and ``lisplan undo`` takes back lisplan's
last write. Every change is made as text in the file (files/writer.py: locked, atomic, every other byte
kept, an entry that changed since it was read is not written over), and is checked as the entry
commands check a new entry, with their messages.

A sign-off that a supervisor committed is theirs: only they change it (``check --verify-signoffs``
compares it with their commit), so lisplan changes it only with ``--force``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lisplan.checks.writable import valid_log
from lisplan.commands import entries
from lisplan.commands.errors import PROBLEMS, Stop, refusal, refused
from lisplan.commands.recorder import Recorder
from lisplan.commands.session import Session
from lisplan.compute.entries import LEAVE, Listed, Names, describe, find_entry, names, role
from lisplan.core.i18n import N_, _, ngettext
from lisplan.core.i18n import date as show_date
from lisplan.core.problems import Refused, relative
from lisplan.files import journal
from lisplan.files.changes import DELETE, KeyChange, change_items
from lisplan.files.writer import WriteError, entry_text
from lisplan.load.loader import Loaded
from lisplan.load.workspace import TraineeFiles
from lisplan.models.log import SignoffEntry
from lisplan.present.console import plain, warn

REFS_HINT = "lisplan entries lists the entries with their references"


@dataclass
class Target:
    """An entry named on the command line, as read: where, and its data as the file holds it."""

    item: Listed
    data: dict[str, Any]
    key: str  # the list it is in: entries, or leave (trainee.yaml)
    line: int  # of its first line, 1-based

    @property
    def file(self) -> Path:
        return self.item.file


def targets(s: Session, loaded: Loaded, tf: TraineeFiles, refs: list[str]) -> list[Target]:
    """The entries ``refs`` name, each once, or a refusal saying which reference names none and why."""
    found: dict[tuple[Path, int], Target] = {}
    for text in refs:
        item = find_entry(tf, text, s.root)
        if not isinstance(item, Listed):
            raise Refused(item, _(REFS_HINT))
        key = LEAVE if item.kind == LEAVE else "entries"
        doc = loaded.documents[item.file]
        data = doc.data[key][item.index]
        line, _col = doc.locate((key, item.index))
        found.setdefault((item.file, item.index), Target(item, data, key, line))
    return list(found.values())


def _what(t: Target, loaded: Loaded, tf: TraineeFiles) -> str:
    return describe(t.data, names(loaded.workspace, tf))


def _where(s: Session, t: Target) -> str:
    return f"{relative(t.file, s.root)}:{t.line}"


def _supervisors_own(s: Session, loaded: Loaded, tf: TraineeFiles, t: Target, force: bool, doing: str) -> None:
    """Refuse (without ``force``) to change a sign-off its supervisor committed; with it, say what follows."""
    from lisplan.files.gitops import committer_of

    entry = t.item.entry
    supervisors = loaded.workspace.supervisors_for(tf)
    if not isinstance(entry, SignoffEntry) or entry.by not in supervisors or entry.by in (tf.id, "self"):
        return
    sup = supervisors[entry.by]
    found = committer_of(s.root, t.file, t.line)
    if found is None or not sup.email or found.author_email.strip().casefold() != sup.email.strip().casefold():
        return
    said = _("{ref} is {what}, which {name} committed in {commit} ({date})").format(
        ref=t.item.ref,
        what=_what(t, loaded, tf),
        name=sup.name,
        commit=found.short,
        date=show_date(dt.datetime.fromtimestamp(found.time, dt.UTC).date()),
    )
    consequence = (
        _("lisplan check --verify-signoffs will report it as taken out of what {name} committed")
        if doing.startswith("lisplan remove")
        else _("lisplan check --verify-signoffs will report it as not what {name} committed")
    ).format(name=sup.name)
    if not force:
        raise Refused(
            _("{where}: {said}; only {name} changes it").format(where=_where(s, t), said=said, name=sup.name),
            _("ask {name} to commit the change themselves; {doing} --force does it all the same, and {then}").format(
                name=sup.name, doing=doing, then=consequence
            ),
        )
    warn(_("{said}; changed with --force: {then}").format(said=said, then=consequence))


def _checker(key: str) -> Any:
    from lisplan.checks.writable import valid_profile

    return valid_profile if key == LEAVE else valid_log


def _write(changes: dict[Path, list[KeyChange]], key: str, write: bool = True) -> dict[Path, Any]:
    try:
        return change_items(changes, key, check=_checker(key), write=write)
    except WriteError as e:
        raise refusal(e) from None


def remember_changed(s: Session, command: str, key: str, done: dict[Path, Any], items: dict[Path, list[Any]]) -> None:
    journal.remember(
        s.root,
        command,
        [
            journal.Change(
                relative(path, s.root),
                key,
                journal.digest(c.after),
                before=journal.digest(c.before),
                hunk=journal.hunk(c.before, c.after),
                items=items.get(path, []),
            )
            for path, c in done.items()
        ],
    )


# --- remove ------------------------------------------------------------------------------------------


def remove(s: Session, refs: list[str], trainee: str | None, *, force: bool, dry_run: bool, commit: bool) -> None:
    """Take the entries ``refs`` name out of their files (all or none)."""
    loaded, tf = entries.load(s, trainee)
    try:
        chosen = targets(s, loaded, tf, refs)
        for t in chosen:
            _supervisors_own(s, loaded, tf, t, force, f"lisplan remove {t.item.ref}")
        if dry_run:
            for t in chosen:
                plain(_("Would remove {ref} from {where}:").format(ref=t.item.ref, where=_where(s, t)))
                plain(entries.text_of(loaded, t.item))
            return
        written: dict[Path, Any] = {}
        for key in dict.fromkeys(t.key for t in chosen):
            by_file: dict[Path, list[KeyChange]] = {}
            for t in (t for t in chosen if t.key == key):
                by_file.setdefault(t.file, []).append(KeyChange(t.item.index, t.data, remove=True))
            done = _write(by_file, key)
            remember_changed(s, "lisplan remove", key, done, {p: [t.data for t in chosen if t.file == p] for p in done})
            written.update(done)
    except Refused as e:
        raise refused(e, s.root, loaded) from None
    for t in chosen:
        plain(
            _("Removed {ref} {what} from {file}").format(
                ref=t.item.ref, what=_what(t, loaded, tf), file=relative(t.file, s.root)
            )
        )
    if _renumbered(chosen, written):
        plain(
            _("The entries after it in the same file now have a number one less (lisplan entries shows them).")
            if len(chosen) == 1
            else _("The entries after them in the same files now have smaller numbers (lisplan entries shows them).")
        )
    if commit:
        message = "lisplan: " + ngettext("remove {what}", "remove {n} entries", len(chosen)).format(
            what=_what(chosen[0], loaded, tf), n=len(chosen)
        )
        committed = s.commit(list(written), message, _("the change is written"))
        plain(_("Committed {commit}: {message}").format(commit=committed, message=message))


def _renumbered(chosen: list[Target], written: dict[Path, Any]) -> bool:
    """Whether an entry came after one removed, in its file (then its reference changed)."""
    for t in chosen:
        doc = written[t.file].document
        left = doc.data.get(t.key) if isinstance(doc.data, dict) else None
        gone_before = sum(1 for o in chosen if o.file == t.file and o.key == t.key and o.item.index < t.item.index)
        if isinstance(left, list) and t.item.index - gone_before < len(left):
            return True
    return False


# --- edit --------------------------------------------------------------------------------------------

#: the options of ``lisplan edit`` and the entry keys they set, with the kinds of entry that have them
EDITABLE = {
    "date": ("--date", None),
    "role": ("--role", {"procedure"}),
    "note": ("--note", None),
    "supervisor": ("--supervisor", {"procedure", "introduction", "mdt"}),
    "by": ("--by", {"signoff", "supervision"}),
}


def edit(
    s: Session,
    ref: str,
    trainee: str | None,
    values: dict[str, Any],
    *,
    force: bool,
    dry_run: bool,
    commit: bool,
) -> None:
    """Set ``values`` (entry keys; '' takes an optional key out) in the entry ``ref`` names."""
    given = {k: v for k, v in values.items() if v is not None}
    if not given:
        raise Stop(
            _("nothing to change: give what is to be set"),
            _("e.g. lisplan edit {ref} --date 2026-11-20 (options: {options})").format(
                ref=ref, options=", ".join(o for o, _k in EDITABLE.values())
            ),
        )
    loaded, tf = entries.load(s, trainee)
    try:
        (t,) = targets(s, loaded, tf, [ref])
        new = _edited(s, loaded, tf, t, given)
        _supervisors_own(s, loaded, tf, t, force, f"lisplan edit {t.item.ref}")
        if new == t.data:
            plain(_("{ref} already reads so; nothing changed").format(ref=t.item.ref))
            return
        change = {k: (DELETE if v == "" else v) for k, v in given.items()}
        done = _write({t.file: [KeyChange(t.item.index, t.data, change)]}, t.key, write=not dry_run)
        if dry_run:
            plain(_("Would change {ref} in {where} to:").format(ref=t.item.ref, where=_where(s, t)))
            plain(entries.lines_of(done[t.file].document, t.key, t.item.index))
            return
        remember_changed(s, "lisplan edit", t.key, done, {t.file: [t.data]})
    except Refused as e:
        raise refused(e, s.root, loaded) from None
    named = names(loaded.workspace, tf)
    changes = "; ".join(
        f"{_(FIELDS[k])}: {_shown(k, t.data.get(k), named)} → {_shown(k, new.get(k), named)}"
        for k in given
        if t.data.get(k) != new.get(k)
    )
    plain(
        _("Changed {ref} {what} in {file}: {changes}").format(
            ref=t.item.ref, what=describe(new, named), file=relative(t.file, s.root), changes=changes
        )
    )
    if commit:
        message = "lisplan: " + _("correct {what}").format(what=describe(new, named))
        committed = s.commit([t.file], message, _("the change is written"))
        plain(_("Committed {commit}: {message}").format(commit=committed, message=message))


#: how the keys edit sets read in its report
FIELDS = {"date": N_("date"), "role": N_("role"), "note": N_("note"), "supervisor": N_("supervisor"), "by": N_("by")}


def _shown(key: str, value: Any, named: Names) -> str:
    """A value as the report of an edit shows it: dates and roles in the language, people by name."""
    if value is None:
        return _("(none)")
    if key == "date":
        return show_date(str(value))
    if key == "role":
        return role(str(value))
    if key in ("supervisor", "by"):
        return named.person(str(value))
    return repr(str(value))


def _edited(s: Session, loaded: Loaded, tf: TraineeFiles, t: Target, given: dict[str, Any]) -> dict[str, Any]:
    """The entry with ``given`` set, checked as a new entry of its kind would be (the same refusals)."""
    from lisplan.commands.entry_values import OPTIONS, EntryValues
    from lisplan.load.identity import refuse_identity_numbers

    kind = t.item.kind
    if kind == LEAVE:
        raise Refused(
            _("{ref} is a leave period: lisplan edit changes log entries").format(ref=t.item.ref),
            _("lisplan remove {ref}, then lisplan leave FROM TO with the right dates").format(ref=t.item.ref),
        )
    for key in given:
        option, kinds = EDITABLE[key]
        if kinds is not None and kind not in kinds:
            raise Refused(
                _("{option}: {ref} is {what}, which has no {option}").format(
                    option=option, ref=t.item.ref, what=_what(t, loaded, tf)
                ),
                _("{option} is for: {kinds}").format(option=option, kinds=", ".join(sorted(kinds))),
            )
    refuse_identity_numbers({k: v for k, v in given.items() if isinstance(v, str)}, OPTIONS)
    people = EntryValues(loaded.workspace, tf)
    try:
        for key in ("supervisor", "by"):  # by name as lisplan shows them, written by id (edit writes ``given``)
            if given.get(key):
                given[key] = people.person(given[key], EDITABLE[key][0])
    except Refused as e:
        raise _at(s, t, e) from None
    new = {k: v for k, v in t.data.items() if given.get(k) != ""}
    new.update({k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in given.items() if v != ""})
    if "note" in new:
        new["note"] = new.pop("note")  # the note last, as the entry commands write it
    if "portal" in new:
        new["portal"] = new.pop("portal")
    year = dt.date.fromisoformat(str(new["date"])).year
    if t.file.stem.isdigit() and int(t.file.stem) != year:
        raise Refused(
            _("--date {date}: an entry lives in the log of its year, and {ref} is in {file}").format(
                date=show_date(str(new["date"])), ref=t.item.ref, file=t.file.name
            ),
            _("lisplan remove {ref}, then record it again with --date {date}").format(
                ref=t.item.ref, date=str(new["date"])
            ),
        )
    try:
        Recorder(loaded.workspace, tf, s.today(), loaded.cache).check(
            {**new, "date": dt.date.fromisoformat(str(new["date"]))}
        )
    except Refused as e:
        raise _at(s, t, e) from None
    return new


def _at(s: Session, t: Target, e: Refused) -> Refused:
    """A refusal of the edited entry, saying where the entry is."""
    return Refused(f"{_where(s, t)}: {e.message}", e.hint, e.problems)


# --- undo --------------------------------------------------------------------------------------------


def undo(s: Session, *, dry_run: bool) -> None:
    """Take back lisplan's last write in this repo, when its files still hold it; else say what to do."""
    from lisplan.files.gitops import commits_since

    root = s.root
    last = journal.last(root)
    if last is None:
        raise Stop(
            _("nothing to undo: lisplan has no record of a write in this repo on this machine"),
            _("lisplan entries shows the log; lisplan remove REF takes an entry out"),
            code=PROBLEMS,
        )
    plans = []
    for change in last.changes:
        path = journal.inside(root, change.file)
        if path is None:
            raise Stop(_("the record of the last write names a file outside the repo; nothing was done"), "")
        committed = _committed_in(root, path, change, commits_since(root, path, last.time))
        if committed:
            sha, subject = committed
            raise Stop(
                _(
                    "lisplan's last write ({command}, {file}) is committed, in {commit} ({subject}); nothing was done"
                ).format(command=last.command, file=change.file, commit=sha, subject=subject),
                _("take it back with: git revert {commit}").format(commit=sha),
                code=PROBLEMS,
            )
        plans.append((change, path, _plan(s, change, path, last.command)))
    for change, _path, step in plans:
        if dry_run:
            plain(_("Would take back in {file}:").format(file=change.file))
            plain(step.show.rstrip("\n"))
    if dry_run:
        return
    try:
        for _change, _path, step in plans:
            step.run()
    except WriteError as e:
        raise Stop(e.message, e.hint, code=PROBLEMS) from None
    journal.forget(root)
    for change, _path, step in plans:
        plain(_("Took back {what} in {file}").format(what=step.what, file=change.file))


def _committed_in(
    root: Path, path: Path, change: journal.Change, since: list[tuple[str, str]]
) -> tuple[str, str] | None:
    """The first of the commits ``since`` (oldest first) whose version of the file holds the change."""
    from lisplan.files.gitops import show
    from lisplan.files.source import SourceError, parse

    for sha, subject in since:
        text = show(root, sha, f"./{change.file}")  # relative to the repo root, where git runs
        if text is None:
            continue
        if change.hunk is not None:
            if journal.put_back(text, change.hunk) is not None:
                return sha, subject
            continue
        try:
            data = parse(path, text).data
        except SourceError:
            continue
        items = data.get(change.key) if isinstance(data, dict) else None
        if isinstance(items, list) and all(item in items for item in change.added):
            return sha, subject
    return None


@dataclass
class _Step:
    what: str
    show: str
    run: Any


def _plan(s: Session, change: journal.Change, path: Path, command: str) -> _Step:
    """How one file's part of the last write is taken back, or a Stop saying why it cannot be."""
    from lisplan.files.changes import restore
    from lisplan.files.source import SourceError, parse, read_bytes

    check = _checker(change.key)
    try:
        raw = read_bytes(path)
    except (FileNotFoundError, SourceError):
        raise Stop(
            _("{file} is gone since lisplan's last write ({command}); nothing was done").format(
                file=change.file, command=command
            ),
            _("git status shows what happened to it"),
            code=PROBLEMS,
        ) from None
    unchanged = journal.digest(raw) == change.after
    if change.hunk is not None:  # an edit or a removal: put the lines back, on exactly the bytes it left
        text = journal.put_back(raw.decode("utf-8"), change.hunk) if unchanged else None
        if text is None or journal.digest(text) != change.before:
            raise Stop(
                _("{file} has changed since lisplan's last write, so undo cannot put it back as it was").format(
                    file=change.file
                ),
                _("git diff {file} shows the changes; the lines lisplan changed were:\n{lines}").format(
                    file=change.file, lines=change.hunk.old.rstrip("\n")
                ),
                code=PROBLEMS,
            )
        return _Step(
            _("the last change ({command})").format(command=command),
            _diff(change.hunk.new, change.hunk.old),
            lambda: restore(path, change.after, text, check=check),
        )
    doc = parse(path, raw.decode("utf-8"))
    items = doc.data.get(change.key) if isinstance(doc.data, dict) else None
    items = items if isinstance(items, list) else []
    if unchanged and change.created and [i for i in items] == change.added:
        return _Step(
            ngettext(
                "{n} entry (and the file it made)", "{n} entries (and the file they made)", len(change.added)
            ).format(n=len(change.added)),
            _diff("".join(entry_text(i) for i in change.added), ""),
            lambda: restore(path, change.after, None, check=check),
        )
    at = []
    taken: set[int] = set()
    for item in change.added:
        index = next((i for i in range(len(items) - 1, -1, -1) if i not in taken and items[i] == item), None)
        if index is None:
            raise Stop(
                _("{file} no longer holds {what} as lisplan added it: it was changed or taken out since").format(
                    file=change.file, what=describe(item, _names_at(s, path))
                ),
                _("lisplan entries --since {date} shows it with its reference; lisplan remove REF takes it out").format(
                    date=str(item.get("date", item.get("from", "")))
                ),
                code=PROBLEMS,
            )
        taken.add(index)
        at.append(KeyChange(index, item, remove=True))
    return _Step(
        ngettext("{n} entry lisplan added", "{n} entries lisplan added", len(at)).format(n=len(at)),
        _diff("".join(entry_text(i) for i in change.added), ""),
        lambda: change_items({path: at}, change.key, check=check),
    )


def _names_at(s: Session, path: Path) -> Names:
    """The names for the entries of the trainee whose file ``path`` is (none when the repo does not load)."""
    try:
        loaded = s.load(logs=False, checks=False)
    except Stop:
        return Names()
    ws = loaded.workspace
    tf = next((t for t in ws.trainees.values() if t.folder.resolve() == path.parent.resolve()), None)
    return names(ws, tf) if tf is not None else Names()


def _diff(taken_out: str, put_back: str) -> str:
    """What undo does to a file, as a diff shows it: ``-`` lines go, ``+`` lines come back."""
    return "".join(f"-{line}" for line in taken_out.splitlines(keepends=True)) + "".join(
        f"+{line}" for line in put_back.splitlines(keepends=True)
    )
