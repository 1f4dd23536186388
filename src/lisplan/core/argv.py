"""The one reader of lisplan's command line, before typer is imported: which command, its options and
arguments, the plan repo, the language, a help page, and whether the answer may be replayed.

It reads a line the way click's parser does (typer/_click/parser.py): a group's options stand before
its command word; a command's options and arguments may come in any order; ``--`` ends the options;
``--name=value`` and ``--name value``, ``-fjson`` and ``-f json``; short flags run together (``-hv``);
an option named again keeps every value; no option or command may be shortened. ``--lang`` is read
anywhere before ``--`` (lisplan takes it out before click parses the rest). A word click would refuse
makes the line unknown: the launcher then leaves it to the CLI, which says what is wrong.

What it reads against is the grammar (grammar.json beside this module): every command's options, which
take a value, and what each command declares beside it in cli/ (``@replayable``). cli/grammar.py writes
it from the typer app, and tests/test_argv.py fails when the file and the app disagree.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from functools import cache
from pathlib import Path
from typing import Any

GRAMMAR = Path(__file__).with_name("grammar.json")
#: the options every command takes besides its own; --lang may stand anywhere (cli/base.py, _main)
HELP = ("--help", "-h")
LANG = "--lang"


def normal(text: str) -> str:
    """A word as a choice compares it (core/forms.py): case and spacing do not matter."""
    return "-".join(text.replace("_", " ").split()).casefold()


class Spec:
    """One command (or group) as the line reads it. (Plain classes, not dataclasses: a replayed answer is
    written before ``dataclasses`` and the ``inspect`` it imports would be.)"""

    def __init__(
        self,
        names: Mapping[str, str] | None = None,
        takes_value: frozenset[str] = frozenset(),
        commands: Mapping[str, Spec] | None = None,
        replay: bool = False,
        reads: frozenset[str] = frozenset(),
        writes: Mapping[str, frozenset[str] | None] | None = None,
        arguments: tuple[str, ...] = (),
    ) -> None:
        #: every spelling of every option (--trainee, -t) -> its name (the first long spelling)
        self.names = names or {}
        #: the names of options that take a value (the rest are flags)
        self.takes_value = takes_value
        #: a group's commands, by their word
        self.commands = commands or {}
        #: whether a run's answer may be replayed (cli/base.py, ``replayable``)
        self.replay = replay
        #: options (or arguments, by parameter name) whose values name files the answer depends on
        self.reads = reads
        #: option -> the values that make the run write or read what the replay cannot key (None: any value)
        self.writes = writes or {}
        #: the parameter names of the positional arguments, in order
        self.arguments = arguments

    @classmethod
    def of(cls, data: Mapping[str, Any]) -> Spec:
        return cls(
            names=dict(data.get("names", {})),
            takes_value=frozenset(data.get("takes_value", ())),
            commands={word: cls.of(sub) for word, sub in data.get("commands", {}).items()},
            replay=bool(data.get("replay", False)),
            reads=frozenset(data.get("reads", ())),
            writes={k: None if v is None else frozenset(v) for k, v in data.get("writes", {}).items()},
            arguments=tuple(data.get("arguments", ())),
        )


class Line:
    """What a command line says."""

    def __init__(self) -> None:
        #: the command's words (``["status"]``, ``["plan", "sheet"]``); empty when none is named
        self.command: list[str] = []
        #: each option given, by name, with its values in order (None for a flag)
        self.options: dict[str, list[str | None]] = {}
        #: the positional arguments
        self.arguments: list[str] = []
        self.repo: str | None = None
        #: ``--lang``'s value (the last one given), as written
        self.lang: str | None = None
        #: a help page is asked for (or no command is named: the app shows its help)
        self.help = False
        #: every word was read as click reads it; False: a word click would refuse, or a command not known
        self.known = True
        #: the line without ``--lang`` and its value: what click parses
        self.rest: list[str] = []
        #: the command's spec, when the line names one
        self.spec: Spec | None = None

    def value(self, name: str) -> str | None:
        """An option's value (the last one given), or None."""
        values = [v for v in self.options.get(name, []) if v is not None]
        return values[-1] if values else None

    def replayable(self) -> bool:
        """Whether the command's answer may be replayed: it says so, and no option given makes it write."""
        if self.spec is None or not self.known or not self.spec.replay:
            return False
        for name, values in self.spec.writes.items():
            given = self.options.get(name, [])
            if given and (values is None or any(v is not None and normal(v) in values for v in given)):
                return False
        return True

    def files_named(self) -> list[str]:
        """The values of the options and arguments the command declares it reads files from."""
        spec = self.spec
        if spec is None:
            return []
        named = [v for name in sorted(spec.reads) for v in self.options.get(name, []) if v is not None]
        if any(a in spec.reads for a in spec.arguments):
            named += self.arguments  # every argument word of a command that reads its arguments as files
        return named


