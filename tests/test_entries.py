"""Seeing and correcting the log: ``lisplan entries``, ``edit``, ``remove`` and ``undo``, on a copy of the
example repo that ships in data/ (its logs are fictional). Every write is compared byte for byte with
the file before it: only the lines of the entry change."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import PROJECT

LIS = "data/logs/eksempel-lis"
LOG = f"{LIS}/2026.yaml"
PROFILE = f"{LIS}/trainee.yaml"
NEW = "data/logs/eksempel-lis-2026/2026.yaml"
FNR = "01019000083"  # a valid fødselsnummer (tests/test_check.py), never stored

#: data/logs/eksempel-lis/2026.yaml, lines 515-519: the 104th entry (of 105), 2026:104
ENTRY_104 = """\
  - procedure: skeleton-scintigraphy
    date: 2026-11-18
    accession: "40582033"
    role: described
    supervisor: ola-overlege
"""


@pytest.fixture
def example(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A clone of the example repo, as a user has it: data/ and lisplan.yaml."""
    root = tmp_path / "lisplan"
    shutil.copytree(PROJECT / "data", root / "data")
    shutil.copy(PROJECT / "lisplan.yaml", root / "lisplan.yaml")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))  # the user's own key (files/store.py)
    import lisplan.files.store as seal

    monkeypatch.setattr(seal, "_tried", False)
    monkeypatch.setattr(seal, "_key", None)
    return root


def read(root: Path, rel: str = LOG) -> bytes:
    return (root / rel).read_bytes()


def listed(cli, root: Path, *options: str) -> list[dict]:
    code, out = cli("entries", "--format", "json", *options, repo=root)
    assert code == 0, out
    return json.loads(out)["entries"]


# --- lisplan entries ---------------------------------------------------------------------------------


def test_entries_lists_the_log_newest_first_with_references(cli, example):
    code, out = cli("entries", "--since", "2026-11-01", repo=example)
    assert code == 0, out
    lines = out.splitlines()
    assert lines[0] == "Eksempel LIS: 5 entries"
    # the five entries of November 2026 (2026.yaml, lines 505-524), newest first
    assert lines[1].split()[:3] == ["2026:105", "2026-11-19", "examination"]
    assert "skeleton scintigraphy, signed, 14504596, Ola Overlege" in lines[1]
    assert lines[2].split()[:2] == ["2026:104", "2026-11-18"]
    assert lines[3].split()[:4] == ["2026:103", "2026-11-09", "guidance", "meeting"]
    assert "individual, utdanning og trivsel, Kari Veileder" in lines[3]
    assert [line.split()[0] for line in lines[4:6]] == ["2026:102", "2026:101"]


def test_entries_json_gives_each_entry_with_its_reference_and_as_written(cli, example):
    (found,) = listed(cli, example, "--accession", "40582033")
    assert found["ref"] == "2026:104" and found["file"] == LOG and found["kind"] == "procedure"
    assert found["entry"] == {
        "procedure": "skeleton-scintigraphy",
        "date": "2026-11-18",
        "accession": "40582033",
        "role": "described",
        "supervisor": "ola-overlege",
    }


def test_entries_filters_by_kind_goal_procedure_and_dates(cli, example):
    # the introduction to NUK-116 and its sign-off (2026.yaml of eksempel-lis-2026, entries 5 and 6)
    refs = [
        e["ref"]
        for e in listed(cli, example, "--trainee", "eksempel-lis-2026", "--goal", "nuk-116", "--until", "2026-04-06")
    ]
    assert refs == ["2026:6", "2026:5"]
    # bokmål's word for a sign-off; five sign-offs on 24.02.2025 (2025.yaml, entries 22-26: NUK-012 … NUK-016)
    signoffs = listed(cli, example, "--kind", "kvittering", "--since", "2025-02-24", "--until", "2025-02-24")
    assert [e["ref"] for e in signoffs] == ["2025:26", "2025:25", "2025:24", "2025:23", "2025:22"]
    # the examinations of a procedure list, by its Norwegian name; the first of 2026 is 2026:1
    procedures = listed(
        cli, example, "--procedure", "skjelettscintigrafi", "--until", "2026-01-07", "--since", "2026-01-01"
    )
    assert [e["ref"] for e in procedures] == ["2026:1"]
    # the parental leave in trainee.yaml overlaps June 2025
    assert [e["ref"] for e in listed(cli, example, "--kind", "leave", "--since", "2025-06-01")] == ["leave:1"]


