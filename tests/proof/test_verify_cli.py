"""`tracker verify` in a subprocess: proven, suspect and unproven claims, JSON, ID filters and exit codes."""

from __future__ import annotations

import json

from tests.proof.conftest import TABLE, tracker_row


def claims(scratch, reports):
    scratch.write("trackers/plan.md", TABLE + tracker_row("AB-1", "`reports/pass.xml`")
                  + tracker_row("AB-2", "`reports/fail.xml`") + tracker_row("AB-3", "https://ci.example.invalid/1")
                  + tracker_row("AB-4", "-", status="todo"))
    (scratch.path / "reports").mkdir()
    (scratch.path / "reports/pass.xml").write_bytes(reports["passing"])
    (scratch.path / "reports/fail.xml").write_bytes(reports["failing"])
    scratch.add(".")
    scratch.commit("claims")
    return scratch


def test_table_names_each_standing_and_exit_1_on_unproven(scratch, reports):
    proc = claims(scratch, reports).tracker("verify")
    assert proc.returncode == 1, proc.stderr
    rows = {line.split()[0]: line.split()[1] for line in proc.stdout.splitlines()[1:] if line[:1].strip()}
    assert rows == {"AB-1": "proven", "AB-2": "unproven", "AB-3": "suspect"}
    assert "TRK120" in proc.stdout and "TRK104" in proc.stdout
    assert "1 proven, 1 suspect, 1 unproven" in proc.stderr


def test_json_and_id_filter(scratch, reports):
    repo = claims(scratch, reports)
    proc = repo.tracker("verify", "AB-1", "AB-3", "AB-4", "--format", "json")
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert [(c["id"], c["standing"]) for c in data["claims"]] == [("AB-1", "proven"), ("AB-3", "suspect"),
                                                                 ("AB-4", "not-done")]
    assert data["summary"]["unproven"] == 0


def test_strict_turns_suspect_into_unproven(scratch, reports):
    proc = claims(scratch, reports).tracker("verify", "AB-3", "--strict")
    assert proc.returncode == 1 and "unproven" in proc.stdout


def test_unknown_id_is_a_usage_error(scratch, reports):
    proc = claims(scratch, reports).tracker("verify", "NOPE-9")
    assert proc.returncode == 2 and "NOPE-9" in proc.stderr
