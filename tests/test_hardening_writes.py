"""Hardening: writes that lose data or give wrong answers, one regression test each.

Each test here failed on main before the fix it names. The generated versions (many writers with the
same accession number, an editor saving while lisplan writes) are in test_crash.py.
"""

from __future__ import annotations

import fcntl
import os
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

import lisplan.commands.recorder as recording
import lisplan.files.changes as changes
import lisplan.files.writer as writer
from conftest import Repo
from lisplan.files.source import parse

LOG = "data/logs/lis/2026.yaml"
PROFILE = "data/logs/lis/trainee.yaml"


@pytest.fixture
def lis(repo: Repo) -> Repo:
    repo.trainee()
    repo.log(
        2026,
        """
        # my first examinations
        - procedure: skeleton-scintigraphy
          date: 2026-01-05
          accession: "10000001"
        """,
    )
    return repo


def accessions(repo: Repo, rel: str = LOG) -> list[str]:
    return [str(e.get("accession")) for e in parse(repo.root / rel).data["entries"]]


# --- the same accession number from two writers at once -------------------------------------------


def test_a_duplicate_logged_by_another_writer_after_the_first_check_is_caught_under_the_lock(cli, lis, monkeypatch):
    """Another ``lisplan log`` of the same exam lands between this one's duplicate check and its lock
    (what 6 parallel writers did on main, landing up to 5 copies): the check under the lock sees it."""
    real = recording.append_items
    other_ran = []

    def another_writer_first(*args, **kwargs):  # noqa: ANN002, ANN003
        if not other_ran:
            other_ran.append(None)
            other_ran[0] = cli("log", "skeleton-scintigraphy", "-a", "55555555", repo=lis)
        return real(*args, **kwargs)

    monkeypatch.setattr(recording, "append_items", another_writer_first)
    code, out = cli("log", "skeleton-scintigraphy", "-a", "55555555", repo=lis)
    assert other_ran[0][0] == 0, other_ran[0][1]
    assert code == 2, out
    assert "--accession 55555555 is already logged for skeleton scintigraphy as described" in out
    assert accessions(lis).count("55555555") == 1


def test_a_duplicate_another_writer_logs_in_another_year_meanwhile_is_caught_under_the_lock(cli, lis, monkeypatch):
    """The look under the lock reads the trainee's other years again: one whose bytes changed since the
    first look (another writer logged the exam there) is indexed anew, not taken as it was read before."""
    lis.log(2025, """
        - procedure: skeleton-scintigraphy
          date: 2025-06-02
          accession: "10000002"
        """)  # fmt: skip
    real = recording.append_items
    other_ran = []

    def another_writer_first(*args, **kwargs):  # noqa: ANN002, ANN003
        if not other_ran:
            other_ran.append(None)
            other_ran[0] = cli("log", "skeleton-scintigraphy", "-a", "66666666", "--date", "03.06.2025", repo=lis)
        return real(*args, **kwargs)

    monkeypatch.setattr(recording, "append_items", another_writer_first)
    code, out = cli("log", "skeleton-scintigraphy", "-a", "66666666", "--date", "05.01.2026", repo=lis)
    assert other_ran[0][0] == 0, other_ran[0][1]
    assert code == 2, out
    assert "--accession 66666666 is already logged for skeleton scintigraphy as described" in out
    assert accessions(lis, "data/logs/lis/2025.yaml").count("66666666") == 1
    assert "66666666" not in accessions(lis)


def test_log_reads_what_each_log_file_holds_once_when_nothing_changes_it(cli, lis, monkeypatch):
    """log looks at every year twice (before it writes, and under the lock); a file whose bytes are those
    it read the first time is not loaded from the cache again."""
    lis.log(2025, """
        - procedure: skeleton-scintigraphy
          date: 2025-06-02
          accession: "10000002"
        """)  # fmt: skip
    from lisplan.files.cache import Cache

    real, read = Cache.facts, []

    def counted(self, path, raw):  # noqa: ANN001, ANN202
        read.append(path.name)
        return real(self, path, raw)

    monkeypatch.setattr(Cache, "facts", counted)
    code, out = cli("log", "skeleton-scintigraphy", "-a", "77777777", "--date", "05.01.2026", repo=lis)
    assert code == 0, out
    assert sorted(read) == ["2025.yaml", "2026.yaml"]


