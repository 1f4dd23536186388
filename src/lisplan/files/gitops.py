"""The only module that runs git: committing what lisplan wrote (``--commit``: one file, one commit, a
message that says what), and reading who committed which lines (``check --verify-signoffs``)."""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass, field, replace
from pathlib import Path

from lisplan.core.i18n import _


class GitError(Exception):
    """git could not do what was asked; the message says why (a file lisplan wrote stays written)."""

    def __init__(self, message: str, *, missing: bool = False) -> None:
        super().__init__(message)
        self.missing = missing  # git itself is not there


def commit(root: Path, paths: list[Path], message: str) -> str:
    """Commit exactly ``paths`` (other staged changes stay staged, uncommitted); returns the short hash."""
    _git(root, "rev-parse", "--is-inside-work-tree", why=_("is not in a git repository (git init makes one)"))
    names = [str(p) for p in paths]
    _git(root, "add", "--", *names, why=_("could not stage the file"))
    _git(root, "commit", "--quiet", "-m", message, "--only", "--", *names, why=_("could not commit"))
    return _git(root, "rev-parse", "--short", "HEAD", why=_("could not read the new commit")).strip()


#: Replace objects (``git replace``) are local: a fresh clone drops them, yet blame and log honour them,
#: so one made in the clone where check runs could make a trainee's commit read as the supervisor's.
#: The graft file (``.git/info/grafts``, local too) rewrites parents and so what blame walks. Every
#: git lisplan runs reads the history as it was committed and pushed.
_ENV = {"GIT_NO_REPLACE_OBJECTS": "1", "GIT_GRAFT_FILE": os.devnull}


def _git(root: Path, *args: str, why: str) -> str:
    try:
        done = subprocess.run(
            ["git", "--no-replace-objects", "-C", str(root), *args],
            capture_output=True,
            text=True,
            timeout=60,
            env={**os.environ, **_ENV},
        )
    except FileNotFoundError:
        raise GitError(_("git is not installed (or not on PATH)"), missing=True) from None
    except subprocess.TimeoutExpired:
        raise GitError(_("git {command} took more than a minute").format(command=args[0])) from None
    if done.returncode != 0:
        detail = (done.stderr or done.stdout).strip().splitlines()
        said = _("{folder} {why}").format(folder=root, why=why)
        raise GitError(f"{said}: {detail[-1]}" if detail else said)
    return done.stdout


# --- reading history: who committed which lines (for lisplan check --verify-signoffs) -------------

UNCOMMITTED = "0" * 40


@dataclass(frozen=True)
class Commit:
    """One commit as ``git blame`` names it. ``sha`` is all zeros for lines not committed yet."""

    sha: str
    author: str = ""
    author_email: str = ""
    committer_email: str = ""
    time: int = 0
    boundary: bool = False  # the oldest commit blame reached: the root commit, or a shallow clone's edge
    line: int = field(default=0, compare=False)  # the line's number in this commit's version of the file
    message: str = field(default="", compare=False)
    path: str = field(default="", compare=False)  # the file's path in this commit (blame follows renames)

    @property
    def committed(self) -> bool:
        return self.sha != UNCOMMITTED

    @property
    def short(self) -> str:
        return self.sha[:7]


@dataclass(frozen=True)
class History:
    """What the git repository around a folder can tell: its shallow edge and whether HEAD exists."""

    shallow: frozenset[str]  # the commits a shallow clone was cut at (empty in a full clone)
    has_head: bool


def history(root: Path) -> History:
    """The git repository ``root`` is in; GitError when there is none or git cannot read it."""
    _git(root, "rev-parse", "--is-inside-work-tree", why=_("is not in a git repository"))
    shallow_file = Path(
        _git(
            root,
            "rev-parse",
            "--path-format=absolute",
            "--git-path",
            "shallow",
            why=_("could not read the git repository"),
        ).strip()
    )
    shallow = frozenset(shallow_file.read_text().split()) if shallow_file.is_file() else frozenset()
    try:
        _git(root, "rev-parse", "--verify", "--quiet", "HEAD", why=_("has no commits"))
        has_head = True
    except GitError:
        has_head = False
    return History(shallow, has_head)


