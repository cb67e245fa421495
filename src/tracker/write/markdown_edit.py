"""Surgical edits of one Markdown item: its status cell or checkbox, and its evidence."""

from __future__ import annotations

import datetime as dt
import re
from itertools import islice

from tracker.errors import WriteConflict
from tracker.model import Document, Item, Status
from tracker.parse.markdown import parse_markdown
from tracker.parse.vocabulary import DEFAULT, Vocabulary
from tracker.write import cells
from tracker.write.lines import LineText
from tracker.parse.formats import choose
from tracker.shell import shell_word
from tracker.write.status_text import styled

# The parser's ragged-row note (tracker.parse.tables): "row has N cells, the header has M".
_RAGGED = re.compile(r"row has (?P<row>\d+) cells, the header has (?P<header>\d+)")
_EVIDENCE_LINE = re.compile(r"(?i)^\s*(?:[-*+]\s+)?(?:\*\*|__)?evidence(?:\*\*|__)?\s*:")


# Plain classes, not dataclasses: a dataclass costs ~0.4 ms to create at import, on every close and set.


class Change:
    """What to do to one item: a new status, evidence to add, a note to record in the item."""

    __slots__ = ("dead", "evidence", "item_id", "note", "status", "today")

    def __init__(self, item_id: str, status: Status | None = None, evidence: list[str] | None = None,
                 note: str | None = None, today: dt.date | None = None, dead: list[str] | None = None) -> None:
        self.item_id = item_id
        self.status = status
        self.evidence = evidence if evidence is not None else []
        self.note = note
        self.today = today if today is not None else dt.date.today()
        self.dead = dead if dead is not None else []  # evidence that no longer exists, replaced by `evidence`


class Outcome:
    __slots__ = ("evidence_where", "moved_from", "text", "warnings")

    def __init__(self, text: str, evidence_where: str = "none") -> None:
        self.text = text
        self.evidence_where = evidence_where  # cell, notes, line, yaml, ledger, none
        self.moved_from: int | None = None
        self.warnings: list[str] = []


def locate(doc: Document, item_id: str, expected_line: int | None = None) -> Item:
    """The one item with this ID in the fresh document; fail rather than guess."""
    found = [item for item in doc.items if item.id == item_id]
    if not found:
        raise WriteConflict(f"{item_id} is no longer in this document (it changed since it was read); "
                            "nothing was written", doc.path)
    if len(found) > 1:
        lines = ", ".join(str(i.source.line) for i in found)
        raise WriteConflict(f"{item_id} appears {len(found)} times (lines {lines}); nothing was written", doc.path)
    return found[0]


def _still_there(lines: LineText, item: Item) -> bool:
    """The row at the item's old line is still that row: same ID, same status text, spans on cell boundaries."""
    from tracker.parse.scanner import split_cells
    from tracker.parse.vocabulary import strip_markup

    if item.kind != "row" or not 1 <= item.source.line <= len(lines):
        return False
    cells = split_cells(lines.line(item.source.line))
    bounds = {(c.start, c.end): c.text for c in cells}
    spans = [s for s in (item.source.status, item.source.evidence, item.source.notes) if s is not None]
    if item.source.status is None or any(s not in bounds for s in spans):
        return False
    return bounds[item.source.status] == item.raw_status and any(strip_markup(c.text) == item.id for c in cells)


