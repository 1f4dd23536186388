"""A read-only command's whole answer, remembered: printed again without building the command line.

A warm ``lisplan status`` need not import typer, rich, pydantic and the whole command tree to say again
what it said. The *bytes* a read-only run wrote (its stdout, its stderr, the files it wrote with ``emit``,
its exit code) are remembered under a key of everything they can depend on (files/store.py's
``answer_key``), and a run with the same key writes them again at once:

- the exact command line, the working folder, and the environment (every variable but the few a shell
  changes on its own, :data:`VOLATILE`): the language (LISPLAN_LANG, LANG, LC_*), LISPLAN_TODAY,
  NO_COLOR, COLUMNS, TERM and the rest all decide the bytes;
- today's date, whether each standard stream is a terminal and its size, and the streams' encodings;
- the bytes of every file the command would load, every name under ``data/``, the repo's and lisplan's
  templates, a ``--template`` file, and lisplan's own code; any other file the run read (a linked report)
  must still hold the bytes it read;
- for ``--help`` only the repo's ``lisplan.yaml`` (its ``language:``), kept in the user's cache folder.

Only what is read-only and depends on nothing else is remembered: not ``portal --mark/--signed`` or
``--commit`` (they write), not ``check --verify-signoffs`` (git history is an input), not calendar or
spreadsheet files (they carry the time they were made), not a run that failed on an OS or internal
error, and only exit codes 0 and 1. Answers are sealed records of the store (files/store.py: a repo
cannot carry a forged one; ``LISPLAN_NO_CACHE=1`` turns it off); only the newest :data:`KEEP` are kept.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # imported once a command line is one to remember: cli imports this module for its hooks
    from lisplan.core.argv import Line
    from lisplan.files.repo import FileSpec
    from lisplan.files.store import Store

KEEP = 64  # answers kept
#: variables a shell sets on its own from one command to the next; none of them changes lisplan's output
VOLATILE = frozenset({"_", "OLDPWD", "PWD", "SHLVL", "PS1", "PS2", "PROMPT_COMMAND", "HISTCMD"})

_ran = False  # a command's body ran (cli._session), so this was not a help page
_spoiled = False  # the run ended in an OS or internal error: never remember it


def ran() -> None:
    global _ran
    _ran = True


def spoiled() -> None:
    global _spoiled
    _spoiled = True


class Replay:
    """One command line's remembered answer: ``answer()`` prints it, or ``start()``/``finish()`` record it."""

    def __init__(self, store: Store, key: str, help_page: bool, root: Path | None = None) -> None:
        self.store, self.key, self.help_page, self.root = store, key, help_page, root
        self.code = 0
        self.reads: dict[str, str] = {}  # every file the run read, by content (files/paths.py)
        self._tees: tuple[_Tee, _Tee] | None = None  # stdout's and stderr's, while recording
        #: what the run wrote to stdout (0) and stderr (1), in the order it wrote it: on a terminal that
        #: shows both, a replay shows them interleaved as the run did
        self._chunks: list[tuple[int, bytearray]] = []
        self.writes: list[tuple[str, bytes]] = []

    def answer(self) -> bool:
        """Write the remembered answer (files, stdout, stderr) and set ``code``; False when there is none."""
        found = self.store.get(self.key)
        if not isinstance(found, dict) or not self.store.unchanged(found.get("reads")):
            return False  # none, or a file the run read besides those in the key (a linked report) changed
        try:
            writes = [(Path(p), self.store.get_bytes(d)) for p, d in found["writes"]]
            chunks = [(int(stream), self.store.get_bytes(d)) for stream, d in found["chunks"]]
            code = int(found["code"])
        except (TypeError, ValueError, LookupError):  # LookupError: bytes gone, or not those the record names
            return False
        if writes:
            from lisplan.files.atomic import atomic_write
            from lisplan.files.repo import refuse_output

            # every check a fresh run makes before it writes (the folder may have become a symlink into
            # data/, the file a FIFO since): when one refuses, the command runs and says why
            if any(not path.parent.is_dir() or refuse_output(self.root, path) for path, _data in writes):
                return False
            try:
                for path, data in writes:
                    atomic_write(path, data)
            except OSError:
                return False  # the command says what went wrong
        self.code = code
        for stream, data in chunks:
            target = sys.stderr if stream else sys.stdout
            try:
                target.buffer.write(data)
                target.flush()
            except BrokenPipeError:  # the reader stopped (| head): as a fresh run (rich) ends, quietly, code 1
                # what is still buffered goes nowhere, so that Python's own flush at exit prints no traceback
                with contextlib.suppress(OSError, ValueError, AttributeError):
                    null = os.open(os.devnull, os.O_WRONLY)
                    os.dup2(null, target.fileno())
                    os.close(null)
                self.code = 1
                return True
        return True

    def start(self) -> None:
        """Record what the run writes to stdout and stderr (it still goes there)."""
        global _current
        _current = self
        self._tees = (_Tee(sys.stdout, 0, self._chunks), _Tee(sys.stderr, 1, self._chunks))
        sys.stdout, sys.stderr = self._tees[0].text(), self._tees[1].text()
        from lisplan.files.paths import start_recording

        self.reads = start_recording()

    def finish(self, code: object) -> None:
        """Stop recording; remember the answer when the run is one to remember."""
        global _current
        tees = self._tees
        if tees is None:
            return
        from lisplan.files.paths import stop_recording

        stop_recording(self.reads)
        for tee in tees:
            with contextlib.suppress(Exception):  # a failed flush marks the tee broken
                tee.close()  # flushed; closed, the text stream over it has nothing left to flush when it goes
        sys.stdout, sys.stderr = tees[0].stream, tees[1].stream
        self._tees, _current = None, None
        code = 0 if code is None else code
        if not isinstance(code, int) or code not in (0, 1) or _spoiled or _ran == self.help_page:
            return
        if tees[0].broken or tees[1].broken:
            return  # what the run wrote did not all arrive (| head, a full disk): never an answer to replay
        keep = self.store.put_bytes  # each output in a file of its own, named by the key: kept and pruned with it
        self.store.put(
            self.key,
            {
                "chunks": [[stream, keep(f"{self.key}.{n}", bytes(d))] for n, (stream, d) in enumerate(self._chunks)],
                "code": code,
                "writes": [[p, keep(f"{self.key}.{n}", d)] for n, (p, d) in enumerate(self.writes, len(self._chunks))],
                "reads": self.reads,  # trusted again only while each file the run read has the same bytes
            },
        )


