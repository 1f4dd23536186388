"""lisplan migrate and the goal-set revision checks, on a copy of the example trainee (who started under
nuk-2019) with a small hand-made crosswalk. Expected results are derived from the crosswalk and from
the trainee's log read with a plain YAML loader, never from lisplan's output."""

from __future__ import annotations

import json
import shutil

import pytest

from conftest import PROJECT, TODAY, yaml_data

TRAINEE = "eksempel-lis"
SUPERVISORS = {"kari-veileder", "per-overlege", "ola-overlege"}

CROSSWALK = """\
kind: crosswalk
id: test-cw
from: nuk-2019
to: nuk-2025
confirmed: true
confirmed_by: anders-hodt
source: hand-made for this test
mappings:
  - {goal: NUK-103, relation: equivalent, from: [NUK-001]}
  - {goal: NUK-104, relation: narrower, from: [NUK-002, NUK-003]}
  - {goal: NUK-107, relation: broader, from: [NUK-005]}
  - {goal: NUK-138, relation: equivalent, from: [NUK-085]}
  - {goal: NUK-110, relation: new}
"""

#: data/goals/nuk-2019.yaml and nuk-2025.yaml, name_en: how English messages name the two sets
NUK_2019 = "Nuclear medicine, learning goals 2019 (NUK-001 … NUK-102)"
NUK_2025 = "Nuclear medicine, learning goals 2025"


@pytest.fixture
def example(repo):
    """The example trainee's files in a fresh repo (lisplan's catalogs and plans come packaged)."""
    shutil.copytree(PROJECT / "data" / "logs" / TRAINEE, repo.root / "data" / "logs" / TRAINEE)
    return repo


def _folder(repo):
    return repo.root / "data" / "logs" / TRAINEE


def _snapshot(repo) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(_folder(repo).glob("*.yaml"))}


def _entries(repo) -> list[dict]:
    return [e for p in sorted(_folder(repo).glob("20*.yaml")) for e in yaml_data(p.read_text())["entries"]]


def _approved(entries: list[dict]) -> dict[str, str]:
    """Goal code -> date of its first approval by a supervisor, up to today."""
    found: dict[str, str] = {}
    for e in entries:
        if "signoff" in e and "activity" not in e and e["by"] in SUPERVISORS and str(e["date"]) <= TODAY:
            found.setdefault(e["signoff"], str(e["date"]))
    return found


def _codes(set_id: str) -> list[str]:
    return [g["id"] for g in yaml_data((PROJECT / "data" / "goals" / f"{set_id}.yaml").read_text())["goals"]]


def _expected(crosswalk: str, entries: list[dict]) -> tuple[list[str], list[str], list[str]]:
    """What carries over, what needs assessing and what maps to nothing, worked out from the crosswalk."""
    approved = _approved(entries)
    mappings = yaml_data(crosswalk)["mappings"]
    carry = [
        m["goal"]
        for m in mappings
        if m["relation"] in ("equivalent", "narrower") and all(c in approved for c in m["from"])
    ]
    assess = [c for c in _codes("nuk-2025") if c not in carry and c not in approved]
    mapped = {c for m in mappings for c in m.get("from", [])}
    unmapped = [c for c in _codes("nuk-2019") if c in approved and c not in mapped]
    return carry, assess, unmapped


def _migrate(cli, repo, *args):
    code, out = cli("migrate", "--format", "json", *args, repo=repo)
    assert code == 0, out
    return json.loads(out)


def _status(cli, repo) -> dict:
    code, out = cli("status", "--format", "json", repo=repo)
    assert code == 0, out
    return json.loads(out)


# --- the migration itself --------------------------------------------------------------------------


