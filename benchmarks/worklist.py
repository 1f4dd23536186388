#!/usr/bin/env python3
"""A RIS/PACS worklist export for `lisplan worklist`, generated: deterministic and fictional.

    python benchmarks/worklist.py OUT.csv [--rows 500] [--first 90000000] [--seed 1] [--xlsx]

Columns as a Norwegian RIS prints them: Undersøkelsesnummer (8-digit accession numbers from --first,
which can never be national identity numbers: those have 11 digits), Dato (29.12.2026), Undersøkelse
(the names of ous-nuk's procedure lists, as a RIS might print them: Norwegian or English name, any
case), Pasient (made-up names; lisplan never reads the column) and Rolle. tests/test_worklist.py builds
its worklist with :func:`rows` (some rows logged already, unknown names, identity numbers); run.py
times importing one into the generated 20,000-entry repo.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import random
from pathlib import Path

HEADER = ["Undersøkelsesnummer", "Dato", "Undersøkelse", "Pasient", "Rolle"]

#: What the rows' examinations are called: ous-nuk's lists by their names, as a RIS prints them.
EXAMINATIONS = [
    ("skjelettscintigrafi", 8),
    ("Skeleton scintigraphy", 2),
    ("PET ved lungekreft", 3),
    ("PET in lymphoma", 2),
    ("PET ved prostatakreft", 2),
    ("myokardperfusjonsundersøkelse", 2),
    ("Nyreundersøkelse", 1),
    ("clearance-måling (GFR)", 1),
    ("sentinel node-undersøkelse", 1),
    ("paratyreoideaundersøkelse", 1),
    ("lungeventilasjons- og lungeperfusjonsundersøkelse", 1),
]
FIRST_NAMES = ["Kari", "Ola", "Ingrid", "Per", "Sigrid", "Nils", "Astrid", "Lars"]
LAST_NAMES = ["Nordmann", "Fiktiv", "Eksempel", "Prøve"]


def rows(
    n: int,
    *,
    seed: int = 1,
    first: int = 30_000_000,
    days: tuple[dt.date, dt.date] = (dt.date(2026, 11, 2), dt.date(2026, 11, 20)),
) -> list[list[str]]:
    """``n`` rows (without the header) of mixed examinations, numbered from ``first``, on workdays in ``days``."""
    rng = random.Random(seed)
    names = [name for name, weight in EXAMINATIONS for _ in range(weight)]
    span = (days[1] - days[0]).days
    every = [days[0] + dt.timedelta(i) for i in range(span + 1)]
    workdays = [d for d in every if d.weekday() < 5] or every  # a weekend day alone is the day asked for
    out = []
    for i in range(n):
        day = workdays[i * len(workdays) // n]
        patient = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
        out.append([str(first + i), f"{day:%d.%m.%Y}", rng.choice(names), patient, "beskrevet"])
    return out


def write(path: Path, table: list[list[str]], *, xlsx: bool = False) -> Path:
    """The rows under the header, as CSV (UTF-8, ``;`` as Norwegian Excel writes it) or xlsx (dates as dates)."""
    if not xlsx:
        with path.open("w", encoding="utf-8", newline="") as f:
            csv.writer(f, delimiter=";").writerows([HEADER, *table])
        return path
    from openpyxl import Workbook  # type: ignore[import-untyped]

    book = Workbook()
    sheet = book.active
    sheet.title = "Arbeidsliste"
    sheet.append(HEADER)
    for row in table:
        day = dt.datetime.strptime(row[1], "%d.%m.%Y") if row[1] else None
        sheet.append([int(row[0]) if row[0].isdigit() else row[0], day, *row[2:]])
    book.save(path)
    return path


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--rows", type=int, default=500)
    ap.add_argument("--first", type=int, default=90_000_000, help="the first accession number")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--xlsx", action="store_true")
    args = ap.parse_args(argv)
    write(args.out, rows(args.rows, seed=args.seed, first=args.first), xlsx=args.xlsx)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
