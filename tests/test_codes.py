"""The registry of problem codes (core/codes.py): each code has a fixture that makes lisplan report it, and
a golden output of the exact ``file:line:col`` message; the code base reports no code the registry lacks.

A fixture is ``tests/errors/<code>.yaml``, one file whose first comment lines say where it goes and what
to run::

    # file: data/logs/lis/2026.yaml
    # run: check                  (optional; the default is ``check``)

A code whose message or hint differs with the case (a misspelt key in an entry or at the top, a tab, a
date in another format) has one more fixture per further case, ``tests/errors/<code>--<case>.yaml`` (or
folder) with its goldens: the goldens are the one test of every message a problem kind prints.

It is written into an empty plan repo beside a valid trainee (``data/logs/lis/trainee.yaml``, unless the
fixture is that file); lisplan's own catalogs and plans load as always. A fixture that needs several
files is a folder ``tests/errors/<code>/`` holding the repo's files, with ``run`` (the arguments, if not
``check``) and ``setup`` (a shell script run in the repo first: the signoff-* fixtures make their git
history with it, from the helpers in ``tests/errors/git.sh``). The golden output is
``tests/errors/<code>.out``: all lisplan prints, today being 2026-12-02; ``tests/errors/<code>.nb.out`` is
the same run in bokmål (LISPLAN_LANG=nb), and no golden holds a word of the other language a user reads
(every message exists in both languages). ``LISPLAN_UPDATE_GOLDEN=1`` writes the golden files; read
every one before committing it.
"""

from __future__ import annotations

import ast
import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

import conftest
from lisplan.cli import app
from lisplan.core.codes import CODES, SHEET_CODES
from lisplan.core.i18n import speaking

ERRORS = Path(__file__).resolve().parent / "errors"
SRC = Path(__file__).resolve().parents[1] / "src" / "lisplan"
TODAY = "2026-12-02"
TRAINEE = conftest.TRAINEE.format(id="lis", plan="ous-nuk", extra="")


def _fixtures() -> dict[str, Path]:
    return {
        (p.stem if p.suffix == ".yaml" else p.name): p
        for p in sorted(ERRORS.iterdir())
        if p.suffix == ".yaml" or p.is_dir()
    }


def code_of(fixture: str) -> str:
    """The code a fixture reports: ``unknown-key--in-an-entry`` is a further case of ``unknown-key``."""
    return fixture.split("--")[0]


def _header(text: str) -> dict[str, str]:
    out = {}
    for line in text.splitlines():
        if not line.startswith("# ") or ":" not in line:
            break
        key, value = line[2:].split(":", 1)
        out[key.strip()] = value.strip()
    return out


def _build(fixture: Path, root: Path) -> list[str]:
    """Lay the fixture out as a plan repo in ``root``; the arguments to run lisplan with."""
    if fixture.is_dir():
        shutil.copytree(fixture, root, dirs_exist_ok=True, ignore=shutil.ignore_patterns("run", "setup", "test_key*"))
        if (fixture / "setup").exists():  # a shell script that makes the git history the fixture needs
            env = {**os.environ, "ERRORS": str(ERRORS)}
            subprocess.run(["bash", str(fixture / "setup")], cwd=root, env=env, check=True, capture_output=True)
        run = fixture / "run"
        return run.read_text(encoding="utf-8").split() if run.exists() else ["check"]
    text = fixture.read_text(encoding="utf-8")
    header = _header(text)
    target = root / header["file"]
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    profile = root / "data" / "logs" / "lis" / "trainee.yaml"
    if not profile.exists():
        profile.parent.mkdir(parents=True, exist_ok=True)
        profile.write_text(TRAINEE, encoding="utf-8")
    return header.get("run", "check").split()


FIXTURES = _fixtures()


