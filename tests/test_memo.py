"""Remembered results (memo.py): an unchanged repo answers without loading; any change is seen.

Every test works on a copy of the shipped example trainee, so the numbers are real ones.
"""

from __future__ import annotations

import json
import shutil

import pytest

import lisplan.commands.session
import lisplan.files.memo
from conftest import PROJECT
from lisplan.files.memo import Memo
from lisplan.files.seal import key as user_key
from lisplan.files.seal import seal


@pytest.fixture
def example(tmp_path):
    shutil.copytree(PROJECT / "data" / "logs" / "eksempel-lis", tmp_path / "data" / "logs" / "eksempel-lis")
    return tmp_path


def results(root):
    return sorted((root / ".lisplan-cache" / "results").glob("*.json"))


@pytest.fixture
def no_load(monkeypatch):
    """Make loading fail loudly: a command that still answers answered from what it remembered."""

    def refuse(*args, **kwargs):
        raise AssertionError("loaded the repo although nothing changed")

    def forbid():
        monkeypatch.setattr(lisplan.commands.session, "load", refuse)

    yield forbid
    monkeypatch.undo()


def status(cli, root) -> dict:
    code, out = cli("status", "--format", "json", repo=root)
    assert code == 0, out
    return json.loads(out)


def test_a_second_status_answers_without_loading_and_says_the_same(cli, example, no_load):
    first_code, first = cli("status", repo=example)
    assert first_code == 0 and len(results(example)) == 1
    no_load()
    code, again = cli("status", repo=example)
    assert (code, again) == (first_code, first)


def test_a_new_entry_changes_the_answer(cli, example):
    before = status(cli, example)
    code, out = cli("signoff", "NUK-103", "--by", "kari-veileder", "--date", "2026-11-20", repo=example)
    assert code == 0, out
    after = status(cli, example)
    assert after["summary"]["approved"] == before["summary"]["approved"] + 1
    assert next(g for g in after["goals"] if g["id"] == "NUK-103")["approved_on"] == "2026-11-20"


def test_a_hand_edit_of_any_input_changes_the_answer(cli, example):
    before = status(cli, example)
    profile = example / "data" / "logs" / "eksempel-lis" / "trainee.yaml"
    profile.write_text(
        profile.read_text(encoding="utf-8").replace("name: Eksempel LIS", "name: Eksempel Endret"), encoding="utf-8"
    )
    assert before["name"] == "Eksempel LIS"
    assert status(cli, example)["name"] == "Eksempel Endret"


def test_options_and_today_are_part_of_the_key(cli, example, monkeypatch):
    today = status(cli, example)
    code, out = cli("status", "--format", "json", "--as-of", "2025-08-31", repo=example)
    then = json.loads(out)
    assert (today["as_of"], then["as_of"]) == ("2026-11-23", "2025-08-31")
    monkeypatch.setenv("LISPLAN_TODAY", "2026-12-01")
    assert status(cli, example)["as_of"] == "2026-12-01"


@pytest.mark.parametrize("damage", [b"", b"{not json", b'{"format": "old", "key": "x", "result": {}}'])
def test_a_damaged_result_is_computed_again(cli, example, damage):
    good = status(cli, example)
    for path in results(example):
        path.write_bytes(damage)
    assert status(cli, example) == good


def test_a_result_stored_under_another_key_is_not_used(cli, example):
    good = status(cli, example)
    (path,) = results(example)
    record = json.loads(path.read_text(encoding="utf-8").partition("\n")[2])
    record["result"]["name"] = "Planted"
    record["key"] = "0" * 64  # what another input set would have given (sealed as by this user)
    path.write_text(seal(user_key(), json.dumps(record), lisplan.files.memo.FORMAT, path.stem), encoding="utf-8")
    assert status(cli, example) == good


def test_new_code_is_a_new_key(cli, example, monkeypatch):
    status(cli, example)
    monkeypatch.setattr(lisplan.files.memo, "_stamp", "another lisplan")
    status(cli, example)
    assert len(results(example)) == 2


def test_an_unwritable_cache_folder_only_costs_speed(cli, example):
    (example / ".lisplan-cache").write_text("a file where the folder would go\n")
    assert status(cli, example)["trainee"] == "eksempel-lis"
    assert status(cli, example)["trainee"] == "eksempel-lis"


def test_no_cache_env_remembers_nothing(cli, example, monkeypatch):
    monkeypatch.setenv("LISPLAN_NO_CACHE", "1")
    status(cli, example)
    assert results(example) == []


def test_check_remembers_its_problems_with_their_excerpts(cli, example, no_load):
    log = example / "data" / "logs" / "eksempel-lis" / "2026.yaml"
    text = log.read_text(encoding="utf-8")
    log.write_text(text.replace("supervisor: per-overlege", "supervisor: per-overlegen", 1), encoding="utf-8")
    first = cli("check", repo=example)
    assert first[0] == 1 and "per-overlegen" in first[1] and " | " in first[1]  # the excerpt line
    json_first = cli("check", "--format", "json", repo=example)
    no_load()
    assert cli("check", repo=example) == first
    assert cli("check", "--format", "json", repo=example) == json_first


def test_check_sees_a_fix(cli, example):
    log = example / "data" / "logs" / "eksempel-lis" / "2026.yaml"
    text = log.read_text(encoding="utf-8")
    log.write_text(text.replace("supervisor: per-overlege", "supervisor: per-overlegen", 1), encoding="utf-8")
    assert cli("check", repo=example)[0] == 1
    log.write_text(text, encoding="utf-8")
    assert cli("check", repo=example)[0] == 0


def test_cohort_remembers_and_sees_a_new_trainee(cli, example, no_load):
    code, out = cli("cohort", "--format", "json", repo=example)
    assert code == 0, out
    first = json.loads(out)
    other = example / "data" / "logs" / "annen-lis"
    other.mkdir()
    profile = (example / "data" / "logs" / "eksempel-lis" / "trainee.yaml").read_text(encoding="utf-8")
    (other / "trainee.yaml").write_text(profile.replace("id: eksempel-lis", "id: annen-lis"), encoding="utf-8")
    code, out = cli("cohort", "--format", "json", repo=example)
    second = json.loads(out)
    assert len(json.dumps(second)) > len(json.dumps(first)) and "annen-lis" in out
    no_load()
    assert json.loads(cli("cohort", "--format", "json", repo=example)[1]) == second


def test_only_the_newest_results_are_kept(tmp_path, monkeypatch):
    monkeypatch.setattr(lisplan.files.memo, "KEEP", 3)
    memo = Memo(tmp_path / "results")
    for i in range(5):
        memo.put(f"{i:064d}", {"i": i})
    assert len(list((tmp_path / "results").glob("*.json"))) == 3
    assert memo.get(f"{4:064d}") == {"i": 4}
