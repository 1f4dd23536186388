"""Safe writes: add one item to a list in a YAML file without losing a byte the user wrote.

The new item is rendered as YAML text by libyaml's emitter and inserted into the file's text (at the end,
where a log's ``entries:`` list normally is), so comments, quoting and blank lines stay exactly as
they were and the git diff is one short hunk. Before anything is written the result is parsed again
and must hold exactly the old data plus the new item. The replacement is atomic (temporary file in
the same folder, flushed and fsynced, then renamed over the original), and a lock around
read-modify-write lets two ``lisplan log`` processes run at once without losing either item.

Speed: a file lisplan has not written itself is parsed before (to check it and find where the item
goes) and after (the whole result must read back as the old data plus the item). When the parse cache
says the old bytes are exactly what lisplan last wrote and read back there, neither full parse is
needed: the old bytes end with lisplan's own item at the end of the list, so reading back the new item
in that same context proves the result; that keeps ``lisplan log`` fast on a 20,000-entry log.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import hashlib
import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lisplan.core.problems import Problem
from lisplan.files.atomic import atomic_write, sweep_temporaries
from lisplan.files.source import (
    Document,
    MappingNode,
    ScalarNode,
    SequenceNode,
    SourceError,
    decode,
    emit,
    parse,
    read_bytes,
    span,
)

if TYPE_CHECKING:
    from lisplan.files.cache import Cache, Cached


@dataclass
class WriteError(Exception):
    """The write was refused; the file is unchanged. ``problems`` say where and why, when known."""

    message: str
    hint: str = ""
    problems: list[Problem] = field(default_factory=list)

    def __str__(self) -> str:
        return self.message


@dataclass
class Appended:
    path: Path
    document: Document  # the file as written
    created: bool


@contextlib.contextmanager
def locked(folder: Path) -> Iterator[None]:
    """An exclusive lock on a folder, held across read-modify-write of its files.

    The lock is taken on the folder itself, so no lock file appears in the user's repo; the atomic
    rename of a file inside it does not replace the folder, so every writer locks the same thing.
    """
    folder.mkdir(parents=True, exist_ok=True)
    fd = os.open(folder, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing releases the lock


def entry_text(entry: dict[str, Any], indent: int = 2) -> str:
    """One list item in block style (``  - procedure: …``) with its dash at column ``indent``.

    Strings a reader would misread are quoted (see :func:`source.emit`).
    """
    text = emit([entry], flow=False)
    pad = " " * indent
    return "".join(pad + line if line.strip() else line for line in text.splitlines(keepends=True))


def yaml_scalar(value: Any) -> str:
    """``value`` as it is written after ``key: `` on one line, quoted where a reader would misread it
    (for files lisplan makes from templates)."""
    return emit({"v": value}, flow=True).strip()[len("{v: ") : -1]


def as_data(value: Any) -> Any:
    """What the reader gives back for ``value`` once written (dates are read as their text)."""
    if isinstance(value, dict):
        return {k: as_data(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [as_data(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


# --- where a new item goes ------------------------------------------------------------------------

_EMPTY_VALUES = {"", "~", "null", "Null", "NULL"}


def append_point(doc: Document, key: str, before: int | None = None) -> dict[str, Any]:
    """Where a new item of the top-level list ``key`` goes (before item ``before``, else at the end).

    ``line``: insert before this line (0-based), or at the end when None; ``indent``: the column of the
    items' dashes; ``prefix``: text before the first item (a missing key); ``strip``: ``[line, from, to]``
    columns to cut from the key's line (``entries: []`` becomes ``entries:``).
    """
    root = doc.root
    pairs = getattr(root, "value", None)
    if not isinstance(pairs, list):
        raise WriteError("the file is not a mapping of keys to values")
    at = next((i for i, (k, _) in enumerate(pairs) if getattr(k, "value", None) == key), None)
    if at is None:
        return {"line": None, "indent": 2, "prefix": f"{key}:\n"}
    key_node, value = pairs[at]
    following = pairs[at + 1][0].start_mark.line if at + 1 < len(pairs) else None
    kind = type(value).__name__
    if kind == "SequenceNode" and value.value and not value.flow_style:
        if before is not None and before < len(value.value):
            return {"line": value.value[before].start_mark.line, "indent": value.start_mark.column}
        return {"line": following, "indent": value.start_mark.column}
    empty = (kind == "SequenceNode" and not value.value) or (
        kind == "ScalarNode" and not value.style and value.value in _EMPTY_VALUES
    )
    line = key_node.start_mark.line
    if empty and value.start_mark.line == line and value.end_mark.line == line:
        return {"line": line + 1, "indent": 2, "strip": [line, value.start_mark.column, value.end_mark.column]}
    raise WriteError(
        f"'{key}:' is not written as a list of '- ' items, so lisplan cannot add one safely",
        hint=f"write '{key}:' as a block list (one '- ' item per entry), then run this again",
    )


_LINE = re.compile(r".*?(?:\r\n|\n|\r|\Z)", re.DOTALL)


def insert_item(text: str, point: dict[str, Any], item: str) -> str:
    """``text`` with ``item`` (LF-ended lines) put where ``point`` says, in the file's own line endings."""
    newline = "\r\n" if "\r\n" in text else "\n"
    if newline != "\n":
        item = item.replace("\n", newline)
    prefix: str = point.get("prefix", "").replace("\n", newline)
    if point.get("line") is None:
        if text and not text.endswith(("\n", "\r")):
            text += newline
        return text + prefix + item
    lines = [m for m in _LINE.findall(text) if m]
    strip = point.get("strip")
    if strip:
        n, start, end = strip
        ending = lines[n][len(lines[n].rstrip("\r\n")) :]
        body = lines[n][: len(lines[n]) - len(ending)]
        lines[n] = (
            body[:start].rstrip(" ")
            + (" " + body[end:].lstrip(" ") if body[end:].strip() else "")
            + (ending or newline)
        )
    at = point["line"]
    if at > 0 and at <= len(lines) and not lines[at - 1].endswith(("\n", "\r")):
        lines[at - 1] += newline
    return "".join(lines[:at]) + prefix + item + "".join(lines[at:])


