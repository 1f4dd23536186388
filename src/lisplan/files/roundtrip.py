"""Round-trip editing: give top-level keys of a YAML file new values, keeping everything else.

This is the only module that uses ruamel.yaml (its round-trip mode keeps comments, quoting and flow
or block style, the job it exists for). Only the blocks of the keys being changed are rendered
again, and within them every node whose value stays the same is kept as it was, with its comments;
every byte outside those blocks is copied from the file as it was. The result is read back with
lisplan's own reader and must hold exactly the old data with the new values, or nothing is written.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import CommentMark, YAMLError
from ruamel.yaml.scalarstring import DoubleQuotedScalarString
from ruamel.yaml.tokens import CommentToken

from lisplan.files.atomic import atomic_write
from lisplan.files.source import SourceError, parse, read_bytes, resolve_plain
from lisplan.files.writer import locked

#: Keys that name a list item (a goal's activities by ``goal``, a procedure by ``id``), so that an
#: item keeps its node, and its comments, when its other values change.
IDENTITY_KEYS = ("goal", "id")
_YAML11_WORDS = {"y", "n", "yes", "no", "on", "off", "true", "false", "null", "~"}


@dataclass
class EditError(Exception):
    """The edit was refused; the file is unchanged."""

    message: str
    hint: str = ""

    def __str__(self) -> str:
        return self.message


def _yaml() -> YAML:
    y = YAML(typ="rt")
    y.preserve_quotes = True
    y.width = 4096
    y.indent(mapping=2, sequence=4, offset=2)
    y.representer.add_representer(type(None), lambda r, _: r.represent_scalar("tag:yaml.org,2002:null", "null"))
    return y


def edited_text(text: str, values: dict[str, Any], flow: Callable[[tuple[str | int, ...]], bool]) -> str:
    """``text`` with each top-level key of ``values`` set to its value (plain data).

    ``flow(path)`` says whether a new mapping at ``path`` (``("goal_activities", 3, "activities", 0)``)
    is written in flow style, ``{kind: mdt}``, when nothing beside it shows the file's own style.
    """
    y = _yaml()
    try:
        doc = y.load(text)
    except YAMLError as e:
        raise EditError(f"cannot read the file for editing: {e}", "lisplan check shows what is wrong") from None
    if not isinstance(doc, CommentedMap):
        raise EditError("the file is not a mapping of keys to values")
    newline = "\r\n" if "\r\n" in text else "\n"
    lines = text.replace("\r\n", "\n").split("\n")
    for key, value in values.items():
        if key in doc:
            start, end = _block(doc, key, lines)
            _take_tail(doc[key])  # the comment lines after the block stay in the file, where they are
            block = _render(y, doc, key, _sync(doc[key], value, (key,), flow))
            lines[start : end + 1] = block
        else:
            while lines and lines[-1] == "":
                lines.pop()
            lines += ["", *_render(y, doc, key, _new(value, (key,), flow)), ""]
    result = "\n".join(lines)
    result = result.replace("\n", newline) if newline != "\n" else result
    _verify(text, result, values)
    return result


def write_edited(path: Path, original: bytes, new_text: str) -> None:
    """Replace ``path`` with ``new_text``, atomically, if it still holds ``original`` (under a lock)."""
    with locked(path.parent):
        try:
            now = read_bytes(path)
        except SourceError as e:
            raise EditError(f"{path.name}: {e.message}", e.hint) from None
        if now != original:
            raise EditError(
                f"{path.name} changed while lisplan was working on it; nothing was written",
                "run the command again",
            )
        atomic_write(path, new_text.encode("utf-8"))


# --- the block of one key -------------------------------------------------------------------------


def _block(doc: CommentedMap, key: str, lines: list[str]) -> tuple[int, int]:
    """The first and last line (0-based) of ``key`` and its value; comments after it are not part of it."""
    keys = list(doc)
    start = doc.lc.key(key)[0]
    following = keys.index(key) + 1
    stop = doc.lc.key(keys[following])[0] if following < len(keys) else len(lines)
    end = start
    for n in range(start + 1, stop):
        stripped = lines[n].strip()
        if stripped and not stripped.startswith("#"):
            end = n
    return start, end


def _render(y: YAML, doc: CommentedMap, key: str, value: Any) -> list[str]:
    """``key: value`` as lines. The comment lines that followed the block were taken off it (they stay in
    the file); comment lines at its end now are ones an edit moved there, and are kept."""
    one = CommentedMap()
    one[key] = value
    if key in doc.ca.items:
        one.ca.items[key] = doc.ca.items[key]
    out = io.StringIO()
    y.dump(one, out)
    found = out.getvalue().split("\n")
    while found and not found[-1].strip():
        found.pop()
    return found


# --- values -----------------------------------------------------------------------------------------


def _sync(old: Any, new: Any, path: tuple[str | int, ...], flow: Callable[[tuple[str | int, ...]], bool]) -> Any:
    """``old`` (a ruamel node) made to hold ``new``: what stays equal keeps its node and comments."""
    if _plain(old) == new and type(_plain(old)) is type(new):
        return old
    if isinstance(old, CommentedMap) and isinstance(new, dict):
        for k in [k for k in old if k not in new]:
            del old[k]
        for k, v in new.items():
            old[k] = _sync(old[k], v, (*path, k), flow) if k in old else _new(v, (*path, k), flow)
        return old
    if isinstance(old, CommentedSeq) and isinstance(new, list):
        return _sync_list(old, new, path, flow)
    return _new(new, path, flow)


def _sync_list(
    old: CommentedSeq, new: list[Any], path: tuple[str | int, ...], flow: Callable[[tuple[str | int, ...]], bool]
) -> CommentedSeq:
    # the comment lines after each item (ruamel keeps them with the item's deepest last node), taken off
    # before the items change, so that deleting or rebuilding an item cannot take them along
    tails = [_take_tail(item) for item in old]
    unused = list(range(len(old)))
    items: list[tuple[int | None, Any]] = []
    for i, value in enumerate(new):
        match = _match(old, unused, value)
        if match is not None:
            unused.remove(match)
            items.append((match, _sync(old[match], value, (*path, i), flow)))
        else:
            items.append((None, _new(value, (*path, i), flow, like=old)))
    comments = dict(old.ca.items)
    was_flow = old.fa.flow_style() and not len(old)
    del old[:]
    old.ca.items.clear()
    for i, (was, node) in enumerate(items):
        old.append(node)
        if was is not None and was in comments:
            old.ca.items[i] = comments[was]
    if was_flow and len(old):
        old.fa.set_block_style()
    _put_tails(old, [was for was, _ in items], tails)
    return old


def _put_tails(seq: CommentedSeq, origins: list[int | None], tails: list[str]) -> None:
    """Give back the comment lines that followed each old item. Lines between two items introduce the
    second, so they go before it, wherever it now is; if it was deleted they stay after the item before
    them (nothing the user wrote is lost); the lines after the old last item go after the new last one."""
    if not len(seq):
        return
    position = {was: i for i, was in enumerate(origins) if was is not None}
    gaps: dict[int, str] = {}
    for was, tail in enumerate(tails):
        if not tail:
            continue
        if was == len(tails) - 1:
            at = len(seq) - 1
        elif position.get(was + 1, 0) > 0:
            at = position[was + 1] - 1
        else:  # the next item was deleted, or is now first: after the nearest kept item before it
            kept = [position[w] for w in range(was, -1, -1) if w in position]
            at = kept[0] if kept else 0
        gaps[at] = gaps.get(at, "") + tail
    for at, tail in gaps.items():
        _add_tail(seq[at], tail)


def _last_slots(node: Any) -> list[tuple[dict[Any, Any], Any, int]]:
    """Where ruamel may keep the comment after ``node``'s last line, deepest first: for each block node on
    the way down to the last scalar, (its ``ca.items``, its last key, the index in that entry)."""
    slots = []
    while isinstance(node, (CommentedMap, CommentedSeq)) and len(node) and not node.fa.flow_style():
        last = list(node)[-1] if isinstance(node, CommentedMap) else len(node) - 1
        slots.append((node.ca.items, last, 2 if isinstance(node, CommentedMap) else 0))
        node = node[last]
    return slots[::-1]


def _token(slot: tuple[dict[Any, Any], Any, int]) -> CommentToken | None:
    items, key, index = slot
    tokens = items.get(key)
    token = tokens[index] if tokens and len(tokens) > index else None
    return token if isinstance(token, CommentToken) else None


def _take_tail(node: Any) -> str:
    """Cut the whole comment lines after ``node`` off it and return them (a comment on its last line stays).

    ruamel keeps them in one of two places on the way down to the last scalar: after the comment of the
    last line, in that line's token, or in a collection's ``ca.end`` (when the last line has none)."""
    pieces: list[tuple[int, str]] = []
    for slot in _last_slots(node):
        token = _token(slot)
        if token is not None and "\n" in token.value:
            first, rest = token.value.split("\n", 1)
            if rest:
                if first.strip().startswith("#"):
                    token.value = first + "\n"
                else:  # no comment on the line itself: ruamel's value starts with the newline
                    items, key, index = slot
                    items[key][index] = None
                pieces.append((_line(token) + 1, rest))
    for holder in _on_the_way_down(node):
        for token in holder.ca.end or []:
            if isinstance(token, CommentToken):
                column = token.start_mark.column if token.start_mark is not None else 0
                pieces.append((_line(token), " " * column + token.value))
        holder.ca.end = []
    pieces.sort(key=lambda piece: piece[0])
    return "".join(text for _, text in pieces)


def _line(token: CommentToken) -> int:
    return int(token.start_mark.line) if token.start_mark is not None else 0


def _on_the_way_down(node: Any) -> list[Any]:
    """The block collections from ``node`` down to its last scalar."""
    out = []
    while isinstance(node, (CommentedMap, CommentedSeq)) and len(node) and not node.fa.flow_style():
        out.append(node)
        node = node[list(node)[-1] if isinstance(node, CommentedMap) else len(node) - 1]
    return out


def _add_tail(node: Any, tail: str) -> None:
    """Put comment lines ``tail`` after ``node``'s last line."""
    slots = _last_slots(node)
    if not slots:
        return
    for slot in slots:
        token = _token(slot)
        if token is not None:
            token.value = (token.value if token.value.endswith("\n") else token.value + "\n") + tail
            return
    items, key, index = slots[0]
    tokens = items.setdefault(key, [None] * (index + 2))
    while len(tokens) <= index:
        tokens.append(None)
    tokens[index] = CommentToken("\n" + tail, CommentMark(0), None)


