"""The real pre-commit framework runs this repository's `tracker` hook (.pre-commit-hooks.yaml).

pre-commit builds the hook's own virtualenv by pip-installing this repository at a git revision.
`try-repo` on a dirty repository commits only tracked files (`git add -u`), so new, not yet committed
files would be missing; the test therefore commits a snapshot of the working tree (tracked and
untracked, minus ignored files) into a scratch repository and points pre-commit at that.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.git.conftest import Repo, clean_env, make_repo, mark_done, table

ROOT = Path(__file__).resolve().parents[2]
PRE_COMMIT = [sys.executable, "-m", "pre_commit"]


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory) -> tuple[Path, dict[str, str]]:
    """(a committed snapshot of this repository, the environment with a private pre-commit store)."""
    base = tmp_path_factory.mktemp("pre-commit")
    snapshot = make_repo(base / "tracker-snapshot")
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=ROOT,
                            capture_output=True, check=True, env=clean_env()).stdout.decode().split("\0")
    for rel in filter(None, listed):
        source = ROOT / rel
        if source.is_file() and not source.is_symlink():
            target = snapshot.path / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
    snapshot.add(".")
    snapshot.commit("snapshot of the working tree")
    env = {"PRE_COMMIT_HOME": str(base / "store"), "PRE_COMMIT_COLOR": "never"}
    return snapshot.path, env


def _pre_commit(repo: Repo, env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([*PRE_COMMIT, *args], cwd=repo.path, env=clean_env(env), capture_output=True, text=True,
                          timeout=600)


def _claim_without_evidence(path: Path) -> Repo:
    repo = make_repo(path)
    repo.write("trackers/plan.md", table(("WS1-006", "Fix packing", "done", "`evidence/ws1-006.md`"),
                                         ("WS1-007", "Re-validate", "todo", "")))
    repo.write("evidence/ws1-006.md", "WS1-006: no packing warnings after the fix.\n")
    repo.add(".")
    repo.commit("plan")
    mark_done(repo)
    repo.write("evidence/ws1-007.md", "WS1-007: two fresh rounds persisted.\n")
    repo.add("trackers/plan.md")  # the claim is staged, its evidence is not
    return repo


@pytest.mark.slow
def test_try_repo_refuses_then_accepts(hook_repo, tmp_path: Path):
    snapshot, env = hook_repo
    repo = _claim_without_evidence(tmp_path / "work")
    proc = _pre_commit(repo, env, "try-repo", str(snapshot), "tracker")
    output = proc.stdout + proc.stderr
    assert proc.returncode == 1, output
    assert "WS1-007 is marked done but evidence/ws1-007.md is not staged\n    hint: git add evidence/ws1-007.md" in output
    repo.add("evidence/ws1-007.md")
    proc = _pre_commit(repo, env, "try-repo", str(snapshot), "tracker")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "Passed" in proc.stdout


@pytest.mark.slow
def test_installed_framework_hook_blocks_a_real_commit(hook_repo, tmp_path: Path):
    snapshot, env = hook_repo
    repo = _claim_without_evidence(tmp_path / "work")
    rev = Repo(snapshot).head()
    repo.write(".pre-commit-config.yaml", f"repos:\n  - repo: {snapshot}\n    rev: {rev}\n    hooks:\n"
                                          f"      - id: tracker\n")
    repo.add(".pre-commit-config.yaml")
    installed = _pre_commit(repo, env, "install")
    assert installed.returncode == 0, installed.stderr
    before = repo.head()
    proc = repo.git("commit", "-m", "close WS1-007", check=False, env=env)
    assert proc.returncode != 0
    assert "git add evidence/ws1-007.md" in proc.stdout + proc.stderr
    assert repo.head() == before
    repo.add("evidence/ws1-007.md")
    proc = repo.git("commit", "-m", "close WS1-007", check=False, env=env)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert repo.head() != before
    assert os.path.isdir(env["PRE_COMMIT_HOME"])


def _configured(path: Path, snapshot: Path) -> Repo:
    """A project whose .pre-commit-config.yaml uses the snapshot's tracker hook; main holds it, `pr` is checked
    out and commits an unproven done claim (with --no-verify, as a pull request's commits arrive in CI)."""
    repo = make_repo(path)
    repo.write(".pre-commit-config.yaml", f"repos:\n  - repo: {snapshot}\n    rev: {Repo(snapshot).head()}\n"
                                          f"    hooks:\n      - id: tracker\n")
    repo.write("trackers/plan.md", table(("WS1-006", "Fix packing", "done", "`evidence/ws1-006.md`"),
                                         ("WS1-007", "Re-validate", "todo", "")))
    repo.write("evidence/ws1-006.md", "WS1-006: no packing warnings after the fix.\n")
    repo.add(".")
    repo.commit("plan")
    repo.git("checkout", "-q", "-b", "pr")
    mark_done(repo, evidence="")
    repo.add(".")
    repo.commit("claim WS1-007 without evidence")
    return repo


@pytest.mark.slow
def test_from_ref_to_ref_judges_the_range(hook_repo, tmp_path: Path):
    snapshot, env = hook_repo
    repo = _configured(tmp_path / "work", snapshot)
    proc = _pre_commit(repo, env, "run", "--from-ref", "main", "--to-ref", "pr")
    output = proc.stdout + proc.stderr
    assert proc.returncode == 1, output
    assert "trackers/plan.md:4: TRK101 WS1-007 is done but links no evidence" in output
    clean = _pre_commit(repo, env, "run", "--from-ref", "main", "--to-ref", "main")
    assert clean.returncode == 0, clean.stdout + clean.stderr


@pytest.mark.slow
def test_all_files_judges_everything(hook_repo, tmp_path: Path):
    snapshot, env = hook_repo
    repo = _configured(tmp_path / "work", snapshot)
    proc = _pre_commit(repo, env, "run", "--all-files")
    output = proc.stdout + proc.stderr
    assert proc.returncode == 1, output
    assert "trackers/plan.md:4: TRK101" in output
    plain = _pre_commit(repo, env, "run")  # nothing staged: a commit run has nothing to judge
    assert plain.returncode == 0, plain.stdout + plain.stderr
