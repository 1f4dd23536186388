"""lisplan schedule: the plan's phases on the calendar, what-ifs, throughput rules, pace, and the ICS file."""

from __future__ import annotations

import json
import textwrap

import pytest

from conftest import PROJECT, plan_yaml

PROFILE = "data/logs/lis/trainee.yaml"


def profile(repo, start="2024-01-01", extra="", plan="ous-nuk"):
    repo.write(
        PROFILE,
        textwrap.dedent(f"""
        kind: trainee
        id: lis
        name: Test LIS
        fictional: true
        specialty: nuk
        plan: {plan}
        goal_sets: [nuk-2019, fkm-2026]
        start: {start}
        mentor: vei
        supervisors:
          - {{id: vei, name: Veileder}}
        """).lstrip("\n")
        + extra,
    )


def schedule(cli, repo, *args):
    code, out = cli("schedule", "--format", "json", *args, repo=repo)
    assert code == 0, out
    return json.loads(out)


def spans(view):
    return {p["id"]: (p["start"], p["end"]) for p in view["phases"]}


# document 000, Del 1: 0-1/2 år NM, 1/2-1 1/2 år NM, 1 1/2-3 år NM, 3-4 år radiologi, 4-5 år NM
OUS_TABLE_FROM_2024 = {
    "nm-1": ("2024-01-01", "2024-06-30"),
    "nm-2": ("2024-07-01", "2025-06-30"),
    "nm-3": ("2025-07-01", "2026-12-31"),
    "rad": ("2027-01-01", "2027-12-31"),
    "nm-4": ("2028-01-01", "2028-12-31"),
}


def test_ous_plan_reproduces_the_five_year_table(cli, repo):
    profile(repo)
    view = schedule(cli, repo, "--as-of", "2024-03-01")
    assert spans(view) == OUS_TABLE_FROM_2024
    assert [p["where"] for p in view["phases"]][3] == "Avdeling for radiologi"
    assert view["eligibility"] == [
        # the day the months are complete, when a sign-off is valid (signoff-before-readiness counts the day)
        {"goals": "radiation protection", "after_months": 6, "from": "2024-06-30"},
        {"goals": "basics (except radiology)", "after_months": 12, "from": "2024-12-31"},
        {"goals": "clinical nuclear medicine, radiology", "after_months": 18, "from": "2025-06-30"},
    ]
    assert view["throughput"]["goals_needing_it"] == []  # OUS offers every goal itself
    assert [p["current"] for p in view["phases"]] == [True, False, False, False, False]


def test_half_time_doubles_every_phase(cli, repo):
    profile(repo, extra="employment: 50\n")
    view = schedule(cli, repo, "--as-of", "2024-03-01")
    assert spans(view) == {
        "nm-1": ("2024-01-01", "2024-12-31"),
        "nm-2": ("2025-01-01", "2026-12-31"),
        "nm-3": ("2027-01-01", "2029-12-31"),
        "rad": ("2030-01-01", "2031-12-31"),
        "nm-4": ("2032-01-01", "2033-12-31"),
    }


def test_leave_shifts_the_phases_after_it(cli, repo):
    profile(repo, extra="leave:\n  - {from: 2025-07-01, to: 2025-12-31, reason: foreldrepermisjon}\n")
    view = schedule(cli, repo, "--as-of", "2024-03-01")
    got = spans(view)
    assert got["nm-1"] == OUS_TABLE_FROM_2024["nm-1"] and got["nm-2"] == OUS_TABLE_FROM_2024["nm-2"]
    assert got["nm-3"] == ("2026-01-01", "2027-06-30")  # starts after the leave, six months late
    assert got["rad"] == ("2027-07-01", "2028-06-30")
    assert got["nm-4"] == ("2028-07-01", "2029-06-30")


