"""lisplan speaks bokmål and English: the catalog is complete and compiled, the language is
chosen as documented, and no command leaves a user with the other language's words."""

from __future__ import annotations

import ast
import datetime as dt
import functools
import importlib.util
import os
import re
from pathlib import Path

import pytest
from tests.conftest import PROJECT, TODAY

from lisplan.core import i18n

TOOL = PROJECT / "tools" / "i18n.py"
GOLDEN = Path(__file__).parent / "golden"


def _tool():  # tools/i18n.py, the one place that extracts and compiles
    spec = importlib.util.spec_from_file_location("i18n_tool", TOOL)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# --- the catalog -----------------------------------------------------------------------------------


def test_every_message_has_a_bokmal_translation_and_the_mo_is_compiled_from_the_po():
    tool = _tool()
    catalog = tool.read(tool.po_path("nb"), "nb")
    assert len(catalog) > 300
    assert [m.id for m in tool.untranslated(catalog)] == []
    # compiled here and compared byte for byte: a checkout resets mtimes, so age cannot be trusted
    mo = tool.po_path("nb").with_suffix(".mo")
    assert mo.read_bytes() == tool.compiled(catalog), "run .venv/bin/python tools/i18n.py"


def test_every_message_in_the_sources_is_in_the_catalog():
    tool = _tool()
    in_sources = {m.id for m in tool.extract() if m.id}
    in_catalog = {m.id for m in tool.read(tool.po_path("nb"), "nb") if m.id}
    assert sorted(map(str, in_sources - in_catalog)) == [], "run .venv/bin/python tools/i18n.py and translate"


def test_the_catalogs_ship_in_the_package():
    assert (i18n.LOCALE_DIR / "nb" / "LC_MESSAGES" / "lisplan.mo").is_file()
    assert i18n.LOCALE_DIR.parent.name == "lisplan"  # under src/lisplan/, which hatch puts in the wheel


def test_the_catalog_read_as_asked_answers_as_gettext_does_for_every_message():
    """i18n.Catalog finds each message by binary search instead of decoding the whole .mo first; on every
    message of the shipped catalog, alone and with its plural for 0 to 3, and on messages it does not
    hold, it answers as gettext's GNUTranslations does."""
    import gettext

    path = i18n.LOCALE_DIR / "nb" / "LC_MESSAGES" / f"{i18n.DOMAIN}.mo"
    with path.open("rb") as handle:
        known = gettext.GNUTranslations(handle)
    ours = i18n.Catalog(path.read_bytes())
    singles = [k for k in known._catalog if isinstance(k, str)]
    plurals = {k[0] for k in known._catalog if isinstance(k, tuple)}
    assert len(singles) > 1000 and plurals  # the whole catalog, with its plurals
    for message in [*singles, *plurals, "not a message", "Added", "{n} added", "\u00e6\u00f8\u00e5"]:
        assert ours.gettext(message) == known.gettext(message), message
        for n in range(4):
            assert ours.ngettext(message, message + " (plural)", n) == known.ngettext(message, message + " (plural)", n)


def test_a_message_is_translated_with_its_fields():
    i18n.set_language("nb")
    assert i18n.ngettext("{n} goal", "{n} goals", 3).format(n=3) == "3 læringsmål"
    assert i18n._("{n} left").format(n=5) == "5 gjenstår"
    i18n.set_language("en")
    assert i18n._("{n} left").format(n=5) == "5 left"


# --- numbers and dates as Norwegian documents write them --------------------------------------------


def test_bokmal_numbers_have_a_decimal_comma_and_dates_are_written_the_norwegian_way():
    i18n.set_language("nb")
    assert i18n.number(30.6) == "30,6"
    assert i18n.date(dt.date(2026, 12, 1)) == "01.12.2026"
    assert i18n.date("2026-12-01", long=True) == "1. desember 2026"
    i18n.set_language("en")
    assert i18n.number(30.6) == "30.6"
    assert i18n.date(dt.date(2026, 12, 1)) == "2026-12-01"
    assert i18n.date(None) == "–"


