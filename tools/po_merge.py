#!/usr/bin/env python3
"""A git merge driver for the gettext catalogs, so that two branches that each add messages merge
without a conflict: the .po file lists each message's source lines, which every change moves.

    git config merge.lisplan-po.driver 'python3 tools/po_merge.py %O %A %B'
    git config merge.lisplan-mo.driver 'true'

(.gitattributes names the files.) The result is our catalog with every message of theirs we lack,
and their translation where ours is unchanged from the common base. Run tools/i18n.py after a merge:
it refreshes the source lines, drops messages no source uses any more, and compiles the .mo file.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po


def _read(path: str):  # type: ignore[no-untyped-def]
    with open(path, "rb") as f:
        return read_po(f, locale="nb")


def main(base_path: str, ours_path: str, theirs_path: str) -> int:
    base, ours, theirs = _read(base_path), _read(ours_path), _read(theirs_path)
    for message in theirs:
        if not message.id:
            continue
        key = (message.id, message.context) if message.context else message.id
        mine = ours.get(message.id, message.context)
        if mine is None:
            ours[key] = message
            continue
        old = base.get(message.id, message.context)
        theirs_changed = old is None or message.string != old.string
        ours_unchanged = old is None or mine.string == old.string or not mine.string
        if message.string and theirs_changed and ours_unchanged:
            mine.string = message.string
    buf = io.BytesIO()
    write_po(buf, ours, width=120, sort_output=False, ignore_obsolete=True, include_previous=False)
    Path(ours_path).write_bytes(buf.getvalue())
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:4]))
