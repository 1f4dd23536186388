"""Hardening (issue 10): what a hand-edited, git-merged plan repo can throw at lisplan, one case each.

Each test here is a plain example of a bug the fuzz tests or a probe found (its regression test), or
of a danger named in the issue: identity numbers echoed in messages, YAML that expands or nests
without end, YAML tags that would build Python objects, git merge-conflict markers.
"""

from __future__ import annotations

import time

import pytest
from test_identity import D_NUMBER, FNR, SYNTHETIC

LOG = "data/logs/lis/2026.yaml"


def _log(repo, body: str) -> None:
    repo.trainee()
    repo.write(LOG, "kind: log\ntrainee: lis\nyear: 2026\n" + body)


# --- identity numbers are never echoed back -------------------------------------------------------
# Found by probing every message that quotes a value: check's messages quoted it (unknown key, kind,
# role, tag, duplicate key, references), and so did the refusals of the entry commands (an unknown
# procedure, course or goal), click's usage errors (--role) and the paths of --certificate/--report.

@pytest.mark.parametrize(("body", "code"), [
    (f"entries:\n  - teaching: t\n    date: 2026-01-05\n    '{FNR}': x\n", "unknown-key"),
    (f"entries:\n  - procedure: skeleton-scintigraphy\n    date: 2026-01-05\n    accession: '1'\n    role: '{FNR}'\n",
     "bad-value"),
    (f"entries:\n  - teaching: t\n    date: 2026-01-05\n    note: !x{FNR} a\n", "yaml"),
    (f"entries:\n  - mdt: m\n    date: 2026-01-05\n    supervisor: '{D_NUMBER}'\n", "unknown-supervisor"),
], ids=["unknown-key", "role", "tag", "reference"])
@pytest.mark.parametrize("fmt", ["text", "json", "github"])
def test_check_never_echoes_an_identity_number(repo, cli, body, code, fmt):
    _log(repo, body)
    status, out = cli("check", "--format", fmt, repo=repo)
    assert status == 1
    assert "identity-number" in out and code in out
    assert FNR[2:] not in out and D_NUMBER[2:] not in out


def test_wrong_kind_is_not_echoed(repo, cli):
    repo.trainee()
    repo.write(LOG, f"kind: '{SYNTHETIC}'\n")
    status, out = cli("check", repo=repo)
    assert status == 1 and "does not belong here" in out
    assert SYNTHETIC[2:] not in out and f"{SYNTHETIC[:2]}*********" in out


@pytest.mark.parametrize("args", [
    ["log", FNR, "--accession", "1"],
    ["log", "skeleton-scintigraphy", "--accession", "1", "--role", FNR],
    ["log", "skeleton-scintigraphy", "--accession", "1", "--date", FNR],
    ["course", FNR],
    ["course", "nm-1-stralevern", "--certificate", FNR],
    ["introduction", FNR],
    ["signoff", FNR, "--by", "sup"],
    ["teaching", "x", "--goal", FNR],
    ["supervision", FNR],
    ["supervision", "individual", "--report", f"reports/{FNR}.md"],
    ["leave", FNR, "2026-01-02"],
    ["status", "--trainee", FNR],
    ["status", "--part", FNR],
    ["status", "--as-of", FNR],
    ["find-accession", FNR],
    ["check", FNR],
], ids=lambda a: "-".join(x for x in a if x != FNR)[:40])
def test_a_command_never_echoes_an_identity_number_typed_by_mistake(repo, cli, args):
    repo.trainee()
    status, out = cli(*args, repo=repo)
    assert status in (1, 2)
    assert FNR[2:] not in out


@pytest.mark.parametrize("broken", [
    "entries:\n  - teaching: t\n    date: 2026-01-05\n    note: {number}\n  bad: [\n",
    "<<<<<<< HEAD\nentries: []  # {number}\n=======\nentries: []\n>>>>>>> theirs\n",
], ids=["yaml-error", "merge-conflict"])
def test_an_identity_number_in_a_file_that_does_not_parse_is_reported_too(repo, cli, broken):
    # Found while writing the tests above: the identity check ran only on files that parsed, so a
    # YAML error hid the number until the error was fixed.
    _log(repo, broken.format(number=FNR))
    status, out = cli("check", "--format", "json", repo=repo)
    assert status == 1 and '"identity-number"' in out and FNR[2:] not in out


# --- sizes: many problems, long lines ------------------------------------------------------------

