"""JUnit: every unwaived error is one failure, whatever it is about, so CI's count is the check's count."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from junitparser import Failure, JUnitXml

from tests.conftest import run_cli
from tests.gate.helpers import master, row, write

ENV = {"TRACKER_TODAY": "2026-03-01"}


def _failures(path: Path) -> list[str]:
    return [f"{case.classname} {case.name}" for suite in JUnitXml.fromfile(str(path)) for case in suite
            if any(isinstance(r, Failure) for r in case.result)]


def _errors(root: Path) -> int:
    return json.loads(run_cli("check", "--format", "json", cwd=root, env=ENV).stdout)["summary"]["errors"]


def test_a_stale_region_alone_is_a_failure(tmp_path: Path):
    write(tmp_path, {"trackers/plan.md": master([row("AB-001", status="todo", evidence="-")],
                                                after="<!-- tracker:matrix -->\nold\n<!-- /tracker:matrix -->\n")})
    out = tmp_path / "junit.xml"
    proc = run_cli("check", "--format", "junit", "--output", str(out), cwd=tmp_path, env=ENV)
    assert proc.returncode == 1
    failures = _failures(out)
    assert len(failures) == _errors(tmp_path) == 1 and "TRK401" in failures[0]


def test_failures_equal_the_json_error_count(tmp_path: Path):
    rows = [row("AB-001", evidence="`evidence/missing.md`"), row("AB-002", evidence="-"),
            row("AB-001", status="todo", evidence="-"), row("CD-001", evidence="`evidence/cd-001.md`"),
            row("EF-001", status="wat", evidence="-")]
    write(tmp_path, {"trackers/plan.md": master(rows, after="<!-- tracker:matrix -->\nx\n<!-- /tracker:matrix -->\n"),
                     "trackers/broken.yaml": "items: [\n", "evidence/cd-001.md": "# CD-001\n12 checks passed\n",
                     "gates/ab.yaml": "requires: [AB-*]\nblocks: [CD-*]\n"})
    out = tmp_path / "junit.xml"
    run_cli("check", "--format", "junit", "--output", str(out), cwd=tmp_path, env=ENV)
    errors = _errors(tmp_path)
    assert errors >= 5
    assert len(_failures(out)) == errors
    suite = next(iter(JUnitXml.fromfile(str(out))))
    assert suite.failures == errors


def test_junit2html_reads_the_report(tmp_path: Path):
    pytest.importorskip("junit2htmlreport", reason="junit2html is not installed (pip install junit2html)")
    write(tmp_path, {"trackers/plan.md": master([row("AB-001", evidence="`evidence/missing.md`")])})
    out, html = tmp_path / "junit.xml", tmp_path / "junit.html"
    run_cli("check", "--format", "junit", "--output", str(out), cwd=tmp_path, env=ENV)
    subprocess.run([sys.executable, "-m", "junit2htmlreport", str(out), str(html)], check=True, capture_output=True)
    assert "TRK102" in html.read_text(encoding="utf-8")
