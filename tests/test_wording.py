"""What a doctor reads: no `None` where an entry belongs, no claim that a dry run signed anything, each
message once, good bokmål, and names where ids were. Expected texts are written out by hand."""

from __future__ import annotations

import json


def nb(cli, *args: str, repo=None):
    return cli("--lang", "nb", *args, repo=repo)


def test_portal_names_a_procedure_list_sign_off_as_the_readme_writes_it(cli, repo):
    # README, "The other entries": lisplan signoff NUK-116 --activity procedure-list --procedure
    # skeleton-scintigraphy --by per-overlege. The portal lists the sign-off it wrote (000: a supervisor
    # ticks off the procedure list) by what it is, not as None.
    repo.trainee()
    repo.log(2026, "- {procedure: skeleton-scintigraphy, date: 2026-01-05, accession: '81234567', role: described}")
    code, out = cli(
        "signoff", "NUK-116", "--activity", "procedure-list", "--procedure", "skeleton-scintigraphy",
        "--by", "sup", "--date", "2026-11-20", repo=repo,
    )  # fmt: skip
    assert code == 0, out
    code, out = cli("portal", repo=repo)
    assert "None" not in out, out
    assert "2026:2  sign-off of NUK-116, procedure list skeleton scintigraphy" in out
    items = [i for g in json.loads(cli("portal", "--format", "json", repo=repo)[1])["groups"] for i in g["items"]]
    assert [i["what"] for i in items] == [
        "sign-off of NUK-116, procedure list skeleton scintigraphy, by Supervisør (2026-11-20)"
    ]


def test_a_dry_run_sign_off_does_not_say_it_signed(cli, repo):
    # ous-nuk asks 400 skeleton scintigraphies (000 §2.1.3 b); with 1 logged, a sign-off of the list
    # is warned about. A dry run writes nothing, so the warning says it would be signed, not that it was.
    repo.trainee()
    repo.log(2026, "- {procedure: skeleton-scintigraphy, date: 2026-01-05, accession: '81234567', role: described}")
    args = ("signoff", "NUK-116", "--activity", "procedure-list", "--by", "sup", "--date", "2026-11-20")
    code, out = nb(cli, *args, "--dry-run", repo=repo)
    assert code == 0, out
    assert "; kvittert likevel" not in out
    assert "listen skjelettscintigrafi har 1 av de 400 planen krever; den ville blitt kvittert likevel" in out
    code, out = nb(cli, *args, repo=repo)
    assert "listen skjelettscintigrafi har 1 av de 400 planen krever; kvittert likevel" in out


def test_a_crosswalk_confirmed_by_someone_unknown_is_reported_at_its_line_not_as_the_by_option(cli, repo):
    # 002: approvals carry over by a crosswalk the education lead confirmed; migrate records them in the
    # confirmer's name (a carried approval is not a new signature). ous-nuk's supervisors are anders-hodt
    # (000 §2.1.3 a) and the trainee's vei and sup: "kari" is none of them. check says so at the line;
    # migrate, given no --by, stops on that error rather than blaming an option the user never gave.
    repo.trainee()
    repo.write(
        "data/goals/cw.yaml",
        """
        kind: crosswalk
        id: test-cw
        from: nuk-2019
        to: nuk-2025
        confirmed: true
        confirmed_by: kari
        source: test fixture
        mappings:
          - {goal: NUK-108, relation: narrower, from: [NUK-012]}
        """,
    )
    repo.log(2024, "- {signoff: NUK-012, date: 2024-03-04, by: sup}")
    code, out = cli("check", repo=repo)
    assert code == 1
    assert "data/goals/cw.yaml:6:15: error[crosswalk-confirmer-unknown]" in out
    code, out = cli("migrate", repo=repo)
    assert code != 0
    assert "--by" not in out, out
    assert "data/goals/cw.yaml:6:15" in out


