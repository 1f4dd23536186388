"""Property tests of the path rules (files/paths.py): a symlink at any path lisplan reads or
writes, to anything, never makes lisplan read outside the repo, change anything outside it, or fail
with a traceback; output goes only to regular files; an answer that did not all arrive is never replayed.

Each example builds a small repo, puts one symlink (or odd file) at one place, and runs the commands
that touch that place. The default run takes fixed cases that try every place, target, sink and edit
once (``SMOKE_*``); CI's slow step (LISPLAN_SLOW=1, tests marked ``fuzz``) generates
``LISPLAN_FUZZ_EXAMPLES`` (default 12) per property, derandomized; for a longer run:

    LISPLAN_FUZZ_EXAMPLES=200 pytest tests/test_hardening_paths_fuzz.py -n 0 -p no:cacheprovider
"""

from __future__ import annotations

import os
import signal
import socket
import stat
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import Repo
from test_replay import PROBE, computed, environment, run

EXAMPLES = int(os.environ.get("LISPLAN_FUZZ_EXAMPLES", "12"))

FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize="LISPLAN_FUZZ_EXAMPLES" not in os.environ,  # CI: the same examples every run
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
SECRET = "LISPLAN_FUZZ_SECRET_c0ffee"
TID = "lis"
LOG = f"data/logs/{TID}/2026.yaml"
LOG_TEXT = f"""\
kind: log
trainee: {TID}
year: 2026
entries:
  - supervision: individual
    date: 2026-01-10
    by: vei
    report: reports/r.md
"""

#: each place lisplan reads or writes in a repo, and the commands that read or write it
PLACES: dict[str, list[list[str]]] = {
    "data": [["status"], ["check"]],
    "trainee folder": [["status"], ["check"]],
    "log": [["status"], ["check"], ["export", "--format", "csv"]],
    "report": [["check"]],
    "template": [["render", "{out}/plan.md"]],
    "include": [["render", "{out}/plan.md"]],
    "ci file": [["init", "--upgrade-ci", "{repo}"]],
    "cache": [["status"], ["check"]],
    "results": [["status"], ["status"]],
    "gitignore": [["status"]],
    "cache file": [["status"], ["status"]],
}
#: what a symlink can lead to outside the repo
TARGETS = ["secret file", "secret folder", "dangling", "fifo", "device", "loop"]


def make_repo(root: Path) -> Repo:
    repo = Repo(root)
    (root / "data" / "logs").mkdir(parents=True)
    repo.write("lisplan.yaml", "kind: config\n")
    repo.trainee(TID)
    repo.write(LOG, LOG_TEXT)
    repo.write(f"data/logs/{TID}/reports/r.md", "Guidance meeting.\n")
    return repo


def make_outside(folder: Path) -> None:
    """Outside the repo: a secret in every form a file lisplan reads could take."""
    folder.mkdir()
    (folder / "secret.txt").write_text(f"{SECRET}\n", encoding="utf-8")
    (folder / "secret.yaml").write_text(f"kind: log\ntrainee: {SECRET}\nyear: 2026\nentries: []\n", encoding="utf-8")
    (folder / "trainee.yaml").write_text(f"kind: trainee\nid: {SECRET}\n", encoding="utf-8")
    (folder / "2026.yaml").write_text(f"kind: log\ntrainee: {SECRET}\n", encoding="utf-8")
    (folder / "r.md").write_text(f"{SECRET}\n", encoding="utf-8")
    (folder / "photo.bin").write_bytes(b"a file of the user's, named like a part of a cached result")
    os.mkfifo(folder / "fifo")


def target_of(kind: str, outside: Path, root: Path) -> Path:
    if kind == "secret file":
        return outside / "secret.txt"
    if kind == "secret folder":
        return outside
    if kind == "dangling":
        return outside / "not-there"
    if kind == "fifo":
        return outside / "fifo"
    if kind == "device":
        return Path("/dev/zero")  # reads forever: a reader that does not refuse it never ends
    return root / "loop"  # a symlink to itself