def test_dry_run_lists_exactly_the_expected_carry_overs_and_assessments(cli, example):
    example.write("data/goals/test-cw.yaml", CROSSWALK)
    before = _snapshot(example)
    carry, assess, unmapped = _expected(CROSSWALK, _entries(example))
    assert carry == ["NUK-103", "NUK-104"]  # the two whose old goals she has approved (2024-03-04)
    data = _migrate(cli, example, "--dry-run")
    (m,) = data["migrations"]
    assert (m["from"], m["to"], m["crosswalk"]["id"], m["crosswalk"]["confirmed"]) == (
        "nuk-2019",
        "nuk-2025",
        "test-cw",
        True,
    )
    assert [c["goal"] for c in m["carry_over"]] == carry
    assert [a["goal"] for a in m["assess"]] == assess
    assert [u["goal"] for u in m["unmapped"]] == unmapped
    why = {a["goal"]: a["why"] for a in m["assess"]}
    assert why["NUK-107"].startswith("broader") and why["NUK-110"].startswith("new")
    assert "NUK-085 not approved" in why["NUK-138"] and why["NUK-105"] == "not in the crosswalk"
    approved = _approved(_entries(example))
    assert m["carry_over"][1]["from"] == [
        {"goal": c, "approved_on": approved[c], "by": "per-overlege", "by_name": "Per Overlege"}
        for c in ("NUK-002", "NUK-003")
    ]
    assert [w["entry"]["signoff"] for w in data["written"]] == carry and data["dry_run"] is True
    assert _snapshot(example) == before


def test_a_real_run_records_new_signoffs_keeps_the_old_and_a_second_run_changes_nothing(cli, example):
    example.write("data/goals/test-cw.yaml", CROSSWALK)
    old_entries = _entries(example)
    carry, _assess, _unmapped = _expected(CROSSWALK, old_entries)
    old_2026 = (_folder(example) / "2026.yaml").read_bytes()
    code, out = cli("migrate", repo=example)
    assert code == 0, out
    # signed by who confirmed the crosswalk (anders-hodt), never in the old signer's name: a carried
    # approval is not a new signature
    assert "Added sign-off of NUK-103 by Anders Hodt (2026-11-23) to data/logs/eksempel-lis/2026.yaml" in out
    new_2026 = (_folder(example) / "2026.yaml").read_bytes()
    assert new_2026.startswith(old_2026)  # every old byte kept; the new entries follow
    entries = _entries(example)
    assert entries[: len(old_entries)] == old_entries
    added = entries[len(old_entries) :]
    assert [(e["signoff"], str(e["date"]), e["by"], e["migration"]) for e in added] == [
        (goal, TODAY, "anders-hodt", "test-cw") for goal in carry
    ]
    assert "NUK-002 (2024-03-04), NUK-003 (2024-03-04): narrower" in added[1]["note"]
    snapshot = _snapshot(example)
    code, out = cli("migrate", repo=example)
    assert code == 0 and "Nothing to record: every approval that carries over is recorded already." in out
    assert _snapshot(example) == snapshot
    assert cli("check", repo=example)[0] == 0


def test_status_before_and_after_agrees_with_the_table(cli, example):
    example.write("data/goals/test-cw.yaml", CROSSWALK)
    table = _migrate(cli, example, "--dry-run")["migrations"][0]
    carry = [c["goal"] for c in table["carry_over"]]
    assess = [a["goal"] for a in table["assess"]]
    before = _status(cli, example)
    states = {g["id"]: g["state"] for g in before["goals"]}
    assert all(states[g] != "approved" for g in carry + assess)
    (pending,) = before["migrations"]
    assert (pending["pending"], pending["carry_over"], pending["assess"]) == (len(carry), len(carry), len(assess))
    assert cli("migrate", repo=example)[0] == 0
    after = _status(cli, example)
    goals = {g["id"]: g for g in after["goals"]}
    assert all(goals[g]["state"] == "approved" and goals[g]["approved_on"] == TODAY for g in carry)
    assert all(goals[g]["state"] != "approved" for g in assess)
    assert after["summary"]["approved"] == before["summary"]["approved"] + len(carry)
    (done,) = after["migrations"]
    assert done["pending"] == 0 and done["profile_names_old_set"] is True
    code, out = cli("status", repo=example)
    assert "migrated (2 approvals carried over)" in out and "trainee.yaml still names nuk-2019" in out


