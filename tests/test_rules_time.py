"""Rules of time and approval: time counted where it was served, goal sets from their in-force date, open
choice groups, supervision topics and reviews, the cohort, carried approvals and projected completion.

Each expected answer is worked out by hand from the documents (000, 001, 004, the regulations in
shared/data/), in the test.
"""

from __future__ import annotations

import json
import textwrap

import pytest

from conftest import plan_yaml

PROFILE = "data/logs/lis/trainee.yaml"


def profile(repo, start: str = "2025-09-01", plan: str = "ous-nuk", sets: str = "[nuk-2025, fkm-2026]", extra=""):
    repo.write(
        PROFILE,
        textwrap.dedent(f"""
        kind: trainee
        id: lis
        name: Test LIS
        fictional: true
        specialty: nuk
        plan: {plan}
        goal_sets: {sets}
        start: {start}
        mentor: vei
        supervisors:
          - {{id: vei, name: Veileder}}
        """).lstrip("\n")
        + textwrap.dedent(extra),
    )


def as_json(cli, repo, *args: str) -> dict:
    code, out = cli(*args, "--format", "json", repo=repo)
    assert code == 0, out
    return json.loads(out)


def state(view: dict, code: str) -> str:
    return next(g["state"] for g in view["goals"] if g["id"] == code)


# --- time is counted where it was served --------------------------------------------------------------

RADIOLOGY_FIRST = """
arenas:
  - {id: nm, name: Nukleærmedisin, offers: {sections: [radiation-protection, basics, clinical, common]}}
  - {id: rad, name: Radiologi, offers: {sections: [radiology]}, specialty_service: false}
timeline:
  - {id: rad-first, from_month: 0, to_month: 6, arena: rad, goals: {sections: [radiology]}}
  - {id: nm, from_month: 6, to_month: 60, arena: nm, goals: {all: true}}
readiness:
  - {goals: {sections: [radiation-protection]}, after_months: 6}
"""


def test_six_months_of_radiology_do_not_make_radiation_protection_approvable(cli, repo):
    # 000 Del 1: Part A (radiation protection) «etter et halvt års tjeneste i nukleærmedisin». A trainee
    # who starts 2025-09-01 with six months of radiology has served 6 months on 2026-02-28 (Sep-Feb), but
    # none in nuclear medicine: NUK-103 (C38.1) is not yet eligible. Six months of NM later, on
    # 2026-08-31 (12 months served, 6 of them NM), it is; the schedule says so, from 2026-08-31.
    repo.write("data/plans/radforst.yaml", plan_yaml("radforst", "nuk", "[nuk-2025, fkm-2026]", RADIOLOGY_FIRST))
    profile(repo, plan="radforst")
    early = as_json(cli, repo, "status", "--as-of", "2026-02-28")
    assert (early["service_months"], early["specialty_months"]) == (6.0, 0.0)
    assert state(early, "NUK-103") == "not_eligible"
    later = as_json(cli, repo, "status", "--as-of", "2026-08-31")
    assert (later["service_months"], later["specialty_months"]) == (12.0, 6.0)
    assert state(later, "NUK-103") == "not_started"
    plan = as_json(cli, repo, "schedule", "--as-of", "2026-02-28")
    assert plan["eligibility"][0] == {"goals": "radiation protection", "after_months": 6, "from": "2026-08-31"}


def test_ous_radiology_year_is_not_nuclear_medicine_service(cli, repo):
    # 000 Del 1: NM 0-36 months, radiology 36-48, NM 48-60. A trainee from 2024-01-01 has served 48
    # months on 2027-12-31, of which 36 in nuclear medicine.
    profile(repo, start="2024-01-01")
    view = as_json(cli, repo, "status", "--as-of", "2027-12-31")
    assert (view["service_months"], view["specialty_months"]) == (48.0, 36.0)


