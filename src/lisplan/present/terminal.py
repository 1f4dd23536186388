"""The bytes rich writes for a report's lines and its simple tables, written without importing rich.

Importing rich costs a report ~40 ms on two cores and laying out status's table through rich's general
renderer ~35 ms more, for output that is a few styled lines and one table that fits the terminal. This
module writes what rich (the console settings of present/console.py: markup on, no emoji, no highlighting,
soft wrap) writes for that shape, byte for byte, colours and all; tests/test_terminal.py holds it to rich's
own output. What it does not know to be rich's bytes it refuses (``Unsupported``), and the caller prints
with rich: a character that is not one cell wide or a control character, markup beyond a few styles, a
cell too wide for its column, a table wider than the terminal, Windows, Jupyter, an output that cannot
encode every character.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Iterator
from typing import Any, NamedTuple, TextIO


class Unsupported(Exception):
    """Not a shape this module draws as rich does: rich draws it."""


#: characters one cell wide in rich (rich/cells.py) and free of control codes: ASCII, Latin-1 but the soft
#: hyphen, Latin Extended-A and -B, general punctuation (dashes, «…», bullets), arrows and block elements
_ONE_CELL = re.compile("[\x20-\x7e\xa0-\xac\xae-\u024f\u2010-\u2027\u2030-\u205e\u2190-\u2199\u2500-\u259f]*")

#: rich's SGR numbers for the attributes, in the order rich writes them (rich/style.py, _make_ansi_codes)
_ATTRIBUTES = {"bold": 1, "dim": 2, "italic": 4, "underline": 8}
_SGR = {1: "1", 2: "2", 4: "3", 8: "4"}
#: the standard colours, which every colour system writes alike
_COLOURS = {
    name: str(30 + number)
    for number, name in enumerate(("black", "red", "green", "yellow", "blue", "magenta", "cyan", "white"))
}


class Style(NamedTuple):
    attributes: int = 0
    colour: str | None = None

    def __add__(self, other: object) -> Style:  # rich's sum of styles, not a tuple's
        if not isinstance(other, Style):
            return self
        return Style(self.attributes | other.attributes, other.colour or self.colour)

    def codes(self, colour: bool) -> str:
        sgr = [_SGR[bit] for bit in (1, 2, 4, 8) if self.attributes & bit]
        if colour and self.colour:
            sgr.append(self.colour)
        return ";".join(sgr)

    @property
    def name(self) -> str:
        """The style's words as rich normalises them (a closing tag names a style so)."""
        words = [word for word, bit in _ATTRIBUTES.items() if self.attributes & bit]
        if self.colour:
            words += [name for name, code in _COLOURS.items() if code == self.colour]
        return " ".join(words)


NULL = Style()
_PARSED: dict[str, Style] = {}


def parse_style(text: str) -> Style:
    """A style written as rich's words (``bold cyan``); one this module does not know is Unsupported."""
    style = _PARSED.get(text)
    if style is None:
        attributes, colour = 0, None
        for word in [] if text.strip().lower() == "none" else text.lower().split():
            if word in _ATTRIBUTES:
                attributes |= _ATTRIBUTES[word]
            elif word in _COLOURS and colour is None:
                colour = _COLOURS[word]
            else:
                raise Unsupported(text)
        style = _PARSED[text] = Style(attributes, colour)
    return style


class Span(NamedTuple):
    start: int
    end: int
    style: Style


class Text(NamedTuple):
    """A line of text with its styled spans, and the style under them all (rich.text.Text, one line)."""

    plain: str
    spans: list[Span]
    style: Style = NULL

    def segments(self) -> Iterator[tuple[str, Style]]:
        """rich's Text.render: a segment wherever a span starts or ends, in the spans' combined style."""
        text, spans = self.plain, self.spans
        if not spans:
            yield text, self.style
            return
        styles = {0: self.style, **{i: s.style for i, s in enumerate(spans, 1)}}
        edges = sorted(
            [(0, False, 0), *((s.start, False, i) for i, s in enumerate(spans, 1))]
            + [*((s.end, True, i) for i, s in enumerate(spans, 1)), (len(text), True, 0)],
            key=lambda e: (e[0], e[1]),
        )
        stack: list[int] = []
        for (offset, leaving, index), (following, _l, _i) in zip(edges, edges[1:], strict=False):
            if leaving:
                stack.remove(index)
            else:
                stack.append(index)
            if following > offset:
                current = NULL
                for i in sorted(stack):
                    current = current + styles[i]
                yield text[offset:following], current

    def cropped(self, length: int, tail: str = "") -> Text:
        """The first ``length`` characters and ``tail``, the spans cut at the new end (rich's _trim_spans)."""
        plain = self.plain[:length] + tail
        end = len(plain)
        spans = [s if s.end < end else Span(s.start, min(end, s.end), s.style) for s in self.spans if s.start < end]
        return Text(plain, spans, self.style)