def test_after_switching_to_hashed_storage_an_exam_logged_in_plain_is_a_duplicate(cli, lis, monkeypatch):
    lis.write("lisplan.yaml", "kind: config\naccession_storage: hmac-sha256\n")
    monkeypatch.setenv("LISPLAN_ACCESSION_KEY", "the department's secret")
    code, out = cli("log", "skeleton-scintigraphy", "-a", "10000001", repo=lis)  # logged in plain above
    assert code == 2, out
    assert "--accession 10000001 is already logged for skeleton scintigraphy as described (2026-01-05" in out
    assert len(accessions(lis)) == 1
    code, out = cli("log", "skeleton-scintigraphy", "-a", "10000002", repo=lis)  # a new one is hashed
    assert code == 0, out
    assert accessions(lis)[-1].startswith("hmac:")


# --- an editor saving while lisplan writes --------------------------------------------------------


def _save_in_place(path: Path) -> None:
    with open(path, "a", encoding="utf-8") as handle:
        handle.write("# saved in the editor\n")


def _save_by_rename(path: Path) -> None:  # how most editors save: a new file renamed over the old
    tmp = path.with_name(".editor-swap")
    tmp.write_text(path.read_text(encoding="utf-8") + "# saved in the editor\n", encoding="utf-8")
    os.replace(tmp, path)


@pytest.mark.parametrize("save", [_save_in_place, _save_by_rename])
def test_an_editors_save_between_lisplans_read_and_its_rename_is_not_written_over(cli, lis, monkeypatch, save):
    real = writer.entries_text  # what append_items calls once it has read the file, before it writes

    def editor_saves_meanwhile(*args, **kwargs):  # noqa: ANN002, ANN003 - runs after the read under the lock
        save(lis.root / LOG)
        return real(*args, **kwargs)

    monkeypatch.setattr(writer, "entries_text", editor_saves_meanwhile)
    code, out = cli("log", "skeleton-scintigraphy", "-a", "66666666", repo=lis)
    assert code == 2, out
    assert "2026.yaml changed while lisplan was writing to it" in out and "nothing was written" in out
    text = (lis.root / LOG).read_text(encoding="utf-8")
    assert text.endswith("# saved in the editor\n") and "66666666" not in text
    assert not list((lis.root / "data/logs/lis").glob(".*.tmp"))


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="renameat2 is Linux's")
def test_a_guarded_write_can_swap_two_files_in_one_step_on_linux(tmp_path):
    """The check after the rename (a save that came between lisplan's check and its rename is swapped
    back) rests on renameat2 being found in the process's C library: without it lisplan falls back to a
    plain rename, silently."""
    from lisplan.files import atomic

    a, b = tmp_path / "a", tmp_path / "b"
    a.write_text("lisplan's", encoding="utf-8")
    b.write_text("the editor's", encoding="utf-8")
    assert atomic._exchange(a, b) is True
    assert (a.read_text(encoding="utf-8"), b.read_text(encoding="utf-8")) == ("the editor's", "lisplan's")


def test_an_editors_save_while_portal_mark_writes_is_not_written_over(cli, lis, monkeypatch):
    real = changes._set_in_item

    def editor_saves_meanwhile(*args, **kwargs):  # noqa: ANN002, ANN003
        _save_by_rename(lis.root / LOG)
        return real(*args, **kwargs)

    monkeypatch.setattr(changes, "_set_in_item", editor_saves_meanwhile)
    code, out = cli("portal", "--mark", "2026:1", repo=lis)
    assert code == 2, out
    assert "changed while lisplan was writing to it" in out and "Marked" not in out
    assert "portal:" not in (lis.root / LOG).read_text() and "# saved in the editor" in (lis.root / LOG).read_text()


