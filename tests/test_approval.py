"""Answers a trainee can trust: the goal set in force gets the plan's activities, an
examination counts once per list, and a sign-off that is not an approval as the regulation means it is
counted (Kompetanseportalen is the legal record) but marked in status and the review, and warned
about by check at the sign-off entry.

Expected answers are worked out by hand from the documents: 000 (OUS's plan: 400 skeleton
scintigraphies «beskrevet eller signert», §2.1.3 b and item 5; readiness: radiation protection after
6 months, the rest after 18; the supervisor signs introductions, procedure lists and MDT meetings)
a goal is approved (kvittert ut) when a supervisor signs it off after its activities are done (000:
«Slike læringsaktiviteter skal kvitteres ut av supervisør etter gjennomføring»; when the goal can be
signed off varies with what is missing, «Det vil variere når LIS kan kvittere ut læringsmålet»).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from conftest import plan_yaml, yaml_data
from test_init import init

LOG = "data/logs/lis/2026.yaml"


def exams(n: int, *, first: int = 1, start: str = "2026-01-05", role: str = "described") -> str:
    """``n`` skeleton scintigraphies with made-up accession numbers (first, first+1, …), four a day."""
    day = dt.date.fromisoformat(start)
    return "".join(
        f"- procedure: skeleton-scintigraphy\n"
        f"  date: {day + dt.timedelta(days=i // 4)}\n"
        f'  accession: "{90000000 + first + i}"\n'
        f"  role: {role}\n"
        for i in range(n)
    )


def _status(cli, repo, *args: str) -> dict:
    code, out = cli("status", "--format", "json", *args, repo=repo)
    assert code == 0, out
    return json.loads(out)


def _goal(data: dict, code: str) -> dict:
    return next(g for g in data["goals"] if g["id"] == code)


def _skeleton(data: dict) -> dict:
    return next(p for p in data["procedures"] if p["id"] == "skeleton-scintigraphy")


def _line(path: Path, text: str, after: str | None = None) -> int:
    """The 1-based number of the line holding ``text`` (the first after a line holding ``after``)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if after in line) if after else 0
    return next(i for i, line in enumerate(lines) if i >= start and text in line) + 1


# --- the goal set in force gets the plan's activities --------------------------------------------


def test_a_2026_starter_sees_the_2025_skeleton_goal_in_progress(cli, tmp_path):
    # The goal set in force on the start date: a trainee who starts at OUS on 2026-09-01 is under
    # nuk-2025. ous-nuk ties 000's 400
    # skeleton scintigraphies (LM 68, §2.1.3 b) to NUK-116 «skjelett og benmarg» (lisplan's reading).
    # Three logged examinations: NUK-116 in progress at 3/400, although its readiness month (18, 000
    # Del 1) is far off: work logged shows; it cannot be ready before. Failed before: 0 in progress.
    folder = tmp_path / "ola-plan"
    code, out = init(cli, folder, "--lisplan-source", "lisplan==0.1.0")
    assert code == 0, out
    for number in ("90000001", "90000002", "90000003"):
        code, out = cli("log", "skeleton-scintigraphy", "--accession", number, repo=folder)
        assert code == 0, out
    assert "skeleton scintigraphy: 3 / 400" in out
    data = _status(cli, folder)
    goal = _goal(data, "NUK-116")
    assert (goal["set"], goal["state"]) == ("nuk-2025", "in_progress")
    assert goal["procedures"] == [{"id": "skeleton-scintigraphy", "required": 400, "done": 3, "complete": False}]
    assert data["summary"]["in_progress"] == 1
    code, out = cli("status", repo=folder)
    assert "skeleton scintigraphy: 3 / 400" in out  # status names the list: things by name, not by id
    assert "C38.3 Nukleærmedisinsk organdiag" in out


def test_the_plan_says_the_2025_activities_are_lisplans_reading():
    text = (Path(__file__).resolve().parents[1] / "data" / "plans" / "ous-nuk.yaml").read_text(encoding="utf-8")
    assert "LISPLAN'S READING, NOT OUS'S" in text
    assert "goal: nuk-2025:NUK-116" in text and "goal: nuk-2025:NUK-138" in text


# --- one examination counts once per list --------------------------------------------------------


