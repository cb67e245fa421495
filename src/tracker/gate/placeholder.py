"""Whether a file's bytes are only a template placeholder: read in chunks, any size, any BOM-marked encoding.

The rule: a file is a placeholder when none of its lines says anything. A line says nothing when it
is blank, a heading, inside an HTML comment, or a placeholder line: one that begins with a marker
(`TODO: write the evidence later`, `- [ ] TBD`), a label whose value is only markers (`Result: TBD`),
only markers (`N/A`), or an instruction to fill the template in (`Paste the test output here`).
A line that mentions a marker in passing (`Ran the suite: 12 passed; one TODO left in parser.py`)
says something, so real evidence that talks about TODOs still counts.

Text is decoded by its BOM (UTF-8, UTF-16 and UTF-32, either byte order), else as UTF-8; bytes
that do not decode are binary content (a screenshot, an archive), which counts. NUL characters are
dropped, so UTF-16 text without a BOM reads as its letters. The scan stops at the first line that
says something and holds at most one line piece (`PIECE` characters) in memory.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterable

from tracker.parse.patterns import lazy

PIECE = 8192  # longer lines are judged piece by piece; the rest of a placeholder line stays placeholder

_BOMS = (  # longest first: the UTF-32 LE BOM starts with the UTF-16 LE one
    (codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"), (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_MARKERS = (r"todo|to-do|tbd|tba|tbc|fixme|xxx+|wip|placeholder|coming soon|lorem ipsum|fill (?:in|me|out)"
            r"|to be (?:written|added|done|completed|filled(?: in)?|provided|determined)")
_ALONE = _MARKERS + r"|n/a|na|none|none yet|pending|to do|empty"  # placeholders only when nothing else is said
# A line that opens with a marker: in capitals (`TODO write it`), or in any case followed by punctuation.
_STARTS_WITH_MARKER = lazy(
    rf"(?:TODO|TO-DO|TBD|TBA|TBC|FIXME|XXX+|WIP)(?!\w)|(?i:{_MARKERS})(?:\s*[:\-\u2013\u2014(.!]|$)"
)
_ONLY_MARKERS = lazy(rf"(?:[\W_]|\b(?:{_ALONE})(?![\w/]))*", re.IGNORECASE)
_LABEL = lazy(r"[^:]{1,40}:(.*)")
_INSTRUCTION = lazy(r"(?:write|add|insert|paste|describe|put|attach|record|document|fill in|fill out)\b"
                          r".*\b(?:here|later|below|tbd|soon)\W*", re.IGNORECASE)
_MARKUP = lazy(r"(?:[-*+>]\s+|\d+[.)]\s+|\[[ xX]\]\s*)+")  # list bullets, quotes, checkboxes


def placeholder_line(text: str) -> bool:
    """Whether one line (comments already removed) says nothing: blank, heading or placeholder phrase."""
    line = text.replace("\x00", "").strip()
    if not line or line.startswith("#"):
        return True
    line = _MARKUP().sub("", line, count=1) if _MARKUP().match(line) else line
    line = line.strip("*_~` \t")
    if not line:
        return True
    if _STARTS_WITH_MARKER().match(line) or _ONLY_MARKERS().fullmatch(line) or _INSTRUCTION().fullmatch(line):
        return True
    label = _LABEL().fullmatch(line)
    return label is not None and _ONLY_MARKERS().fullmatch(label.group(1).strip("*_~` \t")) is not None


class PlaceholderScan:
    """Feed bytes with `feed`; `says_something` turns True (and stays) at the first line that counts."""

    def __init__(self) -> None:
        self.says_something = False
        self._head = b""  # first bytes, until the BOM is known
        self._decoder: codecs.IncrementalDecoder | None = None
        self._line = ""  # the current line piece
        self._at_line_start = True
        self._rest_is_placeholder = False  # the current line began as a placeholder line
        self._in_comment = False

    def feed(self, chunk: bytes) -> bool:
        """Take the next bytes; True once the file is known to say something (stop reading then)."""
        if self.says_something:
            return True
        if self._decoder is None:
            self._head += chunk
            if len(self._head) < 4:
                return False
            chunk, self._head = self._head, b""
            self._start(chunk)
            chunk = chunk[self._bom_length:]
        try:
            self._text(self._decoder.decode(chunk) if self._decoder else "")
        except UnicodeDecodeError:
            self.says_something = True  # binary content
        return self.says_something

    def finish(self) -> bool:
        """Call after the last chunk; True when the file is only a placeholder."""
        if not self.says_something:
            if self._decoder is None:
                head, self._head = self._head, b""
                self._start(head)
                self.feed(head[self._bom_length:])
            try:
                self._text(self._decoder.decode(b"", final=True) if self._decoder else "")
            except UnicodeDecodeError:
                self.says_something = True
            if not self.says_something:
                self._piece(self._line, line_ends=True)
        return not self.says_something

    def _start(self, head: bytes) -> None:
        encoding, self._bom_length = "utf-8", 0
        for bom, name in _BOMS:
            if head.startswith(bom):
                encoding, self._bom_length = name, len(bom)
                break
        self._decoder = codecs.getincrementaldecoder(encoding)("strict")

    def _text(self, text: str) -> None:
        *complete, self._line = (self._line + text).split("\n")
        for line in complete:
            self._piece(line, line_ends=True)
            if self.says_something:
                return
        while len(self._line) > PIECE and not self.says_something:
            piece, self._line = self._line[:PIECE], self._line[PIECE:]
            self._piece(piece, line_ends=False)

    def _piece(self, text: str, line_ends: bool) -> None:
        text = self._uncomment(text)
        if not self._rest_is_placeholder:
            if not text.strip(" \t\r\x00\ufeff"):
                pass  # still at the start of the line, as far as meaning goes
            elif placeholder_line(text):
                self._rest_is_placeholder = not line_ends
            else:
                self.says_something = True
        if line_ends:
            self._rest_is_placeholder = False

    def _uncomment(self, text: str) -> str:
        kept: list[str] = []
        while text:
            if self._in_comment:
                end = text.find("-->")
                if end < 0:
                    return "".join(kept)
                text, self._in_comment = text[end + 3:], False
            else:
                start = text.find("<!--")
                if start < 0:
                    kept.append(text)
                    break
                kept.append(text[:start] + " ")
                text, self._in_comment = text[start + 4:], True
        return "".join(kept)


_MAYBE_BOM = frozenset((b"\xef", b"\xfe", b"\xff", b"\x00"))  # first bytes of every BOM in _BOMS


def _whole_is_placeholder(data: bytes) -> bool | None:
    """`scan_placeholder` of a file given whole, for the common case (no BOM, UTF-8, no HTML comment, a last
    line within PIECE): the same verdict without a scanner, an incremental decoder and their per-piece calls
    (a large project reads ~9,000 evidence files on a cold run). None: not that case, scan it."""
    if data[:1] in _MAYBE_BOM:
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return False  # binary content counts, as the scan says of bytes that do not decode
    if "<!--" in text:
        return None
    lines = text.split("\n")
    if len(lines[-1]) > PIECE:  # the scan judges an unfinished line piece by piece
        return None
    # blank lines say nothing; the first line that says something decides
    return all(placeholder_line(line) for line in lines if line.strip(" \t\r\x00\ufeff"))


def scan_placeholder(chunks: Iterable[bytes]) -> bool:
    """Whether the bytes (given in chunks) are only a template placeholder; stops at the first real line."""
    if chunks.__class__ is tuple and len(chunks) == 1:  # a file read whole
        verdict = _whole_is_placeholder(chunks[0])
        if verdict is not None:
            return verdict
    scan = PlaceholderScan()
    for chunk in chunks:
        if scan.feed(chunk):
            return False
    return scan.finish()


def is_placeholder(data: bytes) -> bool:
    """Only headings, placeholder lines, comments and whitespace: a template, not evidence."""
    return scan_placeholder((data,))
