"""A scratch git repository holding a master-table tracker: missing evidence, then the evidence written."""

from __future__ import annotations

import json

from tests.conftest import git, run_cli
from tests.gate.helpers import master, row, write

DONE = ["QX1-001", "QX1-002", "QX1-003", "QX2-001", "QX2-002"]
CLOSEOUT = """## Closeout Summary
1. QX1 wrapped after the second pass.
   - `QX2-001` -> `in_progress`
   - `QX2-001` -> `done`
2. Open blockers:
- Only remaining blocker: QX1-003 awaiting the partner's replay
"""


def tracker_repo(repo):
    rows = [row(i, evidence=f"`docs/evidence/{i.lower()}_run.md`") for i in DONE]
    rows.append(row("QX3-001", status="todo", evidence="-", due="2030-01-01"))
    write(repo, {"trackers/master.md": master(rows, after=CLOSEOUT)})
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "tracker")
    return repo


def check_json(repo, *args):
    proc = run_cli("check", "--format", "json", *args, cwd=repo, env={"TRACKER_TODAY": "2026-03-01"})
    return proc, json.loads(proc.stdout)


def test_every_done_row_without_its_evidence_is_reported(repo):
    tracker_repo(repo)
    proc, data = check_json(repo)
    assert proc.returncode == 1
    missing = [f for f in data["findings"] if f["code"] == "TRK102"]
    assert sorted(f["item"] for f in missing) == DONE
    assert all(f["rule"] == "evidence-missing" and f["path"] == "trackers/master.md" and f["line"] for f in missing)
    conflicts = [f for f in data["findings"] if f["code"] == "TRK106"]
    assert [f["item"] for f in conflicts] == ["QX1-003"]  # QX2-001's last word is `done`: no conflict
    assert data["summary"]["done_claims"] == 5 and data["summary"]["done_claims_proven"] == 0


def test_once_the_evidence_exists_the_evidence_rules_pass(repo):
    tracker_repo(repo)
    write(repo, {f"docs/evidence/{i.lower()}_run.md": f"# {i}\nRan the replay: 40 rounds stored.\n" for i in DONE})
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "evidence")
    proc, data = check_json(repo)
    evidence_codes = {f["code"] for f in data["findings"] if f["code"].startswith(("TRK10", "TRK30"))
                      and f["code"] != "TRK106"}
    assert evidence_codes == set()
    assert data["summary"]["done_claims_proven"] == 4  # QX1-003 still conflicts with its closeout line
    assert proc.returncode == 1
    proc, data = check_json(repo, "--ignore", "status-conflict")
    assert proc.returncode == 0 and data["summary"]["errors"] == 0
