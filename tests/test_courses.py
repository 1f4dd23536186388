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
