"""Load a plan repo: find its files, parse them and validate them into models (the checks run after).

``load(root)`` returns ``(workspace, problems)`` and never raises on anything a user wrote: a file
that cannot be parsed or validated becomes problems with positions, and the rest still loads.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from lisplan.core.i18n import _
from lisplan.core.identity import mask_identity_numbers
from lisplan.core.problems import Loc, Origin, Problem, error, locate_all
from lisplan.core.suggest import did_you_mean
from lisplan.files import repo as repo_files
from lisplan.files.cache import Cache
from lisplan.files.paths import leads_out
from lisplan.files.source import Document, SourceError, parse, read_bytes, read_text
from lisplan.load.validation import shown, validation_problems
from lisplan.load.workspace import TraineeFiles, Workspace
from lisplan.models import FILE_KINDS, Config, CourseList, Crosswalk, GoalSet, Log, Model, Plan, Trainee


@dataclass
class Loaded:
    """What loading produced: the workspace, the problems, and the parsed documents (for positions)."""

    workspace: Workspace
    problems: list[Problem]
    documents: dict[Path, Document] = field(default_factory=dict)
    cache: Cache = field(default_factory=lambda: Cache(None))

    def document(self, file: Path) -> Document | None:
        """The parsed file, parsing it now if loading did not (or None if it cannot be parsed)."""
        return _document(self.documents, file)

    def read_deferred(self) -> None:
        """Read every log ``load(defer=True)`` left unread: what reads every file (the checks) needs them all."""
        for tf in self.workspace.trainees.values():
            tf.read()

    def locate(self, problems: list[Problem]) -> list[Problem]:
        """``problems`` found after loading, with their lines and columns filled in.

        File by file (then back in their order): a file's node tree is composed to locate its problems
        and let go before the next file's, so a check of 50 trainees' logs holds one tree, not 50."""
        order = sorted(range(len(problems)), key=lambda i: str(problems[i].file or ""))
        located = locate_all([problems[i] for i in order], _locator(self.documents, release=True))
        out: list[Problem] = list(problems)
        for i, p in zip(order, located, strict=True):
            out[i] = p
        return out

    def line_of(self, file: Path, line: int) -> str:
        """The text of one line for an excerpt, identity numbers masked (CI logs outlive the fix)."""
        doc = self.document(file)
        if doc is None:
            return line_from_disk(file, line)  # a broken file still shows its line
        text = mask_identity_numbers(doc.line_text(line))
        from lisplan.load.identity import hidden_lines, star_value

        return star_value(text) if line in hidden_lines(doc) else text


def line_from_disk(file: Path, line: int) -> str:
    """One line of a file as it is on disk, for an excerpt under a problem; identity numbers masked.

    "" when the file cannot be read as text (a broken file still shows its problem, only no excerpt).
    """
    try:
        stat = file.stat()
        key = (str(file), stat.st_size, stat.st_mtime_ns)
        if _disk_lines[0] != key:  # the last file read: a broken file's problems come one after another
            _disk_lines[:] = [key, read_text(file).splitlines()]
        lines = _disk_lines[1]
    except (SourceError, OSError):
        return ""
    return mask_identity_numbers(lines[line - 1]) if 0 < line <= len(lines) else ""


_disk_lines: list[Any] = [None, []]


@contextlib.contextmanager
def collector_paused(*, keep: bool = False) -> Iterator[None]:
    """The cyclic garbage collector off while a repo is read, validated and checked: tens of thousands of
    models are made there and kept, none of them garbage, and the collector's passes over them cost about
    a sixth of the time. It runs again afterwards, so what a part of the repo let go is still freed; with
    ``keep`` (what was made is kept until the command ends) it never looks at those objects again."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if keep:
            gc.freeze()
        if enabled:
            gc.enable()


def load(
    root: Path | None, *, packaged: bool = True, logs: bool = True, trainee: str | None = None, defer: bool = False
) -> Loaded:
    """Load lisplan's own catalogs (unless ``packaged=False``), then the repo at ``root``.

    ``logs=False`` leaves out the yearly logs (trainee profiles are still read): what a command that
    only adds to a log needs, at a fraction of the cost. ``defer`` reads the bytes of the trainees' logs
    but parses and validates them only when they are asked for (``TraineeFiles.logs``, or
    :meth:`Loaded.read_deferred` before the checks): compute/fold.py takes what it can from the store.
    """
    loaded = Loaded(Workspace(root), [], cache=Cache.for_repo(root))
    specs = _readable(repo_files.load_specs(root, packaged=packaged, logs=logs, trainee=trainee), loaded)
    return _read(loaded, specs, defer=defer)


