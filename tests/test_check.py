"""`lisplan check` through the CLI: what the goldens of tests/errors/ cannot say.

The message, excerpt and hint of every problem kind (and of each case whose wording differs) are pinned
once, in both languages, by the goldens (tests/test_codes.py). Here: the output formats (JSON, GitHub,
GitLab), --strict, checking one file, masking of identity numbers in every format, repos that are clean
at a boundary, limits a golden cannot build (a file over the size limit), and that no traceback ever
reaches the user. Each test writes only the files its case needs; lisplan's own catalogs and plans load
beside them.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest

from conftest import PROJECT, TRAINEE

LOG = "data/logs/lis/2024.yaml"
PROFILE = "data/logs/lis/trainee.yaml"

# A valid identity number (1 January 1990), computed in test_identity.py's way.
FNR = "01019000083"

PLAN = """\
kind: plan
id: test-plan
institution: Test
specialty: nuk
goal_sets: [nuk-2019, nuk-2025]
source: test
sections:
  goals_offered: a
  arenas: a
  agreements: a
  supervision: a
  guidance_and_assessment: a
  specialists_in_supervision: a
  theoretical_teaching: a
  research: a
  research_competence: a
arenas:
  - id: nm
    name: NM
timeline:
  - id: p1
    from_month: 0
    to_month: 6
    arena: nm
  - id: p2
    from_month: 6
    to_month: 12
    arena: nm
