"""`tracker close` judges proof kinds, records what it checked in the ledger, and `tracker history` shows it."""

from __future__ import annotations

import json

from tests.proof.conftest import TABLE, tracker_row


def planned(scratch, reports):
    scratch.write("trackers/plan.md", TABLE + tracker_row("AB-1", "-", status="todo")
                  + tracker_row("AB-2", "-", status="todo"))
    (scratch.path / "reports").mkdir()
    (scratch.path / "reports/unit.xml").write_bytes(reports["passing"])
    (scratch.path / "reports/bad.xml").write_bytes(reports["failing"])
    scratch.add(".")
    scratch.commit("plan and reports")
    return scratch


def ledger(scratch) -> list[dict]:
    lines = (scratch.path / "evidence/ledger.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def test_close_records_kind_counts_sha_and_commit(scratch, reports):
    repo = planned(scratch, reports)
    work = repo.head()
    proc = repo.tracker("close", "AB-1", "--evidence", "reports/unit.xml#test_close_refuses",
                        "--evidence", f"commit: {work[:10]}")
    assert proc.returncode == 0, proc.stderr
    [record] = ledger(repo)
    report, commit = record["evidence"]
    assert report["path"] == "reports/unit.xml" and len(report["sha256"]) == 64
    assert (report["kind"], report["outcome"], report["tests"], report["failures"], report["skipped"]) == \
        ("junit", "proven", 2, 0, 0)
    assert commit == {"path": f"commit: {work[:10]}", "sha256": None, "size": None, "kind": "commit",
                      "commit": work}
    assert record["commit"] == work
    assert "reports/unit.xml#test_close_refuses" in (repo.path / "trackers/plan.md").read_text(encoding="utf-8")
    repo.add(".")
    repo.commit("close AB-1")
    shown = repo.tracker("history", "AB-1")
    assert shown.returncode == 0, shown.stderr
    assert "junit proven; 2 tests, 0 failures, 0 errors, 0 skipped; sha256" in shown.stdout
    assert f"commit {work[:12]}" in shown.stdout
    data = json.loads(repo.tracker("history", "AB-1", "--format", "json").stdout)
    assert data["ledger"][0]["evidence"][0]["tests"] == 2


def test_close_refuses_a_failing_report_and_a_missing_named_test(scratch, reports):
    repo = planned(scratch, reports)
    proc = repo.tracker("close", "AB-2", "--evidence", "reports/bad.xml")
    assert proc.returncode == 1 and "TRK120" in proc.stderr
    proc = repo.tracker("close", "AB-2", "--evidence", "reports/unit.xml#test_nowhere")
    assert proc.returncode == 1 and "TRK122" in proc.stderr
    assert not (repo.path / "evidence/ledger.jsonl").exists()
