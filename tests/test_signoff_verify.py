"""lisplan check --verify-signoffs in real temporary git repositories, with a trainee and a supervisor
committing as themselves."""

from __future__ import annotations

import json
import os
import shutil
import subprocess

import pytest

from conftest import Repo
from lisplan.files.gitops import parse_blame

TRAINEE = ("Test LIS", "lis@example.org")
SUPERVISOR = ("Supervisør", "sup@example.org")
OTHER = ("Noen Andre", "other@example.org")
LOG = "data/logs/lis/2026.yaml"

SIGNOFF = """\
  - signoff: NUK-130
    date: 2026-10-01
    by: sup
"""
HEAD = "kind: log\ntrainee: lis\nyear: 2026\nentries:\n"
TEACHING = """\
  - teaching: Skjelettscintigrafi
    date: 2026-09-01
    goals: [NUK-130]
"""


def git(root, *args: str, who: tuple[str, str] = TRAINEE) -> str:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": who[0],
        "GIT_AUTHOR_EMAIL": who[1],
        "GIT_COMMITTER_NAME": who[0],
        "GIT_COMMITTER_EMAIL": who[1],
    }
    return subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, check=True, env=env).stdout


def commit(root, message: str, who: tuple[str, str], *paths: str) -> None:
    git(root, "add", "--", *(paths or ["."]), who=who)
    git(root, "commit", "-q", "-m", message, who=who)


@pytest.fixture
def lis(repo: Repo) -> Repo:
    """A git repo: the trainee committed her profile and a log; no sign-off yet."""
    git(repo.root, "init", "-q", "-b", "main")
    for key, value in (("user.name", "Nobody"), ("user.email", "nobody@example.org"), ("commit.gpgsign", "false")):
        git(repo.root, "config", key, value)
    repo.trainee(email=TRAINEE[1])
    repo.write(LOG, HEAD + TEACHING)
    commit(repo.root, "start", TRAINEE)
    return repo


def add_signoff(lis: Repo, who: tuple[str, str], text: str = SIGNOFF) -> None:
    path = lis.root / LOG
    path.write_text(path.read_text() + text)
    commit(lis.root, "sign-off", who, LOG)


def verify(cli, lis: Repo, *more: str):
    code, out = cli("check", "--verify-signoffs", "--format", "json", *more, repo=lis)
    return code, json.loads(out)["problems"]


def codes(problems) -> list[str]:
    return [p["code"] for p in problems]


def test_a_signoff_committed_by_the_supervisor_it_names_passes(cli, lis):
    add_signoff(lis, SUPERVISOR)
    code, out = cli("check", "--verify-signoffs", repo=lis)
    assert code == 0, out
    assert "No problems" in out


def test_a_signoff_committed_by_the_trainee_is_reported_with_file_and_line(cli, lis):
    add_signoff(lis, TRAINEE)
    code, problems = verify(cli, lis)
    assert code == 1
    [p] = problems
    assert p["code"] == "signoff-by-trainee"
    assert (p["file"], p["line"]) == (LOG, 8)  # the '- signoff:' line: the header, one teaching entry, then it
    assert (
        "names sup <sup@example.org>" in p["message"]
        and "committed by the trainee, Test LIS <lis@example.org>" in p["message"]
    )
    assert "ask sup to commit the sign-off" in p["hint"]


def test_a_signoff_whose_kind_key_is_not_first_is_verified_all_the_same(cli, lis):
    add_signoff(lis, TRAINEE, "  - date: 2026-10-01\n    by: sup\n    signoff: NUK-130\n")
    code, problems = verify(cli, lis)
    assert code == 1 and codes(problems) == ["signoff-by-trainee"] and problems[0]["line"] == 8


def test_a_signoff_committed_by_someone_else_is_reported(cli, lis):
    add_signoff(lis, OTHER)
    code, problems = verify(cli, lis)
    assert code == 1
    assert codes(problems) == ["signoff-not-by-supervisor"]
    assert "Noen Andre <other@example.org>" in problems[0]["message"]


def test_a_signoff_edited_after_it_was_signed_is_reported_at_the_changed_line(cli, lis):
    add_signoff(lis, SUPERVISOR)
    path = lis.root / LOG
    path.write_text(path.read_text().replace("date: 2026-10-01", "date: 2026-09-15"))
    commit(lis.root, "earlier date", TRAINEE, LOG)
    code, problems = verify(cli, lis)
    assert code == 1
    [p] = problems
    assert p["code"] == "signoff-edited" and p["line"] == 9
    assert "changed after sup signed it: line 9 by Test LIS <lis@example.org>" in p["message"]


def test_the_supervisor_may_correct_their_own_signoff_and_the_trainee_may_add_portal_state(cli, lis):
    add_signoff(lis, SUPERVISOR)
    path = lis.root / LOG
    path.write_text(path.read_text().replace("date: 2026-10-01", "date: 2026-10-02"))
    commit(lis.root, "fix date", SUPERVISOR, LOG)
    path.write_text(path.read_text() + "    portal: {registered: 2026-10-05}\n    # entered in the portal\n")
    commit(lis.root, "registered in the portal", TRAINEE, LOG)
    code, problems = verify(cli, lis)
    assert (code, problems) == (0, [])


