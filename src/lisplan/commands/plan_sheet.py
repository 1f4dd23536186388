"""``lisplan plan sheet`` and ``lisplan plan import``: an institution plan's learning activities out to
the spreadsheet education leads keep (document 000: «excel arket med oversikt over alle læringsmål»),
and a filled-in sheet back into the plan's YAML, showing per goal what was added, changed or removed.

The import changes only ``goal_activities`` and ``procedures`` (new lists, new minimums); a sheet
written by ``plan sheet`` and not edited changes nothing. A sheet with any fault writes nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lisplan.commands.errors import OK, PROBLEMS, Stop
from lisplan.commands.session import Session, emit, load_checked
from lisplan.core.i18n import _
from lisplan.core.problems import Problem, relative
from lisplan.core.suggest import did_you_mean
from lisplan.files.roundtrip import EditError, edited_text, write_edited
from lisplan.files.source import SourceError, decode, parse, read_bytes
from lisplan.load.cells import SheetProblem, SheetRefused
from lisplan.load.loader import Loaded
from lisplan.load.sheet import KIND_LABELS, READING_MARK, SheetContents, read_sheet, signer
from lisplan.load.workspace import GoalInfo, Workspace
from lisplan.models.plan import Activity, ActivityKind, Plan
from lisplan.present.console import plain, show
from lisplan.present.plan_import import print_plan_import
from lisplan.present.sheet import Choices, SheetRow, to_sheet


@dataclass
class PlanSheetError(Exception):
    """The command cannot run as asked (an unknown plan, a plan lisplan cannot write)."""

    message: str
    hint: str = ""


def load_plan(root: Path, plan_id: str, today: dt.date) -> tuple[Loaded, Plan, list[Problem]]:
    """The repo loaded (without logs), the plan, and the errors in the plan's file."""
    loaded = load_checked(root, logs=False, today=today)
    plan = find_plan(loaded.workspace, plan_id)
    file = plan.origin.file if plan.origin else None
    return loaded, plan, [p for p in loaded.problems if p.is_error and p.file == file]


def find_plan(ws: Workspace, plan_id: str) -> Plan:
    plan = ws.plans.get(plan_id)
    if plan is None:
        hint = did_you_mean(plan_id, ws.plans) or _("the plans: {ids}").format(
            ids=", ".join(sorted(ws.plans)) or _("none")
        )
        raise PlanSheetError(_("no plan {plan!r}").format(plan=plan_id), hint)
    return plan


# --- plan sheet -------------------------------------------------------------------------------------


def sheet(ws: Workspace, plan: Plan) -> tuple[bytes, int, int]:
    """The plan's sheet as xlsx bytes, the number of goals and the number of activity rows."""
    current = _current(ws, plan)
    marks = _readings(ws, plan)
    rows: list[SheetRow] = []
    goals = ws.goals_in_sets(_sets(ws, plan))
    for g in goals:
        base = {
            "goal": g.code,
            "set": g.set_id,
            "part": f"{g.goal.part} {g.part_name}" + (f" / {g.area_name}" if g.area_name else ""),
            "title": g.goal.title or "",
        }
        mark = marks.get(g.key)
        activities = current.get(g.key, [])
        rows += [SheetRow({**base, **_cells(ws, plan, a, mark)}) for a in activities] or [
            SheetRow({**base, "note": mark} if mark else base)
        ]
    choices = Choices([p.name for p in plan.procedures], sorted(ws.courses))
    data = to_sheet(rows, choices, f"Læringsaktiviteter, {plan.institution} ({plan.id})")
    return data, len(goals), sum(len(v) for v in current.values())


def _sets(ws: Workspace, plan: Plan) -> list[str]:
    return [s for s in plan.goal_sets if s in ws.goal_sets]


def _current(ws: Workspace, plan: Plan) -> dict[str, list[Activity]]:
    found: dict[str, list[Activity]] = {}
    for ga in plan.goal_activities:
        goal = ws.resolve_goal(ga.goal, _sets(ws, plan))
        if isinstance(goal, GoalInfo):
            found.setdefault(goal.key, []).extend(ga.activities)
    return found


