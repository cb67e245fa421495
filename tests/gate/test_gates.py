"""gates/*.yaml: validation with file:line, requires/blocks, evidence requirements and commands."""

from __future__ import annotations

import json
import os
import shlex
import sys

import pytest

from tests.conftest import run_cli
from tests.gate.helpers import TODAY, check, codes, master, row, write
from tracker.errors import ConfigError
from tracker.gate.definitions import parse_gate_file
from tracker.gate.gates import clean_env

PROOF = "# {id} evidence\nRan the importer against staging: 12 passed.\n"


def project(tmp_path, gate: str, rows=None, extra=None):
    rows = rows or [row("WS1-001"), row("WS1-002"), row("WS2-001", evidence="`evidence/ws1-001.md`")]
    files = {"trackers/plan.md": master(rows), "gates/ws1.yaml": gate,
             "evidence/ws1-001.md": PROOF.format(id="WS1-001"), "evidence/ws1-002.md": PROOF.format(id="WS1-002")}
    write(tmp_path, {**files, **(extra or {})})
    return tmp_path


@pytest.mark.parametrize("text, line, words", [
    ("requires: [WS1-*]\nblocks: [WS2-*]\nrequirez: [x]\n", 3, "unknown key 'requirez'"),
    ("requires: [WS1-*]\nblocks: ['WS2-[0-9']\n", 2, "unclosed '['"),
    ("requires: [WS1-*]\nevidence_glob: 'evidence/[abc'\n", 2, "evidence_glob"),
    ("requires: [WS1-*]\nmust_contain: '(unclosed'\n", 2, "not a valid regex"),
    ("requires: [WS1-*]\nmin_evidence: -1\n", 2, "whole number"),
    ("requires: [WS1-*]\ntimeout: 0\n", 2, "timeout"),
    ("description: nothing else\n", 1, "neither `requires` nor `blocks`"),
    ("requires: [WS1-*\n", None, "invalid YAML"),
])
def test_gate_files_are_validated_with_file_and_line(text, line, words):
    with pytest.raises(ConfigError) as info:
        parse_gate_file(text.encode(), "gates/ws1.yaml")
    assert words in info.value.message
    assert info.value.path == "gates/ws1.yaml"
    if line is not None:
        assert info.value.line == line


def test_invalid_gate_exits_2_with_location(tmp_path):
    project(tmp_path, "requires: [WS1-*]\nblokcs: [WS2-*]\n")
    proc = run_cli("check", cwd=tmp_path)
    assert proc.returncode == 2
    assert "gates/ws1.yaml:2:" in proc.stderr and "blokcs" in proc.stderr


def test_list_form_and_name_default(tmp_path):
    gates = parse_gate_file(b"gates:\n  - name: one\n    requires: [A-*]\n  - name: two\n    blocks: [B-*]\n", "gates/x.yaml")
    assert [g.name for g in gates] == ["one", "two"] and gates[1].line == 4
    (single,) = parse_gate_file(b"requires: [A-1]\n", "gates/source-health.yaml")
    assert single.name == "source-health"


def test_seed_gate_ws2_cannot_close_before_ws1(tmp_path):
    rows = [row("WS1-001"), row("WS1-002", status="blocked", evidence="-"),
            row("WS2-001", evidence="`evidence/ws1-001.md`"), row("WS3-001", status="todo", evidence="-")]
    project(tmp_path, "requires: [WS1-*]\nblocks: [WS2-*, WS3-*]\n", rows)
    result = check(tmp_path)
    (gate,) = result.gates
    assert not gate.passed and "WS1-002 is blocked" in gate.reasons
    blocked = codes(result)["TRK204"]
    assert [f.item for f in blocked] == ["WS2-001"]  # WS3-001 is not done, so not a finding


def test_gate_fails_when_a_required_item_fails_its_own_rules(tmp_path):
    rows = [row("WS1-001"), row("WS1-002", evidence="`evidence/missing.md`"), row("WS2-001", evidence="-")]
    project(tmp_path, "requires: [WS1-*]\nblocks: [WS2-*]\n", rows)
    (gate,) = check(tmp_path).gates
    assert any("WS1-002 is done but fails TRK102" in r for r in gate.reasons)


def test_gate_passes_and_cli_lists_it(tmp_path):
    project(tmp_path, "requires: [WS1-*]\nblocks: [WS2-*]\n")
    proc = run_cli("gates", cwd=tmp_path, env={"TRACKER_TODAY": TODAY.isoformat()})
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("PASS ws1 (gates/ws1.yaml:1)")
    data = json.loads(run_cli("gates", "--format", "json", cwd=tmp_path).stdout)
    assert data["gates"] == [{"name": "ws1", "passed": True, "reasons": [], "path": "gates/ws1.yaml", "line": 1}]


