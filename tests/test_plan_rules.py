"""OUS's rules besides goals, courses and procedure lists, in data/plans/ous-nuk.yaml from document 000
(seeds/000_14f695d6331380be.txt): the improvement project, the guidance cadence, the months of the
year's meetings, and what a trainee in a throughput position need not do. Each expected answer is worked
out by hand from the line of 000 it cites."""

from __future__ import annotations

import json

from conftest import TODAY, plan_yaml

PROJECT_NAME = "Improvement project: the project report «Kunnskap og forbedring»"  # ous-nuk.yaml name_en


def _json(cli, repo, *args: str) -> dict:
    code, out = cli(*args, "--format", "json", repo=repo)
    assert code == 0, out
    return json.loads(out)


def test_the_improvement_project_is_a_requirement_of_every_trainee(cli, repo):
    # 000 §2.1.6 (lines 761-765): «Alle LIS skal lede eller delta i et forbedringsprosjekt på arbeidsplassen»,
    # the report «Kunnskap og forbedring». repo.trainee() names no improvement_project: not started.
    repo.trainee()
    code, out = cli("status", repo=repo)
    assert f"Required by the plan\n  {PROJECT_NAME} — not started (trainee.yaml: improvement_project)" in out
    assert (
        "OUS' utdanningsplan for nukleærmedisin §2.1.6: «Alle LIS skal lede eller delta i et forbedringsprosjekt på "
        "arbeidsplassen.»" in out
    )
    code, out = cli("--lang", "nb", "remaining", repo=repo)
    assert "Forbedringsprosjekt: prosjektoppgaven «Kunnskap og forbedring» — ikke startet" in out
    # the profile names the project: in progress, by the trainee's words
    repo.trainee(improvement_project="Ventetid på PET")
    view = _json(cli, repo, "status")
    assert [(r["id"], r["done"]) for r in view["requirements"]] == [("kunnskap-og-forbedring", "Ventetid på PET")]
    code, out = cli("render", str(repo.root / "plan.md"), repo=repo)
    assert (
        f"- Required by the plan: {PROJECT_NAME}, in progress: Ventetid på PET" in (repo.root / "plan.md").read_text()
    )


def test_the_guidance_cadence_is_monthly_at_the_start_and_four_a_year(cli, repo):
    # 000 Del 2, «Veiledning og vurdering» (line 252): «1 time/mnd i starten av LIS utdanningen»; 000 §2.1.4
    # (line 660): «minimum 4 ganger per år». 000 gives no length for «the start».
    repo.trainee()
    code, out = cli("status", repo=repo)
    assert "Guidance: 1 a month at the start of training, at least 4 a year" in out
    code, out = cli("--lang", "nb", "remaining", repo=repo)
    assert "veiledning: 1 i måneden i starten av utdanningen, minst 4 i året" in out


def test_schedule_places_the_other_meetings_in_may_june_and_november_december(cli, repo, tmp_path):
    # 000 §2.1.4 (lines 660-670): reviews «i februar og august/september», «De to øvrige
    # veiledningssamtalene i hhv mai/juni og november/desember». On 2026-11-23 (TODAY) the November/December
    # window is under way; then February, May/June and August/September 2027.
    assert TODAY == "2026-11-23"
    repo.trainee()
    view = _json(cli, repo, "schedule")
    assert [(m["from"], m["months"], m["review"]) for m in view["meetings"]] == [
        ("2026-11-01", [11, 12], False),
        ("2027-02-01", [2], True),
        ("2027-05-01", [5, 6], False),
        ("2027-08-01", [8, 9], True),
    ]
    code, out = cli("--lang", "nb", "schedule", repo=repo)
    assert "november/desember 2026: generell samtale om utdanning og trivsel" in out
    assert "mai/juni 2027: generell samtale om utdanning og trivsel" in out
    assert "februar 2027: gjennomgang av den individuelle utdanningsplanen" in out
    code, out = cli("render", str(tmp_path / "plan.md"), repo=repo)
    # English output says what the meeting covers in English too (the plan's about_en), not in bokmål
    assert "- May/June 2027: a general talk about training and well-being" in (tmp_path / "plan.md").read_text()


def test_a_throughput_trainee_is_not_asked_for_what_000_exempts(cli, repo):
    # 000 §2.1.6 (lines 780-783): «LIS i gjennomstrømsstilling ved OUS ... trenger ikke gjennomføre
    # veilederkurs, prosjektoppgave, kurs i administrasjon og ledelse». ous-nuk requires 12 courses (000
    # §2.1.3 g and §2.1.6); without ous-veilederkurs and administrasjon-og-ledelse, 10; no improvement project.
    repo.trainee()
    regular = _json(cli, repo, "status")
    required = [c["id"] for c in regular["courses"]["required"]]
    assert len(required) == 12 and {"ous-veilederkurs", "administrasjon-og-ledelse"} <= set(required)
    repo.trainee(throughput="true")
    view = _json(cli, repo, "status")
    assert [c["id"] for c in view["courses"]["required"]] == [
        c for c in required if c not in ("ous-veilederkurs", "administrasjon-og-ledelse")
    ]
    assert view["requirements"] == []
    code, out = cli("remaining", repo=repo)
    assert "Veilederkurs" not in out and "Administrasjon og ledelse" not in out and "Kunnskap og forbedring" not in out


def test_a_month_outside_the_year_or_a_missing_source_is_refused_at_its_line(cli, repo):
    body = """
    supervision:
      monthly_at_start: {per_month: 0, source: test}
      meetings:
        - {months: [5, 13], source: test}
        - {months: [11]}
    """
    path = repo.write("data/plans/test-plan.yaml", plan_yaml("test-plan", "nuk", "[nuk-2025, fkm-2026]", body))
    code, out = cli("check", repo=repo)
    assert code == 1, out
    lines = path.read_text().splitlines()
    at = {key: next(i for i, t in enumerate(lines, 1) if key in t) for key in ("per_month", "13]", "{months: [11]}")}
    assert f"data/plans/test-plan.yaml:{at['per_month']}:" in out
    assert f"data/plans/test-plan.yaml:{at['13]']}:" in out
    assert f"data/plans/test-plan.yaml:{at['{months: [11]}']}:" in out and "source" in out