def _run(code: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lang: str) -> tuple[str, int]:
    """All lisplan prints for the fixture in ``lang`` (the repo's path as ``<repo>``), and its exit code."""
    if code == "signoff-wrong-key" and shutil.which("ssh-keygen") is None:
        pytest.skip("git signs with ssh-keygen, which is not installed")
    monkeypatch.setenv("LISPLAN_TODAY", TODAY)
    monkeypatch.setenv("COLUMNS", "200")
    monkeypatch.setenv("LISPLAN_NO_CACHE", "1")
    monkeypatch.setenv("LISPLAN_LANG", lang)
    # git, asked about a folder that is no repository, words its answer by what lies above the folder (a
    # mount point, as /dev/shm is, gives another sentence): it looks no further up than the test's folder
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    args = _build(FIXTURES[code], tmp_path)
    result = CliRunner().invoke(app, ["--repo", str(tmp_path), *args], catch_exceptions=False)
    out = result.output.replace(str(tmp_path.resolve()), "<repo>").replace(str(tmp_path), "<repo>")
    return out, result.exit_code


def _golden(name: str, out: str) -> str:
    golden = ERRORS / name
    if os.environ.get("LISPLAN_UPDATE_GOLDEN"):
        golden.write_text(out, encoding="utf-8")
    return golden.read_text(encoding="utf-8")


#: how check names a severity in each language (the code in brackets stays English), and the golden's suffix:
#: ``tests/errors/<code>.out`` in English, ``<code>.nb.out`` in bokmål (lisplan speaks bokmål unless asked for English)
SEVERITY = {"en": {"error": "error", "warning": "warning"}, "nb": {"error": "feil", "warning": "advarsel"}}
SUFFIX = {"en": ".out", "nb": ".nb.out"}


