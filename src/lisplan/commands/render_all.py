"""``lisplan render-all``: every trainee's review and the cohort in one folder, as CI hands them out.

For each trainee whose files pass check: ``<trainee>-<date>/plan.html`` and ``plan.md``; for the
education lead ``cohort-<date>.html``; all in the repo's language (``language:`` in ``lisplan.yaml``).
With ``site`` also an ``index.html`` linking them, for a static site; that is refused unless
``lisplan.yaml`` says ``pages: true``, so a CI file that still publishes after the repo turned pages off
fails instead of publishing.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable
from dataclasses import dataclass
from itertools import chain
from pathlib import Path

from lisplan.commands.errors import OK, PROBLEMS, Stop
from lisplan.commands.session import Session, trainees_in_parts
from lisplan.core import i18n
from lisplan.core.i18n import _
from lisplan.files.atomic import atomic_write
from lisplan.files.repo import CONFIG_NAME
from lisplan.models import Config
from lisplan.present.render import TemplateError, render
from lisplan.present.review import rank, review, trainees_computed
from lisplan.present.written import Rendered, print_rendered

REVIEW_FORMATS = ("html", "md")


@dataclass
class DocumentsRefused(Exception):
    """``render-all`` cannot do what was asked; nothing was written."""

    message: str
    hint: str = ""

    def __str__(self) -> str:
        return self.message


def refuse_unless_publishing(config: Config, option: str) -> None:
    """A CI step that publishes (``option``) goes on only while ``lisplan.yaml`` says ``pages: true``: a CI
    file that still publishes after the repo turned pages off fails instead of publishing."""
    if not config.pages:
        raise DocumentsRefused(
            _("{option}: {file} does not publish a site (pages: true is not set)").format(
                option=option, file=CONFIG_NAME
            ),
            _(
                "set pages: true in {file} to publish, or drop {option}; if pages were turned off on "
                "purpose, run lisplan init --upgrade-ci so that CI stops publishing"
            ).format(file=CONFIG_NAME, option=option),
        )


def render_all(root: Path, out: Path, *, today: dt.date, as_of: dt.date, site: bool = False) -> Rendered:
    """Render every trainee's review (HTML and Markdown) and the cohort (HTML) into ``out``."""
    parts = trainees_in_parts(root, today)  # a trainee at a time: a department is never held at once
    shared = next(parts)
    config = shared[0].config or Config(kind="config")
    if site:
        refuse_unless_publishing(config, "--site")
    day = as_of.isoformat()
    texts: dict[str, str] = {}
    left_out = []
    # the repo's language: (CI has no locale); --lang and LISPLAN_LANG still override it
    lang = config.language if config.language and not i18n.overridden() else i18n.language()

    rows = []
    with i18n.speaking(lang):
        for each, row, numbers in trainees_computed(chain([shared], parts), as_of):  # each trainee computed once
            rows.append(row)
            if numbers is None:
                left_out.append(row["trainee"])
                continue
            data = review(*numbers, None, each.ws, each.tf)
            for fmt in REVIEW_FORMATS:
                texts[f"{row['trainee']}-{day}/plan.{fmt}"] = render("review", fmt, data, repo=root)
        texts[f"cohort-{day}.html"] = render("cohort", "html", {"as_of": day, "rows": rank(rows)}, repo=root)
    if site:
        texts["index.html"] = _index(sorted(texts), day)
    done = Rendered(out, left_out=left_out)
    for rel, text in texts.items():
        path = out / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(path, text.encode("utf-8"))
        done.files.append(Path(rel))
    return done


def _index(paths: list[str], day: str) -> str:
    """A plain page linking every document, the landing page of the static site."""
    links = "\n".join(f'<li><a href="{html.escape(p)}">{html.escape(p)}</a></li>' for p in paths)
    return (
        '<!doctype html>\n<html><head><meta charset="utf-8"><title>lisplan</title></head><body>\n'
        f"<h1>lisplan, {day}</h1>\n<ul>\n{links}\n</ul>\n</body></html>\n"
    )


def run(s: Session, out: Path, as_of: str | None, *, site: bool) -> int:
    """``lisplan render-all DIR``: the documents, and exit 1 when a trainee was left out for errors."""
    return reported(out, lambda: render_all(s.root, out, today=s.today(), as_of=s.date(as_of, "--as-of"), site=site))


def reported(out: Path, write: Callable[[], Rendered]) -> int:
    """Call ``write`` (which writes documents into ``out``) and list what it wrote; exit 1 when a trainee was
    left out for errors. A template that fails, a refusal and a folder that cannot be written stop here."""
    try:
        done = write()
    except TemplateError as e:
        where = e.file + (f":{e.line}" if e.line else "")
        raise Stop(f"{where}: {e.message}" if where else e.message, e.hint, code=PROBLEMS) from None
    except DocumentsRefused as e:
        raise Stop(e.message, e.hint, code=PROBLEMS) from None
    except OSError as e:
        raise Stop(
            _("{folder}: cannot write ({why})").format(folder=out, why=e.strerror),
            _("check the folder's permissions, or write somewhere else"),
        ) from None
    print_rendered(done)
    return PROBLEMS if done.left_out else OK
