"""Verified sign-offs: git history proves who signed what (``lisplan check --verify-signoffs``).

A sign-off entry names its supervisor (``by:``); the supervisor's git e-mail is in the plan or the
trainee's profile. ``git blame`` (one call per log file, only over the sign-offs' lines) tells who
committed each line. A sign-off passes when every line of it was committed by that supervisor: its
first line (``- signoff: …``) by them, and any later change to it by them too. Only the ``portal:``
key is the trainee's own bookkeeping (``lisplan portal --mark``) and is left out, with blank and
comment lines, which change no data. With ``require_signed_commits`` (in the plan or in
``lisplan.yaml``) the supervisor's commits must carry a good signature, by the key the supervisor lists
(``signing_key``) when one is listed.

Anything that keeps the check from being made (no git, a shallow clone, lines not committed yet)
is reported as well: a verification that verified nothing must never look like a pass.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lisplan.core.problems import Origin, Problem, Severity, error, warning
from lisplan.files import gitops
from lisplan.files.gitops import Commit, GitError, History
from lisplan.files.source import Document, MappingNode, span
from lisplan.load.workspace import Workspace
from lisplan.models.log import Log, SignoffEntry, entry_kind
from lisplan.models.plan import Supervisor

FULL_HISTORY = (
    "fetch the full history (git fetch --unshallow; in GitHub Actions, actions/checkout with "
    "fetch-depth: 0), then run this again"
)
GOOD_SIGNATURES = {"G", "U"}


@dataclass
class _Signoff:
    """One sign-off to verify: the entry, where it is, and the lines that carry what was signed."""

    entry: SignoffEntry
    origin: Origin
    lines: list[int]  # 1-based, without the portal key, blank lines and comments
    col: int  # of the entry's first key, on its first line
    supervisor: Supervisor

    def problem(
        self, code: str, message: str, hint: str, severity: Severity = Severity.ERROR, line: int | None = None
    ) -> Problem:
        """A problem at the sign-off (or at one of its lines), positioned without parsing the file again."""
        first = line or (self.lines[0] if self.lines else None)
        return Problem(
            code, message, self.origin.file, self.origin.loc, hint, severity, line=first, col=1 if line else self.col
        )

    @property
    def what(self) -> str:
        e = self.entry
        return f"sign-off of {e.signoff}" + (f" ({e.activity.value})" if e.activity else "")


@dataclass
class _LogFile:
    path: Path
    signoffs: list[_Signoff]
    trainee_email: str | None
    require_signed: bool


def verify_signoffs(ws: Workspace, documents: dict[Path, Document]) -> list[Problem]:
    """Every sign-off whose lines git cannot show were committed (and signed) by the supervisor named."""
    files = [f for f in _log_files(ws, documents) if f.signoffs]
    if not files:
        return []
    root = ws.root or Path.cwd()
    try:
        hist = gitops.history(root)
    except GitError as e:
        return [
            warning(
                "signoffs-unverifiable",
                None,
                f"cannot verify sign-offs: {e}",
                "run lisplan check --verify-signoffs in a clone of the plan repo with its git history",
            )
        ]
    problems: list[Problem] = []
    for f in files:
        problems += _verify_file(root, hist, f)
    return problems


def _log_files(ws: Workspace, documents: dict[Path, Document]) -> list[_LogFile]:
    """Each log file with its sign-offs by a supervisor (sign-offs by the trainee need no proof)."""
    out = []
    for tf in ws.trainees.values():
        supervisors = ws.supervisors_for(tf)
        plan = ws.plan_of(tf)
        required = bool((plan and plan.require_signed_commits) or (ws.config and ws.config.require_signed_commits))
        email = tf.profile.email if tf.profile else None
        for log in tf.logs:
            doc = documents.get(log.origin.file) if log.origin else None
            if doc is not None:
                out.append(_LogFile(doc.path, _in_log(log, doc, supervisors), email, required))
    return out


def _in_log(log: Log, doc: Document, supervisors: dict[str, Supervisor]) -> list[_Signoff]:
    where = signoff_lines(doc)
    found = []
    for i, entry in enumerate(log.entries):
        # a carried-over approval (migration:) is not the supervisor's new signature: its proof is the
        # old approvals it names, verified here in their own right, and its crosswalk (lisplan check)
        if isinstance(entry, SignoffEntry) and entry.by in supervisors and entry.migration is None:
            col, lines = where.get(i, (1, []))  # no lines found: reported as not verifiable
            found.append(_Signoff(entry, Origin(doc.path, ("entries", i)), lines, col, supervisors[entry.by]))
    return found


def signoff_lines(doc: Document) -> dict[int, tuple[int, list[int]]]:
    """For each sign-off entry of a log: the column it starts at and its lines (1-based) that carry
    data, less its ``portal:`` key. A fact about the file's bytes, so the parse cache keeps it: the
    node tree it needs costs more to build than everything else here."""

    def compute() -> list[Any]:
        items = doc.data.get("entries") if isinstance(doc.data, dict) else None
        text_lines = doc.text.split("\n")
        found = []
        for index, node in _entry_nodes(doc.root):
            if not isinstance(items, list) or index >= len(items) or entry_kind(items[index]) != "signoff":
                continue
            first, last = span(node)
            skip: set[int] = set()
            for k, v in node.value:
                if getattr(k, "value", None) == "portal":
                    skip.update(range(k.start_mark.line + 1, span(v)[1] + 1))
            lines = [
                n
                for n in range(first, last + 1)
                if n not in skip
                and n <= len(text_lines)
                and text_lines[n - 1].strip()
                and not text_lines[n - 1].lstrip().startswith("#")
            ]
            found.append([index, node.start_mark.column + 1, lines])
        return found

    return {i: (col, lines) for i, col, lines in doc.remember("signoff-lines", compute)}


def _entry_nodes(root: Any) -> list[tuple[int, MappingNode]]:
    entries = next((v for k, v in getattr(root, "value", []) if getattr(k, "value", None) == "entries"), None)
    nodes = getattr(entries, "value", None)
    return [(i, n) for i, n in enumerate(nodes) if isinstance(n, MappingNode)] if isinstance(nodes, list) else []


def _verify_file(root: Path, hist: History, f: _LogFile) -> list[Problem]:
    ranges = [(s.lines[0], s.lines[-1]) for s in f.signoffs if s.lines]
    blamed: dict[int, Commit] = {}
    if hist.has_head:
        try:
            blamed = gitops.blame(root, f.path, ranges)
        except GitError as e:
            if "no such path" not in str(e):  # else a file git does not track yet: every line is uncommitted
                return [
                    warning(
                        "signoffs-unverifiable",
                        Origin(f.path),
                        f"cannot verify the sign-offs in {f.path.name}: {e}",
                        "check that git can read the repository (git status), then run this again",
                    )
                ]
    problems: list[Problem] = []
    checked: list[tuple[_Signoff, list[Commit]]] = []
    for s in f.signoffs:
        found = _commits_of(s, blamed, hist)
        if isinstance(found, Problem):
            problems.append(found)
        else:
            checked.append((s, found))
            problems += _authorship(s, found, f.trainee_email)
    if f.require_signed:
        problems += _unsigned(root, checked)
    return problems


def _commits_of(s: _Signoff, blamed: dict[int, Commit], hist: History) -> Problem | list[Commit]:
    """The commits of a sign-off's lines, or the problem that keeps them from being checked."""
    if not s.supervisor.email:
        return error(
            "signoff-supervisor-email",
            s.origin.at("by"),
            f"cannot verify the {s.what}: supervisor {s.supervisor.id} has no e-mail",
            f"add email: (the address {s.supervisor.id} commits with) to the supervisor in the plan or trainee.yaml",
        )
    commits = [blamed.get(n, Commit(gitops.UNCOMMITTED)) for n in s.lines]
    if not commits or any(not c.committed for c in commits):
        return s.problem(
            "signoff-uncommitted",
            f"the {s.what} is not committed yet, so who signed it cannot be verified",
            f"{s.supervisor.id} commits their own sign-off; then run this again",
            Severity.WARNING,
        )
    if any(c.boundary and c.sha in hist.shallow for c in commits):
        return s.problem(
            "signoffs-shallow",
            f"cannot verify the {s.what}: this is a shallow clone, and the commit that added it is "
            "beyond the history fetched",
            FULL_HISTORY,
        )
    return commits


