"""The one glob engine: path patterns checked when configuration loads and matched in linear time.

Every Source (the working tree, the index, a revision, a history replay), gate `evidence_glob`s and
render `scope=` options match repository-relative POSIX paths through this module, so a pattern
finds the same files wherever it is used.

Why not pathlib, fnmatch, pathspec or wcmatch: they translate a pattern into a backtracking regex,
where twenty `**/` segments take hours on one path; pathlib also refuses `**.md` with a ValueError
and walks symlinked folders. Here a pattern is a list of segments run as an NFA over the path's
segments (a `**` segment is a state that loops), and each state set is interned, so a step costs one
dict lookup after its first use. Each segment is matched without regex by a two-pointer wildcard
match, so one path costs at most O(path length x pattern length).

The semantics (the same for every Source):
- `*` matches any run of characters within one segment (dotfiles included), `?` one character,
  `[abc]`, `[a-z]`, `[!a-z]` (or `[^a-z]`) one character of a set; matching is case-sensitive.
- `**` as a whole segment matches zero or more whole segments (`a/**/b` matches `a/b` and
  `a/x/y/b`); at the end it means everything below (`trackers/**` matches every file under
  `trackers/`, not `trackers` itself).
- `**` inside a segment (`trackers/**.md`) is refused, not read as `*`: it almost always means
  `trackers/**/*.md`, and the message says so.
- Refused when configuration loads: an empty pattern, an absolute path, a drive, `..` or empty
  segments, backslashes, control characters, an unclosed `[`, more than 256 characters or more than
  8 `**` segments. A `.` segment is dropped (`./trackers/*.md` is `trackers/*.md`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache

MAX_PATTERN_CHARS = 256
MAX_DOUBLESTARS = 8
_MAX_TRANSITIONS = 100_000  # memo bound; a cleared memo only costs recomputation

_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_DRIVE = re.compile(r"^[A-Za-z]:")

SegmentTest = Callable[[str], bool]


class GlobError(ValueError):
    """A pattern this module refuses; the message says why."""


def glob_problem(pattern: object) -> str | None:
    """Why `pattern` is not an acceptable path glob, or None."""
    if not isinstance(pattern, str):
        return "is not a string"
    try:
        compile_glob(pattern)
    except GlobError as exc:
        return str(exc)
    return None


def _segments(pattern: str, limit: bool) -> list[str]:
    if not isinstance(pattern, str) or not pattern.strip():
        raise GlobError("is empty")
    if limit and len(pattern) > MAX_PATTERN_CHARS:
        raise GlobError(f"is longer than {MAX_PATTERN_CHARS} characters")
    if _CONTROL.search(pattern):
        raise GlobError("contains a control character")
    if "\\" in pattern:
        raise GlobError("uses backslashes; write repository paths with /")
    if pattern.startswith("/") or _DRIVE.match(pattern):
        raise GlobError("is an absolute path; write it relative to the repository root")
    segments = [s for s in pattern.split("/") if s != "."]
    if not segments:
        raise GlobError("names no path")
    for segment in segments:
        if segment == "":
            raise GlobError("has an empty path segment (`//` or a trailing `/`)")
        if segment == "..":
            raise GlobError("uses `..` to leave the repository")
        if "**" in segment and segment != "**":
            raise GlobError(f"uses `**` inside the segment {segment!r}; `**` must be a whole segment "
                            f"(write e.g. `trackers/**/*.md`)")
    if limit and segments.count("**") > MAX_DOUBLESTARS:
        raise GlobError(f"has more than {MAX_DOUBLESTARS} `**` segments")
    return segments


@dataclass(frozen=True, slots=True)
class CharSet:
    """`[...]`: one character of a set of characters and ranges, or (negate) not of it."""

    negate: bool
    chars: frozenset[str]
    ranges: tuple[tuple[str, str], ...]

    def __call__(self, ch: str) -> bool:
        hit = ch in self.chars or any(lo <= ch <= hi for lo, hi in self.ranges)
        return hit != self.negate


Unit = str | CharSet  # "*" any run, "?" any one character, another 1-character string itself


def _units(segment: str) -> list[Unit]:
    units: list[Unit] = []
    i = 0
    while i < len(segment):
        ch = segment[i]
        if ch != "[":
            if not (ch == "*" and units and units[-1] == "*"):
                units.append(ch)
            i += 1
            continue
        j = i + 1
        negate = j < len(segment) and segment[j] in "!^"
        if negate:
            j += 1
        start = j
        if j < len(segment) and segment[j] == "]":  # a leading `]` is a member
            j += 1
        while j < len(segment) and segment[j] != "]":
            j += 1
        if j >= len(segment):
            raise GlobError(f"has an unclosed `[` in {segment!r}")
        body = segment[start:j]
        chars: set[str] = set()
        ranges: list[tuple[str, str]] = []
        k = 0
        while k < len(body):
            if k + 2 < len(body) and body[k + 1] == "-":
                ranges.append((body[k], body[k + 2]))
                k += 3
            else:
                chars.add(body[k])
                k += 1
        units.append(CharSet(negate, frozenset(chars), tuple(ranges)))
        i = j + 1
    return units


def _unit_matches(unit: Unit, ch: str) -> bool:
    if isinstance(unit, CharSet):
        return unit(ch)
    return unit == "?" or unit == ch


def _wildcard(units: list[Unit], text: str) -> bool:
    """Two-pointer wildcard match (backtrack only to the last `*`): O(len(text) x len(units))."""
    t = u = 0
    star_u, star_t = -1, 0
    while t < len(text):
        if u < len(units) and units[u] != "*" and _unit_matches(units[u], text[t]):
            t += 1
            u += 1
        elif u < len(units) and units[u] == "*":
            star_u, star_t = u, t
            u += 1
        elif star_u >= 0:
            star_t += 1
            t = star_t
            u = star_u + 1
        else:
            return False
    while u < len(units) and units[u] == "*":
        u += 1
    return u == len(units)


def _plain(text: str) -> bool:
    return not any(ch in text for ch in "*?[")


def _segment_test(segment: str) -> SegmentTest:
    units = _units(segment)  # parsed first: an unclosed `[` is refused whatever the shape
    if _plain(segment):
        return segment.__eq__
    if segment == "*":
        return _anything
    if segment.startswith("*") and _plain(segment[1:]):
        tail = segment[1:]
        return lambda name: name.endswith(tail)
    if segment.endswith("*") and _plain(segment[:-1]):
        head = segment[:-1]
        return lambda name: name.startswith(head)
    return lambda name: _wildcard(units, name)


def _anything(name: str) -> bool:
    return True


class Glob:
    """One compiled pattern; `match(path)` on repository-relative POSIX paths."""

    def __init__(self, pattern: str, limit: bool = True):
        segments = _segments(pattern, limit)
        if segments[-1] == "**":  # everything below: at least one more segment
            segments = [*segments[:-1], "*", "**"]
        collapsed: list[str] = []
        for segment in segments:  # `**/**` is `**`
            if not (segment == "**" and collapsed and collapsed[-1] == "**"):
                collapsed.append(segment)
        self.pattern = pattern
        self.normal = "/".join(segments)
        self._loops = [segment == "**" for segment in collapsed]
        self._tests: list[SegmentTest | None] = [None if loop else _segment_test(s)
                                                  for loop, s in zip(self._loops, collapsed, strict=True)]
        literal = []
        for segment in collapsed[:-1]:
            if any(ch in segment for ch in "*?["):
                break
            literal.append(segment)
        self.prefix = "/".join(literal) + "/" if literal else ""  # every match starts with this
        self._end = len(collapsed)
        self._ids: dict[frozenset[int], int] = {}
        self._sets: list[frozenset[int]] = []
        self._steps: list[dict[str, int]] = []
        self._memo_size = 0
        self.start = self._intern(self._closure({0}))

    def _closure(self, states: Iterable[int]) -> frozenset[int]:
        out: set[int] = set()
        for state in states:
            while state not in out:
                out.add(state)
                if state < self._end and self._loops[state]:
                    state += 1
                else:
                    break
        return frozenset(out)

    def _intern(self, states: frozenset[int]) -> int:
        found = self._ids.get(states)
        if found is None:
            found = self._ids[states] = len(self._sets)
            self._sets.append(states)
            self._steps.append({})
        return found

    def step(self, state: int, segment: str) -> int:
        """The state after one more path segment (state 0 of an empty set means no match is possible)."""
        steps = self._steps[state]
        found = steps.get(segment)
        if found is not None:
            return found
        nxt: set[int] = set()
        for at in self._sets[state]:
            if at == self._end:
                continue
            if self._loops[at]:
                nxt.add(at)
            elif self._tests[at](segment):  # type: ignore[misc]
                nxt.add(at + 1)
        found = self._intern(self._closure(nxt))
        if self._memo_size > _MAX_TRANSITIONS:
            for table in self._steps:
                table.clear()
            self._memo_size = 0
        steps[segment] = found
        self._memo_size += 1
        return found

    def alive(self, state: int) -> bool:
        """Whether some path continuing from this state could still match (prunes folder walks)."""
        return bool(self._sets[state])

    def accepts(self, state: int) -> bool:
        return self._end in self._sets[state]

    def match(self, path: str) -> bool:
        if not path.startswith(self.prefix):
            return False
        state = self.start
        for segment in path.split("/"):
            state = self.step(state, segment)
            if not self._sets[state]:
                return False
        return self._end in self._sets[state]


@lru_cache(maxsize=512)
def compile_glob(pattern: str) -> Glob:
    """The compiled pattern; raises GlobError saying why a pattern is refused."""
    return Glob(pattern)


class GlobSet:
    """Several patterns: a path matches when any does. Folder states let a tree walk prune early."""

    def __init__(self, patterns: Iterable[str]):
        self.globs = [compile_glob(p) for p in dict.fromkeys(patterns)]
        # Every match starts with its glob's literal prefix: one startswith turns most paths of a whole
        # listing away before any glob is stepped (an empty prefix admits every path).
        self._prefixes = tuple(glob.prefix for glob in self.globs)

    def match(self, path: str) -> bool:
        if not path.startswith(self._prefixes):
            return False
        return any(glob.match(path) for glob in self.globs)

    def filter(self, paths: Iterable[str]) -> list[str]:
        """The matching paths, sorted."""
        return sorted(p for p in paths if self.match(p))

    @property
    def start(self) -> tuple[int, ...]:
        return tuple(glob.start for glob in self.globs)

    def descend(self, states: tuple[int, ...], name: str) -> tuple[int, ...] | None:
        """States inside the folder `name`, or None when nothing below it can match."""
        nxt = tuple(glob.step(state, name) for glob, state in zip(self.globs, states, strict=True))
        return nxt if any(glob.alive(s) for glob, s in zip(self.globs, nxt, strict=True)) else None

    def accepts(self, states: tuple[int, ...], name: str) -> bool:
        """Whether the file `name` in a folder with these states matches."""
        return any(glob.accepts(glob.step(state, name)) for glob, state in zip(self.globs, states, strict=True))


def match_any(path: str, patterns: Iterable[str]) -> bool:
    """Whether `path` matches any pattern (raises GlobError for a refused pattern)."""
    return any(compile_glob(p).match(path) for p in patterns)


def path_problem(value: object) -> str | None:
    """Why `value` is not an acceptable repository-relative path in configuration, or None."""
    if not isinstance(value, str):
        return "is not a string"
    try:
        _segments(value, limit=True)
    except GlobError as exc:
        return str(exc)
    return None
