"""Courses: what `lisplan course` accepts (the same as a log's `course:`), and which course lists apply
to a trainee's plan. Expected answers are worked out from documents 000 and 004 in each test."""

from __future__ import annotations

import json

from test_rules_time import rus_trainee

# 004 (seeds/004_df35d19bfd20896c.txt): the psychotherapy choice «To psykoterapikurs innen følgende tre»,
# which «het tidligere "Terapikurs (kan velges blant flere godkjente kurs)"». data/goals/rus-courses.yaml
# gives it the id rus-psykoterapi.
FORMER = "Terapikurs (kan velges blant flere godkjente kurs)"


def test_course_takes_a_choice_group_by_id_name_and_former_name_as_the_file_does(cli, repo):
    rus_trainee(repo)
    repo.log(2025, "- {course: rus-kognitiv-terapi, date: 2025-03-01}")
    for name in ("rus-psykoterapi", "To psykoterapikurs innen følgende tre", FORMER):
        code, out = cli("course", name, "--date", "2025-06-01", "--dry-run", repo=repo)
        assert code == 0, out
        assert "course: rus-psykoterapi" in out, out
    code, out = cli("course", FORMER, "--date", "2025-06-01", repo=repo)
    assert code == 0, out
    assert "To psykoterapikurs innen følgende tre" in out
    # written as the group's id, the entry passes check, and with the cognitive course makes 2 of the
    # 3 (004: «To psykoterapikurs»), so no choice is left open
    assert "course: rus-psykoterapi" in (repo.root / "data/logs/lis/2025.yaml").read_text()
    code, out = cli("check", repo=repo)
    assert code == 0, out
    code, out = cli("remaining", "--format", "json", repo=repo)
    assert json.loads(out)["choice_groups"] == []


def test_course_refuses_an_unknown_name_and_suggests_a_different_one(cli, repo):
    rus_trainee(repo)
    code, out = cli("course", "Terapikurs (kan velges blant flere)", "--dry-run", repo=repo)
    assert code == 2, out
    assert "no course by that id or name" in out
    assert f"did you mean {FORMER!r}" in out.replace("\n", " ") or FORMER in out


def test_a_unn_trainee_is_asked_for_the_five_national_nm_courses_with_the_source(cli, repo):
    # 001 (UNN) names no courses; 000 §2.1.3 g (line 633): «Per september 2019 er det 5 obligatoriske
    # kurs»: NM 1 Strålevern, NM 2 Strålefysikk, NM 3 Klinisk nukleærmedisin, NM 4 konvensjonell
    # organdiagnostikk og terapi, NM 5 onkologisk PET diagnostikk og terapi. They are the specialty's, so a
    # UNN trainee who took NM 1 has the other four left, each required nationally with that source.
    repo.trainee()
    repo.write(
        "data/logs/lis/trainee.yaml",
        (repo.root / "data/logs/lis/trainee.yaml").read_text().replace("plan: ous-nuk\n", "plan: unn-nuk\n"),
    )
    repo.log(2024, "- {course: nm-1-stralevern, date: 2024-11-25}")
    code, out = cli("remaining", "--format", "json", repo=repo)
    assert code == 0, out
    courses = json.loads(out)["courses"]
    source = "OUS' utdanningsplan for nukleærmedisin §2.1.3 g, 2019"
    assert [(c["id"], c["required_by_plan"], c["required_nationally"]) for c in courses] == [
        ("nm-2-stralefysikk", False, source),
        ("nm-3-klinisk-nm", False, source),
        ("nm-4-organdiagnostikk-terapi", False, source),
        ("nm-5-onkologisk-pet", False, source),
    ]
    code, out = cli("--lang", "nb", "remaining", repo=repo)
    assert f"NM 2, Strålefysikk (nm-2-stralefysikk) påkrevd nasjonalt ({source})" in out
    # the review names who requires each, and says no source maps them to goals (000 does not)
    code, out = cli("--lang", "nb", "render", str(repo.root / "plan.md"), repo=repo)
    review = (repo.root / "plan.md").read_text()
    assert f"| NM 5, onkologisk PET diagnostikk og terapi | påkrevd nasjonalt ({source}) |" in review
    assert "Ingen kilde knytter disse kursene til læringsmål." in review
    assert "Gjennomført: NM 1, Strålevern (25.11.2024)" in review


def test_the_review_separates_course_names_that_hold_commas(cli, repo):
    # data/goals/nuk-courses.yaml, after 000 §2.1.3 g: «NM 1, Strålevern», «NM 2, Strålefysikk». Joined by
    # commas the two read as four courses; the review joins them with semicolons.
    repo.trainee()
    repo.log(2024, "- {course: nm-1-stralevern, date: 2024-11-25}\n- {course: nm-2-stralefysikk, date: 2024-11-26}")
    code, out = cli("render", str(repo.root / "plan.md"), repo=repo)
    assert code == 0, out
    review = (repo.root / "plan.md").read_text()
    assert "Completed: NM 1, Strålevern (2024-11-25); NM 2, Strålefysikk (2024-11-26)" in review
    assert "Learning goals it covers" not in review
