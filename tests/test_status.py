"""lisplan status and lisplan remaining: numbers checked against counts made independently of lisplan."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import PROJECT, TODAY, plan_yaml, yaml_data

EXAMPLE = PROJECT / "data" / "logs" / "eksempel-lis"


def _raw_entries() -> list[dict]:
    """The example's entries read with a plain YAML loader, not with lisplan."""
    entries = []
    for path in sorted(EXAMPLE.glob("20*.yaml")):
        entries += yaml_data(path.read_text(encoding="utf-8"))["entries"]
    return entries


def _status(cli, *args: str, repo=PROJECT) -> dict:
    code, out = cli("status", "--format", "json", *args, repo=repo)
    assert code == 0, out
    return json.loads(out)


# --- the example trainee -------------------------------------------------------------------------


def test_example_procedure_count_matches_the_log(cli):
    entries = _raw_entries()
    counted = [
        e for e in entries if e.get("procedure") == "skeleton-scintigraphy" and e["role"] in ("described", "signed")
    ]
    reviews = [e for e in entries if e.get("procedure") == "skeleton-scintigraphy" and e["role"] == "re-review"]
    data = _status(cli)
    (proc,) = [p for p in data["procedures"] if p["id"] == "skeleton-scintigraphy"]
    assert proc["done"] == len(counted) == 287  # hand count: 30 + 110 + 22 + 38 + 87
    assert proc["required"] == 400  # OUS, document 000 §2.1.3 b
    assert proc["left"] == 400 - 287
    assert proc["by_role"]["re-review"] == len(reviews) == 4  # OUS does not count re-reviews here


def _codes(set_id: str, part: str | None = None) -> list[str]:
    """The goal codes of a shipped goal set (of one part), read with a plain YAML loader."""
    data = yaml_data((PROJECT / "data" / "goals" / f"{set_id}.yaml").read_text(encoding="utf-8"))
    return [g["id"] for g in data["goals"] if part is None or g["part"] == part]


# nuk-2019 was in force until 2025-08-31, nuk-2025 from 2025-09-01 (their in_force); status shows the
# set in force on --as-of, so the example is measured against nuk-2019 on the last day of it, and
# against nuk-2025 today.
LAST_OLD_DAY = "2025-08-31"
IN_FORCE = {LAST_OLD_DAY: "nuk-2019", TODAY: "nuk-2025"}


@pytest.mark.parametrize(("as_of", "expected"), [(LAST_OLD_DAY, 16), (TODAY, 1)])
def test_example_approvals_match_signoffs_by_supervisors(cli, as_of, expected):
    supervisors = {"kari-veileder", "per-overlege", "ola-overlege"}
    shown = set(_codes(IN_FORCE[as_of])) | set(_codes("fkm-2026"))
    approved = {
        e["signoff"]
        for e in _raw_entries()
        if "signoff" in e
        and "activity" not in e
        and e["by"] in supervisors
        and str(e["date"]) <= as_of
        and e["signoff"] in shown
    }
    data = _status(cli, "--as-of", as_of)
    got = {g["id"] for g in data["goals"] if g["state"] == "approved"}
    assert got == approved
    # by hand: before the revision part A (001-004), Basalfag (005-011), NM modalities (012-016);
    # today only FKM-008: none of the nuk-2019 approvals is carried over yet
    assert len(got) == data["summary"]["approved"] == expected


