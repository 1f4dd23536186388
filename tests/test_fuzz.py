"""Hardening: generated and mutated files never crash a command, and a broken file is named.

For every file kind (the table ``KINDS``: a real sample from this repo and where it lives in a plan
repo) hypothesis makes a broken or odd version at three levels:

- ``text``: lines dropped, repeated, swapped, re-indented or cut; odd characters and YAML punctuation
  inserted (tabs, CRLF, a BOM, U+2028, ``&a``/``*a``, ``!!python/object``, a conflict marker, NUL);
- ``yaml``: the sample's data changed and written out again: keys dropped or added, values of the
  wrong type, huge and negative numbers, NaN, odd Unicode, very long strings, deep nesting, lists
  emptied or repeated, the same object in two places (anchors and aliases), duplicate keys, a very
  long line;
- ``bytes``: truncated at any byte (also inside a UTF-8 character), invalid UTF-8, NUL, a BOM in the
  middle, CRLF or lone CR line ends, the whole file in UTF-16 or Latin-1.

Every command a user runs (``COMMANDS``) then runs on the repo. The property: exit code 0, 1 or 2,
never an exception (the runner re-raises it) or a hang (each run well under ``SLOW`` seconds); when
the file does not parse or does not validate as its kind, every command exits non-zero and names the
file; the file is never changed, except that ``log`` into a log file either adds exactly one entry
and keeps every old line, or leaves it byte for byte as it was.

CI runs ``LISPLAN_FUZZ_EXAMPLES`` (default 3) generated files per kind and level, each through every
command, derandomized so a run is repeatable: in its slow step (LISPLAN_SLOW=1, tests marked ``fuzz``).
The default run takes one fixed file per kind and level (``SMOKE``: each names the variant its generator
must make), so it stays under two minutes and still puts a broken file of every kind, at every level,
through every command, and makes every variant of every level at least once. For a larger random
run::

    LISPLAN_FUZZ_EXAMPLES=200 pytest tests/test_fuzz.py -p no:cacheprovider

A failure prints the example and a ``@reproduce_failure(...)`` line that replays it exactly.
"""

from __future__ import annotations

import datetime as dt
import difflib
import math
import os
import shutil
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from conftest import PROJECT, TODAY
from lisplan.cli import app
from lisplan.files.source import SourceError, parse
from lisplan.models import FILE_KINDS


@dataclass(frozen=True)
class Kind:
    """One file kind: where its sample sits in a plan repo, and the sample's text."""

    path: str
    sample: str | None = None  # default: the file at ``path`` in this repository

    def text(self) -> str:
        return self.sample if self.sample is not None else (PROJECT / self.path).read_text(encoding="utf-8")


# Every file kind lisplan reads. A new kind is one more line here (the crosswalks were).
KINDS: dict[str, Kind] = {
    "trainee": Kind("data/logs/eksempel-lis/trainee.yaml"),
    "log": Kind("data/logs/eksempel-lis/2026.yaml"),
    "plan": Kind("data/plans/ous-nuk.yaml"),
    "goal-set": Kind("data/goals/fkm-2026.yaml"),
    "courses": Kind("data/goals/nuk-courses.yaml"),
    "crosswalk": Kind("data/goals/nuk-2019-nuk-2025-eksempel.yaml"),
    "config": Kind("lisplan.yaml", "# repo configuration\nkind: config\naccession_storage: plain\n"),
}

LOG_DATE = "2026-11-01"
COMMANDS = [
    ["check"],
    ["status"],
    ["remaining"],
    ["schedule", "--format", "json"],
    ["render", "{root}/review.md"],
    ["export", "--format", "json"],
    ["portal", "--format", "json"],
    ["log", "skeleton-scintigraphy", "--accession", "99999999", "--date", LOG_DATE],
]
#: generated files per kind and level: CI's 3 in its slow step, 1 (the ``SMOKE`` file) in the default run
EXAMPLES = int(os.environ.get("LISPLAN_FUZZ_EXAMPLES", "3" if os.environ.get("LISPLAN_SLOW") else "1"))
ON_DEMAND = "LISPLAN_FUZZ_EXAMPLES" in os.environ
#: the default run: the generators make the variants ``SMOKE`` names, not ones they choose
SMOKE_RUN = not ON_DEMAND and not os.environ.get("LISPLAN_SLOW")
SLOW = 20  # CPU seconds (a loaded machine does not count): no command on a small file comes near this unless it loops

FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=not ON_DEMAND,
    print_blob=True,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.large_base_example,
    ],
)


# --- text level -------------------------------------------------------------------------------------

ODD = [
    "\t",
    "\r\n",
    "\ufeff",
    "\u2028",
    "\x85",
    "ø",
    "😀",
    ": ",
    "- ",
    "[",
    "{",
    "&a ",
    "*a",
    "!!python/object ",
    "'",
    '"',
    "#",
    "---\n",
    "...\n",
    "<<<<<<< HEAD\n",
    "\x00",
    "9" * 400,
    "15076500565",
    "? ",
    "|",
    ">-",
    "%YAML 1.1\n",
    "\u202e",
    "\u0000",
    "\ud800",
]


TEXT_ACTIONS = ["drop", "repeat", "swap", "insert", "indent", "truncate", "replace"]


@st.composite
def text_level(draw, text: str, only: str | None = None) -> bytes:
    """``only``: make this action once (the default run's ``SMOKE``) instead of one to four drawn ones."""
    lines = text.splitlines(keepends=True)
    for _ in range(1 if only else draw(st.integers(1, 4))):
        if not lines:
            break
        i = draw(st.integers(0, len(lines) - 1))
        action = only or draw(st.sampled_from(TEXT_ACTIONS))
        if action == "drop":
            del lines[i]
        elif action == "repeat":
            lines.insert(i, lines[i])
        elif action == "swap" and len(lines) > 1:
            j = (i + 1 + draw(st.integers(0, len(lines) - 2))) % len(lines)  # another line: a swap changes the file
            lines[i], lines[j] = lines[j], lines[i]
        elif action == "insert":
            at = draw(st.integers(0, len(lines[i])))
            piece = draw(st.one_of(st.sampled_from(ODD), st.text(max_size=8)))
            lines[i] = lines[i][:at] + piece + lines[i][at:]
        elif action == "indent":
            lines[i] = " " * draw(st.integers(1, 6)) + lines[i]
        elif action == "truncate":
            lines = lines[:i] + [lines[i][: draw(st.integers(0, len(lines[i])))]]
        elif action == "replace":
            lines[i] = draw(st.sampled_from(ODD)) + "\n"
    return "".join(lines).encode("utf-8", "surrogatepass")


# --- YAML level ---------------------------------------------------------------------------------------

ODD_TEXT = st.one_of(
    st.sampled_from(
        [
            "",
            " ",
            "no",
            "null",
            "~",
            "0o17",
            "1e400",
            "-0",
            "2026-02-30",
            "2026-13-01",
            "9999-12-31",
            "0001-01-01",
            "NUK-999",
            "nuk-2019:NUK-068",
            "a" * 10_000,
            "ø" * 500,
            "\u202e\u200b",
            "😀" * 50,
            "x\ny",
            "\t",
            "\u2028",
            "#",
            "*a",
            "&a",
            "- x",
            "{a: b}",
        ]
    ),
    st.text(max_size=30),
)
ODD_VALUE = st.one_of(
    ODD_TEXT,
    st.sampled_from(
        [
            0,
            -1,
            1,
            2**31,
            2**63,
            10**30,
            -(10**30),
            10**4000,
            1e308,
            -1e308,
            math.inf,
            -math.inf,
            math.nan,
            0.5,
            True,
            False,
            None,
            [],
            {},
            [None],
            {"": None},
        ]
    ),
    st.integers(),
    st.floats(),
    st.lists(ODD_TEXT, max_size=3),
    st.dictionaries(ODD_TEXT, ODD_TEXT, max_size=3),
)


