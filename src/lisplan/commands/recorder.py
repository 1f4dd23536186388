"""Recording work: turn what the user typed into a log entry, check it as ``lisplan check`` would, and
add it safely to the trainee's log for that year (or, for leave, to the profile).

A :class:`Recorder` is made from a repo loaded *without* its logs (see ``loader.load(logs=False)``);
the logs themselves are read through the parse cache only as far as counting and duplicate checks
need, so that ``lisplan log`` stays fast on a five-year log. Every refusal is a :class:`Refused`
naming the option at fault and what to do; nothing is written then.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from lisplan.checks.dates import entry_date_problems
from lisplan.checks.references import entry_problems, scope
from lisplan.checks.signoffs import signer_problems
from lisplan.commands.errors import PROBLEMS, USAGE, Stop
from lisplan.compute.entries import names
from lisplan.compute.entries import role as role_text
from lisplan.compute.migration import Migration
from lisplan.compute.migration import note as carried_note
from lisplan.core.i18n import _, ngettext
from lisplan.core.i18n import date as show_date
from lisplan.core.identity import find_identity_numbers
from lisplan.core.problems import Origin, Problem
from lisplan.core.suggest import did_you_mean
from lisplan.files import repo as repo_files
from lisplan.files.cache import Cache
from lisplan.files.source import Document
from lisplan.files.writer import Appended, WriteError, append_item, append_items, as_data
from lisplan.load.identity import WHY, mask
from lisplan.load.loader import Loaded
from lisplan.load.workspace import GoalInfo, TraineeFiles, Workspace
from lisplan.models import Config, Log, Trainee
from lisplan.models.common import split_ref
from lisplan.models.log import ENTRY_KINDS, SignoffEntry, entry_kind
from lisplan.models.plan import ActivityKind, Procedure

HMAC_PREFIX = "hmac:"
KEY_ENV = "LISPLAN_ACCESSION_KEY"

#: The command-line option that sets each entry key, for messages about a bad value.
OPTIONS = {
    "procedure": "PROCEDURE",
    "introduction": "GOAL",
    "mdt": "MEETING",
    "course": "COURSE",
    "teaching": "TITLE",
    "self-study": "TITLE",
    "supervision": "KIND",
    "signoff": "GOAL",
    "date": "--date",
    "accession": "--accession",
    "stay": "--stay",
    "role": "--role",
    "supervisor": "--supervisor",
    "note": "--note",
    "goal": "--goal",
    "goals": "--goal",
    "certificate": "--certificate",
    "type": "--type",
    "by": "--by",
    "topic": "--topic",
    "report": "--report",
    "activity": "--activity",
    "from": "FROM",
    "to": "TO",
    "percent": "--percent",
    "reason": "--reason",
}


@dataclass
class Refused(Exception):
    """What the user asked for cannot be recorded; nothing was written."""

    message: str
    hint: str = ""
    problems: list[Problem] = field(default_factory=list)  # problems in files, with positions

    def __str__(self) -> str:
        return self.message


def refused(e: Refused, root: Path, loaded: Loaded) -> Stop:
    """A refusal as the command's stop: problems in files exit 1, a refused value is a usage error."""
    return Stop(
        e.message,
        e.hint,
        code=PROBLEMS if e.problems else USAGE,
        problems=e.problems,
        root=root,
        line_of=loaded.line_of,
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


#: What an accession or stay number may look like: letters, digits and ``-./_``, at most 40 of them
#: (RIS/PACS numbers are short codes; anything else is a paste gone wrong, e.g. two numbers and a comma).
NUMBER = re.compile(r"[0-9A-Za-z][0-9A-Za-z./_-]{0,39}")


@dataclass
class _LogFile:
    """One log file as far as recording needs it: its procedures, indexed (see :func:`procedure_index`)."""

    path: Path
    procedures: dict[str, Any]
    error: str | None = None  # why the file may be miscounted, if it may


class Recorder:
    """Builds, checks and writes new entries for one trainee."""

    def __init__(self, ws: Workspace, tf: TraineeFiles, today: dt.date, cache: Cache, *, dry_run: bool = False) -> None:
        self.dry_run = dry_run  # check everything, write nothing
        if tf.profile is None:
            raise Refused(
                _("trainee {trainee} has no valid trainee.yaml").format(trainee=tf.id),
                _("fix it (lisplan check shows how), then run this again"),
            )
        self.ws, self.tf, self.today, self.cache = ws, tf, today, cache
        self.profile: Trainee = tf.profile
        self.plan = ws.plan_of(tf)
        self.config = ws.config or Config(kind="config")
        self._names: dict[str, dict[str, bool]] = {}  # procedure id -> {name as logged: is it this one}

    # --- building entries -------------------------------------------------------------------------

    def procedure(self, name: str) -> Procedure:
        """A procedure list of the trainee's plan by id, name (Norwegian or English) or alias."""
        if self.plan is None:
            raise Refused(
                _("the trainee's plan {plan!r} is not in this repo").format(plan=self.profile.plan),
                _("fix 'plan:' in trainee.yaml (lisplan check shows the plans)"),
            )
        found = self.ws.procedure(self.plan, name)
        if found is None:
            names = {n: p.id for p in self.plan.procedures for n in (p.id, p.name, p.name_en or "", *p.aliases) if n}
            listed = ", ".join(p.id for p in self.plan.procedures) or _("none")
            raise Refused(
                _("PROCEDURE {name!r}: plan {plan} has no such procedure list").format(name=name, plan=self.plan.id),
                did_you_mean(name, names, names) or _("the plan's procedure lists: {ids}").format(ids=listed),
            )
        return found

    def goal(self, ref: str, option: str) -> str:
        """A goal reference as it is best written: the code alone where it is unambiguous."""
        set_id, code = split_ref(ref.strip())
        if set_id is None and ":" in ref:
            set_id, code = ref.strip().split(":", 1)
        code = code.upper()
        sets = self.goal_sets()
        found = self.ws.resolve_goal(f"{set_id}:{code}" if set_id else code, sets)
        if not isinstance(found, GoalInfo):
            raise Refused(
                f"{option} {ref!r}: {found}",
                self.ws.near_goal(code, sets)
                or _("the trainee's goal sets are {sets}; see data/goals/").format(sets=", ".join(sets)),
            )
        return found.code if self.ws.resolve_goal(found.code, sets) == found else found.key

    def goal_sets(self) -> list[str]:
        return scope(self.ws, self.tf)[1]

    def course(self, name: str) -> str:
        found = self.ws.find_course_or_group(name)
        if found is None:
            raise Refused(
                _("COURSE {name!r}: no course by that id or name").format(name=name),
                did_you_mean(name, self.ws.course_names()) or _("see the course lists in data/goals/"),
            )
        return found.id

    def repo_file(self, given: str, option: str) -> str:
        """A file the entry points to (certificate, report), written relative to the repo root."""
        root = self.ws.root or Path.cwd()
        path = Path(given).expanduser()
        for candidate in (path, root / path):
            if candidate.is_file():
                try:
                    return candidate.resolve().relative_to(root.resolve()).as_posix()
                except ValueError:
                    raise Refused(
                        _("{option} {path!r} is outside the plan repo").format(option=option, path=given),
                        _("copy the file into the repo (e.g. certificates/) and give that path"),
                    ) from None
        raise Refused(
            _("{option} {path!r}: no such file").format(option=option, path=given),
            _("give the path of a file in the plan repo"),
        )

    def accession(self, number: str) -> str:
        """The accession number as stored: as typed, or as a keyed hash when the repo says so."""
        number = number.strip()
        refuse_identity_numbers({"accession": number})
        if self.config.accession_storage != "hmac-sha256" or number.startswith(HMAC_PREFIX):
            return number
        return hash_accession(number, self.accession_key())

    def accession_key(self) -> bytes:
        key = os.environ.get(KEY_ENV, "").encode()
        if not key and self.config.accession_key_file:
            path = Path(self.config.accession_key_file).expanduser()
            if not path.is_absolute() and self.ws.root:
                path = self.ws.root / path
            try:
                key = _read_key(path)
            except OSError as e:
                raise Refused(
                    _("cannot read the accession key file {path}: {why}").format(path=path, why=e.strerror),
                    _("check accession_key_file in lisplan.yaml"),
                ) from None
        if not key:
            raise Refused(
                _("this repo stores accession numbers as keyed hashes (lisplan.yaml), but no key is set"),
                _("set {variable}, or accession_key_file in lisplan.yaml to a file outside the repo").format(
                    variable=KEY_ENV
                ),
            )
        return key

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
                _(
                    "one examination counts once per role; a re-review is --role re-review. "
                    "If this really is another examination with the same number, add --allow-duplicate"
                ),
            )
        return batch

    def number(self, number: str, option: str) -> str:
        """An accession or stay number as typed, refused when it cannot be stored (nothing is written)."""
        refuse_identity_numbers({option.lstrip("-"): number})
        if not NUMBER.fullmatch(number.strip()) and not number.startswith(HMAC_PREFIX):
            raise Refused(
                _("{option} {number!r} is not an examination number; nothing was written").format(
                    option=option, number=number[:60]
                ),
                _("give the number as RIS/PACS shows it (letters, digits and - . / _), one number per argument"),
            )
        return number.strip()

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
        return self.record(new_entry("introduction", self.goal(goal, "GOAL"), date, supervisor=supervisor, note=note))

    def log_mdt(
        self, meeting: str, *, goal: str | None, supervisor: str | None, date: dt.date, note: str | None
    ) -> Recorded:
        ref = self.goal(goal, "--goal") if goal else None
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
        by = by or (self.profile.mentor if kind == "individual" else None)
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

    def _only_procedure_list(self, ref: str) -> str:
        info = self.ws.resolve_goal(ref, self.goal_sets())
        acts = [
            a
            for ga in (self.plan.goal_activities if self.plan else [])
            for a in ga.activities
            if a.kind is ActivityKind.PROCEDURE_LIST
            and a.procedure
            and isinstance(info, GoalInfo)
            and self.ws.resolve_goal(ga.goal, self.goal_sets()) == info
        ]
        if len(acts) == 1:
            return acts[0].procedure  # type: ignore[return-value]
        raise Refused(
            _("--activity procedure-list needs --procedure (which procedure list is signed off)"),
            _("e.g. --procedure skeleton-scintigraphy"),
        )

    # --- checking and writing ---------------------------------------------------------------------

    def check(self, entry: dict[str, Any]) -> list[str]:
        """Refuse an entry that ``lisplan check`` would report as an error; return its warnings."""
        refuse_identity_numbers(entry)
        kind = entry_kind(entry)
        try:
            model = ENTRY_KINDS[kind].model_validate(entry)  # type: ignore[index]
        except ValidationError as e:
            err = e.errors()[0]
            where = OPTIONS.get(str(err["loc"][0]), str(err["loc"][0])) if err["loc"] else kind
            raise Refused(f"{where}: {err['msg']}", _("see lisplan COMMAND --help")) from None
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
        logs = self.logs()
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
                self._refuse_duplicate(entry, [*self.logs(skip=path), _LogFile(path, _index_of(old))], also)

        others = [f.procedures for f in logs if f.path != path]
        if self.dry_run:
            created = not path.exists()
            current = next((f.procedures for f in logs if f.path == path), {})
            written = procedure_index([as_data(entry)], into=json_copy(current))
        else:
            after: dict[str, Any] = {}

            def index_after(old: Any) -> dict[str, Any]:
                known = old.facts.get("procedures")  # the index of exactly these old bytes, if kept
                if isinstance(known, dict):
                    after.update(procedure_index([as_data(entry)], into=known))
                else:
                    data = old.document.data if isinstance(old.document.data, dict) else {}
                    after.update(procedure_index([*(data.get("entries") or []), as_data(entry)]))
                return {"procedures": after}

            from lisplan.present.schema import modeline

            header = log_header(self.tf.id, date.year, modeline("log", path, self.ws.root) if self.ws.root else "")
            appended = self._append(
                path, "entries", entry, valid_log, "log", header, index_after, in_date_order(date), again_under_the_lock
            )
            created, written = appended.created, after
        warnings += [
            _("{file} may be miscounted: {why} (lisplan check shows where)").format(file=f.path.name, why=f.error)
            for f in logs
            if f.error
        ]
        recorded = Recorded(path, entry, created, warnings)
        if entry.get("procedure"):  # a procedure, or the sign-off of a procedure list
            proc = self.procedure(entry["procedure"])
            recorded.count = (proc, self.count(proc, [*others, written]))
        return recorded

    def record_many(self, made: list[tuple[dict[str, Any], str]], *, allow_duplicate: bool = False) -> Batch:
        """Check procedure entries (each with its number as typed) and append them to the logs of their
        years, one write per file. An entry lisplan check would refuse refuses them all; an entry whose
        number is logged already for its list and role (or given twice) is skipped and said why."""
        batch = Batch()
        logs = self.logs()
        batch.warnings += [
            _("{file} may be miscounted: {why} (lisplan check shows where)").format(file=f.path.name, why=f.error)
            for f in logs
            if f.error
        ]
        checked: dict[tuple[Any, ...], list[str]] = {}  # entries alike but for their number are checked alike
        pending: dict[Path, list[tuple[dict[str, Any], str]]] = {}
        seen: set[tuple[str, str, str]] = set()
        years: dict[int, Path] = {}  # year -> its log file
        for entry, typed in made:
            alike = tuple((k, str(v)) for k, v in entry.items() if k not in ("accession", "stay"))
            if alike not in checked:
                checked[alike] = self.check(entry)
            else:
                refuse_identity_numbers(entry)
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
            batch.counts[proc.id] = (proc, self.count(proc, indexes.values()))
        return batch

    def _append_many(
        self, path: Path, items: list[tuple[dict[str, Any], str]], allow_duplicate: bool
    ) -> tuple[Appended, dict[str, Any]]:
        """Append ``items`` to one year's log in one write; the file's procedure index after it."""
        after: dict[str, Any] = {}
        entries = [e for e, _t in items]

        def index_after(old: Any) -> dict[str, Any]:
            known = old.facts.get("procedures")  # the index of exactly these old bytes, if kept
            if isinstance(known, dict):
                after.update(procedure_index([as_data(e) for e in entries], into=known))
            else:
                data = old.document.data if isinstance(old.document.data, dict) else {}
                after.update(procedure_index([*(data.get("entries") or []), *map(as_data, entries)]))
            return {"procedures": after}

        def again_under_the_lock(old: Any) -> None:
            # Another writer may have added one of the numbers since the logs were read: look again, in
            # the file as read under the lock (and in the trainee's other years, locked with it).
            if allow_duplicate:
                return
            logs = [*self.logs(skip=path), _LogFile(path, _index_of(old))]
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
                more_facts=index_after,
                position=lambda old, entry: in_date_order(entry["date"])(old),
                before_write=again_under_the_lock,
            )
        except WriteError as e:
            raise Refused(
                e.message, e.hint or _("fix the file (lisplan check shows how), then run this again"), e.problems
            ) from None
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
        refuse_identity_numbers(item)
        warnings = [
            _("overlaps the leave {start}–{end} already in trainee.yaml").format(
                start=show_date(old.from_), end=show_date(old.to)
            )
            for old in self.profile.leave
            if old.from_ <= end and start <= old.to
        ]
        path = self.profile.origin.file if self.profile.origin else self.tf.folder / "trainee.yaml"
        if not self.dry_run:
            self._append(path, "leave", item, _valid_profile, "trainee", "")
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
            raise Refused(
                e.message, e.hint or _("fix the file (lisplan check shows how), then run this again"), e.problems
            ) from None

    # --- what is logged already -------------------------------------------------------------------

    def logs(self, skip: Path | None = None) -> list[_LogFile]:
        """Every log file of the trainee (but ``skip``), indexed; from the cache's facts alone when the
        bytes are known."""
        from lisplan.files.source import SourceError, read_bytes

        found = []
        for path in repo_files.trainee_logs(self.tf.folder):
            if path == skip:
                continue
            try:
                raw = read_bytes(path)
                digest, facts = self.cache.facts(path, raw)
                invalid = None
                # a file that does not validate is read again: why it does not is said in the language of
                # this run, so the reason is not kept among the facts (they are the same in every language)
                if not isinstance(facts.get("procedures"), dict) or facts.get("valid") != "log":
                    cached = self.cache.read(path, raw)
                    facts = cached.facts
                    facts.pop("invalid", None)
                    data = cached.document.data
                    try:
                        valid_log(cached.document)
                        facts["valid"] = "log"
                    except WriteError as e:
                        invalid = e.message
                    entries = data.get("entries") if isinstance(data, dict) else None
                    facts["procedures"] = procedure_index(entries if isinstance(entries, list) else [])
                    self.cache.store_facts(path, digest, facts)
            except SourceError as e:
                found.append(_LogFile(path, {}, _("line {line}: {message}").format(line=e.line, message=e.message)))
                continue
            found.append(_LogFile(path, facts["procedures"], None if facts.get("valid") == "log" else invalid))
        return found

    def _keys(self, proc: Procedure, index: dict[str, Any]) -> Iterator[tuple[str, str]]:
        """The (role, index key) pairs of an index that log ``proc``, by any of its names."""
        is_proc = self._names.setdefault(proc.id, {})
        for key in index:
            name, _, role = key.rpartition("\t")
            hit = is_proc.get(name)
            if hit is None:
                hit = is_proc[name] = self.plan is not None and self.ws.procedure(self.plan, name) is proc
            if hit:
                yield role, key

    def count(self, proc: Procedure, indexes: Iterable[dict[str, Any]]) -> int:
        """How many examinations count towards ``proc``'s minimum, as lisplan status counts them: each
        accession or stay number once, whatever roles are logged for it (compute/progress.py)."""
        numbers: set[str] = set()
        for index in indexes:
            for role, key in self._keys(proc, index):
                if role in proc.count_roles:
                    numbers.update(index[key]["numbers"])
        return len(numbers)

    def _refuse_duplicate(self, entry: dict[str, Any], logs: list[_LogFile], also: str | None = None) -> None:
        why = self._duplicate(entry, logs, also)
        if why:
            raise Refused(
                why,
                _(
                    "one examination counts once per role; a re-review is --role re-review. "
                    "If this really is another examination with the same number, add --allow-duplicate"
                ),
            )

    def _duplicate(self, entry: dict[str, Any], logs: list[_LogFile], also: str | None = None) -> str | None:
        """Why ``entry`` is logged already (its number, for its list and role), or None."""
        proc = self.procedure(entry["procedure"])
        field_name = "accession" if "accession" in entry else "stay"
        number, role = str(entry[field_name]), entry.get("role", "described")
        forms = [number] + ([also] if also and also != number else [])
        for f in logs:
            for logged_role, key in self._keys(proc, f.procedures):
                numbers = f.procedures[key]["numbers"]
                when = next((numbers[n] for n in forms if n in numbers), None)
                if logged_role == role and when is not None:
                    number = also if also and number.startswith(HMAC_PREFIX) else number
                    return _("--{option} {number} is already logged for {procedure} as {role} ({date}, {file})").format(
                        option=field_name,
                        number=number,
                        procedure=names(self.ws, self.tf).procedure(proc.id),
                        role=role_text(role),
                        date=show_date(when),
                        file=f.path.name,
                    )
        return None

    def _counted_already(self, entry: dict[str, Any], logs: list[_LogFile]) -> list[str]:
        """One examination counts once per list: say so when this number is counted under another role."""
        proc = self.procedure(entry["procedure"])
        number = str(entry["accession"] if "accession" in entry else entry["stay"])
        role = entry.get("role", "described")
        if role not in proc.count_roles:
            return []
        for f in logs:
            for logged_role, key in self._keys(proc, f.procedures):
                when = f.procedures[key]["numbers"].get(number)
                if logged_role != role and logged_role in proc.count_roles and when is not None:
                    return [
                        _(
                            "{number} is already counted for {procedure} as {role} ({date}); one examination counts "
                            "once towards the minimum (logged as both, it is still one)"
                        ).format(
                            number=number,
                            procedure=names(self.ws, self.tf).procedure(proc.id),
                            role=role_text(logged_role),
                            date=show_date(when),
                        )
                    ]
        return []

    def find(self, numbers: Iterable[str]) -> list[tuple[str, list[tuple[Path, dict[str, Any]]]]]:
        """For each accession or stay number, the entries that hold it (hashed first, if the repo hashes)."""
        logs = self.logs()
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