def blame(root: Path, path: Path, ranges: list[tuple[int, int]]) -> dict[int, Commit]:
    """Who committed each line of ``path`` as it is on disk, for the 1-based ``ranges`` (two git calls).

    Lines changed but not committed come back as uncommitted commits. Authors are the raw ones each
    commit records (``%ae``): blame would map them through a ``.mailmap``, which the repo itself carries,
    so a trainee could make it name the supervisor.
    """
    args = [a for first, last in ranges for a in ("-L", f"{first},{last}")]
    out = _git(
        root, "blame", "--porcelain", *args, "--", str(path), why=_("could not blame {file}").format(file=path.name)
    )
    lines = parse_blame(out)
    raw = authors(root, sorted({c.sha for c in lines.values() if c.committed}))
    return {n: _raw(c, raw[c.sha]) if c.sha in raw else c for n, c in lines.items()}


def _raw(c: Commit, found: tuple[str, str, str, int, str]) -> Commit:
    name, email, committer, time, message = found
    return replace(c, author=name, author_email=email, committer_email=committer, time=time, message=message)


def authors(root: Path, shas: list[str]) -> dict[str, tuple[str, str, str, int, str]]:
    """Each commit's author and committer as recorded, no ``.mailmap`` applied, and its message."""
    if not shas:
        return {}
    out = _git(
        root,
        "-c",
        "log.mailmap=false",
        "log",
        "--no-mailmap",
        "--no-walk=unsorted",
        "--format=%H%x1f%an%x1f%ae%x1f%ce%x1f%at%x1f%B%x1e",
        *shas,
        why=_("could not read the commits' authors"),
    )
    found: dict[str, tuple[str, str, str, int, str]] = {}
    for record in out.split("\x1e"):
        parts = record.strip("\n").split("\x1f")
        if len(parts) == 6:
            sha, name, email, committer, time, message = parts
            found[sha] = (name, email, committer, int(time or 0), message)
    return found


def show(root: Path, sha: str, path: str) -> str | None:
    """The text of ``path`` as it was in commit ``sha`` (None when it was not there): ``path`` as git
    names it in a commit, relative to the top of the work tree (as blame gives it), or ``./``-relative
    to ``root``."""
    try:
        return _git(
            root,
            "show",
            f"{sha}:{path}",
            why=_("could not read {file} at {commit}").format(file=path, commit=sha[:7]),
        )
    except GitError:
        return None


def changes_since(root: Path, sha: str, path: Path) -> list[tuple[str, str]]:
    """The commits after ``sha`` that changed ``path``: (sha, raw author e-mail), newest first."""
    out = _git(
        root,
        "log",
        "--no-mailmap",
        "--format=%H%x1f%ae",
        f"{sha}..HEAD",
        "--",
        str(path),
        why=_("could not read the history of {file}").format(file=path.name),
    )
    return [tuple(row.split("\x1f", 1)) for row in out.splitlines() if "\x1f" in row]  # type: ignore[misc]


def parse_blame(text: str) -> dict[int, Commit]:
    """``git blame --porcelain`` output as final line number → commit (headers come once per commit)."""
    lines: dict[int, Commit] = {}
    headers: dict[str, dict[str, str]] = {}
    current: tuple[str, int, int] | None = None
    for row in text.splitlines():
        if row.startswith("\t"):
            if current is not None:
                sha, line, orig = current
                h = headers[sha]
                lines[line] = Commit(
                    sha,
                    h.get("author", ""),
                    h.get("author-mail", "").strip("<>"),
                    h.get("committer-mail", "").strip("<>"),
                    int(h.get("author-time", "0") or 0),
                    "boundary" in h,
                    orig,
                    path=h.get("filename", ""),
                )
            current = None
            continue
        first, _, rest = row.partition(" ")
        if current is None and len(first) == 40 and all(c in "0123456789abcdef" for c in first):
            current = (first, int(rest.split()[1]), int(rest.split()[0]))
            headers.setdefault(first, {})
        elif current is not None:
            headers[current[0]][first] = rest
    return lines


