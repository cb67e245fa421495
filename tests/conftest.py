"""Shared helpers: fixture paths, running the real CLI in a subprocess, scratch git repos."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"


def run_cli(*args: str, cwd: Path | None = None, env: dict | None = None, input: str | None = None):
    """Run `python -m tracker` as a real process; env values of None remove a variable."""
    full_env = {**os.environ, "NO_COLOR": "1"}
    full_env.pop("FORCE_COLOR", None)
    for key, value in (env or {}).items():
        if value is None:
            full_env.pop(key, None)
        else:
            full_env[key] = value
    return subprocess.run([sys.executable, "-m", "tracker", *args], cwd=cwd, env=full_env, input=input,
                          capture_output=True, text=True, timeout=120)


def git(cwd: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True).stdout


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """An empty git repository with an identity, ready for commits."""
    git(tmp_path, "init", "-q", "-b", "main")
    git(tmp_path, "config", "user.email", "dev@example.invalid")
    git(tmp_path, "config", "user.name", "Dev")
    git(tmp_path, "config", "commit.gpgsign", "false")
    return tmp_path


@pytest.fixture
def fixtures() -> Path:
    return FIXTURES
