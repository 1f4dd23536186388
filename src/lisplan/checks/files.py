"""The files around the YAML: names under data/, and the reports and certificates entries link to.

A plan repo never holds a national identity number (nor a patient's name). A file named after a patient
(``data/logs/lis/reports/01019000083.md``) or a linked report that quotes one leaks it as surely as a
log entry would. A link that leads out of the repo is refused and its file never read (in CI it could
be a secret of the runner's).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from lisplan.checks.context import Context
from lisplan.core.i18n import _
from lisplan.core.identity import find_identity_numbers
from lisplan.core.problems import Origin, Problem, Severity, error
from lisplan.files.source import SourceError, decode, read_bytes
from lisplan.load.identity import WHY, mask
from lisplan.load.workspace import TraineeFiles
from lisplan.models.log import ENTRY_KINDS, Log

#: Entry keys that name a file of the trainee's (docs/file-formats.md).
LINK_KEYS = ("certificate", "report")


def check_data_names(ctx: Context) -> list[Problem]:
    """No file or folder under data/ whose name holds an identity number."""
    root = ctx.ws.root
    if root is None or not (root / "data").is_dir():
        return []
    problems = []
    for path in sorted((root / "data").rglob("*")):
        for _offset, number in find_identity_numbers(path.name):
            problems.append(
                Problem(
                    "identity-number",
                    (
                        _("the name of folder {name} holds {number}, a Norwegian national identity number")
                        if path.is_dir()
                        else _("the name of file {name} holds {number}, a Norwegian national identity number")
                    ).format(name=path.name, number=mask(number)),
                    path.parent,  # the folder: lisplan never opens a file to point into it
                    (),
                    _("rename it (git mv) without the number: patient identifiers do not belong in a plan repo"),
                    Severity.ERROR,
                )
            )
    return problems


def check_linked_files(ctx: Context) -> list[Problem]:
    """The report and certificate files entries link to: inside the repo, and no identity number in
    their names or (for text files) their contents. A PDF or image is not read."""
    root = ctx.ws.root
    if root is None:
        return []
    top = root.resolve()
    problems: list[Problem] = []
    for tf in ctx.ws.trainees.values():
        for log, i, key, value in links(ctx, tf):
            problems += _linked(value, [tf.folder, root], top, Origin(log.origin.file, ("entries", i, key)))  # type: ignore[union-attr]
    return problems


def links(ctx: Context, tf: TraineeFiles) -> Iterator[tuple[Log, int, str, str]]:
    """Each file the trainee's entries link to: the log, the entry's index, the key and the link as written."""
    for log, i, entry in ctx.of_kind(tf, _LINKING):  # most entries (examinations) link to nothing
        for key in _link_keys(type(entry)):
            value = getattr(entry, key)
            if isinstance(value, str) and value and log.origin:
                yield log, i, key, value


def link_problems(root: Path, top: Path, folder: Path, file: Path, i: int, key: str, value: str) -> list[Problem]:
    """What is wrong with the file entry ``i`` of the log ``file`` in the trainee's ``folder`` links to by
    ``key`` (see :func:`check_linked_files`); ``top`` is the repo's ``root`` resolved."""
    return _linked(value, [folder, root], top, Origin(file, ("entries", i, key)))


_KEYS_OF: dict[type, tuple[str, ...]] = {}


def _link_keys(cls: type) -> tuple[str, ...]:
    """The link keys an entry class has (asked once per class, not per entry)."""
    keys = _KEYS_OF.get(cls)
    if keys is None:
        fields = getattr(cls, "model_fields", {})
        keys = _KEYS_OF[cls] = tuple(k for k in LINK_KEYS if k in fields)
    return keys


#: the kinds of entry that can link to a file
_LINKING: tuple[type[Any], ...] = tuple(cls for cls in ENTRY_KINDS.values() if _link_keys(cls))


def _linked(value: str, bases: list[Path], top: Path, origin: Origin) -> list[Problem]:
    path = next((b / value for b in bases if (b / value).exists()), None)
    if path is None:
        return []  # not in the repo (yet): nothing to read
    real = path.resolve()
    if not real.is_relative_to(top):
        return [
            error(
                "outside-repo",
                origin,
                _("{value} leads out of the plan repo (to {path}); lisplan does not read it").format(
                    value=value, path=real
                ),
                _("link to a file inside the plan repo"),
            )
        ]
    problems = [
        error(
            "identity-number",
            origin,
            _("the name {value} holds {number}, a national identity number").format(value=value, number=mask(number)),
            _(WHY),
        )
        for _offset, number in find_identity_numbers(value)
    ]
    if not real.is_file():
        return problems
    try:
        text = decode(read_bytes(real))
    except SourceError:
        return problems  # not UTF-8 text (a PDF, an image) or too big: its contents are not scanned
    for offset, number in find_identity_numbers(text):
        problems.append(
            error(
                "identity-number",
                origin,
                _("{value} (line {line}) holds {number}, a Norwegian national identity number").format(
                    value=value, line=text.count(chr(10), 0, offset) + 1, number=mask(number)
                ),
                _("remove it from {value}: patient identifiers do not belong in a plan repo").format(value=value),
            )
        )
    return problems
