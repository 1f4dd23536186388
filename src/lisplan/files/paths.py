"""Which paths lisplan may read and write, and what a command read (the rules every reader and writer applies).

A plan repo is untrusted input: it can carry symlinks. So:

- a file is read only when :func:`safe_to_read` says so: it is a regular file, and with every symlink
  followed it is still inside one of the folders it may come from (the plan repo, lisplan's own files);
  a template, an include, a linked report, a CI file that leads to ``/proc/self/environ`` is never read;
- lisplan's cache folders are used only when :func:`real_folder` finds each of their parts a real
  folder, never a symlink (a repo's ``.lisplan-cache -> /somewhere`` would let a read-only command
  write, and prune, there); a file lisplan makes there is made new with :func:`create_new`, which never
  follows a symlink;
- output is written only over a regular file (files/atomic.py), never over a FIFO or a device.

:func:`recording` keeps what a command read, by content (:func:`note` is called by every reader), so
that a remembered answer (commands/replay.py) is keyed by every file it was made from, not only the ones
listed before the run.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
from collections.abc import Iterator
from pathlib import Path


def safe_to_read(path: Path, *roots: Path) -> bool:
    """Whether ``path`` names a regular file that lies, with every symlink followed, inside one of ``roots``."""
    try:
        real = path.resolve(strict=True)
        if not stat.S_ISREG(os.stat(real).st_mode):
            return False
    except (OSError, RuntimeError):  # missing, unreadable, or a symlink loop
        return False
    return any(real.is_relative_to(_real(root)) for root in roots)


def leads_out(path: Path, *roots: Path) -> Path | None:
    """Where ``path`` really is, when that is outside every one of ``roots`` (None: it is inside one, or missing)."""
    try:
        real = path.resolve(strict=True)
    except (OSError, RuntimeError):
        return None
    return None if any(real.is_relative_to(_real(root)) for root in roots) else real


def _real(root: Path) -> Path:
    try:
        return root.resolve()
    except (OSError, RuntimeError):
        return root.absolute()


def real_folder(base: Path, *parts: str) -> Path | None:
    """``base/parts…`` when each part that exists is a real folder (not a symlink, not a file), else None.

    A part that does not exist yet is fine: lisplan makes it (as a real folder) when it writes."""
    folder = base
    for part in parts:
        folder = folder / part
        try:
            mode = os.lstat(folder).st_mode
        except FileNotFoundError:
            continue
        except OSError:
            return None
        if not stat.S_ISDIR(mode):  # a symlink (to a folder or not), a file, a FIFO
            return None
    return folder


def create_new(path: Path, text: str, mode: int = 0o644) -> None:
    """Make the file ``path`` with ``text`` only when nothing is there: never through a symlink (a
    dangling one included), never over a file. Failures are ignored (the file only helps)."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    with contextlib.suppress(OSError):
        fd = os.open(path, flags, mode)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)


def read_own(path: Path) -> bytes:
    """The bytes of a file in lisplan's cache: never through a symlink, and only a regular file (a repo's
    ``.lisplan-cache/<name>.json -> /dev/zero`` or a FIFO would read forever or block). OSError else."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    with os.fdopen(fd, "rb") as handle:
        if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
            raise OSError(errno.EINVAL, "not a regular file", str(path))
        return handle.read()


def kind_of(mode: int) -> str | None:
    """What a file that is not a regular file is, as a key of :data:`KINDS` (None: a regular file)."""
    for test, name in ((stat.S_ISFIFO, "fifo"), (stat.S_ISCHR, "device"), (stat.S_ISBLK, "device")):
        if test(mode):
            return name
    if stat.S_ISSOCK(mode):
        return "socket"
    if stat.S_ISDIR(mode):
        return "folder"
    return None


# --- what a command read ------------------------------------------------------------------------------

_recordings: list[dict[str, str]] = []
#: what a file read twice with different bytes is recorded as: no file ever hashes to it
CHANGED = "changed while read"


def note(path: Path, data: bytes) -> None:
    """``data`` was read from ``path``: part of what every recording now running depends on."""
    if not _recordings:
        return
    import hashlib

    name = str(path.absolute())
    digest = hashlib.sha256(data).hexdigest()
    for found in _recordings:
        if found.setdefault(name, digest) != digest:
            found[name] = CHANGED


@contextlib.contextmanager
def recording() -> Iterator[dict[str, str]]:
    """Every file read (by :func:`note`) while inside, with the SHA-256 of the bytes read."""
    found: dict[str, str] = {}
    _recordings.append(found)
    try:
        yield found
    finally:
        _recordings.remove(found)


def start_recording() -> dict[str, str]:
    """:func:`recording` for a caller that starts and stops in two places (commands/replay.py)."""
    found: dict[str, str] = {}
    _recordings.append(found)
    return found


def stop_recording(found: dict[str, str]) -> None:
    with contextlib.suppress(ValueError):
        _recordings.remove(found)
