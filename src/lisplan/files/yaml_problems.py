"""What libyaml says is wrong with a file's YAML, in words a user reads (files/source.py raises it)."""

from __future__ import annotations

from typing import Any

from lisplan.core.i18n import N_, _, word


def yaml_error(e: Any) -> tuple[str, int, int, str]:
    """libyaml's complaint about a file (PyYAML's ``MarkedYAMLError``) in words a user reads: the message,
    its line and column, and what to do."""
    mark = e.problem_mark or e.context_mark
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    problem = (e.problem or "").strip()
    context = (e.context or "").strip()
    hint = _("check the indentation and the punctuation (:, -, quotes) on this line and the one above")
    if "'\\t'" in problem or "\\t" in problem or "tab" in problem:
        hint = _("YAML indents with spaces only: replace the tab with spaces")
    elif "expected a single document" in problem or "but found another document" in problem:
        hint = _("a lisplan file holds one YAML document: remove the extra '---'")
    elif "mapping values are not allowed" in problem:
        hint = _("a value containing ': ' must be quoted, or the line is indented wrongly")
    elif "found undefined alias" in problem:
        hint = _("lisplan files do not use anchors and aliases (& and *); write the value out")
    elif "could not find expected ':'" in problem:
        hint = _("a key needs ': ' after it; quote text that contains special characters")
    said = word(_YAML_PROBLEMS, problem)
    if context and context not in problem:
        said = _("{problem} ({context})").format(problem=said, context=_(_YAML_PROBLEMS.get(context, context)))
    return _("is not valid YAML: {problem}").format(problem=said), line, col, hint


#: libyaml's most common complaints, in words a user reads (others are shown as libyaml says them)
_YAML_PROBLEMS = {
    "mapping values are not allowed in this context": N_("mapping values are not allowed in this context"),
    "could not find expected ':'": N_("could not find expected ':'"),
    "found character that cannot start any token": N_("found character that cannot start any token"),
    "did not find expected key": N_("did not find expected key"),
    "did not find expected '-' indicator": N_("did not find expected '-' indicator"),
    "found undefined alias": N_("found undefined alias"),
    "while scanning for the next token": N_("while scanning for the next token"),
    "while scanning a simple key": N_("while scanning a simple key"),
    "while parsing a block mapping": N_("while parsing a block mapping"),
    "while parsing a block collection": N_("while parsing a block collection"),
    "while scanning a quoted scalar": N_("while scanning a quoted scalar"),
    "found unexpected end of stream": N_("found unexpected end of stream"),
    "while parsing a flow sequence": N_("while parsing a flow sequence"),
    "while parsing a flow mapping": N_("while parsing a flow mapping"),
    "did not find expected ',' or ']'": N_("did not find expected ',' or ']'"),
    "did not find expected ',' or '}'": N_("did not find expected ',' or '}'"),
}
