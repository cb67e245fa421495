"""The hook's and warm check's fixed costs, cut without changing a verdict: one lstat per evidence file, the
plain-path shortcut of compare's same-blob test, and severities asked once per run."""

from __future__ import annotations

import os
import subprocess
import time
from pathlib import Path

import pytest

from tests.gate.helpers import TODAY, master, row, write
from tests.support.repos import GIT_ENV, make_repo
from tracker import cache
from tracker.compare import compare
from tracker.gate.evidence import BlobVerdicts, Resolver
from tracker.git import GitRepo, GitSource
from tracker.project import load_project
from tracker.source import WorktreeSource


@pytest.fixture(autouse=True)
def _fresh_stores(monkeypatch):
    monkeypatch.setattr(cache, "_STORES", {})
    monkeypatch.delenv("TRACKER_CACHE", raising=False)


def test_a_warm_worktree_verdict_lstats_each_evidence_file_once(tmp_path: Path, monkeypatch) -> None:
    root = make_repo(tmp_path / "repo", {"docs/e.md": "Imported 40 rows.\n", "docs/empty.md": ""})
    store = cache.store_for(root, "p")
    assert store is not None
    store.started_ns = time.time_ns() + cache.RACY_NS + 1_000_000_000  # the files are old enough to trust
    first = Resolver(WorktreeSource(root), verdicts=BlobVerdicts(store))
    assert first.resolve("docs/e.md").kind == "ok"  # cold: read, and recorded by its stat signature
    seen: list[str] = []
    real = os.lstat
    monkeypatch.setattr(os, "lstat", lambda path, *a, **k: (seen.append(str(path)), real(path, *a, **k))[1])
    read: list[str] = []
    warm = Resolver(WorktreeSource(root), verdicts=BlobVerdicts(store))
    monkeypatch.setattr(warm, "_chunks", lambda rel: (read.append(rel), iter([b""]))[1])
    assert warm.resolve("docs/e.md").kind == "ok"
    assert seen.count(f"{root}/docs/e.md") == 1  # the walk's lstat is the signature the cache compares
    assert read == []  # the verdict came from the cache, the file was not read
    assert warm.resolve("docs/empty.md").kind == "empty"


def test_the_worktree_entry_keeps_its_lstat_and_the_store_uses_it(tmp_path: Path) -> None:
    root = make_repo(tmp_path / "repo", {"e.md": "proof\n"})
    entry = WorktreeSource(root).entry("e.md")
    assert entry is not None and entry.kind == "file" and entry.info is not None
    assert entry.info.st_ino == os.lstat(root / "e.md").st_ino
    store = cache.store_for(root, "p")
    assert store is not None
    _found, signature = store.worktree_verdict(f"{root}/", "e.md", entry.info)
    assert signature == cache.stat_signature(entry.info)
    assert entry == WorktreeSource(root).entry("e.md")  # the stat is no part of what an entry is


def _commit(root: Path, files: dict[str, str]) -> None:
    write(root, files)
    subprocess.run(["git", "add", "-A"], cwd=root, check=True)
    subprocess.run(["git", "commit", "-qm", "change"], cwd=root, check=True, env={**os.environ, **GIT_ENV})


@pytest.mark.parametrize("evidence, emptied", [
    ("`proof.md`", "trackers/proof.md"),  # plain, found beside the tracker (the second candidate)
    ("`evidence/ab-001.md`", "evidence/ab-001.md"),  # plain, from the root
    ("`./evidence/ab-001.md`", "evidence/ab-001.md"),  # not plain: normalised the long way
    ("`evidence/ab-001.md#top`", "evidence/ab-001.md"),
])
def test_an_emptied_evidence_blob_is_a_changed_claim_whatever_the_path_form(tmp_path: Path, evidence: str,
                                                                          emptied: str) -> None:
    root = make_repo(tmp_path / "repo", {"trackers/plan.md": master([row("AB-001", evidence=evidence)]),
                                         "trackers/proof.md": "AB-001: imported 40 rows.\n",
                                         "evidence/ab-001.md": "AB-001: imported 40 rows.\n"})
    repo = GitRepo(root)
    try:
        base_sha = repo.head()
        _commit(root, {"trackers/other.md": "untouched claim\n"})
        same = compare(load_project(root=root, source=GitSource(repo, base_sha, root)),
                       load_project(root=root, source=GitSource(repo, repo.head(), root)))
        assert same.changed_claims == {}  # no blob the evidence can name changed: nothing read, nothing claimed
        _commit(root, {emptied: ""})
        changed = compare(load_project(root=root, source=GitSource(repo, base_sha, root)),
                          load_project(root=root, source=GitSource(repo, repo.head(), root)))
        assert list(changed.changed_claims) == ["AB-001"]
    finally:
        repo.close()


def test_a_severity_is_worked_out_once_per_run(tmp_path: Path, monkeypatch) -> None:
    import tracker.gate.catalogue  # noqa: F401  (registers the rules)
    from tracker.gate.context import CheckContext
    from tracker.gate.options import CheckOptions

    write(tmp_path, {"trackers/plan.md": master([row("AB-001")]), "tracker.yaml": "rules:\n  TRK105: warning\n"})
    ctx = CheckContext(load_project(root=tmp_path), CheckOptions(today=TODAY))
    asked: list[str] = []
    work = ctx._severity
    monkeypatch.setattr(ctx, "_severity", lambda code: (asked.append(code), work(code))[1])
    assert [ctx.severity("TRK105") for _ in range(3)] == ["warning"] * 3
    assert ctx.enabled("TRK105") and asked == ["TRK105"]


def test_done_items_are_worked_out_again_when_the_focus_or_the_items_are_replaced(tmp_path: Path) -> None:
    import tracker.gate.catalogue  # noqa: F401  (registers the rules)
    from tracker.gate.context import CheckContext
    from tracker.gate.options import CheckOptions

    write(tmp_path, {"trackers/plan.md": master([row("AB-001"), row("AB-002"), row("AB-003", status="todo")])})
    ctx = CheckContext(load_project(root=tmp_path), CheckOptions(today=TODAY))
    assert [i.id for i in ctx.done_items()] == ["AB-001", "AB-002"]
    ctx.done_items().clear()  # a caller's copy: the shared answer is untouched
    assert [i.id for i in ctx.done_items()] == ["AB-001", "AB-002"]
    ctx.focus = {"AB-002"}
    assert [i.id for i in ctx.done_items()] == ["AB-002"]
    ctx.items = [i for i in ctx.items if i.id != "AB-002"]
    assert ctx.done_items() == []