@dataclass(frozen=True)
class Signature:
    """A commit's signature as git checks it: ``status`` is git's %G? letter (G good, N none, …)."""

    status: str
    keys: tuple[str, ...] = ()  # the key id and fingerprints git reports (%GK, %GF, %GP)
    signer: str = ""  # who git says signed (%GS: the key's user id, or the SSH principal)


SIGNATURE_STATES = {
    "G": "a good signature",
    "U": "a good signature of unknown validity",
    "X": "a good signature that has expired",
    "Y": "a good signature by an expired key",
    "R": "a good signature by a revoked key",
    "E": "a signature git cannot check (the key is missing)",
    "B": "a bad signature",
    "N": "no signature",
}


def signatures(root: Path, shas: list[str]) -> dict[str, Signature]:
    """The signature of each commit (one git call for all)."""
    if not shas:
        return {}
    out = _git(
        root,
        "log",
        "--no-walk=unsorted",
        "--format=%H%x1f%G?%x1f%GS%x1f%GK%x1f%GF%x1f%GP",
        *shas,
        why=_("could not read the commits' signatures"),
    )
    found = {}
    for row in out.splitlines():
        sha, status, signer, *keys = row.split("\x1f")
        found[sha] = Signature(status or "N", tuple(k for k in keys if k), signer)
    return found


def work_tree(folder: Path) -> Path | None:
    """The top of the git work tree ``folder`` is in, or None when it is in none.

    Raises :class:`GitError` when git is missing, or when ``folder`` has a ``.git`` that git cannot
    read (a broken or half-deleted repository): making a second repository over it would hide the first.
    """
    try:
        return Path(_git(folder, "rev-parse", "--show-toplevel", why=_("is not in a git repository")).strip())
    except GitError as e:
        if e.missing:
            raise
        if (folder / ".git").exists():
            said = str(e).split(": ", 1)[-1]
            raise GitError(
                _("{folder} is there, but git cannot read it ({why})").format(folder=folder / ".git", why=said)
            ) from None
        return None


def init(folder: Path) -> None:
    """Make ``folder`` a new git repository."""
    _git(folder, "init", "--quiet", why=_("could not be made a git repository"))


def commits_since(root: Path, path: Path, since: float) -> list[tuple[str, str]]:
    """The commits that changed ``path`` at or after ``since`` (seconds since the epoch): (short hash,
    subject), oldest first; none when ``root`` is not in a git repository or has no commits."""
    try:
        rows = _log_rows(root, path, "%h%x1f%ct%x1f%s")
    except GitError:
        return []
    found = [(r[0], r[2]) for r in rows if len(r) == 3 and r[1].isdigit() and int(r[1]) >= int(since)]
    return found[::-1]


def _log_rows(root: Path, path: Path, fields: str, *options: str) -> list[list[str]]:
    """``git log`` of ``path``, newest first, each commit's ``fields`` (joined by %x1f) as a list."""
    out = _git(
        root,
        "log",
        *options,
        f"--format={fields}",
        "--",
        str(path),
        why=_("could not read the history of {file}").format(file=path.name),
    )
    return [row.split("\x1f", fields.count("%x1f")) for row in out.splitlines()]


def committer_of(root: Path, path: Path, line: int) -> Commit | None:
    """Who committed line ``line`` (1-based) of ``path`` as it is on disk; None when it is not committed
    (or git cannot tell)."""
    try:
        found = blame(root, path, [(line, line)]).get(line)
    except GitError:
        return None
    return found if found is not None and found.committed else None


def file_commits(root: Path, path: Path) -> list[tuple[str, str, str]]:
    """The commits that changed ``path``, newest first: (sha, raw author e-mail, the path from the top of
    the work tree); none when git cannot tell (no repository, no commits)."""
    try:
        top = _git(root, "rev-parse", "--show-toplevel", why=_("is not in a git repository")).strip()
        rel = os.path.relpath(path.resolve(), Path(top).resolve())
        rows = _log_rows(root, path, "%H%x1f%ae", "--no-mailmap")
    except GitError:
        return []
    return [(r[0], r[1], rel) for r in rows if len(r) == 2]
