"""The entry point (``lisplan``, ``python -m lisplan``): a remembered answer when there is one, else the CLI.

A warm read-only command is answered from commands/replay.py before typer, rich or pydantic is
imported; anything else, and a first run, goes to cli/ (which records the answer for next time).
"""

from __future__ import annotations

import gc
import os
import sys


def _without_pydantic_plugins() -> None:
    """Validate without pydantic's plugins: lisplan's checks are its own, and finding plugins costs every
    command that validates anything ~40 ms on two cores (pydantic imports importlib.metadata, which
    imports the email package, and reads every installed distribution's entry points the first time it
    builds a validator). pydantic asks its loader for plugins through ``get_plugins`` alone; any other
    name a later pydantic asks of the loader brings the real one back."""
    name = "pydantic.plugin._loader"
    if name in sys.modules:
        return
    import types

    def real(attribute: str) -> object:
        if attribute.startswith("__"):  # what the import system asks of any module (a package's __path__)
            raise AttributeError(attribute)
        del sys.modules[name]
        import importlib

        return getattr(importlib.import_module(name), attribute)

    loader = types.ModuleType(name)
    loader.get_plugins = tuple  # type: ignore[attr-defined]  # no plugins: an empty tuple
    loader.__getattr__ = real  # type: ignore[method-assign]
    sys.modules[name] = loader


def main() -> None:
    _without_pydantic_plugins()
    from lisplan.commands import replay
    from lisplan.core.argv import read

    try:
        remembered = replay.prepare(sys.argv[1:], read(sys.argv[1:]))
    except Exception:  # a remembered answer only saves time: whatever fails here, the command says it, in words
        remembered = None
    try:
        if remembered is not None and remembered.answer():
            raise SystemExit(remembered.code)
    except OSError as e:  # the output could not be written (a full disk): said as a fresh run says it
        from lisplan.cli import os_failure

        os_failure(e)
    from lisplan.cli import main as run

    if remembered is not None:
        remembered.start()
    try:
        run()
    except SystemExit as e:  # how every run ends (click's standalone mode): with the code to remember
        if remembered is not None:
            remembered.finish(e.code)
        raise


def run() -> None:
    """The console script and ``python -m lisplan``: :func:`main`, then the process ends without tearing
    the interpreter down. By then lisplan has written and closed everything it writes (each file by an
    atomic write, the store's records too; no thread, temporary folder or exit handler is left), so the
    teardown only frees memory the system frees anyway: ~20 ms of every command, more after a large load.
    An exit Python must word itself (a message for its code) goes the usual way, as does output that
    cannot be flushed (a closed pipe), so what is said and the exit code do not change.

    Start-up makes only objects that live as long as the process (modules, classes, functions): the
    cyclic collector is off until a command's body starts (cli/base.py, _session, then freezes them), not
    walking them ~75 times (~15 ms) to free almost nothing (some 600 of 33,000 objects in a `log`)."""
    gc.disable()
    try:
        main()
        code: object = 0
    except SystemExit as e:
        code = 0 if e.code is None else e.code
    if not isinstance(code, int):
        raise SystemExit(code)
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError, AttributeError):  # AttributeError: a stream that was closed at start (None)
        raise SystemExit(code) from None
    os._exit(code)
