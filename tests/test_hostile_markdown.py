"""Hostile Markdown completes and parses sanely: huge lines, pipe storms, deep list markers, odd encodings."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tracker.errors import InputError
from tracker.parse.markdown import parse_markdown
from tracker.parse.scanner import split_cells
from tracker.parse.text import decode

TABLE = "| ID | Status | Evidence |\n|---|---|---|\n"


def test_ten_megabyte_single_line() -> None:
    doc = parse_markdown("# Plan\n\n" + "word " * 2_000_000 + "\n", "big.md")
    assert doc.items == () and [s.title for s in doc.sections] == ["Plan"]


def test_two_megabyte_cell_in_a_tracker_row() -> None:
    doc = parse_markdown(TABLE + "| A-1 | done | `" + "a" * 2_000_000 + ".md` |\n", "cell.md")
    assert [i.id for i in doc.items] == ["A-1"] and len(doc.items[0].evidence[0]) == 2_000_003


def test_row_with_a_hundred_thousand_pipes() -> None:
    doc = parse_markdown(TABLE + "| A-1 | done | `e.md` " + "|" * 100_000 + "\n", "pipes.md")
    # Extra cells are ignored (as markdown-it drops them); the row is still one item.
    assert [(i.id, i.status.value, i.evidence) for i in doc.items] == [("A-1", "done", ("e.md",))]
    assert any(w.code == "ragged-row" for w in doc.warnings)


def test_header_and_delimiter_with_a_hundred_thousand_columns() -> None:
    text = "|" + " h |" * 100_000 + "\n" + "|" + "---|" * 100_000 + "\n" + "| x " * 100_000 + "|\n"
    doc = parse_markdown(text, "wide.md")
    assert doc.items == ()


def test_hundred_thousand_escaped_pipes_stay_in_one_cell() -> None:
    cells = split_cells("| A-1 | " + "\\|" * 100_000 + " |")
    assert len(cells) == 2 and cells[1].text == "|" * 100_000


@pytest.mark.parametrize("line, table_read", [
    ("- " * 100_000 + "[x] deep", True), ("> " * 100_000 + "x", True), ("1. " * 100_000 + "x", True),
    ("  " * 50_000 + "- [x] **D-1**: very deep", True), ("#" * 100_000, True), ("<div>" * 50_000, True),
    # An unclosed fence or comment runs to the end of the document (CommonMark), table included.
    ("`" * 100_000, False), ("<!--" * 50_000, False)])
def test_hundred_thousand_nested_markers(line: str, table_read: bool) -> None:
    doc = parse_markdown(line + "\n\n" + TABLE + "| B-1 | done | `b.md` |\n", "deep.md")
    assert ("B-1" in [i.id for i in doc.items]) is table_read


def test_twenty_thousand_task_lines_are_all_read() -> None:
    text = "## Tasks\n" + "".join(f"{'  ' * (i % 8)}- [x] **T-{i}**: item\n" for i in range(20_000))
    doc = parse_markdown(text, "tasks.md")
    assert len(doc.items) == 20_000 and doc.items[-1].id == "T-19999"


def test_hundred_thousand_evidence_lines_under_one_task() -> None:
    text = "## Tasks\n- [x] **E-1**: item\n" + "  - Evidence: `e.md`\n" * 100_000
    doc = parse_markdown(text, "ev.md")
    assert doc.items[0].evidence == ("e.md",)


def test_unclosed_fence_and_comment_swallow_the_rest() -> None:
    for opener in ("```", "<!--"):
        doc = parse_markdown(opener + "\n" + TABLE + "| C-1 | done | `c.md` |\n" * 1000, "open.md")
        assert doc.items == ()


@pytest.mark.parametrize("data, message", [(b"\x00\x01binary", "binary"), (b"\xff\xfe| a |", "not UTF-8"),
                                           (b"ok\n\xc3\x28", "not UTF-8")])
def test_undecodable_bytes_are_an_input_error(data: bytes, message: str) -> None:
    with pytest.raises(InputError, match=message):
        decode(data, "bad.md")


def test_cli_survives_a_pipe_storm_document(tmp_path) -> None:
    (tmp_path / "storm.md").write_text(TABLE + "| A-1 | done | `e.md` " + "|" * 100_000 + "\n" + "- " * 100_000
                                       + "\n", encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "tracker", "status", "--format", "json", "storm.md"],
                          cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert '"A-1"' in proc.stdout
