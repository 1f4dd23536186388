#!/usr/bin/env python3
"""Time lisplan's commands against a generated plan repo, next to two floors.

    python benchmarks/run.py --entries 20000 [--trainees 1] [--repeat 5] [--repo PATH] [--json]

Without --repo a repo is generated (benchmarks/generate.py) into a temporary folder and removed
afterwards. Every row is a fresh subprocess of this Python (sys.executable), so interpreter
start-up is in every number the same way:

  startup   python -c pass
  parse     python -c '<import yaml; yaml.load(f, Loader=yaml.CSafeLoader) for every file of data/logs>'
  typer     python -c 'import typer'      (the floor for warm commands, issue 19)
  typer-help  --help of a minimal two-command Typer app (the floor for lisplan --help, issue 19)
  typer-run   that app running one of its commands: what any command typer parses costs (typer 0.29
            coerces options through pydantic); the floor of issue 28's targets for log and the daily loop
  help      python -m lisplan --help
  check-cold, status-cold   the command with LISPLAN_NO_CACHE=1: every file parsed and validated
  site-cold  lisplan site into a temporary folder, cold: every trainee's page and the front page
  check     python -m lisplan --repo REPO check   (warm: .lisplan-cache/ filled, nothing changed)
  …         the other commands in COMMANDS
  *-after-log   status, remaining, schedule, each run right after a one-entry log (not timed)
  check-warnings   check (cold) of a log whose every other entry is out of date order: as many
            warnings, each with an excerpt, as half the entries (exit 1 counted as success)

Each row is run once to warm the file cache, then --repeat times; the table shows the median and
the ratio to the two floors (start-up alone; start-up + a bare libyaml parse of the same logs), the
median peak memory (max RSS) of the runs, and then whether each target of issues 9, 19 and 28 is met or missed.
"""

from __future__ import annotations

import argparse
import atexit
import datetime as dt
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
TODAY = "2026-11-23"  # LISPLAN_TODAY for every run, so generated data (<= 2026-11-01) is never "future"

# The commands to time: (row name, lisplan arguments after `--repo REPO`, takes --trainee).
# A command is skipped (n/a) when `lisplan COMMAND --help` exits non-zero, so commands of later
# versions can be listed here before they exist. Add new ones to this list. "{run}" in an argument
# becomes a number unique to each run (log refuses an accession number it has seen); "{out}" a
# temporary folder for files a command writes.
# Rows ending in "-cold" run with LISPLAN_NO_CACHE=1: nothing remembered, every file parsed and
# validated (what CI's first run on a fresh clone pays). The others are warm: the warm-up run fills
# .lisplan-cache/, and nothing changes between runs (the daily case of a second `status`).
COMMANDS: list[tuple[str, list[str], bool]] = [
    ("check-cold", ["check"], False),
    ("status-cold", ["status"], True),
    ("cohort-cold", ["cohort"], False),
    ("site-cold", ["site", "{out}/site"], False),
    ("check", ["check"], False),
    ("status", ["status"], True),
    ("remaining", ["remaining"], True),
    ("schedule", ["schedule"], True),
    ("render", ["render", "{out}/plan.md"], True),
    ("cohort", ["cohort"], False),
    ("export", ["export", "--format", "json", "--out", "{out}/export.json"], True),
    ("portal", ["portal"], True),
    # last, because they write: one real append per run (timed only on generated repos)
    ("log", ["log", "skeleton-scintigraphy", "--accession", "{run}"], True),
    # a day's RIS/PACS export of 500 rows (benchmarks/worklist.py), new numbers on a later day each run
    ("worklist", ["worklist", "{worklist}"], True),
    # the trainee's daily loop: each run (and the warm-up) follows a one-entry log, not timed, so nothing
    # is replayed and the command reads the year file log just changed
    ("status-after-log", ["status"], True),
    ("remaining-after-log", ["remaining"], True),
    ("schedule-after-log", ["schedule"], True),
]
AFTER_LOG = ["log", "skeleton-scintigraphy", "--accession", "{run}"]  # what runs before each -after-log run
WRITES = {"log", "worklist", "status-after-log", "remaining-after-log", "schedule-after-log"}
COLD = {"LISPLAN_NO_CACHE": "1"}

