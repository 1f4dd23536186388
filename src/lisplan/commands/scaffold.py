"""``lisplan init``: a new plan repo, or a new trainee in an existing one.

A new repo gets the trainee's profile and this year's log, ``lisplan.yaml``, a README, CI for GitHub
and GitLab, a pre-commit configuration and the JSON Schemas its files point to; an existing plan repo
gets the trainee's files only. Everything is decided and rendered before the first byte is written,
files that exist are never replaced, and a failure half-way removes whatever this run made (files,
folders, the ``git init``), so a folder is either initialised or left as it was.

The CI files start with a marker line, ``# lisplan-ci-template: N …``: that is how lisplan knows it wrote
a file, and from which version of its templates. ``lisplan init --upgrade-ci`` rewrites the files that
carry it (or the line an earlier lisplan wrote, template 1) and leaves every other CI file alone.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import difflib
import json
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lisplan.core.i18n import _, language, ngettext
from lisplan.core.i18n import date as show_date
from lisplan.core.identity import find_identity_numbers
from lisplan.core.suggest import did_you_mean
from lisplan.files import gitops
from lisplan.files import repo as repo_files
from lisplan.files.atomic import atomic_write
from lisplan.files.paths import leads_out, safe_to_read
from lisplan.models import Log, Trainee
from lisplan.models.goals import GoalSet
from lisplan.models.plan import Plan
from lisplan.present.output import CiFile, CiUpgrade, Initialised
from lisplan.present.render import fill
from lisplan.present.schema import SCHEMA_DIR, modeline_for, schemas

if TYPE_CHECKING:
    from lisplan.load.workspace import Workspace

#: A new trainee's id, as the README gives it: lower-case letters, digits and '-' (it names a folder
#: and appears in file names, so no '.', '_' or length a file system refuses).
TRAINEE_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
MAX_ID = 64

#: The files the pre-commit hook runs for (lisplan's own .pre-commit-hooks.yaml says the same).
HOOK_FILES = r"^(lisplan\.yaml|data/.+\.ya?ml)$"
#: What CI checks: warnings fail (--strict), and git history proves each sign-off (--verify-signoffs).
CHECK_CI = "lisplan check --strict --verify-signoffs"
CHECK_GITHUB = f"{CHECK_CI} --format github"
CHECK_GITLAB = f"{CHECK_CI} --format gitlab"
#: Where CI renders the review documents on the main branch (``lisplan render-all``).
DOCUMENTS_DIR = "lisplan-documents"
#: Where CI builds the department's site on the main branch (``lisplan site``).
SITE_DIR = "lisplan-site"
#: The version of the CI templates, in the marker line that starts each CI file ``init`` writes.
CI_TEMPLATE_VERSION = 3
CI_MARKER = "# lisplan-ci-template:"
#: What the CI files of template 1 said instead of the marker (lisplan before --upgrade-ci).
CI_MARKER_V1 = "Written by `lisplan init`."
#: The CI files: (template, path in the repo); ``--upgrade-ci`` rewrites these and only these.
CI_TEMPLATES = (
    ("github-workflow.yml.j2", ".github/workflows/lisplan.yml"),
    ("gitlab-ci.yml.j2", ".gitlab-ci.yml"),
)
#: Files of a new repo besides the trainee's: (template, path in the repo).
REPO_TEMPLATES = (
    ("lisplan.yaml.j2", repo_files.CONFIG_NAME),
    ("README.md.j2", "README.md"),
    *CI_TEMPLATES,
    ("pre-commit-config.yaml.j2", ".pre-commit-config.yaml"),
)


@dataclass
class InitRefused(Exception):
    """``lisplan init`` cannot do what was asked; nothing was written (or what was, is removed again)."""

    message: str
    hint: str = ""

    def __str__(self) -> str:
        return self.message


@dataclass
class NewTrainee:
    id: str
    name: str
    plan: str
    start: dt.date
    employment: float = 100
    goal_sets: list[str] = field(default_factory=list)  # empty: the plan's sets in force at the start


# --- what to write --------------------------------------------------------------------------------


def check_trainee(t: NewTrainee, today: dt.date) -> list[str]:
    """Refuse what cannot go into a profile; the warnings for what may but looks wrong."""
    for option, value in (("--trainee", t.id), ("--name", t.name)):
        if any(find_identity_numbers(value)):
            raise InitRefused(
                _("{option} holds a Norwegian national identity number").format(option=option),
                _("a plan repo never holds identity numbers: use a short id such as ola-nordmann"),
            )
    if not TRAINEE_ID.match(t.id) or len(t.id) > MAX_ID:
        raise InitRefused(
            _("--trainee {id!r} is not an id").format(id=t.id),
            _(
                "use lower-case letters, digits and '-' (at most {n}), e.g. ola-nordmann "
                "(it names the folder data/logs/<id>/)"
            ).format(n=MAX_ID),
        )
    if not t.name.strip() or "\n" in t.name or "\r" in t.name:
        raise InitRefused(
            _("--name {name!r} is not a name").format(name=t.name),
            _('give the trainee\'s name on one line, e.g. "Ola Nordmann"'),
        )
    if not 0 < t.employment <= 100:
        raise InitRefused(
            _("--employment {percent} is not a percentage of a position").format(percent=f"{t.employment:g}"),
            _("give a number above 0, at most 100 (100 is full time)"),
        )
    if t.start > today:
        return [
            _("the start date {date} is in the future; lisplan check warns about it until then").format(
                date=show_date(t.start)
            )
        ]
    return []


#: Where a part of a requirement starts: a '-' there is an option to pip or git, not a name
#: (``-r file``, ``--upload-pack=…`` in a revision that pre-commit hands to git).
_PART_START = re.compile(r"(?:^|[@#/=:,;?&+])-")


def check_source(source: str | None) -> None:
    if source is None:
        return
    if not source.strip() or any(c.isspace() or c in "'\"`$\\" for c in source):
        raise InitRefused(
            _("--lisplan-source {source!r} is not a pip requirement lisplan can write into CI").format(source=source),
            _("give one word without spaces or quotes, e.g. git+https://example.org/you/lisplan@v0.1.0"),
        )
    if _PART_START.search(source):
        raise InitRefused(
            _(
                "--lisplan-source {source!r} has a part that starts with '-', which pip or git would run as an option"
            ).format(source=source),
            _(
                "give a package, URL or revision that does not start with '-', e.g. "
                "git+https://example.org/you/lisplan@v0.1.0"
            ),
        )
    if any(find_identity_numbers(source)):
        raise InitRefused(
            _("--lisplan-source holds a Norwegian national identity number"),
            _("a plan repo never holds identity numbers: give the package, URL or revision lisplan comes from"),
        )


def installed_source() -> str | None:
    """Where the running lisplan came from, as a pinned pip requirement, if that can be told honestly."""
    from importlib import metadata

    try:
        dist = metadata.distribution("lisplan")
    except metadata.PackageNotFoundError:
        return None
    return source_from(dist.read_text("direct_url.json"), dist.version)


def source_from(direct_url: str | None, version: str) -> str | None:
    """A pip requirement from an installed package's ``direct_url.json`` (PEP 610).

    Installed from git (``pip install git+URL@REV``): that URL at the exact commit; from a wheel or
    sdist on the web: its URL; from a package index (no direct_url.json): ``lisplan==<version>``. From a
    local folder, file or git repository: None, since no CI runner can install from the trainee's disk.
    """
    if direct_url is None:
        return f"lisplan=={version}"
    try:
        direct = json.loads(direct_url)
    except ValueError:
        return None
    vcs = direct.get("vcs_info") or {} if isinstance(direct, dict) else {}
    url = direct.get("url", "") if isinstance(direct, dict) else ""
    if not url or url.startswith("file:"):
        return None
    if vcs.get("vcs") == "git" and vcs.get("commit_id"):
        return f"git+{url}@{vcs['commit_id']}"
    if isinstance(direct, dict) and "archive_info" in direct:
        return url
    return None


def git_hook_repo(source: str | None) -> tuple[str, str] | None:
    """``git+URL@REV`` → (URL, REV), for a pre-commit ``repo:``/``rev:``; None for any other requirement."""
    if not source or not source.startswith("git+"):
        return None
    url, at, rev = source[len("git+") :].split("#", 1)[0].rpartition("@")
    if not at or not rev or "/" in rev or not url or url.endswith(":/"):
        return None
    return url, rev


def goal_sets_for(plan: Plan, sets: dict[str, GoalSet], start: dt.date) -> tuple[list[str], str]:
    """The plan's goal sets a trainee starting on ``start`` is measured against, and why.

    Per specialty: the set in force on the start date; if none is, the first to come into force after
    it (the earlier set has no codes in any source lisplan ships, e.g. the common goals before 2026).
    """
    chosen: dict[str, str] = {}
    why: list[str] = []
    for specialty in dict.fromkeys(sets[s].specialty for s in plan.goal_sets if s in sets):
        mine = [sets[s] for s in plan.goal_sets if s in sets and sets[s].specialty == specialty]
        in_force = [
            g
            for g in mine
            if (g.in_force.from_ is None or g.in_force.from_ <= start)
            and (g.in_force.until is None or start <= g.in_force.until)
        ]
        later = sorted(
            (g for g in mine if g.in_force.from_ and g.in_force.from_ > start),
            key=lambda g: g.in_force.from_ or dt.date.min,
        )
        pick = in_force[-1] if in_force else later[0] if later else None
        if pick is not None:
            chosen[specialty] = pick.id
            why.append(
                _("{id} in force on the start date").format(id=pick.id)
                if pick in in_force
                else _("{id} from {date} (it applies from then; none in force on the start date)").format(
                    id=pick.id, date=pick.in_force.from_
                )
            )
    return list(chosen.values()), _("start {date}: {why}").format(date=start, why="; ".join(why))


@dataclass
class _Plan:
    """Everything one run will write, decided before anything is."""

    root: Path
    new_repo: bool
    files: dict[str, str]  # path relative to root → text
    git_init: bool = False
    warnings: list[str] = field(default_factory=list)


def prepare(folder: Path, t: NewTrainee, *, today: dt.date, source: str | None) -> _Plan:
    """Decide what ``lisplan init`` writes into ``folder``; raises :class:`InitRefused`, writes nothing."""
    from lisplan.load.loader import load

    warnings = check_trainee(t, today)
    check_source(source)
    folder = folder.expanduser().absolute()
    new_repo = _new_or_existing(folder)
    loaded = load(None if new_repo else folder, logs=False)
    ws = loaded.workspace
    plan = ws.plans.get(t.plan)
    if plan is None:
        broken = sum(p.is_error for p in loaded.problems)
        hint = did_you_mean(t.plan, ws.plans) or _("the plans: {ids}").format(
            ids=", ".join(sorted(ws.plans)) or _("none")
        )
        raise InitRefused(
            _("--plan {plan!r}: no such plan").format(plan=t.plan),
            hint
            + (
                " "
                + ngettext(
                    "({n} problem keeps files of this repo from loading: lisplan check shows it)",
                    "({n} problems keep files of this repo from loading: lisplan check shows them)",
                    broken,
                ).format(n=broken)
                if broken
                else ""
            ),
        )
    if t.goal_sets:
        for sid in t.goal_sets:
            if sid not in ws.goal_sets:
                raise InitRefused(
                    _("--goal-set {id!r}: no such goal set").format(id=sid),
                    did_you_mean(sid, ws.goal_sets)
                    or _("the goal sets: {ids}").format(ids=", ".join(sorted(ws.goal_sets))),
                )
        sets, why = list(t.goal_sets), _("as given to lisplan init")
    else:
        sets, why = goal_sets_for(plan, ws.goal_sets, t.start)
    has_logs = not new_repo and t.id in repo_files.trainee_ids(folder)
    profiles = [folder / "data" / "logs" / t.id / f"{repo_files.PROFILE_NAME}{s}" for s in repo_files.YAML_SUFFIXES]
    if has_logs and any(p.exists() for p in profiles):
        raise InitRefused(
            _("trainee {id!r} is in this plan repo already (data/logs/{id}/)").format(id=t.id),
            _("choose another id, or see where {id} stands with lisplan status --trainee {id}").format(id=t.id),
        )
    files = _repo_files(folder, t, plan, today, source, _example_goal(ws, plan, sets, today)) if new_repo else {}
    if new_repo or not (folder / SCHEMA_DIR).exists():
        files.update(
            {
                (SCHEMA_DIR / name).as_posix(): json.dumps(s, ensure_ascii=False, indent=2) + "\n"
                for name, s in schemas().items()
            }
        )
    mine = _trainee_files(folder, t, plan, sets, why, today)
    if has_logs:  # logs without a profile (check's no-profile): write the profile, keep the logs as they are
        mine = {rel: text for rel, text in mine.items() if not (folder / rel).exists()}
    files.update(mine)
    for rel, text in files.items():  # what init writes from its options (--lisplan-source reaches CI and README)
        if any(find_identity_numbers(text)):
            raise InitRefused(
                _("{file} would hold a Norwegian national identity number (from the options given)").format(file=rel),
                _("a plan repo never holds identity numbers: check --name, --trainee and --lisplan-source"),
            )
    if not new_repo:
        warnings += _outdated_ci(folder)
    there = [rel for rel in files if (folder / rel).exists() or (folder / rel).is_symlink()]
    if there:
        raise InitRefused(
            ngettext(
                "{files} exists already in {folder}; lisplan init replaces nothing",
                "{files} exist already in {folder}; lisplan init replaces nothing",
                len(there),
            ).format(files=", ".join(there), folder=folder),
            _("move them away, or choose another folder"),
        )
    return _Plan(folder, new_repo, files, git_init=new_repo and _needs_git_init(folder, warnings), warnings=warnings)


def _new_or_existing(folder: Path) -> bool:
    """True for a folder to make a new repo in; False for an existing plan repo to add a trainee to."""
    if folder.exists() and not folder.is_dir():
        raise InitRefused(
            _("{folder} is a file").format(folder=folder), _("give lisplan init a folder (it is made if missing)")
        )
    if folder.is_dir() and repo_files.is_repo(folder):
        return False
    with contextlib.suppress(repo_files.RepoNotFound):
        outer = repo_files.find_root(folder)
        raise InitRefused(
            _("{folder} is inside the plan repo {repo}").format(folder=folder, repo=outer),
            _("add the trainee to that repo with lisplan init {repo} …, or make the new repo somewhere else").format(
                repo=outer
            ),
        )
    inside = sorted(p.name for p in folder.iterdir() if p.name != ".git") if folder.is_dir() else []
    if inside:
        shown = ", ".join(inside[:5])
        if len(inside) > 5:
            shown = _("{names} and {n} more").format(names=shown, n=len(inside) - 5)
        raise InitRefused(
            _("{folder} is not empty ({names}) and is not a plan repo").format(folder=folder, names=shown),
            _(
                "lisplan init makes a new plan repo in an empty folder (or a fresh git clone), or adds a "
                "trainee to a plan repo (one with lisplan.yaml or data/logs/): give another folder"
            ),
        )
    return True


def _needs_git_init(folder: Path, warnings: list[str]) -> bool:
    probe = next(p for p in (folder, *folder.parents) if p.is_dir())
    try:
        return gitops.work_tree(probe) is None
    except gitops.GitError as e:
        if e.missing:
            warnings.append(
                _("git is not installed, so the new plan repo is not a git repository yet: run git init in it")
            )
            return False
        raise InitRefused(
            str(e), _("repair or remove {folder}, then run lisplan init again").format(folder=probe / ".git")
        ) from None


def _trainee_files(root: Path, t: NewTrainee, plan: Plan, sets: list[str], why: str, today: dt.date) -> dict[str, str]:
    from lisplan.commands.recording import log_header

    folder = Path("data") / "logs" / t.id
    profile = folder / f"{repo_files.PROFILE_NAME}.yaml"
    log = repo_files.year_log(root / folder, today.year).relative_to(root)
    employment = int(t.employment) if t.employment == int(t.employment) else t.employment
    profile_text = _render(
        "trainee.yaml.j2",
        modeline=modeline_for("trainee", root / profile, root),
        trainee=t,
        employment=employment,
        plan=plan,
        goal_sets=sets,
        goal_sets_why=why,
    )
    log_text = log_header(t.id, today.year, modeline_for("log", root / log, root))
    _must_be_valid(profile_text, Trainee, profile)
    _must_be_valid(log_text, Log, log)
    return {profile.as_posix(): profile_text, log.as_posix(): log_text}


def _example_goal(ws: Workspace, plan: Plan, sets: list[str], today: dt.date) -> str:
    """The goal the new repo's README shows in its examples: one of the trainee's goal sets as they are
    in force today (a replaced set gives way to the set that replaced it, so never a code of the old
    set), the first the plan gives activities for, else the first of those sets."""
    from lisplan.load.workspace import GoalInfo

    current = list(dict.fromkeys(ws.set_as_of(s, today) for s in sets if s in ws.goal_sets))
    for ga in plan.goal_activities:
        found = ws.resolve_goal(ga.goal, current)
        if isinstance(found, GoalInfo) and found.set_id in current:  # set:code names its set, whichever
            return found.code
    goals = ws.goals_in_sets(current)
    return goals[0].code if goals else "GOAL"


def _repo_files(
    root: Path, t: NewTrainee, plan: Plan, today: dt.date, source: str | None, example_goal: str
) -> dict[str, str]:
    hook = git_hook_repo(source)
    context: dict[str, Any] = {
        **_ci_context(source, pages=False),  # a new lisplan.yaml publishes no pages
        "trainee": t,
        "plan": plan,
        "today": today.isoformat(),
        "hook_repo": hook[0] if hook else None,
        "hook_rev": hook[1] if hook else None,
        "hook_files": HOOK_FILES,
        "modeline": modeline_for("config", root / repo_files.CONFIG_NAME, root),
        "language": language(),
        "example_goal": example_goal,
    }
    return {path: _render(template, **context) for template, path in REPO_TEMPLATES}


def _ci_context(source: str | None, *, pages: bool) -> dict[str, Any]:
    """What the CI templates are rendered with (the README shares ``source``)."""
    return {
        "ci_marker": f"{CI_MARKER} {CI_TEMPLATE_VERSION}",
        "source": source or "",
        "github_source": f"${{{{ vars.LISPLAN_SOURCE || '{source}' }}}}" if source else "${{ vars.LISPLAN_SOURCE }}",
        "check_command": CHECK_GITHUB,
        "gitlab_report_command": CHECK_GITLAB,
        "check_text_command": CHECK_CI,
        "documents_dir": DOCUMENTS_DIR,
        "site_dir": SITE_DIR,
        "pages": pages,
    }


def _render(template: str, **context: Any) -> str:
    folder = repo_files.packaged_templates()
    if folder is None or not (folder / "init").is_dir():
        raise InitRefused(
            _("lisplan's templates for init are missing"), _("reinstall lisplan; this is a packaging bug")
        )
    return fill([str(folder / "init")], template, context)


def _must_be_valid(text: str, model: Any, rel: Path) -> None:
    """What init writes must be what lisplan reads: a name that YAML would misread is a bug, not a file."""
    from pydantic import ValidationError

    from lisplan.files.source import SourceError, parse

    try:
        model.model_validate(parse(rel, text).data)
    except (SourceError, ValidationError) as e:
        raise InitRefused(
            _("lisplan made an invalid {file} ({why})").format(file=rel, why=e),
            _("this is a bug in lisplan; please report it"),
        ) from None


# --- writing ----------------------------------------------------------------------------------------


def init(folder: Path, t: NewTrainee, *, today: dt.date, source: str | None) -> Initialised:
    """Make a new plan repo in ``folder``, or add the trainee to the plan repo there."""
    plan = prepare(folder, t, today=today, source=source)
    made: list[Path] = []  # files and folders this run made, in order
    try:
        _mkdirs(plan.root, made)
        if plan.git_init:
            made.append(plan.root / ".git")  # before git runs: a git init that fails half-way leaves one
            gitops.init(plan.root)
        for rel, text in plan.files.items():
            path = plan.root / rel
            _mkdirs(path.parent, made)
            atomic_write(path, text)
            made.append(path)
    except (OSError, gitops.GitError) as e:
        left = _remove(made)
        why = e.strerror if isinstance(e, OSError) and e.strerror else str(e)
        if left:
            raise InitRefused(
                _("could not initialise {folder}: {why}; and could not remove what this run made: {left}").format(
                    folder=plan.root, why=why, left=", ".join(str(p) for p in left)
                ),
                _("remove those by hand, check the folder's permissions and free space, then run this again"),
            ) from None
        raise InitRefused(
            _("could not initialise {folder}: {why}").format(folder=plan.root, why=why),
            _("nothing was left behind; check the folder's permissions and free space, then run this again"),
        ) from None
    return Initialised(
        plan.root, [Path(rel) for rel in plan.files], plan.new_repo, plan.git_init, source, plan.warnings
    )


def _mkdirs(folder: Path, made: list[Path]) -> None:
    missing = [p for p in (folder, *folder.parents) if not p.exists()]
    for p in reversed(missing):
        p.mkdir()
        made.append(p)


def _remove(made: list[Path]) -> list[Path]:
    """Remove what this run made, newest first; what is still there afterwards."""
    for path in reversed(made):
        with contextlib.suppress(OSError):
            if path.is_dir() and not path.is_symlink():
                shutil.rmtree(path) if path.name == ".git" else path.rmdir()
            elif path.exists() or path.is_symlink():
                path.unlink()
    return [p for p in made if p.exists() or p.is_symlink()]


# --- the CI files: which ones lisplan wrote, and --upgrade-ci ----------------------------------------


def ci_template_version(text: str) -> int | None:
    """The template version a CI file of ``init``'s was written from; None for a file lisplan did not write."""
    for line in text.splitlines()[:5]:
        if not line.startswith("#"):
            break
        if line.startswith(CI_MARKER):
            found = re.match(r"\s*(\d+)\b", line[len(CI_MARKER) :])
            return int(found.group(1)) if found else None
        if CI_MARKER_V1 in line:
            return 1
    return None