def test_entries_refuses_an_unknown_kind_and_goal(cli, example):
    code, out = cli("entries", "--kind", "signof", repo=example)
    assert code == 2 and "'signof' is not a kind of entry: write procedure, introduction" in out and "or leave" in out
    code, out = cli("entries", "--goal", "NUK-999", repo=example)
    assert code == 2 and "--goal 'NUK-999'" in out


# --- remove ------------------------------------------------------------------------------------------


def test_remove_takes_out_the_entrys_lines_and_nothing_else_and_undo_puts_them_back(cli, example):
    before = read(example)
    code, out = cli("remove", "2026:104", repo=example)
    assert code == 0, out
    assert f"Removed 2026:104 skeleton scintigraphy (2026-11-18, described) from {LOG}" in out
    assert read(example) == before.replace(ENTRY_104.encode(), b"", 1)
    code, out = cli("undo", repo=example)
    assert code == 0, out
    assert f"Took back the last change (lisplan remove) in {LOG}" in out
    assert read(example) == before
    code, out = cli("undo", repo=example)
    assert code == 1 and "nothing to undo" in out


def test_remove_dry_run_shows_the_lines_and_writes_nothing(cli, example):
    before = read(example)
    code, out = cli("remove", "2026:104", "--dry-run", repo=example)
    assert code == 0, out
    assert out == f"Would remove 2026:104 from {LOG}:515:\n" + ENTRY_104
    assert read(example) == before


def test_remove_a_leave_period_from_trainee_yaml(cli, example):
    before = read(example, PROFILE)
    code, out = cli("remove", "permisjon:1", repo=example)
    assert code == 0, out
    period = b"  - from: 2025-03-01\n    to: 2025-08-31\n    percent: 100\n    reason: foreldrepermisjon\n"
    # its only period: the list is empty, not missing (which would read as no value)
    assert read(example, PROFILE) == before.replace(period, b"", 1).replace(b"\nleave:\n", b"\nleave: []\n")


@pytest.mark.parametrize(
    ("ref", "said"),
    [
        ("2026:999", f"'2026:999': {LOG} has 105 entries"),
        ("2026:0", f"'2026:0': {LOG} has 105 entries"),
        ("2019:1", "'2019:1': trainee eksempel-lis has no log 2019.yaml"),
        ("14", "'14' is not a reference to an entry (a log's year and the entry's number, e.g. 2026:14)"),
    ],
)
def test_a_bad_reference_is_refused_with_where_to_look(cli, example, ref, said):
    before = read(example)
    code, out = cli("remove", "2026:1", ref, repo=example)
    assert code == 2
    assert said in out and "lisplan entries lists the entries with their references" in out
    assert read(example) == before  # not even the good one


# --- edit --------------------------------------------------------------------------------------------


def test_edit_changes_only_the_lines_of_what_changed_and_undo_restores_the_bytes(cli, example):
    before = read(example)
    code, out = cli("edit", "2026:104", "--date", "2026-11-17", "--note", "sen vakt", "--role", "signed", repo=example)
    assert code == 0, out
    assert "Changed 2026:104" in out and "date: 2026-11-18 → 2026-11-17" in out and "note: (none) → 'sen vakt'" in out
    edited = ENTRY_104.replace("2026-11-18", "2026-11-17").replace("described", "signed") + "    note: sen vakt\n"
    assert read(example) == before.replace(ENTRY_104.encode(), edited.encode(), 1)
    code, out = cli("edit", "2026:104", "--note", "", repo=example)  # '' takes the note out
    assert code == 0, out
    assert read(example) == before.replace(ENTRY_104.encode(), edited.replace("    note: sen vakt\n", "").encode(), 1)
    code, out = cli("undo", repo=example)  # the last write only: the note comes back
    assert code == 0, out
    assert read(example) == before.replace(ENTRY_104.encode(), edited.encode(), 1)


def test_edit_dry_run_writes_nothing(cli, example):
    before = read(example)
    code, out = cli("edit", "2026:104", "--supervisor", "per-overlege", "--dry-run", repo=example)
    assert code == 0, out
    assert f"Would change 2026:104 in {LOG}:515 to:" in out and "supervisor: per-overlege" in out
    assert read(example) == before


