"""How a command stops: a message and its fix for the user, an exit code, and the problems behind it.

The CLI turns a ``Stop`` into output and an exit code in one place; a command never prints a traceback.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from lisplan.core.i18n import _
from lisplan.core.problems import Problem, Refused

if TYPE_CHECKING:
    from lisplan.files.writer import WriteError
    from lisplan.load.loader import Loaded

OK, PROBLEMS, USAGE = 0, 1, 2


class Stop(Exception):
    """The command cannot go on. ``problems`` (in files, with positions) are shown before the message."""

    def __init__(
        self,
        message: str,
        hint: str = "",
        *,
        code: int = USAGE,
        problems: list[Problem] | None = None,
        root: Path | None = None,
        line_of: Callable[[Path, int], str] | None = None,
    ) -> None:
        super().__init__(message)
        self.message, self.hint, self.code = message, hint, code
        self.problems = problems or []
        self.root, self.line_of = root, line_of


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


def refusal(e: WriteError) -> Refused:
    """A write the writer refused, as the command's refusal: nothing was written, and the file says why."""
    return Refused(e.message, e.hint or _("fix the file (lisplan check shows how), then run this again"), e.problems)


def os_error(e: OSError) -> tuple[str, str, int]:
    """What the system refused, in words, with its fix and exit code (core/os_errors.py)."""
    from lisplan.core.os_errors import described

    where = f" ({e.filename})" if e.filename else ""
    what, hint, code = described(e)
    return _("cannot continue: {what}{where}").format(what=what, where=where), hint, code