def test_a_file_with_a_hundred_thousand_unknown_keys_is_reported_quickly(repo, cli):
    # Found by probing: locating each unknown key scanned the whole mapping (quadratic: 5,000 keys
    # took 9 s, 200,000 never finished), and every one of them was printed.
    repo.trainee()
    repo.write(LOG, "kind: log\ntrainee: lis\nyear: 2026\nentries: []\n" + "".join(f"k{i}: {i}\n" for i in range(100_000)))
    started = time.monotonic()
    status, out = cli("check", "--format", "json", repo=repo)
    assert time.monotonic() - started < 15
    assert status == 1
    assert out.count('"unknown-key"') == 100
    assert "and 99900 more problems like these in this file" in out
    assert '"line": 100004' not in out and '"line": 5,' in out


def test_the_same_typo_in_every_entry_gives_a_hundred_problems_and_a_count(repo, cli):
    repo.trainee()
    repo.log(2026, "".join("- teaching: t\n  date: 2026-01-05\n  notte: x\n" for _ in range(500)))
    status, out = cli("check", repo=repo)
    assert status == 1
    assert out.count("error[unknown-key]") == 100 and "did you mean 'note'?" in out
    assert "error[more-problems]: and 400 more problems like these in this file" in out


def test_a_very_long_value_is_cut_short_in_the_message_and_the_excerpt(repo, cli):
    # Found by probing: year: 9999… (5,000 digits) was quoted whole in the message and the excerpt.
    repo.trainee()
    repo.write(LOG, "kind: log\ntrainee: lis\nyear: " + "9" * 5000 + "\nentries: []\n")
    status, out = cli("check", repo=repo)
    assert status == 1 and "year:" in out
    assert "9" * 200 not in out
    assert max(len(line) for line in out.splitlines()) < 300


def test_the_caret_points_at_the_problem_in_a_long_line(repo, cli):
    repo.trainee()
    repo.log(2026, "- {teaching: t, date: 2026-01-05, note: " + "x" * 3000 + ", rolle: a}\n")
    status, out = cli("check", repo=repo)
    assert status == 1
    lines = out.splitlines()
    at = next(i for i, line in enumerate(lines) if "rolle" in line and "|" in line)
    assert lines[at + 1].index("^") == lines[at].index("rolle")


# --- git merge-conflict markers ------------------------------------------------------------------

CONFLICTED = """kind: log
trainee: lis
year: 2026
entries:
  - teaching: t
    date: 2026-01-05
<<<<<<< HEAD
  - teaching: mine
    date: 2026-02-01
||||||| base
=======
  - teaching: theirs
    date: 2026-02-02
>>>>>>> origin/main
"""


@pytest.mark.parametrize("crlf", [False, True], ids=["lf", "crlf"])
def test_merge_conflict_markers_are_reported_with_every_line(repo, cli, crlf):
    # Before: one 'yaml' problem naming only the first marker's line.
    repo.trainee()
    repo.write_bytes(LOG, CONFLICTED.replace("\n", "\r\n" if crlf else "\n").encode())
    status, out = cli("check", repo=repo)
    assert status == 1
    assert ("data/logs/lis/2026.yaml:7:1: error[merge-conflict]: 2026.yaml contains git merge-conflict markers "
            "(lines 7, 10, 11, 14): a git merge was not finished") in out
    assert "resolve the merge" in out


@pytest.mark.parametrize("rel", ["data/logs/lis/trainee.yaml", "data/plans/ous-nuk.yaml", "data/goals/x.yaml",
                                 "lisplan.yaml"])
def test_merge_conflict_markers_in_every_file_kind(repo, cli, rel):
    repo.trainee()
    path = repo.root / rel
    original = path.read_text() if path.exists() else "kind: config\n"
    repo.write(rel, original + "<<<<<<< HEAD\nx: 1\n=======\nx: 2\n>>>>>>> theirs\n")
    status, out = cli("check", "--format", "json", repo=repo)
    assert status == 1
    assert '"code": "merge-conflict"' in out and f'"file": "{rel}"' in out


@pytest.mark.parametrize("command", [["status"], ["log", "skeleton-scintigraphy", "--accession", "1234",
                                                  "--date", "2026-03-01"]])
def test_commands_refuse_a_conflicted_log_and_name_it(repo, cli, command):
    repo.trainee()
    repo.write(LOG, CONFLICTED)
    status, out = cli(*command, repo=repo)
    assert status == 1
    assert "2026.yaml" in out and "merge-conflict markers" in out
    assert (repo.root / LOG).read_text() == CONFLICTED
