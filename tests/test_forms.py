"""Input in the forms output shows (core/forms.py): dates as 29.12.2026, 29.12.26, i dag, i går (and ISO,
today, yesterday), and every fixed choice by its bokmål words beside the English values.

The table ``OPTIONS`` runs every date and choice option of every command once with a bokmål form; a
test walks the command tree and fails on an option the table does not hold, so a new option is either
read by the central readers and listed here, or this file fails.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path
from typing import get_args

import pytest
import typer.main
from tests.conftest import PROJECT

from lisplan.cli import DATE, ExportKind, app
from lisplan.commands.check import CheckFormat
from lisplan.commands.documents import ExportFormat
from lisplan.commands.report import ScheduleFormat
from lisplan.core import i18n, kinds
from lisplan.core.forms import Choice, NotReadable, read_date

TODAY = dt.date(2026, 11, 23)  # conftest's LISPLAN_TODAY


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("29.12.2026", dt.date(2026, 12, 29)),
        ("29.12.26", dt.date(2026, 12, 29)),
        ("1.2.2026", dt.date(2026, 2, 1)),
        ("01.02.2026", dt.date(2026, 2, 1)),
        ("2026-12-29", dt.date(2026, 12, 29)),
        ("i dag", TODAY),
        ("I dag", TODAY),
        ("idag", TODAY),
        ("today", TODAY),
        ("i går", dt.date(2026, 11, 22)),
        ("igår", dt.date(2026, 11, 22)),
        ("yesterday", dt.date(2026, 11, 22)),
        (" 29.12.2026 ", dt.date(2026, 12, 29)),
    ],
)
def test_a_date_is_read_in_the_forms_output_writes(text, expected):
    assert read_date(text, TODAY) == expected


@pytest.mark.parametrize("text", ["31.02.2026", "29-12-2026", "12/29/2026", "2026-13-01", "29.12", "i morgen", ""])
def test_a_date_in_no_known_form_is_refused_naming_it(text):
    with pytest.raises(NotReadable, match="is not a date"):
        read_date(text, TODAY)


#: each choice and the values the command line and the models take for it
CHOICES = [
    (kinds.ROLE, get_args(kinds.Role)),
    (kinds.TEACHING_TYPE, get_args(kinds.TeachingType)),
    (kinds.SUPERVISION_KIND, get_args(kinds.SupervisionKind)),
    (kinds.ACTIVITY, tuple(kinds.ActivityKind)),
    (kinds.EXPORT_KIND, tuple(k.value for k in ExportKind)),
    (kinds.CHECK_FORMAT, get_args(CheckFormat)),
    (kinds.SCHEDULE_FORMAT, get_args(ScheduleFormat)),
    (kinds.EXPORT_FORMAT, get_args(ExportFormat)),
    (kinds.LANGUAGE, i18n.LANGUAGES),
]


@pytest.mark.parametrize(("choice", "values"), CHOICES, ids=lambda c: getattr(c, "what", ""))
def test_every_value_of_a_choice_has_its_bokmal_words_and_they_name_only_it(choice: Choice, values):
    assert set(choice.values) == set(values)
    for value, words in choice.values.items():
        assert words, value
        for word in (value, *words, *(w.upper() for w in words)):
            assert choice.read(word) == value


def test_the_entry_kinds_are_the_logs():
    from lisplan.models.log import ENTRY_KINDS

    assert set(kinds.ENTRY_KIND.values) == set(ENTRY_KINDS)


def test_the_bokmal_words_of_roles_are_read():
    """The bokmål words a trainee types for a role, and document 000's (l. 334: "regranskning … eller
    dobbeltgranskning")."""
    read = {
        "beskrevet": (kinds.ROLE, "described"),
        "signert": (kinds.ROLE, "signed"),
        "regranskning": (kinds.ROLE, "re-review"),
        "dobbeltgranskning": (kinds.ROLE, "double-review"),
        "ny gjennomgang": (kinds.ROLE, "re-review"),
        "individuell": (kinds.SUPERVISION_KIND, "individual"),
        "gruppe": (kinds.SUPERVISION_KIND, "group"),
        "alle": (kinds.ALL, "all"),
        "intern": (kinds.TEACHING_TYPE, "internal"),
        "nasjonal-web": (kinds.TEACHING_TYPE, "national-web"),
    }
    for word, (choice, value) in read.items():
        assert choice.read(word) == value


