"""What ``lisplan check`` prints in bokmål (lisplan speaks bokmål unless asked for English): the messages of check, the
registry's entries, pydantic's messages, and remembered results that never freeze a language.

The golden outputs of every problem code in both languages are in tests/errors (tests/test_codes.py).
"""

from __future__ import annotations

import pytest
from pydantic_core._pydantic_core import list_all_errors

from lisplan.core.codes import CODES, SHEET_CODES
from lisplan.core.i18n import speaking
from lisplan.load.validation import PYDANTIC_MESSAGES

FUTURE = """
kind: log
trainee: lis
year: 2026
entries:
  - procedure: skeleton-scintigraphy
    date: 2026-12-24
    accession: '1'
"""


def test_remembered_problems_follow_the_language_asked_for(repo, cli, monkeypatch: pytest.MonkeyPatch) -> None:
    """An answer made in English is not shown in bokmål, nor the other way round, whatever the store
    (files/store.py) keeps from one run to the next."""
    monkeypatch.delenv("LISPLAN_NO_CACHE", raising=False)
    repo.trainee()
    repo.write("data/logs/lis/2026.yaml", FUTURE)
    _code, english = cli("check", repo=repo)
    _code, bokmal = cli("--lang", "nb", "check", repo=repo)
    _code, again = cli("check", repo=repo)
    _code, bokmal_again = cli("--lang", "nb", "check", repo=repo)
    assert "date 2026-12-24 is in the future" in english
    assert "datoen 24.12.2026 er fram i tid" in bokmal
    assert "is in the future" not in bokmal
    assert again == english
    assert bokmal_again == bokmal


def test_explain_reads_the_registry_in_bokmal(cli) -> None:
    _code, out = cli("--lang", "nb", "check", "--explain", "entry-out-of-order")
    assert "en oppføring i loggen datert før oppføringen over" in out
    assert "hold oppføringene i datorekkefølge, så loggen leses som en dagbok" in out
    assert out.startswith("entry-out-of-order (advarsel): ") and "\n  løsning: " in out  # not "(warning)", "fix:"


def test_explain_of_an_unknown_code_and_a_missing_file_in_bokmal(cli) -> None:
    code, out = cli("--lang", "nb", "check", "--explain", "entry-out-of-ordr")
    assert code == 2 and "ingen problemkode 'entry-out-of-ordr'" in out and "entry-out-of-order" in out
    code, out = cli("--lang", "nb", "check", "data/logs/nobody/2026.yaml")
    assert code == 2 and "ingen fil 'data/logs/nobody/2026.yaml'" in out and "oppgi stier" in out


def test_every_registry_entry_reads_in_bokmal() -> None:
    with speaking("nb"):
        untranslated = [
            c.name for c in [*CODES.values(), *SHEET_CODES.values()] if c.explanation == c.about or c.fix == c.remedy
        ]
    assert untranslated == []


def test_pydantic_messages_are_pydantic_own_templates() -> None:
    """The English of each translated pydantic message is pydantic's template word for word, so English
    output is what pydantic says (a pydantic upgrade that rewords one fails here, not in the goldens)."""
    templates = {e["type"]: e["message_template_python"] for e in list_all_errors()}
    assert {k: v for k, v in PYDANTIC_MESSAGES.items() if templates.get(k) != v} == {}


def test_a_schema_fault_reads_in_bokmal(repo, cli) -> None:
    repo.trainee()
    repo.write("data/logs/lis/2026.yaml", "kind: log\ntrainee: lis\nyear: 2026\nentries: 5\n")
    _code, out = cli("--lang", "nb", "check", repo=repo)
    assert "entries: Verdien skal være en liste (fikk 5)" in out
    assert "skriv en liste her" in out


def test_a_sheet_fault_reads_in_bokmal(tmp_path) -> None:
    """The activity sheet's faults (load/sheet.py) are made in the language spoken."""
    from lisplan.load.cells import SheetRefused
    from lisplan.load.sheet import _rows

    ods = tmp_path / "plan.xlsx"
    ods.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 64)  # an old .xls
    with speaking("nb"), pytest.raises(SheetRefused) as refused:
        _rows(ods)
    assert refused.value.problem.message == "dette er en gammel Excel-fil (.xls), ikke .xlsx"


def test_a_bound_reads_as_pydantic_writes_it_in_either_language(repo, cli) -> None:
    repo.trainee(employment="120")
    _code, english = cli("check", repo=repo)
    _code, bokmal = cli("--lang", "nb", "check", repo=repo)
    assert "employment: Input should be less than or equal to 100 (got 120)" in english
    assert "employment: Verdien skal være høyst 100 (fikk 120)" in bokmal