def test_an_uncommitted_signoff_cannot_be_verified_yet(cli, lis):
    (lis.root / LOG).write_text(HEAD + TEACHING + SIGNOFF)
    code, problems = verify(cli, lis)
    assert code == 0 and codes(problems) == ["signoff-uncommitted"]
    assert problems[0]["severity"] == "warning" and problems[0]["line"] == 8
    code, _problems = verify(cli, lis, "--strict")
    assert code == 1


def test_a_log_git_does_not_track_yet_is_not_verified(cli, lis):
    lis.write(
        "data/logs/lis/2025.yaml",
        "kind: log\ntrainee: lis\nyear: 2025\nentries:\n" + SIGNOFF.replace("2026-10-01", "2025-10-01"),
    )
    code, problems = verify(cli, lis)
    assert code == 0 and codes(problems) == ["signoff-uncommitted"]
    assert problems[0]["file"] == "data/logs/lis/2025.yaml"


def test_a_repository_without_commits_reports_every_signoff_as_uncommitted(cli, repo):
    git(repo.root, "init", "-q")
    repo.trainee(email=TRAINEE[1])
    repo.write(LOG, HEAD + SIGNOFF)
    code, problems = verify(cli, repo)
    assert code == 0 and codes(problems) == ["signoff-uncommitted"]


def test_outside_git_it_says_it_cannot_verify_and_fails_under_strict(cli, repo, monkeypatch):
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(repo.root.parent))
    repo.trainee(email=TRAINEE[1])
    repo.write(LOG, HEAD + SIGNOFF)
    code, out = cli("check", "--verify-signoffs", repo=repo)
    assert code == 0
    assert "cannot verify sign-offs" in out and "not in a git repository" in out
    code, out = cli("check", "--verify-signoffs", "--strict", repo=repo)
    assert code == 1
    # checking named files only still says so: the warning is about the run, not about one file
    code, out = cli("check", str(repo.root / LOG), "--verify-signoffs", "--strict", repo=repo)
    assert code == 1 and "cannot verify sign-offs" in out


def _second_trainee(repo: Repo) -> None:
    """Another trainee with the same supervisor: check reads each trainee's folder on its own."""
    repo.trainee("ola", email="ola@example.org")
    repo.write("data/logs/ola/2026.yaml", HEAD.replace("lis", "ola") + SIGNOFF)


def test_outside_git_a_department_is_told_once_that_it_cannot_be_verified(cli, repo, monkeypatch):
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(repo.root.parent))
    repo.trainee(email=TRAINEE[1])
    repo.write(LOG, HEAD + SIGNOFF)
    _second_trainee(repo)
    code, problems = verify(cli, repo)
    assert code == 0 and codes(problems) == ["signoffs-unverifiable"]


def test_a_department_reads_the_git_history_once_and_verifies_every_trainee(cli, lis, monkeypatch):
    from lisplan.files import gitops

    _second_trainee(lis)
    commit(lis.root, "ola", TRAINEE)  # ola's sign-off, committed by lis, not by the supervisor
    add_signoff(lis, SUPERVISOR)
    reads = []
    history = gitops.history
    monkeypatch.setattr(gitops, "history", lambda root: reads.append(root) or history(root))
    code, problems = verify(cli, lis)
    assert code == 1 and len(reads) == 1
    assert [(p["code"], p["file"]) for p in problems] == [("signoff-not-by-supervisor", "data/logs/ola/2026.yaml")]


def test_detached_head_verifies_the_checked_out_commit(cli, lis):
    add_signoff(lis, TRAINEE)
    git(lis.root, "checkout", "-q", "--detach")
    code, problems = verify(cli, lis)
    assert code == 1 and codes(problems) == ["signoff-by-trainee"]


def test_a_shallow_clone_says_to_fetch_the_full_history(cli, lis, tmp_path):
    add_signoff(lis, SUPERVISOR)
    commit_text = lis.root / "notes.md"
    commit_text.write_text("later work\n")
    commit(lis.root, "later", TRAINEE, "notes.md")
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", "--depth", "1", f"file://{lis.root}", str(clone))
    code, problems = verify(cli, Repo(clone))
    assert code == 1 and codes(problems) == ["signoffs-shallow"]
    assert "shallow clone" in problems[0]["message"] and "fetch-depth: 0" in problems[0]["hint"]


def test_a_supervisor_without_an_email_cannot_be_verified(cli, lis):
    path = lis.root / "data/logs/lis/trainee.yaml"
    path.write_text(path.read_text().replace("email: sup@example.org", "email: null"))
    add_signoff(lis, SUPERVISOR)
    code, problems = verify(cli, lis)
    assert code == 1 and codes(problems) == ["signoff-supervisor-email"]
    assert "add email:" in problems[0]["hint"]


def test_signoffs_by_the_trainee_for_her_own_activities_need_no_proof(cli, lis):
    add_signoff(lis, TRAINEE, "  - signoff: NUK-130\n    activity: teaching\n    date: 2026-10-01\n    by: lis\n")
    code, problems = verify(cli, lis)
    assert (code, problems) == (0, [])


