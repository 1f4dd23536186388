"""`lisplan init` through the CLI: a new plan repo on which check and status pass at once, its CI and
pre-commit files, a trainee added to an existing repo, and every refusal leaving the folder as it was.
"""

from __future__ import annotations

import json
import shlex
import subprocess
from pathlib import Path

import pytest

from conftest import PROJECT
from lisplan.commands.init_ci import HOOK_FILES, git_hook_repo, source_from
from lisplan.files.source import parse
from lisplan.models import FILE_KINDS
from test_identity import FNR

SOURCE = "git+https://example.org/you/lisplan.git@v0.1.0"


def init(cli, folder: Path, *more: str, trainee: str = "ola-nordmann", start: str = "2026-09-01"):  # type: ignore[no-untyped-def]
    return cli(
        "init",
        str(folder),
        "--trainee",
        trainee,
        "--name",
        "Ola Nordmann",
        "--plan",
        "ous-nuk",
        "--start",
        start,
        *more,
    )


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` (outside .git) with its bytes: what a refusal must leave unchanged."""
    if not folder.exists():
        return {}
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not {".git", ".lisplan-cache"} & set(p.relative_to(folder).parts)
    }


def test_a_new_repo_passes_check_and_status_at_once(cli, tmp_path):
    folder = tmp_path / "plan"
    code, out = init(cli, folder, "--lisplan-source", SOURCE)
    assert code == 0, out
    assert f"Added trainee ola-nordmann to a new plan repo (git init) in {folder}:" in out
    assert (folder / ".git").is_dir()
    for rel in (
        "lisplan.yaml",
        "README.md",
        ".github/workflows/lisplan.yml",
        ".gitlab-ci.yml",
        ".pre-commit-config.yaml",
        "data/logs/ola-nordmann/trainee.yaml",
        "data/logs/ola-nordmann/2026.yaml",
    ):
        assert (folder / rel).is_file(), rel
        assert f"  {rel}\n" in out
    assert sorted(p.name for p in (folder / ".lisplan/schema").iterdir()) == sorted(f"{k}.json" for k in FILE_KINDS)
    code, out = cli("check", "--strict", repo=folder)
    assert code == 0, out
    code, out = cli("status", repo=folder)
    assert code == 0, out
    assert "Ola Nordmann — Oslo universitetssykehus HF (OUS)" in out


def test_the_profile_holds_what_was_given_and_the_goal_sets_in_force_at_the_start(cli, tmp_path):
    code, out = init(cli, tmp_path / "new", "--employment", "80")
    assert code == 0, out
    profile = parse(tmp_path / "new/data/logs/ola-nordmann/trainee.yaml").data
    assert {k: profile[k] for k in ("kind", "id", "name", "specialty", "plan", "goal_sets", "start", "employment")} == {
        "kind": "trainee",
        "id": "ola-nordmann",
        "name": "Ola Nordmann",
        "specialty": "nuk",
        "plan": "ous-nuk",
        "goal_sets": ["nuk-2025", "fkm-2026"],
        "start": "2026-09-01",
        "employment": 80,
    }
    code, out = init(cli, tmp_path / "old", start="2024-01-08")
    assert code == 0, out
    # nuk-2019 was in force until 2025-08-31; no common-goal set before fkm-2026 ships, so that one
    assert parse(tmp_path / "old/data/logs/ola-nordmann/trainee.yaml").data["goal_sets"] == ["nuk-2019", "fkm-2026"]
    code, out = init(cli, tmp_path / "chosen", "--goal-set", "nuk-2019", "--goal-set", "nuk-2025")
    assert code == 0, out
    assert parse(tmp_path / "chosen/data/logs/ola-nordmann/trainee.yaml").data["goal_sets"] == ["nuk-2019", "nuk-2025"]


def test_a_name_yaml_would_misread_is_written_so_it_reads_back_as_given(cli, tmp_path):
    code, out = cli(
        "init",
        str(tmp_path / "p"),
        "--trainee",
        "no",
        "--name",
        "Åse: «no» #1",
        "--plan",
        "ous-nuk",
        "--start",
        "2026-01-05",
    )
    assert code == 0, out
    profile = parse(tmp_path / "p/data/logs/no/trainee.yaml").data
    assert (profile["id"], profile["name"]) == ("no", "Åse: «no» #1")
    assert cli("check", repo=tmp_path / "p")[0] == 0


def test_files_lisplan_writes_point_at_their_schema(cli, tmp_path):
    folder = tmp_path / "plan"
    init(cli, folder)
    for rel, kind in (
        ("lisplan.yaml", "config"),
        ("data/logs/ola-nordmann/trainee.yaml", "trainee"),
        ("data/logs/ola-nordmann/2026.yaml", "log"),
    ):
        first = (folder / rel).read_text().splitlines()[0]
        assert first.startswith("# yaml-language-server: $schema=")
        target = (folder / rel).parent / first.split("$schema=", 1)[1]
        assert target.resolve() == (folder / ".lisplan/schema" / f"{kind}.json").resolve()
    # the first entry goes into the file init made, after its schema line
    code, out = cli("log", "skeleton-scintigraphy", "--accession", "81234567", "--date", "2026-11-20", repo=folder)
    assert code == 0, out
    log = folder / "data/logs/ola-nordmann/2026.yaml"
    assert log.read_text().startswith("# yaml-language-server: $schema=../../../.lisplan/schema/log.json\nkind: log\n")
    assert len(parse(log).data["entries"]) == 1
    assert cli("check", repo=folder)[0] == 0


# --- CI and pre-commit ------------------------------------------------------------------------------


def run_in(cli, folder: Path, command: str, monkeypatch):  # type: ignore[no-untyped-def]
    """Run a CI file's `lisplan …` command line in the repo's folder, as the runner would."""
    argv = shlex.split(command)
    assert argv[0] == "lisplan"
    monkeypatch.chdir(folder)
    return cli(*argv[1:])


def test_the_github_workflow_parses_and_its_check_runs_green(cli, tmp_path, monkeypatch):
    folder = tmp_path / "plan"
    init(cli, folder, "--lisplan-source", SOURCE)
    workflow = parse(folder / ".github/workflows/lisplan.yml").data
    assert set(workflow["on"]) == {"push", "pull_request", "workflow_dispatch"}
    steps = workflow["jobs"]["check"]["steps"]
    install = next(s for s in steps if s.get("name") == "Install lisplan")
    assert install["env"]["LISPLAN_SOURCE"] == f"${{{{ vars.LISPLAN_SOURCE || '{SOURCE}' }}}}"
    assert 'pip install --quiet "$LISPLAN_SOURCE"' in install["run"]
    check = next(s for s in steps if s.get("name") == "lisplan check")
    assert check["run"] == "lisplan check --strict --verify-signoffs --format github"
    assert workflow["env"]["LISPLAN_NO_CACHE"] == "1"  # a cache the repo carries is never trusted
    assert run_in(cli, folder, check["run"], monkeypatch) == (0, "")
    # and it annotates a problem once there is one
    log = folder / "data/logs/ola-nordmann/2026.yaml"
    log.write_text(
        log.read_text().replace("entries: []", "entries:\n  - teaching: x\n    date: 2026-01-05\n    goalz: []")
    )
    code, out = run_in(cli, folder, check["run"], monkeypatch)
    assert code == 1
    assert out.startswith("::error file=data/logs/ola-nordmann/2026.yaml,line=8,col=5,title=lisplan unknown-key::")


def test_the_gitlab_pipeline_parses_and_writes_a_code_quality_report(cli, tmp_path, monkeypatch):
    folder = tmp_path / "plan"
    init(cli, folder, "--lisplan-source", SOURCE)
    pipeline = parse(folder / ".gitlab-ci.yml").data
    job = pipeline["lisplan-check"]
    assert job["extends"] == ".lisplan"
    assert pipeline[".lisplan"]["variables"]["LISPLAN_SOURCE"] == SOURCE
    assert pipeline["variables"]["LISPLAN_NO_CACHE"] == "1"  # a cache the repo carries is never trusted
    assert job["artifacts"]["reports"]["codequality"] == "gl-code-quality-report.json"
    (script,) = job["script"]
    report, check = script.split(" > gl-code-quality-report.json || { ")
    assert report == "lisplan check --strict --verify-signoffs --format gitlab"
    assert check == "lisplan check --strict --verify-signoffs; exit 1; }"
    code, out = run_in(cli, folder, report, monkeypatch)
    assert (code, json.loads(out)) == (0, [])


def test_without_a_known_source_ci_asks_for_the_variable(cli, tmp_path):
    folder = tmp_path / "plan"
    code, out = init(cli, folder)  # the lisplan under test is installed from a local folder
    assert code == 0, out
    assert "warning: CI cannot tell where to install lisplan from: set LISPLAN_SOURCE" in out
    install = next(
        s
        for s in parse(folder / ".github/workflows/lisplan.yml").data["jobs"]["check"]["steps"]
        if s.get("name") == "Install lisplan"
    )
    assert install["env"]["LISPLAN_SOURCE"] == "${{ vars.LISPLAN_SOURCE }}"
    assert 'if [ -z "$LISPLAN_SOURCE" ]' in install["run"] and "exit 1" in install["run"]
    assert parse(folder / ".gitlab-ci.yml").data[".lisplan"]["variables"]["LISPLAN_SOURCE"] == ""
    assert "CI stops with a message until you set it" in (folder / "README.md").read_text()


def test_pre_commit_config_uses_the_lisplan_hook(cli, tmp_path):
    init(cli, tmp_path / "remote", "--lisplan-source", SOURCE)
    remote = parse(tmp_path / "remote/.pre-commit-config.yaml").data["repos"]
    assert remote == [
        {"repo": "https://example.org/you/lisplan.git", "rev": "v0.1.0", "hooks": [{"id": "lisplan-check"}]}
    ]
    init(cli, tmp_path / "local")
    (hook,) = parse(tmp_path / "local/.pre-commit-config.yaml").data["repos"][0]["hooks"]
    ours = parse(PROJECT / ".pre-commit-hooks.yaml").data[0]
    assert hook["entry"] == ours["entry"] == "lisplan check"
    assert hook["files"] == ours["files"] == HOOK_FILES
    assert hook["language"] == "system" and hook["pass_filenames"] is False
    init(cli, tmp_path / "pypi", "--lisplan-source", "lisplan==0.1.0")
    (hook,) = parse(tmp_path / "pypi/.pre-commit-config.yaml").data["repos"][0]["hooks"]
    assert (hook["language"], hook["additional_dependencies"]) == ("python", ["lisplan==0.1.0"])


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("git+https://example.org/x/lisplan.git@v1.2", ("https://example.org/x/lisplan.git", "v1.2")),
        ("git+ssh://git@example.org/x/lisplan@0123abc#egg=lisplan", ("ssh://git@example.org/x/lisplan", "0123abc")),
        ("git+ssh://git@example.org/x/lisplan", None),  # no rev: pre-commit needs one
        ("git+https://example.org/x/lisplan@feature/y", None),
        ("lisplan==0.1.0", None),
    ],
)
def test_git_requirements_become_a_pre_commit_repo_and_rev(source, expected):
    assert git_hook_repo(source) == expected


@pytest.mark.parametrize(
    ("direct_url", "expected"),
    [
        # PEP 610's examples: what pip records for each way of installing
        (
            '{"url": "https://github.com/you/lisplan.git", "vcs_info": {"vcs": "git", "requested_revision": "v0.1.0", '
            '"commit_id": "7ca07e2d1e3d4e5f60718293a4b5c6d7e8f90a1b"}}',
            "git+https://github.com/you/lisplan.git@7ca07e2d1e3d4e5f60718293a4b5c6d7e8f90a1b",
        ),
        (None, "lisplan==0.1.0"),  # from a package index
        ('{"url": "file:///home/ola/lisplan", "dir_info": {"editable": true}}', None),
        ('{"url": "file:///home/ola/lisplan", "vcs_info": {"vcs": "git", "commit_id": "7ca07e2"}}', None),
        (
            '{"url": "https://example.org/lisplan-0.1.0-py3-none-any.whl", "archive_info": {}}',
            "https://example.org/lisplan-0.1.0-py3-none-any.whl",
        ),
        ('{"url": "file:///tmp/lisplan-0.1.0-py3-none-any.whl", "archive_info": {}}', None),
        ("not json", None),
    ],
)
def test_the_default_source_is_where_lisplan_came_from_when_others_can_use_it(direct_url, expected):
    assert source_from(direct_url, "0.1.0") == expected


# --- adding a trainee to an existing repo -----------------------------------------------------------


def test_a_second_trainee_joins_an_existing_repo(cli, tmp_path):
    folder = tmp_path / "dept"
    init(cli, folder)
    before = snapshot(folder)
    code, out = cli(
        "init", str(folder), "--trainee", "kari", "--name", "Kari", "--plan", "unn-nuk", "--start", "2025-02-03"
    )
    assert code == 0, out
    assert f"Added trainee kari to the plan repo in {folder}:" in out
    after = snapshot(folder)
    assert {k: v for k, v in after.items() if k in before} == before  # nothing else touched
    assert sorted(set(after) - set(before)) == ["data/logs/kari/2026.yaml", "data/logs/kari/trainee.yaml"]
    assert cli("check", repo=folder)[0] == 0
    for tid in ("ola-nordmann", "kari"):
        code, out = cli("status", "--trainee", tid, repo=folder)
        assert code == 0, out


def test_a_trainee_into_a_repo_without_schemas_gets_them(cli, repo):
    repo.trainee()
    code, out = cli(
        "init", str(repo.root), "--trainee", "kari", "--name", "Kari", "--plan", "ous-nuk", "--start", "2025-02-03"
    )
    assert code == 0, out
    assert (repo.root / ".lisplan/schema/trainee.json").is_file()
    assert not (repo.root / "README.md").exists() and not (repo.root / ".git").exists()
    assert cli("check", repo=repo)[0] == 0


def test_logs_without_a_profile_get_one_and_keep_their_entries(cli, repo):
    repo.log(
        2026,
        """
        - teaching: x
          date: 2026-01-05
        """,
    )
    before = (repo.root / "data/logs/lis/2026.yaml").read_bytes()
    code, out = cli("check", repo=repo)
    assert code == 1 and "lisplan init --trainee lis" in out  # the hint names the fix
    code, out = cli(
        "init", str(repo.root), "--trainee", "lis", "--name", "Lis", "--plan", "ous-nuk", "--start", "2025-02-03"
    )
    assert code == 0, out
    assert (repo.root / "data/logs/lis/2026.yaml").read_bytes() == before
    assert cli("check", repo=repo)[0] == 0


def test_in_a_git_repo_that_is_no_plan_repo_it_does_not_nest_another(cli, tmp_path):
    subprocess.run(["git", "init", "--quiet", str(tmp_path)], check=True)
    code, out = init(cli, tmp_path / "plans")
    assert code == 0, out
    assert "(git init)" not in out and not (tmp_path / "plans/.git").exists()


def test_without_git_it_still_makes_the_repo_and_says_so(cli, tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path / "no-bin"))
    code, out = init(cli, tmp_path / "plan")
    assert code == 0, out
    assert "warning: git is not installed, so the new plan repo is not a git repository yet: run git init in it" in out
    assert not (tmp_path / "plan/.git").exists()
    assert cli("check", repo=tmp_path / "plan")[0] == 0


def test_a_future_start_is_allowed_with_a_warning(cli, tmp_path):
    code, out = init(cli, tmp_path / "p", start="2027-01-04")
    assert code == 0, out
    assert "warning: the start date 2027-01-04 is in the future; lisplan check warns about it until then" in out


# --- refusals leave everything as it was ------------------------------------------------------------


def _non_empty(tmp_path: Path) -> Path:
    (tmp_path / "p").mkdir()
    (tmp_path / "p/notes.txt").write_text("mine")
    return tmp_path / "p"


def _broken_git(tmp_path: Path) -> Path:
    (tmp_path / "p").mkdir()
    (tmp_path / "p/.git").write_text("gitdir: /nowhere\n")
    return tmp_path / "p"


def _a_file(tmp_path: Path) -> Path:
    (tmp_path / "p").write_text("x")
    return tmp_path / "p"


def _inside_a_plan_repo(tmp_path: Path) -> Path:
    (tmp_path / "data/logs").mkdir(parents=True)
    return tmp_path / "data/logs/new"


@pytest.mark.parametrize(
    ("where", "args", "message", "hint"),
    [
        (
            _non_empty,
            [],
            "is not empty (notes.txt) and is not a plan repo",
            "lisplan init makes a new plan repo in an empty folder",
        ),
        (
            _broken_git,
            [],
            "/p/.git is there, but git cannot read it (fatal: not a git repository: /nowhere)",
            "repair or remove",
        ),
        (_a_file, [], "/p is a file", "give lisplan init a folder"),
        (
            _inside_a_plan_repo,
            [],
            "/data/logs/new is inside the plan repo",
            "add the trainee to that repo with lisplan init",
        ),
        (None, ["--plan", "ous-nk"], "--plan 'ous-nk': no such plan", "did you mean 'ous-nuk'?"),
        (None, ["--plan", "zzz"], "--plan 'zzz': no such plan", "the plans: ous-nuk, unn-nuk"),
        (None, ["--trainee", "Ola N"], "--trainee 'Ola N' is not an id", "use lower-case letters, digits and '-'"),
        (None, ["--trainee", FNR], "--trainee holds a Norwegian national identity number", "use a short id"),
        (None, ["--name", f"Ola {FNR}"], "--name holds a Norwegian national identity number", "use a short id"),
        (None, ["--name", " "], "--name ' ' is not a name", "on one line"),
        (None, ["--start", "2026-02-30"], "--start '2026-02-30' is not a date", "write a date as 2026-12-29"),
        (None, ["--employment", "0"], "--employment 0 is not a percentage of a position", "at most 100"),
        (None, ["--employment", "120"], "--employment 120 is not a percentage of a position", "at most 100"),
        (None, ["--goal-set", "nuk-2052"], "--goal-set 'nuk-2052': no such goal set", "did you mean 'nuk-2025'?"),
        (
            None,
            ["--lisplan-source", "git+https://x y"],
            "--lisplan-source 'git+https://x y' is not a pip requirement",
            "without spaces or quotes",
        ),
    ],
)
def test_refusals_say_why_and_write_nothing(cli, tmp_path, where, args, message, hint):
    folder = where(tmp_path) if where else tmp_path / "p"
    before = snapshot(tmp_path)
    git_before = (folder / ".git").exists() if folder.is_dir() else False
    base = {"--trainee": "ola-nordmann", "--name": "Ola Nordmann", "--plan": "ous-nuk", "--start": "2026-09-01"}
    given = dict(zip(args[::2], args[1::2], strict=True))
    argv = [str(folder)] + [x for k, v in {**base, **given}.items() for x in (k, v)]
    code, out = cli("init", *argv)
    assert code == 2, out
    assert message in out and hint in out, out
    assert snapshot(tmp_path) == before
    assert ((folder / ".git").exists() if folder.is_dir() else False) == git_before


def test_a_trainee_already_there_is_refused(cli, tmp_path):
    init(cli, tmp_path / "p")
    before = snapshot(tmp_path / "p")
    code, out = init(cli, tmp_path / "p")
    assert code == 2
    assert "trainee 'ola-nordmann' is in this plan repo already (data/logs/ola-nordmann/)" in out
    assert "lisplan status --trainee ola-nordmann" in out
    assert snapshot(tmp_path / "p") == before


def test_a_file_in_the_way_is_never_replaced(cli, repo):
    repo.trainee()
    (repo.root / "data/logs/kari").mkdir()
    (repo.root / "data/logs/kari/trainee.yaml").symlink_to(repo.root / "nowhere.yaml")  # not a trainee yet, but there
    code, out = cli(
        "init", str(repo.root), "--trainee", "kari", "--name", "Kari", "--plan", "ous-nuk", "--start", "2025-02-03"
    )
    assert code == 2
    assert "data/logs/kari/trainee.yaml exists already" in out and "lisplan init replaces nothing" in out
    assert (repo.root / "data/logs/kari/trainee.yaml").is_symlink()
    assert not (repo.root / ".lisplan").exists()


@pytest.mark.parametrize("fail_at", [1, 4, 13])
def test_a_failure_half_way_removes_what_it_made(cli, tmp_path, monkeypatch, fail_at):
    """The disk fills up at the n-th file: the folder, its files and the git init are gone again."""
    from lisplan.commands import init as init_module

    real, calls = init_module.atomic_write, []

    def failing(path, text):  # type: ignore[no-untyped-def]
        calls.append(path)
        if len(calls) == fail_at:
            raise OSError(28, "No space left on device")
        real(path, text)

    monkeypatch.setattr(init_module, "atomic_write", failing)
    code, out = init(cli, tmp_path / "new" / "plan")
    assert code == 2
    assert f"could not initialise {tmp_path / 'new' / 'plan'}: No space left on device" in out
    assert "nothing was left behind" in out
    assert list(tmp_path.iterdir()) == []


def test_a_failure_adding_a_trainee_leaves_the_repo_as_it_was(cli, tmp_path, monkeypatch):
    from lisplan.commands import init as init_module

    init(cli, tmp_path / "p")
    before = snapshot(tmp_path / "p")

    def full(path, text):  # type: ignore[no-untyped-def]
        if path.name == "2026.yaml":
            raise OSError(28, "No space left on device")
        path.write_text(text)

    monkeypatch.setattr(init_module, "atomic_write", full)
    code, out = cli(
        "init", str(tmp_path / "p"), "--trainee", "kari", "--name", "Kari", "--plan", "ous-nuk", "--start", "2025-02-03"
    )
    assert code == 2, out
    assert snapshot(tmp_path / "p") == before
    assert not (tmp_path / "p/data/logs/kari").exists()


def test_a_plan_of_the_repo_that_does_not_load_is_named_as_the_likely_reason(cli, repo):
    repo.write("data/plans/mine.yaml", "kind: plan\nid: mine\n")
    code, out = cli(
        "init", str(repo.root), "--trainee", "kari", "--name", "Kari", "--plan", "mine", "--start", "2025-02-03"
    )
    assert code == 2
    assert "--plan 'mine': no such plan" in out
    assert "keep files of this repo from loading: lisplan check shows them" in out


def test_without_dir_it_uses_repo_else_here(cli, tmp_path, monkeypatch):
    args = ("init", "--trainee", "ola", "--name", "Ola", "--plan", "ous-nuk", "--start", "2026-01-05")
    code, out = cli(*args, repo=tmp_path / "given")
    assert code == 0, out
    assert (tmp_path / "given/data/logs/ola/trainee.yaml").is_file()
    (tmp_path / "here").mkdir()
    monkeypatch.chdir(tmp_path / "here")
    code, out = cli(*args)
    assert code == 0, out
    assert (tmp_path / "here/data/logs/ola/trainee.yaml").is_file()
    assert "Next: lisplan status" in out
