"""`lisplan check` through the CLI: one small fixture per check, asserting the exit code, the exact
``file:line:col: severity[code]: message`` line and the hint.

Each test writes only the files its case needs; lisplan's own catalogs and plans load beside them.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest

from conftest import PROJECT

LOG = "data/logs/lis/2024.yaml"
PROFILE = "data/logs/lis/trainee.yaml"

# A valid identity number (1 January 1990), computed in test_identity.py's way.
FNR = "01019000083"

TRAINEE = """\
kind: trainee
id: {id}
name: Test LIS
fictional: true
specialty: nuk
plan: {plan}
goal_sets: [nuk-2025, fkm-2026]
start: 2023-09-01
mentor: vei
supervisors:
  - {{id: vei, name: Veileder, email: vei@example.org}}
  - {{id: sup, name: Supervisør, email: sup@example.org}}
{extra}"""

PLAN = """\
kind: plan
id: test-plan
institution: Test
specialty: nuk
goal_sets: [nuk-2019, nuk-2025]
source: test
sections:
  goals_offered: a
  arenas: a
  agreements: a
  supervision: a
  guidance_and_assessment: a
  specialists_in_supervision: a
  theoretical_teaching: a
  research: a
  research_competence: a
arenas:
  - id: nm
    name: NM
timeline:
  - id: p1
    from_month: 0
    to_month: 6
    arena: nm
  - id: p2
    from_month: 6
    to_month: 12
    arena: nm
"""

GOAL_SET = """\
kind: goal-set
id: test-set
specialty: tst
name: Test
in_force: {from: 2020-01-01, until: null}
source: test
parts:
  - id: P1
    name: Part 1
    sections: [basics]
goals:
  - id: TST-001
    title: One
    part: P1
    level: [kunnskap]
  - id: TST-002
    title: Two
    part: P1
    level: [kunnskap]