@pytest.mark.parametrize(
    ("options", "said", "hint"),
    [
        (["--date", "2026-12-01"], f"{LOG}:515: --date 2026-12-01 is in the future", "log work on or before today"),
        (
            ["--note", f"pasient {FNR}"],
            "--note: 01********* is a Norwegian national identity number",
            "patient identifiers do not belong in a training log",
        ),
        (["--supervisor", "nobody"], f"{LOG}:515: --supervisor: unknown supervisor 'nobody'", "supervisors:"),
        (
            ["--by", "per-overlege"],
            "--by: 2026:104 is skeleton scintigraphy (2026-11-18, described), which has no --by",
            "--by is for: signoff, supervision",
        ),
        (
            ["--date", "2025-12-30"],
            "--date 2025-12-30: an entry lives in the log of its year, and 2026:104 is in 2026.yaml",
            "lisplan remove 2026:104, then record it again with --date 2025-12-30",
        ),
        ([], "nothing to change", "lisplan edit 2026:104 --date"),
    ],
)
def test_an_edit_that_would_make_the_entry_invalid_is_refused_as_the_entry_commands_refuse_it(
    cli, example, options, said, hint
):
    before = read(example)
    code, out = cli("edit", "2026:104", *options, repo=example)
    assert code == 2, out
    assert said in out and hint in out
    assert FNR not in out
    assert read(example) == before


def test_the_same_refusal_as_log_gives(cli, example):
    _code, logged = cli(
        "log", "skeleton-scintigraphy", "--accession", "1", "--supervisor", "nobody", "--dry-run", repo=example
    )
    _code, edited = cli("edit", "2026:104", "--supervisor", "nobody", repo=example)
    assert logged.split("error: ")[1] in edited


def test_an_entry_that_changed_since_it_was_read_is_not_written_over(example):
    from lisplan.checks.writable import valid_log
    from lisplan.files.changes import KeyChange, change_items
    from lisplan.files.source import parse
    from lisplan.files.writer import WriteError

    path = example / LOG
    seen = parse(path).data["entries"][103]
    path.write_text(path.read_text().replace('"40582033"', '"40582034"'))  # an editor saves meanwhile
    before = path.read_bytes()
    with pytest.raises(WriteError) as refused:
        change_items({path: [KeyChange(103, seen, remove=True)]}, "entries", check=valid_log)
    assert refused.value.message == "2026.yaml changed since lisplan read it (entry 104 is not what it was)"
    assert refused.value.hint == "nothing was written; run the command again"
    assert path.read_bytes() == before


def test_a_flow_style_list_is_refused_with_the_fix(cli, repo):
    repo.trainee()
    repo.write(
        "data/logs/lis/2026.yaml", "kind: log\ntrainee: lis\nyear: 2026\nentries: [{teaching: T, date: 2026-01-10}]\n"
    )
    code, out = cli("remove", "2026:1", repo=repo)
    assert code == 2
    assert "2026.yaml:4: 'entries:' is written in flow style ([…]), so lisplan will not take an item out" in out
    assert "write 'entries:' as a block list" in out


# --- undo --------------------------------------------------------------------------------------------


def test_undo_takes_back_what_log_added_byte_for_byte(cli, example):
    before = read(example)
    code, out = cli(
        "log", "skeleton-scintigraphy", "--accession", "77665544", "--supervisor", "per-overlege", repo=example
    )
    assert code == 0, out
    assert read(example) != before
    code, out = cli("undo", "--dry-run", repo=example)
    assert code == 0 and "-  - procedure: skeleton-scintigraphy" in out and "77665544" in out
    code, out = cli("undo", repo=example)
    assert code == 0, out
    assert f"Took back 1 entry lisplan added in {LOG}" in out
    assert read(example) == before


def test_undo_takes_the_added_entry_out_also_when_the_file_changed_elsewhere(cli, example):
    before = read(example)
    cli("log", "skeleton-scintigraphy", "--accession", "77665544", repo=example)
    path = example / LOG
    path.write_bytes(path.read_bytes().replace(b"# Example trainee", b"# The example trainee"))
    code, out = cli("undo", repo=example)
    assert code == 0, out
    assert read(example) == before.replace(b"# Example trainee", b"# The example trainee")


def test_undo_of_an_entry_changed_since_says_how_to_find_it(cli, example):
    cli("log", "skeleton-scintigraphy", "--accession", "77665544", repo=example)
    path = example / LOG
    path.write_text(path.read_text().replace("77665544", "77665545"))
    before = read(example)
    code, out = cli("undo", repo=example)
    assert code == 1
    assert f"{LOG} no longer holds skeleton scintigraphy (2026-11-23, described) as lisplan added it" in out
    assert "lisplan entries --since 2026-11-23 shows it with its reference; lisplan remove REF takes it out" in out
    assert read(example) == before


