"""The line scanner and markdown-it-py agree on table rows, cell texts, fences and comments."""

from __future__ import annotations

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from tracker.parse.scanner import scan, split_cells
from tracker.parse.text import split_lines

MD = MarkdownIt("commonmark").enable("table")

# Cell fragments: escaped pipes, code spans holding `\|`, emoji, mojibake, markup, dates.
FRAGMENTS = ["done", "WS1-004", "✅ COMPLETE (2025-12-28)", "‚úÖ Complete", "🏃 Running", r"a \| b", r"`x \| y`",
             "`code`", "**bold**", "—", "", " ", "Ã©tÃ©", "[link](docs/a.md)", "\\", "x\\\\", "<br>", "50%",
             "~~old~~", "`docs/evidence/a.md`", "é", "\u00a0", "#", "-", ":"]
cell_text = st.lists(st.sampled_from(FRAGMENTS), min_size=0, max_size=3).map(" ".join)


@st.composite
def tables(draw) -> list[str]:
    width = draw(st.integers(1, 5))
    lead, trail = draw(st.booleans()), draw(st.booleans())

    def row(cells: list[str]) -> str:
        body = " | ".join(cells)
        return ("| " if lead else "") + body + (" |" if trail else "")

    header = [draw(st.sampled_from(["ID", "Status", "Evidence Link", "Notes", "Phase", "Task"])) + str(i)
              for i in range(width)]
    delims = [draw(st.sampled_from(["---", ":---", "---:", ":-:", "-"])) for _ in range(width)]
    lines = [row(header), ("|" if lead or width == 1 else "") + "|".join(delims) + ("|" if trail or width == 1 else "")]
    for _ in range(draw(st.integers(0, 6))):
        # Ragged rows: markdown-it pads short rows and drops extra cells.
        count = draw(st.integers(max(1, width - 2), width + 2))
        lines.append(row([draw(cell_text) for _ in range(count)]))
    if draw(st.booleans()):
        # A line that may or may not end the table: block starts, inline HTML, near-misses.
        lines.append(draw(st.sampled_from(TABLE_ENDS)))
    return lines


TABLE_ENDS = ["<br> | x", "<span>a</span> | b", "<div>", "<!-- note -->", "> quote | x", "# Heading", "#tag | x",
              "***", "- item | x", "1. item | x", "2) item", "```", "```a`b | x", "~~~ | x", "    | code | x",
              "\t| tab | x", "   | three | spaces |", "plain words", "<?php | x", "<!DOCTYPE | x", "</div> | x",
              "<pre | x", "-", "-x | y", "+ | x", "--- | ---"]


@st.composite
def fences(draw) -> list[str]:
    mark = draw(st.sampled_from(["```", "~~~", "````"]))
    body = draw(st.lists(st.sampled_from(["| a | b |", "|---|---|", "- [x] inside", "# not a heading", "```",
                                          "~~~", "plain", "<!--"]), max_size=4))
    # A closing fence must match the opening character and be at least as long.
    body = [b for b in body if not (b[0] == mark[0] and len(b) >= len(mark) and set(b) == {mark[0]})]
    closed = draw(st.booleans())
    return [mark + draw(st.sampled_from(["", "text", "md"]))] + body + ([mark] if closed else [])


@st.composite
def comments(draw) -> list[str]:
    inner = draw(st.lists(st.sampled_from(["| ID | Status |", "|---|---|", "- [ ] hidden", "text"]), max_size=3))
    if draw(st.booleans()):
        return ["<!-- " + " ".join(inner) + " -->"]
    return ["<!--"] + inner + ["-->"]


task_lists = st.lists(st.builds(lambda mark, text: f"- [{mark}] {text}", st.sampled_from(" xX~"), cell_text),
                      min_size=1, max_size=4)
headings = st.builds(lambda level, text: "#" * level + " " + text, st.integers(1, 6), st.sampled_from(
    ["Master Todo", "Day-by-Day Tracker", "🚀 Phase 2", "Hard Gates"]))
paragraphs = st.lists(st.sampled_from(["Plain prose.", "`WS1-005` -> `done`", "Status: active | not a table",
                                       "x | y"]), min_size=1, max_size=2)
blocks = st.one_of(tables(), fences(), comments(), task_lists, headings.map(lambda h: [h]), paragraphs)


