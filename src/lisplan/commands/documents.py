"""Documents and tables that leave lisplan: ``render`` (the review, the cohort) and ``export``."""

from __future__ import annotations

from pathlib import Path

from lisplan.commands.errors import PROBLEMS, Stop
from lisplan.commands.report import cohort_data
from lisplan.commands.session import Session, emit
from lisplan.core.i18n import _, ngettext, word
from lisplan.core.kinds import ExportFormat
from lisplan.present.console import plain


def render(
    s: Session,
    file: Path,
    trainee: str | None,
    as_of: str | None,
    since: str | None,
    template: Path | None,
) -> None:
    """Write the semi-annual review (any name) or the education lead's cohort (cohort.md / cohort.html)."""
    from lisplan.present.render import TemplateError, output_format
    from lisplan.present.render import render as render_document

    fmt = output_format(file)
    if fmt is None:
        raise Stop(_("{file}: lisplan writes .md or .html").format(file=file), _("name the file plan.md or plan.html"))
    if template is not None and not template.is_file():
        raise Stop(_("--template {file}: no such file").format(file=template), _("give the path of a Jinja2 template"))
    when = s.date(as_of, "--as-of")
    if file.stem.lower() == "cohort":
        document, data = "cohort", cohort_data(s, when)
    else:
        from lisplan.present.review import computed, review

        ws, tf = s.workspace(trainee)
        document, data = "review", review(*computed(ws, tf, when), s.date(since, "--since") if since else None, ws, tf)
    try:
        text = render_document(document, fmt, data, repo=s.root, template=template)
    except TemplateError as e:
        where = e.file + (f":{e.line}" if e.line else "")
        raise Stop(f"{where}: {e.message}" if where else e.message, e.hint, code=PROBLEMS) from None
    emit(text.encode("utf-8"), file, s.root, label="")
    plain(_("Wrote {file}").format(file=file))


def export(
    s: Session,
    fmt: ExportFormat,
    kinds: list[str],
    out: Path | None,
    trainee: str | None,
    as_of: str | None,
) -> None:
    """The log and the computed status as tables, for spreadsheets and for the national portal."""
    from lisplan.compute.progress import compute
    from lisplan.present.export import KINDS, MissingLibrary, tables, to_csv, to_json, to_xlsx

    wanted = kinds or (["entries"] if fmt == "csv" else KINDS)
    if fmt == "csv" and len(wanted) > 1:
        raise Stop(_("a CSV file holds one table"), _("pass one --kind, or use --format xlsx or json for several"))
    if fmt == "xlsx" and out is None:
        raise Stop(_("xlsx is a binary file, not for the terminal"), _("add --out FILE.xlsx"))
    when = s.date(as_of, "--as-of")
    ws, tf = s.workspace(trainee)
    found = tables(ws, tf, compute(ws, tf, when), wanted)
    if fmt == "csv":
        data = to_csv(found[0])
    elif fmt == "json":
        data = to_json({"trainee": tf.id, "as_of": when.isoformat()}, found)
    else:
        try:
            data = to_xlsx(found)
        except MissingLibrary:
            raise Stop(
                _("--format xlsx needs the XlsxWriter library"), _("install it: pip install 'lisplan[xlsx]'")
            ) from None
    emit(data, out, s.root)
    if out is not None:
        from lisplan.present.export import SHEETS

        name = (lambda table: word(SHEETS, table)) if fmt == "xlsx" else (lambda table: table)
        rows = ", ".join(
            ngettext("{table} ({n} row)", "{table} ({n} rows)", len(t.rows)).format(table=name(t.name), n=len(t.rows))
            for t in found
        )
        plain(_("Wrote {tables} to {file}").format(tables=rows, file=out))