_current: Replay | None = None


def wrote(path: Path, data: bytes) -> None:
    """``emit`` wrote ``data`` to ``path``: part of the answer being recorded."""
    if _current is not None:
        _current.writes.append((str(path.absolute()), data))


class _Tee(io.RawIOBase):
    """The bytes written to ``stream``: passed to its buffer, and kept in ``chunks`` marked with ``number``
    (0 stdout, 1 stderr) in the order both streams were written. The run writes to it through :meth:`text`."""

    def __init__(self, stream: Any, number: int, chunks: list[tuple[int, bytearray]]) -> None:
        self.stream, self._number, self._chunks = stream, number, chunks
        #: a write or flush failed: the bytes kept are not what arrived, so the run is not remembered
        self.broken = False

    def text(self) -> io.TextIOWrapper:
        """A text stream over the tee, encoding as ``stream`` does (a text stream refuses bytes with TypeError,
        as callers expect); each write reaches the tee at once, so text and bytes keep their order."""
        s = self.stream
        return io.TextIOWrapper(
            self, s.encoding or "utf-8", s.errors, line_buffering=s.line_buffering, write_through=True
        )

    def write(self, data: Any) -> int:
        chunk = bytes(data)
        try:
            self.stream.buffer.write(chunk)
        except OSError:
            self.broken = True
            raise
        if chunk and self._chunks and self._chunks[-1][0] == self._number:
            self._chunks[-1][1].extend(chunk)  # with the last chunk when that is this stream's too
        elif chunk:
            self._chunks.append((self._number, bytearray(chunk)))
        return len(chunk)

    def flush(self) -> None:
        try:
            self.stream.flush()
        except (OSError, ValueError):  # a closed pipe, a full disk, a closed stream
            self.broken = True
            raise

    def writable(self) -> bool:
        return True

    def isatty(self) -> bool:
        return bool(self.stream.isatty())

    def fileno(self) -> int:
        return int(self.stream.fileno())

    @property
    def name(self) -> Any:  # what the text stream over the tee is named: "<stdout>"
        return self.stream.name


