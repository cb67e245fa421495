"""A forged ledger record: a forced close, or a close pointing at another item's evidence, appended by the change.

Neither is honoured in `check --base` nor in the hook: the claim fails as if the record were not there, and a
forced close the change appends is listed for review (TRK209).
"""

from __future__ import annotations

from tests.adversarial.conftest import Repo, check_base, commit_with_hook, ledger_line, set_row

LEDGER = "evidence/ledger.jsonl"
A1_PROOF = "# A-1\n\nImported 1,204 rows; the row count matches the source export.\n".encode()


def _forced(repo: Repo, path: str = LEDGER) -> None:
    set_row(repo, "A-2", "done")
    repo.write(path, ledger_line("A-2", [], forced=True, reason="trust me"))


def _borrowed(repo: Repo) -> None:
    set_row(repo, "A-2", "done")
    repo.write(LEDGER, ledger_line("A-2", [("evidence/a-1.md", A1_PROOF)]))


def test_forced_close_record_is_not_honoured(project: Repo):
    _forced(project)
    verdict = check_base(project)
    assert verdict.code == 1, verdict.out
    assert verdict.names("trackers/plan.md", 6, "TRK101"), verdict.out
    assert verdict.names(LEDGER, 1, "TRK209") and "forced close of A-2 appended" in verdict.out, verdict.out


def test_forced_close_record_in_the_hook(project: Repo):
    _forced(project)
    verdict = commit_with_hook(project)
    assert verdict.code != 0, verdict.out
    assert "trackers/plan.md:6: TRK101" in verdict.out


def test_close_record_borrowing_another_items_evidence(project: Repo):
    _borrowed(project)
    verdict = check_base(project)
    assert verdict.code == 1, verdict.out
    assert verdict.names("trackers/plan.md", 6, "TRK101"), verdict.out


def test_close_record_borrowing_evidence_in_the_hook(project: Repo):
    _borrowed(project)
    verdict = commit_with_hook(project)
    assert verdict.code != 0, verdict.out
    assert "trackers/plan.md:6: TRK101" in verdict.out


def test_forged_record_after_genuine_ones(project: Repo):
    project.write(LEDGER, ledger_line("A-1", [("evidence/a-1.md", A1_PROOF)]))
    project.git("add", "-A")
    project.commit("a genuine closure record")
    project.git("branch", "-f", "main", "HEAD")
    with (project.path / LEDGER).open("a", encoding="utf-8") as handle:
        handle.write(ledger_line("A-2", [], forced=True, reason="appended by hand"))
    set_row(project, "A-2", "done")
    verdict = check_base(project)
    assert verdict.code == 1, verdict.out
    assert verdict.names("trackers/plan.md", 6, "TRK101"), verdict.out
    assert verdict.names(LEDGER, 2, "TRK209"), verdict.out


def test_ledger_moved_to_hold_a_forged_record(project: Repo):
    project.write("tracker.yaml", "ledger: evidence/other-ledger.jsonl\n")
    _forced(project, "evidence/other-ledger.jsonl")
    verdict = check_base(project)
    assert verdict.code == 1, verdict.out
    assert verdict.names("trackers/plan.md", 6, "TRK101"), verdict.out
    assert "ledger moved: evidence/ledger.jsonl -> evidence/other-ledger.jsonl" in verdict.out


def test_ledger_renamed_drops_the_recorded_hashes(project: Repo):
    """Moving the ledger would silence evidence-changed-after-close: the base's ledger still judges."""
    project.write(LEDGER, ledger_line("A-1", [("evidence/a-1.md", A1_PROOF)]))
    project.git("add", "-A")
    project.commit("closure record")
    project.git("branch", "-f", "main", "HEAD")
    project.git("mv", LEDGER, "evidence/renamed.jsonl")
    project.write("tracker.yaml", "ledger: evidence/renamed.jsonl\n")
    project.write("evidence/a-1.md", "# A-1\n\nRewritten after the close.\n")
    verdict = check_base(project)
    assert verdict.code == 1, verdict.out
    assert verdict.names("trackers/plan.md", 5, "TRK109") or verdict.names(LEDGER, None, "TRK303"), verdict.out


def test_genuine_record_rewritten_to_forced(project: Repo):
    project.write(LEDGER, ledger_line("A-2", [], action="reopen"))
    project.git("add", "-A")
    project.commit("a reopen record")
    project.git("branch", "-f", "main", "HEAD")
    project.write(LEDGER, ledger_line("A-2", [], forced=True, reason="rewritten"))
    set_row(project, "A-2", "done")
    verdict = check_base(project)
    assert verdict.code == 1, verdict.out
    assert verdict.names(LEDGER, 1, "TRK303"), verdict.out


# -- legitimate closes pass -----------------------------------------------------------------------
def test_tracker_close_with_real_evidence_passes(project: Repo):
    project.write("evidence/a-2.md", "# A-2\n\nValidated: row counts and checksums match the source export.\n")
    closed = project.tracker("close", "A-2", "--evidence", "evidence/a-2.md")
    assert closed.returncode == 0, closed.stderr
    verdict = check_base(project)
    assert verdict.code == 0, verdict.out


def test_forced_close_needs_an_approved_policy_change(project: Repo):
    closed = project.tracker("close", "A-2", "--force", "--reason", "the signed paper form is the proof")
    assert closed.returncode == 0, closed.stderr
    verdict = check_base(project)
    assert verdict.code == 1, verdict.out
    assert verdict.names(LEDGER, 1, "TRK209"), verdict.out
    approved = project.tracker("check", "--base", "main", "--allow-policy-change")
    assert approved.returncode == 0, approved.stdout + approved.stderr