def test_what_if_options_change_nothing_on_disk(cli, repo):
    profile(repo)
    before = (repo.root / PROFILE).read_bytes()
    view = schedule(cli, repo, "--as-of", "2024-03-01", "--leave", "2025-07-01:2025-12-31")
    assert spans(view)["nm-3"] == ("2026-01-01", "2027-06-30")
    assert view["what_if"] == ["leave 2025-07-01–2025-12-31"]
    part = schedule(cli, repo, "--as-of", "2025-01-01", "--part-time", "50")
    assert spans(part)["nm-2"] == ("2024-07-01", "2025-12-31")  # half-time from 2025: six months take twelve
    moved = schedule(cli, repo, "--start", "2025-01-01", "--as-of", "2025-02-01")
    assert spans(moved)["nm-1"] == ("2025-01-01", "2025-06-30")
    assert (repo.root / PROFILE).read_bytes() == before


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("2027-06-30:2027-01-01", "ends before it starts"),
        ("next summer", "is not FROM:TO"),
    ],
)
def test_bad_what_if_leave_is_a_usage_error(cli, repo, value, message):
    profile(repo)
    code, out = cli("schedule", "--leave", value, repo=repo)
    assert code == 2 and message in out


THROUGHPUT_PLAN = """
arenas:
  - {id: home, name: Home NM, offers: {sections: [radiation-protection, basics], except: [radiology]}}
agreements:
  - {id: big, institution: Big University Hospital, offers: {all: true}}
timeline:
  - {id: home-1, from_month: 0, to_month: %(start)s, arena: home}
  - {id: away, from_month: %(start)s, to_month: %(end)s, agreement: big, throughput: true}
  - {id: home-2, from_month: %(end)s, to_month: 60, arena: home}
throughput: {min_months: 12, max_months: 18, prior_service_months: 24}
"""


@pytest.mark.parametrize(
    ("start", "end", "flags"),
    [
        (12, 24, ["throughput-too-early"]),
        (24, 36, []),
        (24, 44, ["throughput-length"]),
    ],
)
def test_throughput_before_two_years_of_nm_is_flagged(cli, repo, start, end, flags):
    repo.write(
        "data/plans/small.yaml",
        plan_yaml("small", "nuk", "[nuk-2019, fkm-2026]", THROUGHPUT_PLAN % {"start": start, "end": end}),
    )
    profile(repo, plan="small")
    view = schedule(cli, repo, "--as-of", "2024-03-01")
    assert [f["code"] for f in view["flags"] if f["code"].startswith("throughput-")] == flags
    if "throughput-too-early" in flags:
        flag = next(f for f in view["flags"] if f["code"] == "throughput-too-early")
        assert "from 2026-01-01" in flag["message"] and "OUS' utdanningsplan for nukleærmedisin, part 1" in flag["rule"]
    assert view["throughput"]["earliest"] == "2026-01-01"


def test_goals_no_arena_offers_need_a_throughput_rotation(cli, repo):
    repo.write(
        "data/plans/small.yaml",
        plan_yaml(
            "small",
            "nuk",
            "[nuk-2019, fkm-2026]",
            """
        arenas:
          - {id: home, name: Home NM, offers: {sections: [radiation-protection, basics, common], except: [radiology]}}
        throughput: {min_months: 12, max_months: 18, prior_service_months: 24}
        """,
        ),
    )
    profile(repo, plan="small")
    view = schedule(cli, repo, "--as-of", "2024-03-01")
    needing = view["throughput"]["goals_needing_it"]
    assert "NUK-068" in needing and "NUK-001" not in needing
    assert view["throughput"] | {"goals_needing_it": None} == {
        "goals_needing_it": None,
        "earliest": "2026-01-01",
        "min_months": 12,
        "max_months": 18,
    }
    assert any(f["code"] == "throughput-needed" for f in view["flags"])


