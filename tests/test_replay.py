"""Remembered answers (commands/replay.py): a warm read-only command writes exactly the bytes a
run without any cache writes, in English and in bokmål, and anything its output depends on (a file,
the date, an option, the language from any of its four sources) makes it compute again.

Every run is a real process (``python -m lisplan``), as a user's is: the replay happens before the
command line is built, so only a fresh process shows it.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import PROJECT, TODAY, run_alone

TRAINEE = "eksempel-lis"
LOG = f"data/logs/{TRAINEE}/2026.yaml"

#: each read-only command, with the file it writes (if any)
COMMANDS: list[tuple[list[str], str | None]] = [
    (["status"], None),
    (["status", "--format", "json"], None),
    (["check"], None),
    (["check", "--format", "json"], None),
    (["remaining"], None),
    (["schedule"], None),
    (["schedule", "--format", "json"], None),
    (["cohort"], None),
    (["portal"], None),
    (["render", "{out}/plan.md"], "plan.md"),
    (["render", "{out}/cohort.html"], "cohort.html"),
    (["export", "--format", "csv"], None),
    (["export", "--format", "json", "--out", "{out}/export.json"], "export.json"),
    (["--help"], None),
    (["status", "--help"], None),
]

#: replayed: answered before typer is imported (a run that computes imports it)
PROBE = """\
import sys
import lisplan.launch
sys.argv = ["lisplan", *sys.argv[1:]]
try:
    lisplan.launch.main()
finally:
    sys.stderr.write("\\n<typer imported>" if "typer" in sys.modules else "\\n<replayed>")
