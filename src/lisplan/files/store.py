"""lisplan's one store of what it has worked out before, so that it need not work it out again.

Records (JSON) and bytes, in ``<repo>/.lisplan-cache/`` (``results/`` for answers; a ``.gitignore``
inside keeps it all out of git; deleting the folder is always safe) or, for help pages, in the user's
cache folder. Two kinds of key only:

- a file's bytes -> what was worked out from them (files/cache.py: its parsed document and facts, a log's
  part of a report, the validated model of a file that is not a log): stored under the file's path,
  trusted only for the SHA-256 of those bytes (and a stamp of all else a part or a model is made from);
- inputs + situation -> a command's answer (commands/replay.py), under :meth:`Store.answer_key`.

A repo can carry a ``.lisplan-cache/`` too (committed by mistake, or forged to make CI trust a log): every
record is sealed with an HMAC under this user's own random key (``$XDG_CACHE_HOME/lisplan/cache-key``,
else ``~/.cache/lisplan/cache-key``, mode 0600), which no repo carries, so a record lisplan did not write
here is a miss; with no key to keep (no writable home, or the home inside the repo) nothing is stored.
A torn, hand-edited or older record is a miss as well. ``LISPLAN_NO_CACHE=1`` turns the store off (CI).
The folders are used only while each part is a real folder (files/paths.py); files are written
atomically and private (0600); with ``keep``, only the newest records are kept.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import hmac
import json
import os
import stat
import time
from pathlib import Path
from typing import Any, Self

from lisplan import __version__
from lisplan.files.paths import create_new, read_own, real_folder
from lisplan.files.repo import CACHE_FOLDER, CACHE_IGNORE, LINK, FileSpec

# A new version never trusts an older record; 1: one store for parsed files and answers; 2: a parsed
# file's data is kept as bytes (files/cache.py); 3: its facts too.
FORMAT = f"lisplan {__version__} store 3"
_PACKAGE = Path(__file__).resolve().parent.parent  # all of lisplan's code, not only files/


def off() -> bool:
    """Whether LISPLAN_NO_CACHE turns every store off."""
    return os.environ.get("LISPLAN_NO_CACHE", "") not in ("", "0")


class Store:
    """One folder of sealed records (``folder`` None: keep nothing)."""

    def __init__(self, folder: Path | None, secret: bytes | None = None, *, keep: int | None = None) -> None:
        secret = secret if secret is not None else key(folder.parent) if folder is not None else None
        self.folder = folder if secret is not None else None  # nothing to seal with: keep nothing
        self.secret = secret or b""  # used only with a folder
        self.keep = keep
        self.repo: Path | None = None  # the plan repo whose .lisplan-cache this is (None: the user's folder)
        self.part: tuple[str, ...] = ()
        self._known: dict[str, Any] | None = None  # path -> its stat and SHA-256 (see digests)

    @classmethod
    def for_repo(cls, root: Path | None, *part: str, keep: int | None = None) -> Self:
        if root is None or off() or key(root) is None:
            return cls(None)
        # a repo's .lisplan-cache (or part of it) that is a symlink: no store (files/paths.py)
        store = cls(real_folder(root, CACHE_FOLDER, *part), key(root), keep=keep)
        store.repo, store.part = root, part
        return store

    def get(self, name: str, *context: str) -> Any:
        """The value stored under ``name`` (sealed for ``context`` too), or None."""
        if self.folder is None or "/" in name:
            return None
        try:
            text = unseal(self.secret, read_own(self.folder / f"{name}.json").decode(), FORMAT, name, *context)
            record = json.loads(text) if text is not None else None  # None: not sealed by this user here
        except (OSError, ValueError):
            return None
        if not isinstance(record, dict) or record.get("format") != FORMAT or record.get("name") != name:
            return None
        return record.get("value")

    def put(self, name: str, value: Any, *context: str) -> None:
        """Keep ``value`` under ``name``; a folder that cannot be written only costs speed later."""
        if self.folder is None:
            return
        with contextlib.suppress(OSError, ValueError):
            text = json.dumps({"format": FORMAT, "name": name, "value": value}, ensure_ascii=False)
            self._write(f"{name}.json", seal(self.secret, text, FORMAT, name, *context).encode())
            self._prune()

    def put_bytes(self, name: str, data: bytes) -> dict[str, Any]:
        """Keep ``data`` in a file of its own (kept and pruned with the record ``name`` starts with: bytes are
        not worth encoding into JSON); what a record holds to find and trust it again."""
        with contextlib.suppress(OSError, ValueError):
            self._write(f"{name}.bin", data)
        return {"file": f"{name}.bin", "sha256": hashlib.sha256(data).hexdigest()}

    def get_bytes(self, part: Any) -> bytes:
        """Bytes kept by ``put_bytes``, if they are those the (sealed) record ``part`` names (else LookupError)."""
        if self.folder is None or not isinstance(part, dict) or "/" in str(part.get("file", "/")):
            raise LookupError(part)
        try:
            data = read_own(self.folder / part["file"])
        except OSError:
            raise LookupError(part) from None
        if hashlib.sha256(data).hexdigest() != part.get("sha256"):
            raise LookupError(part)
        return data

    def forget(self, *names: str) -> None:
        """Remove these records and the bytes kept under their names."""
        if self.folder is not None:
            for file in (f"{name}{suffix}" for name in names for suffix in (".json", ".bin")):
                with contextlib.suppress(OSError):
                    (self.folder / file).unlink()

    def _write(self, name: str, data: bytes) -> None:
        from lisplan.files.atomic import atomic_write

        assert self.folder is not None
        top = self.folder.parents[len(self.part) - 1] if self.part else self.folder  # the .lisplan-cache
        for _check in (1, 2):  # before and after making it: never write through what became a symlink since
            if self.repo is not None and real_folder(self.repo, CACHE_FOLDER, *self.part) is None:
                raise OSError(f"{self.folder} is not a real folder")
            self.folder.mkdir(parents=True, exist_ok=True)
            create_new(top / ".gitignore", CACHE_IGNORE)
        atomic_write(self.folder / name, data, durable=False, private=True)

    def _prune(self) -> None:
        """Only the newest ``keep`` records, and the bytes kept with them."""
        if self.keep is None or self.folder is None:
            return
        files = sorted(self.folder.glob("*.json"), key=lambda p: p.stat().st_mtime_ns)
        self.forget(*(old.name.removesuffix(".json") for old in files[: -self.keep]))
        for part in self.folder.glob("*.bin"):  # bytes whose record is gone (pruned, or never written)
            if not (self.folder / f"{part.name.partition('.')[0]}.json").exists():
                with contextlib.suppress(OSError):
                    part.unlink()

    # --- the key of an answer: inputs + situation ------------------------------------------------------

    def answer_key(self, specs: list[FileSpec], *what: object) -> str | None:
        """The key of an answer made from the files ``specs`` and ``what`` (None: keep none): the SHA-256 of
        each file with its path (a symlink under data/ by where it points), of lisplan's code (its version and
        each module's size and time: an upgrade or an edited checkout never reuses an old answer), of every
        name under the repo's data/ (reports and certificates entries link to) and of ``what``."""
        if self.folder is None:
            return None
        h = hashlib.sha256(f"{FORMAT}\0{code_stamp()}\0{json.dumps(what, default=str)}".encode())
        for spec, digest in zip(specs, self.digests(specs), strict=True):
            if digest is None:
                return None  # the loader will say what is wrong with it
            h.update(f"\0{spec.path}\0{spec.packaged}\0".encode())
            h.update(digest)
        if self.repo is not None:
            h.update(_data_listing(self.repo / "data").encode())
        return h.hexdigest()

    def unchanged(self, reads: Any) -> bool:
        """Whether every file in ``reads`` (path -> SHA-256 of the bytes a run read) still has those bytes."""
        if not isinstance(reads, dict):
            return False
        found = self.digests([FileSpec(Path(name), ()) for name in reads])
        return [digest.hex() if digest else None for digest in found] == list(reads.values())

    def digests(self, specs: list[FileSpec]) -> list[bytes | None]:
        """The SHA-256 of each file's bytes (None: unreadable; of a symlink under data/, where it points).

        Like git's index, a digest is known again without reading the file while its size, modification and
        change times, inode and device are those it was hashed with; any write changes the change time
        (which no user can set), and a file changed in the last :data:`SETTLE` seconds is hashed again each
        time, so a write within the clock's granularity of the hashing is never missed. The list of known
        digests is a record of the store like any other (sealed: one a repo carries is not trusted)."""
        if self._known is None:
            found = self.get("digests")
            self._known = found if isinstance(found, dict) else {}
        before = dict(self._known)
        digests = [_digest(spec.path, self._known, link=spec.kinds == LINK) for spec in specs]
        if self._known != before:
            self.put("digests", self._known)
        return digests


