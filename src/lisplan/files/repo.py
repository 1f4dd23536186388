"""Where a plan repo's files are: finding the repo, and listing its files and lisplan's own."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, NamedTuple

from lisplan.core.i18n import _

CONFIG_NAME = "lisplan.yaml"
DATA_DIRS = ("goals", "plans", "logs")
YAML_SUFFIXES = (".yaml", ".yml")
PROFILE_NAME = "trainee"
CACHE_FOLDER = ".lisplan-cache"  # lisplan's caches inside a plan repo (files/store.py); safe to delete
CACHE_IGNORE = "# lisplan's cache: safe to delete\n*\n"  # the .gitignore inside it: keeps it out of git


class RepoNotFound(Exception):
    def __init__(self, start: Path) -> None:
        super().__init__(
            _(
                "no plan repo at {folder} or above it: no lisplan.yaml and no data/ folder with goals/, plans/ or logs/"
            ).format(folder=start)
        )
        self.start = start


class FileSpec(NamedTuple):  # not a dataclass: a warm answer (commands/replay.py) lists files without it
    """One file to load, what kinds it may hold, and whether it came with lisplan."""

    path: Path
    kinds: tuple[str, ...]
    packaged: bool = False


#: The kind of a symlink found under a repo's data/ (a YAML file or a folder): listed so that the
#: loader refuses it in words, and never read. Every command reads the same files; following links
#: would let a trainee folder be a link to files elsewhere in the repo that one command reads and
#: another passes over, and a CI gate must not rest on which walk follows what.
LINK = ("link",)


def is_repo(folder: Path) -> bool:
    if (folder / CONFIG_NAME).is_file():
        return True
    data = folder / "data"
    return data.is_dir() and any((data / d).is_dir() for d in DATA_DIRS)


def find_root(start: Path) -> Path:
    """The nearest folder at or above ``start`` that is a plan repo."""
    start = start.resolve()
    for folder in (start, *start.parents):
        if is_repo(folder):
            return folder
    raise RepoNotFound(start)


def configured_language(start: Path) -> str | None:
    """The ``language:`` the plan repo at or above ``start`` names in its ``lisplan.yaml``, if any.

    Read before the command line is parsed (--help is in that language), on every run: a line scan,
    not a YAML parse, for a top-level ``language: nb``, the key quoted or not (``check`` validates the
    file in full)."""
    import re

    try:
        text = (find_root(start) / "lisplan.yaml").read_text(encoding="utf-8")
    except (RepoNotFound, OSError, UnicodeDecodeError):
        return None
    # the key as YAML writes it at the top level: plain, "quoted" or 'quoted', a space before the colon or not
    found = re.search(r"^([\"']?)language\1[ \t]*:[ \t]*[\"']?([A-Za-z]+)", text, re.MULTILINE)
    return found.group(2).lower() if found else None


def packaged_data() -> Path | None:
    """The goal sets, courses and plans that ship with lisplan (installed, or from a source checkout)."""
    installed = Path(__file__).resolve().parent.parent / "_data"  # what importlib.resources finds, without it
    if installed.is_dir():
        return installed
    checkout = Path(__file__).resolve().parents[3] / "data"
    return checkout if (checkout / "goals").is_dir() else None


def packaged_templates() -> Path | None:
    data = packaged_data()
    if data is None:
        return None
    for candidate in (data / "templates", data.parent / "templates"):
        if candidate.is_dir():
            return candidate
    return None


def _yaml_files(folder: Path, links: list[Path] | None = None) -> list[Path]:
    """The YAML files under ``folder``; with ``links``, a symlink met (``folder`` itself, a folder or a
    YAML file in it) is put there and not followed, else symlinked files are read as before."""
    if links is not None and folder.is_symlink():
        links.append(folder)
        return []
    return sorted(_walk_yaml(folder, links))


def _walk_yaml(folder: Path, links: list[Path] | None = None) -> Iterator[Path]:
    """The YAML files under ``folder`` (any depth, symlinked folders not followed, as rglob did), unsorted:
    os.scandir knows each entry's type without a stat per file."""
    import os

    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    for entry in entries:
        try:
            yaml = entry.name.endswith(YAML_SUFFIXES) and entry.name not in YAML_SUFFIXES
            if links is not None and entry.is_symlink():
                if yaml or entry.is_dir():
                    links.append(folder / entry.name)
            elif entry.is_dir(follow_symlinks=False):
                yield from _walk_yaml(folder / entry.name, links)
            elif yaml and entry.is_file():
                yield folder / entry.name
        except OSError:
            continue


def catalog_files(data: Path, *, packaged: bool) -> list[FileSpec]:
    """The catalogs and plans under ``data``; a repo's symlinks among them as LINK (lisplan's own are read)."""
    links: list[Path] | None = None if packaged else []
    specs = [FileSpec(p, ("goal-set", "courses", "crosswalk"), packaged) for p in _yaml_files(data / "goals", links)]
    specs += [FileSpec(p, ("plan",), packaged) for p in _yaml_files(data / "plans", links)]
    return specs + [FileSpec(p, LINK) for p in links or []]


def log_files(root: Path, *, logs: bool = True, trainee: str | None = None) -> list[FileSpec]:
    """Each trainee folder's profile (trainee.yaml) and (unless ``logs=False``) its yearly logs;
    only one trainee's with ``trainee``."""
    specs = []
    base = root / "data" / "logs"
    links: list[Path] = [base] if trainee and base.is_symlink() else []
    for path in [] if links else _yaml_files(base / trainee if trainee else base, links):
        if path.stem == PROFILE_NAME:
            specs.append(FileSpec(path, ("trainee",)))
        elif logs:
            specs.append(FileSpec(path, ("log",)))
    return specs + [FileSpec(p, LINK) for p in links]


