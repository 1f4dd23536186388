#!/usr/bin/env python3
"""Build the regulation-derived goal sets from the verbatim CSVs in ../shared/data.

Writes three files (kind: goal-set, see docs/file-formats.md):

  data/goals/nuk-2025.yaml       NUK-103 ... NUK-176 (FOR-2025-01-17-51, chapter C38)
  data/goals/fkm-2026.yaml       FKM-001 ... FKM-014 (FOR-2025-01-24-114, chapter A, Del 2-3)
  data/goals/fkm-del1-2025.yaml  FKMS-001 ... 007, FKMK-001 ... 008 (FOR-2025-01-24-114, Del 1)

Every goal title is copied verbatim from the CSV `title` column, except that a sentence running
straight into the next ("barn.Ha", where the regulation has a line break) gets its space back. The
competence level is the CSV `level` column split on "+", plus any level the goal's wording names
that the column left out (document 004's wording of the levels). Nothing else is read from the CSVs
except the section headings.

Usage (from the repository root):

    python3 tools/import_regulation_goals.py [DATA_DIR] [--out data/goals]

DATA_DIR defaults to ../shared/data (relative to the repository root). Standard library only.
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = REPO_ROOT.parent / "shared" / "data"
DEFAULT_OUT = REPO_ROOT / "data" / "goals"

NUK_CSV = "nuk_learning_goals_2025.csv"
FKM_CSV = "fkm_learning_goals_2025.csv"

NUK_URL = "https://lovdata.no/dokument/LTI/forskrift/2025-01-17-51"
FKM_URL = "https://lovdata.no/dokument/LTI/forskrift/2025-01-24-114"

# Stable section names (docs/file-formats.md, "Sections") for the parts of chapter C38.
# The mapping is the project's choice, not part of the regulation.
NUK_SECTIONS = {
    "C38.1": ["radiation-protection"],
    "C38.2": ["basics"],
    "C38.3": ["clinical", "organ-diagnostics"],
    "C38.4": ["clinical", "oncology"],
    "C38.5": ["clinical", "therapy"],
    "C38.6": ["clinical", "children"],
    "C38.7": ["radiology"],
}


def q(text: str | None) -> str:
    """A YAML double-quoted scalar (valid in YAML 1.1 and 1.2), or null."""
    if text is None:
        return "null"
    out = []
    for ch in text:
        if ch == "\\":
            out.append("\\\\")
        elif ch == '"':
            out.append('\\"')
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\t":
            out.append("\\t")
        elif ord(ch) < 0x20 or ch in "\u0085\u2028\u2029\ufeff":
            out.append(f"\\u{ord(ch):04x}")
        elif ch == "\u00a0":
            out.append("\\_")  # non-breaking space, kept but made visible
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


PLAIN_OK = re.compile(r"^[a-zæøå][a-zæøå0-9 -]*[a-zæøå0-9]$")
YAML11_WORDS = {"y", "n", "yes", "no", "true", "false", "on", "off", "null", "none", "~"}


def flow_list(items: list[str]) -> str:
    """A flow sequence; items stay plain only when no YAML 1.1/1.2 parser can misread them."""
    parts = []
    for item in items:
        if PLAIN_OK.match(item) and item.lower() not in YAML11_WORDS:
            parts.append(item)
        else:
            parts.append(q(item))
    return "[" + ", ".join(parts) + "]"


def read_rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    expected = {"code", "title", "section", "level", "source"}
    if not rows or set(rows[0]) != expected:
        sys.exit(f"{path}: expected columns {sorted(expected)}")
    return rows


SECTION_RE = re.compile(r"^(?P<code>C38\.\d+|A\d+)\.?\s+(?P<name>.*?)(?:\s*\[(?P<del>[^\]]+)\])?$")


def split_section(section: str) -> tuple[str, str, str | None]:
    """'A2. Etikk [Del 2–3]' -> ('A2', 'Etikk', 'Del 2–3'); 'C38.1 Strålevern' -> ('C38.1', 'Strålevern', None)."""
    m = SECTION_RE.match(section.strip())
    if not m:
        sys.exit(f"cannot parse section heading {section!r}")
    return m.group("code"), m.group("name").strip(), m.group("del")


# The sentences of a goal are separate lines in the regulation (shared/data/src: "barn.<br />Ha god
# kunnskap"); the CSV dropped the line break and with it the space (NUK-155 read "barn.Ha").
SENTENCE_RUN_ON = re.compile(r"(?<=[a-zæøå)])\.(?=[A-ZÆØÅ])")


def title_text(title: str) -> str:
    """The CSV title with a space put back after a sentence that runs straight into the next."""
    return SENTENCE_RUN_ON.sub(". ", title)


# The wording of each competence level (document 004, "Kompetansebegrep ... kompetansenivå"):
# lowest "Ha kjennskap til" / "Kjenne til", middle "Ha kunnskap om" / "Under supervisjon kunne",
# highest "Ha god kunnskap om" / "Selvstendig kunne".
LEVEL_WORDS = [
    ("kjennskap", re.compile(r"kjennskap til|kjenne til")),
    ("god kunnskap", re.compile(r"god kunnskap")),
    ("kunnskap", re.compile(r"(?<!god )kunnskap om")),
    ("under supervisjon", re.compile(r"under supervisjon")),
    ("selvstendig", re.compile(r"selvstendig")),
]


def worded_levels(title: str) -> list[str]:
    """The levels a goal's text names, in the order it names them."""
    found = sorted((m.start(), name) for name, rx in LEVEL_WORDS for m in rx.finditer(title.lower()))
    return list(dict.fromkeys(name for _, name in found))


