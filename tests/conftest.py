"""Shared test helpers: a temporary plan repo built from inline YAML, and the CLI runner.

Tests write the files they need as text (``repo.write("data/logs/x/2024.yaml", '''...''')``), so each
test reads like the case it covers. lisplan's own catalogs and plans are always loaded beside them.
"""

from __future__ import annotations

import compileall
import os
import shutil
import sys
import textwrap
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

# Bytecode, read again by every later run. PYTHONDONTWRITEBYTECODE (set on this machine and on CI's) would
# have each xdist worker rewrite and compile every test module anew at every run (some 4 CPU-s a worker
# for collection) and, with an editable install, every `python -m lisplan` a test starts compile lisplan:
# the test session writes what it compiles (into __pycache__, which git ignores), and the processes it
# starts read it.
sys.dont_write_bytecode = False

import lisplan  # noqa: E402  (after the line above, so that lisplan's own bytecode is kept)
from lisplan.cli import app  # noqa: E402
from lisplan.files.repo import CACHE_FOLDER  # noqa: E402

TODAY = "2026-11-23"
PROJECT = Path(__file__).resolve().parents[1]

#: a minimal valid trainee profile who started under the earlier NM goals (nuk-2019, named by the plan) and
#: whose profile names the sets in force today; ``.format(id=…, plan=…, extra=…)`` (extra: more lines)
TRAINEE = """\
kind: trainee
id: {id}
name: Test LIS
fictional: true
specialty: nuk
plan: {plan}
goal_sets: [nuk-2025, fkm-2026]
start: 2023-09-01
mentor: vei
supervisors:
  - {{id: vei, name: Veileder, email: vei@example.org}}
  - {{id: sup, name: Supervisør, email: sup@example.org}}
{extra}"""


@dataclass
class Repo:
    root: Path

    def write(self, rel: str, text: str) -> Path:
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        return path

    def write_bytes(self, rel: str, data: bytes) -> Path:
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        return path

    def trainee(self, tid: str = "lis", **extra: str) -> Path:
        """A minimal valid trainee at OUS (``TRAINEE``), with ``extra`` keys added."""
        lines = "".join(f"{k}: {v}\n" for k, v in extra.items())
        return self.write(f"data/logs/{tid}/trainee.yaml", TRAINEE.format(id=tid, plan="ous-nuk", extra=lines))

    def log(self, year: int, entries: str, tid: str = "lis") -> Path:
        body = textwrap.indent(textwrap.dedent(entries).strip("\n"), "  ")
        return self.write(
            f"data/logs/{tid}/{year}.yaml", f"kind: log\ntrainee: {tid}\nyear: {year}\nentries:\n{body}\n"
        )


#: where the tests' folders go when nothing else says: a memory file system, if there is one with room
MEMORY = Path("/dev/shm")


def _temp_root(config: pytest.Config) -> None:
    """The tests' folders (tmp_path) in memory: the suite makes some 90,000 files (each test its own repo,
    and lisplan's store in it), and on a disk each costs several times the CPU it costs in memory, once
    made and again when pytest removes the folders three runs later. Only when neither --basetemp nor
    PYTEST_DEBUG_TEMPROOT chooses a place, and /dev/shm is a writable folder with 2 GiB free (a container
    may give it only 64 MiB); the workers and the processes tests start inherit it."""
    if config.option.basetemp or os.environ.get("PYTEST_DEBUG_TEMPROOT"):
        return
    try:
        room = os.statvfs(MEMORY)
    except OSError:
        return
    if room.f_bavail * room.f_frsize >= 2 << 30 and os.access(MEMORY, os.W_OK | os.X_OK):
        os.environ["PYTEST_DEBUG_TEMPROOT"] = str(MEMORY)


def pytest_configure(config: pytest.Config) -> None:
    """The controller compiles lisplan's sources once (nothing, when their bytecode is current) before the
    workers start: with an editable install each lisplan process a test starts would compile them all."""
    if not hasattr(config, "workerinput"):
        _temp_root(config)
        compileall.compile_dir(Path(lisplan.__file__).parent, quiet=1)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """A test marked ``slow`` runs only with LISPLAN_SLOW=1: the default run stays under two minutes on two
    cores, and .ci/run runs the slow ones after it, so CI still runs every test. Each slow test says why
    the default run still covers its promise. The tests of a module with a fixture of its own (a browser,
    a site, a sheet, processes whose imports are counted) go to one worker, which makes it once, not each
    worker that runs one of them."""
    for item in items:  # a module's own fixture made once: its tests run in one worker (--dist loadgroup)
        fixtures = getattr(item, "_fixtureinfo", None)
        if fixtures is not None and any(d[-1].scope == "module" for d in fixtures.name2fixturedefs.values()):
            item.add_marker(pytest.mark.xdist_group(item.module.__name__))
    if os.environ.get("LISPLAN_SLOW"):
        return
    skip = pytest.mark.skip(reason="slow: runs with LISPLAN_SLOW=1 (.ci/run runs it)")
    for item in items:
        if item.get_closest_marker("slow"):
            item.add_marker(skip)


def _translated(command: Any) -> bool:
    """Whether present/helptext.py has put this command tree in a language (it does so in place, for a help
    page or a usage error), here or in any subcommand."""
    if getattr(command, "_usage_translated", False):
        return True
    return any(_translated(sub) for sub in getattr(command, "commands", {}).values())


