"""Tracker tables: which columns play which part, group rows, legends, and one item per row."""

from __future__ import annotations

import re
from collections.abc import Callable

from tracker.model import Item, Note, Span, Status
from tracker.model.build import from_values, setters
from tracker.parse import columns as cols_mod
from tracker.parse.cells import Row, split_row
from tracker.parse.dependencies import may_name_dependencies
from tracker.parse.draft import Draft
from tracker.parse.evidence_text import paths_in, paths_in_notes
from tracker.parse.mojibake import repair
from tracker.parse.scanner import Table
from tracker.parse.vocabulary import Reading, Vocabulary, strip_markup, strip_markup_cells

_DASHES = {"", "-", "—", "–", "--", "---"}
_SUMMARY = {"total", "totals", "sum", "overall"}
_BOLD = re.compile(r"^(\*\*|__)(.+)\1$")


def _is_dash(text: str) -> bool:
    return strip_markup(text) in _DASHES


class _Legend:
    """Whether a table is a legend that explains the status words: its ID column holds them (`| ✅ | Done |`,
    `| Blocked | ... |`). Decided by the first row with an ID that is not a status word, fed row by row."""

    __slots__ = ("refuted", "seen")

    def __init__(self) -> None:
        self.seen = self.refuted = False

    def feed(self, id_text: str | None, vocab: Vocabulary) -> None:
        if self.refuted or id_text is None or _is_dash(id_text):
            return
        if vocab.read(id_text).status is None:
            self.refuted = True
        else:
            self.seen = True

    @property
    def is_legend(self) -> bool:
        return self.seen and not self.refuted


def read_table(doc: Draft, table: Table, vocab: Vocabulary, id_headers: tuple[str, ...],
               detail: Callable[[str], bool] | None = None) -> None:
    """One pass over the rows (each split once, and no cell objects kept): the items are collected as the
    rows go, and kept only when the Status column turns out mostly recognised and the table is no legend.

    `detail`: when given, only the rows whose ID it accepts are read in full; the others are read as an ID,
    a status and where they are (`_RowReader.summary`), all a `close` of another row needs of them."""
    header_line = table.header_line + 1
    cols = cols_mod.assign([c.text for c in table.header], id_headers)
    status_at = cols.status
    if status_at is None:
        doc.warnings.append(Note(line=header_line, code="table-skipped",
                                 message="table has no Status column; not a tracker table"))
        return
    id_at = cols.id
    width = len(table.header)
    reader = _RowReader(doc.path, cols, vocab)
    legend = _Legend()
    statuses = known = 0
    group: str | None = None
    lines = table.lines
    quick = _QuickRows(reader, width, status_at, detail) if detail is not None else None
    for index in table.row_lines:
        lineno = index + 1
        line = lines[index]
        row = split_row(line)
        texts = row.texts if quick is None else None  # a summary read trims only the cells it reads
        count = len(texts) if texts is not None else len(row)
        if quick is not None and legend.refuted:
            summary = quick.read(row, count, lineno, group)
            if summary is not None:
                statuses += 1
                known += 1
                reader.items.append(summary)
                continue
        if texts is not None:
            # Each cell without markup, as strip_markup gives it.
            clean = strip_markup_cells(texts, line)
            status_text = texts[status_at] if status_at < count else None
            id_text = texts[id_at] if id_at < count else None
            status_clean = None if status_text is None else clean[status_at]
        else:
            clean = None
            status_text = row.text(status_at) if status_at < count else None
            id_text = row.text(id_at) if id_at < count else None
            status_clean = None if status_text is None else strip_markup(status_text)
        legend.feed(id_text, vocab)
        status_dash = status_clean is None or status_clean in _DASHES
        if not status_dash:
            statuses += 1
            known += vocab.read(status_text).status is not None
        if count != width:
            reader.notes.append(Note(line=lineno, code="ragged-row",
                                     message=f"row has {count} cells, the header has {width}"))
        if status_dash:
            texts = row.texts
            label = _group_label(texts, strip_markup_cells(texts, line) if clean is None else clean, status_at)
            if label is not None:
                group = label
                continue
        raw_id = (clean[id_at] if clean is not None else strip_markup(id_text or "")) if id_at < count else ""
        if raw_id.lower() in _SUMMARY:
            continue
        if raw_id in _DASHES:
            reader.notes.append(Note(line=lineno, code="row-without-id", message="table row has no ID; skipped"))
            continue
        if detail is None or detail(raw_id):
            texts = row.texts if texts is None else texts
            clean = strip_markup_cells(texts, line) if clean is None else clean
            item = reader.item(row, texts, clean, raw_id, group, lineno, status_text)
        else:
            item = reader.summary(row, count, raw_id, group, lineno, status_text)
        reader.items.append(item)
    if not statuses or known * 2 < statuses:
        doc.warnings.append(Note(line=header_line, code="table-skipped",
                                 message=f"table's Status column has {known}/{statuses} recognised statuses; "
                                         f"not a tracker table"))
        return
    if legend.is_legend:
        doc.warnings.append(Note(line=header_line, code="table-skipped",
                                       message="table lists status words in its first column: a legend, not items"))
        return
    doc.items.extend(reader.items)
    doc.warnings.extend(reader.notes)


