"""Changing items already in a YAML file's list (``lisplan portal --mark``, ``edit``, ``remove``, ``undo``)
as text, keeping every other byte the user wrote.

A key is set or taken out on its own line, an item removed takes its own lines; comments, quoting and
blank lines around them stay. Every file is changed under its folder's lock, and only if each item
still reads as the caller read it; the result must read back as the old data with exactly the change
made, and pass the caller's check, before it atomically replaces the file (files/writer.py).
"""

from __future__ import annotations

import contextlib
import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lisplan.core.i18n import _
from lisplan.core.problems import Problem
from lisplan.files.atomic import Stamp, read_stamped, sweep_temporaries
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
from lisplan.files.writer import (
    BUG,
    LINE,
    WriteError,
    as_data,
    changed_meanwhile,
    locked,
    replace_unless_changed,
)

#: a value of :class:`KeyChange` that takes the key out of the item
DELETE: Any = object()


@dataclass
class KeyChange:
    """Set ``values`` in item ``index`` of a top-level list (:data:`DELETE`: take the key out), or with
    ``remove`` take the whole item out; the item must still read as ``expected``."""

    index: int
    expected: Any
    values: dict[str, Any] = field(default_factory=dict)
    remove: bool = False


@dataclass
class Changed:
    """One file as :func:`change_items` left it: the text it had, the text it has, and its document."""

    before: str
    after: str
    document: Document


def set_keys(path: Path, key: str, changes: list[KeyChange], *, check: Callable[[Document], None]) -> Document:
    """Set keys in existing items of the top-level list ``key``, as text, keeping every other byte.

    A missing key goes on a new line after the item's last line, at the column of its keys; a key
    that is there is replaced where its value stands on its own line (a comment after it stays).
    Items written in flow style (``- {date: …}``) are refused. Under the folder's lock the file is
    read again and each item must still hold what the caller read (else another writer got there
    first, and nothing is written); the result must read back as the old data with exactly those
    keys set, and pass ``check``, before it atomically replaces the file.
    """
    return set_keys_in_files({path: changes}, key, check=check)[path]


def set_keys_in_files(
    changes: dict[Path, list[KeyChange]], key: str, *, check: Callable[[Document], None]
) -> dict[Path, Document]:
    """:func:`set_keys` in several files, all or nothing (see :func:`change_items`)."""
    return {path: done.document for path, done in change_items(changes, key, check=check).items()}


def change_items(
    changes: dict[Path, list[KeyChange]], key: str, *, check: Callable[[Document], None], write: bool = True
) -> dict[Path, Changed]:
    """Change items of the top-level list ``key`` in several files, all or nothing: every file is locked,
    read and its result checked before the first is written, so a refusal in one leaves every file as
    it was. An item removed takes its lines with it (from its ``-`` to its last value, comments on
    those lines too); the lines around it, comments and blank lines, stay. With ``write=False`` every
    file is prepared and checked, and nothing is written (``--dry-run``)."""
    with contextlib.ExitStack() as stack:
        for folder in sorted({p.parent for p in changes}):  # one order for every writer: no deadlock
            stack.enter_context(locked(folder))
        ready = {path: _prepare_keys(path, key, file_changes, check) for path, file_changes in changes.items()}
        for path, (text, stamp, _doc, _before) in ready.items():
            if write:
                replace_unless_changed(path, text, stamp)
        return {path: Changed(before, text, doc) for path, (text, _stamp, doc, before) in ready.items()}


def _prepare_keys(
    path: Path, key: str, changes: list[KeyChange], check: Callable[[Document], None]
) -> tuple[str, Stamp | None, Document, str]:
    """The new text of ``path`` with ``changes`` made and verified, the stamp of the file it came from,
    the new document and the old text."""
    sweep_temporaries(path)
    try:
        stamp = Stamp.at(path)
        raw = read_bytes(path)
        if Stamp.at(path) != stamp:
            raise changed_meanwhile(path)  # saved while being read
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
            _("{file} has no '{key}:' list").format(file=path.name, key=key),
            _("fix the file (lisplan check shows how), then run this again"),
        )
    text = raw.decode("utf-8")
    bom = "\ufeff" if text.startswith("\ufeff") else ""
    lines = [m for m in LINE.findall(text[len(bom) :]) if m]
    newline = "\r\n" if "\r\n" in text else "\n"
    expected = dict(doc.data)
    expected[key] = list(items)
    for change in sorted(changes, key=lambda c: -c.index):  # from the bottom up: earlier lines stay put
        if change.index >= len(items) or items[change.index] != as_data(change.expected):
            raise WriteError(
                _("{file} changed since lisplan read it (entry {n} is not what it was)").format(
                    file=path.name, n=change.index + 1
                ),
                _("nothing was written; run the command again"),
            )
        if change.remove:
            _remove_item(doc, key, change, lines, path)
            del expected[key][change.index]
            continue
        _set_in_item(doc, key, change, lines, newline, path)
        kept = {k: v for k, v in items[change.index].items() if change.values.get(k, None) is not DELETE}
        expected[key][change.index] = {
            **kept,
            **as_data({k: v for k, v in change.values.items() if v is not DELETE}),
        }
    if not expected[key] and items:
        _empty_list(doc, key, lines, newline)
    new_text = bom + "".join(lines)
    try:
        new = parse(path, decode(new_text.encode("utf-8")))
    except SourceError as e:
        raise WriteError(
            _("lisplan could not change {file} safely ({why})").format(file=path.name, why=e.message), _(BUG)
        ) from None
    if new.data != expected:
        raise WriteError(
            _("lisplan could not change {file} safely (the result read back differently)").format(file=path.name),
            _(BUG),
        )
    check(new)
    return new_text, stamp, new, text


