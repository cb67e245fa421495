"""`tracker check --base`: every output format renders the judged change, and every finding meets the pipeline."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import jsonschema
import pytest
from junitparser import Failure, JUnitXml

from tests.git.conftest import Repo, make_repo, mark_done, table

SCHEMA = Path(__file__).parent.parent / "data" / "sarif-schema-2.1.0.json"


@pytest.fixture
def pr(tmp_path: Path) -> Repo:
    """main: WS1-006 done and proven, WS1-007 todo; branch pr: WS1-007 done with evidence never written."""
    repo = make_repo(tmp_path / "repo")
    repo.write("trackers/plan.md", "# Plan\n\n" + table(
        ("WS1-006", "Fix the parameter packing", "done", "`evidence/ws1-006.md`"),
        ("WS1-007", "Re-validate persistence", "todo", ""),
        ("OLD-1", "Legacy claim", "done", ""),
    ))
    repo.write("evidence/ws1-006.md", "# WS1-006\n\nRan the import twice; no packing warnings.\n")
    repo.write("gates/ws1.yaml", "name: ws1\nrequires: [WS1-006]\nblocks: [WS2-*]\n")
    repo.add(".")
    repo.commit("plan")
    repo.git("checkout", "-q", "-b", "pr")
    mark_done(repo, evidence="evidence/missing.md")
    repo.add(".")
    repo.commit("claim WS1-007")
    return repo


def test_text_uses_the_one_finding_formatter(pr: Repo):
    proc = pr.tracker("check", "--base", "main")
    assert proc.returncode == 1
    lines = proc.stdout.splitlines()
    first = lines.index(next(line for line in lines if " TRK102 " in line))
    assert lines[first] == "trackers/plan.md:6: TRK102 WS1-007 is done but its evidence evidence/missing.md does not exist"
    assert lines[first + 1].startswith("    hint: ") and lines[first + 2] == "    (this change: WS1-007 todo → done)"
    assert "1 error(s) and 0 warning(s) already in main do not block this change" in proc.stdout


def test_json_keeps_its_keys_and_the_one_gate_shape(pr: Repo):
    data = json.loads(pr.tracker("check", "--base", "main", "--format", "json").stdout)
    assert {"schema", "base", "base_commit", "head", "transitions", "changed_claims", "blocking", "review",
            "existing_errors", "changed_gate_files", "gates"} <= set(data)
    plain = json.loads(pr.tracker("check", "--format", "json").stdout)
    gates = json.loads(pr.tracker("gates", "--format", "json").stdout)
    assert set(data["gates"][0]) == set(plain["gates"][0]) == set(gates["gates"][0]) == {
        "name", "passed", "reasons", "path", "line"}
    assert set(data["blocking"][0]) == set(plain["findings"][0])


def test_github_annotations_come_from_the_one_writer(pr: Repo):
    lines = pr.tracker("check", "--base", "main", "--format", "github").stdout.splitlines()
    assert lines[0].startswith("::error file=trackers/plan.md,line=6,title=TRK102 evidence-missing::WS1-007 is done")
    assert " — create and commit evidence/missing.md" in lines[0]
    assert "::notice file=trackers/plan.md,line=6,title=status change::WS1-007 todo → done" in lines
    assert all(line.startswith("::") for line in lines)  # the verdict goes to stderr


def test_sarif_validates_and_marks_results_new_with_the_key_fingerprint(pr: Repo, tmp_path: Path):
    out = tmp_path / "tracker.sarif"
    proc = pr.tracker("check", "--base", "main", "--format", "sarif", "--output", str(out))
    assert proc.returncode == 1 and "1 new or changed done claim finding(s) fail" in proc.stderr
    data = json.loads(out.read_text())
    jsonschema.Draft4Validator(json.loads(SCHEMA.read_text())).validate(data)
    [result] = data["runs"][0]["results"]
    assert result["ruleId"] == "TRK102" and result["baselineState"] == "new"
    key = "trackers/plan.md\x1fTRK102\x1fWS1-007 evidence/missing.md"
    assert result["partialFingerprints"]["trackerKey/v2"] == hashlib.sha256(key.encode()).hexdigest()[:32]


def test_junit_with_base_fails_only_the_claims_this_change_makes(pr: Repo, tmp_path: Path):
    out = tmp_path / "junit.xml"
    proc = pr.tracker("check", "--base", "main", "--format", "junit", "--output", str(out))
    assert proc.returncode == 1, proc.stderr
    cases = {case.name.split()[0]: case for suite in JUnitXml.fromfile(str(out)) for case in suite}
    failed = {name for name, case in cases.items() if any(isinstance(r, Failure) for r in case.result)}
    assert failed == {"WS1-007"}  # OLD-1 is unproven too, but already at the base
    assert {"WS1-006", "WS1-007", "OLD-1"} <= set(cases)
    blocking = json.loads(pr.tracker("check", "--base", "main", "--format", "json").stdout)["blocking"]
    assert sum(1 for case in cases.values() if any(isinstance(r, Failure) for r in case.result)) == len(blocking)
    assert "already in main: TRK101" in cases["OLD-1"].system_out


def test_write_baseline_with_base_is_refused(pr: Repo, tmp_path: Path):
    target = tmp_path / "baseline.json"
    proc = pr.tracker("check", "--base", "main", "--write-baseline", str(target))
    assert proc.returncode == 2 and "--write-baseline" in proc.stderr
    assert not target.exists()


def _rewrite_the_ledger(repo: Repo) -> None:
    repo.git("checkout", "-q", "main")
    record = {"schema": "tracker.ledger/1", "action": "close", "id": "WS1-006", "time": "2026-02-12T10:00:00Z",
              "status": "done", "evidence": []}
    repo.write("evidence/ledger.jsonl", json.dumps(record) + "\n")
    repo.add(".")
    repo.commit("ledger")
    repo.git("checkout", "-q", "-b", "rewrite")
    repo.write("evidence/ledger.jsonl", "")
    repo.add(".")
    repo.commit("drop the ledger")


def test_ledger_rewrite_goes_through_the_pipeline(pr: Repo):
    _rewrite_the_ledger(pr)
    proc = pr.tracker("check", "--base", "main", "--format", "json")
    assert proc.returncode == 1
    [finding] = json.loads(proc.stdout)["blocking"]
    assert finding["code"] == "TRK303" and finding["rule"] == "ledger-rewritten"
    assert pr.tracker("check", "--base", "main", "--ignore", "TRK303").returncode == 0
    assert pr.tracker("check", "--base", "main", "--ignore", "ledger-rewritten").returncode == 0


def test_ledger_rewrite_follows_the_configured_severity(pr: Repo):
    pr.git("checkout", "-q", "main")
    pr.write("tracker.yaml", "rules:\n  ledger-rewritten: warning\n")
    pr.add(".")
    pr.commit("ledger rewrites are for review here")
    _rewrite_the_ledger(pr)
    proc = pr.tracker("check", "--base", "main", "--format", "json")
    assert proc.returncode == 0, proc.stdout
    assert [f["code"] for f in json.loads(proc.stdout)["review"]] == ["TRK303"]


def test_statistics_and_output_sarif_work_with_base(pr: Repo, tmp_path: Path):
    out = tmp_path / "side.sarif"
    proc = pr.tracker("check", "--base", "main", "--format", "github", "--statistics", "--output-sarif", str(out))
    assert proc.returncode == 1
    assert any(line.split() == ["1", "TRK102", "evidence-missing"] for line in proc.stderr.splitlines())
    assert [r["ruleId"] for r in json.loads(out.read_text())["runs"][0]["results"]] == ["TRK102"]
