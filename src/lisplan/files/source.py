"""Read YAML files into plain data, remembering where every value came from; emit YAML for the writer.

This is the only module that imports PyYAML (tests/test_architecture.py holds it to that): the
reader, the node types that writer.py and the sign-off checks walk, and the emitter that writes new
entries and values. Reading uses libyaml (through PyYAML's C parser)
to build a node tree fast, then turns the nodes into plain Python data with YAML 1.2 core-schema
scalars (``no`` stays the string "no"; ``1:20`` is not a number). The node tree is kept so that the
line and column of any value can be found later from its path, at no cost while nothing is wrong.

Problems in a file raise :class:`SourceError` with a position and a hint; nothing here prints.
"""

from __future__ import annotations

import contextlib
import gc
import math
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lisplan.core.i18n import N_, _, ngettext
from lisplan.core.os_errors import reason
from lisplan.files.paths import note

if TYPE_CHECKING:
    import yaml

    # The node types, for the modules that walk a composed tree (writer.py, the sign-off checks).
    from yaml.nodes import MappingNode as MappingNode
    from yaml.nodes import Node as Node
    from yaml.nodes import ScalarNode as ScalarNode
    from yaml.nodes import SequenceNode as SequenceNode

#: What PyYAML gives this module, imported by :func:`_pyyaml` only when a file is parsed or text emitted:
#: a command that finds every file in the store (files/cache.py) never pays for PyYAML's import (its
#: reader alone compiles a regular expression over all of Unicode).
_PYYAML = ("yaml", "MappingNode", "Node", "ScalarNode", "SequenceNode")
_CParser: Any = None  # libyaml's parser (PyYAML's own where it is built without libyaml)
_Composer: Any = None
_Dumper: Any = None


def _pyyaml() -> None:
    """Import PyYAML and make this module's parser, composer and emitter (once)."""
    if "yaml" in globals():
        return
    import yaml
    import yaml.nodes

    base: Any
    try:
        from yaml.cyaml import CParser as base  # type: ignore[attr-defined]  # types-PyYAML does not export it
    except ImportError:  # pragma: no cover - PyYAML built without libyaml: slower, same results
        from yaml.loader import SafeLoader as base
    nodes = yaml.nodes
    scalar, sequence = nodes.ScalarNode, nodes.SequenceNode

    class Composer(base):  # type: ignore[misc]  # a base chosen at run time
        """libyaml's composer with no YAML 1.1 type guessing: we resolve scalars ourselves (1.2)."""

        def resolve(self, kind: type, value: Any, implicit: Any) -> str:
            return _STR if kind is scalar else _SEQ if kind is sequence else _MAP

        def descend_resolver(self, parent: Any, index: Any) -> None:
            pass

        def ascend_resolver(self) -> None:
            pass

    class Dumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):  # type: ignore[misc]  # a base chosen at run time
        def ignore_aliases(self, data: Any) -> bool:
            # never an anchor and alias (&id001 … *id001) for a value that occurs twice, such as the one date
            # of many entries written at once: a person reads each entry on its own
            return True

    Dumper.add_representer(str, _represent_str)
    found = globals()
    found.update(_CParser=base, _Composer=Composer, _Dumper=Dumper)
    found.update(MappingNode=nodes.MappingNode, Node=nodes.Node, ScalarNode=scalar, SequenceNode=sequence)
    found["yaml"] = yaml  # last: its presence says all of the above is made


def __getattr__(name: str) -> Any:
    """The node types, for the modules that walk a composed tree (PyYAML imported when first asked)."""
    if name in _PYYAML:
        _pyyaml()
        return globals()[name]
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


MAX_BYTES = 64 * 1024 * 1024
MAX_DEPTH = 64

Path_ = tuple[str | int, ...]


@dataclass
class SourceError(Exception):
    """A file that cannot be read as lisplan YAML, with where and what to do.

    ``message`` follows the file's name ("2026.yaml is not valid YAML: …"), in the language spoken when
    it was raised (it is shown at once, never cached)."""

    message: str
    line: int = 1
    col: int = 1
    hint: str = ""
    code: str = "yaml"  # the problem code it is reported under
    syntax: bool = False  # the YAML itself is invalid (not its size, encoding or features)

    def __str__(self) -> str:
        return self.message


