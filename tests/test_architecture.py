"""The packages are the pipeline (issue 15): no import points up a stage, and no module imports itself
back through others. Both are read from the code's import graph, so a new back door fails here."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import grimp

ROOT = Path(__file__).resolve().parents[1]


def test_the_import_contract_holds() -> None:
    """pyproject.toml's [tool.importlinter] layers: cli > commands > present > compute > checks > load >
    models > files > core."""
    lint = Path(sys.executable).parent / "lint-imports"
    run = subprocess.run(
        [str(lint), "--config", str(ROOT / "pyproject.toml")], capture_output=True, text=True, cwd=ROOT
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert "1 kept, 0 broken" in run.stdout


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


def test_each_file_library_has_one_module() -> None:
    """ruamel.yaml (round-trip edits), openpyxl (reading xlsx) and XlsxWriter (writing it) are each
    imported by one module only (STYLE.md: one third-party library per module)."""
    graph = grimp.build_graph("lisplan", include_external_packages=True)
    owners = {
        "ruamel": {"lisplan.files.roundtrip"},
        "openpyxl": {"lisplan.load.sheet"},
        "xlsxwriter": {"lisplan.present.export"},
    }
    for library, expected in owners.items():
        assert graph.find_modules_that_directly_import(library) == expected, library