def _readings(ws: Workspace, plan: Plan) -> dict[str, str]:
    """For each goal whose requirement in the plan is lisplan's reading of a source (``reading:`` on its
    activities, or on a procedure list that counts it), the one line the note column marks it with
    (load/sheet.py reads that line back as nothing, so an unedited sheet changes nothing)."""
    sets = _sets(ws, plan)
    found: dict[str, str] = {}
    for ga in plan.goal_activities:
        goal = ws.resolve_goal(ga.goal, sets)
        if ga.reading is not None and isinstance(goal, GoalInfo):
            of = ws.resolve_goal(ga.reading.of, ws.goal_sets) if ga.reading.of else None
            given = ""
            if isinstance(of, GoalInfo):  # the sheet is in bokmål: the set by its name
                given = f" gir aktivitetene for {of.code} i {ws.goal_sets[of.set_id].name}"
            found[goal.key] = f"{READING_MARK} {ga.reading.source}{given}"
    for proc in plan.procedures:
        for ref in proc.goals if proc.reading else []:
            goal = ws.resolve_goal(ref, sets)
            if isinstance(goal, GoalInfo) and goal.key not in found:
                found[goal.key] = f"{READING_MARK} prosedyrelisten {proc.name}: {proc.reading}"
    return found


def _cells(ws: Workspace, plan: Plan, a: Activity, reading: str | None = None) -> dict[str, Any]:
    procedure = next((p for p in plan.procedures if p.id == a.procedure), None)
    count: int | None = a.count if a.count != 1 else None
    if a.kind is ActivityKind.PROCEDURE_LIST:
        count = procedure.minimum if procedure else None
    return {
        "kind": KIND_LABELS[a.kind].label,
        "topic": a.topic,
        "course": a.course,
        "procedure": procedure.name if procedure else a.procedure,
        "count": count,
        "assessment": KIND_LABELS[a.kind].assessment,
        "signer": signer(a.kind),
        "note": "\n".join(n for n in (a.note, reading) if n) or None,
    }


# --- plan import ------------------------------------------------------------------------------------


@dataclass
class GoalChange:
    goal: str
    set: str
    change: str  # added | changed | removed
    added: list[str]
    removed: list[str]


@dataclass
class ProcedureChange:
    id: str
    name: str
    change: str  # added | changed
    minimum_before: int | None
    minimum: int


@dataclass
class Imported:
    plan: str
    file: str
    sheet: str
    dry_run: bool
    goals: list[GoalChange] = field(default_factory=list)
    procedures: list[ProcedureChange] = field(default_factory=list)
    problems: list[SheetProblem] = field(default_factory=list)
    written: bool = False

    def view(self) -> dict[str, Any]:
        """The JSON shape of ``plan import --format json``."""
        return {
            "plan": self.plan,
            "file": self.file,
            "sheet": self.sheet,
            "dry_run": self.dry_run,
            "written": self.written,
            "goals": [vars(g) for g in self.goals],
            "procedures": [vars(p) for p in self.procedures],
            "problems": [p.record() for p in self.problems],
        }


def import_sheet(ws: Workspace, plan: Plan, root: Path, path: Path, *, dry_run: bool) -> Imported:
    """Read the sheet at ``path`` into ``plan``'s file (unless ``dry_run``); the sheet's faults are in
    ``problems`` (nothing is written then); raises ``PlanSheetError`` for a plan lisplan cannot write."""
    plan_file = _writable(plan, root)
    result = Imported(plan.id, relative(plan_file, root) or str(plan_file), path.name, dry_run)
    try:
        contents = read_sheet(path, ws, plan)
    except SheetRefused as e:  # no sheet at all: a fault of the whole file
        result.problems = [e.problem]
        return result
    if contents.problems:
        result.problems = contents.problems
        return result
    try:
        raw = read_bytes(plan_file)
        text = decode(raw)
        data = parse(plan_file, text).data
    except SourceError as e:
        raise PlanSheetError(f"{result.file}: {e.message}", e.hint or _("lisplan check shows what is wrong")) from None
    values: dict[str, Any] = {}
    goal_items, result.goals = _goal_activities(ws, plan, data, contents)
    if result.goals:
        values["goal_activities"] = goal_items
    procedures, result.procedures = _procedures(plan, data, contents)
    if result.procedures:
        values["procedures"] = procedures
    if not values:
        return result
    try:
        new_text = edited_text(text, values, lambda where: len(where) == 4 and where[2] == "activities")
        if not dry_run:
            write_edited(plan_file, raw, new_text)
            result.written = True
    except EditError as e:
        raise PlanSheetError(f"{result.file}: {e.message}", e.hint) from None
    return result