def _group_label(texts: list[str], clean: list[str], status_index: int) -> str | None:
    """A group row: besides dashes, exactly one bold label (the status cell is empty or a dash)."""
    filled = [t for i, t in enumerate(texts) if i != status_index and clean[i] not in _DASHES]
    if len(filled) != 1:
        return None
    bold = _BOLD.match(filled[0].strip())
    if not bold:
        return None
    label = bold.group(2).strip()
    return repair(label)[0] if not label.isascii() else label


_ITEM_SLOTS = setters(Item)
_SPAN_SLOTS = setters(Span)


class _QuickRows:
    """A summary read's common row, read with fewer steps than read_table's loop and to the same item: a row
    with a recognised, non-dash status it has seen before, an ID that is no summary or dash and that
    `detail` does not ask for in full, in a table already known not to be a legend. Any other row
    (`read` gives None) goes through the loop, which also learns its status for the next rows."""

    __slots__ = ("detail", "id_at", "reader", "seen", "status_at", "width")

    def __init__(self, reader: _RowReader, width: int, status_at: int, detail: Callable[[str], bool]):
        self.reader = reader
        self.width = width
        self.status_at = status_at
        self.id_at = reader.cols.id
        self.detail = detail
        self.seen: dict[str, tuple[str, Reading]] = {}  # status text -> (its shared copy, its reading)
        reader.recognised = self.seen  # filled as the loop reads rows with statuses not seen yet

    def read(self, row: Row, count: int, lineno: int, group: str | None) -> Item | None:
        status_at, id_at = self.status_at, self.id_at
        if status_at >= count or id_at >= count:
            return None
        known = self.seen.get(row.text(status_at))
        if known is None:
            return None
        raw_id = strip_markup(row.text(id_at))
        if raw_id in _DASHES or raw_id.lower() in _SUMMARY or self.detail(raw_id):
            return None
        if count != self.width:
            self.reader.notes.append(Note(line=lineno, code="ragged-row",
                                          message=f"row has {count} cells, the header has {self.width}"))
        return self.reader.summary(row, count, raw_id, group, lineno, None, known)


