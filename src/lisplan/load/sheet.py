"""The institution's activity sheet (``lisplan plan sheet`` / ``plan import``): its layout, and reading
a filled-in one back into activities per goal, with a problem naming the cell for every fault.

The layout is one row per learning activity (a goal with several activities has several rows; a goal
with none has one row with the activity columns empty). The headers are the words document 000 uses.
The file and its cells are read by load/cells.py.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lisplan.core.i18n import N_, _
from lisplan.core.identity import find_identity_numbers, mask_identity_numbers
from lisplan.core.suggest import did_you_mean
from lisplan.load.cells import Advice, Cell, SheetProblem, cell_text, workbook_rows
from lisplan.load.workspace import GoalInfo, Workspace
from lisplan.models.plan import SUPERVISOR_SIGNED, ActivityKind, Plan

SHEET = "Aktiviteter"
HELP_SHEET = "Forklaring"
#: What to do with a sheet past lisplan's limits (load/cells.py)
ADVICE = Advice(
    N_("the file is {size} MiB; a plan's sheet is far smaller (lisplan reads up to {max} MiB)"),
    N_("import the sheet lisplan plan sheet wrote, without pictures or other sheets' data"),
    N_("a plan has a few hundred goals: delete the rows that do not belong"),
    N_("import the sheet lisplan plan sheet wrote, with its sheet {sheet} (rename it back if renamed)"),
)


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    width: int
    explains: str
    read: bool = True  # read back on import (the others show the catalog, or follow from the kind)


#: The line of a note that marks a requirement as lisplan's reading of a source (the plan's ``reading:``):
#: plan sheet writes it from the plan, and plan import leaves it out, so that the plan stays as it was.
READING_MARK = "lisplans tolkning, ikke planens egen:"

COLUMNS = [
    Column(
        "goal", "Læringsmål", 12, "Læringsmålets kode (NUK-116). Én rad per læringsaktivitet; skriv koden på hver rad."
    ),
    Column("set", "Målsett", 11, "Settet koden hører til (nuk-2025). Kan stå tomt når koden bare finnes i ett sett."),
    Column("part", "Del", 28, "Del og område i målsettet. Bare til orientering: leses ikke inn.", read=False),
    Column(
        "title", "Læringsmålets tekst", 60, "Læringsmålets tekst fra forskriften. Bare til orientering.", read=False
    ),
    Column(
        "kind", "Læringsaktivitet", 18, "Læringsaktiviteten (velg fra listen). Tom: målet har ingen aktivitet ennå."
    ),
    Column("topic", "Tema", 22, "Tema for aktiviteten, fritt (f.eks. MDT-møtets tema: lungekreft)."),
    Column(
        "course",
        "Kurs",
        24,
        "Kurset (id eller navn), bare for læringsaktiviteten Kurs. Tomt: hvilket som helst kurs som dekker målet.",
    ),
    Column(
        "procedure",
        "Prosedyreliste",
        22,
        "Prosedyrelisten (navn eller id), bare for Prosedyreliste. Et nytt navn lager en ny liste.",
    ),
    Column(
        "count",
        "Antall",
        8,
        "Prosedyreliste: minste antall undersøkelser (samme tall på hver rad for listen). "
        "Andre aktiviteter: hvor mange ganger (tomt = 1). Hele tall.",
    ),
    Column("assessment", "Vurdering", 26, "Vurderingsformen; følger av læringsaktiviteten.", read=False),
    Column("signer", "Signeres av", 14, "Hvem som kvitterer ut: følger av læringsaktiviteten."),
    Column(
        "note",
        "Merknad",
        30,
        f"Fri tekst. En linje som begynner med «{READING_MARK}» sier at kravet er lisplans tolkning av en kilde, ikke "
        "institusjonens eget (planfilens reading:); lisplan skriver den og leser den ikke inn igjen.",
    ),
]
BY_KEY = {c.key: c for c in COLUMNS}


def without_reading(note: str) -> str:
    """A note cell as the plan holds it: the reading's line left out."""
    return "\n".join(line for line in note.splitlines() if not line.strip().startswith(READING_MARK)).strip()


TRAINEE, SUPERVISOR = "LIS", "Supervisør"
SIGNERS = [TRAINEE, SUPERVISOR]


@dataclass(frozen=True)
class KindLabel:
    label: str
    assessment: str
    also: tuple[str, ...] = ()


