#!/usr/bin/env python3
"""Generate a realistic, FICTIONAL plan repo for benchmarking lisplan.

    python benchmarks/generate.py OUT_DIR --trainees 1 --entries 20000 --years 5 [--seed 1]

Writes, for each trainee, OUT_DIR/data/logs/<trainee-id>/trainee.yaml and one <year>.yaml per
calendar year (kind: log), in the block style of data/logs/eksempel-lis/, plus OUT_DIR/lisplan.yaml
(kind: config). The output is a pure function of the arguments: the same --seed gives the same
bytes.

Every person, entry and number is made up. Accession numbers are 8 digits, so they can never be a
Norwegian national identity number (those are 11 digits). Every trainee uses plan ous-nuk and goal
sets nuk-2019 + fkm-2026 (shipped with lisplan), starts --years years before END (2026-11-01), and
every entry is dated on or before END, in date order within each file. The result passes
`LISPLAN_TODAY=2026-11-23 lisplan check --repo OUT_DIR` with no problems.

--entries is the number of log entries per trainee (exactly, as long as it is larger than the
scheduled non-procedure entries: about 80 a year); most of them are skeleton-scintigraphy
procedures, the rest introductions, MDT meetings, courses, teaching, self-study, supervision
(individual and group) and sign-offs.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import re
import sys
import time
from pathlib import Path

END = dt.date(2026, 11, 1)  # no entry after this date
PLAN = "ous-nuk"
GOAL_SETS = ["nuk-2019", "fkm-2026"]
PROCEDURE = "skeleton-scintigraphy"
PROCEDURE_MINIMUM = 400  # ous-nuk's minimum for skeleton-scintigraphy

# Ids from data/goals/nuk-courses.yaml, in the order a trainee usually takes them.
COURSES = [
    "nm-1-stralevern",
    "nm-2-stralefysikk",
    "nm-3-klinisk-nm",
    "nm-4-organdiagnostikk-terapi",
    "nm-5-onkologisk-pet",
    "rad-thorax",
    "rad-gastro",
    "rad-skjelett-traume",
    "rad-nevro-onh",
    "rad-modalitet",
]
# ous-nuk's supervision.group_topics
GROUP_TOPICS = [
    "etikk",
    "kommunikasjon",
    "kvalitet-og-pasientsikkerhet",
    "lovverk",
    "systemforstaelse-og-ledelse",
    "forskningsforstaelse",
]
INDIVIDUAL_TOPICS = [
    "utdanning og trivsel",
    "refleksjon over praksis",
    "progresjon og læringsmål",
    "vaktarbeid og arbeidsmiljø",
    "forskning og fagutvikling",
]
TEACHING = [  # (title, goals) — national web teaching and internal teaching
    ("Strålevern og ALARA-prinsippet", ["NUK-001"]),
    ("Dosimetri i praksis", ["NUK-002"]),
    ("Strålevernforskriften", ["NUK-003"]),
    ("Radiofarmasi", ["NUK-005"]),
    ("Gammakamera og SPECT", ["NUK-009"]),
    ("PET/CT-fysikk", ["NUK-014"]),
    ("Skjelettscintigrafi", ["NUK-068"]),
    ("Myokardscintigrafi", ["NUK-070"]),
    ("Nyrescintigrafi", ["NUK-072"]),
    ("Thyreoideadiagnostikk", ["NUK-075"]),
    ("FDG-PET/CT ved lungekreft", ["NUK-085"]),
    ("PSMA-PET", ["NUK-088"]),
    ("Radiojodbehandling", ["NUK-094"]),
    ("Etikk i klinisk hverdag", ["FKM-001"]),
    ("Kommunikasjon med pasienter og pårørende", ["FKM-002"]),
    ("Pasientsikkerhet og avvikshåndtering", ["FKM-008"]),
]
SELF_STUDY = [
    ("Strålevernforskriften", ["NUK-003"]),
    ("e-håndbok: skjelettscintigrafi", ["NUK-068"]),
    ("EANM-retningslinje for skjelettscintigrafi", ["NUK-068"]),
    ("EANM-retningslinje for FDG-PET/CT", ["NUK-084"]),
    ("Lærebok: Essentials of Nuclear Medicine Imaging, kap. 1-4", ["NUK-009", "NUK-014"]),
    ("Helsepersonelloven", ["FKM-012"]),
]
INTRODUCTIONS = [  # (goal, note)
    ("NUK-068", "Introduksjon til skjelettscintigrafi: teori, hotlab, akkvisisjon, tolkning"),
    ("NUK-070", "Introduksjon til myokardscintigrafi"),
    ("NUK-072", "Introduksjon til nyrescintigrafi"),
    ("NUK-075", "Introduksjon til thyreoideascintigrafi"),
    ("NUK-084", "Introduksjon til FDG-PET/CT"),
    ("NUK-088", "Introduksjon til PSMA-PET/CT"),
    ("NUK-094", "Introduksjon til radiojodbehandling"),
]
FIRST_NAMES = [
    "Kari",
    "Per",
    "Ola",
    "Ingrid",
    "Lars",
    "Marte",
    "Nils",
    "Sigrid",
    "Anders",
    "Silje",
    "Jonas",
    "Ragnhild",
    "Eirik",
    "Hanne",
    "Magnus",
    "Tone",
    "Sindre",
    "Live",
    "Håkon",
    "Astrid",
    "Torbjørn",
    "Maren",
    "Vegard",
    "Solveig",
    "Øystein",
    "Hilde",
    "Trond",
    "Ida",
    "Geir",
    "Ane",
]
LAST_NAMES = [
    "Fiktivsen",
    "Oppdiktet",
    "Eksempelsen",
    "Prøvestad",
    "Testrud",
    "Modellbakken",
    "Øvingsli",
    "Tenkjesen",
    "Forsøksvik",
    "Utprøvingstad",
    "Skissebø",
    "Malsnes",
    "Demoli",
    "Attrappvik",
]

ACCESSION_LOW, ACCESSION_HIGH = 10_000_000, 100_000_000  # 8 digits, never 11: never an identity number
_PLAIN = re.compile(r"^[A-Za-z0-9ÆØÅæøå][A-Za-z0-9ÆØÅæøå ./,()/_-]*$")


# --- writing -------------------------------------------------------------------------------------


def scalar(value: object) -> str:
    """A YAML scalar in the example's style: plain where safe, double-quoted otherwise."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, (int, dt.date)):
        return str(value)
    if isinstance(value, list):
        return "[" + ", ".join(scalar(v) for v in value) + "]"
    text = str(value)
    if _PLAIN.match(text) and not text[0].isdigit() and text.lower() not in {"true", "false", "null", "yes", "no"}:
        return text
    return json.dumps(text, ensure_ascii=False)