def _match(old: CommentedSeq, unused: list[int], value: Any) -> int | None:
    """The old item for ``value``: an equal one, else one with the same identity key."""
    for i in unused:
        if _plain(old[i]) == value:
            return i
    if isinstance(value, dict):
        for key in IDENTITY_KEYS:
            if key in value:
                for i in unused:
                    if isinstance(old[i], dict) and old[i].get(key) == value[key]:
                        return i
                return None
    return None


def _new(
    value: Any,
    path: tuple[str | int, ...],
    flow: Callable[[tuple[str | int, ...]], bool],
    like: CommentedSeq | None = None,
) -> Any:
    """A node for ``value``: mappings in the style of their neighbours (or as ``flow`` says)."""
    if isinstance(value, dict):
        node = CommentedMap()
        for k, v in value.items():
            node[k] = _new(v, (*path, k), flow)
        neighbours = [n for n in (like or []) if isinstance(n, CommentedMap)]
        if neighbours[-1].fa.flow_style() if neighbours else flow(path):
            node.fa.set_flow_style()
        else:
            node.fa.set_block_style()
        return node
    if isinstance(value, list):
        seq = CommentedSeq()
        for i, v in enumerate(value):
            seq.append(_new(v, (*path, i), flow))
        if not value or all(not isinstance(v, (dict, list)) for v in value):
            seq.fa.set_flow_style()
        return seq
    if isinstance(value, str) and _misread(value):
        return DoubleQuotedScalarString(value)
    return value