#: Document 000, «Læringsaktivitet - vurderingsform» (items 1-6): the name of each kind and how it is assessed.
KIND_LABELS: dict[ActivityKind, KindLabel] = {
    ActivityKind.TEACHING: KindLabel(
        "Undervisning", "Egenvurdering", ("Nasjonal nettundervisning/internundervisning", "Nettundervisning")
    ),
    ActivityKind.INTRODUCTION: KindLabel("Introduksjon", "Supervisør"),
    ActivityKind.COURSE: KindLabel("Kurs", "Kursprøve/kursbevis/egenvurdering"),
    ActivityKind.SELF_STUDY: KindLabel("Selvstudium", "Egenvurdering"),
    ActivityKind.PROCEDURE_LIST: KindLabel("Prosedyreliste", "Supervisør"),
    ActivityKind.MDT: KindLabel("MDT-møte", "Supervisør", ("MDT møte", "MDT")),
}


def signer(kind: ActivityKind) -> str:
    """Who signs an activity of this kind off (document 000; models/plan.py SUPERVISOR_SIGNED)."""
    return SUPERVISOR if kind in SUPERVISOR_SIGNED else TRAINEE


def _key(text: str) -> str:
    return " ".join(text.replace("-", " ").split()).casefold()


_KIND_NAMES = {_key(name): kind for kind, lab in KIND_LABELS.items() for name in (lab.label, kind.value, *lab.also)}
_SIGNER_NAMES = {_key(n): s for s in SIGNERS for n in (s,)} | {
    "trainee": TRAINEE,
    "lege i spesialisering": TRAINEE,
    "supervisor": SUPERVISOR,
    "supervisor (supervisør)": SUPERVISOR,
}


# --- reading ------------------------------------------------------------------------------------------


@dataclass
class SheetContents:
    """What a filled-in sheet says: activities per goal (in sheet order) and procedure lists."""

    goals: dict[str, list[dict[str, Any]]] = field(default_factory=dict)  # goal key -> activities
    infos: dict[str, GoalInfo] = field(default_factory=dict)
    new_procedures: dict[str, str] = field(default_factory=dict)  # id -> name as written
    minimums: dict[str, int] = field(default_factory=dict)  # procedure id -> minimum
    problems: list[SheetProblem] = field(default_factory=list)


def read_sheet(path: Path, ws: Workspace, plan: Plan) -> SheetContents:
    """The sheet at ``path`` read against the plan; faults are in ``problems`` (``SheetRefused`` for a
    file that is no sheet at all)."""
    rows = _rows(path)
    out = SheetContents()
    out.problems = _identity_problems(rows)
    if out.problems:
        return out  # a row holding an identity number is not read further, so nothing can echo it
    cells = rows.get(SHEET, [])
    columns = _columns(cells, out.problems)
    if out.problems:
        return out
    _Reader(ws, plan, out).read(cells[1:], columns)
    return out


def _rows(path: Path) -> dict[str, list[list[Cell]]]:
    """Every sheet's cells (values as openpyxl reads them), after the checks on the file itself."""
    return workbook_rows(path, SHEET, ADVICE)


def _identity_problems(rows: dict[str, list[list[Cell]]]) -> list[SheetProblem]:
    found = []
    for grid in rows.values():
        for row in grid:
            for cell in row:
                if any(True for _ in find_identity_numbers(cell_text(cell.value))):
                    found.append(
                        SheetProblem(
                            "identity-number",
                            cell.ref,
                            _("the cell holds a national identity number (fødselsnummer, D- or H-number)"),
                            _("delete it: a plan never holds one; lisplan does not show it here"),
                        )
                    )
    return found


def _columns(cells: list[list[Cell]], problems: list[SheetProblem]) -> dict[str, int]:
    header = cells[0] if cells else []
    names = {_key(str(c.value)): i for i, c in enumerate(header) if isinstance(c.value, str)}
    found = {}
    for col in COLUMNS:
        if _key(col.header) in names:
            found[col.key] = names[_key(col.header)]
        elif col.read:
            problems.append(
                SheetProblem(
                    "missing-column",
                    f"{SHEET}!1",
                    _("no column {column} in the header row").format(column=repr(col.header)),
                    _(
                        "keep the columns lisplan plan sheet wrote (their order may change); "
                        "write a new sheet with lisplan plan sheet to start afresh"
                    ),
                )
            )
    return found


