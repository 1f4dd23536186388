"""Safe writes: add one item to a list in a YAML file without losing a byte the user wrote.

The new item is rendered as YAML text (by libyaml's emitter, or for an item of words, numbers and dates
alone by :func:`plain_text`, byte for byte as libyaml would) and inserted into the file's text (at the
end, where a log's ``entries:`` list normally is), so comments, quoting and blank lines stay exactly as
they were and the git diff is one short hunk. Before anything is written the result is parsed again
and must hold exactly the old data plus the new item. The replacement is atomic (temporary file in
the same folder, flushed and fsynced, then renamed over the original), and a lock around
read-modify-write lets two ``lisplan log`` processes run at once without losing either item.

Speed: a file lisplan has not written itself is parsed before (to check it and find where the item
goes) and after (the whole result must read back as the old data plus the item). When the parse cache
says the old bytes are exactly what lisplan last wrote and read back there, neither full parse is
needed: the old bytes end with lisplan's own item at the end of the list, so reading back the new item
in that same context proves the result; that keeps ``lisplan log`` fast on a 20,000-entry log. An item
:func:`plain_text` wrote is not even read back then: tests/test_writer.py holds libyaml's reading of
every such item to be the item. Nor is the old data decoded from the store: the new bytes are kept as
the old data's record plus the items appended (files/cache.py, ``grow``), and the next command that
reads them puts the two together. So a ``lisplan log`` of a procedure imports no PyYAML.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import hashlib
import os
import re
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lisplan.core.i18n import N_, _
from lisplan.core.identity import find_identity_numbers, holds_identity_number
from lisplan.core.problems import Problem
from lisplan.files.atomic import ChangedMeanwhile, Stamp, atomic_write, read_stamped, sweep_temporaries
from lisplan.files.source import (
    Document,
    SourceError,
    decode,
    emit,
    parse,
)

if TYPE_CHECKING:
    from lisplan.files.cache import Cache, Cached


#: the fix when lisplan itself got something wrong
BUG = N_("nothing was written; this is a bug in lisplan, please report it")


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


LOCK_WAIT_ENV = "LISPLAN_LOCK_TIMEOUT"
LOCK_WAIT = 60.0  # seconds a writer waits for another before it gives up


@contextlib.contextmanager
def locked(folder: Path) -> Iterator[None]:
    """An exclusive lock on a folder, held across read-modify-write of its files.

    The lock is taken on the folder itself, so no lock file appears in the user's repo; the atomic
    rename of a file inside it does not replace the folder, so every writer locks the same thing.
    When another process holds it, lisplan says so on stderr and waits at most ``LISPLAN_LOCK_TIMEOUT``
    seconds (60 by default), then refuses: a writer stopped with Ctrl-Z holds it until it goes on.
    """
    folder.mkdir(parents=True, exist_ok=True)
    fd = os.open(folder, os.O_RDONLY)
    try:
        _lock(fd, folder)
        yield
    finally:
        os.close(fd)  # closing releases the lock


def _lock(fd: int, folder: Path) -> None:
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return
    except BlockingIOError:
        pass
    try:
        limit = float(os.environ.get(LOCK_WAIT_ENV, "") or LOCK_WAIT)
    except ValueError:
        limit = LOCK_WAIT
    waiting = _("lisplan: waiting for another lisplan process that is writing in {folder} …").format(folder=folder)
    sys.stderr.write(waiting + "\n")
    sys.stderr.flush()
    deadline = time.monotonic() + limit
    pause = 0.005
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            if time.monotonic() >= deadline:
                raise WriteError(
                    _(
                        "another lisplan process has been writing in {folder} for more than {seconds} s, "
                        "so lisplan gave up; nothing was written"
                    ).format(folder=folder, seconds=f"{limit:g}"),
                    _(
                        "a lisplan stopped with Ctrl-Z holds the lock until it goes on: bring it back (fg) or end "
                        "it, then run this again (set {variable} to wait longer)"
                    ).format(variable=LOCK_WAIT_ENV),
                ) from None
            time.sleep(pause)
            pause = min(pause * 2, 0.1)


def entry_text(entry: dict[str, Any], indent: int = 2) -> str:
    """One list item in block style (``  - procedure: …``) with its dash at column ``indent``.

    Strings a reader would misread are quoted (see :func:`source.emit`).
    """
    return entries_text([entry], indent)


def entries_text(entries: list[dict[str, Any]], indent: int = 2) -> str:
    """List items as :func:`entry_text` writes each, emitted at once (500 items: one call, not 500)."""
    text = plain_text(entries)
    if text is None:
        text = emit(entries, flow=False)
    pad = " " * indent
    return "".join(pad + line if line.strip() else line for line in text.splitlines(keepends=True))


#: Words: letters, digits, '.', '-' and '_', the first a letter, one space apart; and numbers of digits.
_WORDS = re.compile(r"[A-Za-zÀ-ÖØ-öø-ÿ][A-Za-zÀ-ÖØ-öø-ÿ0-9._-]*(?: [A-Za-zÀ-ÖØ-öø-ÿ0-9._-]+)*")
_DIGITS = re.compile(r"[0-9]{1,40}")
#: words a YAML 1.1 or 1.2 reader takes for a truth value or nothing, which libyaml quotes
_NOT_TEXT = frozenset({"yes", "no", "true", "false", "on", "off", "null"})


def plain_text(entries: list[dict[str, Any]]) -> str | None:
    """The items as :func:`source.emit` writes them, without PyYAML, when every key and value is a word,
    a number of digits or a date (a procedure entry, as log and worklist make them); else None.

    Written as libyaml writes them: words plain, digits quoted (every reader would take them for a
    number), dates plain. tests/test_writer.py holds this to libyaml on every such entry, both ways:
    the same text as source.emit, and read back by libyaml as the items. Such text needs no reading back
    when it is written (files/writer.py, ``append_items``), nor PyYAML's import (~25 ms of a log).
    """
    lines = []
    if not entries:
        return None  # libyaml's "[]", not a block
    for entry in entries:
        if type(entry) is not dict or not entry:
            return None
        for n, (key, value) in enumerate(entry.items()):
            if type(value) is dt.date:
                text = value.isoformat()
            elif type(value) is str and _DIGITS.fullmatch(value):
                text = f"'{value}'"
            elif type(value) is str and _WORDS.fullmatch(value) and value.lower() not in _NOT_TEXT:
                text = value
            else:
                return None
            if type(key) is not str or not _WORDS.fullmatch(key) or key.lower() in _NOT_TEXT:
                return None
            lines.append(f"{'  ' if n else '- '}{key}: {text}\n")
    return "".join(lines)


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
        raise WriteError(_("the file is not a mapping of keys to values"))
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
        _("'{key}:' is not written as a list of '- ' items, so lisplan cannot add one safely").format(key=key),
        hint=_("write '{key}:' as a block list (one '- ' item per entry), then run this again").format(key=key),
    )


LINE = re.compile(r".*?(?:\r\n|\n|\r|\Z)", re.DOTALL)


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
    lines = [m for m in LINE.findall(text) if m]
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
    before_write: Callable[[Cached], None] | None = None,
) -> Appended:
    """Add ``item`` to the top-level list ``key`` of the file at ``path``: :func:`append_items` with one
    item, ``position(old_list)`` placing it."""
    return append_items(
        path,
        key,
        [item],
        check=check,
        valid_as=valid_as,
        cache=cache,
        header=header,
        more_facts=more_facts,
        position=None if position is None else (lambda old, _item: position(old)),
        before_write=before_write,
    )


def append_items(
    path: Path,
    key: str,
    items: list[dict[str, Any]],
    *,
    check: Callable[[Document], None],
    valid_as: str,
    cache: Cache,
    header: str = "",
    more_facts: Callable[[Cached], dict[str, Any]] | None = None,
    position: Callable[[list[Any], dict[str, Any]], int | None] | None = None,
    before_write: Callable[[Cached], None] | None = None,
) -> Appended:
    """Add ``items`` to the top-level list ``key`` of the file at ``path`` (made from ``header`` if missing),
    in one write.

    ``check(document)`` must raise :class:`WriteError` when the existing file is not valid as
    ``valid_as``; its verdict is remembered in the cache for those bytes. Nothing is written unless
    the result parses to the old data plus ``items``. ``more_facts(old)`` may add facts about the new
    bytes (it runs under the lock, on the old file as read there). ``position(old_list, item)`` may place
    an item before another (an index), to keep a diary in date order; by default it goes last. It must
    put an item last (None) exactly when it does so given the list's last item alone: a file lisplan
    wrote last is then appended to without decoding its old data. Items placed at the same point keep
    their order. ``before_write(old)`` runs under the lock on the file as read there, and may refuse
    (raise): a check that must see what other writers added (a duplicate) belongs there. A file another
    program saves after lisplan read it is not written over (:class:`WriteError`, nothing written).
    """

    with locked(path.parent):
        sweep_temporaries(path)
        try:
            raw, stamp = read_stamped(path)
            created = False
        except FileNotFoundError:
            raw, stamp, created = header.encode("utf-8"), None, True
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
                raise WriteError(_("{file} is not a mapping of keys to values").format(file=path.name))
            old.facts["valid"] = valid_as
        if before_write is not None:
            before_write(old)
        known = old.facts.get(f"append:{key}")  # bytes lisplan wrote, ending with its own item (see below)
        last = [known["last"]] if isinstance(known, dict) and "last" in known else None

        def old_list() -> Any:
            return old.document.data.get(key) or []  # the old data, decoded only when needed

        places: dict[int | None, list[dict[str, Any]]] = {}  # index in the old list (None: the end) -> items
        for item in items:
            at = None
            if position is not None and (last is None or position(last, item) is not None):
                entries = old_list()
                at = position(entries, item) if isinstance(entries, list) else None
            places.setdefault(at, []).append(item)
        at_end = list(places) == [None]
        known_end = known if at_end else None
        text = raw.decode("utf-8")
        indent, point = 2, dict[str, Any]()
        # from the bottom up (the end first), so the lines of the points above stay where they were
        texts: dict[int | None, str] = {}
        for at in sorted(places, key=lambda i: -1 if i is None else -2 - i):
            point = known_end or append_point(old.document, key, at)
            indent = point["indent"]
            texts[at] = entries_text(places[at], indent)
            text = insert_item(text, point, texts[at])
        new_raw = text.encode("utf-8")
        added = [as_data(i) for i in places.get(None, [])]

        def expected() -> dict[str, Any]:
            """The old data with the items where they went."""
            data, old_items = dict(old.document.data), old_list()
            old_items = list(old_items) if isinstance(old_items, list) else []
            if not at_end:  # items placed among the old ones (at the end only: the old list as it is, copied once)
                old_items = [new for i, was in enumerate(old_items) for new in [*map(as_data, places.get(i, [])), was]]
            data[key] = old_items + added
            return data

        # Read back what will be written. ``known_end`` is a fact only about bytes lisplan itself wrote
        # and read back (they end with its own item, in the list that ends the file), so after them the
        # new items at the same indent are all that needs reading; any other file is read back whole. Items
        # of words, numbers and dates alone (plain_text) read back as themselves: nothing to read then.
        check_text = f"{key}:\n{texts[None]}" if known_end else decode(new_raw)  # known_end: all at the end
        try:
            plain = known_end and plain_text(places[None]) is not None
            back = {key: added} if plain else parse(path, check_text).data
        except SourceError as e:
            raise WriteError(
                _("lisplan could not add the item to {file} safely ({why})").format(file=path.name, why=e.message),
                _(BUG),
            ) from None
        whole = None if known_end else expected()
        if back == ({key: added} if known_end else whole):
            new = Document(path, decode(new_raw), whole, load=expected if known_end else None)
        else:
            raise WriteError(
                _("lisplan could not add the item to {file} safely (the result read back differently)").format(
                    file=path.name
                ),
                _(BUG),
            )
        replace_unless_changed(path, text, stamp)
        facts: dict[str, Any] = {"valid": valid_as}
        if at_end and point.get("line") is None:
            facts[f"append:{key}"] = {"line": None, "indent": indent, "last": added[-1]}
        if more_facts is not None:
            facts.update(more_facts(old))
        facts.update(_identity_facts(old.facts, list(texts.values()), [as_data(i) for i in items]))
        from lisplan.files.cache import Cached

        digest = hashlib.sha256(new_raw).hexdigest()
        # bytes that only grew by items at the end are kept as what grew (the old data is not decoded, nor
        # all of it encoded again); any other write keeps the new data whole
        if not (known_end and cache.grow(path, old.digest, digest, key, added, facts)):
            cache.store(Cached(new, digest, facts))
        return Appended(path, new, created)


#: the identity scans' facts about a file's bytes (load/identity.py): where its text shows an identity
#: number, and which of its parsed keys and values hold one the text does not show
IDENTITY_FACTS = ("identity-numbers", "identity-numbers-parsed")


def _identity_facts(old: dict[str, Any], inserted: list[str], items: list[Any]) -> dict[str, Any]:
    """The identity scans' verdicts on the new bytes, when they follow from the old bytes' without reading
    the whole file again: a file with none (both scans found nothing) that gains whole lines holding
    none, as text or as parsed items, has none. The text scan reads line by line (no written form of a
    number spans a line break, core/identity.py), so lines inserted between lines neither make nor
    break a number in the others; and the parsed data gains the items alone. Any other file: nothing
    is kept, and the next command scans it."""
    if any(old.get(name) != [] for name in IDENTITY_FACTS):
        return {}
    if any(any(find_identity_numbers(text)) for text in inserted) or holds_identity_number(items):
        return {}
    return dict.fromkeys(IDENTITY_FACTS, [])


def replace_unless_changed(path: Path, text: str, stamp: Stamp | None) -> None:
    """Atomically replace ``path``, unless it is no longer the file read (``stamp``; None: there was none)."""
    try:
        atomic_write(path, text, expect=stamp, expect_missing=stamp is None)
    except ChangedMeanwhile:
        raise changed_meanwhile(path) from None


def changed_meanwhile(path: Path) -> WriteError:
    return WriteError(
        _(
            "{file} changed while lisplan was writing to it (another program, perhaps an editor, "
            "saved it); lisplan did not write over it, and nothing was written"
        ).format(file=path.name),
        _("save and close the file in your editor, then run the command again"),
    )