def test_example_summary(cli):
    data = _status(cli)
    s = data["summary"]
    assert s["total"] == len(_codes("nuk-2025")) + len(_codes("fkm-2026")) == 74 + 14
    # in progress: FKM-001 (internal teaching), and the two nuk-2025 goals ous-nuk gives 000's activities
    # to (lisplan's reading, data/plans/ous-nuk.yaml): NUK-116 has her 287 skeleton scintigraphies,
    # NUK-138 her lung-cancer MDT of 2026-10-06 (topic lungekreft), neither signed off for it.
    assert (s["approved"], s["ready"], s["in_progress"], s["not_eligible"]) == (1, 0, 3, 0)
    assert s["not_started"] == s["total"] - 1 - 3
    states = {g["id"]: g["state"] for g in data["goals"]}
    assert states["FKM-001"] == "in_progress"  # internal teaching only
    assert states["NUK-116"] == states["NUK-138"] == "in_progress"
    assert "NUK-085" not in states  # a goal of nuk-2019, no longer in force
    old = _status(cli, "--as-of", LAST_OLD_DAY)["summary"]
    assert old["total"] == 102  # fkm-2026 is not required before it comes into force, 2026-03-01
    assert (old["approved"], old["ready"], old["not_eligible"]) == (16, 0, 0)


def test_example_migration_is_pending(cli):
    (m,) = _status(cli)["migrations"]
    assert (m["from"], m["to"], m["replaced_on"]) == ("nuk-2019", "nuk-2025", "2025-09-01")
    assert m["approved_under_old_set"] == 16
    assert m["crosswalk"]["id"] == "nuk-2019-nuk-2025-eksempel"
    assert m["crosswalk"]["example"] is True and m["crosswalk"]["confirmed"] is False
    assert m["profile_names_old_set"] is True
    assert _status(cli, "--as-of", LAST_OLD_DAY)["migrations"] == []


def test_example_part_summaries_add_up(cli):
    for as_of, (set_id, part, approved) in ((TODAY, ("nuk-2025", "C38.1", 0)), (LAST_OLD_DAY, ("nuk-2019", "A", 4))):
        data = _status(cli, "--as-of", as_of)
        parts = [p for p in data["parts"] if p["area"] is None]
        assert sum(p["total"] for p in parts) == data["summary"]["total"]
        assert sum(p["approved"] for p in parts) == data["summary"]["approved"]
        a = next(p for p in parts if p["set"] == set_id and p["part"] == part)
        assert (a["total"], a["approved"], a["percent_approved"]) == (4, approved, 100.0 * approved / 4)


def test_example_backlog_flags_long_waits(cli):
    data = _status(cli)
    backlog = {b["what"]: b for b in data["backlog"]}
    intro = backlog["introduction for NUK-084"]
    assert (intro["since"], intro["days"], intro["overdue"]) == ("2026-10-20", 34, True)
    # The MDT for NUK-085 was signed 2026-10-06, but NUK-085 is a goal of nuk-2019: its approval is
    # not waited for under nuk-2025 (NUK-138 needs a new assessment).
    assert "approval of NUK-085" not in backlog


def test_example_as_of_an_earlier_date(cli):
    """On 2024-06-01 she had 9 months of service: Part A reachable, Part B (12) and the rest (18) not."""
    data = _status(cli, "--as-of", "2024-06-01")
    states = {g["id"]: g["state"] for g in data["goals"]}
    assert data["service_months"] == 9.0
    assert all(states[f"NUK-{i:03d}"] == "approved" for i in range(1, 5))
    assert states["NUK-005"] == "not_eligible"
    # NUK-068 needs 18 months, but her skeleton scintigraphies are logged for it: in progress, not
    # ready (work logged before the readiness month shows as in progress)
    assert states["NUK-068"] == "in_progress"
    proc = data["procedures"][0]
    assert proc["done"] == len(
        [
            e
            for e in _raw_entries()
            if e.get("procedure") and e["role"] != "re-review" and str(e["date"]) <= "2024-06-01"
        ]
    )


def test_status_table_shows_parts_attention_and_summary(cli):
    code, out = cli("status", repo=PROJECT)
    assert code == 0, out
    assert "Eksempel LIS" in out
    assert "C38.1 Strålevern" in out and "0/4" in out
    assert "skeleton scintigraphy: 287 / 400" in out  # by its English name
    assert (
        "Goal-set revision: Nuclear medicine, learning goals 2019 (NUK-001 … NUK-102) was replaced by "
        "Nuclear medicine, learning goals 2025 on 2025-09-01 — migration pending" in out
    )
    assert "1 of 88 goals approved (1.1 %)" in out
    code, out = cli("status", "--as-of", LAST_OLD_DAY, repo=PROJECT)
    assert "A Strålevern" in out and "4/4" in out and "Goal-set revision" not in out


