#!/usr/bin/env python3
"""Keep lisplan's message catalogs up to date: extract, update, compile, in one step (docs/i18n.md).

    .venv/bin/python tools/i18n.py          # extract + update the .po files + compile the .mo files
    .venv/bin/python tools/i18n.py --check  # exit 1 if a message lacks a translation or a .mo is stale

Run it after adding or changing a message; translate what it lists as untranslated in
src/lisplan/locale/nb/LC_MESSAGES/lisplan.po (the msgstr lines), and run it again to compile.
Messages come from the Python sources and templates (babel.cfg) and from the command line's --help
texts, read from the Typer app itself, so a docstring or an option's help is a message like any other.
"""

from __future__ import annotations

import io
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / "src" / "lisplan" / "locale"
LANGUAGES = ["nb"]
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "N_": None}


def help_texts() -> Iterator[tuple[str, str]]:
    """Every --help text of the command line: (where, text)."""
    sys.path.insert(0, str(ROOT / "src"))
    import typer.main

    from lisplan.cli import app
    from lisplan.present.helptext import help_messages

    yield from help_messages(typer.main.get_command(app))


def extract() -> Catalog:
    catalog = Catalog(project="lisplan", msgid_bugs_address="", charset="utf-8")
    with open(ROOT / "babel.cfg", encoding="utf-8") as f:
        method_map, options_map = parse_mapping_cfg(f)
    for name, lineno, message, comments, context in extract_from_dir(
        ROOT, method_map, options_map, keywords=KEYWORDS, comment_tags=("TRANSLATORS:",), strip_comment_tags=True
    ):
        catalog.add(message, None, [(name, lineno)], auto_comments=comments, context=context)
    for where, text in help_texts():
        catalog.add(text, None, [(where, 0)], auto_comments=["--help"])
    return catalog


def po_path(lang: str) -> Path:
    return LOCALE / lang / "LC_MESSAGES" / "lisplan.po"


def read(path: Path, lang: str) -> Catalog:
    if not path.exists():
        return Catalog(locale=lang, project="lisplan", charset="utf-8")
    with path.open("rb") as f:
        return read_po(f, locale=lang)


def compiled(catalog: Catalog) -> bytes:
    """The .mo bytes of a catalog (the same for the same catalog: tests compare them with the file)."""
    buf = io.BytesIO()
    write_mo(buf, catalog, use_fuzzy=False)
    return buf.getvalue()


def untranslated(catalog: Catalog) -> list[Any]:
    return [
        m for m in catalog if m.id and (m.fuzzy or not all(m.string if isinstance(m.string, tuple) else [m.string]))
    ]


def update(lang: str, template: Catalog) -> Catalog:
    path = po_path(lang)
    catalog = read(path, lang)
    catalog.update(template, no_fuzzy_matching=True)
    catalog.obsolete.clear()
    path.parent.mkdir(parents=True, exist_ok=True)
    buf = io.BytesIO()
    write_po(buf, catalog, width=120, sort_output=False, ignore_obsolete=True, include_previous=False)
    path.write_bytes(buf.getvalue())
    path.with_suffix(".mo").write_bytes(compiled(read(path, lang)))
    return catalog


def main(argv: list[str]) -> int:
    if "--check" in argv:
        bad = 0
        for lang in LANGUAGES:
            catalog = read(po_path(lang), lang)
            missing = untranslated(catalog)
            stale = po_path(lang).with_suffix(".mo").read_bytes() != compiled(catalog)
            bad += len(missing) + stale
            for m in missing:
                print(f"{po_path(lang).relative_to(ROOT)}: no translation for {m.id!r}")
            if stale:
                print(f"{po_path(lang).with_suffix('.mo').relative_to(ROOT)} is stale: run tools/i18n.py")
        return 1 if bad else 0
    template = extract()
    for lang in LANGUAGES:
        catalog = update(lang, template)
        missing = untranslated(catalog)
        print(f"{po_path(lang).relative_to(ROOT)}: {len(catalog)} messages, {len(missing)} untranslated")
        for m in missing:
            print(f"  {m.id!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
