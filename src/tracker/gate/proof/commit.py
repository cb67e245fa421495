"""Commit references as evidence: `commit: <sha>` (7 to 40 hex digits) or a bare full 40-hex SHA."""

from __future__ import annotations

import re

_MARKED = re.compile(r"\A\s*commit\s*:\s*([0-9a-fA-F]{7,64})\s*\Z", re.I)
_FULL = re.compile(r"\A\s*([0-9a-fA-F]{40}|[0-9a-fA-F]{64})\s*\Z")


def commit_ref(value: str) -> str | None:
    """The lower-case SHA (or prefix) an evidence string names as a commit, or None when it names none."""
    found = _MARKED.match(value) or _FULL.match(value)
    return found.group(1).lower() if found else None


def is_full_sha(value: str) -> bool:
    return _FULL.match(value) is not None