def test_status_filter_by_part(cli):
    data = _status(cli, "--part", "Strålevern")
    assert {g["id"] for g in data["goals"]} == set(_codes("nuk-2025", "C38.1"))
    assert data["summary"]["total"] == 4
    data = _status(cli, "--part", "B", "--area", "Basalfag", "--as-of", LAST_OLD_DAY)
    assert len(data["goals"]) == 7


def test_remaining_groups_by_arena(cli):
    code, out = cli("remaining", "--format", "json", repo=PROJECT)
    assert code == 0, out
    data = json.loads(out)
    where = {p["where"]: p for p in data["remaining"]}
    assert set(where) == {"arena:ous-nm", "arena:ous-rad"}
    radiology = {i["id"] for i in where["arena:ous-rad"]["items"]}
    assert radiology == set(_codes("nuk-2025", "C38.7"))  # the regulation's radiology for NM
    code, out = cli("remaining", "--format", "json", "--as-of", LAST_OLD_DAY, repo=PROJECT)
    old = {p["where"]: p for p in json.loads(out)["remaining"]}
    assert {i["id"] for i in old["arena:ous-rad"]["items"]} == {f"NUK-{i:03d}" for i in range(17, 68)}  # 000: 017-067
    assert all(i["state"] != "approved" for p in data["remaining"] for i in p["items"])
    assert {
        "id": "skeleton-scintigraphy",
        "name": "skjelettscintigrafi",
        "name_en": "skeleton scintigraphy",
        "done": 287,
        "left": 113,
        "reading": True,  # her 2025 goals ask for it only through NUK-116, lisplan's reading (ous-nuk.yaml)
    } in data["procedures"]
    taken = {"nm-1-stralevern", "nm-2-stralefysikk", "nm-3-klinisk-nm", "administrasjon-og-ledelse"}
    assert taken.isdisjoint({c["id"] for c in data["courses"]})
    assert "nm-4-organdiagnostikk-terapi" in {c["id"] for c in data["courses"]}
    group = {s["what"]: s for s in data["supervision"]}
    assert group["group supervision sessions in all"] == {
        "what": "group supervision sessions in all",
        "required": 12,
        "held": 8,
        "due": 4,
    }


def test_remaining_table(cli):
    code, out = cli("remaining", repo=PROJECT)
    assert code == 0, out
    assert "Avdeling for radiologi" in out
    assert "skeleton scintigraphy (skeleton-scintigraphy): 287 done, 113 left" in out


# --- edge cases on inline fixtures -----------------------------------------------------------------


def test_no_entries_everything_not_eligible_at_the_start(cli, repo):
    repo.trainee()
    data = _status(cli, "--as-of", "2023-10-01", repo=repo)
    s = data["summary"]
    assert s["approved"] == s["ready"] == s["in_progress"] == 0
    assert s["not_eligible"] == 102  # every NM goal is behind a readiness rule in OUS's plan
    assert s["not_started"] == 0  # the common goals (fkm-2026) apply only from 2026-03-01
    assert s["total"] == 102
    assert data["procedures"][0]["done"] == 0


def test_a_trainee_signing_a_supervisor_only_activity_does_not_count(cli, repo):
    repo.trainee()
    repo.log(
        2024,
        """
        - introduction: NUK-068
          date: 2024-04-02
          supervisor: sup
        - signoff: NUK-068
          activity: introduction
          date: 2024-04-02
          by: lis
        - signoff: NUK-001
          date: 2024-04-03
          by: lis
        """,
    )
    data = _status(cli, "--as-of", "2025-01-01", repo=repo)  # while nuk-2019 was in force
    goals = {g["id"]: g for g in data["goals"]}
    (intro,) = [a for a in goals["NUK-068"]["activities"] if a["kind"] == "introduction"]
    assert intro["complete"] is False
    assert intro["awaiting_signoff_since"] == "2024-04-02"
    assert goals["NUK-001"]["state"] != "approved"
    code, out = cli("check", repo=repo)
    assert code == 0 and "self-signoff" in out  # a warning, and it says why


