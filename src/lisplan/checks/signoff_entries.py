"""Sign-off entries in a log file's text, as it is and as an earlier commit had it: the lines each
sign-off takes (what git blame is asked about), the entry at a line of an old version, whose log a
version was, and what changed in an entry since."""

from __future__ import annotations

from typing import Any

from lisplan.core.i18n import _
from lisplan.files.source import Document, MappingNode, span
from lisplan.models.log import entry_kind


def signoff_lines(doc: Document) -> dict[int, tuple[int, list[int]]]:
    """For each sign-off entry of a log: the column it starts at and its lines (1-based) that carry
    data, less its ``portal:`` key. A fact about the file's bytes, so the parse cache keeps it: the
    node tree it needs costs more to build than everything else here."""

    def compute() -> list[Any]:
        items = doc.data.get("entries") if isinstance(doc.data, dict) else None
        text_lines = doc.text.split("\n")
        found = []
        for index, node in entry_nodes(doc.root):
            if not isinstance(items, list) or index >= len(items) or entry_kind(items[index]) != "signoff":
                continue
            first, last = span(node)
            skip: set[int] = set()
            for k, v in node.value:
                if getattr(k, "value", None) == "portal":
                    skip.update(range(k.start_mark.line + 1, span(v)[1] + 1))
            lines = [
                n
                for n in range(first, last + 1)
                if n not in skip
                and n <= len(text_lines)
                and text_lines[n - 1].strip()
                and not text_lines[n - 1].lstrip().startswith("#")
            ]
            found.append([index, node.start_mark.column + 1, lines])
        return found

    return {i: (col, lines) for i, col, lines in doc.remember("signoff-lines", compute)}


def entry_nodes(root: Any) -> list[tuple[int, MappingNode]]:
    entries = next((v for k, v in getattr(root, "value", []) if getattr(k, "value", None) == "entries"), None)
    nodes = getattr(entries, "value", None)
    return [(i, n) for i, n in enumerate(nodes) if isinstance(n, MappingNode)] if isinstance(nodes, list) else []


def entry_at(doc: Document | None, line: int) -> dict[str, Any] | None:
    """The entry (less ``portal:``) of a log version whose lines include ``line`` (1-based)."""
    if doc is None or not isinstance(doc.data, dict) or not isinstance(doc.data.get("entries"), list):
        return None
    items = doc.data["entries"]
    for index, node in entry_nodes(doc.root):
        first, last = span(node)
        if first <= line <= last and index < len(items) and isinstance(items[index], dict):
            return {k: v for k, v in items[index].items() if k != "portal"}
    return None


def owners(doc: Document | None, path: str) -> list[str]:
    """Whose log a version of a file was: the trainee folder it was in (data/logs/<id>/), and the
    ``trainee:`` it said; a sign-off in it is about them, and no one else."""
    whose = []
    if "/data/logs/" in "/" + path:
        whose.append(("/" + path).rpartition("/data/logs/")[2].split("/")[0])
    said = doc.data.get("trainee") if doc is not None and isinstance(doc.data, dict) else None
    return whose + ([said] if isinstance(said, str) else [])


def difference(then: dict[str, Any], now: dict[str, Any]) -> str:
    said = [_("{item} was removed").format(item=repr(f"{k}: {then[k]}")) for k in then if k not in now]
    said += [
        _("{key} was {then}, now {now}").format(key=repr(f"{k}:"), then=repr(then[k]), now=repr(now[k]))
        for k in then
        if k in now and then[k] != now[k]
    ]
    said += [_("{item} was added").format(item=repr(f"{k}: {now[k]}")) for k in now if k not in then]
    return "; ".join(said)
