"""One tracked item (table row, task-list entry or YAML entry) and where it came from."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

from tracker.model.status import Status

Origin = Literal["explicit", "column", "inferred"]
Kind = Literal["row", "check", "yaml"]


@dataclass(frozen=True, slots=True)
class Span:
    """Where an item lives: 1-based line, and 0-based [start, end) character spans in that line."""

    path: str
    line: int
    status: tuple[int, int] | None = None
    evidence: tuple[int, int] | None = None
    notes: tuple[int, int] | None = None
    # Last line of a task-list item's block; `Evidence:` lines are inserted after it.
    end_line: int | None = None


@dataclass(frozen=True, slots=True)
class Dependency:
    id: str
    origin: Origin


@dataclass(frozen=True, slots=True, kw_only=True)
class Item:
    """Built once by a parser with keyword arguments; changed copies come from dataclasses.replace."""

    id: str
    title: str = ""
    status: Status
    raw_status: str = ""
    kind: Kind
    group: str | None = None
    parent: str | None = None
    evidence: tuple[str, ...] = ()
    covers: tuple[str, ...] = ()  # globs of the files the item's claim is about (freshness, rules_fresh)
    tests: tuple[str, ...] = ()  # test names its test reports must hold and pass (rules_proof)
    dependencies: tuple[Dependency, ...] = ()
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
    dep_text: tuple[str, ...] = ()
    prose_text: tuple[str, ...] = ()

    @property
    def depends_on(self) -> list[str]:
        return [d.id for d in self.dependencies]

    @property
    def location(self) -> str:
        return f"{self.source.path}:{self.source.line}"