def load_in_parts(root: Path) -> Iterator[Loaded]:
    """What ``load(root)`` loads, one part at a time: first everything but the trainees' folders
    (lisplan's catalogs, the repo's plans, catalogs and lisplan.yaml, and any file in data/logs/ that is
    not in a trainee's folder), then each trainee's folder (data/logs/<id>/) on top of that first part,
    sharing its models and documents.

    A part holds only its own problems; let go of it before taking the next, and a repo of 50 trainees
    is held one trainee at a time (``lisplan check``'s peak memory is one trainee's, not the department's)."""
    base = Loaded(Workspace(root), [], cache=Cache.for_repo(root))
    specs = _readable(repo_files.load_specs(root), base)
    folders: dict[str, list[repo_files.FileSpec]] = {}
    logs = root / "data" / "logs"
    for spec in specs:
        # a trainee's folder is one under data/logs/; a file elsewhere in it concerns everyone (as
        # compute/selection.problems_blocking has it), so it is read with the shared files
        if spec.kinds in (("trainee",), ("log",)) and spec.path.parent.parent == logs:
            folders.setdefault(spec.path.parent.name, []).append(spec)
    mine = {spec for own in folders.values() for spec in own}
    yield _read(base, [spec for spec in specs if spec not in mine])
    ws = base.workspace
    for own in folders.values():  # nothing here holds on to a part once it is yielded
        yield _read(Loaded(replace(ws, trainees={}), [], dict(base.documents), base.cache), own)


def _read(loaded: Loaded, specs: list[repo_files.FileSpec], *, defer: bool = False) -> Loaded:
    """``loaded`` with the files of ``specs`` read, validated and added to its workspace (a trainee's logs
    only read and hashed, with ``defer``: see ``load``)."""
    deferred = {spec: raw for spec in specs if defer and (raw := _deferrable(spec, loaded)) is not None}
    models = [(spec, _load_file(spec, loaded)) for spec in specs if spec not in deferred]
    _assemble(loaded, [(s, m) for s, m in models if m is not None], deferred)
    loaded.problems = locate_all(loaded.problems, _locator(loaded.documents))
    return loaded


def _deferrable(spec: repo_files.FileSpec, loaded: Loaded) -> bytes | None:
    """The bytes of a trainee's log whose reading can wait (None: read it now, and any fault is reported)."""
    root = loaded.workspace.root
    if root is None or spec.kinds != ("log",) or spec.path.parent.parent != root / "data" / "logs":
        return None
    try:
        return read_bytes(spec.path)
    except SourceError:
        return None


def _read_deferred(loaded: Loaded, files: list[tuple[Path, bytes]]) -> list[Log | None]:
    """The deferred logs ``files`` (path and bytes), read as ``load`` reads every file (their problems and
    documents added to ``loaded``)."""
    before = len(loaded.problems)
    logs: list[Log | None] = []
    for path, raw in files:
        model = _load_file(repo_files.FileSpec(path, ("log",)), loaded, raw)
        logs.append(model if isinstance(model, Log) else None)
    loaded.problems[before:] = locate_all(loaded.problems[before:], _locator(loaded.documents))
    return logs


def _readable(specs: list[repo_files.FileSpec], loaded: Loaded) -> list[repo_files.FileSpec]:
    """The files of ``specs`` lisplan reads: its own, and the repo's that really are in the repo and
    are no symlink under data/ (each such link is reported, by every command alike)."""
    root = loaded.workspace.root
    return [
        spec
        for spec in specs
        if spec.packaged
        or root is None
        or (_inside(spec.path, root, loaded.problems) and not _linked(spec, root, loaded.problems))
    ]


def _linked(spec: repo_files.FileSpec, root: Path, problems: list[Problem]) -> bool:
    """Whether ``spec`` is a symlink under data/ (to a place inside the repo): reported, and not read."""
    if spec.kinds != repo_files.LINK:
        return False
    path = spec.path
    try:
        target = path.resolve().relative_to(root.resolve()).as_posix()
    except (OSError, RuntimeError, ValueError):  # a loop of links
        target = "?"
    problems.append(
        Problem(
            "link-in-data",
            _(
                "{path} is a link (to {target}); lisplan reads no links under data/, so that every command "
                "reads the same files"
            ).format(path=path.relative_to(root).as_posix(), target=target),
            path.parent,  # the folder: a position in the file would mean reading it for an excerpt
            (),
            _(
                "remove the link and put the folder or file itself there (git rm {path}, then git mv {target} {path})"
            ).format(target=target, path=path.relative_to(root).as_posix()),
        )
    )
    return True