def test_a_carried_approval_shows_as_carried_in_status_and_the_review(cli, example, tmp_path):
    # The old approvals of NUK-002/NUK-003 were per-overlege's (2024-03-04). Carried over to NUK-104 by
    # test-cw, confirmed by anders-hodt: the new entry names the crosswalk and anders-hodt on the day of
    # the migration; status and the review document say "carried over", not a signature of per-overlege.
    example.write("data/goals/test-cw.yaml", CROSSWALK)
    assert cli("migrate", repo=example)[0] == 0
    goal = next(g for g in _status(cli, example)["goals"] if g["id"] == "NUK-104")
    assert (goal["state"], goal["approved_on"], goal["approved_by"], goal["carried_over"]) == (
        "approved",
        TODAY,
        "anders-hodt",
        "test-cw",
    )
    target = tmp_path / "plan.md"
    code, out = cli("render", str(target), "--lang", "en", "--since", "2026-01-01", repo=example)
    assert code == 0, out
    row = next(line for line in target.read_text().splitlines() if line.startswith("| NUK-104 "))
    assert row.endswith(f"| {TODAY} | carried over by crosswalk test-cw, confirmed by Anders Hodt |")
    assert "per-overlege" not in row


def test_by_signs_the_carried_over_approvals(cli, example):
    example.write("data/goals/test-cw.yaml", CROSSWALK)
    data = _migrate(cli, example, "--by", "kari-veileder", "--date", "2026-09-01")
    assert {(w["file"], w["entry"]["by"], w["entry"]["date"]) for w in data["written"]} == {
        ("data/logs/eksempel-lis/2026.yaml", "kari-veileder", "2026-09-01")
    }
    # back-dated: the new entries sit in date order, before the first later entry
    dates = [str(e["date"]) for e in _entries(example)]
    assert dates == sorted(dates)


def test_no_crosswalk_nothing_carries_over(cli, example):
    data = _migrate(cli, example, "--dry-run")
    (m,) = data["migrations"]
    assert m["crosswalk"] is None and m["carry_over"] == [] and len(m["assess"]) == len(_codes("nuk-2025"))
    approved = _approved(_entries(example))
    assert len(m["unmapped"]) == len([c for c in _codes("nuk-2019") if c in approved])
    code, out = cli("migrate", repo=example)
    assert code == 0 and f"No crosswalk from {NUK_2019} to {NUK_2025}" in out and "no approval carries over" in out


def test_the_example_repo_shows_its_unconfirmed_example_crosswalk(cli):
    code, out = cli("migrate", "--dry-run", repo=PROJECT)
    assert code == 0, out
    assert "crosswalk nuk-2019-nuk-2025-eksempel: an example, not confirmed by the education lead" in out
    assert "NUK-108 ← NUK-012, NUK-013, NUK-014: narrower" in out


# --- refusals: clear messages, positions, nothing written -------------------------------------------


def test_an_unconfirmed_crosswalk_records_nothing(cli, example):
    path = example.write("data/goals/test-cw.yaml", CROSSWALK.replace("confirmed: true", "confirmed: false"))
    before = _snapshot(example)
    code, out = cli("migrate", repo=example)
    assert code == 1
    line = path.read_text().splitlines().index("confirmed: false") + 1
    assert f"data/goals/test-cw.yaml:{line}:12: error[crosswalk-unconfirmed]" in out
    assert "nothing written" in out
    assert _snapshot(example) == before
    assert cli("migrate", "--dry-run", repo=example)[0] == 0


@pytest.mark.parametrize(
    ("change", "code", "message", "at"),
    [
        (
            "{goal: NUK-103, relation: equivalent, from: [NUK-001]}",
            "unknown-goal",
            f"nuk-2025:NUK-999: goal set {NUK_2025} has no goal NUK-999",
            "{goal: NUK-999, relation: equivalent, from: [NUK-001]}",
        ),
        (
            "{goal: NUK-103, relation: equivalent, from: [NUK-001]}",
            "unknown-goal",
            f"nuk-2019:NUK-200: goal set {NUK_2019} has no goal NUK-200",
            "{goal: NUK-103, relation: equivalent, from: [NUK-200]}",
        ),
        (
            "{goal: NUK-107, relation: broader, from: [NUK-005]}",
            "duplicate-mapping",
            "NUK-103 is mapped twice (first in mappings[0], line 9)",
            "{goal: NUK-103, relation: broader, from: [NUK-005]}",
        ),
        (
            "{goal: NUK-110, relation: new}",
            "bad-mapping",
            "NUK-110 is equivalent but names no old goal",
            "{goal: NUK-110, relation: equivalent}",
        ),
    ],
)
def test_a_bad_mapping_is_an_error_with_its_position(cli, example, change, code, message, at):
    text = CROSSWALK.replace(change, at)
    example.write("data/goals/test-cw.yaml", text)
    line = text.splitlines().index(f"  - {at}") + 1
    out = cli("check", repo=example)[1]
    assert f"data/goals/test-cw.yaml:{line}:" in out and f"error[{code}]: {message}" in out
    before = _snapshot(example)
    status, out = cli("migrate", repo=example)
    assert status == 1 and "will not migrate" in out
    assert _snapshot(example) == before