def entry_block(entry: dict[str, object]) -> str:
    lines = []
    for i, (key, value) in enumerate(entry.items()):
        if key.startswith("_"):
            continue
        lines.append(("  - " if i == 0 else "    ") + f"{key}: {scalar(value)}")
    return "\n".join(lines) + "\n"


HEADER = (
    "# GENERATED by benchmarks/generate.py (seed {seed}): FICTIONAL benchmark data.\n"
    "# {name} is not a real person; every entry is made up.\n"
    "# Accession numbers are random 8-digit numbers, not real examinations.\n"
    "# Supervisors named here are fictional too.\n"
)


def write_log(path: Path, seed: int, trainee: dict, year: int, entries: list[dict]) -> None:
    parts = [
        HEADER.format(seed=seed, name=trainee["name"]),
        "\n",
        f"kind: log\ntrainee: {trainee['id']}\nyear: {year}\n",
    ]
    if entries:
        parts.append("entries:\n")
        parts.extend(entry_block(e) for e in entries)
    else:
        parts.append("entries: []\n")
    path.write_text("".join(parts), encoding="utf-8")


def write_trainee(path: Path, seed: int, t: dict) -> None:
    lines = [
        HEADER.format(seed=seed, name=t["name"]).rstrip("\n"),
        "kind: trainee",
        f"id: {t['id']}",
        f"name: {t['name']}",
        "fictional: true",
        "specialty: nuk",
        f"plan: {PLAN}",
        f"goal_sets: {scalar(GOAL_SETS)}",
        f"start: {t['start']}",
        f"employment: {t['employment']}",
    ]
    if t["employment_changes"]:
        lines.append("employment_changes:")
        for c in t["employment_changes"]:
            lines += [f"  - from: {c['from']}", f"    percent: {c['percent']}"]
    if t["leave"]:
        lines.append("leave:")
        for lv in t["leave"]:
            lines += [
                f"  - from: {lv['from']}",
                f"    to: {lv['to']}",
                f"    percent: {lv['percent']}",
                f"    reason: {lv['reason']}",
            ]
    lines.append(f"mentor: {t['mentor']}")
    lines.append(
        "supervisors:   # fictional supervisors; the plan's own (ous-nuk) are real people and sign nothing here"
    )
    for s in t["supervisors"]:
        lines += [
            f"  - id: {s['id']}",
            f"    name: {s['name']}",
            f"    email: {s['email']}",
            f"    role: {scalar(s['role'])}",
            "    fictional: true",
        ]
    lines.append("research: []")
    lines.append("improvement_project: null")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