# --- which language ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("option", "env", "repo", "expected"),
    [
        (None, {"LANG": "nb_NO.UTF-8"}, None, "nb"),
        (None, {"LANG": "nn_NO.UTF-8"}, None, "nb"),  # nynorsk users get bokmål, not English
        (None, {"LANG": "no_NO"}, None, "nb"),
        (None, {"LANG": "en_US.UTF-8", "LC_ALL": "nb_NO.UTF-8"}, None, "nb"),  # LC_ALL wins, as in POSIX
        # bokmål wherever the locale does not ask for English: containers, CI runners, no locale at all
        (None, {"LANG": "C.UTF-8"}, None, "nb"),
        (None, {"LANG": "C"}, None, "nb"),
        (None, {"LC_ALL": "POSIX"}, None, "nb"),
        (None, {}, None, "nb"),
        (None, {"LANG": ""}, None, "nb"),
        (None, {"LANG": "de_DE.UTF-8"}, None, "nb"),
        # English for an English locale, in whichever variable POSIX reads first
        (None, {"LANG": "en_US.UTF-8"}, None, "en"),
        (None, {"LANG": "en_GB"}, None, "en"),
        (None, {"LANG": "en"}, None, "en"),
        (None, {"LC_ALL": "en_US.UTF-8", "LANG": "nb_NO.UTF-8"}, None, "en"),
        (None, {"LC_MESSAGES": "en_US.UTF-8", "LANG": "C.UTF-8"}, None, "en"),
        (None, {"LANG": "enx_XX"}, None, "nb"),  # not English, only starting with "en"
        # lisplan.yaml's language: wins over the locale, so that a repo speaks one language on every machine
        (None, {"LANG": "C.UTF-8"}, "nb", "nb"),
        (None, {"LANG": "en_US.UTF-8"}, "nb", "nb"),
        (None, {"LANG": "nb_NO.UTF-8"}, "en", "en"),
        (None, {"LANG": "C.UTF-8"}, "en", "en"),
        (None, {"LANG": "en_US.UTF-8"}, "fr", "en"),  # a language lisplan does not speak: the locale decides
        # LISPLAN_LANG and --lang override the repo and the locale
        (None, {"LANG": "nb_NO.UTF-8", "LISPLAN_LANG": "en"}, None, "en"),
        (None, {"LANG": "en_US.UTF-8", "LISPLAN_LANG": "nb"}, "en", "nb"),
        ("en", {"LANG": "nb_NO.UTF-8"}, "nb", "en"),
        ("nb", {"LISPLAN_LANG": "en"}, None, "nb"),
    ],
)
def test_the_language_is_the_option_then_lisplan_lang_then_the_repo_then_the_locale(option, env, repo, expected):
    assert i18n.choose(option, env, repo) == expected


def test_a_repo_that_says_language_nb_gets_bokmal_and_lang_en_overrides_it(cli, repo, monkeypatch):
    monkeypatch.delenv("LISPLAN_LANG")
    monkeypatch.setenv("LANG", "C.UTF-8")
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)
    repo.write("lisplan.yaml", "kind: config\nlanguage: nb\n")
    code, out = cli("check", repo=repo)
    assert code == 0, out
    assert "Ingen problemer" in out
    code, out = cli("check", "--lang", "en", repo=repo)
    assert "No problems" in out


def test_an_unknown_language_is_a_usage_error(cli):
    code, out = cli("status", "--lang", "fr", repo=PROJECT)
    assert code == 2
    assert "nb" in out and "en" in out


# --- no word of the other language --------------------------------------------------------------------

#: words that betray untranslated English in bokmål output
ENGLISH = [
    " the ",
    " of ",
    "goals",
    "approved",
    "needs",
    "waiting",
    " left",
    "ready",
    " months",
    "due ",
    " and ",
    "Summary",
    "Procedure",
    "Supervisor",
    "Mentor",
    " since ",
    "Show this",
]
#: words that betray bokmål in English output
NORWEGIAN = [
    "læringsmål",
    "godkjent",
    "gjenstår",
    "måneder",
    "veiledning",
    "Oppsummert",
    " og ",
    "kvittering",
    " av ",
    "mangler",
    "Ingen",
    "Veileder",
    "bak planen",
    "tjenestetid",
]
#: the Norwegian term the English --help gives beside its own word, as the glossary does (docs/ordliste.md)
GLOSSES = re.compile(r"\((?:veiledning|kvittering|innføring|permisjon|oppholdsnummer)\)")


