"""`tracker check` output formats, read back by their real consumers (jsonschema for SARIF, junitparser)."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from junitparser import Failure, JUnitXml

from tests.conftest import run_cli
from tests.gate.helpers import master, row, write

SCHEMA = Path(__file__).parent.parent / "data" / "sarif-schema-2.1.0.json"
ENV = {"TRACKER_TODAY": "2026-03-01"}


@pytest.fixture
def project(tmp_path):
    rows = [row("AB-001"), row("AB-002", evidence="`evidence/missing.md`"), row("AB-003", evidence="-"),
            row("AB-004", status="todo", evidence="-", due="2026-01-02"), row("CD-001", evidence="`evidence/ab-001.md`")]
    write(tmp_path, {"trackers/plan.md": master(rows), "evidence/ab-001.md": "# AB-001\nAll 12 checks passed.\n",
                     "gates/ab.yaml": "requires: [AB-*]\nblocks: [CD-*]\n",
                     "tracker.yaml": "waivers:\n  - item: AB-003\n    rule: done-without-evidence\n"
                                     "    reason: signed paper form in the binder\n"})
    return tmp_path


def run(project, *args):
    return run_cli("check", *args, cwd=project, env=ENV)


def test_text_lines_hints_and_summary_on_stderr(project):
    proc = run(project)
    assert proc.returncode == 1
    lines = proc.stdout.splitlines()
    first = lines.index(next(line for line in lines if " TRK102 " in line))
    assert lines[first].startswith("trackers/plan.md:12: TRK102 AB-002 is done but its evidence")
    assert lines[first + 1].startswith("    hint: ")
    assert "[waived: signed paper form in the binder]" in proc.stdout
    assert "error(s)" in proc.stderr and "error(s)" not in proc.stdout
    assert "gates: 0 passed, 1 failed (ab)" in proc.stderr


def test_json_contract(project):
    proc = run(project, "--format", "json")
    data = json.loads(proc.stdout)
    assert data["schema"] == "tracker.check/1"
    assert set(data) == {"schema", "findings", "gates", "summary"}
    required = {"code", "rule", "severity", "item", "message", "hint", "path", "line"}
    assert all(required <= set(f) for f in data["findings"])
    assert set(data["summary"]) == {"errors", "warnings", "items_checked", "done_claims", "done_claims_proven"}
    assert data["gates"][0]["name"] == "ab" and data["gates"][0]["passed"] is False
    assert data["summary"]["items_checked"] == 5 and data["summary"]["done_claims"] == 4
    waived = [f for f in data["findings"] if f["waived"]]
    assert [(f["code"], f["item"]) for f in waived] == [("TRK101", "AB-003")]


def test_github_annotations(project):
    out = run(project, "--format", "github").stdout.splitlines()
    assert any(line.startswith("::error file=trackers/plan.md,line=12,title=TRK102 evidence-missing::AB-002")
               for line in out)
    assert any(line.startswith("::warning file=trackers/plan.md,line=14,title=TRK108 overdue::") for line in out)
    assert any(line.startswith("::notice ") and "AB-003" in line for line in out)
    assert all("\n" not in line for line in out) and any(" — " in line for line in out)  # message — hint


def test_sarif_validates_against_the_official_schema(project, tmp_path):
    out = tmp_path / "out.sarif"
    proc = run(project, "--format", "sarif", "--output", str(out))
    data = json.loads(proc.stdout)
    assert json.loads(out.read_text()) == data
    schema = json.loads(SCHEMA.read_text())
    jsonschema.Draft4Validator.check_schema(schema)
    jsonschema.Draft4Validator(schema).validate(data)
    run0 = data["runs"][0]
    rule_ids = [r["id"] for r in run0["tool"]["driver"]["rules"]]
    for result in run0["results"]:
        assert rule_ids[result["ruleIndex"]] == result["ruleId"]
    missing = next(r for r in run0["results"] if r["ruleId"] == "TRK102")
    assert missing["locations"][0]["physicalLocation"]["region"]["startLine"] == 12
    assert any(r.get("suppressions") for r in run0["results"])


def test_sarif_schema_catches_a_broken_log(project):
    data = json.loads(run(project, "--format", "sarif").stdout)
    data["runs"][0]["results"][0]["level"] = "fatal"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft4Validator(json.loads(SCHEMA.read_text())).validate(data)


def test_junit_has_a_case_per_done_item_and_gate_and_a_failure_per_error(project, tmp_path):
    out = tmp_path / "junit.xml"
    run(project, "--format", "junit", "--output", str(out))
    xml = JUnitXml.fromfile(str(out))
    cases = [case for suite in xml for case in suite]
    names = sorted(case.name.split()[0] for case in cases)
    assert names == ["AB-001", "AB-002", "AB-003", "CD-001", "ab"]
    failed = {case.name.split()[0] for case in cases if any(isinstance(r, Failure) for r in case.result)}
    assert failed == {"AB-002", "CD-001"}  # AB-003's finding is waived; AB-001 holds; gate ab fails through CD-001
    errors = json.loads(run(project, "--format", "json").stdout)["summary"]["errors"]
    assert sum(1 for case in cases if any(isinstance(r, Failure) for r in case.result)) == errors


def test_exit_codes(project, tmp_path):
    assert run(project, "--exit-zero").returncode == 0
    assert run(project, "--select", "TRK108").returncode == 0  # a warning alone does not fail
    assert run(project, "--select", "TRK108", "--strict").returncode == 1
    assert run(project, "--format", "yaml").returncode == 2
    assert run(project, "--select", "TRK9").returncode == 2
    write(project, {"trackers/broken.yaml": "items: [\n"})
    proc = run(project, "--exit-zero")
    assert proc.returncode == 2 and "TRK005" in proc.stdout
    clean = tmp_path.parent / f"{tmp_path.name}-clean"
    write(clean, {"tracker.yaml": "gates: gates\n", "trackers/plan.md": master([row("AB-001")]),
                  "evidence/ab-001.md": "12 checks passed\n"})
    assert run_cli("check", cwd=clean, env=ENV).returncode == 0


def test_baseline_lets_only_new_findings_fail(project, tmp_path):
    base = tmp_path / "baseline.json"
    proc = run(project, "--write-baseline", str(base))
    assert proc.returncode == 0 and json.loads(base.read_text())["schema"] == "tracker.baseline/2"
    assert run(project, "--baseline", str(base)).returncode == 0
    # Lines move (a row inserted above) but the keys hold.
    text = (project / "trackers/plan.md").read_text()
    (project / "trackers/plan.md").write_text(text.replace("| AB-001 |", "| AB-000 | P2 | AB | new | x | - | "
                                                                         "Ann | 2030-01-01 | todo |\n| AB-001 |", 1))
    assert run(project, "--baseline", str(base)).returncode == 0
    write(project, {"trackers/more.md": master([row("EF-001", evidence="`evidence/nope.md`")])})
    proc = run(project, "--baseline", str(base), "--format", "json")
    assert proc.returncode == 1
    failing = [f for f in json.loads(proc.stdout)["findings"] if f["severity"] == "error" and not f["waived"]]
    assert {f["item"] for f in failing} == {"EF-001"}
    assert run(project, "--baseline", str(tmp_path / "absent.json")).returncode == 2
