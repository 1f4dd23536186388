"""Documents from templates: the semi-annual review and the cohort, as Markdown or a printable HTML page.

Templates are Jinja2 files named ``<document>.<md|html>.j2``. A plan repo's own ``templates/`` folder
overrides lisplan's; ``--template PATH`` picks one file. Undefined names are errors (StrictUndefined), so
a typo in a template is reported with its file and line instead of leaving a blank in the document.
Text is in the language lisplan speaks (core/i18n.py): templates call ``_()`` (Jinja2's i18n
extension, with lisplan's catalogs) and format with the filters ``date``, ``longdate`` and ``num``.

This is the only module that imports Jinja2: :func:`fill` builds the one environment, which renders
these documents and the files ``lisplan init`` writes (commands/init.py).
"""

from __future__ import annotations

import functools
import re
import traceback
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from markupsafe import Markup

from lisplan.core.i18n import N_, _, date, language, name_of, ngettext, number
from lisplan.core.identity import mask_identity_numbers
from lisplan.files.paths import note, safe_to_read
from lisplan.files.repo import packaged_templates
from lisplan.files.writer import yaml_scalar

#: what the review calls each kind of log entry it counts (present/review.py, ENTRY_KINDS)
ENTRY_KINDS = {
    "procedure": N_("Procedures"),
    "course": N_("Courses"),
    "teaching": N_("Teaching"),
    "self-study": N_("Self-study"),
    "introduction": N_("Introductions"),
    "mdt": N_("MDT meetings"),
    "supervision": N_("Guidance meetings"),
    "signoff": N_("Sign-offs"),
}
FORMATS = {".md": "md", ".markdown": "md", ".html": "html", ".htm": "html"}


#: the fix for a template that does not run (translated when the error is made)
TEMPLATE_HINT = N_("fix the template (Jinja2 syntax: https://jinja.palletsprojects.com/templates/)")


@dataclass
class TemplateError(Exception):
    """A template that cannot be read or run, with where."""

    message: str
    file: str = ""
    line: int | None = None
    hint: str = TEMPLATE_HINT

    def __post_init__(self) -> None:
        self.hint = _(self.hint)

    def __str__(self) -> str:
        return self.message


def output_format(path: Path) -> str | None:
    return FORMATS.get(path.suffix.lower())


def render(
    document: str,
    fmt: str,
    data: dict[str, Any],
    *,
    repo: Path | None = None,
    template: Path | None = None,
) -> str:
    """``document`` ("review" or "cohort") as ``fmt`` ("md" or "html")."""
    import jinja2

    folders = [str(template.parent)] if template else []
    folders += [str(f) for f in (repo / "templates" if repo else None, packaged_templates()) if f and f.is_dir()]
    # where a template (or what it includes) may really be: the repo, lisplan's own, the --template's folder
    roots = [r for r in (repo, packaged_templates(), template.parent if template else None) if r is not None]
    name = template.name if template else f"{document}.{fmt}.j2"
    context = {**data, "lang": language()}
    if fmt == "html" and document == "review":
        context["charts"] = charts(data)
    context.setdefault("site", None)  # the department's site (present/site.py) sets its links here
    try:
        return mask_identity_numbers(
            fill(folders, name, context, html=fmt == "html", markdown=fmt == "md", roots=roots)
        )
    except TemplateError:
        raise
    except jinja2.TemplateNotFound:
        raise TemplateError(
            _("no template {name} (looked in {folders})").format(name=name, folders=", ".join(folders) or _("nowhere")),
            hint=_("check --template, or the plan repo's templates/ folder"),
        ) from None
    except jinja2.TemplateSyntaxError as e:
        raise TemplateError(f"{e.message}", e.filename or name, e.lineno) from None
    except Exception as e:  # noqa: BLE001 - any error inside a template is the template's, reported with its line
        file, line = _template_frame(e, folders)
        raise TemplateError(f"{type(e).__name__}: {e}", file or name, line) from None


def charts(data: dict[str, Any]) -> dict[str, Any]:
    """The review's pictures (present/pictures.py), ready for a template."""
    from lisplan.present import pictures

    return {
        "parts": Markup(pictures.parts_chart(data["parts"])),
        "timeline": Markup(pictures.timeline_chart(data["timeline"])),
        "procedures": [Markup(pictures.procedure_chart(p, data["timeline"])) for p in data["procedures"]],
    }


