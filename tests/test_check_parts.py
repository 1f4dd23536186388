"""``lisplan check`` reads a repo one part at a time (its peak memory is one trainee's, not the
department's): lisplan's catalogs and
the repo's shared files first, then each trainee's folder beside them. Whatever the repo, the problems
and the number of files must be those of loading and checking the whole repo at once, as every other
command does (commands/session.py's ``load_checked``)."""

from __future__ import annotations

import datetime as dt
import gc
import json
import shutil
import weakref
from pathlib import Path

import pytest

from conftest import PROJECT, TODAY, Repo, plan_yaml
from lisplan.checks.approval import check_approvals
from lisplan.checks.context import Context
from lisplan.commands.session import checked_in_parts, load_checked
from lisplan.compute.signoff_dates import early_signoffs

DAY = dt.date.fromisoformat(TODAY)


def _whole(root: Path) -> tuple[list[str], int]:
    """The repo loaded and checked at once, the progress checks last, as check once read every repo."""
    loaded = load_checked(root, today=DAY)
    found = check_approvals(early_signoffs(Context(loaded.workspace, loaded.documents, DAY), loaded.problems))
    return sorted(_key(p) for p in loaded.problems + loaded.locate(found)), len(loaded.documents)


def _in_parts(root: Path) -> tuple[list[str], int]:
    found, files = [], 0
    for _part, own, read in checked_in_parts(root, DAY):
        found += [_key(p) for p in own]
        files += read
    return sorted(found), files


def _key(p) -> str:
    return repr(sorted(p.record().items()))


def _department(repo: Repo, shared_error: str | None = "plan", *, nested: bool = True) -> None:
    """Four trainees and a plan of the repo's own: errors in shared files (the plan; a file in data/logs/
    outside a trainee's folder; with ``nested``, a log in a folder under another), which keep every
    trainee out of the progress checks, or none; problems two trainees have alike (the same entries,
    the same messages); a trainee with no errors whose early sign-off the progress checks report; a
    folder with a log and no trainee.yaml."""
    twice = "\n  - {id: p, name: P, minimum: 2}" if shared_error == "plan" else ""
    repo.write(
        "data/plans/test-plan.yaml",
        plan_yaml("test-plan", "nuk", "[nuk-2025, fkm-2026]", "procedures:\n  - {id: p, name: P, minimum: 1}" + twice),
    )
    for tid in ("anna", "carl"):
        repo.trainee(tid)
        repo.log(
            2026,
            """
            - procedure: skeleton-scintigraphy
              date: 2026-01-05
              accession: '81234567'
            - procedure: skeleton-scintigraphy
              date: 2026-01-04
              accession: '81234567'
            - teaching: t
              date: 2027-01-01
            """,
            tid,
        )
    # berit: NUK-116 needs an introduction and 400 skeleton scintigraphies (ous-nuk's activities for it,
    # as for NUK-068 in document 000); signed off on 2026-03-02 with neither, after 30 months of service
    # from 2023-09-01 (past the plan's 18 months): early by its activities only, so exactly one
    # signoff-before-activities, and no signoff-before-readiness (tests/test_approval.py, same rule)
    repo.trainee("berit")
    repo.log(2026, "- signoff: NUK-116\n  date: 2026-03-02\n  by: sup\n", "berit")
    repo.log(2024, "- teaching: t\n  date: 2024-01-01\n  unknown: 1\n", "carl")
    if shared_error:  # an error in no trainee's folder keeps everyone out of the progress checks too
        repo.write("data/logs/stray.yaml", "kind: log\n")
    if shared_error and nested:
        repo.write("data/logs/old/2019/2019.yaml", "kind: log\ntrainee: old\nyear: 2019\nentries: []\n")
    repo.write("data/logs/dora/2026.yaml", "kind: log\ntrainee: dora\nyear: 2026\nentries: []\n")


@pytest.mark.parametrize("shared_error", ["plan", "stray", None], ids=["plan-error", "stray-files", "no-shared-error"])
def test_a_department_checked_in_parts_has_the_whole_repos_problems(repo, shared_error):
    _department(repo, shared_error)
    whole, files = _whole(repo.root)
    assert files > 9  # the repo's 9 or 10 files and lisplan's own catalogs
    assert ("duplicate-id" in repr(whole)) == (shared_error == "plan")
    assert repr(whole).count("signoff-before-readiness") == 0
    assert repr(whole).count("signoff-before-activities") == (shared_error is None)
    assert ("signoff-before-activities" in repr(whole)) == (
        shared_error is None
    )  # berit's, when the plan lets her be judged
    assert _in_parts(repo.root) == (whole, files)


def test_the_example_repo_checked_in_parts_has_the_whole_repos_problems(tmp_path):
    root = tmp_path / "example"
    shutil.copytree(PROJECT / "data", root / "data")
    shutil.copy(PROJECT / "lisplan.yaml", root / "lisplan.yaml")
    whole = _whole(root)
    assert whole[0] and _in_parts(root) == whole


def test_a_part_is_let_go_before_the_next_is_read(repo):
    # What the peak memory rests on: the caller holds one trainee's part at a time.
    _department(repo)
    parts = checked_in_parts(repo.root, DAY)
    base = next(parts)[0]
    alive = []
    for part, _own, _read in parts:
        gc.collect()
        assert [ref() for ref in alive if ref() is not None] == []
        alive.append(weakref.ref(part.workspace))
        del part, _own
    assert len(alive) == 4 and "anna" not in base.workspace.trainees  # anna, berit, carl and dora


@pytest.mark.parametrize("shared_error", ["plan", "stray", None], ids=["plan-error", "stray-files", "no-shared-error"])
def test_cohort_read_in_parts_has_the_whole_repos_rows(repo, cli, shared_error):
    # cohort reads the repo a trainee at a time too; its rows and its warnings are those of the whole
    from lisplan.present.review import cohort

    # not nested: the whole repo counted every trainee's errors against a folder nested in another
    # (problems_blocking takes the folder above it for data/logs/); a part counts its own and the shared
    _department(repo, shared_error, nested=False)
    loaded = load_checked(repo.root, today=DAY)
    whole, left_out = cohort([(loaded.workspace, loaded.problems)], DAY)
    code, out = cli("cohort", "--format", "json", repo=repo)
    warnings = [line for line in out.splitlines() if line.startswith("warning: ")]
    view = json.loads(out[out.index("{") :].rsplit("}", 1)[0] + "}")
    assert code == 1 and view == whole
    assert sorted(warnings) == sorted(
        f"warning: {name}: their files have errors, so their row has no numbers (lisplan check shows them)"
        for name in left_out
    )
    assert [r["problems"] > 0 for r in view["rows"]].count(False) == (shared_error is None)  # berit's numbers