class _Reader:
    """Reads the rows of the activities sheet into ``out``."""

    def __init__(self, ws: Workspace, plan: Plan, out: SheetContents) -> None:
        self.ws, self.plan, self.out = ws, plan, out
        self.sets = [s for s in plan.goal_sets if s in ws.goal_sets]
        self.seen: dict[tuple[Any, ...], str] = {}
        self.given_minimum: dict[str, tuple[int, str]] = {}
        self.first_row: dict[str, str] = {}

    def problem(self, code: str, cell: Cell, message: str, hint: str) -> None:
        self.out.problems.append(SheetProblem(code, cell.ref, mask_identity_numbers(message), hint))

    def read(self, rows: list[list[Cell]], columns: dict[str, int]) -> None:
        for n, row in enumerate(rows, 2):
            cells = {k: (row[i] if i < len(row) else Cell(None, f"{SHEET}!?{n}")) for k, i in columns.items()}
            self.row(cells)
        for pid, ref in self.first_row.items():
            if pid not in self.given_minimum:
                self.out.problems.append(
                    SheetProblem(
                        "no-minimum",
                        ref,
                        _("the procedure list {id} has no minimum").format(id=repr(pid)),
                        _("write the minimum number of examinations in Antall (a whole number, such as 400)"),
                    )
                )
            else:
                self.out.minimums[pid] = self.given_minimum[pid][0]

    def row(self, c: dict[str, Cell]) -> None:
        text = {k: _text(cell.value) for k, cell in c.items()}
        if text.get("note"):
            text["note"] = without_reading(text["note"])
        if not any(text[k] for k in ("goal", "kind", "topic", "course", "procedure", "count", "note")):
            return
        if not text["goal"]:
            self.problem("no-goal", c["goal"], _("an activity without a goal"), _("write the goal's code (NUK-116)"))
            return
        goal = self.goal(text["goal"], text.get("set", ""), c)
        if goal is None:
            return
        acts = self.out.goals.setdefault(goal.key, [])
        self.out.infos[goal.key] = goal
        if not text["kind"]:
            filled = [k for k in ("topic", "course", "procedure", "count", "note") if text[k]]
            if filled:
                self.problem(
                    "no-activity",
                    c["kind"],
                    _("no learning activity, but {column} is filled in").format(column=BY_KEY[filled[0]].header),
                    _("choose the activity in {column}: {choices}").format(
                        column=BY_KEY["kind"].header, choices=", ".join(labels())
                    ),
                )
            return
        activity = self.activity(goal, text, c)
        if activity is None:
            return
        key = (
            goal.key,
            activity["kind"],
            activity.get("procedure"),
            activity.get("course"),
            _key(activity.get("topic", "")),
        )
        if key in self.seen:
            self.problem(
                "duplicate-row",
                c["goal"],
                _("the same activity for {goal} as in {cell}").format(goal=goal.code, cell=self.seen[key]),
                _("delete one of the two rows (or give them different topics)"),
            )
            return
        self.seen[key] = c["goal"].ref
        acts.append(activity)

    def goal(self, code: str, set_id: str, c: dict[str, Cell]) -> GoalInfo | None:
        if set_id and set_id not in self.sets:
            self.problem(
                "unknown-goal-set",
                c["set"],
                _("the plan has no goal set {set}").format(set=repr(set_id)),
                _("{suggestion} (or leave it empty)").format(
                    suggestion=did_you_mean(set_id, self.sets)
                    or _("write one of {choices}").format(choices=", ".join(self.sets))
                ),
            )
            return None
        found = self.ws.resolve_goal(f"{set_id}:{code.upper()}" if set_id else code.upper(), self.sets)
        if isinstance(found, GoalInfo):
            return found
        codes = [g.code for g in self.ws.goals_in_sets([set_id] if set_id else self.sets)]
        hint = did_you_mean(code, codes) or _("write a goal code of {sets}").format(
            sets=", ".join([set_id] if set_id else self.sets)
        )
        self.problem(
            "unknown-goal", c["goal"], _("unknown goal {code}: {why}").format(code=repr(code), why=found), hint
        )
        return None

    def activity(self, goal: GoalInfo, text: dict[str, str], c: dict[str, Cell]) -> dict[str, Any] | None:
        kind = _KIND_NAMES.get(_key(text["kind"]))
        if kind is None:
            self.problem(
                "unknown-activity",
                c["kind"],
                _("unknown learning activity {value}").format(value=repr(text["kind"])),
                _("{suggestion} ({choices})").format(
                    suggestion=did_you_mean(text["kind"], labels()) or _("choose from the list"),
                    choices=", ".join(labels()),
                ),
            )
            return None
        ok = self.signer(kind, text["signer"], c["signer"])
        count = self.count(c["count"])
        activity: dict[str, Any] = {"kind": kind.value}
        if kind is ActivityKind.PROCEDURE_LIST:
            ok = self.procedure(text["procedure"], count, c, activity) and ok
        elif text["procedure"]:
            self.problem(
                "misplaced-procedure",
                c["procedure"],
                _("a procedure list is named, but the activity is {activity}").format(activity=KIND_LABELS[kind].label),
                _("choose {activity} as the activity, or empty this cell").format(
                    activity=KIND_LABELS[ActivityKind.PROCEDURE_LIST].label
                ),
            )
            ok = False
        if text["course"]:
            ok = self.course(kind, text["course"], c["course"], activity) and ok
        if text["topic"]:
            activity["topic"] = text["topic"]
        if kind is not ActivityKind.PROCEDURE_LIST and count is not None and count != 1:
            activity["count"] = count
        if text["note"]:
            activity["note"] = text["note"]
        return activity if ok and count is not False else None

    def signer(self, kind: ActivityKind, given: str, cell: Cell) -> bool:
        if not given:
            return True
        who = _SIGNER_NAMES.get(_key(given))
        if who is None:
            self.problem(
                "unknown-signer",
                cell,
                _("unknown signer {value}").format(value=repr(given)),
                _("{suggestion} (or leave it empty)").format(
                    suggestion=did_you_mean(given, SIGNERS)
                    or _("write {trainee} or {supervisor}").format(trainee=TRAINEE, supervisor=SUPERVISOR)
                ),
            )
            return False
        if who != signer(kind):
            self.problem(
                "wrong-signer",
                cell,
                _("{activity} is signed off by {signer}, not {who}").format(
                    activity=KIND_LABELS[kind].label, signer=signer(kind), who=who
                ),
                _("write {signer}, or leave it empty").format(signer=signer(kind)),
            )
            return False
        return True

    def count(self, cell: Cell) -> int | None | bool:
        """The whole number in Antall, None when empty, False (reported) when it is not one."""
        value = cell.value
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        number: Any = value.strip() if isinstance(value, str) else value
        if isinstance(number, str) and number.isdigit():
            number = int(number)
        if isinstance(number, float) and number.is_integer():
            number = int(number)
        if isinstance(number, bool) or not isinstance(number, int) or number < 1:
            self.problem(
                "not-a-whole-number",
                cell,
                _("Antall is {value}, not a whole number of 1 or more").format(value=repr(_text(value))),
                _("write a whole number, such as 400"),
            )
            return False
        return number

    def procedure(self, name: str, count: int | None | bool, c: dict[str, Cell], activity: dict[str, Any]) -> bool:
        if not name:
            self.problem(
                "no-procedure",
                c["procedure"],
                _("a procedure-list activity without a procedure list"),
                _("write the procedure list's name in Prosedyreliste: {names}").format(
                    names=", ".join(p.name for p in self.plan.procedures) or _("a new name makes a new list")
                ),
            )
            return False
        found = self.ws.procedure(self.plan, name)
        pid = found.id if found else _slug(name)
        if found is None:
            if not pid:
                self.problem(
                    "bad-procedure",
                    c["procedure"],
                    _("{name} cannot name a procedure list").format(name=repr(name)),
                    _("write a name with letters"),
                )
                return False
            self.out.new_procedures.setdefault(pid, name)
        activity["procedure"] = pid
        self.first_row.setdefault(pid, c["count"].ref)
        if isinstance(count, int) and not isinstance(count, bool):
            earlier = self.given_minimum.get(pid)
            if earlier and earlier[0] != count:
                self.problem(
                    "conflicting-minimum",
                    c["count"],
                    _("the minimum of {name} is {earlier} in {cell} and {count} here").format(
                        name=repr(name), earlier=earlier[0], cell=earlier[1], count=count
                    ),
                    _("a procedure list has one minimum: write the same number in every row for it"),
                )
                return False
            self.given_minimum.setdefault(pid, (count, c["count"].ref))
        return True

    def course(self, kind: ActivityKind, name: str, cell: Cell, activity: dict[str, Any]) -> bool:
        if kind is not ActivityKind.COURSE:
            self.problem(
                "misplaced-course",
                cell,
                _("a course is named, but the activity is {activity}").format(activity=KIND_LABELS[kind].label),
                _("choose {activity} as the activity, or empty this cell").format(
                    activity=KIND_LABELS[ActivityKind.COURSE].label
                ),
            )
            return False
        found = self.ws.find_course_or_group(name)
        if found is None:
            self.problem(
                "unknown-course",
                cell,
                _("unknown course {value}").format(value=repr(name)),
                did_you_mean(name, self.ws.course_names()) or _("write a course's id or name from data/goals/"),
            )
            return False
        activity["course"] = found.id
        return True


def labels() -> list[str]:
    return [lab.label for lab in KIND_LABELS.values()]


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


_FOLD = str.maketrans({"æ": "ae", "ø": "o", "å": "a", "é": "e", "ü": "u", "ö": "o", "ä": "a"})


def _slug(name: str) -> str:
    """A new procedure list's id from its name: ``Myokardscintigrafi SPECT`` → ``myokardscintigrafi-spect``."""
    out = "".join(ch if ch.isascii() and ch.isalnum() else "-" for ch in name.casefold().translate(_FOLD))
    return "-".join(part for part in out.split("-") if part)
