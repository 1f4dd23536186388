"""What every writer checks in a file before it adds to it: the file holds no national identity number
and is valid as its kind (a log, a trainee profile). A file that fails is not written to; the
:class:`WriteError` says why, with the problems and their positions."""

from __future__ import annotations

from pydantic import ValidationError

from lisplan.core.i18n import _, ngettext
from lisplan.core.problems import Origin
from lisplan.files.source import Document
from lisplan.files.writer import WriteError
from lisplan.models import Log, Trainee


def valid_log(doc: Document) -> None:
    """Raise WriteError unless ``doc`` is a valid log: what every writer of a log checks first."""
    _validate(doc, Log)


def valid_profile(doc: Document) -> None:
    _validate(doc, Trainee)


def _validate(doc: Document, cls: type) -> None:
    """Raise WriteError unless ``doc`` holds no identity number and is valid as ``cls``.

    The verdict is cached for the bytes (the ``valid`` fact), so the scan runs once per version of a file.
    """
    from lisplan.load.identity import document_identity_problems
    from lisplan.load.loader import locate_problems
    from lisplan.load.validation import validation_problems

    found = document_identity_problems(doc)
    if found:
        first = found[0]
        raise WriteError(
            ngettext(
                "{file} holds {n} national identity number (on line {line}), so lisplan will not add to it",
                "{file} holds {n} national identity numbers (the first on line {line}), so lisplan will not add to it",
                len(found),
            ).format(file=doc.path.name, n=len(found), line=first.line),
            first.hint,
            found,
        )
    try:
        cls.model_validate(doc.data)  # type: ignore[attr-defined]
    except ValidationError as e:
        problems = locate_problems(validation_problems(e, cls, doc.data, Origin(doc.path)), doc)
        first = problems[0]
        raise WriteError(
            ngettext(
                "{file} has {n} problem, so lisplan will not write to it (line {line}: {message})",
                "{file} has {n} problems, so lisplan will not write to it (the first, line {line}: {message})",
                len(problems),
            ).format(file=doc.path.name, n=len(problems), line=first.line, message=first.message),
            _("fix the file (lisplan check shows every problem), then run this again"),
            problems,
        ) from None
