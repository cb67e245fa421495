"""The date that dated regions (`snapshot`, `burnup`) render against: one that changes only with a commit.

A region that printed the calendar's today would go stale every day with nothing changed, failing
`render --check` and TRK401 in CI the next morning. So it renders against the committer's date (%cs) of the
last commit that touched a tracker document; while a tracker has uncommitted changes (the render is about to
be committed), against today; in a repository without commits, or outside git, against today.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from tracker.model import Project

if TYPE_CHECKING:
    from tracker.git import GitRepo

DATED_VIEWS = frozenset({"snapshot", "burnup"})


def region_date(project: Project, today: dt.date) -> dt.date:
    from tracker.git import GitError, GitSource, open_repo

    source = project.source
    try:
        if isinstance(source, GitSource):
            repo, rev = source.repo, source.rev
        else:
            repo, rev = open_repo(project.root), None
        prefix = project.root.resolve().relative_to(repo.toplevel.resolve()).as_posix()
    except (GitError, ValueError):
        return today
    paths = [d.path if prefix == "." else f"{prefix}/{d.path}" for d in project.documents]
    if not paths or repo.head() is None:
        return today
    if rev is None and _uncommitted(repo, paths, index_only=isinstance(source, GitSource)):
        return today
    out = repo.run("--literal-pathspecs", "log", "-1", "--format=%cs", rev or "HEAD", "--", *paths, check=False)
    try:
        return dt.date.fromisoformat(out.decode("ascii", "replace").strip())
    except ValueError:
        return today  # no commit touched the trackers yet


def _uncommitted(repo: GitRepo, paths: list[str], index_only: bool) -> bool:
    """Whether a tracker differs from HEAD: in the index (the hook judges what it will commit) or on disk."""
    if index_only:
        wanted = set(paths)
        return any(p in wanted for p in repo.staged_paths())
    out = repo.run("--literal-pathspecs", "status", "--porcelain", "-z", "--untracked-files=all", "--", *paths,
                   check=False)
    return bool(out.strip(b"\0"))
