"""`tracker set`: any canonical status in place; `done` is gated; reopening needs a reason that goes to the ledger."""

from __future__ import annotations

import json

from tests.commands.test_close_cli import ENV, commit
from tests.conftest import run_cli

DOC = """\
| Day | Scope | Status | Notes |
|---|---|---|---|
| Day 1 | Baseline | COMPLETED | Tagged |
| Day 2 | Store | IN_PROGRESS | Started |
| Day 3 | Recon | PENDING | Blocked by Day 2 |

- [x] T-1: done thing
- [ ] T-2: open thing
"""


def test_set_blocked_uses_the_documents_case(repo):
    commit(repo, {"trackers/d.md": DOC})
    proc = run_cli("set", "Day 3", "blocked", cwd=repo, env=ENV)
    assert proc.returncode == 0, proc.stderr
    assert (repo / "trackers/d.md").read_text() == DOC.replace("| PENDING |", "| BLOCKED |")
    record = json.loads((repo / "evidence/ledger.jsonl").read_text())
    assert (record["action"], record["status"]) == ("set", "blocked")


def test_reopen_needs_reason_and_records_it(repo):
    commit(repo, {"trackers/d.md": DOC})
    proc = run_cli("set", "Day 1", "in_progress", cwd=repo, env=ENV)
    assert proc.returncode == 2 and "--reason" in proc.stderr
    assert (repo / "trackers/d.md").read_text() == DOC
    proc = run_cli("set", "Day 1", "in_progress", "--reason", "regression found", cwd=repo, env=ENV)
    assert proc.returncode == 0, proc.stderr
    assert "| Day 1 | Baseline | IN_PROGRESS | Tagged |" in (repo / "trackers/d.md").read_text()
    record = json.loads((repo / "evidence/ledger.jsonl").read_text())
    assert (record["action"], record["reason"]) == ("reopen", "regression found")


def test_set_done_goes_through_the_gates(repo):
    commit(repo, {"trackers/d.md": DOC})
    proc = run_cli("set", "Day 3", "done", cwd=repo, env=ENV)
    assert proc.returncode == 1
    assert (repo / "trackers/d.md").read_text() == DOC


def test_task_list_boxes_and_unrepresentable_status(repo):
    commit(repo, {"trackers/d.md": DOC})
    assert run_cli("set", "T-2", "in_progress", cwd=repo, env=ENV).returncode == 0
    assert "- [~] T-2: open thing" in (repo / "trackers/d.md").read_text()
    proc = run_cli("set", "T-2", "blocked", cwd=repo, env=ENV)
    assert proc.returncode == 2 and "task-list item" in proc.stderr


def test_unknown_status_word(repo):
    commit(repo, {"trackers/d.md": DOC})
    proc = run_cli("set", "Day 3", "finito", cwd=repo, env=ENV)
    assert proc.returncode == 2 and "unknown status 'finito'" in proc.stderr
