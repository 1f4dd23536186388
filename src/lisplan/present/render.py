"""Documents from templates: the semi-annual review and the cohort, as Markdown or a printable HTML page.

Templates are Jinja2 files named ``<document>.<md|html>.j2``. A plan repo's own ``templates/`` folder
overrides lisplan's; ``--template PATH`` picks one file. Undefined names are errors (StrictUndefined), so
a typo in a template is reported with its file and line instead of leaving a blank in the document.
Labels come in bokmål (the documents go to Norwegian colleagues) or English.

This is the only module that imports Jinja2: :func:`fill` builds the one environment, which renders
these documents and the files ``lisplan init`` writes (commands/scaffold.py).
"""

from __future__ import annotations

import re
import traceback
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from markupsafe import Markup, escape

from lisplan.core.identity import mask_identity_numbers
from lisplan.files.repo import packaged_templates
from lisplan.files.writer import yaml_scalar

LABELS: dict[str, dict[str, str]] = {
    "nb": {
        "title": "Halvårlig gjennomgang av individuell utdanningsplan",
        "fictional": "Fiktiv LIS (eksempeldata).",
        "trainee": "LIS",
        "plan": "Utdanningsplan",
        "mentor": "Veileder",
        "start": "Startdato",
        "as_of": "Per",
        "service": "Tjenestetid",
        "months": "måneder",
        "since": "Forrige gjennomgang",
        "status": "Status per del",
        "approved_total": "Godkjente læringsmål",
        "part": "Del",
        "approved": "Godkjent",
        "ready": "Klar",
        "in_progress": "Påbegynt",
        "not_started": "Ikke startet",
        "not_eligible": "Ikke ennå",
        "approved_since": "Godkjent siden",
        "goal": "Læringsmål",
        "title_col": "Tekst",
        "date": "Dato",
        "by": "Kvittert av",
        "none": "Ingen.",
        "ready_heading": "Klare for godkjenning (kvittering)",
        "signoff_heading": "Kvitteringer å se på",
        "why": "Hvorfor",
        "signoff-before-activities": "kvittert før læringsaktivitetene var gjennomført",
        "signoff-before-readiness": "kvittert før planens tidligste tidspunkt for målet",
        "self-signoff": "kvittert av LIS selv (teller ikke)",
        "signoff-not-supervisor": "kvittert av en som ikke er supervisør i planen",
        "procedures": "Prosedyrelister",
        "procedure": "Prosedyre",
        "done": "Utført",
        "minimum": "Minimum",
        "left": "Gjenstår",
        "pace": "Per måned",
        "reached": "Minimum nådd",
        "courses": "Kurs",
        "courses_taken": "Gjennomført",
        "course": "Kurs som gjenstår",
        "covers": "Læringsmål det dekker",
        "required": "Krav",
        "yes": "ja",
        "rotation": "Rotasjonsplan og gjenstående tjenestetid",
        "phase": "Periode",
        "where": "Sted",
        "from": "Fra",
        "to": "Til",
        "no_timeline": "Planen har ingen tidslinje.",
        "completion": "Beregnet ferdig",
        "unknown": "kan ikke beregnes ennå",
        "supervision": "Veiledning og supervisjon",
        "held": "Gjennomført",
        "due": "Mangler",
        "research": "Forskning og forbedringsarbeid",
        "research_none": "Ingen forskning registrert.",
        "improvement": "Forbedringsarbeid",
        "next_half_year": "Progresjonsplan for neste halvår",
        "until": "til",
        "and_more": "og %d til",
        "aim": "mål",
        "next_review": "Neste gjennomgang",
        "notes": "Veileders notater",
        "signatures": "Signaturer",
        "name": "Navn",
        "signature": "Signatur",
        "lis": "LIS",
        "cohort_title": "Oversikt over leger i spesialisering",
        "behind": "Etter plan",
        "supervision_overdue": "Veiledninger som mangler",
        "cohort_order": "Sortert med den som ligger lengst etter plan først.",
        "problems": "feil i filene (lisplan check)",
        "carried_over": "overført etter krysstabell",
        "confirmed_by": "bekreftet av",
        "revision": "Revisjon av læringsmål",
        "replaced_by": "ble erstattet av",
        "on": "den",
        "migration_pending": "Overføring av godkjenninger venter",
        "migrated": "Godkjenninger er overført",
        "no_crosswalk": "Ingen krysstabell (crosswalk): ingen godkjenning kan overføres ennå.",
        "carries_over": "kan overføres",
        "map_to_nothing": "svarer ikke til noe nytt læringsmål",
        "need_assessment": "nye læringsmål trenger ny kompetansevurdering",
        "unconfirmed": "krysstabellen er ikke bekreftet av utdanningsansvarlig overlege",
        "profile_names_old": "trainee.yaml nevner fortsatt",
    },
    "en": {
        "title": "Semi-annual review of the individual training plan",
        "fictional": "Fictional trainee (example data).",
        "trainee": "Trainee",
        "plan": "Training plan",
        "mentor": "Mentor",
        "start": "Start",
        "as_of": "As of",
        "service": "Service",
        "months": "months",
        "since": "Last review",
        "status": "Status by part",
        "approved_total": "Goals approved",
        "part": "Part",
        "approved": "Approved",
        "ready": "Ready",
        "in_progress": "In progress",
        "not_started": "Not started",
        "not_eligible": "Not yet",
        "approved_since": "Approved since",
        "goal": "Goal",
        "title_col": "Text",
        "date": "Date",
        "by": "Signed by",
        "none": "None.",
        "ready_heading": "Ready for sign-off",
        "signoff_heading": "Sign-offs to look at",
        "why": "Why",
        "signoff-before-activities": "signed off before its activities were done",
        "signoff-before-readiness": "signed off before the plan's readiness month",
        "self-signoff": "signed off by the trainee (does not count)",
        "signoff-not-supervisor": "signed off by someone who is not a supervisor in the plan",
        "procedures": "Procedure lists",
        "procedure": "Procedure",
        "done": "Done",
        "minimum": "Minimum",
        "left": "Left",
        "pace": "Per month",
        "reached": "Minimum reached",
        "courses": "Courses",
        "courses_taken": "Done",
        "course": "Course still needed",
        "covers": "Goals it covers",
        "required": "Required",
        "yes": "yes",
        "rotation": "Rotation plan and remaining service",
        "phase": "Phase",
        "where": "Where",
        "from": "From",
        "to": "To",
        "no_timeline": "The plan has no timeline.",
        "completion": "Projected completion",
        "unknown": "cannot be projected yet",
        "supervision": "Guidance and supervision",
        "held": "Held",
        "due": "Due",
        "research": "Research and improvement work",
        "research_none": "No research recorded.",
        "improvement": "Improvement project",
        "next_half_year": "Progress plan for the next half year",
        "until": "until",
        "and_more": "and %d more",
        "aim": "aim for",
        "next_review": "Next review",
        "notes": "Mentor's notes",
        "signatures": "Signatures",
        "name": "Name",
        "signature": "Signature",
        "lis": "Trainee",
        "cohort_title": "Trainees in specialist training",
        "behind": "Behind plan",
        "supervision_overdue": "Guidance meetings due",
        "cohort_order": "Furthest behind their schedule first.",
        "problems": "errors in the files (lisplan check)",
        "carried_over": "carried over by crosswalk",
        "confirmed_by": "confirmed by",
        "revision": "Revision of the learning goals",
        "replaced_by": "was replaced by",
        "on": "on",
        "migration_pending": "Carrying approvals over is pending",
        "migrated": "Approvals are carried over",
        "no_crosswalk": "No crosswalk: no approval can carry over yet.",
        "carries_over": "carry over",
        "map_to_nothing": "map to no new goal",
        "need_assessment": "new goals need a new competence assessment",
        "unconfirmed": "the crosswalk is not confirmed by the education lead",
        "profile_names_old": "trainee.yaml still names",
    },
}
FORMATS = {".md": "md", ".markdown": "md", ".html": "html", ".htm": "html"}