SETTLE = 2.0


def _digest(path: Path, known: dict[str, Any], link: bool = False) -> bytes | None:
    """The SHA-256 of the file's bytes (None when it cannot be read), from ``known`` while its stat is the same."""
    name = str(path)
    try:
        if link:  # a symlink under data/: keyed by where it points (the loader refuses it and never reads it)
            return hashlib.sha256(os.fsencode(os.readlink(path))).digest()
        st = os.stat(path)
        if not stat.S_ISREG(st.st_mode):
            return None  # a FIFO or a device (/dev/zero) is never read: nothing to remember by
        stamp = [st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, st.st_dev]
        found = known.get(name)
        if isinstance(found, list) and found[:-1] == stamp and isinstance(found[-1], str):
            return bytes.fromhex(found[-1])
        with open(path, "rb") as handle:
            digest = hashlib.sha256(handle.read()).digest()
    except (OSError, ValueError):
        return None
    if time.time_ns() - max(st.st_mtime_ns, st.st_ctime_ns) > SETTLE * 1e9:
        known[name] = [*stamp, digest.hex()]
    else:
        known.pop(name, None)  # not settled: hashed again next time
    return digest


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


@functools.cache
def code_stamp() -> str:
    """Size and modification time of every module, template and catalog of lisplan: changes with the code."""
    rows = []
    root = str(_PACKAGE)
    for folder, dirs, names in os.walk(root):
        dirs[:] = [d for d in dirs if d != "__pycache__"]  # compiled copies of the modules stamped here
        inside = folder[len(root) + 1 :]  # the folder relative to the package ("" at its top)
        for name in names:
            if name.endswith((".py", ".j2", ".mo")):  # .mo: the translations
                st = os.stat(os.path.join(folder, name))
                rows.append(f"{os.path.join(inside, name)}:{st.st_size}:{st.st_mtime_ns}")
    return hashlib.sha256("\n".join(sorted(rows)).encode()).hexdigest()