def test_check_without_the_option_never_runs_git(cli, lis, monkeypatch):
    add_signoff(lis, TRAINEE)

    def no_git(*args, **kwargs):
        raise AssertionError("git ran")

    monkeypatch.setattr(subprocess, "run", no_git)
    code, out = cli("check", repo=lis)
    assert code == 0, out


# --- require_signed_commits -------------------------------------------------------------------------


def test_unsigned_signoff_commits_are_reported_when_the_repo_requires_signatures(cli, lis):
    lis.write("lisplan.yaml", "kind: config\nrequire_signed_commits: true\n")
    add_signoff(lis, SUPERVISOR)
    code, problems = verify(cli, lis)
    assert code == 1 and codes(problems) == ["signoff-unsigned"]
    assert "which has no signature; the plan requires signed commits" in problems[0]["message"]


@pytest.mark.skipif(shutil.which("ssh-keygen") is None, reason="needs ssh-keygen to make a signing key")
def test_a_signed_signoff_passes_and_one_signed_with_another_key_is_reported(cli, lis, tmp_path):
    key = tmp_path / "sup_key"
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "sup", "-f", str(key)], check=True)
    public = key.with_suffix(".pub").read_text().split()
    (tmp_path / "allowed").write_text(f"{SUPERVISOR[1]} {public[0]} {public[1]}\n")
    for k, v in (
        ("gpg.format", "ssh"),
        ("user.signingkey", str(key)),
        ("gpg.ssh.allowedSignersFile", str(tmp_path / "allowed")),
    ):
        git(lis.root, "config", k, v)
    lis.write("lisplan.yaml", "kind: config\nrequire_signed_commits: true\n")
    path = lis.root / LOG
    path.write_text(path.read_text() + SIGNOFF)
    git(lis.root, "add", LOG)
    git(lis.root, "commit", "-q", "-S", "-m", "signed sign-off", who=SUPERVISOR)
    code, problems = verify(cli, lis)
    assert (code, problems) == (0, [])

    fingerprint = subprocess.run(["ssh-keygen", "-lf", str(key)], capture_output=True, text=True).stdout.split()[1]
    profile = lis.root / "data/logs/lis/trainee.yaml"
    text = profile.read_text()
    profile.write_text(text.replace("email: sup@example.org}", "email: sup@example.org, signing_key: 'SHA256:other'}"))
    code, problems = verify(cli, lis)
    assert code == 1 and codes(problems) == ["signoff-wrong-key"]
    assert fingerprint in problems[0]["message"]
    profile.write_text(
        text.replace("email: sup@example.org}", f"email: sup@example.org, signing_key: '{fingerprint}'}}")
    )
    code, problems = verify(cli, lis)
    assert (code, problems) == (0, [])


def test_blame_porcelain_gives_each_line_its_commit_with_headers_given_once():
    sha = "a" * 40
    text = (
        f"{sha} 1 1 2\nauthor Sup\nauthor-mail <sup@example.org>\nauthor-time 1790000000\n"
        f"committer-mail <web@example.org>\nsummary x\nboundary\nfilename f\n\tline one\n"
        f"{sha} 2 2\n\tline two\n{'0' * 40} 3 5 1\nauthor Not Committed Yet\nfilename f\n\tnew\n"
    )
    lines = parse_blame(text)
    assert sorted(lines) == [1, 2, 5]
    assert lines[1] == lines[2] and lines[1].author_email == "sup@example.org" and lines[1].boundary
    assert lines[1].committer_email == "web@example.org"
    assert not lines[5].committed


CROSSWALK = """\
kind: crosswalk
id: test-cw
from: nuk-2019
to: nuk-2025
source: test fixture
confirmed: true
mappings:
  - {goal: NUK-138, relation: equivalent, from: [NUK-085]}
"""


def test_a_carried_over_approval_is_not_reported_as_the_trainees_signature(cli, lis):
    # lisplan migrate writes it and the trainee commits it: its proof is the old approval and the
    # confirmed crosswalk, not a new signature by the supervisor it names
    lis.write("data/goals/test-cw.yaml", CROSSWALK)
    lis.log(  # the old approval, after the lung-cancer MDT that ous-nuk asks for NUK-085 (000 §2.1.3 c)
        2025,
        "- mdt: lungekreft\n  date: 2025-05-02\n  goal: nuk-2019:NUK-085\n  supervisor: sup\n"
        "- signoff: nuk-2019:NUK-085\n  date: 2025-06-02\n  by: sup\n",
    )
    commit(lis.root, "approved under the old goals", SUPERVISOR, "data/logs/lis/2025.yaml")
    add_signoff(lis, TRAINEE, "  - signoff: NUK-138\n    date: 2026-10-01\n    by: sup\n    migration: test-cw\n")
    assert verify(cli, lis) == (0, [])
    add_signoff(lis, TRAINEE, SIGNOFF)  # an ordinary sign-off by the trainee is still reported
    code, problems = verify(cli, lis)
    assert code == 1 and codes(problems) == ["signoff-by-trainee"]
