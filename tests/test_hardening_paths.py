"""Hardening: a trainee's repo cannot make lisplan read or write outside it,
poison or misplace its caches, or replay an answer that no longer holds; what lisplan prints is text.

Each test is one reproduction of the review, built as the reviewer did it; the property tests at the end
(tests/test_hardening_paths_fuzz.py) try each class's variants.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import stat
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

import test_replay
from conftest import PROJECT, Repo
from test_replay import PROBE, computed, environment, run

TRAINEE = "eksempel-lis"
LOG = f"data/logs/{TRAINEE}/2026.yaml"
#: A valid fødselsnummer (01.01.90, individual number 000; check digits by the mod-11 rule), made up.
IDENTITY = "01019000008"
SECRET = "LISPLAN_TEST_SECRET_5ae1"


#: a plan repo with a copy of the shipped example trainee, and a folder beside it for output
example = test_replay.example


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A folder outside the repo holding a secret (what a CI runner's files are to a repo)."""
    folder = tmp_path / "outside"
    folder.mkdir()
    (folder / "secret.txt").write_text(f"{SECRET}\n", encoding="utf-8")
    return folder


def snapshot(folder: Path) -> dict[str, bytes | None]:
    """Every name under ``folder`` with its bytes (None for a folder): what must not change."""
    found: dict[str, bytes | None] = {}
    for path in sorted(folder.rglob("*")):
        found[str(path.relative_to(folder))] = path.read_bytes() if path.is_file() else None
    return found


# --- reading outside the repo ------------------------------------------------------------------------


@pytest.mark.parametrize("target", ["/etc/passwd", "/proc/self/environ"])
def test_a_repo_template_symlinked_out_of_the_repo_is_never_read(cli, example, tmp_path, target):
    (example / "templates").mkdir()
    (example / "templates" / "review.md.j2").symlink_to(target)
    code, text = cli("render", str(tmp_path / "out" / "plan.md"), repo=example)
    assert code == 1
    assert "review.md.j2 leads out of the plan repo" in text and "lisplan does not read it" in text
    assert not (tmp_path / "out" / "plan.md").exists()


def test_render_all_does_not_publish_a_template_or_include_that_leads_out(cli, example, tmp_path, outside):
    (example / "templates").mkdir()
    (example / "templates" / "cohort.html.j2").write_text('{% include "part.j2" %}\n', encoding="utf-8")
    (example / "templates" / "part.j2").symlink_to(outside / "secret.txt")
    code, text = cli("render-all", str(tmp_path / "site"), repo=example)
    assert code != 0 and "part.j2 leads out of the plan repo" in text
    written = b"".join(p.read_bytes() for p in (tmp_path / "site").rglob("*") if p.is_file())
    assert SECRET.encode() not in written and SECRET not in text


def test_upgrade_ci_does_not_follow_a_ci_file_out_of_the_repo(cli, example, outside):
    from lisplan.commands.init_ci import CI_MARKER

    target = outside / "ci.yml"
    target.write_text(f"{CI_MARKER} 1\n# {SECRET}\n", encoding="utf-8")
    (example / ".github" / "workflows").mkdir(parents=True)
    (example / ".github" / "workflows" / "lisplan.yml").symlink_to(target)
    before = snapshot(outside)
    code, text = cli("init", "--upgrade-ci", str(example))
    assert SECRET not in text
    assert ".github/workflows/lisplan.yml: left alone: it leads out of the plan repo" in text
    assert snapshot(outside) == before and (example / ".github" / "workflows" / "lisplan.yml").is_symlink()


@pytest.mark.parametrize("target", ["/dev/zero", "loop"])
def test_a_log_linked_to_a_device_or_to_itself_is_refused_not_read(cli, example, target):
    log = example / LOG
    log.unlink()
    log.symlink_to(log if target == "loop" else Path(target))  # /dev/zero would read forever
    for command in ("status", "check"):
        code, text = cli(command, repo=example)
        assert code == 1 and "internal error" not in text, text
        assert "2026.yaml" in text


# --- the cache folder only as a real folder inside the repo ------------------------------------------


def test_a_symlinked_cache_folder_is_not_used(cli, example, outside):
    (example / ".lisplan-cache").symlink_to(outside, target_is_directory=True)
    before = snapshot(outside)
    assert cli("status", repo=example)[0] == 0
    assert snapshot(outside) == before


def test_a_symlinked_results_folder_is_neither_written_nor_pruned(cli, example, outside):
    (outside / "photo.bin").write_bytes(b"a user's own file, named like a part of a result")
    for n in range(70):  # more than replay.KEEP: pruning would delete the oldest
        (outside / f"note-{n}.json").write_text("{}", encoding="utf-8")
    (example / ".lisplan-cache").mkdir()
    (example / ".lisplan-cache" / "results").symlink_to(outside, target_is_directory=True)
    before = snapshot(outside)
    assert cli("status", repo=example)[0] == 0
    assert cli("status", repo=example)[0] == 0
    assert snapshot(outside) == before


