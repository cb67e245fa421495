"""The adversarial catalogue's shared setting: a legitimate project committed on `main`, an attacking change on
branch `pr`, judged by `tracker check --base main` (a real subprocess) and, where it applies, by a real
`git commit` with tracker's hook installed. Repo helpers come from tests/git/conftest.py."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.git.conftest import Repo, make_repo, mark_done, table

__all__ = ["Repo", "Verdict", "base_project", "check_base", "commit_with_hook", "install_hook", "ledger_line",
           "make_repo", "mark_done", "table", "set_row"]

PROJECT_ROWS = (
    ("A-1", "Import the data", "done", "`evidence/a-1.md`"),
    ("A-2", "Validate the import", "todo", ""),
    ("A-3", "Publish the report", "todo", ""),
)


@dataclass
class Verdict:
    code: int
    out: str  # stdout and stderr together

    def names(self, path: str, line: int | None, rule: str) -> bool:
        """Whether some output line reports `rule` at `path`:`line` (any line when None)."""
        if line is not None:
            return f"{path}:{line}: {rule}" in self.out
        return any(text.strip().startswith(f"{path}:") and f": {rule} " in text for text in self.out.splitlines())


def base_project(repo: Repo, rows: tuple[tuple[str, str, str, str], ...] = PROJECT_ROWS,
                 config: str | None = None, extra: dict[str, str] | None = None) -> Repo:
    """Commit a legitimate project on main (A-1 done and proven, A-2/A-3 todo), then switch to branch `pr`."""
    repo.write("trackers/plan.md", "# Plan\n\n" + table(*rows))
    repo.write("evidence/a-1.md", "# A-1\n\nImported 1,204 rows; the row count matches the source export.\n")
    if config is not None:
        repo.write("tracker.yaml", config)
    for rel, text in (extra or {}).items():
        repo.write(rel, text)
    repo.add(".")
    repo.commit("a legitimate project")
    repo.git("checkout", "-q", "-b", "pr")
    return repo


def set_row(repo: Repo, item: str, status: str, evidence: str = "", path: str = "trackers/plan.md") -> None:
    """Rewrite the row of `item`: its status and evidence cells (4-column table of tests.git.conftest.table)."""
    file = repo.path / path
    lines = []
    for line in file.read_text(encoding="utf-8").splitlines(keepends=True):
        if line.startswith(f"| {item} |"):
            cells = line.split("|")
            cells[3], cells[4] = f" {status} ", f" {evidence} "
            line = "|".join(cells)
        lines.append(line)
    file.write_text("".join(lines), encoding="utf-8")


def ledger_line(item: str, evidence: list[tuple[str, bytes]], *, forced: bool = False, reason: str | None = None,
                action: str = "close") -> str:
    """One closure-ledger record, as `tracker close` writes it."""
    record = {"schema": "tracker.ledger/1", "action": action, "id": item, "time": "2026-02-12T10:00:00Z",
              "status": "done", "evidence": [{"path": p, "sha256": hashlib.sha256(d).hexdigest(), "size": len(d)}
                                             for p, d in evidence],
              "commit": None, "user": "mallory", "note": None, "forced": forced, "reason": reason}
    return json.dumps(record) + "\n"


def check_base(repo: Repo, *extra: str, commit: bool = True, message: str = "the attacking change") -> Verdict:
    """Commit everything on `pr` (no hook) and run `tracker check --base main`."""
    if commit:
        repo.git("add", "-A")
        repo.commit(message)
    proc = repo.tracker("check", "--base", "main", *extra)
    return Verdict(proc.returncode, proc.stdout + proc.stderr)


def install_hook(repo: Repo) -> None:
    proc = repo.tracker("hook", "install")
    assert proc.returncode == 0, proc.stderr


def commit_with_hook(repo: Repo, message: str = "the attacking commit") -> Verdict:
    """Stage everything and run a real `git commit` with tracker's hook installed; the code is git's."""
    install_hook(repo)
    repo.git("add", "-A")
    proc = repo.git("commit", "-q", "-m", message, check=False)
    return Verdict(proc.returncode, proc.stdout + proc.stderr)


@pytest.fixture(autouse=True, params=["cache-on", "cache-off"])
def cache_mode(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Every case runs with tracker's cache (tracker.cache) on and off: it may change a run's speed, never
    its verdict. The subprocesses inherit the switch through the environment."""
    monkeypatch.setenv("TRACKER_CACHE", "on" if request.param == "cache-on" else "off")
    return str(request.param)


@pytest.fixture
def fresh(tmp_path: Path) -> Repo:
    """An empty repository (branch main), for cases that build their own base."""
    return make_repo(tmp_path / "repo")


@pytest.fixture
def project(fresh: Repo) -> Repo:
    """A legitimate project committed on main, checked out on branch `pr` for the change."""
    return base_project(fresh)