# --- generating ----------------------------------------------------------------------------------


def slug(text: str) -> str:
    table = str.maketrans({"æ": "ae", "ø": "o", "å": "a", "Æ": "ae", "Ø": "o", "Å": "a"})
    return re.sub(r"[^a-z0-9]+", "-", text.translate(table).lower()).strip("-")


def years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def workdays(start: dt.date, end: dt.date, leave: list[dict]) -> list[dt.date]:
    days, d = [], start
    while d <= end:
        if d.weekday() < 5 and not any(lv["from"] <= d <= lv["to"] for lv in leave):
            days.append(d)
        d += dt.timedelta(days=1)
    return days


def on_or_after_workday(day: dt.date, days: list[dt.date]) -> dt.date | None:
    """The first working day on or after ``day`` (None when past the last)."""
    import bisect

    i = bisect.bisect_left(days, day)
    return days[i] if i < len(days) else None


def make_trainee(rng: random.Random, number: int, years: int) -> dict:
    first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
    start = years_before(END, years)
    tid = f"bench-lis-{number:03d}"
    people = rng.sample([(first, last) for first in FIRST_NAMES for last in LAST_NAMES], 4)
    roles = ["veileder", "supervisør, Ullevål", "supervisør, Rikshospitalet", "supervisør, Radiumhospitalet"]
    supervisors = [
        {"id": slug(f"{f}-{s}"), "name": f"{f} {s}", "email": f"{slug(f)}.{slug(s)}@example.org", "role": r}
        for (f, s), r in zip(people, roles, strict=True)
    ]
    leave, changes = [], []
    if rng.random() < 0.3:  # parental leave for some trainees
        y = start.year + rng.randint(1, max(1, years - 2))
        frm = dt.date(y, rng.randint(1, 6), 1)
        leave.append(
            {
                "from": frm,
                "to": frm + dt.timedelta(days=rng.choice([91, 181])),
                "percent": 100,
                "reason": "foreldrepermisjon",
            }
        )
    if rng.random() < 0.3:
        changes.append(
            {"from": dt.date(start.year + rng.randint(2, max(2, years - 1)), 1, 1), "percent": rng.choice([60, 80])}
        )
    return {
        "id": tid,
        "name": f"{first} {last} (benchmark {number:03d})",
        "start": start,
        "employment": 100,
        "employment_changes": changes,
        "leave": leave,
        "mentor": supervisors[0]["id"],
        "supervisors": supervisors,
    }


#: when nuk-2025 and fkm-2026 came into force (data/goals): a goal of nuk-2019 is logged before the first,
#: one of fkm-2026 signed off after the second, so the generated log draws no warning from check
NUK_2025 = dt.date(2025, 9, 1)
FKM_2026 = dt.date(2026, 3, 1)


def in_force(goal: str, day: dt.date) -> bool:
    return not goal.startswith("NUK-") or day < NUK_2025