def test_a_refusal_lists_the_words_of_the_language_and_says_what_is_expected():
    i18n.set_language("nb")
    with pytest.raises(NotReadable) as refused:
        kinds.ROLE.read("skrevet")
    assert str(refused.value) == (
        "'skrevet' er ikke gyldig som rolle: skriv beskrevet, signert, regranskning eller dobbeltgranskning"
    )
    i18n.set_language("en")
    with pytest.raises(NotReadable) as refused:
        kinds.ROLE.read("skrevet")
    assert str(refused.value) == "'skrevet' is not a role: write described, signed, re-review or double-review"


# --- every date and choice option of every command -----------------------------------------------

#: (command, option) -> a command line that gives the option a bokmål form, and what its output then
#: holds (the value read); {tmp} is a folder outside the repo
OPTIONS: dict[tuple[str, str], tuple[list[str], str]] = {
    ("lisplan", "lang"): (["--lang", "bokmål", "status"], "Eksempel LIS"),
    ("check", "fmt"): (["check", "--format", "tekst"], ""),
    ("status", "as_of"): (["status", "--as-of", "01.06.26", "-f", "json"], '"as_of": "2026-06-01"'),
    ("status", "fmt"): (["status", "--format", "tabell"], "Eksempel LIS"),
    ("remaining", "as_of"): (["remaining", "--as-of", "i går"], ""),
    ("remaining", "fmt"): (["remaining", "-f", "tabell"], ""),
    ("schedule", "as_of"): (["schedule", "--as-of", "01.06.2026"], ""),
    ("schedule", "leave"): (["schedule", "--leave", "01.01.2027:30.06.27", "-f", "json"], "2027-06-30"),
    ("schedule", "start"): (["schedule", "--start", "01.09.2023", "-f", "json"], "2023-09-01"),
    ("schedule", "fmt"): (["schedule", "--format", "kalender"], "BEGIN:VCALENDAR"),
    ("render", "as_of"): (["render", "{tmp}/plan.md", "--as-of", "i dag"], ""),
    ("render", "since"): (["render", "{tmp}/plan.md", "--since", "01.01.2026"], ""),
    ("cohort", "as_of"): (["cohort", "--as-of", "23.11.2026"], ""),
    ("cohort", "fmt"): (["cohort", "-f", "tabell"], ""),
    ("export", "fmt"): (["export", "--format", "json", "--kind", "kvitteringer"], '"signoffs"'),
    ("export", "kinds"): (["export", "--kind", "prosedyrer", "--kind", "kurs", "-f", "json"], '"courses"'),
    ("export", "as_of"): (["export", "--as-of", "i går", "-f", "json", "-k", "læringsmål"], '"goals"'),
    ("render-all", "as_of"): (["render-all", "{tmp}/docs", "--as-of", "23.11.26"], ""),
    ("site", "as_of"): (["site", "{tmp}/nettsted", "--as-of", "i går"], ""),
    ("worklist", "date"): (["worklist", "{tmp}/liste.csv", "--date", "i går", "--dry-run", "-f", "json"], "2026-11-22"),
    ("worklist", "role"): (["worklist", "{tmp}/liste.csv", "-r", "signert", "--dry-run", "-f", "json"], '"signed"'),
    ("worklist", "fmt"): (["worklist", "{tmp}/liste.csv", "--dry-run", "-f", "tabell"], "1"),
    ("portal", "refs"): (["portal", "--mark", "alle", "--dry-run"], ""),
    ("portal", "date"): (["portal", "--mark", "alle", "--date", "i går", "--dry-run"], ""),
    ("portal", "fmt"): (["portal", "-f", "tabell"], ""),
    ("log", "role"): (
        ["log", "skeleton-scintigraphy", "-a", "81299901", "--role", "dobbeltgranskning", "--dry-run"],
        "role: double-review",
    ),
    ("log", "date"): (["log", "skeleton-scintigraphy", "-a", "81299902", "-d", "20.11.26", "--dry-run"], "2026-11-20"),
    ("course", "date"): (["course", "nm-2-stralefysikk", "--date", "i går", "--dry-run"], "2026-11-22"),
    ("teaching", "kind"): (["teaching", "PET", "--type", "nasjonal-web", "--dry-run"], "type: national-web"),
    ("teaching", "date"): (["teaching", "PET", "--date", "21.11.2026", "--dry-run"], "2026-11-21"),
    ("self-study", "date"): (["self-study", "PET", "--date", "i dag", "--dry-run"], "2026-11-23"),
    ("introduction", "date"): (["introduction", "NUK-103", "--date", "21.11.26", "--dry-run"], "2026-11-21"),
    ("mdt", "date"): (["mdt", "lungekreft", "--date", "i går", "--dry-run"], "2026-11-22"),
    ("supervision", "kind"): (["supervision", "gruppe", "--by", "kari-veileder", "--dry-run"], "supervision: group"),
    ("supervision", "date"): (["supervision", "individuell", "--date", "20.11.2026", "--dry-run"], "2026-11-20"),
    ("signoff", "activity"): (
        ["signoff", "NUK-103", "--by", "kari-veileder", "--activity", "innføring", "--dry-run"],
        "activity: introduction",
    ),
    ("signoff", "date"): (["signoff", "NUK-103", "--by", "kari-veileder", "-d", "i går", "--dry-run"], "2026-11-22"),
    ("leave", "start"): (["leave", "01.01.2027", "30.06.27", "--dry-run"], "from: 2027-01-01"),
    ("leave", "end"): (["leave", "01.01.27", "30.06.2027", "--dry-run"], "to: 2027-06-30"),
    ("entries", "since"): (["entries", "--since", "18.11.26", "-f", "json"], '"ref": "2026:104"'),
    ("entries", "until"): (["entries", "--until", "i går", "--since", "19.11.2026", "-f", "json"], '"ref": "2026:105"'),
    ("entries", "kinds"): (["entries", "--kind", "permisjon", "-f", "json"], '"ref": "leave:1"'),
    ("entries", "fmt"): (["entries", "--since", "19.11.2026", "-f", "tabell"], "2026:105"),
    ("edit", "date"): (["edit", "2026:104", "--date", "17.11.26", "--dry-run"], "date: 2026-11-17"),
    ("edit", "role"): (["edit", "2026:104", "--role", "regranskning", "--dry-run"], "role: re-review"),
    ("migrate", "date"): (["migrate", "--date", "i går", "--dry-run"], ""),
    ("migrate", "fmt"): (["migrate", "--dry-run", "-f", "tabell"], ""),
    ("init", "start"): (
        ["init", "{tmp}/ny", "-t", "ny-lis", "--name", "Ny LIS", "--plan", "ous-nuk", "--start", "01.09.26"],
        "",
    ),
    ("plan import", "fmt"): (["plan", "import", "ous-nuk", "{tmp}/none.xlsx", "-f", "tabell"], ""),
}
#: parameter names that hold a date, whatever their placeholder
DATE_NAMES = {"date", "as_of", "since", "until", "start", "end", "leave", "from_", "to_date"}


