"""GitSource: the Source protocol over the index or a revision, confined to the repository's tree."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

from tracker.git.objects import BlobTooLarge
from tracker.git.process import GitError, git_env
from tracker.git.repo import Blob, GitRepo
from tracker.globs import GlobSet
from tracker.source import Entry, follow, outside_link, too_large

STREAM_ABOVE = 1 << 20  # blobs larger than this are streamed, not read whole
NARROW_AT_MOST = 64  # tracked_among asks git about at most this many paths; more read the whole listing


class GitSource:
    """A `Source` over the index (rev None) or a commit, for the project rooted at `root`."""

    def __init__(self, repo: GitRepo, rev: str | None = None, root: Path | None = None):
        self.repo = repo
        self.rev = rev
        self.root = (root or repo.toplevel).resolve()
        self.name = "index" if rev is None else rev
        try:
            prefix = self.root.relative_to(repo.toplevel.resolve()).as_posix()
        except ValueError:
            raise GitError(f"{self.root} is outside the repository {repo.toplevel}") from None
        self._prefix = "" if prefix == "." else prefix + "/"
        self._sizes: dict[str, int] = {}
        self._blobs: dict[str, Blob] | None = None
        self._files: dict[tuple[str, ...], list[str]] = {}

    @property
    def blobs(self) -> dict[str, Blob]:
        """This side's files, relative to the project root."""
        if self._blobs is None:
            full = self.repo.listing(self.rev)
            if not self._prefix:
                self._blobs = full
            else:
                cut = len(self._prefix)
                self._blobs = {p[cut:]: b for p, b in full.items() if p.startswith(self._prefix)}
        return self._blobs

    def files(self, patterns: list[str]) -> list[str]:
        """Files and symlinks (as the working-tree walk lists them) matching any glob; a side's listing does
        not change, so each set of patterns is matched once."""
        key = tuple(patterns)
        if key not in self._files:
            globs = GlobSet(patterns)
            self._files[key] = sorted(p for p, b in self.blobs.items()
                                      if (b.mode.startswith("100") or b.mode == "120000") and globs.match(p))
        return list(self._files[key])

    def _content(self, blob: Blob) -> bytes | None:
        found = self.repo.objects.get(blob.sha)
        return found[2] if found else None

    def read(self, rel: str, max_bytes: int | None = None) -> bytes | None:
        """A regular file's content; a symlink blob is followed only to another path of this tree."""
        rel = _norm(rel)
        blob = self.blobs.get(rel)
        if blob is None or blob.mode == "120000":
            if blob is None and not self._below_symlink(rel):
                return None
            kind, where = follow(self.entry, rel)
            if kind == "outside":
                raise outside_link(where, rel)
            if kind != "file" or where == rel:
                return None
            rel, blob = where, self.blobs[where]
        if not blob.mode.startswith("100"):
            return None
        known = blob.size if blob.size is not None else self.repo.sizes_by_sha.get(blob.sha)
        if max_bytes is not None and known is not None and known > max_bytes:
            raise too_large(rel, max_bytes)
        try:
            found = self.repo.objects.get(blob.sha, max_bytes)
        except BlobTooLarge:
            raise too_large(rel, max_bytes or 0) from None
        data = found[2] if found else None
        if data is not None:
            self._sizes[rel] = len(data)
        return data

    def chunks(self, rel: str, size: int = 65_536) -> Iterator[bytes]:
        """A regular file's bytes in pieces: a blob known to be large streams from its own `git cat-file`, so
        a huge placeholder is never held whole; others come from the shared batch process."""
        blob = self.blobs.get(_norm(rel))
        if blob is None or not blob.mode.startswith("100"):
            return
        known = blob.size if blob.size is not None else self.repo.sizes_by_sha.get(blob.sha)
        if known is None or known <= STREAM_ABOVE:
            data = self.read(rel)
            if data:
                yield data
            return
        proc = subprocess.Popen(["git", "cat-file", "blob", blob.sha], cwd=self.repo.toplevel, env=git_env(),
                                stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        try:
            assert proc.stdout is not None
            while piece := proc.stdout.read(size):
                yield piece
        finally:  # the reader may stop early (at the first real line): never wait on a full pipe
            proc.kill()
            proc.wait()
            if proc.stdout is not None:
                proc.stdout.close()

    def _below_symlink(self, rel: str) -> bool:
        """Whether a folder on the way to `rel` is a symlink blob (git lists nothing below one)."""
        at = rel.find("/")
        while at > 0:
            blob = self.blobs.get(rel[:at])
            if blob is not None:
                return blob.mode == "120000"
            at = rel.find("/", at + 1)
        return False

    def entry(self, rel: str) -> Entry | None:
        rel = _norm(rel)
        blob = self.blobs.get(rel)
        if blob is None:
            return Entry("dir") if self._is_dir(rel) else None
        if blob.mode == "120000":
            data = self._content(blob)
            return Entry("symlink", 0, data.decode("utf-8", "replace") if data is not None else None)
        if blob.mode.startswith("100"):
            size = blob.size if blob.size is not None else self._size(rel, blob)
            return Entry("file", size)
        return Entry("other")

    def _size(self, rel: str, blob: Blob) -> int:
        known = self.repo.sizes_by_sha.get(blob.sha)
        if known is not None:
            return known
        if rel not in self._sizes:
            data = self._content(blob)
            self._sizes[rel] = len(data) if data is not None else 0
        return self._sizes[rel]

    def _is_dir(self, rel: str) -> bool:
        if rel in ("", "."):
            return True
        if not hasattr(self, "_dirs"):
            dirs: set[str] = set()
            for path in self.blobs:
                at = path.rfind("/")
                while at > 0 and (folder := path[:at]) not in dirs:  # a known folder's parents are known too
                    dirs.add(folder)
                    at = path.rfind("/", 0, at)
            self._dirs = dirs
        return rel.rstrip("/") in self._dirs

    def walk(self, rel: str) -> list[str]:
        rel = _norm(rel).rstrip("/")
        start = "" if rel in ("", ".") else rel + "/"
        return sorted(p for p, b in self.blobs.items() if p.startswith(start) and b.mode.startswith("100"))

    def tracked(self, rel: str) -> bool:
        """Whether `rel` is a file or folder on this side (staged in the index, or committed at rev)."""
        rel = _norm(rel)
        return rel in self.blobs or self._is_dir(rel)

    def tracked_among(self, rels: list[str]) -> set[str]:
        """Those of `rels` that `tracked` says are on this side. For a few paths of the index not listed yet,
        one `git ls-files` of just those paths answers, rather than listing the whole index (a close of one
        item); what git returns is matched exactly as the listing would be (the path, or a folder above it)."""
        if self._blobs is not None or self.rev is not None or not rels or len(rels) > NARROW_AT_MOST or \
                self.repo.has_listing(None):
            blobs = self.blobs  # a listed path _norm leaves as it is is tracked: only the others need tracked()
            return {rel for rel in rels
                    if (rel in blobs and "\\" not in rel and not rel.startswith("./")) or self.tracked(rel)}
        keys = {rel: _norm(rel) for rel in rels}
        # A listed path has no empty, "." or ".." part: a key with one is the root ("", ".") or on no side.
        plain = {key for key in keys.values() if _plain(key.rstrip("/"))}
        listed = self.repo.index_entries(sorted(self.full_path(key.rstrip("/")) for key in plain))
        if listed is None:
            return {rel for rel in rels if self.tracked(rel)}
        found = set(listed)

        def on_side(key: str) -> bool:
            if key in ("", "."):
                return True
            if key not in plain:
                return False
            folder = self.full_path(key.rstrip("/")) + "/"
            return self.full_path(key) in found or any(entry.startswith(folder) for entry in found)

        return {rel for rel, key in keys.items() if on_side(key)}

    def full_path(self, rel: str) -> str:
        """`rel` (project-relative) as a path from the repository's top level."""
        return self._prefix + _norm(rel)

    def relative(self, full: str) -> str:
        """A top-level path as a project-relative one."""
        return full[len(self._prefix):] if full.startswith(self._prefix) else full

    def blob_sha(self, rel: str) -> str | None:
        plain = "./" not in rel and "\\" not in rel
        blob = (self._blobs if self._blobs is not None else self.blobs).get(rel if plain else _norm(rel))
        return blob.sha if blob else None

    def last_commit_time(self, rel: str) -> float | None:
        """When the last commit touching `rel` was made; a change staged in the index counts as now."""
        rel = _norm(rel)
        full = self._prefix + rel
        if self.rev is None and full in self.repo.staged_paths():
            import time

            return time.time() if full in self.repo.listing(None) else None
        found = self.repo.last_commit_times(self.rev or "HEAD").get(full)
        return float(found) if found is not None else None

    def mtime(self, rel: str) -> float | None:
        return None  # a blob has no modification time; last_commit_time stands for it


def _plain(rel: str) -> bool:
    return all(part not in ("", ".", "..") for part in rel.split("/"))


def _norm(rel: str) -> str:
    rel = rel.replace("\\", "/")
    while rel.startswith("./"):
        rel = rel[2:]
    return rel


def open_repo(start: Path) -> GitRepo:
    return GitRepo(start)


def index_source(root: Path) -> GitSource:
    """The staged content of the repository holding `root`: what `git commit` will record."""
    repo = GitRepo(root)
    return GitSource(repo, None, root)


def revision_source(root: Path, rev: str, what: str = "base") -> GitSource:
    repo = GitRepo(root)
    return GitSource(repo, repo.require_commit(rev, what), root)


class RevisionPaths:
    """Single paths at a commit read through the cat-file process alone (no tree listing): enough to load
    tracker.yaml where listing the whole tree would cost a process; symlinks followed only inside."""

    def __init__(self, repo: GitRepo, rev: str, root: Path | None = None):
        self.repo, self.rev = repo, rev
        self.root = (root or repo.toplevel).resolve()
        self.name = rev
        prefix = self.root.relative_to(repo.toplevel.resolve()).as_posix()
        self._prefix = "" if prefix == "." else prefix + "/"

    def entry(self, rel: str) -> Entry | None:
        parent, _, name = (self._prefix + _norm(rel)).rpartition("/")
        found = self.repo.objects.get(f"{self.rev}:{parent}" if parent else f"{self.rev}^{{tree}}")
        if not found or found[1] != "tree":
            return None
        mode = _tree_mode(found[2], name.encode("utf-8", "surrogateescape"))
        if mode is None:
            return None
        if mode == "40000":
            return Entry("dir")
        blob = self.repo.objects.get(f"{self.rev}:{parent + '/' if parent else ''}{name}")
        data = blob[2] if blob else b""
        if mode == "120000":
            return Entry("symlink", 0, data.decode("utf-8", "replace"))
        return Entry("file", len(data)) if mode.startswith("100") else Entry("other")

    def read(self, rel: str, max_bytes: int | None = None) -> bytes | None:
        kind, where = follow(self.entry, _norm(rel))
        if kind == "outside":
            raise outside_link(where, rel)
        if kind != "file":
            return None
        try:
            found = self.repo.objects.get(f"{self.rev}:{self._prefix}{where}", max_bytes)
        except BlobTooLarge:
            raise too_large(rel, max_bytes or 0) from None
        return found[2] if found and found[1] == "blob" else None


def _tree_mode(tree: bytes, name: bytes) -> str | None:
    """The mode of `name` in a raw tree object (`<mode> <name>\\0<20-byte sha>` records)."""
    at = 0
    while at < len(tree):
        space = tree.index(b" ", at)
        nul = tree.index(b"\0", space)
        if tree[space + 1:nul] == name:
            return tree[at:space].decode()
        at = nul + 21
    return None
