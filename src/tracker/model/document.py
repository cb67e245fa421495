"""A parsed tracker document, and the project that holds all of them."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from tracker.model.fast import FastBuild
from tracker.model.item import Item
from tracker.model.status import ORDER, Status


class Note(FastBuild, BaseModel):
    """A parse warning, located at a line of its document."""

    model_config = ConfigDict(frozen=True, defer_build=True)

    line: int
    code: str
    message: str


class Section(FastBuild, BaseModel):
    model_config = ConfigDict(frozen=True, defer_build=True)

    title: str
    level: int
    line: int
    slug: str


class Claim(FastBuild, BaseModel):
    """A status asserted in prose ("`WS1-005` -> `done`"), to compare with the tables."""

    model_config = ConfigDict(frozen=True, defer_build=True)

    id: str
    status: Status
    line: int
    text: str


class Tally(FastBuild, BaseModel):
    """Counts typed by hand ("done=40, blocked=2"), one block of consecutive lines."""

    model_config = ConfigDict(frozen=True, defer_build=True)

    line: int
    counts: dict[str, int]
    text: str


class Document(FastBuild, BaseModel):
    model_config = ConfigDict(defer_build=True)

    path: str
    format: Literal["markdown", "yaml"]
    items: list[Item] = Field(default_factory=list)
    sections: list[Section] = Field(default_factory=list)
    warnings: list[Note] = Field(default_factory=list)
    newline: str = "\n"
    bom: bool = False
    mojibake: bool = False
    gate_text: list[str] = Field(default_factory=list)
    claims: list[Claim] = Field(default_factory=list)
    tallies: list[Tally] = Field(default_factory=list)
    # Per-item waivers from YAML trackers: (item id, rule, reason, line).
    waivers: list[tuple[str, str, str, int]] = Field(default_factory=list)
    # Evidence lines under a heading, keyed by heading slug; resolved to items by ID.
    section_evidence: dict[str, list[str]] = Field(default_factory=dict, exclude=True)

    def counts(self) -> dict[str, int]:
        return count_statuses(self.items)


class Project(BaseModel):
    model_config = ConfigDict(arbitrary_types_allowed=True, defer_build=True)

    root: Path
    documents: list[Document] = Field(default_factory=list)
    config: Any = None
    source: Any = None  # tracker.source.Source the documents and evidence are read from
    # Files that could not be read: (path, message). They do not stop the others.
    errors: list[tuple[str, str]] = Field(default_factory=list)

    @property
    def items(self) -> list[Item]:
        return [item for doc in self.documents for item in doc.items]

    def index(self) -> dict[str, list[Item]]:
        found: dict[str, list[Item]] = {}
        for item in self.items:
            found.setdefault(item.id, []).append(item)
        return found


def count_statuses(items: list[Item]) -> dict[str, int]:
    counts = {status.value: 0 for status in ORDER}
    for item in items:
        counts[item.status.value] += 1
    return counts
