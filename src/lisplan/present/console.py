"""The terminal: the one module that uses rich, and the way every text a user reads leaves lisplan.

rich is imported when something is printed with it, not before: a command that only prints a line
(lisplan log) does not pay for it. A report's lines and simple tables are written as rich writes them
without it (present/terminal.py); what that does not draw, rich draws.

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
    from rich.console import Console as RichConsole
    from rich.table import Table

    from lisplan.present.terminal import Column, Terminal, Wrapping


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


def rich_console(stderr: bool = False) -> RichConsole:
    """The rich console everything rich prints goes through. It prints each piece of text (a trainee's name,
    a note, a path) with its control characters escaped (:func:`printable`): a repo is untrusted input, and
    its text never reaches the terminal as escape sequences. rich's own colours are not text, and stay."""
    global _console_class
    if _console_class is None:
        from rich.console import Console as Rich
        from rich.segment import Segment

        class PrintableConsole(Rich):
            def _render_buffer(self, buffer: Any) -> str:
                return str(
                    super()._render_buffer(
                        seg if seg.control else Segment(printable(seg.text), seg.style, seg.control) for seg in buffer
                    )
                )

        _console_class = PrintableConsole
    made: RichConsole = _console_class(stderr=stderr, highlight=False, soft_wrap=True, emoji=False)
    return made


class Console:
    """Where a report prints: ``print`` takes one line of markup, a table of :func:`new_table`, or nothing
    (a blank line), and writes what rich writes for it; present/terminal.py writes it where it knows rich's
    bytes (a control character or a wide one, say, it leaves to rich, which escapes the one and measures
    the other). Anything else a caller asks is rich's console's."""

    def __init__(self, stderr: bool = False) -> None:
        from lisplan.present.terminal import Terminal, Unsupported

        self._stderr = stderr
        self._rich: RichConsole | None = None
        self._terminal: Terminal | None
        try:
            self._terminal = Terminal(stderr)
        except Unsupported:
            self._terminal = None

    def rich(self) -> RichConsole:
        if self._rich is None:
            self._rich = rich_console(self._stderr)
        return self._rich

    @property
    def width(self) -> int:
        return self._terminal.width if self._terminal is not None else self.rich().width

    def print(self, *objects: Any, **options: Any) -> None:
        from lisplan.present.terminal import NULL, Unsupported

        terminal = self._terminal
        if terminal is not None and len(objects) <= 1 and not options:
            try:
                if not objects:
                    pieces = [("\n", NULL)]
                elif isinstance(objects[0], str):
                    pieces = terminal.line(objects[0])
                elif isinstance(objects[0], SimpleTable):
                    pieces = terminal.table(objects[0].columns, objects[0].rows)
                else:
                    raise Unsupported("not a line or a simple table")
            except Unsupported:
                pass
            else:
                terminal.write(pieces)
                return
        self.rich().print(*(o.rich() if isinstance(o, SimpleTable) else o for o in objects), **options)

    def __enter__(self) -> Console:
        """rich's buffer: everything printed until the end of the block is written at once, by rich."""
        self._terminal = None
        self.rich().__enter__()
        return self

    def __exit__(self, *exc: Any) -> None:
        self.rich().__exit__(*exc)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.rich(), name)


def console(stderr: bool = False) -> Console:
    """The console a report or a message prints to (stdout, or stderr)."""
    return Console(stderr)


def escape(text: str) -> str:
    """``text`` as markup that reads as itself (rich.markup.escape)."""
    from lisplan.present.terminal import escape as markup_escape

    return markup_escape(text)


def wrapping(text: str, style: str = "") -> Wrapping:
    """Text that wraps inside a table cell whose column does not (a goal set's name over its rows)."""
    from lisplan.present.terminal import Wrapping

    return Wrapping(text, style)


_table_class: Any = None


def rich_table(**options: Any) -> Table:
    """A rich table as every report draws one: no box, no edge, bold headings; ``options`` add to rich's.

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


class SimpleTable:
    """A table as every report draws one (:func:`rich_table`'s), its columns and rows kept until it is
    printed: present/terminal.py draws it when every cell fits its column and the table the terminal."""

    def __init__(self) -> None:
        self.columns: list[Column] = []
        self.rows: list[tuple[list[str | Wrapping], str | None]] = []

    def add_column(
        self,
        header: str = "",
        *,
        justify: str = "left",
        no_wrap: bool = False,
        overflow: str = "ellipsis",
        min_width: int | None = None,
        max_width: int | None = None,
    ) -> None:
        from lisplan.present.terminal import Column

        self.columns.append(Column(header, justify, no_wrap, overflow, min_width, max_width))

    def add_row(self, *cells: str | Wrapping, style: str | None = None) -> None:
        self.rows.append((list(cells), style))

    def rich(self) -> Table:
        """The same table for rich to draw."""
        from rich.text import Text

        from lisplan.present.terminal import Wrapping

        table = rich_table()
        for c in self.columns:
            table.add_column(
                c.header,
                justify=c.justify,  # type: ignore[arg-type]
                no_wrap=c.no_wrap,
                overflow=c.overflow,  # type: ignore[arg-type]
                min_width=c.min_width,
                max_width=c.max_width,
            )
        for cells, style in self.rows:
            table.add_row(
                *(
                    Text(c.text, style=c.style, no_wrap=False, overflow="fold") if isinstance(c, Wrapping) else c
                    for c in cells
                ),
                style=style,
            )
        return table


def new_table(**options: Any) -> Any:
    """A table as every report draws one: no box, no edge, bold headings. With ``options`` (rich's), rich's
    table; without, a :class:`SimpleTable`, which present/terminal.py draws without rich where it can."""
    return rich_table(**options) if options else SimpleTable()


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
