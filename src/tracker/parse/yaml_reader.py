"""The one YAML reading: YAML 1.2 nodes composed by ruamel.yaml, every scalar kept as its text, with lines and spans.

Trackers, tracker.yaml, gate files and the YAML editor all read through `read_yaml`. Scalars are
never typed here: `id: 010`, `status: on` and `due: 2026-01-02` arrive as the text written, and
the schema that reads them (pydantic models, the gate loader) decides what is a number. Only a
plain null (empty, `~`, `null`) is None, so that `owner:` means "no owner". Mappings and lists
remember, per key or index, the line and the value node (start/end marks), which is how errors
name file:line and how the editor finds the exact span it replaces.

ruamel.yaml composes the nodes, with its C parser (the optional `ruamel.yaml.clib`) when it is
installed and its pure parser otherwise; either way the same data comes out. Hostile input is
bounded: size and nesting are checked before parsing, duplicate keys and unknown tags are
refused, and aliases share one object whose expanded size is measured, never built.
"""

from __future__ import annotations

import os
import re
from types import SimpleNamespace
from typing import Any

from ruamel.yaml.composer import Composer
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from ruamel.yaml.parser import Parser
from ruamel.yaml.reader import Reader
from ruamel.yaml.resolver import BaseResolver
from ruamel.yaml.scanner import Scanner

from tracker.errors import ConfigError, InputError

MAX_BYTES = 5_000_000
MAX_DEPTH = 64
MAX_NODES = 1_000_000

STR_TAG = "tag:yaml.org,2002:str"
_TAGS = {STR_TAG, "tag:yaml.org,2002:seq", "tag:yaml.org,2002:map"}
NULLS = frozenset({"", "~", "null", "Null", "NULL"})  # YAML 1.2 core schema, plain scalars only


class YamlMap(dict[str, Any]):
    """A mapping that remembers, per key, the 1-based line of the key and the nodes of the key and the value."""

    __slots__ = ("key_nodes", "lines", "nodes")

    def __init__(self) -> None:
        super().__init__()
        self.lines: dict[str, int] = {}
        self.nodes: dict[str, Node] = {}
        self.key_nodes: dict[str, Node] = {}


class YamlList(list[Any]):
    """A sequence that remembers, per index, the 1-based line and the node of the entry."""

    __slots__ = ("lines", "nodes")

    def __init__(self) -> None:
        super().__init__()
        self.lines: dict[int, int] = {}
        self.nodes: dict[int, Node] = {}


class _Resolver(BaseResolver):
    """No implicit typing: every untagged scalar is a string, at YAML 1.2 whatever a directive says."""

    def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
        if kind is ScalarNode:
            return self.DEFAULT_SCALAR_TAG
        return self.DEFAULT_SEQUENCE_TAG if kind is SequenceNode else self.DEFAULT_MAPPING_TAG

    def descend_resolver(self, current_node: Any, current_index: Any) -> None:
        return None

    def ascend_resolver(self) -> None:
        return None

    @property
    def processing_version(self) -> tuple[int, int]:
        return (1, 2)


class _PureComposer(Reader, Scanner, Parser, Composer, _Resolver):
    """ruamel.yaml's pure-Python reader, scanner, parser and composer wired to `_Resolver`."""

    def __init__(self, text: str) -> None:
        self.comment_handling = None
        self.max_depth = 0
        self.doc_infos = [SimpleNamespace()]  # the scanner records a %YAML directive's version here
        Reader.__init__(self, text, loader=self)
        Scanner.__init__(self, loader=self)
        Parser.__init__(self, loader=self)
        Composer.__init__(self, loader=self)
        _Resolver.__init__(self, loadumper=self)
        self.warn_double_anchors = False


def _c_parser() -> Any:
    """ruamel.yaml.clib's CParser, or None when it is missing or TRACKER_PURE_YAML is set."""
    if os.environ.get("TRACKER_PURE_YAML"):
        return None
    import ruamel.yaml

    return getattr(ruamel.yaml, "CParser", None)  # ruamel.yaml sets it to None without the clib


_CParser = _c_parser()
if _CParser is not None:

    class _CComposer(_CParser, _Resolver):  # type: ignore[misc, valid-type]
        """libyaml's parser and composer (through ruamel.yaml.clib) wired to `_Resolver`."""

        def __init__(self, text: str) -> None:
            _CParser.__init__(self, text)
            self._parser = self._composer = self
            _Resolver.__init__(self, loadumper=self)


def c_parser_in_use() -> bool:
    return _CParser is not None