@st.composite
def documents(draw, tight: bool = False) -> str:
    """Blocks separated by blank lines (or, when tight, sometimes not), with LF or CRLF and an optional BOM."""
    parts = draw(st.lists(blocks, min_size=1, max_size=6))
    lines = []
    for block in parts:
        lines += block + ([] if tight and draw(st.booleans()) else [""])
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    return ("\ufeff" if draw(st.booleans()) else "") + newline.join(lines)


def reference(text: str) -> tuple[dict[int, list[str]], set[int], set[int]]:
    """markdown-it's view: row line -> cell texts, lines inside fences, lines inside comment blocks."""
    rows: dict[int, list[str]] = {}
    fenced: set[int] = set()
    comment: set[int] = set()
    tokens = MD.parse(text)
    current: int | None = None
    for token in tokens:
        if token.type == "tr_open":
            current = token.map[0]
            rows[current] = []
        elif token.type == "inline" and current is not None:
            rows[current].append(token.content)
        elif token.type == "tr_close":
            current = None
        elif token.type == "fence":
            fenced.update(range(*token.map))
        elif token.type == "html_block" and token.content.lstrip(" ").startswith("<!--"):
            comment.update(range(*token.map))
    return rows, fenced, comment


def scanner_view(lines: list[str]) -> tuple[dict[int, list[str]], set[int], set[int]]:
    found = scan(lines)
    rows: dict[int, list[str]] = {}
    for table in found.tables:
        width = len(table.header)
        rows[table.header_line] = [c.text for c in table.header]
        for index, cells in table.rows:
            texts = [c.text for c in cells][:width]
            rows[index] = texts + [""] * (width - len(texts))
    return rows, found.fenced, found.comment


def assert_agree(text: str) -> None:
    lines, _newline, _bom, _mixed = split_lines(text)
    body = "\n".join(lines)
    ref_rows, ref_fenced, ref_comment = reference(body)
    rows, fenced, comment = scanner_view(lines)
    assert sorted(rows) == sorted(ref_rows), "table rows differ"
    for index, texts in ref_rows.items():
        assert rows[index] == texts, f"cells of line {index + 1} differ"
    # A final newline leaves an empty last "line" in the split that markdown-it does not count.
    real = len(lines) - 1 if len(lines) > 1 and lines[-1] == "" else len(lines)
    assert {i for i in fenced if i < real} == ref_fenced, "fenced lines differ"
    assert {i for i in comment if i < real} == ref_comment, "comment lines differ"


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents())
@example("| a | b |\n|---|---|\n| `x \\| y` | \\| |\n")
@example("```\n| a | b |\n|---|---|\n```\n")
@example("| a |\n|---|\n| b |\n<div>\n")
def test_scanner_agrees_with_markdown_it(text: str) -> None:
    assert_agree(text)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents(tight=True))
@example("- [ ] task\n| a | b |\n|---|---|\n")  # a lazy continuation line, not a table
@example("- [ ] task\n| a | b |\n  |---|---|\n")  # a table inside the list item
@example("ID0\n|---|\n-\n")  # a one-character delimiter row is a setext underline
@example("- [ ] a\nb\n-\nID0 | ID1\n---|---\n")  # an empty item holds no paragraph: the table starts
@example("- [ ] a\n***\nID0 |\n|---|\n")  # a thematic break ends the item: the table starts
@example("- \xa0 |\nID0 | ID1\n---|---\n")  # U+00A0 is item text, so the next line is a lazy continuation
@example("x |\n2) item\nID0 | ID1\n---|---\n")  # `2)` cannot interrupt a paragraph, so no list holds the table
def test_scanner_agrees_on_adjacent_blocks(text: str) -> None:
    assert_agree(text)


@given(st.lists(st.sampled_from(["a", "|", "\\", " ", "`", "b\\|", "é", "\t"]), max_size=30).map("".join))
@settings(max_examples=400, deadline=None)
def test_split_cells_matches_escaped_split(line: str) -> None:
    """For any line, split_cells gives markdown-it's cells, and each span slices its raw text."""
    from markdown_it.rules_block.table import escapedSplit
    from markdown_it.common.utils import mdTrim

    trimmed = mdTrim(line)
    expected = escapedSplit(trimmed)
    if expected and expected[0] == "":
        expected.pop(0)
    if expected and expected[-1] == "":
        expected.pop()
    cells = split_cells(line)
    assert [c.text for c in cells] == [mdTrim(e) for e in expected]
    for cell in cells:
        raw = line[cell.start:cell.end]
        assert raw.replace("\\|", "|") == cell.text
