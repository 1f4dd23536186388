"""Accession numbers stored as keyed hashes: the key, from the environment or the file lisplan.yaml
names, and the hash.

A repo may say ``accession_storage: hmac-sha256`` in lisplan.yaml: then an accession number is stored as
``hmac:`` and a keyed SHA-256 of it, so the repo alone does not say which examination an entry is, while
the same number typed again gives the same stored form (duplicates and ``find-accession`` still work).
The key is ``LISPLAN_ACCESSION_KEY``, or the file ``accession_key_file`` names (kept outside the repo).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
from pathlib import Path

from lisplan.core.i18n import _
from lisplan.core.os_errors import reason
from lisplan.core.problems import Refused
from lisplan.models import Config

HMAC_PREFIX = "hmac:"
KEY_ENV = "LISPLAN_ACCESSION_KEY"
MAX_KEY_BYTES = 64 * 1024


def accession_key(config: Config, root: Path | None) -> bytes:
    """The key accession numbers are hashed with: ``LISPLAN_ACCESSION_KEY``, else the file lisplan.yaml
    names (relative to the repo ``root``); refused when neither gives one."""
    key = os.environ.get(KEY_ENV, "").encode()
    if not key and config.accession_key_file:
        path = Path(config.accession_key_file).expanduser()
        if not path.is_absolute() and root:
            path = root / path
        try:
            key = read_key(path)
        except OSError as e:
            raise Refused(
                _("cannot read the accession key file {path}: {why}").format(path=path, why=reason(e)),
                _("check accession_key_file in lisplan.yaml"),
            ) from None
    if not key:
        raise Refused(
            _("this repo stores accession numbers as keyed hashes (lisplan.yaml), but no key is set"),
            _("set {variable}, or accession_key_file in lisplan.yaml to a file outside the repo").format(
                variable=KEY_ENV
            ),
        )
    return key


def read_key(path: Path) -> bytes:
    """The key in ``path``: a regular file of at most 64 KiB (a device such as /dev/zero never ends)."""
    import stat

    with open(path, "rb") as handle:
        if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
            raise Refused(
                _("the accession key file {path} is not a regular file").format(path=path),
                _("point accession_key_file in lisplan.yaml at a file that holds the key"),
            )
        key = handle.read(MAX_KEY_BYTES + 1)
    if len(key) > MAX_KEY_BYTES:
        raise Refused(
            _("the accession key file {path} is larger than a key ({size} KiB or more)").format(
                path=path, size=MAX_KEY_BYTES // 1024
            ),
            _("point accession_key_file in lisplan.yaml at a file that holds only the key"),
        )
    return key.strip()


def hash_accession(number: str, key: bytes) -> str:
    """``hmac:`` and 24 letters/digits 2-7 (base32 never spells an 11-digit identity number)."""
    digest = hmac.new(key, number.strip().encode(), hashlib.sha256).digest()[:15]
    return HMAC_PREFIX + base64.b32encode(digest).decode().lower()