HOME_PLAN = """
arenas:
  - {id: home, name: Hjemme NM, offers: {sections: [radiation-protection, basics, common]}}
agreements:
  - {id: ous, institution: OUS, plan: ous-nuk, offers: {sections: [clinical]}}
timeline:
  - {id: home, from_month: 0, to_month: 12, arena: home}
  - {id: away, from_month: 12, to_month: 30, agreement: ous, throughput: true}
  - {id: back, from_month: 30, to_month: 60, arena: home}
"""


def test_throughput_after_one_year_of_nm_is_flagged_by_the_hosting_plans_rule(cli, repo):
    # 000 Del 1: the throughput rotation at OUS comes «minst 2 års nukleærmedisinsk erfaring» first.
    # The home plan states no throughput rule; its phase at OUS (agreement plan: ous-nuk) starts after
    # 12 months of NM, 12 short of OUS's 24.
    path = repo.write("data/plans/hjem.yaml", plan_yaml("hjem", "nuk", "[nuk-2025, fkm-2026]", HOME_PLAN))
    profile(repo, plan="hjem")
    code, out = cli("check", repo=repo)
    line = next(i for i, text in enumerate(path.read_text().splitlines(), 1) if "id: away" in text)
    assert f"data/plans/hjem.yaml:{line}:" in out and "warning[throughput-too-early]" in out
    assert (
        "starts after 12 months of service in the specialty, before the 24 months the plan of Oslo "
        "universitetssykehus HF (OUS) asks for"
    ) in out
    view = as_json(cli, repo, "schedule", "--as-of", "2026-01-01")
    assert any(f["code"] == "throughput-too-early" for f in view["flags"])


def test_radiology_before_throughput_does_not_count_as_nm_experience(cli, repo):
    # 12 months of NM and 12 of radiology make 24 months of service but 12 of NM: still too early.
    body = HOME_PLAN.replace(
        "  - {id: home, from_month: 0, to_month: 12, arena: home}",
        "  - {id: home, from_month: 0, to_month: 12, arena: home}\n"
        "  - {id: rtg, from_month: 12, to_month: 24, arena: rtg}",
    ).replace("from_month: 12, to_month: 30, agreement", "from_month: 24, to_month: 36, agreement")
    body = body.replace("back, from_month: 30", "back, from_month: 36")
    body = body.replace(
        "agreements:",
        "  - {id: rtg, name: Røntgen, offers: {sections: [radiology]}, specialty_service: false}\nagreements:",
    )
    repo.write("data/plans/hjem.yaml", plan_yaml("hjem", "nuk", "[nuk-2025, fkm-2026]", body))
    profile(repo, plan="hjem")
    code, out = cli("check", repo=repo)
    assert "phase away (throughput) starts after 12 months of service in the specialty" in out


# --- projected completion ---------------------------------------------------------------------------

# OUS's five-year table (000 Del 1) with the 400 skeleton scintigraphies (000 §2.1.3 b) tied to the 2025
# skeleton goal, NUK-116 (C38.3, organ diagnostics), whose phase is 18-36 months.
OUS_LIKE = """
arenas:
  - {id: nm, name: Nukleærmedisin, offers: {sections: [radiation-protection, basics, clinical, common]}}
  - {id: rad, name: Radiologi, offers: {sections: [radiology]}, specialty_service: false}
procedures:
  - {id: skeleton-scintigraphy, name: skjelettscintigrafi, minimum: 400}
goal_activities:
  - goal: NUK-116
    activities: [{kind: procedure-list, procedure: skeleton-scintigraphy}]
timeline:
  - {id: nm-1, from_month: 0, to_month: 6, arena: nm, goals: {sections: [radiation-protection, basics]}}
  - {id: nm-2, from_month: 6, to_month: 18, arena: nm, goals: {sections: [basics]}}
  - {id: nm-3, from_month: 18, to_month: 36, arena: nm, goals: {sections: [organ-diagnostics, oncology]}}
  - {id: rad, from_month: 36, to_month: 48, arena: rad, goals: {sections: [radiology]}}
  - {id: nm-4, from_month: 48, to_month: 60, arena: nm, goals: {sections: [clinical]}}
"""