# --- outputs never overwrite inputs ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("command", "target"),
    [
        (["export", "--format", "json", "--out"], PROFILE),
        (["export", "--out"], LOG),
        (["schedule", "--format", "json", "--out"], "lisplan.yaml"),
        (["schedule", "--format", "ics", "--out"], "README.md"),
        (["render"], "data/plans/review.md"),
        (["render"], "README.md"),
        (["export", "--format", "json", "--out"], "templates/review.md.j2"),
    ],
)
def test_outputs_refuse_to_write_over_a_file_lisplan_reads(cli, lis, command, target):
    lis.write("lisplan.yaml", "kind: config\n")
    lis.write("README.md", "# My plan repo\n")
    lis.write("templates/review.md.j2", "{{ trainee }}\n")
    path = lis.root / target
    before = path.read_bytes() if path.exists() else None
    code, out = cli(*command, str(path), repo=lis)
    assert code == 2, out
    assert f"{path}: " in out and "so lisplan will not write over it" in out
    assert (path.read_bytes() if path.exists() else None) == before


def test_outputs_still_write_next_to_the_repo(cli, lis):
    out_file = lis.root / "export.json"
    code, out = cli("export", "--format", "json", "--out", str(out_file), repo=lis)
    assert code == 0, out
    code, out = cli("export", "--format", "json", "--out", str(out_file), repo=lis)  # its own output: again
    assert code == 0, out


# --- portal --mark over several files -------------------------------------------------------------


def test_portal_mark_over_two_files_writes_both_or_neither_and_reports_after_writing(cli, lis):
    lis.log(
        2025,
        """
        - teaching: Skjelettscintigrafi
          type: national-web
          goals: [NUK-068]
          date: 2025-01-10
        """,
    )
    flow = (
        "kind: log\ntrainee: lis\nyear: 2026\nentries:\n"
        "  - {procedure: skeleton-scintigraphy, date: 2026-01-05, accession: '1'}\n"
    )
    lis.write(LOG, flow)
    before = (lis.root / "data/logs/lis/2025.yaml").read_bytes()
    code, out = cli("portal", "--mark", "2025:1", "2026:1", repo=lis)
    assert code == 2, out
    assert "flow style" in out and "Marked" not in out
    assert (lis.root / "data/logs/lis/2025.yaml").read_bytes() == before  # main wrote this one
    assert (lis.root / LOG).read_text() == flow
    lis.write(LOG, "kind: log\ntrainee: lis\nyear: 2026\nentries:\n  - teaching: t\n    date: 2026-01-05\n")
    code, out = cli("portal", "--mark", "2025:1", "2026:1", repo=lis)
    assert code == 0, out
    assert out.index("Marked") < out.index("2026:1")
    assert "portal:" in (lis.root / LOG).read_text() and "portal:" in (lis.root / "data/logs/lis/2025.yaml").read_text()


# --- accession: .nan ------------------------------------------------------------------------------


@pytest.mark.parametrize("value", [".nan", ".NaN", ".inf", "-.inf"])
def test_a_non_number_accession_fails_check_and_log_says_to_fix_the_file(cli, lis, value):
    lis.log(2026, f"- procedure: skeleton-scintigraphy\n  date: 2026-01-05\n  accession: {value}\n")
    code, out = cli("check", repo=lis)
    assert code == 1, out
    assert "error[bad-value]" in out and "is not a number an examination can have" in out
    code, out = cli("log", "skeleton-scintigraphy", "-a", "77777777", repo=lis)
    assert code == 1, out
    assert "fix the file" in out and "bug in lisplan" not in out


# --- a writer stopped with Ctrl-Z -----------------------------------------------------------------


