"""Read evidence paths and URLs out of cell text: backticked, linked or bare.

A token is evidence when it is a link, a URL, or looks like a path: it holds a `/` or ends in a
file extension. Numbers (`52.4`, `1/6`), dates, versions (`v1.2.3`), short hashes and
expressions (`jq '.items | length'`, `[ ] #1 buy milk`) are not; a full 40-hex SHA or
`commit: SHA` is a commit (`commit: SHA`), which the proof rules judge. A path under a
configured evidence root always holds a `/`, so the roots need no rule of their own.

In the places that exist only to hold evidence (an Evidence column, an `Evidence:` line, a
Notes cell's `evidence: ...`), a backticked or linked token is a reference by the author's intent
whatever its shape (`.`, `gates`), so the gate can say why it proves nothing instead of the
token vanishing; expressions, numbers, versions and hashes are still not references.
"""

from __future__ import annotations

from tracker.parse.patterns import lazy

_CODE = lazy(r"`([^`]+)`")
_LINK = lazy(r"!?\[([^\]]*)\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
_BARE = lazy(r"(?:(?:https?|file)://[^\s<>|`]+|[^\s,;<>|`()\[\]]*[/\\][^\s,;<>|`()\[\]]*|[\w.\-~]+\.[A-Za-z0-9]{1,6})")
_ONE_CODE_SPAN = lazy(r"`[^`\s]+`\Z")
_NOTES_MARK = lazy(r"(?i)\bevidence\s*:\s*")
# A commit as evidence: `commit: <sha>` anywhere, or a bare full 40-hex SHA (rules_proof judges it).
_COMMIT = lazy(r"(?i)\bcommit\s*:\s*`?([0-9a-f]{7,64})\b`?|(?<![\w/.])([0-9a-f]{40})(?![\w/.])")
_EXPRESSION = frozenset(" \t'\"$={}()<>|!;,%")  # spaces and expression syntax: never a path
_LETTER = lazy(r"[^\W\d_]")
# No space or expression character, and a letter somewhere: one regex for the common `evidence/x.md`.
_SLASHED_PATH = lazy(r"[^\s'\"$={}()<>|!;,%]*[^\W\d_][^\s'\"$={}()<>|!;,%]*\Z")
# A leading-dot token without a `/` is a jq-style accessor (`.items.name`) unless it is a dotfile.
_DOTFILE = lazy(r"\.[\w.-]*\.(?:json|ya?ml|toml|md|txt|js|cjs|mjs|ts|ini|cfg|lock|env|rc)$")
_EXTENSION = lazy(r"\w\.(?:[A-Za-z][A-Za-z0-9]{1,7}|[chrmsdv])$")
_FULL_SHA = lazy(r"[0-9a-fA-F]{40}")
_NOT_A_NAME = lazy(r"(?i)v?\d+(?:[.\-/]\d+)*[a-z]?|[0-9a-f]{7,39}")  # numbers, versions, dates, short hashes
_EMPTY = {"", "-", "—", "–", "n/a", "na", "none", "tbd", "todo", "pending", "missing", "?"}


def paths_in(text: str, explicit: bool = False) -> list[str]:
    """Every evidence reference in `text`, cleaned of backticks and link syntax, in order.

    `explicit`: the text sits where only evidence is written (see the module docstring).
    """
    text = text.strip()
    if text.lower() in _EMPTY:
        return []
    quoted = looks_like_reference if explicit else looks_like_evidence
    if _ONE_CODE_SPAN().match(text):
        # The common cell, one backticked path: skip the three scans below.
        value = text[1:-1].strip()
        if quoted(value):
            return [value]
        return [f"commit: {value.lower()}"] if _FULL_SHA().fullmatch(value.lower()) else []
    found: list[tuple[int, str]] = []
    taken: list[tuple[int, int]] = []
    for match in _LINK().finditer(text):
        found.append((match.start(), match.group(2)))
        taken.append(match.span())
    for match in _CODE().finditer(text):
        if any(a <= match.start() < b for a, b in taken):
            continue
        value = match.group(1).strip()
        if quoted(value):
            found.append((match.start(), value))
        elif _FULL_SHA().fullmatch(value):
            continue  # a commit: the commit pass below reads it
        taken.append(match.span())
    for match in _COMMIT().finditer(text):
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
    for match in _BARE().finditer(rest.replace("<br>", " ")):
        value = match.group(0).rstrip(".:")
        if not value.startswith("**") and looks_like_evidence(value):
            found.append((match.start(), value))
    seen: set[str] = set()
    ordered = []
    for _, value in sorted(found):
        if value not in seen:
            seen.add(value)
            ordered.append(value)
    return ordered


def looks_like_evidence(value: str) -> bool:
    """A URL, or a token shaped like a repository path (see the module docstring).

    Numbers, dates, versions and hashes fail both shape tests (no `/` beside a letter, no
    extension that starts with a letter), so they need no pattern of their own.
    """
    if "/" in value:  # the common case first: `evidence/x.md`, URLs
        if value.startswith(("http://", "https://", "file://")):
            return True
        return _SLASHED_PATH().match(value) is not None and value.lower() != "n/a"
    if not value or not _EXPRESSION.isdisjoint(value) or (len(value) < 8 and value.lower() in _EMPTY):
        return False
    if "\\" in value:
        return _LETTER().search(value) is not None
    if value[0] == ".":
        return _DOTFILE().match(value) is not None
    return _EXTENSION().search(value) is not None


def looks_like_reference(value: str) -> bool:
    """In an evidence-only place: a path-shaped token, or any quoted name that is not an expression,
    a number, a version or a hash (`.`, `..`, `gates` are references the gate then refuses)."""
    if looks_like_evidence(value):
        return True
    if not value or not _EXPRESSION.isdisjoint(value) or value.lower() in _EMPTY or _FULL_SHA().fullmatch(value):
        return False
    if set(value) <= {".", "/"}:
        return True  # `.`, `..`, `./`: path syntax naming a folder
    return _LETTER().search(value) is not None and _NOT_A_NAME().fullmatch(value) is None


def declared_paths(text: str) -> list[str]:
    """Repository paths a task's own text names (its declared outputs); URLs are not outputs."""
    if "/" not in text and "." not in text:
        return []
    # Prose slashes ("authentication/authorization", "models/entities") are not outputs: a declared
    # output names a file (an extension) or a folder (a trailing `/`).
    return [p for p in paths_in(text) if not is_url(p) and (p.endswith("/") or _EXTENSION().search(p))]


def paths_in_notes(text: str) -> list[str]:
    """Only the marked form counts in notes: `evidence: PATH`, up to the next `;`."""
    found: list[str] = []
    for match in _NOTES_MARK().finditer(text):
        tail = text[match.end():]
        stop = tail.find(";")
        found.extend(paths_in(tail if stop < 0 else tail[:stop], explicit=True))
    return found


def is_url(value: str) -> bool:
    return value.startswith(("http://", "https://"))