"""


def profile(repo, *, id="lis", plan="ous-nuk", extra=""):
    repo.write(PROFILE, TRAINEE.format(id=id, plan=plan, extra=extra))


def lines(out: str) -> list[str]:
    return out.splitlines()


def assert_problem(out: str, header: str, hint: str | None = None) -> None:
    """``header`` is one printed line, and ``hint`` (if given) the indented line that follows its excerpt."""
    got = lines(out)
    assert header in got, out
    if hint is not None:
        after = got[got.index(header) + 1 : got.index(header) + 4]
        assert f"  {hint}" in after, out


def assert_only(out: str, *codes: str) -> None:
    """The problems printed have exactly these codes (in any order, with repeats)."""
    found = re.findall(r"^\S+: (?:error|warning)\[([a-z-]+)\]", out, re.MULTILINE)
    assert sorted(found) == sorted(codes), out


# --- files that cannot be read -----------------------------------------------------------------


def test_yaml_malformed(cli, repo):
    profile(repo)
    repo.write(
        LOG,
        """
        kind: log
        trainee: lis
        entries:
          - teaching: "unclosed
            date: 2024-01-15
        """,
    )
    code, out = cli("check", repo=repo)
    assert code == 1
    assert_only(out, "yaml")
    assert_problem(
        out,
        "data/logs/lis/2024.yaml:6:1: error[yaml]: 2024.yaml is not valid YAML: found unexpected end of stream "
        "(while scanning a quoted scalar)",
        "check the indentation and the punctuation (:, -, quotes) on this line and the one above",
    )


def test_yaml_error_shows_the_line(cli, repo):
    profile(repo)
    repo.write(LOG, "kind: log\ntrainee: lis\nnote: a: b\n")
    code, out = cli("check", repo=repo)
    assert code == 1
    header = (
        "data/logs/lis/2024.yaml:3:8: error[yaml]: 2024.yaml is not valid YAML:"
        " mapping values are not allowed in this context"
    )
    assert_problem(out, header, "a value containing ': ' must be quoted, or the line is indented wrongly")
    got = lines(out)
    i = got.index(header)
    # before the fix, a file that did not parse showed no excerpt at all
    assert got[i + 1] == "    3 | note: a: b"
    assert got[i + 2] == "               ^"


def test_duplicate_key(cli, repo):
    profile(repo)
    repo.write(LOG, "kind: log\ntrainee: lis\ntrainee: lis\n")
    code, out = cli("check", repo=repo)
    assert code == 1
    assert_problem(
        out,
        "data/logs/lis/2024.yaml:3:1: error[yaml]: 2024.yaml has the key 'trainee' twice in one mapping",
        "keep one of them",
    )


def test_tab(cli, repo):
    profile(repo)
    repo.write(LOG, "kind: log\ntrainee: lis\nentries:\n\t- teaching: x\n")
    code, out = cli("check", repo=repo)
    assert code == 1
    assert_only(out, "yaml")
    assert_problem(
        out,
        "data/logs/lis/2024.yaml:4:1: error[yaml]: 2024.yaml is not valid YAML: found character that cannot start "
        "any token (while scanning for the next token)",
        "YAML indents with spaces only: replace the tab on this line with spaces",
    )


def test_merge_conflict(cli, repo):
    profile(repo)
    repo.write(LOG, "kind: log\ntrainee: lis\n<<<<<<< HEAD\nyear: 2024\n=======\nyear: 2025\n>>>>>>> main\n")
    code, out = cli("check", repo=repo)
    assert code == 1
    assert_problem(
        out,
        "data/logs/lis/2024.yaml:3:1: error[merge-conflict]: 2024.yaml contains git merge-conflict "
        "markers (lines 3, 5, 7): a git merge was not finished",
        "resolve the merge: keep the lines you want and delete the <<<<<<<, ======= and >>>>>>> lines",
    )


def test_empty(cli, repo):
    profile(repo)
    repo.write(LOG, "# nothing yet\n")
    code, out = cli("check", repo=repo)
    assert code == 1
    assert_only(out, "empty")
    assert_problem(
        out,
        "data/logs/lis/2024.yaml:1:1: error[empty]: the file is empty",
        "a lisplan file here starts with 'kind: log'",
    )


def test_not_a_mapping(cli, repo):
    profile(repo)
    repo.write(LOG, "- kind: log\n")
    code, out = cli("check", repo=repo)
    assert code == 1
    assert_problem(
        out,
        "data/logs/lis/2024.yaml:1:1: error[not-a-mapping]: the file is not a mapping of keys to values",
        "a lisplan file here starts with 'kind: log'",
    )


def test_binary(cli, repo):
    profile(repo)
    repo.write_bytes(LOG, b"kind: log\n\x89PNG\x00\x00")
    code, out = cli("check", repo=repo)
    assert code == 1
    assert_only(out, "yaml")
    assert_problem(
        out,
        "data/logs/lis/2024.yaml:2:5: error[yaml]: 2024.yaml contains a NUL byte: this is a binary file, not YAML text",
        "lisplan reads UTF-8 text; move binary files (PDF certificates, images) outside data/",
    )


def test_not_utf8(cli, repo):
    profile(repo)
    repo.write_bytes(LOG, b"kind: log\ntrainee: lis\nnote: " + "Ærlig\n".encode("latin-1"))
    code, out = cli("check", repo=repo)
    assert code == 1
    assert_problem(
        out,
        "data/logs/lis/2024.yaml:3:7: error[yaml]: 2024.yaml is not valid UTF-8 (byte 0xc6)",
        "save the file as UTF-8 in your editor",
    )


def test_huge_file(cli, repo, monkeypatch):
    import lisplan.files.source

    monkeypatch.setattr(lisplan.files.source, "MAX_BYTES", 2**20)  # larger than any packaged catalog
    profile(repo)
    repo.write(LOG, "kind: log\ntrainee: lis\n" + "# padding\n" * 300_000)
    code, out = cli("check", repo=repo)
    assert code == 1
    assert_only(out, "yaml")
    assert_problem(
        out,
        "data/logs/lis/2024.yaml:1:1: error[yaml]: 2024.yaml file is 3 MB, more than lisplan reads (1 MiB)",
        "split the log by year (data/logs/<trainee>/<year>.yaml) or remove what does not belong",
    )


# --- the kind of a file --------------------------------------------------------------------------


def test_no_kind(cli, repo):
    profile(repo)
    repo.write(LOG, "trainee: lis\nyear: 2024\n")
    code, out = cli("check", repo=repo)
    assert code == 1
    assert_problem(
        out, "data/logs/lis/2024.yaml:1:1: error[no-kind]: the file has no 'kind:' key", "add 'kind: log' at the top"
    )


def test_wrong_kind(cli, repo):
    profile(repo)
    repo.write(LOG, "kind: trainee\ntrainee: lis\n")
    code, out = cli("check", repo=repo)
    assert code == 1
    assert_problem(
        out,
        "data/logs/lis/2024.yaml:1:7: error[wrong-kind]: kind 'trainee' does not belong here "
        "(in lis/ lisplan expects kind: log)",
        "move the file to the folder for its kind, or fix its kind",
    )


def test_wrong_kind_typo(cli, repo):
    repo.write("data/goals/test.yaml", GOAL_SET.replace("kind: goal-set", "kind: goalset"))
    code, out = cli("check", repo=repo)
    assert code == 1
    assert_problem(
        out,
        "data/goals/test.yaml:1:7: error[wrong-kind]: kind 'goalset' does not belong here "
        "(in goals/ lisplan expects kind: goal-set or kind: courses or kind: crosswalk)",
        "did you mean 'goal-set'?",
    )


# --- schema ----------------------------------------------------------------------------------------


def test_unknown_key(cli, repo):
    profile(repo)
    repo.log(
        2024,
        """
        - teaching: Skjelettscintigrafi
          goalz: [NUK-068]
          date: 2024-01-15
        """,
    )
    code, out = cli("check", repo=repo)
    assert code == 1
    assert_only(out, "unknown-key")
    header = "data/logs/lis/2024.yaml:6:5: error[unknown-key]: unknown key 'goalz' in entries[0]"
    assert_problem(out, header, "did you mean 'goals'?")
    got = lines(out)
    i = got.index(header)
    assert got[i + 1 : i + 4] == ["    6 |     goalz: [NUK-068]", "            ^", "  did you mean 'goals'?"]
    assert got[-1] == "1 error, 0 warnings in 1 file."


def test_unknown_key_top_level_lists_allowed_keys(cli, repo):
    profile(repo, extra="colour: blue\n")
    code, out = cli("check", repo=repo)
    assert code == 1
    header = "data/logs/lis/trainee.yaml:13:1: error[unknown-key]: unknown key 'colour' in the file"
    assert header in lines(out)
    assert "  allowed keys here: kind, id, name, fictional, specialty, plan," in out


def test_missing_key(cli, repo):
    profile(repo)
    repo.write(LOG, "kind: log\nyear: 2024\n")
    code, out = cli("check", repo=repo)
    assert code == 1
    assert_problem(
        out,
        "data/logs/lis/2024.yaml:1:1: error[missing-key]: the file is missing 'trainee'",
        "add 'trainee:' with a value",
    )


def test_missing_key_in_an_entry(cli, repo):
    profile(repo)
    repo.log(
        2024,
        """
        - teaching: x
          date: 2024-01-15
        - teaching: y
        """,
    )
    code, out = cli("check", repo=repo)
    assert code == 1
    assert_problem(
        out, "data/logs/lis/2024.yaml:7:5: error[missing-key]: entries[1] is missing 'date'", "add 'date:' with a value"
    )


def test_bad_value_wrong_type(cli, repo):
    profile(repo)
    repo.log(
        2024,
        """
        - teaching: x
          goals: NUK-068
          date: 2024-01-15
        """,
    )
    code, out = cli("check", repo=repo)
    assert code == 1
    assert_problem(
        out,
        "data/logs/lis/2024.yaml:6:12: error[bad-value]: entries[0].goals: Input should be a valid list "
        "(got 'NUK-068')",
        "write a list here: one '- item' per line, or [a, b]",
    )


def test_bad_value_not_a_real_date(cli, repo):
    profile(repo)
    repo.log(
        2024,
        """
        - teaching: x
          date: 2024-13-01
        """,
    )
    code, out = cli("check", repo=repo)
    assert code == 1
    assert_only(out, "bad-value")
    assert "data/logs/lis/2024.yaml:6:11: error[bad-value]: entries[0].date: '2024-13-01' is not a real date" in lines(
        out
    )


def test_bad_value_date_in_another_format(cli, repo):
    profile(repo)
    repo.log(
        2024,
        """
        - teaching: x
          date: 15.01.2024
        """,
    )
    code, out = cli("check", repo=repo)
    assert code == 1
    assert (
        "data/logs/lis/2024.yaml:6:11: error[bad-value]: entries[0].date: '15.01.2024' is not a date; "
        "write it as YYYY-MM-DD"
    ) in lines(out)


def test_bad_value_role_did_you_mean(cli, repo):
    profile(repo)
    repo.log(
        2024,
        """
        - procedure: skeleton-scintigraphy
          accession: "81234567"
          role: describd
          date: 2024-01-15
        """,
    )
    code, out = cli("check", repo=repo)
    assert code == 1
    assert_only(out, "bad-value")
    assert_problem(
        out,
        "data/logs/lis/2024.yaml:7:11: error[bad-value]: entries[0].role: 'describd' is not allowed here",
        "did you mean 'described'?",
    )


def test_bad_value_number_out_of_range(cli, repo):
    profile(repo, extra="employment: 120\n")
    code, out = cli("check", repo=repo)
    assert code == 1
    assert_problem(
        out,
        "data/logs/lis/trainee.yaml:13:13: error[bad-value]: employment: Input should be less than or "
        "equal to 100 (got 120)",
        "use a smaller number",
    )


def test_bad_value_whole_entry(cli, repo):
    # Before the fix this printed "entries[0].procedure: … (got 'skeleton-scintigraphy')": the
    # discriminator tag was kept in the path when the error was about the whole entry.
    profile(repo)
    repo.log(
        2024,
        """
        - procedure: skeleton-scintigraphy
          date: 2024-01-15
        """,
    )
    code, out = cli("check", repo=repo)
    assert code == 1
    assert_problem(
        out,
        "data/logs/lis/2024.yaml:5:5: error[bad-value]: entries[0]: a procedure needs an accession "
        "number (accession:) or a stay number (stay:)",
        "see docs/file-formats.md for what belongs here",
    )


def test_bad_value_in_the_kind_key(cli, repo):
    profile(repo)
    repo.log(
        2024,
        """
        - self-study: [a, b]
          date: 2024-01-15
        """,
    )
    code, out = cli("check", repo=repo)
    assert code == 1
    assert_problem(
        out,
        "data/logs/lis/2024.yaml:5:17: error[bad-value]: entries[0].self-study: Input should be a valid string",
        "write text here (quote it if it looks like a number or date)",
    )


def test_entry_kind_missing(cli, repo):
    profile(repo)
    repo.log(
        2024,
        """
        - date: 2024-01-15
          note: forgot what
        """,
    )
    code, out = cli("check", repo=repo)
    assert code == 1
    assert_problem(
        out,
        "data/logs/lis/2024.yaml:5:5: error[entry-kind]: entries[0] has no kind key (procedure, "
        "introduction, mdt, course, teaching, self-study, supervision, signoff)",
        "start the entry with its kind, e.g. '- procedure: skeleton-scintigraphy'",
    )


def test_entry_kind_misspelt(cli, repo):
    profile(repo)
    repo.log(
        2024,
        """
        - tecahing: x
          date: 2024-01-15
        """,
    )
    code, out = cli("check", repo=repo)
    assert code == 1
    assert_problem(
        out,
        "data/logs/lis/2024.yaml:5:5: error[entry-kind]: entries[0] has no kind key (procedure, "
        "introduction, mdt, course, teaching, self-study, supervision, signoff)",
        "did you mean 'teaching'?",
    )


def test_entry_kind_two_kinds(cli, repo):
    profile(repo)
    repo.log(
        2024,
        """
        - date: 2024-01-15
          course: nm-1-stralevern
          teaching: x
        """,
    )
    code, out = cli("check", repo=repo)
    assert code == 1
    assert_problem(
        out,
        "data/logs/lis/2024.yaml:5:5: error[entry-kind]: entries[0] has several kind keys (course, teaching)",
        "split it into one entry per kind",
    )


def test_entry_kind_first_key_decides(cli, repo):
    profile(repo)
    repo.log(
        2024,
        """
        - course: nm-1-stralevern
          teaching: x
          date: 2024-01-15
        """,
    )
    code, out = cli("check", repo=repo)
    assert code == 1
    assert_problem(
        out,
        "data/logs/lis/2024.yaml:6:5: error[unknown-key]: unknown key 'teaching' in entries[0]",
        "allowed keys here: date, note, portal, course, certificate",
    )


def test_signoff_of_a_procedure_list_as_documented(cli, repo):
    profile(repo)
    repo.log(
        2024,
        """
        - signoff: NUK-068
          activity: procedure-list
          procedure: skeleton-scintigraphy
          by: sup
          date: 2024-12-02
        """,
    )
    code, out = cli("check", repo=repo)
    assert code == 0, out


# --- references ----------------------------------------------------------------------------------


def test_unknown_goal(cli, repo):
    profile(repo)
    repo.log(
        2024,
        """
        - introduction: NUK-999
          date: 2024-01-15
          supervisor: sup
        """,
    )
    code, out = cli("check", repo=repo)
    assert code == 1
    assert_only(out, "unknown-goal")
    assert_problem(
        out,
        "data/logs/lis/2024.yaml:5:19: error[unknown-goal]: NUK-999: no goal NUK-999 in the goal sets "
        "fkm-2026, nuk-2019, nuk-2025",
        # a code of nuk-2025, which replaced nuk-2019 (NUK-099, as close, is one a new entry cannot name)
        "did you mean 'NUK-169'?",
    )


def test_unknown_goal_set(cli, repo):
    profile(repo)
    repo.write(PROFILE, (repo.root / PROFILE).read_text().replace("[nuk-2025, fkm-2026]", "[nuk-2025, fkm-2062]"))
    code, out = cli("check", repo=repo)
    assert code == 1
    assert_only(out, "unknown-goal-set")
    assert_problem(
        out,
        "data/logs/lis/trainee.yaml:7:23: error[unknown-goal-set]: unknown goal set 'fkm-2062'",
        "did you mean 'fkm-2026'?",
    )


def test_unknown_goal_set_replaced(cli, repo):
    repo.write("data/goals/test.yaml", GOAL_SET.replace("source: test", "source: test\nreplaces: [nuk-2018]"))
    code, out = cli("check", repo=repo)
    assert code == 1
    assert_problem(
        out,
        "data/goals/test.yaml:7:12: error[unknown-goal-set]: unknown goal set 'nuk-2018'",
        "did you mean 'nuk-2019'?",
    )


def test_unknown_course(cli, repo):
    profile(repo)
    repo.log(
        2024,
        """
        - course: nm-1-stralevrn
          date: 2024-01-15
        """,
    )
    code, out = cli("check", repo=repo)
    assert code == 1
    assert_problem(
        out,
        "data/logs/lis/2024.yaml:5:13: error[unknown-course]: unknown course 'nm-1-stralevrn'",
        "did you mean 'nm-1-stralevern'?",
    )


def test_unknown_procedure(cli, repo):
    profile(repo)
    repo.log(
        2024,
        """
        - procedure: skeleton-scintigrafy
          accession: "81234567"
          date: 2024-01-15
        """,
    )
    code, out = cli("check", repo=repo)
    assert code == 1
    assert_problem(
        out,
        "data/logs/lis/2024.yaml:5:16: error[unknown-procedure]: unknown procedure 'skeleton-scintigrafy'",
        "did you mean 'skeleton-scintigraphy'?",
    )


def test_valid_plan_fixture_passes(cli, repo):
    repo.write("data/plans/test.yaml", PLAN)
    code, out = cli("check", "--strict", repo=repo)
    assert code == 0, out
    assert lines(out)[-1].startswith("No problems in ")


def test_unknown_arena(cli, repo):
    repo.write("data/plans/test.yaml", PLAN.replace("    arena: nm\n  - id: p2", "    arena: mn\n  - id: p2"))
    code, out = cli("check", repo=repo)
    assert code == 1
    assert_only(out, "unknown-arena")
    assert_problem(
        out, "data/plans/test.yaml:24:12: error[unknown-arena]: unknown arena 'mn'", "name one of the plan's arenas"
    )


def test_unknown_supervisor(cli, repo):
    profile(repo)
    repo.log(
        2024,
        """
        - supervision: individual
          by: vie
          date: 2024-01-15
        """,
    )
    code, out = cli("check", repo=repo)
    assert code == 1
    assert_problem(
        out, "data/logs/lis/2024.yaml:6:9: error[unknown-supervisor]: unknown supervisor 'vie'", "did you mean 'vei'?"
    )


def test_unknown_mentor(cli, repo):
    profile(repo)
    repo.write(PROFILE, (repo.root / PROFILE).read_text().replace("mentor: vei", "mentor: kari"))
    code, out = cli("check", repo=repo)
    assert code == 1
    assert_problem(
        out,
        "data/logs/lis/trainee.yaml:9:9: error[unknown-supervisor]: unknown supervisor 'kari'",
        "add the mentor under 'supervisors:' in trainee.yaml",
    )


def test_unknown_plan(cli, repo):
    profile(repo, plan="ous-nku")
    code, out = cli("check", repo=repo)
    assert code == 1
    assert_problem(
        out, "data/logs/lis/trainee.yaml:6:7: error[unknown-plan]: unknown plan 'ous-nku'", "did you mean 'ous-nuk'?"
    )


# --- duplicates ----------------------------------------------------------------------------------


def test_duplicate_goal_id(cli, repo):
    repo.write("data/goals/test.yaml", GOAL_SET.replace("id: TST-002", "id: TST-001"))
    code, out = cli("check", repo=repo)
    assert code == 1
    assert_only(out, "duplicate-id")
    assert_problem(
        out,
        "data/goals/test.yaml:16:9: error[duplicate-id]: goal in set test-set 'TST-001' appears twice",
        "give each its own id, or remove one",
    )


def test_duplicate_plan_id(cli, repo):
    repo.write("data/plans/a.yaml", PLAN)
    repo.write("data/plans/b.yaml", PLAN)
    code, out = cli("check", repo=repo)
    assert code == 1
    assert_only(out, "duplicate-id")
    assert_problem(
        out,
        "data/plans/b.yaml:2:5: error[duplicate-id]: plan id 'test-plan' is already used by a.yaml",
        "give one of them another id",
    )


def test_a_repo_plan_may_replace_a_packaged_one(cli, repo):
    repo.write("data/plans/ous.yaml", PLAN.replace("id: test-plan", "id: ous-nuk"))
    code, out = cli("check", "--strict", repo=repo)
    assert code == 0, out


def test_duplicate_accession(cli, repo):
    profile(repo)
    repo.log(
        2024,
        """
        - procedure: skeleton-scintigraphy
          accession: "81234567"
          date: 2024-01-15
        - procedure: skeleton-scintigraphy
          accession: "81234567"
          role: described
          date: 2024-01-16
        - procedure: skeleton-scintigraphy
          accession: "81234567"
          role: re-review
          date: 2024-01-17
        """,
    )
    code, out = cli("check", repo=repo)
    assert code == 1
    assert_only(out, "duplicate-accession")
    assert_problem(
        out,
        "data/logs/lis/2024.yaml:9:16: error[duplicate-accession]: accession number 81234567 is already "
        "logged for skeleton-scintigraphy as described (2024.yaml, entry 1)",
        "remove the repeated entry; a re-review of the same exam is logged with role: re-review",
    )


# --- dates ---------------------------------------------------------------------------------------


def test_future_date(cli, repo):
    profile(repo)
    repo.log(
        2026,
        """
        - teaching: x
          date: 2026-11-24
        """,
    )
    code, out = cli("check", repo=repo)
    assert code == 1
    assert_only(out, "future-date")
    assert_problem(
        out,
        "data/logs/lis/2026.yaml:6:11: error[future-date]: date 2026-11-24 is in the future",
        "log work on or before today (2026-11-23)",
    )


def test_today_is_not_the_future(cli, repo):
    profile(repo)
    repo.log(
        2026,
        """
        - teaching: x
          date: 2026-11-23
        """,
    )
    code, out = cli("check", "--strict", repo=repo)
    assert code == 0, out


OUT_OF_ORDER = """
    - teaching: x
      date: 2024-02-01
    - teaching: y
      date: 2024-01-01
    """


def test_out_of_order_is_a_warning(cli, repo):
    profile(repo)
    repo.log(2024, OUT_OF_ORDER)
    code, out = cli("check", repo=repo)
    assert code == 0
    assert_only(out, "entry-out-of-order")
    assert_problem(
        out,
        "data/logs/lis/2024.yaml:8:11: warning[entry-out-of-order]: entry 2 (2024-01-01) comes after an "
        "entry dated 2024-02-01",
        "keep entries in date order so the log reads as a diary",
    )
    assert lines(out)[-1] == "0 errors, 1 warning in 1 file."


def test_out_of_order_strict(cli, repo):
    profile(repo)
    repo.log(2024, OUT_OF_ORDER)
    code, out = cli("check", "--strict", repo=repo)
    assert code == 1
    assert (
        "data/logs/lis/2024.yaml:8:11: error[entry-out-of-order]: entry 2 (2024-01-01) comes after an entry dated "
        "2024-02-01" in lines(out)
    )


def test_wrong_year(cli, repo):
    profile(repo)
    repo.log(
        2024,
        """
        - teaching: x
          date: 2025-01-09
        """,
    )
    code, out = cli("check", repo=repo)
    assert code == 0
    assert_only(out, "wrong-year")
    assert_problem(
        out,
        "data/logs/lis/2024.yaml:6:11: warning[wrong-year]: date 2025-01-09 is not in 2024, the year of this file",
        "move the entry to 2025.yaml",
    )
    assert cli("check", "--strict", repo=repo)[0] == 1


def test_before_start(cli, repo):
    profile(repo)
    repo.log(
        2023,
        """
        - teaching: x
          date: 2023-08-31
        """,
    )
    code, out = cli("check", repo=repo)
    assert code == 0
    assert_problem(
        out,
        "data/logs/lis/2023.yaml:6:11: warning[before-start]: date 2023-08-31 is before the trainee's "
        "start (2023-09-01)",
        "check the date, or the start date in trainee.yaml",
    )


def test_leave_backwards(cli, repo):
    profile(repo, extra="leave:\n  - {from: 2025-03-01, to: 2025-02-01, percent: 100}\n")
    code, out = cli("check", repo=repo)
    assert code == 1
    assert_only(out, "leave-backwards")
    assert_problem(
        out,
        "data/logs/lis/trainee.yaml:14:28: error[leave-backwards]: leave ends (2025-02-01) before it "
        "starts (2025-03-01)",
        "swap the dates, or fix the one that is wrong",
    )


# --- identity numbers ----------------------------------------------------------------------------

WHY = (
    "remove it: patient identifiers do not belong in a training log — record the accession number or stay number "
    "(oppholdsnummer) instead"
)
MASKED = "01********* is a Norwegian national identity number (fødselsnummer or D-nummer)"


def _identity(cli, repo, entries: str, header: str) -> str:
    profile(repo)
    repo.log(2024, entries)
    code, out = cli("check", repo=repo)
    assert code == 1
    assert_only(out, "identity-number")
    assert_problem(out, header, WHY)
    assert FNR not in out  # neither in the message nor in the excerpt
    assert FNR[6:] not in out
    return out


def test_identity_number_in_a_note(cli, repo):
    out = _identity(
        cli,
        repo,
        f"""
        - teaching: x
          date: 2024-01-15
          note: pasient {FNR} hadde
        """,
        f"data/logs/lis/2024.yaml:7:19: error[identity-number]: {MASKED}",
    )
    # before the fix the excerpt line printed the full number right under the masked message
    assert "    7 |     note: pasient 01********* hadde" in lines(out)


def test_identity_number_as_accession(cli, repo):
    _identity(
        cli,
        repo,
        f"""
        - procedure: skeleton-scintigraphy
          accession: "{FNR}"
          date: 2024-01-15
        """,
        f"data/logs/lis/2024.yaml:6:17: error[identity-number]: {MASKED}",
    )


def test_identity_number_in_a_comment(cli, repo):
    out = _identity(
        cli,
        repo,
        f"""
        # pasient {FNR[:6]} {FNR[6:]}
        - teaching: x
          date: 2024-01-15
        """,
        f"data/logs/lis/2024.yaml:5:13: error[identity-number]: {MASKED}",
    )
    assert "    5 |   # pasient 01**** *****" in lines(out)


def test_identity_number_in_json_and_github_is_masked(cli, repo):
    profile(repo)
    repo.log(
        2024,
        f"""
        - teaching: x
          date: 2024-01-15
          note: {FNR}
        """,
    )
    for fmt in ("json", "github", "gitlab"):
        code, out = cli("check", "--format", fmt, repo=repo)
        assert code == 1
        assert FNR not in out and FNR[6:] not in out


def test_eleven_digits_with_a_wrong_check_digit_are_fine(cli, repo):
    profile(repo)
    repo.log(
        2024,
        f"""
        - procedure: skeleton-scintigraphy
          accession: "{FNR[:10]}4"
          date: 2024-01-15
        """,
    )
    code, out = cli("check", "--strict", repo=repo)
    assert code == 0, out


# --- plans ---------------------------------------------------------------------------------------


def test_plan_incomplete(cli, repo):
    repo.write("data/plans/test.yaml", PLAN.replace("  research: a\n", ""))
    code, out = cli("check", repo=repo)
    assert code == 1
    assert_only(out, "plan-incomplete")
    # points at the 'sections:' key (before the fix: at its first value)
    assert_problem(
        out,
        "data/plans/test.yaml:7:1: error[plan-incomplete]: plan test-plan does not state how research "
        "is part of the training (sections.research)",
        "add 'sections: research:' with the plan's text; spesialistforskriften § 19 requires it",
    )


def test_plan_without_sections(cli, repo):
    text = PLAN.split("sections:")[0] + "arenas:\n" + PLAN.split("\narenas:\n", 1)[1]
    repo.write("data/plans/test.yaml", text)
    code, out = cli("check", repo=repo)
    assert code == 1
    assert_only(out, *["plan-incomplete"] * 9)


def test_timeline_overlap(cli, repo):
    repo.write("data/plans/test.yaml", PLAN.replace("from_month: 6", "from_month: 4"))
    code, out = cli("check", repo=repo)
    assert code == 1
    assert_only(out, "timeline-overlap")
    assert_problem(
        out,
        "data/plans/test.yaml:26:17: error[timeline-overlap]: phase p2 starts at month 4, before "
        "phase p1 ends (month 6)",
        "start p2 at month 6",
    )


def test_timeline_gap(cli, repo):
    repo.write("data/plans/test.yaml", PLAN.replace("from_month: 6", "from_month: 8"))
    code, out = cli("check", repo=repo)
    assert code == 0
    assert_only(out, "timeline-gap")
    assert_problem(
        out,
        "data/plans/test.yaml:26:17: warning[timeline-gap]: nothing is planned between month 6 (p1) and month 8 (p2)",
        "start p2 at month 6",
    )
    assert cli("check", "--strict", repo=repo)[0] == 1


def test_timeline_gap_at_the_start(cli, repo):
    repo.write("data/plans/test.yaml", PLAN.replace("from_month: 0", "from_month: 1"))
    code, out = cli("check", repo=repo)
    assert code == 0
    assert_problem(
        out,
        "data/plans/test.yaml:22:17: warning[timeline-gap]: the timeline starts at month 1, not 0",
        "let the first phase start at month 0",
    )


def test_phase_backwards(cli, repo):
    repo.write("data/plans/test.yaml", PLAN.replace("to_month: 12", "to_month: 5"))
    code, out = cli("check", repo=repo)
    assert code == 1
    assert_problem(
        out,
        "data/plans/test.yaml:27:15: error[phase-backwards]: phase p2 ends (month 5) before it starts (month 6)",
        "fix from_month or to_month",
    )


# --- sign-offs and trainees ----------------------------------------------------------------------


def test_self_signoff(cli, repo):
    profile(repo)
    repo.log(
        2024,
        """
        - signoff: NUK-068
          activity: introduction
          by: lis
          date: 2024-01-15
        - signoff: NUK-068
          activity: teaching
          by: lis
          date: 2024-01-16
        """,
    )
    code, out = cli("check", repo=repo)
    assert code == 0
    assert_only(out, "self-signoff")  # the teaching sign-off is the trainee's own to give
    assert_problem(
        out,
        "data/logs/lis/2024.yaml:7:9: warning[self-signoff]: the trainee signed the sign-off of the "
        "introduction for NUK-068, which a supervisor must sign; it does not count",
        "ask a supervisor to sign it off (by: <supervisor id>)",
    )
    assert cli("check", "--strict", repo=repo)[0] == 1


def test_self_approval(cli, repo):
    profile(repo)
    repo.log(
        2024,
        """
        - signoff: NUK-068
          by: self
          date: 2024-01-15
        """,
    )
    code, out = cli("check", repo=repo)
    assert code == 0
    assert (
        "data/logs/lis/2024.yaml:6:9: warning[self-signoff]: the trainee signed the approval of NUK-068, which a "
        "supervisor must sign; it does not count"
    ) in lines(out)


def test_trainee_id_of_the_profile(cli, repo):
    profile(repo, id="other")
    code, out = cli("check", repo=repo)
    assert code == 1
    assert_only(out, "trainee-id")
    assert_problem(
        out,
        "data/logs/lis/trainee.yaml:2:5: error[trainee-id]: trainee id 'other' differs from its folder name 'lis'",
        "rename the folder to data/logs/other/ or set id: lis",
    )


def test_trainee_id_of_a_log(cli, repo):
    profile(repo)
    repo.write(LOG, "kind: log\ntrainee: lsi\nyear: 2024\n")
    code, out = cli("check", repo=repo)
    assert code == 1
    assert_only(out, "trainee-id")
    assert_problem(
        out,
        "data/logs/lis/2024.yaml:2:10: error[trainee-id]: this log says trainee 'lsi' but sits in the folder of 'lis'",
        "set 'trainee: lis' or move the file",
    )


def test_no_profile(cli, repo):
    repo.log(
        2024,
        """
        - teaching: x
          date: 2024-01-15
        """,
    )
    code, out = cli("check", repo=repo)
    assert code == 1
    assert_only(out, "no-profile")
    assert_problem(
        out,
        "data/logs/lis/trainee.yaml: error[no-profile]: trainee folder lis/ has logs but no trainee.yaml",
        "in the plan repo, lisplan init --trainee lis --name NAME --plan PLAN --start DATE writes it "
        "(or write it by hand: docs/file-formats.md)",
    )


def test_broken_profile_is_not_reported_missing(cli, repo):
    # Before the fix a trainee.yaml that did not parse was also reported as "no trainee.yaml".
    repo.write(PROFILE, "kind: trainee\nid: lis\nid: lis\n")
    repo.write(LOG, "kind: log\ntrainee: lis\nyear: 2024\n")
    code, out = cli("check", repo=repo)
    assert code == 1
    assert_only(out, "yaml")


# --- the command ---------------------------------------------------------------------------------


def test_no_data_folder_is_a_usage_error(cli, tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    code, out = cli("check", repo=empty)
    assert code == 2
    assert f"error: no plan repo at {empty.resolve()} or above it" in out
    assert "pass --repo PATH" in out
    assert "Traceback" not in out


def test_clean_repo(cli, repo):
    profile(repo)
    repo.log(
        2024,
        """
        - procedure: skeleton-scintigraphy
          accession: "81234567"
          supervisor: sup
          date: 2024-01-15
        - introduction: NUK-068
          supervisor: sup
          date: 2024-01-16
        """,
    )
    code, out = cli("check", "--strict", repo=repo)
    assert code == 0, out
    assert re.fullmatch(r"No problems in \d+ files\.", lines(out)[-1])


def test_check_path_reports_only_that_file(cli, repo):
    profile(repo, plan="ous-nku")
    repo.log(
        2024,
        """
        - teaching: x
          goalz: []
          date: 2024-01-15
        """,
    )
    repo.log(
        2025,
        """
        - teaching: x
          date: 2024-01-15
        """,
    )
    code, out = cli("check", str(repo.root / LOG), repo=repo)
    assert code == 1
    assert_only(out, "unknown-key")
    code, out = cli("check", str(repo.root / "data/logs/lis/2025.yaml"), repo=repo)
    assert code == 0  # only a warning there; the errors elsewhere do not count
    assert_only(out, "wrong-year")


def test_check_path_with_no_problems(cli, repo):
    profile(repo, plan="ous-nku")
    repo.log(2024, "- {teaching: x, date: 2024-01-15}")
    code, out = cli("check", str(repo.root / LOG), repo=repo)
    assert code == 0
    assert "unknown-plan" not in out


def _two_problems(repo):
    profile(repo)
    repo.log(
        2024,
        """
        - teaching: x
          goalz: []
          date: 2024-02-01
        """,
    )
    repo.log(
        2025,
        """
        - teaching: x
          date: 2025-02-01
        - teaching: y
          date: 2025-01-01
        """,
    )


def test_format_json(cli, repo):
    _two_problems(repo)
    code, out = cli("check", "--format", "json", repo=repo)
    assert code == 1
    data = json.loads(out)
    assert data["summary"] == {"errors": 1, "warnings": 1}
    by_code = {p["code"]: p for p in data["problems"]}
    assert by_code["unknown-key"] == {
        "file": "data/logs/lis/2024.yaml",
        "line": 6,
        "col": 5,
        "severity": "error",
        "code": "unknown-key",
        "message": "unknown key 'goalz' in entries[0]",
        "hint": "did you mean 'goals'?",
        "path": ["entries", 0, "goalz"],
    }
    assert by_code["entry-out-of-order"]["severity"] == "warning"
    assert by_code["entry-out-of-order"]["file"] == "data/logs/lis/2025.yaml"
    assert (by_code["entry-out-of-order"]["line"], by_code["entry-out-of-order"]["col"]) == (8, 11)


def test_format_json_strict(cli, repo):
    _two_problems(repo)
    code, out = cli("check", "--format", "json", "--strict", repo=repo)
    assert json.loads(out)["summary"] == {"errors": 2, "warnings": 0}


def test_format_json_clean(cli, repo):
    profile(repo)
    code, out = cli("check", "--format", "json", repo=repo)
    assert code == 0
    assert json.loads(out) == {"problems": [], "summary": {"errors": 0, "warnings": 0}}


GITHUB = re.compile(r"^::(error|warning) file=[^,]+,line=\d+,col=\d+,title=[^:]+::.+$")


def test_format_github(cli, repo):
    _two_problems(repo)
    code, out = cli("check", "--format", "github", repo=repo)
    assert code == 1
    got = lines(out)
    assert len(got) == 2
    for line in got:
        assert GITHUB.match(line), line
    assert (
        "::error file=data/logs/lis/2024.yaml,line=6,col=5,title=lisplan unknown-key::unknown key 'goalz' in "
        "entries[0] — did you mean 'goals'?"
    ) in got
    assert any(
        line.startswith("::warning file=data/logs/lis/2025.yaml,line=8,col=11,title=lisplan entry-out-of-order::")
        for line in got
    )


def test_format_github_escapes_newlines_and_percent(cli, repo):
    profile(repo)
    repo.write(
        LOG, 'kind: log\ntrainee: lis\nyear: 2024\nentries:\n  - teaching: x\n    date: 2024-01-01\n    "go:al%s": 1\n'
    )
    code, out = cli("check", "--format", "github", repo=repo)
    assert code == 1
    for line in lines(out):
        assert GITHUB.match(line), line
    assert "go:al%25s" in out


def test_format_github_for_a_file_that_does_not_parse(cli, repo):
    profile(repo)
    repo.write_bytes(LOG, b"\x00")
    code, out = cli("check", "--format", "github", repo=repo)
    assert code == 1
    assert lines(out) == [
        "::error file=data/logs/lis/2024.yaml,line=1,col=1,title=lisplan yaml::2024.yaml contains a "
        "NUL byte: this is a binary file, not YAML text — lisplan reads UTF-8 text; move binary files "
        "(PDF certificates, images) outside data/"
    ]


def test_format_github_clean_prints_nothing(cli, repo):
    profile(repo)
    code, out = cli("check", "--format", "github", repo=repo)
    assert (code, out) == (0, "")


def test_format_gitlab_is_a_code_quality_report(cli, repo):
    """GitLab reads description, check_name, fingerprint, severity and location.path/lines.begin."""
    _two_problems(repo)
    code, out = cli("check", "--format", "gitlab", repo=repo)
    assert code == 1
    report = json.loads(out)
    by_check = {item["check_name"]: item for item in report}
    assert by_check["lisplan unknown-key"]["description"] == "unknown key 'goalz' in entries[0] — did you mean 'goals'?"
    assert by_check["lisplan unknown-key"]["severity"] == "major"
    assert by_check["lisplan unknown-key"]["location"] == {"path": "data/logs/lis/2024.yaml", "lines": {"begin": 6}}
    assert by_check["lisplan entry-out-of-order"]["severity"] == "minor"
    assert by_check["lisplan entry-out-of-order"]["location"]["path"] == "data/logs/lis/2025.yaml"
    assert len({item["fingerprint"] for item in report}) == 2


def test_format_gitlab_fingerprint_survives_lines_added_above(cli, repo):
    _two_problems(repo)
    before = json.loads(cli("check", "--format", "gitlab", repo=repo)[1])
    text = (repo.root / LOG).read_text()
    (repo.root / LOG).write_text("# a comment\n# and another\n" + text)
    after = json.loads(cli("check", "--format", "gitlab", repo=repo)[1])
    moved = {i["fingerprint"]: i["location"]["lines"]["begin"] for i in after}
    for item in before:
        if item["location"]["path"] == LOG:
            assert moved[item["fingerprint"]] == item["location"]["lines"]["begin"] + 2


def test_format_gitlab_clean_is_an_empty_report(cli, repo):
    profile(repo)
    code, out = cli("check", "--format", "gitlab", repo=repo)
    assert (code, json.loads(out)) == (0, [])


def test_unknown_format_is_a_usage_error(cli, repo):
    code, out = cli("check", "--format", "xml", repo=repo)
    assert code == 2


# --- no traceback ever reaches the user ----------------------------------------------------------

KIND_FOLDERS = {"goal-set": "data/goals", "courses": "data/goals", "plan": "data/plans"}


def _fields(kind: str) -> list[str]:
    from lisplan.models import FILE_KINDS

    return [f.alias or n for n, f in FILE_KINDS[kind].model_fields.items() if n != "kind"]


def _nasty_texts(kind: str) -> dict[str, str | bytes]:
    """Files of one kind that are wrong in every way we could think of, by name."""
    cases: dict[str, str | bytes] = {}
    for i, value in enumerate(("null", "{a: 1}", "[1, [2], {b: 3}, null]", "x", "-7", "[{}]", "[[]]", "2024-13-01")):
        cases[f"every-key-{i}"] = f"kind: {kind}\n" + "".join(f"{key}: {value}\n" for key in _fields(kind))
    cases["list"] = f"- kind: {kind}\n"
    cases["scalar"] = f"{kind}\n"
    cases["kind-list"] = "kind: [a]\n"
    cases["kind-map"] = "kind: {a: 1}\n"
    cases["binary"] = bytes(range(256))
    cases["truncated"] = f'kind: {kind}\nid: "x\nname: [a'
    cases["deep"] = f"kind: {kind}\nid: " + "[" * 50_000
    cases["utf16"] = f"kind: {kind}\n".encode("utf-16")
    cases["huge-int"] = f"kind: {kind}\nid: x\nyear: " + "9" * 5000 + "\n"  # a traceback before the fix
    return cases


NASTY_LOGS = {
    "entries-none": "kind: log\ntrainee: {t}\nyear: null\n"
    "entries: [null, 1, x, [], {{}}, {{teaching: null, date: null}}]\n",
    "entries-nested": "kind: log\ntrainee: {t}\nentries:\n"
    "  - procedure: {{a: 1}}\n    accession: [1]\n    date: {{b: 2}}\n"
    "  - signoff: [NUK-068]\n    by: {{}}\n    date: 2024-01-01\n  - supervision: [individual]\n"
    "    date: []\n",
    "nan-year": "kind: log\ntrainee: {t}\nyear: .nan\n",
}

NASTY_PLAN = (
    "kind: plan\nid: p\ninstitution: i\nspecialty: nuk\ngoal_sets: [nuk-2019]\nsource: s\n"
    "sections: [a]\narenas: [{id: a, name: a, offers: [1]}]\ntimeline: [{id: t, from_month: x, to_month: null}]\n"
    "readiness: [{goals: null, after_months: -1}]\nsupervision: [1]\nthroughput: 3\n"
    "goal_activities: [{goal: NUK-068, activities: {kind: mdt}}]\n"
)


def _write_nasty_repo(repo) -> list[str]:
    """Every nasty file in one repo (a trainee folder each for profiles and logs); returns their paths."""
    written = []

    def put(rel: str, content: str | bytes) -> None:
        path = repo.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        written.append(rel)

    for kind, folder in KIND_FOLDERS.items():
        for name, content in _nasty_texts(kind).items():
            put(f"{folder}/{kind}-{name}.yaml", content)
    for name, content in _nasty_texts("trainee").items():
        put(f"data/logs/t-{name}/trainee.yaml", content)
    for name, content in {**_nasty_texts("log"), **NASTY_LOGS}.items():
        folder = f"l-{name}"
        repo.write(f"data/logs/{folder}/trainee.yaml", TRAINEE.format(id=folder, plan="ous-nuk", extra=""))
        put(f"data/logs/{folder}/2024.yaml", content.format(t=folder) if name in NASTY_LOGS else content)
    put("data/plans/nested.yaml", NASTY_PLAN)
    put("data/logs/inf/trainee.yaml", TRAINEE.format(id="inf", plan="ous-nuk", extra="employment: .inf\n"))
    return written


@pytest.mark.parametrize("fmt", ["text", "json", "github"])
def test_no_traceback_on_nasty_files(cli, repo, fmt):
    nasty = _write_nasty_repo(repo)
    code, out = cli("check", "--format", fmt, repo=repo)  # the cli fixture lets any exception through
    assert "Traceback" not in out
    assert code == 1
    if fmt == "json":
        reported = {p["file"] for p in json.loads(out)["problems"]}
        assert set(nasty) <= reported, sorted(set(nasty) - reported)
    if fmt == "github":
        assert all(GITHUB.match(line) for line in lines(out)), out


@pytest.mark.parametrize("content", list(_nasty_texts("config").values()), ids=list(_nasty_texts("config")))
def test_no_traceback_on_a_nasty_config(cli, repo, content):
    if isinstance(content, bytes):
        repo.write_bytes("lisplan.yaml", content)
    else:
        (repo.root / "lisplan.yaml").write_text(content, encoding="utf-8")
    code, out = cli("check", repo=repo)
    assert "Traceback" not in out
    assert code == 1
    assert "lisplan.yaml:" in out


def _run_module(*args: str, cwd) -> subprocess.CompletedProcess[str]:
    env = {
        "PATH": "/usr/bin:/bin",
        "LISPLAN_TODAY": "2026-11-23",
        "PYTHONPATH": str(PROJECT / "src"),
        "LISPLAN_LANG": "en",
    }
    return subprocess.run(
        [sys.executable, "-m", "lisplan", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=60
    )


def test_no_traceback_through_the_real_entry_point(repo):
    profile(repo)
    repo.write_bytes(LOG, b"kind: log\n\x00\xff")
    repo.write("data/plans/nasty.yaml", "- kind: plan\n")
    repo.write("data/goals/nasty.yaml", "kind: goal-set\nid: [x]\ngoals: {a: 1}\nparts: null\n")
    result = _run_module("check", cwd=repo.root)
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    assert "data/logs/lis/2024.yaml:2:1: error[yaml]:" in result.stdout
    assert "data/plans/nasty.yaml:1:1: error[not-a-mapping]:" in result.stdout


def test_real_entry_point_usage_errors(tmp_path):
    result = _run_module("check", cwd=tmp_path)
    assert result.returncode == 2
    assert "no plan repo" in result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    result = _run_module("check", "--format", "xml", cwd=tmp_path)
    assert result.returncode == 2
    assert "Traceback" not in result.stdout + result.stderr


def test_internal_errors_are_reported_not_raised(monkeypatch, capsys):
    # The last line of defence in cli.main: a bug in lisplan still prints one line, not a traceback.
    import lisplan.cli
    import lisplan.load.loader

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setenv("LISPLAN_NO_CACHE", "1")  # a remembered result would not reach load at all
    monkeypatch.setattr(lisplan.load.loader, "load_in_parts", broken)  # check loads a part at a time
    monkeypatch.setattr(sys, "argv", ["lisplan", "--repo", str(PROJECT), "check"])
    with pytest.raises(SystemExit) as info:
        lisplan.cli.main()
    assert info.value.code == 1
    err = capsys.readouterr().err
    assert "internal error: RuntimeError: boom" in err
    assert "Traceback" not in err


def test_check_path_relative_to_the_repo(cli, repo):
    profile(repo)
    repo.write(LOG, "kind: log\ntrainee: lis\nyear: 2024\nfoo: 1\n")
    code, out = cli("check", LOG, repo=repo)
    assert code == 1
    assert_only(out, "unknown-key")


def test_check_path_that_does_not_exist_is_a_usage_error(cli, repo):
    profile(repo)
    code, out = cli("check", str(repo.root / "data/logs/lis/nope.yaml"), repo=repo)
    assert code == 2


def test_duplicate_accession_under_two_names_of_one_procedure(cli, repo):
    # Before, entries were compared by the name as written, so the Norwegian name hid the duplicate.
    repo.trainee()
    repo.log(
        2026,
        """
        - procedure: skeleton-scintigraphy
          date: 2026-01-05
          accession: "81234567"
        - procedure: skjelettscintigrafi
          date: 2026-01-06
          accession: "81234567"
        """,
    )
    code, out = cli("check", repo=repo)
    assert code == 1
    assert (
        "accession number 81234567 is already logged for skeleton-scintigraphy as described (2026.yaml, entry 1)" in out
    )


def test_an_internal_error_with_a_read_only_message_is_reported_as_itself(monkeypatch, capsys):
    # jinja2's UndefinedError has a read-only `message`; the usage-error masking wrote to it and so raised
    # AttributeError, hiding the real error behind another one.
    import lisplan.cli
    import lisplan.load.loader

    class ReadOnly(Exception):
        @property
        def message(self) -> str:
            return "the real fault"

    def broken(*args, **kwargs):
        raise ReadOnly("the real fault")

    monkeypatch.setenv("LISPLAN_NO_CACHE", "1")
    monkeypatch.setattr(lisplan.load.loader, "load_in_parts", broken)
    monkeypatch.setattr(sys, "argv", ["lisplan", "--repo", str(PROJECT), "check"])
    with pytest.raises(SystemExit) as info:
        lisplan.cli.main()
    err = capsys.readouterr().err
    assert info.value.code == 1
    assert "internal error: ReadOnly: the real fault" in err and "AttributeError" not in err
