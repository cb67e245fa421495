"""Status claims made in prose, which the status-conflict rule holds against the tables.

Three shapes, chosen for precision over recall:
  `WS1-005` -> `done`                 (a transition, also `A` through `B` -> `done`)
  done=40, blocked=2 (WS1-002, WS1-003)  (a tally naming its items)
  Only remaining blocker: WS1-002/WS1-003  (a blocker line)
  - Day 8 (Builds): COMPLETED (...)   (a status line in a list)
Struck-through text (~~old~~) is ignored. IDs are resolved against the project later.
"""

from __future__ import annotations

import re

from tracker.model.status import Status
from tracker.parse.patterns import lazy
from tracker.parse.vocabulary import Vocabulary

ID_TOKEN = r"[A-Za-z][A-Za-z0-9]*(?:[-_.][A-Za-z0-9]+)*-\d+[A-Za-z]?|[A-Z][A-Za-z]* \d+[a-z]?"
_ID = lazy(rf"`({ID_TOKEN})`|\b({ID_TOKEN})\b")
_STRUCK = lazy(r"~~.*?~~")
_ARROW = lazy(r"^(?P<ids>.{1,120}?)\s*(?:->|→|=>)\s*`?(?P<status>[A-Za-z_' -]+?)`?\s*(?:$|[(,.;—])")
_RANGE = lazy(rf"`?({ID_TOKEN})`?\s+(?:through|thru|to|–|—|\.\.)\s+`?({ID_TOKEN})`?")
_TALLY = lazy(r"\b(done|blocked|in_progress|todo|paused|dropped)`?\s*=\s*\d+`?\s*\(([^)]*)\)", re.I)
_BLOCKER = lazy(r"\bblockers?\b[^:]{0,40}:\s*(.+)$", re.I)
_LIST_MARK = lazy(r"^\s*(?:[-*+]|\d{1,9}[.)])\s+")
_STATUS_LINE = lazy(rf"^[^\w`]*`?({ID_TOKEN})`?\s*(?:\([^)]*\))?\s*:\s*(.+)$")
_RESOLVED = lazy(r"\b(resolved|closed|cleared|none|no longer)\b", re.I)

_COUNT = lazy(r"\b(done|blocked|in_progress|todo|paused|dropped)`?\s*=\s*`?(\d{1,7})\b", re.I)

Found = tuple[str, Status, str]  # (candidate id, status, matched text)


def ids_in(text: str) -> list[str]:
    found = []
    for match in _RANGE().finditer(text):
        found.extend(expand_range(match.group(1), match.group(2)))
    text = _RANGE().sub(" ", text)
    found.extend(m.group(1) or m.group(2) for m in _ID().finditer(text))
    return found


def expand_range(first: str, last: str) -> list[str]:
    """`WS2-001` through `WS2-005` names five items; anything irregular names just the ends."""
    a, b = re.match(r"^(.*?)(\d+)([A-Za-z]?)$", first), re.match(r"^(.*?)(\d+)([A-Za-z]?)$", last)
    if not a or not b or a.group(1) != b.group(1) or a.group(3) or b.group(3):
        return [first, last]
    lo, hi, width = int(a.group(2)), int(b.group(2)), len(a.group(2))
    if not 0 <= hi - lo <= 500:
        return [first, last]
    return [f"{a.group(1)}{n:0{width}d}" for n in range(lo, hi + 1)]


def claims_in(line: str, vocab: Vocabulary) -> list[Found]:
    text = _STRUCK().sub(" ", line)
    if not any(ch.isdigit() for ch in text):
        return []
    found: list[Found] = []
    body = _LIST_MARK().sub("", text, count=1)
    arrow = _ARROW().match(body)
    if arrow:
        reading = vocab.read(arrow.group("status"))
        if reading.status is not None:
            found.extend((i, reading.status, body.strip()) for i in ids_in(arrow.group("ids")))
            return found
    for match in _TALLY().finditer(text):
        status = Status(match.group(1).lower())
        found.extend((i, status, match.group(0)) for i in ids_in(match.group(2)))
    if found:
        return found
    blocker = _BLOCKER().search(text)
    if blocker and not _RESOLVED().search(blocker.group(1)):
        return [(i, Status.BLOCKED, text.strip()) for i in ids_in(blocker.group(1))]
    if _LIST_MARK().match(text):
        status_line = _STATUS_LINE().match(body)
        if status_line:
            reading = vocab.read(status_line.group(2))
            if reading.status is not None:
                return [(status_line.group(1), reading.status, body.strip())]
    return found


def tallies_in(line: str) -> dict[str, int]:
    """Hand-typed counts on a line: `done=40`, `blocked=2` (struck text ignored)."""
    if "=" not in line:
        return {}
    return {m.group(1).lower(): int(m.group(2)) for m in _COUNT().finditer(_STRUCK().sub(" ", line))}
