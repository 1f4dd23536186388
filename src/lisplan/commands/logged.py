"""What a trainee has logged already, as recording needs it: each log file's procedure entries in
brief (the *procedure index*), the count towards a procedure list's minimum, and the numbers logged
already for a list and role.

The index of a file is kept in the parse cache's facts for its bytes, so that counting and duplicate
checks over a five-year log do not read every entry again; a file is read only when its bytes are new.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lisplan.checks.writable import valid_log
from lisplan.compute.entries import names
from lisplan.compute.entries import role as role_text
from lisplan.core.i18n import _
from lisplan.core.i18n import date as show_date
from lisplan.files import repo as repo_files
from lisplan.files.cache import Cache
from lisplan.files.writer import WriteError, as_data
from lisplan.load.accession import HMAC_PREFIX
from lisplan.load.workspace import TraineeFiles, Workspace
from lisplan.models.log import entry_kind
from lisplan.models.plan import Procedure


@dataclass
class LogFile:
    """One log file as far as recording needs it: its procedures, indexed (see :func:`procedure_index`)."""

    path: Path
    procedures: dict[str, Any]
    error: str | None = None  # why the file may be miscounted, if it may


class Logged:
    """The procedure entries one trainee has logged, read through the parse cache."""

    def __init__(self, ws: Workspace, tf: TraineeFiles, cache: Cache) -> None:
        self.ws, self.tf, self.cache = ws, tf, cache
        self.plan = ws.plan_of(tf)
        self._names: dict[str, dict[str, bool]] = {}  # procedure id -> {name as logged: is it this one}
        self._read: dict[Path, tuple[bytes, LogFile]] = {}  # each file's bytes as last read, and what they hold

    def logs(self, skip: Path | None = None) -> list[LogFile]:
        """Every log file of the trainee (but ``skip``), indexed; from the cache's facts alone when the
        bytes are known. Each file is read again every time (another writer may have changed it since);
        a file whose bytes are those read before holds what it held then, so its facts are not loaded,
        unsealed and decoded again (a ``log`` looks at the other years twice: before it writes, and
        again under the lock)."""
        return [self._log_file(path) for path in repo_files.trainee_logs(self.tf.folder) if path != skip]

    def _log_file(self, path: Path) -> LogFile:
        """One log file as it is on disk now, indexed, and remembered with its bytes."""
        from lisplan.files.source import SourceError, read_bytes

        try:
            raw = read_bytes(path)
            known = self._read.get(path)
            if known is not None and known[0] == raw:
                return known[1]
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
                self.cache.pack(path, digest, "facts", facts)
        except SourceError as e:
            return LogFile(path, {}, _("line {line}: {message}").format(line=e.line, message=e.message))
        found = LogFile(path, facts["procedures"], None if facts.get("valid") == "log" else invalid)
        self._read[path] = (raw, found)
        return found

    def keys(self, proc: Procedure, index: dict[str, Any]) -> Iterator[tuple[str, str]]:
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
            for role, key in self.keys(proc, index):
                if role in proc.count_roles:
                    numbers.update(index[key]["numbers"])
        return len(numbers)

    def duplicate(
        self, entry: dict[str, Any], proc: Procedure, logs: list[LogFile], also: str | None = None
    ) -> str | None:
        """Why ``entry`` (of the list ``proc``) is logged already (its number, for its list and role), or None."""
        field_name = "accession" if "accession" in entry else "stay"
        number, role = str(entry[field_name]), entry.get("role", "described")
        forms = [number] + ([also] if also and also != number else [])
        for f in logs:
            for logged_role, key in self.keys(proc, f.procedures):
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

    def counted_already(self, entry: dict[str, Any], proc: Procedure, logs: list[LogFile]) -> list[str]:
        """One examination counts once per list: say so when this number is counted under another role."""
        number = str(entry["accession"] if "accession" in entry else entry["stay"])
        role = entry.get("role", "described")
        if role not in proc.count_roles:
            return []
        for f in logs:
            for logged_role, key in self.keys(proc, f.procedures):
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


def miscounted(logs: list[LogFile]) -> list[str]:
    """A warning for each log file whose count may be wrong: it does not read or validate."""
    return [
        _("{file} may be miscounted: {why} (lisplan check shows where)").format(file=f.path.name, why=f.error)
        for f in logs
        if f.error
    ]


def index_after(entries: list[dict[str, Any]], after: dict[str, Any]) -> Callable[[Any], dict[str, Any]]:
    """The writer's ``more_facts`` for appending ``entries`` to a log: the file's procedure index after
    them, which it also leaves in ``after``. The index of exactly the old bytes, when the cache kept it,
    gains the entries; otherwise the old entries are indexed too."""

    def facts(old: Any) -> dict[str, Any]:
        known = old.facts.get("procedures")  # the index of exactly these old bytes, if kept
        if isinstance(known, dict):
            after.update(procedure_index([as_data(e) for e in entries], into=known))
        else:
            data = old.document.data if isinstance(old.document.data, dict) else {}
            after.update(procedure_index([*(data.get("entries") or []), *map(as_data, entries)]))
        return {"procedures": after}

    return facts


def index_of(old: Any) -> dict[str, Any]:
    """The procedure index of a file as the writer read it (a ``Cached``): its fact, or built from its data."""
    known = old.facts.get("procedures")
    if isinstance(known, dict):
        return dict(known)
    data = old.document.data if isinstance(old.document.data, dict) else {}
    entries = data.get("entries")
    return procedure_index(entries if isinstance(entries, list) else [])


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