def ous_like(repo, start: str) -> None:
    repo.write("data/plans/ouslike.yaml", plan_yaml("ouslike", "nuk", "[nuk-2025, fkm-2026]", OUS_LIKE))
    profile(repo, start=start, plan="ouslike")


def test_a_trainee_with_nothing_logged_gets_the_plans_date_and_no_pace(cli, repo):
    # 000 Del 1: five years (60 months) of full-time service; from 2026-09-01 the plan ends 2031-08-31.
    # Nothing is logged and the phases for skeleton scintigraphy (NUK-116, organ diagnostics: nm-3 from
    # month 18) start 2028-03-01: no pace yet, so the completion is the plan's end, and it says why.
    # To reach 400 by then: of the 57 months left (on 2026-11-30, 3 months served) the radiology year
    # (months 36-48, arena rad, which offers no NUK-116) produces none, so 400 / (33 + 12) = 8.9 a month.
    ous_like(repo, "2026-09-01")
    view = as_json(cli, repo, "schedule", "--as-of", "2026-11-30")
    assert view["completion"] == view["plan_end"] == "2031-08-31"
    pace = view["procedures"][0]
    assert pace["per_month"] is None and pace["needed_per_month"] == 8.9
    assert "pace not yet known (the phases that do it start on 2028-03-01, 0 of 400 logged)" in pace["pace"]
    assert "pace not yet known" in view["completion_reason"] and "2031-08-31" in view["completion_reason"]
    status = as_json(cli, repo, "status", "--as-of", "2026-11-30")
    assert status["completion"]["completion"] == "2031-08-31"
    assert status["completion"]["completion_reason"] == view["completion_reason"]
    code, out = cli("status", "--as-of", "2026-11-30", repo=repo)
    assert "Projected completion: 2031-08-31" in out and "pace not yet known" in out


def test_three_exams_in_the_first_weeks_give_no_date_decades_away(cli, repo):
    # A regression: three logged examinations once projected 2055. A month of service is too little to
    # measure a pace over (3 months needed), so the plan's end stands.
    ous_like(repo, "2026-09-01")
    repo.log(
        2026,
        """
        - {procedure: skeleton-scintigraphy, date: 2026-09-10, accession: '10000001'}
        - {procedure: skeleton-scintigraphy, date: 2026-09-11, accession: '10000002'}
        - {procedure: skeleton-scintigraphy, date: 2026-09-12, accession: '10000003'}
        """,
    )
    view = as_json(cli, repo, "schedule", "--as-of", "2026-10-31")
    assert view["completion"] == "2031-08-31"
    assert view["procedures"][0]["per_month"] is None
    assert "pace not yet known (1.7 of the 3 months" in view["procedures"][0]["pace"]


def test_a_pace_that_misses_the_plans_end_says_so_with_the_count_needed(cli, repo):
    # 3 examinations over 12 months of service from the first (2025-09-01 to 2026-08-31): 0.25 a month, so 397 more take
    # 1588 months, beyond lisplan's 40-year horizon: no date, and the words say what it takes instead:
    # 397 / 36 = 11.0 a month by 2030-08-31: of the 48 months left of the 60, the radiology year
    # (months 36-48, arena rad, which offers no NUK-116) produces none, leaving 24 + 12.
    ous_like(repo, "2025-09-01")
    repo.log(
        2025,
        """
        - {procedure: skeleton-scintigraphy, date: 2025-09-01, accession: '10000001'}
        - {procedure: skeleton-scintigraphy, date: 2025-12-11, accession: '10000002'}
        """,
    )
    repo.log(2026, "- {procedure: skeleton-scintigraphy, date: 2026-05-12, accession: '10000003'}")
    view = as_json(cli, repo, "schedule", "--as-of", "2026-08-31")
    pace = view["procedures"][0]
    assert pace["per_month"] == 0.25 and pace["needed_per_month"] == 11.0
    assert view["completion"] is None
    assert (
        "not reached within 40 years; 11.0 a month finish it by the plan's end (2030-08-31)"
        in (view["completion_reason"])
    )
    code, out = cli("schedule", "--as-of", "2026-08-31", repo=repo)
    assert "Projected completion: cannot be projected" in out and "11.0 a month" in out