def levels(code: str, level: str, title: str) -> list[str]:
    """The CSV `level` column split on "+", with any level the wording names that the CSV left out
    (FKMS-001: "Kjenne til arbeidet og rollen til Klinisk etisk komité" is the lowest level, which
    the CSV omits), in the order the text names them. A CSV level the text does not name stops the run."""
    given = [part.strip() for part in level.split("+") if part.strip()]
    worded = worded_levels(title)
    if not set(given) <= set(worded):
        sys.exit(f"{code}: level {level!r} names a level the text does not word: {worded}")
    return worded


def check_unique(codes: list[str], what: str) -> None:
    seen = set()
    for code in codes:
        if code in seen:
            sys.exit(f"{what}: duplicate goal code {code}")
        seen.add(code)


def render_set(
    header: list[str],
    meta: list[str],
    parts: list[tuple[str, str, list[str]]],
    goals: list[tuple[str, str, str, list[str]]],
) -> str:
    lines = ["# " + h if h else "#" for h in header]
    lines.append("")
    lines.extend(meta)
    lines.append("parts:")
    for pid, name, sections in parts:
        lines.append(f"  - id: {q(pid)}")
        lines.append(f"    name: {q(name)}")
        lines.append(f"    sections: {flow_list(sections)}")
    lines.append("goals:")
    for code, title, part, lv in goals:
        lines.append(f"  - id: {code}")
        lines.append(f"    title: {q(title)}")
        lines.append(f"    part: {q(part)}")
        lines.append("    area: null")
        lines.append(f"    level: {flow_list(lv)}")
    return "\n".join(lines) + "\n"


GENERATED = [
    "GENERATED by tools/import_regulation_goals.py from ../shared/data/{csv}.",
    "Do not edit by hand; change the script or the CSV and run it again.",
    "",
]


