"""gates/*.yaml: named gate definitions, validated with file:line errors.

A gate file is one gate (its name defaults to the file name) or `gates:` with a list of them:

    name: ws1-source-health
    description: WS2 and WS3 cannot close before the WS1 source-health gate passes.
    requires: [WS1-*]          # IDs or globs; each must be done (or dropped) and pass its own rules
    blocks: [WS2-*, WS3-*]     # may not be done before the gate passes (TRK204)
    min_evidence: 1            # evidence requirements for the done items it covers (TRK207)
    evidence_glob: evidence/**
    must_contain: '{id}'       # a regex; {id} is the item's ID
    max_age_days: 30           # from the evidence's last commit, else its mtime
    command: ./scripts/check.sh --quick   # only with --allow-commands; no shell (TRK208)
    timeout: 60                # seconds; then the command's whole process group is killed
    env: [DATABASE_URL]        # variables passed on top of PATH, HOME, LANG, LC_*, TZ; nothing else is
"""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import PurePosixPath
from typing import Any

from tracker.errors import ConfigError
from tracker.globs import glob_problem
from tracker.source import Source

Where = Callable[[str], int]  # a key's line in the gate file

KEYS = {"name", "description", "requires", "blocks", "min_evidence", "evidence_glob", "must_contain",
        "max_age_days", "command", "timeout", "env"}
ENV_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
DEFAULT_TIMEOUT = 60.0
MAX_TIMEOUT = 3600.0


@dataclass
class Gate:
    name: str
    path: str
    line: int = 1
    description: str = ""
    requires: list[str] = field(default_factory=list)
    blocks: list[str] = field(default_factory=list)
    min_evidence: int | None = None
    evidence_glob: str | None = None
    must_contain: str | None = None
    max_age_days: int | None = None
    command: str | None = None
    timeout: float = DEFAULT_TIMEOUT
    env: list[str] = field(default_factory=list)  # environment variables the command may see

    @property
    def has_requirements(self) -> bool:
        return any(v is not None for v in (self.min_evidence, self.evidence_glob, self.must_contain,
                                           self.max_age_days))


def load_gates(source: Source, folder: str = "gates") -> list[Gate]:
    """Every gate under `folder` in `source`, sorted by name; raises ConfigError at file:line."""
    from tracker.gate.evidence import inside, refusal

    why = refusal(folder) or (None if inside(folder) else "leaves the repository")
    if why:  # tracker.yaml may come from a pull request: never scan outside the repository
        raise ConfigError(f"gates: {folder!r} {why}", "tracker.yaml")
    folder = folder.strip("/") or "gates"
    gates: list[Gate] = []
    for rel in source.files([f"{folder}/**/*.yaml", f"{folder}/**/*.yml"]):
        data = source.read(rel)
        if data is None:
            continue
        gates.extend(parse_gate_file(data, rel))
    seen: dict[str, Gate] = {}
    for gate in gates:
        if gate.name in seen:
            first = seen[gate.name]
            raise ConfigError(f"gate {gate.name!r} is also defined at {first.path}:{first.line}", gate.path, gate.line)
        seen[gate.name] = gate
    return sorted(gates, key=lambda g: g.name)


def parse_gate_file(data: bytes, rel: str) -> list[Gate]:
    from tracker.parse.yaml_reader import line_of, load_yaml_config

    doc, _ = load_yaml_config(data, rel)
    if doc is None:
        return []
    if not isinstance(doc, dict):
        raise ConfigError("a gate file is a mapping (one gate) or `gates:` with a list of gates", rel, 1)
    if "gates" in doc:
        if set(doc) != {"gates"} or not isinstance(doc["gates"], list):
            raise ConfigError("`gates:` must be the only key, holding a list of gates", rel, line_of(doc, "gates", 1))
        return [_gate(node, rel, line_of(doc["gates"], i, 1) or 1, None) for i, node in enumerate(doc["gates"])]
    return [_gate(doc, rel, 1, PurePosixPath(rel).stem)]