# --- a goal set applies from its in-force date ------------------------------------------------------


def test_fkm_2026_goals_are_neither_required_nor_approvable_before_2026_03_01(cli, repo):
    # FOR-2025-01-24-114: FKM-001 … FKM-014 from 2026-03-01. nuk-2025 has 74 goals
    # (NUK-103 … NUK-176). On 2026-02-28 a trainee on [nuk-2025, fkm-2026] needs the 74; on 2026-03-01
    # 74 + 14 = 88. A sign-off of FKM-001 on 2026-02-15 does not approve it, and check says why.
    profile(repo)
    path = repo.log(2026, "- {signoff: FKM-001, date: 2026-02-15, by: vei}")
    before = as_json(cli, repo, "status", "--as-of", "2026-02-28")
    assert before["summary"]["total"] == 74 and not any(g["set"] == "fkm-2026" for g in before["goals"])
    after = as_json(cli, repo, "status", "--as-of", "2026-03-01")
    assert after["summary"]["total"] == 88 and state(after, "FKM-001") == "not_started"
    code, out = cli("check", repo=repo)
    assert "data/logs/lis/2026.yaml:5:" in out and "warning[signoff-before-in-force]" in out
    assert "before goal set fkm-2026 came into force (2026-03-01)" in out
    assert path.exists()


def test_init_says_truly_which_sets_apply_from_when(cli, tmp_path):
    # A start on 2025-10-01: nuk-2025 is in force (from 2025-09-01), fkm-2026 only from 2026-03-01.
    code, out = cli(
        "init",
        str(tmp_path / "r"),
        "--trainee",
        "ola",
        "--name",
        "Ola Nordmann",
        "--plan",
        "ous-nuk",
        "--start",
        "2025-10-01",
    )
    assert code == 0, out
    line = next(x for x in (tmp_path / "r/data/logs/ola/trainee.yaml").read_text().splitlines() if "goal_sets" in x)
    assert "[nuk-2025, fkm-2026]" in line
    assert "nuk-2025 in force on the start date; fkm-2026 from 2026-03-01" in line


# --- remaining: open choice groups --------------------------------------------------------------------

RUS_PLAN = """
arenas:
  - {id: rus, name: Rusklinikken, offers: {all: true}}
"""


def rus_trainee(repo) -> None:
    repo.write("data/plans/rusplan.yaml", plan_yaml("rusplan", "rus", "[rus]", RUS_PLAN))
    repo.write(
        PROFILE,
        """
        kind: trainee
        id: lis
        name: Test LIS
        fictional: true
        specialty: rus
        plan: rusplan
        goal_sets: [rus]
        start: 2024-01-01
        """,
    )


def test_one_of_two_psychotherapy_courses_leaves_the_choice_open(cli, repo):
    # 004: «To psykoterapikurs innen følgende tre» (psychodynamic, group, cognitive). One taken: take 1
    # more of the other two.
    rus_trainee(repo)
    repo.log(2025, "- {course: rus-kognitiv-terapi, date: 2025-03-01}")
    view = as_json(cli, repo, "remaining")
    (group,) = view["choice_groups"]
    assert (group["id"], group["taken"], group["left"]) == ("rus-psykoterapi", ["rus-kognitiv-terapi"], 1)
    assert group["text"].startswith("2 of 3 (To psykoterapikurs innen følgende tre): 1 taken, take 1 more of ")
    assert group["text"].endswith("rus-psykodynamisk-terapi, rus-gruppeterapi")
    code, out = cli("remaining", repo=repo)
    assert "2 of 3 (To psykoterapikurs innen følgende tre): 1 taken, take 1 more of" in out


