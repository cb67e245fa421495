"""GFM table cells: split a table line into cells with their spans, and read a delimiter row."""

from __future__ import annotations

import re

_DELIM = re.compile(r"^ {0,3}[|:-][-:| \t]*$")
_DELIM_CELL = re.compile(r"^:?-+:?$")

# The CommonMark whitespace markdown-it trims cells with.
TRIM = "".join(chr(c) for c in sorted({0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x20, 0xA0, 0x1680, 0x202F, 0x205F, 0x3000,
                                       *range(0x2000, 0x200B), 0x2028, 0x2029}))


class Cell:
    """One cell of a table line. A plain slotted class: a dataclass costs ~0.4 ms of every command's start-up."""

    __slots__ = ("end", "start", "text")

    def __init__(self, text: str, start: int, end: int) -> None:
        self.text = text  # trimmed, with `\|` unescaped, as markdown-it gives it
        self.start = start  # [start, end) of the trimmed raw text in the line
        self.end = end

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Cell) and (self.text, self.start, self.end) == (other.text, other.start, other.end)

    __hash__ = None  # type: ignore[assignment]  # mutable, as the dataclass was

    def __repr__(self) -> str:
        return f"Cell(text={self.text!r}, start={self.start}, end={self.end})"


class Row:
    """A table line split into cells: every cell's text, and one cell's span when asked for it.

    Texts and spans are worked out on demand: a reader needs two or three per row (a summary read, the ID and
    the status cell), and a 200,000-row table would otherwise hold millions of cell objects."""

    __slots__ = ("_parts", "_spans", "_start", "_texts")

    def __init__(self, texts: list[str] | None, start: int = 0, parts: list[str] | None = None,
                 spans: list[int] | None = None):
        self._texts = texts  # None until asked for: then each raw part trimmed
        self._start = start  # where the first raw cell starts in the line
        self._parts = parts  # the raw cells, when the line had no backslash
        self._spans = spans  # [start0, end0, start1, end1, ...] of a line with a backslash

    @property
    def texts(self) -> list[str]:
        """Every cell's text, trimmed as markdown-it trims it."""
        if self._texts is None:
            self._texts = [part.strip(TRIM) for part in self._parts or []]
        return self._texts

    def __len__(self) -> int:
        return len(self._texts if self._texts is not None else self._parts or [])

    def text(self, k: int) -> str:
        """Cell k's text (texts[k]) without trimming the other cells."""
        if self._texts is not None:
            return self._texts[k]
        return (self._parts or [])[k].strip(TRIM)

    def span(self, k: int) -> tuple[int, int]:
        """[start, end) of cell k's trimmed text in the line."""
        if self._spans is not None:
            return self._spans[2 * k], self._spans[2 * k + 1]
        parts = self._parts or []
        pos = self._start + k + sum(map(len, parts[:k]))  # each earlier cell and its closing pipe
        part = parts[k]
        text = self._texts[k] if self._texts is not None else part.strip(TRIM)
        if not text:
            return pos, pos
        left = pos + part.index(text)  # `text` cannot start inside the blank run before it
        return left, left + len(text)

    def cells(self) -> list[Cell]:
        texts = self.texts
        if self._spans is None:  # one pass over the line, not one per cell
            spans: list[int] = []
            pos = self._start
            for text, part in zip(texts, self._parts or [], strict=True):
                left = pos + part.index(text) if text else pos
                spans += (left, left + len(text))
                pos += len(part) + 1
            self._spans = spans
        return [Cell(text, self._spans[2 * k], self._spans[2 * k + 1]) for k, text in enumerate(texts)]


def split_cells(line: str) -> list[Cell]:
    """Split a table line the way markdown-it's escapedSplit does, keeping spans."""
    return split_row(line).cells()


def split_row(line: str) -> Row:
    """The cells of a table line as markdown-it reads them (escapedSplit, then trimmed)."""
    if "\\" in line:
        return _split_escaped(line)
    body = line.strip(TRIM)
    if not body:
        return Row([])
    start = line.find(body[0])  # the first character that is not blank: where the body starts
    parts = body.split("|")
    if not parts[0]:  # a leading pipe opens the row
        del parts[0]
        start += 1
    if parts and not parts[-1]:  # a trailing pipe closes it
        parts.pop()
    return Row(None, start, parts)


def _split_escaped(line: str) -> Row:
    """split_row for a line with a backslash: a pipe after a backslash is text (`\\|`), not a boundary."""
    lead = len(line) - len(line.lstrip(TRIM))
    stop = max(lead, len(line.rstrip(TRIM)))  # an all-blank line has no cells
    bounds: list[tuple[int, int]] = []
    start = lead
    pos = line.find("|", lead, stop)
    while pos >= 0:
        if pos == lead or line[pos - 1] != "\\":
            bounds.append((start, pos))
            start = pos + 1
        pos = line.find("|", pos + 1, stop)
    bounds.append((start, stop))
    if bounds and bounds[0][0] == bounds[0][1]:
        bounds.pop(0)
    if bounds and bounds[-1][0] == bounds[-1][1]:
        bounds.pop()
    texts: list[str] = []
    spans: list[int] = []
    for a, b in bounds:
        raw = line[a:b]
        left = len(raw) - len(raw.lstrip(TRIM))
        right = len(raw.rstrip(TRIM))
        if right <= left:
            texts.append("")
            spans += (a, a)
            continue
        text = raw[left:right]
        texts.append(text.replace("\\|", "|") if "\\|" in text else text)
        spans += (a + left, a + right)
    return Row(texts, spans=spans)


def delimiter_width(line: str) -> int:
    """Number of columns a delimiter row declares, or 0 when it is not one."""
    if not _DELIM.match(line):
        return 0
    start = line.lstrip(" ")
    # markdown-it wants two characters, and `- ` would be a list item.
    if len(start) < 2 or (start[0] == "-" and start[1] in " \t"):
        return 0
    body = line.strip()
    parts = body.split("|")
    width = 0
    for i, part in enumerate(parts):
        part = part.strip(TRIM)
        if not part:
            if i == 0 or i == len(parts) - 1:
                continue
            return 0
        if not _DELIM_CELL.match(part):
            return 0
        width += 1
    return width


