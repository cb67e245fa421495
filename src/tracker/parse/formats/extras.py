"""What a family reader is given (the scanned page) and what it adds (items, claims, notes)."""

from __future__ import annotations

from dataclasses import dataclass, field

from tracker.model import Claim, Item, Note, Summary
from tracker.parse.scanner import Scan
from tracker.parse.task_ids import IdAllocator
from tracker.parse.vocabulary import Vocabulary


@dataclass
class Page:
    """One Markdown document as scanned, with the task items already read from it."""

    path: str
    lines: list[str]
    scan: Scan
    vocab: Vocabulary
    items: list[Item]
    ids: IdAllocator
    # 0-based heading line -> (heading path "A > B", slug); see parse.markdown.
    headings: dict[int, tuple[str, str]]

    def heading_of(self, line: int) -> str | None:
        """The innermost heading title above a 0-based line."""
        best = None
        for start in self.headings:
            if start < line and (best is None or start > best):
                best = start
        return self.headings[best][0].split(" > ")[-1] if best is not None else None


@dataclass
class Extras:
    items: list[Item] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    # 1-based lines of items already read that the family reads as something else (a progress row),
    # or replaces with a changed copy (an item in `items` on the same line takes its place).
    drop: set[int] = field(default_factory=set)
    # Evidence declared for items of other documents, by ID (GSD PLAN.md must_haves.artifacts).
    declared: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # Progress typed here about items that may live in other documents (GSD STATE.md, ROADMAP rows).
    summaries: list[Summary] = field(default_factory=list)