def test_failing_gate_is_listed_with_reasons_and_exit_1(tmp_path):
    project(tmp_path, "requires: [WS1-*, WS9-*]\nblocks: [WS2-*]\n")
    proc = run_cli("gates", cwd=tmp_path)
    assert proc.returncode == 1
    assert "FAIL ws1" in proc.stdout and "requires WS9-*, which matches no item" in proc.stdout


def test_chained_gates_fail_downstream(tmp_path):
    rows = [row("WS1-001", status="todo", evidence="-"), row("WS2-001", evidence="`evidence/ws1-001.md`"),
            row("WS3-001", evidence="`evidence/ws1-002.md`")]
    project(tmp_path, "requires: [WS1-*]\nblocks: [WS2-*]\n", rows,
            {"gates/ws2.yaml": "requires: [WS2-*]\nblocks: [WS3-*]\n"})
    result = check(tmp_path)
    assert {g.name: g.passed for g in result.gates} == {"ws1": False, "ws2": False}
    assert {f.item for f in codes(result)["TRK204"]} == {"WS2-001", "WS3-001"}


def test_evidence_requirements(tmp_path):
    gate = "requires: [WS1-*]\nmin_evidence: 2\nevidence_glob: 'evidence/**'\nmust_contain: '{id} evidence'\n"
    project(tmp_path, gate)
    found = codes(check(tmp_path))["TRK207"]
    assert {f.item for f in found} == {"WS1-001", "WS1-002"} and "needs 2" in found[0].message
    rows = [row("WS1-001", evidence="`evidence/ws1-001.md`, `evidence/ws1-002.md`"),
            row("WS1-002", evidence="`evidence/ws1-002.md`, `evidence/ws1-001.md`")]
    project(tmp_path, gate, rows)
    assert "TRK207" not in codes(check(tmp_path))


def test_max_age_days_uses_mtime_outside_git(tmp_path):
    project(tmp_path, "requires: [WS1-*]\nmax_age_days: 30\n")
    old = (TODAY.toordinal() - 719163 - 90) * 86400  # 90 days before TODAY, as a Unix time
    os.utime(tmp_path / "evidence/ws1-001.md", (old, old))
    found = codes(check(tmp_path))["TRK207"]
    assert [f.item for f in found] == ["WS1-001"] and "90 day(s) old" in found[0].message


def _py(code: str) -> str:
    return f"{shlex.quote(sys.executable)} -c {shlex.quote(code)}"


def test_command_runs_only_with_allow_commands(tmp_path):
    marker = tmp_path / "ran.txt"
    command = _py(f"open({str(marker)!r}, 'w').write('x'); raise SystemExit(3)")
    project(tmp_path, f"requires: [WS1-*]\ncommand: {json.dumps(command)}\n")
    result = check(tmp_path)
    assert not marker.exists() and result.gates[0].passed
    assert any("not run" in r for r in result.gates[0].reasons)
    result = check(tmp_path, allow_commands=True)
    assert marker.exists() and not result.gates[0].passed
    (failed,) = codes(result)["TRK208"]
    assert "exited 3" in failed.message and failed.path == "gates/ws1.yaml"


def test_command_never_runs_from_a_changed_gate_file(tmp_path):
    marker = tmp_path / "ran.txt"
    project(tmp_path, f"requires: [WS1-*]\ncommand: {json.dumps(_py(f'open({str(marker)!r}, chr(119))'))}\n")
    check(tmp_path, allow_commands=True, changed_gate_files={"gates/ws1.yaml"})
    assert not marker.exists()


def test_command_has_no_shell_and_no_secrets(tmp_path, monkeypatch):
    monkeypatch.setenv("GITHUB_TOKEN", "ghs_x")
    monkeypatch.setenv("DEPLOY_SECRET", "s")
    monkeypatch.setenv("AWS_ACCESS_KEY", "k")
    monkeypatch.setenv("HARMLESS", "1")
    probe = ("import os,sys; bad=[k for k in os.environ if k=='GITHUB_TOKEN' or k.endswith(('_SECRET','_KEY','_TOKEN'))];"
             "sys.exit(1 if bad or os.environ.get('HARMLESS')!='1' else 0)")
    project(tmp_path, f"requires: [WS1-*]\ncommand: {json.dumps(_py(probe) + ' ; touch pwned')}\n")
    result = check(tmp_path, allow_commands=True)
    assert not (tmp_path / "pwned").exists()  # `;` is an argument, not a shell operator
    project(tmp_path, f"requires: [WS1-*]\ncommand: {json.dumps(_py(probe))}\n")
    result = check(tmp_path, allow_commands=True)
    assert result.gates[0].passed, result.gates[0].reasons
    assert "GITHUB_TOKEN" not in clean_env({"GITHUB_TOKEN": "x", "PATH": "/bin"})


def test_command_timeout_is_a_failure(tmp_path):
    project(tmp_path, f"requires: [WS1-*]\ntimeout: 0.2\ncommand: {json.dumps(_py('import time; time.sleep(30)'))}\n")
    (failed,) = codes(check(tmp_path, allow_commands=True))["TRK208"]
    assert "timed out" in failed.message
