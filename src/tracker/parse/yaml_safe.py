"""Bounded YAML loading with file:line errors: libyaml (via PyYAML) to read, ruamel.yaml to edit.

Reading goes through PyYAML's C composer, about 20x faster than ruamel on large trackers; the
nodes carry their lines. Edits need ruamel's round-trip data (comments, order, quoting), so
`round_trip=True` returns that instead. Both paths refuse oversize input, nesting deeper than
MAX_DEPTH (checked before parsing: libyaml's composer recurses and would crash on 100,000
levels), duplicate keys, and alias bombs (measured, never expanded).
"""

from __future__ import annotations

import re
from typing import Any

from tracker.errors import InputError

MAX_BYTES = 5_000_000
MAX_DEPTH = 64
MAX_NODES = 1_000_000


def _yaml(typ: str):
    from ruamel.yaml import YAML

    yaml = YAML(typ=typ)
    yaml.allow_duplicate_keys = False
    return yaml


def load_yaml_text(text: str, path: str, round_trip: bool = False) -> tuple[Any, dict[str, int]]:
    """Parse YAML; return the data and the 1-based line of each top-level key."""
    if len(text) > MAX_BYTES:
        raise InputError(f"YAML file is larger than {MAX_BYTES} bytes", path)
    _check_nesting(text, path)
    if not round_trip:
        from tracker.parse import yaml_fast

        if yaml_fast.available():
            data = yaml_fast.load(text, path)
            _check_bounds(data, path)
            lines = {str(k): v for k, v in getattr(data, "lines", {}).items()} if isinstance(data, dict) else {}
            return data, lines
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    yaml = _yaml("rt")
    try:
        data = yaml.load(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        problem = exc.problem or exc.context or "invalid YAML"
        raise InputError(f"invalid YAML: {problem}", path, line) from None
    # ruamel answers some malformed directives (`%YAML 1.25`, a huge version) with a bare
    # KeyError or AssertionError (found by bench/fuzz.py); they are input errors too.
    except (YAMLError, RecursionError, ValueError, KeyError, AssertionError) as exc:
        raise InputError(f"invalid YAML: {exc}", path) from None
    _check_bounds(data, path)
    lines: dict[str, int] = {}
    lc = getattr(data, "lc", None)
    if isinstance(data, dict) and lc is not None:
        for key in data:
            try:
                lines[str(key)] = lc.key(key)[0] + 1
            except (KeyError, TypeError, AttributeError):
                pass
    return data, lines


def load_yaml_config(data: bytes, path: str) -> tuple[Any, dict[str, int]]:
    """Decode and load a configuration file (tracker.yaml, a gate); every problem is a ConfigError."""
    from tracker.errors import ConfigError

    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ConfigError(f"not UTF-8 ({exc.reason} at byte {exc.start})", path) from None
    try:
        return load_yaml_text(text, path)
    except InputError as exc:
        raise ConfigError(exc.message, path, exc.line) from None


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
        if not isinstance(node, (dict, list)):
            continue
        if id(node) in sizes:
            continue
        children = list(node.keys()) + list(node.values()) if isinstance(node, dict) else list(node)
        if not children_done:
            if id(node) in visiting:
                raise InputError("YAML refers to itself through an alias", path)
            visiting.add(id(node))
            stack.append((node, depth, True))
            stack.extend((child, depth + 1, False) for child in children if isinstance(child, (dict, list)))
            continue
        total = 1 + sum(sizes.get(id(child), 1) for child in children)
        if total > MAX_NODES:
            raise InputError("YAML expands to too many nodes (an alias bomb?)", path)
        sizes[id(node)] = total
        visiting.discard(id(node))


_FLOW_OPEN = re.compile(r"[\[{]")
_QUOTED = re.compile(r"'(?:[^']|'')*'|\"(?:[^\"\\]|\\.)*\"")
_BLOCK = re.compile(r"^( *)((?:- +)*)", re.M)


def _check_nesting(text: str, path: str) -> None:
    """Refuse nesting deeper than MAX_DEPTH, by flow brackets or by indentation, without parsing."""
    if text.count("[") + text.count("{") > MAX_DEPTH:
        depth = deepest = 0
        for match in re.finditer(r"[\[\]{}]", _QUOTED.sub("", text)):
            depth = depth + 1 if match.group(0) in "[{" else max(depth - 1, 0)
            deepest = max(deepest, depth)
            if deepest > MAX_DEPTH:
                raise InputError(f"YAML is nested deeper than {MAX_DEPTH} levels", path)
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
    """1-based line of `key` inside a mapping, or of index `key` in a sequence (fast or ruamel data)."""
    lines = getattr(node, "lines", None)
    if isinstance(lines, dict):
        return lines.get(key, default)
    lc = getattr(node, "lc", None)
    if lc is None:
        return default
    try:
        if isinstance(node, dict):
            return lc.key(key)[0] + 1
        return lc.item(key)[0] + 1
    except (KeyError, TypeError, AttributeError, IndexError):
        return default