def test_a_cycle_of_crosswalks_is_an_error(cli, example):
    example.write("data/goals/test-cw.yaml", CROSSWALK)
    back = example.write(
        "data/goals/back.yaml",
        CROSSWALK.replace("id: test-cw", "id: back").replace(
            "from: nuk-2019\nto: nuk-2025", "from: nuk-2025\nto: nuk-2019"
        ),
    )
    code, out = cli("check", repo=example)
    assert code == 1
    assert "data/goals/back.yaml:4:5: error[goal-set-cycle]: goal sets replace each other in a cycle: " in out
    assert "nuk-2019 → nuk-2025 → nuk-2019" in out or "nuk-2025 → nuk-2019 → nuk-2025" in out
    assert "error[crosswalk-not-replacing]: goal set nuk-2019 does not replace nuk-2025" in out
    back.write_text(CROSSWALK.replace("to: nuk-2025", "to: nuk-2019"))
    assert "error[crosswalk-cycle]: crosswalk test-cw maps nuk-2019 onto itself" in cli("check", repo=example)[1]


def test_to_a_set_that_does_not_replace_the_trainees_is_a_usage_error(cli, example):
    example.write("data/goals/test-cw.yaml", CROSSWALK)
    before = _snapshot(example)
    code, out = cli("migrate", "--to", "fkm-2026", repo=example)
    assert code == 2
    assert (
        "--to fkm-2026: goal set fkm-2026 does not replace a goal set the trainee is under (nuk-2019, fkm-2026)" in out
    )
    assert "fkm-2026.yaml:" in out and "error[not-a-replacement]: goal set fkm-2026 replaces no set" in out
    code, out = cli("migrate", "--to", "nuk-2052", repo=example)
    assert code == 2 and "there is no goal set 'nuk-2052'" in out and "nuk-2025" in out
    code, out = cli("migrate", "--date", "2025-06-01", "--to", "nuk-2025", repo=example)
    assert code == 2 and "goal set nuk-2025 is not in force until 2025-09-01" in out
    code, out = cli("migrate", "--by", "nobody", repo=example)
    assert code == 2 and "unknown supervisor 'nobody'" in out
    assert _snapshot(example) == before


# --- check: sets in force ---------------------------------------------------------------------------


def test_check_warns_about_entries_and_profiles_naming_a_set_not_in_force(cli, repo):
    repo.trainee()
    profile = repo.root / "data/logs/lis/trainee.yaml"
    profile.write_text(profile.read_text().replace("[nuk-2025, fkm-2026]", "[nuk-2019, fkm-2026]"))
    repo.log(
        2024,
        """
        - teaching: before the revision
          goals: [NUK-068]
          date: 2024-05-02
        - teaching: too early
          goals: [NUK-116]
          date: 2024-05-03
        """,
    )
    repo.log(
        2026,
        """
        - teaching: after the revision
          goals: [NUK-001, NUK-068]
          date: 2026-05-02
        - introduction: NUK-002
          date: 2026-05-03
          supervisor: sup
        """,
    )
    code, out = cli("check", repo=repo)
    assert code == 0, out
    assert (
        "data/logs/lis/2026.yaml:6:13: warning[goal-set-not-in-force]: 3 entries name goals of "
        f"{NUK_2019} (in force … to 2025-08-31) on dates it was not in force; the first: NUK-001 on 2026-05-02"
    ) in out
    assert (
        f"data/logs/lis/2024.yaml:9:13: warning[goal-set-not-in-force]: 1 entry names goals of {NUK_2025} "
        "(in force 2025-09-01 to …) on dates it was not in force; the first: NUK-116 on 2024-05-03"
    ) in out
    assert (
        f"data/logs/lis/trainee.yaml:7:13: warning[replaced-goal-set]: goal set {NUK_2019} was replaced by "
        f"{NUK_2025} on 2025-09-01"
    ) in out
    assert "0 errors, 3 warnings" in out


