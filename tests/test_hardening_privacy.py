"""Hardening: identity numbers however written, code execution and injection,
crashes and limits. Each test failed on main before the fix it covers (the issue's review found each).

The identity number is FNR from test_identity.py (1 January 1990, check digits computed there from
Skatteetaten's weights): every test asserts that its digits after the first two never leave lisplan.
"""

from __future__ import annotations

import csv
import errno
import io
import json
import os
import sys
from pathlib import Path

import pytest

from lisplan.core.identity import find_identity_numbers
from lisplan.present.export import Table, to_csv, to_json
from test_identity import FNR

TAIL = FNR[2:]  # what a mask hides: these digits must never be printed


def leaked(text: str) -> bool:
    """Whether ``text`` shows FNR's hidden digits in any written form."""
    return any(n == FNR for _, n in find_identity_numbers(text)) or TAIL in text


# --- privacy: the parsed value, not only the text ----------------------------------------------------

_INT = int(FNR)  # 1019000083: YAML drops the leading zero
ENCODINGS = {
    # each writes FNR so that the text does not show it, but the value YAML reads is it
    "hex escape": f'"\\x3{FNR[0]}{FNR[1:]}"',
    "unicode escape": f'"\\u003{FNR[0]}{FNR[1:]}"',
    "line continuation": f'"{FNR[:5]}\\\n      {FNR[5:]}"',
    "folded plain": f"pasient {FNR[:6]}\n      {FNR[6:]}",
    "folded single-quoted": f"'pasient {FNR[:6]}\n      {FNR[6:]}'",
    "folded double-quoted": f'"pasient {FNR[:6]}\n      {FNR[6:]}"',
    "folded block": f">-\n      pasient {FNR[:6]}\n      {FNR[6:]}",
    "hex int": f"0x{_INT:x}",
    "octal int": f"0o{_INT:o}",
    "exponent float": f"{_INT / 1e9!r}e9",
    "leading zero dropped": str(_INT),
}


@pytest.mark.parametrize("encoding", list(ENCODINGS))
def test_an_identity_number_hidden_by_yaml_is_found_by_check(cli, repo, encoding):
    repo.trainee()
    repo.log(2026, f"- self-study: reading\n  date: 2026-01-05\n  note: {ENCODINGS[encoding]}\n")
    text = (repo.root / "data/logs/lis/2026.yaml").read_text(encoding="utf-8")
    assert not any(find_identity_numbers(text)) or encoding.startswith("folded")  # the text scan alone misses most
    code, out = cli("check", repo=repo)
    assert code == 1 and "identity-number" in out, out
    assert not leaked(out)


def test_an_identity_number_in_a_key_is_found(cli, repo):
    repo.trainee()
    repo.log(2026, f'- self-study: reading\n  date: 2026-01-05\n  "\\x3{FNR[0]}{FNR[1:]}": x\n')
    code, out = cli("check", repo=repo)
    assert code == 1 and "identity-number" in out and not leaked(out)


FORMS = {
    "dot": f"{FNR[:6]}.{FNR[6:]}",
    "dash": f"{FNR[:6]}-{FNR[6:]}",
    "two spaces": f"{FNR[:6]}  {FNR[6:]}",
    "tab": f"{FNR[:6]}\t{FNR[6:]}",
    "no-break space": f"{FNR[:6]}\u00a0{FNR[6:]}",
    "dotted date": f"{FNR[:2]}.{FNR[2:4]}.{FNR[4:6]} {FNR[6:]}",
    "grouped": f"{FNR[:6]} {FNR[6:9]} {FNR[9:]}",
    "full-width": FNR.translate({ord(d): 0xFF10 + int(d) for d in "0123456789"}),
}


@pytest.mark.parametrize("form", list(FORMS))
def test_log_note_refuses_every_common_written_form(cli, repo, form):
    repo.trainee()
    before = sorted(p.name for p in (repo.root / "data/logs/lis").iterdir())
    code, out = cli(
        "log", "skeleton-scintigraphy", "--accession", "1234", "--date", "2026-01-05", "--note",
        f"pasient {FORMS[form]}", repo=repo,
    )  # fmt: skip
    assert code != 0 and "identity number" in out, out
    assert not leaked(out)
    assert sorted(p.name for p in (repo.root / "data/logs/lis").iterdir()) == before  # nothing written