def prepare(argv: list[str], line: Line) -> Replay | None:
    """The remembered answer of this command line (``line``: ``argv`` as core/argv.py reads it, as click
    does), if it is one that can be remembered (else None): the command declares beside it whether it is
    (cli/base.py, ``replayable``)."""
    from lisplan.files.store import Store, key, key_file, off

    if off() or sys.stdout is None or sys.stderr is None:
        return None  # no store (LISPLAN_NO_CACHE), or a closed standard stream: nothing to record or replay into
    if any(k.startswith("_") and k.endswith("_COMPLETE") for k in os.environ):
        return None  # shell completion
    if not line.known or not (line.help or line.replayable()):
        return None
    from lisplan.core.i18n import language
    from lisplan.files.repo import CONFIG_NAME, FileSpec, RepoNotFound, find_root, load_specs, trainee_ids

    try:
        root: Path | None = find_root(Path(line.repo or os.environ.get("LISPLAN_REPO") or ".").absolute())
    except (RepoNotFound, OSError):
        root = None
    if line.help:
        store = Store(key_file().parent / "help", key(), keep=KEEP)
        specs = [FileSpec(root / CONFIG_NAME, ())] if root is not None and (root / CONFIG_NAME).is_file() else []
        what: list[object] = ["help", str(root)]
    else:
        if root is None:
            return None
        store = Store.for_repo(root, "results", keep=KEEP)
        named = line.value("--trainee")  # one of the repo's trainees: only their files are read
        trainee = named if named is not None and named in trainee_ids(root) else None
        specs = load_specs(root, trainee=trainee) + _templates(root, line)
        # each file the line names as one the command reads (``check PATH…``, ``--template``): whether it
        # is a file here or in the repo (a command refuses one that is not)
        what = ["run", str(root), [[w, os.path.isfile(w), os.path.isfile(root / w)] for w in line.files_named()]]
    # answers hold messages in the language they were made in: the language is part of the key
    answer = store.answer_key(specs, *what, language(), *_situation(argv))
    return None if answer is None else Replay(store, answer, line.help, root)


def _templates(root: Path, line: Line) -> list[FileSpec]:
    """Every template a document can be drawn with (the repo's, lisplan's, a file the line names): keyed
    like the files a command loads (store.answer_key), so a template's bytes are read only when its stat changed."""
    from lisplan.files.paths import safe_to_read
    from lisplan.files.repo import FileSpec, packaged_templates

    files: list[Path] = []
    packaged = packaged_templates()
    for folder in (root / "templates", packaged):
        if folder is not None and folder.is_dir():  # a template that leads out is refused, never read (render.py)
            files += sorted(p for p in folder.rglob("*") if safe_to_read(p, root, *([packaged] if packaged else [])))
    files += [Path(w) for w in line.files_named() if os.path.isfile(w)]
    return [FileSpec(path.absolute(), ()) for path in files]


def _situation(argv: list[str]) -> list[object]:
    """What besides the files decides the bytes: the words, where, when, the environment and the terminal."""
    env = sorted((k, v) for k, v in os.environ.items() if k not in VOLATILE)
    streams = []
    for fd, stream in ((0, sys.stdin), (1, sys.stdout), (2, sys.stderr)):
        try:
            tty = os.isatty(fd)
            size = tuple(os.get_terminal_size(fd)) if tty else None
        except OSError:
            tty, size = False, None
        streams.append([tty, size, getattr(stream, "encoding", None), getattr(stream, "errors", None)])
    return [argv, os.getcwd(), dt.date.today().isoformat(), env, streams]