def _writable(plan: Plan, root: Path) -> Path:
    file = plan.origin.file if plan.origin else None
    if file is None or not file.resolve().is_relative_to(root.resolve()):
        raise PlanSheetError(
            _("plan {plan} is lisplan's own copy, not a file of this repo").format(plan=plan.id),
            _("copy it into the repo first ({file}), then import into that").format(file=f"data/plans/{plan.id}.yaml"),
        )
    return file


def _canon(activity: dict[str, Any]) -> dict[str, Any]:
    return Activity.model_validate(activity).model_dump(mode="json", exclude_none=True)


def describe(activity: dict[str, Any]) -> str:
    """``Prosedyreliste skeleton-scintigraphy``, ``MDT-møte: lungekreft`` …"""
    a = _canon(activity)
    text = KIND_LABELS[ActivityKind(a["kind"])].label
    text += "".join(f" {a[k]}" for k in ("procedure", "course") if k in a)
    text += f": {a['topic']}" if "topic" in a else ""
    text += f" ×{a['count']}" if a.get("count", 1) != 1 else ""
    return text + (f" ({a['note']})" if "note" in a else "")


def _goal_activities(
    ws: Workspace, plan: Plan, data: dict[str, Any], contents: SheetContents
) -> tuple[list[dict[str, Any]], list[GoalChange]]:
    """The new ``goal_activities`` (old items kept as written where they stay) and the changes."""
    raw_items = list(data.get("goal_activities") or [])
    order = {key: i for i, key in enumerate(contents.goals)}
    catalog = {g.key: i for i, g in enumerate(ws.goals_in_sets(_sets(ws, plan)))}
    kept: list[tuple[int, dict[str, Any]]] = []
    changes: list[tuple[int, GoalChange]] = []
    seen = set()
    for model, raw in zip(plan.goal_activities, raw_items, strict=True):
        goal = ws.resolve_goal(model.goal, _sets(ws, plan))
        key = goal.key if isinstance(goal, GoalInfo) else model.goal
        seen.add(key)
        wanted = contents.goals.get(key, [])
        new_list = _reuse(list(raw.get("activities") or []), wanted)
        change = _change(goal, raw.get("activities") or [], new_list, catalog.get(key, len(catalog)))
        if change:
            changes.append(change)
        if new_list:
            kept.append((order.get(key, -1), {**raw, "activities": new_list} if change else raw))
    for key, wanted in contents.goals.items():
        if key in seen or not wanted:
            continue
        info = contents.infos[key]
        short = ws.resolve_goal(info.code, _sets(ws, plan))
        ref = info.code if isinstance(short, GoalInfo) else info.key
        change = _change(info, [], wanted, catalog.get(key, len(catalog)))
        if change:
            changes.append(change)
        at = max((i + 1 for i, (o, _) in enumerate(kept) if 0 <= o < order[key]), default=0)
        kept.insert(at, (order[key], {"goal": ref, "activities": wanted}))
    return [item for _, item in kept], [c for _, c in sorted(changes, key=lambda c: c[0])]