def _remove_item(doc: Document, key: str, change: KeyChange, lines: list[str], path: Path) -> None:
    """Cut item ``change.index``'s lines: from the line of its ``-`` to its last value."""
    seq = doc.node((key,))
    node = doc.node((key, change.index))
    if not isinstance(seq, SequenceNode) or seq.flow_style or node is None:
        line = seq.start_mark.line + 1 if seq is not None else 1
        raise WriteError(
            _("{file}:{line}: '{key}:' is written in flow style ([…]), so lisplan will not take an item out").format(
                file=path.name, line=line, key=key
            ),
            _("write '{key}:' as a block list (one '- ' item per entry), then run this again").format(key=key),
        )
    first, last = span(node)
    before = lines[first - 1][: node.start_mark.column].strip()
    if before != "-":
        raise WriteError(
            _("{file}:{line}: entry {n} does not start on its '- ' line, so lisplan will not take it out").format(
                file=path.name, line=first, n=change.index + 1
            ),
            _("write the entry's first key on the line of its '- ', then run this again"),
        )
    del lines[first - 1 : last]


def _empty_list(doc: Document, key: str, lines: list[str], newline: str) -> None:
    """``key:`` with its last item gone reads as no value at all: it becomes ``key: []``."""
    pairs = getattr(doc.root, "value", [])
    key_node = next(k for k, _v in pairs if getattr(k, "value", None) == key)
    n, col = key_node.end_mark.line, key_node.end_mark.column
    row = lines[n]
    body = row.rstrip("\r\n")
    ending = row[len(body) :] or newline
    colon = body.index(":", col)
    rest = body[colon + 1 :]
    lines[n] = body[: colon + 1] + " []" + ("  " + rest.strip() if rest.strip() else "") + ending


def restore(path: Path, expected: str, text: str | None, *, check: Callable[[Document], None]) -> None:
    """Replace ``path`` with ``text`` (None: delete it), under the folder's lock, only if its bytes still
    hash to ``expected`` (SHA-256); ``text`` must pass ``check``."""
    with locked(path.parent):
        try:
            raw, stamp = read_stamped(path)
        except FileNotFoundError:
            raise changed_meanwhile(path) from None
        if hashlib.sha256(raw).hexdigest() != expected:
            raise changed_meanwhile(path)
        if text is None:
            path.unlink()
            return
        try:
            check(parse(path, text))
        except SourceError as e:
            raise WriteError(
                _("lisplan could not change {file} safely ({why})").format(file=path.name, why=e.message), _(BUG)
            ) from None
        replace_unless_changed(path, text, stamp)


def _set_in_item(doc: Document, key: str, change: KeyChange, lines: list[str], newline: str, path: Path) -> None:
    node = doc.node((key, change.index))
    if not isinstance(node, MappingNode) or node.flow_style:
        line = node.start_mark.line + 1 if node is not None else 1
        raise WriteError(
            _(
                "{file}:{line}: entry {n} is written in flow style ({{…}} on one line), so lisplan will not rewrite it"
            ).format(file=path.name, line=line, n=change.index + 1),
            _("write the entry as one 'key: value' line per key (block style), then run this again"),
        )
    present = {k.value: (k, v) for k, v in node.value if isinstance(k, ScalarNode)}
    added, deleted = [], []
    for name, value in change.values.items():
        if value is DELETE:
            if name in present:
                deleted.append(present[name])
            continue
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
                _("{file}:{line}: '{key}:' of entry {n} spans several lines, so lisplan will not rewrite it").format(
                    file=path.name, line=k.start_mark.line + 1, key=name, n=change.index + 1
                ),
                _("write it on one line ({line}), then run this again").format(line=rendered),
            )
        row = lines[first - 1]
        lines[first - 1] = row[: v.start_mark.column] + rendered.split(": ", 1)[1] + row[v.end_mark.column :]
    if added:
        at = span(node)[1]
        if not lines[at - 1].endswith(("\n", "\r")):
            lines[at - 1] += newline
        lines[at:at] = added
    for pair in sorted(deleted, key=lambda p: -p[0].start_mark.line):  # from the bottom up
        _delete_key(pair, lines, node, path, change.index)


def _delete_key(pair: tuple[Any, Any], lines: list[str], item: MappingNode, path: Path, index: int) -> None:
    """Take a key and its value out of an item: their lines, unless the key starts the item."""
    k, v = pair
    if k.start_mark.line == item.start_mark.line:
        raise WriteError(
            _("{file}:{line}: '{key}:' starts entry {n}, so lisplan will not take it out").format(
                file=path.name, line=k.start_mark.line + 1, key=k.value, n=index + 1
            ),
            _("edit the file by hand (lisplan check says what is wrong after)"),
        )
    del lines[k.start_mark.line : span(v)[1]]


def _key_line(name: str, value: Any) -> str:
    """``name: value`` on one line, a mapping or list in flow style (``portal: {registered: 2026-05-02}``)."""
    if isinstance(value, (dict, list)):
        return f"{name}: " + emit(value, flow=True).rstrip("\n")
    return emit({name: value}, flow=False).rstrip("\n")