def test_everything_done_is_all_approved(cli, repo):
    repo.write(
        "data/goals/tiny.yaml",
        """
        kind: goal-set
        id: tiny
        specialty: tst
        name: Two goals
        source: test fixture
        parts: [{id: P, name: Part, sections: [basics]}]
        goals:
          - {id: TST-001, title: One, part: P}
          - {id: TST-002, title: Two, part: P}
        """,
    )
    repo.write(
        "data/plans/tiny.yaml",
        plan_yaml(
            "tiny-plan",
            "tst",
            "[tiny]",
            """
        arenas: [{id: here, name: Here, offers: {all: true}}]
        procedures: [{id: scan, name: skanning, minimum: 2}]
        goal_activities:
          - goal: TST-001
            activities: [{kind: introduction}, {kind: procedure-list, procedure: scan}]
          - goal: TST-002
            activities: [{kind: self-study}]
        """,
        ),
    )
    repo.write(
        "data/logs/t/trainee.yaml",
        """
        kind: trainee
        id: t
        name: T
        specialty: tst
        plan: tiny-plan
        start: 2024-01-01
        supervisors: [{id: s, name: S}]
        """,
    )
    done = """
        - introduction: TST-001
          date: 2024-02-01
          supervisor: s
        - signoff: TST-001
          activity: introduction
          date: 2024-02-01
          by: s
        - procedure: scan
          date: 2024-02-02
          accession: "1001"
        - procedure: scan
          date: 2024-02-03
          accession: "1002"
        - signoff: TST-001
          activity: procedure-list
          procedure: scan
          date: 2024-02-05
          by: s
        - self-study: chapter 1
          goals: [TST-002]
          date: 2024-02-06
        """
    repo.log(2024, done, tid="t")
    data = _status(cli, "--as-of", "2024-02-20", repo=repo)
    states = {g["id"]: g["state"] for g in data["goals"]}
    assert states == {"TST-001": "ready", "TST-002": "ready"}
    repo.log(
        2024,
        done
        + """
        - signoff: TST-001
          date: 2024-03-01
          by: s
        - signoff: TST-002
          date: 2024-03-02
          by: s
        """,
        tid="t",
    )
    data = _status(cli, "--as-of", "2024-12-31", repo=repo)
    assert data["summary"]["approved"] == 2 and data["summary"]["percent_approved"] == 100.0
    assert data["backlog"] == []


def _rus_repo(repo, courses: list[str]) -> None:
    repo.write(
        "data/plans/rus.yaml",
        plan_yaml(
            "rus-plan",
            "rus",
            "[rus]",
            """
        arenas: [{id: tsb, name: TSB, offers: {all: true}}]
        """,
        ),
    )
    repo.write(
        "data/logs/r/trainee.yaml",
        """
        kind: trainee
        id: r
        name: R
        specialty: rus
        plan: rus-plan
        start: 2024-01-01
        """,
    )
    entries = "".join(f'- course: "{c}"\n  date: 2024-0{i + 2}-01\n' for i, c in enumerate(courses))
    repo.log(2024, entries or "[]", tid="r") if entries else repo.write(
        "data/logs/r/2024.yaml", "kind: log\ntrainee: r\nyear: 2024\nentries: []\n"
    )


def _course_activity(data: dict, goal: str) -> dict:
    (goal_view,) = [g for g in data["goals"] if g["id"] == goal]
    (act,) = [a for a in goal_view["activities"] if a["kind"] == "course"]
    return act