# --- the write ------------------------------------------------------------------------------------


def append_item(
    path: Path,
    key: str,
    item: dict[str, Any],
    *,
    check: Callable[[Document], None],
    valid_as: str,
    cache: Cache,
    header: str = "",
    more_facts: Callable[[Cached], dict[str, Any]] | None = None,
    position: Callable[[list[Any]], int | None] | None = None,
) -> Appended:
    """Add ``item`` to the top-level list ``key`` of the file at ``path`` (made from ``header`` if missing).

    ``check(document)`` must raise :class:`WriteError` when the existing file is not valid as
    ``valid_as``; its verdict is remembered in the cache for those bytes. Nothing is written unless
    the result parses to the old data plus ``item``. ``more_facts(old)`` may add facts about the new
    bytes (it runs under the lock, on the old file as read there). ``position(old_list)`` may place
    the item before another (an index), to keep a diary in date order; by default it goes last.
    """

    with locked(path.parent):
        sweep_temporaries(path)
        created = not path.exists()
        raw = header.encode("utf-8") if created else path.read_bytes()
        try:
            old = cache.read(path, raw)
        except SourceError as e:
            raise WriteError(
                f"{path.name} {e.message}",
                e.hint,
                [Problem(e.code, f"{path.name} {e.message}", path, (), e.hint, line=e.line, col=e.col)],
            ) from None
        if old.facts.get("valid") != valid_as:
            check(old.document)
            if not isinstance(old.document.data, dict):
                raise WriteError(f"{path.name} is not a mapping of keys to values")
            old.facts["valid"] = valid_as
        old_list = old.document.data.get(key) or []
        at = position(old_list) if position is not None and isinstance(old_list, list) else None
        known_end = old.facts.get(f"append:{key}") if at is None else None
        point = known_end or append_point(old.document, key, at)
        addition = entry_text(item, point["indent"])
        text = insert_item(raw.decode("utf-8"), point, addition)
        new_raw = text.encode("utf-8")
        expected = dict(old.document.data)
        items = list(old_list) if isinstance(old_list, list) else []
        items.insert(len(items) if at is None else at, as_data(item))
        expected[key] = items
        # Read back what will be written. ``known_end`` is a fact only about bytes lisplan itself wrote
        # and read back (they end with its own item, in the list that ends the file), so after them a
        # new item at the same indent is all that needs reading; any other file is read back whole.
        check_text = f"{key}:\n{addition}" if known_end else decode(new_raw)
        try:
            back = parse(path, check_text).data
        except SourceError as e:
            raise WriteError(
                f"lisplan could not add the item to {path.name} safely ({e.message})",
                "nothing was written; this is a bug in lisplan, please report it",
            ) from None
        if (back == {key: [as_data(item)]}) if known_end else (back == expected):
            new = Document(path, decode(new_raw), expected)
        else:
            raise WriteError(
                f"lisplan could not add the item to {path.name} safely (the result read back differently)",
                "nothing was written; this is a bug in lisplan, please report it",
            )
        atomic_write(path, text)
        facts: dict[str, Any] = {"valid": valid_as}
        if point.get("line") is None and at is None:
            facts[f"append:{key}"] = {"line": None, "indent": point["indent"]}
        if more_facts is not None:
            facts.update(more_facts(old))
        from lisplan.files.cache import Cached

        cache.store(Cached(new, hashlib.sha256(new_raw).hexdigest(), facts))
        return Appended(path, new, created)


