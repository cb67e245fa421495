"""Closing an item changes exactly its status and evidence cells: byte-for-byte, in every format, LF/CRLF/BOM."""

from __future__ import annotations

import difflib
import json

import pytest
from .write_docs import DAY_TABLE, EVIDENCE, PHASE_TABLE, TASK_LIST, TASK_TABLE, YAML_DOC, variant

VARIANTS = [(False, False), (True, False), (False, True), (True, True)]
IDS = ["lf", "crlf", "bom", "crlf-bom"]

# (document, path, item, evidence, [(old line, new line), ...] or inserted lines as (after, new))
CASES = {
    "task-table-empty-evidence": (
        TASK_TABLE, "trackers/plan.md", "CORE-002", "evidence/core-002.md",
        [("| CORE-002 | P1 | CORE | Wire the exporter | Export matches \\| golden file | | Ben | 2026-01-12 | in_progress |",
          "| CORE-002 | P1 | CORE | Wire the exporter | Export matches \\| golden file | `evidence/core-002.md` | Ben | 2026-01-12 | done |")]),
    "task-table-dash-evidence": (
        TASK_TABLE, "trackers/plan.md", "CORE-003", "evidence/core-003.md",
        [("| CORE-003 | P1 | CORE | Write the docs | Docs published | - | Cy | 2026-01-15 | todo |",
          "| CORE-003 | P1 | CORE | Write the docs | Docs published | `evidence/core-003.md` | Cy | 2026-01-15 | done |")]),
    "task-table-keeps-separator": (
        TASK_TABLE, "trackers/plan.md", "CORE-004", "evidence/core-002.md",
        [("| CORE-004 | P2 | CORE | Cut release | Tag pushed | `evidence/core-001.md`; `evidence/rc.md` | Ana | 2026-01-20 | todo |",
          "| CORE-004 | P2 | CORE | Cut release | Tag pushed | `evidence/core-001.md`; `evidence/rc.md`; `evidence/core-002.md` | Ana | 2026-01-20 | done |")]),
    "day-table-notes": (
        DAY_TABLE, "trackers/days.md", "Day 2", "evidence/day-2.md",
        [("| Day 2 | Event store | IN_PROGRESS | Waiting on schema review |",
          "| Day 2 | Event store | COMPLETED | Waiting on schema review; evidence: `evidence/day-2.md` |")]),
    "day-table-empty-notes": (
        DAY_TABLE, "trackers/days.md", "Day 3", "evidence/day-3.md",
        [("| Day 3 | Reconciliation | PENDING | |",
          "| Day 3 | Reconciliation | COMPLETED | evidence: `evidence/day-3.md` |")]),
    "phase-table-emoji": (
        PHASE_TABLE, "trackers/phases.md", "Stage 1", "evidence/stage-1.md",
        [("| Stage 1 | Event catalogue | 🔄 PARTIAL | None - drafted |",
          "| Stage 1 | Event catalogue | ✅ COMPLETE (2026-03-01) | None - drafted |")]),
    "task-list-inferred-id": (
        TASK_LIST, "trackers/list.md", "#build-the-parser", "evidence/parser.md",
        [("- [ ] Build the parser", "- [x] Build the parser\n  - Evidence: `evidence/parser.md`")]),
    "task-list-explicit-id-block": (
        TASK_LIST, "trackers/list.md", "M1-3", "evidence/release.md",
        [("- [ ] **M1-3**: Ship the release\n  with a continuation line",
          "- [x] **M1-3**: Ship the release\n  with a continuation line\n  - Evidence: `evidence/release.md`")]),
    "task-list-ordered": (
        TASK_LIST, "trackers/list.md", "#plan-the-rollout", "evidence/rollout.md",
        [("1. [ ] Plan the rollout", "1. [x] Plan the rollout\n   - Evidence: `evidence/rollout.md`")]),
    "yaml-new-evidence-key": (
        YAML_DOC, "trackers/roadmap.yaml", "TL-2", "evidence/tl-2.md",
        [("    status: 'in progress'\n", "    status: 'done'\n    evidence:\n      - evidence/tl-2.md\n")]),
    "yaml-flow-list": (
        YAML_DOC, "trackers/roadmap.yaml", "TL-3", "evidence/tl-3.md",
        [("    status: todo\n    evidence: [evidence/tl-1.md]", "    status: done\n    evidence: [evidence/tl-1.md, evidence/tl-3.md]")]),
}