class Document:
    """One parsed file: its plain data, its text, and (composed only when asked) its node tree.

    The data is built straight from the parser's events, which is fast (or, for a document from the
    store, decoded the first time it is asked for); the node tree, needed only to report a position or
    to find where a write goes, is composed from the text the first time.
    """

    def __init__(
        self,
        path: Path,
        text: str,
        data: Any,
        rewritten: list[Any] | None = None,
        *,
        load: Callable[[], Any] | None = None,
    ) -> None:
        self.path = path
        self.text = text
        self._data = data
        #: makes the data the first time it is asked for (a document from the store: files/cache.py)
        self._load: Callable[[], Any] | None = load
        self._root: Node | None | bool = False  # False: not composed yet
        # Set when the document came through the parse cache: what is known about its bytes, and
        # whether a check learnt something new to keep (see cache.py).
        self.digest: str | None = None
        self.facts: dict[str, Any] | None = None
        self.facts_changed = False
        # The keys and values whose text is not their value as written: quoted, block or folded scalars,
        # and numbers (the identity scan reads these beside the text; see load/identity.py). None: not
        # known (a document from the cache, or built from data), and every value is read then.
        self.rewritten = rewritten

    def remember(self, name: str, compute: Any) -> Any:
        """A fact about these bytes: from the cache when known, else computed (and kept, if cached)."""
        if self.facts is not None and name in self.facts:
            return self.facts[name]
        value = compute()
        if self.facts is not None:
            self.facts[name] = value
            self.facts_changed = True
        return value

    def __repr__(self) -> str:
        return f"Document({str(self.path)!r})"

    @property
    def data(self) -> Any:
        if self._load is not None:
            self._data, self._load = self._load(), None
        return self._data

    @data.setter
    def data(self, value: Any) -> None:
        self._data, self._load = value, None

    @property
    def root(self) -> Node | None:
        if self._root is False:
            try:
                self._root = _compose(self.text) if self.data is not None else None
            except SourceError:
                self._root = None
        return self._root  # type: ignore[return-value]

    def release(self) -> None:
        """Let go of the node tree (a 5,000-entry log's is ~20 MB); ``root`` composes it again when asked."""
        self._root = False

    def node(self, loc: Path_) -> Node | None:
        """The node at ``loc``, or None if the path leads nowhere."""
        node = self.root
        for step in loc:
            if node is None:
                return None
            node, _ = _child(node, step)
        return node

    def locate(self, loc: Path_, *, key: bool = False) -> tuple[int, int]:
        """Line and column (1-based) of the value at ``loc``, or of its key with ``key=True``.

        A path that leads nowhere (a missing key) gives the position of the deepest part found. The
        answer is a fact about these bytes (kept by the parse cache), so a problem reported again on
        the next run does not compose the node tree of a large log again.
        """
        line, col = self.remember(f"at:{int(key)}:{loc!r}", lambda: self._locate(loc, key))
        return line, col

    def _locate(self, loc: Path_, key: bool) -> list[int]:
        node = self.root
        if node is None:
            return [1, 1]
        mark = node.start_mark
        for step in loc:
            child, key_node = _child(node, step)
            if child is None:
                break
            mark = key_node.start_mark if (key and key_node is not None and step == loc[-1]) else child.start_mark
            node = child
        return [mark.line + 1, mark.column + 1]

    def line_text(self, line: int) -> str:
        """One line of the text; the lines are split once, so excerpts under 10,000 problems stay linear."""
        lines = self.__dict__.get("_lines")
        if lines is None:
            lines = self._lines = self.text.splitlines()
        return lines[line - 1] if 0 < line <= len(lines) else ""


def span(node: Node) -> tuple[int, int]:
    """The first and last line (1-based) that a node's content stands on (comments after it excluded)."""
    return node.start_mark.line + 1, _last_line(node) + 1


def _last_line(node: Node) -> int:
    if isinstance(node, ScalarNode):
        end = node.end_mark  # a block scalar (| or >) ends at the start of the line after it
        return end.line - 1 if end.column == 0 and end.line > node.start_mark.line else end.line
    if getattr(node, "flow_style", False) or not node.value:
        return node.end_mark.line
    last = node.value[-1]
    return _last_line(last[1] if isinstance(node, MappingNode) else last)


