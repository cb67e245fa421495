"""A Document while one parse collects its parts; frozen into a Document at the end."""

from __future__ import annotations

from dataclasses import dataclass, field

from tracker.model import Claim, Item, Note, Section, Summary, Tally


@dataclass(slots=True)
class Draft:
    """The parts of a Document while one parse collects them; frozen into a Document at the end."""

    path: str
    items: list[Item] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    warnings: list[Note] = field(default_factory=list)
    gate_text: list[str] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    tallies: list[Tally] = field(default_factory=list)
    section_evidence: dict[str, list[str]] = field(default_factory=dict)
    declared_evidence: dict[str, tuple[str, ...]] = field(default_factory=dict)
    summaries: list[Summary] = field(default_factory=list)
    mojibake: bool = False