def _procedures(repo, per_month, months, start="2024-01"):
    lines = []
    n = 0
    for m in range(months):
        year, month = 2024 + (m // 12), 1 + m % 12
        for d in range(per_month):
            n += 1
            lines.append(
                f"- procedure: skeleton-scintigraphy\n  date: {year}-{month:02d}-{1 + d % 28:02d}\n"
                f"  accession: '{n:08d}'\n"
            )
    by_year: dict[int, list[str]] = {}
    for line in lines:
        by_year.setdefault(int(line.split("date: ")[1][:4]), []).append(line)
    for year, items in by_year.items():
        repo.log(year, "".join(items))


def test_projected_completion_moves_with_pace(cli, repo):
    profile(repo)
    _procedures(repo, per_month=10, months=12)
    fast = schedule(cli, repo, "--as-of", "2024-12-31")
    pace = fast["procedures"][0]
    assert pace["done"] == 120 and pace["per_month"] == pytest.approx(120 / 11.97, rel=0.02)
    slow_repo_entries = repo.root / "data/logs/lis"
    for f in slow_repo_entries.glob("20*.yaml"):
        f.unlink()
    _procedures(repo, per_month=4, months=12)
    slow = schedule(cli, repo, "--as-of", "2024-12-31")
    assert slow["procedures"][0]["reached_on"] > fast["procedures"][0]["reached_on"]
    assert fast["completion"] == "2028-12-31"  # the plan's end; 400 are reached well before
    assert slow["completion"] == slow["procedures"][0]["reached_on"] > "2028-12-31"
    short = next(f for f in slow["flags"] if f["code"] == "pace-short")
    assert "skeleton scintigraphy: at 4.0 a month" in short["message"] and "months after the phases" in short["message"]


def test_ics_has_one_event_per_rotation_and_parses(cli, repo, tmp_path):
    from icalendar import Calendar

    profile(repo)
    target = tmp_path / "plan.ics"
    code, out = cli("schedule", "--format", "ics", "--out", str(target), "--as-of", "2024-03-01", repo=repo)
    assert code == 0, out
    cal = Calendar.from_ical(target.read_bytes())
    events = cal.walk("VEVENT")
    rotations = [e for e in events if ".review-" not in str(e["UID"])]
    assert len(rotations) == 5
    first = rotations[0]
    assert first.decoded("DTSTART").isoformat() == "2024-01-01"
    assert first.decoded("DTEND").isoformat() == "2024-07-01"  # all-day: the day after the last
    reviews = [e for e in events if ".review-" in str(e["UID"])]
    assert {e.decoded("DTSTART").month for e in reviews} == {2, 8}  # «februar og august/september»


def test_out_into_a_missing_folder_writes_nothing(cli, repo, tmp_path):
    profile(repo)
    code, out = cli("schedule", "--format", "ics", "--out", str(tmp_path / "nope" / "plan.ics"), repo=repo)
    assert code == 2 and "does not exist" in out
    assert not (tmp_path / "nope").exists()


def test_table_marks_today_and_lists_the_phases(cli, repo):
    profile(repo)
    code, out = cli("schedule", "--as-of", "2025-03-01", repo=repo)
    assert code == 0, out
    for phase, (start, end) in OUS_TABLE_FROM_2024.items():
        assert any(start in line and end in line for line in out.splitlines()), phase  # phases show by name
    assert "┃" in out and "Projected completion:" in out


def test_check_warns_about_a_throughput_phase_that_breaks_the_rule(cli, repo):
    path = repo.write(
        "data/plans/small.yaml",
        plan_yaml("small", "nuk", "[nuk-2019, fkm-2026]", THROUGHPUT_PLAN % {"start": 12, "end": 24}),
    )
    profile(repo, plan="small")
    code, out = cli("check", repo=repo)
    line = next(i for i, text in enumerate(path.read_text().splitlines(), 1) if "id: away" in text)
    assert f"data/plans/small.yaml:{line}:" in out and "warning[throughput-too-early]" in out
    assert "before the 24 months the plan of Test HF asks for" in out


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("nb", "feil: --out skriver rotasjonsplanen som json eller ics\n  legg til --format json eller --format ics"),
        ("en", "error: --out writes the schedule as json or ics\n  add --format json or --format ics"),
    ],
)
def test_out_without_a_file_format_is_refused_in_the_language(cli, tmp_path, lang, said):
    # A regression: the refusal was English text outside the catalog.
    code, out = cli("--lang", lang, "schedule", "--out", str(tmp_path / "plan.json"), repo=PROJECT)
    assert code == 2 and said in out
    assert not (tmp_path / "plan.json").exists()


