"""A command's session with the repo: where it is, what day it is, loading it and then running the checks,
choosing the trainee, and writing what a command produces.

Everything a command cannot go on with is raised as ``Stop`` (commands/errors.py), never printed here.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lisplan.commands.errors import PROBLEMS, Stop
from lisplan.core.i18n import N_, _

if TYPE_CHECKING:  # loading imports pydantic and the checks: only a command that loads pays for them
    from lisplan.core.problems import Problem
    from lisplan.load.loader import Loaded
    from lisplan.load.workspace import TraineeFiles, Workspace

COMPUTE_REFUSAL = N_("the data has errors, so lisplan will not compute on it")


def load_checked(
    root: Path | None,
    *,
    packaged: bool = True,
    checks: bool = True,
    logs: bool = True,
    trainee: str | None = None,
    today: dt.date | None = None,
) -> Loaded:
    """``load`` the repo at ``root`` (see there for the options), then the checks unless ``checks=False``
    (but for the progress checks, which ``lisplan check`` adds: see ``checked_in_parts``)."""
    from lisplan.load.loader import collector_paused

    with collector_paused(keep=True):  # one load per command, kept until the command ends
        loaded = load(root, packaged=packaged, logs=logs, trainee=trainee)
        if checks:  # every check's module is imported only by a command that runs them (not log)
            from lisplan.checks.run import check_loaded

            check_loaded(loaded, today)
    return loaded


def checked_in_parts(
    root: Path, today: dt.date, *, progress: bool = True
) -> Iterator[tuple[Loaded, list[Problem], int]]:
    """What ``lisplan check`` finds: the checks of ``load_checked`` and (unless ``progress=False``) those
    that compute each trainee's progress (checks/approval.py, which commands that compute anyway leave
    out), one part of the repo at a time (load/loader.py's ``load_in_parts``): each part, its own
    problems and the number of files it read. The first part is the shared files, with no trainee.

    Every part is checked with the shared files beside it, as the whole repo would be; the problems
    that the shared files have anyway (reported with the first part) are not reported again. Let go
    of a part before taking the next: nothing here holds on to it."""
    from collections import Counter

    from lisplan.checks.run import check_loaded
    from lisplan.load.loader import collector_paused, load_in_parts

    parts = load_in_parts(root)
    with collector_paused():
        base = next(parts)
        check_loaded(base, today)
        if progress:
            _check_progress(base, base.problems, today)
    shared, files = Counter(base.problems), len(base.documents)
    yield base, base.problems, files
    while True:
        with collector_paused():  # a part at a time: what the part before let go is freed in between
            part = next(parts, None)
            if part is None:
                return
            check_loaded(part, today)
            if progress:
                _check_progress(part, base.problems + part.problems, today)
        again = shared.copy()
        own = []
        for p in part.problems:
            if again[p] > 0:
                again[p] -= 1
            else:
                own.append(p)
        yield part, own, len(part.documents) - files
        del part, own  # before the next part is read


def trainees_in_parts(root: Path, today: dt.date) -> Iterator[tuple[Workspace, list[Problem]]]:
    """The repo read a trainee at a time as ``checked_in_parts`` reads it (without the progress checks),
    for commands that compute on every trainee: each part's workspace, with the problems that decide
    whose numbers can be trusted (its own and the shared files'). The shared part comes first: its
    workspace has lisplan.yaml, and a trainee only for a log outside a trainee's folder."""
    parts = checked_in_parts(root, today, progress=False)
    base, shared, _files = next(parts)
    yield base.workspace, shared
    for part, own, _read in parts:
        yield part.workspace, shared + own
        del part, own  # before the next part is read


def _check_progress(loaded: Loaded, problems: list[Problem], today: dt.date | None) -> None:
    """The checks that compute each trainee's progress (checks/approval.py, measured by
    compute/signoff_dates.py), for trainees ``problems`` holds no errors for."""
    from lisplan.checks.approval import check_approvals
    from lisplan.checks.context import Context
    from lisplan.compute.signoff_dates import early_signoffs

    ctx = Context(loaded.workspace, loaded.documents, today or dt.date.today())
    loaded.problems += loaded.locate(check_approvals(early_signoffs(ctx, problems)))


def load(root: Path | None, **options: Any) -> Loaded:
    """load/loader.py's ``load``, imported when a command loads (it brings pydantic and the models)."""
    from lisplan.load.loader import load as load_repo

    return load_repo(root, **options)


def today() -> dt.date:
    """Today, or LISPLAN_TODAY (YYYY-MM-DD) so that examples and tests are reproducible."""
    fixed = os.environ.get("LISPLAN_TODAY")
    if fixed:
        try:
            day = dt.date.fromisoformat(fixed)
        except ValueError:
            raise Stop(
                _("LISPLAN_TODAY={value!r} is not a date").format(value=fixed), _("write it as YYYY-MM-DD or unset it")
            ) from None
        return in_range(day, "LISPLAN_TODAY")
    return dt.date.today()


def parse_date(value: str, option: str) -> dt.date:
    """The date an option (or argument) gives, in any form core/forms.py reads (29.12.2026, i går, ISO)."""
    from lisplan.core.forms import NotReadable, date_forms, read_date

    try:
        day = read_date(value, today())
    except NotReadable:
        raise Stop(_("{option} {value!r} is not a date").format(option=option, value=value), date_forms()) from None
    return in_range(day, option)


def in_range(day: dt.date, option: str) -> dt.date:
    """``day``, or a usage error if it is outside the dates lisplan works with (core/dates.py)."""
    from lisplan.core.dates import HINT, out_of_range

    why = out_of_range(day)
    if why:
        raise Stop(f"{option}: {why}", _(HINT))
    return day


@dataclass
class Session:
    """One command run: the ``--repo`` given (None: look from here), found lazily."""

    repo: Path | None = None
    _root: Path | None = field(default=None, init=False, repr=False)

    @property
    def root(self) -> Path:
        if self._root is None:
            from lisplan.files.repo import RepoNotFound, find_root

            try:
                self._root = find_root(self.repo or Path.cwd())
            except RepoNotFound as e:
                raise Stop(
                    str(e),
                    _(
                        "run lisplan in a plan repo or pass --repo PATH; start a new one with "
                        "lisplan init DIR --trainee ID --name NAME --plan PLAN --start DATE"
                    ),
                ) from None
        return self._root

    def today(self) -> dt.date:
        return today()

    def date(self, value: str | None, option: str) -> dt.date:
        """The date an option gives, or today when it is not given."""
        return today() if value is None else parse_date(value, option)

    def load(self, **options: Any) -> Loaded:
        return load_checked(self.root, today=today(), **options)

    def trainee(
        self,
        trainee: str | None,
        *,
        logs: bool = True,
        refusal: str = COMPUTE_REFUSAL,
        block: bool = True,
        fold: bool = False,
        as_of: dt.date | None = None,
    ) -> tuple[Loaded, TraineeFiles]:
        """The repo loaded and a trainee picked; errors that make the trainee's data untrustworthy stop here
        (unless ``block=False``: for the commands that show and correct entries). ``fold``: a report that
        needs the entries only through compute/facts.py may take the logs' parts from the store
        (compute/fold.py), made for ``as_of`` (today when None); a command that reads every entry anyway
        (portal, migrate) gains nothing by it."""
        from lisplan.compute.selection import choose_trainee, pick_trainee, problems_blocking
        from lisplan.files.cache import Cache
        from lisplan.files.repo import default_trainee, trainee_ids

        root = self.root
        ids = trainee_ids(root)
        if not trainee and len(ids) > 1:
            trainee = default_trainee(root, lambda path: Cache.for_repo(root).read(path).document.data)
        picked = choose_trainee(ids, trainee)
        only = picked if picked in ids else None  # read no other trainee's files
        if fold and logs and block and only is not None:
            folded = self._folded(only, as_of)
            if folded is not None:
                return folded
        loaded = self.load(logs=logs, checks=logs and block, trainee=only)  # unblocked: no verdict needed
        chosen = pick_trainee(loaded.workspace, picked if only else trainee)
        if isinstance(chosen, str):
            errors = [
                p for p in loaded.problems if p.is_error
            ]  # a trainee.yaml that does not load is the likely reason
            raise Stop(
                chosen, _("pass --trainee ID (see data/logs/)"), problems=errors, root=root, line_of=loaded.line_of
            )
        blocking = problems_blocking(loaded.problems, chosen) if block else []
        if blocking:
            raise Stop(
                _(refusal),
                _("fix the errors above (lisplan check shows them all), then run this again"),
                code=PROBLEMS,
                problems=blocking,
                root=root,
                line_of=loaded.line_of,
            )
        return loaded, chosen

    def _folded(self, trainee: str, as_of: dt.date | None) -> tuple[Loaded, TraineeFiles] | None:
        """The repo with ``trainee``'s logs left unread, when the store's per-file fold of them proves that the
        checks would find no error to stop a report (compute/fold.py); None: load and check everything."""
        from lisplan.compute.fold import fold
        from lisplan.compute.selection import pick_trainee
        from lisplan.files.cache import Cache
        from lisplan.load.loader import collector_paused

        if Cache.for_repo(self.root).folder is None:  # nothing kept (LISPLAN_NO_CACHE, CI): no fold
            return None
        day = today()
        with collector_paused(keep=True):
            loaded = load(self.root, trainee=trainee, defer=True)
            chosen = pick_trainee(loaded.workspace, trainee)
            if isinstance(chosen, str) or not fold(loaded, chosen, day, as_of or day):
                return None
        return loaded, chosen

    def workspace(
        self, trainee: str | None, as_of: dt.date | None = None, *, fold: bool = False
    ) -> tuple[Workspace, TraineeFiles]:
        """Load the repo and pick a trainee; refuse to compute on data that does not pass check. ``as_of``: the
        day the command computes progress for (today when None); ``fold``: see :meth:`trainee`."""
        loaded, chosen = self.trainee(trainee, fold=fold, as_of=as_of)
        return loaded.workspace, chosen

    def commit(self, files: list[Path], message: str, written: str = "") -> str:
        """Commit ``files`` with ``message``; the short commit id, or Stop when git refuses."""
        from lisplan.files.gitops import GitError
        from lisplan.files.gitops import commit as git_commit

        try:
            return git_commit(self.root, files, message)
        except GitError as e:
            raise Stop(
                _("{written}, but not committed: {why}").format(written=written or _("the change is written"), why=e),
                _("commit it yourself, or fix git and run git commit"),
                code=PROBLEMS,
            ) from None


def emit(data: bytes, out: Path | None, root: Path | None = None, label: str = "--out ") -> None:
    """Write ``data`` to ``out`` atomically (or to stdout); a bad path, or a file lisplan reads in the repo
    at ``root``, is a usage error."""
    if out is None:
        if sys.stdout.isatty():  # a terminal shows text: a name's escape sequences are shown, not run
            from lisplan.present.console import printable

            data = printable(data.decode("utf-8", "replace")).encode("utf-8")
        sys.stdout.buffer.write(data)
        return
    from lisplan.commands import replay
    from lisplan.files.atomic import atomic_write
    from lisplan.files.repo import refuse_output

    refused = refuse_output(root, out)
    if refused:
        raise Stop(
            _("{option}{path}: {why}, so lisplan will not write over it").format(option=label, path=out, why=refused),
            _("write the output somewhere else (e.g. a file outside data/ with a name of its own)"),
        )
    if not out.parent.is_dir():
        raise Stop(
            _("{option}{path}: the folder {folder} does not exist").format(option=label, path=out, folder=out.parent),
            _("create it, or write somewhere else"),
        )
    try:
        atomic_write(out, data)
    except OSError as e:
        raise Stop(
            _("{option}{path}: cannot write ({why})").format(option=label, path=out, why=e.strerror),
            _("check the folder's permissions"),
        ) from None
    replay.wrote(out, data)  # part of a read-only command's answer, written again when it is replayed
