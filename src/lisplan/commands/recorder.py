"""Recording work: turn what the user typed into a log entry, check it as ``lisplan check`` would, and
add it safely to the trainee's log for that year (or, for leave, to the profile).

A :class:`Recorder` is made from a repo loaded *without* its logs (see ``loader.load(logs=False)``);
the logs themselves are read through the parse cache only as far as counting and duplicate checks
need (commands/logged.py), so that ``lisplan log`` stays fast on a five-year log. What the user typed
is read as an entry's values by :class:`EntryValues` (commands/entry_values.py). Every refusal is a
:class:`Refused` naming the option at fault and what to do; nothing is written then.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from lisplan.checks.dates import entry_date_problems
from lisplan.checks.references import entry_problems
from lisplan.checks.signoffs import signer_problems
from lisplan.checks.writable import valid_log, valid_profile
from lisplan.commands.entry_values import OPTIONS, EntryValues
from lisplan.commands.errors import refusal
from lisplan.commands.logged import LogFile, Logged, index_after, index_of, json_copy, miscounted, procedure_index
from lisplan.compute.entries import names
from lisplan.core.i18n import N_, _
from lisplan.core.i18n import date as show_date
from lisplan.core.problems import Origin, Refused
from lisplan.files import repo as repo_files
from lisplan.files.cache import Cache
from lisplan.files.repo import log_header
from lisplan.files.writer import Appended, WriteError, append_item, append_items, as_data
from lisplan.load.identity import refuse_identity_numbers
from lisplan.load.workspace import TraineeFiles, Workspace
from lisplan.models.log import ENTRY_KINDS, SignoffEntry, entry_kind
from lisplan.models.plan import ActivityKind, Procedure

if TYPE_CHECKING:  # migrations are read by migrate alone: log and the other entry commands do not import them
    from lisplan.compute.migration import Migration

#: the fix for a number logged already: the same examination in the same role counts once
DUPLICATE_HINT = N_(
    "one examination counts once per role; a re-review is --role re-review. "
    "If this really is another examination with the same number, add --allow-duplicate"
)


@dataclass
class Recorded:
    path: Path
    entry: dict[str, Any]
    created: bool
    warnings: list[str] = field(default_factory=list)
    count: tuple[Procedure, int] | None = None  # the named procedure list's count towards its minimum, after this entry


@dataclass
class Batch:
    """What one command recorded at once: the entries written (or, with --dry-run, that would be) per
    year file, the ones skipped as logged already, and each procedure list's count after them."""

    written: dict[Path, list[dict[str, Any]]] = field(default_factory=dict)
    created: set[Path] = field(default_factory=set)
    skipped: list[tuple[dict[str, Any], str]] = field(default_factory=list)  # (entry, why)
    warnings: list[str] = field(default_factory=list)
    counts: dict[str, tuple[Procedure, int]] = field(default_factory=dict)  # procedure id -> (list, count)

    @property
    def entries(self) -> list[dict[str, Any]]:
        return [e for added in self.written.values() for e in added]


