"""A line scanner for the Markdown that trackers use: fences, comments, headings, GFM tables, task lists.

It follows the GFM table rules as markdown-it-py implements them (the tests hold it to
that), but only splits lines, so a 10,000-row table scans in milliseconds. Cells keep
their character spans, which the writers need to edit one cell and nothing else.
"""

from __future__ import annotations

import re
from functools import cache

from tracker.parse.cells import TRIM, Cell, Row, delimiter_width, split_cells, split_row
from tracker.parse.patterns import lazy

__all__ = ["TRIM", "Cell", "Heading", "Region", "Row", "Scan", "Table", "Task", "scan", "split_cells", "split_row"]

_FENCE = re.compile(r"^( {0,3})(`{3,}|~{3,})(.*)$")
_HEADING = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))??(?:[ \t]+#+)?[ \t]*$")
# Marks beyond GFM's `x`: `~`, `-`, `/` (what they mean is the format's call, see parse/formats);
# a `*` (often escaped `\*`) right after the box is Kiro's "optional task".
_TASK = re.compile(r"^( *)([-*+]|\d{1,9}[.)])[ \t]+\[([ xX~/-])\](\\?\*)?(?:[ \t]+(.*))?$")
_QUOTE_TEXT = re.compile(r"^ {0,3}>(?:[ \t]*>)*[ \t]*[^\s>]")  # a blockquote line with text
# A list item with text: where the text starts. Only space and tab are blank to CommonMark (not U+00A0).
_ITEM_TEXT = re.compile(r"^ *(?:[-*+]|\d{1,9}[.)]) {1,4}(?=[^ \t])")
_LIST = re.compile(r"^ {0,3}(?:[-*+]|\d{1,9}[.)])(?:[ \t]|$)")
_EMPTY_ITEM = re.compile(r"^ *(?:[-*+]|\d{1,9}[.)])[ \t]*$")  # a list item with no text opens no paragraph
# An ordered item not numbered 1: it cannot interrupt a paragraph.
_LATE_NUMBER = re.compile(r"^ *0*(?:[02-9]|\d{2,9})[.)]")
_HR = re.compile(r"^ {0,3}(?:(?:-[ \t]*){3,}|(?:\*[ \t]*){3,}|(?:_[ \t]*){3,})$")
# CommonMark HTML blocks of types 1-6, the ones that can interrupt a table or paragraph; an
# inline tag such as `<br>` or `<span>` (type 7) cannot, so a row may start with one.
_BLOCK_TAGS = ("address|article|aside|base|basefont|blockquote|body|caption|center|col|colgroup|dd|details|dialog|"
               "dir|div|dl|dt|fieldset|figcaption|figure|footer|form|frame|frameset|h1|h2|h3|h4|h5|h6|head|header|"
               "hr|html|iframe|legend|li|link|main|menu|menuitem|nav|noframes|ol|optgroup|option|p|param|search|"
               "section|summary|table|tbody|td|tfoot|th|thead|title|tr|track|ul")
_HTML_START = lazy(r"^ {0,3}(?:<(?a:script|pre|style|textarea)(?=\s|>|$)|<!--|<\?|<![A-Za-z]|<!\[CDATA\[|"
                   rf"</?(?a:{_BLOCK_TAGS})(?=\s|/?>|$))", re.IGNORECASE)  # ~0.6 ms to compile; rarely run
_REGION = re.compile(r"^\s*<!--\s*(/?)tracker:([\w-]+)(.*?)-->\s*$")


# Plain slotted classes, not dataclasses: every command that reads Markdown imports this module, and a
# dataclass costs ~0.4 ms to create (its generated methods are compiled from source at import).


class Table:
    __slots__ = ("header", "header_line", "lines", "row_lines")

    def __init__(self, header_line: int, header: list[Cell], lines: list[str]) -> None:
        self.header_line = header_line  # 0-based index of the header line
        self.header = header
        self.lines = lines  # the document's lines (shared, not copied)
        self.row_lines: list[int] = []  # line index of each row, split when read

    @property
    def rows(self) -> list[tuple[int, list[Cell]]]:
        """(line index, cells as written) of every row; readers of large tables use `row_lines` and split_row."""
        return [(index, split_cells(self.lines[index])) for index in self.row_lines]

    @property
    def end_line(self) -> int:
        return self.row_lines[-1] if self.row_lines else self.header_line + 1


class Heading:
    __slots__ = ("level", "line", "text")

    def __init__(self, line: int, level: int, text: str) -> None:
        self.line = line
        self.level = level
        self.text = text


class Task:
    __slots__ = ("box", "end_line", "indent", "line", "mark", "optional", "text", "text_start")

    def __init__(self, line: int, indent: int, mark: str, box: int, text: str, text_start: int, end_line: int,
                 optional: bool = False) -> None:
        self.line = line
        self.indent = indent
        self.mark = mark
        self.box = box  # offset of "[" in the line
        self.text = text
        self.text_start = text_start
        self.end_line = end_line  # last line of the item's block
        self.optional = optional  # `- [ ]*` / `- [ ]\*`


class Region:
    __slots__ = ("end", "end_options", "name", "options", "start")

    def __init__(self, name: str, options: str, start: int) -> None:
        self.name = name
        self.options = options
        self.start = start  # line of the opening marker
        self.end: int | None = None  # line of the closing marker
        self.end_options = ""


class Scan:
    """What the scanner saw, by 0-based line index."""

    __slots__ = ("comment", "fenced", "generated", "headings", "html", "prose", "regions", "tables", "tasks")

    def __init__(self) -> None:
        self.headings: list[Heading] = []
        self.tables: list[Table] = []
        self.tasks: list[Task] = []
        self.regions: list[Region] = []
        self.fenced: set[int] = set()  # lines inside fences, markers included
        self.comment: set[int] = set()  # lines inside HTML comment blocks
        self.html: set[int] = set()  # lines of other HTML blocks (still read as prose)
        self.generated: set[int] = set()  # lines inside tracker regions
        self.prose: list[int] = []  # lines that are none of the above


def _columns(line: str) -> int:
    """Column of the first non-blank character, tabs to stops of 4 (CommonMark's indentation)."""
    col = 0
    for ch in line:
        if ch == " ":
            col += 1
        elif ch == "\t":
            col += 4 - col % 4
        else:
            break
    return col


@cache
def _html_ends() -> tuple[tuple[re.Pattern[str], re.Pattern[str]], ...]:
    """How each HTML block type (1-5) ends; type 6 ends before the next blank line. Compiled on first use."""
    return ((re.compile(r"^ {0,3}<(?a:script|pre|style|textarea)(?=\s|>|$)", re.I),
             re.compile(r"</(?a:script|pre|style|textarea)>", re.I)),
            (re.compile(r"^ {0,3}<\?"), re.compile(r"\?>")),
            (re.compile(r"^ {0,3}<![A-Za-z]"), re.compile(">")),
            (re.compile(r"^ {0,3}<!\[CDATA\["), re.compile(r"\]\]>")))


def _html_block_end(lines: list[str], i: int) -> int:
    """Index of the last line of the HTML block that starts at line i (not a comment)."""
    for start, end in _html_ends():
        if start.match(lines[i]):
            for j in range(i, len(lines)):
                if end.search(lines[j].lstrip(" ")):
                    return j
            return len(lines) - 1
    j = i
    while j + 1 < len(lines) and lines[j + 1].strip(" \t"):
        j += 1
    return j


def _is_fence(line: str, fence: re.Match[str] | None = None) -> bool:
    """An opening code fence: a backtick fence's info string may not contain a backtick."""
    fence = fence or _FENCE.match(line)
    return fence is not None and not (fence.group(2)[0] == "`" and "`" in fence.group(3))


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _ends_table(line: str) -> bool:
    """Lines that start another block and so end a table (markdown-it's terminators)."""
    if line[:1] == "|":  # the common row: no block starts with a pipe
        return False
    if not line.strip(TRIM) or _columns(line) >= 4:
        return True
    stripped = line.lstrip(" ")
    return bool(
        (stripped.startswith((">", "#")) and (not stripped.startswith("#") or _HEADING.match(line)))
        or (stripped.startswith(("```", "~~~")) and _is_fence(line))
        or _HR.match(line)
        or _LIST.match(line)
        or _HTML_START().match(line)
    )


def scan(lines: list[str]) -> Scan:
    out = Scan()
    i = 0
    n = len(lines)
    open_region: Region | None = None
    task_stack: list[Task] = []
    # Content column of the list item whose paragraph is still open: its later lines are lazy
    # continuations, and markdown-it starts a table there only if the delimiter row is indented
    # to the item's content (else `- [x] a` + `| b | c |` + `|---|---|` is one paragraph).
    item_text: int | None = None
    # A blockquote paragraph is still open: a following line is its lazy continuation, never a table.
    quote_text = False
    # A top-level paragraph is open: an ordered item not numbered 1 continues it rather than starting a list.
    paragraph = False
    while i < n:
        line = lines[i]
        # Only a prose line keeps the paragraph open; every other block closes it.
        open_item, item_text = item_text, None
        in_quote, quote_text = quote_text, False
        in_paragraph, paragraph = paragraph, False
        fence = _FENCE.match(line)
        if fence and _is_fence(line, fence):
            char, size = fence.group(2)[0], len(fence.group(2))
            out.fenced.add(i)
            i += 1
            while i < n:
                out.fenced.add(i)
                close = _FENCE.match(lines[i])
                if close and close.group(2)[0] == char and len(close.group(2)) >= size and not close.group(3).strip():
                    i += 1
                    break
                i += 1
            task_stack.clear()
            continue
        region = _REGION.match(line)
        if region:
            closing, name, options = region.group(1), region.group(2), region.group(3).strip()
            if not closing and open_region is None:
                open_region = Region(name, options, i)
                out.regions.append(open_region)
            elif closing and open_region is not None and open_region.name == name:
                open_region.end = i
                open_region.end_options = options
                open_region = None
            i += 1
            continue
        if open_region is not None:
            out.generated.add(i)
            i += 1
            continue
        stripped = line.lstrip(" ")
        if stripped.startswith("<!--") and _columns(line) < 4:
            start = i
            # markdown-it looks for the end from the opening `<!` on, so `<!-->` closes at once.
            while i < n and "-->" not in (lines[i][lines[i].index("<!--") + 2:] if i == start else lines[i]):
                out.comment.add(i)
                i += 1
            if i < n:
                out.comment.add(i)
            i += 1
            continue
        if stripped.startswith("<") and _HTML_START().match(line):
            # An HTML block: markdown-it passes it through raw, so no tables, headings or tasks.
            end = _html_block_end(lines, i)
            for j in range(i, end + 1):
                out.html.add(j)
                out.prose.append(j)
            task_stack.clear()
            i = end + 1
            continue
        # markdown-it tries a table before a heading: `# | x` over `--- | ---` is a header row.
        if ("|" in line and i + 1 < n and _columns(line) < 4 and not in_quote
                and (open_item is None or _columns(lines[i + 1]) >= open_item)):
            width = delimiter_width(lines[i + 1])
            if width:
                header = split_cells(line)
                if len(header) == width:
                    table = Table(i, header, lines)
                    j = i + 2
                    while j < n and not _ends_table(lines[j]):
                        j += 1
                    table.row_lines = list(range(i + 2, j))
                    out.tables.append(table)
                    i = j
                    task_stack.clear()
                    continue
        heading = _HEADING.match(line) if stripped.startswith("#") else None
        if heading:
            out.headings.append(Heading(i, len(heading.group(1)), (heading.group(2) or "").strip()))
            task_stack.clear()
            i += 1
            continue
        task = _TASK.match(line)
        if task:
            item = Task(i, len(task.group(1)), task.group(3), line.index("[", len(task.group(1)) + len(task.group(2))),
                        (task.group(5) or "").rstrip(), task.start(5) if task.group(5) is not None else len(line), i,
                        task.group(4) is not None)
            while task_stack and task_stack[-1].indent >= item.indent:
                task_stack.pop()
            out.tasks.append(item)
            task_stack.append(item)
            item_text = item.box
            i += 1
            continue
        if task_stack and line.strip() and _indent(line) > task_stack[-1].indent:
            for owner in task_stack:
                if _indent(line) > owner.indent:
                    owner.end_line = i
        elif line.strip():
            task_stack.clear()
        if line.strip(" \t"):
            listed = _ITEM_TEXT.match(line)
            if listed and in_paragraph and open_item is None and _LATE_NUMBER.match(line):
                listed = None
            # A thematic break or an empty item closes the paragraph: nothing after it is a lazy continuation.
            closes = _EMPTY_ITEM.match(line) or _HR.match(line)
            item_text = listed.end() if listed else None if closes else open_item
            paragraph = open_item is None and item_text is None
            quote_text = in_quote or _QUOTE_TEXT.match(line) is not None
        out.prose.append(i)
        i += 1
    return out