def build_nuk(rows: list[dict[str, str]]) -> str:
    parts: dict[str, tuple[str, str, list[str]]] = {}
    goals = []
    for r in rows:
        pid, pname, _ = split_section(r["section"])
        if pid not in NUK_SECTIONS:
            sys.exit(f"{r['code']}: unknown part {pid}")
        parts.setdefault(pid, (pid, pname, NUK_SECTIONS[pid]))
        goals.append((r["code"], title_text(r["title"]), pid, levels(r["code"], r["level"], r["title"])))
    check_unique([g[0] for g in goals], "nuk-2025")
    sources = sorted({r["source"] for r in rows})
    header = [line.format(csv=NUK_CSV) for line in GENERATED] + [
        f"Goal set nuk-2025: nukleærmedisin, NUK-103 ... NUK-176 ({len(goals)} goals).",
        "",
        "Where each piece comes from:",
        "- Goal codes, titles (verbatim), parts C38.1-C38.7 and their names: FOR-2025-01-17-51,",
        f"  Forskrift om endring i spesialistforskriften, vedlegg 2 kap. C38 ({NUK_URL}),",
        f"  via shared/data/{NUK_CSV} (columns code, title, section).",
        "  CSV source column: " + "; ".join(sources),
        "- Part names are the regulation's headings as the CSV gives them. shared/data/README.md",
        "  abbreviates two of them (C38.4 'Onkologisk diagnostikk', C38.6 'Undersøkelser av barn');",
        "  the regulation text (shared/data/src/sf-20250117-0051.xml) is followed here.",
        "- level: the CSV `level` column split on '+'. It is derived from the wording by whoever",
        "  made the CSV (shared/data/README.md); it is not a field of the regulation.",
        "- NUK-155: the regulation puts its two sentences on separate lines ('barn.<br />Ha');",
        "  the CSV lost the break and the space ('barn.Ha'), which is put back here.",
        "- area: null throughout; chapter C38 has no level below the seven parts.",
        "- sections: the project's stable section names (docs/file-formats.md), mapped per part",
        "  in tools/import_regulation_goals.py; not from the regulation.",
        "- in_force.from 2025-09-01: FOR-2025-01-17-51 part II, 'Forskriften trer i kraft",
        "  1. september 2025.' The hearing (document 002, seeds/002_ef81a426a7097d91.txt) proposed",
        "  1.3.2025; the regulation as adopted says 2025-09-01, and the regulation stands.",
        "- replaces [nuk-2019]: FOR-2025-01-17-51 part I replaces the whole chapter C38",
        "  ('byttes hele kapittelet ut med et nytt kapittel'), i.e. NUK-001 ... NUK-102, with no",
        "  transition rule in the regulation. Document 002 describes how approvals may carry over",
        "  to corresponding new goals (same or lower complexity); that is the hearing's proposal.",
    ]
    meta = [
        "kind: goal-set",
        "id: nuk-2025",
        "specialty: nuk",
        "name: " + q("Nukleærmedisin, læringsmål 2025"),
        "name_en: " + q("Nuclear medicine, learning goals 2025"),
        "in_force:",
        "  from: 2025-09-01",
        "  until: null",
        "replaces: [nuk-2019]",
        "source: " + q(f"FOR-2025-01-17-51, spesialistforskriften vedlegg 2 kap. C38 ({NUK_URL})"),
    ]
    return render_set(header, meta, list(parts.values()), goals)


