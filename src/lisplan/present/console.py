"""The terminal: the one module that uses rich, and the way every text a user reads leaves lisplan.

rich is imported when something is printed with it, not before: a command that only prints a line
(lisplan log) does not pay for it.

Every message, hint and line of text leaves through here, and each passes through ``safe``, which
stars out any identity number in it: a number typed by mistake as an option, or found in a file,
is never echoed back (terminal scroll-back and CI logs outlive the fix).
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from lisplan.core.i18n import _
from lisplan.core.identity import mask_identity_numbers

if TYPE_CHECKING:
    from rich.console import Console as Console
    from rich.table import Table


#: control characters (C0 but tab, newline and a line's CR LF, DEL, C1): in a name or a file they could move the cursor,
#: recolour or retitle the terminal, or hide the text before them (ESC [ 2 J, a carriage return)
_CONTROL = re.compile("\r(?!\n)|[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")  # a CSV's CR LF ends a line


def printable(text: str) -> str:
    """``text`` with every control character shown as its escape (``\\x1b``), never sent to the terminal."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def safe(text: str) -> str:
    """Text fit to print: identity numbers starred out, control characters shown as escapes."""
    return printable(mask_identity_numbers(text))


_console_class: Any = None


def console(stderr: bool = False) -> Console:
    """The console everything rich prints goes through. It prints each piece of text (a trainee's name, a
    note, a path) with its control characters escaped (:func:`printable`): a repo is untrusted input, and
    its text never reaches the terminal as escape sequences. rich's own colours are not text, and stay."""
    global _console_class
    if _console_class is None:
        from rich.console import Console
        from rich.segment import Segment

        class PrintableConsole(Console):
            def _render_buffer(self, buffer: Any) -> str:
                return str(
                    super()._render_buffer(
                        seg if seg.control else Segment(printable(seg.text), seg.style, seg.control) for seg in buffer
                    )
                )

        _console_class = PrintableConsole
    made: Console = _console_class(stderr=stderr, highlight=False, soft_wrap=True, emoji=False)
    return made


def escape(text: str) -> str:
    from rich.markup import escape as rich_escape

    return rich_escape(text)


def wrapping(text: str, style: str = "") -> Any:
    """Text that wraps inside a table cell whose column does not (a goal set's name over its rows)."""
    from rich.text import Text

    return Text(text, style=style, no_wrap=False, overflow="fold")


_table_class: Any = None


def new_table(**options: Any) -> Table:
    """A table as every report draws one: no box, no edge, bold headings; ``options`` add to rich's.

    rich reads a cell given as markup text twice, to measure its column and to draw it; the table reads
    each cell once, when it is added, into the text rich would read it as (markup on, no emoji, no
    highlighting: :func:`console`'s settings), so the table draws the same bytes in less time."""
    global _table_class
    if _table_class is None:
        from rich.markup import render
        from rich.table import Table

        class ReadOnceTable(Table):
            def add_row(self, *renderables: Any, **row: Any) -> None:
                super().add_row(*(render(r, emoji=False) if isinstance(r, str) else r for r in renderables), **row)

        _table_class = ReadOnceTable
    made: Table = _table_class(show_edge=False, pad_edge=False, box=None, header_style="bold", **options)
    return made


def fail(message: str, hint: str = "") -> None:
    """A usage error for the user, on stderr."""
    err = console(stderr=True)
    err.print("[red]" + _("error") + f":[/] {escape(safe(message))}")
    print_hint(hint, err)


def print_hint(hint: str, out: Console) -> None:
    """What to do about a problem, under it: indented, in cyan; nothing when there is no hint."""
    if hint:
        out.print(f"  [cyan]{escape(safe(hint))}[/]")


def warn(message: str) -> None:
    """A warning about something that was done all the same, on stderr (plain text: no rich needed)."""
    sys.stderr.write(_("warning") + f": {safe(message)}\n")


def plain(text: str) -> None:
    text = safe(text)
    sys.stdout.write(text if text.endswith("\n") else text + "\n")


def show(view: Any, as_json: bool, table: Callable[[Any], None]) -> None:
    """A command's view as JSON (``--format json``, the stable contract) or as ``table`` prints it."""
    if as_json:
        import json

        plain(json.dumps(view, ensure_ascii=False, indent=2))
    else:
        table(view)


def short(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def fit_title(text: str, width: int) -> str:
    """A learning goal's title in ``width`` characters: whole when it fits, else its first sentence, else
    that sentence's start and end with «…» between. Goals of a section often begin alike («Ha god kunnskap
    om og selvstendig kunne tolke/beskrive nukleærmedisinsk …») and end with what sets them apart
    («… undersøkelse av skjelett og benmarg.»), so the end is kept."""
    if len(text) <= width:
        return text
    first, _dot, rest = text.partition(". ")
    first += "." if rest else ""
    if len(first) + 2 <= width:
        return first + " …"
    words = first.split(" ")
    head = " ".join(_fitting(words, max(width // 3, 1))) or first[: max(width // 3, 1)]  # whole words
    room = max(width - len(head) - 3, 1)
    tail = " ".join(_fitting(words[::-1], room)[::-1]) or first[-room:]
    return f"{head} … {tail}"


def _fitting(words: list[str], width: int) -> list[str]:
    """The first of ``words`` that fit in ``width`` characters with a space between each."""
    taken: list[str] = []
    for word in words:
        if len(" ".join([*taken, word])) > width:
            break
        taken.append(word)
    return taken
