"""Tracker tables: which tables count, ID and evidence columns, group and summary rows, spans."""

from pathlib import Path

from tracker.model import Status
from tracker.parse.markdown import parse_markdown

FIXTURES = Path(__file__).parent.parent / "fixtures"


def parse(name: str):
    return parse_markdown((FIXTURES / name).read_text(encoding="utf-8"), name)


def by_id(doc):
    return {item.id: item for item in doc.items}


def test_master_table_rows_fields_and_evidence():
    doc = parse("master_table.md")
    items = by_id(doc)
    assert [i.id for i in doc.items] == ["RT1-001", "RT1-002", "RT1-003", "RT2-001", "RT2-002"]
    first = items["RT1-001"]
    assert (first.title, first.priority, first.owner, first.due, first.group) == (
        "Measure cold-start latency", "P0", "Ana", "2026-03-03", "RT1")
    assert first.definition_of_done == "Median under 200 ms on the lab box"
    assert items["RT2-001"].evidence == ("evidence/rt2-001.md", "evidence/rt2-001-shots/")
    assert items["RT2-002"].evidence == ()
    assert items["RT2-002"].title == "Document the | pipe syntax"


def test_status_and_evidence_spans_slice_the_cells():
    text = (FIXTURES / "master_table.md").read_text(encoding="utf-8")
    lines = text.split("\n")
    for item in parse("master_table.md").items:
        line = lines[item.source.line - 1]
        a, b = item.source.status
        assert line[a:b] == item.raw_status
        a, b = item.source.evidence
        assert line[a - 2:a] == "| " and line[b:b + 2] == " |"


def test_hard_gates_text_is_kept():
    doc = parse("master_table.md")
    assert any("RT2 cannot close before the RT1 storage gate passes" in g for g in doc.gate_text)


def test_day_table_group_row_summary_row_and_optional():
    doc = parse("day_plan.md")
    items = by_id(doc)
    assert "Total" not in items and "**Total**" not in items
    assert len(doc.items) == 7
    assert items["Day 4"].optional and items["Day 4"].status is Status.TODO
    assert items["Day 2"].status is Status.PAUSED
    assert items["Day 3"].group is None
    assert items["Day 5a"].group == "PHASE 2 — Load and Soak"


def test_evidence_marked_in_notes_only():
    items = by_id(parse("day_plan.md"))
    assert items["Day 5"].evidence == ("evidence/day5-plan.md",)
    assert items["Day 1"].evidence == ()  # a bare mention is not evidence


def test_phase_table_emoji_dates_groups_and_unknown_status():
    doc = parse("phase_table.md")
    items = by_id(doc)
    assert items["Runner"].status is Status.DONE and str(items["Runner"].date) == "2026-01-05"
    assert items["Stage 3"].status is Status.TODO
    assert items["Stage 1"].group == "CORE" and items["Reports"].group == "DELIVERY"
    mixed = items["Mixed"]
    assert (mixed.status, mixed.recognized, mixed.raw_status) == (Status.TODO, False, "gpu-01 ✅ / peers ⛔")
    assert any(n.code == "unknown-status" and n.line == mixed.source.line for n in doc.warnings)


def test_non_tracker_tables_and_fenced_or_commented_tables_are_skipped():
    doc = parse("phase_table.md")
    ids = {i.id for i in doc.items}
    assert not {"PLAN.md", "not-a-row", "ghost"} & ids
    assert any(n.code == "table-skipped" for n in doc.warnings)


def test_ragged_rows_warn_but_do_not_crash():
    doc = parse_markdown("| ID | Status | Notes |\n|---|---|---|\n| A-1 | done |\n| A-2 | todo | x | extra |\n", "r.md")
    assert [i.id for i in doc.items] == ["A-1", "A-2"]
    assert [n.line for n in doc.warnings if n.code == "ragged-row"] == [3, 4]


def test_id_column_choice_and_optional_pipes():
    doc = parse_markdown("Owner | Step | State\n--- | --- | ---\nAna | S-1 | done\n", "p.md")
    assert [(i.id, i.owner, i.status) for i in doc.items] == [("S-1", "Ana", Status.DONE)]


def test_escaped_pipes_and_pipes_in_code_spans_follow_gfm():
    doc = parse_markdown("| ID | Status | Notes |\n|---|---|---|\n| A-1 | done | `a \\| b` |\n", "e.md")
    assert doc.items[0].notes == "a | b"


def test_half_recognised_rule():
    text = "| Key | Status |\n|---|---|\n| a | done |\n| b | Archived |\n| c | Hmm |\n"
    doc = parse_markdown(text, "h.md")
    assert doc.items == () and doc.warnings[0].code == "table-skipped"


def test_crlf_bom_and_mojibake_are_remembered():
    raw = (FIXTURES / "mojibake_crlf.md").read_bytes().decode("utf-8")
    doc = parse_markdown(raw, "m.md")
    assert doc.newline == "\r\n" and not doc.bom and doc.mojibake
    assert [(i.id, i.status) for i in doc.items] == [
        ("Ingest", Status.DONE), ("Backfill", Status.IN_PROGRESS), ("Reindex", Status.TODO)]
    bom = parse_markdown((FIXTURES / "bom.md").read_bytes().decode("utf-8"), "b.md")
    assert bom.bom and bom.items[0].id == "B-1" and bom.items[0].source.line == 3


def test_mixed_newlines_warn():
    doc = parse_markdown("a\r\nb\nc\n", "x.md")
    assert any(n.code == "mixed-newlines" for n in doc.warnings)