@functools.cache
def _data_names() -> tuple[str, ...]:
    """Names and free text from the example repo's files, which stay as written in either language. Read
    once per test process: the example repo does not change under a session, and loading it for each of
    the hundred outputs the language tests read cost a third of their time."""
    from lisplan.load.loader import load

    ws = load(PROJECT).workspace
    names = [c.name for c in ws.courses.values()]
    for tf in ws.trainees.values():
        p = tf.profile
        if p:
            names += [p.name, *(s.name for s in p.supervisors), *p.research, p.improvement_project or ""]
    for plan in ws.plans.values():
        names += [a.name for a in plan.arenas] + [a.institution for a in plan.agreements]
        names += [ph.name or "" for ph in plan.timeline] + [s.name for s in plan.supervisors]
        names += [pr.name for pr in plan.procedures]
        names += [t if isinstance(t, str) else (t.name or t.id) for t in plan.supervision.group_topics]
        # the plan's own words for its requirements and meetings, and the source each quotes (000, bokmål)
        names += [t for r in plan.requirements for t in (r.name, r.name_en or "", r.source)]
        names += [text for m in plan.supervision.meetings for text in (m.about or "", m.source)]
    for info in ws.goals.values():
        names += [info.goal.title or "", info.part_name or "", info.area_name or ""]
    return tuple(sorted({n for n in names if n}, key=len, reverse=True))


def _without_data(text: str) -> str:
    for name in _data_names():
        text = text.replace(name, "")
    text = re.sub(r"(?m)^\s*(C38\.\d|A\d|[A-Z]+-\d+) .*$", "", text)  # part and goal titles, cut with …
    return GLOSSES.sub("", text)


COMMANDS = [
    ["status"],
    ["remaining"],
    ["schedule"],
    ["cohort"],
    ["check", "data/plans/ous-nuk.yaml"],
    ["--help"],
    ["status", "--help"],
    ["remaining", "--help"],
    ["render", "--help"],
    ["log", "--help"],
]


def _run(cli, args, tmp_path):
    if args == ["render"]:
        target = tmp_path / "plan.md"
        code, out = cli("render", str(target), repo=PROJECT)
        return out + target.read_text(encoding="utf-8")
    return cli(*args, repo=PROJECT)[1]


@pytest.mark.parametrize("args", [*COMMANDS, ["render"]], ids=lambda a: " ".join(a))
def test_with_a_norwegian_locale_no_english_word_is_left(cli, args, monkeypatch, tmp_path):
    monkeypatch.delenv("LISPLAN_LANG")
    monkeypatch.setenv("LANG", "nb_NO.UTF-8")
    out = _run(cli, args, tmp_path)
    text = _without_data(out)
    assert [w for w in ENGLISH if w in text] == [], out


@pytest.mark.parametrize("args", [*COMMANDS, ["render"]], ids=lambda a: " ".join(a))
def test_with_lang_en_no_norwegian_word_is_left(cli, args, tmp_path):
    out = _run(cli, ["--lang", "en", *args] if args != ["render"] else args, tmp_path)
    text = _without_data(out)
    assert [w for w in NORWEGIAN if w in text] == [], out


def test_status_headings_are_not_cut_in_an_80_column_terminal_in_either_language(cli, monkeypatch):
    """The approved column was 5 wide, the width of 'appr.': bokmål's 'godkj.' printed as 'godk…'."""
    monkeypatch.setenv("COLUMNS", "80")
    for lang, heading in (("nb", "godkj."), ("en", "appr.")):
        out = cli("--lang", lang, "status", repo=PROJECT)[1]
        assert heading in out.splitlines()[1], out.splitlines()[1]


# --- golden output --------------------------------------------------------------------------------------
# tests/golden/<command>.<lang>.txt, made by running with LISPLAN_GOLDEN=update and read through before
# committing: they change only when the output is meant to.


@pytest.mark.parametrize("lang", ["nb", "en"])
@pytest.mark.parametrize("command", ["status", "remaining", "render"])
def test_golden_output(cli, command, lang, tmp_path):
    if command == "render":
        target = tmp_path / "plan.md"
        code, _out = cli("--lang", lang, "render", str(target), repo=PROJECT)
        out = target.read_text(encoding="utf-8")
    else:
        code, out = cli("--lang", lang, command, repo=PROJECT)
    assert code == 0, out
    golden = GOLDEN / f"{command}.{lang}.txt"
    if os.environ.get("LISPLAN_GOLDEN") == "update":
        golden.write_text(out, encoding="utf-8")
    assert out == golden.read_text(encoding="utf-8"), f"as of {TODAY}; regenerate with LISPLAN_GOLDEN=update"


# --- the documents' finish ------------------------------------------------------------------------------


def test_markdown_cells_escape_pipes_and_html():
    from lisplan.present.render import _cell

    assert _cell("a | b <script>x</script>") == "a \\| b &lt;script&gt;x&lt;/script&gt;"


