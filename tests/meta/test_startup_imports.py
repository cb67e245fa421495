"""The hot commands (`check`, `status`, `hook`), piped, import only what they use: no rich, no pydantic without a
YAML tracker, no report format they do not print, no renderer without a region. Real processes, no timing."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.repos import GIT_ENV, make_repo

# Runs the real entry point, then writes the names of every imported module to the file named by argv[1].
PROBE = """
import json, sys
from tracker.entry import main
out, sys.argv = sys.argv[1], ["tracker", *sys.argv[2:]]
try:
    raise SystemExit(main())
finally:
    with open(out, "w") as f:
        json.dump(sorted(sys.modules), f)
"""

PLAN = """# Release plan

| ID | Task | Status | Evidence |
|---|---|---|---|
| RP-1 | Cut the branch | done | `proof/rp-1.md` |
| RP-2 | Tag the build | in_progress | - |
| RP-3 | Publish notes | todo | - |
"""
FILES = {"trackers/plan.md": PLAN, "proof/rp-1.md": "Branch cut at 10:02; CI green.\n"}
NEVER = ("rich", "pydantic", "pydantic_core", "tracker.render", "tracker.report.sarif", "tracker.report.junit",
         "tracker.report.github", "tracker.gate.proof.junit", "xml.etree", "tracker.write.markdown_edit",
         "tracker.process", "tracker.commands.as_of")


def imported(root: Path, *args: str, tmp_path: Path, cache: str = "off") -> tuple[set[str],
                                                                                 subprocess.CompletedProcess[str]]:
    out = tmp_path / f"modules-{len(list(tmp_path.glob('modules-*')))}.json"
    env = {**os.environ, **GIT_ENV, "TRACKER_TODAY": "2026-03-01", "TRACKER_CACHE": cache}
    env.pop("FORCE_COLOR", None)
    env.pop("TRACKER_NO_CACHE", None)
    proc = subprocess.run([sys.executable, "-c", PROBE, str(out), *args], cwd=root, env=env, capture_output=True,
                          text=True, timeout=120)  # stdout is a pipe: not a terminal
    return set(json.loads(out.read_text())), proc


def loaded(modules: set[str], name: str) -> bool:
    return any(m == name or m.startswith(name + ".") for m in modules)


@pytest.mark.parametrize(("args", "code", "says"), [
    (("check",), 0, "1/1 done claims proven"), (("status", "--format", "json"), 0, '"RP-2"'),
    (("status",), 0, "RP-2  Tag the build"), (("hook",), 1, "RP-2 is done but links no evidence")])
def test_a_piped_hot_command_imports_nothing_it_does_not_use(tmp_path: Path, args: tuple[str, ...], code: int,
                                                             says: str) -> None:
    root = make_repo(tmp_path / "repo", {**FILES, "tracker.yaml": "trackers: ['trackers/*.md']\n"})
    if args == ("hook",):  # one staged change, which the hook refuses: RP-2 claims done without proof
        (root / "trackers/plan.md").write_text(PLAN.replace("| in_progress |", "| done |"), encoding="utf-8")
        subprocess.run(["git", "add", "-A"], cwd=root, check=True)
    modules, proc = imported(root, *args, tmp_path=tmp_path)
    assert proc.returncode == code and says in proc.stdout + proc.stderr, proc.stdout + proc.stderr  # it did its work
    assert "tracker.project" in modules or "tracker.commands.hook" in modules
    assert [name for name in NEVER if loaded(modules, name)] == []


def test_the_probe_sees_what_a_run_does_need(tmp_path: Path) -> None:
    """Without this, the test above could pass because the probe saw nothing."""
    region = "\n<!-- tracker:progress -->\n<!-- /tracker:progress -->\n"
    root = make_repo(tmp_path / "repo", {**FILES, "trackers/plan.md": PLAN + region,
                                         "trackers/more.yaml": "items:\n  - {id: MO-1, status: todo}\n"})
    modules, proc = imported(root, "check", "--format", "junit", tmp_path=tmp_path)
    assert "<testsuite" in proc.stdout, proc.stderr
    assert loaded(modules, "tracker.report.junit") and loaded(modules, "tracker.render")  # the region is judged
    assert loaded(modules, "tracker.parse.yaml_tracker")  # the YAML tracker is read (pydantic: only to refuse one)
    assert not loaded(modules, "rich") and not loaded(modules, "tracker.report.sarif")


def test_a_check_served_from_the_cache_imports_no_markdown_parser(tmp_path: Path) -> None:
    root = make_repo(tmp_path / "repo", FILES)
    cold, proc = imported(root, "check", tmp_path=tmp_path, cache="on")
    assert proc.returncode == 0 and loaded(cold, "tracker.parse.markdown"), proc.stderr  # the first run parses
    warm, proc = imported(root, "check", tmp_path=tmp_path, cache="on")
    assert proc.returncode == 0 and "1/1 done claims proven" in proc.stderr, proc.stderr
    parsers = ("tracker.parse.markdown", "tracker.parse.scanner", "tracker.parse.tables")
    assert [name for name in parsers if loaded(warm, name)] == []
