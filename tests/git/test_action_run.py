"""The Action's check step, run as GitHub runs it (bash -eo pipefail) on a simulated pull-request checkout:
a bare repository as origin, a clone with full history, a PR branch. One check run writes annotations,
SARIF and the job summary, also when tracker exits 2; pushes and fork pull requests are handled."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import jsonschema
import pytest
from ruamel.yaml import YAML

from tests.git.conftest import Repo, clean_env, make_repo, mark_done, table

ROOT = Path(__file__).resolve().parents[2]
SCHEMA = ROOT / "tests" / "data" / "sarif-schema-2.1.0.json"


def _action() -> dict:
    return YAML(typ="safe").load((ROOT / "action.yml").read_text())


def _check_step() -> dict:
    return next(step for step in _action()["runs"]["steps"] if step.get("id") == "check")


@pytest.fixture
def checkout(tmp_path: Path) -> Repo:
    """origin (bare) holds main; the checkout is a full clone on branch pr with one unproven done claim."""
    work = make_repo(tmp_path / "work")
    work.write("trackers/plan.md", "# Plan\n\n" + table(("WS1-006", "Fix the packing", "done", "`evidence/a.md`"),
                                                        ("WS1-007", "Re-validate", "todo", "")))
    work.write("evidence/a.md", "# WS1-006\n\nRan the import twice; no packing warnings.\n")
    work.add(".")
    work.commit("plan")
    origin = tmp_path / "origin.git"
    work.git("clone", "-q", "--bare", str(work.path), str(origin))
    clone = Repo(tmp_path / "checkout")
    work.git("clone", "-q", str(origin), str(clone.path))
    clone.git("config", "commit.gpgsign", "false")
    clone.git("checkout", "-q", "-b", "pr")
    mark_done(clone, evidence="evidence/missing.md")
    clone.add(".")
    clone.commit("claim WS1-007")
    return clone


def _run_step(repo: Repo, tmp_path: Path, **event: str):
    import subprocess

    step = _check_step()
    script = tmp_path / "step.sh"
    script.write_text(step["run"])
    files = {name: tmp_path / f"{name.lower()}.txt" for name in ("GITHUB_OUTPUT", "GITHUB_STEP_SUMMARY")}
    env = clean_env({"INPUT_BASE": "", "BASE_REF": "", "BEFORE": "", "DEFAULT_BRANCH": "",
                     "SARIF_FILE": str(tmp_path / "tracker.sarif"), "EXTRA_ARGS": "",
                     "RUNNER_TEMP": str(tmp_path), **{k: str(v) for k, v in files.items()}, **event})
    env["PATH"] = f"{Path(sys.executable).parent}:{env['PATH']}"  # `python` is the one running the tests
    proc = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)], cwd=repo.path,
                          env=env, capture_output=True, text=True, timeout=120)
    read = {k: (v.read_text() if v.exists() else "") for k, v in files.items()}
    return proc, read["GITHUB_OUTPUT"], read["GITHUB_STEP_SUMMARY"], tmp_path / "tracker.sarif"


def test_a_pull_request_gets_annotations_sarif_and_summary_from_one_run(checkout: Repo, tmp_path: Path):
    proc, outputs, summary, sarif = _run_step(checkout, tmp_path, BASE_REF="main", DEFAULT_BRANCH="main")
    assert proc.returncode == 1, proc.stderr
    assert proc.stdout.startswith("::error file=trackers/plan.md,line=")
    assert "WS1-007" in summary
    data = json.loads(sarif.read_text())
    jsonschema.Draft4Validator(json.loads(SCHEMA.read_text())).validate(data)
    assert [r["ruleId"] for r in data["runs"][0]["results"]] == ["TRK102"]
    assert f"sarif-file={sarif}" in outputs


def test_an_exit_2_still_annotates_and_summarises(checkout: Repo, tmp_path: Path):
    proc, outputs, summary, _ = _run_step(checkout, tmp_path, BASE_REF="no-such-branch")
    assert proc.returncode == 2
    assert "::error title=tracker check (exit 2)::" in proc.stdout
    assert "could not judge this change (exit 2)" in summary and "no-such-branch" in summary
    assert "sarif-file=" not in outputs  # nothing to upload


def test_a_push_is_judged_against_the_commit_before_it(checkout: Repo, tmp_path: Path):
    before = checkout.git("rev-parse", "HEAD~1").stdout.strip()
    proc, _, summary, sarif = _run_step(checkout, tmp_path, BEFORE=before, DEFAULT_BRANCH="main")
    assert proc.returncode == 1 and "WS1-007" in summary and sarif.is_file()
    # A new branch's push has no commit before it (all zeros): the default branch is the base.
    proc, _, _, _ = _run_step(checkout, tmp_path, BEFORE="0" * 40, DEFAULT_BRANCH="main")
    assert proc.returncode == 1 and "origin/main" not in _check_step()["run"]


def test_upload_guards_forks_and_workflow_has_permissions_and_timeouts():
    upload = next(s for s in _action()["runs"]["steps"] if "upload-sarif" in str(s.get("uses", "")))
    condition = " ".join(upload["if"].split())
    assert "github.event.pull_request.head.repo.full_name == github.repository" in condition
    assert "steps.check.outputs.sarif-file != ''" in condition and "always()" in condition
    workflow = YAML(typ="safe").load((ROOT / ".github/workflows/tracker.yml").read_text())
    on = workflow["on"]
    assert "pull_request" in on and on["push"]["branches"]
    check = workflow["jobs"]["check"]
    assert "if" not in check  # pushes to the default branch are analysed too
    assert check["permissions"] == {"contents": "read", "security-events": "write", "actions": "read"}
    assert all(job.get("timeout-minutes") for job in workflow["jobs"].values())