# --- setting a key in an existing item (lisplan portal --mark) ------------------------------------


@dataclass
class KeyChange:
    """Set ``values`` in item ``index`` of a top-level list, which must still read as ``expected``."""

    index: int
    expected: Any
    values: dict[str, Any]


def set_keys(path: Path, key: str, changes: list[KeyChange], *, check: Callable[[Document], None]) -> Document:
    """Set keys in existing items of the top-level list ``key``, as text, keeping every other byte.

    A missing key goes on a new line after the item's last line, at the column of its keys; a key
    that is there is replaced where its value stands on its own line (a comment after it stays).
    Items written in flow style (``- {date: …}``) are refused. Under the folder's lock the file is
    read again and each item must still hold what the caller read (else another writer got there
    first, and nothing is written); the result must read back as the old data with exactly those
    keys set, and pass ``check``, before it atomically replaces the file.
    """
    with locked(path.parent):
        sweep_temporaries(path)
        try:
            raw = read_bytes(path)
            doc = parse(path, decode(raw))
        except SourceError as e:
            raise WriteError(
                f"{path.name} {e.message}",
                e.hint,
                [Problem("yaml", f"{path.name} {e.message}", path, (), e.hint, line=e.line, col=e.col)],
            ) from None
        items = doc.data.get(key) if isinstance(doc.data, dict) else None
        if not isinstance(items, list):
            raise WriteError(
                f"{path.name} has no '{key}:' list", "fix the file (lisplan check shows how), then run this again"
            )
        text = raw.decode("utf-8")
        bom = "\ufeff" if text.startswith("\ufeff") else ""
        lines = [m for m in _LINE.findall(text[len(bom) :]) if m]
        newline = "\r\n" if "\r\n" in text else "\n"
        expected = dict(doc.data)
        expected[key] = list(items)
        for change in sorted(changes, key=lambda c: -c.index):  # from the bottom up: earlier lines stay put
            if change.index >= len(items) or items[change.index] != as_data(change.expected):
                raise WriteError(
                    f"{path.name} changed since lisplan read it (entry {change.index + 1} is not what it was)",
                    "nothing was written; run the command again",
                )
            _set_in_item(doc, key, change, lines, newline, path)
            expected[key][change.index] = {**items[change.index], **as_data(change.values)}
        new_text = bom + "".join(lines)
        try:
            new = parse(path, decode(new_text.encode("utf-8")))
        except SourceError as e:
            raise WriteError(
                f"lisplan could not change {path.name} safely ({e.message})",
                "nothing was written; this is a bug in lisplan, please report it",
            ) from None
        if new.data != expected:
            raise WriteError(
                f"lisplan could not change {path.name} safely (the result read back differently)",
                "nothing was written; this is a bug in lisplan, please report it",
            )
        check(new)
        atomic_write(path, new_text)
        return new


def _set_in_item(doc: Document, key: str, change: KeyChange, lines: list[str], newline: str, path: Path) -> None:
    node = doc.node((key, change.index))
    if not isinstance(node, MappingNode) or node.flow_style:
        line = node.start_mark.line + 1 if node is not None else 1
        raise WriteError(
            f"{path.name}:{line}: entry {change.index + 1} is written in flow style ({{…}} on one line), "
            "so lisplan will not rewrite it",
            "write the entry as one 'key: value' line per key (block style), then run this again",
        )
    present = {k.value: (k, v) for k, v in node.value if isinstance(k, ScalarNode)}
    added = []
    for name, value in change.values.items():
        rendered = _key_line(name, value)
        if name not in present:
            added.append(" " * node.start_mark.column + rendered + newline)
            continue
        k, v = present[name]
        first, last = span(v)
        if (
            isinstance(v, (MappingNode, SequenceNode))
            and not v.flow_style
            or first != last
            or first != k.start_mark.line + 1
        ):
            raise WriteError(
                f"{path.name}:{k.start_mark.line + 1}: '{name}:' of entry {change.index + 1} spans several lines, "
                "so lisplan will not rewrite it",
                f"write it on one line ({rendered}), then run this again",
            )
        row = lines[first - 1]
        lines[first - 1] = row[: v.start_mark.column] + rendered.split(": ", 1)[1] + row[v.end_mark.column :]
    if added:
        at = span(node)[1]
        if not lines[at - 1].endswith(("\n", "\r")):
            lines[at - 1] += newline
        lines[at:at] = added


def _key_line(name: str, value: Any) -> str:
    """``name: value`` on one line, a mapping or list in flow style (``portal: {registered: 2026-05-02}``)."""
    if isinstance(value, (dict, list)):
        return f"{name}: " + emit(value, flow=True).rstrip("\n")
    return emit({name: value}, flow=False).rstrip("\n")