def test_a_look_alike_with_wrong_check_digits_is_accepted_in_any_form(cli, repo):
    # an accession number may look like a date and five digits; only the check digits make it a person
    wrong = FNR[:10] + str((int(FNR[10]) + 1) % 10)
    repo.trainee()
    code, out = cli(
        "log", "skeleton-scintigraphy", "--accession", f"{wrong[:6]}-{wrong[6:]}", "--date", "2026-01-05", repo=repo
    )
    assert code == 0, out


def test_file_and_folder_names_under_data_are_scanned(cli, repo):
    repo.trainee()
    repo.write(f"data/logs/lis/reports/{FNR[:6]} {FNR[6:]}.md", "a report\n")
    code, out = cli("check", repo=repo)
    assert code == 1 and "identity-number" in out and "name" in out and not leaked(out)


def test_a_linked_report_is_scanned(cli, repo):
    repo.trainee()
    repo.write(
        "data/logs/lis/reports/2026-02-14.md", f"Gjennomgang. Pasient {FNR[:2]}.{FNR[2:4]}.{FNR[4:6]} {FNR[6:]}\n"
    )
    repo.log(2026, "- supervision: individual\n  date: 2026-02-14\n  by: vei\n  report: reports/2026-02-14.md\n")
    code, out = cli("check", repo=repo)
    assert code == 1 and "reports/2026-02-14.md (line 1)" in out and not leaked(out)


def test_init_refuses_an_identity_number_in_the_lisplan_source(cli, tmp_path):
    folder = tmp_path / "new"
    code, out = cli(
        "init", str(folder), "--trainee", "ola", "--name", "Ola", "--plan", "ous-nuk", "--start", "2026-09-01",
        "--lisplan-source", f"git+https://example.org/{FNR}/lisplan@v1",
    )  # fmt: skip
    assert code == 2 and "identity number" in out and not leaked(out)
    assert not folder.exists()


def test_every_output_format_masks_an_identity_number():
    # export, render and JSON pass through one mask even if a number got past check (e.g. --no-check use)
    table = Table("entries", ["note", "n"], [[f"pasient {FORMS['dotted date']}", _INT]])
    for data in (to_csv(table), to_json({"trainee": FNR}, [table])):
        assert not leaked(data.decode("utf-8"))
    json.loads(to_json({"trainee": FNR}, [table]))  # still JSON
    from lisplan.present.render import render

    data = {"trainee": {"name": FNR}}
    out = render("x", "md", data, template=_template(f"{{{{ trainee.name }}}} {FORMS['grouped']}\n"))
    assert not leaked(out) and out.startswith(FNR[:2])


def _template(text: str) -> Path:
    path = Path(os.environ.get("TMPDIR", "/tmp")) / f"lisplan-test-{os.getpid()}.md.j2"
    path.write_text(text, encoding="utf-8")
    return path


# --- code execution and injection -----------------------------------------------------------------


def test_a_repo_template_runs_in_the_sandbox(cli, repo, tmp_path):
    repo.trainee()
    marker = tmp_path / "ran"
    repo.write(
        "templates/review.md.j2",
        "{{ ''.__class__.__mro__[1].__subclasses__() }}"
        f"{{{{ cycler.__init__.__globals__.os.system('touch {marker}') }}}}\n",
    )
    code, out = cli("render", str(tmp_path / "plan.md"), repo=repo)
    assert code != 0 and "unsafe" in out.lower(), out
    assert not marker.exists()