def test_described_and_later_signed_is_one_examination(cli, repo):
    # One accession number is one examination, whatever roles are logged for it: a list counts
    # examinations, and one described and later signed is still one.
    repo.trainee()
    repo.log(2026, exams(2))
    # the first one is signed later: still 2 examinations, in log's count and in status's
    code, out = cli("log", "skeleton-scintigraphy", "--accession", "90000001", "--role", "signed", repo=repo)
    assert code == 0, out
    assert "skeleton scintigraphy: 2 / 400" in out
    assert "90000001 is already counted for skeleton scintigraphy as described (2026-01-05)" in out
    proc = _skeleton(_status(cli, repo))
    assert proc["done"] == 2
    assert proc["by_role"] == {"described": 2, "signed": 1}  # the entries, by role, are all still shown
    code, out = cli("log", "skeleton-scintigraphy", "--accession", "90000003", "--role", "signed", repo=repo)
    assert "skeleton scintigraphy: 3 / 400" in out
    assert _skeleton(_status(cli, repo))["done"] == 3


def test_roles_are_shown_in_the_order_of_their_first_day_and_by_name_on_one_day(cli, repo):
    # status --format json shows the entries by role: a role first met on an earlier day comes first,
    # whatever the log's order on a day; on one day the roles come by name
    repo.trainee()
    repo.log(
        2026, exams(1, role="signed", start="2026-01-05") + exams(2, first=2, role="described", start="2026-01-06")
    )
    assert list(_skeleton(_status(cli, repo))["by_role"].items()) == [("signed", 1), ("described", 2)]
    repo.log(2026, exams(1, role="signed") + exams(1, first=2, role="re-review") + exams(1, first=3))
    assert list(_skeleton(_status(cli, repo))["by_role"].items()) == [("described", 1), ("re-review", 1), ("signed", 1)]


# --- a procedure list signed off below its minimum ---------------------------------------------


def _below_minimum(repo, extra: str = "") -> Path:
    """399 examinations (one of them also logged as signed), the introduction signed off, and the
    procedure list signed off on 2026-06-01, below the minimum of 400 (000 §2.1.3 b)."""
    repo.trainee()
    return repo.log(
        2026,
        exams(399)  # 2026-01-05 … 2026-04-13 (four a day)
        + """
- procedure: skeleton-scintigraphy
  date: 2026-05-01
  accession: "90000001"
  role: signed
- introduction: NUK-116
  date: 2026-05-02
  supervisor: sup
- signoff: NUK-116
  date: 2026-05-02
  activity: introduction
  by: sup
- signoff: NUK-116
  date: 2026-06-01
  activity: procedure-list
  procedure: skeleton-scintigraphy
  by: sup
"""
        + extra,
    )


def test_399_of_400_signed_off_stays_under_needs_attention(cli, repo):
    path = _below_minimum(repo)
    data = _status(cli, repo)
    proc = _skeleton(data)
    # 399 accession numbers; 90000001 described and signed is one examination (not 400)
    assert (proc["done"], proc["left"], proc["reached_on"], proc["signed_off_on"]) == (399, 1, None, "2026-06-01")
    assert (proc["complete"], proc["signed_below_minimum"]) == (False, True)
    assert _goal(data, "NUK-116")["state"] == "in_progress"  # the list is not complete: not ready
    code, out = cli("status", repo=repo)
    assert "Needs attention" in out
    assert "skeleton scintigraphy: 399 / 400" in out and "(signed off below the minimum)" in out
    code, out = cli("check", repo=repo)
    line = _line(path, "activity: procedure-list") - 2  # the entry starts two lines above
    assert code == 0, out  # a warning: the portal is the legal record
    assert f"{LOG}:{line}:5: warning[signoff-below-minimum]: the skeleton-scintigraphy list was signed off on " in out
    assert "(399 of 400 by 2026-11-23)" in out


def test_the_400th_examination_makes_it_ready_from_that_day(cli, repo):
    # the 400th examination on 2026-07-01, after the early sign-off (2026-06-01): the list is complete
    # and NUK-116 ready since 2026-07-01, the day of the examination that reached the minimum.
    path = _below_minimum(repo, exams(1, first=400, start="2026-07-01"))
    data = _status(cli, repo)
    proc = _skeleton(data)
    assert (proc["done"], proc["reached_on"], proc["complete"]) == (400, "2026-07-01", True)
    goal = _goal(data, "NUK-116")
    assert (goal["state"], goal["ready_since"]) == ("ready", "2026-07-01")
    code, out = cli("status", repo=repo)
    assert "skeleton scintigraphy: 400" not in out  # no longer needs attention as a list
    code, out = cli("check", repo=repo)
    line = _line(path, "activity: procedure-list") - 2
    assert f"{LOG}:{line}:5: warning[signoff-below-minimum]" in out and "(reached on 2026-07-01)" in out


