"""The CI that `lisplan init` writes: valid against the published schemas of GitHub workflows
and GitLab CI, its own shell steps run locally on a repo made by init (a self-signed goal fails, a
supervisor-committed one passes, the documents are rendered), `init --upgrade-ci` and `render-all`.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import TODAY
from lisplan.commands.init_ci import CI_TEMPLATE_VERSION, ci_template_version
from lisplan.files.source import parse
from test_init import SOURCE, init

WORKFLOW = ".github/workflows/lisplan.yml"
GITLAB = ".gitlab-ci.yml"
TRAINEE = ("Ola Nordmann", "ola@example.org")
SUPERVISOR = ("Kari Veileder", "kari@example.org")
LOG = "data/logs/ola-nordmann/2026.yaml"
#: a goal's teaching and its sign-off by Kari, the supervisor listed in the profile (below); a common goal
#: (fkm-2026), which ous-nuk's readiness rules (000: 6/12/18 months, by section) do not hold back
SIGNOFF = """\
entries:
  - teaching: Skjelettscintigrafi
    date: 2026-11-01
    goals: [FKM-001]
  - signoff: FKM-001
    date: 2026-11-02
    by: kari-veileder
"""


def git(root: Path, *args: str, who: tuple[str, str] = TRAINEE) -> str:
    """git in ``root`` as ``who`` (author and committer), as tests/test_signoff_verify.py does."""
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": who[0],
        "GIT_AUTHOR_EMAIL": who[1],
        "GIT_COMMITTER_NAME": who[0],
        "GIT_COMMITTER_EMAIL": who[1],
    }
    done = subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, check=True, env=env)
    return done.stdout


def new_repo(cli, folder: Path, *more: str) -> Path:  # type: ignore[no-untyped-def]
    code, out = init(cli, folder, *more)
    assert code == 0, out
    return folder


# --- the files are valid CI configuration ------------------------------------------------------------


def check_jsonschema(schema: str, *files: Path) -> subprocess.CompletedProcess[str]:
    """check-jsonschema against the schema it vendors (no network): SchemaStore's github-workflows.json
    and GitLab's own ci.json, as published."""
    return subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema", f"vendor.{schema}", *map(str, files)],
        capture_output=True,
        text=True,
    )


def test_the_ci_files_are_valid_against_the_published_schemas(cli, tmp_path, monkeypatch):
    plain = new_repo(cli, tmp_path / "plain")  # no known source: CI reads the repository variable
    pages = new_repo(cli, tmp_path / "pages", "--lisplan-source", SOURCE)
    config = pages / "lisplan.yaml"
    config.write_text(config.read_text().replace("pages: false", "pages: true"))
    assert cli("init", "--upgrade-ci", str(pages))[0] == 0
    assert "pages" in parse(pages / WORKFLOW).data["jobs"]
    for schema, rel in (("github-workflows", WORKFLOW), ("gitlab-ci", GITLAB)):
        done = check_jsonschema(schema, plain / rel, pages / rel)
        assert done.returncode == 0, done.stdout + done.stderr
    # and the validator does reject what the schema forbids (a job without runs-on or uses)
    broken = tmp_path / "broken.yml"
    broken.write_text((plain / WORKFLOW).read_text().replace("runs-on: ubuntu-latest", "runs_on: ubuntu-latest"))
    assert check_jsonschema("github-workflows", broken).returncode == 1


