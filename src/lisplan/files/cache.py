"""Parsed files kept in the store (files/store.py), so that a file lisplan has read before is not parsed again.

Two records per source file: the plain data the parser built, and *facts* learnt about those bytes
(``valid``: the file validated as this kind; ``append:entries``: where a new item goes; ``procedures``:
a small index of a log's procedures), each with the SHA-256 of the bytes it was made from. A record is
used only when the file's bytes hash to the same digest, so an edited file is simply parsed again. The
data and the facts are kept as marshal bytes beside their records, not as JSON: five years of logs decode
in about a third of the time (their facts, with the procedure index, in half), and each record (sealed
with this user's key) holds their SHA-256, so only bytes lisplan wrote here are ever unmarshalled.
Facts sit apart from the data so that a command needing only them (``lisplan log`` counting five years
of procedures) does not decode the data. A log's third record is its part of a report on its trainee
(compute/fold.py), trusted for its bytes and a stamp of everything else the part is made from. ``log``
and the other entry commands store the file they wrote (files/writer.py), so the next command parses
nothing.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import marshal
import pickle
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lisplan.files.source import Document, decode, parse, read_bytes
from lisplan.files.store import Store, code_stamp

#: items appended since the data was last kept whole (see Cache.grow): about a month of a trainee's logging
TAIL = 500


@dataclass
class Cached:
    """What the store knows about one file's bytes."""

    document: Document
    digest: str
    facts: dict[str, Any] = field(default_factory=dict)
    hit: bool = False


