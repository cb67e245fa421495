"""Region markers `<!-- tracker:NAME opts -->` … `<!-- /tracker:NAME checksum=… -->` and their checksums."""

from __future__ import annotations

import hashlib
import re
import shlex
from dataclasses import dataclass

from tracker.parse.scanner import scan

_CHECKSUM = re.compile(r"\bchecksum=([0-9a-f]{8,64})\b")


@dataclass(frozen=True, slots=True)
class RegionSpan:
    name: str
    options: dict[str, str]
    start: int  # 1-based line of the opening marker
    end: int  # 1-based line of the closing marker
    body: str  # the lines between the markers, joined with "\n"
    checksum: str | None  # what the closing marker says the generated body hashed to


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
