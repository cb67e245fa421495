"""tracker.yaml's schema: where trackers live, extra status words, rule severities and waivers.

Loading it (YAML, line numbers, errors) is tracker.project.load_config; this module imports nothing
above the model, so the model can type Project.config with it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

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