def build_fkm(rows: list[dict[str, str]], part1: bool) -> str:
    if part1:
        rows = [r for r in rows if r["code"].startswith(("FKMS-", "FKMK-"))]
        want_del = "Del 1"
    else:
        rows = [r for r in rows if r["code"].startswith("FKM-")]
        want_del = "Del 2–3"
    parts: dict[str, tuple[str, str, list[str]]] = {}
    goals = []
    for r in rows:
        pid, pname, del_ = split_section(r["section"])
        if del_ != want_del:
            sys.exit(f"{r['code']}: section {r['section']!r} is not marked [{want_del}]")
        parts.setdefault(pid, (pid, pname, ["common"]))
        goals.append((r["code"], title_text(r["title"]), pid, levels(r["code"], r["level"], r["title"])))
    # Regulation order: by part, then hospital (FKMS) before municipality (FKMK) within Del 1,
    # which is the CSV order; keep it.
    check_unique([g[0] for g in goals], "fkm")
    sources = sorted({r["source"] for r in rows})
    common_src = [
        "- Goal codes, titles (verbatim), parts (the A2 ... A9 headings) and the Del marking:",
        "  FOR-2025-01-24-114, Forskrift om endring i spesialistforskriften, which replaces",
        f"  vedlegg 2 kapittel A ({FKM_URL}), via shared/data/{FKM_CSV}.",
        "  CSV source column: " + "; ".join(sources),
        "- Part id and name: the CSV `section` column, e.g. 'A2. Etikk [Del 2–3]' -> id A2,",
        "  name Etikk (the [Del ...] marker says which set the goal belongs to).",
        "- sections: [common] for every part, so a plan can say where the common competence goals",
        "  are reached without naming codes (the section name is lisplan's, not the regulation's).",
        "- level: the CSV `level` column split on '+'; derived from the wording by whoever made the",
        "  CSV (shared/data/README.md), not a field of the regulation. A level the wording names",
        "  and the CSV leaves out is added, by document 004's wording of the levels.",
        "- area: null throughout; chapter A has no level below A1 ... A9.",
    ]
    if part1:
        header = (
            [line.format(csv=FKM_CSV) for line in GENERATED]
            + [
                f"Goal set fkm-del1-2025: felles kompetansemål, del 1 (LIS1) - {len(goals)} goals:",
                "FKMS-001 ... FKMS-007 (del 1, sykehus) and FKMK-001 ... FKMK-008 (del 1, kommune);",
                "the split by prefix is from shared/data/README.md.",
                "",
                "Where each piece comes from:",
            ]
            + common_src
            + [
                "- FKMS-001: its text ends 'Kjenne til arbeidet og rollen til Klinisk etisk komité (KEK).',",
                "  the lowest level (kjennskap), which the CSV's level column leaves out.",
                "- in_force.from 2025-09-01: FOR-2025-01-24-114 part II, 'Læringsmål merket med «Del 1»",
                "  trer i kraft 1. september 2025. På samme tidspunkt slettes læringsmålene markert med",
                "  «Del 1» i utgående kapittel A.'",
                "- Transition (no field for it in docs/file-formats.md, so recorded here): FOR-2025-01-24-114",
                "  part II, 'Leger i spesialisering (LIS) som har startet del 1 sykehustjenesten før",
                "  ikrafttredelsen, kan fullføre sykehustjenesten etter gammel plan for sykehus og kommune,",
                "  men ikke lenger enn til 1. september 2027.' (shared/data/README.md: trainees who began",
                "  part 1 hospital service earlier may finish under the old goals until 2027-09-01.)",
                "- No `replaces`: the earlier part 1 goals of chapter A have no codes in any public source",
                "  we could read, so there is no goal set for them to point at.",
            ]
        )
        meta = [
            "kind: goal-set",
            "id: fkm-del1-2025",
            "specialty: fkm",
            "name: " + q("Felles kompetansemål, del 1 (sykehus og kommune, 2025)"),
            "name_en: " + q("Common competence goals, part 1 (hospital and municipality, 2025)"),
            "in_force:",
            "  from: 2025-09-01",
            "  until: null",
            "source: " + q(f"FOR-2025-01-24-114, spesialistforskriften vedlegg 2 kap. A, Del 1 ({FKM_URL})"),
        ]
    else:
        header = (
            [line.format(csv=FKM_CSV) for line in GENERATED]
            + [
                f"Goal set fkm-2026: felles kompetansemål for LIS del 2-3, FKM-001 ... FKM-014 ({len(goals)} goals).",
                "",
                "Where each piece comes from:",
            ]
            + common_src
            + [
                "- in_force.from 2026-03-01: FOR-2025-01-24-114 part II, 'Læringsmål merket med «Del 2–3»",
                "  trer i kraft 1. mars 2026. På samme tidspunkt slettes læringsmålene markert med",
                "  «Del 2–3» i utgående kapittel A.'",
                "- It replaces the earlier 24 common goals for LIS part 2/3 (document 000 §2.1.6, document",
                "  001 'Felles kompetansemodul'). Those earlier goals have no codes in any public source we",
                "  could read (000 cites them only as LM-04, LM-13 ... of a 74-goal numbering), so there is",
                "  no goal set for them and no `replaces` here.",
                "- replaces_unlisted: those 24, as 000 §2.1.6 («Det er i alt 74 læringsmål i de felles",
                "  kompetansemodulene der hoveddelen ligger i LIS 1. 24 læringsmål skal dekkes i løpet av",
                "  del 2/3») and 001 («24 læringsmål») count them; status and the review say so before 2026-03-01.",
            ]
        )
        meta = [
            "kind: goal-set",
            "id: fkm-2026",
            "specialty: fkm",
            "name: " + q("Felles kompetansemål, del 2-3 (2026)"),
            "name_en: " + q("Common competence goals, parts 2-3 (2026)"),
            "in_force:",
            "  from: 2026-03-01",
            "  until: null",
            "replaces_unlisted: {count: 24, source: "
            + q("OUS' utdanningsplan for nukleærmedisin §2.1.6; UNNs utdanningsplan for nukleærmedisin")
            + "}",
            "source: " + q(f"FOR-2025-01-24-114, spesialistforskriften vedlegg 2 kap. A, Del 2–3 ({FKM_URL})"),
        ]
    return render_set(header, meta, list(parts.values()), goals)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument(
        "data_dir",
        nargs="?",
        default=str(DEFAULT_DATA),
        help="folder with the regulation CSVs (default: ../shared/data)",
    )
    ap.add_argument("--out", default=str(DEFAULT_OUT), help="output folder (default: data/goals)")
    args = ap.parse_args(argv)
    data = Path(args.data_dir)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)

    nuk_rows = read_rows(data / NUK_CSV)
    fkm_rows = read_rows(data / FKM_CSV)
    files = {
        "nuk-2025.yaml": build_nuk(nuk_rows),
        "fkm-2026.yaml": build_fkm(fkm_rows, part1=False),
        "fkm-del1-2025.yaml": build_fkm(fkm_rows, part1=True),
    }
    for name, text in files.items():
        target = out / name
        tmp = target.with_suffix(".yaml.tmp")
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(target)
        print(f"wrote {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