def _misread(value: str) -> bool:
    """Whether a plain ``value`` would be read as something else (by lisplan, or by a YAML 1.1 reader)."""
    if not value or value != value.strip():
        return True
    return not isinstance(resolve_plain(value), str) or value.lower() in _YAML11_WORDS or value[:1] in "0+-."


def _plain(node: Any) -> Any:
    """A ruamel node as plain data (dicts, lists, str, int, …), for comparing with the values asked for."""
    if isinstance(node, dict):
        return {str(k): _plain(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_plain(v) for v in node]
    if isinstance(node, bool) or node is None:
        return node
    if isinstance(node, int):
        return int(node)
    if isinstance(node, float):
        return float(node)
    if isinstance(node, str):
        return str(node)
    return node


def _verify(before: str, after: str, values: dict[str, Any]) -> None:
    """The result must read (with lisplan's reader) as the old data with the new values, and nothing else."""
    try:
        old = parse(Path("plan.yaml"), before).data
        new = parse(Path("plan.yaml"), after).data
    except SourceError as e:
        raise EditError(f"the edited file would not read back: {e.message}", "please report this as a bug") from None
    if new != {**old, **values}:
        raise EditError(
            "the edited file would not read back as the old file with only the new values",
            "nothing was written; please report this as a bug, with the file",
        )