def test_ci_checks_strictly_over_the_full_history_without_a_cache(cli, tmp_path):
    folder = new_repo(cli, tmp_path / "plan", "--lisplan-source", SOURCE)
    workflow = parse(folder / WORKFLOW).data
    assert set(workflow["on"]) == {"push", "pull_request", "workflow_dispatch"}
    assert workflow["on"]["push"]["branches"] == ["main", "master"]
    assert workflow["env"]["LISPLAN_NO_CACHE"] == "1"
    steps = workflow["jobs"]["check"]["steps"]
    assert steps[0] == {"uses": "actions/checkout@v4", "with": {"fetch-depth": 0}}
    assert {"name": "lisplan check", "run": "lisplan check --strict --verify-signoffs --format github"} in steps
    gitlab = parse(folder / GITLAB).data
    assert gitlab["variables"] == {"GIT_DEPTH": "0", "LISPLAN_NO_CACHE": "1"}
    assert gitlab["lisplan-check"]["script"] == [
        "lisplan check --strict --verify-signoffs --format gitlab > gl-code-quality-report.json"
        " || { lisplan check --strict --verify-signoffs; exit 1; }"
    ]
    assert gitlab["lisplan-check"]["artifacts"]["reports"]["codequality"] == "gl-code-quality-report.json"
    # the pre-commit hook stays the plain, offline check, and the repo's README says why
    (hook,) = parse(folder / ".pre-commit-config.yaml").data["repos"][0]["hooks"]
    assert hook["id"] == "lisplan-check" and "args" not in hook
    readme = (folder / "README.md").read_text()
    assert "The pre-commit hook** stays fast and offline" in readme
    # Pages may be public while the site holds every trainee's progress: the README says so plainly
    assert "**A Pages site may be public even\nwhen the repository is private**" in readme
    assert "this site holds every trainee's progress" in readme


# --- the workflow's own shell steps, run locally ------------------------------------------------------


def github_steps(folder: Path, event: str) -> tuple[list[str], dict[str, str]]:
    """The `run:` steps of the generated workflow's check job that run on ``event``, and its env.

    The install step is left out: the lisplan under test is on PATH instead. The only `if:` the
    template uses is whether the event is a pull request; any other makes this test say so.
    """
    workflow = parse(folder / WORKFLOW).data
    runs = []
    for step in workflow["jobs"]["check"]["steps"]:
        if "run" not in step or step.get("name") == "Install lisplan":
            continue
        condition = step.get("if")
        assert condition in (None, "github.event_name != 'pull_request'"), condition
        if condition is None or event != "pull_request":
            runs.append(step["run"])
    return runs, workflow["env"]


def gitlab_script(folder: Path, job: str) -> tuple[str, dict[str, str]]:
    """A generated GitLab job's `script:` (its before_script installs lisplan: left out), and its variables."""
    pipeline = parse(folder / GITLAB).data
    return "\n".join(pipeline[job]["script"]), pipeline["variables"]


