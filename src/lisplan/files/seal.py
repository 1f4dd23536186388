"""A per-user secret that binds lisplan's caches to the machine that made them.

The caches live in the plan repo (``.lisplan-cache/``), and a repo can carry anything: a trainee
could commit cache files with forged records ("this log is valid", a forged check result) for CI to
trust. So every cache file is sealed with an HMAC under a random key kept in the user's own cache
folder (``$XDG_CACHE_HOME/lisplan/cache-key``, else ``~/.cache/lisplan/cache-key``, mode 0600), which
no repo carries: a file not sealed with this user's key is a miss, whoever wrote it. When the key
cannot be kept (no writable home, or the home is inside the repo), nothing is cached.
"""

from __future__ import annotations

import hashlib
import hmac
import os
from pathlib import Path

_key: bytes | None = None
_tried = False


def key_file() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "lisplan" / "cache-key"


def key(repo: Path | None = None) -> bytes | None:
    """This user's cache key (made on first use), or None when there is none to trust."""
    global _key, _tried
    if not _tried:
        _tried = True
        _key = _read_or_make(key_file())
    if _key is not None and repo is not None and key_file().resolve().is_relative_to(repo.resolve()):
        return None  # a key inside the repo could be carried by it
    return _key


def _read_or_make(path: Path) -> bytes | None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass
        else:
            import secrets  # only to make the key, once

            with os.fdopen(fd, "w") as handle:
                handle.write(secrets.token_hex(32))
        found = path.read_text().strip()
    except (OSError, ValueError):
        return None
    return found.encode() if len(found) >= 32 else None


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