def test_schedule_says_a_short_pace_once(cli, repo):
    # 000 §2.1.3 b: 400 skeleton scintigraphies (ous-nuk). 20 in the 15.1 months from 2025-09-01 to
    # 2026-12-02 is 1.3 a month, far short: the pace sentence belongs in the procedure list, not again in
    # the completion and again in a warning (it was printed three times).
    repo.trainee()
    path = repo.root / "data/logs/lis/trainee.yaml"
    path.write_text(path.read_text().replace("start: 2023-09-01", "start: 2025-09-01"))
    entries = "\n".join(
        f"- {{procedure: skeleton-scintigraphy, date: 2026-01-{d:02d}, accession: '8{d:07d}', role: described}}"
        for d in range(1, 21)
    )
    repo.log(2026, entries)
    code, out = nb(cli, "schedule", "--as-of", "2026-11-23", repo=repo)
    assert code == 0, out
    assert out.count("er de 400 nådd") == 1, out
    assert "bestemt av tempoet i prosedyrelisten over" in out
    assert out.count("planens minimumsantall prosedyrer") == 1


def test_no_bokmal_text_tells_a_doctor_to_committe():
    # Issue: "committe"/"committet" is git jargon, not bokmål; the text says "lagre i git" or names the
    # command. Every translated message in the catalog is read.
    from babel.messages.pofile import read_po

    from conftest import PROJECT

    path = PROJECT / "src/lisplan/locale/nb/LC_MESSAGES/lisplan.po"
    with path.open("rb") as f:
        catalog = read_po(f, locale="nb")
    texts = [m.string if isinstance(m.string, str) else " ".join(m.string) for m in catalog if m.id and m.string]
    assert [t for t in texts if "committ" in t] == []
    assert any("lagret i git" in t for t in texts)


def test_the_review_does_not_list_an_activity_of_an_approved_goal_as_waiting(cli, repo):
    # 000: a supervisor approves a goal after its activities are done. NUK-116 (ous-nuk: introduction
    # and the procedure list) is approved on 2026-06-01, so its introduction of 2026-01-05, never signed
    # on its own, waits for nothing: neither status nor the review lists it as awaiting sign-off.
    repo.trainee()
    repo.log(
        2026,
        """
        - {introduction: NUK-116, date: 2026-01-05, supervisor: sup}
        - {signoff: NUK-116, date: 2026-06-01, by: sup}
        """,
    )
    view = json.loads(cli("status", "--format", "json", repo=repo)[1])
    assert [g["state"] for g in view["goals"] if g["id"] == "NUK-116"] == ["approved"]
    assert [b["what"] for b in view["backlog"]] == []
    code, out = nb(cli, "render", str(repo.root / "plan.md"), repo=repo)
    assert "introduksjon til NUK-116" not in (repo.root / "plan.md").read_text()


def test_the_cohort_names_the_institution_not_the_plans_id(cli, repo):
    # data/plans/ous-nuk.yaml: institution «Oslo universitetssykehus HF (OUS)» (000). The education lead
    # reads OUS in the cohort's plan column, not the id ous-nuk.
    repo.trainee()
    code, out = cli("cohort", repo=repo)
    assert code == 0, out
    row = next(line for line in out.splitlines() if line.startswith("Test LIS"))
    assert row.split()[2] == "OUS" and "ous-nuk" not in out, out
    view = json.loads(cli("cohort", "--format", "json", repo=repo)[1])
    assert [(r["plan"], r["plan_name"]) for r in view["rows"]] == [("ous-nuk", "OUS")]


def test_schedule_says_each_throughput_flag_once_for_a_throughput_trainee(cli, repo):
    # 000 Del 1: the throughput rotation at OUS comes after «minst 2 års nukleærmedisinsk erfaring» and
    # lasts 12-18 months (ous-nuk.yaml, throughput:). A home plan sends the trainee to OUS (agreement
    # plan: ous-nuk) after 12 months of NM, and offers no radiology (C38.7, 21 goals of nuk-2025), which
    # then need the rotation too: two flags with the same rule. Each sentence is printed once; the rule once.
    from conftest import plan_yaml

    home = """
    arenas:
      - {id: home, name: Hjemme NM, offers: {sections: [radiation-protection, basics, common]}}
    agreements:
      - {id: ous, institution: "Oslo universitetssykehus HF (OUS)", plan: ous-nuk, offers: {sections: [clinical]}}
    timeline:
      - {id: home, from_month: 0, to_month: 12, arena: home}
      - {id: away, name: Gjennomstrømning OUS, from_month: 12, to_month: 30, agreement: ous, throughput: true}
      - {id: back, from_month: 30, to_month: 60, arena: home}
    """
    repo.write("data/plans/hjem.yaml", plan_yaml("hjem", "nuk", "[nuk-2025, fkm-2026]", home))
    repo.trainee()
    profile = repo.root / "data/logs/lis/trainee.yaml"
    profile.write_text(profile.read_text(encoding="utf-8").replace("plan: ous-nuk", "plan: hjem"), encoding="utf-8")
    for lang, rule in (
        ("en", "OUS' utdanningsplan for nukleærmedisin, part 1: the throughput rotation"),
        ("nb", "OUS' utdanningsplan for nukleærmedisin, del 1: gjennomstrømningen varer"),
    ):
        code, out = cli("--lang", lang, "schedule", repo=repo)
        assert code == 0, out
        lines = [line.strip() for line in out.splitlines() if line.strip()]
        assert len(lines) == len(set(lines)), out  # no line twice
        assert out.count(rule) == 1, out
    assert (
        "starts after 12 months of service in the specialty, before the 24 months the plan of Oslo"
        in (cli("schedule", repo=repo)[1])
    )


