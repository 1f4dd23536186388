"""The entry commands through Typer's runner: what they write, what they refuse, and what check says after.

Every test that writes ends by running ``lisplan check`` on the result: an entry lisplan wrote must
never be one lisplan itself reports.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
import subprocess

import pytest

from conftest import TODAY
from lisplan.commands.session import load_checked as load
from lisplan.compute.progress import compute
from lisplan.files.source import parse
from test_identity import D_NUMBER, FNR, SYNTHETIC

LOG = "data/logs/lis/2026.yaml"
PROFILE = "data/logs/lis/trainee.yaml"


@pytest.fixture
def lis(repo):
    repo.trainee()
    repo.log(
        2026,
        """
        # my first examinations
        - procedure: skeleton-scintigraphy
          date: 2026-01-05
          accession: "10000001"     # double quotes, kept
          role: described
        """,
    )
    return repo


def entries(repo, rel=LOG):
    return parse(repo.root / rel).data["entries"]


def assert_check_passes(cli, repo):
    code, out = cli("check", repo=repo)
    assert code == 0, out


def status_count(repo, proc="skeleton-scintigraphy"):
    loaded = load(repo.root, today=dt.date.fromisoformat(TODAY))
    progress = compute(loaded.workspace, loaded.workspace.trainees["lis"], dt.date.fromisoformat(TODAY))
    return next(p.done for p in progress.procedures if p.procedure.id == proc)


# --- lisplan log ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name", ["skeleton-scintigraphy", "skjelettscintigrafi", "Skeleton Scintigraphy", "skjelett-scintigrafi"]
)
def test_log_by_id_or_any_name_writes_the_id_and_prints_the_count(cli, lis, name):
    before = (lis.root / LOG).read_text()
    code, out = cli("log", name, "--accession", "81234567", "--supervisor", "sup", repo=lis)
    assert code == 0, out
    assert f"skeleton scintigraphy: {status_count(lis)} / 400" in out
    assert status_count(lis) == 2
    after = (lis.root / LOG).read_text()
    assert after.startswith(before)  # every byte the user wrote, comments and quotes too
    assert after[len(before) :] == (
        "  - procedure: skeleton-scintigraphy\n    date: 2026-11-23\n"
        "    accession: '81234567'\n    role: described\n    supervisor: sup\n"
    )
    assert_check_passes(cli, lis)


def test_log_near_miss_suggests_the_procedure(cli, lis):
    code, out = cli("log", "skeleton-scintigrafy", "--accession", "1", repo=lis)
    assert code == 2
    assert "did you mean skeleton scintigraphy (skeleton-scintigraphy)?" in out  # the name, and the id to type
    code, out = cli("log", "skelet", "--accession", "1", repo=lis)
    assert code == 2 and "did you mean skeleton scintigraphy (skeleton-scintigraphy)?" in out
    assert len(entries(lis)) == 1


def test_log_date_option_and_a_new_year_file(cli, lis):
    code, out = cli("log", "skeleton-scintigraphy", "-a", "555", "--date", "2025-12-30", repo=lis)
    assert code == 0, out
    assert "(a new file)" in out
    assert parse(lis.root / "data/logs/lis/2025.yaml").data == {
        "kind": "log",
        "trainee": "lis",
        "year": 2025,
        "entries": [
            {"procedure": "skeleton-scintigraphy", "date": "2025-12-30", "accession": "555", "role": "described"}
        ],
    }
    assert_check_passes(cli, lis)


@pytest.mark.parametrize(
    ("date", "message"),
    [
        ("2026-11-24", "--date 2026-11-24 is in the future"),
        ("2026-13-01", "--date '2026-13-01' is not a date"),
        ("the day before", "--date 'the day before' is not a date"),
    ],
)
def test_log_refuses_bad_dates(cli, lis, date, message):
    code, out = cli("log", "skeleton-scintigraphy", "-a", "1", "--date", date, repo=lis)
    assert code == 2
    assert message in out
    assert len(entries(lis)) == 1


def test_log_stay_number_instead_of_accession(cli, lis):
    code, out = cli("log", "skeleton-scintigraphy", "--stay", "4711", repo=lis)
    assert code == 0, out
    assert entries(lis)[-1]["stay"] == "4711" and "accession" not in entries(lis)[-1]
    code, out = cli("log", "skeleton-scintigraphy", repo=lis)
    assert code == 2 and "--accession" in out
    code, out = cli("log", "skeleton-scintigraphy", "--stay", "1", "--accession", "2", repo=lis)
    assert code == 2 and "not both" in out
    assert_check_passes(cli, lis)


@pytest.mark.parametrize("number", [FNR, D_NUMBER, SYNTHETIC, FNR[:6] + " " + FNR[6:]])
@pytest.mark.parametrize("option", ["--accession", "--stay", "--note"])
def test_identity_numbers_are_refused_in_every_field(cli, lis, number, option):
    args = ["log", "skeleton-scintigraphy", option, number]
    if option == "--note":
        args += ["--accession", "1"]
    before = (lis.root / LOG).read_bytes()
    code, out = cli(*args, repo=lis)
    assert code == 2
    assert "national identity number" in out and "patient identifiers do not belong" in out
    assert number not in out  # not even echoed back
    assert (lis.root / LOG).read_bytes() == before


@pytest.mark.parametrize("look_alike", [FNR[:-1] + str((int(FNR[-1]) + 1) % 10), "12345678901", "99999999999"])
def test_eleven_digit_numbers_that_fail_the_check_are_accepted(cli, lis, look_alike):
    code, out = cli("log", "skeleton-scintigraphy", "--accession", look_alike, repo=lis)
    assert code == 0, out
    assert entries(lis)[-1]["accession"] == look_alike


def test_duplicate_accession_refused_unless_other_role_or_allowed(cli, lis):
    code, out = cli("log", "skeleton-scintigraphy", "-a", "10000001", repo=lis)
    assert code == 2
    assert "10000001 is already logged for skeleton scintigraphy as described (2026-01-05, 2026.yaml)" in out
    assert "--allow-duplicate" in out
    code, out = cli("log", "skjelettscintigrafi", "-a", "10000001", "--role", "re-review", repo=lis)
    assert code == 0, out
    assert "skeleton scintigraphy: 1 / 400 (a re-review does not count towards the minimum)" in out
    code, out = cli("log", "skeleton-scintigraphy", "-a", "10000001", "--allow-duplicate", repo=lis)
    assert code == 0, out
    assert len(entries(lis)) == 3


def test_unknown_supervisor_refused_with_suggestion(cli, lis):
    code, out = cli("log", "skeleton-scintigraphy", "-a", "1", "--supervisor", "supp", repo=lis)
    assert code == 2
    assert "--supervisor: unknown supervisor 'supp'" in out and "did you mean Supervisør (sup)?" in out


def test_refuses_to_write_into_a_broken_file_and_says_where(cli, lis):
    path = lis.root / LOG
    path.write_text(path.read_text() + "  - procedure: skeleton-scintigraphy\n    date: 2026-02-30\n    accession: x\n")
    before = path.read_bytes()
    code, out = cli("log", "skeleton-scintigraphy", "-a", "2", repo=lis)
    assert code == 1
    assert "data/logs/lis/2026.yaml:11:" in out  # file:line:col of the bad date
    assert "will not write" in out
    assert path.read_bytes() == before


def test_refuses_a_file_that_does_not_parse(cli, lis):
    path = lis.root / LOG
    path.write_text(path.read_text() + "  - procedure: [unclosed\n")
    code, out = cli("log", "skeleton-scintigraphy", "-a", "2", repo=lis)
    assert code == 1
    assert "data/logs/lis/2026.yaml:" in out and "not valid YAML" in out


def test_dry_run_checks_and_shows_but_writes_nothing(cli, lis):
    before = (lis.root / LOG).read_bytes()
    code, out = cli("log", "skeleton-scintigraphy", "-a", "77", "--dry-run", repo=lis)
    assert code == 0, out
    assert "skeleton scintigraphy: 2 / 400" in out
    assert "Would add to data/logs/lis/2026.yaml" in out and "accession: '77'" in out
    assert (lis.root / LOG).read_bytes() == before


def test_count_is_right_across_years_and_after_the_cache_is_warm(cli, lis):
    lis.log(
        2025,
        """
        - procedure: skjelettscintigrafi
          date: 2025-03-01
          accession: "20000001"
          role: signed
        - procedure: skeleton-scintigraphy
          date: 2025-03-02
          accession: "20000002"
          role: re-review
        """,
    )
    for n in range(3):
        code, out = cli("log", "skeleton-scintigraphy", "-a", f"3000000{n}", repo=lis)
        assert code == 0, out
        assert f"skeleton scintigraphy: {status_count(lis)} / 400" in out
    assert status_count(lis) == 5
    code, out = cli("log", "skeleton-scintigraphy", "-a", "20000001", "--role", "signed", repo=lis)
    assert code == 2 and "(2025-03-01, 2025.yaml)" in out  # duplicates found in other years too


def test_an_edited_file_is_checked_again(cli, lis):
    assert cli("log", "skeleton-scintigraphy", "-a", "5", repo=lis)[0] == 0
    path = lis.root / LOG
    path.write_text(
        path.read_text() + "  - procedure: skeleton-scintigraphy\n    date: 2026-03-01\n    accession: '6'\n"
    )
    code, out = cli("log", "skeleton-scintigraphy", "-a", "6", repo=lis)
    assert code == 2 and "already logged" in out  # the hand-added entry is seen
    code, out = cli("log", "skeleton-scintigraphy", "-a", "7", repo=lis)
    assert code == 0 and "skeleton scintigraphy: 4 / 400" in out


# --- the other entry commands ---------------------------------------------------------------------


def test_course_by_former_name_with_certificate(cli, lis):
    cert = lis.write("certificates/grunnkurs.pdf", "%PDF-1.4 fake")
    code, out = cli("course", "Grunnkurs I", "--certificate", str(cert), "--date", "2026-10-01", repo=lis)
    assert code == 0, out  # a former name, and an absolute path in the repo
    assert entries(lis)[-1] == {
        "course": "rus-grunnkurs-1",
        "date": "2026-10-01",
        "certificate": "certificates/grunnkurs.pdf",
    }
    code, out = cli(
        "course", "nm-1-stralevern", "--certificate", "certificates/grunnkurs.pdf", "--date", "2026-10-01", repo=lis
    )
    assert code == 0, out
    assert entries(lis)[-1] == {
        "course": "nm-1-stralevern",
        "date": "2026-10-01",
        "certificate": "certificates/grunnkurs.pdf",
    }
    code, out = cli("course", "nm-1-stralevern", "--certificate", "certificates/missing.pdf", repo=lis)
    assert code == 2 and "no such file" in out
    code, out = cli("course", "nm-1-stralevren", repo=lis)
    assert code == 2 and "did you mean" in out
    assert_check_passes(cli, lis)


def test_teaching_self_study_introduction_mdt(cli, lis):
    assert cli("teaching", "Skjelettscintigrafi", "--type", "national-web", "--goal", "nuk-068", repo=lis)[0] == 0
    assert entries(lis)[-1] == {
        "teaching": "Skjelettscintigrafi",
        "date": TODAY,
        "type": "national-web",
        "goals": ["NUK-068"],
    }
    assert cli("self-study", "e-håndbok: skjelettscintigrafi", "-g", "NUK-068", repo=lis)[0] == 0
    assert entries(lis)[-1] == {"self-study": "e-håndbok: skjelettscintigrafi", "date": TODAY, "goals": ["NUK-068"]}
    assert cli("introduction", "NUK-068", "--supervisor", "sup", repo=lis)[0] == 0
    assert entries(lis)[-1] == {"introduction": "NUK-068", "date": TODAY, "supervisor": "sup"}
    assert cli("mdt", "lungekreft", "--goal", "NUK-085", "-s", "sup", "-n", "case 3 of 5", repo=lis)[0] == 0
    assert entries(lis)[-1] == {
        "mdt": "lungekreft",
        "date": TODAY,
        "goal": "NUK-085",
        "supervisor": "sup",
        "note": "case 3 of 5",
    }
    code, out = cli("introduction", "NUK-999", repo=lis)
    assert code == 2 and "GOAL 'NUK-999'" in out
    # the near miss is a code of nuk-2025, the set in force, not NUK-099 of nuk-2019, which it replaced
    assert "did you mean 'NUK-169'?" in out
    assert_check_passes(cli, lis)


def test_supervision_defaults_to_the_mentor_and_keeps_the_report(cli, lis):
    lis.write("reports/2026-11.md", "# Veiledning\n")
    code, out = cli(
        "supervision",
        "individual",
        "--topic",
        "individuell utdanningsplan",
        "--review",
        "--report",
        "reports/2026-11.md",
        repo=lis,
    )
    assert code == 0, out
    assert entries(lis)[-1] == {
        "supervision": "individual",
        "date": TODAY,
        "by": "vei",
        "topic": "individuell utdanningsplan",
        "review": True,
        "report": "reports/2026-11.md",
    }
    assert cli("supervision", "group", "--topic", "etikk", repo=lis)[0] == 0
    assert entries(lis)[-1] == {"supervision": "group", "date": TODAY, "topic": "etikk"}
    assert_check_passes(cli, lis)


def test_signoff_of_a_procedure_list_finds_the_procedure(cli, lis):
    code, out = cli("signoff", "NUK-068", "--activity", "procedure-list", "--by", "sup", repo=lis)
    assert code == 0, out
    assert entries(lis)[-1] == {
        "signoff": "NUK-068",
        "date": TODAY,
        "activity": "procedure-list",
        "procedure": "skeleton-scintigraphy",
        "by": "sup",
    }
    assert cli("signoff", "NUK-068", "--by", "sup", repo=lis)[0] == 0
    code, out = cli("signoff", "NUK-068", "--by", "nobody", repo=lis)
    assert code == 2 and "unknown supervisor 'nobody'" in out
    code, out = cli("signoff", "NUK-068", repo=lis)
    assert code == 2 and "--by" in out
    assert_check_passes(cli, lis)


def test_leave_goes_into_the_profile_keeping_its_comments(cli, lis):
    profile = lis.root / PROFILE
    profile.write_text("# my profile\n" + profile.read_text())
    code, out = cli("leave", "2027-01-01", "2027-06-30", "--reason", "foreldrepermisjon", repo=lis)
    assert code == 0, out
    text = profile.read_text()
    assert text.startswith("# my profile\n")
    assert parse(profile).data["leave"] == [
        {"from": "2027-01-01", "to": "2027-06-30", "percent": 100, "reason": "foreldrepermisjon"}
    ]
    code, out = cli("leave", "2027-03-01", "2027-02-01", repo=lis)
    assert code == 2 and "TO 2027-02-01 is before FROM 2027-03-01" in out
    code, out = cli("leave", "2027-05-01", "2027-08-01", "--percent", "50", repo=lis)
    assert code == 0 and "overlaps the leave 2027-01-01–2027-06-30" in out
    assert_check_passes(cli, lis)


# --- --commit, hashed accession numbers, find-accession ---------------------------------------------


def _git(root, *args):
    return subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, check=True).stdout


def test_commit_commits_only_the_changed_file(cli, lis):
    _git(lis.root, "init", "-q")
    _git(lis.root, "-c", "user.email=t@example.org", "-c", "user.name=T", "add", "-A")
    _git(lis.root, "-c", "user.email=t@example.org", "-c", "user.name=T", "commit", "-qm", "start")
    lis.write("notes.md", "staged but not part of the log commit\n")
    _git(lis.root, "add", "notes.md")
    import os

    os.environ.update(
        GIT_AUTHOR_NAME="T",
        GIT_AUTHOR_EMAIL="t@example.org",
        GIT_COMMITTER_NAME="T",
        GIT_COMMITTER_EMAIL="t@example.org",
    )
    code, out = cli("log", "skeleton-scintigraphy", "-a", "42", "--commit", repo=lis)
    assert code == 0, out
    assert "Committed" in out
    assert _git(lis.root, "log", "-1", "--format=%s") == "lisplan: skeleton scintigraphy (2026-11-23, described)\n"
    assert _git(lis.root, "show", "--name-only", "--format=", "HEAD").split() == [LOG]
    assert "A  notes.md" in _git(lis.root, "status", "--short")


def test_commit_outside_git_says_so_and_keeps_the_entry(cli, lis, monkeypatch):
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(lis.root.parent))
    code, out = cli("log", "skeleton-scintigraphy", "-a", "43", "--commit", repo=lis)
    assert code == 1
    assert "the entry is written, but not committed" in out and "not in a git repository" in out
    assert entries(lis)[-1]["accession"] == "43"


def test_hashed_accession_numbers(cli, lis, monkeypatch):
    lis.write("lisplan.yaml", "kind: config\naccession_storage: hmac-sha256\n")
    code, out = cli("log", "skeleton-scintigraphy", "-a", "81234567", repo=lis)
    assert code == 2 and "no key is set" in out
    monkeypatch.setenv("LISPLAN_ACCESSION_KEY", "the department's secret")
    code, out = cli("log", "skeleton-scintigraphy", "-a", "81234567", repo=lis)
    assert code == 0, out
    stored = entries(lis)[-1]["accession"]
    assert stored.startswith("hmac:") and "81234567" not in (lis.root / LOG).read_text()
    code, out = cli("log", "skeleton-scintigraphy", "-a", "81234567", repo=lis)
    assert code == 2 and "already logged" in out  # duplicates still caught
    code, out = cli("find-accession", "81234567", "99999999", repo=lis)
    assert code == 1
    assert "81234567: skeleton scintigraphy, 2026-11-23, described (data/logs/lis/2026.yaml)" in out
    assert "99999999: not logged" in out
    monkeypatch.setenv("LISPLAN_ACCESSION_KEY", "another key")
    code, out = cli("find-accession", "81234567", repo=lis)
    assert code == 1 and "not logged" in out
    assert_check_passes(cli, lis)


def test_find_accession_from_a_file(cli, lis, tmp_path):
    listing = tmp_path / "archive.txt"
    listing.write_text("10000001\n\n")
    code, out = cli("find-accession", "--from-file", str(listing), repo=lis)
    assert code == 0
    assert "10000001: skeleton scintigraphy, 2026-01-05, described" in out


# --- many writers at once -------------------------------------------------------------------------


def _cli_writer(root: str, start: int, count: int) -> None:
    import os

    from typer.testing import CliRunner

    from lisplan.cli import app

    os.environ["LISPLAN_TODAY"] = TODAY
    runner = CliRunner()
    for n in range(start, start + count):
        result = runner.invoke(app, ["--repo", root, "log", "skeleton-scintigraphy", "-a", str(n)])
        assert result.exit_code == 0, result.output


#: entries each of the two processes logs: LISPLAN_WRITERS scales it as it scales test_crash.py's many
#: writers (12 processes by default), which hold the same promise with real lisplan processes
PER_PROCESS = 3 * int(os.environ.get("LISPLAN_WRITERS", "12"))


def test_two_processes_logging_at_once_lose_nothing(cli, lis):
    ctx = multiprocessing.get_context("fork")
    procs = [ctx.Process(target=_cli_writer, args=(str(lis.root), start, PER_PROCESS)) for start in (1000, 2000)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(600)  # a hang, not a slow machine: each write takes a fraction of a second
        assert p.exitcode == 0
    numbers = sorted(e["accession"] for e in entries(lis)[1:])
    assert numbers == sorted(str(start + n) for start in (1000, 2000) for n in range(PER_PROCESS))
    assert status_count(lis) == 1 + 2 * PER_PROCESS
    assert_check_passes(cli, lis)


def test_a_back_dated_entry_goes_in_date_order(cli, lis):
    assert cli("log", "skeleton-scintigraphy", "-a", "2", "--date", "2026-03-01", repo=lis)[0] == 0
    assert cli("log", "skeleton-scintigraphy", "-a", "3", "--date", "2026-05-01", repo=lis)[0] == 0
    code, out = cli("course", "nm-1-stralevern", "--date", "2026-02-01", repo=lis)
    assert code == 0, out
    assert [e["date"] for e in entries(lis)] == ["2026-01-05", "2026-02-01", "2026-03-01", "2026-05-01"]
    text = (lis.root / LOG).read_text()
    assert text.index("course: nm-1-stralevern") < text.index("accession: '2'")
    code, out = cli("check", "--strict", repo=lis)  # not even an entry-out-of-order warning
    assert code == 0, out
    assert cli("log", "skeleton-scintigraphy", "-a", "4", repo=lis)[0] == 0  # and appending goes on
    assert entries(lis)[-1]["accession"] == "4"


@pytest.mark.parametrize(
    "args",
    [
        ["teaching", "pasient {n}"],
        ["self-study", "case {n}"],
        ["mdt", "lungekreft", "--note", "pt {n}"],
        ["supervision", "group", "--topic", "{n}"],
        ["leave", "2027-01-01", "2027-01-31", "--reason", "{n}"],
        ["signoff", "NUK-068", "--by", "sup", "--note", "{n}"],
    ],
)
def test_identity_numbers_are_refused_by_every_entry_command(cli, lis, args):
    before = {p: p.read_bytes() for p in (lis.root / "data/logs/lis").iterdir()}
    code, out = cli(*[a.replace("{n}", D_NUMBER) for a in args], repo=lis)
    assert code == 2, out
    assert "national identity number" in out and D_NUMBER not in out
    assert {p: p.read_bytes() for p in (lis.root / "data/logs/lis").iterdir()} == before


def test_signing_a_procedure_list_below_its_minimum_warns(cli, lis):
    code, out = cli("signoff", "NUK-068", "--activity", "procedure-list", "--by", "sup", repo=lis)
    assert code == 0
    assert "warning: the list skeleton scintigraphy has 1 of the 400 the plan asks for" in out


def test_a_signoff_naming_a_procedure_is_not_counted_as_one(cli, lis):
    # Before the fix the cached index counted the sign-off's procedure: key as one more examination.
    assert cli("signoff", "NUK-068", "--activity", "procedure-list", "--by", "sup", repo=lis)[0] == 0
    code, out = cli("log", "skeleton-scintigraphy", "-a", "5", repo=lis)
    assert f"skeleton scintigraphy: {status_count(lis)} / 400" in out and status_count(lis) == 2


# --- lisplan log with many numbers ----------------------------------------------------------------


def test_two_accession_options_keep_both_numbers(cli, lis):
    # Before: typer kept the last --accession only, printed "2 / 400" and lost 30011236 without a word.
    code, out = cli("log", "skeleton-scintigraphy", "--accession", "30011236", "--accession", "30011237", repo=lis)
    assert code == 0, out
    assert [e["accession"] for e in entries(lis)] == ["10000001", "30011236", "30011237"]
    assert "2 added: skeleton scintigraphy 3 / 400" in out and status_count(lis) == 3
    assert_check_passes(cli, lis)


def test_numbers_as_arguments_are_one_write_and_one_summary(cli, lis):
    before = (lis.root / LOG).read_text()
    code, out = cli(
        "log", "skjelettscintigrafi", "30011236", "30011237", "-a", "30011238", "--supervisor", "sup", repo=lis
    )
    assert code == 0, out
    assert out.splitlines() == [
        "Added to data/logs/lis/2026.yaml: 30011236, 30011237, 30011238",
        "3 added: skeleton scintigraphy 4 / 400",
    ]
    after = (lis.root / LOG).read_text()
    assert after.startswith(before)  # the user's bytes, then one entry per number
    assert after[len(before) :] == "".join(
        f"  - procedure: skeleton-scintigraphy\n    date: 2026-11-23\n    accession: '{n}'\n"
        "    role: described\n    supervisor: sup\n"
        for n in ("30011236", "30011237", "30011238")
    )
    assert_check_passes(cli, lis)


def test_many_numbers_in_bokmal(cli, lis):
    code, out = cli("--lang", "nb", "log", "skjelettscintigrafi", "30011236", "30011237", "30011238", repo=lis)
    assert code == 0, out
    assert "3 lagt til: skjelettscintigrafi 4 / 400" in out


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        (D_NUMBER, "--accession: 41********* is a Norwegian national identity number"),
        ("30011240,30011241", "--accession '30011240,30011241' is not an examination number"),
        ("3001 1240", "--accession '3001 1240' is not an examination number"),
    ],
)
def test_a_number_that_cannot_be_stored_refuses_the_whole_line(cli, lis, bad, message):
    before = (lis.root / LOG).read_bytes()
    code, out = cli("log", "skeleton-scintigraphy", "30011236", bad, "30011237", repo=lis)
    assert code == 2, out
    assert message in out
    assert D_NUMBER not in out
    assert (lis.root / LOG).read_bytes() == before


def test_a_number_logged_already_is_skipped_and_the_others_written(cli, lis):
    code, out = cli("log", "skeleton-scintigraphy", "30011236", "10000001", "30011236", "30011237", repo=lis)
    assert code == 0, out
    assert (
        "warning: --accession 10000001 is already logged for skeleton scintigraphy as described "
        "(2026-01-05, 2026.yaml); skipped"
    ) in out
    assert "2 added: skeleton scintigraphy 3 / 400" in out  # 30011236 given twice is one examination
    assert [e["accession"] for e in entries(lis)] == ["10000001", "30011236", "30011237"]
    # every number logged already: nothing to add, refused as for one number
    code, out = cli("log", "skeleton-scintigraphy", "30011236", "30011237", repo=lis)
    assert code == 2 and "--allow-duplicate" in out
    assert len(entries(lis)) == 3


def test_many_stay_numbers_and_a_dry_run(cli, lis):
    before = (lis.root / LOG).read_bytes()
    code, out = cli("log", "skeleton-scintigraphy", "--stay", "4711", "--stay", "4712", "--dry-run", repo=lis)
    assert code == 0, out
    assert "Would add to data/logs/lis/2026.yaml:\n  - procedure: skeleton-scintigraphy" in out
    assert "stay: '4712'" in out and "2 would be added: skeleton scintigraphy 3 / 400" in out
    assert (lis.root / LOG).read_bytes() == before
    code, out = cli("log", "skeleton-scintigraphy", "--stay", "4711", "--stay", "4712", repo=lis)
    assert code == 0, out
    assert [e.get("stay") for e in entries(lis)[1:]] == ["4711", "4712"]
    code, out = cli("log", "skeleton-scintigraphy", "--stay", "4713", "30011236", repo=lis)
    assert code == 2 and "not both" in out