def _same(a: str | None, b: str | None) -> bool:
    return bool(a and b) and a.strip().casefold() == b.strip().casefold()  # type: ignore[union-attr]


def _who(c: Commit) -> str:
    day = dt.datetime.fromtimestamp(c.time, dt.UTC).date().isoformat() if c.time else "?"
    return f"{c.author} <{c.author_email}> in {c.short} ({day})"


def _authorship(s: _Signoff, commits: list[Commit], trainee_email: str | None) -> list[Problem]:
    sup = s.supervisor
    first = commits[0]
    problems = []
    if not _same(first.author_email, sup.email):
        by_trainee = _same(first.author_email, trainee_email)
        problems.append(
            s.problem(
                "signoff-by-trainee" if by_trainee else "signoff-not-by-supervisor",
                f"the {s.what} names {sup.id} <{sup.email}>, but was committed by "
                + ("the trainee, " if by_trainee else "")
                + _who(first),
                f"only {sup.id} can sign it: ask {sup.id} to commit the sign-off from their own git account,"
                " in place of this one",
            )
        )
    reported = {first.sha}
    for line, c in zip(s.lines, commits, strict=True):
        if c.sha in reported or _same(c.author_email, sup.email):
            continue
        reported.add(c.sha)
        problems.append(
            s.problem(
                "signoff-edited",
                f"the {s.what} was changed after {sup.id} signed it: line {line} by {_who(c)}",
                f"restore the lines {sup.id} committed (git log -p {s.origin.file.name}), "
                f"or ask {sup.id} to sign the new version",
                line=line,
            )
        )
    return problems