"""


def profile(repo, *, id="lis", plan="ous-nuk", extra=""):
    repo.write(PROFILE, TRAINEE.format(id=id, plan=plan, extra=extra))


def lines(out: str) -> list[str]:
    return out.splitlines()


def assert_problem(out: str, header: str, hint: str | None = None) -> None:
    """``header`` is one printed line, and ``hint`` (if given) the indented line that follows its excerpt."""
    got = lines(out)
    assert header in got, out
    if hint is not None:
        after = got[got.index(header) + 1 : got.index(header) + 4]
        assert f"  {hint}" in after, out


def assert_only(out: str, *codes: str) -> None:
    """The problems printed have exactly these codes (in any order, with repeats)."""
    found = re.findall(r"^\S+: (?:error|warning)\[([a-z-]+)\]", out, re.MULTILINE)
    assert sorted(found) == sorted(codes), out


# --- files that cannot be read -----------------------------------------------------------------


def test_merge_conflict(cli, repo):
    profile(repo)
    repo.write(LOG, "kind: log\ntrainee: lis\n<<<<<<< HEAD\nyear: 2024\n=======\nyear: 2025\n>>>>>>> main\n")
    code, out = cli("check", repo=repo)
    assert code == 1
    assert_problem(
        out,
        "data/logs/lis/2024.yaml:3:1: error[merge-conflict]: 2024.yaml contains git merge-conflict "
        "markers (lines 3, 5, 7): a git merge was not finished",
        "resolve the merge: keep the lines you want and delete the <<<<<<<, ======= and >>>>>>> lines",
    )


def test_huge_file(cli, repo, monkeypatch):
    import lisplan.files.source

    monkeypatch.setattr(lisplan.files.source, "MAX_BYTES", 2**20)  # larger than any packaged catalog
    profile(repo)
    repo.write(LOG, "kind: log\ntrainee: lis\n" + "# padding\n" * 300_000)
    code, out = cli("check", repo=repo)
    assert code == 1
    assert_only(out, "yaml")
    assert_problem(
        out,
        "data/logs/lis/2024.yaml:1:1: error[yaml]: 2024.yaml file is 3 MB, more than lisplan reads (1 MiB)",
        "split the log by year (data/logs/<trainee>/<year>.yaml) or remove what does not belong",
    )


def test_signoff_of_a_procedure_list_as_documented(cli, repo):
    profile(repo)
    repo.log(
        2024,
        """
        - signoff: NUK-068
          activity: procedure-list
          procedure: skeleton-scintigraphy
          by: sup
          date: 2024-12-02
        """,
    )
    code, out = cli("check", repo=repo)
    assert code == 0, out


def test_valid_plan_fixture_passes(cli, repo):
    repo.write("data/plans/test.yaml", PLAN)
    code, out = cli("check", "--strict", repo=repo)
    assert code == 0, out
    assert lines(out)[-1].startswith("No problems in ")


def test_a_repo_plan_may_replace_a_packaged_one(cli, repo):
    repo.write("data/plans/ous.yaml", PLAN.replace("id: test-plan", "id: ous-nuk"))
    code, out = cli("check", "--strict", repo=repo)
    assert code == 0, out


# --- boundaries that are not problems ------------------------------------------------------------


def test_today_is_not_the_future(cli, repo):
    profile(repo)
    repo.log(
        2026,
        """
        - teaching: x
          date: 2026-11-23
        """,
    )
    code, out = cli("check", "--strict", repo=repo)
    assert code == 0, out


OUT_OF_ORDER = """
    - teaching: x
      date: 2024-02-01
    - teaching: y
      date: 2024-01-01
    """


def test_out_of_order_strict(cli, repo):
    profile(repo)
    repo.log(2024, OUT_OF_ORDER)
    code, out = cli("check", "--strict", repo=repo)
    assert code == 1
    assert (
        "data/logs/lis/2024.yaml:8:11: error[entry-out-of-order]: entry 2 (2024-01-01) comes after an entry dated "
        "2024-02-01" in lines(out)
    )


# --- identity numbers ----------------------------------------------------------------------------

WHY = (
    "remove it: patient identifiers do not belong in a training log — record the accession number or stay number "
    "(oppholdsnummer) instead"
)
MASKED = "01********* is a Norwegian national identity number (fødselsnummer or D-nummer)"


def _identity(cli, repo, entries: str, header: str) -> str:
    profile(repo)
    repo.log(2024, entries)
    code, out = cli("check", repo=repo)
    assert code == 1
    assert_only(out, "identity-number")
    assert_problem(out, header, WHY)
    assert FNR not in out  # neither in the message nor in the excerpt
    assert FNR[6:] not in out
    return out


def test_identity_number_in_a_note(cli, repo):
    out = _identity(
        cli,
        repo,
        f"""
        - teaching: x
          date: 2024-01-15
          note: pasient {FNR} hadde
        """,
        f"data/logs/lis/2024.yaml:7:19: error[identity-number]: {MASKED}",
    )
    # before the fix the excerpt line printed the full number right under the masked message
    assert "    7 |     note: pasient 01********* hadde" in lines(out)


def test_identity_number_as_accession(cli, repo):
    _identity(
        cli,
        repo,
        f"""
        - procedure: skeleton-scintigraphy
          accession: "{FNR}"
          date: 2024-01-15
        """,
        f"data/logs/lis/2024.yaml:6:17: error[identity-number]: {MASKED}",
    )


def test_identity_number_in_a_comment(cli, repo):
    out = _identity(
        cli,
        repo,
        f"""
        # pasient {FNR[:6]} {FNR[6:]}
        - teaching: x
          date: 2024-01-15
        """,
        f"data/logs/lis/2024.yaml:5:13: error[identity-number]: {MASKED}",
    )
    assert "    5 |   # pasient 01**** *****" in lines(out)


def test_identity_number_in_json_and_github_is_masked(cli, repo):
    profile(repo)
    repo.log(
        2024,
        f"""
        - teaching: x
          date: 2024-01-15
          note: {FNR}
        """,
    )
    for fmt in ("json", "github", "gitlab"):
        code, out = cli("check", "--format", fmt, repo=repo)
        assert code == 1
        assert FNR not in out and FNR[6:] not in out


def test_eleven_digits_with_a_wrong_check_digit_are_fine(cli, repo):
    profile(repo)
    repo.log(
        2024,
        f"""
        - procedure: skeleton-scintigraphy
          accession: "{FNR[:10]}4"
          date: 2024-01-15
        """,
    )
    code, out = cli("check", "--strict", repo=repo)
    assert code == 0, out


def test_broken_profile_is_not_reported_missing(cli, repo):
    # Before the fix a trainee.yaml that did not parse was also reported as "no trainee.yaml".
    repo.write(PROFILE, "kind: trainee\nid: lis\nid: lis\n")
    repo.write(LOG, "kind: log\ntrainee: lis\nyear: 2024\n")
    code, out = cli("check", repo=repo)
    assert code == 1
    assert_only(out, "yaml")


# --- the command ---------------------------------------------------------------------------------


def test_no_data_folder_is_a_usage_error(cli, tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    code, out = cli("check", repo=empty)
    assert code == 2
    assert f"error: no plan repo at {empty.resolve()} or above it" in out
    assert "pass --repo PATH" in out
    assert "Traceback" not in out


def test_clean_repo(cli, repo):
    profile(repo)
    repo.log(
        2024,
        """
        - procedure: skeleton-scintigraphy
          accession: "81234567"
          supervisor: sup
          date: 2024-01-15
        - introduction: NUK-068
          supervisor: sup
          date: 2024-01-16
        """,
    )
    code, out = cli("check", "--strict", repo=repo)
    assert code == 0, out
    assert re.fullmatch(r"No problems in \d+ files\.", lines(out)[-1])


def test_check_path_reports_only_that_file(cli, repo):
    profile(repo, plan="ous-nku")
    repo.log(
        2024,
        """
        - teaching: x
          goalz: []
          date: 2024-01-15
        """,
    )
    repo.log(
        2025,
        """
        - teaching: x
          date: 2024-01-15
        """,
    )
    code, out = cli("check", str(repo.root / LOG), repo=repo)
    assert code == 1
    assert_only(out, "unknown-key")
    code, out = cli("check", str(repo.root / "data/logs/lis/2025.yaml"), repo=repo)
    assert code == 0  # only a warning there; the errors elsewhere do not count
    assert_only(out, "wrong-year")


def test_check_path_with_no_problems(cli, repo):
    profile(repo, plan="ous-nku")
    repo.log(2024, "- {teaching: x, date: 2024-01-15}")
    code, out = cli("check", str(repo.root / LOG), repo=repo)
    assert code == 0
    assert "unknown-plan" not in out


def _two_problems(repo):
    profile(repo)
    repo.log(
        2024,
        """
        - teaching: x
          goalz: []
          date: 2024-02-01
        """,
    )
    repo.log(
        2025,
        """
        - teaching: x
          date: 2025-02-01
        - teaching: y
          date: 2025-01-01
        """,
    )


def test_format_json(cli, repo):
    _two_problems(repo)
    code, out = cli("check", "--format", "json", repo=repo)
    assert code == 1
    data = json.loads(out)
    assert data["summary"] == {"errors": 1, "warnings": 1}
    by_code = {p["code"]: p for p in data["problems"]}
    assert by_code["unknown-key"] == {
        "file": "data/logs/lis/2024.yaml",
        "line": 6,
        "col": 5,
        "severity": "error",
        "code": "unknown-key",
        "message": "unknown key 'goalz' in entries[0]",
        "hint": "did you mean 'goals'?",
        "path": ["entries", 0, "goalz"],
    }
    assert by_code["entry-out-of-order"]["severity"] == "warning"
    assert by_code["entry-out-of-order"]["file"] == "data/logs/lis/2025.yaml"
    assert (by_code["entry-out-of-order"]["line"], by_code["entry-out-of-order"]["col"]) == (8, 11)


def test_format_json_strict(cli, repo):
    _two_problems(repo)
    code, out = cli("check", "--format", "json", "--strict", repo=repo)
    assert json.loads(out)["summary"] == {"errors": 2, "warnings": 0}


def test_format_json_clean(cli, repo):
    profile(repo)
    code, out = cli("check", "--format", "json", repo=repo)
    assert code == 0
    assert json.loads(out) == {"problems": [], "summary": {"errors": 0, "warnings": 0}}


GITHUB = re.compile(r"^::(error|warning) file=[^,]+,line=\d+,col=\d+,title=[^:]+::.+$")


def test_format_github(cli, repo):
    _two_problems(repo)
    code, out = cli("check", "--format", "github", repo=repo)
    assert code == 1
    got = lines(out)
    assert len(got) == 2
    for line in got:
        assert GITHUB.match(line), line
    assert (
        "::error file=data/logs/lis/2024.yaml,line=6,col=5,title=lisplan unknown-key::unknown key 'goalz' in "
        "entries[0] — did you mean 'goals'?"
    ) in got
    assert any(
        line.startswith("::warning file=data/logs/lis/2025.yaml,line=8,col=11,title=lisplan entry-out-of-order::")
        for line in got
    )


def test_format_github_escapes_newlines_and_percent(cli, repo):
    profile(repo)
    repo.write(
        LOG, 'kind: log\ntrainee: lis\nyear: 2024\nentries:\n  - teaching: x\n    date: 2024-01-01\n    "go:al%s": 1\n'
    )
    code, out = cli("check", "--format", "github", repo=repo)
    assert code == 1
    for line in lines(out):
        assert GITHUB.match(line), line
    assert "go:al%25s" in out


def test_format_github_for_a_file_that_does_not_parse(cli, repo):
    profile(repo)
    repo.write_bytes(LOG, b"\x00")
    code, out = cli("check", "--format", "github", repo=repo)
    assert code == 1
    assert lines(out) == [
        "::error file=data/logs/lis/2024.yaml,line=1,col=1,title=lisplan yaml::2024.yaml contains a "
        "NUL byte: this is a binary file, not YAML text — lisplan reads UTF-8 text; move binary files "
        "(PDF certificates, images) outside data/"
    ]


def test_format_github_clean_prints_nothing(cli, repo):
    profile(repo)
    code, out = cli("check", "--format", "github", repo=repo)
    assert (code, out) == (0, "")


def test_format_gitlab_is_a_code_quality_report(cli, repo):
    """GitLab reads description, check_name, fingerprint, severity and location.path/lines.begin."""
    _two_problems(repo)
    code, out = cli("check", "--format", "gitlab", repo=repo)
    assert code == 1
    report = json.loads(out)
    by_check = {item["check_name"]: item for item in report}
    assert by_check["lisplan unknown-key"]["description"] == "unknown key 'goalz' in entries[0] — did you mean 'goals'?"
    assert by_check["lisplan unknown-key"]["severity"] == "major"
    assert by_check["lisplan unknown-key"]["location"] == {"path": "data/logs/lis/2024.yaml", "lines": {"begin": 6}}
    assert by_check["lisplan entry-out-of-order"]["severity"] == "minor"
    assert by_check["lisplan entry-out-of-order"]["location"]["path"] == "data/logs/lis/2025.yaml"
    assert len({item["fingerprint"] for item in report}) == 2


def test_format_gitlab_fingerprint_survives_lines_added_above(cli, repo):
    _two_problems(repo)
    before = json.loads(cli("check", "--format", "gitlab", repo=repo)[1])
    text = (repo.root / LOG).read_text()
    (repo.root / LOG).write_text("# a comment\n# and another\n" + text)
    after = json.loads(cli("check", "--format", "gitlab", repo=repo)[1])
    moved = {i["fingerprint"]: i["location"]["lines"]["begin"] for i in after}
    for item in before:
        if item["location"]["path"] == LOG:
            assert moved[item["fingerprint"]] == item["location"]["lines"]["begin"] + 2


def test_format_gitlab_clean_is_an_empty_report(cli, repo):
    profile(repo)
    code, out = cli("check", "--format", "gitlab", repo=repo)
    assert (code, json.loads(out)) == (0, [])


def test_unknown_format_is_a_usage_error(cli, repo):
    code, out = cli("check", "--format", "xml", repo=repo)
    assert code == 2


# --- no traceback ever reaches the user ----------------------------------------------------------

KIND_FOLDERS = {"goal-set": "data/goals", "courses": "data/goals", "plan": "data/plans"}


def _fields(kind: str) -> list[str]:
    from lisplan.models import FILE_KINDS

    return [f.alias or n for n, f in FILE_KINDS[kind].model_fields.items() if n != "kind"]


def _nasty_texts(kind: str) -> dict[str, str | bytes]:
    """Files of one kind that are wrong in every way we could think of, by name."""
    cases: dict[str, str | bytes] = {}
    for i, value in enumerate(("null", "{a: 1}", "[1, [2], {b: 3}, null]", "x", "-7", "[{}]", "[[]]", "2024-13-01")):
        cases[f"every-key-{i}"] = f"kind: {kind}\n" + "".join(f"{key}: {value}\n" for key in _fields(kind))
    cases["list"] = f"- kind: {kind}\n"
    cases["scalar"] = f"{kind}\n"
    cases["kind-list"] = "kind: [a]\n"
    cases["kind-map"] = "kind: {a: 1}\n"
    cases["binary"] = bytes(range(256))
    cases["truncated"] = f'kind: {kind}\nid: "x\nname: [a'
    cases["deep"] = f"kind: {kind}\nid: " + "[" * 50_000
    cases["utf16"] = f"kind: {kind}\n".encode("utf-16")
    cases["huge-int"] = f"kind: {kind}\nid: x\nyear: " + "9" * 5000 + "\n"  # a traceback before the fix
    return cases


NASTY_LOGS = {
    "entries-none": "kind: log\ntrainee: {t}\nyear: null\n"
    "entries: [null, 1, x, [], {{}}, {{teaching: null, date: null}}]\n",
    "entries-nested": "kind: log\ntrainee: {t}\nentries:\n"
    "  - procedure: {{a: 1}}\n    accession: [1]\n    date: {{b: 2}}\n"
    "  - signoff: [NUK-068]\n    by: {{}}\n    date: 2024-01-01\n  - supervision: [individual]\n"
    "    date: []\n",
    "nan-year": "kind: log\ntrainee: {t}\nyear: .nan\n",
}

NASTY_PLAN = (
    "kind: plan\nid: p\ninstitution: i\nspecialty: nuk\ngoal_sets: [nuk-2019]\nsource: s\n"
    "sections: [a]\narenas: [{id: a, name: a, offers: [1]}]\ntimeline: [{id: t, from_month: x, to_month: null}]\n"
    "readiness: [{goals: null, after_months: -1}]\nsupervision: [1]\nthroughput: 3\n"
    "goal_activities: [{goal: NUK-068, activities: {kind: mdt}}]\n"
)


def _write_nasty_repo(repo) -> list[str]:
    """Every nasty file in one repo (a trainee folder each for profiles and logs); returns their paths."""
    written = []

    def put(rel: str, content: str | bytes) -> None:
        path = repo.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        written.append(rel)

    for kind, folder in KIND_FOLDERS.items():
        for name, content in _nasty_texts(kind).items():
            put(f"{folder}/{kind}-{name}.yaml", content)
    for name, content in _nasty_texts("trainee").items():
        put(f"data/logs/t-{name}/trainee.yaml", content)
    for name, content in {**_nasty_texts("log"), **NASTY_LOGS}.items():
        folder = f"l-{name}"
        repo.write(f"data/logs/{folder}/trainee.yaml", TRAINEE.format(id=folder, plan="ous-nuk", extra=""))
        put(f"data/logs/{folder}/2024.yaml", content.format(t=folder) if name in NASTY_LOGS else content)
    put("data/plans/nested.yaml", NASTY_PLAN)
    put("data/logs/inf/trainee.yaml", TRAINEE.format(id="inf", plan="ous-nuk", extra="employment: .inf\n"))
    return written


@pytest.mark.parametrize("fmt", ["text", "json", "github"])
def test_no_traceback_on_nasty_files(cli, repo, fmt):
    nasty = _write_nasty_repo(repo)
    code, out = cli("check", "--format", fmt, repo=repo)  # the cli fixture lets any exception through
    assert "Traceback" not in out
    assert code == 1
    if fmt == "json":
        reported = {p["file"] for p in json.loads(out)["problems"]}
        assert set(nasty) <= reported, sorted(set(nasty) - reported)
    if fmt == "github":
        assert all(GITHUB.match(line) for line in lines(out)), out


@pytest.mark.parametrize("content", list(_nasty_texts("config").values()), ids=list(_nasty_texts("config")))
def test_no_traceback_on_a_nasty_config(cli, repo, content):
    if isinstance(content, bytes):
        repo.write_bytes("lisplan.yaml", content)
    else:
        (repo.root / "lisplan.yaml").write_text(content, encoding="utf-8")
    code, out = cli("check", repo=repo)
    assert "Traceback" not in out
    assert code == 1
    assert "lisplan.yaml:" in out


def _run_module(*args: str, cwd) -> subprocess.CompletedProcess[str]:
    env = {
        "PATH": "/usr/bin:/bin",
        "LISPLAN_TODAY": "2026-11-23",
        "PYTHONPATH": str(PROJECT / "src"),
        "LISPLAN_LANG": "en",
    }
    return subprocess.run(
        [sys.executable, "-m", "lisplan", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=60
    )


def test_no_traceback_through_the_real_entry_point(repo):
    profile(repo)
    repo.write_bytes(LOG, b"kind: log\n\x00\xff")
    repo.write("data/plans/nasty.yaml", "- kind: plan\n")
    repo.write("data/goals/nasty.yaml", "kind: goal-set\nid: [x]\ngoals: {a: 1}\nparts: null\n")
    result = _run_module("check", cwd=repo.root)
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    assert "data/logs/lis/2024.yaml:2:1: error[yaml]:" in result.stdout
    assert "data/plans/nasty.yaml:1:1: error[not-a-mapping]:" in result.stdout


def test_real_entry_point_usage_errors(tmp_path):
    result = _run_module("check", cwd=tmp_path)
    assert result.returncode == 2
    assert "no plan repo" in result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    result = _run_module("check", "--format", "xml", cwd=tmp_path)
    assert result.returncode == 2
    assert "Traceback" not in result.stdout + result.stderr


def test_internal_errors_are_reported_not_raised(monkeypatch, capsys):
    # The last line of defence in cli.main: a bug in lisplan still prints one line, not a traceback.
    import lisplan.cli
    import lisplan.load.loader

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setenv("LISPLAN_NO_CACHE", "1")  # a remembered result would not reach load at all
    monkeypatch.setattr(lisplan.load.loader, "load_in_parts", broken)  # check loads a part at a time
    monkeypatch.setattr(sys, "argv", ["lisplan", "--repo", str(PROJECT), "check"])
    with pytest.raises(SystemExit) as info:
        lisplan.cli.main()
    assert info.value.code == 1
    err = capsys.readouterr().err
    assert "internal error: RuntimeError: boom" in err
    assert "Traceback" not in err


def test_check_path_relative_to_the_repo(cli, repo):
    profile(repo)
    repo.write(LOG, "kind: log\ntrainee: lis\nyear: 2024\nfoo: 1\n")
    code, out = cli("check", LOG, repo=repo)
    assert code == 1
    assert_only(out, "unknown-key")


def test_check_path_that_does_not_exist_is_a_usage_error(cli, repo):
    profile(repo)
    code, out = cli("check", str(repo.root / "data/logs/lis/nope.yaml"), repo=repo)
    assert code == 2


def test_duplicate_accession_under_two_names_of_one_procedure(cli, repo):
    # Before, entries were compared by the name as written, so the Norwegian name hid the duplicate.
    repo.trainee()
    repo.log(
        2026,
        """
        - procedure: skeleton-scintigraphy
          date: 2026-01-05
          accession: "81234567"
        - procedure: skjelettscintigrafi
          date: 2026-01-06
          accession: "81234567"
        """,
    )
    code, out = cli("check", repo=repo)
    assert code == 1
    assert (
        "accession number 81234567 is already logged for skeleton-scintigraphy as described (2026.yaml, entry 1)" in out
    )


def test_an_internal_error_with_a_read_only_message_is_reported_as_itself(monkeypatch, capsys):
    # jinja2's UndefinedError has a read-only `message`; the usage-error masking wrote to it and so raised
    # AttributeError, hiding the real error behind another one.
    import lisplan.cli
    import lisplan.load.loader

    class ReadOnly(Exception):
        @property
        def message(self) -> str:
            return "the real fault"

    def broken(*args, **kwargs):
        raise ReadOnly("the real fault")

    monkeypatch.setenv("LISPLAN_NO_CACHE", "1")
    monkeypatch.setattr(lisplan.load.loader, "load_in_parts", broken)
    monkeypatch.setattr(sys, "argv", ["lisplan", "--repo", str(PROJECT), "check"])
    with pytest.raises(SystemExit) as info:
        lisplan.cli.main()
    err = capsys.readouterr().err
    assert info.value.code == 1
    assert "internal error: ReadOnly: the real fault" in err and "AttributeError" not in err