def edit_markdown(text: str, path: str, change: Change, vocab: Vocabulary = DEFAULT,
                  id_headers: tuple[str, ...] = (), expected_line: int | None = None,
                  loaded: tuple[Document, Item] | None = None, fmt: str | None = None) -> Outcome:
    """Edit the item on the fresh `text`. With `loaded` (the document and item as parsed before the lock),
    a row still at its line is edited without re-parsing; otherwise it is re-located by ID."""
    lines = LineText(text)
    if loaded is not None and _still_there(lines, loaded[1]):
        doc, item = loaded
    else:
        doc = parse_markdown(text, path, vocab, id_headers, fmt)
        item = locate(doc, change.item_id, expected_line)
    _refuse_ragged(doc, item)
    out = Outcome(text=text)
    if expected_line is not None and item.source.line != expected_line:
        out.moved_from = expected_line
    number = item.source.line
    row = lines.line(number)
    edits: list[tuple[int, int, str]] = []  # on the item's own line, applied right to left
    if change.status is not None and item.source.status is not None:
        a, b = item.source.status
        if item.kind == "check":
            # The format owns its markers: Kiro writes in progress as `[-]`, a memory bank an emoji.
            new = choose(path, text, fmt).mark_for(change.status, row[a:b])
        elif item.status == change.status and item.recognized:
            new = row[a:b]
        else:
            exemplars = [(i.source.line, i.raw_status) for i in doc.items
                         if i.kind == "row" and i.status == change.status and i.recognized and i is not item]
            first, last = _table_bounds(lines, number)
            # The item's own table speaks first; other tables of the document only when it has no example.
            own = [e for e in exemplars if first <= e[0] <= last]
            new = styled(change.status, item.raw_status, own or exemplars, number, change.today, vocab)
            new = new.replace("|", "\\|")  # cell text was read unescaped; a bare pipe would split the cell
        edits.append((a, b, new))
    notes = row[slice(*item.source.notes)] if item.kind == "row" and item.source.notes is not None else None
    notes_before = notes
    if change.evidence:
        if item.kind == "row" and item.source.evidence is not None:
            a, b = item.source.evidence
            samples = list(islice((lines.line(i.source.line)[slice(*i.source.evidence)] for i in doc.items
                                   if i.kind == "row" and i.source.evidence is not None and i is not item
                                   and i.source.line <= len(lines)), 50))
            edits.append(_cell_edit(row, a, b, cells.evidence_cell(row[a:b], change.evidence, samples, change.dead)))
            out.evidence_where = "cell"
        elif notes is not None:
            notes = cells.notes_cell(notes, change.evidence)
            out.evidence_where = "notes"
        elif item.kind == "check":
            out.evidence_where = "line"
        else:
            out.evidence_where = "ledger"
    if change.note and notes is not None:
        note = change.note.replace("|", "\\|")
        notes = note if cells.is_empty(notes) else f"{notes.rstrip(' ;')}; {note}"
    if notes is not None and notes != notes_before and item.source.notes is not None:
        edits.append(_cell_edit(row, *item.source.notes, notes))
    for a, b, new in sorted(edits, key=lambda e: e[0], reverse=True):
        lines.replace(number, a, b, new)
    if change.evidence and out.evidence_where == "line":
        _evidence_line(lines, item, change.evidence)
    out.text = lines.text()
    if doc.mojibake:
        out.warnings.append(f"{path} holds mojibake; the new text was written correctly encoded, "
                            f"run `tracker doctor --fix {shell_word(str(path))}` to repair the rest")
    return out


def _refuse_ragged(doc: Document, item: Item) -> None:
    """A row with more cells than its header (a `|` inside a code span splits a cell) has no trustworthy
    Status or Evidence cell, and a row without a Status cell has nowhere to write one: writing would corrupt
    the row, so nothing is written. (A row short of trailing cells is fine: Markdown pads it.)"""
    if item.kind != "row":
        return
    for note in doc.warnings:
        counts = _RAGGED.match(note.message) if note.code == "ragged-row" and note.line == item.source.line else None
        if counts and int(counts["row"]) > int(counts["header"]):
            raise WriteConflict(f"{item.id}: {note.message}, so its cells cannot be told apart; nothing was "
                                "written (write a `|` inside a cell, even in a code span, as `\\|`)",
                                doc.path, item.source.line)
    if item.source.status is None:
        raise WriteConflict(f"{item.id}: the row has no Status cell to write; nothing was written (give the row "
                            "as many cells as the header)", doc.path, item.source.line)


def _table_bounds(lines: LineText, number: int) -> tuple[int, int]:
    """1-based first and last line of the run of table lines around line `number`."""
    parts = lines.parts  # a line's "\r" holds no pipe, so the raw part answers as the line would
    # Line n is parts[n - 1]; a line with a pipe is never blank.
    first = last = number
    while first > 1 and "|" in parts[first - 2]:
        first -= 1
    while last < len(parts) and "|" in parts[last]:
        last += 1
    return first, last


def _cell_edit(row: str, a: int, b: int, new: str) -> tuple[int, int, str]:
    """An edit of cell [a, b); an empty cell gets one space of padding on each side."""
    if a != b or not new:
        return (a, b, new)
    run = 0
    while a + run < len(row) and row[a + run] in " \t":
        run += 1
    if run == 0:
        return (a, b, f" {new} ")
    if run == 1:
        return (a + 1, a + 1, f"{new} ")
    return (a + 1, a + 1, new)


def _evidence_line(lines: LineText, item: Item, paths: list[str]) -> None:
    """Append to the item's `Evidence:` line, or add one as the last line of its block."""
    first, last = item.source.line, item.source.end_line or item.source.line
    for number in range(first + 1, last + 1):
        content = lines.line(number)
        if _EVIDENCE_LINE.match(content):
            lines.set_line(number, cells.evidence_line_tail(content, paths))
            return
    # Indented to the checkbox, so the line is a sub-item of the task.
    indent = " " * (item.source.status[0] if item.source.status else 2)
    shown = ", ".join(cells.formatted(p, "code") for p in cells._unique(paths))
    lines.insert_after(last, f"{indent}- Evidence: {shown}")
