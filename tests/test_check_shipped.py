"""Dogfood: the data that ships with lisplan passes its own check.

The fictional example trainee started under nuk-2019 and has not migrated to nuk-2025 yet (her
profile names nuk-2019, and in 2026 she logged work against nuk-2019 goals): check warns about
exactly that, and about nothing else.
"""

from __future__ import annotations

import json

from conftest import PROJECT

EXAMPLE = "data/logs/eksempel-lis/"


def test_shipped_data_passes_check(cli):
    code, out = cli("check", repo=PROJECT)
    assert code == 0, out
    assert "0 errors, 2 warnings" in out


def test_shipped_catalogs_and_plans_pass_check_strictly(cli):
    files = sorted(
        str(p.relative_to(PROJECT)) for d in ("goals", "plans") for p in (PROJECT / "data" / d).glob("*.yaml")
    )
    code, out = cli("check", "--strict", *files, repo=PROJECT)
    assert code == 0, out
    assert "No problems" in out


def test_shipped_data_json_has_only_the_pending_migration(cli):
    code, out = cli("check", "--format", "json", repo=PROJECT)
    assert code == 0
    data = json.loads(out)
    assert data["summary"] == {"errors": 0, "warnings": 2}
    assert {(p["file"], p["code"]) for p in data["problems"]} == {
        (EXAMPLE + "trainee.yaml", "replaced-goal-set"),
        (EXAMPLE + "2026.yaml", "goal-set-not-in-force"),
    }
