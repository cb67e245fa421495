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
from tracker.process import allowed_env

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


def test_command_of_a_changed_gate_file_never_runs_and_fails(tmp_path):
    marker = tmp_path / "ran.txt"
    project(tmp_path, f"requires: [WS1-*]\ncommand: {json.dumps(_py(f'open({str(marker)!r}, chr(119))'))}\n")
    result = check(tmp_path, allow_commands=True, changed_gate_files={"gates/ws1.yaml"})
    assert not marker.exists() and not result.gates[0].passed
    (failed,) = codes(result)["TRK208"]
    assert "gates/ws1.yaml is changed by this change" in failed.message and "re-run after merge" in failed.message


CREDENTIALS = {"APIKEY": "k1", "GITHUB_PAT": "ghp_x", "DATABASE_URL": "postgres://u:p@h/db",
               "AWS_SECRET_ACCESS_KEY": "aws", "GITHUB_TOKEN": "ghs_x", "DEPLOY_SECRET": "s", "HARMLESS": "1"}


def test_command_gets_only_the_allowlisted_environment(tmp_path, monkeypatch):
    for name, value in {**CREDENTIALS, "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8", "TZ": "UTC"}.items():
        monkeypatch.setenv(name, value)
    dump = tmp_path / "env.json"
    probe = f"import json,os; json.dump(dict(os.environ), open({str(dump)!r}, 'w'))"
    project(tmp_path, f"requires: [WS1-*]\ncommand: {json.dumps(_py(probe))}\n")
    assert check(tmp_path, allow_commands=True).gates[0].passed
    seen = json.loads(dump.read_text())
    assert not set(CREDENTIALS) & set(seen), seen
    assert {"PATH", "HOME", "LANG", "LC_ALL", "TZ"} <= set(seen)
    # A gate names what its command needs; only that is added.
    project(tmp_path, f"requires: [WS1-*]\nenv: [DATABASE_URL]\ncommand: {json.dumps(_py(probe))}\n")
    assert check(tmp_path, allow_commands=True).gates[0].passed
    seen = json.loads(dump.read_text())
    assert seen["DATABASE_URL"] == CREDENTIALS["DATABASE_URL"] and "APIKEY" not in seen and "GITHUB_PAT" not in seen
    assert allowed_env({"APIKEY": "x", "PATH": "/bin", "LC_TIME": "C"}) == {"PATH": "/bin", "LC_TIME": "C"}


def test_command_has_no_shell(tmp_path):
    project(tmp_path, f"requires: [WS1-*]\ncommand: {json.dumps(_py('pass') + ' ; touch pwned')}\n")
    check(tmp_path, allow_commands=True)
    assert not (tmp_path / "pwned").exists()  # `;` is an argument, not a shell operator


@pytest.mark.parametrize("env", ["DATABASE_URL", "[1]", "['A B']", "['$X']"])
def test_env_key_is_a_list_of_names(env):
    with pytest.raises(ConfigError) as info:
        parse_gate_file(f"requires: [WS1-*]\nenv: {env}\n".encode(), "gates/ws1.yaml")
    assert "env must be a list" in info.value.message and info.value.line == 2


def test_command_timeout_is_a_failure(tmp_path):
    project(tmp_path, f"requires: [WS1-*]\ntimeout: 0.2\ncommand: {json.dumps(_py('import time; time.sleep(30)'))}\n")
    (failed,) = codes(check(tmp_path, allow_commands=True))["TRK208"]
    assert "timed out" in failed.message and "process group was killed" in failed.message


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as handle:
            return handle.read().rsplit(")", 1)[1].split()[0] != "Z"  # a zombie has already died
    except FileNotFoundError:
        return False


@pytest.mark.parametrize("detach", [False, True])
def test_timeout_kills_every_process_the_command_started(tmp_path, detach):
    pidfile = tmp_path / "child.pid"
    out = "subprocess.DEVNULL" if detach else "None"  # detached: the child no longer holds our pipe
    code = (f"import subprocess,time; p=subprocess.Popen(['sleep','300'], stdout={out}, stderr={out}); "
            f"open({str(pidfile)!r},'w').write(str(p.pid)); time.sleep(300)")
    project(tmp_path, f"requires: [WS1-*]\ntimeout: 1\ncommand: {json.dumps(_py(code))}\n")
    (failed,) = codes(check(tmp_path, allow_commands=True))["TRK208"]
    assert "timed out" in failed.message
    child = int(pidfile.read_text())
    for _ in range(50):  # SIGKILL is delivered at once; reaping by init may take a moment
        if not _alive(child):
            break
        __import__("time").sleep(0.1)
    assert not _alive(child), f"sleep {child} survived the timeout"


def test_children_left_behind_by_a_finished_command_are_killed(tmp_path):
    pidfile = tmp_path / "child.pid"
    code = (f"import subprocess; p=subprocess.Popen(['sleep','300'], stdout=subprocess.DEVNULL, "
            f"stderr=subprocess.DEVNULL); open({str(pidfile)!r},'w').write(str(p.pid))")
    project(tmp_path, f"requires: [WS1-*]\ncommand: {json.dumps(_py(code))}\n")
    assert check(tmp_path, allow_commands=True).gates[0].passed
    child = int(pidfile.read_text())
    for _ in range(50):
        if not _alive(child):
            break
        __import__("time").sleep(0.1)
    assert not _alive(child)


def test_output_is_capped_and_the_message_says_so(tmp_path):
    code = "import sys; sys.stdout.write('x' * 300000 + chr(10)); sys.stderr.write('boom at the end' + chr(10)); sys.exit(4)"
    project(tmp_path, f"requires: [WS1-*]\ncommand: {json.dumps(_py(code))}\n")
    (failed,) = codes(check(tmp_path, allow_commands=True))["TRK208"]
    assert "exited 4" in failed.message and "boom at the end" in failed.message
    assert "output cut to its last 64 KB of 300017 bytes" in failed.message


def test_gate_layer_reaches_no_edge():
    """Gate purity: no module under tracker/gate imports subprocess, os, time or reads the clock."""
    import ast
    from pathlib import Path

    import tracker.gate

    bad = []
    for path in Path(tracker.gate.__file__).parent.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else (
                [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            bad += [f"{path.name}: {n}" for n in names if n.split(".")[0] in {"os", "subprocess", "time", "signal"}
                    or n in {"tracker.process", "tracker.clock"}]
            if isinstance(node, ast.Attribute) and node.attr in {"today", "now", "environ", "getenv"} and isinstance(
                    node.value, (ast.Name, ast.Attribute)) and ast.unparse(node.value) in {"dt.date", "date",
                                                                                          "dt.datetime", "os"}:
                bad.append(f"{path.name}:{node.lineno}: {ast.unparse(node)}")
        module_state = [n for n in tree.body if isinstance(n, (ast.Assign, ast.AnnAssign))
                        and isinstance(getattr(n, "value", None), (ast.Dict, ast.List, ast.Set))
                        and not isinstance(getattr(n, "value", None), ast.Dict) or (
                            isinstance(n, ast.AnnAssign) and isinstance(n.value, ast.Dict))]
        bad += [f"{path.name}:{n.lineno}: module-level mutable cache" for n in module_state
                if not ast.unparse(n).split(":")[0].split("=")[0].strip().isupper()]
    assert bad == []