def test_remaining_keeps_what_sets_goals_apart_when_titles_are_cut(cli, monkeypatch):
    """The 2025 goals NUK-119 … NUK-127 all begin «Ha god kunnskap om og selvstendig kunne tolke/beskrive
    nukleærmedisinsk(e) …» and end with their subject (data/goals/nuk-2025.yaml, from FOR-2025-01-17-51
    kap. C38): cut after 60 characters they read alike. In 80 columns each line keeps the end; in a wide
    terminal the whole title stands."""
    from conftest import PROJECT

    monkeypatch.setenv("COLUMNS", "80")
    code, out = cli("--lang", "nb", "remaining", repo=PROJECT)
    assert code == 0, out
    lines = {line.split()[0]: line for line in out.splitlines() if line.startswith("  NUK-1") and line[9] == " "}
    # NUK-119 «… for påvisning av amyloid avleiring i hjertet og andre organer.», NUK-126 «… clearance-målinger (GFR).»
    assert lines["NUK-119"].endswith(" i hjertet og andre organer. ikke startet"), lines["NUK-119"]
    assert lines["NUK-126"].endswith(" clearance-målinger (GFR). ikke startet"), lines["NUK-126"]
    assert all(len(line) <= 80 for line in lines.values() if "mangler" not in line), out
    monkeypatch.setenv("COLUMNS", "200")
    code, out = cli("--lang", "nb", "remaining", repo=PROJECT)
    assert (
        "  NUK-126 Ha god kunnskap om og selvstendig kunne tolke/beskrive clearance-målinger (GFR). ikke startet" in out
    )


def test_a_cut_title_keeps_whole_words_at_both_ends():
    """NUK-115 (data/goals/nuk-2025.yaml): «Ha god kunnskap om bruk av semikvantitative og kvantitative målinger
    ved nukleærmedisinske undersøkelser.» in 50 characters: the last two words fit exactly and are kept."""
    from lisplan.present.console import fit_title

    title = "Ha god kunnskap om bruk av semikvantitative og kvantitative målinger ved nukleærmedisinske undersøkelser."
    assert fit_title(title, 50) == "Ha god kunnskap … nukleærmedisinske undersøkelser."
    assert fit_title(title, 200) == title
    assert len(fit_title(title, 40)) <= 40


def test_schedule_shows_phase_names_and_never_cuts_the_bar(cli, monkeypatch):
    """ous-nuk's timeline (data/plans/ous-nuk.yaml) names its phases «0-1/2 år, Avd. for nukleærmedisin» and so
    on. In 120 columns the names stand whole where they fit in 34 characters; in 80 and 100 the names are cut,
    and every row's bar still reaches its last cell with today's mark in it."""
    from conftest import PROJECT

    for width in ("80", "100", "120"):
        monkeypatch.setenv("COLUMNS", width)
        code, out = cli("--lang", "nb", "schedule", repo=PROJECT)
        assert code == 0, out
        rows = [line.rstrip() for line in out.splitlines() if "┃" in line and "i dag" not in line]
        assert len(rows) == 5, out  # the plan's five phases
        assert all(not row.endswith("…") and row[-1] in "█·┃" for row in rows), out
        if width == "120":
            assert "0-1/2 år, Avd. for nukleærmedisin " in out and "3-4 år, Avd. for radiologi " in out, out
