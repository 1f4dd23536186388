"""Load a plan repo: find its files, parse them and validate them into models (the checks run after).

``load(root)`` returns ``(workspace, problems)`` and never raises on anything a user wrote: a file
that cannot be parsed or validated becomes problems with positions, and the rest still loads.
"""

from __future__ import annotations

import contextlib
import gc
import math
import typing
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from lisplan.core.i18n import N_, _, ngettext, number
from lisplan.core.identity import mask_identity_numbers
from lisplan.core.problems import Loc, Origin, Problem, error, locate_all
from lisplan.core.suggest import did_you_mean
from lisplan.files import repo as repo_files
from lisplan.files.cache import Cache
from lisplan.files.paths import leads_out
from lisplan.files.source import Document, SourceError, line_from_disk, parse
from lisplan.load.workspace import TraineeFiles, Workspace
from lisplan.models import FILE_KINDS, Config, CourseList, Crosswalk, GoalSet, Log, Model, Plan, Trainee
from lisplan.models.log import ENTRY_KINDS, entry_kind


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


def load(root: Path | None, *, packaged: bool = True, logs: bool = True, trainee: str | None = None) -> Loaded:
    """Load lisplan's own catalogs (unless ``packaged=False``), then the repo at ``root``.

    ``logs=False`` leaves out the yearly logs (trainee profiles are still read): what a command that
    only adds to a log needs, at a fraction of the cost.
    """
    loaded = Loaded(Workspace(root), [], cache=Cache.for_repo(root))
    return _read(loaded, _readable(repo_files.load_specs(root, packaged=packaged, logs=logs, trainee=trainee), loaded))


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


def _read(loaded: Loaded, specs: list[repo_files.FileSpec]) -> Loaded:
    """``loaded`` with the files of ``specs`` read, validated and added to its workspace."""
    models = [(spec, _load_file(spec, loaded)) for spec in specs]
    _assemble(loaded, [(s, m) for s, m in models if m is not None])
    loaded.problems = locate_all(loaded.problems, _locator(loaded.documents))
    return loaded


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


def _load_file(spec: repo_files.FileSpec, loaded: Loaded) -> Model | None:
    try:
        doc = loaded.cache.read(spec.path).document
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
    origin = Origin(spec.path)
    kind = _kind_of(doc, spec, loaded.problems)
    if kind is None:
        return None
    cls = FILE_KINDS[kind]
    try:
        model = cls.model_validate(doc.data)
    except ValidationError as e:
        loaded.problems += validation_problems(e, cls, doc.data, origin)
        return None
    assign_origins(model, origin)
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
                    kind=_shown(kind), folder=where, expected=expected
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


# --- validation errors → problems ----------------------------------------------------------------


MAX_PROBLEMS_PER_FILE = 100


def validation_problems(e: ValidationError, cls: type[BaseModel], data: Any, origin: Origin) -> list[Problem]:
    """The schema problems of one file: the first hundred, then one saying how many more there are
    (a search-and-replace gone wrong can give every one of 20,000 entries the same error)."""
    problems = []
    errors = e.errors(include_url=False)
    for err in errors[:MAX_PROBLEMS_PER_FILE]:
        loc = _file_loc(tuple(err["loc"]), data)
        problems.append(_problem_for(err, loc, cls, data, origin))
    more = len(errors) - MAX_PROBLEMS_PER_FILE
    if more > 0:
        problems.append(
            error(
                "more-problems",
                origin,
                ngettext(
                    "and {n} more problems like these in this file",
                    "and {n} more problems like these in this file",
                    more,
                ).format(n=more),
                _("fix the ones above (often one edit fixes many), then run lisplan check again"),
            )
        )
    return problems