@pytest.mark.parametrize(
    "source",
    [
        "git+https://example.org/x/lisplan@--upload-pack=/tmp/evil.sh",
        "-rrequirements.txt",
        "--requirement=requirements.txt",
        "git+https://example.org/x/lisplan#egg=-e",
    ],
)
def test_init_refuses_a_source_git_or_pip_would_run_as_an_option(cli, tmp_path, source):
    folder = tmp_path / "new"
    code, out = cli(
        "init", str(folder), "--trainee", "ola", "--name", "Ola", "--plan", "ous-nuk", "--start", "2026-09-01",
        "--lisplan-source", source,
    )  # fmt: skip
    assert code == 2 and "--lisplan-source" in out, out
    assert not folder.exists()


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_csv_cells_a_spreadsheet_would_run_are_text(start):
    table = Table("entries", ["note", "n"], [[f'{start}HYPERLINK("http://x")', -3]])
    rows = list(csv.reader(io.StringIO(to_csv(table).decode("utf-8"), newline="")))
    assert rows[1] == [f'\'{start}HYPERLINK("http://x")', "-3"]  # the number stays a number


def test_the_markdown_review_passes_no_html_links_or_newlines(cli, repo, tmp_path):
    repo.trainee()
    profile = repo.root / "data/logs/lis/trainee.yaml"
    name = "<img src=x onerror=alert(1)> [klikk](javascript:alert(1))\\n# Overskrift\\n| a | b |"
    profile.write_text(
        profile.read_text(encoding="utf-8").replace("name: Test LIS", f'name: "{name}"'), encoding="utf-8"
    )
    code, out = cli("render", str(tmp_path / "plan.md"), repo=repo)
    assert code == 0, out
    md = (tmp_path / "plan.md").read_text(encoding="utf-8")
    assert "<img" not in md and "](javascript:" not in md.replace("\\]", "]").replace("\\[", "[") is not None
    assert "javascript:" not in md
    assert not any(line.startswith("# Overskrift") for line in md.splitlines())
    assert "&lt;img" in md


def test_a_symlink_out_of_the_repo_is_refused_and_never_excerpted(cli, repo, tmp_path_factory):
    secret = tmp_path_factory.mktemp("outside") / "secret.yaml"
    secret.write_text("kind: log\nAWS_SECRET: hunter2-very-secret\n", encoding="utf-8")
    repo.trainee()
    (repo.root / "data/logs/lis/2025.yaml").symlink_to(secret)
    code, out = cli("check", repo=repo)
    assert code == 1 and "outside-repo" in out
    assert "hunter2" not in out
    code, out = cli("check", "--format", "json", repo=repo)
    assert "hunter2" not in out


# --- crashes and limits -----------------------------------------------------------------------------


def test_an_open_ended_leave_is_a_check_error_not_a_crash(cli, repo):
    repo.trainee(leave="[{from: 2026-01-01, to: 9999-12-31}]")
    code, out = cli("check", repo=repo)
    assert code == 1 and "outside the dates lisplan works with" in out, out
    for command in ("status", "remaining", "schedule"):
        code, out = cli(command, repo=repo)
        assert code in (1, 2) and "internal error" not in out, (command, out)


@pytest.mark.parametrize(
    "args",
    [
        ["status", "--as-of", "9999-12-31"],
        ["schedule", "--start", "9999-12-31"],
        ["schedule", "--leave", "2027-01-01:9999-12-31"],
        ["schedule", "--as-of", "0001-01-01"],
    ],
)
def test_a_date_option_out_of_range_is_a_usage_error(cli, repo, args):
    repo.trainee()
    code, out = cli(*args, repo=repo)
    assert code == 2 and "outside the dates lisplan works with" in out, out


def test_init_start_out_of_range_is_a_usage_error(cli, tmp_path):
    code, out = cli(
        "init", str(tmp_path / "r"), "--trainee", "ola", "--name", "Ola", "--plan", "ous-nuk", "--start", "9999-12-31"
    )
    assert code == 2 and "outside the dates" in out


class _Counting(str):
    splits = 0

    def splitlines(self, keepends: bool = False) -> list[str]:  # type: ignore[override]
        type(self).splits += 1
        return super().splitlines(keepends)


def test_excerpts_split_a_file_into_lines_once(repo):
    # A regression: every excerpt split the whole file again: 10,000 warnings took 93 s
    from lisplan.load.loader import load

    repo.trainee()
    path = repo.log(2026, "".join(f"- self-study: r{i}\n  date: 2026-0{1 + i % 2}-01\n" for i in range(400)))
    loaded = load(repo.root)
    doc = loaded.document(path)
    assert doc is not None
    doc.text = _Counting(doc.text)
    lines = [loaded.line_of(path, n) for n in range(1, 801)]
    assert lines[4] == "  - self-study: r0" and _Counting.splits <= 1


