"""The app, its group (language, help pages, usage errors), the session a command runs in, and the
options several commands share; the commands themselves live in report.py, record.py and setup.py.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Callable, Iterator
from enum import Enum
from pathlib import Path
from typing import Annotated, Any, Literal, TypeVar

import typer
from typer.core import TyperGroup

from lisplan.commands import replay
from lisplan.commands.errors import Stop
from lisplan.commands.session import Session
from lisplan.core import kinds
from lisplan.core.forms import Choice
from lisplan.present.console import fail
from lisplan.present.problems import print_problems


class _Group(TyperGroup):
    """lisplan's commands; a usage error (which click words itself, quoting the value given) never
    echoes an identity number typed by mistake, e.g. ``--role <fødselsnummer>``."""

    def make_context(self, info_name, args, *more, **kwargs):  # type: ignore[no-untyped-def]
        with _masked_usage_errors(), _translated_on_error(self):
            if kwargs.get("parent") is None and not more:  # the root: a sub-app's line was spoken already
                args = _speak(list(args))  # before anything is parsed: --help speaks the language too
            if not args or any(a in ("--help", "-h") for a in args):
                _translate(self)  # a help page is coming; a command that runs does not pay for it
            return super().make_context(info_name, args, *more, **kwargs)

    def invoke(self, ctx):  # type: ignore[no-untyped-def]
        with _masked_usage_errors(), _translated_on_error(self):
            return super().invoke(ctx)


def _translate(group: TyperGroup) -> None:
    from lisplan.present.helptext import translate

    translate(group)


@contextlib.contextmanager
def _translated_on_error(group: TyperGroup) -> Iterator[None]:
    """A usage error (or a help page a subcommand shows) is drawn by typer with its words translated."""
    try:
        yield
    except typer.Abort:  # also "no arguments": a help page, drawn as an error
        _translate(group)
        raise
    except Exception as e:
        if _usage_error(e):
            _translate(group)
        raise


def _usage_error(e: Exception) -> bool:
    """Whether ``e`` is click's usage error (exit code 2, a message to format), known by what it does: the
    class lives in click or, from typer 0.2x on, in typer's private copy of click, and lisplan imports neither
    private module (pyproject allows every typer from 0.12)."""
    return getattr(e, "exit_code", None) == 2 and callable(getattr(e, "format_message", None))


def _speak(args: list[str]) -> list[str]:
    """Set the language from ``--lang`` (anywhere before ``--``), LISPLAN_LANG, the locale or the repo's
    lisplan.yaml (core/i18n.py, ``choose``); the arguments without ``--lang``, as core/argv.py reads them."""
    import os

    from lisplan.core import i18n
    from lisplan.core.argv import read
    from lisplan.files.repo import configured_language

    line = read(args)
    option = None if line.lang is None else _read(kinds.LANGUAGE, line.lang, "'--lang'")
    repo = line.repo or os.environ.get("LISPLAN_REPO")
    repo_language = None if option or os.environ.get("LISPLAN_LANG") else configured_language(Path(repo or "."))
    given = option or os.environ.get("LISPLAN_LANG", "").strip().lower()
    i18n.set_language(i18n.choose(option, os.environ, repo_language), overridden=given in i18n.LANGUAGES)
    return line.rest


def _read(choice: Choice, value: str, hint: str | None = None) -> str:
    """The value ``value`` names (core/forms.py), or a usage error listing the words of the language."""
    from lisplan.core.forms import NotReadable

    try:
        return choice.read(value)
    except NotReadable as e:
        raise typer.BadParameter(str(e), param_hint=hint) from None


def _choice(choice: Choice, as_type: type = str) -> dict[str, Any]:
    """What makes an option take ``choice`` (core/kinds.py) by its value or its bokmål words, refuse
    anything else naming the words, and complete both in a shell."""

    def parse(value: Any) -> Any:
        return value if isinstance(value, as_type) and value in choice.values else as_type(_read(choice, str(value)))

    def complete(incomplete: str) -> list[str]:
        return choice.completions(incomplete)

    parse.choice = choice  # type: ignore[attr-defined]  # present/helptext.py shows the words of the language
    return {"parser": parse, "autocompletion": complete}


@contextlib.contextmanager
def _masked_usage_errors() -> Iterator[None]:
    from lisplan.core.identity import mask_identity_numbers

    try:
        yield
    except Exception as e:  # click's usage errors only: another error's message may be read-only (jinja2's)
        if _usage_error(e) and isinstance(getattr(e, "message", None), str):
            e.message = mask_identity_numbers(e.message)  # type: ignore[attr-defined]
            from lisplan.present.helptext import translate_usage_error

            translate_usage_error(e)
        raise


app = typer.Typer(
    cls=_Group,
    name="lisplan",
    help="Keep a Norwegian specialist-training (LIS) plan in plain YAML files: check, track, plan.",
    no_args_is_help=True,
    rich_markup_mode="rich",
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


F = TypeVar("F", bound=Callable[..., Any])
Format = Literal["table", "json"]
Lang = Literal["nb", "en"]
# typer 0.29 takes a Literal for one value but not a list of them, so --kind's choices are an enum
ExportKind = Enum(  # type: ignore[misc]
    "ExportKind",
    {k.replace("-", "_"): k for k in kinds.EXPORT_KIND.values},
    type=str,
)


@app.callback()
def _main(
    ctx: typer.Context,
    repo: Annotated[
        Path | None,
        typer.Option(
            "--repo",
            metavar="DIR",
            help="The plan repo (default: the nearest folder with data/ at or above here).",
            envvar="LISPLAN_REPO",
            show_default=False,
        ),
    ] = None,
    lang: Annotated[
        Lang | None,
        typer.Option(
            "--lang",
            help="nb (bokmål) or en, anywhere on the line (default: bokmål, unless LISPLAN_LANG, the repo's "
            "lisplan.yaml (language:) or an English locale says en).",
            show_default=False,
            expose_value=False,  # listed on the help page only: _speak reads and removes it before parsing
            **_choice(kinds.LANGUAGE),
        ),
    ] = None,
) -> None:
    ctx.obj = Session(repo)


@contextlib.contextmanager
def _session(ctx: typer.Context) -> Iterator[Session]:
    """The command's session; a Stop it raises is shown with its fix and becomes the exit code."""
    replay.ran()  # a command's body, not a help page (commands/replay.py)
    if not gc.isenabled():  # the start-up is over (launch.py): its objects live as long as the process, so
        gc.freeze()  # the collector never walks them again, and the body's objects are collected as usual
        gc.enable()
    try:
        yield ctx.obj if isinstance(ctx.obj, Session) else Session()
    except Stop as e:
        if e.problems and e.line_of is not None:
            print_problems(e.problems, e.root, e.line_of)
        fail(e.message, e.hint)
        raise typer.Exit(e.code) from None


