"""How a command stops: a message and its fix for the user, an exit code, and the problems behind it.

The CLI turns a ``Stop`` into output and an exit code in one place; a command never prints a traceback.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from lisplan.core.problems import Problem

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