# Document 000, Del 1 (seeds/000_14f695d6331380be.txt, lines 83-89): «3-4 år HSØ OUS Avd. for radiologi
# 017-067 (radiologi)», then «4-5 år ... nukleærmedisin 068-096/096-102». data/plans/ous-nuk.yaml marks
# that arena `specialty_service: false` and offers only radiology there: no skeleton scintigraphy (LM 68,
# 000 §2.1.3 b: 400) is done in the radiology year. From a start on 2024-01-01 at 100 % the phases are
# OUS_TABLE_FROM_2024: NM to 2026-12-31, radiology all of 2027, NM all of 2028, the plan's end 2028-12-31.


def test_projection_skips_the_radiology_year(cli, repo):
    """8 a month in 2024-2025; as of 2025-12-31 24 months are served, all in NM phases: 192 done, pace
    192 / 24 = 8.0. The 208 left take 208 / 8 = 26 months that can produce them: 12 in 2026 (96, 112
    left), none in 2027 (radiology), 12 in 2028 (96, 16 left), and 2 after the plan's end: January and
    February 2029, so the 400 come on 2029-02-28, 2 months after 2028-12-31. (Counting the radiology year,
    24 + 26 = 50 months of service gave 2028-02-29, before the plan's end.) To finish by the plan's end
    the 208 must come in the 24 NM months of 2026 and 2028: 208 / 24 = 8.67 a month."""
    profile(repo)
    _procedures(repo, per_month=8, months=24)
    view = schedule(cli, repo, "--as-of", "2025-12-31")
    (pace,) = view["procedures"]
    assert pace["done"] == 192 and pace["per_month"] == 8.0
    assert pace["reached_on"] == "2029-02-28"
    assert pace["needed_per_month"] == 8.7
    assert view["completion"] == "2029-02-28"
    assert "2 months after the plan's end" in view["completion_reason"]
    assert "8.7 a month finish it by the plan's end (2028-12-31)" in view["completion_reason"]
    # status, the review and the table show the same computation
    code, out = cli("status", "--as-of", "2025-12-31", "--format", "json", repo=repo)
    assert code == 0, out
    assert json.loads(out)["completion"]["completion"] == "2029-02-28"
    code, out = cli("schedule", "--as-of", "2025-12-31", repo=repo)
    assert "the 400 are reached on 2029-02-28" in out and "Projected completion: 2029-02-28" in out


def test_pace_is_not_diluted_by_the_radiology_year(cli, repo, monkeypatch):
    """8 a month in 2024-2026 (36 months in NM phases: 288), as of 2027-12-31, the radiology year just
    served: 48 months of service, of which 36 can produce the list, so the pace is 288 / 36 = 8.0 (not
    288 / 48 = 6.0). The 112 left take 14 months: all 12 of 2028 (96) and January-February 2029 (16):
    2029-02-28. By the plan's end (2028-12-31) they need 112 / 12 = 9.33 a month."""
    monkeypatch.setenv("LISPLAN_TODAY", "2028-01-15")  # a log of 2026's December is not in the future
    profile(repo)
    _procedures(repo, per_month=8, months=36)
    view = schedule(cli, repo, "--as-of", "2027-12-31")
    (pace,) = view["procedures"]
    assert pace["done"] == 288 and pace["per_month"] == 8.0
    assert pace["reached_on"] == "2029-02-28" and pace["needed_per_month"] == 9.3
    assert view["completion"] == "2029-02-28"


def test_review_aims_only_for_months_that_produce_the_list(cli, repo, tmp_path, monkeypatch):
    """As of 2027-09-30 the trainee is in the radiology year (all of 2027, 000 Del 1). The review's half
    year runs 182 days, to 2028-03-30; of it only 2028-01-01 to 03-30 is NM: 2 + 30/31 = 2.97 months.
    The pace is 288 / 36 = 8.0 (the radiology months do not dilute it), so the aim is 8.0 x 2.97 = 23.7,
    24 of the 112 left. (Six months at a pace diluted over 45 months, 6.4, gave 38.)"""
    monkeypatch.setenv("LISPLAN_TODAY", "2028-01-15")
    profile(repo)
    _procedures(repo, per_month=8, months=36)
    target = tmp_path / "plan.md"
    code, out = cli("render", str(target), "--as-of", "2027-09-30", repo=repo)
    assert code == 0, out
    assert "skeleton scintigraphy: aim for 24 (112 left)" in target.read_text(encoding="utf-8")
