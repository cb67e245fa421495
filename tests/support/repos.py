"""Real git repositories in temporary folders, and tracker runners (in-process and subprocess)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

GIT_ENV = {"GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "test@example.com", "GIT_COMMITTER_NAME": "Test",
           "GIT_COMMITTER_EMAIL": "test@example.com"}


def make_repo(root: Path, files: dict[str, bytes | str]) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    for rel, data in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    subprocess.run(["git", "add", "-A"], cwd=root, check=True)
    subprocess.run(["git", "commit", "-qm", "fixture"], cwd=root, check=True, env={**os.environ, **GIT_ENV})
    return root


def run_tracker(root: Path, *args: str, today: str = "2026-03-01") -> subprocess.CompletedProcess[str]:
    env = {**os.environ, **GIT_ENV, "TRACKER_TODAY": today}
    return subprocess.run([sys.executable, "-m", "tracker", *args], cwd=root, env=env, capture_output=True, text=True)


@pytest.fixture
def repo(tmp_path):
    return lambda files: make_repo(tmp_path / "repo", files)


@pytest.fixture
def tracker_in(monkeypatch):
    """Run `tracker ARGS` in-process in `root`; returns (exit code, stderr)."""

    def run(root: Path, *args: str, today: str = "2026-03-01") -> int:
        from tracker.cli import main

        monkeypatch.chdir(root)
        monkeypatch.setenv("TRACKER_TODAY", today)
        for key, value in GIT_ENV.items():
            monkeypatch.setenv(key, value)
        return main(list(args))

    return run
