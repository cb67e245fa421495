"""Where files come from: the working tree, or (see tracker.git) a git tree or the index.

The project loader and the evidence checks read only through a Source, so the same
rules judge the working tree, the staged content of a commit, or a base revision.
"""

from __future__ import annotations

import errno
import os
import re
import stat as stat_mod
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, Protocol

from tracker.errors import InputError
from tracker.globs import GlobSet

Kind = Literal["file", "dir", "symlink", "other"]
_DRIVE = re.compile(r"^[A-Za-z]:")
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_READ_FLAGS = os.O_RDONLY | _NOFOLLOW | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)


@dataclass(frozen=True, slots=True)
class Entry:
    kind: Kind
    size: int = 0
    target: str | None = None  # symlink target as stored
    # The working tree's lstat of a regular file, kept so the evidence cache reads its stat signature from the
    # same call instead of a second lstat (None for git sides and anything else).
    info: os.stat_result | None = field(default=None, compare=False, repr=False)


class Reader(Protocol):
    """Anything that reads one file by path and says what is at a path (all loading tracker.yaml needs)."""

    def read(self, rel: str, max_bytes: int | None = None) -> bytes | None:
        """The content of a regular file, or None when there is none; symlinks are followed only inside
        the repository (InputError otherwise), and a file over `max_bytes` is an InputError."""

    def entry(self, rel: str) -> Entry | None:
        """What is at `rel` without following a final symlink, or None."""


class Source(Reader, Protocol):
    root: Path
    name: str  # "worktree", "index", or a revision

    def files(self, patterns: list[str]) -> list[str]:
        """Repository-relative POSIX paths of files and symlinks matching any glob (tracker.globs), sorted."""

    def walk(self, rel: str) -> list[str]:
        """Regular files below the folder `rel` (recursive), repository-relative."""

    def blob_sha(self, rel: str) -> str | None:
        """Git's object id for `rel` (verdicts are shared by content), or None where there is no git."""

    def last_commit_time(self, rel: str) -> float | None:
        """When the last commit touching `rel` was made, or None where there is no git."""

    def mtime(self, rel: str) -> float | None:
        """The file's modification time on disk, or None where there is no disk."""


MAX_SYMLINK_HOPS = 40


def follow(entry_of: Callable[[str], Entry | None], rel: str) -> tuple[str, str]:
    """Walk `rel` one component at a time, following symlinks only while they stay in the tree.

    Returns ("file" | "dir" | "other", the path reached), ("missing", rel), or ("outside", why).
    A symlink target that is absolute, or whose `..` climb above the root, is outside.
    """
    parts = [p for p in rel.split("/") if p not in ("", ".")]
    done: list[str] = []
    hops = 0
    kind = "dir"
    while parts:
        part = parts.pop(0)
        if part == "..":
            if not done:
                return "outside", f"{rel} leaves the repository"
            done.pop()
            kind = "dir"
            continue
        current = "/".join([*done, part])
        entry = entry_of(current)
        if entry is None:
            return "missing", rel
        if entry.kind == "symlink":
            hops += 1
            target = entry.target or ""
            if hops > MAX_SYMLINK_HOPS:
                return "outside", f"symlink loop at {current}"
            if not target or target.startswith(("/", "\\", "~")) or "\\" in target or _DRIVE.match(target):
                return "outside", f"the symlink {current} -> {target} leaves the repository"
            parts = [p for p in target.split("/") if p not in ("", ".")] + parts
            continue
        if entry.kind in ("file", "other") and parts:
            return "missing", rel
        done.append(part)
        kind = entry.kind
    return kind, "/".join(done) or "."


def outside_link(reason: str, rel: str) -> InputError:
    return InputError(f"is not read: {reason}", rel)


def too_large(rel: str, limit: int) -> InputError:
    return InputError(f"larger than {limit // 1_000_000} MB; not read", rel)


def tree_files(root: Path, patterns: list[str]) -> list[str]:
    """Files and symlinks under `root` matching any pattern: one walk that prunes folders no pattern
    can reach, never enters a symlinked folder, `.git`, or a nested repository."""
    globs = GlobSet(patterns)
    found: list[str] = []
    stack: list[tuple[str, tuple[int, ...]]] = [("", globs.start)]
    base = str(root) + os.sep
    while stack:
        folder, states = stack.pop()
        try:
            with os.scandir(base + folder if folder else str(root)) as listing:
                entries = list(listing)
        except OSError:
            continue
        if folder and any(e.name == ".git" for e in entries):
            continue  # a nested repository or submodule: its files are not this repository's
        prefix = folder + "/" if folder else ""
        for entry in entries:
            try:
                if entry.is_dir(follow_symlinks=False):
                    if entry.name != ".git":
                        inner = globs.descend(states, entry.name)
                        if inner is not None:
                            stack.append((prefix + entry.name, inner))
                elif (entry.is_file(follow_symlinks=False) or entry.is_symlink()) and globs.accepts(states, entry.name):
                    found.append(prefix + entry.name)
            except OSError:
                continue
    return sorted(found)