def test_choice_group_half_done_does_not_meet_the_requirement(cli, repo):
    """Document 004 (seeds/004_df35d19bfd20896c.txt, line 271): «To psykoterapikurs innen følgende tre»,
    which together cover RUS-025…029 (line 309). One of the two taken does not meet the course
    requirement, but it is work on those goals: in progress, not «not started»."""
    _rus_repo(repo, ["rus-gruppeterapi"])
    data = _status(cli, repo=repo)
    assert _course_activity(data, "RUS-025")["complete"] is False
    assert next(g for g in data["goals"] if g["id"] == "RUS-025")["state"] == "in_progress"


def test_choice_group_done_when_two_of_three_taken(cli, repo):
    """Two of three meet the course requirement of RUS-025…029; the test plan asks nothing else of them,
    and a course only «skal bidra til kompetanse i» its goals (004, line 309): in progress, not ready."""
    _rus_repo(repo, ["rus-gruppeterapi", "Kognitiv terapi"])  # the second by its former name
    data = _status(cli, repo=repo)
    assert _course_activity(data, "RUS-025")["complete"] is True
    assert next(g for g in data["goals"] if g["id"] == "RUS-027")["state"] == "in_progress"


def test_a_course_counts_under_its_former_name(cli, repo):
    _rus_repo(repo, ["Grunnkurs I"])  # now "Grunnkurs i rus- og avhengighetsmedisin I"
    data = _status(cli, repo=repo)
    assert _course_activity(data, "RUS-004")["complete"] is True
    assert _course_activity(data, "RUS-061")["complete"] is False


def test_part_time_stretches_eligibility(cli, repo):
    """At 50 % a calendar year is 6 months of service: Part A (6 months) only just reachable."""
    repo.trainee(employment="50")
    assert _state(cli, repo, "2024-08-30", "NUK-001") == "not_eligible"
    assert _state(cli, repo, "2024-08-31", "NUK-001") == "not_started"
    repo.trainee()
    assert _state(cli, repo, "2024-03-01", "NUK-001") == "not_started"


def test_leave_stretches_eligibility(cli, repo):
    repo.trainee()
    repo.write(
        "data/logs/lis/trainee.yaml",
        (repo.root / "data/logs/lis/trainee.yaml").read_text()
        + "leave:\n  - {from: 2023-10-01, to: 2023-12-31, percent: 100}\n",
    )
    assert _state(cli, repo, "2024-03-01", "NUK-001") == "not_eligible"
    assert _state(cli, repo, "2024-06-01", "NUK-001") == "not_started"


def _state(cli, repo, as_of: str, goal: str) -> str:
    data = _status(cli, "--as-of", as_of, repo=repo)
    return next(g["state"] for g in data["goals"] if g["id"] == goal)


# --- bad input ---------------------------------------------------------------------------------------


def test_unknown_trainee_is_a_usage_error(cli):
    code, out = cli("status", "--trainee", "eksempel-liz", repo=PROJECT)
    assert code == 2
    assert "no trainee 'eksempel-liz'" in out and "did you mean 'eksempel-lis'?" in out


def test_a_date_that_is_not_a_date(cli):
    code, out = cli("status", "--as-of", "2024-02-30", repo=PROJECT)
    assert code == 2
    assert "--as-of '2024-02-30' is not a date" in out


def test_status_refuses_data_that_fails_check(cli, repo):
    repo.trainee()
    repo.log(
        2024,
        """
        - procedure: skeleton-scintigraphy
          date: 2024-13-01
          accession: "123"
        """,
    )
    code, out = cli("status", repo=repo)
    assert code == 1
    assert "2024.yaml:6:11" in out
    assert "will not compute" in out


def test_several_trainees_need_trainee_option(cli, repo):
    repo.trainee("a")
    repo.trainee("b")
    code, out = cli("remaining", repo=repo)
    assert code == 2 and "several trainees (a, b)" in out
    code, _ = cli("remaining", "--trainee", "b", repo=repo)
    assert code == 0


def test_status_works_from_inside_the_repo(cli, monkeypatch):
    monkeypatch.chdir(Path(EXAMPLE))
    code, out = cli("status")
    assert code == 0 and "Eksempel LIS" in out


