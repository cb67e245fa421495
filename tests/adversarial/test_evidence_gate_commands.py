"""Gate commands under `tracker check --base main --allow-commands`, tried as an attacker would: the change
cannot rewrite the script or the gate that judges it, credentials do not reach the command, and nothing
it starts outlives its timeout."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from tests.adversarial.test_evidence_paths import DOC, base_repo, claim
from tests.git.conftest import Repo

SCRIPT = "import sys; open('ran-' + sys.argv[1], 'w').write('x')\n"
PROOF = "# WS1-007\n\nRan the persistence suite: 14 passed.\n"


def gate(command: str, extra: str = "") -> str:
    return f"name: health\nrequires: [WS1-006]\nblocks: [WS1-007]\ncommand: {json.dumps(command)}\n{extra}"


def with_gate(tmp_path: Path, script: str = SCRIPT, extra: str = "", command: str | None = None) -> Repo:
    repo = base_repo(tmp_path / "repo")
    repo.write("scripts/check.py", script)
    repo.write("gates/health.yaml", gate(command or f"{sys.executable} scripts/check.py base", extra))
    repo.write(".gitignore", "ran-*\nenv.json\nchild.pid\n")
    repo.add(".")
    repo.commit("a gate that runs a script")
    repo.git("checkout", "-q", "-b", "change")
    repo.write("evidence/ws1-007.md", PROOF)
    claim(repo, "evidence/ws1-007.md")
    return repo


def base_check(repo: Repo, env: dict | None = None):
    return repo.tracker("check", "--base", "main", "--allow-commands", env=env)


def test_unchanged_gate_and_script_run_and_pass(tmp_path):
    repo = with_gate(tmp_path)
    repo.add(".")
    repo.commit("claim WS1-007")
    proc = base_check(repo)
    assert proc.returncode == 0, proc.stdout
    assert (repo.path / "ran-base").exists()


def test_change_that_edits_the_script_its_gate_runs_fails(tmp_path):
    repo = with_gate(tmp_path, script="import sys; raise SystemExit(1)\n")  # the base gate fails on main
    repo.write("scripts/check.py", "open('ran-changed', 'w').write('x')\n")  # the change makes it pass
    repo.add(".")
    repo.commit("claim WS1-007 and loosen the check")
    proc = base_check(repo)
    assert proc.returncode == 1, proc.stdout
    assert "gates/health.yaml:1: TRK208 gate health: gate script scripts/check.py is changed by this change" \
        in proc.stdout
    assert "re-run after merge" in proc.stdout
    assert f"{DOC}:6: TRK204 WS1-007 is done but gate health has not passed" in proc.stdout
    assert not (repo.path / "ran-changed").exists()  # the change's version never ran


def test_change_that_touches_the_gate_file_fails(tmp_path):
    repo = with_gate(tmp_path)
    repo.write("gates/health.yaml", gate(f"{sys.executable} scripts/check.py changed", "description: tweaked\n"))
    repo.add(".")
    repo.commit("claim WS1-007 and edit the gate")
    proc = base_check(repo)
    assert proc.returncode == 1, proc.stdout
    assert "TRK208 gate health: gate file gates/health.yaml is changed by this change" in proc.stdout
    assert "TRK205" in proc.stdout and "this change modifies gate file gates/health.yaml" in proc.stdout
    assert not (repo.path / "ran-changed").exists() and not (repo.path / "ran-base").exists()


def test_uncommitted_edit_of_the_script_is_not_run(tmp_path):
    repo = with_gate(tmp_path)
    repo.add(".")
    repo.commit("claim WS1-007")
    repo.write("scripts/check.py", "open('ran-dirty', 'w').write('x')\n")  # HEAD is judged; disk differs
    proc = base_check(repo)
    assert proc.returncode == 1, proc.stdout
    assert "scripts/check.py in the working tree is not the version the gate's base holds" in proc.stdout
    assert not (repo.path / "ran-dirty").exists()


DUMP = "import json, os; json.dump(dict(os.environ), open('env.json', 'w'))\n"
CREDENTIALS = {"APIKEY": "k", "GITHUB_PAT": "ghp_x", "DATABASE_URL": "postgres://u:p@db/x",
               "AWS_SECRET_ACCESS_KEY": "aws", "GITHUB_TOKEN": "ghs_x", "SENTRY_DSN": "https://k@sentry"}


def test_credentials_do_not_reach_the_command(tmp_path):
    repo = with_gate(tmp_path, script=DUMP)
    repo.add(".")
    repo.commit("claim WS1-007")
    proc = base_check(repo, env={**CREDENTIALS, "LC_ALL": "C.UTF-8", "TZ": "UTC"})
    assert proc.returncode == 0, proc.stdout
    seen = json.loads((repo.path / "env.json").read_text())
    assert not set(CREDENTIALS) & set(seen), sorted(seen)
    assert {"PATH", "LC_ALL", "TZ"} <= set(seen)


def test_a_variable_the_base_gate_names_is_passed(tmp_path):
    repo = with_gate(tmp_path, script=DUMP, extra="env: [DATABASE_URL]\n")
    repo.add(".")
    repo.commit("claim WS1-007")
    assert base_check(repo, env=CREDENTIALS).returncode == 0
    seen = json.loads((repo.path / "env.json").read_text())
    assert seen.get("DATABASE_URL") == CREDENTIALS["DATABASE_URL"] and "APIKEY" not in seen


def test_nothing_the_command_starts_outlives_its_timeout(tmp_path):
    spawn = ("import subprocess, time\np = subprocess.Popen(['sleep', '300'])\n"
             "open('child.pid', 'w').write(str(p.pid))\ntime.sleep(300)\n")
    repo = with_gate(tmp_path, script=spawn, extra="timeout: 1\n")
    repo.add(".")
    repo.commit("claim WS1-007")
    proc = base_check(repo)
    assert proc.returncode == 1 and "timed out after 1s and its process group was killed" in proc.stdout
    child = int((repo.path / "child.pid").read_text())
    for _ in range(50):
        if not _alive(child):
            break
        time.sleep(0.1)
    assert not _alive(child), f"sleep 300 (pid {child}) survived the gate's timeout"


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as handle:
            return handle.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False


def test_without_allow_commands_nothing_runs(tmp_path):
    repo = with_gate(tmp_path)
    repo.write("scripts/check.py", "open('ran-changed', 'w').write('x')\n")
    repo.add(".")
    repo.commit("claim WS1-007 and edit the script")
    proc = repo.tracker("check", "--base", "main")
    assert proc.returncode == 0, proc.stdout
    assert not list(repo.path.glob("ran-*"))
