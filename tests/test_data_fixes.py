"""Fixes to the shipped data found by comparing it with the source documents, each checked against its source."""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path

import pytest

from conftest import PROJECT
from lisplan.load.loader import load

SHARED_DATA = Path("/work/shared/data")


def _importer():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location(
        "import_regulation_goals", PROJECT / "tools/import_regulation_goals.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def ws():  # type: ignore[no-untyped-def]
    return load(None).workspace


def test_nuk_155_keeps_the_space_between_its_sentences(ws) -> None:  # type: ignore[no-untyped-def]
    # FOR-2025-01-17-51 (shared/data/src/sf-20250117-0051.xml): "… undersøkelser av barn.<br />Ha god
    # kunnskap om praktisk tilrettelegging …" - two sentences on two lines.
    title = ws.goals["nuk-2025:NUK-155"].goal.title
    assert "av barn. Ha god kunnskap om praktisk tilrettelegging" in title
    run_on = re.compile(r"[a-zæøå)]\.[A-ZÆØÅ]")
    assert [g.key for g in ws.goals.values() if g.goal.title and run_on.search(g.goal.title)] == []


def test_the_importer_puts_the_space_back_and_nothing_else() -> None:
    tool = _importer()
    assert tool.title_text("av barn.Ha god kunnskap") == "av barn. Ha god kunnskap"
    assert tool.title_text("f.eks. PET/CT. Ha") == "f.eks. PET/CT. Ha"
    assert tool.title_text("SPECT/CT.") == "SPECT/CT."


def test_fkms_001_has_its_lowest_level(ws) -> None:  # type: ignore[no-untyped-def]
    # "Under supervisjon kunne identifisere … Kjenne til arbeidet og rollen til Klinisk etisk komité":
    # the middle skill level, then the lowest (004: "Kjenne til" = lowest level, kjennskap).
    assert [lv.value for lv in ws.goals["fkm-del1-2025:FKMS-001"].goal.level] == ["under supervisjon", "kjennskap"]
    tool = _importer()
    title = ws.goals["fkm-del1-2025:FKMS-001"].goal.title
    assert tool.levels("FKMS-001", "under supervisjon", title) == ["under supervisjon", "kjennskap"]
    with pytest.raises(SystemExit):
        tool.levels("X", "selvstendig", "Ha kunnskap om noe.")  # a level the text does not word


@pytest.mark.skipif(not (SHARED_DATA / "nuk_learning_goals_2025.csv").is_file(), reason="shared/data not here")
def test_a_re_import_gives_the_shipped_files(tmp_path: Path) -> None:
    _importer().main([str(SHARED_DATA), "--out", str(tmp_path)])
    for name in ("nuk-2025.yaml", "fkm-2026.yaml", "fkm-del1-2025.yaml"):
        assert (tmp_path / name).read_bytes() == (PROJECT / "data/goals" / name).read_bytes(), name


def test_unn_places_the_common_goals_at_the_pet_centre(ws) -> None:  # type: ignore[no-untyped-def]
    # 001, «Felles kompetansemodul»: the common module's activities are «ved UNN»; the PET centre is the
    # only arena at UNN that 001 names. The file's comment and its offers now say the same.
    plan = ws.plans["unn-nuk"]
    (pet,) = plan.arenas
    offered = {g.key for g in ws.select(pet.offers, plan.goal_sets)}
    assert {f"fkm-2026:FKM-{n:03d}" for n in range(1, 15)} <= offered
    text = (PROJECT / "data/plans/unn-nuk.yaml").read_text(encoding="utf-8")
    assert "does not place at the PET centre" not in text
