"""A symlink under data/ is refused by every command alike, with a message: a trainee folder that is a
link to another folder of the repo was skipped by check (exit 0: its sign-offs and identity numbers
passed CI) while status, export and render read it."""

from __future__ import annotations

import json
import shutil

import pytest

from conftest import Repo

#: a valid identity number of the kind lisplan refuses (no national identity number enters a repo), in a
#: log check never read
NUMBER = "01019000083"
LOG = (
    "kind: log\ntrainee: lis\nyear: 2026\nentries:\n  - teaching: «{text}»\n"
    "    date: 2026-09-01\n    goals: [NUK-130]\n"
)


def _linked_trainee(repo: Repo) -> None:
    """data/logs/lis is a link to notes/lis, a folder of the repo outside data/."""
    repo.trainee("ola")
    repo.trainee("lis")
    (repo.root / "notes").mkdir()
    (repo.root / "data/logs/lis").rename(repo.root / "notes/lis")
    repo.write("notes/lis/2026.yaml", LOG.format(text=NUMBER))
    (repo.root / "data/logs/lis").symlink_to("../../notes/lis", target_is_directory=True)


def test_check_reports_a_trainee_folder_that_is_a_link(cli, repo):
    _linked_trainee(repo)
    code, out = cli("check", "--format", "json", repo=repo)
    problems = json.loads(out)["problems"]
    assert code == 1, problems
    [p] = problems
    assert (p["code"], p["file"], p["line"]) == ("link-in-data", "data/logs", None)
    assert p["message"] == (
        "data/logs/lis is a link (to notes/lis); lisplan reads no links under data/, so that every command "
        "reads the same files"
    )
    assert p["hint"] == (
        "remove the link and put the folder or file itself there (git rm data/logs/lis, then git mv notes/lis "
        "data/logs/lis)"
    )
    assert NUMBER not in out


@pytest.mark.parametrize(
    "args",
    [
        ["status", "--trainee", "lis"],
        ["status"],  # lis is the default: ola has no log
        ["export", "--format", "json", "--trainee", "lis"],
        ["remaining", "--trainee", "lis"],
        ["render", "{out}", "--trainee", "lis"],
        ["check", "--verify-signoffs"],
    ],
)
def test_every_command_refuses_a_trainee_folder_that_is_a_link(cli, repo, tmp_path, args):
    _linked_trainee(repo)
    code, out = cli(*[a.format(out=tmp_path / "plan.md") for a in args], repo=repo)
    assert code in (1, 2), out  # 2: no trainee lis, after the link is shown
    assert "data/logs/lis is a link (to notes/lis)" in out, out
    assert NUMBER not in out
    assert not (tmp_path / "plan.md").exists()


def _link(repo: Repo, rel: str, target: str) -> None:
    (repo.root / rel).parent.mkdir(parents=True, exist_ok=True)
    (repo.root / rel).symlink_to(target)


#: a link at every place under data/ lisplan reads: the logs folder, a trainee folder, a log, a
#: profile, a folder in a trainee folder, the catalogs and plans folders, a catalog
PLACES = [
    ("data/logs", "../notes/logs"),
    ("data/logs/lis", "../../notes/logs/lis"),
    ("data/logs/lis/2026.yaml", "../../../notes/logs/lis/2026.yaml"),
    ("data/logs/lis/trainee.yaml", "../../../notes/logs/lis/trainee.yaml"),
    ("data/logs/lis/old", "../../../notes/logs/lis"),
    ("data/goals", "../notes/goals"),
    ("data/plans", "../notes/goals"),
    ("data/goals/mine.yaml", "../../notes/goals/mine.yaml"),
]


@pytest.mark.parametrize(("place", "target"), PLACES)
def test_a_link_anywhere_under_data_is_refused_by_check_and_status_alike(cli, repo, place, target):
    repo.trainee()
    repo.write("data/logs/lis/2026.yaml", LOG.format(text="Skjelett"))
    repo.write("notes/logs/lis/trainee.yaml", (repo.root / "data/logs/lis/trainee.yaml").read_text())
    repo.write("notes/logs/lis/2026.yaml", LOG.format(text=NUMBER))
    repo.write("notes/goals/mine.yaml", "kind: courses\ncourses: []\n")
    there = repo.root / place
    if there.is_dir():
        shutil.rmtree(there)
    there.unlink(missing_ok=True)
    _link(repo, place, target)
    said = f"{place} is a link (to "
    code, out = cli("check", repo=repo)
    assert code == 1 and said in out and "link-in-data" in out, out
    code, out = cli("status", "--trainee", "lis", repo=repo)
    assert code in (1, 2) and said in out, out
    assert NUMBER not in out


@pytest.mark.parametrize("args", [["cohort"], ["render-all", "{out}"], ["site", "{out}"]])
def test_the_commands_about_every_trainee_read_no_linked_folder_and_point_to_check(cli, repo, tmp_path, args):
    """The link is the repo's error (check names it): no trainee's numbers are shown as if whole."""
    _linked_trainee(repo)
    code, out = cli(*[a.format(out=tmp_path / "out") for a in args], repo=repo)
    assert "their files have errors" in out and "lisplan check shows them" in out, out
    written = [p.read_text(encoding="utf-8") for p in (tmp_path / "out").rglob("*.htm*")]
    assert NUMBER not in out and not any(NUMBER in text or "notes/lis" in text for text in written)
