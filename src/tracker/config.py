"""tracker.yaml: where trackers live, extra status words, rule severities and waivers."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from tracker.errors import ConfigError

CONFIG_NAME = "tracker.yaml"
DEFAULT_TRACKERS = ["trackers/**/*.md", "trackers/**/*.yaml", "trackers/**/*.yml"]

Severity = Literal["error", "warning", "off"]


class Waiver(BaseModel):
    model_config = ConfigDict(extra="forbid", defer_build=True)

    item: str
    rule: str
    reason: str = Field(min_length=1)


class Config(BaseModel):
    model_config = ConfigDict(extra="forbid", defer_build=True)

    trackers: list[str] = Field(default_factory=lambda: list(DEFAULT_TRACKERS))
    evidence_roots: list[str] = Field(default_factory=list)
    statuses: dict[str, list[str]] = Field(default_factory=dict)
    id_columns: list[str] = Field(default_factory=list)
    rules: dict[str, Severity] = Field(default_factory=dict)
    waivers: list[Waiver] = Field(default_factory=list)
    gates: str = "gates"
    ledger: str = "evidence/ledger.jsonl"
    # Set by the loader, never by the file.
    warnings: list[str] = Field(default_factory=list, exclude=True)


def find_root(start: Path) -> Path:
    """The nearest folder holding tracker.yaml or .git, else `start` itself."""
    start = start.resolve()
    for folder in [start, *start.parents]:
        if (folder / CONFIG_NAME).is_file() or (folder / ".git").exists():
            return folder
    return start


def load_config(root: Path, source=None) -> Config:
    """tracker.yaml from `source` (default: the working tree at `root`); defaults when absent."""
    if source is not None:
        raw = source.read(CONFIG_NAME)
    else:
        path = root / CONFIG_NAME
        raw = path.read_bytes() if path.is_file() else None
    if raw is None:
        return Config()
    from tracker.parse.yaml_safe import load_yaml_config

    data, lines = load_yaml_config(raw, CONFIG_NAME)
    if data is None:
        return Config()
    if not isinstance(data, dict):
        raise ConfigError("must be a mapping of settings", CONFIG_NAME, 1)
    known = set(Config.model_fields) - {"warnings"}
    unknown = [key for key in data if key not in known]
    for key in unknown:
        data.pop(key)
    try:
        config = Config.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        key = str(first["loc"][0]) if first["loc"] else ""
        loc = ".".join(str(part) for part in first["loc"])
        raise ConfigError(f"{loc}: {first['msg']}", CONFIG_NAME, lines.get(key)) from exc
    for key in unknown:
        config.warnings.append(f"{CONFIG_NAME}:{lines.get(key, 1)}: unknown key {key!r} ignored")
    return config