def make_entries(rng: random.Random, t: dict, total: int, accessions: list[int]) -> list[dict]:
    """All of a trainee's entries, sorted by date; ``total`` of them when possible."""
    start = t["start"]
    days = workdays(start, END, t["leave"])
    mentor = t["mentor"]
    clinicians = [s["id"] for s in t["supervisors"][1:]]
    other: list[dict] = []

    def at(day: dt.date, entry: dict) -> None:
        d = on_or_after_workday(day, days)
        if d is not None:
            entry["date"] = d
            # keep 'date' right after the kind key, as in the example
            kind, *rest = entry.items()
            ordered = dict([kind, ("date", d), *[(k, v) for k, v in rest if k != "date"]])
            other.append(ordered)

    # Individual supervision, 4-6 a year; reviews of the individual plan in February and August.
    at(
        start + dt.timedelta(days=3),
        {"supervision": "individual", "by": mentor, "topic": "introduksjonssamtale", "report": None},
    )
    for year in range(start.year, END.year + 1):
        months = sorted(rng.sample([1, 3, 4, 5, 6, 10, 11, 12], rng.randint(2, 4)) + [2, 8])
        for m in months:
            day = dt.date(year, m, rng.randint(1, 25))
            if start + dt.timedelta(days=20) < day <= END:
                e = {"supervision": "individual", "by": mentor, "topic": rng.choice(INDIVIDUAL_TOPICS)}
                if m in (2, 8):
                    e["topic"] = "individuell utdanningsplan"
                    e["review"] = True
                e["report"] = None
                at(day, e)
        # Group supervision: 2-3 sessions a year, topics in turn.
        for _ in range(rng.randint(2, 3)):
            day = dt.date(year, rng.choice([1, 3, 4, 5, 9, 10]), rng.randint(8, 15))
            if start < day <= END:
                at(day, {"supervision": "group", "by": mentor, "topic": rng.choice(GROUP_TOPICS)})
    # Teaching (~monthly) and self-study (~6 a year).
    d = start + dt.timedelta(days=7)
    while d <= END:
        title, goals = rng.choice(TEACHING)
        at(d, {"teaching": title, "type": rng.choice(["national-web", "national-web", "internal"]), "goals": goals})
        d += dt.timedelta(days=rng.randint(21, 42))
    d = start + dt.timedelta(days=14)
    while d <= END:
        title, goals = rng.choice(SELF_STUDY)
        at(d, {"self-study": title, "goals": goals})
        d += dt.timedelta(days=rng.randint(45, 75))
    for e in other:  # a goal of a set not in force on the day is a warning (check's goal-set-not-in-force)
        if "goals" in e:
            e["goals"] = [g for g in e["goals"] if in_force(g, e["date"])]
            if not e["goals"]:
                del e["goals"]
    # Courses: NM courses in week 48, radiology courses spread out.
    for i, course in enumerate(COURSES):
        if i < 5:
            day = dt.date(start.year + i, 11, 24)
        else:
            day = start + dt.timedelta(days=200 + 240 * (i - 5) + rng.randint(0, 60))
        if start < day <= END:
            at(day, {"course": course, "certificate": f"certificates/{course}.pdf"})
    # Introductions, each signed off the same day.
    for j, (goal, note) in enumerate(INTRODUCTIONS):
        day = start + dt.timedelta(days=30 + 150 * j + rng.randint(0, 30))
        if day <= END:
            sup = rng.choice(clinicians)
            at(day, {"introduction": goal, "supervisor": sup, "note": note})
            at(day, {"signoff": goal, "activity": "introduction", "by": sup})
    # MDT meetings on lung cancer (NUK-085) roughly monthly from year 3; sign-off after the fourth.
    d, n = start + dt.timedelta(days=2 * 365), 0
    while d <= END:
        sup = rng.choice(clinicians)
        # NUK-085 of nuk-2019; from 2025-09-01 its counterpart in nuk-2025, NUK-138 (ous-nuk's reading)
        goal = "NUK-085" if d < NUK_2025 else "nuk-2025:NUK-138"
        at(d, {"mdt": "lungekreft", "goal": goal, "supervisor": sup})
        n += 1
        if n == 4:
            at(d, {"signoff": goal, "activity": "mdt", "by": sup})
        d += dt.timedelta(days=rng.randint(25, 40))
    # Goal approvals (NUK-001 ... NUK-060 in order, in batches) and a few common goals.
    # (after the plan's readiness months, the longest 18 months of service, with room for leave and part time)
    goal_no, d = 1, start + dt.timedelta(days=760)
    while d <= END and goal_no <= 60:
        sup = rng.choice(clinicians)
        for _ in range(rng.randint(3, 7)):
            if goal_no <= 60:
                at(d, {"signoff": f"NUK-{goal_no:03d}", "by": sup})
                goal_no += 1
        d += dt.timedelta(days=rng.randint(90, 150))
    for k, code in enumerate(["FKM-008", "FKM-001", "FKM-002"]):
        day = max(start + dt.timedelta(days=400 + 300 * k), FKM_2026 + dt.timedelta(days=30 + 60 * k))
        if day <= END:
            at(day, {"signoff": code, "by": mentor})

    # what names a goal of nuk-2019 after nuk-2025 came into force is left out (a trainee then logs against
    # nuk-2025, which the benchmark's plan gives activities only through NUK-116 and NUK-138)
    other[:] = [e for e in other if all(in_force(e.get(k, ""), e["date"]) for k in ("signoff", "introduction"))]
    for e in other:  # report paths name the meeting's date
        if "report" in e:
            e["report"] = f"reports/{e['date']}.md"

    # Procedures fill the rest, spread evenly over the working days (a few per day at full scale).
    n_proc = max(0, total - len(other))
    accession = iter(accessions)
    procedures: list[dict] = []
    signoff_done = False
    if n_proc:
        picks = sorted(rng.choices(range(len(days)), k=n_proc))
        for k, idx in enumerate(picks):
            d = days[idx]
            frac = (d - start).days / max(1, (END - start).days)
            role = "signed" if rng.random() < max(0.0, frac - 0.4) else "described"
            procedures.append(
                {
                    "procedure": PROCEDURE,
                    "date": d,
                    "accession": f"{next(accession)}",
                    "role": role,
                    "supervisor": rng.choice(clinicians),
                }
            )
            if k + 1 == PROCEDURE_MINIMUM and not signoff_done:
                signoff_done = True
                procedures.append(
                    {
                        "signoff": "NUK-068",
                        "date": d,
                        "activity": "procedure-list",
                        "procedure": PROCEDURE,
                        "by": rng.choice(clinicians),
                    }
                )
    # Stable sort by date only: procedures first within a day, then the rest in the order made.
    entries = sorted(procedures + other, key=lambda e: e["date"])
    # The procedure-list sign-off counts as an entry too; trim procedures to hit the total exactly.
    excess = len(entries) - total
    if excess > 0:
        for i in range(len(entries) - 1, -1, -1):
            if excess == 0:
                break
            if (
                "procedure" in entries[i]
                and entries[i].get("role") in ("described", "signed")
                and "signoff" not in entries[i]
            ):
                del entries[i]
                excess -= 1
    return entries


