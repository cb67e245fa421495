"""`tracker check --base REF`: a change judged against the project, gates and ledger at REF."""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

from tests.git.conftest import Repo, make_repo, mark_done, table

GATE = "name: ws1-health\nrequires: [WS1-006]\nblocks: [WS2-*]\n"


def _with_gate(plan: Repo) -> Repo:
    """Base: WS1-006 done and proven (the gate passes); WS1-007 todo; WS2-001 todo, blocked by the gate."""
    plan.write("gates/ws1.yaml", GATE)
    path = plan.path / "trackers/plan.md"
    path.write_text(path.read_text(encoding="utf-8") + "| WS2-001 | Build on WS1 | todo | |\n", encoding="utf-8")
    plan.add(".")
    plan.commit("gate")
    plan.git("checkout", "-q", "-b", "pr")
    return plan


def test_transitions_reported_and_unproven_new_done_claim_fails(plan: Repo):
    plan.git("checkout", "-q", "-b", "pr")
    mark_done(plan, evidence="evidence/ws1-007.md")
    plan.add(".")
    plan.commit("claim WS1-007 without writing the evidence")
    proc = plan.tracker("check", "--base", "main", "--format", "json")
    assert proc.returncode == 1, proc.stderr
    data = json.loads(proc.stdout)
    assert data["transitions"] == [{"id": "WS1-007", "from": "todo", "to": "done", "path": "trackers/plan.md",
                                    "line": 6}]
    assert data["changed_claims"] == {"WS1-007": "todo → done"}
    assert [(f["code"], f["item"]) for f in data["blocking"]] == [("TRK102", "WS1-007")]


def test_proven_claim_passes_and_pre_existing_errors_do_not_fail(scratch: Repo):
    scratch.write("trackers/plan.md", table(("OLD-1", "legacy", "done", ""), ("NEW-1", "work", "todo", "")))
    scratch.add(".")
    scratch.commit("legacy")
    scratch.git("checkout", "-q", "-b", "pr")
    scratch.write("trackers/plan.md", table(("OLD-1", "legacy", "done", ""),
                                            ("NEW-1", "work", "done", "`evidence/new-1.md`")))
    scratch.write("evidence/new-1.md", "NEW-1: the export ran; 40 files written.\n")
    scratch.add(".")
    scratch.commit("prove NEW-1")
    proc = scratch.tracker("check", "--base", "main")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "NEW-1 todo → done" in proc.stdout
    assert "1 error(s) and 0 warning(s) already in main do not block this change" in proc.stdout


def test_pull_request_cannot_loosen_its_own_gate(plan: Repo):
    _with_gate(plan)
    # The PR deletes the gate, un-proves WS1-006 (the gate's requirement) and marks WS2-001 done.
    plan.git("rm", "-q", "gates/ws1.yaml", "evidence/ws1-006.md")
    path = plan.path / "trackers/plan.md"
    path.write_text(path.read_text(encoding="utf-8").replace("| WS2-001 | Build on WS1 | todo | |",
                                                             "| WS2-001 | Build on WS1 | done | `evidence/ws2.md` |"))
    plan.write("evidence/ws2.md", "WS2-001: built and deployed.\n")
    plan.add(".")
    plan.commit("loosen the gate and close WS2-001")
    proc = plan.tracker("check", "--base", "main", "--format", "json")
    assert proc.returncode == 1
    data = json.loads(proc.stdout)
    blocking = {(f["code"], f["item"]) for f in data["blocking"]}
    assert ("TRK204", "WS2-001") in blocking  # judged by the deleted gate, read from main
    assert ("TRK102", "WS1-006") in blocking  # evidence removed from a done item
    assert [(f["code"], f["path"]) for f in data["review"]] == [("TRK205", "gates/ws1.yaml")]
    assert "deletes gate file gates/ws1.yaml" in data["review"][0]["message"]
    assert data["changed_gate_files"] == ["gates/ws1.yaml"]


def test_commands_of_changed_gate_files_never_run(plan: Repo):
    from tracker.commands.check_base import check_against_base
    from tracker.gate.options import CheckOptions

    marker = plan.path / "command-ran"
    command = f"{sys.executable} -c \"open('command-ran', 'w')\""
    plan.write("gates/cmd.yaml", f"name: cmd\nrequires: [WS1-006]\ncommand: {json.dumps(command)}\n")
    plan.add(".")
    plan.commit("a gate with a command")
    plan.write("gates/cmd.yaml",
               f"name: cmd\ndescription: edited\nrequires: [WS1-006]\ncommand: {json.dumps(command)}\n")
    plan.add(".")
    plan.commit("edit the gate")
    from tracker.process import ProcessRunner

    def options() -> CheckOptions:
        return CheckOptions(allow_commands=True, runner=ProcessRunner(), today=__import__("datetime").date(2026, 3, 1))

    check = check_against_base(plan.path, "HEAD~1", options=options())
    assert not marker.exists()
    assert check.changed_gate_files == {"gates/cmd.yaml"}
    gate = next(g for g in check.result.gates if g.name == "cmd")
    assert not gate.passed and any("its command is not run" in reason for reason in gate.reasons)
    # The same gate, unchanged by the change under review, does run with --allow-commands.
    check = check_against_base(plan.path, "HEAD", options=options())
    assert marker.exists() and check.changed_gate_files == set()