def _inside(path: Path, root: Path, problems: list[Problem]) -> bool:
    """Whether ``path`` really is in the repo; a symlink out of it is reported and never read, nor
    excerpted (in CI it could lead to a secret of the runner's)."""
    if leads_out(path, root) is None:
        return True
    problems.append(
        Problem(
            "outside-repo",
            _("{file} is a link to a file outside the plan repo; lisplan does not read it").format(file=path.name),
            path.parent,  # the folder: a position in the file would mean reading it for an excerpt
            (),
            _("replace the link with the file itself, or remove it"),
        )
    )
    return False


def _document(documents: dict[Path, Document], file: Path) -> Document | None:
    doc = documents.get(file)
    if doc is None:
        try:
            doc = documents[file] = parse(file)
        except SourceError:
            return None
    return doc


def locate_problems(problems: list[Problem], doc: Document) -> list[Problem]:
    """``problems`` in one parsed file, with their lines and columns filled in."""
    return locate_all(problems, _locator({doc.path: doc}))


def _locator(documents: dict[Path, Document], *, release: bool = False):  # type: ignore[no-untyped-def]
    """Positions of problems in ``documents``; with ``release``, for problems sorted by file: each file's
    node tree is let go once the next file is reached (it is composed again if anything needs it)."""
    last: list[Document] = []

    def locate(file: Path, loc: Loc, on_key: bool) -> tuple[int, int] | None:
        doc = _document(documents, file)
        if release and last and last[0] is not doc:
            last.pop().release()
        if doc is not None and release and not last:
            last.append(doc)
        return doc.locate(loc, key=on_key) if doc else None

    return locate


# --- one file -----------------------------------------------------------------------------------


def _load_file(spec: repo_files.FileSpec, loaded: Loaded, raw: bytes | None = None) -> Model | None:
    try:
        doc = loaded.cache.read(spec.path, raw).document
    except SourceError as e:
        loaded.problems.append(
            Problem(
                e.code,
                # TRANSLATORS: what is wrong follows the file's name: "2026.yaml is not valid YAML: …"
                _("{file} {what}").format(file=spec.path.name, what=e.message),
                spec.path,
                (),
                e.hint,
                line=e.line,
                col=e.col,
            )
        )
        from lisplan.load.identity import identity_problems_in_unreadable

        loaded.problems += identity_problems_in_unreadable(spec.path)
        return None
    loaded.documents[spec.path] = doc
    # a model validated before from these very bytes, as a kind this file may hold: kept, origins and all,
    # and its data not even decoded (a log's unchanged part is kept as a fold instead, compute/fold.py)
    kinds = tuple(FILE_KINDS[k] for k in spec.kinds if k in FILE_KINDS and k != "log")
    if kinds and doc.digest is not None and isinstance(kept := loaded.cache.model(spec.path, doc.digest), kinds):
        return kept
    origin = Origin(spec.path)
    kind = _kind_of(doc, spec, loaded.problems)
    if kind is None:
        return None
    cls = FILE_KINDS[kind]
    keep = kind != "log" and doc.digest is not None
    try:
        model = cls.model_validate(doc.data)
    except ValidationError as e:
        loaded.problems += validation_problems(e, cls, doc.data, origin)
        return None
    assign_origins(model, origin)
    if keep:
        loaded.cache.keep_model(spec.path, doc.digest, model)  # type: ignore[arg-type]
    return model


def _kind_of(doc: Document, spec: repo_files.FileSpec, problems: list[Problem]) -> str | None:
    origin = Origin(spec.path)
    expected = (" " + _("or") + " ").join(f"kind: {k}" for k in spec.kinds)
    if doc.data is None:
        problems.append(
            error(
                "empty",
                origin,
                _("the file is empty"),
                _("a lisplan file here starts with '{kind}'").format(kind=expected),
            )
        )
        return None
    if not isinstance(doc.data, dict):
        problems.append(
            error(
                "not-a-mapping",
                origin,
                _("the file is not a mapping of keys to values"),
                _("a lisplan file here starts with '{kind}'").format(kind=expected),
            )
        )
        return None
    kind = doc.data.get("kind")
    if kind is None:
        problems.append(
            error(
                "no-kind", origin, _("the file has no 'kind:' key"), _("add '{kind}' at the top").format(kind=expected)
            )
        )
        return None
    if kind not in spec.kinds:
        known = did_you_mean(str(kind), spec.kinds)
        where = spec.path.parent.name
        problems.append(
            error(
                "wrong-kind",
                origin.at("kind"),
                _("kind {kind} does not belong here (in {folder}/ lisplan expects {expected})").format(
                    kind=shown(kind), folder=where, expected=expected
                ),
                known or _("move the file to the folder for its kind, or fix its kind"),
            )
        )
        return None
    return str(kind)


