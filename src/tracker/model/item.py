"""One tracked item (table row, task-list entry or YAML entry) and where it came from."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from tracker.model.fast import FastBuild
from tracker.model.status import Status

Origin = Literal["explicit", "column", "inferred"]
Kind = Literal["row", "check", "yaml"]


class Span(FastBuild, BaseModel):
    """Where an item lives: 1-based line, and 0-based [start, end) character spans in that line."""

    model_config = ConfigDict(frozen=True, defer_build=True)

    path: str
    line: int
    status: tuple[int, int] | None = None
    evidence: tuple[int, int] | None = None
    notes: tuple[int, int] | None = None
    # Last line of a task-list item's block; `Evidence:` lines are inserted after it.
    end_line: int | None = None


class Dependency(FastBuild, BaseModel):
    model_config = ConfigDict(frozen=True, defer_build=True)

    id: str
    origin: Origin


class Item(FastBuild, BaseModel):
    # Schemas build on first validation; parsers construct items from already-typed values.
    model_config = ConfigDict(defer_build=True)

    id: str
    title: str = ""
    status: Status
    raw_status: str = ""
    kind: Kind
    group: str | None = None
    parent: str | None = None
    evidence: list[str] = Field(default_factory=list)
    dependencies: list[Dependency] = Field(default_factory=list)
    owner: str | None = None
    due: str | None = None
    priority: str | None = None
    definition_of_done: str | None = None
    optional: bool = False
    date: dt.date | None = None
    notes: str | None = None
    recognized: bool = True
    source: Span
    # Raw text the project-level pass reads for dependencies it can only resolve
    # once every ID is known; never serialised.
    dep_text: list[str] = Field(default_factory=list, exclude=True)
    prose_text: list[str] = Field(default_factory=list, exclude=True)

    @property
    def depends_on(self) -> list[str]:
        return [d.id for d in self.dependencies]

    @property
    def location(self) -> str:
        return f"{self.source.path}:{self.source.line}"
