"""tracker.yaml's schema: where trackers live, extra status words, rule severities and waivers.

Reading the file (YAML, line numbers) is tracker.project.load_config; `validate_config` here turns its
mapping into a Config or a ConfigError naming the key and its line. Plain frozen dataclasses and a
hand-written check rather than pydantic: every command loads the configuration, and pydantic's import
and schema build cost ~60 ms of a run that should take ~100. The YAML reader gives only strings, None,
mappings and lists, so checking those shapes is short. This module imports nothing above the model, so
the model can type Project.config with it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any, Literal, get_args

from tracker.errors import ConfigError
from tracker.globs import compile_glob, glob_problem, path_problem

CONFIG_NAME = "tracker.yaml"
MAX_CONFIG_BYTES = 10_000_000
DEFAULT_TRACKERS = ["trackers/**/*.md", "trackers/**/*.yaml", "trackers/**/*.yml",
                    # What coding-agent workflows write (see tracker.parse.formats); anchored globs, so a
                    # repository without these folders pays one failed lookup each.
                    "specs/*/tasks.md", ".specify/specs/*/tasks.md", ".kiro/specs/*/tasks.md",
                    ".kiro/specs/*/.tasks-meta.json", "openspec/changes/*/tasks.md", ".planning/*.md",
                    ".planning/phases/*/*-PLAN.md",
                    "sprint-status.yaml", "docs/sprint-status.yaml", "_bmad-output/sprint-status.yaml",
                    "_bmad-output/implementation-artifacts/*.md", "_bmad-output/implementation-artifacts/*.yaml",
                    "docs/stories/*.md", "memory-bank/progress.md"]
FormatName = Literal["markdown", "obsidian", "speckit", "kiro", "openspec", "gsd", "bmad", "memory-bank"]
Severity = Literal["error", "warning", "off"]
REPOSITORY_URL = re.compile(r"^https?://[^\s]+$")


@dataclass(frozen=True)
class Waiver:
    item: str
    rule: str
    reason: str  # never empty


@dataclass(frozen=True)
class Config:
    trackers: list[str] = field(default_factory=lambda: list(DEFAULT_TRACKERS))
    evidence_roots: list[str] = field(default_factory=list)
    statuses: dict[str, list[str]] = field(default_factory=dict)
    id_columns: list[str] = field(default_factory=list)
    # glob -> format family, to read a file in a dialect its path does not announce.
    formats: dict[str, FormatName] = field(default_factory=dict)
    rules: dict[str, Severity] = field(default_factory=dict)
    waivers: list[Waiver] = field(default_factory=list)
    gates: str = "gates"
    ledger: str = "evidence/ledger.jsonl"
    # The repository's web view (https://github.com/OWNER/NAME): the status page links file:line there.
    repository_url: str | None = None
    # Set by the loader, never by the file; not part of the policy.
    warnings: list[str] = field(default_factory=list, compare=False, metadata={"loader": True})

    def to_json(self) -> str:
        """The settings as canonical JSON (what a cache keys on): every key the file can set."""
        data = asdict(self)
        data.pop("warnings")
        return json.dumps(data, sort_keys=True, ensure_ascii=False)


# The keys tracker.yaml may hold, in the order they are checked and documented.
CONFIG_KEYS: tuple[str, ...] = tuple(f.name for f in fields(Config) if not f.metadata.get("loader"))


class _Invalid(ValueError):
    """One problem at `loc` (key, then index or key inside it)."""

    def __init__(self, loc: tuple[str | int, ...], message: str):
        super().__init__(message)
        self.loc = loc
        self.message = message


def validate_config(data: Mapping[str, Any], lines: Mapping[str, int], source: Any = None) -> Config:
    """The Config `data` (tracker.yaml's known keys) describes, defaults for the rest.

    Raises ConfigError `KEY[.INDEX]: problem` at the key's line. With `source` (a tracker.source
    Source), the paths the configuration names, defaults included, must stay inside the repository
    after symlinks: a tracker.yaml from a pull request must not reach outside."""
    try:
        return _config(data, source)
    except _Invalid as exc:
        key = str(exc.loc[0]) if exc.loc else ""
        where = ".".join(str(part) for part in exc.loc)
        raise ConfigError(f"{where}: {exc.message}", CONFIG_NAME, lines.get(key)) from None


def _config(data: Mapping[str, Any], source: Any) -> Config:
    config = Config(**{key: _CHECKS[key]((key,), data[key]) for key in CONFIG_KEYS if key in data})
    # Defaults are confined too: a default folder may be a symlink that leaves the repository.
    for pattern in config.trackers:
        _confined(source, compile_glob(pattern).prefix.rstrip("/"), pattern, "trackers")
    for root in config.evidence_roots:
        _confined(source, root, root, "evidence_roots")
    _confined(source, config.gates, config.gates, "gates")
    _confined(source, config.ledger, config.ledger, "ledger")
    return config


# -- shapes: the messages pydantic gave when it checked this file, so users see no change ---------------
Loc = tuple[str | int, ...]


def _text(loc: Loc, value: Any) -> str:
    if not isinstance(value, str):
        raise _Invalid(loc, "Input should be a valid string")
    return value


def _list(loc: Loc, value: Any) -> list[Any]:
    if not isinstance(value, list):
        raise _Invalid(loc, "Input should be a valid list")
    return value


def _texts(loc: Loc, value: Any) -> list[str]:
    return [_text((*loc, index), entry) for index, entry in enumerate(_list(loc, value))]


def _mapping(loc: Loc, value: Any, check: Callable[[Loc, Any], Any]) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise _Invalid(loc, "Input should be a valid dictionary")
    return {_text((*loc, f"{key}.[key]"), key): check((*loc, key), entry) for key, entry in value.items()}


def _choice(options: tuple[str, ...]) -> Callable[[Loc, Any], str]:
    said = ", ".join(repr(o) for o in options[:-1]) + f" or {options[-1]!r}"

    def check(loc: Loc, value: Any) -> str:
        if value not in options:
            raise _Invalid(loc, f"Input should be {said}")
        return str(value)
    return check


def _globs(loc: Loc, patterns: list[str]) -> list[str]:
    for pattern in patterns:
        problem = glob_problem(pattern)
        if problem:
            raise _Invalid(loc, f"{pattern!r} {problem}")
    return patterns


def _path(loc: Loc, value: Any) -> str:
    path = _text(loc, value)
    problem = path_problem(path)
    if problem:
        raise _Invalid(loc[:1], f"{path!r} {problem}")
    return path


def _waiver(loc: Loc, value: Any) -> Waiver:
    if not isinstance(value, dict):
        raise _Invalid(loc, "Input should be a valid dictionary or instance of Waiver")
    for key in value:
        if key not in ("item", "rule", "reason"):
            raise _Invalid((*loc, str(key)), "Extra inputs are not permitted")
    for key in ("item", "rule", "reason"):
        if key not in value:
            raise _Invalid((*loc, key), "Field required")
    waiver = Waiver(*(_text((*loc, key), value[key]) for key in ("item", "rule", "reason")))
    if not waiver.reason:
        raise _Invalid((*loc, "reason"), "String should have at least 1 character")
    return waiver


def _url(loc: Loc, value: Any) -> str | None:
    if value is None:
        return None
    url = _text(loc, value)
    if not REPOSITORY_URL.match(url):
        raise _Invalid(loc, f"String should match pattern '{REPOSITORY_URL.pattern}'")
    return url


def _formats(loc: Loc, value: Any) -> dict[str, str]:
    chosen = _mapping(loc, value, _choice(get_args(FormatName)))
    _globs(loc, list(chosen))
    return chosen


_CHECKS: dict[str, Callable[[Loc, Any], Any]] = {
    "trackers": lambda loc, value: _globs(loc, _texts(loc, value)),
    "evidence_roots": lambda loc, value: [_path((*loc, i), p) for i, p in enumerate(_list(loc, value))],
    "statuses": lambda loc, value: _mapping(loc, value, _texts),
    "id_columns": _texts,
    "formats": _formats,
    "rules": lambda loc, value: _mapping(loc, value, _choice(get_args(Severity))),
    "waivers": lambda loc, value: [_waiver((*loc, i), w) for i, w in enumerate(_list(loc, value))],
    "gates": _path,
    "ledger": _path,
    "repository_url": _url,
}


def _confined(source: Any, rel: str, shown: str, key: str) -> None:
    if source is None or not rel:
        return
    from tracker.source import follow

    kind, where = follow(source.entry, rel)
    if kind == "outside":
        raise _Invalid((key,), f"{shown!r} leaves the repository ({where})")


def find_root(start: Path) -> Path:
    """The nearest folder holding tracker.yaml or .git, else `start` itself."""
    start = start.resolve()
    for folder in [start, *start.parents]:
        if (folder / CONFIG_NAME).is_file() or (folder / ".git").exists():
            return folder
    return start
