"""The department's site (``lisplan site``): the front page for the monthly assessment meeting (document 000,
2.1.7: «Enhetsleder for leger vil en gang per måned innkalle og arrangere et vurderingsmøte … for å
evaluere status og progresjon for hver LIS») and a page per trainee, which is the review document.

It only arranges what present/review.py already holds: a trainee's cohort row (the numbers of
``lisplan cohort``) and review data (those of ``status``, ``remaining`` and ``schedule``). Pages are
plain HTML with inline SVG and CSS, so the site opens from a folder, a CI artifact or Pages.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from lisplan.core.problems import Problem
from lisplan.present import pictures
from lisplan.present.render import render

#: where a trainee's page lives in the site, and the way back from it
TRAINEE_PAGE = "{trainee}/index.html"
HOME_FROM_TRAINEE = "../index.html"


def trainee_page(review: dict[str, Any], *, repo: Path | None) -> str:
    """A trainee's page: the review document (with its pictures), with a link back to the front page."""
    return render("review", "html", {**review, "site": {"home": HOME_FROM_TRAINEE}}, repo=repo)


def front_row(
    row: dict[str, Any], review: dict[str, Any] | None, problems: list[Problem], folder: Path
) -> dict[str, Any]:
    """A trainee's row on the front page: their cohort row as it is (the same numbers as ``lisplan cohort``)
    and, when their numbers could be computed, what the meeting looks at beside them."""
    warnings = sum(1 for p in problems if not p.is_error and p.file is not None and p.file.parent == folder)
    if review is None:
        return {**row, "page": None, "warnings": warnings}
    current = [p for p in review["phases"] if p["current"]]
    backlog = review["backlog"]
    return {
        **row,
        "page": TRAINEE_PAGE.format(trainee=row["trainee"]),
        "plan_name": review["plan"]["institution"],
        "mentor": review["trainee"]["mentor"],
        "fictional": review["trainee"]["fictional"],
        "summary": review["summary"],
        "parts": [{k: p[k] for k in ("part_name", "area", "total", "approved")} for p in review["parts"] if p["total"]],
        "parts_picture": pictures.mini_parts(review["parts"]),
        "phase": current[0]["name"] or current[0]["id"] if current else None,
        "phase_end": current[0]["end"] if current else None,
        "phase_number": review["phases"].index(current[0]) + 1 if current else None,
        "phases": len(review["phases"]),
        "timeline_picture": pictures.mini_timeline(review["timeline"]),
        "procedures": [
            {k: p[k] for k in ("id", "name", "name_en", "done", "required", "per_month", "needed_per_month", "pace")}
            for p in review["procedures"]
        ],
        "backlog": len(backlog),
        "backlog_overdue": sum(1 for b in backlog if b["overdue"]),
        "warnings": warnings,
    }


def front_page(rows: list[dict[str, Any]], as_of: str, *, repo: Path | None) -> str:
    """The front page: every trainee's row, in the order ``lisplan cohort`` ranks them."""
    return render("site", "html", {"as_of": as_of, "rows": rows, "states": pictures.STATES}, repo=repo)