def _reuse(old: list[dict[str, Any]], wanted: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """``wanted``, with each activity that equals an old one given as the old one was written."""
    unused = list(old)
    out = []
    for activity in wanted:
        same = next((o for o in unused if _canon(o) == _canon(activity)), None)
        if same is not None:
            unused.remove(same)
        out.append(same if same is not None else activity)
    return out


def _change(
    goal: GoalInfo | str, old: list[dict[str, Any]], new: list[dict[str, Any]], position: int
) -> tuple[int, GoalChange] | None:
    before = [describe(a) for a in old]
    after = [describe(a) for a in new]
    if before == after:
        return None
    added = [a for a in after if a not in before]
    removed = [a for a in before if a not in after]
    what = "added" if not before else "removed" if not after else "changed"
    code, set_id = (goal.code, goal.set_id) if isinstance(goal, GoalInfo) else (goal, "")
    return position, GoalChange(code, set_id, what, added, removed)


def _procedures(
    plan: Plan, data: dict[str, Any], contents: SheetContents
) -> tuple[list[dict[str, Any]], list[ProcedureChange]]:
    raw = list(data.get("procedures") or [])
    changes = []
    out = []
    for model, item in zip(plan.procedures, raw, strict=True):
        minimum = contents.minimums.get(model.id)
        if minimum is not None and minimum != model.minimum:
            changes.append(ProcedureChange(model.id, model.name, "changed", model.minimum, minimum))
            item = {**item, "minimum": minimum}
        out.append(item)
    for pid, name in contents.new_procedures.items():
        if pid in contents.minimums:
            out.append({"id": pid, "name": name, "minimum": contents.minimums[pid]})
            changes.append(ProcedureChange(pid, name, "added", None, contents.minimums[pid]))
    return out, changes


# --- the commands --------------------------------------------------------------------------------


def _sheet_plan(s: Session, plan_id: str) -> tuple[Workspace, Plan]:
    """The repo loaded and the plan found; a plan with errors is refused (lisplan check shows them)."""
    try:
        loaded, plan, errors = load_plan(s.root, plan_id, s.today())
    except PlanSheetError as e:
        raise Stop(e.message, e.hint) from None
    if errors:
        raise Stop(
            _("plan {plan} has errors").format(plan=plan_id),
            _("fix them (lisplan check shows them all), then run this again"),
            code=PROBLEMS,
            problems=errors,
            root=s.root,
            line_of=loaded.line_of,
        )
    return loaded.workspace, plan


def write_sheet(s: Session, plan_id: str, out: Path) -> None:
    """``lisplan plan sheet``: write the plan's activity sheet to ``out`` (.xlsx)."""
    from lisplan.present.export import MissingLibrary

    if out.suffix.lower() != ".xlsx":
        raise Stop(
            _("--out {file}: lisplan writes the sheet as .xlsx").format(file=out),
            _("name it {name}").format(name=out.with_suffix(".xlsx").name),
        )
    ws, found = _sheet_plan(s, plan_id)
    try:
        data, goals, activities = sheet(ws, found)
    except MissingLibrary:
        raise Stop(_("the sheet needs the XlsxWriter library"), _("install it: pip install 'lisplan[xlsx]'")) from None
    emit(data, out, s.root)
    plain(
        _(
            "Wrote {file}: {goals} goals, {activities} activities. Fill it in, then: lisplan plan import {plan} {file}"
        ).format(file=out, goals=goals, activities=activities, plan=plan_id)
    )


def run_import(s: Session, plan_id: str, file: Path, *, dry_run: bool, as_json: bool) -> int:
    """``lisplan plan import``: read a filled-in sheet into the plan; exit 1 when the sheet has faults."""
    if not file.is_file():
        raise Stop(_("no file {file!r}").format(file=str(file)), _("give the path of the .xlsx sheet to import"))
    ws, found = _sheet_plan(s, plan_id)
    try:
        result = import_sheet(ws, found, s.root, file, dry_run=dry_run)
    except PlanSheetError as e:
        raise Stop(e.message, e.hint) from None
    if result.written:  # the last write is this one now, and lisplan undo does not take a plan back
        from lisplan.files import journal

        journal.forget(s.root)
    show(result.view(), as_json, print_plan_import)
    return PROBLEMS if result.problems else OK
