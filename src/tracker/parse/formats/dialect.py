"""What a format family decides: what each checkbox mark means and how a status is written back."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from tracker.model.status import Status

if TYPE_CHECKING:
    from tracker.parse.formats.extras import Extras, Page

GFM_MARKS: Mapping[str, Status] = {" ": Status.TODO, "x": Status.DONE, "X": Status.DONE, "~": Status.IN_PROGRESS,
                                   "/": Status.IN_PROGRESS, "-": Status.DROPPED}
EMOJI_FOR: Mapping[Status, str] = {Status.DONE: "✅", Status.IN_PROGRESS: "🚧", Status.TODO: "⬜",
                                   Status.BLOCKED: "⛔", Status.PAUSED: "⏸️", Status.DROPPED: "❌"}


@dataclass(frozen=True)
class Dialect:
    name: str
    marks: Mapping[str, Status] = field(default_factory=lambda: GFM_MARKS)
    # The mark written for a status; a status without one cannot be written as a checkbox.
    write: Mapping[Status, str] = field(default_factory=lambda: {Status.TODO: " ", Status.DONE: "x",
                                                                 Status.IN_PROGRESS: "~", Status.DROPPED: "-"})
    emoji_bullets: bool = False  # `- ✅ text` lines are items (memory banks)
    # Lines inside a task's block that declare its dependencies (`_Depends: 1.2_`).
    block_dependencies: bool = True
    # Paths named in a task's own text are its declared outputs (Spec Kit).
    text_paths_are_evidence: bool = False
    # A family's own items, claims and progress checks beyond tables and task lists.
    extra: Callable[[Page], Extras] | None = None
    # An ID the family spells in its own way (GSD plan files `03-01-PLAN.md`).
    own_id: Callable[[str], tuple[str, str] | None] | None = None

    def status_of(self, mark: str) -> Status:
        return self.marks.get(mark, Status.TODO)

    def mark_for(self, status: Status, current: str) -> str:
        """The new text of a status marker: a box `[x]` (the writer's own `X` kept) or an emoji."""
        from tracker.errors import UsageError

        if not current.startswith("["):
            return EMOJI_FOR[status]
        if status is Status.DONE and current in ("[x]", "[X]"):
            return current
        mark = self.write.get(status)
        if mark is None:
            allowed = ", ".join(f"{s.value} `[{m}]`" for s, m in self.write.items())
            raise UsageError(f"a {self.name} task-list item can be {allowed}; not {status.value}")
        return f"[{mark}]"
