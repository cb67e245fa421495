"""Real git repositories in temporary folders, and the real CLI run against them in a subprocess."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

TABLE_HEAD = "| ID | Task | Status | Evidence |\n|---|---|---|---|\n"


def clean_env(extra: dict | None = None) -> dict[str, str]:
    """The environment without GIT_* leaking in (pytest may itself run inside a git hook)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update({"NO_COLOR": "1", "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": os.devnull, "GIT_AUTHOR_NAME": "Dev",
                "GIT_AUTHOR_EMAIL": "dev@example.invalid", "GIT_COMMITTER_NAME": "Dev",
                "GIT_COMMITTER_EMAIL": "dev@example.invalid"})
    env.pop("GITHUB_STEP_SUMMARY", None)
    env.update(extra or {})
    return env


def table(*rows: tuple[str, str, str, str]) -> str:
    return TABLE_HEAD + "".join(f"| {a} | {b} | {c} | {d} |\n" for a, b, c, d in rows)


class Repo:
    """A scratch repository: write files, run git, commit, and run `python -m tracker` inside it."""

    def __init__(self, path: Path):
        self.path = path

    def git(self, *args: str, check: bool = True, env: dict | None = None) -> subprocess.CompletedProcess:
        proc = subprocess.run(["git", *args], cwd=self.path, env=clean_env(env), capture_output=True, text=True)
        if check and proc.returncode != 0:
            raise AssertionError(f"git {' '.join(args)} failed: {proc.stderr}")
        return proc

    def write(self, rel: str, text: str) -> Path:
        path = self.path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return path

    def add(self, *rels: str) -> None:
        self.git("add", "--", *rels)

    def commit(self, message: str, date: str | None = None, author: str | None = None,
               verify: bool = False) -> subprocess.CompletedProcess:
        env = {}
        if date:
            env.update({"GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date})
        if author:
            env.update({"GIT_AUTHOR_NAME": author})
        args = ["commit", "-q", "-m", message] + ([] if verify else ["--no-verify"])
        return self.git(*args, check=not verify, env=env)

    def head(self) -> str:
        return self.git("rev-parse", "HEAD").stdout.strip()

    def tracker(self, *args: str, env: dict | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "tracker", *args], cwd=cwd or self.path, env=clean_env(env),
                              capture_output=True, text=True, timeout=120)


def make_repo(path: Path) -> Repo:
    path.mkdir(parents=True, exist_ok=True)
    repo = Repo(path)
    repo.git("init", "-q", "-b", "main")
    repo.git("config", "commit.gpgsign", "false")
    return repo


@pytest.fixture
def scratch(tmp_path: Path) -> Repo:
    """An empty repository (branch main)."""
    return make_repo(tmp_path / "repo")


@pytest.fixture
def plan(scratch: Repo) -> Repo:
    """A committed tracker: WS1-006 done with evidence, WS1-007 todo."""
    scratch.write("trackers/plan.md", "# Plan\n\n" + table(
        ("WS1-006", "Fix the parameter packing", "done", "`evidence/ws1-006.md`"),
        ("WS1-007", "Re-validate persistence", "todo", ""),
    ))
    scratch.write("evidence/ws1-006.md", "# WS1-006\n\nRan the import twice; no packing warnings in the log.\n")
    scratch.add(".")
    scratch.commit("plan")
    return scratch


def mark_done(repo: Repo, item: str = "WS1-007", evidence: str = "evidence/ws1-007.md") -> None:
    """Flip `item` to done in trackers/plan.md, linking `evidence` (the file itself is not written)."""
    path = repo.path / "trackers/plan.md"
    lines = []
    for line in path.read_text(encoding="utf-8").splitlines(keepends=True):
        if line.startswith(f"| {item} |"):
            cells = line.split("|")
            cells[3], cells[4] = " done ", f" `{evidence}` " if evidence else " "
            line = "|".join(cells)
        lines.append(line)
    path.write_text("".join(lines), encoding="utf-8")
