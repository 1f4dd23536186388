"""Things by name where a trainee reads them: a procedure list by its name with the id to type after it,
a goal set by its title, a plan by its institution, a supervisor by name (an audit of what a trainee reads found ids:
skeleton-scintigraphy, per-overlege, nuk-2025, ous-nuk). Each expected text is written out by hand from
the data files it names (data/plans/ous-nuk.yaml, data/goals/nuk-2019.yaml and nuk-2025.yaml)."""

from __future__ import annotations

import json

from conftest import PROJECT

# data/goals/nuk-2019.yaml and nuk-2025.yaml: name (bokmål) and name_en
NUK_2019 = {"nb": "Nukleærmedisin, læringsmål 2019 (NUK-001 … NUK-102)",
            "en": "Nuclear medicine, learning goals 2019 (NUK-001 … NUK-102)"}  # fmt: skip
NUK_2025 = {"nb": "Nukleærmedisin, læringsmål 2025", "en": "Nuclear medicine, learning goals 2025"}
OUS = "Oslo universitetssykehus HF (OUS)"  # ous-nuk.yaml, institution:


def test_an_unknown_procedure_suggests_the_list_by_name_with_its_id(cli, repo):
    # ous-nuk.yaml: skeleton-scintigraphy is «skjelettscintigrafi» (name) / «skeleton scintigraphy» (name_en);
    # 'skjelett' is closest to it. The plan is named by its institution, not ous-nuk.
    repo.trainee()
    code, out = cli("--lang", "nb", "log", "skjelett", "81234567", "--dry-run", repo=repo)
    assert code == 2, out  # a usage error: the command line named it
    assert f"planen til {OUS} har ingen slik prosedyreliste" in out
    assert "mente du skjelettscintigrafi (skeleton-scintigraphy)?" in out and "ous-nuk" not in out
    code, out = cli("--lang", "en", "log", "skeleton", "81234567", "--dry-run", repo=repo)
    assert f"the plan of {OUS} has no such procedure list" in out
    assert "did you mean skeleton scintigraphy (skeleton-scintigraphy)?" in out


def test_an_unknown_supervisor_is_suggested_by_name_with_the_id_to_type(cli, repo):
    # repo.trainee() lists {id: sup, name: Supervisør}: 'supp' is one letter off its id
    repo.trainee()
    code, out = cli("--lang", "nb", "log", "skjelettscintigrafi", "81234567", "--supervisor", "supp", repo=repo)
    assert code == 2, out  # a usage error: the command line named it
    assert "ukjent supervisør 'supp'" in out and "mente du Supervisør (sup)?" in out
    code, out = cli("--lang", "en", "signoff", "NUK-116", "--by", "supp", "--dry-run", repo=repo)
    assert "did you mean Supervisør (sup)?" in out


def test_an_unknown_goal_names_the_goal_sets_by_title(cli, repo):
    # repo.trainee() is under nuk-2025 and fkm-2026 with the plan's nuk-2019: NUK-999 is in none of them
    repo.trainee()
    code, out = cli("--lang", "nb", "signoff", "NUK-999", "--by", "sup", "--dry-run", repo=repo)
    assert code == 2, out  # a usage error: the command line named it
    assert NUK_2019["nb"] in out and NUK_2025["nb"] in out and "nuk-2025," not in out
    code, out = cli("--lang", "en", "signoff", "skjelett", "--by", "sup", "--dry-run", repo=repo)
    # the hint says what to type (set:code), so each title has its id after it
    assert f"{NUK_2025['en']} (nuk-2025)" in out and f"{NUK_2019['en']} (nuk-2019)" in out


def test_status_names_goal_sets_by_title_in_the_revision_and_the_readings(cli):
    # the example trainee (data/logs/eksempel-lis) is under nuk-2019, which nuk-2025 replaced on 2025-09-01;
    # NUK-116's activities are lisplan's reading of 000 §2.1.3 b, given there for NUK-068 of nuk-2019
    for lang in ("nb", "en"):
        code, out = cli("--lang", lang, "status", repo=PROJECT)
        assert code == 0, out
        replaced = {
            "nb": "{old} ble erstattet av {new} fra 01.09.2025",
            "en": "{old} was replaced by {new} on 2025-09-01",
        }
        assert replaced[lang].format(old=NUK_2019[lang], new=NUK_2025[lang]) in out
        of = {"nb": "som gir dem for NUK-068 i {set}", "en": "which gives them for NUK-068 in {set}"}
        assert of[lang].format(set=NUK_2019[lang]) in out
        assert "(nuk-2019)" not in out and "approvals under nuk-2019" not in out
    view = json.loads(cli("status", "--format", "json", repo=PROJECT)[1])
    assert {(p["set"], p["set_name"]) for p in view["parts"]} == {
        ("nuk-2025", NUK_2025["en"]),
        ("fkm-2026", "Common competence goals, parts 2-3 (2026)"),  # data/goals/fkm-2026.yaml
    }
    assert (view["migrations"][0]["from_name"], view["migrations"][0]["to_name"]) == (NUK_2019["en"], NUK_2025["en"])


