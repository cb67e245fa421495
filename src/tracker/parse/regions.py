"""Generated regions as data: markers, spans, checksums, and whether a region is fresh, stale or hand-edited.

Pure and below both gate and render: a use case renders a region's expected body (render), judges it here, and
hands the resulting states to the gate (TRK401/TRK402) or writes the new text.
"""

from __future__ import annotations

import hashlib
import re
import shlex
from dataclasses import dataclass
from typing import Literal

MARKER = "<!-- tracker:"
_CHECKSUM = re.compile(r"\bchecksum=([0-9a-f]{8,64})\b")


@dataclass(frozen=True, slots=True)
class RegionSpan:
    name: str
    options: dict[str, str]
    start: int  # 1-based line of the opening marker
    end: int  # 1-based line of the closing marker
    body: str  # the lines between the markers, joined with "\n"
    checksum: str | None  # what the closing marker says the generated body hashed to


State = Literal["fresh", "stale", "hand-edited", "error"]


@dataclass(frozen=True, slots=True)
class RegionState:
    """One region of one document as judged against what `tracker render` would write."""

    path: str
    name: str
    line: int  # 1-based line of the opening marker
    state: State
    message: str = ""


def checksum(body: str) -> str:
    """Short hash of generated text, newline-neutral so CRLF documents agree with LF ones."""
    return hashlib.sha256(body.replace("\r\n", "\n").encode("utf-8")).hexdigest()[:8]


def parse_options(raw: str) -> dict[str, str]:
    """`scope=trackers/*.md limit=5` -> {"scope": ..., "limit": ...}; a bare word is a flag set to "true"."""
    options: dict[str, str] = {}
    try:
        words = shlex.split(raw)
    except ValueError:
        words = raw.split()
    for word in words:
        key, sep, value = word.partition("=")
        options[key.strip().lower()] = value if sep else "true"
    return options


def end_marker(name: str, body: str) -> str:
    return f"<!-- /tracker:{name} checksum={checksum(body)} -->"


def find_regions(lines: list[str]) -> tuple[list[RegionSpan], list[tuple[int, str]]]:
    """Complete regions outside code fences, and (line, name) of regions never closed."""
    from tracker.parse.scanner import scan  # only for a document holding a marker: a check without any skips it

    found, unclosed = [], []
    for region in scan(lines).regions:
        if region.end is None:
            unclosed.append((region.start + 1, region.name))
            continue
        mark = _CHECKSUM.search(region.end_options)
        body = "\n".join(lines[region.start + 1:region.end])
        found.append(RegionSpan(region.name, parse_options(region.options), region.start + 1, region.end + 1, body,
                                mark.group(1) if mark else None))
    return found, unclosed


def hand_edited(region: RegionSpan) -> bool:
    """The body no longer hashes to what was generated (a region never rendered has no checksum yet)."""
    return region.checksum is not None and checksum(region.body) != region.checksum


def judge(path: str, region: RegionSpan, body: str, end_line: str, force: bool = False) -> RegionState:
    """Compare a region with its expected `body`; `end_line` is the closing marker line as written.

    fresh: body and marker match. hand-edited: the text no longer hashes to its marker (kept unless `force`).
    stale: anything else, which rendering replaces.
    """
    if body == region.body.replace("\r", "") and end_line.strip() == end_marker(region.name, body):
        return RegionState(path, region.name, region.start, "fresh")
    if hand_edited(region) and not force:
        return RegionState(path, region.name, region.start, "hand-edited",
                           f"region {region.name!r} was edited by hand since it was generated "
                           f"(checksum {checksum(region.body)}, marker says {region.checksum})")
    return RegionState(path, region.name, region.start, "stale")


def unclosed_state(path: str, line: int, name: str) -> RegionState:
    return RegionState(path, name, line, "error", f"region {name!r} has no closing marker `<!-- /tracker:{name} -->`")


def view_names(text: str) -> set[str]:
    """The views the complete regions of `text` ask for (cheap when there is no marker)."""
    if MARKER not in text:
        return set()
    from tracker.parse.text import split_lines

    regions, _ = find_regions(split_lines(text)[0])
    return {region.name for region in regions}