def test_chart_labels_are_wrapped_whole_and_the_legend_names_every_state():
    from lisplan.present.pictures import parts_chart

    long = "Systemforståelse, organisasjonsutvikling, ledelse og samhandling"
    part = {"part_name": long, "total": 5, "approved": 1, "ready": 1, "in_progress": 1, "not_started": 1}
    svg = parts_chart([part | {"not_eligible": 1}])
    label = svg.split(f'data-full="{long}">')[1].split("</text>")[0]
    lines = [t.split(">")[1] for t in label.split("</tspan>") if ">" in t]
    assert len(lines) > 1 and " ".join(lines) == long and "…" not in svg  # wrapped, never cut
    for words in ("approved", "ready for sign-off", "in progress", "not started", "not yet eligible"):
        assert f">{words}</text>" in svg  # the legend
    assert "<title>Learning goals by part: 1 of 5 approved</title>" in svg


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_cohort_fits_80_columns_and_never_cuts_a_date(cli, monkeypatch, lang):
    monkeypatch.setenv("COLUMNS", "80")
    code, out = cli("--lang", lang, "cohort", repo=PROJECT)
    assert code == 0, out
    assert max(len(line.rstrip()) for line in out.splitlines()) <= 80
    # the example trainee's next review and projected completion (lisplan cohort --format json)
    assert ("01.02.2027" if lang == "nb" else "2027-02-01") in out
    assert ("16.12.2029" if lang == "nb" else "2029-12-16") in out


def test_check_messages_and_their_fixes_are_in_bokmal(cli, repo):
    repo.trainee()
    repo.log(2026, "- procedure: skeleton-scintigraphy\n  date: 2026-01-05\n  rolle: described\n")
    code, out = cli("--lang", "nb", "check", repo=repo)
    assert code == 1
    assert "feil[unknown-key]: ukjent nøkkel 'rolle' i entries[0]" in out  # the code stays English
    assert "mente du 'role'?" in out
    assert "1 feil, 0 advarsler i 1 fil." in out
    code, out = cli("check", repo=repo)
    assert "error[unknown-key]: unknown key 'rolle' in entries[0]" in out and "did you mean 'role'?" in out


#: What shows a user a message: its message and hint must come from the catalog (``_``, ``ngettext``)
SAYERS = {
    *("Stop", "Refused", "SheetRefused", "DocumentsRefused", "WriteError", "BadParameter"),
    *("warn", "plain", "fail", "print", "add_row", "add_column"),
}


def _literal_words(node: ast.expr) -> str:
    """The words a literal (a string or the fixed parts of an f-string) writes, if any."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        text = node.value
    elif isinstance(node, ast.JoinedStr):
        text = " ".join(v.value for v in node.values if isinstance(v, ast.Constant) and isinstance(v.value, str))
    elif isinstance(node, ast.IfExp):
        return _literal_words(node.body) + _literal_words(node.orelse)
    else:
        return ""
    text = re.sub(r"\[/?[a-z ]*\]", " ", text)  # rich's markup: [bold], [/], [red]
    return " ".join(re.findall(r"[A-Za-zæøåÆØÅ]{2,}", text))


def test_every_message_a_user_reads_comes_from_the_catalog():
    # A regression: cohort's warning, schedule's --out refusal and a guard in schedule were
    # English f-strings that no catalog held, so bokmål users read them in English.
    src = PROJECT / "src" / "lisplan"
    found = []
    for path in sorted(src.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            if name not in SAYERS:
                continue
            said = [*node.args, *(k.value for k in node.keywords if k.arg in ("message", "hint"))]
            found += [
                f"{path.relative_to(src)}:{node.lineno}: {name}({words!r})"
                for words in map(_literal_words, said)
                if words
            ]
    assert found == []


def test_what_the_system_refused_is_said_in_bokmal_not_in_the_systems_english(cli, repo, tmp_path):
    """A missing worklist, a folder that cannot be made, a file where a folder must be: the reason in the
    catalog's words (core/os_errors.py), not strerror's «No such file or directory»."""
    repo.trainee()
    code, out = cli("--lang", "nb", "worklist", str(tmp_path / "mangler.csv"), repo=repo)
    assert code != 0 and "kan ikke lese filen: filen eller mappen finnes ikke" in out, out
    blocker = tmp_path / "en-fil"
    blocker.write_text("x", encoding="utf-8")
    code, out = cli("--lang", "nb", "schema", "--out", str(blocker / "skjema"), repo=repo)
    assert code != 0 and f"{blocker} er en fil, ikke en mappe" in out, out
    assert "gi --out en mappe" in out
    assert "No such file" not in out and "Not a directory" not in out and "cannot" not in out