def test_a_dangling_gitignore_symlink_in_the_cache_makes_no_file_outside(cli, example, outside):
    (example / ".lisplan-cache").mkdir()
    (example / ".lisplan-cache" / ".gitignore").symlink_to(outside / "made-by-lisplan")
    assert cli("status", repo=example)[0] == 0
    assert not (outside / "made-by-lisplan").exists()


def test_a_rewritten_cache_file_is_private_whatever_mode_it_had(cli, example):
    assert cli("status", repo=example)[0] == 0
    cached = [p for p in (example / ".lisplan-cache").rglob("*.json")]
    assert cached
    for path in cached:
        path.chmod(0o644)
    log = example / LOG
    log.write_text(log.read_text(encoding="utf-8") + "\n# one more line\n", encoding="utf-8")  # a miss: rewritten
    before = {p: p.read_bytes() for p in cached}
    assert cli("status", repo=example)[0] == 0
    rewritten = {p.name: stat.S_IMODE(p.stat().st_mode) for p in cached if p.read_bytes() != before[p]}
    assert rewritten and set(rewritten.values()) == {0o600}, rewritten


# --- output only to regular files ---------------------------------------------------------------------


def test_out_onto_a_fifo_is_refused_and_the_fifo_stays(cli, example, tmp_path):
    fifo = tmp_path / "out" / "pipe"
    os.mkfifo(fifo)
    code, text = cli("export", "--format", "csv", "--out", str(fifo), repo=example)
    assert code == 2
    assert "it is a named pipe (FIFO), not a regular file, so lisplan will not write over it" in text
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


def test_out_onto_a_device_is_refused_and_the_device_stays(cli, example, tmp_path):
    device = tmp_path / "out" / "null"
    try:
        os.mknod(device, 0o666 | stat.S_IFCHR, os.makedev(1, 3))  # a /dev/null of the test's own
    except PermissionError:
        pytest.skip("making a device node needs root")
    code, text = cli("export", "--format", "csv", "--out", str(device), repo=example)
    assert code == 2 and "it is a device, not a regular file" in text
    assert stat.S_ISCHR(os.lstat(device).st_mode)


# --- the replay -------------------------------------------------------------------------------------


def test_an_answer_cut_short_by_a_closed_pipe_is_never_replayed(example):
    env = environment(example.parent)
    # `lisplan status | head -1`: the reader takes the first line and goes
    head = subprocess.Popen(
        [sys.executable, "-c", PROBE, "--repo", str(example), "status"],  # the command line run() gives
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        cwd=example.parent,
    )
    assert head.stdout is not None
    head.stdout.readline()
    head.stdout.close()
    head.wait()
    cold = computed(example, ["status"], env)
    warm = run(example, ["status"], env)
    assert warm[:3] == cold[:3] and warm[0] == 0 and len(warm[1].splitlines()) > 5


def _link_report(example: Path, report: str) -> None:
    """The first supervision entry of 2026 links ``report`` (relative to the trainee's folder, then the repo)."""
    log = example / LOG
    text = log.read_text(encoding="utf-8")
    log.write_text(text.replace("report: reports/2026-02-09.md", f"report: {report}", 1), encoding="utf-8")


def _check_sees_the_number(example: Path, report: Path, edit) -> None:
    env = environment(example.parent)
    report.write_text("Guidance meeting. Accession xxxxxxxxxxx.\n", encoding="utf-8")
    first = run(example, ["check"], env)
    assert first[0] == 0 and b"identity-number" not in first[1], first
    assert run(example, ["check"], env)[3] == "<replayed>"
    edit()
    after = run(example, ["check"], env)
    assert after[0] == 1 and b"identity-number" in after[1], after


def test_check_sees_a_number_written_into_a_linked_report_outside_data(example):
    (example / "notes").mkdir()
    report = example / "notes" / "r.md"
    _link_report(example, "notes/r.md")
    _check_sees_the_number(
        example, report, lambda: report.write_text(f"Guidance meeting. Accession {IDENTITY}.\n", encoding="utf-8")
    )


def test_check_sees_a_number_written_through_a_symlink_in_data(example):
    (example / "notes").mkdir()
    report = example / "notes" / "r.md"
    (example / "data" / "logs" / TRAINEE / "reports").mkdir()
    (example / "data" / "logs" / TRAINEE / "reports" / "r.md").symlink_to(Path("../../../../notes/r.md"))
    _link_report(example, "reports/r.md")
    _check_sees_the_number(
        example, report, lambda: report.write_text(f"Guidance meeting. Accession {IDENTITY}.\n", encoding="utf-8")
    )


