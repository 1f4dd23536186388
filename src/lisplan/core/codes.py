"""Every problem code lisplan reports, with its severity, what it means and how to fix it.

``lisplan check --explain CODE`` prints an entry, the way compilers explain their error codes. A new
code is one entry here (an activity sheet's fault: in core/sheet_codes.py) plus a fixture in
``tests/errors/`` (see the README's development section); tests/test_codes.py fails on a code the code
base emits that is not here, and on one without a fixture.

Severity is the one a code is reported with (``--strict`` makes warnings errors); a ``flag`` is a rule
or risk ``lisplan schedule`` shows beside the rotation plan, not a problem in a file.
"""

from __future__ import annotations

from lisplan.core.i18n import N_
from lisplan.core.problems import Code
from lisplan.core.sheet_codes import SHEET_CODES as SHEET_CODES

CODES: dict[str, Code] = {
    c.name: c
    for c in (
        Code(
            "link-in-data",
            "error",
            N_("a folder or YAML file under data/ is a symlink; no command reads it, so that all read the same files"),
            N_("remove the link and put the folder or file itself there (git mv)"),
        ),
        Code(
            "outside-repo",
            "error",
            N_(
                "a file under data/ (or a file an entry links to) is a link to a file outside the plan repo; lisplan "
                "does not read it or show a line of it"
            ),
            N_("replace the link with the file itself, or link to a file inside the plan repo"),
        ),
        # --- a sign-off measured against the plan on its date (checks/approval.py) ---
        Code(
            "signoff-before-activities",
            "warning",
            N_(
                "a goal was signed off before the activities the plan requires for it were done; lisplan counts "
                "the sign-off (the portal is the legal record) and marks the goal"
            ),
            N_("log the activities, or ask the supervisor to check the date of the sign-off"),
        ),
        Code(
            "signoff-before-readiness",
            "warning",
            N_("a goal was signed off before the months of service in the specialty the plan's readiness rule asks"),
            N_("check the sign-off's date, the plan's readiness rules and the service in trainee.yaml"),
        ),
        Code(
            "signoff-below-minimum",
            "warning",
            N_(
                "a procedure list was signed off with fewer examinations than its minimum; it stays under "
                "'needs attention' until the count is reached"
            ),
            N_("log the examinations the minimum asks for, or ask the supervisor to check the sign-off"),
        ),
        Code(
            "signoff-not-supervisor",
            "warning",
            N_(
                "a goal was signed off by someone listed as a supervisor elsewhere in the repo, but not by the "
                "trainee's plan or profile"
            ),
            N_("ask one of the trainee's supervisors to sign it off, or add the signer to trainee.yaml's supervisors"),
        ),
        Code(
            "signoff-before-in-force",
            "warning",
            N_(
                "a goal is signed off before its goal set came into force (an fkm-2026 goal before 2026-03-01); "
                "lisplan does not count it as approved"
            ),
            N_(
                "sign it off again on or after the set's in-force date, or name the goal meant in the set then in force"
            ),
        ),
        Code(
            "unknown-topic",
            "error",
            N_(
                "a group-supervision entry names a topic that is none of the plan's supervision.group_topics "
                "(by id, name or alias), so it would not be counted"
            ),
            N_("name one of the plan's topics; the message suggests the nearest"),
        ),
        # --- reading files (files/source.py, load/loader.py) ---
        Code(
            "yaml",
            "error",
            N_("the file cannot be read as YAML (syntax, encoding)"),
            N_("fix the text at the position shown; the hint says how"),
        ),
        Code(
            "merge-conflict",
            "error",
            N_("the file holds git's merge-conflict markers: a git merge was not finished"),
            N_("resolve the merge: keep the lines you want and delete the <<<<<<<, ======= and >>>>>>> lines"),
        ),
        Code(
            "empty", "error", N_("the file is empty"), N_("write the file's kind on its first line, e.g. 'kind: log'")
        ),
        Code(
            "not-a-mapping",
            "error",
            N_("the file is a list or a single value, not keys with values"),
            N_("start the file with 'kind:' and its keys"),
        ),
        Code(
            "no-kind",
            "error",
            N_("the file has no 'kind:' key, so lisplan cannot tell what it is"),
            N_("add 'kind: …' at the top (log, trainee, plan, goal-set, courses, crosswalk)"),
        ),
        Code(
            "wrong-kind",
            "error",
            N_("the file's kind does not belong in the folder it sits in"),
            N_("move the file to the folder for its kind, or fix 'kind:'"),
        ),
        Code(
            "unknown-key",
            "error",
            N_("a key the file format does not have (often a typo)"),
            N_("use the key the hint suggests, or remove it (docs/file-formats.md lists the keys)"),
        ),
        Code(
            "bad-value",
            "error",
            N_("a value of the wrong type or form (a date, number, id or choice)"),
            N_("write the value in the form the message names"),
        ),
        Code(
            "entry-kind",
            "error",
            N_("a log entry without exactly one kind key (procedure, course, signoff, …)"),
            N_("give the entry one kind key, as its first key"),
        ),
        Code(
            "more-problems",
            "error",
            N_("so many problems in one file that the rest are summarised"),
            N_("fix the ones shown (often one edit fixes many), then check again"),
        ),
        Code(
            "identity-number",
            "error",
            N_("a Norwegian national identity number (fødselsnummer or D-nummer) in a file"),
            N_("remove it: logs never hold patient identities; use the accession number"),
        ),
        Code(
            "duplicate-id",
            "error",
            N_("two goal sets, plans, course lists, crosswalks, courses or phases share an id"),
            N_("give each its own id, or remove one"),
        ),
        Code(
            "trainee-id",
            "error",
            N_("a trainee's id or a log's 'trainee:' differs from the folder it sits in"),
            N_("make 'id:'/'trainee:' and the folder name data/logs/<id>/ the same"),
        ),
        Code(
            "no-profile",
            "error",
            N_("a trainee folder has logs but no trainee.yaml"),
            N_("lisplan init --trainee ID … writes it, or write it by hand"),
        ),
        # --- references (checks/references.py) ---
        Code(
            "unknown-goal",
            "error",
            N_("a goal code that is in none of the goal sets in use"),
            N_("check the code against the goal set in data/goals/"),
        ),
        Code(
            "unknown-goal-set",
            "error",
            N_("a goal set id that no file in data/goals/ defines"),
            N_("name a goal set in data/goals/"),
        ),
        Code(
            "unknown-plan",
            "error",
            N_("the trainee's 'plan:' names no plan in data/plans/"),
            N_("name a plan in data/plans/"),
        ),
        Code(
            "unknown-part",
            "error",
            N_("a goal's 'part:' is not one of its goal set's parts"),
            N_("add the part to 'parts:' or use one of them"),
        ),
        Code(
            "unknown-area",
            "error",
            N_("a goal's 'area:' is not one of its part's areas"),
            N_("use one of the part's areas"),
        ),
        Code(
            "unknown-section",
            "warning",
            N_("a plan selects goals by a section no goal of its goal sets is in"),
            N_("use a section the goal sets have (the hint lists them)"),
        ),
        Code(
            "unknown-arena",
            "error",
            N_("a timeline phase names an arena the plan does not list"),
            N_("name one of the plan's arenas"),
        ),
        Code(
            "unknown-agreement",
            "error",
            N_("a timeline phase names an agreement the plan does not list"),
            N_("name one of the plan's agreements"),
        ),
        Code(
            "unknown-course",
            "error",
            N_("a course id that no course list in data/goals/ defines"),
            N_("add it to a course list, or fix the id"),
        ),
        Code(
            "unknown-procedure",
            "error",
            N_("a procedure that the plan's procedure lists do not have"),
            N_("use one of the plan's procedures, or add it under 'procedures:'"),
        ),
        Code(
            "unknown-supervisor",
            "error",
            N_("a supervisor or mentor id that neither trainee.yaml nor the plan lists"),
            N_("add them under 'supervisors:' in trainee.yaml or the plan"),
        ),
        Code(
            "unknown-requirement",
            "error",
            N_("a throughput exemption that names no requirement of the plan"),
            N_("name a requirement of the plan (its id under requirements:)"),
        ),
        Code(
            "unknown-crosswalk",
            "error",
            N_("an approval carried over by a crosswalk that does not exist"),
            N_("name a crosswalk in data/goals/, or remove the entry and run lisplan migrate"),
        ),
        Code(
            "missing-key",
            "error",
            N_("a procedure-list activity or sign-off without 'procedure:'"),
            N_("name the procedure list"),
        ),
        Code(
            "bad-choice",
            "error",
            N_("a course group asks to choose more courses than it lists"),
            N_("lower 'choose:' or list more courses"),
        ),
        Code(
            "specialty-mismatch",
            "warning",
            N_("the trainee's plan is for another specialty"),
            N_("choose a plan for the trainee's specialty"),
        ),
        Code(
            "plan-incomplete",
            "error",
            N_("a plan does not state a section that spesialistforskriften § 19 requires"),
            N_("add the section under 'sections:' with the plan's text"),
        ),
        # --- plans (checks/plans.py) ---
        Code(
            "phase-backwards", "error", N_("a timeline phase ends before it starts"), N_("fix from_month or to_month")
        ),
        Code(
            "timeline-overlap",
            "error",
            N_("a timeline phase starts before the one before it ends"),
            N_("start the phase when the one before it ends"),
        ),
        Code(
            "timeline-gap",
            "warning",
            N_("months of the timeline that no phase covers"),
            N_("start each phase where the one before it ends, the first at month 0"),
        ),
        Code(
            "throughput-too-early",
            "warning",
            N_("a throughput phase starts before the service the plan's throughput rule asks for"),
            N_("start the phase later (OUS' utdanningsplan for nukleærmedisin, part 1: after at least 2 years)"),
        ),
        Code(
            "throughput-length",
            "warning",
            N_("a throughput phase is shorter or longer than the plan's throughput rule allows"),
            N_(
                "make the phase last as long as the rule says "
                "(OUS' utdanningsplan for nukleærmedisin, part 1: 12-18 months)"
            ),
        ),
        # --- dates (checks/dates.py) ---
        Code("future-date", "error", N_("an entry dated after today"), N_("log work on or before today")),
        Code(
            "wrong-year",
            "warning",
            N_("an entry dated outside the year of its log file"),
            N_("move the entry to the log of its year"),
        ),
        Code(
            "before-start",
            "warning",
            N_("an entry dated before the trainee's start"),
            N_("check the date, or the start date in trainee.yaml"),
        ),
        Code(
            "entry-out-of-order",
            "warning",
            N_("a log entry dated before the entry above it"),
            N_("keep entries in date order so the log reads as a diary"),
        ),
        Code(
            "employment-out-of-order",
            "warning",
            N_("the trainee's employment changes are not in date order"),
            N_("sort 'employment_changes:' by date"),
        ),
        Code(
            "future-start",
            "warning",
            N_("the trainee's start date is in the future"),
            N_("check the start date in trainee.yaml"),
        ),
        Code(
            "leave-backwards",
            "error",
            N_("a leave ends before it starts"),
            N_("swap the dates, or fix the one that is wrong"),
        ),
        # --- duplicates and sign-offs (checks/duplicates.py, checks/signoffs.py) ---
        Code(
            "duplicate-accession",
            "error",
            N_("the same exam (accession number) logged twice in the same role"),
            N_("remove the repeated entry; a re-review is logged with role: re-review"),
        ),
        Code(
            "self-signoff",
            "warning",
            N_("the trainee signed off their own goal; it does not count"),
            N_("ask a supervisor to sign it off (by: <supervisor id>)"),
        ),
        Code(
            "unconfirmed-crosswalk",
            "warning",
            N_("an approval carried over by a crosswalk the education lead has not confirmed"),
            N_("have the education lead check the crosswalk and set 'confirmed: true'"),
        ),
        # --- goal-set revisions (checks/revisions.py, compute/migration.py) ---
        Code(
            "replaced-goal-set",
            "warning",
            N_("a plan or trainee is under a goal set that a newer one has replaced"),
            N_("lisplan migrate --dry-run shows what carries over; then name the new set"),
        ),
        Code(
            "goal-set-not-in-force",
            "warning",
            N_("entries name goals of a set on dates it was not in force"),
            N_("log work against the set in force then; lisplan migrate carries approvals over"),
        ),
        Code(
            "goal-set-cycle",
            "error",
            N_("goal sets replace each other in a circle"),
            N_("a set replaces only older sets: fix 'replaces:' or the crosswalk's from/to"),
        ),
        Code(
            "crosswalk-confirmer-unknown",
            "error",
            N_("a crosswalk's confirmed_by is not a supervisor in the plans that use its goal sets"),
            N_("name the education lead who confirmed it by their id among the plan's supervisors"),
        ),
        Code(
            "crosswalk-cycle",
            "error",
            N_("a crosswalk maps a goal set onto itself"),
            N_("a crosswalk goes from a replaced set ('from:') to the set replacing it ('to:')"),
        ),
        Code(
            "crosswalk-not-replacing",
            "error",
            N_("a crosswalk's 'to:' set does not replace its 'from:' set"),
            N_("check 'from:' and 'to:', or add the old set to 'replaces:' of the new one"),
        ),
        Code(
            "duplicate-crosswalk",
            "error",
            N_("two crosswalks map the same pair of goal sets"),
            N_("keep one crosswalk per pair of sets"),
        ),
        Code(
            "duplicate-mapping",
            "error",
            N_("a crosswalk maps the same new goal twice"),
            N_("map each new goal once, listing every old goal under 'from:'"),
        ),
        Code(
            "bad-mapping",
            "error",
            N_("a crosswalk mapping whose relation and old goals disagree"),
            N_("'relation: new' lists no old goals; any other relation lists them"),
        ),
        Code(
            "crosswalk-unconfirmed",
            "error",
            N_("lisplan migrate would use a crosswalk the education lead has not confirmed"),
            N_("have the education lead confirm it ('confirmed: true'), or migrate with --dry-run"),
        ),
        Code(
            "not-a-replacement",
            "error",
            N_("lisplan migrate was asked to migrate to a goal set that replaces none of the trainee's"),
            N_("name a set whose 'replaces:' holds one the trainee is under"),
        ),
        # --- sign-offs in git history (checks/signoff_verify.py, lisplan check --verify-signoffs) ---
        Code(
            "signoffs-unverifiable",
            "warning",
            N_("git history cannot be read, so sign-offs cannot be verified"),
            N_("run the check in a clone of the plan repo with its git history"),
        ),
        Code(
            "signoffs-shallow",
            "error",
            N_("a sign-off's commit is beyond the history of a shallow clone"),
            N_("fetch the whole history (git fetch --unshallow; in CI, fetch-depth: 0)"),
        ),
        Code(
            "signoff-supervisor-email",
            "error",
            N_("a sign-off's supervisor has no e-mail to match commits against"),
            N_("add 'email:' (the address they commit with) to the supervisor"),
        ),
        Code(
            "signoff-uncommitted",
            "warning",
            N_("a sign-off is not committed yet, so who signed it cannot be told"),
            N_("the supervisor commits their own sign-off"),
        ),
        Code(
            "signoff-by-trainee",
            "error",
            N_("a sign-off was committed by the trainee, not the supervisor it names"),
            N_("the supervisor commits the sign-off from their own git account"),
        ),
        Code(
            "signoff-not-by-supervisor",
            "error",
            N_("a sign-off was committed by someone other than the supervisor it names"),
            N_("the supervisor commits the sign-off from their own git account"),
        ),
        Code(
            "signoff-edited",
            "error",
            N_("a sign-off's lines were changed after the supervisor committed them"),
            N_("restore the supervisor's lines, or ask them to sign the new version"),
        ),
        Code(
            "signoff-removed",
            "error",
            N_("a sign-off the supervisor committed was taken out of the log by someone else"),
            N_("put the supervisor's sign-off back, or ask them to take it out in a commit of their own"),
        ),
        Code(
            "signoff-other-trainee",
            "error",
            N_("a sign-off the supervisor committed in another trainee's log was moved into this trainee's"),
            N_("move the log back; the supervisor signs this trainee's own work in this trainee's log"),
        ),
        Code(
            "signoff-unsigned",
            "error",
            N_("the plan requires signed commits and a sign-off's commit is not signed"),
            N_("the supervisor signs their commits (git commit -S)"),
        ),
        Code(
            "signoff-wrong-signer",
            "error",
            N_(
                "with require_signed_commits and no signing_key, the commit holding a sign-off is signed by someone "
                "git does not name as the supervisor"
            ),
            N_(
                "the supervisor signs with their own key (its user id or SSH principal is their e-mail), or the plan "
                "lists it as their signing_key"
            ),
        ),
        Code(
            "signoff-supervisor-is-trainee",
            "error",
            N_(
                "trainee.yaml gives a supervisor the trainee's own e-mail, so the trainee's commits would verify as "
                "the supervisor's sign-offs"
            ),
            N_("give the supervisor's own e-mail (the address they commit with)"),
        ),
        Code(
            "signoff-supervisor-email-changed",
            "warning",
            N_(
                "trainee.yaml gives a supervisor of the plan another e-mail than the plan does; sign-offs are "
                "verified against trainee.yaml's"
            ),
            N_("remove the supervisor from trainee.yaml (the plan lists them), or correct the plan"),
        ),
        Code(
            "signoff-wrong-key",
            "error",
            N_("a sign-off's commit is signed with a key not listed for the supervisor"),
            N_("sign with the key listed as the supervisor's signing_key, or update the list"),
        ),
        # --- schedule flags (compute/schedule.py, lisplan schedule) ---
        Code(
            "throughput-needed",
            "flag",
            N_("goals no arena or agreement of the plan offers: they need a throughput rotation"),
            N_("plan a throughput phase (OUS' utdanningsplan for nukleærmedisin, part 1: 12-18 months, after 2 years)"),
        ),
        Code(
            "no-pace",
            "flag",
            N_("a procedure minimum with nothing logged yet, so no pace can be projected"),
            N_("log the procedures as they are done"),
        ),
        Code(
            "pace-short",
            "flag",
            N_("at the pace so far a procedure minimum is reached after the phases for it end"),
            N_("plan more of the procedure, or a longer phase for it"),
        ),
    )
}


def explain(name: str) -> Code | None:
    return CODES.get(name) or SHEET_CODES.get(name)