# Where libyaml (a YAML 1.1 parser) and YAML 1.2 disagree: NEL, LS and PS are line breaks
# to libyaml and text to 1.2; libyaml is laxer about tabs and a BOM inside the text, and about
# document-end markers (`...`) that follow one another. Input holding any of them goes to the
# pure parser, so both routes give one verdict.
_C_DIFFERS = re.compile("[\t\x85\u2028\u2029\ufeff]|^\\.\\.\\.", re.MULTILINE)


def compose(text: str, path: str, pure: bool = False) -> Node | None:
    """The node tree of `text`; InputError naming `path` and line.

    A leading BOM is dropped first: node marks index into the text after it.
    """
    text = text.removeprefix("\ufeff")
    if len(text) > MAX_BYTES:
        raise InputError(f"YAML file is larger than {MAX_BYTES} bytes", path)
    _check_nesting(text, path)
    if _CParser is not None and not pure and _C_DIFFERS.search(text) is None:
        return _compose_with(_CComposer, text, path)
    return _compose_with(_PureComposer, text, path)


def _compose_with(kind: Any, text: str, path: str) -> Node | None:
    composer: Any = None
    try:
        composer = kind(text)
        node: Node | None = composer.get_single_node()
        return node
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise InputError(f"invalid YAML: {exc.problem or exc.context or 'syntax error'}", path,
                         mark.line + 1 if mark else None) from None
    # Malformed directives (`%YAML 1.25`, a huge version) surface as bare KeyError or
    # AssertionError from ruamel, found by bench/fuzz.py; they are input errors too.
    except (YAMLError, RecursionError, ValueError, KeyError, AssertionError, TypeError, OverflowError) as exc:
        raise InputError(f"invalid YAML: {exc}", path) from None
    finally:
        dispose = getattr(composer, "dispose", None)
        if dispose is not None:
            dispose()


def read_yaml(text: str, path: str, pure: bool = False) -> Any:
    """Plain data for `text`: YamlMap, YamlList, str, or None (a plain null or an empty document).

    The C parser is only a faster way to the pure parser's answer: whatever fails after it is
    read again with the pure parser, whose verdict (and error message and line) stands.
    """
    try:
        return _data(compose(text, path, pure), path)
    except InputError:
        if pure or _CParser is None:
            raise
    return _data(compose(text, path, pure=True), path)


def _data(node: Node | None, path: str) -> Any:
    if node is None:
        return None
    builder = _Builder(path)
    data = builder.build(node)
    if builder.shared or builder.deepest > MAX_DEPTH or builder.size > MAX_NODES:
        _check_bounds(data, path)  # what the build could not rule out is measured (and refused) there
    return data


def load_yaml_text(text: str, path: str) -> tuple[Any, dict[str, int]]:
    """`read_yaml`, and the 1-based line of each top-level key."""
    data = read_yaml(text, path)
    return data, dict(data.lines) if isinstance(data, YamlMap) else {}


def load_yaml_config(data: bytes, path: str) -> tuple[Any, dict[str, int]]:
    """Decode and load a configuration file (tracker.yaml, a gate); every problem is a ConfigError."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ConfigError(f"not UTF-8 ({exc.reason} at byte {exc.start})", path) from None
    try:
        return load_yaml_text(text, path)
    except InputError as exc:
        raise ConfigError(exc.message, path, exc.line) from None


def scalar_text(node: ScalarNode) -> str | None:
    """What a scalar node reads as: its text, or None for a plain null."""
    if not node.style and node.value in NULLS:  # the C parser says '' for plain, the pure one None
        return None
    return str(node.value)


class _Builder:
    """Turns nodes into data without recursion; an alias becomes the same object, so nothing is expanded."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.made: dict[int, Any] = {}
        # What _check_bounds would measure, for a tree without aliases: its node count (one per container, key
        # and scalar) and its deepest container. An alias (`shared`) leaves the measuring to _check_bounds.
        self.shared = False
        self.size = 1
        self.deepest = 0

    def build(self, root: Node) -> Any:
        result = self._shell(root)
        pending = [(root, 0)] if not isinstance(root, ScalarNode) else []
        while pending:
            node, depth = pending.pop()
            target = self.made[id(node)]
            if depth > self.deepest:
                self.deepest = depth
            if isinstance(node, SequenceNode):
                self.size += len(node.value)
                for index, child in enumerate(node.value):
                    known = id(child) in self.made
                    self.shared = self.shared or known
                    target.append(self._shell(child))
                    target.lines[index] = child.start_mark.line + 1
                    target.nodes[index] = child
                    if not known and not isinstance(child, ScalarNode):
                        pending.append((child, depth + 1))
                continue
            self.size += 2 * len(node.value)
            for key_node, value_node in node.value:
                line = key_node.start_mark.line + 1
                if not isinstance(key_node, ScalarNode):
                    raise InputError("a mapping key must be a plain value", self.path, line)
                self._check_tag(key_node)
                key = str(key_node.value)
                if key in target:
                    raise InputError(f"duplicate key {key!r} (first at line {target.lines[key]})", self.path, line)
                known = id(value_node) in self.made
                self.shared = self.shared or known
                target[key] = self._shell(value_node)
                target.lines[key] = line
                target.nodes[key] = value_node
                target.key_nodes[key] = key_node
                if not known and not isinstance(value_node, ScalarNode):
                    pending.append((value_node, depth + 1))
        return result

    def _check_tag(self, node: Node) -> None:
        tag = str(node.tag)
        if tag not in _TAGS:
            raise InputError(f"unsupported YAML tag {tag!r}", self.path, node.start_mark.line + 1)

    def _shell(self, node: Node) -> Any:
        """The object for `node`: scalars are built at once, containers empty until filled."""
        made = self.made.get(id(node))
        if made is not None:
            return made
        self._check_tag(node)
        if isinstance(node, MappingNode):
            made = YamlMap()
        elif isinstance(node, SequenceNode):
            made = YamlList()
        else:
            return scalar_text(node)  # type: ignore[arg-type]  # neither mapping nor sequence: a scalar
        self.made[id(node)] = made
        return made