def _close_with_ledger(plan: Repo) -> None:
    data = (plan.path / "evidence/ws1-006.md").read_bytes()
    record = {"schema": "tracker.ledger/1", "action": "close", "id": "WS1-006", "time": "2026-02-12T10:00:00Z",
              "status": "done", "evidence": [{"path": "evidence/ws1-006.md",
                                              "sha256": hashlib.sha256(data).hexdigest(), "size": len(data)}]}
    plan.write("evidence/ledger.jsonl", json.dumps(record) + "\n")
    plan.add(".")
    plan.commit("ledger")
    plan.git("checkout", "-q", "-b", "pr")


def test_evidence_changed_after_closure_is_reported(plan: Repo):
    _close_with_ledger(plan)
    plan.write("evidence/ws1-006.md", "# WS1-006\n\nRewritten after the fact.\n")
    plan.add(".")
    plan.commit("rewrite evidence")
    proc = plan.tracker("check", "--base", "main", "--format", "json")
    assert proc.returncode == 1
    assert [(f["code"], f["item"]) for f in json.loads(proc.stdout)["blocking"]] == [("TRK109", "WS1-006")]


def test_ledger_rewrite_is_reported(plan: Repo):
    _close_with_ledger(plan)
    plan.write("evidence/ledger.jsonl", "")
    plan.add(".")
    plan.commit("drop the ledger")
    proc = plan.tracker("check", "--base", "main", "--format", "json")
    assert proc.returncode == 1
    assert [f["code"] for f in json.loads(proc.stdout)["blocking"]] == ["TRK303"]


def test_github_annotations_and_step_summary(plan: Repo, tmp_path: Path):
    plan.git("checkout", "-q", "-b", "pr")
    mark_done(plan, evidence="evidence/missing.md")
    plan.add(".")
    plan.commit("claim")
    summary = tmp_path / "summary.md"
    summary.write_text("earlier step\n")
    proc = plan.tracker("check", "--base", "main", "--format", "github", env={"GITHUB_STEP_SUMMARY": str(summary)})
    assert proc.returncode == 1
    lines = proc.stdout.splitlines()
    assert ("::error file=trackers/plan.md,line=6,title=TRK102 evidence-missing::WS1-007 is done but its "
            "evidence evidence/missing.md does not exist — create and commit evidence/missing.md, or fix the path"
            in lines)
    assert "::notice file=trackers/plan.md,line=6,title=status change::WS1-007 todo → done" in lines
    text = summary.read_text()
    assert text.startswith("earlier step\n## tracker: HEAD against main")
    assert "| `WS1-007` | todo → done | trackers/plan.md:6 |" in text
    assert "| blocks | TRK102 evidence-missing | WS1-007 |" in text


def test_sarif_output_holds_the_blocking_findings(plan: Repo, tmp_path: Path):
    plan.git("checkout", "-q", "-b", "pr")
    mark_done(plan, evidence="evidence/missing.md")
    plan.add(".")
    plan.commit("claim")
    out = tmp_path / "tracker.sarif"
    proc = plan.tracker("check", "--base", "main", "--format", "sarif", "--output", str(out))
    assert proc.returncode == 1
    data = json.loads(out.read_text())
    assert data["version"] == "2.1.0"
    assert [r["ruleId"] for r in data["runs"][0]["results"]] == ["TRK102"]


def test_worktree_mode_judges_uncommitted_changes(plan: Repo):
    mark_done(plan)
    plan.write("evidence/ws1-007.md", "WS1-007: verified on two fresh rounds.\n")
    proc = plan.tracker("check", "--base", "main", "--worktree", "--format", "json")
    assert proc.returncode == 1
    assert [(f["code"], f["item"]) for f in json.loads(proc.stdout)["blocking"]] == [("TRK302", "WS1-007")]
    plan.add(".")
    proc = plan.tracker("check", "--base", "main", "--worktree")
    assert proc.returncode == 0, proc.stdout
    assert plan.tracker("check", "--worktree").returncode == 2  # --worktree needs a base


def test_shallow_clone(plan: Repo, tmp_path: Path):
    for n in range(3):
        plan.write(f"notes/{n}.md", f"note {n}\n")
        plan.add(".")
        plan.commit(f"note {n}")
    clone = tmp_path / "shallow"
    make_repo(tmp_path / "unused")
    Repo(tmp_path).git("clone", "-q", "--depth", "2", f"file://{plan.path}", str(clone))
    shallow = Repo(clone)
    assert shallow.tracker("check", "--base", "HEAD~1").returncode == 0  # the base is present
    proc = shallow.tracker("check", "--base", "HEAD~3")
    assert proc.returncode == 2
    assert "shallow clone" in proc.stderr and "git fetch --deepen" in proc.stderr and "fetch-depth: 0" in proc.stderr
    shallow.git("fetch", "-q", "--deepen=5", "origin")
    assert shallow.tracker("check", "--base", "HEAD~3").returncode == 0


def test_unknown_base_is_a_usage_error(plan: Repo):
    proc = plan.tracker("check", "--base", "origin/nothing")
    assert proc.returncode == 2 and "'origin/nothing' is not known here" in proc.stderr