def _paths(value: Any, at: tuple = ()) -> list[tuple]:
    """Every place in ``value`` that holds something: keys of mappings and items of lists."""
    found = [at]
    if isinstance(value, dict):
        for k, v in value.items():
            found += _paths(v, (*at, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            found += _paths(v, (*at, i))
    return found


def _holds(node: Any, target: Any) -> bool:
    """Is ``target`` (by identity) ``node`` or somewhere inside it?"""
    if node is target:
        return True
    children = node.values() if isinstance(node, dict) else node if isinstance(node, list) else ()
    return any(_holds(child, target) for child in children)


def _parent(data: Any, path: tuple) -> Any:
    for step in path[:-1]:
        data = data[step]
    return data


def _deep(depth: int) -> Any:
    value: Any = "bottom"
    for i in range(depth):
        value = [value] if i % 2 else {"k": value}
    return value


YAML_ACTIONS = ["drop", "replace", "replace", "extra", "deep", "empty", "repeat", "share"]
YAML_EXTRAS = ["none", "duplicate-key", "long-line", "long-comment"]
#: the place each action needs: an item of a list to repeat, a key of a mapping to add one beside
NEEDS = {"repeat": list, "extra": dict}


@st.composite
def yaml_level(draw, text: str, only: str | None = None, only_extra: str | None = None) -> bytes:
    """``only``, ``only_extra``: make this action once and this extra (the default run's ``SMOKE``)."""
    data = parse(Path("sample.yaml"), text).data
    for _ in range(1 if only else draw(st.integers(1, 3))):
        paths = [p for p in _paths(data) if p]
        if not paths:
            break
        action = only or draw(st.sampled_from(YAML_ACTIONS))
        need = NEEDS.get(action)
        path = draw(st.sampled_from([p for p in paths if need and isinstance(_parent(data, p), need)] or paths))
        parent, last = _parent(data, path), path[-1]
        if action == "drop":
            del parent[last]
        elif action == "replace":
            parent[last] = draw(ODD_VALUE)
        elif action == "extra" and isinstance(parent, dict):
            parent[draw(st.sampled_from(["extra", "Kind", "date ", "entries", "notes", ""]))] = draw(ODD_VALUE)
        elif action == "deep":
            parent[last] = _deep(draw(st.integers(10, 150)))
        elif action == "empty":
            parent[last] = [] if isinstance(parent[last], list) else {} if isinstance(parent[last], dict) else ""
        elif action == "repeat" and isinstance(parent, list):
            parent.insert(last, parent[last])  # the same object twice: an anchor and an alias
        elif action == "share":  # a mapping or list in two places, not inside itself (no cycles)
            others = [c for c in (_parent(data, (*p[:-1], None)) for p in paths) if not _holds(c, parent)]
            if others:
                parent[last] = draw(st.sampled_from(others))
    try:
        out = yaml.safe_dump(
            data, sort_keys=False, allow_unicode=draw(st.booleans()), width=draw(st.sampled_from([80, 10**6]))
        )
    except (RecursionError, yaml.YAMLError, ValueError):
        out = text
    lines = out.splitlines(keepends=True)
    extra = only_extra or draw(st.sampled_from(YAML_EXTRAS))
    if extra == "duplicate-key" and lines:
        top = [ln for ln in lines if ln[:1].isalpha()] or lines
        lines.append(draw(st.sampled_from(top)))
    elif extra == "long-line":
        lines.append("note: " + "x" * 200_000 + "\n")
    elif extra == "long-comment" and lines:
        lines.insert(draw(st.integers(0, len(lines))), "# " + "é" * 100_000 + "\n")
    return "".join(lines).encode("utf-8", "surrogatepass")


# --- byte level ------------------------------------------------------------------------------------------

BAD_BYTES = [
    b"\xff",
    b"\xc3",
    b"\xc0\x80",
    b"\xed\xa0\x80",
    b"\xf4\x90\x80\x80",
    b"\x00",
    b"\xef\xbb\xbf",
    b"\x80\x80",
    b"\r",
    b"\x1b[31m",
    b"\x7f",
    b"\x0c",
]


BYTE_WHOLE = ["none", "none", "crlf", "cr", "utf-16", "latin-1", "bom"]
BYTE_ACTIONS = ["truncate", "insert", "insert", "flip"]


@st.composite
def byte_level(draw, text: str, only_whole: str | None = None, only: str | None = None) -> bytes:
    """``only_whole``, ``only``: this change to the whole file, then this action once (the default run's ``SMOKE``)."""
    raw = text.encode("utf-8")
    whole = only_whole or draw(st.sampled_from(BYTE_WHOLE))
    if whole == "crlf":
        raw = raw.replace(b"\n", b"\r\n")
    elif whole == "cr":
        raw = raw.replace(b"\n", b"\r")
    elif whole == "utf-16":
        raw = text.encode("utf-16")
    elif whole == "latin-1":
        raw = text.encode("latin-1", "replace")
    elif whole == "bom":
        raw = b"\xef\xbb\xbf" + raw
    for _ in range(1 if only else draw(st.integers(0, 3))):
        at = draw(st.integers(0, len(raw)))
        action = only or draw(st.sampled_from(BYTE_ACTIONS))
        if action == "truncate":
            raw = raw[:at]
        elif action == "insert":
            raw = raw[:at] + draw(st.sampled_from(BAD_BYTES)) + raw[at:]
        elif action == "flip" and at < len(raw):
            raw = raw[:at] + bytes([raw[at] ^ (1 << draw(st.integers(0, 7)))]) + raw[at + 1 :]
    return raw


LEVELS = {"text": text_level, "yaml": yaml_level, "bytes": byte_level}

#: the default run's file for each level and kind: the variants its generator makes, so that every action,
#: extra and whole-file change of each level is made at least once (each kind once per level); a log that
#: stays valid (an entry repeated as an alias) has ``log`` add its entry
SMOKE: dict[str, dict[str, tuple[str, ...]]] = {
    "text": {kind: (action,) for kind, action in zip(KINDS, TEXT_ACTIONS, strict=True)},
    "yaml": {
        "trainee": ("drop", "duplicate-key"),
        "log": ("repeat", "none"),
        "plan": ("share", "long-line"),
        "goal-set": ("deep", "long-comment"),
        "courses": ("empty", "none"),
        "crosswalk": ("extra", "duplicate-key"),
        "config": ("replace", "none"),
    },
    "bytes": {
        "trainee": ("crlf", "insert"),
        "log": ("none", "truncate"),
        "plan": ("utf-16", "flip"),
        "goal-set": ("latin-1", "insert"),
        "courses": ("bom", "flip"),
        "crosswalk": ("cr", "insert"),
        "config": ("none", "flip"),
    },
}


# --- the property --------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def warm_repo(tmp_path_factory) -> Path:
    """A plan repo holding the example trainee, with lisplan's catalogs already in its parse cache."""
    root = tmp_path_factory.mktemp("warm")
    shutil.copytree(PROJECT / "data" / "logs" / "eksempel-lis", root / "data" / "logs" / "eksempel-lis")
    _run(root, ["check"])
    return root


def _run(root: Path, command: list[str]) -> tuple[int, str]:
    argv = ["--repo", str(root), *(a.format(root=root) for a in command)]
    result = CliRunner().invoke(app, argv, catch_exceptions=False)  # an exception fails the test, traceback and all
    return result.exit_code, result.output


def _broken(raw: bytes, kind: str) -> bool:
    """Does the file fail to parse, or fail its kind's schema? (Then every command must say so.)"""
    try:
        data = parse(Path("x.yaml"), raw.removeprefix(b"\xef\xbb\xbf").decode("utf-8").replace("\r\n", "\n")).data
    except (SourceError, UnicodeDecodeError):
        return True
    try:
        FILE_KINDS[kind].model_validate(data)
    except Exception:
        return True
    return False


def _entries(raw: bytes) -> int | None:
    """How many entries a log holds (a log without ``entries:`` holds none), or None if it does not parse."""
    try:
        data = parse(Path("x.yaml"), raw.decode("utf-8")).data
    except (SourceError, UnicodeDecodeError):
        return None
    entries = data.get("entries") if isinstance(data, dict) else None
    return len(entries or []) if isinstance(entries, (list, type(None))) else None


@pytest.fixture
def env(monkeypatch):
    monkeypatch.setenv("LISPLAN_TODAY", TODAY)
    monkeypatch.setenv("COLUMNS", "200")


def _fuzz(kind: str, level: str, warm_repo: Path, tmp_path_factory, data) -> None:
    root = tmp_path_factory.mktemp(f"fuzz-{kind}-{level}")
    shutil.copytree(warm_repo, root, dirs_exist_ok=True)
    spec = KINDS[kind]
    variants = SMOKE[level][kind] if SMOKE_RUN else ()
    raw = data.draw(LEVELS[level](spec.text(), *variants), label=f"{kind} file")
    assert not variants or raw != spec.text().encode(), f"{variants} left the {kind} file as it was"
    path = root / spec.path
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(raw)
    broken = _broken(raw, kind)
    for command in COMMANDS:
        before = path.read_bytes()
        started = time.process_time()
        code, out = _run(root, command)
        took = time.process_time() - started
        name = " ".join(command[:1])
        assert code in (0, 1, 2), f"{name}: exit {code}\n{out}"
        assert "internal error" not in out and "Traceback" not in out, f"{name}:\n{out}"
        assert took < SLOW, f"{name} took {took:.1f} s"
        if broken:
            assert code != 0 and spec.path in out, f"{name} did not name the broken {spec.path}:\n{out}"
        after = path.read_bytes()
        if command[0] == "log" and kind == "log" and code == 0:
            _assert_one_entry_added(before, after)
        else:
            assert after == before, f"{name} changed {spec.path}"


def _assert_one_entry_added(before: bytes, after: bytes) -> None:
    old = _entries(before)
    assert old is not None
    assert _entries(after) == old + 1
    old_lines = before.decode("utf-8").splitlines()
    new_lines = after.decode("utf-8").splitlines()
    ops = {tag for tag, *_ in difflib.SequenceMatcher(a=old_lines, b=new_lines, autojunk=False).get_opcodes()}
    assert ops <= {"equal", "insert"}  # every old line kept, in order; only lines added


@pytest.mark.fuzz
@pytest.mark.parametrize("level", list(LEVELS))
@pytest.mark.parametrize("kind", list(KINDS))
@FUZZ
@given(data=st.data())
def test_every_command_survives_a_generated_file(env, warm_repo, tmp_path_factory, kind, level, data):
    _fuzz(kind, level, warm_repo, tmp_path_factory, data)


def test_the_samples_are_valid(env, warm_repo):
    """The generators start from valid files, so what they break is their doing."""
    for kind, spec in KINDS.items():
        assert not _broken(spec.text().encode(), kind), kind
    assert _run(warm_repo, ["check"])[0] == 0


def test_log_into_a_log_without_entries(env, warm_repo, tmp_path_factory):
    """The case the 30-example random run found the property's own helper miscounting (0, not None)."""
    root = tmp_path_factory.mktemp("no-entries")
    shutil.copytree(warm_repo, root, dirs_exist_ok=True)
    path = root / KINDS["log"].path
    path.write_bytes(b"kind: log\ntrainee: eksempel-lis\nyear: 2026\n")
    before = path.read_bytes()
    code, out = _run(root, COMMANDS[-1])
    assert code == 0, out
    _assert_one_entry_added(before, path.read_bytes())


@pytest.mark.parametrize("level", ["text", "bytes"])
@FUZZ
@given(data=st.data())
def test_portal_mark_in_a_generated_log_adds_one_line_to_a_valid_file_or_nothing(
    env, warm_repo, tmp_path_factory, level, data
):
    root = tmp_path_factory.mktemp(f"mark-{level}")
    shutil.copytree(warm_repo, root, dirs_exist_ok=True)
    path = root / KINDS["log"].path
    path.write_bytes(data.draw(LEVELS[level](KINDS["log"].text()), label="log file"))
    before = path.read_bytes()
    code, out = _run(root, ["portal", "--mark", "2026:4", "--date", "2026-11-01"])
    assert code in (0, 1, 2) and "Traceback" not in out, out
    if code != 0:
        assert path.read_bytes() == before
        return
    old, new = parse(path, before.decode("utf-8")).data, parse(path).data
    assert new["entries"][3].pop("portal") == {"registered": "2026-11-01"}
    assert new == old
    ops = difflib.SequenceMatcher(
        a=before.decode("utf-8").splitlines(), b=path.read_text("utf-8").splitlines(), autojunk=False
    ).get_opcodes()
    assert [(tag, j2 - j1) for tag, _i1, _i2, j1, j2 in ops if tag != "equal"] == [("insert", 1)]


# --- dates at and beyond the bounds --------------------------------------------------------------

#: Dates around lisplan's bounds (core/dates.py: 1900-01-01 to 2199-12-31) and at Python's own ends,
#: where arithmetic overflowed: a date out of range must be a check error or a usage error, never a crash.
FAR_DATES = st.one_of(
    st.dates(dt.date(1, 1, 1), dt.date(1899, 12, 31)),
    st.dates(dt.date(2200, 1, 1), dt.date(9999, 12, 31)),
    st.sampled_from([dt.date(9999, 12, 31), dt.date(1, 1, 1), dt.date(2199, 12, 31), dt.date(1900, 1, 1)]),
)


@settings(FUZZ, max_examples=max(3, EXAMPLES))
@given(day=FAR_DATES, data=st.data())
def test_a_date_far_out_is_a_check_error_or_a_usage_error_never_a_crash(env, warm_repo, tmp_path_factory, day, data):
    from lisplan.core.dates import out_of_range

    root = tmp_path_factory.mktemp("far")
    shutil.copytree(warm_repo, root, dirs_exist_ok=True)
    where = data.draw(st.sampled_from(["leave-to", "start", "entry", "option"]), label="where")
    profile = root / "data" / "logs" / "eksempel-lis" / "trainee.yaml"
    text = profile.read_text(encoding="utf-8")
    if where == "leave-to":
        profile.write_text(text.replace("to: 2025-08-31", f"to: {day.isoformat()}"), encoding="utf-8")
    elif where == "start":
        profile.write_text(text.replace("start: 2023-09-01", f"start: {day.isoformat()}"), encoding="utf-8")
    elif where == "entry":
        log = root / "data" / "logs" / "eksempel-lis" / "2026.yaml"
        log.write_text(
            log.read_text(encoding="utf-8").rstrip("\n") + f"\n  - self-study: lesing\n    date: {day.isoformat()}\n",
            encoding="utf-8",
        )
    if where == "option":
        option = data.draw(st.sampled_from(["--as-of", "--start", "--leave"]), label="option")
        value = f"2027-01-01:{day.isoformat()}" if option == "--leave" else day.isoformat()
        code, out = _run(root, ["schedule", option, value])
        if out_of_range(day):
            assert code == 2 and "outside the dates" in out, out
        return
    code, out = _run(root, ["check"])
    if out_of_range(day):
        assert code == 1 and "outside the dates" in out, out
    for command in (["status"], ["remaining"], ["schedule"], ["schedule", "--format", "ics"]):
        code, out = _run(root, command)  # an exception fails the test (catch_exceptions=False)
        assert code in (0, 1, 2) and "internal error" not in out


def test_the_smoke_files_make_every_variant_of_every_level():
    """The default run's fixed files (``SMOKE``) still make each action, extra and whole-file change once."""
    made = {level: {v for variants in by_kind.values() for v in variants} for level, by_kind in SMOKE.items()}
    assert made["text"] == set(TEXT_ACTIONS)
    assert made["yaml"] == set(YAML_ACTIONS) | set(YAML_EXTRAS)
    assert made["bytes"] == set(BYTE_WHOLE) | set(BYTE_ACTIONS)
    assert all(set(by_kind) == set(KINDS) for by_kind in SMOKE.values())
