"""The repository behind a check run, opened on first use: what gate rules ask git (tracker.gate.options.GitLookup)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from tracker.git.process import GitError
from tracker.git.repo import GitRepo
from tracker.git.source import GitSource, index_source, open_repo


class Checkout:
    """The index and the commits of the repository holding `root`; both None outside git.

    The use case builds one per run and passes it in CheckOptions.git, so the pure gate layer never
    starts git itself. Each side is opened once, when a rule first asks."""

    def __init__(self, root: Path):
        self.root = root
        self._index: GitSource | None = None
        self._repo: GitRepo | None = None
        self._opened: set[str] = set()
        self._listed: Callable[[], None] | None = None  # waits for an index listing read ahead

    def read_index_ahead(self) -> None:
        """Start listing the index now (its git process runs while the rules work): a check whose done items
        will be looked up there (TRK302) asks for all of it."""
        index = self.index()
        if index is not None and self._listed is None:
            self._listed = index.repo.prefetch([None], wait=False)

    def index(self) -> GitSource | None:
        """The staged content (what `git commit` will record), or None outside git."""
        if self._listed is not None:
            self._listed()
            self._listed = None
        if "index" not in self._opened:
            self._opened.add("index")
            try:
                self._index = index_source(self.root)
            except GitError:
                self._index = None
        return self._index

    def revisions(self) -> GitRepo | None:
        """The repository's commits (HEAD, names, ancestry), or None outside git."""
        if "repo" not in self._opened:
            self._opened.add("repo")
            try:
                self._repo = open_repo(self.root)
            except GitError:
                self._repo = None
        return self._repo
