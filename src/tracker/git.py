"""The only module that talks to git: repository discovery, batched tree/index listings, one cat-file process.

Every query is batched so one `tracker check` starts a constant number of git processes whatever the
number of items: one listing per side (`git ls-tree -r -l -z REV` or `git ls-files -s -z`), one
long-lived `git cat-file --batch` for contents, and, only when a gate asks for file ages, one `git log`.
"""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from tracker.errors import TrackerError, UsageError
from tracker.source import Entry, match_any

ZERO_SHA = "0" * 40


class GitError(TrackerError):
    """A git command failed, or the folder is not a git repository."""


@dataclass(frozen=True, slots=True)
class Blob:
    mode: str  # "100644", "100755", "120000", "160000"
    sha: str
    size: int | None = None  # known from ls-tree -l; index entries learn it when read


def _git_env() -> dict[str, str]:
    # Keep GIT_INDEX_FILE and friends: inside a hook they point at what will be committed.
    env = dict(os.environ)
    env.setdefault("GIT_TERMINAL_PROMPT", "0")
    env["LC_ALL"] = "C"
    return env


def find_worktree(start: Path) -> Path | None:
    """The nearest folder holding `.git` (a folder, or a file in a linked worktree)."""
    start = start.resolve()
    for folder in [start, *start.parents]:
        if (folder / ".git").exists():
            return folder
    return None


