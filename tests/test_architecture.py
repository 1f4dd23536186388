"""The packages are the pipeline (files -> load -> validate -> compute -> present): no import points up a
stage, and no module imports itself back through others. Both are read from the code's import graph, so
a new back door fails here."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import grimp

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src" / "lisplan"


def test_the_import_contract_holds() -> None:
    """pyproject.toml's [tool.importlinter] layers: cli > commands > present > compute > checks > load >
    models > files > core; and the CLI's families of commands do not import one another."""
    lint = Path(sys.executable).parent / "lint-imports"
    run = subprocess.run(
        [str(lint), "--config", str(ROOT / "pyproject.toml")], capture_output=True, text=True, cwd=ROOT
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert "2 kept, 0 broken" in run.stdout


def _cycles(graph: grimp.ImportGraph) -> list[list[str]]:
    found: list[list[str]] = []
    state: dict[str, int] = {}  # 1 on the current path, 2 done
    path: list[str] = []

    def visit(module: str) -> None:
        state[module] = 1
        path.append(module)
        for nxt in sorted(graph.find_modules_directly_imported_by(module)):
            if state.get(nxt) == 1:
                found.append(path[path.index(nxt) :] + [nxt])
            elif nxt not in state:
                visit(nxt)
        path.pop()
        state[module] = 2

    for module in sorted(graph.modules):
        if module not in state:
            visit(module)
    return found


def test_no_module_imports_itself_back() -> None:
    graph = grimp.build_graph("lisplan")
    assert _cycles(graph) == []


def test_a_cycle_is_found() -> None:
    """The cycle finder itself can fail: two modules importing each other are reported."""
    graph = grimp.ImportGraph()
    for m in ("x", "x.a", "x.b"):
        graph.add_module(m)
    graph.add_import(importer="x.a", imported="x.b")
    graph.add_import(importer="x.b", imported="x.a")
    assert _cycles(graph) == [["x.a", "x.b", "x.a"]]


# --- one module per third-party library -------------------------------------------------------------
#: Each library lisplan uses is imported by one module, so that its quirks, its version's API and its
#: cost at start-up live in one place. A library with a home must be imported there and only there (a
#: home that is a package: in its modules); one without (not used yet) may be imported by one module.
HOMES: dict[str, str | None] = {
    "yaml": "lisplan.files.source",  # reading with positions, node types, emitting
    "jinja2": "lisplan.present.render",  # the one template environment (documents and lisplan init)
    "markupsafe": "lisplan.present.render",  # Jinja2's escaping, for the charts it puts in HTML
    "rich": "lisplan.present.console",
    "xlsxwriter": "lisplan.present.export",
    "icalendar": "lisplan.present.ics",
    "typer": "lisplan.cli",  # the package: the app and one module per family of commands
    "ruamel": "lisplan.files.roundtrip",  # the round-trip editor (lisplan plan import)
    "openpyxl": "lisplan.load.cells",  # reading a filled-in activity sheet (lisplan plan import)
}


#: Modules besides a library's home that may use it: typer's own help texts are translated where the
#: translations live (present/helptext.py), before the CLI builds its commands.
SHARED: dict[str, set[str]] = {"typer": {"lisplan.present.helptext"}}


def _misplaced(graph: grimp.ImportGraph, homes: dict[str, str | None]) -> dict[str, list[str]]:
    """Each library imported from more than one module, or from outside its home: by whom."""
    out = {}
    for library, home in homes.items():
        importers = sorted(graph.find_modules_that_directly_import(library)) if library in graph.modules else []
        allowed = SHARED.get(library, set())
        inside = [m for m in importers if home is not None and m.startswith(home + ".")]
        importers = [m for m in importers if m not in allowed and m not in inside]
        importers = [home] if inside and importers in ([], [home]) else importers
        if len(importers) > 1 or (home is not None and importers not in ([], [home])):
            out[library] = importers
    return out


def test_each_third_party_library_is_imported_by_one_module() -> None:
    graph = grimp.build_graph("lisplan", include_external_packages=True)
    assert _misplaced(graph, HOMES) == {}


def test_a_second_importer_is_found() -> None:
    """The check itself can fail: a library imported by two modules, or by one that is not its home."""
    graph = grimp.ImportGraph()
    for m in ("x", "x.a", "x.b", "lib", "other"):
        graph.add_module(m)
    graph.add_import(importer="x.a", imported="lib")
    graph.add_import(importer="x.b", imported="lib")
    graph.add_import(importer="x.b", imported="other")
    assert _misplaced(graph, {"lib": None, "other": "x.a"}) == {"lib": ["x.a", "x.b"], "other": ["x.b"]}
    assert _misplaced(graph, {"lib": "x"}) == {}  # a package's modules are its home
    assert _misplaced(graph, {"other": "x.a", "lib": "x.b"}) == {"other": ["x.b"], "lib": ["x.a", "x.b"]}


def test_the_entry_union_names_every_entry_kind() -> None:
    """models/log.py spells the Entry union out for type checkers: it must stay ENTRY_KINDS, tag for tag."""
    from typing import get_args

    from pydantic import Tag

    from lisplan.models.log import ENTRY_KINDS, Entry

    members = get_args(get_args(Entry)[0])
    tagged = {}
    for member in members:
        cls, *meta = get_args(member)
        tagged.update({m.tag: cls for m in meta if isinstance(m, Tag)})
    assert tagged == ENTRY_KINDS


def test_no_private_module_of_typer_or_click_is_used() -> None:
    """pyproject allows every typer from 0.12: its private modules (typer._click, the click it bundles from
    0.2x on) change without notice, so lisplan knows click's errors by what they do (cli/base.py)."""
    import re

    used = [
        f"{path.relative_to(ROOT)}:{n}"
        for path in sorted((ROOT / "src" / "lisplan").rglob("*.py"))
        for n, text in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if re.search(r"\b(typer|click)\._\w", text.split("#")[0])
    ]
    assert used == []


#: a module says one thing; past this many lines it says several (a registry that is data may live in a data file)
MAX_MODULE_LINES = 600


def modules_over(src: Path, limit: int = MAX_MODULE_LINES) -> dict[str, int]:
    """The modules under ``src`` with more than ``limit`` lines, and their counts."""
    counts = {p.relative_to(src).as_posix(): len(p.read_text(encoding="utf-8").splitlines()) for p in src.rglob("*.py")}
    return {name: n for name, n in sorted(counts.items()) if n > limit}


def test_no_module_is_over_six_hundred_lines() -> None:
    assert modules_over(SRC) == {}, "split the module by what its parts say (docs/architecture.md)"


def test_a_module_over_the_limit_is_found(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "big.py").write_text("x = 1\n" * 601)
    (tmp_path / "small.py").write_text("x = 1\n" * 600)
    assert modules_over(tmp_path) == {"a/big.py": 601}