@cache
def grammar() -> Spec:
    """The app's grammar, as cli/grammar.py wrote it."""
    return Spec.of(json.loads(GRAMMAR.read_text(encoding="utf-8")))


def read(argv: Sequence[str], root: Spec | None = None) -> Line:
    """What ``argv`` (the words after ``lisplan``) says, read against ``root`` (default: the app's grammar)."""
    spec = grammar() if root is None else root
    line = Line()
    words = list(argv)
    i = 0
    ended = False  # after "--": every word is an argument
    group = True  # reading a group's words: options, then its command word
    while i < len(words):
        word = words[i]
        i += 1
        if ended:
            line.rest.append(word)
            line.arguments.append(word)
            continue
        if word == "--":
            ended = True
            line.rest.append(word)
            continue
        if word == LANG or word.startswith(LANG + "="):
            name, eq, value = word.partition("=")
            if not eq:
                value = words[i] if i < len(words) else ""
                line.known = line.known and i < len(words)
                i += 1
            line.lang = value
            continue
        if word.startswith("-") and len(word) > 1:
            i = _option(word, words, i, spec, line, group)
            continue
        line.rest.append(word)
        if group:
            sub = spec.commands.get(word)
            if sub is None:
                line.known = False  # click says there is no such command, with its suggestion
                group = False
                line.arguments.append(word)
                continue
            line.command.append(word)
            spec = sub
            group = bool(sub.commands)
            continue
        line.arguments.append(word)
    if group:  # no command named: the group shows its help page
        line.help = True
    line.spec = None if group or not line.known else spec
    return line


def _option(word: str, words: list[str], i: int, spec: Spec, line: Line, group: bool) -> int:
    """Read the option ``word`` (its value may be the next word, at ``i``); the index after it."""
    start = i
    name, eq, value = word.partition("=")
    if word.startswith("--") or name in spec.names:
        canonical = spec.names.get(name)
        if canonical is None:
            if name in HELP:
                line.help = True
            else:
                line.known = False
            line.rest.append(word)
            return i
        if canonical in spec.takes_value:
            if not eq:
                if i >= len(words):
                    line.known = False
                    line.rest.append(word)
                    return i
                value, i = words[i], i + 1
            _given(line, canonical, value, group)
        elif eq:
            line.known = False  # click: "Option '--strict' does not take a value"
        else:
            _given(line, canonical, None, group)
        line.rest.extend(words[start - 1 : i])
        return i
    # short options, run together: each a flag until one takes a value (the rest of the word, or the next word)
    line.rest.append(word)
    for n, ch in enumerate(word[1:], start=2):
        short = "-" + ch
        canonical = spec.names.get(short)
        if canonical is None:
            if short in HELP:
                line.help = True
                continue
            line.known = False
            return i
        if canonical in spec.takes_value:
            if n < len(word):
                _given(line, canonical, word[n:], group)
            elif i < len(words):
                _given(line, canonical, words[i], group)
                line.rest.append(words[i])
                i += 1
            else:
                line.known = False
            return i
        _given(line, canonical, None, group)
    return i


def _given(line: Line, name: str, value: str | None, group: bool) -> None:
    """An option given: the app's (--repo) says where; a command's is one of its options."""
    if not group:
        line.options.setdefault(name, []).append(value)
    elif name == "--repo":
        line.repo = value