@dataclass
class TemplateError(Exception):
    """A template that cannot be read or run, with where."""

    message: str
    file: str = ""
    line: int | None = None
    hint: str = "fix the template (Jinja2 syntax: https://jinja.palletsprojects.com/templates/)"

    def __str__(self) -> str:
        return self.message


def output_format(path: Path) -> str | None:
    return FORMATS.get(path.suffix.lower())


def render(
    document: str,
    fmt: str,
    data: dict[str, Any],
    *,
    lang: str = "nb",
    repo: Path | None = None,
    template: Path | None = None,
) -> str:
    """``document`` ("review" or "cohort") as ``fmt`` ("md" or "html")."""
    import jinja2

    folders = [str(template.parent)] if template else []
    folders += [str(f) for f in (repo / "templates" if repo else None, packaged_templates()) if f and f.is_dir()]
    name = template.name if template else f"{document}.{fmt}.j2"
    context = {**data, "t": LABELS[lang], "lang": lang}
    if fmt == "html" and document == "review":
        context["charts"] = {
            "parts": Markup(parts_chart(data["parts"])),
            "procedures": Markup(procedures_chart(data["procedures"])),
        }
    try:
        return mask_identity_numbers(fill(folders, name, context, html=fmt == "html", markdown=fmt == "md"))
    except jinja2.TemplateNotFound:
        raise TemplateError(
            f"no template {name} (looked in {', '.join(folders) or 'nowhere'})",
            hint="check --template, or the plan repo's templates/ folder",
        ) from None
    except jinja2.TemplateSyntaxError as e:
        raise TemplateError(f"{e.message}", e.filename or name, e.lineno) from None
    except Exception as e:  # noqa: BLE001 - any error inside a template is the template's, reported with its line
        file, line = _template_frame(e, folders)
        raise TemplateError(f"{type(e).__name__}: {e}", file or name, line) from None


