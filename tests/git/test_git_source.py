"""GitSource: the Source protocol over the index or a revision, in real repositories."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.git.conftest import Repo, table
from tracker.git import GitRepo, GitSource, parse_log
from tracker.project import load_project
from tracker.errors import InputError
from tracker.source import Entry


def _env(monkeypatch) -> None:
    for key in [k for k in os.environ if k.startswith("GIT_")]:
        monkeypatch.delenv(key)


def test_index_holds_what_will_be_committed(plan: Repo, monkeypatch):
    _env(monkeypatch)
    plan.write("evidence/ws1-006.md", "staged version\n")
    plan.add("evidence/ws1-006.md")
    plan.write("evidence/ws1-006.md", "working tree version, not staged\n")
    plan.write("evidence/untracked.md", "only on disk\n")
    repo = GitRepo(plan.path)
    index, head = GitSource(repo, None), GitSource(repo, repo.head())
    assert index.read("evidence/ws1-006.md") == b"staged version\n"
    assert head.read("evidence/ws1-006.md").startswith(b"# WS1-006")
    assert index.read("evidence/untracked.md") is None and index.entry("evidence/untracked.md") is None
    assert index.entry("evidence/ws1-006.md") == Entry("file", len(b"staged version\n"))
    assert head.entry("evidence") == Entry("dir") and head.entry("./evidence/ws1-006.md").kind == "file"
    assert index.files(["trackers/**/*.md"]) == ["trackers/plan.md"]
    assert index.walk("evidence") == ["evidence/ws1-006.md"]
    assert repo.staged_paths() == {"evidence/ws1-006.md"}
    assert index.tracked("evidence/ws1-006.md") and not index.tracked("evidence/untracked.md")
    repo.close()


def test_symlinks_are_reported_and_followed_only_inside_the_tree(plan: Repo, monkeypatch):
    _env(monkeypatch)
    os.symlink("ws1-006.md", plan.path / "evidence/link.md")
    os.symlink("../../outside.md", plan.path / "evidence/out.md")
    os.symlink("/etc", plan.path / "evidence/etc")
    plan.add("evidence/link.md", "evidence/out.md", "evidence/etc")
    repo = GitRepo(plan.path)
    index = GitSource(repo, None)
    assert index.entry("evidence/link.md") == Entry("symlink", 0, "ws1-006.md")
    assert index.read("evidence/link.md") == index.read("evidence/ws1-006.md")
    with pytest.raises(InputError, match="leaves the repository"):
        index.read("evidence/out.md")
    with pytest.raises(InputError, match="leaves the repository"):
        index.read("evidence/etc/passwd")  # below a symlink blob: git lists nothing there
    repo.close()


def test_size_cap_applies_to_blobs(plan: Repo, monkeypatch):
    _env(monkeypatch)
    plan.write("evidence/big.md", "x" * 5000)
    plan.add("evidence/big.md")
    repo = GitRepo(plan.path)
    for source in (GitSource(repo, None), GitSource(repo, "HEAD")):
        if source.rev == "HEAD":
            plan.commit("big")
            source = GitSource(repo, repo.head())
        with pytest.raises(InputError, match="larger than"):
            source.read("evidence/big.md", 1000)
        assert source.read("evidence/big.md", 10_000) == b"x" * 5000
        assert source.read("evidence/ws1-006.md", 1000) is not None  # the cat-file pipe is still in step
    repo.close()


def test_project_loads_through_a_revision_and_a_subfolder_root(scratch: Repo, monkeypatch):
    _env(monkeypatch)
    scratch.write("sub/tracker.yaml", "trackers: ['plans/*.md']\n")
    scratch.write("sub/plans/a.md", table(("S-1", "in a subfolder project", "done", "`proof.md`")))
    scratch.write("sub/proof.md", "S-1 proof\n")
    scratch.add(".")
    scratch.commit("sub project", date="2026-03-01T12:00:00Z")
    scratch.write("sub/plans/a.md", table(("S-1", "changed later", "todo", "")))
    repo = GitRepo(scratch.path / "sub")
    source = GitSource(repo, repo.head(), scratch.path / "sub")
    project = load_project(root=scratch.path / "sub", source=source)
    assert [(i.id, i.status.value) for i in project.items] == [("S-1", "done")]
    assert source.entry("proof.md").kind == "file"
    assert source.last_commit_time("proof.md") == 1772366400.0  # 2026-03-01T12:00:00Z
    repo.close()


def test_staged_files_count_as_new_for_ages(plan: Repo, monkeypatch):
    _env(monkeypatch)
    plan.write("evidence/new.md", "fresh\n")
    plan.add("evidence/new.md")
    repo = GitRepo(plan.path)
    index = GitSource(repo, None)
    assert index.last_commit_time("evidence/new.md") is not None
    assert index.last_commit_time("evidence/nowhere.md") is None
    assert index.last_commit_time("evidence/ws1-006.md") == float(repo.commit_time("HEAD"))
    repo.close()


def test_resolve_and_unknown_revisions(plan: Repo, monkeypatch):
    _env(monkeypatch)
    repo = GitRepo(plan.path)
    assert repo.resolve("main") == plan.head() == repo.head()
    assert repo.resolve("no-such-branch") is None and repo.resolve("--help") is None
    assert not repo.is_shallow()
    repo.close()


def test_parse_log_reads_fields_and_changes():
    raw = (b"\x00\x01" + b"a" * 40 + b"\x00" + b"2026-01-01T00:00:00Z\x00Ana\x00\n"
           b":000000 100644 " + b"0" * 40 + b" " + b"b" * 40 + b" A\x00trackers/p.md\x00"
           b":100644 000000 " + b"c" * 40 + b" " + b"0" * 40 + b" D\x00old.md\x00"
           b"\x00\x01" + b"d" * 40 + b"\x00" + b"2026-01-02T00:00:00Z\x00Ben")
    entries = parse_log(raw, 2)
    assert [(e.sha[:1], e.fields) for e in entries] == [("a", ["2026-01-01T00:00:00Z", "Ana"]),
                                                        ("d", ["2026-01-02T00:00:00Z", "Ben"])]
    assert entries[0].changes == [("A", "trackers/p.md", "b" * 40), ("D", "old.md", "0" * 40)]
    assert entries[1].changes == []


def test_not_a_repository(tmp_path: Path):
    import pytest

    from tracker.git import GitError

    with pytest.raises(GitError, match="not inside a git repository"):
        GitRepo(tmp_path)


def test_user_is_the_commit_author(plan: Repo, monkeypatch):
    _env(monkeypatch)
    monkeypatch.setenv("GIT_AUTHOR_NAME", "Ana Example")
    monkeypatch.setenv("GIT_AUTHOR_EMAIL", "ana@example.invalid")
    repo = GitRepo(plan.path)
    assert repo.user() == ("Ana Example", "ana@example.invalid")
    repo.close()


def test_revision_paths_read_single_files_without_a_listing(plan: Repo, monkeypatch):
    from tracker.git import RevisionPaths

    _env(monkeypatch)
    os.symlink("/etc/passwd", plan.path / "evidence/out.md")
    os.symlink("ws1-006.md", plan.path / "evidence/in.md")
    plan.add("evidence/out.md", "evidence/in.md")
    plan.commit("links")
    repo = GitRepo(plan.path)
    at = RevisionPaths(repo, repo.head())
    assert at.read("evidence/in.md") == at.read("evidence/ws1-006.md") == GitSource(repo, repo.head()).read(
        "evidence/ws1-006.md")
    assert at.entry("evidence") == Entry("dir") and at.read("missing.md") is None
    with pytest.raises(InputError, match="leaves the repository"):
        at.read("evidence/out.md")
    repo.close()


def test_tracked_among_asks_git_about_few_paths_and_agrees_with_the_listing(plan: Repo, monkeypatch):
    _env(monkeypatch)
    plan.write("evidence/a.md", "tracked\n")
    plan.write("evidence/[ab].md", "a glob's name, on disk only\n")
    plan.write("evidence/x*.md", "a star in the name, staged\n")
    plan.write("evidence/untracked.md", "only on disk\n")
    plan.write("deep/sub/file.md", "in a folder\n")
    os.symlink("evidence", plan.path / "link")
    plan.add("evidence/a.md", "evidence/x*.md", "deep/sub/file.md", "link")
    asked = ["evidence/a.md", "evidence/[ab].md", "evidence/x*.md", "evidence/x?.md", "evidence/untracked.md",
             "deep", "deep/", "deep/sub", "deep//sub", "deep/./sub", "deep/sub/../sub/file.md", "", ".", "./deep",
             "/", "..", "../outside.md", "link", "link/a.md", "evidence/a.md/", "nothing/here.md", ":(glob)**"]
    repo = GitRepo(plan.path)
    narrow, whole = GitSource(repo, None), GitSource(GitRepo(plan.path), None)
    expected = {rel for rel in asked if whole.tracked(rel)}
    assert narrow.tracked_among(asked) == expected
    assert narrow._blobs is None  # answered without listing the whole index
    assert expected == {"evidence/a.md", "evidence/x*.md", "deep", "deep/", "deep/sub", "", ".",
                        "./deep", "link"}
    for rel in asked:  # one at a time, as a close of one item asks
        assert GitSource(GitRepo(plan.path), None).tracked_among([rel]) == ({rel} & expected)
    repo.close()


def test_tracked_among_in_a_project_below_the_repository_top(plan: Repo, monkeypatch):
    _env(monkeypatch)
    plan.write("proj/evidence/a.md", "tracked\n")
    plan.write("evidence/b.md", "tracked, but above the project\n")
    plan.add("proj/evidence/a.md", "evidence/b.md")
    repo = GitRepo(plan.path)
    narrow = GitSource(repo, None, plan.path / "proj")
    assert narrow.tracked_among(["evidence/a.md", "evidence", "evidence/b.md", "proj/evidence/a.md"]) == \
        {"evidence/a.md", "evidence"}
    assert narrow._blobs is None
    repo.close()
