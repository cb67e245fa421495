"""The hook's fast path: a commit that touches nothing a done claim rests on is not judged at all,
while one that empties a done item's evidence still is."""

import subprocess
import sys

from tests.conftest import git


def hook(repo):
    return subprocess.run([sys.executable, "-m", "tracker", "hook"], cwd=repo, capture_output=True, text=True)


def setup(repo):
    (repo / "trackers").mkdir()
    (repo / "evidence").mkdir()
    (repo / "trackers" / "plan.md").write_text(
        "| ID | Status | Evidence |\n|---|---|---|\n"
        "| OK-1 | done | `evidence/ok-1.md` |\n"
        "| BAD-1 | done | `evidence/missing.md` |\n", encoding="utf-8")
    (repo / "evidence" / "ok-1.md").write_text("# OK-1\n\nBenchmark run and its output.\n", encoding="utf-8")
    (repo / "src.py").write_text("print('v1')\n", encoding="utf-8")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "legacy tracker with one unproven done")


def test_unrelated_commit_is_not_judged(repo):
    setup(repo)
    (repo / "src.py").write_text("print('v2')\n", encoding="utf-8")
    git(repo, "add", "src.py")
    proc = hook(repo)
    assert proc.returncode == 0
    assert "BAD-1" not in proc.stderr and "do not block" not in proc.stderr


def test_emptying_a_done_items_evidence_is_still_judged(repo):
    setup(repo)
    (repo / "evidence" / "ok-1.md").write_text("", encoding="utf-8")
    git(repo, "add", "evidence/ok-1.md")
    proc = hook(repo)
    assert proc.returncode == 1
    assert "OK-1" in proc.stderr and "do not block" in proc.stderr  # BAD-1 stays a pre-existing finding


def test_tracker_edit_is_judged(repo):
    setup(repo)
    path = repo / "trackers" / "plan.md"
    path.write_text(path.read_text(encoding="utf-8") + "| NEW-1 | done | — |\n", encoding="utf-8")
    git(repo, "add", "trackers/plan.md")
    proc = hook(repo)
    assert proc.returncode == 1 and "NEW-1" in proc.stderr