# --- goal approvals: early, premature, by whom ---------------------------------------------------


def test_an_approval_before_the_activities_are_done_is_counted_and_warned(cli, repo):
    # NUK-116 needs an introduction and 400 examinations (ous-nuk, as NUK-068 in 000). Approved by
    # a supervisor on 2026-03-01 with 3 examinations and no introduction: approved as the portal shows,
    # but early. Service: 30 months on 2026-03-01, past the 18 months the plan asks: not premature.
    repo.trainee()
    path = repo.log(
        2026,
        exams(3)
        + """
- signoff: NUK-116
  date: 2026-03-01
  by: sup
""",
    )
    data = _status(cli, repo)
    goal = _goal(data, "NUK-116")
    assert (goal["state"], goal["approved_on"], goal["approved_by"]) == ("approved", "2026-03-01", "sup")
    assert goal["signoff_flags"] == ["signoff-before-activities"]
    code, out = cli("status", repo=repo)
    assert "Sign-offs to look at" in out
    assert "NUK-116 2026-03-01 by sup: signed off before its activities were done" in out
    code, out = cli("check", repo=repo)
    assert code == 0, out
    line = _line(path, "signoff: NUK-116")
    assert f"{LOG}:{line}:5: warning[signoff-before-activities]: NUK-116 was signed off on 2026-03-01" in out
    assert "introduction, procedure list skeleton scintigraphy" in out
    assert "signoff-before-readiness" not in out
    code, out = cli("--lang", "nb", "render", str(repo.root / "review.md"), repo=repo)
    assert code == 0, out
    text = (repo.root / "review.md").read_text(encoding="utf-8")
    assert "Kvitteringer å se på" in text and "kvittert før læringsaktivitetene var gjennomført" in text


def _new_trainee(repo, start: str) -> None:
    repo.write(
        "data/logs/lis/trainee.yaml",
        f"""
        kind: trainee
        id: lis
        name: Test LIS
        fictional: true
        specialty: nuk
        plan: ous-nuk
        goal_sets: [nuk-2025, fkm-2026]
        start: {start}
        supervisors:
          - {{id: sup, name: Supervisør, email: sup@example.org}}
        """,
    )


def test_an_approval_before_the_readiness_month_is_counted_and_warned(cli, repo):
    # 000 Del 1: radiation protection (C38.1, NUK-103) «etter et halvt års tjeneste». A trainee who
    # started 2026-09-01, full time, has 2 months of service on 2026-11-01: the sign-off is premature.
    _new_trainee(repo, "2026-09-01")
    path = repo.log(2026, "- signoff: NUK-103\n  date: 2026-11-01\n  by: sup\n")
    goal = _goal(_status(cli, repo), "NUK-103")
    assert goal["state"] == "approved"
    assert "signoff-before-readiness" in goal["signoff_flags"]
    code, out = cli("check", repo=repo)
    assert code == 0, out
    line = _line(path, "signoff: NUK-103")
    assert (
        f"{LOG}:{line}:5: warning[signoff-before-readiness]: NUK-103 was signed off on 2026-11-01, before the 6 months"
        in out
    )


def test_an_approval_after_the_readiness_month_is_not_premature(cli, repo):
    # the same goal signed off 2027-03-02 by a trainee who started 2026-09-01: 6 months have passed
    _new_trainee(repo, "2026-09-01")
    repo.log(2026, "- signoff: NUK-103\n  date: 2026-11-01\n  by: sup\n")
    code, out = cli("check", "--format", "json", repo=repo)
    codes = {p["code"] for p in json.loads(out)["problems"]}
    assert "signoff-before-readiness" in codes
    repo.log(2026, "- signoff: NUK-103\n  date: 2026-11-23\n  by: sup\n")
    _new_trainee(repo, "2026-05-01")  # 6.7 months on 2026-11-23
    code, out = cli("check", "--format", "json", repo=repo)
    assert "signoff-before-readiness" not in {p["code"] for p in json.loads(out)["problems"]}