class _RowReader:
    """Builds one table's items, sharing one copy of each repeated short value (statuses, owners, dates)."""

    def __init__(self, path: str, cols: cols_mod.Columns, vocab: Vocabulary):
        self.path = path
        self.cols = cols
        self.vocab = vocab
        self.items: list[Item] = []
        self.notes: list[Note] = []
        self.shared: dict[str, str] = {}
        self.skip = {cols.id, cols.status, cols.evidence}
        # A summary read's status cell texts -> (shared copy, reading), of the recognised statuses that are no
        # dash (_QuickRows); None in a full read, which has no use for it.
        self.recognised: dict[str, tuple[str, Reading]] | None = None

    def _text(self, clean: list[str], index: int | None) -> str | None:
        if index is None or index >= len(clean):
            return None
        value = clean[index]
        return self.shared.setdefault(value, value) if value else None

    def _reading(self, raw_id: str, lineno: int, raw_status: str | None) -> tuple[str, Reading]:
        raw_status = self.shared.setdefault(raw_status, raw_status) if raw_status is not None else ""
        reading = self.vocab.read(raw_status)
        if reading.status is None:
            self.notes.append(Note(line=lineno, code="unknown-status",
                                   message=f"{raw_id}: status {raw_status!r} is not in the vocabulary; read as todo"))
        elif self.recognised is not None and raw_status not in self.recognised \
                and strip_markup(raw_status) not in _DASHES:
            self.recognised[raw_status] = (raw_status, reading)
        return raw_status, reading

    def summary(self, row: Row, count: int, raw_id: str, group: str | None, lineno: int,
                raw_status: str | None, known: tuple[str, Reading] | None = None) -> Item:
        """The row as its ID, status and spans only: no evidence, text fields or dependency text. `known`: the
        status's shared copy and reading when the caller has them (_QuickRows)."""
        raw_status, reading = known if known is not None else self._reading(raw_id, lineno, raw_status)
        cols = self.cols
        status_at, evidence_at, notes_at = cols.status, cols.evidence, cols.notes
        source = from_values(Span, (
            self.path, lineno, row.span(status_at) if status_at is not None and status_at < count else None,
            row.span(evidence_at) if evidence_at is not None and evidence_at < count else None,
            row.span(notes_at) if notes_at is not None and notes_at < count else None, None), _SPAN_SLOTS)
        # Item's fields in order: the detail a summary leaves out stays at its default.
        return from_values(Item, (
            raw_id, "", reading.status or Status.TODO, raw_status, "row", group, None, (), (), (), (), None, None, None,
            None, reading.optional, reading.date, None, reading.status is not None, source, (), ()), _ITEM_SLOTS)

    def item(self, row: Row, texts: list[str], clean: list[str], raw_id: str, group: str | None, lineno: int,
             raw_status: str | None) -> Item:
        cols = self.cols
        count = len(texts)
        raw_status, reading = self._reading(raw_id, lineno, raw_status)
        evidence_at = cols.evidence if cols.evidence is not None and cols.evidence < count else None
        notes_at = cols.notes if cols.notes is not None and cols.notes < count else None
        evidence = paths_in(texts[evidence_at], explicit=True) if evidence_at is not None else []
        if evidence_at is None and notes_at is not None:
            evidence = paths_in_notes(texts[notes_at])
        if group is None and cols.group is not None:
            group = self._text(clean, cols.group)
        dep_text = texts[cols.dependencies] if cols.dependencies is not None and cols.dependencies < count else ""
        covers = texts[cols.covers] if cols.covers is not None and cols.covers < count else None
        # Only the cells where resolve() can find a dependency phrase; one search over them all first.
        prose = [t for i, t in enumerate(texts) if t and i not in self.skip]
        if prose and may_name_dependencies("\0".join(prose)):
            prose = [t for t in prose if may_name_dependencies(t)]
        else:
            prose = []
        return Item(
            id=raw_id,
            title=self._text(clean, cols.title) or "",
            status=reading.status or Status.TODO,
            raw_status=raw_status,
            kind="row",
            group=group,
            evidence=tuple(evidence),
            covers=tuple(paths_in(covers)) if covers is not None else (),
            owner=self._text(clean, cols.owner),
            due=self._text(clean, cols.due),
            priority=self._text(clean, cols.priority),
            definition_of_done=self._text(clean, cols.dod),
            optional=reading.optional,
            date=reading.date,
            notes=self._text(clean, cols.notes),
            recognized=reading.status is not None,
            source=Span(
                path=self.path, line=lineno,
                status=row.span(cols.status) if cols.status is not None and cols.status < count else None,
                evidence=row.span(evidence_at) if evidence_at is not None else None,
                notes=row.span(notes_at) if notes_at is not None else None,
            ),
            dep_text=(dep_text,) if dep_text else (),
            prose_text=tuple(prose),
        )
