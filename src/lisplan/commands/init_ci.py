"""The CI files ``lisplan init`` writes, and ``lisplan init --upgrade-ci``.

A new plan repo gets CI for GitHub and GitLab and a pre-commit configuration, all rendered from
lisplan's templates (``templates/init/``) with the pip requirement CI installs lisplan from
(``--lisplan-source``, else where the running lisplan came from, if that can be told honestly).

The CI files start with a marker line, ``# lisplan-ci-template: N …``: that is how lisplan knows it wrote
a file, and from which version of its templates. ``lisplan init --upgrade-ci`` rewrites the files that
carry it (or the line an earlier lisplan wrote, template 1) and leaves every other CI file alone.

``InitRefused``, how both halves of ``lisplan init`` refuse, and ``render`` of its templates live here,
below commands/init.py, which imports them.
"""

from __future__ import annotations

import contextlib
import difflib
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lisplan.core.i18n import _
from lisplan.core.identity import find_identity_numbers
from lisplan.files import repo as repo_files
from lisplan.files.atomic import atomic_write
from lisplan.files.paths import leads_out, safe_to_read
from lisplan.present.render import fill
from lisplan.present.written import CiFile, CiUpgrade

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


@dataclass
class InitRefused(Exception):
    """``lisplan init`` cannot do what was asked; nothing was written (or what was, is removed again)."""

    message: str
    hint: str = ""

    def __str__(self) -> str:
        return self.message


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


def ci_context(source: str | None, *, pages: bool) -> dict[str, Any]:
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


def render(template: str, **context: Any) -> str:
    folder = repo_files.packaged_templates()
    if folder is None or not (folder / "init").is_dir():
        raise InitRefused(
            _("lisplan's templates for init are missing"), _("reinstall lisplan; this is a packaging bug")
        )
    return fill([str(folder / "init")], template, context)


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


def outdated_ci(root: Path) -> list[str]:
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
    context = ci_context(source, pages=pages)
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
        new = render(template, **context)
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
