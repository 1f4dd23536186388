"""Atomic file replacement: a crash leaves the old file or the new one, never half of either.

A file that someone else (an editor) saves while lisplan is writing is not written over: the caller
passes the :class:`Stamp` of the file as it read it, and the replacement is undone when the file that
was there is no longer that one (see :func:`atomic_write`).
"""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path


class ChangedMeanwhile(Exception):
    """The file changed (another program saved it) after lisplan read it; nothing was written."""


class NotAFile(OSError):
    """The path names a FIFO, a device, a socket or a folder: lisplan writes only regular files.

    Replacing ``/dev/full`` or a named pipe with a regular file destroys what was there (as root, a
    device node), and writing into one blocks or goes nowhere; so nothing is written."""

    def __init__(self, path: Path, kind: str) -> None:
        from lisplan.core.i18n import _

        what = {
            "fifo": _("it is a named pipe (FIFO), not a regular file"),
            "device": _("it is a device, not a regular file"),
            "socket": _("it is a socket, not a regular file"),
            "folder": _("it is a folder, not a regular file"),
        }[kind]
        super().__init__(errno.EINVAL, what, str(path))
        self.kind = kind


@dataclass(frozen=True)
class Stamp:
    """What identifies one version of a file on disk: its inode, size and modification time."""

    device: int
    inode: int
    size: int
    mtime_ns: int

    @classmethod
    def of(cls, st: os.stat_result) -> Stamp:
        return cls(st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns)

    @classmethod
    def at(cls, path: Path | str) -> Stamp | None:
        """The stamp of the file at ``path`` now, or None when there is none."""
        try:
            return cls.of(os.stat(path))
        except FileNotFoundError:
            return None


def read_stamped(path: Path) -> tuple[bytes, Stamp]:
    """The bytes of ``path`` and the stamp of exactly the file they were read from."""
    with open(path, "rb") as handle:
        raw = handle.read()
        return raw, Stamp.of(os.fstat(handle.fileno()))


def atomic_write(
    path: Path,
    text: str | bytes,
    *,
    durable: bool = True,
    private: bool = False,
    expect: Stamp | None = None,
    expect_missing: bool = False,
) -> None:
    """Replace ``path`` with ``text`` (or bytes) so that a crash leaves the old file or the new one, never half.

    ``durable=False`` skips the fsyncs, for files that only save time (the parse cache). A new file
    gets the mode the umask gives (as an editor would make it); a replaced file keeps its mode; a
    ``private`` file is 0600 always, whatever mode the file it replaces had. Only a regular file (or
    nothing) is replaced: a FIFO, a device, a socket or a folder at ``path`` (a symlink followed) is
    :class:`NotAFile`, and nothing is written. With ``expect`` (the stamp of the file the caller read)
    or ``expect_missing`` (the caller read no file), :class:`ChangedMeanwhile` is raised and nothing is written when the
    file is no longer that one: checked before the rename and, where Linux can swap two files
    atomically, after it too, swapping back (so a save in between is never lost).
    """
    from lisplan.files.paths import kind_of

    try:
        kind = kind_of(os.stat(path).st_mode)
    except (FileNotFoundError, NotADirectoryError):
        kind = None
    if kind is not None:
        raise NotAFile(path, kind)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    guarded = expect is not None or expect_missing
    try:
        data = text if isinstance(text, bytes) else text.encode("utf-8")
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            if durable:
                handle.flush()
                os.fsync(handle.fileno())
        now = Stamp.at(path)
        if private:
            os.chmod(tmp, 0o600)  # mkstemp's mode, stated: a cache file is the user's alone, whatever was there
        elif now is not None:
            os.chmod(tmp, os.stat(path).st_mode & 0o777)
        elif not private:
            os.chmod(tmp, 0o666 & ~_umask())
        if guarded and now != expect:
            raise ChangedMeanwhile(str(path))
        if guarded and now is not None and _exchange(tmp, path):
            if Stamp.at(tmp) != expect:  # saved between the check and the swap: put it back
                _exchange(tmp, path)
                raise ChangedMeanwhile(str(path))
            os.unlink(tmp)
        elif guarded and now is None:
            os.link(tmp, path)  # fails when a file appeared meanwhile (FileExistsError)
            os.unlink(tmp)
        else:
            os.replace(tmp, path)
    except FileExistsError:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise ChangedMeanwhile(str(path)) from None
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


def _umask() -> int:
    mask = os.umask(0o077)
    os.umask(mask)
    return mask


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100
_libc: object = None


def _exchange(a: str | Path, b: str | Path) -> bool:
    """Swap the files at ``a`` and ``b`` in one step (Linux renameat2); False where that is not possible,
    and the caller falls back to a plain rename after its check."""
    global _libc
    import ctypes  # only a guarded write swaps files: the store's and the replay's writes do not load it

    if _libc is None:
        # the process's own symbols hold the C library's, without ctypes.util's search for it (which
        # imports subprocess and asks ldconfig: ~5 ms of every log)
        try:
            found = ctypes.CDLL(None, use_errno=True)
            _libc = found if hasattr(found, "renameat2") else False
        except OSError:
            _libc = False
    if _libc is False:
        return False
    done = _libc.renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)  # type: ignore[attr-defined]
    if done == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP, errno.EOPNOTSUPP):
        return False
    raise OSError(err, os.strerror(err), str(b))


def sweep_temporaries(path: Path) -> None:
    """Remove temporary files a killed writer left (only lock holders make them, and we hold it)."""
    for stale in path.parent.glob(f".{path.name}.*.tmp"):
        with contextlib.suppress(OSError):
            stale.unlink()
