"""The command line's grammar, from the typer app: every command's options (which take a value) and what
each command declares beside it (cli/base.py, ``replayable``/``never_replayed``). core/argv.py reads
lines against it before typer is imported; ``python -m lisplan.cli.grammar`` writes it to
core/grammar.json, and tests/test_argv.py fails when the file and the app disagree.
"""

from __future__ import annotations

import json
from typing import Any

import typer
import typer.main

from lisplan.cli.base import DECLARED
from lisplan.core.argv import GRAMMAR, normal

#: typer's own options of the app (they install or print a shell's completion script): left out, so that
#: core/argv.py reads a line with one as unknown and leaves it to typer, never a help page to replay
TYPERS_OWN = frozenset({"install_completion", "show_completion"})


class Undeclared(Exception):
    """A command without a declaration, or a replayable command with an option it does not name."""


def grammar(app: typer.Typer) -> dict[str, Any]:
    """The grammar of ``app`` as core/argv.py's ``Spec.of`` reads it."""
    return _spec(typer.main.get_command(app), _callbacks(app))


def _callbacks(app: typer.Typer, prefix: str = "") -> dict[str, Any]:
    """Each command's function, by its words ("status", "plan sheet")."""
    found: dict[str, Any] = {}
    for info in app.registered_commands:
        if info.callback is not None:
            found[prefix + (info.name or info.callback.__name__.replace("_", "-"))] = info.callback
    for group in app.registered_groups:
        if group.typer_instance is not None:
            found.update(_callbacks(group.typer_instance, f"{prefix}{group.name} "))
    return found


def _spec(command: Any, callbacks: dict[str, Any], path: str = "") -> dict[str, Any]:
    names: dict[str, str] = {}
    takes_value: list[str] = []
    arguments: list[str] = []
    choices: dict[str, Any] = {}
    for param in command.params:
        if param.name in TYPERS_OWN:
            continue
        if param.param_type_name == "argument":
            arguments.append(param.name)
            continue
        spellings = [*param.opts, *param.secondary_opts]
        name = next((s for s in spellings if s.startswith("--")), spellings[0])
        names.update({s: name for s in spellings})
        if not param.is_flag and not param.count:
            takes_value.append(name)
        info = getattr(getattr(param, "type_descriptor", None), "parameter_info", None)
        choices[name] = getattr(getattr(info, "parser", None), "choice", None)
    spec: dict[str, Any] = {"names": dict(sorted(names.items())), "takes_value": sorted(takes_value)}
    if arguments:
        spec["arguments"] = arguments
    subcommands = getattr(command, "commands", None)
    if subcommands is not None:
        spec["commands"] = {word: _spec(sub, callbacks, f"{path}{word} ") for word, sub in sorted(subcommands.items())}
        return spec
    declared = getattr(callbacks.get(path.strip()), DECLARED, None)
    if declared is None:
        raise Undeclared(f"{path.strip()}: declare with @replayable(...) or @never_replayed (cli/base.py)")
    if not declared["replay"]:
        return spec
    writes: dict[str, list[str] | None] = {}
    for given in declared["writes"]:
        option, eq, value = given.partition("=")
        choice = choices.get(option)
        words = {value, *choice.values.get(value, ())} if eq and choice is not None else {value}
        writes[option] = sorted({*(writes.get(option) or []), *map(normal, words)}) if eq else None
    told = {*declared["plain"], *declared["reads"], *writes}
    missing = sorted({*names.values(), *arguments} - told)
    unknown = sorted(told - {*names.values(), *arguments})
    if missing or unknown:
        raise Undeclared(f"{path.strip()}: @replayable names not {missing}, names no such {unknown}")
    spec.update(replay=True, reads=sorted(declared["reads"]), writes=dict(sorted(writes.items())))
    return spec


def write(app: typer.Typer) -> None:
    GRAMMAR.write_text(json.dumps(grammar(app), indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


if __name__ == "__main__":
    from lisplan.cli import app

    write(app)
