"""What the commands that write a set of files report: ``lisplan init``, ``lisplan init --upgrade-ci``
and ``lisplan render-all``, each as plain lines (no rich needed)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from lisplan.core.i18n import _, ngettext
from lisplan.core.problems import relative
from lisplan.present.console import plain, warn


@dataclass
class Initialised:
    """What ``lisplan init`` made, for its report."""

    root: Path
    created: list[Path]  # relative to root, in the order written
    new_repo: bool
    git_init: bool
    source: str | None
    warnings: list[str] = field(default_factory=list)


@dataclass
class CiFile:
    """One CI file as ``lisplan init --upgrade-ci`` found and left it."""

    path: str  # relative to the repo
    state: str  # "upgraded", "current", "newer", "not-lisplans", "outside" (all three left alone) or "missing"
    version: int | None = None  # the template version it was written from
    diff: str = ""  # unified diff of the rewrite
    where: str = ""  # "outside": the file outside the repo it is a symlink to (never read)


@dataclass
class CiUpgrade:
    """What ``lisplan init --upgrade-ci`` did, for its report."""

    root: Path
    files: list[CiFile]
    source: str | None
    pages: bool
    version: int  # the template version written now
    marker: str  # the line that says lisplan wrote a file


@dataclass
class Rendered:
    """What ``lisplan render-all`` wrote, for its report."""

    out: Path
    files: list[Path] = field(default_factory=list)  # relative to out, in the order written
    left_out: list[str] = field(default_factory=list)  # trainees whose files have errors


def print_initialised(done: Initialised, trainee: str, schema_dir: Path) -> None:
    """What ``lisplan init`` made (the schemas as one line), what is left to set, and what to do next."""
    import shlex

    for warning in done.warnings:
        warn(warning)
    if not done.new_repo:
        what = _("Added trainee {trainee} to the plan repo in {root}:")
    elif done.git_init:
        what = _("Added trainee {trainee} to a new plan repo (git init) in {root}:")
    else:
        what = _("Added trainee {trainee} to a new plan repo in {root}:")
    plain(what.format(trainee=trainee, root=done.root))
    schemas = [p for p in done.created if p.parent == schema_dir]
    for path in done.created:
        if path not in schemas:
            plain(f"  {path.as_posix()}")
        elif path == schemas[0]:
            plain(f"  {schema_dir.as_posix()}/ " + _("({n} JSON Schemas, for editors)").format(n=len(schemas)))
    if done.new_repo and done.source is None:
        warn(
            _(
                "CI cannot tell where to install lisplan from: set LISPLAN_SOURCE (README.md says how), "
                "or run lisplan init with --lisplan-source next time"
            )
        )
    here = relative(done.root, Path.cwd())
    go = "" if here in ("", ".") else f"cd {shlex.quote(here)} && "
    message = _("Start {trainee}'s plan").format(trainee=trainee)
    plain(_('Next: {go}lisplan status, then git add -A && git commit -m "{message}"').format(go=go, message=message))


def print_ci_upgrade(done: CiUpgrade) -> None:
    """What ``lisplan init --upgrade-ci`` did to each CI file, with the diff of each rewrite."""
    for f in done.files:
        if f.state == "upgraded":
            said = (
                _("{file}: rewritten to CI template {version} (it had {old})")
                if f.version != done.version
                else _("{file}: rewritten to CI template {version}")
            )
            plain(said.format(file=f.path, version=done.version, old=f.version))
            plain(f.diff)
        elif f.state == "current":
            plain(_("{file}: up to date (CI template {version})").format(file=f.path, version=done.version))
        elif f.state == "newer":
            plain(
                _("{file}: left alone: a newer lisplan wrote it (CI template {version}); upgrade lisplan").format(
                    file=f.path, version=f.version
                )
            )
        elif f.state == "missing":
            plain(_("{file}: not there; left out").format(file=f.path))
        elif f.state == "outside":
            plain(
                _("{file}: left alone: it leads out of the plan repo (to {path}); lisplan does not read it").format(
                    file=f.path, path=f.where
                )
            )
        else:
            plain(
                _("{file}: left alone: lisplan did not write it (no '{marker}' line at its top)").format(
                    file=f.path, marker=done.marker
                )
            )
    if done.source is None:
        warn(_("CI cannot tell where to install lisplan from: set LISPLAN_SOURCE (README.md says how)"))
    if any(f.state == "upgraded" for f in done.files):
        plain(_("Next: review the diff (git diff), then commit it"))


def print_rendered(done: Rendered) -> None:
    """The documents ``lisplan render-all`` wrote, and the trainees it left out."""
    for tid in done.left_out:
        warn(_("{trainee} left out: their files have errors (lisplan check shows them)").format(trainee=tid))
    plain(
        ngettext("Wrote {n} document to {folder}:", "Wrote {n} documents to {folder}:", len(done.files)).format(
            n=len(done.files), folder=done.out
        )
    )
    for rel in done.files:
        plain(f"  {rel.as_posix()}")