def test_a_command_about_one_trainee_reads_no_other_trainees_files(cli, repo):
    from lisplan.commands.session import load_checked as load

    repo.trainee("anna")
    repo.trainee("bo")
    repo.write("data/logs/bo/2026.yaml", "kind: log\ntrainee: bo\nentries: [unclosed\n")
    loaded = load(repo.root, trainee="anna")
    assert sorted(loaded.workspace.trainees) == ["anna"]
    assert not any("/bo/" in str(p) for p in loaded.documents)
    code, out = cli("status", "--trainee", "anna", repo=repo)
    assert code == 0, out
    code, out = cli("status", "--trainee", "bob", repo=repo)
    assert code == 2 and "did you mean 'bo'" in out


# --- ready since: the later of the work done and the readiness month ---------------------------------


def _late_starter(repo, signoff: str = "") -> None:
    """A trainee at OUS from 2024-10-01, full time, under nuk-2025; the MDT on lung cancer that the plan
    asks of NUK-138 (data/plans/ous-nuk.yaml, as for LM 85, 000 §2.1.3 c) held and signed on 2025-12-01."""
    repo.write(
        "data/logs/lis/trainee.yaml",
        """
        kind: trainee
        id: lis
        name: Test LIS
        fictional: true
        specialty: nuk
        plan: ous-nuk
        goal_sets: [nuk-2025, fkm-2026]
        start: 2024-10-01
        mentor: vei
        supervisors:
          - {id: vei, name: Veileder, email: vei@example.org}
        """,
    )
    repo.log(
        2025,
        """
        - mdt: lungekreft
          date: 2025-12-01
          goal: NUK-138
          supervisor: vei
        - signoff: NUK-138
          date: 2025-12-01
          activity: mdt
          by: vei
        """,
    )
    if signoff:
        repo.log(2026, signoff)


def test_ready_since_waits_for_the_readiness_month(cli, repo, tmp_path):
    """000 Del 1 (seeds/000_14f695d6331380be.txt, line 95-97): the goals of the diagnostic areas «etter
    ett og et halvt år»; ous-nuk.yaml's readiness gives clinical goals (NUK-138) 18 months. From
    2024-10-01 at 100 %, with every phase before month 36 in NM, 18 months are served on 2026-03-31. The
    MDT was done on 2025-12-01, month 15: so NUK-138 is ready since 2026-03-31, not 2025-12-01, and on
    2026-04-30 its approval has waited 30 days (2026-04-30 - 2026-03-31), which is not overdue (over 30).
    (Counted from the MDT it was 150 days, overdue.)"""
    _late_starter(repo)
    data = _status(cli, "--as-of", "2026-04-30", repo=repo)
    goal = next(g for g in data["goals"] if g["id"] == "NUK-138")
    assert (goal["state"], goal["ready_since"]) == ("ready", "2026-03-31")
    (wait,) = [b for b in data["backlog"] if b["what"] == "approval of NUK-138"]
    assert (wait["since"], wait["days"], wait["overdue"]) == ("2026-03-31", 30, False)
    # the table and the review read the same computation
    code, out = cli("status", "--as-of", "2026-04-30", repo=repo)
    assert "approval of NUK-138: since 2026-03-31, 30 days" in out
    code, out = cli("render", str(tmp_path / "plan.md"), "--as-of", "2026-04-30", repo=repo)
    assert code == 0, out
    assert "| approval of NUK-138 | 2026-03-31 | 30 |" in (tmp_path / "plan.md").read_text(encoding="utf-8")


@pytest.mark.parametrize(("day", "flags"), [("2026-03-30", ["signoff-before-readiness"]), ("2026-03-31", [])])
def test_a_signoff_on_the_ready_since_day_is_not_early(cli, repo, day, flags):
    """The day before 2026-03-31 the trainee has 18 - 1/31 months: a sign-off then is before readiness;
    on the ready-since day itself it is not."""
    _late_starter(repo, f"- signoff: NUK-138\n  date: {day}\n  by: vei\n")
    data = _status(cli, "--as-of", "2026-04-30", repo=repo)
    goal = next(g for g in data["goals"] if g["id"] == "NUK-138")
    assert (goal["state"], goal["signoff_flags"]) == ("approved", flags)


