"""`lisplan schema` and the editor line: the JSON Schemas come from the models, accept every file that
ships with lisplan and reject broken ones (checked by ``jsonschema``, an independent validator), and
files lisplan creates point at them.
"""

from __future__ import annotations

import copy
import functools
import json
import os
from pathlib import Path

import jsonschema
import pytest
from typer.testing import CliRunner

from conftest import PROJECT
from lisplan.cli import app
from lisplan.files.source import parse
from lisplan.models import FILE_KINDS
from lisplan.present.schema import MODELINE, SCHEMA_DIR, schemas

SHIPPED = sorted((PROJECT / "data").rglob("*.yaml"))


def validator(schema: dict) -> jsonschema.Draft202012Validator:
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())


@functools.cache
def _validator(kind: str, folder: Path | None) -> jsonschema.Draft202012Validator:
    """The validator of a kind's schema, written in ``folder`` or as lisplan makes it: made once per test
    process (the models' schemas and jsonschema's check of them took half a second a test)."""
    schema = json.loads((folder / f"{kind}.json").read_text()) if folder else schemas()[f"{kind}.json"]
    return validator(schema)


def errors(data, kind: str, folder: Path | None = None) -> list[str]:
    """``"entries/0: message"`` for each error the independent validator finds."""
    return ["/".join(map(str, e.absolute_path)) + f": {e.message}" for e in _validator(kind, folder).iter_errors(data)]


