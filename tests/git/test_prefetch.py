"""GitRepo.prefetch reads several listings side by side; what it leaves behind is what listing() reads alone."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.git.conftest import make_repo
from tracker.git import GitRepo
from tracker.git.process import GitError


def test_prefetched_listings_equal_the_ones_read_alone(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "repo")
    repo.write("a.md", "one\n")
    repo.write("docs/b.md", "two\n")
    repo.add(".")
    repo.commit("first")
    repo.write("docs/b.md", "changed\n")
    repo.write("c.md", "new\n")
    repo.add(".")
    head = repo.head()
    together, alone = GitRepo(repo.path), GitRepo(repo.path)
    together.prefetch([None, head, head])
    assert set(together._listings) == {None, head}
    assert together.listing(None) == alone.listing(None)
    assert together.listing(head) == alone.listing(head)
    assert together.listing(None)["docs/b.md"].sha != together.listing(head)["docs/b.md"].sha
    assert together.staged_paths() == {"docs/b.md", "c.md"}


def test_a_listing_git_refuses_is_left_to_listing_to_report(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "repo")
    repo.write("a.md", "one\n")
    repo.add(".")
    repo.commit("first")
    git = GitRepo(repo.path)
    git.prefetch([None, "0" * 40])
    assert None in git._listings and "0" * 40 not in git._listings
    with pytest.raises(GitError):
        git.listing("0" * 40)


def test_an_index_read_ahead_is_waited_for_and_asked_once(tmp_path: Path) -> None:
    """Checkout.read_index_ahead starts the index listing on a thread; index() waits for it, and what the rules
    then ask of the index (tracked_among) is answered from that listing, not by another `git ls-files`."""
    from tracker.git import Checkout

    repo = make_repo(tmp_path / "repo")
    repo.write("evidence/a.md", "ran it\n")
    repo.add(".")
    repo.commit("first")
    checkout = Checkout(repo.path)
    checkout.read_index_ahead()
    index = checkout.index()
    assert index is not None and index.repo.has_listing(None)
    asked: list[list[str]] = []
    index.repo.index_entries = lambda paths: asked.append(paths)  # type: ignore[method-assign]
    assert index.tracked_among(["evidence/a.md", "evidence/b.md"]) == {"evidence/a.md"}
    assert asked == []
