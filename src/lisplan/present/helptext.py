"""The command line's --help in the user's language.

Typer builds the click commands from the functions' docstrings and ``help=`` texts, in English; before
a help page is formatted, :func:`translate` replaces each text by its translation (typer's own words
too: panel titles, "[default: …]"). tools/i18n.py extracts the same texts with :func:`help_messages`,
so a new option's help is in the catalog as soon as the catalog is updated.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from lisplan.core.i18n import N_, _

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
    "RICH_HELP": "Try [blue]'{command_path} {help_option}'[/] for help.",
}
#: the start of a usage line (click's formatter has it in English only)
USAGE = "Usage:"
#: the help of --help (typer's bundled click has it in English only)
HELP_OPTION = "Show this message and exit."
#: what an option's value is, shown beside it where the option names no placeholder of its own (typer
#: would show the Python type: <str>, <list[Path]>, <float>); a flag and an argument show none (an
#: argument's placeholder is its name)
VALUE_WORDS = {"str": N_("TEXT"), "float": N_("NUMBER"), "int": N_("NUMBER"), "Path": N_("FILE")}
#: the usage line's placeholders for options and for a group's command (click's defaults)
OPTIONS_METAVAR = "[OPTIONS]"
COMMAND_METAVAR = "COMMAND [ARGS]..."


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
            if getattr(param, "metavar", None):
                yield f"{path} {param.name}", param.metavar
    for word in TYPER_WORDS.values():
        yield "typer", word
    for word in VALUE_WORDS.values():
        yield "lisplan", word
    yield "click", HELP_OPTION
    yield "click", USAGE
    yield "click", OPTIONS_METAVAR
    yield "click", COMMAND_METAVAR


def translate(root: Any) -> None:
    """Put every help text of the command tree ``root`` in the current language (in place)."""
    import typer.rich_utils as words

    for name, english in TYPER_WORDS.items():
        setattr(words, name, _(english))
    for _path, cmd in _commands(root):
        _translate_help_option(cmd)
        _translate_usage(cmd)
        if getattr(cmd, "options_metavar", None) == OPTIONS_METAVAR:
            cmd.options_metavar = _(OPTIONS_METAVAR)
        if getattr(cmd, "subcommand_metavar", None) == COMMAND_METAVAR:
            cmd.subcommand_metavar = _(COMMAND_METAVAR)
        for attr in ("help", "short_help", "rich_help_panel"):
            if getattr(cmd, attr, None):
                setattr(cmd, attr, _(getattr(cmd, attr)))
        for param in cmd.params:
            for attr in ("help", "rich_help_panel"):
                if getattr(param, attr, None):
                    setattr(param, attr, _(getattr(param, attr)))
            if getattr(param, "metavar", None):  # a placeholder: DATE, FROM, DIR (cli/)
                param.metavar = _(param.metavar)
            _show_value_word(param)
            _show_choice_words(param)


def _show_value_word(param: Any) -> None:
    """The word for what an option takes (TEKST, FIL), instead of the Python type typer shows."""
    if not hasattr(param, "display_type"):
        return  # not a typer parameter
    if param.param_type_name == "argument" or getattr(param, "is_flag", False):
        param.display_type = lambda _ctx: None
    elif not getattr(param, "metavar", None):  # a placeholder of its own is shown instead of the type
        annotation = getattr(getattr(param, "type_descriptor", None), "annotation", None)
        word = _value_word(getattr(annotation, "__args__", (annotation,))[0])  # list[str]: str
        param.display_type = lambda _ctx: word


def _value_word(annotation: Any) -> str | None:
    english = VALUE_WORDS.get(getattr(annotation, "__name__", ""))
    return _(english) if english else None


def _show_choice_words(param: Any) -> None:
    """An option that takes a choice (cli/base.py's ``_choice``) shows the words of the language: the
    bokmål words in bokmål, the values in English, and its default as one of them."""
    info = getattr(getattr(param, "type_descriptor", None), "parameter_info", None)
    choice = getattr(getattr(info, "parser", None), "choice", None)
    if choice is None:
        return
    words = dict(zip(choice.values, choice.words(), strict=True))
    shown = "|".join(words.values())
    param.display_type = lambda _ctx: f"<{shown}>"
    if isinstance(param.default, str) and param.default in words:
        param.default = words[param.default]


def _translate_usage(cmd: Any) -> None:
    """The usage line's "Usage:", which click's formatter writes when the line is formatted."""
    if getattr(cmd, "_usage_translated", False):
        return

    def format_usage(ctx: Any, formatter: Any) -> None:
        formatter.write_usage(ctx.command_path, " ".join(cmd.collect_usage_pieces(ctx)), _(USAGE) + " ")

    cmd.format_usage = format_usage
    cmd._usage_translated = True


def _translate_help_option(cmd: Any) -> None:
    """--help's own help, which click makes when the page is formatted."""
    made = cmd.get_help_option

    def get_help_option(ctx: Any) -> Any:
        option = made(ctx)
        if option is not None and option.help == HELP_OPTION:
            option.help = _(HELP_OPTION)
            _show_value_word(option)  # a flag: no type beside it
        return option

    cmd.get_help_option = get_help_option


# --- usage errors -----------------------------------------------------------------------------------
# typer's bundled click words its usage errors in English f-strings: they are read back here, by their
# shape, and said again in the language. A message of another shape is left as it is.

#: (the English shape, the message to say instead); fields as the shape names them
USAGE_ERRORS = [
    (r"Invalid value for (?P<hint>.+?): (?P<message>.*)", N_("Invalid value for {hint}: {message}")),
    (r"Invalid value: (?P<message>.*)", N_("Invalid value: {message}")),
    (r"Missing argument (?P<hint>.+?)\.", N_("Missing argument {hint}.")),
    (r"Missing option (?P<hint>.+?)\.", N_("Missing option {hint}.")),
    (
        r"No such command (?P<name>.+?)\. Did you mean (?P<options>.+)\?",
        N_("No such command {name}. Did you mean {options}?"),
    ),
    (r"No such command (?P<name>.+?)\.", N_("No such command {name}.")),
    (
        r"No such option: (?P<name>\S+)\. Did you mean (?P<options>.+)\?",
        N_("No such option: {name}. Did you mean {options}?"),
    ),
    (
        r"No such option: (?P<name>\S+) \(Possible options: (?P<options>.+)\)",
        N_("No such option: {name} (possible options: {options})"),
    ),
    (r"No such option: (?P<name>\S+)", N_("No such option: {name}")),
    (r"Got unexpected extra argument\(s\) \((?P<args>.*)\)", N_("Got unexpected extra arguments ({args})")),
    (r"Option (?P<name>\S+) requires an argument\.", N_("Option {name} requires an argument.")),
    (r"Option (?P<name>\S+) requires (?P<n>\d+) arguments\.", N_("Option {name} requires {n} arguments.")),
]
#: the reasons inside "Invalid value for …: <reason>"
USAGE_REASONS = [
    (r"(?:Value error, )?(?P<value>.+?) is not one of (?P<choices>.+?)\.", N_("{value} is not one of {choices}.")),
    (r"Input should be a valid number.*", N_("not a number")),
    (r"Input should be a valid integer.*", N_("not a whole number")),
    (r"Input should be less than or equal to (?P<limit>\S+)", N_("must be at most {limit}")),
    (r"Input should be greater than or equal to (?P<limit>\S+)", N_("must be at least {limit}")),
    (r"(?P<value>.+?) is not a valid (?P<kind>[a-z]+)\.?", N_("{value} is not a valid {kind}")),
]


def _say_again(text: str, shapes: list[tuple[str, str]], inner: bool = False) -> str:
    import re

    for shape, message in shapes:
        found = re.fullmatch(shape, text, re.DOTALL)
        if found:
            fields = found.groupdict()
            if inner is False and "message" in fields:
                fields["message"] = _say_again(fields["message"], USAGE_REASONS, inner=True)
            return _(message).format(**fields)
    return text


def translate_usage_error(error: Any) -> None:
    """Make a click usage error say its message in the current language when it is shown."""
    from lisplan.core.i18n import language

    english = error.format_message
    if language() == "en" or getattr(english, "translated", False):
        return

    def format_message() -> str:
        return _say_again(english(), USAGE_ERRORS)

    format_message.translated = True  # type: ignore[attr-defined]
    error.format_message = format_message