def _file_loc(loc: tuple[Any, ...], data: Any) -> Loc:
    """Pydantic's error path minus the union tags it adds (``entries.3.mdt.date`` → ``entries.3.date``)."""
    out: list[str | int] = []
    node = data
    for i, step in enumerate(loc):
        if (
            isinstance(step, str)
            and step in ENTRY_KINDS
            and i >= 2
            and loc[i - 2] == "entries"
            and isinstance(loc[i - 1], int)
            and entry_kind(node) == step
        ):
            continue  # the discriminator tag, not a key of the file (last when the whole entry is wrong)
        out.append(step)
        node = _step(node, step)
    return tuple(out)


def _step(node: Any, step: Any) -> Any:
    if isinstance(node, dict):
        return node.get(step)
    if isinstance(node, list) and isinstance(step, int) and 0 <= step < len(node):
        return node[step]
    return None


def _value_at(data: Any, loc: Loc) -> Any:
    for step in loc:
        data = _step(data, step)
    return data


def _label(loc: Loc) -> str:
    text = ""
    for step in loc:
        text += f"[{step}]" if isinstance(step, int) else (f".{step}" if text else str(step))
    return text


def _problem_for(err: Any, loc: Loc, cls: type[BaseModel], data: Any, origin: Origin) -> Problem:
    kind = err["type"]
    where = origin.at(*loc)
    label = _label(loc)
    if kind == "extra_forbidden":
        key = str(loc[-1])
        allowed = allowed_keys(cls, loc[:-1], data)
        hint = did_you_mean(key, allowed) or (
            _("allowed keys here: {keys}").format(keys=", ".join(allowed)) if allowed else _("remove it")
        )
        message = _("unknown key {key} in {where}").format(key=_shown(key), where=_label(loc[:-1]) or _("the file"))
        return error("unknown-key", where, message, hint, on_key=True)
    if kind == "missing":
        key = str(loc[-1])
        return error(
            "missing-key",
            origin.at(*loc[:-1]),
            _("{where} is missing {key}").format(where=_label(loc[:-1]) or _("the file"), key=repr(key)),
            _("add '{key}:' with a value").format(key=key),
        )
    if kind == "entry_kind":
        value = _value_at(data, loc)
        keys = list(value) if isinstance(value, dict) else []
        present = [k for k in keys if k in ENTRY_KINDS]
        if len(present) > 1:
            msg = _("{entry} has several kind keys ({keys})").format(entry=label, keys=", ".join(present))
            hint = _("split it into one entry per kind")
        else:
            guess = next((did_you_mean(k, ENTRY_KINDS) for k in keys if did_you_mean(k, ENTRY_KINDS)), "")
            msg = _("{entry} has no kind key ({keys})").format(entry=label, keys=", ".join(ENTRY_KINDS))
            hint = guess or _("start the entry with its kind, e.g. '- procedure: skeleton-scintigraphy'")
        return error("entry-kind", where, msg, hint)
    value = _value_at(data, loc)
    if kind in ("literal_error", "enum"):
        expected = err.get("ctx", {}).get("expected", "")
        choices = [c.strip(" '") for c in expected.replace(" or ", ",").split(",") if c.strip(" '")]
        hint = did_you_mean(str(value), choices) or _("use one of: {choices}").format(choices=", ".join(choices))
        message = _("{where}: {value} is not allowed here").format(where=label, value=_shown(value))
        return error("bad-value", where, message, hint)
    message = _pydantic_message(err)
    if value is not None and not isinstance(value, (dict, list)) and repr(value) not in message:
        message = _("{message} (got {value})").format(message=message, value=_shown(value))
    return error("bad-value", where, f"{label}: {message}", _hint_for(kind))