# The targets of issues 9, 19 and 28, as (what, row, limit in ms given the rows' medians). Issues 19's and
# 28's are ratios to floors timed in the same run; the cohort ones are meant for --trainees 50 --entries 5000.
# Issue 28 measures log against typer-run, the framework's floor for a command that runs (its target
# against import typer is retired), and adds the daily loop: a report right after a one-entry log.
TARGETS = [
    ("--help within 1.3x start-up + import typer", "help", lambda r: 1.3 * r["typer"]),
    ("check cold within 1.5x start-up + bare C parse", "check-cold", lambda r: 1.5 * r["parse"]),
    ("status cold within 1.5x start-up + bare C parse", "status-cold", lambda r: 1.5 * r["parse"]),
    ("check warm under 0.4 s", "check", lambda r: 400.0),
    ("status warm under 0.4 s", "status", lambda r: 400.0),
    ("log warm under 0.5 s", "log", lambda r: 500.0),
    ("28: log within 1.5x a minimal Typer app running one command", "log", lambda r: 1.5 * r["typer-run"]),
    ("28: status after a one-entry log within 2x typer-run", "status-after-log", lambda r: 2.0 * r["typer-run"]),
    ("28: remaining after a one-entry log within 2x typer-run", "remaining-after-log", lambda r: 2.0 * r["typer-run"]),
    ("28: schedule after a one-entry log within 2x typer-run", "schedule-after-log", lambda r: 2.0 * r["typer-run"]),
    ("28: check cold within 1.1x start-up + bare C parse", "check-cold", lambda r: 1.1 * r["parse"]),
    ("cohort warm under 3 s (the target is for 50 x 5,000)", "cohort", lambda r: 3000.0),
    ("19: --help within 1.2x a minimal two-command Typer app's --help", "help", lambda r: 1.2 * r["typer-help"]),
    ("19: check warm within 1.5x import typer", "check", lambda r: 1.5 * r["typer"]),
    ("19: status warm within 1.5x import typer", "status", lambda r: 1.5 * r["typer"]),
    ("19: remaining warm within 1.5x import typer", "remaining", lambda r: 1.5 * r["typer"]),
    ("19: schedule warm within 1.5x import typer", "schedule", lambda r: 1.5 * r["typer"]),
    ("19: portal warm within 1.5x import typer", "portal", lambda r: 1.5 * r["typer"]),
    ("19: render warm within 3x import typer", "render", lambda r: 3.0 * r["typer"]),
    ("19: export warm within 3x import typer", "export", lambda r: 3.0 * r["typer"]),
    ("26: a 500-row worklist within 3x a minimal Typer command", "worklist", lambda r: 3.0 * r["typer-run"]),
    ("19: cohort warm within 1.5x import typer (for 50 x 5,000)", "cohort", lambda r: 1.5 * r["typer"]),
    ("19: cohort cold within 1.0x start-up + bare C parse (for 50 x 5,000)", "cohort-cold", lambda r: r["parse"]),
    ("29: site cold within 1.5x cohort cold (for 50 x 5,000)", "site-cold", lambda r: 1.5 * r["cohort-cold"]),
]
# Peak memory targets (issue 19), as (what, row, limit in MB given the rows' median peak memory).
MEMORY_TARGETS = [
    ("19: check cold's peak memory within 2x the bare parse's (50 x 5,000)", "check-cold", lambda m: 2 * m["parse"]),
]

PARSE_SNIPPET = """\
import sys, yaml
from pathlib import Path
for p in sorted(Path(sys.argv[1]).rglob('*.yaml')):
    with open(p, 'rb') as f:
        yaml.load(f, Loader=yaml.CSafeLoader)
"""


TYPER_APP = """\
import typer

app = typer.Typer()


@app.command()
def hello(name: str, count: int = 1) -> None:
    \"\"\"Say hello.\"\"\"


@app.command()
def goodbye(name: str, formal: bool = False) -> None:
    \"\"\"Say goodbye.\"\"\"


app()
"""


# A child's max RSS (wait4) starts at its parent's: this script's ~40 MB would be every small row's peak.
# GNU time runs the command as a child of its own small process, so its %M is the command's alone.
GNU_TIME = "/usr/bin/time" if os.path.exists("/usr/bin/time") and sys.platform.startswith("linux") else None