def _params():
    """(command, parameter) for every date or choice parameter of every command."""
    root = typer.main.get_command(app)
    found = {}

    def walk(cmd, path):
        for param in cmd.params:
            choice = getattr(param.type_descriptor.parameter_info.parser, "choice", None)
            dated = param.metavar in (DATE, "FROM", "TO", "FROM:TO") or param.name in DATE_NAMES
            if param.type_descriptor.is_choice or choice is not None or dated:
                found[(path, param.name)] = (param, choice, dated)
        for name, sub in getattr(cmd, "commands", {}).items():
            walk(sub, name if path == "lisplan" else f"{path} {name}")

    walk(root, "lisplan")
    return found


def test_every_date_and_choice_option_of_every_command_is_in_the_table_and_choices_read_bokmal():
    found = _params()
    assert set(found) == set(OPTIONS) - {("portal", "refs")}
    for where, (param, choice, dated) in found.items():
        if not dated:
            assert choice is not None, f"{where}: a choice read without its bokmål words (cli/base.py _choice)"
        if param.type_descriptor.is_choice:
            assert {str(getattr(c, "value", c)) for c in param.type_descriptor.choices} == set(choice.values), where


@pytest.fixture(scope="module")
def example(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("forms") / "repo"
    shutil.copytree(PROJECT / "data", root / "data")
    shutil.copy(PROJECT / "lisplan.yaml", root / "lisplan.yaml")
    return root


@pytest.mark.parametrize("where", sorted(OPTIONS), ids=" ".join)
def test_an_option_takes_its_bokmal_form(cli, example, tmp_path, where):
    args, expected = OPTIONS[where]
    # a RIS export with neither a date nor a role column: --date and --role say them (worklist)
    (tmp_path / "liste.csv").write_text("Undersøkelsesnummer;Undersøkelse\n81299911;Skjelettscintigrafi\n")
    code, out = cli(*[a.replace("{tmp}", str(tmp_path)) for a in args], repo=example)
    assert code != 2 or "none.xlsx" in out, out  # plan import: the file is missing, not the format refused
    assert "not a date" not in out and "Invalid value" not in out, out
    assert expected in out


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["log", "skeleton-scintigraphy", "-a", "81299903", "--role", "skrevet"], "write described, signed"),
        (["supervision", "individual", "--date", "29/12/2026"], "write a date as 2026-12-29, 29.12.2026"),
        (["schedule", "--leave", "01.01.2027"], "is not FROM:TO"),
        (["status", "--as-of", "31.02.2026"], "'31.02.2026' is not a date"),
    ],
)
def test_a_value_in_no_known_form_is_a_usage_error_saying_the_forms(cli, example, args, said):
    code, out = cli(*args, repo=example)
    assert code == 2
    assert said in out