def _child(node: Node, step: str | int) -> tuple[Node | None, Node | None]:
    if isinstance(node, MappingNode):
        if len(node.value) > 64:  # a big mapping is indexed once, or locating each key in it is quadratic
            index = node.__dict__.get("_index")
            if index is None:  # key -> position of its first pair (ints: nothing new for the collector)
                index = node._index = {}  # type: ignore[attr-defined]
                for i in range(len(node.value) - 1, -1, -1):
                    k = node.value[i][0]
                    if isinstance(k, ScalarNode):
                        index[k.value] = i
            at = index.get(str(step))
            return (None, None) if at is None else (node.value[at][1], node.value[at][0])
        for k, v in node.value:
            if isinstance(k, ScalarNode) and k.value == str(step):
                return v, k
    elif isinstance(node, SequenceNode) and isinstance(step, int) and 0 <= step < len(node.value):
        return node.value[step], None
    return None, None


# --- reading bytes ------------------------------------------------------------------------------

_CONFLICT = re.compile(r"^(<{7}|={7}|>{7}|\|{7})(?: |$)", re.MULTILINE)


def read_text(path: Path) -> str:
    """The file's text, or a SourceError saying why it is not a readable UTF-8 text file."""
    return decode(read_bytes(path))


def read_bytes(path: Path) -> bytes:
    """The file's bytes, or a SourceError saying why they cannot be read (missing, a folder, too big)."""
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise SourceError(
                _("file is {size} MB, more than lisplan reads ({max} MiB)").format(
                    size=f"{size / 1e6:.0f}", max=MAX_BYTES // 2**20
                ),
                hint=_("split the log by year (data/logs/<trainee>/<year>.yaml) or remove what does not belong"),
            )
        raw = path.read_bytes()
    except IsADirectoryError:
        raise SourceError(_("is a folder, not a file")) from None
    except OSError as e:
        raise SourceError(
            _("cannot read the file: {why}").format(why=reason(e)), hint=_("check the path and its permissions")
        ) from None
    note(path, raw)  # what a remembered answer depends on (files/paths.py)
    return raw


