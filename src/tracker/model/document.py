"""A parsed tracker document, and the project that holds all of them."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from tracker.model.item import Item
from tracker.model.status import ORDER, Status

if TYPE_CHECKING:  # only for the annotations; the model layer imports nothing above it
    from tracker.config import Config
    from tracker.source import Source


@dataclass(frozen=True, slots=True)
class Note:
    """A parse warning, located at a line of its document."""

    line: int
    code: str
    message: str


@dataclass(frozen=True, slots=True)
class Section:
    """A heading: its text, level, 1-based line and slug."""

    title: str
    level: int
    line: int
    slug: str


@dataclass(frozen=True, slots=True)
class Claim:
    """A status asserted in prose ("`WS1-005` -> `done`"), to compare with the tables."""

    id: str
    status: Status
    line: int
    text: str


@dataclass(frozen=True, slots=True)
class Tally:
    """Counts typed by hand ("done=40, blocked=2"), one block of consecutive lines."""

    line: int
    counts: Mapping[str, int]
    text: str


@dataclass(frozen=True, slots=True)
class Summary:
    """Progress typed by hand about items that may live in other documents (GSD STATE.md `Progress: 59%`,
    `Phase: 3 of 8`, a ROADMAP row's `1/2`); what `measure` counts is the format's (parse.formats.gsd_counts)."""

    line: int
    text: str
    measure: str  # what is counted: "plans" or "phases"
    subject: str | None = None  # the item they belong to ("Phase 3": its plans), None for the whole folder
    done: int | None = None
    total: int | None = None
    percent: float | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Document:
    """One tracker file as parsed; a parser builds it once, with every part already collected."""

    path: str
    format: Literal["markdown", "yaml"]
    items: tuple[Item, ...] = ()
    sections: tuple[Section, ...] = ()
    warnings: tuple[Note, ...] = ()
    newline: str = "\n"
    bom: bool = False
    mojibake: bool = False
    gate_text: tuple[str, ...] = ()
    claims: tuple[Claim, ...] = ()
    tallies: tuple[Tally, ...] = ()
    # Per-item waivers from YAML trackers: (item id, rule, reason, line).
    waivers: tuple[tuple[str, str, str, int], ...] = ()
    # Evidence lines under a heading, keyed by heading slug; resolved to items by ID.
    section_evidence: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    # Evidence this document declares for items of other documents, by ID (a GSD PLAN.md's
    # must_haves.artifacts for its plan's roadmap bullet); attached when the project is linked.
    declared_evidence: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    # Progress typed here about items anywhere in the project; the stale-count rule (TRK111) counts them.
    summaries: tuple[Summary, ...] = ()
    # The views of its complete generated regions (`<!-- tracker:VIEW -->`), so a check need not read it again.
    views: frozenset[str] = frozenset()

    def counts(self) -> dict[str, int]:
        return count_statuses(self.items)


@dataclass(frozen=True, slots=True, kw_only=True)
class Project:
    """Every document the configuration names, read from one source, and the files that failed."""

    root: Path
    config: Config
    source: Source
    documents: tuple[Document, ...] = ()
    # Files that could not be read: (path, message). They do not stop the others.
    errors: tuple[tuple[str, str], ...] = ()

    @property
    def items(self) -> list[Item]:
        return [item for doc in self.documents for item in doc.items]

    def index(self) -> dict[str, list[Item]]:
        found: dict[str, list[Item]] = {}
        for item in self.items:
            found.setdefault(item.id, []).append(item)
        return found


def count_statuses(items: Iterable[Item]) -> dict[str, int]:
    counts = {status.value: 0 for status in ORDER}
    for item in items:
        counts[item.status.value] += 1
    return counts
