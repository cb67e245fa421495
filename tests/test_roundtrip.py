"""Round-trips on generated trackers: split/join is byte-identical, spans slice their cells, close is surgical."""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tracker.model import Status
from tracker.parse.markdown import parse_markdown
from tracker.parse.text import split_lines

STATUS_CELLS = ["done", "✅ COMPLETE (2025-12-28)", "‚úÖ Complete", "🔄 PARTIAL", "IN_PROGRESS", "todo", "blocked",
                "**done**", "COMPLETED", "⏸️ Pending", "done \\| verified"]
NOTE_CELLS = ["", "ok", "evidence: `docs/e.md`", "a \\| b", "`x \\| y`", "Ã©tÃ©", "🚀 shipped", "—"]
EVIDENCE_CELLS = ["", "—", "`docs/evidence/a.md`", "[log](logs/run.txt)", "`a.md`, `b.md`"]
NOISE = [["```", "| ID | Status |", "|---|---|", "| X-1 | done |", "```"], ["<!-- | ID | Status | -->"],
         ["<!--", "| Y-1 | done |", "-->"], ["Plain prose with | a pipe."], ["## Notes 🚀"], []]


@st.composite
def tracker_documents(draw) -> str:
    counter = iter(range(1, 10_000))
    lines: list[str] = ["# Tracker"]
    for _ in range(draw(st.integers(1, 4))):
        lines += draw(st.sampled_from(NOISE)) + [""]
        if draw(st.booleans()):
            lead = draw(st.booleans())
            edge = ("| ", " |") if lead else ("", "")
            lines.append(edge[0] + "ID | Task | Status | Evidence | Notes" + edge[1])
            lines.append(edge[0] + "---|---|:---:|---|---" + edge[1])
            for _ in range(draw(st.integers(1, 6))):
                cells = [f"T{next(counter)}-1", draw(st.sampled_from(["Build", "Ship é", "a \\| b"])),
                         draw(st.sampled_from(STATUS_CELLS)), draw(st.sampled_from(EVIDENCE_CELLS)),
                         draw(st.sampled_from(NOTE_CELLS))]
                lines.append(edge[0] + " | ".join(cells) + edge[1])
        else:
            lines.append("## Checklist")
            for _ in range(draw(st.integers(1, 5))):
                mark = draw(st.sampled_from(" xX~"))
                lines.append(f"{draw(st.sampled_from(['', '  ']))}- [{mark}] **C{next(counter)}-1**: do a thing")
                if draw(st.booleans()):
                    lines.append("  - Evidence: `docs/c.md`")
        lines.append("")
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    text = newline.join(lines) + draw(st.sampled_from(["", newline]))
    return ("\ufeff" if draw(st.booleans()) else "") + text


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tracker_documents())
def test_split_then_join_is_byte_identical(text: str) -> None:
    from tracker.write.lines import LineText

    lines, newline, bom, mixed = split_lines(text)
    assert not mixed
    assert ("\ufeff" if bom else "") + newline.join(lines) == text
    assert LineText(text).text() == text


@given(st.lists(st.sampled_from(["a", "b|c", "", "é🚀"]), max_size=6), st.lists(st.sampled_from(["\n", "\r\n"]),
       max_size=6), st.booleans())
def test_mixed_newlines_survive_line_text(parts: list[str], endings: list[str], bom: bool) -> None:
    from tracker.write.lines import LineText

    text = ("\ufeff" if bom else "") + "".join(p + e for p, e in zip(parts, endings))
    assert LineText(text).text() == text


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tracker_documents())
def test_status_spans_slice_the_raw_status(text: str) -> None:
    lines, *_ = split_lines(text)
    doc = parse_markdown(text, "t.md")
    assert doc.items, "every generated document has tracker items"
    for item in doc.items:
        line = lines[item.source.line - 1]
        a, b = item.source.status
        raw = line[a:b]
        # Cells keep `\|` in the file; the parsed text has it unescaped, as markdown-it does.
        assert raw.replace("\\|", "|") == item.raw_status, (item.id, raw, item.raw_status)
        if item.source.evidence is not None:
            ev = line[slice(*item.source.evidence)]
            assert ev == ev.strip() and "|" not in ev.replace("\\|", "")


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tracker_documents(), st.data())
def test_close_changes_only_that_items_cells(text: str, data) -> None:
    from tracker.write.markdown_edit import Change, edit_markdown

    doc = parse_markdown(text, "t.md")
    item = data.draw(st.sampled_from(doc.items))
    change = Change(item_id=item.id, status=Status.DONE, evidence=["docs/evidence/new.md"], today=dt.date(2026, 1, 5))
    out = edit_markdown(text, "t.md", change)
    before, _, bom, _ = split_lines(text)
    after, _, bom_after, _ = split_lines(out.text)
    assert bom == bom_after
    number = item.source.line - 1
    if out.evidence_where == "line":
        # A task gets the path on an `Evidence:` line of its own block (a new or an existing one).
        end = (item.source.end_line or item.source.line) - 1
        if len(after) == len(before) + 1:
            added = next(i for i in range(number + 1, len(after)) if i > end or after[i] != before[i])
            assert added <= end + 1 and after[:added] [number + 1:] == before[number + 1:added]
            assert after[added + 1:] == before[added:] and "docs/evidence/new.md" in after[added]
        else:
            assert len(after) == len(before)
            changed = [i for i in range(len(after)) if after[i] != before[i] and i != number]
            assert len(changed) == 1 and number < changed[0] <= end
            assert "docs/evidence/new.md" in after[changed[0]]
        assert after[:number] == before[:number]
    else:
        assert len(after) == len(before)
        assert [l for i, l in enumerate(after) if i != number] == [l for i, l in enumerate(before) if i != number]
    old, new = before[number], after[number]
    spans = [s for s in (item.source.status, item.source.evidence, item.source.notes) if s is not None]
    first, last = min(a for a, _ in spans), max(b for _, b in spans)
    if item.kind == "row":
        # A cell's edit may re-pad it, but nothing outside the pipes around the edited cells moves.
        first = old.rfind("|", 0, first) + 1
        last = next((i for i in range(last, len(old)) if old[i] == "|" and old[i - 1] != "\\"), len(old))
    assert new[:first] == old[:first]
    assert new[len(new) - (len(old) - last):] == old[last:]
    reparsed = [i for i in parse_markdown(out.text, "t.md").items if i.id == item.id]
    assert len(reparsed) == 1 and reparsed[0].status == Status.DONE