def _read(root: Path, rel: str) -> str | None:
    """The CI file ``rel`` of the repo at ``root``; None when missing, unreadable, or not a regular file
    inside the repo (a symlink out of it is never followed: files/paths.py)."""
    path = root / rel
    if not safe_to_read(path, root):
        return None
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None


def _outdated_ci(root: Path) -> list[str]:
    """Warnings for the CI files an earlier lisplan wrote, when a trainee is added to an existing repo."""
    found = []
    for _template, rel in CI_TEMPLATES:
        text = _read(root, rel)
        version = ci_template_version(text) if text is not None else None
        if version is not None and version < CI_TEMPLATE_VERSION:
            found.append(
                _(
                    "{file} was written by an earlier lisplan init (CI template {old}, this lisplan writes "
                    "{new}): lisplan init --upgrade-ci rewrites it and shows the diff"
                ).format(file=rel, old=version, new=CI_TEMPLATE_VERSION)
            )
    return found


def _source_in(text: str) -> str | None:
    """The pip requirement a CI file of lisplan's installs lisplan from, if it names one."""
    for found in re.finditer(r"^\s*LISPLAN_SOURCE:[ \t]*(.*?)[ \t]*$", text, re.MULTILINE):
        value = found.group(1)
        default = re.search(r"\|\|\s*'([^']*)'", value)  # GitHub: ${{ vars.LISPLAN_SOURCE || '…' }}
        value = default.group(1) if default else value.strip("'\"")
        if value and "${{" not in value:
            with contextlib.suppress(InitRefused):
                check_source(value)
                return value
    return None


