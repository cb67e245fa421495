"""A repository's working tree, revisions, index and tree listings, and its history queries.

Every query is batched so one `tracker check` starts a constant number of git processes whatever the
number of items: one listing per side (`git ls-tree -r -l -z REV` or `git ls-files -s -z`), one
long-lived `git cat-file --batch` for contents, and, only when a gate asks for file ages, one `git log`.
"""

from __future__ import annotations


import subprocess
from collections.abc import Callable
from functools import cached_property
from pathlib import Path
from typing import NamedTuple

from tracker.errors import UsageError
from tracker.git.log import LogEntry, parse_log
from tracker.git.objects import CatFile
from tracker.git.process import GitError, find_worktree, git_env, run_git
from tracker.parse.collector import collector_paused


class Blob(NamedTuple):
    """One entry of a listing. A named tuple, not a dataclass: a listing builds one per tracked file (10,000 on
    a large project), and a tuple is built in a third of the time."""

    mode: str  # "100644", "100755", "120000", "160000"
    sha: str
    size: int | None = None  # known from ls-tree -l; index entries learn it when read


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
        self._commit_times: dict[str, dict[str, tuple[str, int]]] = {}
        self._times: dict[str, dict[str, int]] = {}
        self._staged: set[str] | None = None
        self._ancestry: dict[tuple[str, str], bool] = {}
        self._between: dict[tuple[str, str], frozenset[str]] = {}

    # -- plumbing ---------------------------------------------------------------------------------
    def run(self, *args: str, check: bool = True) -> bytes:
        return run_git(self.toplevel, *args, check=check)

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
                                  env=git_env(), capture_output=True)
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
        if rev not in self._listings:
            self._listings[rev] = self._decode_listing(rev, self.run(*_listing_args(rev)))
        return self._listings[rev]

    def has_listing(self, rev: str | None) -> bool:
        """Whether the listing of `rev` is already read (asking for it starts no git process)."""
        return rev in self._listings

    def prefetch(self, revs: list[str | None], wait: bool = True) -> Callable[[], None]:
        """Read several listings at once (commits, or None for the index): the git processes start now, in
        order, and run side by side instead of one after the other. `wait=False` decodes them on a thread
        while the caller goes on, and returns what waits for it (call it before asking for a listing). One
        that fails is left to listing() to report."""
        import threading

        wanted = [rev for rev in dict.fromkeys(revs) if rev not in self._listings]
        if not wanted:
            return lambda: None
        procs = [subprocess.Popen(["git", *_listing_args(rev)], cwd=self.toplevel, env=git_env(),
                                  stdout=subprocess.PIPE, stderr=subprocess.DEVNULL) for rev in wanted]
        outs: list[bytes] = [b""] * len(procs)

        def drain(n: int) -> None:
            outs[n] = procs[n].communicate()[0]

        def finish() -> None:
            threads = [threading.Thread(target=drain, args=(n,)) for n in range(1, len(procs))]
            for thread in threads:
                thread.start()
            drain(0)
            for thread in threads:
                thread.join()
            for rev, proc, out in zip(wanted, procs, outs, strict=True):
                if proc.returncode == 0:
                    self._listings[rev] = self._decode_listing(rev, out)

        if wait:
            finish()
            return lambda: None
        later = threading.Thread(target=finish, daemon=True)
        later.start()
        return later.join

    def _decode_listing(self, rev: str | None, out: bytes) -> dict[str, Blob]:
        if rev is None:
            with collector_paused():  # one Blob per file, kept to the end of the run: not walked meanwhile
                return _index_records(out)
        found: dict[str, Blob] = {}
        for record in out.split(b"\0"):
            if not record:
                continue
            meta, _, path = record.partition(b"\t")
            mode, _kind, sha, size = meta.decode().split()
            found[path.decode("utf-8", "surrogateescape")] = Blob(mode, sha, None if size == "-" else int(size))
            if size != "-":
                self.sizes_by_sha[sha] = int(size)
        return found

    def index_entries(self, paths: list[str]) -> dict[str, Blob] | None:
        """The index entries at or below `paths` (toplevel-relative, taken literally, no glob magic), as
        `listing(None)` holds them, from one `git ls-files` of just those paths; None when git refuses the
        query (a path beyond a symlink, say): the caller then reads the whole listing."""
        if not paths:
            return {}
        proc = subprocess.run(["git", "ls-files", "-s", "-z", "--full-name", "--",
                               *(":(literal)" + path for path in paths)],
                              cwd=self.toplevel, env=git_env(), capture_output=True)
        return _index_records(proc.stdout) if proc.returncode == 0 else None

    def staged_paths(self) -> set[str]:
        """Paths whose index entry differs from HEAD (added, modified or deleted), from the two listings."""
        if self._staged is not None:
            return self._staged
        from tracker.compare import differing

        head = self.head()
        self._staged = differing(self.listing(head) if head else {}, self.listing(None))
        return self._staged

    # -- history ----------------------------------------------------------------------------------
    def last_commit_times(self, rev: str = "HEAD") -> dict[str, int]:
        """Committer time of the last commit touching each path (one `git log` over `rev`'s history)."""
        if rev not in self._times:
            self._times[rev] = {path: when for path, (_sha, when) in self.last_commits(rev).items()}
        return self._times[rev]

    def last_commits(self, rev: str = "HEAD") -> dict[str, tuple[str, int]]:
        """(sha, committer time) of the last commit touching each path, deletions included; one `git log`."""
        if rev not in self._commit_times:
            last: dict[str, tuple[str, int]] = {}
            if self.resolve(rev):
                for commit in self.log(("%ct",), rev=rev, first_parent=False):
                    for _status, path, _sha in commit.changes:
                        last.setdefault(path, (commit.sha, int(commit.fields[0])))
            self._commit_times[rev] = last
        return self._commit_times[rev]

    def subject(self, sha: str) -> str:
        """The first line of a commit's message ("" when it is not a commit)."""
        found = self.objects.get(sha)
        if not found or found[1] != "commit":
            return ""
        _headers, _, message = found[2].partition(b"\n\n")
        return message.split(b"\n", 1)[0].decode("utf-8", "replace").strip()

    def log(self, fields: tuple[str, ...], rev: str = "HEAD", reverse: bool = False,
            first_parent: bool = True, since: str | None = None, paths: tuple[str, ...] = ()) -> list[LogEntry]:
        """One `git log --raw` pass: each commit's fields plus (status, path, new blob sha) per changed file
        (only commits touching `paths` when given; toplevel-relative)."""
        fmt = "%x00%x01%H%x00" + "%x00".join(fields)
        args = ["log", f"--format={fmt}", "--raw", "-z", "--no-abbrev", "--no-renames"]
        if first_parent:
            args.append("--first-parent")
        if reverse:
            args.append("--reverse")
        if since:
            args.append(f"--since={since}")
        out = self.run(*args, rev, "--", *paths)
        return parse_log(out, len(fields))

    def commits_between(self, older: str, newer: str) -> frozenset[str]:
        """Commits reachable from `newer` but not from `older` (`rev-list older..newer`): what came after."""
        key = (older, newer)
        if key not in self._between:
            if older.startswith("-") or newer.startswith("-"):
                return frozenset()
            out = self.run("rev-list", f"{older}..{newer}", "--", check=False)
            self._between[key] = frozenset(out.decode().split())
        return self._between[key]

    def user(self) -> tuple[str, str]:
        """(name, email) git would author a commit with (honours GIT_AUTHOR_* and config), or ("", "")."""
        ident = self.run("var", "GIT_AUTHOR_IDENT", check=False).decode("utf-8", "replace").strip()
        name, _, rest = ident.partition(" <")
        return (name, rest.split(">", 1)[0]) if rest else ("", "")

    def close(self) -> None:
        self.objects.close()


def _listing_args(rev: str | None) -> tuple[str, ...]:
    if rev is None:
        return ("ls-files", "-s", "-z", "--full-name")
    return ("ls-tree", "-r", "-l", "-z", "--full-tree", rev)


def _index_records(out: bytes) -> dict[str, Blob]:
    """`git ls-files -s -z` output as Blobs by path: stage 0, or stage 2 ("ours") during a conflicted merge.

    Decoded once, not per record: a NUL never ends a multi-byte sequence, so the paths come out the same."""
    found: dict[str, Blob] = {}
    for record in out.decode("utf-8", "surrogateescape").split("\0"):
        if not record:
            continue
        meta, _, path = record.partition("\t")
        mode, sha, stage = meta.split()
        if stage == "0" or stage == "2":
            found[path] = Blob(mode, sha)
    return found