class Recorder(EntryValues):
    """Builds, checks and writes new entries for one trainee."""

    def __init__(self, ws: Workspace, tf: TraineeFiles, today: dt.date, cache: Cache, *, dry_run: bool = False) -> None:
        self.dry_run = dry_run  # check everything, write nothing
        super().__init__(ws, tf)
        self.today, self.cache = today, cache
        self.logged = Logged(ws, tf, cache)  # what the trainee has logged already

    # --- one method per kind of entry (the commands of the same names) ------------------------------

    def log_procedures(
        self,
        name: str,
        accessions: list[str],
        *,
        stays: list[str],
        role: str,
        supervisor: str | None,
        date: dt.date,
        note: str | None,
        allow_duplicate: bool = False,
    ) -> Batch:
        """One entry per accession (or stay) number, written at once. A number that cannot be stored
        refuses them all; a number logged already is skipped (all of them skipped: refused)."""
        if not accessions and not stays:
            raise Refused(
                _("give the examination's --accession number (or its --stay number)"),
                _("e.g. lisplan log {procedure} --accession 81234567").format(procedure=name),
            )
        if accessions and stays:
            raise Refused(
                _("give accession numbers or --stay numbers, not both in one line"),
                _("the accession number is enough when there is one; log stay numbers in a line of their own"),
            )
        stay = bool(stays)
        numbers = stays or accessions
        option = "--stay" if stay else "--accession"
        for number in numbers:
            self.number(number, option)
        proc = self.procedure(name).id
        supervisor = self.person(supervisor, "--supervisor") if supervisor else None
        typed = list(dict.fromkeys(n.strip() for n in numbers))  # a number given twice is one examination
        made = [
            (
                new_entry(
                    "procedure",
                    proc,
                    date,
                    accession=None if stay else self.accession(n),
                    stay=n if stay else None,
                    role=role,
                    supervisor=supervisor,
                    note=note,
                ),
                n,
            )
            for n in typed
        ]
        batch = self.record_many(made, allow_duplicate=allow_duplicate)
        if not batch.entries and batch.skipped:
            raise Refused(
                "; ".join(why for _e, why in batch.skipped),
                _(DUPLICATE_HINT),
            )
        return batch

    def log_course(self, name: str, *, certificate: str | None, date: dt.date, note: str | None) -> Recorded:
        cert = self.repo_file(certificate, "--certificate") if certificate else None
        return self.record(new_entry("course", self.course(name), date, certificate=cert, note=note))

    def log_teaching(self, title: str, *, kind: str, goals: list[str], date: dt.date, note: str | None) -> Recorded:
        refs = [self.goal(g, "--goal") for g in goals]
        return self.record(new_entry("teaching", title, date, type=kind, goals=refs, note=note))

    def log_self_study(self, title: str, *, goals: list[str], date: dt.date, note: str | None) -> Recorded:
        refs = [self.goal(g, "--goal") for g in goals]
        return self.record(new_entry("self-study", title, date, goals=refs, note=note))

    def log_introduction(self, goal: str, *, supervisor: str | None, date: dt.date, note: str | None) -> Recorded:
        supervisor = self.person(supervisor, "--supervisor") if supervisor else None
        return self.record(new_entry("introduction", self.goal(goal, "GOAL"), date, supervisor=supervisor, note=note))

    def log_mdt(
        self, meeting: str, *, goal: str | None, supervisor: str | None, date: dt.date, note: str | None
    ) -> Recorded:
        ref = self.goal(goal, "--goal") if goal else None
        supervisor = self.person(supervisor, "--supervisor") if supervisor else None
        return self.record(new_entry("mdt", meeting, date, goal=ref, supervisor=supervisor, note=note))

    def log_supervision(
        self,
        kind: str,
        *,
        by: str | None,
        topic: str | None,
        review: bool,
        report: str | None,
        date: dt.date,
        note: str | None,
    ) -> Recorded:
        by = self.person(by, "--by") if by else (self.profile.mentor if kind == "individual" else None)
        path = self.repo_file(report, "--report") if report else None
        return self.record(
            new_entry("supervision", kind, date, by=by, topic=topic, review=review or None, report=path, note=note)
        )

    def log_signoff(
        self,
        goal: str,
        *,
        activity: str | None,
        procedure: str | None,
        by: str,
        date: dt.date,
        note: str | None,
        migration: str | None = None,
    ) -> Recorded:
        ref = self.goal(goal, "GOAL")
        by = self.person(by, "--by")
        proc = self.procedure(procedure).id if procedure else None
        if activity == ActivityKind.PROCEDURE_LIST.value and proc is None:
            proc = self._only_procedure_list(ref)
        recorded = self.record(
            new_entry("signoff", ref, date, activity=activity, procedure=proc, by=by, migration=migration, note=note)
        )
        minimum = recorded.count[0].minimum if recorded.count is not None else None
        if recorded.count is not None and minimum is not None and recorded.count[1] < minimum:
            listed, done = recorded.count
            short = (
                _("the list {name} has {done} of the {minimum} the plan asks for; it would be signed off all the same")
                if self.dry_run  # nothing is signed on a dry run, so the warning does not say it was
                else _("the list {name} has {done} of the {minimum} the plan asks for; signed off all the same")
            )
            recorded.warnings.append(
                short.format(name=names(self.ws, self.tf).procedure(listed.id), done=done, minimum=listed.minimum)
            )
        return recorded

    def record_migration(self, migrations: list[Migration], *, by: str | None, date: dt.date) -> list[Recorded]:
        """Each approval that carries over and is not recorded yet, as a sign-off naming its crosswalk
        (``migration:``); the old entries stay as they are. Every entry is checked before any is written."""
        from lisplan.compute.migration import note as carried_note

        def signoffs() -> list[Recorded]:
            return [
                self.log_signoff(
                    c.goal.key,
                    activity=None,
                    procedure=None,
                    # never the old signer's name on a new date: whoever confirms the carry-over signs
                    by=by or m.crosswalk.confirmed_by or self.tf.id,
                    date=date,
                    note=carried_note(c, m.crosswalk),
                    migration=m.crosswalk.id,
                )
                for m in migrations
                if m.crosswalk
                for c in m.pending
            ]

        writing, self.dry_run = not self.dry_run, True
        checked = signoffs()
        if not writing:
            return checked
        self.dry_run = False
        return signoffs()

    # --- checking and writing ---------------------------------------------------------------------

    def check(self, entry: dict[str, Any]) -> list[str]:
        """Refuse an entry that ``lisplan check`` would report as an error; return its warnings."""
        refuse_identity_numbers(entry, OPTIONS)
        kind = entry_kind(entry)
        try:
            model = ENTRY_KINDS[kind].model_validate(entry)  # type: ignore[index]
        except ValidationError as e:
            from lisplan.load.validation import pydantic_message

            err = e.errors()[0]
            where = OPTIONS.get(str(err["loc"][0]), str(err["loc"][0])) if err["loc"] else kind
            raise Refused(
                f"{where}: {pydantic_message(err)}", _("see what {option} takes in --help").format(option=where)
            ) from None
        for p in entry_problems(self.ws, self.tf, model):
            if p.is_error:
                option = OPTIONS.get(str(p.loc[0]), "") if p.loc else ""
                raise Refused(f"{option}: {p.message}" if option else p.message, p.hint)
        year_file = repo_files.year_log(self.tf.folder, model.date.year)
        warnings = []
        if isinstance(model, SignoffEntry):  # the trainee signing her own goal: said now, not only by check
            warnings += [f"{p.message} ({p.hint})" for p in signer_problems(self.ws, self.tf, model, Origin(year_file))]
        for p in entry_date_problems(
            self.today, model.date.year, self.profile.start, None, 0, model.date, Origin(year_file), option="--date"
        ):
            if p.is_error:
                raise Refused(p.message, p.hint)
            warnings.append(f"{p.message} ({p.hint})")
        return warnings

    def record(self, entry: dict[str, Any], *, allow_duplicate: bool = False, also: str | None = None) -> Recorded:
        """Check ``entry`` and append it to the log for its year (``also``: the number as typed, when the
        entry holds its hash)."""
        warnings = self.check(entry)
        date: dt.date = entry["date"]
        logs = self.logged.logs()
        if entry_kind(entry) == "procedure":
            warnings += self._counted_already(entry, logs)
        path = repo_files.year_log(self.tf.folder, date.year)
        duplicates = entry_kind(entry) == "procedure" and not allow_duplicate
        if duplicates:
            self._refuse_duplicate(entry, logs, also)

        def again_under_the_lock(old: Any) -> None:
            # Another writer may have added the same number since the logs were read above: look again,
            # in the file as read under the lock (and in the trainee's other years, locked with it).
            if duplicates:
                self._refuse_duplicate(entry, [*self.logged.logs(skip=path), LogFile(path, index_of(old))], also)

        others = [f.procedures for f in logs if f.path != path]
        if self.dry_run:
            created = not path.exists()
            current = next((f.procedures for f in logs if f.path == path), {})
            written = procedure_index([as_data(entry)], into=json_copy(current))
        else:
            after: dict[str, Any] = {}
            from lisplan.present.schema import modeline

            header = log_header(self.tf.id, date.year, modeline("log", path, self.ws.root) if self.ws.root else "")
            appended = self._append(
                path,
                "entries",
                entry,
                valid_log,
                "log",
                header,
                index_after([entry], after),
                in_date_order(date),
                again_under_the_lock,
            )
            created, written = appended.created, after
        warnings += miscounted(logs)
        recorded = Recorded(path, entry, created, warnings)
        if entry.get("procedure"):  # a procedure, or the sign-off of a procedure list
            proc = self.procedure(entry["procedure"])
            recorded.count = (proc, self.logged.count(proc, [*others, written]))
        return recorded

    def record_many(self, made: list[tuple[dict[str, Any], str]], *, allow_duplicate: bool = False) -> Batch:
        """Check procedure entries (each with its number as typed) and append them to the logs of their
        years, one write per file. An entry lisplan check would refuse refuses them all; an entry whose
        number is logged already for its list and role (or given twice) is skipped and said why."""
        batch = Batch()
        logs = self.logged.logs()
        batch.warnings += miscounted(logs)
        checked: dict[tuple[Any, ...], list[str]] = {}  # entries alike but for their number are checked alike
        pending: dict[Path, list[tuple[dict[str, Any], str]]] = {}
        seen: set[tuple[str, str, str]] = set()
        years: dict[int, Path] = {}  # year -> its log file
        for entry, typed in made:
            alike = tuple((k, str(v)) for k, v in entry.items() if k not in ("accession", "stay"))
            if alike not in checked:
                checked[alike] = self.check(entry)
            else:
                refuse_identity_numbers(entry, OPTIONS)
            key = (str(entry["procedure"]), str(entry.get("role", "described")), typed)
            why = None if allow_duplicate else self._duplicate(entry, logs, typed)
            if why is None and key in seen:
                why = _("{number} is given twice; it is logged once").format(number=typed)
            if why is not None:
                batch.skipped.append((entry, why))
                continue
            seen.add(key)
            batch.warnings += self._counted_already(entry, logs)
            year = entry["date"].year
            if year not in years:
                years[year] = repo_files.year_log(self.tf.folder, year)
            pending.setdefault(years[year], []).append((entry, typed))
        for warnings in checked.values():
            batch.warnings += warnings
        batch.warnings = list(dict.fromkeys(batch.warnings))
        indexes = {f.path: f.procedures for f in logs}
        for path, items in pending.items():
            items.sort(key=lambda pair: pair[0]["date"])
            batch.written[path] = [e for e, _t in items]
            if self.dry_run:
                batch.created |= set() if path.exists() else {path}
                indexes[path] = procedure_index([as_data(e) for e, _t in items], into=json_copy(indexes.get(path, {})))
                continue
            appended, indexes[path] = self._append_many(path, items, allow_duplicate)
            if appended.created:
                batch.created.add(path)
        for proc_id in dict.fromkeys(str(e["procedure"]) for e, _t in made):
            proc = self.procedure(proc_id)
            batch.counts[proc.id] = (proc, self.logged.count(proc, indexes.values()))
        return batch

    def _append_many(
        self, path: Path, items: list[tuple[dict[str, Any], str]], allow_duplicate: bool
    ) -> tuple[Appended, dict[str, Any]]:
        """Append ``items`` to one year's log in one write; the file's procedure index after it."""
        after: dict[str, Any] = {}
        entries = [e for e, _t in items]

        def again_under_the_lock(old: Any) -> None:
            # Another writer may have added one of the numbers since the logs were read: look again, in
            # the file as read under the lock (and in the trainee's other years, locked with it).
            if allow_duplicate:
                return
            logs = [*self.logged.logs(skip=path), LogFile(path, index_of(old))]
            for entry, typed in items:
                self._refuse_duplicate(entry, logs, typed)

        from lisplan.present.schema import modeline

        year = entries[0]["date"].year
        header = log_header(self.tf.id, year, modeline("log", path, self.ws.root) if self.ws.root else "")
        try:
            appended = append_items(
                path,
                "entries",
                entries,
                check=valid_log,
                valid_as="log",
                cache=self.cache,
                header=header,
                more_facts=index_after(entries, after),
                position=lambda old, entry: in_date_order(entry["date"])(old),
                before_write=again_under_the_lock,
            )
        except WriteError as e:
            raise refusal(e) from None
        return appended, after

    def record_leave(self, start: dt.date, end: dt.date, percent: float, reason: str | None) -> Recorded:
        """Add a leave period to the trainee's profile."""
        if end < start:
            raise Refused(
                _("TO {end} is before FROM {start}").format(end=show_date(end), start=show_date(start)),
                _("give the first and the last day of the leave, in that order"),
            )
        if not 0 < percent <= 100:
            raise Refused(
                _("--percent {percent} is not a percentage of leave").format(percent=f"{percent:g}"),
                _("give a number above 0, at most 100"),
            )
        item: dict[str, Any] = {
            "from": start,
            "to": end,
            "percent": int(percent) if percent == int(percent) else percent,
        }
        if reason:
            item["reason"] = reason
        refuse_identity_numbers(item, OPTIONS)
        warnings = [
            _("overlaps the leave {start}–{end} already in trainee.yaml").format(
                start=show_date(old.from_), end=show_date(old.to)
            )
            for old in self.profile.leave
            if old.from_ <= end and start <= old.to
        ]
        path = self.profile.origin.file if self.profile.origin else self.tf.folder / "trainee.yaml"
        if not self.dry_run:
            self._append(path, "leave", item, valid_profile, "trainee", "")
        return Recorded(path, item, False, warnings)

    def _append(
        self,
        path: Path,
        key: str,
        item: dict[str, Any],
        check: Any,
        kind: str,
        header: str,
        more_facts: Any = None,
        position: Any = None,
        before_write: Any = None,
    ) -> Appended:
        try:
            return append_item(
                path,
                key,
                item,
                check=check,
                valid_as=kind,
                cache=self.cache,
                header=header,
                more_facts=more_facts,
                position=position,
                before_write=before_write,
            )
        except WriteError as e:
            raise refusal(e) from None

    # --- what is logged already (commands/logged.py) ---------------------------------------------

    def _refuse_duplicate(self, entry: dict[str, Any], logs: list[LogFile], also: str | None = None) -> None:
        why = self._duplicate(entry, logs, also)
        if why:
            raise Refused(
                why,
                _(DUPLICATE_HINT),
            )

    def _duplicate(self, entry: dict[str, Any], logs: list[LogFile], also: str | None = None) -> str | None:
        """Why ``entry`` is logged already (its number, for its list and role), or None."""
        return self.logged.duplicate(entry, self.procedure(entry["procedure"]), logs, also)

    def _counted_already(self, entry: dict[str, Any], logs: list[LogFile]) -> list[str]:
        return self.logged.counted_already(entry, self.procedure(entry["procedure"]), logs)

    def find(self, numbers: Iterable[str]) -> list[tuple[str, list[tuple[Path, dict[str, Any]]]]]:
        """For each accession or stay number, the entries that hold it (hashed first, if the repo hashes)."""
        logs = self.logged.logs()
        found = []
        for number in numbers:
            stored = {number.strip(), self.accession(number)}  # refuses an identity number, hashed or not
            hits = []
            for f in logs:
                for key, slot in f.procedures.items():
                    name, _, role = key.rpartition("\t")
                    hits += [
                        (f.path, {"procedure": name, "role": role, "date": slot["numbers"][n]})
                        for n in stored
                        if n in slot["numbers"]
                    ]
            found.append((number.strip(), hits))
        return found


def in_date_order(date: dt.date) -> Any:
    """Where an entry dated ``date`` goes: last, unless later entries are logged (then before the first)."""
    day = date.isoformat()

    def position(entries: list[Any]) -> int | None:
        if not entries or not isinstance(entries[-1], dict) or str(entries[-1].get("date", "")) <= day:
            return None  # the common case, decided without looking further
        return next((i for i, e in enumerate(entries) if isinstance(e, dict) and str(e.get("date", "")) > day), None)

    return position


def new_entry(kind: str, value: Any, date: dt.date, **fields: Any) -> dict[str, Any]:
    """An entry in the order people read it: kind, date, details, note; empty details left out."""
    entry: dict[str, Any] = {kind: value, "date": date}
    for key, v in fields.items():
        if v is not None and v != [] and v != "":
            entry[key] = v
    if "note" in entry:
        entry["note"] = entry.pop("note")
    return entry
