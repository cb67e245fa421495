"""Freshness on real git history: a covered file changed after the close, or after the test report, is suspect."""

from __future__ import annotations

import json

YAML = ("items:\n  - id: IMP-1\n    title: Importer\n    status: todo\n    covers: ['src/importer/**']\n"
        "  - id: IMP-2\n    title: Exporter\n    status: todo\n    covers: src/exporter/*.py\n")
PROOF = "# IMP-1\n\nRan the importer on the March export: 1,204 rows, no warnings.\n"


def closed(scratch):
    """IMP-1 closed with `tracker close`, committed together with its code."""
    scratch.write("trackers/plan.yaml", YAML)
    scratch.write("src/importer/pack.py", "def pack():\n    return 1\n")
    scratch.write("src/exporter/out.py", "X = 1\n")
    scratch.write("evidence/imp-1.md", PROOF)
    proc = scratch.tracker("close", "IMP-1", "--evidence", "evidence/imp-1.md")
    assert proc.returncode == 0, proc.stderr
    scratch.add(".")
    scratch.commit("importer and its close")
    return scratch


def findings(proc) -> list[dict]:
    return [f for f in json.loads(proc.stdout)["findings"] if f["code"] in ("TRK127", "TRK128")]


def test_close_committed_with_its_code_is_fresh(scratch):
    proc = closed(scratch).tracker("check", "--format", "json")
    assert proc.returncode == 0, proc.stderr
    assert findings(proc) == []


def test_covered_change_after_close_names_the_commit(scratch):
    repo = closed(scratch)
    repo.write("src/exporter/out.py", "X = 2\n")  # not covered by IMP-1
    repo.add(".")
    repo.commit("exporter tweak")
    assert findings(repo.tracker("check", "--format", "json")) == []
    repo.write("src/importer/pack.py", "def pack():\n    return 2\n")
    repo.add(".")
    repo.commit("pack differently")
    sha = repo.head()
    proc = repo.tracker("check", "--format", "json")
    assert proc.returncode == 0, proc.stderr  # a warning by default
    [finding] = findings(proc)
    assert finding["code"] == "TRK127" and finding["severity"] == "warning" and finding["item"] == "IMP-1"
    assert sha[:12] in finding["message"] and "src/importer/pack.py" in finding["message"]
    assert "pack differently" in finding["message"]
    assert repo.tracker("check", "--strict").returncode == 1
    verify = repo.tracker("verify", "IMP-1")
    assert verify.returncode == 0 and "suspect" in verify.stdout and sha[:12] in verify.stdout


def test_tracker_yaml_rules_make_it_an_error(scratch):
    repo = closed(scratch)
    repo.write("tracker.yaml", "rules:\n  covered-changed-after-close: error\n")
    repo.write("src/importer/new.py", "Y = 1\n")
    repo.add(".")
    repo.commit("new importer module")
    assert repo.tracker("check").returncode == 1


def test_hook_reports_a_staged_change_to_covered_code(scratch):
    repo = closed(scratch)
    repo.write("src/importer/pack.py", "def pack():\n    return 3\n")
    repo.add(".")
    proc = repo.tracker("hook")
    assert proc.returncode == 0 and "TRK127" in proc.stderr and "commit being made" in proc.stderr


def test_base_mode_reports_the_change_that_causes_it(scratch):
    repo = closed(scratch)
    repo.git("checkout", "-q", "-b", "feature")
    repo.write("src/importer/pack.py", "def pack():\n    return 4\n")
    repo.add(".")
    repo.commit("feature: repack")
    proc = repo.tracker("check", "--base", "main", "--format", "json")
    review = json.loads(proc.stdout)["review"]
    assert any(f["code"] == "TRK127" and repo.head()[:12] in f["message"] for f in review), proc.stdout
    assert proc.returncode == 0  # a warning: for the reviewer, not a failure
    strict = repo.tracker("check", "--base", "main", "--strict")
    assert strict.returncode == 1 and "TRK127" in strict.stdout


def test_table_covers_column_and_stale_report(scratch, reports):
    scratch.write("trackers/plan.md", "# Plan\n\n| ID | Task | Status | Evidence | Covers |\n|---|---|---|---|---|\n"
                  "| AB-1 | Retry client | done | `reports/unit.xml` | `src/client/*.py` |\n")
    scratch.write("src/client/retry.py", "TRIES = 3\n")
    (scratch.path / "reports").mkdir()
    (scratch.path / "reports/unit.xml").write_bytes(reports["passing"])
    scratch.add(".")
    scratch.commit("client and its report")
    assert findings(scratch.tracker("check", "--format", "json")) == []
    scratch.write("src/client/retry.py", "TRIES = 5\n")
    scratch.add(".")
    scratch.commit("more retries")
    [finding] = findings(scratch.tracker("check", "--format", "json"))
    assert finding["code"] == "TRK128" and "reports/unit.xml" in finding["message"]
    assert scratch.head()[:12] in finding["message"]


def test_refused_covers_glob_is_reported(scratch):
    scratch.write("trackers/plan.yaml", "items:\n  - id: AB-1\n    status: done\n    evidence: evidence/ab.md\n"
                  "    covers: ['/etc/**']\n")
    scratch.write("evidence/ab.md", "# AB-1\n\nImported 12 rows; all matched.\n")
    scratch.add(".")
    scratch.commit("claim")
    [finding] = findings(scratch.tracker("check", "--format", "json"))
    assert finding["code"] == "TRK127" and "refused" in finding["message"]


def test_spec_kit_task_covers_the_paths_its_text_names(scratch):
    scratch.write(".specify/memory/constitution.md", "# Constitution\n")
    scratch.write("specs/001-import/tasks.md", "# Tasks: Import\n\n## Phase 1\n\n"
                  "- [ ] T001 Create the packer in src/importer/pack.py\n")
    scratch.write("src/importer/pack.py", "def pack():\n    return 1\n")
    scratch.add(".")
    scratch.commit("task")
    status = scratch.tracker("status", "--format", "json")
    assert "T001" in status.stdout, status.stdout + status.stderr
    assert scratch.tracker("close", "T001", "--evidence", "src/importer/pack.py").returncode == 0
    scratch.add(".")
    scratch.commit("T001 done")
    scratch.write("src/importer/pack.py", "def pack():\n    return 2\n")
    scratch.add(".")
    scratch.commit("repack")
    found = findings(scratch.tracker("check", "--format", "json"))
    assert [f["code"] for f in found] == ["TRK127"] and "src/importer/pack.py" in found[0]["message"]
