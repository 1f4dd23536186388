"""A cache of parsed files, so that a file lisplan has read before is not parsed again.

One cache file per source file, in ``<repo>/.lisplan-cache/`` (a ``.gitignore`` inside keeps it out of
git; deleting the folder is always safe). A cache file holds the SHA-256 of the bytes it was made from,
the plain data the parser built, and *facts* learnt about those bytes (``valid``: the file validated as
this kind; ``append_indent``: where a new list item goes). A cached value is used only when the file's
bytes hash to the same digest, so an edited file is simply parsed again. ``LISPLAN_NO_CACHE=1`` turns
the cache off. Anything wrong with a cache file (torn, hand-edited, another version) counts as a miss.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import __version__
from .source import Document, decode, parse, read_bytes
from .writer import atomic_write

FOLDER = ".lisplan-cache"
FORMAT = f"lisplan {__version__} cache 1"  # a new lisplan version never trusts an older cache


@dataclass
class Cached:
    """What the cache knows about one file's bytes."""

    document: Document
    digest: str
    facts: dict[str, Any] = field(default_factory=dict)
    hit: bool = False


class Cache:
    def __init__(self, folder: Path | None) -> None:
        self.folder = folder

    @classmethod
    def for_repo(cls, root: Path | None) -> Cache:
        if root is None or os.environ.get("LISPLAN_NO_CACHE", "") not in ("", "0"):
            return cls(None)
        return cls(root / FOLDER)

    def read(self, path: Path, raw: bytes | None = None) -> Cached:
        """The parsed file (from the cache when its bytes are unchanged). Raises SourceError."""
        if raw is None:
            raw = read_bytes(path)
        digest = hashlib.sha256(raw).hexdigest()
        stored = self._load(path, digest)
        if stored is not None:
            return Cached(Document(path, decode(raw), stored["data"]), digest, stored["facts"], hit=True)
        cached = Cached(parse(path, decode(raw)), digest)
        self.store(cached)
        return cached

    def store(self, cached: Cached) -> None:
        """Remember ``cached`` (data and facts) for its file; failures only cost speed later."""
        if self.folder is None:
            return
        record = {"format": FORMAT, "digest": cached.digest, "facts": cached.facts, "data": cached.document.data}
        with contextlib.suppress(OSError, ValueError):
            self._prepare()
            text = json.dumps(record, ensure_ascii=False, separators=(",", ":"))
            atomic_write(self._file(cached.document.path), text, durable=False)

    def _load(self, path: Path, digest: str) -> dict[str, Any] | None:
        if self.folder is None:
            return None
        try:
            with open(self._file(path), encoding="utf-8") as handle:
                record = json.load(handle)
        except (OSError, ValueError):
            return None
        if not isinstance(record, dict) or record.get("format") != FORMAT or record.get("digest") != digest:
            return None
        facts = record.get("facts")
        return {"data": record.get("data"), "facts": facts if isinstance(facts, dict) else {}}

    def _file(self, path: Path) -> Path:
        assert self.folder is not None
        name = hashlib.sha256(str(path.resolve()).encode()).hexdigest()[:32]
        return self.folder / f"{name}.json"

    def _prepare(self) -> None:
        assert self.folder is not None
        if not self.folder.is_dir():
            self.folder.mkdir(parents=True, exist_ok=True)
            (self.folder / ".gitignore").write_text("# lisplan's parse cache: safe to delete\n*\n", encoding="utf-8")
