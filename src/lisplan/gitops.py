"""Committing what lisplan wrote, for ``--commit``: one file, one commit, a message that says what."""

from __future__ import annotations

import subprocess
from pathlib import Path


class GitError(Exception):
    """git could not commit; the message says why and the file is written all the same."""


def commit(root: Path, paths: list[Path], message: str) -> str:
    """Commit exactly ``paths`` (other staged changes stay staged, uncommitted); returns the short hash."""
    _git(root, "rev-parse", "--is-inside-work-tree", why="is not in a git repository (git init makes one)")
    names = [str(p) for p in paths]
    _git(root, "add", "--", *names, why="could not stage the file")
    _git(root, "commit", "--quiet", "-m", message, "--only", "--", *names, why="could not commit")
    return _git(root, "rev-parse", "--short", "HEAD", why="could not read the new commit").strip()


def _git(root: Path, *args: str, why: str) -> str:
    try:
        done = subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, timeout=60)
    except FileNotFoundError:
        raise GitError("git is not installed (or not on PATH)") from None
    except subprocess.TimeoutExpired:
        raise GitError(f"git {args[0]} took more than a minute") from None
    if done.returncode != 0:
        detail = (done.stderr or done.stdout).strip().splitlines()
        raise GitError(f"{root} {why}" + (f": {detail[-1]}" if detail else ""))
    return done.stdout


def work_tree(folder: Path) -> Path | None:
    """The top of the git work tree ``folder`` is in, or None when it is in none.

    Raises :class:`GitError` when git is missing, or when ``folder`` has a ``.git`` that git cannot
    read (a broken or half-deleted repository): making a second repository over it would hide the first.
    """
    try:
        return Path(_git(folder, "rev-parse", "--show-toplevel", why="is not in a git repository").strip())
    except GitError as e:
        if "not installed" in str(e):
            raise
        if (folder / ".git").exists():
            said = str(e).split(": ", 1)[-1]
            raise GitError(f"{folder / '.git'} is there, but git cannot read it ({said})") from None
        return None


def init(folder: Path) -> None:
    """Make ``folder`` a new git repository."""
    _git(folder, "init", "--quiet", why="could not be made a git repository")