def test_one_schema_per_registered_file_kind(cli, repo):
    code, out = cli("schema", repo=repo)
    assert code == 0, out
    folder = repo.root / SCHEMA_DIR
    assert sorted(p.name for p in folder.iterdir()) == sorted(f"{kind}.json" for kind in FILE_KINDS)
    for kind in FILE_KINDS:
        schema = json.loads((folder / f"{kind}.json").read_text())
        assert schema["title"] == f"lisplan {kind} file (kind: {kind})"
        assert schema["description"]
        assert schema["properties"]["kind"]["const"] == kind
    assert f"Wrote {len(FILE_KINDS)} schemas to {folder}" in out


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The schemas as ``lisplan schema --out`` writes them, once for the shipped files' tests."""
    folder = tmp_path_factory.mktemp("schemas")
    result = CliRunner().invoke(app, ["schema", "--out", str(folder)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return folder


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: str(p.relative_to(PROJECT)))
def test_every_shipped_file_is_valid_against_the_written_schema(written, path):
    data = parse(path).data
    assert errors(data, data["kind"], written) == []


def _example_log() -> dict:
    return parse(PROJECT / "data/logs/eksempel-lis/2024.yaml").data


def _example_profile() -> dict:
    return parse(PROJECT / "data/logs/eksempel-lis/trainee.yaml").data


def _break(data: dict, change) -> dict:  # type: ignore[no-untyped-def]
    broken = copy.deepcopy(data)
    change(broken)
    return broken


@pytest.mark.parametrize(
    ("kind", "make", "expected"),
    [
        ("log", lambda: _break(_example_log(), lambda d: d["entries"][0].update(goalz=["NUK-068"])), "entries/0: "),
        ("log", lambda: _break(_example_log(), lambda d: d["entries"][0].pop("date")), "entries/0: "),
        ("log", lambda: _break(_example_log(), lambda d: d["entries"][0].update(date="2024-13-01")), "entries/0: "),
        ("log", lambda: _break(_example_log(), lambda d: d["entries"][0].update(role="writer")), "entries/0: "),
        ("log", lambda: _break(_example_log(), lambda d: d.update(trainee="Eksempel LIS")), "does not match"),
        ("log", lambda: _break(_example_log(), lambda d: d.update(kind="logg")), "'log' was expected"),
        ("trainee", lambda: _break(_example_profile(), lambda d: d.update(employment=120)), "maximum of 100"),
        (
            "trainee",
            lambda: _break(_example_profile(), lambda d: d.update(goal_set=["nuk-2019"])),
            "Additional properties are not allowed ('goal_set' was unexpected)",
        ),
        ("trainee", lambda: _break(_example_profile(), lambda d: d.pop("start")), "'start' is a required property"),
    ],
)
def test_a_broken_file_is_rejected(kind, make, expected):
    found = errors(make(), kind)
    assert found and any(expected in message for message in found), found


def test_an_unquoted_accession_number_is_valid_as_the_models_say():
    log = _break(_example_log(), lambda d: d["entries"][0].update(accession=81234567))
    assert errors(log, "log") == []


def test_run_again_replaces_its_own_files(cli, repo):
    cli("schema", repo=repo)
    target = repo.root / SCHEMA_DIR / "log.json"
    stale = json.loads(target.read_text())
    stale["properties"] = {}
    target.write_text(json.dumps(stale))
    code, out = cli("schema", repo=repo)
    assert code == 0, out
    assert json.loads(target.read_text()) == schemas()["log.json"]


def test_refuses_to_replace_a_file_it_did_not_write(cli, tmp_path):
    (tmp_path / "plan.json").write_text('{"mine": true}\n')
    code, out = cli("schema", "--out", str(tmp_path))
    assert code == 2
    assert f"{tmp_path} holds plan.json, which lisplan did not write; it will not replace them" in out
    assert (tmp_path / "plan.json").read_text() == '{"mine": true}\n'
    assert not (tmp_path / "log.json").exists()  # nothing half-written


def test_refuses_an_out_folder_below_a_file(cli, tmp_path):
    (tmp_path / "afile").write_text("x")
    code, out = cli("schema", "--out", str(tmp_path / "afile" / "schema"))
    assert code == 2
    assert (
        f"cannot write the schemas to {tmp_path / 'afile' / 'schema'}: {tmp_path / 'afile'} is a file, not a folder"
        in out
    )
    assert "give --out a folder" in out


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_refuses_a_read_only_folder(cli, tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        code, out = cli("schema", "--out", str(folder))
    finally:
        folder.chmod(0o700)
    assert code == 2
    assert f"cannot write to {folder}: permission denied" in out


def test_refuses_a_folder_it_may_not_write_to_even_as_root(cli, tmp_path, monkeypatch):
    """CI may run as root, where chmod does not stop a write: what the OS says about access decides."""
    monkeypatch.setattr("lisplan.present.schema._may_write", lambda _folder: False)
    code, out = cli("schema", "--out", str(tmp_path))
    assert code == 2
    assert f"cannot write to {tmp_path}: permission denied" in out
    assert list(tmp_path.iterdir()) == []


def test_outside_a_plan_repo_it_asks_for_a_repo_or_out(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, out = cli("schema")
    assert code == 2
    assert "no plan repo" in out


# --- the editor line on files lisplan creates -------------------------------------------------------


def test_a_new_years_log_points_at_the_schema_and_later_entries_keep_it(cli, repo, monkeypatch):
    repo.trainee()
    cli("schema", repo=repo)
    code, out = cli("log", "skeleton-scintigraphy", "-a", "555", "--date", "2025-12-01", repo=repo)
    assert code == 0, out
    log = repo.root / "data/logs/lis/2025.yaml"
    first = log.read_text().splitlines()[0]
    assert first == f"{MODELINE}../../../.lisplan/schema/log.json"
    assert (log.parent / first.removeprefix(MODELINE)).resolve() == (repo.root / SCHEMA_DIR / "log.json").resolve()
    cli(
        "log", "skeleton-scintigraphy", "-a", "556", "--date", "2025-12-02", repo=repo
    )  # appended with what the cache knows
    monkeypatch.setenv("LISPLAN_NO_CACHE", "1")
    cli("log", "skeleton-scintigraphy", "-a", "557", "--date", "2025-12-03", repo=repo)  # appended after a full parse
    text = log.read_text()
    assert text.splitlines()[0] == first and text.count(MODELINE) == 1
    assert [e["accession"] for e in parse(log).data["entries"]] == ["555", "556", "557"]
    assert errors(parse(log).data, "log") == []
    code, out = cli("check", repo=repo)
    assert code == 0, out


def test_without_the_schema_a_new_log_has_no_line_pointing_nowhere(cli, repo):
    repo.trainee()
    code, out = cli("log", "skeleton-scintigraphy", "-a", "555", "--date", "2025-12-01", repo=repo)
    assert code == 0, out
    assert (repo.root / "data/logs/lis/2025.yaml").read_text().startswith("kind: log\n")
