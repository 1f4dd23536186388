"""``lisplan check``: every problem in the plan repo, as text, JSON, GitHub annotations or a GitLab report."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lisplan.commands.errors import OK, PROBLEMS, Stop
from lisplan.commands.session import Session, checked_in_parts
from lisplan.core.i18n import _
from lisplan.core.kinds import CheckFormat
from lisplan.core.problems import Problem, from_record, relative, to_github, to_gitlab, to_json
from lisplan.core.problems import strict as make_strict
from lisplan.present.console import plain
from lisplan.present.problems import SEVERITY, print_problems, print_verified_signoffs

if TYPE_CHECKING:
    from lisplan.checks.signoff_verify import Verified
    from lisplan.load.loader import Loaded


def run(s: Session, paths: list[Path], *, strict: bool, fmt: CheckFormat, verify_signoffs: bool) -> int:
    """Print the problems (of ``paths`` only, when given) and return the exit code."""
    root = s.root
    files = existing_files(paths, root)

    def computed() -> dict[str, Any]:
        if not verify_signoffs:
            return _result(checked_in_parts(root, s.today()), None)
        passed: list[Verified] = []
        result = _result(checked_in_parts(root, s.today()), _signoffs_verified(passed))
        return {**result, "signoffs": [v.record(root) for v in passed]}

    result = computed()
    problems = only_in([from_record(r) for r in result["problems"]], files)
    wanted = {relative(f, root) for f in files}
    signoffs = [v for v in result.get("signoffs", []) if not files or v["file"] in wanted]
    if strict:
        problems = make_strict(problems)
    if fmt == "json":
        plain(to_json(problems, root, {"signoffs": signoffs} if verify_signoffs else None))
    elif fmt == "github":
        if problems:
            plain(to_github(problems, root))
    elif fmt == "gitlab":
        plain(to_gitlab(problems, root))
    else:
        lines: dict[str, str] = result["lines"]
        print_problems(problems, root, lambda f, n: lines.get(_at(f, n), ""), files_checked=result["files"])
        if signoffs:
            print_verified_signoffs(signoffs)
    return PROBLEMS if any(p.is_error for p in problems) else OK


def _result(
    parts: Iterable[tuple[Loaded, list[Problem], int]], verified: Callable[[Loaded], list[Problem]] | None
) -> dict[str, Any]:
    """check's result from the parts of the repo as they are checked, each let
    go before the next is read; with ``verified``, each part's sign-offs are verified too. A problem
    about no file (the run itself: git cannot be read) is said once, not once per part."""
    problems: list[dict[str, Any]] = []
    lines: dict[str, str] = {}
    files = 0
    said: set[Problem] = set()
    for loaded, own, read in parts:
        found = own + (verified(loaded) if verified else [])
        for p in found:
            if p.file is None and p in said:
                continue
            said.add(p)
            problems.append(p.record())
        lines.update(excerpts(found, loaded))
        files += read
        del loaded, own, found  # before the next part is read
    return {"problems": problems, "files": files, "lines": lines}


def excerpts(problems: list[Problem], loaded: Loaded) -> dict[str, str]:
    """The line under each problem, as an excerpt shows it (identity numbers masked, and starred where
    YAML hides one), taken while the files are read: a remembered result prints the same lines, and
    never reads them again from disk, where only the plain forms of a number can be masked."""
    return {_at(p.file, p.line): loaded.line_of(p.file, p.line) for p in problems if p.file and p.line is not None}


def _at(file: Path, line: int) -> str:
    return f"{file}:{line}"


def explain(name: str) -> int:
    """What a problem code means and how to fix it (``lisplan check --explain CODE``)."""
    from lisplan.core.codes import CODES, SHEET_CODES
    from lisplan.core.codes import explain as registered
    from lisplan.core.suggest import did_you_mean

    code = registered(name.strip())  # a sheet's or a worklist's code too: their refusals print it
    if code is None:
        raise Stop(
            _("no problem code {name}").format(name=repr(name)),
            did_you_mean(name, [*CODES, *SHEET_CODES])
            or _("the code is the word in brackets: {example}").format(example="warning[entry-out-of-order]"),
        )
    severity = _(SEVERITY.get(code.severity, code.severity))
    plain(
        _("{code} ({severity}): {meaning}\n  fix: {fix}").format(
            code=code.name, severity=severity, meaning=code.explanation, fix=code.fix
        )
    )
    return OK


def _signoffs_verified(passed: list[Verified]) -> Callable[[Loaded], list[Problem]]:
    """Sign-offs git history does not show the named supervisor committed, a part at a time; the
    repository's history is read once (git is only run from here). Those that pass go to ``passed``."""
    from lisplan.checks.signoff_verify import verify_signoffs
    from lisplan.compute.migration import carried_over
    from lisplan.files.gitops import GitError, History, history

    read: list[History | GitError] = []

    def once(root: Path) -> History:
        if not read:
            try:
                read.append(history(root))
            except GitError as e:
                read.append(e)
        if isinstance(read[0], GitError):
            raise read[0]
        return read[0]

    def verified(loaded: Loaded) -> list[Problem]:
        ws = loaded.workspace
        found = verify_signoffs(ws, loaded.documents, lambda tf, e: carried_over(ws, tf, e), once, passed)
        loaded.cache.keep_learnt(loaded.documents.values())  # where each sign-off's lines are, for next time
        return loaded.locate(found)

    return verified


def existing_files(paths: list[Path], root: Path) -> list[Path]:
    """Each PATH as given (relative to here), else relative to the repo; a missing one is a usage error."""
    found = []
    for path in paths:
        candidate = path if path.exists() else root / path
        if not candidate.is_file():
            raise Stop(
                _("no file {path} (looked in {here} and in the repo {root})").format(
                    path=repr(str(path)), here=Path.cwd(), root=root
                ),
                _("pass paths of files in the plan repo, e.g. {example}").format(
                    example="data/logs/<trainee>/2026.yaml"
                ),
            )
        found.append(candidate)
    return found


def only_in(problems: list[Problem], paths: list[Path] | None) -> list[Problem]:
    """The problems in ``paths``, and those about no file (the run itself, such as git being absent)."""
    if not paths:
        return problems
    wanted = {p.resolve() for p in paths}
    return [p for p in problems if p.file is None or p.file.resolve() in wanted]
