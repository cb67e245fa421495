"""tracker.yaml's schema: where trackers live, extra status words, rule severities and waivers.

Loading it (YAML, line numbers, errors) is tracker.project.load_config; this module imports nothing
above the model, so the model can type Project.config with it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator

from tracker.globs import compile_glob, glob_problem, path_problem

CONFIG_NAME = "tracker.yaml"
MAX_CONFIG_BYTES = 10_000_000
DEFAULT_TRACKERS = ["trackers/**/*.md", "trackers/**/*.yaml", "trackers/**/*.yml",
                    # What coding-agent workflows write (see tracker.parse.formats); anchored globs, so a
                    # repository without these folders pays one failed lookup each.
                    "specs/*/tasks.md", ".specify/specs/*/tasks.md", ".kiro/specs/*/tasks.md",
                    ".kiro/specs/*/.tasks-meta.json", "openspec/changes/*/tasks.md", ".planning/*.md",
                    "sprint-status.yaml", "docs/sprint-status.yaml", "_bmad-output/sprint-status.yaml",
                    "_bmad-output/implementation-artifacts/*.md", "_bmad-output/implementation-artifacts/*.yaml",
                    "docs/stories/*.md", "memory-bank/progress.md"]
FormatName = Literal["markdown", "obsidian", "speckit", "kiro", "openspec", "gsd", "bmad", "memory-bank"]

Severity = Literal["error", "warning", "off"]


class Waiver(BaseModel):
    model_config = ConfigDict(extra="forbid", defer_build=True)

    item: str
    rule: str
    reason: str = Field(min_length=1)


class Config(BaseModel):
    model_config = ConfigDict(extra="forbid", defer_build=True)

    trackers: list[str] = Field(default_factory=lambda: list(DEFAULT_TRACKERS), validate_default=True)
    evidence_roots: list[str] = Field(default_factory=list)
    statuses: dict[str, list[str]] = Field(default_factory=dict)
    id_columns: list[str] = Field(default_factory=list)
    # glob -> format family (one of FORMATS), to read a file in a dialect its path does not announce.
    formats: dict[str, FormatName] = Field(default_factory=dict)
    rules: dict[str, Severity] = Field(default_factory=dict)
    waivers: list[Waiver] = Field(default_factory=list)
    gates: str = Field(default="gates", validate_default=True)
    ledger: str = Field(default="evidence/ledger.jsonl", validate_default=True)
    # The repository's web view (https://github.com/OWNER/NAME): the status page links file:line there.
    repository_url: str | None = Field(default=None, pattern=r"^https?://[^\s]+$")
    # Set by the loader, never by the file.
    warnings: list[str] = Field(default_factory=list, exclude=True)

    # Paths the configuration names stay inside the repository, after symlinks when the loader passes
    # the Source in the validation context: a tracker.yaml from a pull request must not reach outside.
    @field_validator("trackers")
    @classmethod
    def _tracker_globs(cls, value: list[str], info: ValidationInfo) -> list[str]:
        for pattern in value:
            problem = glob_problem(pattern)
            if problem:
                raise ValueError(f"{pattern!r} {problem}")
            _confined(info, compile_glob(pattern).prefix.rstrip("/"), pattern)
        return value

    @field_validator("formats")
    @classmethod
    def _format_globs(cls, value: dict[str, str]) -> dict[str, str]:
        for pattern in value:
            problem = glob_problem(pattern)
            if problem:
                raise ValueError(f"{pattern!r} {problem}")
        return value

    @field_validator("gates", "ledger")
    @classmethod
    def _one_path(cls, value: str, info: ValidationInfo) -> str:
        return _path_inside(value, info)

    @field_validator("evidence_roots")
    @classmethod
    def _paths(cls, value: list[str], info: ValidationInfo) -> list[str]:
        return [_path_inside(path, info) for path in value]


def _path_inside(value: str, info: ValidationInfo) -> str:
    problem = path_problem(value)
    if problem:
        raise ValueError(f"{value!r} {problem}")
    _confined(info, value, value)
    return value


def _confined(info: ValidationInfo, rel: str, shown: str) -> None:
    source = (info.context or {}).get("source")
    if source is None or not rel:
        return
    from tracker.source import follow

    kind, where = follow(source.entry, rel)
    if kind == "outside":
        raise ValueError(f"{shown!r} leaves the repository ({where})")


def find_root(start: Path) -> Path:
    """The nearest folder holding tracker.yaml or .git, else `start` itself."""
    start = start.resolve()
    for folder in [start, *start.parents]:
        if (folder / CONFIG_NAME).is_file() or (folder / ".git").exists():
            return folder
    return start