def _index_of(old: Any) -> dict[str, Any]:
    """The procedure index of a file as the writer read it (a ``Cached``): its fact, or built from its data."""
    known = old.facts.get("procedures")
    if isinstance(known, dict):
        return dict(known)
    data = old.document.data if isinstance(old.document.data, dict) else {}
    entries = data.get("entries")
    return procedure_index(entries if isinstance(entries, list) else [])


def in_date_order(date: dt.date) -> Any:
    """Where an entry dated ``date`` goes: last, unless later entries are logged (then before the first)."""
    day = date.isoformat()

    def position(entries: list[Any]) -> int | None:
        if not entries or not isinstance(entries[-1], dict) or str(entries[-1].get("date", "")) <= day:
            return None  # the common case, decided without looking further
        return next((i for i, e in enumerate(entries) if isinstance(e, dict) and str(e.get("date", "")) > day), None)

    return position


def procedure_index(entries: Iterable[Any], into: dict[str, Any] | None = None) -> dict[str, Any]:
    """A log's procedure entries in brief: ``"name\trole" -> {"n": count, "numbers": {number: first date}}``.

    Small enough to keep in the cache's facts, so that counting and duplicate checks over five years
    do not read every entry again.
    """
    index: dict[str, Any] = {} if into is None else into
    for e in entries:
        if type(e) is dict and entry_kind(e) == "procedure":
            add_to_index(index, e)
    return index


