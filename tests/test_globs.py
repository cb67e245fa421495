"""The one glob engine: same files from every Source, refused patterns named at tracker.yaml:line, no hangs."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.support.repos import GIT_ENV, make_repo
from tracker.git import GitRepo, GitSource
from tracker.globs import Glob, GlobError, compile_glob, glob_problem, match_any
from tracker.source import WorktreeSource

FILES = {
    "trackers/plan.md": "# plan\n",
    "trackers/.hidden.md": "# hidden\n",
    "trackers/deep/er/notes.md": "# notes\n",
    "trackers/deep/data.yaml": "items: []\n",
    "trackers/a[1].md": "# bracket\n",
    "trackersx/plan.md": "# not under trackers/\n",
    "plan.md": "# top\n",
    "docs/trackers/plan.md": "# nested trackers folder\n",
    "evidence/e-1.md": "proof\n",
    "evidence/sub/e-2.txt": "proof\n",
}

PATTERNS = [
    "trackers/**",
    "trackers/**/*.md",
    "trackers/*.md",
    "**/*.md",
    "**",
    "**/trackers/*.md",
    "trackers/**/er/*.md",
    "trackers/deep/**/*.yaml",
    "./trackers/*.md",
    "trackers/[a-p]*.md",
    "trackers/[!p]*.md",
    "trackers/a[[]1].md",
    "trackers/?lan.md",
    "evidence/**/e-*",
    "*.md",
    "nothing/**",
    "plan.md",
]

EXPECTED = {
    "trackers/**": ["trackers/.hidden.md", "trackers/a[1].md", "trackers/deep/data.yaml",
                    "trackers/deep/er/notes.md", "trackers/link.md", "trackers/plan.md"],
    "trackers/*.md": ["trackers/.hidden.md", "trackers/a[1].md", "trackers/link.md", "trackers/plan.md"],
    "**/trackers/*.md": ["docs/trackers/plan.md", "trackers/.hidden.md", "trackers/a[1].md", "trackers/link.md",
                         "trackers/plan.md"],
    "trackers/a[[]1].md": ["trackers/a[1].md"],
    "evidence/**/e-*": ["evidence/e-1.md", "evidence/sub/e-2.txt"],
    "nothing/**": [],
}


@pytest.fixture
def sources(tmp_path):
    """The same files as a working tree, the index, and a revision (one commit back, so HEAD~1)."""
    root = make_repo(tmp_path / "repo", FILES)
    os.symlink("plan.md", root / "trackers/link.md")
    os.symlink("../trackers", root / "evidence/linked-folder")  # the walk never enters it
    subprocess.run(["git", "add", "-A"], cwd=root, check=True)
    subprocess.run(["git", "commit", "-qm", "links"], cwd=root, check=True, env={**os.environ, **GIT_ENV})
    (root / "later.md").write_text("# another commit\n")
    subprocess.run(["git", "add", "-A"], cwd=root, check=True)
    subprocess.run(["git", "commit", "-qm", "later"], cwd=root, check=True, env={**os.environ, **GIT_ENV})
    (root / "later.md").unlink()
    subprocess.run(["git", "add", "-A"], cwd=root, check=True)
    repo = GitRepo(root)
    yield {"worktree": WorktreeSource(root), "index": GitSource(repo, None, root),
           "revision": GitSource(repo, repo.resolve("HEAD~1"), root)}
    repo.close()


@pytest.mark.parametrize("pattern", PATTERNS)
def test_every_source_finds_the_same_files(sources, pattern):
    found = {name: source.files([pattern]) for name, source in sources.items()}
    assert found["worktree"] == found["index"] == found["revision"], found
    if pattern in EXPECTED:
        assert found["worktree"] == EXPECTED[pattern]
    assert all(match_any(path, [pattern]) for path in found["worktree"])


def test_semantics():
    assert compile_glob("trackers/**").match("trackers/a/b/c.md")
    assert not compile_glob("trackers/**").match("trackers")  # everything below, not the folder itself
    assert compile_glob("a/**/b").match("a/b") and compile_glob("a/**/b").match("a/x/y/b")
    assert compile_glob("**/x.md").match("x.md") and compile_glob("**/x.md").match("p/q/x.md")
    assert compile_glob("*.md").match(".dot.md") and not compile_glob("*.md").match("a/b.md")
    assert compile_glob("[^a]").match("b") and not compile_glob("[^a]").match("a")
    assert compile_glob("[]]x").match("]x")
    assert not compile_glob("Plan.md").match("plan.md")  # case-sensitive everywhere


@pytest.mark.parametrize(("pattern", "why"), [
    ("", "is empty"),
    ("   ", "is empty"),
    ("/etc/*.md", "absolute"),
    ("C:/x/*.md", "absolute"),
    ("../other/*.md", "`..`"),
    ("trackers/../../x", "`..`"),
    ("trackers\\*.md", "backslashes"),
    ("trackers/[ab.md", "unclosed `[`"),
    ("trackers/**.md", "`**` must be a whole segment"),
    ("trackers//x.md", "empty path segment"),
    ("trackers/", "empty path segment"),
    ("a" * 257, "longer than 256"),
    ("/".join(["**", "x"] * 9), "more than 8 `**`"),
    ("a\x00b", "control character"),
])
def test_refused_patterns(pattern, why):
    problem = glob_problem(pattern)
    assert problem is not None and why in problem
    with pytest.raises(GlobError):
        compile_glob(pattern)


def test_matching_is_linear_even_for_patterns_the_loader_refuses():
    # Backtracking engines take exponential time here; each step of this one is a dict lookup after the first.
    nested = Glob("/".join(["**", "a"] * 25) + "/*.md", limit=False)
    assert not nested.match("a/" * 400 + "b")
    assert nested.match("a/" * 30 + "x.md")
    stars = Glob("*a" * 40 + "*b", limit=False)
    assert not stars.match("a" * 5000)


def _tracker(root, *args):
    env = {**os.environ, **GIT_ENV, "TRACKER_TODAY": "2026-03-01"}
    return subprocess.run([sys.executable, "-m", "tracker", *args], cwd=root, env=env, capture_output=True,
                          text=True, timeout=20)  # a hang guard only, not a timing assert


@pytest.mark.parametrize("args", [("status",), ("check", "--base", "HEAD~1")])
def test_nested_doublestar_config_is_refused_quickly(tmp_path, args):
    pattern = "/".join(["**", "x"] * 22) + "/*.md"
    root = make_repo(tmp_path / "repo", {"tracker.yaml": "# settings\n" f"trackers: ['{pattern}']\n",
                                         "trackers/plan.md": "# plan\n"})
    (root / "note.md").write_text("x\n")
    subprocess.run(["git", "add", "-A"], cwd=root, check=True)
    subprocess.run(["git", "commit", "-qm", "two"], cwd=root, check=True, env={**os.environ, **GIT_ENV})
    proc = _tracker(root, *args)
    assert proc.returncode == 2, proc.stderr
    assert "tracker.yaml:2: trackers:" in proc.stderr and "more than 8 `**`" in proc.stderr


@pytest.mark.parametrize(("setting", "where"), [
    ("trackers: ['trackers/**.md']", "tracker.yaml:2: trackers: 'trackers/**.md' uses `**` inside"),
    ("trackers: ['../other/*.md']", "tracker.yaml:2: trackers: '../other/*.md' uses `..`"),
    ("trackers: ['/abs/*.md']", "tracker.yaml:2: trackers: '/abs/*.md' is an absolute path"),
    ("gates: /outside", "tracker.yaml:2: gates: '/outside' is an absolute path"),
    ("ledger: ../outside.jsonl", "tracker.yaml:2: ledger: '../outside.jsonl' uses `..`"),
    ("evidence_roots: [evidence, ../x]", "tracker.yaml:2: evidence_roots: '../x' uses `..`"),
])
def test_bad_paths_in_tracker_yaml_exit_2_naming_key_and_line(tmp_path, setting, where):
    root = make_repo(tmp_path / "repo", {"tracker.yaml": f"# settings\n{setting}\n", "trackers/plan.md": "# p\n"})
    proc = _tracker(root, "status")
    assert proc.returncode == 2 and where in proc.stderr, proc.stderr


def test_trackers_doublestar_finds_the_same_documents_in_check_and_hook(tmp_path):
    table = "| ID | Task | Status | Evidence |\n|---|---|---|---|\n| A-1 | one | todo | |\n"
    root = make_repo(tmp_path / "repo", {"tracker.yaml": "trackers: ['trackers/**']\n", "trackers/a.md": table,
                                         "trackers/sub/b.md": table.replace("A-1", "B-1")})
    status = _tracker(root, "status", "--format", "json")
    assert status.returncode == 0, status.stderr
    assert '"A-1"' in status.stdout and '"B-1"' in status.stdout
    (root / "trackers/sub/b.md").write_text(table.replace("A-1", "B-1").replace("todo", "done"))
    subprocess.run(["git", "add", "-A"], cwd=root, check=True)
    hook = _tracker(root, "hook")
    assert hook.returncode == 1 and "B-1" in hook.stderr  # the hook reads trackers/sub/b.md too
