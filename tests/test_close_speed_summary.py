"""A summary read (what `close` reads of the rows it does not close) agrees with a full read on every row: the
same IDs, statuses, groups and spans, the same notes, and the asked row read in full, whatever the table holds."""

from __future__ import annotations

from dataclasses import MISSING, Field, fields, replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tracker.model import Item, Span
from tracker.model.build import from_values
from tracker.parse.cells import split_cells, split_row
from tracker.parse.markdown import parse_markdown

SUMMARY_FIELDS = ("id", "status", "raw_status", "kind", "group", "optional", "date", "recognized", "source")

IDS = st.sampled_from(["A-1", "A-2", "A-3", "**A-4**", "`A-5`", "A-1", "-", "", "Total", "done", "B\x1c", " A-6 ",
                       "A\\|7", "✅"])
STATUSES = st.sampled_from(["done", "todo", "in progress", "✅ Done (2026-01-02)", "blocked", "someday", "-", "",
                            "**done**", "optional", "done \\| late", "—", "~~todo~~"])
CELLS = st.sampled_from(["", "x", "`docs/a.md`", "**Group**", "requires A-1", "a\\|b", "é", "\u3000", "--"])
EDGES = st.sampled_from(["|", "", " | "])


@st.composite
def tables(draw: st.DrawFn) -> str:
    header = "| ID | Task | Evidence | Notes | Status |\n|---|---|---|---|---|\n"
    rows = []
    for _ in range(draw(st.integers(0, 14))):
        cells = [draw(IDS), draw(CELLS), draw(CELLS), draw(CELLS), draw(STATUSES)]
        cells = [*cells, "extra"][:draw(st.sampled_from([5, 5, 5, 4, 2, 6]))]  # ragged rows too
        edge = draw(EDGES)
        rows.append(edge + "|".join(f" {c} " for c in cells) + edge + "\n")
    return "# Plan\n\n" + header + "".join(rows)


def _default(field: Field[object]) -> object:
    return field.default_factory() if field.default is MISSING else field.default  # type: ignore[misc]


def _summary(item: Item) -> tuple[object, ...]:
    return tuple(getattr(item, name) for name in SUMMARY_FIELDS)


@settings(max_examples=400, deadline=None)
@given(tables(), IDS)
def test_a_summary_read_agrees_with_a_full_read(text: str, asked: str) -> None:
    full = parse_markdown(text, "plan.md")
    summary = parse_markdown(text, "plan.md", detail=lambda row_id: row_id == asked.strip())
    assert summary.warnings == full.warnings
    assert [_summary(i) for i in summary.items] == [_summary(i) for i in full.items]
    for read, whole in zip(summary.items, full.items, strict=True):
        if read.id == asked.strip():
            assert read == whole
        else:  # every other field set, and at its default
            assert read == replace(whole, **{f.name: _default(f) for f in fields(Item) if f.name not in SUMMARY_FIELDS})


@settings(max_examples=400, deadline=None)
@given(st.lists(CELLS, max_size=7).map("|".join), EDGES)
def test_one_cells_text_is_what_splitting_every_cell_gives(body: str, edge: str) -> None:
    line = edge + body + edge
    cells = split_cells(line)
    row = split_row(line)
    assert len(row) == len(cells)
    assert [row.text(k) for k in range(len(cells))] == [c.text for c in cells]
    fresh = split_row(line)  # spans asked before any text, as a summary read asks them
    assert [fresh.span(k) for k in range(len(cells))] == [(c.start, c.end) for c in cells]


def test_from_values_builds_what_the_constructor_builds_and_refuses_a_short_tuple() -> None:
    built = from_values(Span, ("plan.md", 3, (1, 2), None, (4, 9), None))
    assert built == Span(path="plan.md", line=3, status=(1, 2), notes=(4, 9))
    assert hash(built) == hash(Span(path="plan.md", line=3, status=(1, 2), notes=(4, 9)))
    with pytest.raises(TypeError):
        from_values(Span, ("plan.md", 3))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["a", "| x |", "\n", "\r\n", "\r", "\ufeff", ""]), max_size=12).map("".join))
def test_the_writers_newline_is_the_one_most_lines_end_with(text: str) -> None:
    from tracker.write.lines import LineText

    body = text[1:] if text.startswith("\ufeff") else text
    crlf = body.count("\r\n")
    lines = LineText(text)
    assert lines.newline == ("\r\n" if crlf > body.count("\n") - crlf else "\n")
    assert lines.text() == text
