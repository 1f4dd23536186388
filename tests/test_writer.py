"""writer.py: appends keep every byte the user wrote, are atomic, and survive concurrent writers."""

from __future__ import annotations

import datetime as dt
import multiprocessing
from pathlib import Path

import pytest

from lisplan.models import Log
from lisplan.source import parse
from lisplan.writer import WriteError, append_entry

COMMENTED = """# My log for 2026.   Comments, 'quotes' and odd spacing stay as they are.
kind: log
trainee: lis
year: 2026

entries:
  # first week
  - procedure: skeleton-scintigraphy
    date: 2026-01-05
    accession: '81234567'     # single quotes kept
    role: described

  - teaching: "Skjelettscintigrafi"
    date: 2026-01-06
"""


def _validate(path: Path):
    def check(text: str) -> None:
        try:
            Log.model_validate(parse(path, text).data)
        except Exception as e:  # noqa: BLE001 - any failure refuses the write
            raise WriteError(str(e)) from e
    return check


def _entry(n: int) -> dict:
    return {"procedure": "skeleton-scintigraphy", "date": dt.date(2026, 2, 1), "accession": f"{n:08d}",
            "role": "described"}


def test_append_keeps_every_byte_and_adds_one_item(tmp_path):
    path = tmp_path / "2026.yaml"
    path.write_bytes(COMMENTED.encode())
    append_entry(path, _entry(42), _validate(path))
    new = path.read_bytes().decode()
    assert new.startswith(COMMENTED)
    assert new[len(COMMENTED):] == ("  - procedure: skeleton-scintigraphy\n    date: 2026-02-01\n"
                                    "    accession: '00000042'\n    role: described\n")
    entries = parse(path).data["entries"]
    assert len(entries) == 3 and entries[-1]["accession"] == "00000042"


def test_crlf_file_stays_crlf(tmp_path):
    path = tmp_path / "2026.yaml"
    path.write_bytes(COMMENTED.replace("\n", "\r\n").encode())
    append_entry(path, _entry(1), _validate(path))
    raw = path.read_bytes()
    assert raw.startswith(COMMENTED.replace("\n", "\r\n").encode())
    assert b"\n" not in raw.replace(b"\r\n", b"")


def test_refused_write_leaves_the_file_unchanged(tmp_path):
    path = tmp_path / "2026.yaml"
    path.write_bytes(COMMENTED.encode())

    def refuse(text: str) -> None:
        raise WriteError("no")

    with pytest.raises(WriteError):
        append_entry(path, _entry(1), refuse)
    assert path.read_bytes() == COMMENTED.encode()
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def _writer(path: str, start: int, count: int) -> None:
    p = Path(path)
    for n in range(start, start + count):
        append_entry(p, _entry(n), _validate(p))


def test_two_processes_appending_at_once_both_land(tmp_path):
    path = tmp_path / "2026.yaml"
    path.write_bytes(COMMENTED.encode())
    ctx = multiprocessing.get_context("fork")
    procs = [ctx.Process(target=_writer, args=(str(path), start, 100)) for start in (1000, 2000)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(60)
        assert p.exitcode == 0
    numbers = [e["accession"] for e in parse(path).data["entries"][2:]]
    assert sorted(numbers) == sorted([f"{n:08d}" for n in range(1000, 1100)] + [f"{n:08d}" for n in range(2000, 2100)])
    assert path.read_bytes().decode().startswith(COMMENTED)
