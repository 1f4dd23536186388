"""What the system refused, in the reader's words: an OSError said by its error number in the catalog's
words (bokmål or English), with its fix and exit code, never the system's English ``strerror``.

An environment's limit (a full disk, a read-only file system) is not a bug in lisplan, so it exits 1
like any problem; a name too long is the command line's fault, a usage error (2)."""

from __future__ import annotations

import errno

from lisplan.core.i18n import N_, _

PROBLEMS, USAGE = 1, 2
PERMISSIONS = N_("check the permissions of the plan repo's files and folders")
SPACE = N_("free some space, then run this again")

#: errno -> (what happened, what to do, exit code)
KNOWN: dict[int, tuple[str, str, int]] = {
    errno.ENOENT: (N_("no such file or folder"), N_("check the path"), PROBLEMS),
    errno.ENOSPC: (N_("the disk is full"), SPACE, PROBLEMS),
    errno.EDQUOT: (N_("the disk quota is used up"), SPACE, PROBLEMS),
    errno.EFBIG: (N_("a file would be larger than this system allows"), N_("split the log by year"), PROBLEMS),
    errno.EROFS: (N_("the file system is read-only"), N_("run lisplan where the plan repo can be written"), PROBLEMS),
    errno.EACCES: (N_("permission denied"), PERMISSIONS, PROBLEMS),
    errno.EPERM: (N_("operation not permitted"), PERMISSIONS, PROBLEMS),
    errno.EISDIR: (N_("a folder stands where lisplan expects a file"), N_("rename or remove the folder"), PROBLEMS),
    errno.ENOTDIR: (N_("a file stands where lisplan expects a folder"), N_("rename or remove the file"), PROBLEMS),
    errno.ELOOP: (N_("a link leads round in a circle"), N_("remove the link"), PROBLEMS),
    errno.ENAMETOOLONG: (N_("a file name would be too long"), N_("use a shorter id or name"), USAGE),
    errno.EMFILE: (N_("too many open files"), N_("raise the limit (ulimit -n), then run this again"), PROBLEMS),
}
OTHER = N_("check the plan repo's files, folders and free space")


def reason(e: OSError) -> str:
    """What happened, in the language spoken (the system's own words only for an error lisplan has none for)."""
    known = KNOWN.get(e.errno or 0)
    return _(known[0]) if known else (e.strerror or str(e))


def described(e: OSError) -> tuple[str, str, int]:
    """What happened, what to do, and the exit code."""
    known = KNOWN.get(e.errno or 0)
    if known is None:
        return e.strerror or str(e), _(OTHER), PROBLEMS
    what, hint, code = known
    return _(what), _(hint), code
