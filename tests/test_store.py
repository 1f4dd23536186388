"""files/store.py: sealed records kept by name, only the newest kept, nothing trusted that this user did not
seal here; and the daily loop on top of it: a report right after an entry command parses no file at all,
since the entry command stored the file it wrote."""

from __future__ import annotations

import json
import os
import shutil
import stat

import pytest

import lisplan.files.cache
from conftest import PROJECT
from lisplan.files.store import FORMAT, Store, seal


def test_a_record_is_read_back_and_only_the_newest_are_kept(tmp_path):
    store = Store(tmp_path / "results", b"k" * 32, keep=3)
    for i in range(5):
        store.put(f"{i:064d}", {"i": i})
    assert len(list((tmp_path / "results").glob("*.json"))) == 3
    assert store.get(f"{4:064d}") == {"i": 4}
    assert store.get(f"{0:064d}") is None


def test_a_record_sealed_with_another_key_or_for_another_name_is_a_miss(tmp_path):
    store = Store(tmp_path / "results", b"k" * 32)
    store.put("a" * 64, {"answer": 1}, "/repo/file")
    path = tmp_path / "results" / f"{'a' * 64}.json"
    assert store.get("a" * 64, "/repo/file") == {"answer": 1}
    assert store.get("a" * 64, "/repo/other") is None  # sealed for another file
    assert Store(tmp_path / "results", b"x" * 32).get("a" * 64, "/repo/file") is None  # another user's key
    record = {"format": FORMAT, "name": "a" * 64, "value": {"answer": 2}}
    path.write_text(seal(b"k" * 32, json.dumps(record), FORMAT, "b" * 64, "/repo/file"), encoding="utf-8")
    assert store.get("a" * 64, "/repo/file") is None  # a record moved here from another name
    assert path.stat().st_mode & 0o777 == 0o600  # private to the user


def test_bytes_are_trusted_only_as_the_record_names_them(tmp_path):
    store = Store(tmp_path / "results", b"k" * 32)
    part = store.put_bytes("a" * 64 + ".0", b"a long answer")
    assert store.get_bytes(part) == b"a long answer"
    (tmp_path / "results" / part["file"]).write_bytes(b"another answer")
    with pytest.raises(LookupError):
        store.get_bytes(part)
    with pytest.raises(LookupError):
        store.get_bytes({"file": "../elsewhere", "sha256": part["sha256"]})


def test_the_key_is_made_once_private_and_never_one_the_repo_could_carry(tmp_path, monkeypatch):
    from lisplan.files import store

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "user-cache"))
    monkeypatch.setattr(store, "_tried", False)
    monkeypatch.setattr(store, "_key", None)  # and both are put back after the test
    made = store.key()
    path = tmp_path / "user-cache" / "lisplan" / "cache-key"
    assert made is not None and len(made) == 64 and stat.S_IMODE(path.stat().st_mode) == 0o600
    monkeypatch.setattr(store, "_tried", False)
    assert store.key() == made  # read again, not made anew
    assert store.key(tmp_path) is None  # a key inside the repo could be carried by it


def test_no_cache_turns_every_store_off(tmp_path, monkeypatch):
    monkeypatch.setenv("LISPLAN_NO_CACHE", "1")
    store = Store.for_repo(tmp_path, "results")
    store.put("a" * 64, 1)
    assert store.get("a" * 64) is None and not (tmp_path / ".lisplan-cache").exists()


@pytest.fixture
def example(tmp_path, monkeypatch):
    root = tmp_path / "repo"
    shutil.copytree(PROJECT / "data", root / "data")
    shutil.copy(PROJECT / "lisplan.yaml", root / "lisplan.yaml")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "user-cache"))  # the store's key, outside the repo
    monkeypatch.delenv("LISPLAN_NO_CACHE", raising=False)
    return root


@pytest.mark.parametrize("report", ["status", "remaining", "schedule"])
def test_a_report_after_log_parses_no_file(cli, example, monkeypatch, report):
    assert cli("status", repo=example)[0] == 0  # every file parsed once, and kept
    code, out = cli("log", "skeleton-scintigraphy", "--accession", "81299921", "--date", "20.11.2026", repo=example)
    assert code == 0, out
    parsed = []
    real = lisplan.files.cache.parse
    monkeypatch.setattr(lisplan.files.cache, "parse", lambda path, *a: parsed.append(path.name) or real(path, *a))
    code, out = cli(report, repo=example)
    assert code == 0, out
    assert parsed == []  # log stored the year file it wrote: the report reads it from the store
    with monkeypatch.context() as m:
        m.setenv("LISPLAN_NO_CACHE", "1")
        assert cli(report, repo=example) == (code, out)
    assert "2026.yaml" in parsed  # without the store, every file is parsed (and the answer is the same)


def test_a_record_is_replaced_atomically_and_private_without_an_fsync(tmp_path, monkeypatch):
    """The store is a cache (a torn or lost record is a miss: it is sealed and checked on read), so its
    writes skip the fsyncs the user's own files get; they still go through a private temporary file
    renamed over the record, so a reader sees the old record or the new one, never half."""
    folder = tmp_path / ".lisplan-cache"
    store = Store(folder, b"k" * 32)
    store.put("a", {"v": 1})

    def refuse(fd: int) -> None:
        raise AssertionError("the store fsynced")

    renamed: list[tuple[str, str]] = []
    replace = os.replace
    monkeypatch.setattr(os, "fsync", refuse)
    monkeypatch.setattr(os, "replace", lambda a, b: (renamed.append((str(a), str(b))), replace(a, b))[1])
    store.put("a", {"v": 2})
    assert store.get("a") == {"v": 2}
    ((tmp, record),) = renamed
    assert record == str(folder / "a.json") and os.path.dirname(tmp) == str(folder) and tmp.endswith(".tmp")
    assert stat.S_IMODE(os.stat(record).st_mode) == 0o600
    assert sorted(p.name for p in folder.iterdir()) == [".gitignore", "a.json"]  # no temporary file left


def test_the_code_stamp_changes_with_a_module_a_template_or_a_catalog_and_not_with_compiled_copies(
    tmp_path, monkeypatch
):
    # an answer remembered by one lisplan is never replayed by another: the stamp is of lisplan's code
    from lisplan.files import store

    package = tmp_path / "lisplan"
    for relative in ("cli.py", "present/templates/review.md.j2", "locale/nb/LC_MESSAGES/lisplan.mo", "core/x.py"):
        (package / relative).parent.mkdir(parents=True, exist_ok=True)
        (package / relative).write_text("1")
    monkeypatch.setattr(store, "_PACKAGE", package)

    def stamp() -> str:
        return store.code_stamp.__wrapped__()  # worked out again, not the stamp this process keeps

    first = stamp()
    (package / "__pycache__").mkdir()
    (package / "__pycache__" / "cli.cpython-311.pyc").write_text("compiled")
    (package / "notes.txt").write_text("not code")
    assert stamp() == first
    for relative in ("cli.py", "present/templates/review.md.j2", "locale/nb/LC_MESSAGES/lisplan.mo", "core/x.py"):
        (package / relative).write_text("22")
        changed = stamp()
        assert changed != first, relative
        first = changed