#: pydantic's messages for the schema faults users make, word for word (the English is pydantic's own
#: template, tests/test_i18n_check.py holds them to it), so they can be translated; others stay pydantic's
PYDANTIC_MESSAGES = {
    "missing": N_("Field required"),
    "model_type": N_("Input should be a valid dictionary or instance of {class_name}"),
    "model_attributes_type": N_("Input should be a valid dictionary or object to extract fields from"),
    "greater_than": N_("Input should be greater than {gt}"),
    "greater_than_equal": N_("Input should be greater than or equal to {ge}"),
    "less_than": N_("Input should be less than {lt}"),
    "less_than_equal": N_("Input should be less than or equal to {le}"),
    "string_type": N_("Input should be a valid string"),
    "dict_type": N_("Input should be a valid dictionary"),
    "list_type": N_("Input should be a valid list"),
    "bool_type": N_("Input should be a valid boolean"),
    "bool_parsing": N_("Input should be a valid boolean, unable to interpret input"),
    "int_type": N_("Input should be a valid integer"),
    "int_parsing": N_("Input should be a valid integer, unable to parse string as an integer"),
    "int_from_float": N_("Input should be a valid integer, got a number with a fractional part"),
    "float_type": N_("Input should be a valid number"),
    "float_parsing": N_("Input should be a valid number, unable to parse string as a number"),
    "date_type": N_("Input should be a valid date"),
}


def _pydantic_message(err: Any) -> str:
    """A validation error's message in the language spoken (a validator's own ValueError is translated
    where it is raised)."""
    template = PYDANTIC_MESSAGES.get(err["type"])
    if template is None:
        return str(err["msg"]).removeprefix("Value error, ")
    return _(template).format(**{k: _ctx_value(v) for k, v in err.get("ctx", {}).items()})


def _ctx_value(value: Any) -> Any:
    """A bound in a pydantic message as pydantic writes it (100, not 100.0), with the language's decimal sign."""
    if isinstance(value, float) and math.isfinite(value):
        shown = repr(value)
        return number(
            value, len(shown.split(".")[1]) if "." in shown and "e" not in shown and not value.is_integer() else 0
        )
    return value


def _shown(value: Any, limit: int = 60) -> str:
    """A value quoted in a message, cut short: a 10,000-character line is not worth repeating."""
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


_ANY_HINT = N_("see docs/file-formats.md for what belongs here")
_HINTS = {
    "string_type": N_("write text here (quote it if it looks like a number or date)"),
    "int_type": N_("write a whole number here"),
    "int_parsing": N_("write a whole number here"),
    "float_parsing": N_("write a number here"),
    "bool_type": N_("write true or false"),
    "bool_parsing": N_("write true or false"),
    "list_type": N_("write a list here: one '- item' per line, or [a, b]"),
    "model_type": N_("write a mapping (key: value lines) here"),
    "dict_type": N_("write a mapping (key: value lines) here"),
    "greater_than_equal": N_("use a larger number"),
    "greater_than": N_("use a larger number"),
    "less_than_equal": N_("use a smaller number"),
}


def _hint_for(kind: str) -> str:
    return _(_HINTS.get(kind, _ANY_HINT))


def allowed_keys(cls: type[BaseModel], loc: Loc, data: Any) -> list[str]:
    """The keys a mapping at ``loc`` may have, following the model class down the path."""
    current: Any = cls
    node = data
    for step in loc:
        node_next = _step(node, step)
        if isinstance(step, int):
            node = node_next
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return []
        field_info = next((f for n, f in current.model_fields.items() if (f.alias or n) == step), None)
        if field_info is None:
            return []
        current = _model_in(field_info.annotation, node_next)
        node = node_next
    if isinstance(current, type) and issubclass(current, BaseModel):
        return [f.alias or n for n, f in current.model_fields.items()]
    return []


def _model_in(annotation: Any, value: Any) -> Any:
    """The model class inside an annotation such as ``list[Entry]`` or ``Selector | None``."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    item = value[0] if isinstance(value, list) and value else value
    kind = entry_kind(item)
    if kind is not None and isinstance(item, dict):
        return ENTRY_KINDS[kind]
    for arg in typing.get_args(annotation):
        found = _model_in(arg, value)
        if found is not None:
            return found
    return None


# --- assembling the workspace -------------------------------------------------------------------


def _assemble(loaded: Loaded, models: Iterable[tuple[repo_files.FileSpec, Model]]) -> None:
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
    for tf in ws.trainees.values():
        tf.logs.sort(key=lambda log: (log.year or 0, str(log.origin.file if log.origin else "")))
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