def _pages(root: Path) -> bool:
    """``pages:`` in ``lisplan.yaml``; a file that does not load is refused rather than guessed at."""
    from lisplan.load.loader import load
    from lisplan.models import Config

    loaded = load(root, logs=False)
    config_file = root / repo_files.CONFIG_NAME
    if any(p.is_error and p.file is not None and p.file.absolute() == config_file for p in loaded.problems):
        raise InitRefused(
            _("{file} has errors, so lisplan cannot tell whether CI publishes pages").format(
                file=repo_files.CONFIG_NAME
            ),
            _("lisplan check shows them; fix them, then run lisplan init --upgrade-ci again"),
        )
    return (loaded.workspace.config or Config(kind="config")).pages


def upgrade_ci(folder: Path, *, source: str | None) -> CiUpgrade:
    """Rewrite the CI files ``init`` wrote to this version's templates; leave every other CI file alone.

    ``source`` is the pip requirement CI installs lisplan from; None keeps the one the files name.
    """
    check_source(source)
    try:
        root = repo_files.find_root(folder.expanduser().absolute())
    except repo_files.RepoNotFound:
        raise InitRefused(
            _("{folder} is not a plan repo").format(folder=folder),
            _("run lisplan init --upgrade-ci in a plan repo (one with lisplan.yaml or data/logs/), or give its folder"),
        ) from None
    pages = _pages(root)
    old = {rel: _read(root, rel) for _template, rel in CI_TEMPLATES}
    source = source or next((s for text in old.values() if text and (s := _source_in(text))), None)
    context = _ci_context(source, pages=pages)
    files = []
    for template, rel in CI_TEMPLATES:
        text = old[rel]
        version = ci_template_version(text) if text is not None else None
        outside = leads_out(root / rel, root)
        if outside is not None:
            files.append(CiFile(rel, "outside", where=str(outside)))
            continue
        if text is None or version is None:
            files.append(CiFile(rel, "missing" if not (root / rel).exists() else "not-lisplans"))
            continue
        if version > CI_TEMPLATE_VERSION:  # a newer lisplan wrote it: never downgrade
            files.append(CiFile(rel, "newer", version))
            continue
        new = _render(template, **context)
        if new == text:
            files.append(CiFile(rel, "current", version))
            continue
        diff = "".join(difflib.unified_diff(text.splitlines(True), new.splitlines(True), f"a/{rel}", f"b/{rel}"))
        try:
            atomic_write(root / rel, new)
        except OSError as e:
            raise InitRefused(
                _("could not write {file}: {why}").format(file=rel, why=e.strerror), _("check the file's permissions")
            ) from None
        files.append(CiFile(rel, "upgraded", version, diff))
    return CiUpgrade(root, files, source, pages, CI_TEMPLATE_VERSION, CI_MARKER)