def bash(folder: Path, script: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """``script`` as the runner runs it: bash, stopping at the first failing command, lisplan on PATH."""
    path = f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"
    return subprocess.run(
        ["bash", "-e", "-o", "pipefail", "-c", script],
        cwd=folder,
        capture_output=True,
        text=True,
        env={**os.environ, **env, "PATH": path, "LISPLAN_TODAY": TODAY},
    )


@pytest.fixture
def plan_repo(cli, tmp_path) -> Path:  # type: ignore[no-untyped-def]
    """A repo made by init, with the trainee's and her supervisor's e-mails, committed by the trainee."""
    folder = new_repo(cli, tmp_path / "plan", "--lisplan-source", SOURCE)
    profile = folder / "data/logs/ola-nordmann/trainee.yaml"
    text = profile.read_text()
    text = text.replace("email: null", f"email: {TRAINEE[1]}")
    text = text.replace(
        "supervisors: []", f"supervisors: [{{id: kari-veileder, name: {SUPERVISOR[0]}, email: {SUPERVISOR[1]}}}]"
    )
    profile.write_text(text)
    git(folder, "config", "commit.gpgsign", "false")
    git(folder, "add", "-A")
    git(folder, "commit", "-q", "-m", "Start ola-nordmann's plan")
    return folder


def sign_off(folder: Path, who: tuple[str, str]) -> None:
    log = folder / LOG
    log.write_text(log.read_text().replace("entries: []\n", SIGNOFF))
    git(folder, "commit", "-q", "-am", "FKM-001 signed off", who=who)


def test_the_workflow_fails_a_self_signed_goal_on_a_pull_request(plan_repo):
    sign_off(plan_repo, TRAINEE)
    runs, env = github_steps(plan_repo, "pull_request")
    assert runs == ["lisplan check --strict --verify-signoffs --format github"]  # no documents for a PR
    done = bash(plan_repo, "\n".join(runs), env)
    assert done.returncode == 1, done.stdout + done.stderr
    assert done.stdout.startswith(f"::error file={LOG},line=9,col=5,title=lisplan signoff-by-trainee::")
    # GitLab's job fails the same way, with the problem in the code-quality report and in its log
    script, variables = gitlab_script(plan_repo, "lisplan-check")
    done = bash(plan_repo, script, variables)
    assert done.returncode == 1
    report = json.loads((plan_repo / "gl-code-quality-report.json").read_text())
    assert [(r["check_name"], r["location"]) for r in report] == [
        ("lisplan signoff-by-trainee", {"path": LOG, "lines": {"begin": 9}})
    ]
    assert f"{LOG}:9:5: error[signoff-by-trainee]" in done.stdout


def test_a_supervisor_committed_goal_passes_and_the_documents_are_rendered(plan_repo, tmp_path):
    sign_off(plan_repo, SUPERVISOR)
    runs, env = github_steps(plan_repo, "push")
    output = tmp_path / "github-output"
    done = bash(plan_repo, "\n".join(runs), {**env, "GITHUB_OUTPUT": str(output)})
    assert done.returncode == 0, done.stdout + done.stderr
    documents = plan_repo / "lisplan-documents"
    rendered = sorted(p.relative_to(documents).as_posix() for p in documents.rglob("*") if p.is_file())
    assert rendered == [
        f"cohort-{TODAY}.html",
        f"ola-nordmann-{TODAY}/plan.html",
        f"ola-nordmann-{TODAY}/plan.md",
    ]
    # in the repo's language (lisplan.yaml says nb), and FKM-001 approved: the supervisor's sign-off counts
    review = (documents / f"ola-nordmann-{TODAY}/plan.md").read_text()
    assert "Ola Nordmann" in review and "FKM-001" in review
    (date,) = output.read_text().splitlines()
    assert date.startswith("date=20")  # names the artifact lisplan-documents-<date>
    uploads = [
        s["with"]
        for s in parse(plan_repo / WORKFLOW).data["jobs"]["check"]["steps"]
        if "upload-artifact" in s.get("uses", "")
    ]
    assert uploads == [
        {
            "name": "lisplan-documents-${{ steps.documents.outputs.date }}",
            "path": "lisplan-documents/",
            "if-no-files-found": "error",
        },
        {
            "name": "lisplan-site-${{ steps.documents.outputs.date }}",
            "path": "lisplan-site/",
            "if-no-files-found": "error",
        },
    ]
    site = plan_repo / "lisplan-site"
    assert (site / "ola-nordmann" / "index.html").is_file()
    assert '<a href="ola-nordmann/index.html">Ola Nordmann</a>' in (site / "index.html").read_text()
    # GitLab: the check passes, then the documents job renders the same files, and the site job the site
    shutil.rmtree(site)
    for job in ("lisplan-check", "lisplan-documents", "lisplan-site"):
        script, variables = gitlab_script(plan_repo, job)
        done = bash(plan_repo, script, variables)
        assert done.returncode == 0, job + done.stdout + done.stderr
    assert parse(plan_repo / GITLAB).data["lisplan-documents"]["artifacts"]["paths"] == ["lisplan-documents/"]
    assert parse(plan_repo / GITLAB).data["lisplan-site"]["artifacts"]["paths"] == ["lisplan-site/"]
    assert (site / "index.html").is_file()


# --- init --upgrade-ci: only the files lisplan wrote ---------------------------------------------------

#: .gitlab-ci.yml as lisplan init wrote it before this version (template 1: no marker line, no
#: --verify-signoffs, a shallow clone), with a source pinned to an older tag
GITLAB_V1 = """\
# lisplan check on every push and merge request; problems appear in the merge request's
# code-quality widget. Written by `lisplan init`.
lisplan-check:
  image: python:3.12   # has git, which pip needs for a git+ requirement
  variables:
    LISPLAN_SOURCE: "git+https://example.org/you/lisplan.git@v0.0.9"
  before_script:
    - python -m pip install --quiet "$LISPLAN_SOURCE"
  script:
    - lisplan check --format gitlab > gl-code-quality-report.json || true
    - lisplan check
"""
#: a workflow of the department's own, at the path lisplan writes to
OWN_WORKFLOW = """\
# our own workflow
name: lisplan
on: push
jobs:
  check:
    runs-on: ubuntu-latest
    steps:
      - run: echo ours
"""


def test_ci_files_carry_the_marker_line_with_the_template_version(cli, tmp_path):
    folder = new_repo(cli, tmp_path / "plan")
    for rel in (WORKFLOW, GITLAB):
        first = (folder / rel).read_text().splitlines()[0]
        assert first.startswith(f"# lisplan-ci-template: {CI_TEMPLATE_VERSION} (written by `lisplan init`;")
        assert ci_template_version((folder / rel).read_text()) == CI_TEMPLATE_VERSION
    assert ci_template_version(GITLAB_V1) == 1
    assert ci_template_version(OWN_WORKFLOW) is None


def test_upgrade_ci_rewrites_the_files_lisplan_wrote_and_leaves_the_others_alone(cli, tmp_path):
    folder = new_repo(cli, tmp_path / "plan")
    (folder / GITLAB).write_text(GITLAB_V1)
    (folder / WORKFLOW).write_text(OWN_WORKFLOW)
    # a new trainee in the existing repo: CI files are left as they are, the outdated one is named
    code, out = init(cli, folder, trainee="kari-nordmann")
    assert code == 0, out
    assert (
        "warning: .gitlab-ci.yml was written by an earlier lisplan init (CI template 1, this lisplan writes "
        f"{CI_TEMPLATE_VERSION}): lisplan init --upgrade-ci rewrites it and shows the diff"
    ) in out
    assert (folder / GITLAB).read_text() == GITLAB_V1
    assert (folder / WORKFLOW).read_text() == OWN_WORKFLOW

    code, out = cli("init", "--upgrade-ci", str(folder))
    assert code == 0, out
    assert f".gitlab-ci.yml: rewritten to CI template {CI_TEMPLATE_VERSION} (it had 1)\n" in out
    assert "-    - lisplan check --format gitlab > gl-code-quality-report.json || true\n" in out
    assert '+  GIT_DEPTH: "0"' in out
    assert (
        ".github/workflows/lisplan.yml: left alone: lisplan did not write it "
        "(no '# lisplan-ci-template:' line at its top)"
    ) in out
    assert (folder / WORKFLOW).read_text() == OWN_WORKFLOW
    pipeline = parse(folder / GITLAB).data
    assert "--verify-signoffs" in pipeline["lisplan-check"]["script"][0]
    # the lisplan under test cannot tell where it was installed from: the old file's source is kept
    assert pipeline[".lisplan"]["variables"]["LISPLAN_SOURCE"] == "git+https://example.org/you/lisplan.git@v0.0.9"
    # a file from a newer lisplan's templates is never downgraded
    newer = (
        (folder / GITLAB)
        .read_text()
        .replace(f"lisplan-ci-template: {CI_TEMPLATE_VERSION}", "lisplan-ci-template: 99", 1)
    )
    (folder / WORKFLOW).write_text(newer)
    code, out = cli("init", "--upgrade-ci", str(folder))
    assert ".github/workflows/lisplan.yml: left alone: a newer lisplan wrote it (CI template 99)" in out
    assert (folder / WORKFLOW).read_text() == newer
    # a second run finds it current
    code, out = cli(
        "init", "--upgrade-ci", str(folder), "--lisplan-source", "git+https://example.org/you/lisplan.git@v0.0.9"
    )
    assert code == 0
    assert f".gitlab-ci.yml: up to date (CI template {CI_TEMPLATE_VERSION})\n" in out


def test_upgrade_ci_follows_pages_in_lisplan_yaml(cli, tmp_path):
    folder = new_repo(cli, tmp_path / "plan", "--lisplan-source", SOURCE)
    config = folder / "lisplan.yaml"
    config.write_text(config.read_text().replace("pages: false", "pages: true"))
    code, out = cli("init", "--upgrade-ci", str(folder))
    assert code == 0, out
    assert "+    - lisplan site public --publish\n" in out
    assert parse(folder / GITLAB).data["pages"]["artifacts"]["paths"] == ["public"]
    workflow = parse(folder / WORKFLOW).data
    assert workflow["jobs"]["pages"]["steps"] == [{"id": "deployment", "uses": "actions/deploy-pages@v4"}]
    assert workflow["jobs"]["pages"]["permissions"] == {"pages": "write", "id-token": "write"}
    # turned off again: the publishing jobs go
    config.write_text(config.read_text().replace("pages: true", "pages: false"))
    assert cli("init", "--upgrade-ci", str(folder))[0] == 0
    assert "pages" not in parse(folder / GITLAB).data
    assert "pages" not in parse(folder / WORKFLOW).data["jobs"]


def test_upgrade_ci_usage_errors(cli, tmp_path):
    folder = new_repo(cli, tmp_path / "plan")
    code, out = cli("init", str(folder), "--upgrade-ci", "--trainee", "kari-nordmann")
    assert code == 2
    assert "error: --upgrade-ci takes no trainee" in out
    code, out = cli("init", str(tmp_path / "elsewhere"), "--trainee", "kari-nordmann")
    assert code == 2
    assert "error: Missing option --name, --plan, --start" in out
    (tmp_path / "empty").mkdir()
    code, out = cli("init", "--upgrade-ci", str(tmp_path / "empty"))
    assert code == 2
    assert f"error: {tmp_path / 'empty'} is not a plan repo" in out
    (folder / "lisplan.yaml").write_text("kind: config\npages: maybe\n")
    code, out = cli("init", "--upgrade-ci", str(folder))
    assert code == 2
    assert "error: lisplan.yaml has errors, so lisplan cannot tell whether CI publishes pages" in out


# --- render-all ------------------------------------------------------------------------------------------


def test_render_all_writes_a_site_only_when_lisplan_yaml_publishes_one(cli, tmp_path, monkeypatch):
    folder = new_repo(cli, tmp_path / "plan")
    monkeypatch.chdir(folder)
    code, out = cli("render-all", "public", "--site")
    assert code == 1
    assert "error: --site: lisplan.yaml does not publish a site (pages: true is not set)" in out
    assert not (folder / "public").exists()
    config = folder / "lisplan.yaml"
    config.write_text(config.read_text().replace("pages: false", "pages: true").replace("language: nb", "language: en"))
    code, out = cli("render-all", "public", "--site")
    assert code == 0, out
    assert out.splitlines()[0] == "Wrote 4 documents to public:"
    index = (folder / "public/index.html").read_text()
    assert f'<a href="ola-nordmann-{TODAY}/plan.html">' in index and f'<a href="cohort-{TODAY}.html">' in index
    # language: en in lisplan.yaml renders English, as render --lang en does
    code, _ = cli("render", "english.md", "--lang", "en")
    assert code == 0
    assert (folder / f"public/ola-nordmann-{TODAY}/plan.md").read_text() == (folder / "english.md").read_text()


def test_site_publishes_only_when_lisplan_yaml_says_pages(cli, tmp_path, monkeypatch):
    folder = new_repo(cli, tmp_path / "plan")
    monkeypatch.chdir(folder)
    code, out = cli("site", "public", "--publish")
    assert code == 1
    assert "error: --publish: lisplan.yaml does not publish a site (pages: true is not set)" in out
    assert "set pages: true in lisplan.yaml to publish, or drop --publish" in out
    assert not (folder / "public").exists()
    config = folder / "lisplan.yaml"
    config.write_text(config.read_text().replace("pages: false", "pages: true"))
    assert cli("site", "public", "--publish")[0] == 0
    assert (folder / "public" / "ola-nordmann" / "index.html").is_file()


def test_render_all_leaves_out_a_trainee_whose_files_have_errors(cli, tmp_path, monkeypatch):
    folder = new_repo(cli, tmp_path / "plan")
    assert init(cli, folder, trainee="kari-nordmann")[0] == 0
    log = folder / "data/logs/kari-nordmann/2026.yaml"
    log.write_text(
        log.read_text().replace("entries: []", "entries:\n  - teaching: x\n    date: 2026-01-05\n    goalz: []")
    )
    monkeypatch.chdir(folder)
    code, out = cli("render-all", "documents")
    assert code == 1
    assert "warning: kari-nordmann left out: their files have errors (lisplan check shows them)" in out
    assert sorted(p.name for p in (folder / "documents").iterdir()) == [f"cohort-{TODAY}.html", f"ola-nordmann-{TODAY}"]
