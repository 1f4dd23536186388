"""The record of lisplan's last write in a plan repo, which ``lisplan undo`` takes back.

It is one small file, ``.lisplan-cache/last-write.json``, beside the parse cache: the folder git
ignores, in the repo the write was made in, so the record goes where the repo goes on this machine and
never into a commit. It cannot come from git alone, because most writes are not committed (yet); git
is asked at undo time only whether a write was committed since. The file is sealed with the user's own
key (files/store.py): a record the repo carries (committed by mistake, or forged so that undo takes out a
supervisor's sign-off) is not trusted. Paths are kept relative to the repo, and a record that names a
file outside it, or a cache folder that leads outside it (a symbolic link), is not used.

Each command that writes replaces the record with what it did, per file: the items it added (undo takes
them out wherever they are now), or, for an edit or a removal, the lines it replaced and the digest of
the file before and after (undo puts the lines back only when the file is still exactly as lisplan
left it).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from lisplan import __version__
from lisplan.files.atomic import atomic_write
from lisplan.files.paths import create_new, leads_out, real_folder
from lisplan.files.repo import CACHE_FOLDER, CACHE_IGNORE
from lisplan.files.store import key as user_key
from lisplan.files.store import seal, unseal

NAME = "last-write.json"
FORMAT = f"lisplan {__version__} last write 1"


@dataclass
class Hunk:
    """Lines ``old`` (text) that a write replaced by ``new``, from line ``line`` (0-based)."""

    line: int
    old: str
    new: str


@dataclass
class Change:
    """What one write did to one file."""

    file: str  # relative to the repo root, with /
    key: str  # the top-level list: entries (a log), leave (trainee.yaml)
    after: str  # SHA-256 of the file's bytes after the write
    added: list[Any] = field(default_factory=list)  # items added, as data
    created: bool = False  # the write made the file
    before: str | None = None  # SHA-256 of the bytes before (an edit or a removal)
    hunk: Hunk | None = None
    items: list[Any] = field(default_factory=list)  # the items changed or removed, as they were (for messages)


@dataclass
class Write:
    """The last write: what command, when (seconds since the epoch), and what it did to each file."""

    command: str
    time: float
    changes: list[Change]


def digest(data: bytes | str) -> str:
    return hashlib.sha256(data.encode("utf-8") if isinstance(data, str) else data).hexdigest()


def hunk(old: str, new: str) -> Hunk:
    """The lines of ``old`` that ``new`` replaced: what is left when the lines both start and end with are
    taken off."""
    a, b = old.splitlines(keepends=True), new.splitlines(keepends=True)
    start = 0
    while start < min(len(a), len(b)) and a[start] == b[start]:
        start += 1
    end = 0
    while end < min(len(a), len(b)) - start and a[len(a) - 1 - end] == b[len(b) - 1 - end]:
        end += 1
    return Hunk(start, "".join(a[start : len(a) - end]), "".join(b[start : len(b) - end]))


def put_back(text: str, h: Hunk) -> str | None:
    """``text`` with the lines ``h`` replaced restored, or None when they are not where it says."""
    lines = text.splitlines(keepends=True)
    new = h.new.splitlines(keepends=True)
    if "".join(lines[h.line : h.line + len(new)]) != h.new:
        return None
    return "".join(lines[: h.line]) + h.old + "".join(lines[h.line + len(new) :])


def _folder(root: Path) -> Path | None:
    """The cache folder of the repo at ``root``, or None when it is not a real folder (a symlink could
    lead outside the repo: files/paths.py)."""
    return real_folder(root, CACHE_FOLDER)


def inside(root: Path, rel: str) -> Path | None:
    """The file ``rel`` names in the repo, or None when it does not really lie inside it."""
    path = root / rel
    return None if Path(rel).is_absolute() or leads_out(path, root) is not None else path


def remember(root: Path, command: str, changes: list[Change]) -> None:
    """Keep ``changes`` as the repo's last write (failing quietly: it only costs the undo)."""
    folder = _folder(root)
    secret = user_key(root)
    if folder is None or secret is None or not changes:
        return
    record = {"format": FORMAT, "write": asdict(Write(command, time.time(), changes))}
    text = json.dumps(record, ensure_ascii=False, separators=(",", ":"))
    with contextlib.suppress(OSError):
        folder.mkdir(parents=True, exist_ok=True)
        create_new(folder / ".gitignore", CACHE_IGNORE)
        atomic_write(folder / NAME, seal(secret, text, FORMAT, str(root.resolve()), NAME), private=True)


def last(root: Path) -> Write | None:
    """The repo's last write as recorded here, or None (none recorded, or a record not to trust)."""
    folder = _folder(root)
    secret = user_key(root)
    if folder is None or secret is None:
        return None
    try:
        with open(folder / NAME, encoding="utf-8") as handle:
            text = unseal(secret, handle.read(), FORMAT, str(root.resolve()), NAME)
        record = json.loads(text) if text is not None else None
        w = record["write"] if isinstance(record, dict) and record.get("format") == FORMAT else None
        if w is None:
            return None
        changes = [Change(**{**c, "hunk": Hunk(**c["hunk"]) if c.get("hunk") else None}) for c in w["changes"]]
        return Write(str(w["command"]), float(w["time"]), changes)
    except (OSError, ValueError, TypeError, KeyError):
        return None


def forget(root: Path) -> None:
    folder = _folder(root)
    if folder is not None:
        with contextlib.suppress(OSError):
            (folder / NAME).unlink()
