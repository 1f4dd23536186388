"""Requirements that are lisplan's reading of a source, not the institution's own word, say so wherever a
trainee reads them: status, remaining, the review (docs/file-formats.md, "Activities per goal set")."""

from __future__ import annotations

import json

# data/plans/ous-nuk.yaml: 000 (OUS, 2019) gives an introduction and 400 skeleton scintigraphies for
# LM 68 (§2.1.3 b: «(f.eks skjelett-scintigrafi 400 stk)») and a lung-cancer MDT for LM 85 (§2.1.3 c:
# «MDT møte om pasienter med lungekreft, opp mot LM 85»). OUS's sheet for the 2025 goals is not public;
# lisplan gives the same to NUK-116 (skeleton) and NUK-138 (lung cancer) and marks them `reading:`.
NUK_2019 = "Nuclear medicine, learning goals 2019 (NUK-001 … NUK-102)"  # data/goals/nuk-2019.yaml, name_en
OUS = "OUS' utdanningsplan for nukleærmedisin"  # how data/plans/ous-nuk.yaml's readings name document 000
NUK_116 = f"NUK-116: its activities are lisplan's reading of {OUS} §2.1.3 b, which gives them for NUK-068 in {NUK_2019}"
NUK_138 = f"NUK-138: its activities are lisplan's reading of {OUS} §2.1.3 c, which gives them for NUK-085 in {NUK_2019}"


def trainee_2025(repo) -> None:
    """A trainee who started under nuk-2025 only, with one skeleton scintigraphy: her 400 come only from
    NUK-116, so the minimum is a reading as well."""
    repo.trainee()
    path = repo.root / "data/logs/lis/trainee.yaml"
    path.write_text(path.read_text().replace("start: 2023-09-01", "start: 2025-09-01"))
    repo.log(2026, "- {procedure: skeleton-scintigraphy, date: 2026-01-05, accession: '81234567', role: described}")


def test_status_marks_the_read_goals_and_the_400_with_the_source(cli, repo):
    trainee_2025(repo)
    code, out = cli("status", repo=repo)
    assert code == 0, out
    assert "skeleton scintigraphy: 1 / 400" in out and "399 left *" in out
    assert f"* lisplan's reading, not the plan's own\n  {NUK_116}\n  {NUK_138}\n" in out
    view = json.loads(cli("status", "--format", "json", repo=repo)[1])
    assert [(r["goal"], r["source"], r["of"]) for r in view["readings"]] == [
        ("NUK-116", "OUS' utdanningsplan for nukleærmedisin §2.1.3 b", "nuk-2019:NUK-068"),
        ("NUK-138", "OUS' utdanningsplan for nukleærmedisin §2.1.3 c", "nuk-2019:NUK-085"),
    ]
    assert [p["reading"] for p in view["procedures"]] == [True]


def test_remaining_and_the_review_mark_them_in_both_languages(cli, repo):
    trainee_2025(repo)
    code, out = cli("remaining", repo=repo)
    assert "missing: introduction, procedure list skeleton scintigraphy *" in out
    assert "skeleton scintigraphy (skeleton-scintigraphy): 1 done, 399 left *" in out
    assert NUK_138 in out
    code, out = cli("--lang", "nb", "render", str(repo.root / "plan.md"), repo=repo)
    assert code == 0, out
    review = (repo.root / "plan.md").read_text()
    assert "**Krav som er lisplans tolkning, ikke planens egne**" in review
    assert (
        "- NUK-116: aktivitetene er lisplans tolkning av OUS' utdanningsplan for nukleærmedisin §2.1.3 b, som gir "
        "dem for NUK-068 i Nukleærmedisin, læringsmål 2019 (NUK-001 … NUK-102)" in review
    )


def test_the_plans_own_activities_are_not_marked(cli, repo):
    # A nuk-2019 trainee: NUK-068 and NUK-085 are 000's own goals, so nothing is a reading.
    repo.trainee(goal_sets="[nuk-2019]")
    path = repo.root / "data/logs/lis/trainee.yaml"
    path.write_text(path.read_text().replace("goal_sets: [nuk-2025, fkm-2026]\n", ""))
    view = json.loads(cli("status", "--format", "json", "--as-of", "2025-06-01", repo=repo)[1])
    assert view["readings"] == [], view["readings"]


# --- the common goals before fkm-2026 ------------------------------------------------------------------
# FOR-2025-01-24-114 (data/goals/fkm-2026.yaml): FKM-001 ... FKM-014 are in force from 2026-03-01 and
# replace the earlier common goals of LIS part 2/3: 000 §2.1.6 (line 725) «24 læringsmål skal dekkes i
# løpet av del 2/3», 001 (line 77) «24 læringsmål». No source gives their codes, so lisplan holds none.
BEFORE = (
    "Until 2026-03-01, the earlier 24 goals that Felles kompetansemål, del 2-3 (2026) replaces "
    "apply (OUS' utdanningsplan for nukleærmedisin §2.1.6; UNNs utdanningsplan for nukleærmedisin); lisplan does "
    "not hold them, as no source gives their codes"
)


def test_before_2026_03_01_status_and_the_review_say_the_earlier_24_apply(cli, repo):
    repo.trainee()
    code, out = cli("status", "--as-of", "2026-02-28", repo=repo)
    assert code == 0, out
    assert BEFORE in " ".join(out.split())
    view = json.loads(cli("status", "--as-of", "2026-02-28", "--format", "json", repo=repo)[1])
    assert [(u["count"], u["until"]) for u in view["unheld"]] == [(24, "2026-03-01")]
    code, out = cli("--lang", "nb", "render", str(repo.root / "plan.md"), "--as-of", "2026-02-28", repo=repo)
    assert code == 0, out
    review = (repo.root / "plan.md").read_text()
    assert "Til 01.03.2026 gjelder de tidligere 24 læringsmålene som Felles kompetansemål" in review
    # from 2026-03-01 FKM-001 ... FKM-014 are shown, and the notice is gone
    view = json.loads(cli("status", "--as-of", "2026-03-01", "--format", "json", repo=repo)[1])
    assert view["unheld"] == []
