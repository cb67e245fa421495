"""`tracker close` through a real process: exit codes, unknown and ambiguous IDs, mojibake documents."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import git, run_cli

TABLE = """\
| ID | Task | Status | Evidence |
|---|---|---|---|
| WS1-001 | Import | done | `evidence/one.md` |
| WS1-002 | Export | todo | |
| WS1-003 | Report | todo | |
"""
ENV = {"TRACKER_TODAY": "2026-03-01"}


def commit(root: Path, files: dict[str, str | bytes]) -> Path:
    for rel, data in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data.encode() if isinstance(data, str) else data)
    git(root, "add", "-A")
    git(root, "commit", "-qm", "fixture")
    return root


def test_unknown_id_suggests_closest(repo):
    commit(repo, {"trackers/plan.md": TABLE, "evidence/one.md": "x\n"})
    proc = run_cli("close", "WS1-02", "--evidence", "evidence/one.md", cwd=repo, env=ENV)
    assert proc.returncode == 2
    assert "no item 'WS1-02'" in proc.stderr and "did you mean WS1-002" in proc.stderr


def test_ambiguous_id_names_every_place(repo):
    commit(repo, {"trackers/plan.md": TABLE, "trackers/more.md": TABLE.replace("WS1-001", "WS9-001"),
                  "evidence/one.md": "x\n"})
    before = (repo / "trackers/plan.md").read_bytes()
    proc = run_cli("close", "WS1-002", "--evidence", "evidence/one.md", cwd=repo, env=ENV)
    assert proc.returncode == 2
    assert "trackers/plan.md:4" in proc.stderr and "trackers/more.md:4" in proc.stderr
    assert (repo / "trackers/plan.md").read_bytes() == before


def test_missing_evidence_file_is_a_usage_error(repo):
    commit(repo, {"trackers/plan.md": TABLE, "evidence/one.md": "x\n"})
    proc = run_cli("close", "WS1-002", "--evidence", "evidence/nope.md", cwd=repo, env=ENV)
    assert proc.returncode == 2 and "does not exist" in proc.stderr
    proc = run_cli("close", "WS1-002", "--evidence", "/etc/hostname", cwd=repo, env=ENV)
    assert proc.returncode == 2 and "outside the repository" in proc.stderr


def test_close_from_a_subfolder_records_repo_relative_paths(repo):
    commit(repo, {"trackers/plan.md": TABLE, "evidence/one.md": "x\n", "evidence/two.md": "two\n"})
    proc = run_cli("close", "WS1-002", "--evidence", "../evidence/two.md", "--note", "shipped",
                   cwd=repo / "trackers", env=ENV)
    assert proc.returncode == 0, proc.stderr
    assert "| WS1-002 | Export | done | `evidence/two.md` |" in (repo / "trackers/plan.md").read_text()
    record = json.loads((repo / "evidence/ledger.jsonl").read_text())
    assert record["note"] == "shipped" and record["user"] == "Dev <dev@example.invalid>"
    assert record["evidence"] == [{"path": "evidence/two.md", "sha256":
                                   "27dd8ed44a83ff94d557f9fd0412ed5a8cbca69ea04922d88c01184a07300a5a", "size": 4}]


def test_mojibake_document_gets_correct_text_and_a_warning(repo):
    doc = ("| ID | Task | Status |\n|---|---|---|\n| M-1 | A | ‚úÖ COMPLETE (2025-01-02) |\n"
           "| M-2 | B | ‚è≥ PENDING |\n")
    commit(repo, {"trackers/m.md": doc, "evidence/m.md": "x\n"})
    proc = run_cli("close", "M-2", "--evidence", "evidence/m.md", cwd=repo, env=ENV)
    assert proc.returncode == 0, proc.stderr
    assert "mojibake" in proc.stderr and "doctor --fix" in proc.stderr
    assert (repo / "trackers/m.md").read_text() == doc.replace("‚è≥ PENDING", "✅ COMPLETE (2026-03-01)")


def test_closing_twice_changes_nothing_the_second_time(repo):
    commit(repo, {"trackers/plan.md": TABLE, "evidence/one.md": "x\n", "evidence/two.md": "two\n"})
    assert run_cli("close", "WS1-002", "--evidence", "evidence/two.md", cwd=repo, env=ENV).returncode == 0
    after = (repo / "trackers/plan.md").read_bytes()
    assert run_cli("close", "WS1-002", "--evidence", "evidence/two.md", cwd=repo, env=ENV).returncode == 0
    assert (repo / "trackers/plan.md").read_bytes() == after