def generate(out: Path, trainees: int, entries: int, years: int, seed: int) -> dict:
    rng = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    (out / "lisplan.yaml").write_text(
        "# GENERATED by benchmarks/generate.py - benchmark repo with FICTIONAL data.\n"
        "kind: config\naccession_storage: plain\n",
        encoding="utf-8",
    )
    # Accession numbers unique across the whole repo.
    pool = rng.sample(range(ACCESSION_LOW, ACCESSION_HIGH), trainees * entries)
    counts = {"trainees": trainees, "files": 1, "entries": 0}
    for n in range(1, trainees + 1):
        t = make_trainee(rng, n, years)
        folder = out / "data" / "logs" / t["id"]
        folder.mkdir(parents=True, exist_ok=True)
        write_trainee(folder / "trainee.yaml", seed, t)
        made = make_entries(rng, t, entries, pool[(n - 1) * entries : n * entries])
        by_year: dict[int, list[dict]] = {y: [] for y in range(t["start"].year, END.year + 1)}
        for e in made:
            by_year[e["date"].year].append(e)
        for year, items in by_year.items():
            write_log(folder / f"{year}.yaml", seed, t, year, items)
        counts["files"] += 1 + len(by_year)
        counts["entries"] += len(made)
    return counts


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("out", type=Path, help="output folder (created; existing generated files are overwritten)")
    ap.add_argument("--trainees", type=int, default=1, help="number of trainees (default 1)")
    ap.add_argument("--entries", type=int, default=20000, help="log entries per trainee (default 20000)")
    ap.add_argument("--years", type=int, default=5, help="years of training before 2026-11-01 (default 5)")
    ap.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    ap.add_argument("-q", "--quiet", action="store_true", help="print nothing")
    args = ap.parse_args(argv)
    if args.trainees < 1 or args.entries < 0 or args.years < 1:
        ap.error("--trainees and --years must be at least 1, --entries at least 0")
    began = time.perf_counter()
    counts = generate(args.out, args.trainees, args.entries, args.years, args.seed)
    if not args.quiet:
        print(
            f"wrote {counts['files']} files, {counts['trainees']} trainee(s), {counts['entries']} entries "
            f"to {args.out} in {time.perf_counter() - began:.2f} s"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