def _exit(code: int | None) -> None:
    raise typer.Exit(code or 0)


# --- options several commands share -------------------------------------------------------------

TraineeOpt = Annotated[
    str | None,
    typer.Option("--trainee", "-t", help="Trainee id (optional when the repo has one).", show_default=False),
]
#: a date option's placeholder: every option that takes a date is read by core/forms.py's read_date
#: (29.12.2026, 29.12.26, i dag, i går, 2026-12-29), in its command's call to Session.date
DATE = "DATE"
AsOfOpt = Annotated[
    str | None,
    typer.Option(
        "--as-of", metavar=DATE, help="Compute as of this date (e.g. 29.12.2026; default today).", show_default=False
    ),
]
FormatOpt = Annotated[Format, typer.Option("--format", "-f", help="table or json.", **_choice(kinds.FORMAT))]
DateOpt = Annotated[
    str | None,
    typer.Option(
        "--date", "-d", metavar=DATE, help="When (e.g. 29.12.2026 or yesterday; default today).", show_default=False
    ),
]
NoteOpt = Annotated[
    str | None,
    typer.Option(
        "--note", "-n", help="A free-text note (never a patient's name or identity number).", show_default=False
    ),
]
CommitOpt = Annotated[bool, typer.Option("--commit", help="Commit the changed file to git.")]
DryRunOpt = Annotated[bool, typer.Option("--dry-run", help="Check and show the entry; write nothing.")]
SupervisorOpt = Annotated[
    str | None, typer.Option("--supervisor", "-s", help="The supervisor present (name or id).", show_default=False)
]
GoalsOpt = Annotated[
    list[str] | None,
    typer.Option("--goal", "-g", help="A learning goal it served (repeatable).", show_default=False),
]
REPORT, RECORD, SETUP = "Check and report", "Record work", "Set up"


# --- what each command declares beside it: may its answer be replayed, and what its options do ------

#: the attribute a command's function carries its declaration in (cli/grammar.py reads it)
DECLARED = "__lisplan_replay__"


def replayable(
    *, plain: tuple[str, ...] = (), reads: tuple[str, ...] = (), writes: tuple[str, ...] = ()
) -> Callable[[F], F]:
    """Declare a read-only command whose answer may be replayed (commands/replay.py), naming what each of
    its options and arguments does: ``plain`` ones only shape the answer; ``reads`` ones name files the
    answer depends on; ``writes`` ones (``--mark``, or ``--format=ics`` for one value) make the run write,
    read git or make a file that carries its time, so a line with one is never replayed. Every option and
    argument must be named (cli/grammar.py refuses a command that leaves one out)."""

    def declare(fn: F) -> F:
        setattr(fn, DECLARED, {"replay": True, "plain": plain, "reads": reads, "writes": writes})
        return fn

    return declare


def never_replayed(fn: F) -> F:
    """Declare a command whose answer is never replayed: it writes, or reads what the replay cannot key."""
    setattr(fn, DECLARED, {"replay": False})
    return fn