def test_migrate_and_the_review_name_the_trainee_and_the_goal_sets(cli, tmp_path):
    code, out = cli("--lang", "nb", "migrate", "--dry-run", repo=PROJECT)
    assert out.splitlines()[0].startswith(f"Eksempel LIS: {NUK_2019['nb']} → {NUK_2025['nb']} (gjelder fra 01.09.2025)")
    code, out = cli("--lang", "en", "render", str(tmp_path / "plan.md"), repo=PROJECT)
    assert code == 0, out
    text = (tmp_path / "plan.md").read_text(encoding="utf-8")
    assert f"{NUK_2019['en']} was replaced by {NUK_2025['en']} on 1 September 2025." in text


def test_check_names_the_replaced_set_and_gives_the_id_to_write(cli):
    # data/logs/eksempel-lis/trainee.yaml: goal_sets: [nuk-2019, fkm-2026]; the hint says what to write there
    code, out = cli("--lang", "en", "check", repo=PROJECT)
    assert f"goal set {NUK_2019['en']} was replaced by {NUK_2025['en']} on 2025-09-01" in out
    assert f"then name {NUK_2025['en']} (nuk-2025) here instead of nuk-2019" in out


def test_a_supervisor_is_typed_by_name_as_lisplan_shows_them_and_written_by_id(cli, repo):
    # repo.trainee() lists {id: sup, name: Supervisør} and {id: vei, name: Veileder}; lisplan shows them
    # by name («Supervisør»), so that is what a trainee types, in any case and spacing
    repo.trainee()
    code, out = cli("log", "skjelettscintigrafi", "81234567", "81234568", "--supervisor", "supervisør", repo=repo)
    assert code == 0, out
    code, out = cli("signoff", "NUK-116", "--by", "  SUPERVISØR ", repo=repo)
    assert code == 0, out
    code, out = cli("supervision", "individuell", "--by", "Veileder", "--topic", "trivsel", repo=repo)
    assert code == 0, out
    log = (repo.root / "data/logs/lis/2026.yaml").read_text(encoding="utf-8")
    assert log.count("supervisor: sup\n") == 2 and "by: sup\n" in log and "by: vei\n" in log, log
    assert "Supervisør" not in log and "Veileder" not in log  # the id is what the entry holds
    code, out = cli("edit", "2026:1", "--supervisor", "Veileder", repo=repo)
    assert code == 0, out
    log = (repo.root / "data/logs/lis/2026.yaml").read_text(encoding="utf-8")
    assert "supervisor: vei\n" in log, log


def test_a_name_nobody_has_is_refused_with_the_nearest_and_a_shared_one_asks_for_the_id(cli, repo):
    path = repo.trainee()
    # a second supervisor named like the first: the name alone cannot say which
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "supervisors:\n", "supervisors:\n  - {id: sup2, name: Supervisør, email: sup2@example.org}\n"
        ),
        encoding="utf-8",
    )
    code, out = cli("--lang", "nb", "signoff", "NUK-116", "--by", "Supervisør", "--dry-run", repo=repo)
    assert code == 2, out
    assert "flere personer har det navnet" in out and "Supervisør (sup)" in out and "Supervisør (sup2)" in out
    code, out = cli("--lang", "en", "signoff", "NUK-116", "--by", "Veilder", "--dry-run", repo=repo)
    assert code == 2, out
    # not pydantic's "Value error, 'Veilder' is not an id": the person is unknown, and the nearest is named
    assert "--by: unknown supervisor 'Veilder'" in out and "did you mean Veileder (vei)?" in out, out
    assert "Value error" not in out and "COMMAND" not in out