_TAG = re.compile(r"((\\*)\[([a-z#/@][^[]*?)])")
_ESCAPE = re.compile(r"(\\*)(\[[a-z#/@][^[]*?])")


def escape(markup: str) -> str:
    """rich.markup.escape: text that markup reads as itself."""
    markup = _ESCAPE.sub(lambda m: f"{m.group(1)}{m.group(1)}\\{m.group(2)}", markup)
    return markup + "\\" if markup.endswith("\\") and not markup.endswith("\\\\") else markup


def markup(text: str, style: Style = NULL) -> Text:
    """rich.markup.render without emoji: the text and its spans (a closing tag that closes nothing, a link
    or a handler is Unsupported, and rich says what it says of it)."""
    if "[" not in text:
        return Text(text, [], style)
    plain: list[str] = []
    length = 0
    stack: list[tuple[int, str, Style]] = []
    spans: list[Span] = []
    position = 0

    def add(piece: str) -> None:
        nonlocal length
        plain.append(piece)
        length += len(piece)

    for match in _TAG.finditer(text):
        full, escapes, tag = match.groups()
        start, end = match.span()
        if start > position:
            add(text[position:start].replace("\\[", "["))
        position = end
        if escapes:
            backslashes, escaped = divmod(len(escapes), 2)
            if backslashes:
                add("\\" * backslashes)
            if escaped:
                add(full[len(escapes) :].replace("\\[", "["))
                continue
        if "=" in tag or tag.startswith("@") or tag.startswith("/@"):
            raise Unsupported(tag)
        if tag.startswith("/"):
            name = tag[1:].strip()
            if name:
                wanted = parse_style(name).name
                found = [i for i, (_s, n, _st) in enumerate(stack) if n == wanted]
                if not found:
                    raise Unsupported(tag)
                opened, _name, opened_style = stack.pop(found[-1])
            else:
                if not stack:
                    raise Unsupported(tag)
                opened, _name, opened_style = stack.pop()
            spans.append(Span(opened, length, opened_style))
        else:
            opening = parse_style(tag)
            stack.append((length, opening.name, opening))
    if position < len(text):
        add(text[position:].replace("\\[", "["))
    while stack:
        opened, name, opened_style = stack.pop()
        if name:
            spans.append(Span(opened, length, opened_style))
    return Text("".join(plain), sorted(spans[::-1], key=lambda s: s.start), style)


def _checked(text: Text) -> Text:
    """``text`` if every character is one cell wide and none is a control character, else Unsupported."""
    if _ONE_CELL.fullmatch(text.plain) is None:
        raise Unsupported("a character not one cell wide, or a control character")
    return text


class Column(NamedTuple):
    header: str
    justify: str
    no_wrap: bool
    overflow: str
    min_width: int | None
    max_width: int | None


class Wrapping(NamedTuple):
    """A cell's text that wraps in a column that does not (console.wrapping)."""

    text: str
    style: str


