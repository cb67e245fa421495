"""Task-list items (`- [x] ...`): native IDs, the dialect's marks, declared dependencies and outputs."""

from __future__ import annotations

import re
from bisect import bisect_left

from tracker.model import Item, Note, Span, Status
from tracker.parse.evidence_text import declared_paths
from tracker.parse.formats.dialect import Dialect
from tracker.parse.mojibake import repair
from tracker.parse.scanner import Scan
from tracker.parse.task_ids import IdAllocator, native_id
from tracker.parse.vocabulary import strip_markup

# `_Depends: 1.2_`, `- Depends on: T003`, `**Blocked by**: 2.1` on a line of the task's block.
_DEPENDS_LINE = re.compile(r"(?i)^\s*(?:[-*+]\s+)?[_*]*(?:depends(?:\s+on)?|dependencies|blocked\s+by|requires)"
                           r"[_*]*\s*:[_*]*\s*(.+?)[_*]*\s*$")


def read_tasks(path: str, found: Scan, lines: list[str], heading_at: dict[int, tuple[str, str]],
               dialect: Dialect, ids: IdAllocator) -> tuple[list[Item], list[Note]]:
    """Every task-list item of the page, and a note for each done parent whose subtasks are still open."""
    starts = sorted(heading_at)
    task_lines = {task.line for task in found.tasks}
    items: list[Item] = []
    notes: list[Note] = []
    stack: list[tuple[int, Item]] = []  # (indent, item) of the open parents
    by_id: dict[str, Item] = {}
    for task in found.tasks:
        at = bisect_left(starts, task.line)
        parent = heading_at[starts[at - 1]][0] if at else None
        text = task.text if task.text.isascii() else repair(task.text)[0]
        own = dialect.own_id(text) if dialect.own_id else None
        item_id: str | None
        tags: tuple[str, ...]
        if own is not None:
            item_id, title, tags = own[0], own[1], ()
        else:
            named = native_id(text)
            item_id, title, tags = named.id, named.title, named.tags
        if item_id is None:
            item_id = ids.take(title)
        dep_text = (_block_dependencies(lines, task.line, task.end_line, task_lines)
                    if dialect.block_dependencies and task.end_line > task.line else [])
        evidence = declared_paths(title) if dialect.text_paths_are_evidence else []
        item = Item(
            id=item_id, title=strip_markup(title), status=dialect.status_of(task.mark), raw_status=f"[{task.mark}]",
            kind="check", group=parent.split(" > ")[-1] if parent else None, parent=parent,
            optional=task.optional, notes=" ".join(f"[{t}]" for t in tags) or None,
            source=Span(path=path, line=task.line + 1, status=(task.box, task.box + 3),
                              end_line=task.end_line + 1),
            evidence=tuple(evidence), dep_text=tuple(dep_text), prose_text=(text,),
            covers=tuple(evidence),  # the files a Spec Kit task names are what its claim is about (freshness)
        )
        while stack and stack[-1][0] >= task.indent:
            stack.pop()
        # The parent is the enclosing task by indentation, else the task numbered one level up (2.1 -> 2).
        top = stack[-1][1] if stack else by_id.get(item_id.rsplit(".", 1)[0]) if "." in item_id else None
        if (top is not None and top.status is Status.DONE and item.status not in (Status.DONE, Status.DROPPED)
                and not item.optional):
            notes.append(Note(line=top.source.line, code="parent-done-children-open",
                                    message=f"{top.id} is ticked but its subtask {item.id} (line "
                                            f"{item.source.line}) is {item.status.value}"))
        stack.append((task.indent, item))
        by_id.setdefault(item_id, item)
        items.append(item)
    return items, _once_per_parent(notes)


def _block_dependencies(lines: list[str], first: int, last: int, task_lines: set[int]) -> list[str]:
    """`Depends:` lines of the task's own block, up to its first subtask."""
    found = []
    for index in range(first + 1, last + 1):
        if index in task_lines:
            break
        lowered = lines[index].lower()
        if "depend" not in lowered and "blocked" not in lowered and "requires" not in lowered:
            continue
        match = _DEPENDS_LINE.match(lines[index])
        if match:
            found.append(match.group(1))
    return found


def _once_per_parent(notes: list[Note]) -> list[Note]:
    seen: set[int] = set()
    out = []
    for note in notes:
        if note.line not in seen:
            seen.add(note.line)
            out.append(note)
    return out
