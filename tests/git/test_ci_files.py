"""The shipped workflow, action and pre-commit files validate with real validators, offline."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
# Any network use fails fast: the GitHub schemas ship inside check-jsonschema.
OFFLINE = {**os.environ, "HTTPS_PROXY": "http://127.0.0.1:9", "HTTP_PROXY": "http://127.0.0.1:9",
           "https_proxy": "http://127.0.0.1:9", "http_proxy": "http://127.0.0.1:9", "NO_PROXY": ""}


def _tool(name: str) -> str:
    found = BIN / name if (BIN / name).exists() else shutil.which(name)
    if not found:
        pytest.fail(f"{name} is not installed (pip install -e .[test])")
    return str(found)


def _validate(schema: str, path: Path) -> subprocess.CompletedProcess:
    return subprocess.run([_tool("check-jsonschema"), "--builtin-schema", schema, str(path)], env=OFFLINE,
                          capture_output=True, text=True, timeout=120)


def test_github_schemas_ship_inside_the_package():
    import check_jsonschema

    vendor = Path(check_jsonschema.__file__).parent / "builtin_schemas" / "vendor"
    assert (vendor / "github-workflows.json").is_file() and (vendor / "github-actions.json").is_file()


def test_workflow_validates():
    proc = _validate("vendor.github-workflows", ROOT / ".github/workflows/tracker.yml")
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_action_validates():
    proc = _validate("vendor.github-actions", ROOT / "action.yml")
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_the_validator_rejects_a_broken_workflow(tmp_path: Path):
    broken = tmp_path / "broken.yml"
    broken.write_text("name: broken\non: pull_request\njobs:\n  check:\n    steps: 3\n")
    assert _validate("vendor.github-workflows", broken).returncode != 0


def test_workflow_runs_the_action_on_pull_requests_with_full_history():
    from ruamel.yaml import YAML

    workflow = YAML(typ="safe").load((ROOT / ".github/workflows/tracker.yml").read_text())
    assert "pull_request" in workflow["on"]
    steps = workflow["jobs"]["check"]["steps"]
    assert steps[0]["uses"].startswith("actions/checkout@") and steps[0]["with"]["fetch-depth"] == 0
    assert steps[1]["uses"] == "./"
    assert workflow["jobs"]["check"]["permissions"]["security-events"] == "write"
    action = YAML(typ="safe").load((ROOT / "action.yml").read_text())
    assert action["runs"]["using"] == "composite"
    script = "\n".join(step.get("run", "") for step in action["runs"]["steps"])
    assert "check --base" in script and "--output-sarif" in script and "--format github" in script
    assert script.count("python -m tracker check") == 1  # one check run writes annotations, SARIF and summary
    assert any(str(step.get("uses", "")).startswith("github/codeql-action/upload-sarif@")
               for step in action["runs"]["steps"])


def test_pre_commit_files_validate():
    pre_commit = _tool("pre-commit")
    for command, name in (("validate-manifest", ".pre-commit-hooks.yaml"),
                          ("validate-config", ".pre-commit-config.yaml")):
        proc = subprocess.run([pre_commit, command, str(ROOT / name)], capture_output=True, text=True, env=OFFLINE)
        assert proc.returncode == 0, proc.stdout + proc.stderr