def _check_bounds(data: Any, path: str) -> None:
    """Refuse alias bombs and absurd nesting before anything walks the tree.

    Aliases share one object, so the expanded size is computed with memoisation
    instead of by expanding: a billion-laughs document is measured, not built.
    """
    sizes: dict[int, int] = {}
    visiting: set[int] = set()
    stack: list[tuple[Any, int, bool]] = [(data, 0, False)]
    while stack:
        node, depth, children_done = stack.pop()
        if depth > MAX_DEPTH:
            raise InputError(f"YAML is nested deeper than {MAX_DEPTH} levels", path)
        if not isinstance(node, (dict, list)) or id(node) in sizes:
            continue
        children = list(node.values()) if isinstance(node, dict) else list(node)
        if not children_done:
            if id(node) in visiting:
                raise InputError("YAML refers to itself through an alias", path)
            visiting.add(id(node))
            stack.append((node, depth, True))
            stack.extend((child, depth + 1, False) for child in children if isinstance(child, (dict, list)))
            continue
        keys = len(node) if isinstance(node, dict) else 0  # keys are scalars: one node each
        total = 1 + keys + sum(sizes.get(id(child), 1) for child in children)
        if total > MAX_NODES:
            raise InputError("YAML expands to too many nodes (an alias bomb?)", path)
        sizes[id(node)] = total
        visiting.discard(id(node))


_QUOTED = re.compile(r"'(?:[^']|'')*'|\"(?:[^\"\\]|\\.)*\"")
_BLOCK = re.compile(r"^( *)((?:- +)*)", re.MULTILINE)
# The line walk's depth for a line is its stack (distinct indents, none above its own: at most indent + 1) plus
# its `- ` entries (2+ characters each): at most its block prefix's length + 1. So with no line whose prefix of
# spaces and dashes reaches MAX_DEPTH characters, no line can be too deep and the walk is skipped.
_DEEP_PREFIX = re.compile(f"^[ -]{{{MAX_DEPTH}}}", re.MULTILINE)


def _check_nesting(text: str, path: str) -> None:
    """Refuse nesting deeper than MAX_DEPTH, by flow brackets or by indentation, without parsing."""
    if text.count("[") + text.count("{") > MAX_DEPTH:
        depth = deepest = 0
        for match in re.finditer(r"[\[\]{}]", _QUOTED.sub("", text)):
            depth = depth + 1 if match.group(0) in "[{" else max(depth - 1, 0)
            deepest = max(deepest, depth)
            if deepest > MAX_DEPTH:
                raise InputError(f"YAML is nested deeper than {MAX_DEPTH} levels", path)
    if _DEEP_PREFIX.search(text) is None:  # the common case: the line walk below cannot find a line too deep
        return
    stack: list[int] = []
    for match in _BLOCK.finditer(text):
        indent, dashes = len(match.group(1)), match.group(2)
        end = match.end()
        if end >= len(text) or text[end] in "\n#":
            continue
        while stack and stack[-1] >= indent:
            stack.pop()
        stack.append(indent)
        depth = len(stack) + dashes.count("-")
        if depth > MAX_DEPTH:
            raise InputError(f"YAML is nested deeper than {MAX_DEPTH} levels", path,
                             text.count("\n", 0, match.start()) + 1)


def line_of(node: Any, key: Any, default: int | None = None) -> int | None:
    """1-based line of `key` inside a YamlMap, or of index `key` in a YamlList."""
    lines = getattr(node, "lines", None)
    return lines.get(key, default) if isinstance(lines, dict) else default