def test_a_newline_in_the_trainee_name_does_not_break_the_calendar(cli, repo):
    repo.trainee()
    profile = repo.root / "data/logs/lis/trainee.yaml"
    profile.write_text(
        profile.read_text(encoding="utf-8").replace("name: Test LIS", 'name: "Test\\nLIS"'), encoding="utf-8"
    )
    code, out = cli("schedule", "--format", "ics", repo=repo)
    assert code == 0 and "X-WR-CALNAME:LIS Test LIS" in out, out


@pytest.mark.parametrize("tid", ["ola.nordmann", "ola_nordmann", "a" * 301])
def test_init_refuses_ids_the_readme_does_not_allow(cli, tmp_path, tid):
    code, out = cli(
        "init", str(tmp_path / "r"), "--trainee", tid, "--name", "Ola", "--plan", "ous-nuk", "--start", "2026-09-01"
    )
    assert code == 2 and "is not an id" in out
    assert not (tmp_path / "r").exists()


LOG = ("log", "skeleton-scintigraphy", "--accession", "5551", "--date", "2026-02-01")


def _main(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    """Run the console entry point (which turns exceptions into messages), as a user's shell does."""
    from lisplan import cli

    monkeypatch.setenv("LISPLAN_TODAY", "2026-11-23")
    monkeypatch.setattr(sys, "argv", ["lisplan", *args])
    with pytest.raises(SystemExit) as done:
        cli.main()
    captured = capsys.readouterr()
    return int(done.value.code or 0), captured.out + captured.err


@pytest.mark.parametrize(
    ("err", "words", "code"),
    [
        (errno.ENOSPC, "the disk is full", 1),
        (errno.EFBIG, "larger than this system allows", 1),
        (errno.EROFS, "read-only", 1),
        (errno.ENAMETOOLONG, "too long", 2),
    ],
)
def test_os_errors_are_reported_in_words_not_as_a_bug(repo, monkeypatch, capsys, err, words, code):
    repo.trainee()
    repo.log(2026, "- self-study: reading\n  date: 2026-01-05\n")

    def refuse(*args: object, **kwargs: object) -> None:
        raise OSError(err, os.strerror(err), "data/logs/lis/2026.yaml")

    monkeypatch.setattr(os, "fsync", refuse)  # every write path fsyncs its new bytes (atomic_write)
    got, out = _main(monkeypatch, capsys, "--repo", str(repo.root), *LOG)
    assert got == code and words in out and "internal error" not in out, out


def test_a_folder_named_like_a_log_is_reported_in_words(repo, monkeypatch, capsys):
    repo.trainee()
    (repo.root / "data/logs/lis/2026.yaml").mkdir()
    got, out = _main(monkeypatch, capsys, "--repo", str(repo.root), *LOG)
    assert got in (1, 2) and "internal error" not in out and "folder" in out, out


def test_a_key_file_that_never_ends_is_refused(cli, repo):
    repo.write("lisplan.yaml", "kind: config\naccession_storage: hmac-sha256\naccession_key_file: /dev/zero\n")
    repo.trainee()
    code, out = cli("log", "skeleton-scintigraphy", "--accession", "1234", "--date", "2026-01-05", repo=repo)
    assert code != 0 and "not a regular file" in out


def test_init_on_a_full_disk_leaves_no_git_behind(cli, tmp_path, monkeypatch):
    from lisplan.files import gitops

    def half_init(root: Path) -> None:
        (root / ".git" / "objects").mkdir(parents=True)
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(gitops, "init", half_init)
    folder = tmp_path / "new"
    folder.mkdir()
    code, out = cli(
        "init", str(folder), "--trainee", "ola", "--name", "Ola", "--plan", "ous-nuk", "--start", "2026-09-01"
    )
    assert code != 0 and "nothing was left behind" in out, out
    assert list(folder.iterdir()) == []
