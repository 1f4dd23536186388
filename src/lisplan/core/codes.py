"""Every problem code lisplan reports, with its severity, what it means and how to fix it.

``lisplan check --explain CODE`` prints an entry, the way compilers explain their error codes. A new
code is one entry here plus a fixture in ``tests/errors/`` (see the README's development section);
tests/test_codes.py fails on a code the code base emits that is not here, and on one without a fixture.

Severity is the one a code is reported with (``--strict`` makes warnings errors); a ``flag`` is a rule
or risk ``lisplan schedule`` shows beside the rotation plan, not a problem in a file.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Kind = Literal["error", "warning", "flag"]


@dataclass(frozen=True)
class Code:
    name: str
    severity: Kind
    explanation: str
    fix: str


CODES: dict[str, Code] = {
    c.name: c
    for c in (
        Code(
            "outside-repo",
            "error",
            "a file under data/ (or a file an entry links to) is a link to a file outside the plan repo; lisplan "
            "does not read it or show a line of it",
            "replace the link with the file itself, or link to a file inside the plan repo",
        ),
        # --- rules of approval and time (issue 16) ---
        Code(
            "signoff-before-in-force",
            "warning",
            "a goal is signed off before its goal set came into force (an fkm-2026 goal before 2026-03-01); "
            "lisplan does not count it as approved",
            "sign it off again on or after the set's in-force date, or name the goal meant in the set then in force",
        ),
        Code(
            "unknown-topic",
            "error",
            "a group-supervision entry names a topic that is none of the plan's supervision.group_topics "
            "(by id, name or alias), so it would not be counted",
            "name one of the plan's topics; the message suggests the nearest",
        ),
        # --- reading files (files/source.py, load/loader.py) ---
        Code(
            "yaml",
            "error",
            "the file cannot be read as YAML (syntax, encoding, a merge conflict)",
            "fix the text at the position shown; the hint says how",
        ),
        Code("empty", "error", "the file is empty", "write the file's kind on its first line, e.g. 'kind: log'"),
        Code(
            "not-a-mapping",
            "error",
            "the file is a list or a single value, not keys with values",
            "start the file with 'kind:' and its keys",
        ),
        Code(
            "no-kind",
            "error",
            "the file has no 'kind:' key, so lisplan cannot tell what it is",
            "add 'kind: …' at the top (log, trainee, plan, goal-set, courses, crosswalk)",
        ),
        Code(
            "wrong-kind",
            "error",
            "the file's kind does not belong in the folder it sits in",
            "move the file to the folder for its kind, or fix 'kind:'",
        ),
        Code(
            "unknown-key",
            "error",
            "a key the file format does not have (often a typo)",
            "use the key the hint suggests, or remove it (docs/file-formats.md lists the keys)",
        ),
        Code(
            "bad-value",
            "error",
            "a value of the wrong type or form (a date, number, id or choice)",
            "write the value in the form the message names",
        ),
        Code(
            "entry-kind",
            "error",
            "a log entry without exactly one kind key (procedure, course, signoff, …)",
            "give the entry one kind key, as its first key",
        ),
        Code(
            "more-problems",
            "error",
            "so many problems in one file that the rest are summarised",
            "fix the ones shown (often one edit fixes many), then check again",
        ),
        Code(
            "identity-number",
            "error",
            "a Norwegian national identity number (fødselsnummer or D-nummer) in a file",
            "remove it: logs never hold patient identities; use the accession number",
        ),
        Code(
            "duplicate-id",
            "error",
            "two goal sets, plans, course lists, crosswalks, courses or phases share an id",
            "give each its own id, or remove one",
        ),
        Code(
            "trainee-id",
            "error",
            "a trainee's id or a log's 'trainee:' differs from the folder it sits in",
            "make 'id:'/'trainee:' and the folder name data/logs/<id>/ the same",
        ),
        Code(
            "no-profile",
            "error",
            "a trainee folder has logs but no trainee.yaml",
            "lisplan init --trainee ID … writes it, or write it by hand",
        ),
        # --- references (checks/references.py) ---
        Code(
            "unknown-goal",
            "error",
            "a goal code that is in none of the goal sets in use",
            "check the code against the goal set in data/goals/",
        ),
        Code(
            "unknown-goal-set",
            "error",
            "a goal set id that no file in data/goals/ defines",
            "name a goal set in data/goals/",
        ),
        Code(
            "unknown-plan", "error", "the trainee's 'plan:' names no plan in data/plans/", "name a plan in data/plans/"
        ),
        Code(
            "unknown-part",
            "error",
            "a goal's 'part:' is not one of its goal set's parts",
            "add the part to 'parts:' or use one of them",
        ),
        Code("unknown-area", "error", "a goal's 'area:' is not one of its part's areas", "use one of the part's areas"),
        Code(
            "unknown-section",
            "warning",
            "a plan selects goals by a section no goal of its goal sets is in",
            "use a section the goal sets have (the hint lists them)",
        ),
        Code(
            "unknown-arena",
            "error",
            "a timeline phase names an arena the plan does not list",
            "name one of the plan's arenas",
        ),
        Code(
            "unknown-agreement",
            "error",
            "a timeline phase names an agreement the plan does not list",
            "name one of the plan's agreements",
        ),
        Code(
            "unknown-course",
            "error",
            "a course id that no course list in data/goals/ defines",
            "add it to a course list, or fix the id",
        ),
        Code(
            "unknown-procedure",
            "error",
            "a procedure that the plan's procedure lists do not have",
            "use one of the plan's procedures, or add it under 'procedures:'",
        ),
        Code(
            "unknown-supervisor",
            "error",
            "a supervisor or mentor id that neither trainee.yaml nor the plan lists",
            "add them under 'supervisors:' in trainee.yaml or the plan",
        ),
        Code(
            "unknown-crosswalk",
            "error",
            "an approval carried over by a crosswalk that does not exist",
            "name a crosswalk in data/goals/, or remove the entry and run lisplan migrate",
        ),
        Code(
            "missing-key",
            "error",
            "a procedure-list activity or sign-off without 'procedure:'",
            "name the procedure list",
        ),
        Code(
            "bad-choice",
            "error",
            "a course group asks to choose more courses than it lists",
            "lower 'choose:' or list more courses",
        ),
        Code(
            "specialty-mismatch",
            "warning",
            "the trainee's plan is for another specialty",
            "choose a plan for the trainee's specialty",
        ),
        Code(
            "plan-incomplete",
            "error",
            "a plan does not state a section that spesialistforskriften § 19 requires",
            "add the section under 'sections:' with the plan's text",
        ),
        # --- plans (checks/plans.py) ---
        Code("phase-backwards", "error", "a timeline phase ends before it starts", "fix from_month or to_month"),
        Code(
            "timeline-overlap",
            "error",
            "a timeline phase starts before the one before it ends",
            "start the phase when the one before it ends",
        ),
        Code(
            "timeline-gap",
            "warning",
            "months of the timeline that no phase covers",
            "start each phase where the one before it ends, the first at month 0",
        ),
        Code(
            "throughput-too-early",
            "warning",
            "a throughput phase starts before the service the plan's throughput rule asks for",
            "start the phase later (000 Del 1: after at least 2 years)",
        ),
        Code(
            "throughput-length",
            "warning",
            "a throughput phase is shorter or longer than the plan's throughput rule allows",
            "make the phase last as long as the rule says (000 Del 1: 12-18 months)",
        ),
        # --- dates (checks/dates.py) ---
        Code("future-date", "error", "an entry dated after today", "log work on or before today"),
        Code(
            "wrong-year",
            "warning",
            "an entry dated outside the year of its log file",
            "move the entry to the log of its year",
        ),
        Code(
            "before-start",
            "warning",
            "an entry dated before the trainee's start",
            "check the date, or the start date in trainee.yaml",
        ),
        Code(
            "entry-out-of-order",
            "warning",
            "a log entry dated before the entry above it",
            "keep entries in date order so the log reads as a diary",
        ),
        Code(
            "employment-out-of-order",
            "warning",
            "the trainee's employment changes are not in date order",
            "sort 'employment_changes:' by date",
        ),
        Code(
            "future-start",
            "warning",
            "the trainee's start date is in the future",
            "check the start date in trainee.yaml",
        ),
        Code(
            "leave-backwards", "error", "a leave ends before it starts", "swap the dates, or fix the one that is wrong"
        ),
        # --- duplicates and sign-offs (checks/duplicates.py, checks/signoffs.py) ---
        Code(
            "duplicate-accession",
            "error",
            "the same exam (accession number) logged twice in the same role",
            "remove the repeated entry; a re-review is logged with role: re-review",
        ),
        Code(
            "self-signoff",
            "warning",
            "the trainee signed off their own goal; it does not count",
            "ask a supervisor to sign it off (by: <supervisor id>)",
        ),
        Code(
            "unconfirmed-crosswalk",
            "warning",
            "an approval carried over by a crosswalk the education lead has not confirmed",
            "have the education lead check the crosswalk and set 'confirmed: true'",
        ),
        # --- goal-set revisions (checks/revisions.py, compute/migration.py) ---
        Code(
            "replaced-goal-set",
            "warning",
            "a plan or trainee is under a goal set that a newer one has replaced",
            "lisplan migrate --dry-run shows what carries over; then name the new set",
        ),
        Code(
            "goal-set-not-in-force",
            "warning",
            "entries name goals of a set on dates it was not in force",
            "log work against the set in force then; lisplan migrate carries approvals over",
        ),
        Code(
            "goal-set-cycle",
            "error",
            "goal sets replace each other in a circle",
            "a set replaces only older sets: fix 'replaces:' or the crosswalk's from/to",
        ),
        Code(
            "crosswalk-cycle",
            "error",
            "a crosswalk maps a goal set onto itself",
            "a crosswalk goes from a replaced set ('from:') to the set replacing it ('to:')",
        ),
        Code(
            "crosswalk-not-replacing",
            "error",
            "a crosswalk's 'to:' set does not replace its 'from:' set",
            "check 'from:' and 'to:', or add the old set to 'replaces:' of the new one",
        ),
        Code(
            "duplicate-crosswalk",
            "error",
            "two crosswalks map the same pair of goal sets",
            "keep one crosswalk per pair of sets",
        ),
        Code(
            "duplicate-mapping",
            "error",
            "a crosswalk maps the same new goal twice",
            "map each new goal once, listing every old goal under 'from:'",
        ),
        Code(
            "bad-mapping",
            "error",
            "a crosswalk mapping whose relation and old goals disagree",
            "'relation: new' lists no old goals; any other relation lists them",
        ),
        Code(
            "crosswalk-unconfirmed",
            "error",
            "lisplan migrate would use a crosswalk the education lead has not confirmed",
            "have the education lead confirm it ('confirmed: true'), or migrate with --dry-run",
        ),
        Code(
            "not-a-replacement",
            "error",
            "lisplan migrate was asked to migrate to a goal set that replaces none of the trainee's",
            "name a set whose 'replaces:' holds one the trainee is under",
        ),
        # --- sign-offs in git history (checks/signoff_verify.py, lisplan check --verify-signoffs) ---
        Code(
            "signoffs-unverifiable",
            "warning",
            "git history cannot be read, so sign-offs cannot be verified",
            "run the check in a clone of the plan repo with its git history",
        ),
        Code(
            "signoffs-shallow",
            "error",
            "a sign-off's commit is beyond the history of a shallow clone",
            "fetch the whole history (git fetch --unshallow; in CI, fetch-depth: 0)",
        ),
        Code(
            "signoff-supervisor-email",
            "error",
            "a sign-off's supervisor has no e-mail to match commits against",
            "add 'email:' (the address they commit with) to the supervisor",
        ),
        Code(
            "signoff-uncommitted",
            "warning",
            "a sign-off is not committed yet, so who signed it cannot be told",
            "the supervisor commits their own sign-off",
        ),
        Code(
            "signoff-by-trainee",
            "error",
            "a sign-off was committed by the trainee, not the supervisor it names",
            "the supervisor commits the sign-off from their own git account",
        ),
        Code(
            "signoff-not-by-supervisor",
            "error",
            "a sign-off was committed by someone other than the supervisor it names",
            "the supervisor commits the sign-off from their own git account",
        ),
        Code(
            "signoff-edited",
            "error",
            "a sign-off's lines were changed after the supervisor committed them",
            "restore the supervisor's lines, or ask them to sign the new version",
        ),
        Code(
            "signoff-unsigned",
            "error",
            "the plan requires signed commits and a sign-off's commit is not signed",
            "the supervisor signs their commits (git commit -S)",
        ),
        Code(
            "signoff-wrong-key",
            "error",
            "a sign-off's commit is signed with a key not listed for the supervisor",
            "sign with the key listed as the supervisor's signing_key, or update the list",
        ),
        # --- schedule flags (compute/schedule.py, lisplan schedule) ---
        Code(
            "throughput-needed",
            "flag",
            "goals no arena or agreement of the plan offers: they need a throughput rotation",
            "plan a throughput phase (000 Del 1: 12-18 months, after 2 years)",
        ),
        Code(
            "no-pace",
            "flag",
            "a procedure minimum with nothing logged yet, so no pace can be projected",
            "log the procedures as they are done",
        ),
        Code(
            "pace-short",
            "flag",
            "at the pace so far a procedure minimum is reached after the phases for it end",
            "plan more of the procedure, or a longer phase for it",
        ),
    )
}


#: Faults in a filled-in activity sheet that ``lisplan plan import`` reports at their cell (``Aktiviteter!E17``);
#: nothing is written while there is one. They are tested cell by cell in tests/test_plan_sheet.py. A sheet
#: also reports some of the codes above: identity-number, unknown-goal, unknown-goal-set, unknown-course.
SHEET_CODES: dict[str, Code] = {
    c.name: c
    for c in (
        Code(
            "not-xlsx",
            "error",
            "the file is not an .xlsx workbook (.xls, .ods, CSV or other)",
            "save the sheet as Excel 2007-365 (.xlsx) and import that",
        ),
        Code(
            "password-protected",
            "error",
            "the workbook is password-protected, so it cannot be read",
            "remove the password in Excel or LibreOffice, save, and import again",
        ),
        Code(
            "too-big",
            "error",
            "the file, what it unpacks to, or its number of rows is far beyond a plan's sheet",
            "import the sheet lisplan plan sheet wrote; delete rows that do not belong",
        ),
        Code("unreadable", "error", "the file cannot be read", "check the path and its permissions"),
        Code(
            "missing-library",
            "error",
            "reading xlsx needs the openpyxl library",
            "install it: pip install 'lisplan[xlsx]'",
        ),
        Code(
            "no-sheet",
            "error",
            "the workbook has no sheet named Aktiviteter",
            "import the workbook lisplan plan sheet wrote (rename the sheet back if it was renamed)",
        ),
        Code(
            "missing-column",
            "error",
            "a column lisplan plan sheet wrote is missing from the header row",
            "keep every column (their order may change)",
        ),
        Code("no-goal", "error", "a row has an activity but no goal code", "write the goal's code, e.g. NUK-116"),
        Code(
            "no-activity",
            "error",
            "a row fills in activity details but names no learning activity",
            "choose the activity from the dropdown",
        ),
        Code(
            "unknown-activity",
            "error",
            "the learning activity is none of 000's six kinds",
            "choose from the dropdown: Undervisning, Introduksjon, Kurs, Selvstudium, Prosedyreliste, MDT-møte",
        ),
        Code(
            "duplicate-row",
            "error",
            "the same activity for the same goal appears twice",
            "delete one of the two rows, or give them different topics",
        ),
        Code(
            "unknown-signer",
            "error",
            "'Signeres av' names neither the trainee (LIS) nor a supervisor",
            "write LIS or Supervisør, or leave it empty",
        ),
        Code(
            "wrong-signer",
            "error",
            "the signer is not the one document 000 gives for this activity",
            "write the signer 000 gives, or leave it empty",
        ),
        Code(
            "not-a-whole-number",
            "error",
            "Antall is not a whole number of 1 or more",
            "write a whole number, such as 400",
        ),
        Code(
            "no-procedure",
            "error",
            "a procedure-list activity names no procedure list",
            "write the procedure list's name in Prosedyreliste",
        ),
        Code(
            "no-minimum",
            "error",
            "a procedure list has no minimum in any of its rows",
            "write the minimum number of examinations in Antall",
        ),
        Code(
            "bad-procedure",
            "error",
            "the procedure list's name cannot become an id (no letter or digit)",
            "write a name with letters",
        ),
        Code(
            "conflicting-minimum",
            "error",
            "rows give one procedure list different minimums",
            "write the same number in every row for it",
        ),
        Code(
            "misplaced-procedure",
            "error",
            "a procedure list is named for an activity that is not a procedure list",
            "choose Prosedyreliste as the activity, or empty the cell",
        ),
        Code(
            "misplaced-course",
            "error",
            "a course is named for an activity that is not a course",
            "choose Kurs as the activity, or empty the cell",
        ),
    )
}


def explain(name: str) -> Code | None:
    return CODES.get(name) or SHEET_CODES.get(name)
