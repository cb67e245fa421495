"""A first run on existing trackers: a baseline is suggested, baselined claims are not "proven", no tracker
at all is an error, and the rules list never cuts a summary."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import run_cli
from tests.gate.helpers import master, row, write
from tracker.gate.registry import all_rules

ENV = {"TRACKER_TODAY": "2026-03-01"}


def _legacy(root: Path, count: int) -> Path:
    rows = [row(f"AB-{n:03}", evidence="-") for n in range(1, count + 1)]
    return write(root, {"trackers/plan.md": master(rows)})


def test_many_errors_without_a_baseline_suggest_one(tmp_path: Path):
    _legacy(tmp_path, 25)
    proc = run_cli("check", cwd=tmp_path, env=ENV)
    assert proc.returncode == 1
    last = proc.stderr.strip().splitlines()[-1]
    assert "tracker check --write-baseline .tracker-baseline.json" in last
    assert "--baseline .tracker-baseline.json" in last
    assert run_cli("check", "--write-baseline", ".tracker-baseline.json", cwd=tmp_path, env=ENV).returncode == 0
    again = run_cli("check", "--baseline", ".tracker-baseline.json", cwd=tmp_path, env=ENV)
    assert again.returncode == 0 and "--write-baseline" not in again.stderr


def test_a_few_errors_do_not_suggest_a_baseline(tmp_path: Path):
    _legacy(tmp_path, 2)
    assert "--write-baseline" not in run_cli("check", cwd=tmp_path, env=ENV).stderr


def test_baselined_claims_are_not_counted_as_proven(tmp_path: Path):
    _legacy(tmp_path, 3)
    run_cli("check", "--write-baseline", "base.json", cwd=tmp_path, env=ENV)
    proc = run_cli("check", "--baseline", "base.json", "--format", "json", cwd=tmp_path, env=ENV)
    summary = json.loads(proc.stdout)["summary"]
    assert summary["errors"] == 0 and summary["done_claims"] == 3 and summary["done_claims_proven"] == 0
    assert "0/3 done claims proven" in proc.stderr


def test_no_tracker_at_all_is_exit_2_saying_what_it_looked_for(tmp_path: Path):
    write(tmp_path, {"README.md": "# Nothing to track\n"})
    proc = run_cli("check", cwd=tmp_path, env=ENV)
    assert proc.returncode == 2
    assert "no tracker documents found" in proc.stderr and "trackers/**/*.md" in proc.stderr


def test_rules_list_wraps_summaries_instead_of_cutting_them(tmp_path: Path):
    out = run_cli("rules", cwd=tmp_path, env={"COLUMNS": "100"}).stdout
    flat = " ".join(out.split())
    for rule in all_rules():
        assert " ".join(rule.summary.split()) in flat, rule.code
    assert all(len(line) <= 100 for line in out.splitlines())


def test_statistics_counts_findings_per_rule(tmp_path: Path):
    rows = [row(f"AB-{n:03}", evidence="-") for n in range(1, 4)] + [row("CD-001", evidence="`evidence/no.md`")]
    write(tmp_path, {"trackers/plan.md": master(rows)})
    proc = run_cli("check", "--statistics", "--format", "json", cwd=tmp_path, env=ENV)
    json.loads(proc.stdout)  # stdout keeps the report alone
    lines = proc.stderr.splitlines()
    assert lines[0].split() == ["3", "TRK101", "done-without-evidence"]
    assert lines[1].split() == ["1", "TRK102", "evidence-missing"]
    assert "TRK101" not in run_cli("check", cwd=tmp_path, env=ENV).stderr


def test_close_never_prints_none_as_a_line_number(monkeypatch, capsys, tmp_path):
    import datetime as dt
    from types import SimpleNamespace

    from tracker.commands import transition
    from tracker.gate import engine
    from tracker.gate.finding import Finding

    found = Finding(code="TRK204", rule="gate-blocked", severity="warning", message="m", hint="h",
                    path="gates/ab.yaml", line=None)
    monkeypatch.setattr(engine, "check_item", lambda *args, **kwargs: [found])
    project = SimpleNamespace(root=tmp_path)  # gate() hands the engine the repository behind the project
    transition.gate(project, None, [], False, dt.date(2026, 3, 1))  # type: ignore[arg-type]
    err = capsys.readouterr().err
    assert err.startswith("gates/ab.yaml: TRK204 m") and ":None" not in err
