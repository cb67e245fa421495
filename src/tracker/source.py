"""Where files come from: the working tree, or (see git.py) a git tree or the index.

The project loader and the evidence checks read only through a Source, so the same
rules judge the working tree, the staged content of a commit, or a base revision.
"""

from __future__ import annotations

import os
import re
import stat as stat_mod
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Literal, Protocol

Kind = Literal["file", "dir", "symlink", "other"]


@dataclass(frozen=True, slots=True)
class Entry:
    kind: Kind
    size: int = 0
    target: str | None = None  # symlink target as stored


class Reader(Protocol):
    """Anything that reads one file by path (all loading tracker.yaml needs)."""

    def read(self, rel: str) -> bytes | None:
        """The content of a regular file, or None when there is none."""


class Source(Reader, Protocol):
    root: Path
    name: str  # "worktree", "index", or a revision

    def files(self, patterns: list[str]) -> list[str]:
        """Repository-relative POSIX paths matching any of the glob patterns, sorted."""

    def read(self, rel: str) -> bytes | None:
        """The content of a regular file, or None when there is none."""

    def entry(self, rel: str) -> Entry | None:
        """What is at `rel` without following a final symlink, or None."""

    def walk(self, rel: str) -> list[str]:
        """Regular files below the folder `rel` (recursive), repository-relative."""

    def blob_sha(self, rel: str) -> str | None:
        """Git's object id for `rel` (verdicts are shared by content), or None where there is no git."""

    def last_commit_time(self, rel: str) -> float | None:
        """When the last commit touching `rel` was made, or None where there is no git."""

    def mtime(self, rel: str) -> float | None:
        """The file's modification time on disk, or None where there is no disk."""


@lru_cache(maxsize=256)
def glob_regex(pattern: str) -> re.Pattern[str]:
    """Translate a glob with `**` into a regex over POSIX paths."""
    out, i = [], 0
    while i < len(pattern):
        if pattern.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
        elif pattern.startswith("**", i):
            out.append(".*")
            i += 2
        elif pattern[i] == "*":
            out.append("[^/]*")
            i += 1
        elif pattern[i] == "?":
            out.append("[^/]")
            i += 1
        elif pattern[i] == "[":
            end = pattern.find("]", i + 1)
            if end < 0:
                raise ValueError(f"unclosed '[' in glob {pattern!r}")
            body = pattern[i + 1:end]
            if body.startswith("!"):
                body = "^" + body[1:]
            out.append(f"[{body}]")
            i = end + 1
        else:
            out.append(re.escape(pattern[i]))
            i += 1
    return re.compile("".join(out) + r"\Z")


def match_any(path: str, patterns: list[str]) -> bool:
    return any(glob_regex(p).match(path) for p in patterns)


class WorktreeSource:
    """The files on disk under `root`."""

    name = "worktree"
    # `check --base --worktree` sets the index of the same repository, for evidence-untracked.
    git_index: Source | None = None

    def __init__(self, root: Path):
        self.root = root.resolve()
        self._base = str(self.root) + os.sep  # string joins: pathlib costs ~10 us a path here

    def files(self, patterns: list[str]) -> list[str]:
        found: set[str] = set()
        for pattern in patterns:
            for path in self.root.glob(pattern):
                if path.is_file():
                    found.add(path.relative_to(self.root).as_posix())
        return sorted(found)

    def read(self, rel: str) -> bytes | None:
        try:
            with open(self._base + rel, "rb") as handle:
                return handle.read()
        except (OSError, ValueError):
            return None

    def entry(self, rel: str) -> Entry | None:
        try:
            info = os.lstat(self._base + rel)
        except (OSError, ValueError):
            return None
        if stat_mod.S_ISLNK(info.st_mode):
            return Entry("symlink", 0, os.readlink(self._base + rel))
        if stat_mod.S_ISREG(info.st_mode):
            return Entry("file", info.st_size)
        if stat_mod.S_ISDIR(info.st_mode):
            return Entry("dir")
        return Entry("other")

    def walk(self, rel: str) -> list[str]:
        base = self.root / rel
        out = []
        for folder, dirs, names in os.walk(base, followlinks=False):
            dirs[:] = [d for d in dirs if not d.startswith(".git")]
            for name in names:
                full = Path(folder) / name
                if full.is_file() and not full.is_symlink():
                    out.append(full.relative_to(self.root).as_posix())
        return sorted(out)

    def blob_sha(self, rel: str) -> str | None:
        return None

    def last_commit_time(self, rel: str) -> float | None:
        return None

    def mtime(self, rel: str) -> float | None:
        try:
            return os.stat(self.root / rel).st_mtime
        except OSError:
            return None