def test_in_bokmal_the_refusal_lists_the_bokmal_words(cli, example):
    code, out = cli("--lang", "nb", "supervision", "alene", repo=example)
    assert code == 2
    assert "'alene' er ikke gyldig som veiledningstype: skriv individuell eller gruppe" in " ".join(out.split())
    code, out = cli("--lang", "nb", "status", "--as-of", "2026-31-12", repo=example)
    assert "skriv en dato som 29.12.2026, 29.12.26, i dag, i går eller 2026-12-29" in out


def test_help_shows_the_bokmal_words_and_their_default_in_bokmal(cli):
    _code, out = cli("--lang", "nb", "log", "--help")
    flat = "".join(out.split())
    assert "<beskrevet|signert|regranskning|dobbeltgranskning>" in flat
    assert "[standard:beskrevet]" in flat
    assert "DATO" in out


@pytest.mark.parametrize(
    ("lang", "words", "expected"),
    [
        ("en", "lisplan supervision ", {"individual", "group", "individuell", "gruppe"}),
        ("nb", "lisplan log x --role d", {"dobbeltgranskning", "double-review", "described"}),
        ("nb", "lisplan portal --mark a", {"alle", "all"}),
        ("nb", "lisplan teaching x --type n", {"nasjonal-web", "national-web"}),
    ],
)
def test_shell_completion_offers_the_bokmal_words(monkeypatch, lang, words, expected):
    from typer.testing import CliRunner

    monkeypatch.setenv("LISPLAN_LANG", lang)
    cword = len(words.split()) - (0 if words.endswith(" ") else 1)
    env = {"_LISPLAN_COMPLETE": "complete_bash", "COMP_WORDS": words, "COMP_CWORD": str(cword)}
    result = CliRunner().invoke(app, [], prog_name="lisplan", env=env)
    assert set(result.output.split()) == expected
