"""Large tables are read in one pass without per-cell objects: the same items, lighter ones."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from tracker.parse.cells import split_cells, split_row
from tracker.parse.dependencies import _PHRASE, may_name_dependencies, resolve
from tracker.parse.markdown import parse_markdown

TABLE = """# Rollout

| ID | Task | Owner | Status | Notes |
|---|---|---|---|---|
| RL-1 | Freeze the schema | Ana | done | reviewed on Monday |
| RL-2 | Migrate the archive | Ana | done | Requires RL-1 first |
| RL-3 | Switch readers over | Bo | in progress | blocked by RL-2 |
"""


def test_rows_share_one_copy_of_each_repeated_value() -> None:
    first, second, _third = parse_markdown(TABLE, "plan.md").items
    assert first.owner == second.owner == "Ana" and first.owner is second.owner
    assert first.raw_status is second.raw_status


def test_only_cells_with_a_dependency_phrase_are_kept_for_resolution() -> None:
    first, second, third = parse_markdown(TABLE, "plan.md").items
    assert first.prose_text == ()
    assert second.prose_text == ("Requires RL-1 first",)
    resolved = resolve([first, second, third])
    assert [d.id for d in resolved[1].dependencies] == ["RL-1"]
    assert [d.id for d in resolved[2].dependencies] == ["RL-2"]


def test_a_table_that_turns_out_not_to_track_keeps_none_of_its_rows() -> None:
    text = "| ID | Status |\n|---|---|\n| A-1 | done |\n| A-2 | sometime |\n| A-3 | later |\n"
    doc = parse_markdown(text, "notes.md")
    assert doc.items == ()
    assert [w.code for w in doc.warnings] == ["table-skipped"]  # no row notes of a table that was not read


CELL_TEXT = st.sampled_from(["", " ", "a", "b c", "`x|y`", "\\|", "\\", "é", "\u3000", "\t", "--", "**B**"])


@settings(max_examples=500, deadline=None)
@given(st.lists(CELL_TEXT, max_size=8).map(lambda cells: "|".join(cells)), st.sampled_from(["", "|", " | "]))
def test_a_rows_spans_are_the_cells_spans(body: str, edge: str) -> None:
    line = edge + body + edge
    row = split_row(line)
    cells = split_cells(line)
    assert row.texts == [c.text for c in cells]
    assert [row.span(k) for k in range(len(cells))] == [(c.start, c.end) for c in cells]
    for cell in cells:
        if "\\" not in line:
            assert line[cell.start:cell.end] == cell.text


PHRASE_TEXT = st.lists(st.sampled_from(["Requires", "REQUIRED", "depends on", "Dependent  on", "blocked by",
                                        "After", "prerequisite:", "Prerequisites", "requireſ", "ſ", "K", "x",
                                        " ", "\n", "`", "*", "A-1", "after-", "hereafter", "İ"]), max_size=6)


@settings(max_examples=1000, deadline=None)
@given(PHRASE_TEXT.map(" ".join))
def test_the_quick_phrase_check_agrees_with_the_phrase_pattern(text: str) -> None:
    assert may_name_dependencies(text) == (_PHRASE.search(text) is not None)
