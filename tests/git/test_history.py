"""`tracker history`: status transitions and burn-up from one pass over real git history."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from tests.git.conftest import Repo, make_repo, table


@pytest.fixture
def story(tmp_path: Path) -> Repo:
    """Four days: plan; A-1 claimed done before its evidence; evidence lands; B-1 done with proof, C-1 added."""
    repo = make_repo(tmp_path / "story")
    repo.write("trackers/plan.md", table(("A-1", "first", "todo", ""), ("B-1", "second", "todo", "")))
    repo.add(".")
    repo.commit("plan", date="2026-02-01T09:00:00Z", author="Ana")
    repo.write("trackers/plan.md", table(("A-1", "first", "done", "`evidence/a-1.md`"),
                                         ("B-1", "second", "in progress", "")))
    repo.add(".")
    repo.commit("claim A-1", date="2026-02-02T09:00:00Z", author="Ben")
    repo.write("evidence/a-1.md", "A-1: the import ran, 3 rows.\n")
    repo.add(".")
    repo.commit("A-1 evidence", date="2026-02-03T09:00:00Z", author="Ana")
    repo.write("evidence/b-1.md", "B-1: deployed and smoke-tested.\n")
    repo.write("trackers/plan.md", table(("A-1", "first", "done", "`evidence/a-1.md`"),
                                         ("B-1", "second", "done", "`evidence/b-1.md`"), ("C-1", "third", "todo", "")))
    repo.add(".")
    repo.commit("B-1 done", date="2026-02-04T09:00:00Z", author="Cleo")
    return repo


def test_history_of_one_item(story: Repo):
    proc = story.tracker("history", "B-1", "--format", "json")
    assert proc.returncode == 0, proc.stderr
    events = json.loads(proc.stdout)["events"]
    assert [(e["old"], e["new"], e["author"], e["date"][:10]) for e in events] == [
        (None, "todo", "Ana", "2026-02-01"), ("todo", "in_progress", "Ben", "2026-02-02"),
        ("in_progress", "done", "Cleo", "2026-02-04")]
    assert events[-1]["evidence_present"] is True
    text = story.tracker("history", "B-1").stdout.splitlines()
    assert len(text) == 3 and text[-1].endswith("in_progress → done") and "Cleo" in text[-1]


def test_claimed_before_proven(story: Repo):
    proc = story.tracker("history", "A-1")
    assert proc.returncode == 0
    assert "todo → done  (claimed before proven: evidence/a-1.md not in this commit)" in proc.stdout


def test_burnup_json_and_chart(story: Repo):
    data = json.loads(story.tracker("history", "--burnup", "--format", "json").stdout)
    assert [(d["date"], d["done"], d["total"]) for d in data["days"]] == [
        ("2026-02-01", 0, 2), ("2026-02-02", 1, 2), ("2026-02-03", 1, 2), ("2026-02-04", 2, 3)]
    assert [(c["id"], c["evidence_present"]) for c in data["claims"]] == [("A-1", False), ("B-1", True)]
    since = json.loads(story.tracker("history", "--burnup", "--since", "2026-02-03", "--format", "json").stdout)
    assert [d["date"] for d in since["days"]] == ["2026-02-03", "2026-02-04"]
    chart = story.tracker("history", "--burnup").stdout
    assert "2026-02-04     2/3" in chart and "1 claimed before proven" in chart


def test_history_uses_two_git_processes_whatever_the_commit_count(story: Repo, tmp_path: Path):
    for n in range(25):
        story.write("trackers/plan.md", table(("A-1", "first", "done", "`evidence/a-1.md`"),
                                              ("B-1", "second", "done", "`evidence/b-1.md`"),
                                              ("C-1", "third", "todo" if n % 2 else "in progress", "")))
        story.add(".")
        story.commit(f"flip {n}", date=f"2026-02-{5 + n // 5:02d}T09:{n:02d}:00Z")
    folder = tmp_path / "bin"
    folder.mkdir()
    log = tmp_path / "calls.log"
    (folder / "git").write_text(f'#!/bin/sh\necho "$1" >> "{log}"\nexec "{shutil.which("git")}" "$@"\n')
    (folder / "git").chmod(0o755)
    proc = story.tracker("history", "C-1", env={"PATH": f"{folder}{os.pathsep}{os.environ['PATH']}"})
    assert proc.returncode == 0 and len(proc.stdout.splitlines()) == 26
    assert sorted(log.read_text().split()) == ["cat-file", "log"]


def test_history_usage_errors(story: Repo):
    assert story.tracker("history").returncode == 2
    proc = story.tracker("history", "NOPE-1")
    assert proc.returncode == 2 and "NOPE-1" in proc.stderr
    assert story.tracker("history", "--burnup", "--since", "yesterday").returncode == 2


def test_burnup_region_renders_a_mermaid_xychart_of_complete_days(story: Repo):
    story.write("docs/status.md", "# Status\n\n<!-- tracker:burnup -->\n<!-- /tracker:burnup -->\n")
    story.add(".")
    story.commit("status page", date="2026-02-04T10:00:00Z")
    proc = story.tracker("render", "docs/status.md", env={"TRACKER_TODAY": "2026-02-04"})
    assert proc.returncode == 0, proc.stderr
    text = (story.path / "docs/status.md").read_text()
    assert "xychart-beta" in text
    assert 'x-axis ["02-01", "02-02", "02-03"]' in text  # today (02-04) is not complete yet
    assert "line [2, 2, 2]" in text and "line [0, 1, 1]" in text
    check = story.tracker("render", "--check", "docs/status.md", env={"TRACKER_TODAY": "2026-02-04"})
    assert check.returncode == 0, check.stdout + check.stderr