def run_once(argv: list[str], env: dict[str, str]) -> tuple[float, int, str, float]:
    """Wall time in ms, exit code, the end of stderr, and the peak memory (max RSS) in MB of one run."""
    with tempfile.TemporaryFile() as err, tempfile.NamedTemporaryFile("r") as peak_file:
        wrapped = [GNU_TIME, "-q", "-f", "%M", "-o", peak_file.name, *argv] if GNU_TIME else argv
        began = time.perf_counter()
        proc = subprocess.Popen(wrapped, env=env, stdout=subprocess.DEVNULL, stderr=err, stdin=subprocess.DEVNULL)
        _pid, status, usage = os.wait4(proc.pid, 0)
        elapsed = (time.perf_counter() - began) * 1000.0
        proc.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        stderr = err.read()
        measured = peak_file.read().strip().splitlines()
    if GNU_TIME and measured and measured[-1].isdigit():
        peak = int(measured[-1]) / 1024.0
    else:
        peak = usage.ru_maxrss / 1024.0 if sys.platform != "darwin" else usage.ru_maxrss / 2**20
    return elapsed, proc.returncode, stderr.decode("utf-8", "replace")[-2000:], peak


def time_row(argv: list[str], env: dict[str, str], repeat: int, before: list[str] | None = None) -> dict:
    """``argv`` timed ``repeat`` times after a warm-up; ``before`` runs (untimed) ahead of each run."""
    stamp = f"{time.time_ns() % 10**12:012d}"

    out = tempfile.mkdtemp(prefix="lisplan-bench-out-")
    atexit.register(shutil.rmtree, out, True)

    runs = iter(range(10**6))

    def numbered(i: int, given: list[str] = argv) -> list[str]:
        args = [a.replace("{run}", f"9{stamp}{i:03d}").replace("{out}", out) for a in given]
        if "{worklist}" in args:  # a new export for each run, so every run imports 500 new examinations
            args[args.index("{worklist}")] = str(worklist_file(Path(out), next(runs), stamp))
        return args

    def prepare(i: int) -> None:
        if before is not None:
            _ms, rc, stderr, _peak = run_once(numbered(i, before), env)
            if rc:
                raise SystemExit(f"{' '.join(before)} exited {rc} before a timed run:\n{stderr}")

    prepare(999)
    run_once(numbered(999), env)  # warm-up, not counted
    times, codes, err, peaks = [], set(), "", []
    for i in range(repeat):
        prepare(i)
        ms, rc, stderr, peak = run_once(numbered(i), env)
        times.append(ms)
        peaks.append(peak)
        codes.add(rc)
        if rc:
            err = stderr
    return {
        "median_ms": statistics.median(times),
        "peak_mb": round(statistics.median(peaks), 1),
        "min_ms": min(times),
        "max_ms": max(times),
        "runs": [round(t, 1) for t in times],
        "exit_codes": sorted(codes),
        "stderr": err or None,
    }


def worklist_file(out: Path, n: int, stamp: str) -> Path:
    """The ``n``-th run's export: 500 rows of today (the log row before it logged today too, so the entries
    go last, as a day's worklist does), numbered from this benchmark's stamp, so no run meets another's."""
    sys.path.insert(0, str(HERE))
    from worklist import rows, write

    day = dt.date.fromisoformat(TODAY)
    first = int(f"7{stamp[-8:]}{n:03d}") * 1000  # 15 digits: never an 11-digit identity number
    return write(out / f"worklist-{n}.csv", rows(500, first=first, days=(day, day)))


