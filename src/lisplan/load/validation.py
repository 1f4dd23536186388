"""A file's validation errors as problems: pydantic's error paths become the file's keys with their
positions, its messages the catalog's words, and each problem gets the hint for its kind (the nearest
key or choice, the form a value takes). Used by the loader and before a write (checks/writable.py).
"""

from __future__ import annotations

import math
import typing
from typing import Any

from pydantic import BaseModel, ValidationError

from lisplan.core.i18n import N_, _, ngettext, number
from lisplan.core.problems import Loc, Origin, Problem, error
from lisplan.core.suggest import did_you_mean
from lisplan.models.log import ENTRY_KINDS, entry_kind

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
        message = _("unknown key {key} in {where}").format(key=shown(key), where=_label(loc[:-1]) or _("the file"))
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
        message = _("{where}: {value} is not allowed here").format(where=label, value=shown(value))
        return error("bad-value", where, message, hint)
    message = pydantic_message(err)
    if value is not None and not isinstance(value, (dict, list)) and repr(value) not in message:
        message = _("{message} (got {value})").format(message=message, value=shown(value))
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


def pydantic_message(err: Any) -> str:
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


def shown(value: Any, limit: int = 60) -> str:
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