def decode(raw: bytes) -> str:
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    nul = raw.find(b"\x00")
    if nul >= 0:
        line, col = _byte_position(raw, nul)
        raise SourceError(
            _("contains a NUL byte: this is a binary file, not YAML text"),
            line,
            col,
            _("lisplan reads UTF-8 text; move binary files (PDF certificates, images) outside data/"),
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        line, col = _byte_position(raw, e.start)
        raise SourceError(
            _("is not valid UTF-8 (byte {byte})").format(byte=f"0x{raw[e.start]:02x}"),
            line,
            col,
            _("save the file as UTF-8 in your editor"),
        ) from None
    return text.replace("\r\n", "\n") if "\r" in text else text


def _byte_position(raw: bytes, offset: int) -> tuple[int, int]:
    line = raw.count(b"\n", 0, offset) + 1
    col = offset - (raw.rfind(b"\n", 0, offset) + 1) + 1
    return line, col


# --- parsing ------------------------------------------------------------------------------------

_STR = "tag:yaml.org,2002:str"
_SEQ = "tag:yaml.org,2002:seq"
_MAP = "tag:yaml.org,2002:map"


def parse(path: Path, text: str | None = None) -> Document:
    """Parse one YAML file. Raises SourceError with the position of the first problem."""
    if text is None:
        text = read_text(path)
    if _CONFLICT.search(text):
        lines = [text.count("\n", 0, m.start()) + 1 for m in _CONFLICT.finditer(text)]
        raise SourceError(
            ngettext(
                "contains git merge-conflict markers (line {lines}): a git merge was not finished",
                "contains git merge-conflict markers (lines {lines}): a git merge was not finished",
                len(lines),
            ).format(lines=", ".join(map(str, lines))),
            lines[0],
            1,
            _("resolve the merge: keep the lines you want and delete the <<<<<<<, ======= and >>>>>>> lines"),
            "merge-conflict",
        )
    _refuse_deep_nesting(text)
    rewritten: list[Any] = []
    try:
        data = _build(text, rewritten)
    except SourceError as e:
        if e.syntax and "\t" in _line(text, e.line):
            e.hint = _("YAML indents with spaces only: replace the tab on this line with spaces")
        raise
    return Document(path, text, data, rewritten)


_FLOW = re.compile(r"[\[\]{}]")
_DEEP_INDENT = re.compile(rf"^[ \t-]{{{4 * MAX_DEPTH},}}", re.MULTILINE)


def _refuse_deep_nesting(text: str) -> None:
    """Refuse absurd nesting before libyaml's recursive composer can overflow the C stack."""
    deep = _DEEP_INDENT.search(text)
    if deep:
        line = text.count("\n", 0, deep.start()) + 1
        raise SourceError(
            _("is indented or nested too deeply to be a lisplan file"),
            line,
            1,
            _("lisplan files are only a few levels deep: check the indentation"),
        )
    depth = 0
    for m in _FLOW.finditer(text):
        depth = depth + 1 if m.group() in "[{" else depth - 1
        if depth > 4 * MAX_DEPTH:
            line = text.count("\n", 0, m.start()) + 1
            raise SourceError(
                _("is nested too deeply to be a lisplan file"),
                line,
                1,
                _("lisplan files are only a few levels deep: check the brackets"),
            )


def _line(text: str, line: int) -> str:
    lines = text.split("\n")
    return lines[line - 1] if 0 < line <= len(lines) else ""


def _compose(text: str) -> Node | None:
    _pyyaml()
    with _libyaml(_Composer(text)) as composer:
        node: Node | None = composer.get_single_node()
        return node


@contextlib.contextmanager
def _libyaml(parser: Any) -> Iterator[Any]:
    """Run libyaml with the collector off, its errors as SourceErrors, and the parser disposed after."""
    enabled = gc.isenabled()
    gc.disable()  # the collector roughly doubles parse time on large files and frees nothing here
    try:
        yield parser
    except yaml.MarkedYAMLError as e:
        from lisplan.files.yaml_problems import yaml_error

        raise SourceError(*yaml_error(e), syntax=True) from None
    except yaml.YAMLError as e:
        raise SourceError(_("is not valid YAML: {problem}").format(problem=e), syntax=True) from None
    except RecursionError:
        raise SourceError(_("is nested too deeply to be a lisplan file")) from None
    finally:
        if enabled:
            gc.enable()
        parser.dispose()


_NULL = {"", "~", "null", "Null", "NULL"}
_TRUE = {"true", "True", "TRUE"}
_FALSE = {"false", "False", "FALSE"}
_INT = re.compile(r"[-+]?[0-9]+\Z")
_OCT = re.compile(r"0o[0-7]+\Z")
_HEX = re.compile(r"0x[0-9a-fA-F]+\Z")
_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?\Z")
_INF = re.compile(r"[-+]?\.(inf|Inf|INF)\Z")
_NAN = re.compile(r"\.(nan|NaN|NAN)\Z")
_NUMERIC_START = set("0123456789+-.")


def resolve_plain(value: str) -> Any:
    """A plain (unquoted) scalar under the YAML 1.2 core schema (no number has '-' after four digits)."""
    if value in _NULL:
        return None
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    if value[0] not in _NUMERIC_START or (value[4:5] == "-" and value[:4].isdigit()):
        return value
    if _INT.match(value):
        if value[value[0] in "+-" :][:1] == "0" and len(value) - (value[0] in "+-") > 1:
            # A leading zero (0081234, 01019000083) is text as written: no lisplan number is written
            # so, an accession number keeps its zeros, and a message never shows it cut short.
            return value
        try:
            return int(value)
        except ValueError:  # more digits than Python converts (sys.get_int_max_str_digits): no lisplan number
            return value
    if _OCT.match(value):
        return int(value[2:], 8)
    if _HEX.match(value):
        return int(value[2:], 16)
    if _FLOAT.match(value):
        return float(value)
    if _INF.match(value):
        return -math.inf if value[0] == "-" else math.inf
    if _NAN.match(value):
        return math.nan
    return value


def _build(text: str, rewritten: list[Any]) -> Any:
    """Plain data straight from libyaml's events (no node tree): the fast path for every read; each key
    or value whose text is not its value as written is added to ``rewritten``."""
    _pyyaml()
    with _libyaml(_CParser(text)) as parser:
        get = parser.get_event
        get()  # stream start
        event = get()
        if isinstance(event, yaml.StreamEndEvent):
            return None
        data = _Events(get, rewritten).value(get(), 0)
        get()  # document end
        event = get()
        if not isinstance(event, yaml.StreamEndEvent):
            raise SourceError(
                _("holds more than one YAML document"),
                event.start_mark.line + 1,
                event.start_mark.column + 1,
                _("a lisplan file holds one YAML document: remove the extra '---'"),
            )
        return data


_NO_TAGS = N_("lisplan files do not use YAML tags: remove it")
_PLAIN_TAGS = (None, "!")  # no tag, or the non-specific "!" (which makes a scalar a string)


class _Events:
    """Turns one node's events into dicts, lists and scalars, refusing what lisplan files never need.

    A plain scalar on one line reads as its text; every other scalar (quoted, a block, a plain one
    folded over lines, a tagged one) and every number is added to ``rewritten``: an identity number
    hidden from the text by an escape, a fold or a number form can only be among them."""

    def __init__(self, get: Any, rewritten: list[Any]) -> None:
        self.get = get
        self.rewritten = rewritten

    def value(self, event: Any, depth: int) -> Any:
        kind = type(event)
        if kind is yaml.ScalarEvent:
            tag = event.tag
            if tag is None and not event.style:
                value = resolve_plain(event.value)
                if type(value) is not str or event.start_mark.line != event.end_mark.line:  # once per scalar
                    self.rewritten.append(value)
                return value
            if tag is None or tag == "!" or tag == _STR:
                self.rewritten.append(event.value)
                return event.value
            raise _at(event, _("uses the YAML tag {tag}").format(tag=repr(tag)), _(_NO_TAGS))
        if kind is yaml.AliasEvent:
            raise _at(
                event,
                _("uses a YAML alias (*)"),
                _("lisplan files do not use anchors and aliases: write the value out"),
            )
        if depth >= MAX_DEPTH:
            raise _at(
                event,
                _("is nested more than {n} levels deep").format(n=MAX_DEPTH),
                _("lisplan files are only a few levels deep"),
            )
        get = self.get
        if kind is yaml.SequenceStartEvent:
            if event.tag not in _PLAIN_TAGS and event.tag != _SEQ:
                raise _at(event, _("uses the YAML tag {tag}").format(tag=repr(event.tag)), _(_NO_TAGS))
            items = []
            item = get()
            while type(item) is not yaml.SequenceEndEvent:
                items.append(self.value(item, depth + 1))
                item = get()
            return items
        if event.tag not in _PLAIN_TAGS and event.tag != _MAP:
            raise _at(event, _("uses the YAML tag {tag}").format(tag=repr(event.tag)), _(_NO_TAGS))
        result: dict[str, Any] = {}
        key_event = get()
        while type(key_event) is not yaml.MappingEndEvent:
            if type(key_event) is not yaml.ScalarEvent:
                if type(key_event) is yaml.AliasEvent:
                    self.value(key_event, depth + 1)
                raise _at(key_event, _("has a list or mapping as a key"), _("keys are plain words such as 'date:'"))
            key = key_event.value
            if key_event.style or key_event.tag is not None or not _one_line(key_event):
                self.rewritten.append(key)
            if key == "<<" and not key_event.style:
                raise _at(key_event, _("uses a YAML merge key (<<)"), _("write the keys out instead of merging"))
            if key in result:
                raise _at(
                    key_event, _("has the key {key} twice in one mapping").format(key=repr(key)), _("keep one of them")
                )
            result[key] = self.value(get(), depth + 1)
            key_event = get()
        return result


def _one_line(event: Any) -> bool:
    return bool(event.start_mark.line == event.end_mark.line)


def _at(where: Any, message: str, hint: str) -> SourceError:
    """An error at a node's or an event's start."""
    return SourceError(message, where.start_mark.line + 1, where.start_mark.column + 1, hint)


# --- emitting -------------------------------------------------------------------------------------
# libyaml's emitter writes what lisplan adds to a file (PyYAML reads the result back, so this costs
# nothing more to start; ruamel.yaml would add ~90 ms to every ``lisplan log``). The emitter's class is
# made by _pyyaml().


def _represent_str(dumper: Any, value: str) -> Any:
    # Quoted where any YAML 1.2 reader would not read text (lisplan reads 0081 as text, others as 81).
    quoted = not isinstance(resolve_plain(value), str) or value.lstrip("+-")[:1] == "0" if value else True
    return dumper.represent_scalar(_STR, value, style="'" if quoted else None)


def emit(data: Any, *, flow: bool) -> str:
    """``data`` as YAML text, in block style or (``flow=True``) flow style, keys in their order.

    A string that a YAML 1.2 reader would take for something else (``0o17``, ``1e3``, ``null``) is
    quoted, as are those a YAML 1.1 reader would misread (``no``, ``81234567``), so the file means the
    same to every reader.
    """
    _pyyaml()
    text: str = yaml.dump(
        data, Dumper=_Dumper, sort_keys=False, default_flow_style=flow, allow_unicode=True, width=4096
    )
    return text