def test_a_national_course_alone_does_not_make_a_goal_ready(cli, repo):
    """004 (seeds/004_df35d19bfd20896c.txt, lines 159 and 173-184): «Grunnkurs i rus- og
    avhengighetsmedisin I» «skal bidra til kompetanse i» RUS-004, RUS-020, RUS-030, RUS-032, RUS-033 and
    RUS-059. The test plan (_rus_repo) asks no activity of any goal, so after the course (logged on
    2024-02-01 under its former name «Grunnkurs I», 004 line 190) those six goals are in progress - the
    course contributes, it is not what approval waits for - and none is ready or in the backlog."""
    _rus_repo(repo, ["Grunnkurs I"])
    data = _status(cli, repo=repo)
    states = {g["id"]: g["state"] for g in data["goals"]}
    covered = ["RUS-004", "RUS-020", "RUS-030", "RUS-032", "RUS-033", "RUS-059"]
    assert {c: states[c] for c in covered} == dict.fromkeys(covered, "in_progress")
    assert data["summary"]["ready"] == 0 and data["summary"]["in_progress"] == 6
    assert not [b for b in data["backlog"] if b["what"].startswith("approval of")]
    code, out = cli("remaining", "--format", "json", repo=repo)
    assert code == 0, out
    items = {i["id"]: i for place in json.loads(out)["remaining"] for i in place["items"]}
    assert items["RUS-004"]["missing"] == ["the plan's learning activities (it names none; a course only contributes)"]


def test_a_national_course_with_the_plans_own_activity_is_ready_when_both_are_done(cli, repo):
    """Where the plan asks an activity of the goal (here self-study for RUS-004), the course still counts
    with it: Grunnkurs I (004 line 176: RUS-004) and the self-study done, RUS-004 is ready; RUS-020, which
    the plan asks nothing of, stays in progress."""
    _rus_repo(repo, ["Grunnkurs I"])
    plan = repo.root / "data/plans/rus.yaml"
    plan.write_text(
        plan.read_text(encoding="utf-8") + "goal_activities:\n  - {goal: RUS-004, activities: [{kind: self-study}]}\n",
        encoding="utf-8",
    )
    repo.log(
        2024,
        '- course: "Grunnkurs I"\n  date: 2024-02-01\n'
        "- self-study: Rusmidler\n  goals: [RUS-004]\n  date: 2024-03-01\n",
        tid="r",
    )
    data = _status(cli, repo=repo)
    states = {g["id"]: g["state"] for g in data["goals"]}
    assert (states["RUS-004"], states["RUS-020"]) == ("ready", "in_progress")


def test_schedule_can_approve_from_the_ready_since_day(cli, repo):
    """One rule for both answers: a sign-off on the day the readiness months are complete is valid (service
    counts the day itself, test_a_signoff_on_the_ready_since_day_is_not_early). 000 Del 1 (line 95-97): the
    diagnostic areas «etter ett og et halvt år»; from 2024-10-01 at 100 % the 18 months are complete on
    2026-03-31 (2024-10-01 + 18 months = 2026-04-01, exclusive). So schedule says the clinical goals can be
    approved from 2026-03-31, the day status gives NUK-138 as ready since; it said 2026-04-01."""
    _late_starter(repo)
    plan = json.loads(cli("schedule", "--format", "json", "--as-of", "2026-04-30", repo=repo)[1])
    clinical = next(e for e in plan["eligibility"] if e["after_months"] == 18)
    assert clinical["from"] == "2026-03-31"
    goal = next(g for g in _status(cli, "--as-of", "2026-04-30", repo=repo)["goals"] if g["id"] == "NUK-138")
    assert goal["ready_since"] == clinical["from"]
    code, out = cli("--lang", "nb", "schedule", "--as-of", "2026-04-30", repo=repo)
    assert "etter 18 måneders tjenestetid, fra 31.03.2026" in out, out