def add_to_index(index: dict[str, Any], entry: dict[str, Any]) -> dict[str, Any]:
    slot = index.setdefault(f"{entry.get('procedure')}\t{entry.get('role', 'described')}", {"n": 0, "numbers": {}})
    slot["n"] += 1
    number = entry.get("accession") if entry.get("accession") is not None else entry.get("stay")
    if number is not None:
        slot["numbers"].setdefault(str(number), str(entry.get("date")))
    return index


def json_copy(value: Any) -> Any:
    return {k: json_copy(v) for k, v in value.items()} if isinstance(value, dict) else value


def new_entry(kind: str, value: Any, date: dt.date, **fields: Any) -> dict[str, Any]:
    """An entry in the order people read it: kind, date, details, note; empty details left out."""
    entry: dict[str, Any] = {kind: value, "date": date}
    for key, v in fields.items():
        if v is not None and v != [] and v != "":
            entry[key] = v
    if "note" in entry:
        entry["note"] = entry.pop("note")
    return entry


MAX_KEY_BYTES = 64 * 1024


def _read_key(path: Path) -> bytes:
    """The key in ``path``: a regular file of at most 64 KiB (a device such as /dev/zero never ends)."""
    import stat

    with open(path, "rb") as handle:
        if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
            raise Refused(
                _("the accession key file {path} is not a regular file").format(path=path),
                _("point accession_key_file in lisplan.yaml at a file that holds the key"),
            )
        key = handle.read(MAX_KEY_BYTES + 1)
    if len(key) > MAX_KEY_BYTES:
        raise Refused(
            _("the accession key file {path} is larger than a key ({size} KiB or more)").format(
                path=path, size=MAX_KEY_BYTES // 1024
            ),
            _("point accession_key_file in lisplan.yaml at a file that holds only the key"),
        )
    return key.strip()


