"""A cache of parsed files, so that a file lisplan has read before is not parsed again.

Two cache files per source file, in ``<repo>/.lisplan-cache/`` (a ``.gitignore`` inside keeps it out
of git; deleting the folder is always safe): the plain data the parser built, and *facts* learnt about
those bytes (``valid``: the file validated as this kind; ``append:entries``: where a new item goes;
``procedures``: a small index of a log's procedures), each with the SHA-256 of the bytes it was made
from. A cached value is used only when the file's bytes hash to the same digest, so an edited file is
simply parsed again. Facts sit apart from the data so that a command needing only them (``lisplan
log`` counting five years of procedures) does not decode the data. ``LISPLAN_NO_CACHE=1`` turns the
cache off. Anything wrong with a cache file (torn, hand-edited, another version) counts as a miss.

A repo can carry a ``.lisplan-cache/`` too (committed by mistake, or forged to make CI trust a log):
every cache file is sealed with this user's own key (seal.py), which no repo carries, so a cache
file lisplan did not write here is a miss. CI runs with ``LISPLAN_NO_CACHE=1`` besides.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lisplan import __version__
from lisplan.files.atomic import atomic_write
from lisplan.files.paths import create_new, read_own, real_folder
from lisplan.files.repo import CACHE_FOLDER, CACHE_IGNORE
from lisplan.files.seal import key as user_key
from lisplan.files.seal import seal, unseal
from lisplan.files.source import Document, decode, parse, read_bytes

FOLDER = CACHE_FOLDER
# A new version never trusts an older cache; 2: "valid" includes the identity scan; 3: the scan reads
# written forms (01.01.90 13789) and parsed values; 4: sealed with a per-user key (seal.py).
FORMAT = f"lisplan {__version__} cache 4"


@dataclass
class Cached:
    """What the cache knows about one file's bytes."""

    document: Document
    digest: str
    facts: dict[str, Any] = field(default_factory=dict)
    hit: bool = False


class Cache:
    def __init__(self, folder: Path | None, secret: bytes | None = None) -> None:
        self.secret = secret if secret is not None else user_key(folder.parent) if folder is not None else None
        self.folder = folder if self.secret is not None else None  # nothing to seal with: no cache

    @classmethod
    def for_repo(cls, root: Path | None) -> Cache:
        if root is None or os.environ.get("LISPLAN_NO_CACHE", "") not in ("", "0"):
            return cls(None)
        return cls(real_folder(root, FOLDER))  # a repo's .lisplan-cache symlink: no cache (files/paths.py)

    def read(self, path: Path, raw: bytes | None = None) -> Cached:
        """The parsed file (from the cache when its bytes are unchanged). Raises SourceError."""
        if raw is None:
            raw = read_bytes(path)
        digest = hashlib.sha256(raw).hexdigest()
        stored = self._load(path, digest, "data")
        if stored is not None:
            facts = self._load(path, digest, "facts")
            cached = Cached(
                Document(path, decode(raw), stored), digest, facts if isinstance(facts, dict) else {}, hit=True
            )
        else:
            cached = Cached(parse(path, decode(raw)), digest)
            self.store(cached)
        cached.document.digest, cached.document.facts = digest, cached.facts
        return cached

    def keep_learnt(self, documents: Any) -> None:
        """Store the facts checks learnt about these documents' bytes (see Document.remember)."""
        for doc in documents:
            if doc.facts and (doc.facts.get("identity-numbers") or doc.facts.get("identity-numbers-parsed")):
                self.forget(doc.path)  # no copy of a file that holds an identity number stays in the cache
            elif doc.facts_changed and doc.digest is not None and doc.facts is not None:
                self.store_facts(doc.path, doc.digest, doc.facts)
                doc.facts_changed = False

    def forget(self, path: Path) -> None:
        if self.folder is None:
            return
        for part in ("data", "facts"):
            with contextlib.suppress(OSError):
                self._file(path, part).unlink()

    def facts(self, path: Path, raw: bytes) -> tuple[str, dict[str, Any]]:
        """The digest of ``raw`` and what is known about those bytes (empty when nothing is)."""
        digest = hashlib.sha256(raw).hexdigest()
        facts = self._load(path, digest, "facts")
        return digest, facts if isinstance(facts, dict) else {}

    def store(self, cached: Cached) -> None:
        """Remember ``cached`` (data and facts) for its file; failures only cost speed later."""
        self._save(cached.document.path, cached.digest, "data", cached.document.data)
        self.store_facts(cached.document.path, cached.digest, cached.facts)

    def store_facts(self, path: Path, digest: str, facts: dict[str, Any]) -> None:
        self._save(path, digest, "facts", facts)

    def _save(self, path: Path, digest: str, part: str, value: Any) -> None:
        if self.folder is None:
            return
        record = {"format": FORMAT, "digest": digest, part: value}
        with contextlib.suppress(OSError, ValueError):
            self._prepare()
            text = json.dumps(record, ensure_ascii=False, separators=(",", ":"))
            assert self.secret is not None
            sealed = seal(self.secret, text, FORMAT, str(path.resolve()), part)
            atomic_write(self._file(path, part), sealed, durable=False, private=True)

    def _load(self, path: Path, digest: str, part: str) -> Any:
        """The cached ``part`` for these bytes, or None (also for anything unreadable or outdated)."""
        if self.folder is None:
            return None
        assert self.secret is not None
        try:
            text = unseal(self.secret, read_own(self._file(path, part)).decode(), FORMAT, str(path.resolve()), part)
            if text is None:
                return None  # not sealed by this user here: a copy from elsewhere, or forged
            record = json.loads(text)
        except (OSError, ValueError):
            return None
        if not isinstance(record, dict) or record.get("format") != FORMAT or record.get("digest") != digest:
            return None
        return record.get(part)

    def _file(self, path: Path, part: str) -> Path:
        assert self.folder is not None
        name = hashlib.sha256(str(path.resolve()).encode()).hexdigest()[:32]
        return self.folder / f"{name}.{part}.json"

    def _prepare(self) -> None:
        assert self.folder is not None
        if real_folder(self.folder.parent, self.folder.name) is None:
            raise OSError(f"{self.folder} is not a real folder")  # became a symlink since: write nothing
        if not self.folder.is_dir():
            self.folder.mkdir(parents=True, exist_ok=True)
        create_new(self.folder / ".gitignore", CACHE_IGNORE)