class WorktreeSource:
    """The files on disk under `root`; nothing is read through a symlink that leaves `root`."""

    name = "worktree"
    # `check --base --worktree` sets the index of the same repository, for evidence-untracked.
    git_index: Source | None = None

    def __init__(self, root: Path):
        self.root = root.resolve()
        self._base = str(self.root) + os.sep  # string joins: pathlib costs ~10 us a path here
        self._inside: dict[str, bool] = {"": True}

    def files(self, patterns: list[str]) -> list[str]:
        return tree_files(self.root, patterns)

    def _folder_inside(self, folder: str) -> bool:
        """Whether `folder` (relative) resolves inside the root; cached, folders are shared by many files."""
        found = self._inside.get(folder)
        if found is None:
            real = os.path.realpath(self._base + folder)
            found = self._inside[folder] = real == str(self.root) or real.startswith(self._base)
        return found

    def read(self, rel: str, max_bytes: int | None = None) -> bytes | None:
        """The content of the regular file at `rel`, or None when there is none. Raises InputError when
        reaching it leaves the repository through a symlink, or it is larger than `max_bytes`."""
        rel = _norm(rel)
        folder = rel.rpartition("/")[0]
        if not self._folder_inside(folder):
            kind, where = follow(self.entry, rel)
            if kind == "outside":
                raise outside_link(where, rel)
            return None if kind != "file" or where == rel else self.read(where, max_bytes)
        try:
            if not _NOFOLLOW and os.path.islink(self._base + rel):
                raise OSError(errno.ELOOP, "symlink")
            fd = os.open(self._base + rel, _READ_FLAGS)
        except OSError as exc:
            if exc.errno != errno.ELOOP:
                return None
            kind, where = follow(self.entry, rel)  # the last component is a symlink
            if kind == "outside":
                raise outside_link(where, rel) from None
            return self.read(where, max_bytes) if kind == "file" and where != rel else None
        except ValueError:  # a NUL in the path
            return None
        try:
            info = os.fstat(fd)
            if not stat_mod.S_ISREG(info.st_mode):
                return None  # a folder, FIFO or device (O_NONBLOCK: opening a FIFO did not wait)
            if max_bytes is not None and info.st_size > max_bytes:
                raise too_large(rel, max_bytes)
            # Plain reads on the descriptor: a file object per read cost a third of the evidence checks.
            chunks = [os.read(fd, info.st_size + 1)]
            while chunks[-1]:
                chunks.append(os.read(fd, 1 << 20))
            return b"".join(chunks)
        except OSError:
            return None
        finally:
            os.close(fd)

    def chunks(self, rel: str, size: int = 65_536) -> Iterator[bytes]:
        """A regular file's bytes in pieces of `size`, so a large file is never held whole."""
        try:  # the resolver hands over a path it walked itself; a link here would be a race: not followed
            fd = os.open(self._base + _norm(rel), os.O_RDONLY | _NOFOLLOW | getattr(os, "O_BINARY", 0))
        except (OSError, ValueError):
            return
        with os.fdopen(fd, "rb") as handle:
            if not stat_mod.S_ISREG(os.fstat(fd).st_mode):
                return
            while piece := handle.read(size):
                yield piece

    def entry(self, rel: str) -> Entry | None:
        try:
            info = os.lstat(self._base + rel)
        except (OSError, ValueError):
            return None
        if stat_mod.S_ISLNK(info.st_mode):
            return Entry("symlink", 0, os.readlink(self._base + rel))
        if stat_mod.S_ISREG(info.st_mode):
            return Entry("file", info.st_size, None, info)
        if stat_mod.S_ISDIR(info.st_mode):
            return Entry("dir")
        return Entry("other")

    def walk(self, rel: str) -> list[str]:
        base = self.root / rel
        out = []
        for folder, dirs, names in os.walk(base, followlinks=False):
            dirs[:] = [d for d in dirs if d != ".git"]
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


def _norm(rel: str) -> str:
    while rel.startswith("./"):
        rel = rel[2:]
    return rel