def hash_accession(number: str, key: bytes) -> str:
    """``hmac:`` and 24 letters/digits 2-7 (base32 never spells an 11-digit identity number)."""
    digest = hmac.new(key, number.strip().encode(), hashlib.sha256).digest()[:15]
    return HMAC_PREFIX + base64.b32encode(digest).decode().lower()


def refuse_identity_numbers(item: dict[str, Any]) -> None:
    for key, value in _strings(item):
        for _offset, number in find_identity_numbers(value):
            option = OPTIONS.get(key, key)
            raise Refused(
                _(
                    "{option}: {number} is a Norwegian national identity number (fødselsnummer or D-nummer); "
                    "lisplan does not store it"
                ).format(option=option, number=mask(number)),
                _(WHY),
            )


def _strings(value: Any, key: str = "") -> Iterator[tuple[str, str]]:
    if isinstance(value, str):
        yield key, value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from _strings(v, k)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v, key)


def valid_log(doc: Document) -> None:
    """Raise WriteError unless ``doc`` is a valid log: what every writer of a log checks first."""
    _validate(doc, Log)


def _valid_profile(doc: Document) -> None:
    _validate(doc, Trainee)


def _validate(doc: Document, cls: type) -> None:
    """Raise WriteError unless ``doc`` holds no identity number and is valid as ``cls``.

    The verdict is cached for the bytes (the ``valid`` fact), so the scan runs once per version of a file.
    """
    from lisplan.load.identity import document_identity_problems
    from lisplan.load.loader import locate_problems, validation_problems

    found = document_identity_problems(doc)
    if found:
        first = found[0]
        raise WriteError(
            ngettext(
                "{file} holds {n} national identity number (on line {line}), so lisplan will not add to it",
                "{file} holds {n} national identity numbers (the first on line {line}), so lisplan will not add to it",
                len(found),
            ).format(file=doc.path.name, n=len(found), line=first.line),
            first.hint,
            found,
        )
    try:
        cls.model_validate(doc.data)  # type: ignore[attr-defined]
    except ValidationError as e:
        problems = locate_problems(validation_problems(e, cls, doc.data, Origin(doc.path)), doc)
        first = problems[0]
        raise WriteError(
            ngettext(
                "{file} has {n} problem, so lisplan will not write to it (line {line}: {message})",
                "{file} has {n} problems, so lisplan will not write to it (the first, line {line}: {message})",
                len(problems),
            ).format(file=doc.path.name, n=len(problems), line=first.line, message=first.message),
            _("fix the file (lisplan check shows every problem), then run this again"),
            problems,
        ) from None


def log_header(trainee: str, year: int, line: str = "") -> str:
    """A new year's log file, empty, after ``line`` (the editor's schema line, or nothing)."""
    return f"{line}kind: log\ntrainee: {trainee}\nyear: {year}\nentries: []\n"