def _gate(node: Any, rel: str, line: int, default_name: str | None) -> Gate:
    from tracker.parse.yaml_reader import line_of

    if not isinstance(node, dict):
        raise ConfigError("a gate is a mapping of settings", rel, line)

    def where(key: str) -> int:
        return line_of(node, key, line) or line

    for key in node:
        if key not in KEYS:
            raise ConfigError(f"unknown key {key!r} in gate; known keys: {', '.join(sorted(KEYS))}", rel, where(key))
    name = node.get("name", default_name)
    if not isinstance(name, str) or not name.strip():
        raise ConfigError("a gate in a `gates:` list needs a `name`", rel, where("name"))
    gate = Gate(name=name.strip(), path=rel, line=where("name") if "name" in node else line)
    gate.description = _text(node, "description", rel, where) or ""
    for key in ("requires", "blocks"):
        patterns = _patterns(node, key, rel, where)
        setattr(gate, key, patterns)
    gate.min_evidence = _int(node, "min_evidence", rel, where)
    gate.max_age_days = _int(node, "max_age_days", rel, where)
    gate.evidence_glob = _text(node, "evidence_glob", rel, where)
    if gate.evidence_glob is not None:
        problem = glob_problem(gate.evidence_glob)
        if problem:
            raise ConfigError(f"evidence_glob: {gate.evidence_glob!r} {problem}", rel, where("evidence_glob"))
    gate.must_contain = _text(node, "must_contain", rel, where)
    if gate.must_contain is not None:
        try:
            re.compile(gate.must_contain.replace("{id}", "ID"))
        except re.error as exc:
            raise ConfigError(f"must_contain is not a valid regex: {exc}", rel, where("must_contain")) from None
    gate.command = _text(node, "command", rel, where)
    if "timeout" in node:
        value = _number(node["timeout"])  # the YAML reading gives text; the schema decides it is a number
        if value is None or not 0 < value <= MAX_TIMEOUT:
            raise ConfigError(f"timeout must be a number of seconds in (0, {MAX_TIMEOUT:.0f}]", rel, where("timeout"))
        gate.timeout = value
    if "env" in node:
        names = node["env"]
        if not isinstance(names, list) or not all(isinstance(n, str) and ENV_NAME.fullmatch(n) for n in names):
            raise ConfigError("env must be a list of environment variable names (e.g. [DATABASE_URL])", rel,
                              where("env"))
        gate.env = list(dict.fromkeys(names))
    if not gate.requires and not gate.blocks:
        raise ConfigError(f"gate {gate.name!r} has neither `requires` nor `blocks`", rel, gate.line)
    return gate


def _text(node: dict[str, Any], key: str, rel: str, where: Where) -> str | None:
    if key not in node or node[key] is None:
        return None
    value = node[key]
    if not isinstance(value, str) or not value.strip():
        raise ConfigError(f"{key} must be a non-empty string", rel, where(key))
    return value


def _int(node: dict[str, Any], key: str, rel: str, where: Where) -> int | None:
    if key not in node or node[key] is None:
        return None
    value = node[key]
    if not isinstance(value, str) or not re.fullmatch(r"[0-9]+", value):
        raise ConfigError(f"{key} must be a whole number >= 0", rel, where(key))
    return int(value)


def _number(value: Any) -> float | None:
    """A finite decimal number written as text (`5`, `2.5`), else None."""
    if not isinstance(value, str) or not re.fullmatch(r"[0-9]+(?:\.[0-9]*)?|\.[0-9]+", value):
        return None
    return float(value)


def _patterns(node: dict[str, Any], key: str, rel: str, where: Where) -> list[str]:
    value = node.get(key)
    if value is None:
        return []
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise ConfigError(f"{key} must be a list of item IDs or glob patterns (e.g. WS1-*)", rel, where(key))
    for pattern in value:
        problem = bad_id_glob(pattern)
        if problem:
            raise ConfigError(f"{key}: bad glob {pattern!r}: {problem}", rel, where(key))
    return [v.strip() for v in value]


def bad_id_glob(pattern: str) -> str | None:
    depth = 0
    for ch in pattern:
        if ch == "[":
            if depth:
                return "nested '['"
            depth = 1
        elif ch == "]" and depth:
            depth = 0
    if depth:
        return "unclosed '['"
    return None  # IDs may hold spaces ("Day 8"), so whitespace is allowed


def matches(item_id: str, patterns: list[str]) -> bool:
    """Whether an item ID matches any of the ID globs (case-sensitive, like fnmatchcase)."""
    return bool(patterns) and _matcher(tuple(patterns)).match(item_id) is not None


def ids_matching(patterns: list[str], ids: list[str]) -> set[str]:
    """The IDs (from `ids`, sorted) matching any pattern; `PREFIX*` and exact IDs use bisection, not a scan."""
    from bisect import bisect_left

    found: set[str] = set()
    for pattern in patterns:
        head = pattern.removesuffix("*")
        if any(ch in head for ch in "*?["):
            match = _matcher((pattern,)).match
            found.update(i for i in ids if match(i))
        elif head == pattern:
            at = bisect_left(ids, pattern)
            if at < len(ids) and ids[at] == pattern:
                found.add(pattern)
        else:
            at = bisect_left(ids, head)
            while at < len(ids) and ids[at].startswith(head):
                found.add(ids[at])
                at += 1
    return found


def matcher(patterns: list[str]) -> Callable[[str], bool]:
    """A fast `id -> bool` for one pattern list (never matches when the list is empty)."""
    if not patterns:
        return lambda item_id: False
    match = _matcher(tuple(patterns)).match
    return lambda item_id: match(item_id) is not None


@lru_cache(maxsize=1024)
def _matcher(patterns: tuple[str, ...]) -> re.Pattern[str]:
    # One compiled alternation per pattern list: gates match every item, so this is a hot path.
    return re.compile("|".join(f"(?:{fnmatch.translate(p)})" for p in patterns))