class Terminal:
    """Where a report prints, as rich's Console sees it: colours or not, and the width."""

    def __init__(self, stderr: bool = False) -> None:
        if sys.platform == "win32" or os.environ.get("DATABRICKS_RUNTIME_VERSION"):
            raise Unsupported("Windows or Databricks")
        import builtins

        if hasattr(builtins, "get_ipython"):
            raise Unsupported("Jupyter")
        stream = sys.stderr if stderr else sys.stdout
        file: TextIO | None = getattr(stream, "rich_proxied_file", stream)
        if file is None:
            raise Unsupported("no output")
        if not (getattr(file, "encoding", None) or "").lower().replace("_", "-").startswith("utf"):
            raise Unsupported("an output that does not take every character")
        self.stderr = stderr
        environ = os.environ
        terminal = self._is_terminal(file)
        self.dumb = terminal and environ.get("TERM", "").lower() in ("dumb", "unknown")
        self.styled = terminal and not self.dumb  # rich's colour system is not None
        self.colour = environ.get("NO_COLOR", "") == ""

    @staticmethod
    def _is_terminal(file: Any) -> bool:
        """rich's Console.is_terminal."""
        if getattr(sys.stdin, "__module__", "").startswith("idlelib"):
            return False
        compatible = os.environ.get("TTY_COMPATIBLE", "")
        if compatible in ("0", "1"):
            return compatible == "1"
        force = os.environ.get("FORCE_COLOR")
        if force is not None:
            return force != ""
        isatty = getattr(file, "isatty", None)
        try:
            return False if isatty is None else bool(isatty())
        except ValueError:
            return False

    @property
    def width(self) -> int:
        """rich's Console.width (its size: COLUMNS and LINES, a dumb terminal's 80, the terminal's own)."""
        columns, lines = os.environ.get("COLUMNS"), os.environ.get("LINES")
        fixed = int(columns) if columns is not None and columns.isdigit() else None
        if fixed is not None and lines is not None and lines.isdigit():
            return fixed
        if self.dumb:
            return 80
        width: int | None = None
        for fd in (0, 1, 2):
            try:
                width = os.get_terminal_size(fd)[0]
            except (AttributeError, ValueError, OSError):
                continue
            break
        if fixed is not None:
            width = fixed
        return fixed if fixed is not None else (width or 80)

    def write(self, pieces: list[tuple[str, Style]]) -> None:
        """The segments as rich's Console writes them: each styled one in its own SGR codes, then flushed."""
        out: list[str] = []
        for text, style in pieces:
            codes = style.codes(self.colour) if self.styled and text else ""
            out.append(f"\x1b[{codes}m{text}\x1b[0m" if codes else text)
        stream = sys.stderr if self.stderr else sys.stdout
        file = getattr(stream, "rich_proxied_file", stream)
        try:
            file.write("".join(out))
            file.flush()
        except BrokenPipeError:  # the reader went (``| head``): rich's Console.on_broken_pipe, quietly
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            raise SystemExit(1) from None

    def line(self, text: str) -> list[tuple[str, Style]]:
        """What ``print(text)`` writes with soft wrap: each line as it is, and a newline."""
        whole = markup(text)
        pieces: list[tuple[str, Style]] = []
        start = 0
        for i, part in enumerate(whole.plain.split("\n")):
            end = start + len(part)
            spans = [
                Span(max(s.start, start) - start, min(s.end, end) - start, s.style)
                for s in whole.spans
                if s.start < end and s.end > start
            ]
            if i:
                pieces.append(("\n", NULL))
            pieces += _checked(Text(part, spans)).segments()
            start = end + 1
        pieces.append(("\n", NULL))
        return pieces

    def table(self, columns: list[Column], rows: list[tuple[list[Any], str | None]]) -> list[tuple[str, Style]]:
        """What rich writes for a table of no box and no edge, bold headings, padding 1 between columns and
        one-line cells but a :class:`Wrapping` one (rich's Table: its column widths, its last resort when
        they do not fit, each cell justified, cut or wrapped in its column)."""
        width = self.width
        last = len(columns) - 1
        pads = [0 if i == 0 else 1 for i in range(len(columns))], [0 if i == last else 1 for i in range(len(columns))]
        header = [_checked(markup(c.header)) for c in columns]
        body: list[tuple[list[tuple[Text, bool, str | None]], Style]] = []
        for given, named_style in rows:
            if len(given) > len(columns):
                raise Unsupported("more cells than columns")
            parsed: list[tuple[Text, bool, str | None]] = []
            for cell, column in zip([*given, *[""] * (len(columns) - len(given))], columns, strict=True):
                if isinstance(cell, Wrapping):
                    parsed.append((_checked(Text(cell.text, [], parse_style(cell.style))), False, "fold"))
                elif isinstance(cell, str):
                    parsed.append((_checked(markup(cell)), column.no_wrap, None))
                else:
                    raise Unsupported("a cell that is not text")
            body.append((parsed, parse_style(named_style or "")))
        lengths = [[len(header[i].plain), *(len(cells[i][0].plain) for cells, _s in body)] for i in range(len(columns))]

        def measured(i: int, room: int, least: int) -> int:
            """rich's _measure_column: the widest cell in ``room``, within the column's own bounds (and
            ``least`` where that is 0)."""
            pad = pads[0][i] + pads[1][i]
            if room < 1:
                raise Unsupported("no room")
            widest = room if room - pad < 1 else max(min(n, room - pad) + pad for n in lengths[i])
            widest = min(widest, room)
            column = columns[i]
            if column.min_width is not None:
                widest = max(widest, column.min_width + pad)
            if column.max_width is not None:
                widest = min(widest, column.max_width + pad)
            return widest or least

        widths = [measured(i, width, 1) for i in range(len(columns))]
        if sum(widths) > width:  # rich's last resort: every column narrower by its share of the excess
            if not all(c.no_wrap for c in columns):
                raise Unsupported("a column that wraps in a table wider than the terminal")
            excess, share = sum(widths) - width, sum(1 for w in widths if w)
            reduced = []
            for w in widths:
                taken = min(w, round(excess / share)) if w and share > 0 else 0
                reduced.append(w - taken)
                excess, share = excess - taken, share - (1 if w else 0)
            widths = [measured(i, w, 0) for i, w in enumerate(reduced)]
        pieces: list[tuple[str, Style]] = []
        bold = parse_style("bold")
        lines: list[tuple[list[tuple[Text, bool, str | None]], Style]] = [
            ([(h, column.no_wrap, None) for h, column in zip(header, columns, strict=True)], bold)
        ]
        for index, (cells, row_style) in enumerate([*lines, *body]):
            drawn: list[list[list[tuple[str, Style]]]] = []
            for i, ((text, no_wrap, overflow), column) in enumerate(zip(cells, columns, strict=True)):
                inner = widths[i] - pads[0][i] - pads[1][i]
                if inner < 1:  # rich draws nothing in it, and fills the cell with one blank
                    raise Unsupported("a column with no room for text")
                fitted = _fit(text, inner, column.justify, no_wrap, overflow or column.overflow)
                if index == 0 and len(fitted) > 1:
                    raise Unsupported("a heading that wraps")
                drawn.append(
                    [
                        [*([(" ", row_style)] if pads[0][i] else [])]
                        + [(t, row_style + s) for t, s in line.segments()]
                        + [*([(" ", row_style)] if pads[1][i] else [])]
                        for line in fitted
                    ]
                )
            height = max(len(cell) for cell in drawn)
            for line_no in range(height):
                for i, cell in enumerate(drawn):
                    pieces += cell[line_no] if line_no < len(cell) else [(" " * widths[i], row_style)]
                pieces.append(("\n", NULL))
        return pieces


