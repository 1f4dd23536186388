"""Hardening: what a hand-edited, git-merged plan repo can throw at lisplan, one case each.

Each test here is a plain example of a bug the fuzz tests or a probe found (its regression test), or
of a danger named in the issue: identity numbers echoed in messages, YAML that expands or nests
without end, YAML tags that would build Python objects, git merge-conflict markers.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from test_identity import D_NUMBER, FNR, SYNTHETIC

LOG = "data/logs/lis/2026.yaml"


def _log(repo, body: str) -> None:
    repo.trainee()
    repo.write(LOG, "kind: log\ntrainee: lis\nyear: 2026\n" + body)


# --- identity numbers are never echoed back -------------------------------------------------------
# Found by probing every message that quotes a value: check's messages quoted it (unknown key, kind,
# role, tag, duplicate key, references), and so did the refusals of the entry commands (an unknown
# procedure, course or goal), click's usage errors (--role) and the paths of --certificate/--report.


@pytest.mark.parametrize(
    ("body", "code"),
    [
        (f"entries:\n  - teaching: t\n    date: 2026-01-05\n    '{FNR}': x\n", "unknown-key"),
        (
            "entries:\n  - procedure: skeleton-scintigraphy\n    date: 2026-01-05\n"
            f"    accession: '1'\n    role: '{FNR}'\n",
            "bad-value",
        ),
        (f"entries:\n  - teaching: t\n    date: 2026-01-05\n    note: !x{FNR} a\n", "yaml"),
        (f"entries:\n  - mdt: m\n    date: 2026-01-05\n    supervisor: '{D_NUMBER}'\n", "unknown-supervisor"),
    ],
    ids=["unknown-key", "role", "tag", "reference"],
)
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


@pytest.mark.parametrize(
    "args",
    [
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
    ],
    ids=lambda a: "-".join(x for x in a if x != FNR)[:40],
)
def test_a_command_never_echoes_an_identity_number_typed_by_mistake(repo, cli, args):
    repo.trainee()
    status, out = cli(*args, repo=repo)
    assert status in (1, 2)
    assert FNR[2:] not in out


def test_find_accession_refuses_an_identity_number_in_a_repo_storing_accessions_as_typed(repo, cli):
    # Left over from the hardening run: with plain storage it was looked up and "not logged" was
    # printed with the number masked; a number that is an identity number is refused either way.
    repo.trainee()
    status, out = cli("find-accession", "81234567", FNR, repo=repo)
    assert status == 2 and "identity number" in out and "not logged" not in out and FNR[2:] not in out


@pytest.mark.parametrize(
    "broken",
    [
        "entries:\n  - teaching: t\n    date: 2026-01-05\n    note: {number}\n  bad: [\n",
        "<<<<<<< HEAD\nentries: []  # {number}\n=======\nentries: []\n>>>>>>> theirs\n",
    ],
    ids=["yaml-error", "merge-conflict"],
)
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
    # Timed against the same check of 1,000 keys in this run, in CPU time (this process's own), so that a
    # loaded machine does not fail it: linear work takes at most 100 times as long (less, as both share
    # the start-up), quadratic 10,000 times.
    repo.trainee()

    def check_keys(count: int) -> tuple[float, tuple[int, str]]:
        keys = "".join(f"k{i}: {i}\n" for i in range(count))
        repo.write(LOG, "kind: log\ntrainee: lis\nyear: 2026\nentries: []\n" + keys)
        started = time.process_time()
        result = cli("check", "--format", "json", repo=repo)
        return time.process_time() - started, result

    baseline, _ = check_keys(1_000)
    took, (status, out) = check_keys(100_000)
    assert took < 100 * max(baseline, 0.01), (took, baseline)
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
    assert (
        "data/logs/lis/2026.yaml:7:1: error[merge-conflict]: 2026.yaml contains git merge-conflict markers "
        "(lines 7, 10, 11, 14): a git merge was not finished"
    ) in out
    assert "resolve the merge" in out


@pytest.mark.parametrize(
    "rel", ["data/logs/lis/trainee.yaml", "data/plans/ous-nuk.yaml", "data/goals/x.yaml", "lisplan.yaml"]
)
def test_merge_conflict_markers_in_every_file_kind(repo, cli, rel):
    repo.trainee()
    path = repo.root / rel
    original = path.read_text() if path.exists() else "kind: config\n"
    repo.write(rel, original + "<<<<<<< HEAD\nx: 1\n=======\nx: 2\n>>>>>>> theirs\n")
    status, out = cli("check", "--format", "json", repo=repo)
    assert status == 1
    assert '"code": "merge-conflict"' in out and f'"file": "{rel}"' in out


@pytest.mark.parametrize(
    "command", [["status"], ["log", "skeleton-scintigraphy", "--accession", "1234", "--date", "2026-03-01"]]
)
def test_commands_refuse_a_conflicted_log_and_name_it(repo, cli, command):
    repo.trainee()
    repo.write(LOG, CONFLICTED)
    status, out = cli(*command, repo=repo)
    assert status == 1
    assert "2026.yaml" in out and "merge-conflict markers" in out
    assert (repo.root / LOG).read_text() == CONFLICTED


# --- YAML dangers: expansion, nesting, tags -------------------------------------------------------


def _laughs(levels: int = 10, width: int = 10) -> str:
    """Billion laughs: each level an anchored list of ``width`` aliases of the level below."""
    lines = ["kind: log", "trainee: lis", "year: 2026", "entries: []", f"l0: &l0 [{', '.join(['lol'] * width)}]"]
    lines += [f"l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * width)}]" for i in range(1, levels)]
    return "\n".join(lines) + "\n"


DANGERS = {
    "billion-laughs": (_laughs(), (6, 10), "uses a YAML alias"),
    "alias-as-key": ("kind: log\na: &k x\n*k : 1\n", (3, 1), "YAML alias"),
    "merge-key": ("kind: log\nbase: &b {x: 1}\nentries:\n  - <<: *b\n", (4, 5), "merge key"),
    "deep-flow": ("kind: log\nx: " + "[" * 100_000 + "]" * 100_000 + "\n", (2, 1), "nested too deeply"),
    "deep-flow-mappings": ("kind: log\nx: " + "{a: [" * 5_000 + "]}" * 5_000 + "\n", (2, 1), "nested too deeply"),
    "deep-block": ("kind: log\n" + "".join(" " * i + f"k{i}:\n" for i in range(400)), (258, 1), "too deeply"),
    "deep-block-70": (
        "kind: log\n" + "".join(" " * i + f"k{i}:\n" for i in range(70)) + " " * 70 + "x: 1\n",
        (66, 65),
        "more than 64 levels deep",
    ),
    "deep-dashes": ("kind: log\nx:\n" + "".join("  " * i + "-\n" for i in range(1, 300)), (130, 1), "too deeply"),
    "python-apply": ("kind: log\nx: !!python/object/apply:os.system ['touch {pwned}']\n", (2, 4), "YAML tag"),
    "python-new": ("!!python/object/new:os.system ['touch {pwned}']\n", (1, 1), "YAML tag"),
    "python-object": ("kind: log\nx: !!python/object:os.system {{a: 1}}\n", (2, 4), "YAML tag"),
    "python-name": ("kind: log\nx: !!python/name:os.system ''\n", (2, 4), "YAML tag"),
    "python-module": ("kind: log\nx: !!python/module:os ''\n", (2, 4), "YAML tag"),
    "local-tag": (
        "kind: log\nx: !<tag:yaml.org,2002:python/object/apply:os.system> [touch {pwned}]\n",
        (2, 4),
        "YAML tag",
    ),
    "set-tag": ("kind: log\nx: !!set {{a, b}}\n", (2, 4), "YAML tag"),
    "binary-tag": ("kind: log\nx: !!binary aGVsbG8=\n", (2, 4), "YAML tag"),
}


@pytest.mark.parametrize("name", list(DANGERS))
def test_yaml_dangers_are_refused_quickly_with_file_and_position(repo, tmp_path, name):
    from lisplan.commands.session import load_checked as load

    text, (line, col), words = DANGERS[name]
    pwned = tmp_path / "pwned"
    repo.trainee()
    repo.write(LOG, text.replace("{pwned}", str(pwned)).replace("{{", "{").replace("}}", "}"))
    started = time.process_time()  # this process's CPU time: a loaded machine does not fail it
    loaded = load(repo.root, packaged=False)
    assert time.process_time() - started < 2
    found = [p for p in loaded.problems if p.file and p.file.name == "2026.yaml"]
    assert len(found) == 1, found
    assert found[0].code == "yaml" and words in found[0].message and found[0].message.startswith("2026.yaml ")
    assert (found[0].line, found[0].col) == (line, col)
    assert found[0].hint
    assert not pwned.exists()


def test_billion_laughs_through_the_command_line(repo, cli):
    repo.trainee()
    repo.write(LOG, _laughs(levels=30))
    started = time.process_time()  # this process's CPU time: a loaded machine does not fail it
    status, out = cli("check", repo=repo)
    assert time.process_time() - started < 5
    assert status == 1
    assert "data/logs/lis/2026.yaml:6:10: error[yaml]: 2026.yaml uses a YAML alias (*)" in out
    assert "write the value out" in out


def test_a_file_bigger_than_lisplan_reads_is_refused_without_reading_it(repo, cli):
    repo.trainee()
    path = repo.root / LOG
    with open(path, "wb") as handle:
        handle.truncate(65 * 2**20)  # sparse: no 65 MB written, none read
    started = time.process_time()  # this process's CPU time: a loaded machine does not fail it
    status, out = cli("check", repo=repo)
    assert time.process_time() - started < 5
    assert status == 1 and "2026.yaml" in out and "more than lisplan reads (64 MiB)" in out


_TAG_CHARS = st.text(st.sampled_from("abcdefghijklmnopqrstuvwxyz0123456789/:._-"), min_size=1, max_size=30)


@settings(max_examples=200, deadline=None, derandomize=True)
@given(
    tag=st.one_of(
        st.builds(lambda t: f"!!python/{t}", _TAG_CHARS),
        st.builds(lambda t: f"!!{t}", _TAG_CHARS),
        st.builds(lambda t: f"!{t}", _TAG_CHARS),
        st.builds(lambda t: f"!<tag:yaml.org,2002:{t}>", _TAG_CHARS),
    ),
    body=st.sampled_from(["os.system", "'echo'", "[echo, hi]", "{args: [echo]}", "", "1", "null"]),
    where=st.sampled_from(
        ["x: {tag} {body}\n", "x:\n  - {tag} {body}\n", "{tag} {body}\n", "x: {{k: {tag} {body}}}\n"]
    ),
)
def test_no_yaml_tag_builds_anything_but_plain_data(tag, body, where):
    from lisplan.files.source import SourceError, parse

    text = (
        "kind: log\n" + where.format(tag=tag, body=body)
        if not where.startswith("{tag}")
        else where.format(tag=tag, body=body)
    )
    try:
        data = parse(Path("x.yaml"), text).data
    except SourceError as e:
        assert e.line >= 1 and e.col >= 1 and e.message
        return
    assert _plain(data), data  # the only tags let through are !!str, !!seq, !!map and "!"


def _plain(value) -> bool:
    if isinstance(value, dict):
        return all(isinstance(k, str) and _plain(v) for k, v in value.items())
    if isinstance(value, list):
        return all(_plain(v) for v in value)
    return value is None or isinstance(value, (str, int, float, bool))


# --- one cause, one problem -------------------------------------------------------------------------


def test_a_broken_trainee_yaml_is_one_problem_not_one_per_entry(repo, cli):
    # Found by the fuzz tests (slow runs): a typo in trainee.yaml made every entry of every log an
    # unknown supervisor or goal (365 errors for the example trainee), burying the one real problem.
    repo.trainee(kind_of="x")
    repo.log(
        2026,
        "- mdt: m\n  date: 2026-01-05\n  supervisor: sup\n- introduction: NUK-068\n  date: 2026-01-06\n"
        "  supervisor: vei\n",
    )
    status, out = cli("check", "--format", "json", repo=repo)
    assert status == 1
    assert '"unknown-key"' in out and "kind_of" in out
    assert '"unknown-supervisor"' not in out and '"unknown-goal"' not in out


def test_an_unquoted_identity_number_with_a_leading_zero_is_not_echoed_cut_short(repo, cli):
    # Found by test_identity_fields: 'kind: 02010000079' was read (YAML 1.2) as the integer 2010000079,
    # and the wrong-kind message showed those ten digits, which no mask recognises. A leading zero
    # now means text as written.
    repo.trainee()
    number = "02010000079"
    repo.write(LOG, f"kind: {number}\ntrainee: lis\nyear: 2026\nentries: []\n")
    status, out = cli("check", repo=repo)
    assert status == 1 and "identity-number" in out and "does not belong here" in out
    assert number[1:] not in out


def test_an_unquoted_accession_number_keeps_its_leading_zeros(repo, cli):
    repo.trainee()
    repo.log(2026, "- procedure: skeleton-scintigraphy\n  date: 2026-01-05\n  accession: 0081234\n")
    status, out = cli("find-accession", "0081234", repo=repo)
    assert status == 0, out
    assert "0081234: skeleton scintigraphy, 2026-01-05" in out


@pytest.mark.parametrize("cached", [False, True], ids=["first-write", "after-a-clean-write"])
def test_log_will_not_add_to_a_file_that_holds_an_identity_number(repo, cli, cached):
    # Left over from the hardening run: log loads without the checks, so it appended to such a file
    # and only check (or CI) said anything. The verdict is cached per bytes, so a file that was clean
    # when lisplan last wrote it and was then edited by hand is scanned again.
    _log(repo, "entries:\n  - teaching: t\n    date: 2026-01-05\n")
    path = repo.root / LOG
    if cached:
        assert cli("log", "skeleton-scintigraphy", "--accession", "81234567", "--date", "2026-01-06", repo=repo)[0] == 0
    path.write_text(path.read_text() + f"  - teaching: u\n    date: 2026-01-07\n    note: pasient {FNR}\n")
    before = path.read_bytes()
    status, out = cli("log", "skeleton-scintigraphy", "--accession", "81234568", "--date", "2026-01-08", repo=repo)
    assert status == 1 and "identity number" in out and FNR[2:] not in out
    assert path.read_bytes() == before


def test_a_quoted_identity_number_in_a_number_field_is_not_read_as_a_shorter_number(repo, cli):
    # Left over from the hardening run: lax parsing read year: '01019000083' as 1019000083, and the
    # dates check quoted that, which no mask can recognise. Text in quotes is not a number now.
    repo.trainee()
    repo.write(LOG, f"kind: log\ntrainee: lis\nyear: '{FNR}'\nentries:\n  - teaching: t\n    date: 2026-01-05\n")
    status, out = cli("check", "--format", "json", repo=repo)
    problems = json.loads(out)["problems"]
    assert status == 1 and FNR[1:] not in out and FNR[2:] not in out
    assert {p["code"] for p in problems} >= {"identity-number", "bad-value"}
    bad = next(p for p in problems if p["code"] == "bad-value")
    assert (bad["line"], bad["path"]) == (3, ["year"]) and "whole number" in bad["hint"]


@pytest.mark.parametrize("written", ["hex", "escape"])
def test_a_remembered_check_stars_a_hidden_identity_number_in_its_excerpt_too(repo, cli, written):
    # A regression: check's result was remembered without its excerpts, and
    # a later run with other options (--strict) read the lines from disk, where only the decimal forms
    # are masked. The first run starred the line '    note: 0x3cbcb513'; the second printed it as it is,
    # and the hex form is the fødselsnummer 01019000083 read back by anyone.
    value = f"0x{int(FNR):x}" if written == "hex" else f'"{FNR[:4]}\\x{ord(FNR[4]):02x}{FNR[5:]}"'
    _log(repo, f"entries:\n  - teaching: t\n    date: 2026-01-05\n    note: {value}\n")
    first = cli("check", repo=repo)
    second = cli("check", "--strict", repo=repo)
    for status, out in (first, second):
        assert status == 1 and "identity-number" in out
        assert value not in out and FNR[5:] not in out
        assert "    note: *x********" in out or '    note: "****\\x********"' in out  # every digit starred
    assert first[1] == second[1]
