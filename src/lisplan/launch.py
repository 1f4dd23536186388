"""The entry point (``lisplan``, ``python -m lisplan``): a remembered answer when there is one, else the CLI.

A warm read-only command is answered from commands/replay.py before typer, rich or pydantic is
imported; anything else, and a first run, goes to cli/ (which records the answer for next time).
"""

from __future__ import annotations

import sys


def main() -> None:
    from lisplan.commands import replay
    from lisplan.core.argv import read

    try:
        remembered = replay.prepare(sys.argv[1:], read(sys.argv[1:]))
    except Exception:  # a remembered answer only saves time: whatever fails here, the command says it, in words
        remembered = None
    try:
        answered = remembered is not None and remembered.answer()
    except OSError as e:  # the output could not be written (a full disk): said as a fresh run says it
        from lisplan.cli import os_failure

        os_failure(e)
    if answered and remembered is not None:
        raise SystemExit(remembered.code)
    if remembered is not None:
        remembered.start()
    from lisplan.cli import main as run

    try:
        run()
    except SystemExit as e:
        if remembered is not None:
            remembered.finish(e.code)
        raise
    if remembered is not None:
        remembered.finish(0)