class Cache(Store):
    """A store (``Cache.for_repo(root)``) that keeps parsed files too, by the SHA-256 of their bytes."""

    def __init__(self, folder: Path | None, secret: bytes | None = None, *, keep: int | None = None) -> None:
        super().__init__(folder, secret, keep=keep)
        _resolved.cache_clear()  # a command's files are resolved anew (see _resolved)

    def read(self, path: Path, raw: bytes | None = None) -> Cached:
        """The parsed file (from the store when its bytes are unchanged). Raises SourceError."""
        if raw is None:
            raw = read_bytes(path)
        digest = hashlib.sha256(raw).hexdigest()
        kept = self._kept(path, digest, "data")
        grown = self._kept(path, digest, "tail") if kept is None else None
        if kept is not None or grown is not None:
            facts, text = self.unpacked(path, digest, "facts"), decode(raw)

            def data() -> Any:  # decoded when first asked for; parsed (and kept) if the store lost it since
                stored = self._decoded(kept) if kept is not None else self._grown(path, self._decoded(grown))
                if stored is None:
                    stored, cached.hit = parse(path, text).data, False
                    self.pack(path, digest, "data", stored)
                return stored

            doc = Document(path, text, None, load=data)
            cached = Cached(doc, digest, facts if isinstance(facts, dict) else {}, hit=True)
        else:
            cached = Cached(parse(path, decode(raw)), digest)
            self.store(cached)
        cached.document.digest, cached.document.facts = digest, cached.facts
        return cached

    def _grown(self, path: Path, tail: Any) -> Any:
        """The data of bytes kept as what grew (:meth:`grow`): the data of earlier bytes, and the items since."""
        if not isinstance(tail, list) or len(tail) != 3:
            return None
        base, key, items = tail
        data = self.unpacked(path, base, "data")
        if not isinstance(data, dict) or not isinstance(data.get(key), list):
            return None
        data[key] += items
        return data

    def grow(self, path: Path, old: str, digest: str, key: str, items: list[Any], facts: dict[str, Any]) -> bool:
        """Keep the bytes ``digest`` (``old``'s with ``items`` appended to the list ``key``, as ``log`` writes)
        as the data kept for earlier bytes and the items since, with ``facts``: no decoding and encoding a
        year's log per entry. False (the caller keeps the data whole) without that data, or past TAIL items."""
        tail = self.unpacked(path, old, "tail")
        base, before = (tail[0], tail[2]) if isinstance(tail, list) and len(tail) == 3 and tail[1] == key else (old, [])
        if self._kept(path, base, "data") is None or len(before) + len(items) > TAIL:
            return False
        self.pack(path, digest, "tail", [base, key, before + items])
        self.pack(path, digest, "facts", facts)
        return True

    def keep_learnt(self, documents: Any) -> None:
        """Store the facts checks learnt about these documents' bytes (see Document.remember)."""
        for doc in documents:
            if doc.facts and (doc.facts.get("identity-numbers") or doc.facts.get("identity-numbers-parsed")):
                # no copy of a file that holds an identity number stays in the store (fold: compute/fold.py)
                self.forget(*(_name(doc.path, part) for part in ("data", "tail", "facts", "fold", "model")))
            elif doc.facts_changed and doc.digest is not None and doc.facts is not None:
                self.pack(doc.path, doc.digest, "facts", doc.facts)
                doc.facts_changed = False

    def facts(self, path: Path, raw: bytes) -> tuple[str, dict[str, Any]]:
        """The digest of ``raw`` and what is known about those bytes (empty when nothing is)."""
        digest = hashlib.sha256(raw).hexdigest()
        facts = self.unpacked(path, digest, "facts")
        return digest, facts if isinstance(facts, dict) else {}

    def store(self, cached: Cached) -> None:
        """Remember ``cached`` (data and facts) for its file; failures only cost speed later."""
        self.pack(cached.document.path, cached.digest, "data", cached.document.data)
        self.pack(cached.document.path, cached.digest, "facts", cached.facts)

    def pack(
        self, path: Path, digest: str, part: str, value: Any, dumps: Callable[[Any], bytes] = marshal.dumps
    ) -> None:
        """Keep ``value`` as bytes (marshal's, or ``dumps``'), and a sealed record naming them with the digest
        of the file's bytes."""
        if self.folder is None:
            return
        # marshal writes only plain data, which a parse and a check give; pickle, what it can reduce
        with contextlib.suppress(ValueError, TypeError, AttributeError, pickle.PicklingError):
            packed = self.put_bytes(_name(path, part), dumps(value))
            self.put(_name(path, part), [digest, packed], _resolved(path))

    def unpacked(self, path: Path, digest: str, part: str, loads: Callable[[bytes], Any] = marshal.loads) -> Any:
        """The stored ``part`` (data, facts, ...) for these bytes, or None (also when unreadable or outdated)."""
        return self._decoded(self._kept(path, digest, part), loads)

    def _decoded(self, packed: Any, loads: Callable[[bytes], Any] = marshal.loads) -> Any:
        """The bytes a record names (``_kept``), decoded; None when there are none, or they cannot be."""
        if packed is None:
            return None
        try:
            return loads(self.get_bytes(packed))
        except Exception:  # none (LookupError); or this user's, but from another Python or for classes since changed
            return None

    def _kept(self, path: Path, digest: str, part: str) -> Any:
        """What names the bytes of ``part`` kept for these bytes (None: none, or made from other bytes)."""
        found = self.get(_name(path, part), _resolved(path))
        return found[1] if isinstance(found, list) and len(found) == 2 and found[0] == digest else None

    def model(self, path: Path, digest: str) -> Any:
        """The model validated from these bytes, as ``keep_model`` kept it, or None."""
        return self.unpacked(path, _model_key(digest), "model", pickle.loads)

    def keep_model(self, path: Path, digest: str, model: Any) -> None:
        """Keep the model validated from these bytes (a catalog, a plan, a profile: files other than the
        logs, which are read once per day's change and kept as a report's parts, compute/fold.py). A model
        read back is not validated again, and the classes it needs no validator built: about 40 ms of every
        command that loads the repo. Kept as pickle bytes, which only this user's sealed record (naming
        their SHA-256) ever lets be read, under a key of the file's bytes, lisplan's code and pydantic's
        version, so a model is never read into classes other than those that made it."""
        self.pack(
            path, _model_key(digest), "model", model, functools.partial(pickle.dumps, protocol=pickle.HIGHEST_PROTOCOL)
        )


def _model_key(digest: str) -> str:
    """What a kept model is trusted for: the bytes, lisplan's code, and the pydantic and Python that made it."""
    pydantic = sys.modules.get("pydantic")
    made_by = f"{code_stamp()}\0{getattr(pydantic, 'VERSION', '')}\0{sys.version}"
    return hashlib.sha256(f"{digest}\0{made_by}".encode()).hexdigest()


def _name(path: Path, part: str) -> str:
    return f"{hashlib.sha256(_resolved(path).encode()).hexdigest()[:32]}.{part}"


@functools.lru_cache(maxsize=256)
def _resolved(path: Path) -> str:
    """The file's real path, which names its records: once per file and command, not at each of the four
    look-ups a read makes (resolve stats every folder on the way: 17 of 99 CPU-s in a profile of the
    test suite). Each Cache starts the memo anew, so a folder moved between two commands of one
    process is seen."""
    return str(path.resolve())
