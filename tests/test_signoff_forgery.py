"""Hardening: sign-offs a trainee could forge past ``check --verify-signoffs
--strict`` on main, one regression test each, in real temporary git repositories."""

# ruff: noqa: F811 - the tests take the imported ``lis`` fixture as an argument
from __future__ import annotations

import shutil
import subprocess

import pytest

from test_signoff_verify import (
    CROSSWALK,
    HEAD,
    LOG,
    SIGNOFF,
    SUPERVISOR,
    TEACHING,
    TRAINEE,
    add_signoff,
    codes,
    commit,
    git,
    lis,  # noqa: F401 - the fixture
    verify,
)

ACTIVITY_SIGNOFF = """\
  - signoff: NUK-130
    activity: introduction
    date: 2026-10-01
    by: sup
"""


def test_deleting_the_activity_line_of_a_supervisors_signoff_is_reported(cli, lis):
    """Blame cannot see a deleted line: without ``activity:`` the sign-off of an introduction reads
    as the approval of the goal, every remaining line still the supervisor's."""
    add_signoff(lis, SUPERVISOR, ACTIVITY_SIGNOFF)
    path = lis.root / LOG
    path.write_text(path.read_text().replace("    activity: introduction\n", ""))
    commit(lis.root, "tidy", TRAINEE, LOG)
    code, problems = verify(cli, lis, "--strict")
    assert code == 1, problems
    [p] = problems
    assert p["code"] == "signoff-edited" and p["line"] == 8
    assert "is not what sup committed in" in p["message"] and "'activity: introduction' was removed" in p["message"]
    assert "lis@example.org" in p["message"]


def test_the_supervisor_may_remove_a_line_of_their_own_signoff(cli, lis):
    add_signoff(lis, SUPERVISOR, ACTIVITY_SIGNOFF)
    path = lis.root / LOG
    path.write_text(path.read_text().replace("    activity: introduction\n", ""))
    commit(lis.root, "it was the approval", SUPERVISOR, LOG)
    assert verify(cli, lis, "--strict") == (0, [])


@pytest.mark.parametrize(
    "signoff",
    [
        # the crosswalk maps NUK-138 from NUK-085, but the trainee has no approval of NUK-085
        "  - signoff: NUK-138\n    date: 2026-10-01\n    by: sup\n    migration: test-cw\n",
        # the crosswalk does not map NUK-130 at all
        "  - signoff: NUK-130\n    date: 2026-10-01\n    by: sup\n    migration: test-cw\n",
    ],
)
def test_a_migration_signoff_that_lisplan_migrate_would_not_compute_is_verified_as_the_supervisors(cli, lis, signoff):
    lis.write("data/goals/test-cw.yaml", CROSSWALK)
    commit(lis.root, "crosswalk", SUPERVISOR, "data/goals/test-cw.yaml")
    add_signoff(lis, TRAINEE, signoff)
    code, problems = verify(cli, lis, "--strict")
    assert code == 1 and "signoff-by-trainee" in codes(problems), problems


def test_a_supervisor_with_the_trainees_own_email_is_an_error(cli, lis):
    profile = lis.root / "data/logs/lis/trainee.yaml"
    profile.write_text(profile.read_text().replace("email: sup@example.org", f"email: {TRAINEE[1]}"))
    commit(lis.root, "my supervisor", TRAINEE)
    add_signoff(lis, TRAINEE)  # main: verified as sup's, since sup's e-mail is the trainee's
    code, problems = verify(cli, lis)
    assert code == 1
    [p] = [p for p in problems if p["code"] == "signoff-supervisor-is-trainee"]
    assert p["file"] == "data/logs/lis/trainee.yaml" and p["severity"] == "error"
    assert "supervisor sup has the trainee's own e-mail (lis@example.org)" in p["message"]


def test_redefining_a_plan_supervisors_email_in_trainee_yaml_is_a_warning(cli, lis):
    # the plan the trainee follows (ous-nuk, shipped) lists anders-hodt, with no e-mail in any source
    profile = lis.root / "data/logs/lis/trainee.yaml"
    sup = "  - {id: sup, name: Supervisør, email: sup@example.org}\n"
    other = "  - {id: anders-hodt, name: Anders Hodt, email: lis.other@example.org}\n"
    profile.write_text(profile.read_text().replace(sup, sup + other))
    commit(lis.root, "add a supervisor", TRAINEE)
    code, problems = verify(cli, lis)
    found = [p for p in problems if p["code"] == "signoff-supervisor-email-changed"]
    assert found and found[0]["severity"] == "warning", problems
    assert "but the plan of Oslo universitetssykehus HF (OUS) gives none" in found[0]["message"]


def test_a_committed_mailmap_does_not_make_the_trainee_the_supervisor(cli, lis):
    (lis.root / ".mailmap").write_text(f"{SUPERVISOR[0]} <{SUPERVISOR[1]}> <{TRAINEE[1]}>\n")
    commit(lis.root, "mailmap", TRAINEE, ".mailmap")
    add_signoff(lis, TRAINEE)
    assert "sup@example.org" in git(lis.root, "blame", "--porcelain", LOG)  # blame itself is fooled
    code, problems = verify(cli, lis, "--strict")
    assert code == 1 and codes(problems) == ["signoff-by-trainee"], problems


def test_a_squash_merge_is_named_as_the_reason_a_genuine_signoff_reads_as_the_trainees(cli, lis):
    path = lis.root / LOG
    path.write_text(path.read_text() + SIGNOFF)
    git(lis.root, "add", LOG)
    message = "Sign-off of NUK-130 (#12)\n\n* sign-off\n\nCo-authored-by: Supervisør <sup@example.org>\n"
    git(lis.root, "commit", "-q", "-m", message, who=TRAINEE)  # what GitHub's Squash and merge writes
    code, problems = verify(cli, lis)
    assert code == 1 and codes(problems) == ["signoff-by-trainee"]
    assert "looks like a squash merge (it names sup as co-author)" in problems[0]["message"]
    assert "merge with a merge commit" in problems[0]["message"]


@pytest.mark.skipif(shutil.which("ssh-keygen") is None, reason="needs ssh-keygen to make signing keys")
def test_with_signed_commits_and_no_signing_key_the_signer_must_be_the_supervisor(cli, lis, tmp_path):
    """The trainee signs with their own (trusted) key a commit authored as the supervisor."""
    key = tmp_path / "lis_key"
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "lis", "-f", str(key)], check=True)
    public = key.with_suffix(".pub").read_text().split()
    (tmp_path / "allowed").write_text(f"{TRAINEE[1]} {public[0]} {public[1]}\n")
    for k, v in (
        ("gpg.format", "ssh"),
        ("user.signingkey", str(key)),
        ("gpg.ssh.allowedSignersFile", str(tmp_path / "allowed")),
    ):
        git(lis.root, "config", k, v)
    lis.write("lisplan.yaml", "kind: config\nrequire_signed_commits: true\n")
    commit(lis.root, "config", TRAINEE, "lisplan.yaml")
    path = lis.root / LOG
    path.write_text(HEAD + TEACHING + SIGNOFF)
    git(lis.root, "add", LOG)
    git(lis.root, "commit", "-q", "-S", "-m", "sign-off", who=SUPERVISOR)
    code, problems = verify(cli, lis, "--strict")
    assert code == 1 and codes(problems) == ["signoff-wrong-signer"], problems
    assert "signed by lis@example.org, not by sup <sup@example.org>" in problems[0]["message"]
