"""The problem codes of ``lisplan plan import``: faults in a filled-in activity sheet (core/codes.py holds
the registry and the codes of ``lisplan check`` and ``lisplan schedule``)."""

from __future__ import annotations

from lisplan.core.i18n import N_
from lisplan.core.problems import Code

#: Faults in a filled-in activity sheet that ``lisplan plan import`` reports at their cell (``Aktiviteter!E17``);
#: nothing is written while there is one. They are tested cell by cell in tests/test_plan_sheet.py. A sheet
#: also reports some of the codes above: identity-number, unknown-goal, unknown-goal-set, unknown-course.
SHEET_CODES: dict[str, Code] = {
    c.name: c
    for c in (
        Code(
            "not-xlsx",
            "error",
            N_("the file is not an .xlsx workbook (.xls, .ods, CSV or other)"),
            N_("save the sheet as Excel 2007-365 (.xlsx) and import that"),
        ),
        Code(
            "password-protected",
            "error",
            N_("the workbook is password-protected, so it cannot be read"),
            N_("remove the password in Excel or LibreOffice, save, and import again"),
        ),
        Code(
            "too-big",
            "error",
            N_("the file, what it unpacks to, or its number of rows is far beyond a plan's sheet"),
            N_("import the sheet lisplan plan sheet wrote; delete rows that do not belong"),
        ),
        Code("unreadable", "error", N_("the file cannot be read"), N_("check the path and its permissions")),
        Code(
            "missing-library",
            "error",
            N_("reading xlsx needs the openpyxl library"),
            N_("install it: pip install 'lisplan[xlsx]'"),
        ),
        Code(
            "no-sheet",
            "error",
            N_("the workbook has no sheet named Aktiviteter"),
            N_("import the workbook lisplan plan sheet wrote (rename the sheet back if it was renamed)"),
        ),
        Code(
            "missing-column",
            "error",
            N_("a column lisplan plan sheet wrote is missing from the header row"),
            N_("keep every column (their order may change)"),
        ),
        Code(
            "no-goal", "error", N_("a row has an activity but no goal code"), N_("write the goal's code, e.g. NUK-116")
        ),
        Code(
            "no-activity",
            "error",
            N_("a row fills in activity details but names no learning activity"),
            N_("choose the activity from the dropdown"),
        ),
        Code(
            "unknown-activity",
            "error",
            N_("the learning activity is none of the six kinds the plan sheet offers"),
            N_("choose from the dropdown: Undervisning, Introduksjon, Kurs, Selvstudium, Prosedyreliste, MDT-møte"),
        ),
        Code(
            "duplicate-row",
            "error",
            N_("the same activity for the same goal appears twice"),
            N_("delete one of the two rows, or give them different topics"),
        ),
        Code(
            "unknown-signer",
            "error",
            N_("'Signeres av' names neither the trainee (LIS) nor a supervisor"),
            N_("write LIS or Supervisør, or leave it empty"),
        ),
        Code(
            "wrong-signer",
            "error",
            N_("the signer is not the one who signs this activity off"),
            N_("write the signer the Forklaring sheet gives for the activity, or leave it empty"),
        ),
        Code(
            "not-a-whole-number",
            "error",
            N_("Antall is not a whole number of 1 or more"),
            N_("write a whole number, such as 400"),
        ),
        Code(
            "no-procedure",
            "error",
            N_("a procedure-list activity names no procedure list"),
            N_("write the procedure list's name in Prosedyreliste"),
        ),
        Code(
            "no-minimum",
            "error",
            N_("a procedure list has no minimum in any of its rows"),
            N_("write the minimum number of examinations in Antall"),
        ),
        Code(
            "bad-procedure",
            "error",
            N_("the procedure list's name cannot become an id (no letter or digit)"),
            N_("write a name with letters"),
        ),
        Code(
            "conflicting-minimum",
            "error",
            N_("rows give one procedure list different minimums"),
            N_("write the same number in every row for it"),
        ),
        Code(
            "misplaced-procedure",
            "error",
            N_("a procedure list is named for an activity that is not a procedure list"),
            N_("choose Prosedyreliste as the activity, or empty the cell"),
        ),
        Code(
            "misplaced-course",
            "error",
            N_("a course is named for an activity that is not a course"),
            N_("choose Kurs as the activity, or empty the cell"),
        ),
        Code(
            "damaged",
            "error",
            N_("the workbook is damaged: a part of it cannot be read"),
            N_("open it in Excel or LibreOffice, save it again as .xlsx and import that"),
        ),
        Code(
            "encoding",
            "error",
            N_("a worklist is not UTF-8 text"),
            N_("export it as CSV UTF-8 (in Excel: Save As, CSV UTF-8), or as .xlsx"),
        ),
        Code(
            "not-csv",
            "error",
            N_("a worklist cannot be read as CSV (a field far too long, or broken quoting)"),
            N_("export it again"),
        ),
        Code(
            "no-column",
            "error",
            N_("a worklist has no column lisplan needs, or none by the name an option gave"),
            N_("name the column with --accession-column or --examination-column, as the first row writes it"),
        ),
    )
}
