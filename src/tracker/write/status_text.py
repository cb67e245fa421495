"""The new text of a status cell, in the document's own vocabulary and decoration."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter

from tracker.model import Status
from tracker.parse.mojibake import repair
from tracker.parse.vocabulary import DEFAULT, Vocabulary

_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
_PLACEHOLDER = "\x00DATE\x00"
_LEAD_EMOJI = re.compile("^[\u2190-\u2bff\u2600-\u27bf\U0001f000-\U0001faff][\ufe0e\ufe0f]?\\s*")
EMOJI_FOR = {Status.DONE: "✅", Status.IN_PROGRESS: "🔄", Status.BLOCKED: "⛔", Status.PAUSED: "⏸️",
             Status.TODO: "⏳", Status.DROPPED: "🚫"}
CHECKBOX_FOR = {Status.DONE: "[x]", Status.TODO: "[ ]", Status.IN_PROGRESS: "[~]"}


def checkbox(target: Status, current: str) -> str:
    """`[x]`, `[ ]` or `[~]`; a task list cannot say blocked, paused or dropped."""
    if target == Status.DONE and current in ("[x]", "[X]"):
        return current  # keep the writer's own capital X
    box = CHECKBOX_FOR.get(target)
    if box is None:
        from tracker.errors import UsageError

        raise UsageError(f"a task-list item can only be todo, in_progress or done (`[ ]`, `[~]`, `[x]`), not {target}")
    return box


def _clean(raw: str) -> str:
    return repair(raw)[0] if not raw.isascii() else raw


def styled(target: Status, current: str, exemplars: list[tuple[int, str]], line: int, today: dt.date,
           vocab: Vocabulary = DEFAULT) -> str:
    """Copy the most common way this document writes `target` (dates become today), else adapt `current`."""
    # Each distinct cell text once, with how often and how near it is written: a 200,000-row table
    # has a handful of them.
    seen: dict[str, list[int]] = {}  # raw -> [count, distance to `line`]
    for where, raw in exemplars:  # no abs()/min() calls: ~9,000 exemplars in a 10,000-row table
        distance = where - line if where >= line else line - where
        known = seen.get(raw)
        if known is None:
            seen[raw] = [1, distance]
        else:
            known[0] += 1
            if distance < known[1]:
                known[1] = distance
    shapes: Counter[str] = Counter()
    nearest: dict[str, int] = {}
    for raw, (count, distance) in seen.items():
        shape = _DATE.sub(_PLACEHOLDER, _clean(raw).strip())
        if not shape or vocab.read(shape.replace(_PLACEHOLDER, today.isoformat())).status != target:
            continue
        shapes[shape] += count
        nearest[shape] = min(nearest.get(shape, 1 << 30), distance)
    if shapes:
        best = max(shapes, key=lambda s: (shapes[s], -nearest[s]))
        return best.replace(_PLACEHOLDER, today.isoformat())
    return adapt(target, current, vocab)


def adapt(target: Status, current: str, vocab: Vocabulary = DEFAULT) -> str:
    """No example of `target` in the document: keep the current cell's emoji, bold and case."""
    text = _clean(current).strip()
    emoji = bool(_LEAD_EMOJI.match(text))
    body = _LEAD_EMOJI.sub("", text)
    bold = body.startswith("**") and body.count("**") >= 2
    letters = [ch for ch in body.replace("**", "") if ch.isalpha()]
    word = target.value
    if letters and all(ch.isupper() for ch in letters):
        word = word.upper()
    elif letters and letters[0].isupper():
        word = word.replace("_", " ").capitalize()
    if bold:
        word = f"**{word}**"
    if emoji:
        word = f"{EMOJI_FOR[target]} {word}"
    if vocab.read(word).status != target:
        return target.value
    return word