def test_a_trainee_signing_her_own_goal_is_warned_at_write_time(cli, repo):
    repo.trainee()
    code, out = cli("signoff", "NUK-116", "--by", "lis", repo=repo)
    assert code == 0, out
    assert "the trainee signed the approval of NUK-116, which a supervisor must sign; it does not count" in out
    goal = _goal(_status(cli, repo), "NUK-116")
    assert goal["state"] != "approved" and goal["signoff_flags"] == ["self-signoff"]
    code, out = cli("check", repo=repo)
    assert "warning[self-signoff]" in out


def test_a_signoff_by_someone_not_a_supervisor_in_the_plan(cli, repo):
    # other-sup supervises under another plan in the repo, not under ous-nuk nor in the profile
    repo.trainee()
    repo.write(
        "data/plans/other-nuk.yaml",
        plan_yaml("other-nuk", "nuk", "[nuk-2025]", "supervisors:\n  - {id: other-sup, name: Annen Supervisør}\n"),
    )
    code, out = cli("signoff", "NUK-116", "--by", "other-sup", "--date", "2026-11-02", repo=repo)
    assert code == 0, out
    assert (
        "Annen Supervisør (other-sup) signed the approval of NUK-116 but is not a supervisor in the plan of "
        "Oslo universitetssykehus HF (OUS)"
    ) in out
    goal = _goal(_status(cli, repo), "NUK-116")
    assert goal["state"] == "approved"  # counted, as the portal would show it
    assert "signoff-not-supervisor" in goal["signoff_flags"]
    code, out = cli("check", repo=repo)
    line = _line(repo.root / LOG, "by: other-sup")
    assert f"{LOG}:{line}:9: warning[signoff-not-supervisor]" in out  # at by:, as self-signoff
    code, out = cli("signoff", "NUK-116", "--by", "nobody", repo=repo)
    assert code != 0 and "unknown supervisor 'nobody'" in out  # a name nobody lists is still a typo


# --- the second example trainee: the common case -------------------------------------------------

NEW = Path(__file__).resolve().parents[1] / "data" / "logs" / "eksempel-lis-2026"


def test_the_second_example_trainee_shows_a_believable_status(cli):
    from conftest import PROJECT

    profile = yaml_data((NEW / "trainee.yaml").read_text(encoding="utf-8"))
    entries = yaml_data((NEW / "2026.yaml").read_text(encoding="utf-8"))["entries"]
    assert profile["fictional"] is True and "FICTIONAL" in (NEW / "2026.yaml").read_text(encoding="utf-8")
    # she started after both sets in force came into force (nuk-2025: 2025-09-01, fkm-2026: 2026-03-01)
    assert profile["start"] >= dt.date(2026, 3, 1) and profile["goal_sets"] == ["nuk-2025", "fkm-2026"]
    exams = [e for e in entries if e.get("procedure") == "skeleton-scintigraphy"]
    distinct = {e["accession"] for e in exams if e["role"] in ("described", "signed")}
    assert all(e["accession"].startswith("FIKTIV-") for e in exams)  # clearly not real examinations
    data = _status(cli, PROJECT, "--trainee", "eksempel-lis-2026")
    proc = _skeleton(data)
    assert proc["done"] == len(distinct) == 100  # five were also logged as signed: one examination each
    assert proc["by_role"] == {"described": 100, "signed": 5}
    # by hand: approved NUK-103, -104, -105 (signed off 2026-09-16 and 2026-10-21, after the 6 months
    # 000 asks for radiation protection; she started 2026-03-01); in progress NUK-106 and NUK-107
    # (teaching), NUK-116 (examinations), NUK-138 (MDT), FKM-001 (teaching); not yet eligible: the
    # rest of nuk-2025 at 8.8 months (basics after 12, the rest after 18): 8 + 16 + 15 + 6 + 1 + 21.
    s = data["summary"]
    assert (s["approved"], s["ready"], s["in_progress"], s["not_eligible"]) == (3, 0, 5, 67)
    assert data["service_months"] == 8.8  # 2026-03-01 .. 2026-11-23 full time
    assert not [g for g in data["goals"] if g["signoff_flags"]]  # every sign-off is an approval
    assert data["migrations"] == []
    code, out = cli("check", repo=PROJECT)
    assert code == 0 and "eksempel-lis-2026" not in out, out


def test_the_default_trainee_of_the_project_is_the_first_example(cli):
    from conftest import PROJECT

    assert _status(cli, PROJECT)["trainee"] == "eksempel-lis"  # default_trainee in lisplan.yaml