def _unsigned(root: Path, checked: list[tuple[_Signoff, list[Commit]]]) -> list[Problem]:
    shas = sorted({c.sha for s, commits in checked for c in commits if _same(c.author_email, s.supervisor.email)})
    try:
        sigs = gitops.signatures(root, shas)
    except GitError as e:
        return [
            warning(
                "signoffs-unverifiable",
                None,
                f"cannot check the sign-offs' signatures: {e}",
                "check that git can read the repository (git status), then run this again",
            )
        ]
    problems = []
    for s, commits in checked:
        for c in dict.fromkeys(c for c in commits if c.sha in sigs):
            sig = sigs[c.sha]
            key = s.supervisor.signing_key
            if sig.status not in GOOD_SIGNATURES:
                why = gitops.SIGNATURE_STATES.get(sig.status, f"signature state {sig.status}")
                problems.append(
                    s.problem(
                        "signoff-unsigned",
                        f"the {s.what} is in commit {c.short}, which has {why}; the plan requires signed commits",
                        f"{s.supervisor.id} signs their commits (git commit -S; see git help config, "
                        "user.signingKey), and git here must know their key",
                    )
                )
            elif key and not any(_key_matches(key, k) for k in sig.keys):
                problems.append(
                    s.problem(
                        "signoff-wrong-key",
                        f"the {s.what} is in commit {c.short}, signed with the key {sig.keys[0] if sig.keys else '?'}, "
                        f"not {s.supervisor.id}'s key {key}",
                        f"{s.supervisor.id} signs with the key listed as signing_key, or the list is updated",
                    )
                )
    return problems


def _key_matches(listed: str, reported: str) -> bool:
    """A key id matches the fingerprint it ends, ignoring spaces and case (GPG); SSH keys match whole."""
    a, b = (k.replace(" ", "").casefold() for k in (listed, reported))
    return a == b or (len(a) >= 16 and b.endswith(a)) or (len(b) >= 16 and a.endswith(b))