def expected_text(doc: str, edits: list[tuple[str, str]]) -> str:
    for old, new in edits:
        assert doc.count(old) == 1, old
        doc = doc.replace(old, new)
    return doc


@pytest.mark.parametrize("crlf,bom", VARIANTS, ids=IDS)
@pytest.mark.parametrize("case", sorted(CASES))
def test_close_changes_exactly_the_cells(case, crlf, bom, repo, tracker_in):
    doc, rel, item, evidence, edits = CASES[case]
    root = repo({rel: variant(doc, crlf, bom), **EVIDENCE})
    before = (root / rel).read_bytes()
    assert tracker_in(root, "close", item, "--evidence", evidence) == 0
    after = (root / rel).read_bytes()
    assert after == variant(expected_text(doc, edits), crlf, bom)
    changed = [line for line in difflib.ndiff(before.decode().splitlines(), after.decode().splitlines())
               if line.startswith(("- ", "+ "))]
    assert 1 <= len([c for c in changed if c.startswith("- ")]) <= 2
    record = json.loads((root / "evidence/ledger.jsonl").read_text().splitlines()[-1])
    assert record["id"] == item and record["action"] == "close" and record["status"] == "done"
    assert record["evidence"][0]["path"] == evidence and len(record["evidence"][0]["sha256"]) == 64
    assert record["commit"] and len(record["commit"]) == 40 and record["forced"] is False


def test_close_never_duplicates_a_path(repo, tracker_in):
    root = repo({"trackers/plan.md": TASK_TABLE, **EVIDENCE})
    assert tracker_in(root, "close", "CORE-004", "--evidence", "evidence/rc.md") == 0
    text = (root / "trackers/plan.md").read_text()
    assert "| `evidence/core-001.md`; `evidence/rc.md` | Ana | 2026-01-20 | done |" in text
    assert text.count("evidence/rc.md") == 1


def test_evidence_only_in_ledger_when_no_column(repo, tracker_in):
    root = repo({"trackers/phases.md": PHASE_TABLE, **EVIDENCE})
    assert tracker_in(root, "close", "Stage 1", "--evidence", "evidence/stage-1.md") == 0
    assert "evidence/stage-1.md" not in (root / "trackers/phases.md").read_text()
    record = json.loads((root / "evidence/ledger.jsonl").read_text())
    assert [e["path"] for e in record["evidence"]] == ["evidence/stage-1.md"]


def test_refused_close_touches_nothing(repo, tracker_in):
    root = repo({"trackers/phases.md": PHASE_TABLE, **EVIDENCE})
    before = (root / "trackers/phases.md").read_bytes()
    # Stage 2 names Stage 1 (not done) as its blocker.
    assert tracker_in(root, "close", "Stage 2", "--evidence", "evidence/stage-1.md") == 1
    assert (root / "trackers/phases.md").read_bytes() == before
    assert not (root / "evidence/ledger.jsonl").exists()


def test_force_closes_and_records_the_override(repo, tracker_in):
    root = repo({"trackers/days.md": DAY_TABLE, **EVIDENCE})
    before = (root / "trackers/days.md").read_bytes()
    assert tracker_in(root, "close", "Day 4", "--evidence", "evidence/day-3.md") == 1
    assert (root / "trackers/days.md").read_bytes() == before
    assert tracker_in(root, "close", "Day 4", "--evidence", "evidence/day-3.md", "--force") == 2  # needs --reason
    assert tracker_in(root, "close", "Day 4", "--evidence", "evidence/day-3.md", "--force",
                      "--reason", "parity waived by ops") == 0
    text = (root / "trackers/days.md").read_text()
    assert ("| Day 4 | Parity checks | COMPLETED | Blocked by Day 3; evidence: `evidence/day-3.md`; "
            "forced close: parity waived by ops |") in text
    record = json.loads((root / "evidence/ledger.jsonl").read_text().splitlines()[-1])
    assert record["forced"] is True and record["reason"] == "parity waived by ops"
