"""``lisplan site DIR``: the department's static site, built from the repo a trainee at a time.

``DIR/index.html`` is the front page for the education lead's monthly assessment meeting (every trainee
as a row, ranked as ``lisplan cohort`` ranks them); ``DIR/<trainee>/index.html`` is each trainee's
review with its pictures. Nothing needs a server: the folder opens from disk, a CI artifact or Pages.

The site is in bokmål unless ``--lang``/``LISPLAN_LANG`` says otherwise or ``lisplan.yaml`` names a
language. lisplan writes a list of what it wrote (``.lisplan-site``) and, on the next build, removes
those files first (a trainee who left the department leaves the site too); a folder with other files
and no such list is refused, so a site is never built over someone's documents.
"""

from __future__ import annotations

import datetime as dt
from itertools import chain
from pathlib import Path

from lisplan.commands.errors import Stop
from lisplan.commands.render_all import refuse_unless_publishing, reported
from lisplan.commands.session import Session, trainees_in_parts
from lisplan.core import i18n
from lisplan.core.i18n import _
from lisplan.files.atomic import atomic_write
from lisplan.files.repo import read_by_lisplan
from lisplan.models import Config
from lisplan.present.review import rank, review, trainees_computed
from lisplan.present.site import front_page, front_row, trainee_page
from lisplan.present.written import Rendered

#: the list of files a build wrote, so that the next build can remove them
MANIFEST = ".lisplan-site"


def build(root: Path, out: Path, *, today: dt.date, as_of: dt.date, publish: bool = False) -> Rendered:
    """Write the site into ``out``: a page per trainee whose files pass check, then the front page. With
    ``publish`` (CI's Pages step), only when ``lisplan.yaml`` says ``pages: true``."""
    parts = trainees_in_parts(root, today)  # a trainee at a time: a department is never held at once
    shared = next(parts)
    config = shared[0].config or Config(kind="config")
    if publish:
        refuse_unless_publishing(config, "--publish")
    refused = read_by_lisplan(root, out / "index.html")
    if refused:
        raise Stop(
            _("{folder}: {why}, so lisplan will not build a site there").format(folder=out, why=refused),
            _("build the site in a folder of its own, outside data/ and templates/ (e.g. nettsted)"),
        )
    _clear(out)
    lang = i18n.language() if i18n.overridden() else (config.language or "nb")
    done = Rendered(out)
    rows = []
    with i18n.speaking(lang):
        for each, row, numbers in trainees_computed(chain([shared], parts), as_of):
            data = review(*numbers, None, each.ws, each.tf) if numbers else None
            if data is not None:
                _write(out, done, f"{row['trainee']}/index.html", trainee_page(data, repo=root))
            else:
                done.left_out.append(row["name"])
            rows.append(front_row(row, data, each.problems, each.tf.folder))
        _write(out, done, "index.html", front_page(rank(rows), as_of.isoformat(), repo=root))
    atomic_write(out / MANIFEST, "".join(f"{p.as_posix()}\n" for p in done.files).encode())
    return done


def _write(out: Path, done: Rendered, rel: str, text: str) -> None:
    path = out / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(path, text.encode("utf-8"))
    done.files.append(Path(rel))


def _clear(out: Path) -> None:
    """Remove what the last build wrote; refuse a folder that holds anything else and no list of it."""
    manifest = out / MANIFEST
    if not out.exists():
        return
    if not out.is_dir():
        raise Stop(_("{folder}: not a folder").format(folder=out), _("name a folder for the site"))
    if not manifest.is_file():
        if any(out.iterdir()):
            raise Stop(
                _("{folder}: the folder is not empty, and lisplan did not build a site there").format(folder=out),
                _("name an empty or new folder for the site (lisplan removes what it wrote there on the next build)"),
            )
        return
    for line in manifest.read_text(encoding="utf-8").splitlines():
        rel = Path(line)
        if line and not rel.is_absolute() and ".." not in rel.parts:
            (out / rel).unlink(missing_ok=True)
            if rel.parent != Path(".") and (out / rel.parent).is_dir() and not any((out / rel.parent).iterdir()):
                (out / rel.parent).rmdir()


def run(s: Session, out: Path, as_of: str | None, *, publish: bool = False) -> int:
    """``lisplan site DIR``: the site, and exit 1 when a trainee's files have errors (their row says so)."""
    when = s.date(as_of, "--as-of")
    return reported(out, lambda: build(s.root, out, today=s.today(), as_of=when, publish=publish))
