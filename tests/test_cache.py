"""tracker.cache: where it lives, what keys it, and that a bad entry is a miss, never a wrong verdict or a crash."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from tests.conftest import git, run_cli
from tracker import cache
from tracker.config import Config


@pytest.fixture(autouse=True)
def _fresh_stores(monkeypatch):
    """Each test opens its own stores (the process keeps one per repository and policy)."""
    monkeypatch.setattr(cache, "_STORES", {})
    monkeypatch.delenv("TRACKER_CACHE", raising=False)
    monkeypatch.delenv("TRACKER_NO_CACHE", raising=False)


def test_entries_round_trip_and_are_keyed_by_policy(repo: Path) -> None:
    store = cache.store_for(repo, cache.policy_hash(Config()))
    assert store is not None and store.folder.is_relative_to(repo / ".git" / "tracker" / "cache")
    store.put_verdict("a" * 40, True)
    store.put_document("plan.md", "b" * 40, "h", {"parsed": 1})
    cache.flush_all()
    cache._STORES.clear()
    again = cache.store_for(repo, cache.policy_hash(Config()))
    assert again is not None and again.verdict("a" * 40) is True and again.verdict("c" * 40) is None
    assert again.document("plan.md", "b" * 40, "h") == {"parsed": 1}
    assert again.document("other.md", "b" * 40, "h") is None  # the path is part of the key
    other = cache.store_for(repo, cache.policy_hash(Config(ledger="proof/ledger.jsonl")))
    assert other is not None and other.folder != again.folder and other.verdict("a" * 40) is None


@pytest.mark.parametrize("damage", [b"", b"garbage", cache.MAGIC + b"\0" * 32 + b"payload", None])
def test_a_damaged_entry_is_a_miss(repo: Path, damage: bytes | None) -> None:
    store = cache.store_for(repo, "p")
    assert store is not None
    store.put_verdict("a" * 40, True)
    store.put_document("plan.md", "b" * 40, "h", ["doc"])
    cache.flush_all()
    files = [p for p in store.folder.rglob("*") if p.is_file()]
    assert len(files) == 2
    for path in files:
        data = path.read_bytes()
        path.write_bytes(damage if damage is not None else data[:-3])  # None: truncated
    cache._STORES.clear()
    again = cache.store_for(repo, "p")
    assert again is not None and again.verdict("a" * 40) is None and again.document("plan.md", "b" * 40, "h") is None


def test_off_switch_and_no_git_mean_no_cache(repo: Path, tmp_path: Path, monkeypatch) -> None:
    plain = tmp_path / "plain"
    plain.mkdir()
    assert cache.store_for(plain, "p") is None
    for name, value in (("TRACKER_CACHE", "off"), ("TRACKER_NO_CACHE", "1")):
        monkeypatch.setenv(name, value)
        cache._STORES.clear()
        assert cache.store_for(repo, "p") is None
        monkeypatch.delenv(name)


def test_a_linked_worktree_keeps_its_cache_in_its_own_git_dir(repo: Path, tmp_path: Path) -> None:
    (repo / "a.md").write_text("x\n")
    git(repo, "add", "a.md")
    git(repo, "commit", "-qm", "one")
    linked = tmp_path / "linked"
    git(repo, "worktree", "add", "-q", str(linked))
    found = cache.git_dir(linked)
    assert found is not None and found.is_relative_to((repo / ".git" / "worktrees").resolve())
    (linked / ".git").unlink()
    (linked / ".git").write_text("gitdir: /nowhere/at/all\n")
    assert cache.git_dir(linked) is None  # a pointer to no git dir: no cache


def test_a_stat_verdict_is_trusted_only_when_the_file_is_older_than_the_racy_window(repo: Path) -> None:
    store = cache.store_for(repo, "p")
    assert store is not None
    (repo / "e.md").write_text("proof\n")
    found, signature = store.worktree_verdict(f"{repo}/", "e.md")
    assert found is None and signature is not None
    store.put_stat_verdict("e.md", signature, True)
    assert store.worktree_verdict(f"{repo}/", "e.md")[0] is None  # just written: a same-tick rewrite would go unseen
    store.started_ns = time.time_ns() + cache.RACY_NS + 1_000_000_000  # as if the run started well after it
    store.put_stat_verdict("e.md", signature, True)
    assert store.worktree_verdict(f"{repo}/", "e.md") == (True, signature)
    (repo / "e.md").write_text("TODO!\n")  # same size, new content
    assert store.worktree_verdict(f"{repo}/", "e.md")[0] is None  # any change of the signature misses
    os.symlink("e.md", repo / "link.md")
    assert store.worktree_verdict(f"{repo}/", "link.md") == (None, None)  # only regular files


def test_cache_folder_is_written_inside_the_git_dir_only(repo: Path) -> None:
    (repo / "trackers").mkdir()
    (repo / "trackers" / "plan.md").write_text(
        "| ID | Task | Status | Evidence |\n|---|---|---|---|\n| A-1 | Import | done | `evidence/a.md` |\n")
    (repo / "evidence").mkdir()
    (repo / "evidence" / "a.md").write_text("Imported 12 rows; the counts match.\n")
    before = sorted(p.relative_to(repo) for p in repo.rglob("*") if ".git" not in p.parts)
    first = run_cli("check", cwd=repo, env={"TRACKER_TODAY": "2026-03-01"})
    second = run_cli("check", cwd=repo, env={"TRACKER_TODAY": "2026-03-01"})
    assert (first.returncode, first.stdout) == (second.returncode, second.stdout) == (0, first.stdout)
    assert sorted(p.relative_to(repo) for p in repo.rglob("*") if ".git" not in p.parts) == before
    assert any((repo / ".git" / "tracker" / "cache").rglob("documents/*"))


def test_a_parsed_document_round_trips_through_an_entry(repo: Path) -> None:
    """The tool's slotted dataclasses are stored as their field values: what comes back equals what was parsed."""
    from tracker.project import load_project

    (repo / "trackers").mkdir()
    (repo / "trackers" / "plan.md").write_text(
        "# Plan\n\n| ID | Task | Status | Evidence | Depends on |\n|---|---|---|---|---|\n"
        "| A-1 | Import | done | `evidence/a.md` | |\n| A-2 | Check | blocked | | A-1 |\n- [x] T001 Write it\n")
    (repo / "trackers" / "side.yaml").write_text("items:\n  - id: Y-1\n    status: done\n    evidence: e.md\n")
    parsed = load_project(cwd=repo, source=None)
    entry = repo / "entry"
    entry.write_bytes(cache._pack(list(parsed.documents)))
    assert cache._unpack(entry) == list(parsed.documents)
    cache.flush_all()
    cache._STORES.clear()
    store = cache.store_for(repo, cache.policy_hash(parsed.config))
    assert store is not None
    packs = [cache._read_pack(str(path)) for path in (store.folder / "documents").iterdir()]
    assert sum(len(packed[0]) for packed in packs if packed is not None) == 2  # both documents, in one run's pack
    assert load_project(cwd=repo).documents == parsed.documents  # read back from the entries