# --- the seal: this user's key ---------------------------------------------------------------------

_key: bytes | None = None
_tried = False


def key_file() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "lisplan" / "cache-key"


def key(repo: Path | None = None) -> bytes | None:
    """This user's key (made on first use, private), or None when there is none to trust."""
    global _key, _tried
    if not _tried:
        _tried = True
        path = key_file()
        with contextlib.suppress(OSError, ValueError):
            path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            create_new(path, os.urandom(32).hex(), 0o600)  # secrets.token_hex(32), without importing secrets
            found = path.read_text().strip()
            _key = found.encode() if len(found) >= 32 else None
    if _key is not None and repo is not None and key_file().resolve().is_relative_to(repo.resolve()):
        return None  # a key inside the repo could be carried by it
    return _key


def seal(secret: bytes, text: str, *context: str) -> str:
    """``text`` with its HMAC on a first line (``context`` binds it to a file and a purpose)."""
    return _mac(secret, text, context) + "\n" + text


def unseal(secret: bytes, sealed: str, *context: str) -> str | None:
    """The text of a sealed file, or None when it was not sealed with ``secret`` for ``context``."""
    mac, sep, text = sealed.partition("\n")
    return text if sep and hmac.compare_digest(mac, _mac(secret, text, context)) else None


def _mac(secret: bytes, text: str, context: tuple[str, ...]) -> str:
    h = hmac.new(secret, "\0".join(context).encode() + b"\0\0", hashlib.sha256)
    h.update(text.encode("utf-8"))
    return h.hexdigest()
