"""Dogfood: the data that ships with lisplan passes its own check."""

from __future__ import annotations

import json

from conftest import PROJECT


def test_shipped_data_passes_check(cli):
    code, out = cli("check", "--strict", repo=PROJECT)
    assert code == 0, out
    assert "No problems" in out


def test_shipped_data_json_is_empty(cli):
    code, out = cli("check", "--format", "json", repo=PROJECT)
    assert code == 0
    data = json.loads(out)
    assert data["problems"] == []
    assert data["summary"] == {"errors": 0, "warnings": 0}