def place_link(repo: Repo, place: str, target: Path, outside: Path) -> None:
    """Put a symlink to ``target`` at ``place`` (and what makes lisplan read it there)."""
    root = repo.root
    logs = root / "data" / "logs" / TID

    def link(path: Path, to: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.is_symlink() or path.is_file():
            path.unlink()
        elif path.is_dir():
            import shutil

            shutil.rmtree(path)
        path.symlink_to(root / "loop" if to == root / "loop" else to)

    if target == root / "loop":
        (root / "loop").symlink_to(root / "loop")
    if place == "data":
        link(root / "data", target if target.name != "secret.txt" else outside)
    elif place == "trainee folder":
        link(logs, target)
    elif place == "log":
        link(root / LOG, target if target != outside else outside / "2026.yaml")
    elif place == "report":
        link(logs / "reports" / "r.md", target if target != outside else outside / "r.md")
    elif place in ("template", "include"):
        templates = root / "templates"
        templates.mkdir(exist_ok=True)
        if place == "include":
            (templates / "review.md.j2").write_text('{% include "part.j2" %}\n', encoding="utf-8")
        link(templates / ("part.j2" if place == "include" else "review.md.j2"), target)
    elif place == "ci file":
        link(root / ".github" / "workflows" / "lisplan.yml", target)
    elif place == "cache":
        link(root / ".lisplan-cache", target)
    elif place == "results":
        link(root / ".lisplan-cache" / "results", target)
    elif place == "gitignore":
        link(root / ".lisplan-cache" / ".gitignore", target)
    elif place == "cache file":
        from lisplan.files.cache import _name

        for part in ("data", "facts"):
            link(root / ".lisplan-cache" / f"{_name(root / LOG, part)}.json", target)


def snapshot(folder: Path) -> dict[str, object]:
    """Every name under ``folder`` (symlinks not followed) with its kind and, for a file, its bytes."""
    found: dict[str, object] = {}
    for path in sorted(folder.rglob("*")):
        st_ = os.lstat(path)
        found[str(path.relative_to(folder))] = path.read_bytes() if stat.S_ISREG(st_.st_mode) else st_.st_mode
    return found


def written_inside(*folders: Path) -> bytes:
    """The bytes of every regular file under ``folders``, no symlink followed: what lisplan wrote there."""
    out = b""
    for folder in folders:
        for top, _dirs, names in os.walk(folder):
            for name in names:
                path = Path(top, name)
                if stat.S_ISREG(os.lstat(path).st_mode):
                    out += path.read_bytes()
    return out


@contextmanager
def limit(seconds: int) -> Iterator[None]:
    """A command that blocks on a FIFO or reads /dev/zero forever fails the test instead of hanging it."""

    def stop(_signum: int, _frame: object) -> None:
        raise TimeoutError(f"a command ran for {seconds} s: it is reading something it should have refused")

    old = signal.signal(signal.SIGALRM, stop)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


#: the default run's target at each place: every target at two places or one
SMOKE_TARGETS = {place: TARGETS[i % len(TARGETS)] for i, place in enumerate(sorted(PLACES))}


@pytest.mark.parametrize("place", sorted(PLACES))
def test_a_symlink_at_each_place_never_reads_or_changes_what_is_outside(cli, tmp_path_factory, place):
    symlink_case(cli, tmp_path_factory, place, SMOKE_TARGETS[place])


# generated: CI's slow step; the default run's fixed cases above try each variant once
@pytest.mark.fuzz
@pytest.mark.slow
@pytest.mark.parametrize("place", sorted(PLACES))
@settings(FUZZ, max_examples=max(2, EXAMPLES // 3))  # every place, each with a few of the targets
@given(target=st.sampled_from(TARGETS))
def test_a_symlink_anywhere_never_reads_or_changes_what_is_outside(cli, tmp_path_factory, place, target):
    symlink_case(cli, tmp_path_factory, place, target)


def symlink_case(cli, tmp_path_factory, place: str, target: str) -> None:
    base = tmp_path_factory.mktemp("sym")
    repo = make_repo(base / "repo")
    outside = base / "outside"
    make_outside(outside)
    (base / "out").mkdir()
    place_link(repo, place, target_of(target, outside, repo.root), outside)
    before = snapshot(outside)
    for command in PLACES[place]:
        args = [a.replace("{out}", str(base / "out")).replace("{repo}", str(repo.root)) for a in command]
        with limit(60):
            code, text = cli(*args, repo=repo if args[0] != "init" else None)
        assert code in (0, 1, 2), (place, target, args, text)
        assert "internal error" not in text and "Traceback" not in text, (place, target, args, text)
        assert SECRET not in text, (place, target, args, text)
    assert snapshot(outside) == before, (place, target)
    assert SECRET.encode() not in written_inside(repo.root, base / "out"), (place, target)


# --- output sinks ---------------------------------------------------------------------------------------

SINKS = ["new file", "regular file", "fifo", "device", "socket", "folder", "link to a log", "link to a fifo"]
WRITERS = [
    ["export", "--format", "csv", "--out", "{sink}"],
    ["export", "--format", "json", "--out", "{sink}"],
    ["render", "{sink}.md"],
    ["schedule", "--format", "ics", "--out", "{sink}"],
]


def make_sink(kind: str, path: Path, repo: Repo) -> bool:
    """Make an output of ``kind`` at ``path``; False when this machine cannot (a device node needs root)."""
    if kind == "regular file":
        path.write_text("an old export\n", encoding="utf-8")
    elif kind == "fifo":
        os.mkfifo(path)
    elif kind == "device":
        try:
            os.mknod(path, 0o666 | stat.S_IFCHR, os.makedev(1, 3))  # a /dev/null of the test's own
        except PermissionError:
            return False
    elif kind == "socket":
        server = socket.socket(socket.AF_UNIX)
        try:
            server.bind(str(path))
        except OSError:  # a path too long for a socket's name
            return False
        finally:
            server.close()
    elif kind == "folder":
        path.mkdir()
    elif kind == "link to a log":
        path.symlink_to(repo.root / LOG)
    elif kind == "link to a fifo":
        os.mkfifo(path.parent / "real-fifo")
        path.symlink_to(path.parent / "real-fifo")
    return True


#: the default run's cases: every sink once, the writers in turn
SMOKE_SINKS = [pytest.param(kind, WRITERS[i % len(WRITERS)], id=kind) for i, kind in enumerate(SINKS)]


@pytest.mark.parametrize(("kind", "writer"), SMOKE_SINKS)
def test_output_to_each_sink_goes_only_to_a_regular_file(cli, tmp_path_factory, kind, writer):
    sink_case(cli, tmp_path_factory, kind, writer)


# generated: CI's slow step; the default run's fixed cases above try each variant once
@pytest.mark.fuzz
@pytest.mark.slow
@FUZZ
@given(kind=st.sampled_from(SINKS), writer=st.sampled_from(WRITERS))
def test_output_goes_only_to_a_regular_file(cli, tmp_path_factory, kind, writer):
    sink_case(cli, tmp_path_factory, kind, writer)


def sink_case(cli, tmp_path_factory, kind: str, writer: list[str]) -> None:
    base = tmp_path_factory.mktemp("sink")
    repo = make_repo(base / "repo")
    (base / "o").mkdir()
    sink = base / "o" / "s"
    if writer[0] == "render":
        sink = sink.with_suffix(".md")
    if not make_sink(kind, sink, repo):
        return
    mode = os.lstat(sink).st_mode if kind != "new file" else None
    log = (repo.root / LOG).read_bytes()
    args = [a.replace("{sink}.md", str(sink)).replace("{sink}", str(sink)) for a in writer]
    with limit(60):
        code, text = cli(*args, repo=repo)
    assert "internal error" not in text and "Traceback" not in text, (kind, args, text)
    assert (repo.root / LOG).read_bytes() == log  # never written through a link
    if kind in ("new file", "regular file"):
        assert code in (0, 1) and stat.S_ISREG(os.lstat(sink).st_mode), (kind, args, text)
        assert sink.read_bytes() != b"an old export\n"
    else:
        assert code == 2 and "lisplan will not write over it" in text, (kind, args, text)
        assert os.lstat(sink).st_mode == mode, (kind, args)  # the FIFO, device, socket, folder or link stays


@pytest.mark.parametrize("sink", ["closed pipe", "full device", "closed stream"])
def test_an_answer_that_did_not_all_arrive_is_never_replayed(tmp_path, sink):
    """stdout as each sink a shell can give: the run says what went wrong (or ends quietly, as with
    ``| head``), and the next run to a file prints the whole answer, never a remembered part of one."""
    repo = make_repo(tmp_path / "repo").root
    (tmp_path / "out").mkdir()
    env = environment(tmp_path)
    argv = [sys.executable, "-c", PROBE, "--repo", str(repo), "status"]
    if sink == "closed pipe":
        reader, writer = os.pipe()
        os.close(reader)
        done = subprocess.run(argv, env=env, stdout=writer, stderr=subprocess.PIPE, cwd=tmp_path)
        os.close(writer)
    elif sink == "full device":
        with open("/dev/full", "wb") as full:
            done = subprocess.run(argv, env=env, stdout=full, stderr=subprocess.PIPE, cwd=tmp_path)
    else:
        done = subprocess.run(["sh", "-c", 'exec "$@" >&-', "sh", *argv], env=env, stderr=subprocess.PIPE, cwd=tmp_path)
    assert b"Traceback" not in done.stderr and b"internal error" not in done.stderr, done.stderr
    if sink == "full device":
        assert done.returncode == 1 and b"the disk is full" in done.stderr, done.stderr
    cold = computed(repo, ["status"], env)
    assert run(repo, ["status"], env)[:3] == cold[:3]  # a replay would be of what the broken run recorded


# --- a remembered answer is keyed by every file the run read, by content ---------------------------------

#: the files a command reads, each as (where it is, the command that reads it)
READ_FILES = {
    "log": (LOG, ["check"]),
    "profile": (f"data/logs/{TID}/trainee.yaml", ["check"]),
    "report in data": (f"data/logs/{TID}/reports/r.md", ["check"]),
    "report outside data": ("notes/r.md", ["check"]),
    "report through a symlink in data": ("notes/r.md", ["check"]),
    "template": ("templates/review.md.j2", ["render", "{out}/plan.md"]),
}
EDITS = ["append", "same size, time put back", "replaced, time put back"]
PLACEHOLDER = "xxxxxxxxxxx"  # as long as an identity number: the edit writes one in its place
IDENTITY = "01019000008"  # a valid fødselsnummer (01.01.90, individual number 000), made up


def edit(path: Path, how: str) -> None:
    """Change ``path`` so that lisplan's answer changes: an identity number where the placeholder was."""
    st_ = path.stat()
    new = path.read_bytes().replace(PLACEHOLDER.encode(), IDENTITY.encode())
    if how == "append":
        path.write_bytes(new + b"\n")
        return
    if how == "same size, time put back":
        with open(path, "r+b") as handle:
            handle.write(new)
    else:  # another file renamed over it, as an editor saves
        other = path.with_name(path.name + ".new")
        other.write_bytes(new)
        os.replace(other, path)
    os.utime(path, ns=(st_.st_atime_ns, st_.st_mtime_ns))


#: the default run's cases: every edit once, each to a file of another kind (a log, a template, a report
#: read through a symlink); each case is three real processes
SMOKE_EDITS = [("log", EDITS[0]), ("template", EDITS[1]), ("report through a symlink in data", EDITS[2])]


@pytest.mark.parametrize(("which", "how"), SMOKE_EDITS)
def test_an_answer_is_replayed_only_while_each_file_it_read_is_unchanged(tmp_path_factory, which, how):
    edit_case(tmp_path_factory, which, how)


# generated: CI's slow step; the default run's fixed cases above try each variant once
@pytest.mark.fuzz
@pytest.mark.slow
@settings(FUZZ, max_examples=max(3, EXAMPLES // 2))
@given(which=st.sampled_from(sorted(READ_FILES)), how=st.sampled_from(EDITS))
def test_an_answer_is_replayed_only_while_every_file_it_read_is_unchanged(tmp_path_factory, which, how):
    edit_case(tmp_path_factory, which, how)


def edit_case(tmp_path_factory, which: str, how: str) -> None:
    base = tmp_path_factory.mktemp("key")
    repo = make_repo(base / "repo")
    (base / "out").mkdir()
    rel, command = READ_FILES[which]
    root = repo.root
    report = root / f"data/logs/{TID}/reports/r.md"
    if which == "report outside data":
        log = root / LOG
        log.write_text(log.read_text(encoding="utf-8").replace("reports/r.md", "notes/r.md"), encoding="utf-8")
    if which == "report through a symlink in data":
        report.unlink()
        report.symlink_to(Path("../../../../notes/r.md"))
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    if which == "template":
        path.write_text(f"Review {PLACEHOLDER}\n", encoding="utf-8")
    elif path.suffix == ".md":
        path.write_text(f"Guidance meeting, accession {PLACEHOLDER}.\n", encoding="utf-8")
    else:
        path.write_text(path.read_text(encoding="utf-8") + f"# accession {PLACEHOLDER}\n", encoding="utf-8")
    env = environment(base)
    written = "plan.md" if command[0] == "render" else None
    before = run(root, command, env, written)
    edit(path, how)
    after = run(root, command, env, written)
    cold = computed(root, command, env, written)
    assert after[:3] == cold[:3], (which, how, after[3])
    assert after[:3] != before[:3], (which, how)  # the edit is one the answer shows