class CatFile:
    """One `git cat-file --batch` process serving every content request of a run."""

    def __init__(self, cwd: Path):
        self.cwd = cwd
        self._proc: subprocess.Popen[bytes] | None = None

    def _start(self) -> subprocess.Popen[bytes]:
        if self._proc is None:
            self._proc = subprocess.Popen(["git", "cat-file", "--batch"], cwd=self.cwd, env=_git_env(),
                                          stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        return self._proc

    def get(self, name: str) -> tuple[str, str, bytes] | None:
        """(sha, type, content) of an object name (`sha`, `REV^{commit}`, `REV:path`), or None if missing."""
        if "\n" in name:
            return None
        proc = self._start()
        assert proc.stdin and proc.stdout
        proc.stdin.write(name.encode() + b"\n")
        proc.stdin.flush()
        header = proc.stdout.readline()
        if not header:
            raise GitError("git cat-file stopped unexpectedly")
        parts = header.split()
        if len(parts) != 3:  # "<name> missing" or "<name> ambiguous"
            return None
        size = int(parts[2])
        data = proc.stdout.read(size)
        proc.stdout.read(1)  # the newline after the content
        return parts[0].decode(), parts[1].decode(), data

    def close(self) -> None:
        if self._proc is not None:
            try:
                if self._proc.stdin:
                    self._proc.stdin.close()
                self._proc.wait(timeout=10)
            except (OSError, subprocess.TimeoutExpired):
                self._proc.kill()
            self._proc = None

    def __del__(self) -> None:
        self.close()


class GitRepo:
    """A working tree of a git repository, found without starting git."""

    def __init__(self, start: Path):
        top = find_worktree(start)
        if top is None:
            raise GitError(f"{start} is not inside a git repository (run `git init` first)")
        self.toplevel = top
        self.objects = CatFile(top)
        self._listings: dict[str | None, dict[str, Blob]] = {}
        # Blob sizes from `ls-tree -l`, by sha: the index listing has none, and reading a blob
        # just to learn its size cost most of a hook run on 10,000 evidence files.
        self.sizes_by_sha: dict[str, int] = {}
        self._commit_times: dict[str, dict[str, int]] = {}
        self._staged: set[str] | None = None
        self._ancestry: dict[tuple[str, str], bool] = {}

    # -- plumbing ---------------------------------------------------------------------------------
    def run(self, *args: str, check: bool = True) -> bytes:
        proc = subprocess.run(["git", *args], cwd=self.toplevel, env=_git_env(), capture_output=True)
        if check and proc.returncode != 0:
            message = proc.stderr.decode(errors="replace").strip().splitlines()
            raise GitError(f"git {args[0]} failed: {message[-1] if message else f'exit {proc.returncode}'}")
        return proc.stdout

    @cached_property
    def git_dir(self) -> Path:
        dot = self.toplevel / ".git"
        if dot.is_dir():
            return dot
        text = dot.read_text(encoding="utf-8", errors="replace").strip()
        if not text.startswith("gitdir:"):
            raise GitError(f"{dot} is not a gitdir link")
        target = Path(text[len("gitdir:"):].strip())
        return (target if target.is_absolute() else self.toplevel / target).resolve()

    @cached_property
    def common_dir(self) -> Path:
        pointer = self.git_dir / "commondir"
        if pointer.is_file():
            target = Path(pointer.read_text(encoding="utf-8").strip())
            return (target if target.is_absolute() else self.git_dir / target).resolve()
        return self.git_dir

    def is_shallow(self) -> bool:
        return (self.common_dir / "shallow").is_file()

    def resolve(self, rev: str) -> str | None:
        """The commit sha `rev` names, or None (unknown ref, or a commit missing from a shallow clone)."""
        if rev.startswith("-"):
            return None
        found = self.objects.get(f"{rev}^{{commit}}")
        return found[0] if found and found[1] == "commit" else None

    def head(self) -> str | None:
        """HEAD's commit, or None before the first commit."""
        return self.resolve("HEAD")

    def commit_time(self, rev: str) -> int | None:
        found = self.objects.get(f"{rev}^{{commit}}")
        if not found:
            return None
        for line in found[2].split(b"\n"):
            if line.startswith(b"committer "):
                return int(line.rsplit(b" ", 2)[1])
            if not line:
                break
        return None

    def is_ancestor(self, ancestor: str, descendant: str) -> bool:
        """Whether commit `ancestor` is reachable from `descendant` (itself included): `merge-base --is-ancestor`."""
        key = (ancestor, descendant)
        if key not in self._ancestry:
            if ancestor.startswith("-") or descendant.startswith("-"):
                return False
            proc = subprocess.run(["git", "merge-base", "--is-ancestor", ancestor, descendant], cwd=self.toplevel,
                                  env=_git_env(), capture_output=True)
            self._ancestry[key] = proc.returncode == 0
        return self._ancestry[key]

    def require_commit(self, rev: str, what: str = "base") -> str:
        """Resolve `rev`, or explain how to fetch it (shallow clones lack history)."""
        sha = self.resolve(rev)
        if sha:
            return sha
        if self.is_shallow():
            raise UsageError(f"{what} revision {rev!r} is not in this shallow clone; fetch the history with "
                             f"`git fetch --deepen=1000 origin` or `git fetch --unshallow` (in GitHub Actions, "
                             f"set `fetch-depth: 0` on actions/checkout)")
        raise UsageError(f"{what} revision {rev!r} is not known here; check the name, or fetch it "
                         f"(`git fetch origin {rev.split('/', 1)[-1]}`)")

    # -- listings ---------------------------------------------------------------------------------
    def listing(self, rev: str | None) -> dict[str, Blob]:
        """Every file at `rev` (a commit) or in the index (rev None), by toplevel-relative path."""
        if rev in self._listings:
            return self._listings[rev]
        found: dict[str, Blob] = {}
        if rev is None:
            out = self.run("ls-files", "-s", "-z", "--full-name")
            for record in out.split(b"\0"):
                if not record:
                    continue
                meta, _, path = record.partition(b"\t")
                mode, sha, stage = meta.decode().split()
                if stage in ("0", "2"):  # stage 2 is "ours" during a conflicted merge
                    found[path.decode("utf-8", "surrogateescape")] = Blob(mode, sha)
        else:
            out = self.run("ls-tree", "-r", "-l", "-z", "--full-tree", rev)
            for record in out.split(b"\0"):
                if not record:
                    continue
                meta, _, path = record.partition(b"\t")
                mode, _kind, sha, size = meta.decode().split()
                found[path.decode("utf-8", "surrogateescape")] = Blob(mode, sha, None if size == "-" else int(size))
                if size != "-":
                    self.sizes_by_sha[sha] = int(size)
        self._listings[rev] = found
        return found

    def staged_paths(self) -> set[str]:
        """Paths whose index entry differs from HEAD (added, modified or deleted), from the two listings."""
        if self._staged is not None:
            return self._staged
        head = self.head()
        index = self.listing(None)
        base = self.listing(head) if head else {}
        def key(blob: Blob | None) -> tuple[str, str] | None:
            return (blob.mode, blob.sha) if blob else None

        self._staged = {p for p in set(index) | set(base) if key(index.get(p)) != key(base.get(p))}
        return self._staged

    # -- history ----------------------------------------------------------------------------------
    def last_commit_times(self, rev: str = "HEAD") -> dict[str, int]:
        """Committer time of the last commit touching each path (one `git log` over `rev`'s history)."""
        if rev not in self._commit_times:
            times: dict[str, int] = {}
            if self.resolve(rev):
                for commit in self.log(("%ct",), rev=rev, first_parent=False):
                    for _status, path, _sha in commit.changes:
                        times.setdefault(path, int(commit.fields[0]))
            self._commit_times[rev] = times
        return self._commit_times[rev]

    def log(self, fields: tuple[str, ...], rev: str = "HEAD", reverse: bool = False,
            first_parent: bool = True, since: str | None = None) -> list[LogEntry]:
        """One `git log --raw` pass: each commit's fields plus (status, path, new blob sha) per changed file."""
        fmt = "%x00%x01%H%x00" + "%x00".join(fields)
        args = ["log", f"--format={fmt}", "--raw", "-z", "--no-abbrev", "--no-renames"]
        if first_parent:
            args.append("--first-parent")
        if reverse:
            args.append("--reverse")
        if since:
            args.append(f"--since={since}")
        out = self.run(*args, rev, "--")
        return parse_log(out, len(fields))

    def user(self) -> tuple[str, str]:
        """(name, email) git would author a commit with (honours GIT_AUTHOR_* and config), or ("", "")."""
        ident = self.run("var", "GIT_AUTHOR_IDENT", check=False).decode("utf-8", "replace").strip()
        name, _, rest = ident.partition(" <")
        return (name, rest.split(">", 1)[0]) if rest else ("", "")

    def close(self) -> None:
        self.objects.close()


@dataclass(slots=True)
class LogEntry:
    sha: str
    fields: list[str]
    changes: list[tuple[str, str, str]]  # (A/M/D/T, path, new blob sha)


def parse_log(out: bytes, nfields: int) -> list[LogEntry]:
    entries: list[LogEntry] = []
    for chunk in out.split(b"\x00\x01")[1:]:
        parts = chunk.split(b"\x00")
        sha = parts[0].decode()
        fields = [p.decode("utf-8", "replace") for p in parts[1:1 + nfields]]
        rest = parts[1 + nfields:]
        changes: list[tuple[str, str, str]] = []
        i = 0
        while i < len(rest):
            token = rest[i].lstrip(b"\n")
            if token.startswith(b":") and i + 1 < len(rest):
                meta = token[1:].split()
                changes.append((meta[4].decode()[:1], rest[i + 1].decode("utf-8", "surrogateescape"), meta[3].decode()))
                i += 2
            else:
                i += 1
        entries.append(LogEntry(sha, fields, changes))
    return entries


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

    @property
    def blobs(self) -> dict[str, Blob]:
        """This side's files, relative to the project root."""
        if not hasattr(self, "_blobs"):
            full = self.repo.listing(self.rev)
            cut = len(self._prefix)
            self._blobs = {p[cut:]: b for p, b in full.items() if p.startswith(self._prefix)}
        return self._blobs

    def files(self, patterns: list[str]) -> list[str]:
        return sorted(p for p, b in self.blobs.items() if b.mode.startswith("100") and match_any(p, patterns))

    def _content(self, blob: Blob) -> bytes | None:
        found = self.repo.objects.get(blob.sha)
        return found[2] if found else None

    def read(self, rel: str) -> bytes | None:
        blob = self.blobs.get(_norm(rel))
        if blob is None or not blob.mode.startswith("100"):
            return None
        data = self._content(blob)
        if data is not None:
            self._sizes[_norm(rel)] = len(data)
        return data

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
                parts = path.split("/")[:-1]
                for i in range(1, len(parts) + 1):
                    dirs.add("/".join(parts[:i]))
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

    def full_path(self, rel: str) -> str:
        """`rel` (project-relative) as a path from the repository's top level."""
        return self._prefix + _norm(rel)

    def relative(self, full: str) -> str:
        """A top-level path as a project-relative one."""
        return full[len(self._prefix):] if full.startswith(self._prefix) else full

    def blob_sha(self, rel: str) -> str | None:
        blob = self.blobs.get(_norm(rel))
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
