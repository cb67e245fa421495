"""Tracker tables: which columns play which part, group rows, legends, and one item per row."""

from __future__ import annotations

import re

from tracker.model import Item, Note, Span, Status
from tracker.parse import columns as cols_mod
from tracker.parse.draft import Draft
from tracker.parse.evidence_text import paths_in, paths_in_notes
from tracker.parse.mojibake import repair
from tracker.parse.scanner import Cell, Table
from tracker.parse.vocabulary import Vocabulary, strip_markup

_DASHES = {"", "-", "—", "–", "--", "---"}
_SUMMARY = {"total", "totals", "sum", "overall"}
_BOLD = re.compile(r"^(\*\*|__)(.+)\1$")


def _cell(cells: list[Cell], index: int | None) -> Cell | None:
    if index is None or index >= len(cells):
        return None
    return cells[index]


def _is_dash(text: str) -> bool:
    return strip_markup(text) in _DASHES


def read_table(doc: Draft, table: Table, vocab: Vocabulary, id_headers: tuple[str, ...]) -> None:
    header_line = table.header_line + 1
    cols = cols_mod.assign([c.text for c in table.header], id_headers)
    if cols.status is None:
        doc.warnings.append(Note(line=header_line, code="table-skipped",
                                 message="table has no Status column; not a tracker table"))
        return
    statuses = [c.text for _, cells in table.rows if (c := _cell(cells, cols.status)) and not _is_dash(c.text)]
    known = sum(1 for s in statuses if vocab.read(s).status is not None)
    if not statuses or known * 2 < len(statuses):
        doc.warnings.append(Note(line=header_line, code="table-skipped",
                                 message=f"table's Status column has {known}/{len(statuses)} recognised statuses; "
                                         f"not a tracker table"))
        return
    if _is_legend(table, cols, vocab):
        doc.warnings.append(Note(line=header_line, code="table-skipped",
                                       message="table lists status words in its first column: a legend, not items"))
        return
    width = len(table.header)
    group: str | None = None
    for index, cells in table.rows:
        lineno = index + 1
        if len(cells) != width:
            doc.warnings.append(Note(line=lineno, code="ragged-row",
                                     message=f"row has {len(cells)} cells, the header has {width}"))
        status_cell = _cell(cells, cols.status)
        id_cell = _cell(cells, cols.id)
        if status_cell is None or _is_dash(status_cell.text):
            label = _group_label(cells, cols.status)
            if label is not None:
                group = label
                continue
        raw_id = strip_markup(id_cell.text) if id_cell else ""
        if raw_id.lower() in _SUMMARY:
            continue
        if raw_id in _DASHES:
            doc.warnings.append(Note(line=lineno, code="row-without-id", message="table row has no ID; skipped"))
            continue
        doc.items.append(_row_item(doc, cells, cols, raw_id, group, lineno, status_cell, vocab))


def _is_legend(table: Table, cols: cols_mod.Columns, vocab: Vocabulary) -> bool:
    """A legend explains the status words: its ID column holds them (`| ✅ | Done |`, `| Blocked | ... |`)."""
    seen = False
    for _, cells in table.rows:  # the first row with an ID usually settles it
        cell = _cell(cells, cols.id)
        if cell is None or _is_dash(cell.text):
            continue
        if vocab.read(cell.text).status is None:
            return False
        seen = True
    return seen


def _group_label(cells: list[Cell], status_index: int) -> str | None:
    """A group row: besides dashes, exactly one bold label (the status cell is empty or a dash)."""
    filled = [c.text for i, c in enumerate(cells) if i != status_index and not _is_dash(c.text)]
    if len(filled) != 1:
        return None
    bold = _BOLD.match(filled[0].strip())
    if not bold:
        return None
    label = bold.group(2).strip()
    return repair(label)[0] if not label.isascii() else label


def _row_item(doc: Draft, cells: list[Cell], cols: cols_mod.Columns, raw_id: str, group: str | None, lineno: int,
              status_cell: Cell | None, vocab: Vocabulary) -> Item:
    raw_status = status_cell.text if status_cell else ""
    reading = vocab.read(raw_status)
    if reading.status is None:
        doc.warnings.append(Note(line=lineno, code="unknown-status",
                                 message=f"{raw_id}: status {raw_status!r} is not in the vocabulary; read as todo"))

    def text(index: int | None) -> str | None:
        cell = _cell(cells, index)
        return strip_markup(cell.text) or None if cell else None

    evidence_cell = _cell(cells, cols.evidence)
    notes_cell = _cell(cells, cols.notes)
    evidence = paths_in(evidence_cell.text, explicit=True) if evidence_cell else []
    if evidence_cell is None and notes_cell is not None:
        evidence = paths_in_notes(notes_cell.text)
    if group is None and cols.group is not None:
        group = text(cols.group)
    dep_cell = _cell(cells, cols.dependencies)
    covers_cell = _cell(cells, cols.covers)
    skip = {cols.id, cols.status, cols.evidence}
    prose = [c.text for i, c in enumerate(cells) if i not in skip and c.text]
    return Item(
        id=raw_id,
        title=text(cols.title) or "",
        status=reading.status or Status.TODO,
        raw_status=raw_status,
        kind="row",
        group=group,
        evidence=tuple(evidence),
        covers=tuple(paths_in(covers_cell.text)) if covers_cell else (),
        owner=text(cols.owner),
        due=text(cols.due),
        priority=text(cols.priority),
        definition_of_done=text(cols.dod),
        optional=reading.optional,
        date=reading.date,
        notes=text(cols.notes),
        recognized=reading.status is not None,
        source=Span(
            path=doc.path, line=lineno,
            status=(status_cell.start, status_cell.end) if status_cell else None,
            evidence=(evidence_cell.start, evidence_cell.end) if evidence_cell else None,
            notes=(notes_cell.start, notes_cell.end) if notes_cell else None,
        ),
        dep_text=(dep_cell.text,) if dep_cell and dep_cell.text else (),
        prose_text=tuple(prose),
    )