def available(command: str, env: dict[str, str]) -> bool:
    proc = subprocess.run(
        [sys.executable, "-m", "lisplan", command, "--help"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        stdin=subprocess.DEVNULL,
    )
    return proc.returncode == 0


def trainees_of(repo: Path) -> list[str]:
    logs = repo / "data" / "logs"
    return sorted(p.name for p in logs.iterdir() if (p / "trainee.yaml").is_file()) if logs.is_dir() else []


def repo_stats(repo: Path) -> dict:
    files = sorted((repo / "data" / "logs").rglob("*.yaml"))
    entries = sum(f.read_text(encoding="utf-8").count("\n  - ") for f in files if f.name != "trainee.yaml")
    return {
        "log_files": len(files),
        "bytes": sum(f.stat().st_size for f in files),
        "entries": entries,
        "trainees": len(trainees_of(repo)),
    }


def benchmark(repo: Path, repeat: int, trainee: str | None, writable: bool = True) -> dict:
    env = dict(os.environ, LISPLAN_TODAY=TODAY, NO_COLOR="1", COLUMNS="100")
    env.pop("LISPLAN_REPO", None)
    # Installed, lisplan runs from byte-compiled modules (pip compiles them); a shell that sets
    # PYTHONDONTWRITEBYTECODE would make every row of an editable install compile ~60 modules (~80 ms).
    # The warm-up run of each row writes them.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    py = sys.executable
    rows: dict[str, dict] = {}
    rows["startup"] = time_row([py, "-c", "pass"], env, repeat)
    rows["parse"] = time_row([py, "-c", PARSE_SNIPPET, str(repo / "data" / "logs")], env, repeat)
    rows["typer"] = time_row([py, "-c", "import typer"], env, repeat)
    rows["typer-help"] = time_row([py, "-c", TYPER_APP, "--help"], env, repeat)
    rows["typer-run"] = time_row([py, "-c", TYPER_APP, "hello", "x", "--count", "2"], env, repeat)
    rows["help"] = time_row([py, "-m", "lisplan", "--help"], env, repeat)
    people = trainees_of(repo)
    pick = trainee or (people[0] if people else None)
    for name, args, takes_trainee in COMMANDS:
        command = args[0]
        if not available(command, env) or (name in WRITES and not writable):
            rows[name] = {"median_ms": None, "note": "n/a" if writable else "not timed: it writes to the repo"}
            continue
        argv = [py, "-m", "lisplan", "--repo", str(repo), *args]
        before = [py, "-m", "lisplan", "--repo", str(repo), *AFTER_LOG] if name.endswith("-after-log") else None
        if takes_trainee and pick and len(people) > 1:
            argv += ["--trainee", pick]
            before = before and [*before, "--trainee", pick]
        rows[name] = time_row(argv, {**env, **COLD} if name.endswith("-cold") else env, repeat, before)
        rows[name]["argv"] = ["python", *argv[1:]]
    if pick is not None and writable:
        stats = repo_stats(repo)  # one trainee's worth of entries, as the issue 20 row meant
        disordered = disordered_repo(repo, pick, stats["entries"] // max(stats["trainees"], 1))
        argv = [py, "-m", "lisplan", "--repo", str(disordered), "check"]
        rows["check-warnings"] = time_row(argv, {**env, **COLD}, repeat)
        rows["check-warnings"]["argv"] = ["python", *argv[1:]]
        rows["check-warnings"]["exit_codes"] = [0 if c == 1 else c for c in rows["check-warnings"]["exit_codes"]]
    startup = rows["startup"]["median_ms"]
    floor = rows["parse"]["median_ms"]
    typer = rows["typer"]["median_ms"]
    for row in rows.values():
        ms = row.get("median_ms")
        row["x_startup"] = round(ms / startup, 2) if ms is not None and startup else None
        row["x_parse"] = round(ms / floor, 2) if ms is not None and floor else None
        row["x_typer"] = round(ms / typer, 2) if ms is not None and typer else None
    return {
        "python": sys.version.split()[0],
        "executable": py,
        "repeat": repeat,
        "today": TODAY,
        "repo": str(repo),
        "trainee": pick,
        **repo_stats(repo),
        "rows": rows,
        "targets": targets(rows),
    }


def disordered_repo(repo: Path, trainee: str, entries: int) -> Path:
    """A repo beside ``repo`` with one trainee's profile and one log of ``entries`` self-study entries
    whose dates alternate late, early: every other one is out of order, so check reports a warning
    (with an excerpt) for half the entries. Issue 20: 10,000 of them took 93 s when every excerpt
    split the whole file again; the row shows that check stays linear in the problems it prints."""
    out = Path(tempfile.mkdtemp(prefix="lisplan-bench-disordered-"))
    atexit.register(shutil.rmtree, out, True)
    folder = out / "data" / "logs" / trainee
    folder.mkdir(parents=True)
    shutil.copy(repo / "data" / "logs" / trainee / "trainee.yaml", folder / "trainee.yaml")
    if (repo / "lisplan.yaml").is_file():
        shutil.copy(repo / "lisplan.yaml", out / "lisplan.yaml")
    lines = [f"kind: log\ntrainee: {trainee}\nyear: 2025\nentries:\n"]
    for i in range(entries):
        day = "2025-06-30" if i % 2 == 0 else "2025-01-02"
        lines.append(f"  - self-study: reading {i}\n    date: {day}\n")
    (folder / "2025.yaml").write_text("".join(lines), encoding="utf-8")
    return out


def targets(rows: dict) -> list[dict]:
    medians = {name: row.get("median_ms") for name, row in rows.items()}
    peaks = {name: row.get("peak_mb") for name, row in rows.items()}
    found = []
    for what, name, limit in TARGETS:
        found.append(_target(what, name, limit, medians, "ms"))
    for what, name, limit in MEMORY_TARGETS:
        found.append(_target(what, name, limit, peaks, "MB"))
    return found


def _target(what: str, name: str, limit, values: dict, unit: str) -> dict:
    value = values.get(name)
    try:
        bound = limit(values) if value is not None else None
    except (TypeError, KeyError):  # a floor row is missing
        bound = None
    key = unit.lower()
    return {
        "target": what,
        "row": name,
        "unit": unit,
        f"median_{key}": value,
        f"limit_{key}": bound,
        "ratio": round(value / bound, 2) if value is not None and bound else None,
        "met": None if bound is None else value <= bound,
    }


def table(result: dict) -> str:
    out = [
        f"repo: {result['repo']}",
        f"  {result['trainees']} trainee(s), {result['entries']} entries, {result['log_files']} files, "
        f"{result['bytes'] / 1e6:.1f} MB; python {result['python']}; median of {result['repeat']} runs",
        "",
        f"{'row':<20}{'median ms':>11}{'min':>9}{'max':>9}{'x startup':>11}{'x parse':>9}{'x typer':>9}"
        f"{'peak MB':>9}  exit",
    ]
    for name, row in result["rows"].items():
        if row.get("median_ms") is None:
            out.append(f"{name:<20}{'n/a':>11}  {row.get('note', '') if row.get('note') != 'n/a' else ''}".rstrip())
            continue
        codes = ",".join(str(c) for c in row["exit_codes"])
        out.append(
            f"{name:<20}{row['median_ms']:>11.0f}{row['min_ms']:>9.0f}{row['max_ms']:>9.0f}"
            f"{row['x_startup']:>11.1f}{row['x_parse']:>9.1f}{row['x_typer']:>9.2f}{row['peak_mb']:>9.1f}  {codes}"
        )
    out += ["", "targets (issue 9; issues 19 and 28 marked 19: and 28:):"]
    for t in result["targets"]:
        if t["met"] is None:
            out.append(f"  n/a     {t['target']}")
        else:
            unit = t["unit"]
            value, limit = t[f"median_{unit.lower()}"], t[f"limit_{unit.lower()}"]
            out.append(
                f"  {'met   ' if t['met'] else 'MISSED'}  {t['target']}: "
                f"{value:.0f} {unit}, limit {limit:.0f} {unit} ({t['ratio']:.2f} of the limit)"
            )
    failing = [(n, r) for n, r in result["rows"].items() if r.get("stderr")]
    for name, row in failing:
        out += ["", f"{name} exited {row['exit_codes']}; last stderr:", row["stderr"].rstrip()]
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--repo", type=Path, help="time against this repo instead of generating one")
    ap.add_argument("--trainees", type=int, default=1, help="trainees to generate (default 1)")
    ap.add_argument("--entries", type=int, default=20000, help="entries per trainee to generate (default 20000)")
    ap.add_argument("--years", type=int, default=5, help="years of training to generate (default 5)")
    ap.add_argument("--seed", type=int, default=1, help="generator seed (default 1)")
    ap.add_argument("--repeat", type=int, default=5, help="timed runs per row (default 5)")
    ap.add_argument("--trainee", help="trainee for status/remaining when the repo has several (default: the first)")
    ap.add_argument("--json", action="store_true", help="print the numbers as JSON instead of a table")
    ap.add_argument("--write", action="store_true", help="with --repo: also time log, which appends to that repo")
    args = ap.parse_args(argv)
    if args.repeat < 1:
        ap.error("--repeat must be at least 1")

    with tempfile.TemporaryDirectory(prefix="lisplan-bench-") as tmp:
        generated = None
        if args.repo is None:
            sys.path.insert(0, str(HERE))
            sys.dont_write_bytecode = True  # no __pycache__ in benchmarks/
            import generate

            repo = Path(tmp) / "repo"
            began = time.perf_counter()
            generate.generate(repo, args.trainees, args.entries, args.years, args.seed)
            generated = round((time.perf_counter() - began) * 1000.0, 1)
            if not args.json:
                print(f"generated {args.trainees} x {args.entries} entries in {generated:.0f} ms", file=sys.stderr)
        else:
            repo = args.repo.resolve()
        result = benchmark(repo, args.repeat, args.trainee, writable=args.repo is None or args.write)
        result["generate_ms"] = generated
        if args.repo is None:
            result["repo"] = (
                f"(generated: --trainees {args.trainees} --entries {args.entries}"
                f" --years {args.years} --seed {args.seed})"
            )
    print(json.dumps(result, indent=2, ensure_ascii=False) if args.json else table(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
