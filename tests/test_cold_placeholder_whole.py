"""A file given whole takes the placeholder scan's shortcut (_whole_is_placeholder); its verdict is the streamed
scan's, byte for byte, whatever the encoding, comments, markers and line lengths."""

from __future__ import annotations

import codecs

from hypothesis import given, settings
from hypothesis import strategies as st

from tracker.gate.placeholder import PIECE, _whole_is_placeholder, scan_placeholder

LINES = st.sampled_from([
    "", " ", "# Proof", "## Heading", "TODO: write the evidence later", "- [ ] TBD", "Result: TBD", "N/A",
    "Paste the test output here", "Ran the suite: 12 passed; one TODO left in parser.py", "12 checks passed",
    "<!-- a comment -->", "<!--", "-->", "text <!-- hidden --> more", "\x00", "\ufeff", "\r", "é", "**TBD**",
    "x" * (PIECE + 3), "TODO " + "y" * (PIECE + 5), "\t", "> none", "1. pending",
])
TEXTS = st.lists(LINES, max_size=6).map("\n".join)
ENCODED = st.one_of(
    TEXTS.map(lambda text: text.encode("utf-8")),
    st.tuples(st.sampled_from([codecs.BOM_UTF8, codecs.BOM_UTF16_LE, b"\xef", b"\xff", b"\x00"]), TEXTS)
    .map(lambda pair: pair[0] + pair[1].encode("utf-8", "surrogatepass")),
    st.binary(max_size=12),
    st.tuples(TEXTS, st.binary(max_size=3)).map(lambda pair: pair[0].encode("utf-8") + pair[1]),
)


def streamed(data: bytes, size: int) -> bool:
    """The scan fed in pieces of `size` bytes (a list, so never the shortcut)."""
    return scan_placeholder([data[start:start + size] for start in range(0, len(data), size)] or [b""])


@settings(max_examples=1500, deadline=None)
@given(ENCODED, st.sampled_from([1, 3, 7, 64, 1 << 20]))
def test_a_whole_file_reads_as_the_streamed_scan_reads_it(data: bytes, size: int) -> None:
    assert scan_placeholder((data,)) == streamed(data, size)


def test_the_shortcut_is_taken_for_plain_evidence_and_left_for_the_rest() -> None:
    assert _whole_is_placeholder(b"# Proof\n\nRan the steps; 21 checks passed.\n") is False
    assert _whole_is_placeholder(b"# Proof\n\nTODO: write it\n") is True
    assert _whole_is_placeholder(b"\x89PNG\r\n\x1a\n\x00\x00") is False  # binary content counts
    assert _whole_is_placeholder(codecs.BOM_UTF8 + b"TODO\n") is None
    assert _whole_is_placeholder(b"<!-- Ran the suite -->\nTBD\n") is None
    assert _whole_is_placeholder(b"TBD " + b"z" * (PIECE + 1)) is None