"""


@pytest.fixture
def example(tmp_path: Path) -> Path:
    repo = tmp_path / "repo"
    shutil.copytree(PROJECT / "data" / "logs" / TRAINEE, repo / "data" / "logs" / TRAINEE)
    (repo / "lisplan.yaml").write_text("kind: config\n", encoding="utf-8")
    (tmp_path / "out").mkdir()
    return repo


def environment(tmp: Path, **extra: str) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("LISPLAN_", "LC_", "LANG")) and k not in ("NO_COLOR", "FORCE_COLOR", "COLUMNS")
    }
    env.update(LISPLAN_TODAY=TODAY, COLUMNS="100", NO_COLOR="1", XDG_CACHE_HOME=str(tmp / "user-cache"))
    env.update(LANG="en_US.UTF-8")  # English, from the locale: the tests below change it by each of its sources
    env.update(extra)
    return env


def run(repo: Path, args: list[str], env: dict[str, str], written: str | None = None) -> tuple[int, bytes, bytes, str]:
    """Exit code, stdout, stderr (without the probe's last line), the file written (if any), and how it was answered."""
    out = repo.parent / "out"
    argv = [a.replace("{out}", str(out)) for a in args]
    if written:
        (out / written).unlink(missing_ok=True)
    proc = subprocess.run(
        [sys.executable, "-c", PROBE, "--repo", str(repo), *argv], env=env, capture_output=True, cwd=repo.parent
    )
    err, _nl, how = proc.stderr.rpartition(b"\n")
    data = (out / written).read_bytes() if written else b""
    return proc.returncode, proc.stdout, err + b"\x00" + data, how.decode()


def computed(
    repo: Path, args: list[str], env: dict[str, str], written: str | None = None
) -> tuple[int, bytes, bytes, str]:
    """What a run without any cache answers (LISPLAN_NO_CACHE), as :func:`run` gives it, but run in this
    process (conftest.run_alone: exactly ``env`` as the environment): the reference a process's answer is
    held to, without an interpreter start of its own."""
    out = repo.parent / "out"
    argv = [a.replace("{out}", str(out)) for a in args]
    if written:
        (out / written).unlink(missing_ok=True)
    code, stdout, stderr = run_alone(["--repo", str(repo), *argv], {**env, "LISPLAN_NO_CACHE": "1"}, repo.parent)
    data = (out / written).read_bytes() if written else b""
    return code, stdout, stderr + b"\x00" + data, "<computed in this process>"


#: every command in English; in bokmål those whose output is words (JSON and CSV are the same in both, and
#: the language's part of the key is tested on its own below): the suite's two minutes are worth more
RUNS = [(args, written, lang) for args, written in COMMANDS for lang in ("en", "nb")]
RUNS = [r for r in RUNS if r[2] == "en" or not ({"json", "csv"} & set(r[0]))]

#: the bokmål runs the default run keeps: bokmål words replayed to stdout, into a written file, and as a help
#: page (the three ways an answer is kept). The other bokmål runs are slow (LISPLAN_SLOW=1, CI runs them):
#: the default run still replays each of those commands in English, and bokmål through each way it is kept.
NB_DEFAULT = (["status"], ["render", "{out}/plan.md"], ["--help"])

#: the English runs the default run keeps (each is three processes, two of which compute): every form an
#: answer takes, a table (status), JSON (status --format json), problems and their exit code (check), a file
#: written by render and by export --out, and a help page of the app and of a command. The other read-only
#: commands answer through those same forms and are slow (LISPLAN_SLOW=1, CI's second step runs them).
EN_DEFAULT = (
    ["status"],
    ["status", "--format", "json"],
    ["check"],
    ["render", "{out}/plan.md"],
    ["export", "--format", "json", "--out", "{out}/export.json"],
    ["--help"],
    ["status", "--help"],
)


def _param(args: list[str], written: str | None, lang: str) -> object:
    slow = args not in (NB_DEFAULT if lang == "nb" else EN_DEFAULT)
    return pytest.param(args, written, lang, id=f"{' '.join(args)}-{lang}", marks=[pytest.mark.slow] if slow else [])


@pytest.mark.parametrize(("args", "written", "lang"), [_param(*r) for r in RUNS])
def test_a_replayed_answer_is_the_bytes_of_a_run_without_cache(example, args, written, lang):
    env = environment(example.parent, LISPLAN_LANG=lang)
    cold = run(example, args, {**env, "LISPLAN_NO_CACHE": "1"}, written)
    first = run(example, args, env, written)
    second = run(example, args, env, written)
    assert cold[3] == first[3] == "<typer imported>"
    assert second[3] == "<replayed>", second
    assert cold[:3] == first[:3] == second[:3]
    assert cold[0] in (0, 1) and cold[1]


def test_a_change_to_what_the_output_depends_on_computes_again(example):
    env = environment(example.parent)
    base = ["status"]

    def answers(args: list[str], **extra: str) -> tuple[int, bytes, bytes, str]:
        cold = computed(example, args, {**env, **extra})
        warm = run(example, args, {**env, **extra})
        assert warm[:3] == cold[:3], (args, extra)  # never another run's answer
        return warm

    answers(base)
    assert run(example, base, env)[3] == "<replayed>"

    # a file: one more entry in the log
    log = example / LOG
    log.write_text(
        log.read_text(encoding="utf-8") + "  - self-study: reading for the test\n    date: 2026-11-02\n",
        encoding="utf-8",
    )
    changed = answers(base)
    assert changed[3] == "<typer imported>"

    # the date, an option
    assert answers(base, LISPLAN_TODAY="2026-11-24")[3] == "<typer imported>"
    assert answers([*base, "--as-of", "2026-06-01"])[1] != changed[1]

    # the language from each of its sources: LISPLAN_LANG, --lang, the locale, lisplan.yaml
    english = run(example, base, env)
    assert english[3] == "<replayed>"
    for args, extra in (
        (base, {"LISPLAN_LANG": "nb"}),
        (["--lang", "nb", *base], {}),
        (base, {"LANG": "nb_NO.UTF-8"}),
    ):
        bokmal = answers(args, **extra)
        assert bokmal[1] != english[1], (args, extra)
    (example / "lisplan.yaml").write_text("kind: config\nlanguage: nb\n", encoding="utf-8")
    bokmal = answers(base)
    assert bokmal[3] == "<typer imported>" and bokmal[1] != english[1]


def test_commands_that_write_or_read_git_are_never_replayed(example):
    env = environment(example.parent)
    # a calendar file carries the time it was made, also when --format names it in bokmål (kalender)
    for args in (["check", "--verify-signoffs"], ["portal", "--mark", "all", "--dry-run"], ["schedule", "-fkalender"]):
        run(example, args, env)
        assert run(example, args, env)[3] == "<typer imported>", args
    # and a forged answer in the repo's cache is not trusted (sealed with the user's key, files/store.py)
    run(example, ["status"], env)
    for path in (example / ".lisplan-cache" / "results").glob("*.json"):
        mac, _nl, text = path.read_text(encoding="utf-8").partition("\n")
        record = json.loads(text)
        if isinstance(record["value"], dict) and "chunks" in record["value"]:
            fake = example / ".lisplan-cache" / "results" / "forged.bin"
            fake.write_bytes(b"forged\n")
            record["value"]["chunks"] = [[0, {"file": fake.name, "sha256": hashlib.sha256(b"forged\n").hexdigest()}]]
            path.write_text(mac + "\n" + json.dumps(record), encoding="utf-8")
    forged = run(example, ["status"], env)
    assert forged[3] == "<typer imported>" and b"forged" not in forged[1]


def test_a_digest_is_reused_only_while_the_file_is_untouched(tmp_path, monkeypatch):
    """Store.digests: a settled file's digest is known without reading it; a write of the same size
    with the old modification time put back is still seen (its change time moved), and a list of digests
    sealed with another key is not read."""
    import time

    from lisplan.files import store as stores
    from lisplan.files.repo import FileSpec
    from lisplan.files.store import Store

    secret = b"k" * 32
    path = tmp_path / "log.yaml"
    path.write_bytes(b"entries: [a]\n")
    old = time.time_ns() - 10**10
    os.utime(path, ns=(old, old))
    spec, first = [FileSpec(path, ())], [hashlib.sha256(b"entries: [a]\n").digest()]
    with monkeypatch.context() as settled:
        settled.setattr(stores, "SETTLE", 0.0)  # the change time is now: count it as settled for this test
        assert Store(tmp_path / "store", secret).digests(spec) == first
    assert path.name in (tmp_path / "store" / "digests.json").read_text(encoding="utf-8")

    reads = []
    real_open = open
    monkeypatch.setattr("builtins.open", lambda f, *a, **k: reads.append(str(f)) or real_open(f, *a, **k))
    assert Store(tmp_path / "store", secret).digests(spec) == first
    assert str(path) not in reads  # known from its stat
    Store(tmp_path / "store", b"x" * 32).digests(spec)
    assert str(path) in reads  # a list sealed with another key is not read
    monkeypatch.undo()

    path.write_bytes(b"entries: [b]\n")  # the same size
    os.utime(path, ns=(old, old))  # and the old modification time
    assert Store(tmp_path / "store", secret).digests([FileSpec(path, ())]) == [
        hashlib.sha256(b"entries: [b]\n").digest()
    ]


def test_check_of_a_file_that_went_away_says_so(example):
    """``check PATH``: the answer for a file that was there is not given once it is gone."""
    env = environment(example.parent)
    note = example.parent / "note.txt"
    note.write_text("x\n", encoding="utf-8")
    args = ["check", str(note)]
    assert run(example, args, env)[0] == 0
    assert run(example, args, env)[3] == "<replayed>"
    note.unlink()
    gone = run(example, args, env)
    assert gone[0] == 2 and b"no file" in gone[2]


def test_a_replay_writes_stdout_and_stderr_in_the_order_the_run_did(tmp_path, monkeypatch, capfdbinary):
    """On a terminal that shows both streams, a warning written to stderr between two stdout lines must come
    back between them (the answer was kept as two blobs, stdout then stderr)."""
    from lisplan.commands import replay
    from lisplan.commands.replay import Replay
    from lisplan.files.store import Store

    # a help page's answer (no command body ran, nothing failed), whatever this process ran before
    monkeypatch.setattr(replay, "_ran", False)
    monkeypatch.setattr(replay, "_spoiled", False)
    store = Store(tmp_path / "store", b"k" * 32)
    recorded = Replay(store, "a" * 64, help_page=True)
    recorded.start()
    print("one", flush=True)
    print("warning: two", file=sys.stderr, flush=True)
    print("three", flush=True)
    recorded.finish(0)
    capfdbinary.readouterr()
    kept = store.get("a" * 64)
    assert [stream for stream, _data in kept["chunks"]] == [0, 1, 0]
    assert Replay(store, "a" * 64, help_page=True).answer()
    out, err = capfdbinary.readouterr()
    assert (out, err) == (b"one\nthree\n", b"warning: two\n")


def test_a_failure_while_looking_for_a_remembered_answer_runs_the_command_instead(example, monkeypatch, capsys):
    """The look-up reads the repo before the command line exists (an unreadable folder, a full disk): it
    must never show the user a traceback; the command runs and says in words what is wrong, if anything."""
    import lisplan.launch
    from lisplan.commands import replay

    def broken(argv: list[str]) -> None:
        raise PermissionError(13, "Permission denied", str(example / "data"))

    monkeypatch.setattr(replay, "prepare", broken)
    monkeypatch.setenv("LISPLAN_TODAY", TODAY)
    monkeypatch.setattr(sys, "argv", ["lisplan", "--repo", str(example), "--lang", "en", "schedule"])
    with pytest.raises(SystemExit) as ended:
        lisplan.launch.main()
    assert ended.value.code in (0, None)
    assert "Eksempel LIS" in capsys.readouterr().out


def test_a_changed_template_draws_the_document_again(example):
    """render's answer depends on the template it draws with: a repo template changed after a run is used."""
    env = environment(example.parent)
    args = ["render", "{out}/plan.md"]
    (example / "templates").mkdir()
    template = example / "templates" / "review.md.j2"
    template.write_text("first {{ 1 + 1 }}\n", encoding="utf-8")
    first = run(example, args, env, "plan.md")
    assert run(example, args, env, "plan.md")[3] == "<replayed>"
    template.write_text("second, a template of another size\n", encoding="utf-8")
    second = run(example, args, env, "plan.md")
    assert second[3] == "<typer imported>"
    assert b"second, a template" in second[2] and b"first 2" in first[2]
