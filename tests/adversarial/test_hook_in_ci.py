"""The hook in CI: pre-commit's `--from-ref/--to-ref` (PRE_COMMIT_FROM_REF / PRE_COMMIT_TO_REF) and `--all-files`.

`tracker hook` judges such a range exactly as `tracker check --base FROM` judges TO; under `--all-files`
(pre-commit passes files that are not staged) it judges everything. The real framework runs in
tests/git/test_pre_commit_framework.py.
"""

from __future__ import annotations

from tests.adversarial.conftest import Repo, base_project, check_base, set_row, table


def _unproven_range(repo: Repo) -> str:
    """Commit an unproven done claim on `pr` (no hook), return its sha; nothing is staged afterwards."""
    set_row(repo, "A-2", "done")
    check_base(repo)
    return repo.head()


def test_range_with_an_unproven_claim_fails(project: Repo):
    to = _unproven_range(project)
    proc = project.tracker("hook", env={"PRE_COMMIT_FROM_REF": "main", "PRE_COMMIT_TO_REF": to})
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "trackers/plan.md:6: TRK101" in proc.stderr


def test_range_is_judged_by_the_from_refs_policy(project: Repo):
    project.write("tracker.yaml", "waivers:\n  - {item: A-2, rule: TRK101, reason: later}\n")
    to = _unproven_range(project)
    proc = project.tracker("hook", "pre-commit", "tracker.yaml", "trackers/plan.md",
                           env={"PRE_COMMIT_FROM_REF": "main", "PRE_COMMIT_TO_REF": to, "PRE_COMMIT": "1"})
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "trackers/plan.md:6: TRK101" in proc.stderr
    assert "TRK209" in proc.stderr


def test_range_judges_to_ref_not_the_checkout(project: Repo):
    to = _unproven_range(project)
    project.git("checkout", "-q", "main")  # CI may have another commit checked out
    proc = project.tracker("hook", env={"PRE_COMMIT_FROM_REF": "main", "PRE_COMMIT_TO_REF": to})
    assert proc.returncode == 1, proc.stdout + proc.stderr


def test_proven_range_passes(project: Repo):
    project.write("evidence/a-2.md", "# A-2\n\nValidated: row counts and checksums match the source export.\n")
    set_row(project, "A-2", "done", "`evidence/a-2.md`")
    check_base(project)
    proc = project.tracker("hook", env={"PRE_COMMIT_FROM_REF": "main", "PRE_COMMIT_TO_REF": "HEAD"})
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_unknown_ref_is_a_usage_error(project: Repo):
    proc = project.tracker("hook", env={"PRE_COMMIT_FROM_REF": "no-such-ref", "PRE_COMMIT_TO_REF": "HEAD"})
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert "no-such-ref" in proc.stderr


def test_all_files_judges_everything(fresh: Repo):
    """`pre-commit run --all-files` with nothing staged: the committed unproven claim still fails."""
    fresh.write("trackers/plan.md", table(("A-1", "Import", "done", "")))
    fresh.add(".")
    fresh.commit("unproven, committed with --no-verify")
    proc = fresh.tracker("hook", "pre-commit", "trackers/plan.md")
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "trackers/plan.md:3: TRK101" in proc.stderr
    # A plain commit run (pre-commit passes only staged files; here none) judges only the staged change.
    assert fresh.tracker("hook", "pre-commit").returncode == 0


def test_commit_run_passes_staged_files_only(fresh: Repo):
    base_project(fresh)
    fresh.write("evidence/a-2.md", "# A-2\n\nValidated: row counts and checksums match the source export.\n")
    set_row(fresh, "A-2", "done", "`evidence/a-2.md`")
    fresh.add(".")
    proc = fresh.tracker("hook", "pre-commit", "trackers/plan.md", "evidence/a-2.md")
    assert proc.returncode == 0, proc.stdout + proc.stderr