def test_a_migration_naming_no_crosswalk_is_an_error_and_an_unconfirmed_one_a_warning(cli, repo):
    repo.trainee()
    repo.write(
        "data/goals/test-cw.yaml",
        """
        kind: crosswalk
        id: test-crosswalk
        from: nuk-2019
        to: nuk-2025
        source: test fixture
        mappings:
          - {goal: NUK-138, relation: equivalent, from: [NUK-085]}
        """,
    )
    repo.log(
        2026,
        """
        - signoff: NUK-138
          date: 2026-10-01
          by: sup
          migration: test-crosswalks
        - signoff: NUK-138
          date: 2026-10-02
          by: sup
          migration: test-crosswalk
        """,
    )
    code, out = cli("check", "--format", "json", repo=repo)
    problems = {p["code"]: p for p in json.loads(out)["problems"]}
    assert code == 1
    unknown = problems["unknown-crosswalk"]
    assert (unknown["severity"], unknown["line"], unknown["path"]) == ("error", 8, ["entries", 0, "migration"])
    assert "test-crosswalk" in unknown["hint"]  # did you mean
    unconfirmed = problems["unconfirmed-crosswalk"]
    assert (unconfirmed["severity"], unconfirmed["line"]) == ("warning", 12)


def test_an_approval_given_after_the_old_set_ceased_never_carries_over(cli, example):
    """nuk-2019 was in force until 2025-08-31 (data/goals/nuk-2019.yaml lines 46-48: FOR-2025-01-17-51
    replaced chapter C38 from 2025-09-01). Document 002 (seeds/002_ef81a426a7097d91.txt, lines 52-58) makes
    the old goals «ugyldige» on the new set's first day and carries over only approvals LIS «allerede har
    oppnådd». So an approval of NUK-085 on 2025-10-15 does not carry to NUK-138, although the crosswalk
    makes NUK-138 equivalent to NUK-085: NUK-138 needs a new assessment, and the approval is listed apart.
    The other carry-overs are as before: NUK-103 and NUK-104 (approved 2024-03-04)."""
    example.write("data/goals/test-cw.yaml", CROSSWALK)
    log = _folder(example) / "2025.yaml"
    log.write_text(
        log.read_text(encoding="utf-8") + "  - signoff: NUK-085\n    date: 2025-10-15\n    by: per-overlege\n",
        encoding="utf-8",
    )
    (m,) = _migrate(cli, example, "--dry-run")["migrations"]
    assert [c["goal"] for c in m["carry_over"]] == ["NUK-103", "NUK-104"]
    why = {a["goal"]: a["why"] for a in m["assess"]}
    assert why["NUK-138"] == "equivalent, but NUK-085 approved only after nuk-2019 ceased (in force until 2025-08-31)"
    assert m["approved_after_ceased"] == [
        {"goal": "NUK-085", "approved_on": "2025-10-15", "by": "per-overlege", "by_name": "Per Overlege"}
    ]
    assert "NUK-085" not in [u["goal"] for u in m["unmapped"]]
    code, out = cli("migrate", "--dry-run", repo=example)
    assert code == 0, out
    assert f"Approved after {NUK_2019} ceased, so not carried over (1)" in out
    assert f"NUK-085: approved 2025-10-15 by Per Overlege; {NUK_2019} was in force until 2025-08-31" in out
    code, out = cli("migrate", repo=example)
    assert code == 0, out
    written = [e["signoff"] for e in _entries(example) if e.get("migration")]
    assert written == ["NUK-103", "NUK-104"]
    status = _status(cli, example)
    assert next(g for g in status["goals"] if g["id"] == "NUK-138")["state"] != "approved"
    assert status["migrations"][0]["approved_after_ceased"] == 1
    code, out = cli("status", repo=example)
    assert f"1 approval under {NUK_2019} was given after {NUK_2019} ceased: it does not carry over" in out
