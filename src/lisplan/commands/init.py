"""``lisplan init``: a new plan repo, or a new trainee in an existing one; and ``lisplan schema``.

A new repo gets the trainee's profile and this year's log, ``lisplan.yaml``, a README, CI for GitHub
and GitLab, a pre-commit configuration and the JSON Schemas its files point to; an existing plan repo
gets the trainee's files only. Everything is decided and rendered before the first byte is written,
files that exist are never replaced, and a failure half-way removes whatever this run made (files,
folders, the ``git init``), so a folder is either initialised or left as it was.

The CI files and ``lisplan init --upgrade-ci`` are in commands/init_ci.py.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lisplan.commands import init_ci
from lisplan.commands.errors import Stop
from lisplan.commands.init_ci import (
    CI_TEMPLATES,
    HOOK_FILES,
    InitRefused,
    check_source,
    ci_context,
    git_hook_repo,
    render,
)
from lisplan.commands.session import Session, parse_date
from lisplan.core.i18n import _, language, ngettext
from lisplan.core.i18n import date as show_date
from lisplan.core.identity import find_identity_numbers
from lisplan.core.suggest import did_you_mean
from lisplan.files import gitops
from lisplan.files import repo as repo_files
from lisplan.files.atomic import atomic_write
from lisplan.models import Log, Trainee
from lisplan.models.goals import GoalSet
from lisplan.models.plan import Plan
from lisplan.present.console import plain
from lisplan.present.schema import SCHEMA_DIR, modeline_for, schemas
from lisplan.present.written import Initialised, print_ci_upgrade, print_initialised

if TYPE_CHECKING:
    from lisplan.load.workspace import Workspace

#: A new trainee's id, as the README gives it: lower-case letters, digits and '-' (it names a folder
#: and appears in file names, so no '.', '_' or length a file system refuses).
TRAINEE_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
MAX_ID = 64
#: Files of a new repo besides the trainee's: (template, path in the repo).
REPO_TEMPLATES = (
    ("lisplan.yaml.j2", repo_files.CONFIG_NAME),
    ("README.md.j2", "README.md"),
    *CI_TEMPLATES,
    ("pre-commit-config.yaml.j2", ".pre-commit-config.yaml"),
)


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
        warnings += init_ci.outdated_ci(folder)
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
    from lisplan.files.repo import log_header

    folder = Path("data") / "logs" / t.id
    profile = folder / f"{repo_files.PROFILE_NAME}.yaml"
    log = repo_files.year_log(root / folder, today.year).relative_to(root)
    employment = int(t.employment) if t.employment == int(t.employment) else t.employment
    profile_text = render(
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
        **ci_context(source, pages=False),  # a new lisplan.yaml publishes no pages
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
    return {path: render(template, **context) for template, path in REPO_TEMPLATES}


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


def initialise(folder: Path, t: NewTrainee, *, today: dt.date, source: str | None) -> Initialised:
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


# --- the commands: lisplan init and lisplan schema ------------------------------------------------


def init(
    s: Session,
    folder: Path | None,
    *,
    trainee: str | None,
    name: str | None,
    plan: str | None,
    start: str | None,
    employment: float,
    goal_sets: list[str],
    source: str | None,
    upgrade_ci: bool = False,
) -> None:
    """Make a plan repo in ``folder`` (default: --repo, else here), or add the trainee to the one there;
    with ``upgrade_ci`` (and no trainee) rewrite the CI files init wrote to this version's templates."""
    where = folder or s.repo or Path(".")
    given = {"--trainee": trainee, "--name": name, "--plan": plan, "--start": start}
    if upgrade_ci:
        if any(v is not None for v in given.values()):
            raise Stop(
                _("--upgrade-ci takes no trainee"), _("run lisplan init --upgrade-ci on its own, in the plan repo")
            )
        try:
            print_ci_upgrade(
                init_ci.upgrade_ci(where, source=source if source is not None else init_ci.installed_source())
            )
        except InitRefused as e:
            raise Stop(e.message, e.hint) from None
        return
    if trainee is None or name is None or plan is None or start is None:
        missing = [option for option, v in given.items() if v is None]
        raise Stop(
            _("Missing option {hint}.").format(hint=", ".join(missing)).rstrip("."),
            _("lisplan init DIR --trainee ID --name NAME --plan PLAN --start DATE"),
        )
    wanted = NewTrainee(trainee, name, plan, parse_date(start, "--start"), employment, goal_sets)
    try:
        done = initialise(
            where,
            wanted,
            today=s.today(),
            source=source if source is not None else init_ci.installed_source(),
        )
    except InitRefused as e:
        raise Stop(e.message, e.hint) from None
    print_initialised(done, trainee, SCHEMA_DIR)


def schema(s: Session, out: Path | None) -> None:
    """Write a JSON Schema for every file kind into ``out`` (default: .lisplan/schema in the plan repo)."""
    from lisplan.present.schema import SchemaError, write_schemas

    folder = out if out is not None else s.root / SCHEMA_DIR
    try:
        written = write_schemas(folder)
    except SchemaError as e:
        raise Stop(e.message, e.hint) from None
    plain(
        ngettext(
            "Wrote {n} schema to {folder}: {names}", "Wrote {n} schemas to {folder}: {names}", len(written)
        ).format(n=len(written), folder=folder, names=", ".join(p.name for p in written))
    )