def test_a_stopped_writer_makes_the_next_one_say_it_waits_and_give_up_in_time(cli, lis, monkeypatch):
    """A real process holds the lock and is stopped (SIGSTOP, what Ctrl-Z sends) while writing."""
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import os, signal, sys\n"
            "from pathlib import Path\n"
            "from lisplan.files.writer import locked\n"
            "with locked(Path(sys.argv[1])):\n"
            "    print('locked', flush=True)\n"
            "    os.kill(os.getpid(), signal.SIGSTOP)\n",
            str(lis.root / "data/logs/lis"),
        ],
        stdout=subprocess.PIPE,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline() == b"locked\n"
        monkeypatch.setenv("LISPLAN_LOCK_TIMEOUT", "0.5")
        started = time.monotonic()
        code, out = cli("log", "skeleton-scintigraphy", "-a", "88888888", repo=lis)
        assert time.monotonic() - started < 10
        assert code == 2, out
        assert "waiting for another lisplan process that is writing in" in out
        assert "for more than 0.5 s, so lisplan gave up; nothing was written" in out and "Ctrl-Z" in out
        assert "88888888" not in accessions(lis)
    finally:
        holder.kill()
        holder.wait()
    code, out = cli("log", "skeleton-scintigraphy", "-a", "88888888", repo=lis)  # the lock went with it
    assert code == 0, out


def test_a_writer_waits_for_a_short_lock_and_then_writes(cli, lis, monkeypatch):
    fd = os.open(lis.root / "data/logs/lis", os.O_RDONLY)
    fcntl.flock(fd, fcntl.LOCK_EX)
    real_sleep = time.sleep

    def other_writer_finishes(seconds: float) -> None:  # the first pause of the waiting writer
        os.close(fd)  # closing releases the lock
        monkeypatch.setattr(writer.time, "sleep", real_sleep)
        real_sleep(seconds)

    monkeypatch.setattr(writer.time, "sleep", other_writer_finishes)
    code, out = cli("log", "skeleton-scintigraphy", "-a", "88888889", repo=lis)
    assert code == 0, out
    assert "waiting for another lisplan process" in out


# --- file modes -----------------------------------------------------------------------------------


@pytest.mark.parametrize(("umask", "mode"), [(0o022, 0o644), (0o077, 0o600), (0o002, 0o664)])
def test_files_lisplan_creates_follow_the_umask_and_replaced_files_keep_their_mode(cli, lis, umask, mode):
    old = os.umask(umask)
    try:
        code, out = cli("teaching", "t", "--date", "2025-05-05", repo=lis)  # makes 2025.yaml
        assert code == 0, out
        assert stat.S_IMODE((lis.root / "data/logs/lis/2025.yaml").stat().st_mode) == mode
        (lis.root / LOG).chmod(0o640)
        code, out = cli("log", "skeleton-scintigraphy", "-a", "12121212", repo=lis)
        assert code == 0, out
        assert stat.S_IMODE((lis.root / LOG).stat().st_mode) == 0o640
        caches = [p for p in (lis.root / ".lisplan-cache").rglob("*.json")]
        assert caches and all(stat.S_IMODE(p.stat().st_mode) == 0o600 for p in caches)  # private
    finally:
        os.umask(old)


# --- a cache the repo carries ---------------------------------------------------------------------


def test_a_committed_cache_with_forged_records_is_never_trusted(cli, lis):
    """A trainee commits ``.lisplan-cache/`` with records that say a broken log is fine (the right
    digest, a plain record as main wrote them, or one sealed with the trainee's own key): CI ignores them."""
    import hashlib
    import json

    from lisplan.files.cache import Cache, _name
    from lisplan.files.store import FORMAT

    lis.log(2026, "- procedure: skeleton-scintigraphy\n  date: 2026-01-05\n  role: nonsense\n")  # an error
    path = lis.root / LOG
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    forged = {"kind": "log", "trainee": "lis", "year": 2026, "entries": []}
    theirs = Cache(lis.root / ".lisplan-cache", secret=b"the trainee's own machine key, 32+ bytes long")
    for part, value in (("data", forged), ("facts", {"valid": "log", "procedures": {}})):
        theirs.pack(path, digest, part, value)  # bytes and a record sealed with their key
    assert Cache.for_repo(lis.root).read(path).hit is False
    for part, value in (("data", forged), ("facts", {"valid": "log", "procedures": {}})):
        name = _name(path, part)
        record = json.dumps({"format": FORMAT, "name": name, "value": [digest, value]})
        (lis.root / ".lisplan-cache" / f"{name}.json").write_text(record)  # unsealed, a plain record
    assert Cache.for_repo(lis.root).read(path).hit is False
    code, out = cli("check", repo=lis)
    assert code == 1 and "role" in out, out
