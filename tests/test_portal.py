"""lisplan portal: what is left to enter in Kompetanseportalen, and --mark, which edits entries in place."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import textwrap

import pytest

from conftest import PROJECT, TODAY, Repo, yaml_data
from lisplan.checks.writable import valid_log
from lisplan.commands.portal import mark, select
from lisplan.commands.session import load_checked as load
from lisplan.core.problems import Refused
from lisplan.files.changes import KeyChange, set_keys
from lisplan.files.source import parse
from lisplan.files.writer import WriteError

LOG = "data/logs/lis/2026.yaml"

ENTRIES = """\
  # the year starts with teaching
  - teaching: Skjelettscintigrafi   # national web teaching
    type: national-web
    goals: [NUK-068]
    date: 2026-01-10
  - procedure: skeleton-scintigraphy
    date: 2026-01-12
    accession: "81234567"
  - signoff: NUK-068
    activity: introduction
    date: 2026-02-01
    by: sup   # at the morning meeting

  # and a guidance meeting
  - supervision: individual
    date: 2026-02-14
    by: vei
  - signoff: NUK-001
    date: 2026-03-01
    by: sup
"""


@pytest.fixture
def lis(repo: Repo) -> Repo:
    repo.trainee()
    repo.write(LOG, "kind: log\ntrainee: lis\nyear: 2026\nentries:\n" + ENTRIES)
    return repo


def entries(repo: Repo) -> list[dict]:
    return yaml_data((repo.root / LOG).read_text())["entries"]


def listed(cli, repo) -> dict:
    code, out = cli("portal", "--format", "json", repo=repo)
    assert code == 0, out
    return json.loads(out)


# --- the in-place edit (writer.set_keys) ---------------------------------------------------------------


def change(path, index, values):
    return KeyChange(index, parse(path).data["entries"][index], values)


def test_a_new_key_goes_after_the_entry_and_every_comment_stays(lis):
    path = lis.root / LOG
    before = path.read_text()
    set_keys(
        path,
        "entries",
        [
            change(path, 2, {"portal": {"registered": dt.date(2026, 2, 3)}}),
            change(path, 0, {"portal": {"registered": dt.date(2026, 1, 11)}}),
        ],
        check=valid_log,
    )
    after = path.read_text()
    assert after == before.replace(
        "    date: 2026-01-10\n", "    date: 2026-01-10\n    portal: {registered: 2026-01-11}\n"
    ).replace(
        "    by: sup   # at the morning meeting\n",
        "    by: sup   # at the morning meeting\n    portal: {registered: 2026-02-03}\n",
    )


def test_a_key_that_is_there_is_replaced_on_its_line_keeping_its_comment(repo):
    path = repo.write(
        "x.yaml",
        """\
        entries:
          - signoff: NUK-001
            portal: {registered: 2026-03-02}   # asked per to sign
            date: 2026-03-01
        """,
    )
    set_keys(
        path,
        "entries",
        [change(path, 0, {"portal": {"registered": dt.date(2026, 3, 2), "signed": dt.date(2026, 3, 5)}})],
        check=lambda doc: None,
    )
    assert (
        path.read_text().splitlines()[2]
        == "    portal: {registered: 2026-03-02, signed: 2026-03-05}   # asked per to sign"
    )


def test_crlf_line_endings_and_a_missing_final_newline_are_kept(repo):
    path = repo.write_bytes("x.yaml", b"entries:\r\n  - course: x\r\n    date: 2026-01-01")
    set_keys(
        path, "entries", [change(path, 0, {"portal": {"registered": dt.date(2026, 1, 2)}})], check=lambda doc: None
    )
    assert (
        path.read_bytes()
        == b"entries:\r\n  - course: x\r\n    date: 2026-01-01\r\n    portal: {registered: 2026-01-02}\r\n"
    )


def test_flow_style_entries_and_multi_line_values_are_refused_and_nothing_is_written(repo):
    path = repo.write(
        "x.yaml",
        "entries:\n  - {course: x, date: 2026-01-01}\n  - course: y\n    portal:\n      registered: 2026-01-01\n",
    )
    before = path.read_bytes()
    with pytest.raises(WriteError) as flow:
        set_keys(
            path, "entries", [change(path, 0, {"portal": {"registered": dt.date(2026, 1, 2)}})], check=lambda doc: None
        )
    assert "x.yaml:2: entry 1 is written in flow style" in flow.value.message and "block style" in flow.value.hint
    with pytest.raises(WriteError) as block:
        set_keys(
            path, "entries", [change(path, 1, {"portal": {"registered": dt.date(2026, 1, 2)}})], check=lambda doc: None
        )
    assert "'portal:' of entry 2 spans several lines" in block.value.message
    assert "portal: {registered: 2026-01-02}" in block.value.hint
    assert path.read_bytes() == before


def test_an_entry_that_changed_since_it_was_read_is_not_written_over(lis):
    path = lis.root / LOG
    stale = change(path, 2, {"portal": {"registered": dt.date(2026, 2, 3)}})
    # someone else logs a back-dated entry: entry 3 is now another one
    path.write_text(
        path.read_text().replace(
            "  - signoff: NUK-068\n", "  - course: nm-1-stralevern\n    date: 2026-01-20\n  - signoff: NUK-068\n", 1
        )
    )
    concurrent = path.read_text()
    with pytest.raises(WriteError) as refused:
        set_keys(path, "entries", [stale], check=valid_log)
    assert "changed since lisplan read it (entry 3 is not what it was)" in refused.value.message
    assert path.read_text() == concurrent


def test_a_concurrent_append_is_kept_when_the_entry_is_the_same(lis):
    path = lis.root / LOG
    pending = change(path, 0, {"portal": {"registered": dt.date(2026, 1, 11)}})
    path.write_text(path.read_text() + "  - course: nm-1-stralevern\n    date: 2026-03-02\n")
    set_keys(path, "entries", [pending], check=valid_log)
    assert entries(lis)[-1] == {"course": "nm-1-stralevern", "date": dt.date(2026, 3, 2)}
    assert entries(lis)[0]["portal"] == {"registered": dt.date(2026, 1, 11)}


def test_mark_refuses_when_the_file_changed_after_loading(lis):
    loaded = load(lis.root, today=dt.date.fromisoformat(TODAY))
    tf = loaded.workspace.trainees["lis"]
    chosen, _already = select(loaded.workspace, tf, ["2026:3"], signed=False)
    path = lis.root / LOG
    path.write_text(path.read_text().replace("by: sup   # at", "by: vei   # at"))
    with pytest.raises(Refused) as refused:
        mark(chosen, dt.date(2026, 11, 1), False, loaded.documents)
    assert "changed since lisplan read it" in refused.value.message
    assert "portal:" not in path.read_text()


# --- lisplan portal ---------------------------------------------------------------------------------------


def catalog_order(set_id: str) -> list[str]:
    data = yaml_data((PROJECT / "data" / "goals" / f"{set_id}.yaml").read_text(encoding="utf-8"))
    return [g["id"] for g in data["goals"]]


def test_portal_lists_what_to_enter_by_goal_in_catalog_order(cli, lis):
    view = listed(cli, lis)
    goals = [g["goal"] for g in view["groups"]]
    order = catalog_order("nuk-2019")
    assert goals == sorted(["NUK-001", "NUK-068"], key=order.index) + [None]
    nuk068 = view["groups"][goals.index("NUK-068")]["items"]
    assert [(i["ref"], i["state"]) for i in nuk068] == [("2026:1", "to-register"), ("2026:3", "to-register")]
    assert view["groups"][-1]["items"][0]["ref"] == "2026:4"  # the guidance meeting's report
    assert view["summary"] == {"to_register": 4, "to_sign": 0}
    code, out = cli("portal", repo=lis)
    assert code == 0 and "4 to enter" in out and "2026:3" in out
    assert "sign-off of NUK-068, introduction, by Supervisør" in out


def test_the_example_trainee_lists_her_goals_in_the_catalogs_order(cli):
    view = listed(cli, PROJECT)
    goals = [g["goal"] for g in view["groups"] if g["goal"]]
    sets = [g["set"] for g in view["groups"] if g["goal"]]
    order = [f"{s}:{c}" for s in ("nuk-2019", "fkm-2026") for c in catalog_order(s)]
    keys = [f"{s}:{c}" for s, c in zip(sets, goals, strict=True)]
    assert keys == sorted(keys, key=order.index) and len(keys) == len(set(keys))


def test_mark_writes_the_portal_key_keeps_comments_and_check_still_passes(cli, lis):
    code, out = cli("portal", "--mark", "2026:3", "--date", "2026-02-02", repo=lis)
    assert code == 0, out
    assert (
        "Marked as entered in Kompetanseportalen on 2026-02-02:\n"
        "  2026:3 sign-off of NUK-068, introduction, by Supervisør" in out
    )
    text = (lis.root / LOG).read_text()
    assert "    by: sup   # at the morning meeting\n    portal: {registered: 2026-02-02}\n" in text
    assert "# the year starts with teaching" in text and "# and a guidance meeting" in text
    view = listed(cli, lis)
    assert view["summary"] == {"to_register": 3, "to_sign": 1}
    assert cli("check", repo=lis)[0] == 0
    code, out = cli("portal", "--signed", "2026:3", repo=lis)
    assert code == 0 and f"signed by a supervisor in Kompetanseportalen on {TODAY}" in out
    assert entries(lis)[2]["portal"] == {"registered": dt.date(2026, 2, 2), "signed": dt.date.fromisoformat(TODAY)}
    assert listed(cli, lis)["summary"] == {"to_register": 3, "to_sign": 0}
    code, out = cli("portal", "--signed", "2026:3", repo=lis)
    assert code == 0 and "Already signed by a supervisor in the portal: 2026:3" in out


def test_mark_a_goal_or_all_and_any_entry_by_its_number(cli, lis):
    code, out = cli("portal", "--mark", "nuk-068", repo=lis)
    assert code == 0 and "2026:1" in out and "2026:3" in out
    code, out = cli("portal", "--mark", "2026:2", repo=lis)  # a procedure: not listed, but any entry may carry it
    assert code == 0 and entries(lis)[1]["portal"] == {"registered": dt.date.fromisoformat(TODAY)}
    code, out = cli("portal", "--mark", "all", "--dry-run", repo=lis)
    assert code == 0 and "Would mark" in out and "portal" not in str(entries(lis)[3])
    code, out = cli("portal", "--mark", "all", repo=lis)
    assert code == 0
    code, out = cli("portal", repo=lis)
    assert "0 to enter, 2 waiting for a supervisor to sign there" in out  # the two sign-offs
    code, out = cli("portal", "--signed", "all", repo=lis)
    assert code == 0
    code, out = cli("portal", repo=lis)
    assert "Everything in the log is entered in the portal." in out


def test_bad_marks_are_usage_errors_and_write_nothing(cli, lis):
    before = (lis.root / LOG).read_bytes()
    for args, message in [
        (["portal", "2026:1"], "REF… is for --mark or --signed"),
        (["portal", "--mark"], "--mark and --signed need what to mark"),
        (["portal", "--mark", "2026:99"], "'2026:99': 2026.yaml has 5 entries"),
        (["portal", "--mark", "2031:1"], "trainee lis has no log 2031.yaml"),
        (["portal", "--mark", "NUK-999"], "'NUK-999' names no entry and no goal"),
        (["portal", "--mark", "2026:1", "--date", "2027-01-01"], "--date 2027-01-01 is in the future"),
    ]:
        code, out = cli(*args, repo=lis)
        assert code == 2 and message in out, (args, out)
    assert (lis.root / LOG).read_bytes() == before


def test_a_flow_style_entry_is_refused_with_the_fix(cli, repo):
    repo.trainee()
    repo.write(LOG, "kind: log\ntrainee: lis\nyear: 2026\nentries:\n  - {course: nm-1-stralevern, date: 2026-01-05}\n")
    code, out = cli("portal", "--mark", "2026:1", repo=repo)
    assert code == 2 and "entry 1 is written in flow style" in out and "block style" in out


def test_mark_commit_commits_the_changed_log(cli, lis):
    def git(*args):
        return subprocess.run(
            [
                "git",
                "-C",
                str(lis.root),
                "-c",
                "user.name=Test LIS",
                "-c",
                "user.email=lis@example.org",
                "-c",
                "commit.gpgsign=false",
                *args,
            ],
            capture_output=True,
            text=True,
            check=True,
        ).stdout

    git("init", "-q")
    git("add", "-A")
    git("commit", "-qm", "start")
    env = {
        "GIT_AUTHOR_NAME": "Test LIS",
        "GIT_AUTHOR_EMAIL": "lis@example.org",
        "GIT_COMMITTER_NAME": "Test LIS",
        "GIT_COMMITTER_EMAIL": "lis@example.org",
    }
    with pytest.MonkeyPatch.context() as mp:
        for k, v in env.items():
            mp.setenv(k, v)
        code, out = cli("portal", "--mark", "2026:1", "--commit", repo=lis)
    assert code == 0, out
    assert git("log", "-1", "--format=%s").strip() == f"lisplan: 1 entry entered in Kompetanseportalen ({TODAY})"
    assert git("status", "--porcelain").strip() == ""


def test_portal_state_is_validated(cli, lis):
    path = lis.root / LOG
    path.write_text(
        path.read_text()
        + textwrap.indent(
            "- course: nm-1-stralevern\n  date: 2026-03-02\n  portal: {registered: 2026-03-05, signed: 2026-03-04}\n",
            "  ",
        )
    )
    code, out = cli("check", repo=lis)
    assert code == 1 and "signed (2026-03-04) is before registered (2026-03-05)" in out


def test_the_portal_names_the_trainee_by_name(cli, lis) -> None:
    """People by name, not by id: the heading showed the id; the JSON keeps it and adds the name."""
    code, out = cli("portal", repo=lis)
    view = listed(cli, lis)
    assert view["trainee"] == "lis" and view["name"] != "lis"
    assert code == 0 and out.startswith(f"Kompetanseportalen ({view['name']}, as of "), out[:120]