def _attributes(command: Any) -> list[tuple[Any, dict[str, Any]]]:
    """The own attributes of each command and parameter of a tree: all that helptext.py's translation sets."""
    found = [(command, dict(vars(command)))] + [(param, dict(vars(param))) for param in command.params]
    for sub in getattr(command, "commands", {}).values():
        found += _attributes(sub)
    return found


@pytest.fixture(autouse=True, scope="session")
def one_command_tree() -> Iterator[None]:
    """CliRunner builds typer's click command tree anew at every call, most of the time a small command
    takes (the real entry point builds only the command it runs); a test process builds it once and hands
    it out again. A help page or a usage error has helptext.py translate the tree in place: the next call
    gets it back as built, each command's and parameter's attributes as they were (building it again cost
    some 0.1 CPU-s a time, a hundred times in the help and usage tests alone)."""
    import typer.main
    import typer.testing

    build = typer.main.get_command
    trees: dict[Any, tuple[Any, list[tuple[Any, dict[str, Any]]]]] = {}

    def get_command(typer_instance: Any) -> Any:
        if typer_instance not in trees:
            tree = build(typer_instance)
            trees[typer_instance] = (tree, _attributes(tree))
        tree, built = trees[typer_instance]
        if _translated(tree):
            for thing, attributes in built:
                vars(thing).clear()
                vars(thing).update(attributes)
        return tree

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(typer.testing, "_get_command", get_command)
        yield


@pytest.fixture(autouse=True)
def english(monkeypatch: pytest.MonkeyPatch):
    """Tests read lisplan in English unless they ask for bokmål (--lang nb, or LANG and no LISPLAN_LANG):
    the machine's own locale must not decide what a test sees."""
    from lisplan.core import i18n

    monkeypatch.setenv("LISPLAN_LANG", "en")
    i18n.set_language("en")
    yield
    i18n.set_language("en")


@pytest.fixture(scope="session")
def shipped_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """What lisplan keeps in a repo's store (.lisplan-cache) about its own catalogs and plans, which every
    command loads beside the repo's files: ``check`` of an empty repo, run once per test process (so the
    first run's parse and store of those files is run, and read back, by every process)."""
    root = tmp_path_factory.mktemp("shipped")
    (root / "data" / "logs").mkdir(parents=True)
    with pytest.MonkeyPatch.context() as patch:
        patch.delenv("LISPLAN_NO_CACHE", raising=False)
        patch.setenv("LISPLAN_TODAY", TODAY)
        result = CliRunner().invoke(app, ["--repo", str(root), "check"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return root / ".lisplan-cache"


@pytest.fixture
def repo(tmp_path: Path, shipped_store: Path) -> Repo:
    """An empty plan repo whose store already knows lisplan's own files, as after a user's first command
    (each test's first command parsed, validated and stored them anew: a sixth of the CPU of the tests that
    use this fixture).
    What the repo's own files are is the test's; a test that needs the store empty deletes the folder."""
    (tmp_path / "data" / "logs").mkdir(parents=True)
    shutil.copytree(shipped_store, tmp_path / CACHE_FOLDER)
    return Repo(tmp_path)


@pytest.fixture
def cli(monkeypatch: pytest.MonkeyPatch):
    """Run lisplan with a fixed today; returns (exit code, stdout + stderr)."""
    monkeypatch.setenv("LISPLAN_TODAY", TODAY)
    monkeypatch.setenv("COLUMNS", "200")
    runner = CliRunner()

    def run(*args: str, repo: Repo | Path | None = None):
        argv = []
        if repo is not None:
            argv += ["--repo", str(repo.root if isinstance(repo, Repo) else repo)]
        result = runner.invoke(app, [*argv, *args], catch_exceptions=False)
        return result.exit_code, result.output

    return run


def run_alone(args: list[str], env: dict[str, str], cwd: Path) -> tuple[int, bytes, bytes]:
    """lisplan ``args`` run in this process (the CLI runner) as a process with exactly the environment
    ``env``, started in ``cwd``, would run: its exit code, stdout and stderr. For a test whose evidence is
    the answer, not the process (a process costs half a CPU-second of interpreter start and imports)."""
    with pytest.MonkeyPatch.context() as patch:
        for name in list(os.environ):
            patch.delenv(name)
        for name, value in env.items():
            patch.setenv(name, value)
        patch.chdir(cwd)
        result = CliRunner().invoke(app, args, catch_exceptions=False)
    return result.exit_code, result.stdout_bytes, result.stderr_bytes


def yaml_data(text: str) -> Any:
    """The plain data of YAML text, as PyYAML's safe loader builds it (its C parser: the pure-Python one
    took some 10 CPU-s of the suite to read the example logs and catalogs the tests count against)."""
    import yaml

    return yaml.load(text, Loader=yaml.CSafeLoader)


SECTIONS = "\n".join(
    f"  {k}: Test text."
    for k in (
        "goals_offered",
        "arenas",
        "agreements",
        "supervision",
        "guidance_and_assessment",
        "specialists_in_supervision",
        "theoretical_teaching",
        "research",
        "research_competence",
    )
)


def plan_yaml(pid: str, specialty: str, goal_sets: str, body: str = "") -> str:
    """A complete institution plan (all nine sections the regulation asks for) plus ``body``."""
    return (
        f"kind: plan\nid: {pid}\ninstitution: Test HF\nspecialty: {specialty}\n"
        f"goal_sets: {goal_sets}\nsource: test fixture\nsections:\n{SECTIONS}\n" + textwrap.dedent(body).lstrip("\n")
    )