def test_two_of_three_close_the_choice_and_the_former_name_counts(cli, repo):
    # 004: the course «het tidligere "Terapikurs (kan velges blant flere godkjente kurs)"». A course
    # logged under that name is one therapy course of the group; with the cognitive one that is 2 of 3,
    # so no choice is left open, and check accepts the name.
    rus_trainee(repo)
    repo.log(
        2025,
        """
        - {course: rus-kognitiv-terapi, date: 2025-03-01}
        - {course: "Terapikurs (kan velges blant flere godkjente kurs)", date: 2025-06-01}
        """,
    )
    assert as_json(cli, repo, "remaining")["choice_groups"] == []
    code, out = cli("check", repo=repo)
    assert code == 0 and "unknown-course" not in out, out
    goals = as_json(cli, repo, "status")["goals"]
    course = next(a for g in goals if g["id"] == "RUS-025" for a in g["activities"] if a["kind"] == "course")
    assert course["complete"]


# --- group-supervision topics -------------------------------------------------------------------------


def test_group_topics_count_as_000_writes_them_and_an_unknown_one_is_an_error(cli, repo):
    # 000 §2.1.6: «minimum to ganger per tema»; topic 3 is «Kvalitet og pasientsikkerhet». Two sessions
    # written that way and as the id make 2 of 2; «Kvalitet» alone is no topic: an error with a hint.
    profile(repo)
    repo.log(
        2026,
        """
        - {supervision: group, date: 2026-01-10, topic: Kvalitet og pasientsikkerhet}
        - {supervision: group, date: 2026-02-10, topic: kvalitet-og-pasientsikkerhet}
        - {supervision: group, date: 2026-03-10, topic: KVALITET OG PASIENTSIKKERHET}
        - {supervision: group, date: 2026-04-10, topic: Etik}
        """,
    )
    code, out = cli("check", repo=repo)
    assert code == 1 and "data/logs/lis/2026.yaml:8:" in out and "error[unknown-topic]" in out
    assert "unknown group-supervision topic 'Etik'" in out and "Etikk" in out
    assert out.count("unknown-topic") == 1  # the case of a name does not matter


def test_group_topics_are_counted_by_name(cli, repo):
    profile(repo)
    repo.log(
        2026,
        """
        - {supervision: group, date: 2026-01-10, topic: Kvalitet og pasientsikkerhet}
        - {supervision: group, date: 2026-02-10, topic: kvalitet-og-pasientsikkerhet}
        - {supervision: group, date: 2026-03-10, topic: "Systemforståelse, organisasjonsutvikling og ledelse"}
        """,
    )
    rows = {s["what"]: s for s in as_json(cli, repo, "remaining")["supervision"]}
    assert rows["group supervision sessions on Kvalitet og pasientsikkerhet"]["held"] == 2
    assert rows["group supervision sessions on Systemforståelse, organisasjonsutvikling og ledelse"]["held"] == 1


# --- the yearly reviews of the individual plan --------------------------------------------------------


def test_three_of_four_guidance_meetings_and_a_missed_august_september_review(cli, repo):
    # 000 §2.1.4: guidance «minimum 4 ganger per år», the individual plan reviewed «i februar og
    # august/september». Started 2025-09-01; on 2026-11-23 the windows begun since are February 2026
    # and August/September 2026. Meetings 2026-02-10 (review), 2026-05-12, 2026-10-05: 3 of 4 in the
    # last 12 months, and no review in August/September 2026.
    profile(repo)
    repo.log(
        2026,
        """
        - {supervision: individual, date: 2026-02-10, by: vei, review: true}
        - {supervision: individual, date: 2026-05-12, by: vei}
        - {supervision: individual, date: 2026-10-05, by: vei}
        """,
    )
    rows = {s["what"]: s for s in as_json(cli, repo, "remaining")["supervision"]}
    meetings = rows["individual guidance meetings in the last 12 months"]
    assert (meetings["held"], meetings["required"], meetings["due"]) == (3, 4, 1)
    assert rows["review of the individual plan, August/September 2026"]["due"] == 1
    assert not any("February" in what for what in rows)
    assert as_json(cli, repo, "status")["missed_reviews"] == ["August/September 2026"]
    code, out = cli("status", repo=repo)
    assert "no review of the individual plan in August/September 2026" in out
    code, out = cli("render", str(repo.root / "plan.md"), "--lang", "en", repo=repo)
    assert code == 0, out
    assert "review of the individual plan, August/September 2026" in (repo.root / "plan.md").read_text()