_WORD = re.compile(r"\s*\S+\s*")


def _divide_line(text: str, width: int, fold: bool) -> list[int]:
    """rich's divide_line for text of one-cell characters: where the line breaks to fit ``width``."""
    breaks: list[int] = []
    offset = 0
    for match in _WORD.finditer(text):
        start, word = match.start(), match.group()
        length = len(word.rstrip())
        if width - offset >= length:
            offset += len(word)
        elif length > width:
            if fold:
                folded = [word[i : i + width] for i in range(0, len(word), width)]
                for n, piece in enumerate(folded, 1):
                    if start:
                        breaks.append(start)
                    if n == len(folded):
                        offset = len(piece)
                    else:
                        start += len(piece)
            else:
                if start:
                    breaks.append(start)
                offset = len(word)
        elif offset and start:
            breaks.append(start)
            offset = len(word)
    return breaks


def _fit(text: Text, width: int, justify: str, no_wrap: bool, overflow: str) -> list[Text]:
    """A cell's lines justified in its column (rich's Text.wrap and Lines.justify): cut with «…» or at
    the edge where the text does not wrap, else wrapped at spaces; the style under a line becomes a span."""
    if justify not in ("left", "right") or overflow not in ("ellipsis", "crop", "fold"):
        raise Unsupported("a justification or overflow rich draws otherwise")
    if no_wrap or len(text.plain) <= width:
        lines = [text]
    else:
        if text.spans:
            raise Unsupported("styled text that wraps")
        edges = [0, *_divide_line(text.plain, width, overflow == "fold"), len(text.plain)]
        lines = []
        for a, b in zip(edges, edges[1:], strict=False):
            piece = text.plain[a:b]
            if len(piece) > width:  # rich's rstrip_end: whitespace past the width goes
                trailing = len(piece) - len(piece.rstrip())
                piece = piece[: len(piece) - min(trailing, len(piece) - width)]
            lines.append(Text(piece, [], text.style))
    fitted = []
    for line in lines:
        if justify == "right":
            stripped = line.plain.rstrip()
            if stripped != line.plain:
                line = line.cropped(len(stripped))
        length = len(line.plain)
        if length > width:
            line = line.cropped(width - 1, "…") if overflow == "ellipsis" else line.cropped(width)
        fill = width - len(line.plain)
        if justify == "left" and length < width:
            line = Text(line.plain + " " * fill, line.spans, line.style)
        elif justify == "right" and fill:
            line = Text(
                " " * fill + line.plain, [Span(s.start + fill, s.end + fill, s.style) for s in line.spans], line.style
            )
        # rich joins a cell's lines into one text, the style under each line becoming its first span
        fitted.append(
            Text(line.plain, [Span(0, len(line.plain), line.style), *line.spans]) if line.style != NULL else line
        )
    return fitted