def test_undo_of_an_edit_after_the_file_changed_shows_the_lines(cli, example):
    cli("edit", "2026:104", "--date", "2026-11-17", repo=example)
    path = example / LOG
    path.write_text(path.read_text() + "  # a comment\n")
    code, out = cli("undo", repo=example)
    assert code == 1
    assert f"{LOG} has changed since lisplan's last write, so undo cannot put it back as it was" in out
    assert f"git diff {LOG} shows the changes" in out and "date: 2026-11-18" in out


def test_undo_of_leave_puts_trainee_yaml_back(cli, example):
    before = read(example, PROFILE)
    code, out = cli("leave", "2026-07-01", "2026-07-10", "--reason", "ferie", repo=example)
    assert code == 0, out
    code, out = cli("undo", repo=example)
    assert code == 0, out
    assert f"Took back 1 entry lisplan added in {PROFILE}" in out
    assert read(example, PROFILE) == before


def test_undo_of_the_entry_that_made_a_years_file_takes_the_file_away(cli, repo, monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path.parent / f"{tmp_path.name}-cache"))  # outside the repo
    import lisplan.files.store as seal

    monkeypatch.setattr(seal, "_tried", False)
    monkeypatch.setattr(seal, "_key", None)
    repo.trainee()
    code, out = cli("teaching", "Skjelettscintigrafi", "--goal", "NUK-116", repo=repo)
    assert code == 0 and "(a new file)" in out, out
    code, out = cli("undo", repo=repo)
    assert code == 0, out
    assert "Took back 1 entry (and the file it made) in data/logs/lis/2026.yaml" in out
    assert not (repo.root / "data/logs/lis/2026.yaml").exists()


def test_a_record_not_sealed_by_this_user_is_not_trusted(cli, example):
    cli("remove", "2026:104", repo=example)
    record = example / ".lisplan-cache" / "last-write.json"
    record.write_text(record.read_text().replace("lisplan remove", "lisplan forged"))
    code, out = cli("undo", repo=example)
    assert code == 1 and "nothing to undo" in out


def test_the_record_never_leads_outside_the_repo(cli, example, tmp_path):
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (example / ".lisplan-cache").symlink_to(outside)
    code, out = cli("remove", "2026:104", repo=example)
    assert code == 0, out
    assert not (outside / "last-write.json").exists()
    code, out = cli("undo", repo=example)
    assert code == 1 and "nothing to undo" in out


# --- a supervisor's sign-off, and committed writes (git) ---------------------------------------------

PER = ("Per Overlege", "per.overlege@example.org")
LIS_GIT = ("Eksempel LIS", "eksempel.lis@example.org")


def git(root: Path, *args: str, who: tuple[str, str] = LIS_GIT) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": who[0], "GIT_AUTHOR_EMAIL": who[1]}
    env |= {"GIT_COMMITTER_NAME": who[0], "GIT_COMMITTER_EMAIL": who[1], "GIT_CONFIG_GLOBAL": os.devnull}
    return subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, check=True, env=env).stdout