# --- cohort ---------------------------------------------------------------------------------------


def test_cohort_keeps_a_trainee_with_errors_as_a_marked_row_and_exits_1(cli, repo, tmp_path):
    profile(repo)
    repo.trainee("bad")
    repo.log(2026, "- {procedure: skeleton-scintigraphy, date: 2026-01-10}", tid="bad")  # no accession: an error
    code, out = cli("cohort", "--format", "json", repo=repo)
    assert code == 1
    view, _end = json.JSONDecoder().raw_decode(out[out.index("{") :])  # the warning about bad goes to stderr
    rows = {r["trainee"]: r for r in view["rows"]}
    assert rows["bad"]["problems"] == 1 and rows["bad"]["behind"] is None
    assert rows["lis"]["problems"] == 0 and rows["lis"]["behind"] is not None
    code, out = cli("cohort", repo=repo)
    assert code == 1 and "problem" in out and "Test LIS: their files have errors" in out  # bad's name
    code, out = cli("render", str(tmp_path / "cohort.md"), "--lang", "en", repo=repo)
    assert "errors in the files (lisplan check): 1" in (tmp_path / "cohort.md").read_text()


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_cohort_names_a_trainee_with_errors_by_name_in_the_language(cli, repo, lang):
    # A regression: the marked row and the warning gave the folder's id where every other
    # row gives the name, and said "1 problem" and "their files have errors" in English whatever the
    # language.
    profile(repo)
    path = repo.trainee("bad")
    path.write_text(path.read_text().replace("name: Test LIS", "name: Kari Nordmann"))
    repo.log(2026, "- {procedure: skeleton-scintigraphy, date: 2026-01-10}", tid="bad")  # no accession: an error
    code, out = cli("--lang", lang, "cohort", repo=repo)
    assert code == 1
    said = {
        "nb": "advarsel: Kari Nordmann: filene har feil, så raden har ingen tall (lisplan check viser dem)",
        "en": "warning: Kari Nordmann: their files have errors, so their row has no numbers (lisplan check shows them)",
    }
    assert said[lang] in out
    row = next(line for line in out.splitlines() if line.startswith("Kari Nordmann"))
    assert row.split()[2:4] == ["ous-nuk", "1"]  # "1 problem" folds onto the next line in its narrow column
    assert " problem" in out and "problems" not in out and "problemer" not in out
    assert "bad" not in out.replace("lisplan check", "")


def test_cohort_counts_behind_only_goals_eligible_once_their_phase_is_over(cli, repo):
    # The radiology-first plan with radiology goals readable only after 18 months in NM. On 2026-04-30
    # (8 months served, 2 in NM) the rad-first phase is over, but none of its goals (C38.7) is eligible:
    # 0 behind. (All 74 + 14 goals start out not approved; only eligible ones of passed phases count.)
    body = RADIOLOGY_FIRST + "  - {goals: {sections: [radiology]}, after_months: 18}\n"
    repo.write("data/plans/radforst.yaml", plan_yaml("radforst", "nuk", "[nuk-2025, fkm-2026]", body))
    profile(repo, plan="radforst")
    (row,) = as_json(cli, repo, "cohort", "--as-of", "2026-04-30")["rows"]
    assert row["behind"] == 0
