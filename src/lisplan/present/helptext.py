"""The command line's --help in the user's language.

Typer builds the click commands from the functions' docstrings and ``help=`` texts, in English; before
a help page is formatted, :func:`translate` replaces each text by its translation (typer's own words
too: panel titles, "[default: …]"). tools/i18n.py extracts the same texts with :func:`help_messages`,
so a new option's help is in the catalog as soon as the catalog is updated.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from lisplan.core.i18n import _

#: typer's own words on a help page (typer.rich_utils), in English as typer has them
TYPER_WORDS = {
    "ARGUMENTS_PANEL_TITLE": "Arguments",
    "OPTIONS_PANEL_TITLE": "Options",
    "COMMANDS_PANEL_TITLE": "Commands",
    "ERRORS_PANEL_TITLE": "Error",
    "DEFAULT_STRING": "[default: {}]",
    "ENVVAR_STRING": "[env var: {}]",
    "REQUIRED_LONG_STRING": "[required]",
    "ABORTED_TEXT": "Aborted.",
}
#: the help of --help (typer's bundled click has it in English only)
HELP_OPTION = "Show this message and exit."


def _commands(cmd: Any, path: str = "lisplan") -> Iterator[tuple[str, Any]]:
    yield path, cmd
    for name, sub in sorted(getattr(cmd, "commands", {}).items()):
        yield from _commands(sub, f"{path} {name}")


def help_messages(root: Any) -> Iterator[tuple[str, str]]:
    """(where, text) for every help text of the command tree ``root`` (a click command) and typer's words."""
    for path, cmd in _commands(root):
        for text in (cmd.help, cmd.short_help, getattr(cmd, "rich_help_panel", None)):
            if text:
                yield path, text
        for param in cmd.params:
            for text in (getattr(param, "help", None), getattr(param, "rich_help_panel", None)):
                if text:
                    yield f"{path} {param.name}", text
    for word in TYPER_WORDS.values():
        yield "typer", word
    yield "click", HELP_OPTION


def translate(root: Any) -> None:
    """Put every help text of the command tree ``root`` in the current language (in place)."""
    import typer.rich_utils as words

    for name, english in TYPER_WORDS.items():
        setattr(words, name, _(english))
    for _path, cmd in _commands(root):
        _translate_help_option(cmd)
        for attr in ("help", "short_help", "rich_help_panel"):
            if getattr(cmd, attr, None):
                setattr(cmd, attr, _(getattr(cmd, attr)))
        for param in cmd.params:
            for attr in ("help", "rich_help_panel"):
                if getattr(param, attr, None):
                    setattr(param, attr, _(getattr(param, attr)))


def _translate_help_option(cmd: Any) -> None:
    """--help's own help, which click makes when the page is formatted."""
    made = cmd.get_help_option

    def get_help_option(ctx: Any) -> Any:
        option = made(ctx)
        if option is not None and option.help == HELP_OPTION:
            option.help = _(HELP_OPTION)
        return option

    cmd.get_help_option = get_help_option