@pytest.fixture
def signed(example: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The example repo in git, and Per Overlege's own commit of a sign-off of NUK-016 (2026:106)."""
    for name, value in (("GIT_AUTHOR_NAME", LIS_GIT[0]), ("GIT_AUTHOR_EMAIL", LIS_GIT[1])):
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("GIT_COMMITTER_NAME", LIS_GIT[0])
    monkeypatch.setenv("GIT_COMMITTER_EMAIL", LIS_GIT[1])
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", os.devnull)
    git(example, "init", "-q", "-b", "main")
    git(example, "add", "-A")
    git(example, "commit", "-qm", "start")
    path = example / LOG
    path.write_text(path.read_text() + "  - signoff: NUK-016\n    date: 2026-11-20\n    by: per-overlege\n")
    git(example, "commit", "-qam", "sign-off of NUK-016", who=PER)
    return example


def test_a_signoff_its_supervisor_committed_is_removed_only_with_force(cli, signed):
    before = read(signed)
    code, out = cli("remove", "2026:106", repo=signed)
    assert code == 2
    assert (
        f"{LOG}:525: 2026:106 is sign-off of NUK-016 by Per Overlege (2026-11-20), which Per Overlege committed in"
        in out
    )
    assert "only Per Overlege changes it" in out
    assert (
        "lisplan remove 2026:106 --force does it all the same, and lisplan check --verify-signoffs will report it"
        in out
    )
    assert read(signed) == before
    code, out = cli("edit", "2026:106", "--date", "2026-11-21", repo=signed)
    assert code == 2 and "lisplan edit 2026:106 --force" in out
    code, out = cli("remove", "2026:106", "--force", repo=signed)
    assert code == 0, out
    assert "changed with --force: lisplan check --verify-signoffs will report it" in out
    assert read(signed) == before.replace(b"  - signoff: NUK-016\n    date: 2026-11-20\n    by: per-overlege\n", b"")


def test_a_signoff_not_committed_needs_no_force(cli, signed):
    code, out = cli("signoff", "NUK-017", "--by", "per-overlege", repo=signed)
    assert code == 0, out
    code, out = cli("remove", "2026:107", repo=signed)
    assert code == 0, out


def test_undo_of_a_committed_write_says_git_revert(cli, signed):
    before = read(signed)
    code, out = cli("log", "skeleton-scintigraphy", "--accession", "77665544", "--commit", repo=signed)
    assert code == 0, out
    sha = git(signed, "rev-parse", "--short", "HEAD").strip()
    code, out = cli("undo", repo=signed)
    assert code == 1
    assert (
        f"lisplan's last write (lisplan: skeleton scintigraphy (2026-11-23, described), {LOG}) is committed, in {sha}"
        in out
    )
    assert f"take it back with: git revert {sha}" in out
    assert read(signed) != before


# --- in bokmål ---------------------------------------------------------------------------------------


def test_in_bokmal(cli, example):
    code, out = cli("--lang", "nb", "entries", "--since", "2026-11-18", repo=example)
    assert code == 0, out
    assert out.splitlines()[0] == "Eksempel LIS: 2 oppføringer"
    assert out.splitlines()[1].split()[:3] == ["2026:105", "19.11.2026", "undersøkelse"]
    code, out = cli("--lang", "nb", "remove", "2026:999", repo=example)
    assert code == 2 and f"'2026:999': {LOG} har 105 oppføringer" in out
    code, out = cli("--lang", "nb", "edit", "2026:104", "--date", "2026-12-01", repo=example)
    assert code == 2 and f"{LOG}:515: --date 01.12.2026 er fram i tid" in out
    code, out = cli("--lang", "nb", "remove", "2026:104", repo=example)
    assert code == 0 and "Fjernet 2026:104" in out
    code, out = cli("--lang", "nb", "undo", repo=example)
    assert code == 0 and "Tok tilbake" in out


def test_undo_takes_back_every_examination_one_log_added(cli, example):
    before = read(example)
    code, out = cli("log", "skeleton-scintigraphy", "77665544", "77665545", "77665546", repo=example)
    assert code == 0, out
    code, out = cli("undo", repo=example)
    assert code == 0, out
    assert f"Took back 3 entries lisplan added in {LOG}" in out
    assert read(example) == before


def test_removing_the_last_entry_renumbers_nothing_and_says_nothing_of_it(cli, example):
    code, out = cli("remove", "2026:105", repo=example)
    assert code == 0, out
    assert "number one less" not in out
    code, out = cli("remove", "2026:103", repo=example)
    assert "The entries after it in the same file now have a number one less" in out


def test_the_report_of_an_edit_reads_in_bokmal(cli, example):
    code, out = cli(
        "--lang", "nb", "edit", "2026:104", "--role", "signert", "--supervisor", "per-overlege", repo=example
    )
    assert code == 0, out
    assert "rolle: beskrevet → signert; supervisør: Ola Overlege → Per Overlege" in out


def test_check_verify_signoffs_reports_a_supervisors_signoff_taken_out_by_someone_else(cli, signed):
    code, out = cli("remove", "2026:106", "--force", "--commit", repo=signed)
    assert code == 0, out
    assert "lisplan check --verify-signoffs will report it as taken out of what Per Overlege committed" in out
    code, out = cli("check", "--verify-signoffs", "--format", "json", repo=signed)
    removed = [p for p in json.loads(out)["problems"] if p["code"] == "signoff-removed"]
    assert len(removed) == 1, out
    assert removed[0]["message"].startswith(
        "the sign-off of NUK-016 dated 2026-11-20, which per-overlege committed in "
    )
    assert removed[0]["file"] == LOG


def test_a_signoff_its_supervisor_took_out_themselves_is_not_reported(cli, signed):
    path = signed / LOG
    path.write_text(path.read_text().replace("  - signoff: NUK-016\n    date: 2026-11-20\n    by: per-overlege\n", ""))
    git(signed, "commit", "-qam", "not signed after all", who=PER)
    code, out = cli("check", "--verify-signoffs", "--format", "json", repo=signed)
    assert "signoff-removed" not in [p["code"] for p in json.loads(out)["problems"]], out
