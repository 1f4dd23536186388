"""Safe writes: append an entry to a log without losing a byte the user wrote.

The new entry is rendered as YAML text by ruamel.yaml and appended to the file's text, so comments,
quoting and blank lines stay exactly as they were and the git diff is one short hunk. The result is
checked by the caller's ``validate`` before it replaces the old file; the replacement is atomic
(temporary file in the same folder, flushed and fsynced, then renamed over the original), and a lock
around read-modify-write lets two ``lisplan log`` processes run at once without losing either entry.
"""

from __future__ import annotations

import contextlib
import fcntl
import io
import os
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

LOCK_NAME = ".lisplan.lock"


class WriteError(Exception):
    """The write was refused; the file is unchanged."""


@contextlib.contextmanager
def locked(folder: Path) -> Iterator[None]:
    """An exclusive lock for a folder's files, held across read-modify-write."""
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / LOCK_NAME, "a+b") as handle:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def entry_text(entry: dict[str, Any], indent: int = 2) -> str:
    """One list item in block style (``  - procedure: …``), as ruamel.yaml writes it."""
    from ruamel.yaml import YAML

    yaml = YAML(typ="rt")
    yaml.default_flow_style = False
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=indent + 2, offset=indent)
    buffer = io.StringIO()
    yaml.dump([entry], buffer)
    return buffer.getvalue()


def append_text(old: str, addition: str) -> str:
    if old and not old.endswith("\n"):
        old += "\r\n" if "\r\n" in old else "\n"
    return old + addition


def atomic_write(path: Path, text: str, *, durable: bool = True) -> None:
    """Replace ``path`` with ``text`` so that a crash leaves the old file or the new one, never half.

    ``durable=False`` skips the fsyncs, for files that only save time (the parse cache).
    """
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
            if durable:
                handle.flush()
                os.fsync(handle.fileno())
        if path.exists():
            os.chmod(tmp, path.stat().st_mode & 0o777)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    if not durable:
        return
    dir_fd = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


def append_entry(path: Path, entry: dict[str, Any], validate: Callable[[str], None], *, header: str = "") -> str:
    """Append ``entry`` to the log at ``path`` (created from ``header`` if missing); returns the new text.

    ``validate(text)`` must raise :class:`WriteError` if the result is not a valid log; then nothing
    is written.
    """
    with locked(path.parent):
        old = path.read_bytes().decode("utf-8") if path.exists() else header
        addition = entry_text(entry)
        if "\r\n" in old:
            addition = addition.replace("\n", "\r\n")  # keep the file's own line endings
        new = append_text(old, addition)
        validate(new)
        atomic_write(path, new)
        return new
