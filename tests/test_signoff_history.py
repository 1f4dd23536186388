"""Hardening, round three: sign-offs forged through the history itself (renames and moves of a log,
replace objects, a trainee folder that is a link), one regression test each, in real temporary git
repositories; and a property test over renames and moves of every file kind a sign-off lives in."""

# ruff: noqa: F811 - the tests take the imported ``lis`` fixture as an argument
from __future__ import annotations

import os
import subprocess
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import Repo
from test_signoff_forgery import ACTIVITY_SIGNOFF
from test_signoff_verify import (
    HEAD,
    LOG,
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

OLA = ("Ola LIS", "ola@example.org")


def _rename(lis, old: str, new: str, edit=lambda text: text) -> None:
    """``git mv old new`` and an edit of the moved file, staged (not committed)."""
    (lis.root / new).parent.mkdir(parents=True, exist_ok=True)
    git(lis.root, "mv", old, new)
    path = lis.root / new
    path.write_text(edit(path.read_text()))
    git(lis.root, "add", "-A")


def _without_activity(text: str) -> str:
    return text.replace("    activity: introduction\n", "")


def test_renaming_a_log_and_deleting_an_activity_line_in_one_commit_is_reported(cli, lis):
    """Blame follows the rename; the entry is compared with the supervisor's commit at the path the
    log had then (data/logs/lis/2026.yaml), not the one it has now."""
    add_signoff(lis, SUPERVISOR, ACTIVITY_SIGNOFF)
    _rename(lis, LOG, "data/logs/lis/2026.yml", _without_activity)
    git(lis.root, "commit", "-q", "-m", "yml")
    assert "2026.yaml" in git(lis.root, "blame", "--porcelain", "data/logs/lis/2026.yml")  # blame followed it
    code, problems = verify(cli, lis, "--strict")
    assert code == 1, problems
    [p] = problems
    assert p["code"] == "signoff-edited" and p["file"] == "data/logs/lis/2026.yml" and p["line"] == 8
    assert "'activity: introduction' was removed" in p["message"]


def test_renaming_a_log_in_one_commit_and_deleting_the_activity_line_in_the_next_is_reported(cli, lis):
    add_signoff(lis, SUPERVISOR, ACTIVITY_SIGNOFF)
    _rename(lis, LOG, "data/logs/lis/2026.yml")
    git(lis.root, "commit", "-q", "-m", "yml")
    path = lis.root / "data/logs/lis/2026.yml"
    path.write_text(_without_activity(path.read_text()))
    commit(lis.root, "tidy", TRAINEE)
    code, problems = verify(cli, lis, "--strict")
    assert code == 1 and codes(problems) == ["signoff-edited"], problems
    assert "'activity: introduction' was removed" in problems[0]["message"]


def test_renaming_a_signed_log_without_changing_it_still_verifies(cli, lis):
    add_signoff(lis, SUPERVISOR, ACTIVITY_SIGNOFF)
    _rename(lis, LOG, "data/logs/lis/2026.yml")
    git(lis.root, "commit", "-q", "-m", "yml")
    assert verify(cli, lis, "--strict") == (0, [])


def _ola_signed(lis) -> None:
    """Another trainee, ola, whose 2025 log holds the supervisor's sign-off of NUK-130."""
    lis.trainee("ola", email=OLA[1])
    log = (HEAD + TEACHING).replace("lis", "ola").replace("2026", "2025")
    lis.write("data/logs/ola/2025.yaml", log)
    commit(lis.root, "ola starts", OLA)
    path = lis.root / "data/logs/ola/2025.yaml"
    path.write_text(log + ACTIVITY_SIGNOFF.replace("    activity: introduction\n", "").replace("2026", "2025"))
    commit(lis.root, "sign-off for ola", SUPERVISOR)


def _ola_to_lis(text: str) -> str:
    return text.replace("trainee: ola", "trainee: lis")


def test_another_trainees_signed_log_moved_into_ones_own_folder_is_reported(cli, lis):
    """A sign-off is the supervisor's word about one trainee: ola's approval moved into lis's folder
    (git mv, trainee: changed) is ola's, whoever's folder it is in now."""
    _ola_signed(lis)
    _rename(lis, "data/logs/ola/2025.yaml", "data/logs/lis/2025.yaml", _ola_to_lis)
    git(lis.root, "commit", "-q", "-m", "my old log", who=TRAINEE)
    code, problems = verify(cli, lis, "--strict")
    assert code == 1, problems
    [p] = problems
    assert p["code"] == "signoff-other-trainee" and p["file"] == "data/logs/lis/2025.yaml", p
    assert "sup signed it for ola, in data/logs/ola/2025.yaml" in p["message"]


def test_another_trainees_signed_log_moved_without_changing_trainee_is_reported(cli, lis):
    _ola_signed(lis)
    _rename(lis, "data/logs/ola/2025.yaml", "data/logs/lis/2025.yaml")
    git(lis.root, "commit", "-q", "-m", "my old log", who=TRAINEE)
    code, problems = verify(cli, lis, "--strict")
    assert code == 1 and "signoff-other-trainee" in codes(problems), problems


def test_a_replace_object_does_not_make_the_trainees_commit_the_supervisors(cli, lis):
    """git replace is local (a fresh clone drops it), but blame and log honour it: lisplan reads the
    history as it was pushed."""
    add_signoff(lis, TRAINEE)
    forged = git(lis.root, "cat-file", "commit", "HEAD").replace(
        f"author {TRAINEE[0]} <{TRAINEE[1]}>", f"author {SUPERVISOR[0]} <{SUPERVISOR[1]}>"
    )
    made = subprocess.run(
        ["git", "-C", str(lis.root), "hash-object", "-t", "commit", "-w", "--stdin"],
        input=forged,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    git(lis.root, "replace", "HEAD", made)
    assert SUPERVISOR[1] in git(lis.root, "log", "-1", "--format=%ae")  # git itself is fooled
    code, problems = verify(cli, lis, "--strict")
    assert code == 1 and codes(problems) == ["signoff-by-trainee"], problems


def test_a_graft_file_does_not_make_the_supervisors_later_commit_the_author_of_every_line(cli, lis):
    """.git/info/grafts (local, like replace objects) that makes the supervisor's newest commit a root
    commit: blame would then give every line of the log to it."""
    add_signoff(lis, TRAINEE)
    path = lis.root / LOG
    path.write_text(path.read_text() + ACTIVITY_SIGNOFF.replace("NUK-130", "NUK-131"))
    commit(lis.root, "a real sign-off", SUPERVISOR)
    (lis.root / ".git/info/grafts").write_text(git(lis.root, "rev-parse", "HEAD"))
    assert TRAINEE[1] not in git(lis.root, "-c", "advice.graftFileDeprecated=false", "blame", "-e", LOG)
    code, problems = verify(cli, lis, "--strict")
    assert code == 1 and codes(problems) == ["signoff-by-trainee"], problems


# --- the class: renames and moves of a signed log, with and without edits -----------------------------

EXAMPLES = int(os.environ.get("LISPLAN_FUZZ_EXAMPLES", "6"))
HISTORY = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize="LISPLAN_FUZZ_EXAMPLES" not in os.environ,
    print_blob=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
EDITS = [("    activity: introduction\n", ""), ("    date: 2025-10-01\n", "    date: 2025-09-15\n")]
#: what the trainee may do to the log the supervisor signed, each step committed on its own or
#: together with the next: move it (to a year file .yaml or .yml, in her folder or back in ola's,
#: with ``trainee:`` made the folder's), or edit the sign-off (drop ``activity:``, change its date)
STEP = st.one_of(
    st.tuples(st.just("move"), st.sampled_from(["lis", "ola"]), st.sampled_from([".yaml", ".yml"])),
    st.tuples(st.just("edit"), st.sampled_from(EDITS)),
)


def _signed_by_sup_for_ola(root: Path) -> Repo:
    repo = Repo(root)
    git(root, "init", "-q", "-b", "main")
    git(root, "config", "commit.gpgsign", "false")
    repo.trainee(email=TRAINEE[1])
    repo.write(LOG, HEAD + TEACHING)
    repo.trainee("ola", email=OLA[1])
    log = (HEAD + TEACHING).replace("lis", "ola").replace("2026", "2025")
    repo.write("data/logs/ola/2025.yaml", log)
    commit(root, "start", TRAINEE)
    repo.write("data/logs/ola/2025.yaml", log + ACTIVITY_SIGNOFF.replace("2026", "2025"))
    commit(root, "sign-off for ola", SUPERVISOR)
    return repo


@HISTORY
@given(steps=st.lists(st.tuples(STEP, st.booleans()), min_size=1, max_size=4))
def test_no_rename_or_move_of_a_signed_log_makes_a_forged_approval_verify(cli, steps):
    """Whatever renames, moves and edits the trainee makes, in whatever commits: the sign-off verifies
    exactly when it is in ola's folder, as the supervisor committed it."""
    with tempfile.TemporaryDirectory() as folder:
        repo = _signed_by_sup_for_ola(Path(folder))
        at, edited = "data/logs/ola/2025.yaml", False
        for (step, *how), commit_now in steps:
            if step == "move" and (to := f"data/logs/{how[0]}/2025{how[1]}") != at:
                owners = (f"trainee: {Path(at).parent.name}", f"trainee: {how[0]}")
                _rename(repo, at, to, lambda text, owners=owners: text.replace(*owners))
                at = to
            elif step == "edit" and how[0][0] in (text := (repo.root / at).read_text()):
                (repo.root / at).write_text(text.replace(*how[0]))
                edited = True
            if commit_now and git(repo.root, "status", "--porcelain"):
                commit(repo.root, "tidy", TRAINEE)
        if git(repo.root, "status", "--porcelain"):
            commit(repo.root, "tidy", TRAINEE)
        genuine = at.startswith("data/logs/ola/") and not edited
        code, problems = verify(cli, repo, "--strict")
        assert (code == 0) == genuine, (steps, at, edited, problems)
