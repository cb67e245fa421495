"""Read evidence paths and URLs out of cell text: backticked, linked or bare."""

from __future__ import annotations

import re

_CODE = re.compile(r"`([^`]+)`")
_LINK = re.compile(r"!?\[([^\]]*)\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
_BARE = re.compile(r"(?:(?:https?|file)://[^\s<>|`]+|[^\s,;<>|`()\[\]]*[/\\][^\s,;<>|`()\[\]]*|[\w.\-~]+\.[A-Za-z0-9]{1,6})")
_ONE_CODE_SPAN = re.compile(r"`[^`\s]+`\Z")
_NOTES_MARK = re.compile(r"(?i)\bevidence\s*:\s*")
# A commit as evidence: `commit: <sha>` anywhere, or a bare full 40-hex SHA (rules_proof judges it).
_COMMIT = re.compile(r"(?i)\bcommit\s*:\s*`?([0-9a-f]{7,64})\b`?|(?<![\w/.])([0-9a-f]{40})(?![\w/.])")
_EMPTY = {"", "-", "—", "–", "n/a", "na", "none", "tbd", "todo", "pending", "missing", "?"}


def paths_in(text: str) -> list[str]:
    """Every evidence reference in `text`, cleaned of backticks and link syntax, in order."""
    text = text.strip()
    if text.lower() in _EMPTY:
        return []
    if _ONE_CODE_SPAN.match(text):
        # The common cell, one backticked path: skip the three scans below.
        value = text[1:-1].strip()
        return [] if value.lower() in _EMPTY else [value]
    found: list[tuple[int, str]] = []
    taken: list[tuple[int, int]] = []
    for match in _LINK.finditer(text):
        found.append((match.start(), match.group(2)))
        taken.append(match.span())
    for match in _CODE.finditer(text):
        if any(a <= match.start() < b for a, b in taken):
            continue
        value = match.group(1).strip()
        if value and value.lower() not in _EMPTY:
            found.append((match.start(), value))
        taken.append(match.span())
    for match in _COMMIT.finditer(text):
        if not any(a <= match.start() < b for a, b in taken):
            found.append((match.start(), f"commit: {(match.group(1) or match.group(2)).lower()}"))
            taken.append(match.span())
    rest = text
    if taken:
        # Blank out what links and code spans took (was a per-character scan of every span).
        chars = list(text)
        for a, b in taken:
            chars[a:b] = " " * (b - a)
        rest = "".join(chars)
    for match in _BARE.finditer(rest.replace("<br>", " ")):
        value = match.group(0).rstrip(".:")
        if value and value.lower() not in _EMPTY and not value.startswith("**"):
            found.append((match.start(), value))
    seen: set[str] = set()
    ordered = []
    for _, value in sorted(found):
        if value not in seen:
            seen.add(value)
            ordered.append(value)
    return ordered


def paths_in_notes(text: str) -> list[str]:
    """Only the marked form counts in notes: `evidence: PATH`, up to the next `;`."""
    found: list[str] = []
    for match in _NOTES_MARK.finditer(text):
        tail = text[match.end():]
        stop = tail.find(";")
        found.extend(paths_in(tail if stop < 0 else tail[:stop]))
    return found


def is_url(value: str) -> bool:
    return value.startswith(("http://", "https://"))
