"""Property: closing any item of a generated document changes only that item's status and evidence cells."""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tracker.errors import WriteConflict
from tracker.model import Status
from tracker.parse.markdown import parse_markdown
from tracker.parse.scanner import split_cells
from tracker.parse.text import split_lines
from tracker.write.markdown_edit import Change, edit_markdown

WORDS = ["alpha", "beta", "`code \\| span`", "`a|b`", "a \\| b", "✅ ok", "🚀", "ü", "‚úÖ", "see `x.md`", "**bold**", "—", "1.5"]
STATUSES = ["done", "todo", "in_progress", "blocked", "COMPLETED", "IN_PROGRESS", "✅ COMPLETE (2025-12-28)",
            "⏳ PENDING", "🔄 PARTIAL", "paused"]
text_cell = st.lists(st.sampled_from(WORDS), min_size=0, max_size=3).map(" ".join)


@st.composite
def table(draw, counter):
    evidence = draw(st.booleans())
    notes = draw(st.booleans())
    head = ["ID", "Task", "Status"] + (["Evidence"] if evidence else []) + (["Notes"] if notes else [])
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for _ in range(draw(st.integers(1, 4))):
        counter[0] += 1
        cells = [f"G-{counter[0]}", draw(text_cell), draw(st.sampled_from(STATUSES))]
        if evidence:
            cells.append(draw(st.sampled_from(["", "-", "`evidence/a.md`", "`evidence/a.md`, `evidence/b.md`"])))
        if notes:
            cells.append(draw(text_cell))
        pad = draw(st.sampled_from([" ", "  "]))
        lines.append("|" + "|".join(f"{pad}{c}{pad}" if c else pad for c in cells) + "|")
    return lines


@st.composite
def task_list(draw, counter):
    lines = []
    for _ in range(draw(st.integers(1, 3))):
        counter[0] += 1
        box = draw(st.sampled_from(["[ ]", "[x]", "[~]"]))
        lines.append(f"- {box} T-{counter[0]}: {draw(text_cell)}")
        if draw(st.booleans()):
            lines.append("  continued " + draw(text_cell))
    return lines


@st.composite
def documents(draw):
    counter = [0]
    blocks = [["# Generated"]]
    for index in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["table", "tasks", "prose", "fence", "comment"]))
        if kind == "table":
            blocks.append(draw(table(counter)))
        elif kind == "tasks":
            blocks.append([f"## Section {index}", ""] + draw(task_list(counter)))
        elif kind == "prose":
            blocks.append([draw(text_cell) or "prose"])
        elif kind == "fence":
            blocks.append(["```", "| ID | Task | Status |", "|---|---|---|", "| F-1 | fenced | todo |", "```"])
        else:
            blocks.append(["<!-- a comment", "| C-1 | x | todo |", "-->"])
    text = "\n\n".join("\n".join(b) for b in blocks)
    if draw(st.booleans()):
        text += "\n"
    if draw(st.booleans()):
        text = text.replace("\n", "\r\n")
    if draw(st.booleans()):
        text = "\ufeff" + text
    return text


def _other_cells_equal(old: str, new: str, changed: set[int]) -> None:
    before, after = split_cells(old), split_cells(new)
    assert len(before) == len(after)
    for index, (a, b) in enumerate(zip(before, after)):
        if index not in changed:
            assert a.text == b.text
    first = min(changed, default=len(before))
    if first < len(before):
        # Nothing before the first edited cell moved (an empty cell's padding belongs to the cell).
        assert old[:before[first].start].rstrip(" ") == new[:after[first].start].rstrip(" ")
    last = max(changed, default=-1)
    if last >= 0:
        assert old[before[last].end:].lstrip(" ") == new[after[last].end:].lstrip(" ")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents(), st.data())
def test_close_changes_only_status_and_evidence(text, data):
    doc = parse_markdown(text, "gen.md")
    if not doc.items:
        return
    item = data.draw(st.sampled_from(doc.items))
    if sum(1 for i in doc.items if i.id == item.id) > 1:
        return
    change = Change(item.id, Status.DONE, ["evidence/new.md"], today=dt.date(2026, 3, 1))
    try:
        out = edit_markdown(text, "gen.md", change)
    except WriteConflict:  # only a row whose cells cannot be told apart is refused, never corrupted
        assert item.kind == "row"
        assert item.source.status is None or any(n.code == "ragged-row" and n.line == item.source.line
                                                 for n in doc.warnings)
        return
    new = out.text
    assert new.startswith("\ufeff") == text.startswith("\ufeff")
    old_lines, newline, _, _ = split_lines(text)
    new_lines, new_newline, _, _ = split_lines(new)
    assert new_newline == newline
    assert text.endswith("\n") == new.endswith("\n")
    number = item.source.line
    if item.kind == "check":
        extra = len(new_lines) - len(old_lines)
        assert extra in (0, 1)
        last = item.source.end_line or number
        assert new_lines[:number - 1] == old_lines[:number - 1]
        assert new_lines[number:last] == old_lines[number:last]
        assert new_lines[last + extra:] == old_lines[last:]
        a, b = item.source.status
        assert new_lines[number - 1][:a] + new_lines[number - 1][b:] == old_lines[number - 1][:a] + old_lines[number - 1][b:]
        assert new_lines[number - 1][a:b] in ("[x]", "[X]")
        if extra:
            assert new_lines[last].strip() == "- Evidence: `evidence/new.md`"
    else:
        assert len(new_lines) == len(old_lines)
        diff = [i for i, (a, b) in enumerate(zip(old_lines, new_lines)) if a != b]
        assert diff in ([], [number - 1])
        cells = split_cells(old_lines[number - 1])
        changed = {i for i, c in enumerate(cells)
                   if (c.start, c.end) in {item.source.status, item.source.evidence, item.source.notes}}
        _other_cells_equal(old_lines[number - 1], new_lines[number - 1], changed)
    again = parse_markdown(new, "gen.md")
    closed = [i for i in again.items if i.id == item.id]
    assert len(closed) == 1 and closed[0].status is Status.DONE
    if out.evidence_where in ("cell", "notes", "line"):
        assert "evidence/new.md" in closed[0].evidence
    assert [(i.id, i.status) for i in again.items if i.id != item.id] == \
        [(i.id, i.status) for i in doc.items if i.id != item.id]