@pytest.mark.parametrize("lang", ["en", "nb"])
@pytest.mark.parametrize("code", sorted(FIXTURES))
def test_the_fixture_reports_its_code_as_the_golden_output_says(
    code: str, lang: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out, exit_code = _run(code, tmp_path, monkeypatch, lang)
    assert out == _golden(f"{code}{SUFFIX[lang]}", out)
    entry = CODES[code_of(code)]
    if entry.severity == "flag":
        assert f'"code": "{entry.name}"' in out  # schedule fixtures run with --format json
    else:
        severity = SEVERITY[lang][entry.severity]
        assert f": {severity}[{entry.name}]: " in out, f"{code} is registered as {entry.severity}"
        assert (exit_code != 0) == (entry.severity == "error")


#: the one-file warning fixtures that run plain ``check``: with --strict each is an error and fails the run
#: (the folder fixtures, which build a git history first, are left out for time: --strict is one rule)
STRICT = sorted(
    name
    for name, fixture in FIXTURES.items()
    if CODES[code_of(name)].severity == "warning"
    and fixture.suffix == ".yaml"
    and _header(fixture.read_text(encoding="utf-8")).get("run", "check") == "check"
)


@pytest.mark.parametrize("code", STRICT)
def test_strict_makes_the_warning_an_error(code: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LISPLAN_TODAY", TODAY)
    monkeypatch.setenv("LISPLAN_NO_CACHE", "1")
    args = _build(FIXTURES[code], tmp_path)
    result = CliRunner().invoke(app, ["--repo", str(tmp_path), *args, "--strict"], catch_exceptions=False)
    assert result.exit_code == 1, result.output
    assert f": error[{code_of(code)}]: " in result.output
    assert "warning[" not in result.output


def test_every_code_has_a_fixture_and_every_fixture_a_code() -> None:
    assert sorted(set(CODES) - set(FIXTURES)) == [], "add tests/errors/<code>.yaml and its .out"
    codes = {code_of(f) for f in FIXTURES}
    assert sorted(codes - set(CODES)) == [], "a fixture for a code core/codes.py does not register"
    english = [p.name.removesuffix(".out") for p in ERRORS.glob("*.out") if not p.name.endswith(".nb.out")]
    bokmal = [p.name.removesuffix(".nb.out") for p in ERRORS.glob("*.nb.out")]
    assert sorted(english) == sorted(FIXTURES), "a golden .out without its fixture"
    assert sorted(bokmal) == sorted(FIXTURES), "every fixture has a bokmål golden .nb.out (LISPLAN_UPDATE_GOLDEN=1)"


# --- the codes the code base reports ----------------------------------------------------------------------
#: the calls that make a problem or a schedule flag, with the code as their first argument
_MAKERS = {"error", "warning", "Problem", "_unknown", "problem", "Flag", "SheetProblem"}
#: the places that pass on a code made elsewhere, and the codes that reach them there (kept by hand: a new
#: such place fails the test below until it is listed here with its codes)
_PASSED_ON = {
    ("core/problems.py", "from_record"): set(),  # a problem read back from check's result
    ("core/problems.py", "_make"): set(),
    ("checks/references.py", "_unknown"): set(),  # its callers' first arguments are collected
    ("checks/signoff_verify.py", "problem"): set(),  # likewise
    ("load/sheet.py", "problem"): set(),  # likewise (the activity sheet's faults)
    ("load/loader.py", "_load_file"): {"yaml"},  # SourceError.code: always the default, "yaml"
    ("files/writer.py", "append_items"): {"yaml"},
    ("checks/plans.py", "check_throughput"): {"throughput-too-early", "throughput-length"},  # throughput_breaches
    ("compute/schedule.py", "_phase_flags"): {"throughput-too-early", "throughput-length"},
}


def _constants(node: ast.expr) -> set[str] | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return {node.value}
    if isinstance(node, ast.IfExp):
        a, b = _constants(node.body), _constants(node.orelse)
        return a | b if a is not None and b is not None else None
    return None


def reported_codes(src: Path) -> tuple[set[str], set[tuple[str, str]]]:
    """The codes the source passes to a problem maker, and the places that pass a code made elsewhere."""
    codes: set[str] = set()
    passed_on: set[tuple[str, str]] = set()
    for path in sorted(src.rglob("*.py")):
        rel = path.relative_to(src).as_posix()
        tree = ast.parse(path.read_text(encoding="utf-8"))
        functions = [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)]
        owner = {id(c): f.name for f in functions for c in ast.walk(f)}  # innermost wins: walked later
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            if name == "SourceError":  # its code is the fifth argument or code=, "yaml" when not given
                given = node.args[4:5] or [k.value for k in node.keywords if k.arg == "code"]
                codes |= (_constants(given[0]) or set()) if given else {"yaml"}
                continue
            if name not in _MAKERS or not node.args:
                continue
            found = _constants(node.args[0])
            if found is None:
                passed_on.add((rel, owner.get(id(node), "<module>")))
            else:
                codes |= found
    return codes, passed_on


def test_the_code_base_reports_only_registered_codes() -> None:
    codes, passed_on = reported_codes(SRC)
    assert sorted(passed_on - set(_PASSED_ON)) == [], "list the place in _PASSED_ON with the codes it passes on"
    codes |= {c for place in passed_on for c in _PASSED_ON[place]}
    assert sorted(codes - set(CODES) - set(SHEET_CODES)) == [], (
        "register the code in core/codes.py (and give it a fixture)"
    )
    assert sorted(set(CODES) - codes) == [], "a registered code that nothing reports any more"


def test_an_unregistered_code_is_found(tmp_path: Path) -> None:
    """The collector itself can fail: a literal code, and a code chosen between two, are both read."""
    (tmp_path / "m.py").write_text(
        'def f(x):\n    return [error("made-up", x, "m"), warning("a" if x else "b", x, "m"), Problem(x, "m")]\n'
        'def g():\n    raise SourceError("m", 1, 1, "h", "from-source") if x else SourceError("m", code="c")\n'
        'def h():\n    raise SourceError("m", 1)\n'  # the default code, yaml
    )
    assert reported_codes(tmp_path) == ({"made-up", "a", "b", "from-source", "c", "yaml"}, {("m.py", "f")})


def test_explain_prints_the_entry_and_suggests_a_near_code(monkeypatch: pytest.MonkeyPatch) -> None:
    runner = CliRunner()
    result = runner.invoke(app, ["check", "--explain", "entry-out-of-order"], catch_exceptions=False)
    assert result.exit_code == 0
    assert result.output == (
        "entry-out-of-order (warning): a log entry dated before the entry above it\n"
        "  fix: keep entries in date order so the log reads as a diary\n"
    )
    result = runner.invoke(app, ["check", "--explain", "not-csv"], catch_exceptions=False)
    assert result.exit_code == 0 and result.output.startswith("not-csv (error): a worklist cannot be read as CSV")
    result = runner.invoke(app, ["check", "--explain", "unknown-aera"], catch_exceptions=False)
    assert result.exit_code == 2
    assert "no problem code 'unknown-aera'" in result.output
    assert "did you mean 'unknown-area'?" in result.output


def test_every_sheet_code_is_reported_at_its_cell_by_a_test() -> None:
    """A sheet's faults have no repo fixture: the tests of the plan sheet and the worklist assert each one."""
    here = Path(__file__).parent
    tested = "".join(
        (here / name).read_text(encoding="utf-8")
        for name in ("test_plan_sheet.py", "test_worklist.py", "test_hardening_paths.py")
    )
    codes, _passed_on = reported_codes(SRC)
    assert sorted(set(SHEET_CODES) - codes) == [], "a registered sheet code that nothing reports any more"
    assert [c for c in SHEET_CODES if f"[{c}]" not in tested and f'"{c}"' not in tested] == []


# --- no word of the other language in what check prints, in either language ---------------------------------
#: English function words a reader would see in an untranslated message ("for", "i", "at", "to", "by", "be"
#: and "set" are left out: they are bokmål words too)
ENGLISH_WORDS = {
    "the", "is", "are", "was", "not", "and", "of", "no", "with", "has", "have", "this", "that", "it", "its",
    "or", "which", "should", "must", "can", "cannot", "does", "here", "than", "when", "after", "before",
    "an", "on", "from", "into", "only", "there", "been", "would", "give", "add", "remove", "check", "see",
}  # fmt: skip
#: bokmål function words a reader would see in an untranslated message ("i" and "for" are English too)
NORWEGIAN_WORDS = {
    "og", "ikke", "er", "av", "til", "med", "må", "eller", "skal", "kan", "som", "har", "denne", "dette",
    "ingen", "fra", "på", "etter", "før", "bare", "én", "ett", "mente", "du", "filen", "legg", "fjern",
}  # fmt: skip
#: git's own words, which lisplan quotes after its reason ("fatal: not a git repository …"): git's, not ours
GITS_OWN = re.compile(r"fatal: .*")
#: what a line holds besides prose: quoted values, file keys and codes in brackets, lisplan's commands
_QUOTED = re.compile(r"'[^']*'|\"[^\"]*\"|«[^»]*»|\[[^\]]*\]|\{[^}]*\}|lisplan [a-z-]+")
#: a word that is an id, path, file key, date or number (not prose) once its punctuation is stripped
_NOT_A_WORD = re.compile(r"[/:.\-_\d=<>]")


def reader_words(out: str, skip: tuple[str, ...] = ()) -> set[str]:
    """The words of ``out`` a user reads as prose: no source excerpt (``   9 | …`` and its ``^``), no quoted
    value, id, path, file key or number (they are the user's or the contract, not lisplan's language)."""
    words: set[str] = set()
    for line in out.splitlines():
        if re.match(r"\s*\d+ \| ", line) or re.fullmatch(r"\s*\^\s*", line) or any(s in line for s in skip):
            continue
        for token in _QUOTED.sub(" ", line).split():
            token = token.strip(",.;:!?()—–").lower()
            if token and not _NOT_A_WORD.search(token):
                words |= set(re.findall(r"[a-zæøåé]+", token))
    return words


def _text_goldens(suffix: str) -> dict[str, str]:
    """The golden outputs of check-like runs (schedule's JSON is for scripts: left out)."""
    texts = {code: (ERRORS / f"{code}{suffix}").read_text(encoding="utf-8") for code in FIXTURES}
    return {code: text for code, text in texts.items() if not text.startswith("{")}


def test_no_bokmal_golden_has_an_english_word_a_user_reads() -> None:
    goldens = _text_goldens(".nb.out")
    found = {code: sorted(reader_words(GITS_OWN.sub("", text)) & ENGLISH_WORDS) for code, text in goldens.items()}
    assert {code: words for code, words in found.items() if words} == {}


def test_no_english_golden_has_a_bokmal_word_a_user_reads() -> None:
    found = {code: sorted(reader_words(text) & NORWEGIAN_WORDS) for code, text in _text_goldens(".out").items()}
    assert {code: words for code, words in found.items() if words} == {}


def test_reader_words_skip_excerpts_quotes_and_ids() -> None:
    """The word test itself can fail: prose words are found, the user's text and lisplan's ids are not."""
    out = (
        "data/x.yaml:9:40: feil[bad-choice]: the goal 'is not' NUK-108 og\n"
        "    9 |   - {id: g1, name: the and}\n"
        "          ^\n"
        "  lower 'choose' or list more; run lisplan check\n"
    )
    assert reader_words(out) == {"feil", "the", "goal", "og", "lower", "or", "list", "more", "run"}
    assert reader_words("error: x skipped\n", skip=("skipped",)) == set()


# --- the manual's table of codes ----------------------------------------------------------------------

#: the manual's page of problem codes, whose table this test writes from the registry
CODES_PAGE = Path(__file__).resolve().parents[1] / "docs" / "problemkoder.md"
TABLE_START = (
    "<!-- codes: the registry, src/lisplan/core/codes.py; "
    "LISPLAN_UPDATE_GOLDEN=1 pytest tests/test_codes.py writes it -->"
)
TABLE_END = "<!-- /codes -->"


#: the severities as check prints them in bokmål (feil[…], advarsel[…]); a flag is schedule's
SEVERITY_NB = {"error": "feil", "warning": "advarsel", "flag": "flagg"}


def codes_table() -> str:
    """Every code of the registry, as the manual lists them, in bokmål from the catalog: check's and
    schedule's, then plan import's."""

    def rows(codes: dict[str, Any]) -> list[str]:
        out = []
        with speaking("nb"):
            for c in sorted(codes.values(), key=lambda c: c.name):
                about = c.explanation.replace("|", "\\|")
                out.append(f"| `{c.name}` | {SEVERITY_NB[c.severity]} | {about} |")
        return out

    head = ["| kode | alvor | hva den betyr |", "|---|---|---|"]
    return "\n".join(
        [
            TABLE_START,
            "",
            "`lisplan check` og `lisplan schedule` (et *flagg* er en del av svaret til schedule, ikke et problem):",
            "",
            *head,
            *rows(dict(CODES)),
            "",
            "`lisplan plan import` og `lisplan worklist`, i cellen i regnearket eller arbeidslisten:",
            "",
            *head,
            *rows(dict(SHEET_CODES)),
            "",
            TABLE_END,
        ]
    )


def test_the_manual_lists_every_code_as_the_registry_has_it() -> None:
    """The manual lists every code, generated from the one place that names them, so it cannot fall behind."""
    text = CODES_PAGE.read_text(encoding="utf-8")
    assert TABLE_START in text and TABLE_END in text, "docs/problemkoder.md needs the codes table's markers"
    before, rest = text.split(TABLE_START, 1)
    _table, after = rest.split(TABLE_END, 1)
    want = before + codes_table() + after
    if os.environ.get("LISPLAN_UPDATE_GOLDEN") and want != text:
        CODES_PAGE.write_text(want, encoding="utf-8")
        text = want
    assert text == want
