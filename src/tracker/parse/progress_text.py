"""Hand-typed progress in prose (`Progress: [██████░░░░] 60%`, `12/20 tasks complete`) against the items.

A percentage counts only beside a progress bar or a word that says what it measures (progress,
overall, complete, done); a fraction only when followed by complete/done; neither when the line
holds other numbers, which name a narrower scope or another measure. Each is compared with
the items of the section it sits in (its heading and the headings below), or with the whole
document when that section has no items of its own. A difference is a note, `stale-progress`,
that the stale-count rule (TRK111) reports.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tracker.model import Item, Note, Status

_BAR = re.compile(r"[█▓▒░■□▰▱]{4,}|\[[#=. -]{5,}\]")
_PERCENT = re.compile(r"(?<![\d.])(\d{1,3}(?:\.\d+)?)\s*%")
_CONTEXT = re.compile(r"(?i)\b(?:progress|overall|completion|complete|completed|done)\b")
_FRACTION = re.compile(r"(?i)(?<![\d./])(\d{1,5})\s*(?:/|\bof\b)\s*(\d{1,5})\s+(?:(?:tasks?|items?|plans?|steps?|"
                       r"stories|phases?)\s+)?(?:complete|completed|done|finished)\b")


@dataclass(frozen=True, slots=True)
class Progress:
    line: int  # 1-based
    scope: str | None  # heading path the line sits under
    text: str
    percent: float | None = None
    done: int | None = None
    total: int | None = None


def progress_in(line: str, number: int, scope: str | None) -> Progress | None:
    """The progress a line types, when it says nothing else with numbers (`Phase 2 progress: 10%`,
    `514/1,537 days (33.4%)` or `33% complete, ETA 20:42` measure something else)."""
    if "%" in line:
        found = _PERCENT.search(line)
        if found and (_BAR.search(line) or _CONTEXT.search(line)) and not _other_digits(line, found):
            return Progress(number, scope, line.strip()[:200], percent=float(found.group(1)))
    if "/" in line or " of " in line:
        found = _FRACTION.search(line)
        if found and not _other_digits(line, found):
            return Progress(number, scope, line.strip()[:200], done=int(found.group(1)), total=int(found.group(2)))
    return None


def _other_digits(line: str, found: re.Match[str]) -> bool:
    return any(ch.isdigit() for ch in line[:found.start()] + line[found.end():])


def stale_progress(claims: list[Progress], items: list[Item]) -> list[Note]:
    notes = []
    for claim in claims:
        scope = [i for i in items if claim.scope and (i.parent or "").startswith(claim.scope)] or items
        counted = [i for i in scope if i.status is not Status.DROPPED]
        if not counted:
            continue
        done = sum(1 for i in counted if i.status is Status.DONE)
        if claim.percent is not None:
            actual = 100 * done / len(counted)
            if abs(actual - claim.percent) >= 1:
                notes.append(Note(line=claim.line, code="stale-progress",
                                  message=f"the progress typed here says {claim.percent:g}% but {done} of "
                                          f"{len(counted)} items are done ({actual:.0f}%)"))
        elif (claim.done, claim.total) != (done, len(counted)):
            notes.append(Note(line=claim.line, code="stale-progress",
                              message=f"the progress typed here says {claim.done}/{claim.total} but {done} of "
                                      f"{len(counted)} items are done"))
    return notes