def fill(
    folders: list[str],
    name: str,
    context: dict[str, Any],
    *,
    html: bool = False,
    markdown: bool = False,
    roots: list[Path] | None = None,
) -> str:
    """Template ``name``, looked up in ``folders`` in order, filled with ``context``.

    Undefined names are errors (StrictUndefined); HTML is escaped when ``html``, and with ``markdown``
    every printed value is inert Markdown text on one line; the filters are ``cell`` (text safe in a
    Markdown table cell) and ``yaml`` (a value as written after ``key: ``). A plan repo's templates are
    code from whoever can push to it, so they run in Jinja2's sandbox (no attribute walk to os.system,
    no changing the data). A template or include is read only when it really lies inside ``roots``
    (default: ``folders``), every symlink followed (files/paths.py): a repo's template that is a symlink
    to ``/proc/self/environ`` is a TemplateError, never read. Jinja2's own errors (TemplateNotFound,
    TemplateSyntaxError, …) go to the caller.
    """
    confined = tuple(roots if roots is not None else [Path(f) for f in folders])
    text: str = _environment(tuple(folders), confined, html, markdown).get_template(name).render(**context)
    return text


@functools.lru_cache(maxsize=16)
def _environment(folders: tuple[str, ...], roots: tuple[Path, ...], html: bool, markdown: bool) -> Any:
    """The environment ``fill`` renders with, made once per folders and kind: Jinja2 then compiles each
    template once per run, not once per document (``lisplan site`` fills the review for every trainee).
    Jinja2 still reloads a template whose file changed; words and dates follow the language at render
    time, since ``_`` and the filters look it up when called."""
    import jinja2
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    env = ImmutableSandboxedEnvironment(
        loader=_confined(list(folders), list(roots)),
        undefined=jinja2.StrictUndefined,
        autoescape=html,
        keep_trailing_newline=True,
        trim_blocks=False,
        finalize=_markdown_text if markdown else None,
        extensions=["jinja2.ext.i18n"],
    )
    env.install_gettext_callables(_, ngettext, newstyle=True)  # type: ignore[attr-defined]
    env.filters["cell"] = _cell
    env.filters["yaml"] = yaml_scalar
    env.filters["date"] = date
    env.filters["longdate"] = lambda day: date(day, long=True)
    env.filters["num"] = number
    env.filters["named"] = name_of
    env.filters["entry_kind"] = lambda kind: _(ENTRY_KINDS[kind])
    return env


def _confined(folders: list[str], roots: list[Path]) -> Any:
    """A loader of templates from ``folders`` that reads only files that lie inside ``roots``."""
    import jinja2
    from jinja2.loaders import split_template_path

    class Confined(jinja2.FileSystemLoader):
        def get_source(self, environment: Any, template: str) -> Any:
            for folder in self.searchpath:
                path = Path(folder, *split_template_path(template))
                if not path.is_file():
                    continue
                if not safe_to_read(path, *roots):
                    raise TemplateError(
                        _("template {name} leads out of the plan repo (to {path}); lisplan does not read it").format(
                            name=template, path=path.resolve()
                        ),
                        str(path),
                        hint=_("make the template a file of its own inside the plan repo's templates/ folder"),
                    )
                source, filename, uptodate = super().get_source(environment, template)
                note(Path(filename), source.encode("utf-8"))  # a remembered answer depends on it
                return source, filename, uptodate
            return super().get_source(environment, template)  # TemplateNotFound, as Jinja2 says it

    return Confined(folders)


def _template_frame(e: BaseException, folders: list[str]) -> tuple[str, int | None]:
    """The template file and line an error came from (Jinja2 puts template lines in the traceback)."""
    for frame in reversed(traceback.extract_tb(e.__traceback__)):
        if frame.filename.endswith(".j2") or any(frame.filename.startswith(f) for f in folders):
            return frame.filename, frame.lineno
    return "", None


def _cell(value: Any) -> str:
    """Text safe inside a Markdown table cell (marked safe, so that the template's finalize keeps it)."""
    return Markup(_markdown_text(value))


_SCHEME = re.compile(r"(?i)\b(javascript|vbscript|data|file)\s*:")
_UNESCAPED_PIPE = re.compile(r"(?<!\\)\|")


def _markdown_text(value: Any) -> Any:
    """Every value a Markdown template prints, as inert text on one line: no raw HTML (``<`` and ``>``
    become entities), no link (``[``, ``]`` escaped, ``javascript:`` and the like broken), no newline
    (a name cannot start a heading or a new table row; a space at either end is kept as one space),
    ``|`` escaped for tables. Markup (lisplan's own) and numbers pass as they are."""
    if value is None or isinstance(value, (Markup, int, float)):
        return value
    raw = str(value)
    # one line; a space the template put at either end (", ", " (over 30 days)") stays
    text = (
        (" " if raw[:1].isspace() else "") + " ".join(raw.split()) + (" " if raw[-1:].isspace() and raw.strip() else "")
    )
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = text.replace("[", "\\[").replace("]", "\\]")
    text = _SCHEME.sub(lambda m: m.group(1) + "&#58;", text)
    return _UNESCAPED_PIPE.sub("\\|", text)
