"""The only package that runs git: processes, blob reading, repository queries, history and GitSource.

    process.py  the environment git runs in, finding the working tree, GitError, one-shot commands
    objects.py  one `git cat-file --batch` process for every blob and commit read
    repo.py     GitRepo: revisions, the index and tree listings, staged paths, history queries
    log.py      parsing one `git log --raw` pass
    source.py   GitSource: the Source protocol over the index or a revision
    checkout.py Checkout: the index and commits a check run's rules ask about, opened on first use
"""

from __future__ import annotations

from tracker.git.checkout import Checkout
from tracker.git.log import LogEntry, parse_log
from tracker.git.objects import BlobTooLarge, CatFile
from tracker.git.process import ZERO_SHA, GitError, find_worktree, git_env
from tracker.git.repo import Blob, GitRepo
from tracker.git.source import GitSource, RevisionPaths, index_source, open_repo, revision_source

__all__ = ["ZERO_SHA", "Blob", "BlobTooLarge", "CatFile", "Checkout", "GitError", "GitRepo", "GitSource", "LogEntry",
           "RevisionPaths", "find_worktree", "git_env", "index_source", "open_repo", "parse_log",
           "revision_source"]
