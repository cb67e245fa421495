"""A run starts a constant number of git processes whatever the item count (a counting `git` on PATH)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from tests.git.conftest import Repo, make_repo, table


def _counting_path(tmp_path: Path) -> tuple[dict[str, str], Path]:
    real = shutil.which("git")
    assert real, "git must be installed"
    folder = tmp_path / "bin"
    folder.mkdir()
    log = tmp_path / "git-calls.log"
    wrapper = folder / "git"
    wrapper.write_text(f'#!/bin/sh\necho "$*" >> "{log}"\nexec "{real}" "$@"\n')
    wrapper.chmod(0o755)
    return {"PATH": f"{folder}{os.pathsep}{os.environ['PATH']}"}, log


def _project(path: Path, items: int) -> Repo:
    """`items` rows, the first half done with committed evidence; a gate with max_age_days (needs `git log`)."""
    repo = make_repo(path)
    rows = []
    for n in range(items):
        done = n < items // 2
        rows.append((f"T-{n:04d}", f"task {n}", "done" if done else "todo", f"`evidence/t-{n:04d}.md`" if done else ""))
        if done:
            repo.write(f"evidence/t-{n:04d}.md", f"T-{n:04d}: ran the check, output attached.\n")
    repo.write("trackers/plan.md", table(*rows))
    repo.write("gates/fresh.yaml", "name: fresh\nblocks: ['T-*']\nmax_age_days: 30\n")
    repo.add(".")
    repo.commit("plan", date="2026-01-01T10:00:00Z")
    repo.git("checkout", "-q", "-b", "pr")
    text = (repo.path / "trackers/plan.md").read_text()
    for n in range(items // 2, items):
        text = text.replace(f"| T-{n:04d} | task {n} | todo | |",
                            f"| T-{n:04d} | task {n} | done | `evidence/t-{n:04d}.md` |")
        repo.write(f"evidence/t-{n:04d}.md", f"T-{n:04d}: proven in the pull request.\n")
    repo.write("trackers/plan.md", text)
    repo.add(".")
    repo.commit("close the rest", date="2026-01-05T10:00:00Z")
    return repo


@pytest.fixture(scope="module")
def projects(tmp_path_factory) -> dict[int, Repo]:
    base = tmp_path_factory.mktemp("sizes")
    return {items: _project(base / f"repo-{items}", items) for items in (4, 300)}


@pytest.mark.parametrize("args", [("check", "--base", "main"), ("check", "--base", "main", "--worktree"),
                                  ("hook", "--all"), ("check",)])
def test_git_processes_do_not_grow_with_items(projects, tmp_path: Path, args: tuple[str, ...]):
    env, log = _counting_path(tmp_path)
    env["TRACKER_TODAY"] = "2026-01-10"
    counts = {}
    for items, repo in projects.items():
        log.write_text("")
        proc = repo.tracker(*args, env=env)
        assert proc.returncode in (0, 1), proc.stderr
        counts[items] = [line.split()[0] for line in log.read_text().splitlines()]
    assert 1 <= len(counts[300]) <= 4, counts[300]
    assert counts[300] == counts[4]  # the same git commands, whatever the item count


def test_close_asks_git_about_its_evidence_only(tmp_path: Path):
    """`close` judges TRK302 (evidence not in git) from one `git ls-files` of the item's own evidence, never the
    whole index's listing; the verdict is the same: untracked evidence is still reported."""
    env, log = _counting_path(tmp_path)
    repo = make_repo(tmp_path / "repo")
    repo.write("trackers/plan.md", table(("T-1", "one", "todo", ""), ("T-2", "two", "todo", "")))
    repo.write("evidence/t-1.md", "T-1: ran the check, output attached.\n")
    repo.add(".")
    repo.commit("plan")
    repo.write("evidence/t-2.md", "T-2: on disk only, never added.\n")
    proc = repo.tracker("close", "T-1", "--evidence", "evidence/t-1.md", env=env)
    assert proc.returncode == 0, proc.stderr
    proc = repo.tracker("close", "T-2", "--evidence", "evidence/t-2.md", env=env)
    assert "TRK302 T-2 is marked done but evidence/t-2.md is not staged" in proc.stderr
    listings = [line for line in log.read_text().splitlines() if line.startswith("ls-files")]
    assert listings == ["ls-files -s -z --full-name -- :(literal)evidence/t-1.md",
                        "ls-files -s -z --full-name -- :(literal)evidence/t-2.md"]
