"""Procedure lists with no minimum set (``minimum: null``), and ous-nuk's list for every
examination-specific goal of nuk-2025, through the commands a trainee runs."""

from __future__ import annotations

import json

from conftest import PROJECT
from lisplan.files.source import parse

# Worked out by hand from shared/data/nuk_learning_goals_2025.csv (FOR-2025-01-17-51 kap. C38): the goals
# whose text asks the trainee to interpret/describe («tolke/beskrive») an examination. NUK-116 (skeleton
# and bone marrow) is counted by skeleton-scintigraphy (000 §2.1.3 b); the knowledge-only goals that name
# an examination (NUK-118 MUGA, NUK-134 PET in brain tumours, NUK-147 sarcoma) ask for no description.
EXAMINATION_GOALS = [
    "NUK-117", "NUK-119", "NUK-120", "NUK-121", "NUK-122", "NUK-123", "NUK-124", "NUK-125", "NUK-126",
    "NUK-127", "NUK-129", "NUK-130", "NUK-131", "NUK-132", "NUK-135", "NUK-136", "NUK-137", "NUK-138",
    "NUK-139", "NUK-140", "NUK-141", "NUK-142", "NUK-143", "NUK-144", "NUK-145", "NUK-146", "NUK-155",
    "NUK-164", "NUK-172", "NUK-176",
]  # fmt: skip


def _plan() -> dict:
    return parse(PROJECT / "data/plans/ous-nuk.yaml").data


def test_ous_nuk_has_a_list_for_every_examination_goal_of_nuk_2025():
    lists = _plan()["procedures"]
    named = sorted(ref.split(":")[1] for p in lists for ref in p.get("goals", []))
    assert named == EXAMINATION_GOALS
    for p in lists[1:]:
        assert p["minimum"] is None
        assert p["reading"].endswith("ingen publisert minimumstall")
        assert p["goals"][0].startswith("nuk-2025:")
    assert lists[0]["id"] == "skeleton-scintigraphy" and lists[0]["minimum"] == 400  # 000 §2.1.3 b
    # each is named from its goal's words: NUK-138 «PET-undersøkelse ved ... lungekreft»
    lung = next(p for p in lists if p.get("goals") == ["nuk-2025:NUK-138"])
    assert (lung["name"], lung["name_en"]) == ("PET ved lungekreft", "PET in lung cancer")


def test_logging_to_a_list_with_no_minimum(cli, repo):
    repo.trainee()
    code, out = cli("log", "PET ved lungekreft", "70000001", repo=repo)
    assert code == 0, out
    assert "PET in lung cancer: 1 (no minimum set)" in out
    code, out = cli("--lang", "nb", "log", "pet in lung cancer", "70000002", "70000003", repo=repo)
    assert code == 0, out
    assert "2 lagt til: PET ved lungekreft 3 (ikke satt noe minimum)" in out
    code, out = cli("remaining", repo=repo)
    assert code == 0, out
    line = next(x for x in out.splitlines() if x.lstrip().startswith("NUK-138"))
    assert "— missing: MDT meeting lungekreft · PET in lung cancer: 3 (no minimum set)" in line
    code, out = cli("status", repo=repo)
    assert "Procedure lists with no minimum set\n  PET in lung cancer: 3 (no minimum set) (NUK-138)" in out
    view = json.loads(cli("status", "--format", "json", repo=repo)[1])
    lung = next(p for p in view["procedures"] if p["id"] == "pet-lung-cancer")
    assert (lung["required"], lung["done"], lung["left"], lung["goals"]) == (None, 3, 0, ["NUK-138"])
    assert [p["id"] for p in view["procedures"]] == ["skeleton-scintigraphy", "pet-lung-cancer"]  # unused: left out
    code, out = cli("schedule", repo=repo)
    assert code == 0 and "PET in lung cancer" not in out  # no pace towards a minimum no one set
    assert cli("check", repo=repo)[0] == 0


def test_a_list_naming_an_unknown_goal_is_an_error(cli, repo):
    repo.trainee()
    text = (PROJECT / "data/plans/ous-nuk.yaml").read_text(encoding="utf-8")
    repo.write("data/plans/ous-nuk.yaml", text.replace("goals: [nuk-2025:NUK-138]", "goals: [nuk-2025:NUK-999]"))
    code, out = cli("check", repo=repo)
    assert code == 1
    assert "data/plans/ous-nuk.yaml" in out and "error[unknown-goal]: nuk-2025:NUK-999" in out
