"""Results remembered by the exact bytes they were computed from, so an unchanged repo answers at once.

The parse cache (cache.py) saves parsing a file again; a command over 20,000 entries still validates
and computes on every run. Here a read-only command's *result* (the status view, check's problems) is
kept under a key made of everything the result depends on:

- the SHA-256 of every file the command would load (the same list :func:`repo.load_specs` gives the
  loader, lisplan's own catalogs included), with its path;
- lisplan itself: its version and the size and modification time of each of its modules, so an
  upgrade or an edited checkout never reuses an answer the old code gave;
- the command, its options and the date (``today`` decides what is overdue or in the future).

So any change to any input is a different key and the command computes again (and the per-file parse
cache keeps that to the files that changed). A hit reads one small JSON file; no YAML, pydantic or
model is imported. Results live in ``.lisplan-cache/results/`` beside the parse cache: deleting it is
always safe, ``LISPLAN_NO_CACHE=1`` turns it off, and a torn, foreign or unreadable file is a miss;
so is one not sealed with this user's own key (seal.py): a results file a repo carries is never trusted.
Only the newest :data:`KEEP` results are kept.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import stat
import time
from pathlib import Path
from typing import Any

from lisplan import __version__
from lisplan.core.i18n import language
from lisplan.files.paths import create_new, read_own, real_folder
from lisplan.files.repo import CACHE_FOLDER, CACHE_IGNORE, LINK, FileSpec
from lisplan.files.seal import key as user_key
from lisplan.files.seal import seal, unseal

KEEP = 64
RESULTS = "results"
FORMAT = f"lisplan {__version__} results 3"  # 2: sealed; 3: with the files read, by content
_PACKAGE = Path(__file__).resolve().parent.parent  # all of lisplan's code, not only files/


class Memo:
    """The results folder of one repo (``folder`` None: remember nothing)."""

    def __init__(self, folder: Path | None, secret: bytes | None = None) -> None:
        self.secret = secret if secret is not None else user_key(folder.parent.parent) if folder is not None else None
        self.folder = folder if self.secret is not None else None  # nothing to seal with: remember nothing
        self._known: Digests | None = None
        self.repo: Path | None = None  # the plan repo whose .lisplan-cache this is (None: the user's cache folder)

    @classmethod
    def for_repo(cls, root: Path) -> Memo:
        if os.environ.get("LISPLAN_NO_CACHE", "") not in ("", "0"):
            return cls(None)
        memo = cls(real_folder(root, CACHE_FOLDER, RESULTS))  # never through a symlink (files/paths.py)
        memo.repo = root
        return memo

    def _usable(self) -> bool:
        """The folder to write in, made when missing: in a repo, only while every part is a real folder."""
        assert self.folder is not None
        if self.repo is not None and real_folder(self.repo, CACHE_FOLDER, RESULTS) is None:
            return False  # became a symlink since the command started
        if not self.folder.is_dir():
            self.folder.mkdir(parents=True, exist_ok=True)
        create_new(self.folder.parent / ".gitignore", CACHE_IGNORE)
        return self.repo is None or real_folder(self.repo, CACHE_FOLDER, RESULTS) is not None

    def key(self, specs: list[FileSpec], *what: object) -> str | None:
        """The key for a result computed from ``specs`` and ``what`` (None: do not remember this one)."""
        if self.folder is None:
            return None
        # results hold messages in the language they were made in: the language is part of the key
        stamp = f"{FORMAT}\0{_code_stamp()}\0{language()}\0{json.dumps(what, default=str)}"
        h = hashlib.sha256(stamp.encode())
        digests = self._digests()
        for spec in specs:
            digest = _link(spec.path) if spec.kinds == LINK else digests.of(spec.path)
            if digest is None:
                return None  # the loader will say what is wrong with it
            h.update(f"\0{spec.path}\0{spec.packaged}\0".encode())
            h.update(digest)
        digests.save()
        h.update(_data_listing(self.folder.parent.parent / "data").encode())
        return h.hexdigest()

    def get(self, key: str | None) -> Any:
        """The result stored under ``key``, or None."""
        if key is None or self.folder is None:
            return None
        assert self.secret is not None
        try:
            text = unseal(self.secret, read_own(self.folder / f"{key}.json").decode(), FORMAT, key)
            if text is None:
                return None  # not sealed by this user here: never trusted
            record = json.loads(text)
        except (OSError, ValueError):
            return None
        if not isinstance(record, dict) or record.get("format") != FORMAT or record.get("key") != key:
            return None
        if not self._unchanged(record.get("reads")):
            return None  # a file the run read besides those in the key (a linked report) has other bytes now
        return record.get("result")

    def _unchanged(self, reads: Any) -> bool:
        """Whether every file in ``reads`` (path -> SHA-256 of the bytes the run read) still has those bytes."""
        if not isinstance(reads, dict):
            return False
        if not reads:
            return True
        digests = self._digests()
        for name, digest in reads.items():
            found = digests.of(Path(name))
            if found is None or found.hex() != digest:
                return False
        digests.save()
        return True

    def _digests(self) -> Digests:
        assert self.folder is not None
        if self._known is None:
            self._known = Digests(self.folder.parent / "digests.json", self.secret)
        return self._known

    def put(self, key: str | None, result: Any, reads: dict[str, str] | None = None) -> None:
        """Remember ``result`` under ``key``, with every file the run read by its content (``reads``, from
        files/paths.py's ``recording``: the answer is trusted again only while each has the same bytes);
        a folder that cannot be written only costs speed."""
        if key is None or self.folder is None:
            return
        from lisplan.files.atomic import atomic_write

        record = {"format": FORMAT, "key": key, "result": result, "reads": reads or {}}
        text = json.dumps(record, ensure_ascii=False, separators=(",", ":"))
        with contextlib.suppress(OSError, ValueError):
            if not self._usable():
                return
            assert self.secret is not None
            atomic_write(self.folder / f"{key}.json", seal(self.secret, text, FORMAT, key), durable=False, private=True)
            self._prune()

    def _prune(self) -> None:
        assert self.folder is not None
        files = sorted(self.folder.glob("*.json"), key=lambda p: p.stat().st_mtime_ns)
        for old in files[:-KEEP]:
            with contextlib.suppress(OSError):
                old.unlink()
        for part in self.folder.glob("*.bin"):  # a large part of a result (see put_bytes), kept with its result
            if not (self.folder / f"{part.name.partition('.')[0]}.json").exists():
                with contextlib.suppress(OSError):
                    part.unlink()

    def put_bytes(self, key: str, n: int, data: bytes) -> dict[str, Any]:
        """Keep ``data`` as the ``n``-th part of the result under ``key`` in a file of its own (large outputs
        are not worth encoding into the result's JSON); what the result holds to find and trust it again."""
        from lisplan.files.atomic import atomic_write

        assert self.folder is not None
        name = f"{key}.{n}.bin"
        with contextlib.suppress(OSError, ValueError):
            if self._usable():
                atomic_write(self.folder / name, data, durable=False, private=True)
        return {"file": name, "sha256": hashlib.sha256(data).hexdigest()}

    def get_bytes(self, part: dict[str, Any]) -> bytes | None:
        """A part kept by ``put_bytes``, if its bytes are those the (sealed) result names."""
        if self.folder is None or not isinstance(part.get("file"), str) or "/" in part["file"]:
            return None
        try:
            data = read_own(self.folder / part["file"])
        except OSError:
            return None
        return data if hashlib.sha256(data).hexdigest() == part.get("sha256") else None


class Digests:
    """The SHA-256 of files' bytes, known again without reading them while a file's stat is unchanged.

    Like git's index: a digest is reused only while the file's size, modification and change times,
    inode and device are those it was hashed with; any write changes the change time (which no user
    can set), and a file changed in the last :data:`SETTLE` seconds is hashed again each time, so a
    write within the clock's granularity of the hashing is never missed. The list is sealed like every
    cache file (seal.py): one a repo carries is not trusted.
    """

    SETTLE = 2.0

    def __init__(self, path: Path, secret: bytes | None) -> None:
        self.path, self.secret = path, secret
        self.known: dict[str, list[Any]] = {}
        self.changed = False
        if secret is None:
            return
        try:
            text = unseal(secret, read_own(path).decode(), FORMAT, "digests")
            found = json.loads(text) if text is not None else None
        except (OSError, ValueError):
            found = None
        if isinstance(found, dict):
            self.known = found

    def of(self, path: Path) -> bytes | None:
        """The SHA-256 of the file's bytes (None when it cannot be read)."""
        name = str(path)
        try:
            st = os.stat(path)
            if not stat.S_ISREG(st.st_mode):
                return None  # a FIFO or a device (/dev/zero) is never read: nothing to remember by
            stamp = [st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, st.st_dev]
            known = self.known.get(name)
            if isinstance(known, list) and known[:-1] == stamp and isinstance(known[-1], str):
                return bytes.fromhex(known[-1])
            with open(path, "rb") as handle:
                digest = hashlib.sha256(handle.read()).digest()
        except (OSError, ValueError):
            return None
        settled = time.time_ns() - max(st.st_mtime_ns, st.st_ctime_ns) > self.SETTLE * 1e9
        if settled:
            self.known[name] = [*stamp, digest.hex()]
            self.changed = True
        elif name in self.known:
            del self.known[name]
            self.changed = True
        return digest

    def save(self) -> None:
        if not self.changed or self.secret is None:
            return
        from lisplan.files.atomic import atomic_write

        text = json.dumps(self.known, separators=(",", ":"))
        with contextlib.suppress(OSError, ValueError):
            if self.path.parent.is_dir():
                atomic_write(self.path, seal(self.secret, text, FORMAT, "digests"), durable=False, private=True)
        self.changed = False


def _link(path: Path) -> bytes | None:
    """What a symlink under data/ is keyed by: where it points (the loader refuses it and never reads it)."""
    try:
        return hashlib.sha256(os.fsencode(os.readlink(path))).digest()
    except OSError:
        return None


def _data_listing(data: Path) -> str:
    """Every name under data/ with its size and time: check reads the names, and the reports and
    certificates entries link to, not only the YAML files."""
    rows = []
    for folder, dirs, names in os.walk(data):
        for name in dirs + names:
            with contextlib.suppress(OSError):
                st = os.lstat(os.path.join(folder, name))
                rows.append(f"{os.path.join(folder, name)}:{st.st_size}:{st.st_mtime_ns}")
    return "\n".join(sorted(rows))


_stamp: str | None = None


def _code_stamp() -> str:
    """Size and modification time of every module, template and catalog of lisplan: changes with the code."""
    global _stamp
    if _stamp is None:
        rows = []
        for folder, _dirs, names in os.walk(_PACKAGE):
            for name in names:
                if name.endswith((".py", ".j2", ".mo")):  # .mo: the translations
                    st = os.stat(os.path.join(folder, name))
                    rows.append(
                        f"{os.path.relpath(os.path.join(folder, name), _PACKAGE)}:{st.st_size}:{st.st_mtime_ns}"
                    )
        _stamp = hashlib.sha256("\n".join(sorted(rows)).encode()).hexdigest()
    return _stamp