def fill(folders: list[str], name: str, context: dict[str, Any], *, html: bool = False, markdown: bool = False) -> str:
    """Template ``name``, looked up in ``folders`` in order, filled with ``context``.

    Undefined names are errors (StrictUndefined); HTML is escaped when ``html``, and with ``markdown``
    every printed value is inert Markdown text on one line; the filters are ``cell`` (text safe in a
    Markdown table cell) and ``yaml`` (a value as written after ``key: ``). A plan repo's templates are
    code from whoever can push to it, so they run in Jinja2's sandbox (no attribute walk to os.system,
    no changing the data). Jinja2's own errors (TemplateNotFound, TemplateSyntaxError, …) go to the caller.
    """
    import jinja2
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    env = ImmutableSandboxedEnvironment(
        loader=jinja2.FileSystemLoader(folders),
        undefined=jinja2.StrictUndefined,
        autoescape=html,
        keep_trailing_newline=True,
        trim_blocks=False,
        finalize=_markdown_text if markdown else None,
    )
    env.filters["cell"] = _cell
    env.filters["yaml"] = yaml_scalar
    return env.get_template(name).render(**context)


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
    (a name cannot start a heading or a new table row), ``|`` escaped for tables. Markup (lisplan's own)
    and numbers pass as they are."""
    if value is None or isinstance(value, (Markup, int, float)):
        return value
    text = " ".join(str(value).split())
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = text.replace("[", "\\[").replace("]", "\\]")
    text = _SCHEME.sub(lambda m: m.group(1) + "&#58;", text)
    return _UNESCAPED_PIPE.sub("\\|", text)


# --- charts ---------------------------------------------------------------------------------------


def parts_chart(parts: list[dict[str, Any]], width: int = 640) -> str:
    """Horizontal bars: each part's goals, approved share in green, ready in blue."""
    row, label_w = 18, 210
    bar_w = width - label_w - 50
    rows = [p for p in parts if p["total"]]
    height = row * len(rows) + 6
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" role="img" '
        f'aria-label="progress by part">'
    ]
    for i, p in enumerate(rows):
        y = 3 + i * row
        approved = bar_w * p["approved"] / p["total"]
        ready = bar_w * p["ready"] / p["total"]
        label = p["part_name"] + (f" / {p['area']}" if p.get("area") else "")
        out.append(f'<text x="0" y="{y + 12}">{escape(label[:34])}</text>')
        out.append(f'<rect x="{label_w}" y="{y + 2}" width="{bar_w}" height="12" fill="#eee"/>')
        out.append(f'<rect x="{label_w}" y="{y + 2}" width="{approved:.1f}" height="12" fill="#2e7d32"/>')
        out.append(f'<rect x="{label_w + approved:.1f}" y="{y + 2}" width="{ready:.1f}" height="12" fill="#1565c0"/>')
        out.append(f'<text x="{label_w + bar_w + 6}" y="{y + 12}">{p["approved"]}/{p["total"]}</text>')
    out.append("</svg>")
    return "".join(out)


def procedures_chart(procedures: list[dict[str, Any]], width: int = 640) -> str:
    """Each procedure list's count against its minimum (the minimum is the full bar)."""
    row, label_w = 22, 210
    bar_w = width - label_w - 70
    height = row * len(procedures) + 6
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" role="img" '
        f'aria-label="procedure counts against minimums">'
    ]
    for i, p in enumerate(procedures):
        y = 3 + i * row
        done = bar_w * min(p["done"] / p["required"], 1.0) if p["required"] else 0
        out.append(f'<text x="0" y="{y + 14}">{escape(str(p["name"])[:34])}</text>')
        out.append(f'<rect x="{label_w}" y="{y + 3}" width="{bar_w}" height="14" fill="#eee"/>')
        out.append(f'<rect x="{label_w}" y="{y + 3}" width="{done:.1f}" height="14" fill="#2e7d32"/>')
        out.append(f'<text x="{label_w + bar_w + 6}" y="{y + 14}">{p["done"]} / {p["required"]}</text>')
    out.append("</svg>")
    return "".join(out)