def trainee_logs(folder: Path) -> list[Path]:
    """The log files of one trainee folder (everything but the profile), in name order."""
    return [p for p in _yaml_files(folder) if p.stem != PROFILE_NAME]


def year_log(folder: Path, year: int) -> Path:
    """The file that holds a trainee's entries for ``year`` (``<year>.yaml``, or an existing ``.yml``)."""
    for suffix in YAML_SUFFIXES:
        if (folder / f"{year}{suffix}").is_file():
            return folder / f"{year}{suffix}"
    return folder / f"{year}.yaml"


def log_header(trainee: str, year: int, line: str = "") -> str:
    """A new year's log file, empty, after ``line`` (the editor's schema line, or nothing)."""
    return f"{line}kind: log\ntrainee: {trainee}\nyear: {year}\nentries: []\n"


def trainee_ids(root: Path) -> list[str]:
    """The trainee folders of a repo (those holding any YAML file), without reading them."""
    base = root / "data" / "logs"
    if not base.is_dir():
        return []
    return sorted(p.name for p in base.iterdir() if p.is_dir() and next(_walk_yaml(p), None) is not None)


def default_trainee(root: Path, read: Callable[[Path], Any]) -> str | None:
    """``default_trainee`` in the repo's lisplan.yaml (its data as ``read`` gives it: through the store, like
    every other file, so that a report after a log parses nothing): whom commands about one trainee mean
    when the repo has several and no --trainee is given. None when unset or unreadable (check reports the file)."""
    from lisplan.files.source import SourceError

    path = root / CONFIG_NAME
    if not path.is_file():
        return None
    try:
        data = read(path)
    except SourceError:
        return None
    value = data.get("default_trainee") if isinstance(data, dict) else None
    return value if isinstance(value, str) else None


def repo_files(root: Path, *, logs: bool = True, trainee: str | None = None) -> list[FileSpec]:
    specs = []
    if (root / CONFIG_NAME).is_file():
        specs.append(FileSpec(root / CONFIG_NAME, ("config",)))
    return specs + catalog_files(root / "data", packaged=False) + log_files(root, logs=logs, trainee=trainee)


def load_specs(
    root: Path | None, *, packaged: bool = True, logs: bool = True, trainee: str | None = None
) -> list[FileSpec]:
    """Every file a load reads: lisplan's own catalogs (unless ``packaged=False``), then the repo's.

    A source checkout's data/ is both the packaged data and the repo's: each file is listed once.
    """
    specs: list[FileSpec] = []
    data = packaged_data() if packaged else None
    if data is not None:
        specs += catalog_files(data, packaged=True)
    if root is not None:
        specs += repo_files(root, logs=logs, trainee=trainee)
    seen: dict[object, FileSpec] = {}
    for spec in specs:
        key = _identity(spec.path)
        if key not in seen or seen[key].packaged:
            seen[key] = spec
    return list(seen.values())


def _identity(path: Path) -> object:
    """The file ``path`` names, as its device and inode (one stat; resolving the path took one per folder
    above it, for every file of a 50-trainee repo); the resolved path when it cannot be stat'ed."""
    import os

    try:
        st = os.stat(path)
    except OSError:
        try:
            return path.resolve()
        except (OSError, RuntimeError):  # a symlink loop: the path itself names it
            return path.absolute()
    return (st.st_dev, st.st_ino)


#: Folders of a plan repo that hold what lisplan reads (or keeps): never a place for its output.
INPUT_FOLDERS = ("data", "templates", ".git", CACHE_FOLDER)


def read_by_lisplan(root: Path | None, out: Path) -> str | None:
    """Why ``out`` must not be written over by an output (export, render, schedule), or None when it may.

    Refused: anything under the repo's ``data/``, ``templates/``, ``.git/`` or cache; ``lisplan.yaml``
    and the repo's README (the user's own text); and any file lisplan loads, its own catalogs included.
    """
    target = out.resolve()
    if root is not None:
        top = root.resolve()
        for folder in INPUT_FOLDERS:
            if target.is_relative_to(top / folder):
                return _("it is in the repo's {folder}/ folder, where lisplan reads its files").format(folder=folder)
        if target.parent == top and (target.name == CONFIG_NAME or target.stem.casefold() == "readme"):
            return _("it is the repo's own {file}").format(file=target.name)
    if any(spec.path.resolve() == target for spec in load_specs(root, logs=True)):
        return _("it is a file lisplan reads")
    return None


def refuse_output(root: Path | None, out: Path) -> str | None:
    """Why an output (``--out``, ``render``'s file) must not be written at ``out``, or None when it may:
    a file lisplan reads (:func:`read_by_lisplan`), or anything but a regular file (a FIFO, a device).
    A fresh run and a replayed one (commands/replay.py) both ask this before they write."""
    import os

    from lisplan.files.paths import kind_of

    refused = read_by_lisplan(root, out)
    if refused:
        return refused
    try:
        kind = kind_of(os.stat(out).st_mode)
    except OSError:
        return None
    if kind is None:
        return None
    from lisplan.files.atomic import NotAFile

    return str(NotAFile(out, kind).strerror)
