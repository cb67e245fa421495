"""Read the IDs a dependency names, against the IDs the project has: lists, ranges, plurals and labels.

  `T01–T06`, `P1-T00-P1-T20`, `2.1 to 2.4`   a range between two IDs (known IDs in between)
  `Days 90 and 91`, `Slices 1-6`              a plural label: `Day 90`, `Day 91`; `Slice 1` ...
  `Slice 3` when the document's IDs are `1..6`   a label prefix: `3`
  `[1.1a, 1.1b]`                               a bracketed list
An ID-shaped token that names no item (`depends on AUTH-09` with no AUTH-09) is kept, so that
the unknown-dependency rule (TRK202) reports it instead of the dependency vanishing.
"""

from __future__ import annotations

import re
from typing import Protocol

from tracker.parse.claims import expand_range
from tracker.parse.patterns import lazy

_SEPARATOR = lazy(r"^\s*(?:–|—|-|\.\.\.?|\bto\b|\bthrough\b|\bthru\b)\s*")
_PIECES = lazy(r"\s*(?:[,;/+&]|\band\b|\bor\b)\s*")
_PLURAL = lazy(
    r"^([A-Z][a-z]+?)(?:es|s)\s+(\d+[a-z]?(?:\s*(?:,|\band\b|&|\bor\b|–|—|-|\bto\b|\bthrough\b)\s*\d+[a-z]?)*)"
)
_LABELLED = lazy(r"^([A-Z][a-z]+)\s+(\d+(?:\.\d+)*[a-z]?)\b")
_NUMBERS = lazy(r"(\d+)([a-z]?)(?:\s*(?:–|—|-|\bto\b|\bthrough\b)\s*(\d+)(?![\d.]))?")
# Shapes an author writes as an ID, for naming unknown dependencies (never plain words or "Python 3").
_DIGIT = re.compile(r"\d")
_BARE_NUMBER = lazy(r"\d{1,4}[a-z]?")
_LIST_NEXT = lazy(r"\s*(?:,|&|/|\band\b|\bor\b)\s*[`*]*")
_CODED = lazy(r"^(?:[A-Za-z][A-Za-z0-9]*(?:[-_.][A-Za-z0-9]+)*-\d+[A-Za-z]?|[A-Z]{1,4}\d+(?:\.\d+)*[a-z]?"
                    r"|\d{1,3}(?:\.\d{1,3})+[a-z]?)(?![\w-])")


class Index(Protocol):
    ids: set[str]

    def at(self, text: str, pos: int) -> str | None: ...


Found = tuple[str, bool]  # (id, whether the project has it)


def in_list(text: str, index: Index) -> list[Found]:
    """The IDs a dependency field names (a Depends column cell, a `_Depends:_` line)."""
    text = text.strip().strip("[]")
    out: list[Found] = []
    for piece in _PIECES().split(text):
        piece = piece.strip().strip("[]`*_ ")
        if piece and _BARE_NUMBER().fullmatch(piece) and piece not in index.ids:
            out.append((piece, False))  # a whole field entry "7" names task 7, known or not
        elif piece:
            out.extend(_one(piece, index, strict=True))
    return out


def after_phrase(text: str, pos: int, index: Index, strict: bool) -> list[Found]:
    """The IDs that follow a phrase such as `depends on` at text[pos:]."""
    rest = text[pos:]
    if rest.startswith("["):
        close = rest.find("]")
        return in_list(rest[1:close if close > 0 else len(rest)], index)
    found = _one(rest, index, strict)
    # A list after the phrase: "depends on T012, T013 and T014".
    pos = 0
    while found:
        pos += _consumed(rest[pos:], found[-1][0])
        more = _LIST_NEXT().match(rest, pos)
        if not more:
            break
        pos = more.end()
        following = _one(rest[pos:], index, strict)
        if not following:
            break
        found.extend(following)
    return found


def _consumed(text: str, last: str) -> int:
    """How far into `text` the ID `last` ends (0 when it does not occur)."""
    at = text.find(last)
    return at + len(last) if at >= 0 else 0


def _one(text: str, index: Index, strict: bool) -> list[Found]:
    first = index.at(text, 0)
    if first is not None:
        if len(first) == len(text):
            return [(first, True)]
        return [(i, True) for i in _range_from(first, text[len(first):], index)]
    if _DIGIT.search(text, 0, 40) is None:
        return []  # every other form (plural, label prefix, unknown ID) holds a number
    plural = _PLURAL().match(text)
    if plural:
        return _labelled_numbers(plural.group(1), plural.group(2), index)
    labelled = _LABELLED().match(text)
    if labelled and labelled.group(2) in index.ids:
        return [(labelled.group(2), True)]
    coded = _CODED().match(text)
    if strict and coded:
        return [(coded.group(0), False)]
    return []


def _range_from(first: str, rest: str, index: Index) -> list[str]:
    separator = _SEPARATOR().match(rest)
    if not separator:
        return [first]
    last = index.at(rest, separator.end())
    if last is None:
        return [first]
    return [i for i in expand_range(first, last) if i in index.ids] or [first, last]


def _labelled_numbers(label: str, numbers: str, index: Index) -> list[Found]:
    out: list[Found] = []
    for match in _NUMBERS().finditer(numbers):
        start, suffix, end = match.group(1), match.group(2), match.group(3)
        is_range = end and not suffix and int(end) - int(start) <= 500
        values = [f"{n}" for n in range(int(start), int(end) + 1)] if is_range else [start + suffix]
        for value in values:
            for candidate in (f"{label} {value}", value):
                if candidate in index.ids:
                    out.append((candidate, True))
                    break
            else:
                out.append((f"{label} {value}", False))
    return out
