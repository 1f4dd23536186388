"""The command line: options in, one library call, results out, an exit code. Nothing else lives here.

Exit codes: 0 all is well, 1 problems found, 2 usage error (bad option, no plan repo, unknown trainee).
Each command hands its options to one function in ``commands/``; a ``Stop`` it raises becomes the
message, the fix and the exit code here, in one place.
"""

from __future__ import annotations

import contextlib
from typing import NoReturn

import typer

from lisplan.cli import record, report, setup  # noqa: F401  # each registers its commands on app
from lisplan.cli.base import DATE, RECORD, REPORT, SETUP, ExportKind, app
from lisplan.commands import replay
from lisplan.commands.errors import PROBLEMS
from lisplan.core.i18n import _
from lisplan.present.console import fail

__all__ = ["DATE", "ExportKind", "app", "main", "os_failure"]

#: the help page shows its panels in the order their first command was registered: reports first
app.registered_commands.sort(key=lambda c: [REPORT, RECORD, SETUP].index(str(c.rich_help_panel)))


def _only_the_command_named(argv: list[str]) -> typer.Typer:
    """``app`` with only the command the line names, when it names one: typer builds (and types) every
    command's options before it runs one, and a command's own page, errors and run are the same without
    its siblings. The whole app for anything else (no command, a typo to suggest for, completion)."""
    import copy
    import os

    from lisplan.core.argv import read

    if any(k.startswith("_") and k.endswith("_COMPLETE") for k in os.environ):
        return app
    line = read(argv)
    if len(line.command) != 1:
        return app  # a sub-app (plan), or no such command: click says so, with its suggestion
    named = [c for c in app.registered_commands if c.callback and (c.name or c.callback.__name__) == line.command[0]]
    if not named:
        return app
    only = copy.copy(app)
    only.registered_commands, only.registered_groups = named, []
    return only


def os_failure(e: OSError) -> NoReturn:
    """What the system refused (a full disk, a closed output), in words on stderr, as the exit code."""
    from lisplan.commands.errors import os_error

    message, hint, code = os_error(e)
    with contextlib.suppress(OSError, ValueError):
        fail(message, hint)
    raise SystemExit(code) from None


def main() -> None:
    """Console entry point: no traceback ever reaches the user."""
    import sys

    try:
        _only_the_command_named(sys.argv[1:])()
    except KeyboardInterrupt:
        raise SystemExit(130) from None
    except OSError as e:
        replay.spoiled()
        os_failure(e)
    except Exception as e:
        replay.spoiled()
        fail(
            _("internal error: {kind}: {error}").format(kind=type(e).__name__, error=e),
            _("this is a bug in lisplan; please report it with the command you ran"),
        )
        raise SystemExit(PROBLEMS) from None