def assign_origins(model: BaseModel, origin: Origin) -> None:
    """Record on every nested model where in the file it came from.

    A log's entries are skipped: there can be tens of thousands, and their origin is simply
    ``("entries", i)`` in the log's file (see checks.context.Context.entries).
    """
    model.set_origin(origin)  # type: ignore[attr-defined]
    if isinstance(model, Log):
        return
    for name, info in type(model).model_fields.items():
        value = getattr(model, name)
        key = info.alias or name
        if isinstance(value, BaseModel):
            assign_origins(value, origin.at(key))
        elif isinstance(value, list) and value and isinstance(value[0], BaseModel):
            for i, item in enumerate(value):
                assign_origins(item, origin.at(key, i))


def _assemble(
    loaded: Loaded,
    models: Iterable[tuple[repo_files.FileSpec, Model]],
    deferred: dict[repo_files.FileSpec, bytes] | None = None,
) -> None:
    ws = loaded.workspace
    owners: dict[tuple[str, str], repo_files.FileSpec] = {}
    for spec, model in models:
        if isinstance(model, Config):
            ws.config = model
        elif isinstance(model, Crosswalk) and model.example and spec.packaged:
            continue  # an example made for lisplan's own example repo is no one else's crosswalk
        elif isinstance(model, (GoalSet, CourseList, Plan, Crosswalk)):
            tables: dict[type, dict[str, Any]] = {
                GoalSet: ws.goal_sets,
                CourseList: ws.course_lists,
                Plan: ws.plans,
                Crosswalk: ws.crosswalks,
            }
            table = tables[type(model)]
            key = (type(model).__name__, model.id)
            first = owners.get(key)
            if first is not None and first.packaged == spec.packaged:
                loaded.problems.append(
                    error(
                        "duplicate-id",
                        Origin(spec.path, ("id",)),
                        _("{kind} id {id} is already used by {file}").format(
                            kind=model.kind, id=repr(model.id), file=first.path.name
                        ),
                        _("give one of them another id"),
                    )
                )
                continue
            if first is None or first.packaged:
                table[model.id] = model
                owners[key] = spec
        elif isinstance(model, Trainee):
            tf = _trainee_folder(ws, spec.path)
            tf.profile = model
            if model.id != tf.id:
                loaded.problems.append(
                    error(
                        "trainee-id",
                        Origin(spec.path, ("id",)),
                        _("trainee id {id} differs from its folder name {folder}").format(
                            id=repr(model.id), folder=repr(tf.id)
                        ),
                        _("rename the folder to data/logs/{id}/ or set id: {folder}").format(id=model.id, folder=tf.id),
                    )
                )
        elif isinstance(model, Log):
            _trainee_folder(ws, spec.path).logs.append(model)
    for spec, raw in (deferred or {}).items():
        tf = _trainee_folder(ws, spec.path)
        tf.deferred[spec.path] = (hashlib.sha256(raw).hexdigest(), raw)
        tf.reader = functools.partial(_read_deferred, loaded)
    for tf in ws.trainees.values():
        tf.sort_logs()
        profile_files = [tf.folder / f"{repo_files.PROFILE_NAME}{s}" for s in repo_files.YAML_SUFFIXES]
        if tf.profile is None and not any(f.is_file() for f in profile_files):  # a broken one is reported already
            loaded.problems.append(
                error(
                    "no-profile",
                    Origin(tf.folder / f"{repo_files.PROFILE_NAME}.yaml"),
                    _("trainee folder {id}/ has logs but no trainee.yaml").format(id=tf.id),
                    _(
                        "in the plan repo, lisplan init --trainee {id} --name NAME --plan PLAN --start DATE writes it "
                        "(or write it by hand: docs/file-formats.md)"
                    ).format(id=tf.id),
                )
            )


def _trainee_folder(ws: Workspace, path: Path) -> TraineeFiles:
    folder = path.parent
    tid = folder.name
    if tid not in ws.trainees:
        ws.trainees[tid] = TraineeFiles(tid, folder)
    return ws.trainees[tid]
