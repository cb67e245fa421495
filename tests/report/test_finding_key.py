"""Finding identity: one key (path, code, subject) for baselines, SARIF fingerprints and the base comparison."""

from __future__ import annotations

import json

from tests.conftest import run_cli
from tests.gate.helpers import check, master, row, write
from tracker.gate.finding import Finding

ENV = {"TRACKER_TODAY": "2026-03-01"}


def _finding(**fields) -> Finding:
    return Finding(**{"code": "TRK401", "rule": "stale-region", "severity": "error", "message": "m", "hint": "h",
                      "path": "trackers/plan.md", **fields})


def test_key_ignores_lines_and_separates_subjects():
    one = _finding(line=3, anchor="region matrix")
    assert one.key == _finding(line=40, anchor="region matrix").key  # a moved region keeps its key
    assert one.key != _finding(line=3, anchor="region progress").key
    assert one.key != _finding(line=3, anchor="region matrix", path="other.md").key
    assert one.fingerprint != _finding(anchor="region progress").fingerprint
    message = _finding(anchor=None, message="ledger line 3 skipped at plan.md:12")
    assert message.key == _finding(anchor=None, message="ledger line 9 skipped at plan.md:40").key
    evidence = {"code": "TRK102", "item": "AB-001"}
    assert _finding(**evidence, evidence="a.md").key != _finding(**evidence, evidence="b.md").key


def test_two_stale_regions_in_one_file_do_not_collide(tmp_path):
    text = master([row("AB-001")]) + ("\n<!-- tracker:matrix -->\nold\n<!-- /tracker:matrix -->\n"
                                      "\n<!-- tracker:progress -->\nold\n<!-- /tracker:progress -->\n")
    write(tmp_path, {"trackers/plan.md": text, "evidence/ab-001.md": "AB-001: 12 checks passed\n"})
    stale = [f for f in check(tmp_path).findings if f.code == "TRK401"]
    assert len(stale) == 2 and len({f.key for f in stale}) == 2


def test_duplicate_rows_get_keys_of_their_own(tmp_path):
    write(tmp_path, {"trackers/plan.md": master([row("AB-001", evidence="-"), row("AB-001", evidence="-")])})
    unproven = [f for f in check(tmp_path).findings if f.code == "TRK101"]
    assert len(unproven) == 2 and len({f.key for f in unproven}) == 2


def test_a_new_problem_is_never_matched_by_the_baseline(tmp_path):
    write(tmp_path, {"trackers/plan.md": master([row("AB-001", evidence="-")])})
    baseline = tmp_path / "baseline.json"
    assert run_cli("check", "--write-baseline", str(baseline), cwd=tmp_path, env=ENV).returncode == 0
    assert run_cli("check", "--baseline", str(baseline), cwd=tmp_path, env=ENV).returncode == 0
    # A second row with the same ID, also done without evidence: the same (code, item) as the old finding.
    write(tmp_path, {"trackers/plan.md": master([row("AB-001", evidence="-"), row("AB-001", evidence="-")])})
    proc = run_cli("check", "--baseline", str(baseline), "--format", "json", cwd=tmp_path, env=ENV)
    assert proc.returncode == 1
    failing = [f for f in json.loads(proc.stdout)["findings"] if f["code"] == "TRK101" and not f["waived"]]
    assert [f["line"] for f in failing] == [12]
    # The same item in another document is another subject too.
    write(tmp_path, {"trackers/plan.md": master([row("AB-001", evidence="-")]),
                     "trackers/more.md": master([row("AB-001", evidence="-")])})
    assert run_cli("check", "--baseline", str(baseline), cwd=tmp_path, env=ENV).returncode == 1


def test_an_old_baseline_file_is_refused_with_a_clear_message(tmp_path):
    write(tmp_path, {"trackers/plan.md": master([row("AB-001", evidence="-")]),
                     "old.json": json.dumps({"schema": "tracker.baseline/1",
                                             "findings": [{"code": "TRK101", "item": "AB-001", "evidence": None}]})})
    proc = run_cli("check", "--baseline", "old.json", cwd=tmp_path, env=ENV)
    assert proc.returncode == 2
    assert "tracker.baseline/1" in proc.stderr and "--write-baseline old.json" in proc.stderr


def test_sarif_fingerprint_is_the_finding_key(tmp_path):
    write(tmp_path, {"trackers/plan.md": master([row("AB-001", evidence="-"), row("AB-001", evidence="-")])})
    results = json.loads(run_cli("check", "--format", "sarif", cwd=tmp_path, env=ENV).stdout)["runs"][0]["results"]
    prints = [r["partialFingerprints"]["trackerKey/v2"] for r in results if r["ruleId"] == "TRK101"]
    assert len(prints) == 2 and len(set(prints)) == 2
    expected = {f.fingerprint for f in check(tmp_path).findings if f.code == "TRK101"}
    assert set(prints) == expected