def test_check_sees_a_same_size_edit_with_the_time_put_back(example):
    (example / "data" / "logs" / TRAINEE / "reports").mkdir()
    report = example / "data" / "logs" / TRAINEE / "reports" / "r.md"
    _link_report(example, "reports/r.md")

    def edit() -> None:
        st = report.stat()
        with open(report, "r+b") as handle:  # the same bytes' length, in place
            handle.write(f"Guidance meeting. Accession {IDENTITY}.\n".encode())
        os.utime(report, ns=(st.st_atime_ns, st.st_mtime_ns))

    _check_sees_the_number(example, report, edit)


def test_a_replayed_export_does_not_write_through_a_folder_that_became_a_symlink_into_data(example):
    env = environment(example.parent)
    out = example.parent / "out"
    args = ["export", "--format", "json", "--out", "{out}/2026.yaml"]
    assert run(example, args, env)[0] == 0
    assert run(example, args, env)[3] == "<replayed>"
    log = example / LOG
    before = log.read_bytes()
    shutil.rmtree(out)
    out.symlink_to(log.parent, target_is_directory=True)
    code, _stdout, err, _how = run(example, args, env)
    assert code == 2 and b"lisplan will not write over it" in err
    assert log.read_bytes() == before


# --- input and output ---------------------------------------------------------------------------------

ESCAPES = "\x1b[2J\x1b]0;pwned\x1b\\\x9b31m\r"


@pytest.mark.parametrize("command", ["status", "cohort"])
def test_escape_sequences_in_a_name_are_shown_not_sent_to_the_terminal(cli, repo: Repo, command):
    profile = repo.trainee()
    text = profile.read_text(encoding="utf-8").replace("name: Test LIS", f"name: {json.dumps(f'Eve{ESCAPES}Example')}")
    profile.write_text(text, encoding="utf-8")
    code, text = cli(command, repo=repo)
    assert code in (0, 1), text
    assert not any(ch in text for ch in "\x1b\x9b\r"), repr(text)
    assert "Eve\\x1b[2J" in text


@pytest.mark.parametrize("tty", [True, False])
def test_raw_output_shows_escapes_on_a_terminal_and_is_unchanged_elsewhere(monkeypatch, tty):
    """export and render to stdout write bytes, not through rich: on a terminal they are shown too."""
    from lisplan.commands.session import emit

    class Stdout:
        buffer = io.BytesIO()

        def isatty(self) -> bool:
            return tty

    stdout = Stdout()
    monkeypatch.setattr(sys, "stdout", stdout)
    emit(f"name,Eve{ESCAPES}\r\n".encode(), None)
    expected = "name,Eve\\x1b[2J\\x1b]0;pwned\\x1b\\\\x9b31m\\x0d\r\n" if tty else f"name,Eve{ESCAPES}\r\n"
    assert stdout.buffer.getvalue().decode() == expected


def _xlsx(tmp_path: Path, change) -> Path:
    """A workbook with the sheet lisplan reads, its XML then damaged by ``change``."""
    import openpyxl

    from lisplan.load.sheet import COLUMNS, SHEET

    book = openpyxl.Workbook()
    ws = book.active
    ws.title = SHEET
    ws.append([c.header for c in COLUMNS])
    ws.append(["NUK-116", "nuk-2025"])
    plain = tmp_path / "plain.xlsx"
    book.save(plain)
    damaged = tmp_path / "damaged.xlsx"
    with zipfile.ZipFile(plain) as src, zipfile.ZipFile(damaged, "w") as dst:
        for item in src.infolist():
            data = src.read(item)
            dst.writestr(item, change(data) if item.filename == "xl/worksheets/sheet1.xml" else data)
    return damaged


def _bad_string_index(xml: bytes) -> bytes:
    cell = b'<c r="A2" t="inlineStr"><is><t>NUK-116</t></is></c>'
    assert cell in xml, xml
    return xml.replace(cell, b'<c r="A2" t="s"><v>9999</v></c>')


def _duplicate_attribute(xml: bytes) -> bytes:
    return xml.replace(b'<c r="A2"', b'<c r="A2" r="A2"', 1)


@pytest.mark.parametrize("change", [_bad_string_index, _duplicate_attribute])
def test_a_damaged_xlsx_is_refused_in_words_with_its_sheet_and_row(cli, repo: Repo, tmp_path, change):
    (repo.root / "data" / "plans").mkdir(parents=True)
    shutil.copy(PROJECT / "data" / "plans" / "ous-nuk.yaml", repo.root / "data" / "plans" / "ous-nuk.yaml")
    code, text = cli("plan", "import", "ous-nuk", str(_xlsx(tmp_path, change)), repo=repo)
    assert "internal error" not in text and "bug in lisplan" not in text
    assert code == 1 and "error[damaged]" in text and "Aktiviteter" in text and "save it again" in text


@pytest.mark.parametrize("line", ['"language": nb', "'language': nb", "language : nb", '"language": "nb"'])
def test_a_quoted_language_key_is_read_at_start_up(tmp_path, line):
    from lisplan.files.repo import configured_language

    (tmp_path / "lisplan.yaml").write_text(f"kind: config\n{line}\n", encoding="utf-8")
    assert configured_language(tmp_path) == "nb"
